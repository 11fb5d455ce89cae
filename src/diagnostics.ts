/**
 * Diagnostics: what every stage reports instead of throwing. Stages record offsets; line and
 * column are filled in from a line-start table only when a diagnostic is reported.
 */

export type Severity = "error" | "warning" | "info";

// mofcomp's own errors are the WBEMMOF_E_* members of WBEMSTATUS (wbemcli.h), HRESULTs
// 0x80044001 (WBEMMOF_E_EXPECTED_QUALIFIER_NAME) to 0x80044031 (WBEMMOF_E_INVALID_DELETECLASS_SYNTAX).
// Only names from that range appear here; `undefined` where none of them fits.
/** Stable diagnostic codes, with the mofcomp HRESULT name where one fits. */
export const DiagnosticCodes = {
  // lexical
  "invalid-character": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "unterminated-string": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "unterminated-comment": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "invalid-escape": { mofcomp: undefined },
  "invalid-number": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "invalid-char-literal": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  // syntax
  "unexpected-token": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "expected-semicolon": { mofcomp: "WBEMMOF_E_EXPECTED_SEMI" },
  "expected-close-brace": { mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_BRACE" },
  "expected-close-bracket": { mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_BRACKET" },
  "expected-close-paren": { mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_PAREN" },
  "unexpected-end": { mofcomp: undefined },
  "invalid-pragma": { mofcomp: "WBEMMOF_E_INVALID_PRAGMA" },
  "invalid-flavor": { mofcomp: "WBEMMOF_E_EXPECTED_FLAVOR_TYPE" },
  "invalid-scope": { mofcomp: "WBEMMOF_E_INVALID_QUALIFIER_SYNTAX" },
  "mof-v3": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TOKEN" },
  "nesting-too-deep": { mofcomp: undefined },
  "invalid-array-size": { mofcomp: "WBEMMOF_E_ILLEGAL_CONSTANT_VALUE" },
  "undefined-macro": { mofcomp: undefined },
  "unsupported-macro": { mofcomp: undefined },
  "macro-too-large": { mofcomp: undefined },
  "empty-statement": { mofcomp: undefined },
  // files
  "include-not-found": { mofcomp: "WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE" },
  "include-cycle": { mofcomp: "WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE" },
  "include-not-a-file": { mofcomp: "WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE" },
  "include-outside-root": { mofcomp: "WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE" },
  "read-error": { mofcomp: undefined },
  "binary-file": { mofcomp: "WBEMMOF_E_INVALID_FILE" },
  "too-many-files": { mofcomp: undefined },
  // semantics
  "duplicate-property": { mofcomp: "WBEMMOF_E_DUPLICATE_PROPERTY" },
  "duplicate-qualifier": { mofcomp: "WBEMMOF_E_DUPLICATE_QUALIFIER" },
  "duplicate-alias": { mofcomp: "WBEMMOF_E_MULTIPLE_ALIASES" },
  "undefined-alias": { mofcomp: undefined },
  "duplicate-class": { mofcomp: undefined },
  "type-mismatch": { mofcomp: "WBEMMOF_E_TYPE_MISMATCH" },
  "value-out-of-range": { mofcomp: "WBEMMOF_E_OUT_OF_RANGE" },
  "unknown-property": { mofcomp: undefined },
  "unknown-type": { mofcomp: "WBEMMOF_E_UNRECOGNIZED_TYPE" },
  "undefined-class": { mofcomp: undefined },
  "undefined-superclass": { mofcomp: undefined },
  "invalid-locale": { mofcomp: undefined },
  "invalid-namespace": { mofcomp: "WBEMMOF_E_INVALID_NAMESPACE_SYNTAX" },
  // migration (plan cross-checks and writing the targets)
  "stray-deleteclass": { mofcomp: undefined },
  "no-namespace-pragma": { mofcomp: undefined },
  "missing-data-class": { mofcomp: undefined },
  "missing-class-id": { mofcomp: undefined },
  "duplicate-class-id": { mofcomp: undefined },
  "not-class-template": { mofcomp: undefined },
  "data-class-template": { mofcomp: undefined },
  "missing-deleteclass": { mofcomp: undefined },
  "provider-registration": { mofcomp: undefined },
  "reporting-by-content": { mofcomp: undefined },
  conflict: { mofcomp: undefined },
  "report-flags": { mofcomp: undefined },
  "non-ascii-target": { mofcomp: undefined },
  "unencodable-character": { mofcomp: undefined },
  "target-not-written": { mofcomp: undefined },
} as const satisfies Record<string, { mofcomp: string | undefined }>;

/** A diagnostic code: one of {@link DiagnosticCodes}, or a code of a later stage. */
export type DiagnosticCode = keyof typeof DiagnosticCodes | (string & {});

/** A located problem in a file. `line` and `column` are 1-based; `column` counts UTF-16 units. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** File path (or a label such as `<input>` for parsed strings). */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** How to fix it, when known. */
  readonly hint?: string;
  /** The matching mofcomp `WBEMMOF_E_*` name, when there is one. */
  readonly mofcomp?: string;
}

/** A diagnostic before it is located: what stages record. */
export interface RawDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  hint?: string;
}

/** Offsets of the first character of each line, for offset -> line/column. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      // Walks the LFs and CRs with indexOf (native), several times faster than a regex on big files.
      const text = this.text;
      const starts = [0];
      let lf = text.indexOf("\n");
      let cr = text.indexOf("\r");
      while (lf >= 0 || cr >= 0) {
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          // A CR ends a line by itself, or together with the LF right after it.
          if (cr + 1 === lf) {
            starts.push(lf + 1);
            lf = text.indexOf("\n", lf + 1);
          } else {
            starts.push(cr + 1);
          }
          cr = text.indexOf("\r", cr + 1);
        } else {
          starts.push(lf + 1);
          lf = text.indexOf("\n", lf + 1);
        }
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** Text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const from = starts[line - 1] ?? this.text.length;
    let to = line < starts.length ? starts[line] : this.text.length;
    while (to > from && (this.text[to - 1] === "\n" || this.text[to - 1] === "\r")) to--;
    return this.text.slice(from, to);
  }
}

/** Turn raw diagnostics of one text into located ones. */
export function locate(raw: readonly RawDiagnostic[], file: string, text: string, index = new LineIndex(text)): Diagnostic[] {
  return raw.map((d) => {
    const start = Math.max(0, Math.min(d.start, text.length));
    const end = Math.max(start, Math.min(d.end, text.length));
    const { line, column } = index.position(start);
    const mofcomp = (DiagnosticCodes as Record<string, { mofcomp: string | undefined }>)[d.code]?.mofcomp;
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file,
      start,
      end,
      line,
      column,
      ...(d.hint !== undefined ? { hint: d.hint } : {}),
      ...(mofcomp !== undefined ? { mofcomp } : {}),
    };
  });
}

/** Options of {@link formatDiagnostic}. */
export interface FormatOptions {
  /** ANSI colors. */
  color?: boolean;
  /** The text the diagnostic points into, for the source excerpt. */
  text?: string;
  /** A prepared index of `text`, to save rebuilding it for many diagnostics. */
  index?: LineIndex;
}

const ansi = { red: "\x1b[31m", yellow: "\x1b[33m", cyan: "\x1b[36m", bold: "\x1b[1m", dim: "\x1b[2m", reset: "\x1b[0m" };

/**
 * Format a diagnostic like a compiler:
 * `file:line:column: error CODE: message`, then the source line and a caret under the column,
 * then the hint.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const c = (code: string, s: string) => (options.color ? code + s + ansi.reset : s);
  const sevColor = d.severity === "error" ? ansi.red : d.severity === "warning" ? ansi.yellow : ansi.cyan;
  const code = d.mofcomp ? `${d.code} (${d.mofcomp})` : d.code;
  const lines = [`${c(ansi.bold, `${d.file}:${d.line}:${d.column}:`)} ${c(sevColor + ansi.bold, d.severity)} ${code}: ${d.message}`];
  if (options.text !== undefined) {
    const index = options.index ?? new LineIndex(options.text);
    const source = index.lineText(d.line);
    const gutter = String(d.line);
    // Tabs stay tabs under the caret so it lines up in any terminal.
    const pad = source.slice(0, d.column - 1).replace(/[^\t]/g, " ");
    const width = Math.max(1, Math.min(d.end - d.start, source.length - (d.column - 1)));
    lines.push(`${c(ansi.dim, `${gutter} |`)} ${source}`);
    lines.push(`${" ".repeat(gutter.length)} ${c(ansi.dim, "|")} ${pad}${c(sevColor, "^" + "~".repeat(width - 1))}`);
  }
  if (d.hint) lines.push(`${c(ansi.cyan, "hint:")} ${d.hint}`);
  return lines.join("\n");
}

/** Sort by file, then position. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start;
}
