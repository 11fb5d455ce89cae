/**
 * The lossless token stream of a MOF text, for tooling (highlighters, formatters, editors):
 * every significant token, comment, preprocessor line and whitespace run, in source order, so
 * that `printTokens(tokenize(text)) === text` for any text.
 */
import { checkArgument } from "../util/arguments.js";
import { scan } from "../../grammar/scanner.js";

/** What a piece of the text is. */
export type MofTokenKind = "token" | "comment" | "directive" | "whitespace" | "invalid";

/** One piece of the text: `text` is `source.slice(start, end)`. */
export interface MofToken {
  readonly kind: MofTokenKind;
  /**
   * For `kind: "token"`, the token type name of the grammar (`Identifier`, `Class`,
   * `StringLiteral`, `LBrace`, `Pragma`, …). A use of a `#define` macro is one `Identifier`
   * token, as written, whatever it expands to.
   */
  readonly type?: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Split MOF text into its full token stream: significant tokens, comments, preprocessor
 * directives (`#define` …), whitespace runs and unrecognized characters, in order and covering
 * the whole text without gaps or overlaps. Never throws; bad input shows up as `invalid` pieces
 * (and, from `parseMof`, as diagnostics).
 *
 * @throws TypeError when `text` is not a string.
 */
export function tokenize(text: string): MofToken[] {
  checkArgument("tokenize", "text", text, "string");
  const { tokens, comments, directives } = scan(text);
  const macros = new Set<string>();
  for (const d of directives) if (d.kind === "define" && d.argument !== undefined) macros.add(d.argument);

  const out: MofToken[] = [];
  let pos = 0;
  const piece = (kind: MofTokenKind, start: number, end: number, type?: string) => {
    if (start > pos) gap(pos, start);
    out.push(type === undefined ? { kind, start, end, text: text.slice(start, end) } : { kind, type, start, end, text: text.slice(start, end) });
    pos = end;
  };
  // What the scanner stepped over: whitespace, line continuations, unrecognized characters, and
  // uses of macros that expand to nothing.
  const gap = (from: number, to: number) => {
    let i = from;
    while (i < to) {
      const start = i;
      if (isWhitespace(text.charCodeAt(i)) || isContinuation(text, i, to)) {
        while (i < to && (isWhitespace(text.charCodeAt(i)) || isContinuation(text, i, to))) i++;
        out.push({ kind: "whitespace", start, end: i, text: text.slice(start, i) });
        continue;
      }
      while (i < to && !isWhitespace(text.charCodeAt(i)) && !isContinuation(text, i, to)) i++;
      const word = text.slice(start, i);
      out.push(macros.has(word) ? { kind: "token", type: "Identifier", start, end: i, text: word } : { kind: "invalid", start, end: i, text: word });
    }
  };

  let t = 0;
  let c = 0;
  let d = 0;
  while (t < tokens.length || c < comments.length || d < directives.length) {
    const tokenStart = t < tokens.length ? tokens[t].startOffset : Infinity;
    const commentStart = c < comments.length ? comments[c].start : Infinity;
    const directiveStart = d < directives.length ? directives[d].start : Infinity;
    if (directiveStart <= tokenStart && directiveStart <= commentStart) {
      const directive = directives[d++];
      piece("directive", directive.start, directive.end);
      // Comments inside a `#define` body belong to the directive.
      while (c < comments.length && comments[c].start < directive.end) c++;
    } else if (commentStart < tokenStart) {
      const comment = comments[c++];
      piece("comment", comment.start, comment.end);
    } else {
      const token = tokens[t++];
      const start = token.startOffset;
      const end = token.endOffset! + 1;
      // A macro use expands to several tokens stamped with the use's offsets: emit the use once.
      let expanded = false;
      while (t < tokens.length && tokens[t].startOffset === start) {
        t++;
        expanded = true;
      }
      const written = expanded || token.image !== text.slice(start, end) ? "Identifier" : token.tokenType.name;
      piece("token", start, end, written);
    }
  }
  if (pos < text.length) gap(pos, text.length);
  return out;
}

/** Concatenate the text of a token stream: the inverse of {@link tokenize}. */
export function printTokens(tokens: readonly MofToken[]): string {
  let s = "";
  for (const t of tokens) s += t.text;
  return s;
}

// The same characters the scanner skips as whitespace.
function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x0b || c === 0xa0 || c === 0xfeff;
}

/** A backslash at the end of a line (spaces and tabs may follow it): it joins two lines. */
function isContinuation(text: string, i: number, to: number): boolean {
  if (text.charCodeAt(i) !== 0x5c) return false;
  let j = i + 1;
  while (j < to && (text[j] === " " || text[j] === "\t")) j++;
  return j >= text.length || text[j] === "\n" || text[j] === "\r";
}
