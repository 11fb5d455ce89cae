/**
 * Diagnostics: what every stage reports instead of throwing. A stage reports through a
 * {@link DiagnosticSink}, the one choke point: it locates the problem (line and column from the
 * offsets), fills in the registry's mofcomp name and fixed hint, and drops a problem reported
 * twice. File-level problems are at line 1, column 1.
 */
import type { Range } from "../../grammar/ast.js";
import type { RawDiagnostic, Severity } from "../../grammar/problem.js";
import { type DiagnosticCode, DiagnosticCodes } from "./codes.js";
import type { LineIndex } from "./line-index.js";
import { checkArgument, invalidArgument } from "../util/arguments.js";

export type { Severity } from "../../grammar/problem.js";

/**
 * A located problem in a file. Lines and columns are 1-based; columns count UTF-16 units.
 * `line`/`column` is where the range starts, `endLine`/`endColumn` the position just past its
 * last character (SARIF's convention), equal to the start for an empty range.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** File path (or a label such as `<input>` for parsed strings). */
  readonly file: string;
  /** Offsets into the file's decoded text; both 0 for a problem about the whole file. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** Line of the position just past the range (1 for a problem about the whole file). */
  readonly endLine: number;
  /** Column of the position just past the range (1 for a problem about the whole file). */
  readonly endColumn: number;
  /** How to fix it, when known. */
  readonly hint?: string;
  /** The matching mofcomp `WBEMMOF_E_*` name, when there is one. */
  readonly mofcomp?: string;
}

/** What a diagnostic can point into: a parsed document, or anything with a file, its text and a line index. */
export interface DiagnosticSource {
  readonly file: string;
  readonly source: { readonly text: string };
  readonly lines: LineIndex;
}

/** How a report departs from the code's registry entry. */
export interface ReportOptions {
  /** Instead of the code's usual severity. */
  readonly severity?: Severity;
  /** A hint for this case, instead of the code's fixed hint. */
  readonly hint?: string;
}

/**
 * Collects the diagnostics of a stage. Every report is located at once and kept once: a second
 * report of the same code and message at the same range is dropped (a macro use, or a file
 * included twice, can show one problem several times).
 */
export class DiagnosticSink {
  private readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  /** Report a problem at `range` of a document. */
  report(at: DiagnosticSource, code: DiagnosticCode, range: Range, message: string, options: ReportOptions = {}): void {
    this.push(located(at, code, range.start, range.end, message, options.severity, options.hint));
  }

  /** Report a problem a stage below recorded (the scanner's and the parser's). */
  reportRaw(at: DiagnosticSource, raw: RawDiagnostic<DiagnosticCode>): void {
    this.push(located(at, raw.code, raw.start, raw.end, raw.message, raw.severity, raw.hint));
  }

  /** Report a problem about a whole file, at line 1, column 1. */
  reportFile(file: string, code: DiagnosticCode, message: string, options: ReportOptions = {}): void {
    this.push(fileDiagnostic(file, code, message, options));
  }

  /** Take diagnostics another stage already reported. */
  add(diagnostics: Iterable<Diagnostic>): void {
    for (const d of diagnostics) this.push(d);
  }

  /** Everything reported, each once, in the order reported. */
  get diagnostics(): readonly Diagnostic[] {
    return this.list;
  }

  /** True when an error was reported. */
  get hasErrors(): boolean {
    return hasErrors(this.list);
  }

  private push(d: Diagnostic): void {
    const key = identity(d);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }
}

/** Where a problem about a whole file is: line 1, column 1, an empty range. */
const WHOLE_FILE = { line: 1, column: 1 } as const;

/** A problem about a whole file (it cannot be read, it is not found…), at line 1, column 1. */
export function fileDiagnostic(file: string, code: DiagnosticCode, message: string, options: ReportOptions = {}): Diagnostic {
  return build(code, options.severity, message, file, 0, 0, WHOLE_FILE, WHOLE_FILE, options.hint);
}

/** What the argument checks look at to tell a {@link Diagnostic} from anything else. */
export const DIAGNOSTIC_SHAPE = {
  what: "a Diagnostic",
  fields: { code: "string", severity: "string", message: "string", file: "string", start: "number", end: "number", line: "number", column: "number" },
} as const;

/**
 * True when any diagnostic is an error.
 *
 * @throws TypeError when `diagnostics` is not an array.
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  checkArgument("hasErrors", "diagnostics", diagnostics, "array", "an array of diagnostics");
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Diagnostics of several stages in one list, each once, in reading order: by file (in the order
 * of `files`, then the others in order of appearance), then by position. A diagnostic that two
 * lists both hold (the same problem, as the same object or with the same code, message and
 * range) is kept once.
 *
 * @throws TypeError when `diagnostics` is not iterable or `files` not an array.
 */
export function sortDiagnostics(diagnostics: Iterable<Diagnostic>, files: readonly string[] = []): Diagnostic[] {
  if (diagnostics === null || typeof (diagnostics as Partial<Iterable<unknown>>)?.[Symbol.iterator] !== "function")
    throw invalidArgument("sortDiagnostics", "diagnostics must be an iterable of diagnostics", diagnostics);
  checkArgument("sortDiagnostics", "files", files, "array", "an array of file paths");
  const rank = new Map(files.map((f, i) => [f, i]));
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = identity(d);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
    if (!rank.has(d.file)) rank.set(d.file, rank.size);
  }
  // Array.prototype.sort is stable: reports at one position keep their order.
  return unique.sort((a, b) => rank.get(a.file)! - rank.get(b.file)! || a.start - b.start);
}

function located(
  at: DiagnosticSource,
  code: DiagnosticCode,
  rawStart: number,
  rawEnd: number,
  message: string,
  severity?: Severity,
  hint?: string,
): Diagnostic {
  const length = at.source.text.length;
  const start = Math.max(0, Math.min(rawStart, length));
  const end = Math.max(start, Math.min(rawEnd, length));
  const from = at.lines.position(start);
  const to = end === start ? from : at.lines.position(end);
  return build(code, severity, message, at.file, start, end, from, to, hint);
}

interface Position {
  readonly line: number;
  readonly column: number;
}

function build(
  code: DiagnosticCode,
  severity: Severity | undefined,
  message: string,
  file: string,
  start: number,
  end: number,
  from: Position,
  to: Position,
  hint?: string,
): Diagnostic {
  const info = DiagnosticCodes[code];
  const shown = severity ?? info.severity;
  const shownHint = hint ?? info.hint;
  const mofcomp = info.mofcomp;
  const line = from.line;
  const column = from.column;
  const endLine = to.line;
  const endColumn = to.column;
  // One literal per shape: an object built by spreading takes several times the memory, and a
  // file can have hundreds of thousands of diagnostics.
  if (shownHint !== undefined && mofcomp !== undefined)
    return { code, severity: shown, message, file, start, end, line, column, endLine, endColumn, hint: shownHint, mofcomp };
  if (shownHint !== undefined) return { code, severity: shown, message, file, start, end, line, column, endLine, endColumn, hint: shownHint };
  if (mofcomp !== undefined) return { code, severity: shown, message, file, start, end, line, column, endLine, endColumn, mofcomp };
  return { code, severity: shown, message, file, start, end, line, column, endLine, endColumn };
}

function identity(d: Diagnostic): string {
  return `${d.file}\u0000${d.start}\u0000${d.end}\u0000${d.code}\u0000${d.message}`;
}
