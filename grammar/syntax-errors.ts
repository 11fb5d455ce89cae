/**
 * What a statement that does not parse is reported as: the error messages given to Chevrotain
 * (each carries its code in front, `code|message`), the shaping of its first error into one
 * located problem, and the detection of MOF v3 syntax, which WMI does not accept.
 */
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "./chevrotain.js";
import { problem, type RawDiagnostic, type SyntaxCode } from "./problem.js";
import * as T from "./tokens.js";
import { MOF_V3_STARTS } from "./vocabulary.js";

/** Offset just past a token. */
export function endOf(tok: IToken): number {
  return tok.endOffset! + 1;
}

const CLOSERS: Record<string, SyntaxCode> = {
  Semicolon: "expected-semicolon",
  RBrace: "expected-close-brace",
  RBracket: "expected-close-bracket",
  RParen: "expected-close-paren",
};

function describe(tok: IToken): string {
  return tok.tokenType === EOF ? "the end of the statement" : `'${tok.image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

// Messages carry their code in front ("code|message") so the caller can split them apart.
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const code = CLOSERS[expected.name] ?? "unexpected-token";
    // Naming what came before helps most for a missing ';', which is found on the next line.
    const after = expected === T.Semicolon && previous && previous.tokenType !== EOF && previous.image ? ` after '${previous.image}'` : "";
    return `${code}|expected ${label(expected)}${after} but found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected-token|unexpected ${describe(firstRedundant)}: the statement should end before it`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const firsts = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(label(path[0]));
    const list = [...firsts];
    const expected = list.length > 6 ? list.slice(0, 6).join(", ") + ", …" : list.join(" or ");
    return `unexpected-token|expected ${expected} but found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const firsts = new Set<string>();
    for (const path of expectedIterationPaths) if (path[0]) firsts.add(label(path[0]));
    return `unexpected-token|expected ${[...firsts].join(" or ")} but found ${describe(actual[0])}`;
  },
};

const OPENERS: Record<string, TokenType> = { expected_close_paren: T.LParen, expected_close_bracket: T.LBracket, expected_close_brace: T.LBrace };

/** The innermost opener of `kind` not closed before token index `until`. */
function unclosed(tokens: readonly IToken[], from: number, until: number, kind: TokenType): IToken | undefined {
  const close = kind === T.LParen ? T.RParen : kind === T.LBracket ? T.RBracket : T.RBrace;
  const open: IToken[] = [];
  for (let i = from; i < until; i++) {
    const t = tokens[i].tokenType;
    if (t === kind) open.push(tokens[i]);
    else if (t === close) open.pop();
  }
  return open[open.length - 1];
}

/**
 * The problem of a statement that did not parse: Chevrotain's first error, named after what was
 * expected and what came instead, and placed where the fix goes (after the last token of a
 * statement cut short; at the opener of a bracket that is not closed).
 */
export function syntaxError(e: IRecognitionException, tokens: readonly IToken[], next: IToken | undefined, textLength: number): RawDiagnostic {
  const from = 0;
  const to = tokens.length;
  const bar = e.message.indexOf("|");
  const code = (bar > 0 ? e.message.slice(0, bar) : "unexpected-token") as SyntaxCode;
  let message = bar > 0 ? e.message.slice(bar + 1) : e.message;
  let start: number;
  let end: number;
  if (e.token.tokenType === EOF || Number.isNaN(e.token.startOffset)) {
    // The statement stopped short: point just after its last token, where the missing part belongs.
    const prev = tokens[to - 1];
    start = prev ? endOf(prev) : 0;
    end = start;
    if (!next && e.name !== "NotAllInputParsedException") {
      message = message.replace("the end of the statement", "the end of the file");
      if (code === "unexpected-token") return problem("unexpected-end", "error", message, Math.min(start, textLength), Math.min(start, textLength));
    } else if (next) {
      message = message.replace("the end of the statement", `'${next.image}'`);
    }
  } else {
    start = e.token.startOffset;
    end = endOf(e.token);
  }
  // A missing closer is best shown where its opener is, naming what came instead.
  const opener = OPENERS[code.replace(/-/g, "_")];
  const at = !opener ? -1 : e.token.tokenType === EOF || Number.isNaN(e.token.startOffset) ? to : tokens.indexOf(e.token, from);
  const open = at >= 0 ? unclosed(tokens, from, at, opener) : undefined;
  if (open) {
    message = `'${open.image}' is not closed: ${message}`;
    start = open.startOffset;
    end = endOf(open);
  }
  return problem(code, "error", message, start, end);
}

/** The problem of a MOF v3 word. */
export function mofV3Problem(t: IToken): RawDiagnostic {
  return problem("mof-v3", "error", `'${t.image}' is MOF v3 (DSP0221) syntax, which Windows' mofcomp and WMI do not accept`, t.startOffset, endOf(t));
}

/** A v3 `structure X {` / `enumeration X :` declared inside a class, before token index `until`. */
export function mofV3Local(tokens: readonly IToken[], from: number, until: number): IToken | undefined {
  for (let i = from + 1; i < until && i + 2 < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType !== T.Identifier) continue;
    const prev = tokens[i - 1].tokenType;
    if (prev !== T.LBrace && prev !== T.Semicolon && prev !== T.RBracket) continue;
    const word = t.image.toLowerCase();
    const after = tokens[i + 2].tokenType;
    if (
      (word === "structure" || word === "enumeration") &&
      (tokens[i + 1].tokenType === T.Identifier || T.KEYWORDS.has(tokens[i + 1].image.toLowerCase())) &&
      (after === T.LBrace || after === T.Colon)
    )
      return t;
  }
  return undefined;
}

export function mofV3Start(tokens: readonly IToken[], from: number, to: number): IToken | undefined {
  let i = from;
  if (tokens[i]?.tokenType === T.LBracket) {
    let depth = 0;
    for (; i < to; i++) {
      const t = tokens[i].tokenType;
      if (t === T.LBracket) depth++;
      else if (t === T.RBracket && --depth === 0) {
        i++;
        break;
      }
    }
  }
  const t = tokens[i];
  if (!t || t.tokenType !== T.Identifier) return undefined;
  const word = t.image.toLowerCase();
  if (word === "value") return tokens[i + 1]?.tokenType === T.Of ? t : undefined;
  if (MOF_V3_STARTS.has(word)) return t;
  // `association X { … }` / `indication X` without `class` is v3 too.
  if ((word === "association" || word === "indication") && tokens[i + 1]?.tokenType !== T.Class && tokens[i + 2]?.tokenType !== T.LParen) return t;
  return undefined;
}
