/**
 * Statement-level recovery: the tokens of a document are cut into top-level statements (`;` at
 * brace depth 0, `#pragma …`, a declaration keyword after an unclosed brace), and each
 * statement is parsed on its own. A broken statement gives its first error and is left out of
 * the AST; the next one parses as if nothing happened, so one broken class neither hides the
 * errors of the next ones nor cascades into noise.
 */
import { EOF, type IToken, type TokenType } from "./chevrotain.js";
import type * as A from "./ast.js";
import { sharedParser } from "./parser.js";
import { problem, type RawDiagnostic } from "./problem.js";
import { endOf, mofV3Local, mofV3Problem, mofV3Start, syntaxError } from "./syntax-errors.js";
import * as T from "./tokens.js";

/** Deeper nesting than this is refused before it reaches the recursive-descent parser. */
export const MAX_NESTING = 512;

export interface ParseTokensResult {
  productions: A.Production[];
  diagnostics: RawDiagnostic[];
  /** Ranges of the statements that had a syntax error. */
  statements: A.Range[];
}

/**
 * Tokens by absolute index, pulled from a source in batches; the tokens of statements already
 * parsed are dropped, so memory holds one statement's tokens, not the file's.
 */
class TokenWindow {
  private buffer: IToken[] = [];
  private base = 0;
  private done = false;

  constructor(private readonly nextBatch: () => IToken[]) {}

  at(i: number): IToken | undefined {
    while (i - this.base >= this.buffer.length && !this.done) {
      const batch = this.nextBatch();
      if (batch.length === 0) this.done = true;
      else if (this.buffer.length === 0) this.buffer = batch;
      else for (const t of batch) this.buffer.push(t);
    }
    return this.buffer[i - this.base];
  }

  slice(from: number, to: number): IToken[] {
    return this.buffer.slice(from - this.base, to - this.base);
  }

  /** Tokens before index `i` are no longer needed. */
  release(i: number): void {
    // Only when they are most of the buffer: copying the rest each time would be quadratic
    // when the whole file's tokens are given at once.
    const dropped = i - this.base;
    if (dropped > 4096 && dropped * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(i - this.base);
      this.base = i;
    }
  }
}

/**
 * Parse the significant tokens of one document, given as an array or as a batch source
 * (`() => next tokens`, empty at the end). The single parser instance is built on first need
 * and reused: building one costs ~10 ms, far more than parsing a typical mini-MOF.
 */
export function parseTokens(source: readonly IToken[] | (() => IToken[]), textLength: number): ParseTokensResult {
  const productions: A.Production[] = [];
  const diagnostics: RawDiagnostic[] = [];
  const failed: A.Range[] = [];
  let once = false;
  const window = new TokenWindow(typeof source === "function" ? source : () => (once ? [] : ((once = true), source as IToken[])));
  // Runs of stray `;` or closers give one diagnostic each run, not one per character.
  let strayRun: TokenType | undefined;
  let at = 0;
  while (window.at(at) !== undefined) {
    const stmt = statementAt(window, at);
    at = stmt.to;
    const tokens = window.slice(stmt.from, stmt.to);
    const next = window.at(stmt.to);
    window.release(stmt.to);
    const n = tokens.length;
    const lone = n === 1 ? tokens[0].tokenType : undefined;
    if (lone === T.Semicolon || lone === T.RBrace || lone === T.RParen || lone === T.RBracket) {
      const t = tokens[0];
      if (strayRun !== lone) {
        diagnostics.push(
          lone === T.Semicolon
            ? problem("empty-statement", "warning", "stray ';' outside any declaration", t.startOffset, endOf(t))
            : problem(
                "unexpected-token",
                "error",
                `'${t.image}' closes nothing`,
                t.startOffset,
                endOf(t),
                "remove it, or look for the opening bracket it was meant to close",
              ),
        );
      }
      strayRun = lone;
      continue;
    }
    strayRun = undefined;
    if (stmt.tooDeep !== undefined) {
      const t = tokens[stmt.tooDeep - stmt.from];
      diagnostics.push(problem("nesting-too-deep", "error", `nesting deeper than ${MAX_NESTING} levels`, t.startOffset, endOf(t)));
      continue;
    }
    const v3 = mofV3Start(tokens, 0, n);
    if (v3) {
      diagnostics.push(mofV3Problem(v3));
      continue;
    }
    const parser = sharedParser();
    parser.input = tokens;
    parser.semanticErrors = [];
    const node = parser.production();
    if (parser.errors.length === 0) {
      for (const d of parser.semanticErrors) diagnostics.push(d);
      productions.push(node);
      continue;
    }
    // Checks inside a statement that does not parse are mostly noise: report the syntax error only.
    const error = parser.errors[0];
    const localV3 = mofV3Local(tokens, 0, error.token.tokenType === EOF ? n : tokens.indexOf(error.token) + 1);
    diagnostics.push(localV3 ? mofV3Problem(localV3) : syntaxError(error, tokens, next, textLength));
    failed.push({ start: tokens[0].startOffset, end: endOf(tokens[n - 1]) });
  }
  return { productions, diagnostics, statements: failed };
}

/** `class X {`/`class X :`, `qualifier X :`, or `instance of` after `;`: a declaration, not a name. */
function startsDeclaration(tokens: TokenWindow, i: number, prev: TokenType): boolean {
  const type = tokens.at(i)!.tokenType;
  const next = tokens.at(i + 1)?.tokenType;
  const after = tokens.at(i + 2)?.tokenType;
  if (type === T.Class) return next !== undefined && next !== T.Colon && next !== T.Equals && (after === T.LBrace || after === T.Colon);
  if (type === T.Qualifier) return next !== undefined && next !== T.Colon && next !== T.Equals && after === T.Colon;
  return type === T.Instance && next === T.Of && prev === T.Semicolon;
}

interface Statement {
  from: number;
  to: number;
  /** Index of the token where nesting went too deep. */
  tooDeep?: number;
}

/**
 * The top-level statement that starts at token `from`. A statement ends at `;` outside braces,
 * after a pragma's closing parenthesis, or after a `}` that is not followed by `;` (missing
 * semicolon). A `#pragma`, or `class`/`qualifier`/`instance` after a `;` or `}` inside braces,
 * starts a new statement even then: it means a brace was left open, and the rest of the file
 * still parses.
 */
function statementAt(tokens: TokenWindow, from: number): Statement {
  let depth = 0;
  let tooDeep: number | undefined;
  let pragmaParens = -1; // >= 0 while inside a pragma's parentheses
  const fromType = tokens.at(from)?.tokenType;
  let prev: TokenType | undefined;
  let i = from;
  for (let token = tokens.at(i); token !== undefined; token = tokens.at(++i)) {
    const type = token.tokenType;
    if (i > from) {
      const startsNew =
        type === T.Pragma ||
        (prev === T.RBrace && depth === 0 && type !== T.Semicolon && fromType !== T.Qualifier) ||
        (depth > 0 && (prev === T.Semicolon || prev === T.RBrace) && startsDeclaration(tokens, i, prev));
      if (startsNew) return { from, to: i, tooDeep };
    }
    prev = type;
    if (type === T.Pragma) {
      // Here i === from (a pragma anywhere else starts a new statement, above).
      // `#pragma name` alone (autorecover) ends after the name.
      if (tokens.at(i + 2)?.tokenType !== T.LParen) return { from, to: tokens.at(i + 1) ? i + 2 : i + 1 };
      pragmaParens = 0;
      continue;
    }
    if (type === T.LBrace || type === T.LParen || type === T.LBracket) {
      if (type === T.LParen && pragmaParens >= 0) pragmaParens++;
      if (++depth > MAX_NESTING && tooDeep === undefined) tooDeep = i;
    } else if (type === T.RBrace || type === T.RParen || type === T.RBracket) {
      if (depth > 0) depth--;
      if (type === T.RParen && pragmaParens > 0 && --pragmaParens === 0) return { from, to: i + 1 };
    } else if (type === T.Semicolon && depth === 0) {
      return { from, to: i + 1, tooDeep };
    }
  }
  return { from, to: i, tooDeep };
}
