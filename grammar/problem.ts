/**
 * The shape of a problem before it is located: what the scanner and the parser record. Offsets
 * only; line and column are computed when the problem is reported (`src/diagnostics/`), which
 * also fills in the fixed hint and the mofcomp name of each code from the registry.
 */

/** How bad a problem is. */
export type Severity = "error" | "warning" | "info";

/** Codes of the problems the front end finds: lexical, then syntax. */
export type SyntaxCode =
  | "invalid-character"
  | "unterminated-string"
  | "unterminated-comment"
  | "invalid-escape"
  | "invalid-number"
  | "invalid-char-literal"
  | "unexpected-token"
  | "expected-semicolon"
  | "expected-close-brace"
  | "expected-close-bracket"
  | "expected-close-paren"
  | "unexpected-end"
  | "invalid-pragma"
  | "invalid-flavor"
  | "invalid-scope"
  | "mof-v3"
  | "nesting-too-deep"
  | "invalid-array-size"
  | "undefined-macro"
  | "unsupported-macro"
  | "macro-too-large"
  | "empty-statement";

/** A problem at `[start, end)` of one text. `hint` is given only when it says more than the code's fixed hint. */
export interface RawDiagnostic<Code extends string = SyntaxCode> {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly hint?: string;
}

/** A problem literal with the fields always in the same order (one object shape for V8). */
export function problem<Code extends string>(code: Code, severity: Severity, message: string, start: number, end: number, hint?: string): RawDiagnostic<Code> {
  return hint === undefined ? { code, severity, message, start, end } : { code, severity, message, start, end, hint };
}
