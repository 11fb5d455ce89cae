/**
 * The MOF scanner: a hand-written loop over char codes that emits Chevrotain-compatible tokens.
 * It is several times faster than a regex lexer on large files and gives us full control over
 * trivia and error tokens. Whitespace is not materialised (it is the gap between tokens and
 * comments), comments are kept in their own list, and lexical errors are collected, never thrown.
 */
import type { Comment, Directive } from "./ast.js";
import type { IToken, TokenType } from "./chevrotain.js";
import { problem, type RawDiagnostic, type Severity, type SyntaxCode } from "./problem.js";
import * as T from "./tokens.js";

export interface ScanResult {
  /** Significant tokens, in order (macro uses already replaced by their definitions). */
  tokens: IToken[];
  comments: Comment[];
  /** C preprocessor lines (`#define`, `#include`, `#if…`), which mofcomp also accepts. */
  directives: Directive[];
  diagnostics: RawDiagnostic[];
}

const DIRECTIVE = /#[ \t]*(define|undef|include|ifdef|ifndef|if|elif|else|endif|line|error|warning)\b/y;
const MAX_MACRO_DEPTH = 32;
/** Most characters of a run of bad characters quoted in its message (the range covers them all). */
const MAX_QUOTED = 20;
/** Most tokens the macro uses of one file may add: macros built from macros double with every line. */
const MAX_EXPANDED_TOKENS = 1_000_000;

/** The `#define`s of one file, and how many more tokens their uses may add. */
class Macros extends Map<string, IToken[]> {
  remaining = MAX_EXPANDED_TOKENS;
  /** Set when the budget ran out, so it is reported once. */
  exhausted = false;
}

// Chevrotain reads these fields; keeping one object shape keeps the parser's property access fast.
function token(type: TokenType, image: string, start: number, end: number): IToken {
  return {
    image,
    startOffset: start,
    endOffset: end - 1,
    tokenTypeIdx: type.tokenTypeIdx!,
    tokenType: type,
  } as IToken;
}

const enum C {
  Tab = 9,
  LF = 10,
  VT = 11,
  FF = 12,
  CR = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Dollar = 36,
  Apos = 39,
  LParen = 40,
  RParen = 41,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  D0 = 48,
  D9 = 57,
  Colon = 58,
  Semi = 59,
  Equals = 61,
  A = 65,
  Z = 90,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Underscore = 95,
  a = 97,
  z = 122,
  LBrace = 123,
  RBrace = 125,
  NBSP = 0xa0,
  BOM = 0xfeff,
}

const PUNCT: (TokenType | undefined)[] = [];
PUNCT[C.LBrace] = T.LBrace;
PUNCT[C.RBrace] = T.RBrace;
PUNCT[C.LBracket] = T.LBracket;
PUNCT[C.RBracket] = T.RBracket;
PUNCT[C.LParen] = T.LParen;
PUNCT[C.RParen] = T.RParen;
PUNCT[C.Semi] = T.Semicolon;
PUNCT[C.Comma] = T.Comma;
PUNCT[C.Colon] = T.Colon;
PUNCT[C.Equals] = T.Equals;

/** Character classes of the ASCII range, so the hot loops test one table entry per character. */
const SPACE = 1;
const NAME_START = 2;
const DIGIT = 4;
const CLASS = new Uint8Array(128);
for (const c of [C.Space, C.Tab, C.LF, C.CR, C.FF, C.VT]) CLASS[c] = SPACE;
for (let c = C.a; c <= C.z; c++) CLASS[c] = NAME_START;
for (let c = C.A; c <= C.Z; c++) CLASS[c] = NAME_START;
CLASS[C.Underscore] = NAME_START;
for (let c = C.D0; c <= C.D9; c++) CLASS[c] = DIGIT;

/** Names may use any character above ASCII except spaces, the BOM, surrogates and non-characters. */
function isNameAbove127(c: number): boolean {
  return c !== C.NBSP && c !== C.BOM && !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff;
}

function isIdentStart(c: number): boolean {
  return c < 128 ? CLASS[c] === NAME_START : isNameAbove127(c);
}

function isIdentPart(c: number): boolean {
  return c < 128 ? (CLASS[c] & (NAME_START | DIGIT)) !== 0 : isNameAbove127(c);
}

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}

function isWhitespace(c: number): boolean {
  return c < 128 ? CLASS[c] === SPACE : c === C.NBSP || c === C.BOM;
}

const NUMBER_FORMS: [RegExp, TokenType][] = [
  [/^[+-]?0[xX][0-9a-fA-F]+$/, T.IntegerLiteral],
  [/^[+-]?[01]+[bB]$/, T.IntegerLiteral],
  [/^[+-]?(?:0|[1-9][0-9]*|0[0-7]+)$/, T.IntegerLiteral],
  [/^[+-]?[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?$/, T.RealLiteral],
  [/^[+-]?[0-9]+[eE][+-]?[0-9]+$/, T.RealLiteral],
];

/** Why a number-like run is not a number, for the hint. */
function numberHint(image: string): string | undefined {
  const digits = image.replace(/^[+-]/, "");
  if (/^0[0-9]+$/.test(digits)) return "a leading 0 makes an octal number, whose digits are 0-7; drop the leading zero for a decimal number";
  if (/^[0-9]+[bB]$/.test(digits)) return "a number ending in 'b' is binary and may contain only 0 and 1";
  if (/^[0-9]+\.$/.test(digits)) return `a real number needs digits after the point: write ${image}0`;
  if (/^0[xX]$/.test(digits)) return "a hexadecimal number needs at least one digit after 0x";
  return undefined;
}

/**
 * One string per distinct name, with its token type: the AST keeps names (`Description`,
 * `uint32`, `SMS_Report`…) that repeat thousands of times in a schema, and one shared copy each
 * saves much of the AST's memory. The table is an open-addressing hash table keyed by a hash
 * the scanner computes while it reads the name, so a name seen before costs no slice, no map
 * lookup and no lower-casing for the keyword test. Stored names are copies, so the table never
 * keeps a document's text alive; it is emptied when half full, which bounds it.
 */
const NAME_SLOTS = 1 << 15;
const NAME_MASK = NAME_SLOTS - 1;
const MAX_SHARED_NAME = 64;
const nameTexts: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
const nameHashes = new Int32Array(NAME_SLOTS);
const nameTypes: TokenType[] = new Array<TokenType>(NAME_SLOTS).fill(T.Identifier);
let namesStored = 0;

/** Slot of the name `text[start, end)` with hash `hash`, stored there if new. */
function nameSlot(text: string, start: number, end: number, hash: number): number {
  const length = end - start;
  let slot = hash & NAME_MASK;
  for (;;) {
    const known = nameTexts[slot];
    if (known === undefined) break;
    if (nameHashes[slot] === hash && known.length === length && text.startsWith(known, start)) return slot;
    slot = (slot + 1) & NAME_MASK;
  }
  if (namesStored >= NAME_SLOTS / 2) {
    nameTexts.fill(undefined);
    namesStored = 0;
    slot = hash & NAME_MASK;
  }
  // A JSON round trip makes a flat copy: a plain slice of a long name would point into `text`.
  const name = JSON.parse(JSON.stringify(text.slice(start, end))) as string;
  nameTexts[slot] = name;
  nameHashes[slot] = hash;
  nameTypes[slot] = T.KEYWORDS.get(name.toLowerCase()) ?? T.Identifier;
  namesStored++;
  return slot;
}

/**
 * The next occurrence of one character at or after a position, remembered: scanning moves
 * forward, so one `indexOf` serves every string literal up to that occurrence.
 */
class NextOf {
  private from = 0;
  private at = -1;
  constructor(private readonly char: string) {}

  find(text: string, j: number): number {
    if (j < this.from || j > this.at) {
      this.from = j;
      const k = text.indexOf(this.char, j);
      this.at = k < 0 ? text.length : k;
    }
    return this.at;
  }
}

/**
 * Skips the plain part of string literals and the rest of `//` comments in one text: `indexOf`
 * up to the nearest quote, backslash or line break is several times faster than a character
 * loop or a sticky regex on the long descriptions and comments of a schema.
 */
class Skipper {
  private readonly backslash = new NextOf("\\");
  private readonly lf = new NextOf("\n");
  private readonly cr = new NextOf("\r");

  /** Offset of the first `"`, `\\`, CR or LF in `text[j, n)`, or `n`. */
  plainEnd(text: string, j: number, n: number): number {
    const quote = text.indexOf('"', j);
    return Math.min(quote < 0 ? n : quote, this.backslash.find(text, j), this.lineEnd(text, j, n));
  }

  /** Offset of the first CR or LF in `text[j, n)`, or `n`. */
  lineEnd(text: string, j: number, n: number): number {
    return Math.min(this.lf.find(text, j), this.cr.find(text, j), n);
  }
}

const ESCAPES = new Set(["b", "t", "n", "f", "r", '"', "'", "\\", "x", "X"]);

/** Scan MOF text into tokens, comments and lexical diagnostics. */
export function scan(text: string): ScanResult {
  const result: ScanResult = { tokens: [], comments: [], directives: [], diagnostics: [] };
  new Lexer(text, result, new Macros(), new Skipper()).run(0, text.length, NO_LIMIT);
  return result;
}

/**
 * Scans on demand, a batch of tokens at a time, so that a large file never has all its tokens
 * in memory at once: the parser takes a statement's tokens and lets them go.
 * Comments, directives and diagnostics accumulate in `result` as scanning goes.
 */
export class Scanner {
  readonly result: ScanResult = { tokens: [], comments: [], directives: [], diagnostics: [] };
  private position = 0;
  private readonly lexer: Lexer;

  constructor(
    private readonly text: string,
    private readonly batchSize = 4096,
  ) {
    this.lexer = new Lexer(text, this.result, new Macros(), new Skipper());
  }

  /** The next batch of tokens; an empty array at the end of the text. */
  nextBatch(): IToken[] {
    const tokens: IToken[] = [];
    while (tokens.length === 0 && this.position < this.text.length) {
      this.result.tokens = tokens;
      this.position = this.lexer.run(this.position, this.text.length, this.batchSize);
    }
    this.result.tokens = [];
    return tokens;
  }
}

/** More tokens than any text has (a small integer, so the scanner's code stays specialized to them). */
const NO_LIMIT = 2 ** 30;

/**
 * Offset of the end of a preprocessor line, following `\` continuations. As in C, a block
 * comment that starts on the line takes the line on to where the comment ends; quotes are
 * skipped, so a `/*` inside a string starts no comment.
 */
function endOfLogicalLine(text: string, from: number, to: number): number {
  let j = from;
  while (j < to) {
    const c = text.charCodeAt(j);
    if (c === C.LF || c === C.CR) {
      let k = j - 1;
      while (k > from && (text[k] === " " || text[k] === "\t")) k--;
      if (text[k] !== "\\") return j;
      j += c === C.CR && text.charCodeAt(j + 1) === C.LF ? 2 : 1;
      continue;
    }
    if (c === C.Slash && text.charCodeAt(j + 1) === C.Star) {
      const close = text.indexOf("*/", j + 2);
      j = close < 0 || close + 2 > to ? to : close + 2;
      continue;
    }
    if (c === C.Quote || c === C.Apos) {
      // To the closing quote on this line (a backslash escapes one character).
      j++;
      while (j < to) {
        const d = text.charCodeAt(j);
        if (d === c || d === C.LF || d === C.CR) break;
        j += d === C.Backslash ? 2 : 1;
      }
      if (j < to && text.charCodeAt(j) === c) j++;
      continue;
    }
    j++;
  }
  return Math.min(j, to);
}

/**
 * Scans `text` into `out` (whose token list the caller may swap between runs). The common
 * tokens (spaces, punctuation, names, strings) are handled in `run` and two small methods; the
 * rest is in `other`, so that the hot code stays small and the JIT optimizes it early, which
 * matters for a single run on one large file.
 */
class Lexer {
  /** End of the range being scanned. */
  private end = 0;

  constructor(
    private readonly text: string,
    private readonly out: ScanResult,
    private readonly macros: Macros,
    private readonly skipper: Skipper,
  ) {}

  /** Scan `text[from, end)` until at least `limit` tokens are in `out.tokens`; returns where it stopped. */
  run(from: number, end: number, limit: number): number {
    const text = this.text;
    const tokens = this.out.tokens;
    this.end = end;
    let i = from;
    while (i < end && tokens.length < limit) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      const p = PUNCT[c];
      if (p !== undefined) {
        tokens.push(token(p, text[i], i, i + 1));
        i++;
      } else if (isIdentStart(c)) {
        i = this.name(i, c);
      } else if (c === C.Quote) {
        const start = i;
        i = this.quoted(start, C.Quote, "string");
        tokens.push(token(T.StringLiteral, text.slice(start, i), start, i));
      } else {
        i = this.other(i, c);
      }
    }
    return i;
  }

  /** A name or keyword (or a macro use) starting at `start`; returns the offset after it. */
  private name(start: number, first: number): number {
    const text = this.text;
    const end = this.end;
    let hash = first;
    let i = start + 1;
    for (; i < end; i++) {
      const d = text.charCodeAt(i);
      if (!isIdentPart(d)) break;
      hash = (Math.imul(hash, 31) + d) | 0;
    }
    let image: string;
    let type: TokenType = T.Identifier;
    if (i - start <= MAX_SHARED_NAME) {
      const slot = nameSlot(text, start, i, hash);
      image = nameTexts[slot]!;
      type = nameTypes[slot];
    } else {
      image = text.slice(start, i);
    }
    const macro = this.macros.size > 0 && type === T.Identifier ? this.macros.get(image) : undefined;
    if (macro) this.expand(image, macro, start, i);
    else this.out.tokens.push(token(type, image, start, i));
    return i;
  }

  /** A quoted literal from its opening quote; returns the offset after it. */
  private quoted(start: number, quote: number, what: string): number {
    const text = this.text;
    const end = this.end;
    let j = start + 1;
    while (j < end) {
      if (quote === C.Quote) {
        j = this.skipper.plainEnd(text, j, end);
        if (j === end) break;
      }
      const c = text.charCodeAt(j);
      if (c === quote) return j + 1;
      if (c === C.LF || c === C.CR) break;
      if (c === C.Backslash) {
        const e = text[j + 1];
        if (e === undefined || e === "\n" || e === "\r") {
          j++;
          break;
        }
        if (!ESCAPES.has(e)) {
          this.report("warning", "invalid-escape", `unknown escape sequence '\\${e}' in ${what}: it stands for '${e}'`, j, j + 2);
        } else if ((e === "x" || e === "X") && !/[0-9a-fA-F]/.test(text[j + 2] ?? "")) {
          this.report("warning", "invalid-escape", `'\\${e}' is not followed by hexadecimal digits: it stands for '${e}'`, j, j + 2);
        }
        j += 2;
        continue;
      }
      j++;
    }
    this.report(
      "error",
      quote === C.Quote ? "unterminated-string" : "invalid-char-literal",
      `unterminated ${what}: the closing ${quote === C.Quote ? '"' : "'"} is missing on this line`,
      start,
      j,
    );
    return j;
  }

  /** Comments, numbers, char literals, aliases, `#` lines and anything unknown; returns the offset after it. */
  private other(start: number, c: number): number {
    const text = this.text;
    const next = text.charCodeAt(start + 1);
    if (c === C.Slash && (next === C.Slash || next === C.Star)) return this.comment(start, next);
    if (isDigit(c) || ((c === C.Minus || c === C.Plus || c === C.Dot) && (isDigit(next) || (next === C.Dot && isDigit(text.charCodeAt(start + 2))))))
      return this.number(start);
    if (c === C.Apos) {
      const i = this.quoted(start, C.Apos, "char16 literal");
      this.out.tokens.push(token(T.CharLiteral, text.slice(start, i), start, i));
      return i;
    }
    if (c === C.Dollar && isIdentPart(next)) return this.alias(start);
    if (c === C.Hash) {
      const i = this.hashLine(start);
      if (i > start) return i;
    }
    if (c === C.Backslash) {
      // A backslash at the end of a line joins it with the next, as in the C preprocessor.
      let j = start + 1;
      while (text[j] === " " || text[j] === "\t") j++;
      if (j >= this.end || text[j] === "\n" || text[j] === "\r") return j;
    }
    return this.unknown(start);
  }

  /** A `//` or `/*` comment, into the comment list. */
  private comment(start: number, second: number): number {
    const text = this.text;
    let i: number;
    if (second === C.Slash) {
      i = this.skipper.lineEnd(text, start + 2, this.end);
      this.out.comments.push({ kind: "line", start, end: i });
      return i;
    }
    const close = text.indexOf("*/", start + 2);
    if (close < 0) {
      this.report("warning", "unterminated-comment", "unterminated comment: '/*' has no matching '*/', so the rest of the file is a comment", start, start + 2);
      i = this.end;
    } else {
      i = close + 2;
    }
    this.out.comments.push({ kind: "block", start, end: i });
    return i;
  }

  /** A number; a run that is no valid number is one bad token (`08`, `2b`). */
  private number(start: number): number {
    const text = this.text;
    const end = this.end;
    let i = start + 1;
    // Take the whole run of word characters and points so that `08` or `2b` is one bad token.
    while (i < end) {
      const d = text.charCodeAt(i);
      if (isIdentPart(d) || d === C.Dot) i++;
      else if ((d === C.Minus || d === C.Plus) && (text[i - 1] === "e" || text[i - 1] === "E") && !/[xX]/.test(text.slice(start, i))) i++;
      else break;
    }
    const image = text.slice(start, i);
    let type: TokenType | undefined;
    for (const [re, t] of NUMBER_FORMS) {
      if (re.test(image)) {
        type = t;
        break;
      }
    }
    if (!type) {
      this.report("error", "invalid-number", `'${image}' is not a valid number`, start, i, numberHint(image));
      type = image.includes(".") ? T.RealLiteral : T.IntegerLiteral;
    }
    this.out.tokens.push(token(type, image, start, i));
    return i;
  }

  /** `$Name`. */
  private alias(start: number): number {
    const text = this.text;
    let i = start + 1;
    while (i < this.end && isIdentPart(text.charCodeAt(i))) i++;
    this.out.tokens.push(token(T.AliasRef, text.slice(start, i), start, i));
    return i;
  }

  /** `#pragma` (a token) or a C preprocessor line (a directive); `start` itself when it is neither. */
  private hashLine(start: number): number {
    const text = this.text;
    const m = /#[ \t]*pragma\b/iy;
    m.lastIndex = start;
    if (m.test(text)) {
      const i = m.lastIndex;
      this.out.tokens.push(token(T.Pragma, text.slice(start, i), start, i));
      return i;
    }
    DIRECTIVE.lastIndex = start;
    const d = DIRECTIVE.exec(text);
    if (!d) return start;
    const i = endOfLogicalLine(text, DIRECTIVE.lastIndex, this.end);
    this.directive(d[1], start, DIRECTIVE.lastIndex, i);
    return i;
  }

  /** A run of characters that start no token: one diagnostic for the run. */
  private unknown(start: number): number {
    const text = this.text;
    const end = this.end;
    let i = start + 1;
    while (i < end) {
      const d = text.charCodeAt(i);
      // `$` and `#` continue the run unless they start an alias or a pragma/directive.
      if (isWhitespace(d) || PUNCT[d] !== undefined || isIdentStart(d) || isDigit(d) || d === C.Quote || d === C.Apos || d === C.Slash) break;
      if (d === C.Dollar && isIdentPart(text.charCodeAt(i + 1))) break;
      if (d === C.Hash && /[ \t]*[A-Za-z]/y.test(text.slice(i + 1, i + 40))) break;
      i++;
    }
    const bad = text.slice(start, i);
    this.report(
      "error",
      "invalid-character",
      `unexpected character${bad.length > 1 ? "s" : ""} ${JSON.stringify(bad.length > MAX_QUOTED ? bad.slice(0, MAX_QUOTED) : bad)}${bad.length > MAX_QUOTED ? ` and ${bad.length - MAX_QUOTED} more` : ""}`,
      start,
      i,
      bad.includes("\u0000") ? "the file contains NUL bytes: is it a binary file, or UTF-16 read with the wrong encoding?" : undefined,
    );
    return i;
  }

  private report(severity: Severity, code: SyntaxCode, message: string, start: number, end: number, hint?: string): void {
    this.out.diagnostics.push(problem(code, severity, message, start, end, hint));
  }

  /**
   * Replace a macro use by its definition, stamped with the use's offsets so ranges stay in
   * order. As in C, a macro's name inside its own expansion is not expanded again. A use that
   * would pass the file's budget adds nothing: its tokens are taken back, and it and every later
   * use are left out (reported once).
   */
  private expand(name: string, body: IToken[], start: number, end: number): void {
    const macros = this.macros;
    if (macros.exhausted) return;
    const tokens = this.out.tokens;
    const mark = tokens.length;
    const outcome = this.expandBody(body, start, end, new Set([name]), 0);
    if (outcome === "ok") return;
    tokens.length = mark;
    if (outcome === "too-deep") {
      this.report(
        "error",
        "macro-too-large",
        `'${name}' expands through more than ${MAX_MACRO_DEPTH} levels of macros defined from macros; this use is left out`,
        start,
        end,
        "define each macro after the macros its body uses (its body is then expanded once, where it is defined), or write the value itself",
      );
      return;
    }
    this.report(
      "error",
      "macro-too-large",
      `macros expand to more than ${MAX_EXPANDED_TOKENS} tokens: '${name}' and all later macro uses are left out`,
      start,
      end,
    );
  }

  /** Append a macro body's tokens, expanding the macros in it (at most {@link MAX_MACRO_DEPTH} levels deep). */
  private expandBody(body: IToken[], start: number, end: number, active: Set<string>, depth: number): "ok" | "too-large" | "too-deep" {
    const macros = this.macros;
    for (const t of body) {
      const nested = t.tokenType === T.Identifier && !active.has(t.image) ? macros.get(t.image) : undefined;
      if (nested) {
        // The depth is bounded by a constant, so this recursion is too.
        if (depth >= MAX_MACRO_DEPTH) return "too-deep";
        active.add(t.image);
        const outcome = this.expandBody(nested, start, end, active, depth + 1);
        active.delete(t.image);
        if (outcome !== "ok") return outcome;
      } else {
        if (--macros.remaining < 0) {
          macros.exhausted = true;
          return "too-large";
        }
        this.out.tokens.push(token(t.tokenType, t.image, start, end));
      }
    }
    return "ok";
  }

  private directive(kind: string, start: number, afterKeyword: number, end: number): void {
    const text = this.text;
    const macros = this.macros;
    const rest = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*|"[^"\r\n]*"|<[^>\r\n]*>)/.exec(text.slice(afterKeyword, Math.min(end, afterKeyword + 300)));
    const argument = rest?.[1].replace(/^["<]|[">]$/g, "");
    this.out.directives.push({ kind, start, end, ...(argument !== undefined ? { argument } : {}) });
    if (kind === "undef" && argument) macros.delete(argument);
    if (kind !== "define" || !argument || !rest) return;
    const bodyStart = afterKeyword + rest[0].length;
    if (text[bodyStart] === "(") {
      this.report("warning", "unsupported-macro", `function-like macro '${argument}' is not expanded`, start, end);
      return;
    }
    // The body is scanned like any MOF text, into a private token list.
    const body: ScanResult = { tokens: [], comments: [], directives: [], diagnostics: [] };
    new Lexer(text, body, macros, this.skipper).run(bodyStart, end, NO_LIMIT);
    // Errors in a body (C expressions such as `(A | B)`) matter only where the macro is used,
    // and show up there as syntax errors.
    for (const c of body.comments) this.out.comments.push(c);
    // Except the one that stops a runaway expansion: it is reported once, so report it here.
    for (const d of body.diagnostics) if (d.code === "macro-too-large") this.out.diagnostics.push(d);
    macros.set(argument, body.tokens);
  }
}
