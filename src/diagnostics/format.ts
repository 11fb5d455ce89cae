/**
 * Diagnostics as text, like a compiler prints them: `file:line:column: severity code: message`,
 * the source line with a caret under the range, then the hint.
 *
 * The output stays proportional to the number of problems, whatever the input: an excerpt is a
 * window of the line around the column, a run of one error on neighbouring tokens is printed
 * once with a count, and a file prints at most `maxPerFile` entries before one "more" line.
 * Control characters from file names or file contents never reach the terminal as they are.
 */
import { painter, type Color } from "../util/ansi.js";
import { visibleControls, visibleText } from "../util/printable.js";
import { checkArgument, checkOptions, checkShape } from "../util/arguments.js";
import { DIAGNOSTIC_SHAPE, type Diagnostic, type DiagnosticSource } from "./diagnostic.js";
import { LineIndex } from "./line-index.js";

/** Options of {@link formatDiagnostic}. */
export interface FormatDiagnosticOptions {
  /** ANSI colors. */
  readonly color?: boolean;
  /** The text the diagnostic points into, for the source excerpt; without it, no excerpt. */
  readonly text?: string;
  /** A prepared index of `text`, to save rebuilding it for many diagnostics. */
  readonly index?: LineIndex;
  /**
   * The widest excerpt, in characters (default {@link DEFAULT_EXCERPT_WIDTH}). A longer line is
   * shown as a window around the column, with `…` where it is cut.
   */
  readonly excerptWidth?: number;
}

/** Options of {@link formatDiagnostics}. */
export interface FormatDiagnosticsOptions {
  /** ANSI colors. */
  readonly color?: boolean;
  /** The documents the diagnostics point into, for source excerpts (a diagnostic of another file gets none). */
  readonly documents?: Iterable<DiagnosticSource>;
  /**
   * At most this many entries per file (default {@link DEFAULT_MAX_PER_FILE}); the rest are
   * counted in one line after the file's last entry. `Infinity` prints them all.
   */
  readonly maxPerFile?: number;
  /** See {@link FormatDiagnosticOptions.excerptWidth}. */
  readonly excerptWidth?: number;
}

/** Default of {@link FormatDiagnosticOptions.excerptWidth}. */
const DEFAULT_EXCERPT_WIDTH = 120;
/** Default of {@link FormatDiagnosticsOptions.maxPerFile}. */
const DEFAULT_MAX_PER_FILE = 100;
/** Diagnostics of one code this close together (characters from one's end to the next's start) are one run. */
const FOLD_GAP = 16;
/** Shorter runs are printed in full: two or three neighbouring errors each say something. */
const MIN_FOLDED_RUN = 5;

const SEVERITY_COLORS: Record<Diagnostic["severity"], Color> = { error: "red", warning: "yellow", info: "cyan" };

/**
 * Format a diagnostic like a compiler: `file:line:column: error CODE: message`, then the source
 * line and a caret under the column (when `text` is given and the problem is not about the whole
 * file), then the hint. Control characters in the file name, message and hint are shown as
 * escapes (`\x1B`), those of the excerpt as symbols (`␛`), so that nothing printed can drive
 * the terminal.
 *
 * @throws TypeError when `d` is not a diagnostic or `options` not an object.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatDiagnosticOptions = {}): string {
  checkShape("formatDiagnostic", "d", d, DIAGNOSTIC_SHAPE.what, DIAGNOSTIC_SHAPE.fields);
  checkOptions("formatDiagnostic", options);
  const paint = painter(options.color);
  const severityColor = SEVERITY_COLORS[d.severity];
  const code = d.mofcomp ? `${d.code} (${d.mofcomp})` : d.code;
  const lines = [
    `${paint("bold", `${visibleText(d.file)}:${d.line}:${d.column}:`)} ${paint([severityColor, "bold"], d.severity)} ${code}: ${visibleText(d.message)}`,
  ];
  const wholeFile = d.start === 0 && d.end === 0 && d.line === 1 && d.column === 1;
  if (options.text !== undefined && !(wholeFile && options.text === "")) {
    const index = options.index ?? new LineIndex(options.text);
    const { shown, caretAt, caretWidth } = excerpt(index.lineText(d.line), d, options.excerptWidth ?? DEFAULT_EXCERPT_WIDTH);
    const gutter = String(d.line);
    // Tabs stay tabs under the caret so it lines up in any terminal.
    const pad = shown.slice(0, caretAt).replace(/[^\t]/g, " ");
    lines.push(`${paint("dim", `${gutter} |`)} ${shown}`);
    lines.push(`${" ".repeat(gutter.length)} ${paint("dim", "|")} ${pad}${paint(severityColor, "^" + "~".repeat(caretWidth - 1))}`);
  }
  if (d.hint) lines.push(`${paint("cyan", "hint:")} ${visibleText(d.hint)}`);
  return lines.join("\n");
}

/**
 * The part of a source line that is shown: the whole line when it is short, else a window of
 * `width` characters around the column with `…` at the cut ends; control characters are made
 * visible one for one, so the caret still lines up.
 */
function excerpt(source: string, d: Diagnostic, width: number): { shown: string; caretAt: number; caretWidth: number } {
  const column = Math.min(d.column - 1, source.length);
  const limit = Math.max(20, Math.floor(width));
  let from = 0;
  let to = source.length;
  if (source.length > limit) {
    // A third of the window before the column, the rest after: the caret and what follows it matter most.
    from = Math.max(0, Math.min(column - Math.floor(limit / 3), source.length - limit));
    to = from + limit;
    // Never cut a surrogate pair in two.
    if (from > 0 && isLowSurrogate(source.charCodeAt(from))) from++;
    if (to < source.length && isLowSurrogate(source.charCodeAt(to))) to++;
  }
  const before = from > 0 ? "…" : "";
  const after = to < source.length ? "…" : "";
  const shown = before + visibleControls(source.slice(from, to)) + after;
  const caretAt = before.length + (column - from);
  const caretWidth = Math.max(1, Math.min(d.end - d.start, to - column));
  return { shown, caretAt, caretWidth };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Format diagnostics one after another (see {@link formatDiagnostic}), with excerpts from the
 * documents given. A run of diagnostics with the same code and severity on neighbouring tokens
 * of one file (each starting at most a few characters after the one before) is printed once,
 * followed by a line that counts the others; a file prints at most `maxPerFile` entries, then
 * one line that counts what is left out. The list itself is not changed: JSON output keeps
 * every diagnostic.
 *
 * @throws TypeError when `diagnostics` is not an array of diagnostics or `options` not an object.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatDiagnosticsOptions = {}): string {
  checkArgument("formatDiagnostics", "diagnostics", diagnostics, "array", "an array of diagnostics");
  checkOptions("formatDiagnostics", options);
  const texts = new Map<string, DiagnosticSource>();
  for (const doc of options.documents ?? []) if (!texts.has(doc.file)) texts.set(doc.file, doc);
  const maxPerFile = options.maxPerFile ?? DEFAULT_MAX_PER_FILE;
  const paint = painter(options.color);
  const out: string[] = [];
  /** Per file: entries printed, diagnostics left out, and where the "more" line goes. */
  const files = new Map<string, { shown: number; hidden: Diagnostic[]; after: number }>();

  /** Print one entry (false when its file has reached the cap: then it is only counted). */
  const print = (d: Diagnostic, folded?: { count: number; last: Diagnostic }): boolean => {
    let file = files.get(d.file);
    if (!file) files.set(d.file, (file = { shown: 0, hidden: [], after: -1 }));
    if (file.shown >= maxPerFile) {
      file.hidden.push(d);
      return false;
    }
    const doc = texts.get(d.file);
    let entry = formatDiagnostic(d, {
      color: options.color,
      ...(options.excerptWidth !== undefined ? { excerptWidth: options.excerptWidth } : {}),
      ...(doc ? { text: doc.source.text, index: doc.lines } : {}),
    });
    if (folded) {
      const what = `${folded.count} more ${d.code} ${severityNoun(d.severity, folded.count)}`;
      entry += `\n${paint("dim", `… and ${what} on the tokens that follow, up to line ${folded.last.line}, column ${folded.last.column}`)}`;
    }
    out.push(entry);
    file.shown++;
    file.after = out.length - 1;
    return true;
  };

  for (let i = 0; i < diagnostics.length;) {
    // The run that starts here: diagnostics of one code, each a few characters after the one before.
    let end = i + 1;
    while (end < diagnostics.length && continuesRun(diagnostics[end - 1], diagnostics[end])) end++;
    if (end - i >= MIN_FOLDED_RUN) {
      // A folded run is one entry; past the cap, all of it is counted in the file's last line.
      if (!print(diagnostics[i], { count: end - i - 1, last: diagnostics[end - 1] })) {
        const hidden = files.get(diagnostics[i].file)!.hidden;
        for (let j = i + 1; j < end; j++) hidden.push(diagnostics[j]);
      }
    } else {
      for (let j = i; j < end; j++) print(diagnostics[j]);
    }
    i = end;
  }
  for (const [name, file] of files) {
    if (file.hidden.length === 0) continue;
    const line = `${paint("dim", `… and ${file.hidden.length} more in ${visibleText(name)} (${countDiagnostics(file.hidden)}), not shown`)}`;
    out[file.after] += `\n${line}`;
  }
  return out.join("\n");
}

/** True when `next` continues a run that `last` ends: same file, code and severity, a few characters on. */
function continuesRun(last: Diagnostic, next: Diagnostic): boolean {
  return (
    next.file === last.file &&
    next.code === last.code &&
    next.severity === last.severity &&
    next.start >= last.end &&
    next.start - last.end <= FOLD_GAP &&
    !(next.start === 0 && next.end === 0)
  );
}

/** "error", "warnings", "note"…: what the count line calls `count` diagnostics of a severity. */
function severityNoun(severity: Diagnostic["severity"], count: number): string {
  const noun = severity === "info" ? "note" : severity;
  return count === 1 ? noun : `${noun}s`;
}

/**
 * "2 errors, 1 warning, 3 notes"; "no problems" when there are none.
 *
 * @throws TypeError when `diagnostics` is not an array.
 */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  checkArgument("countDiagnostics", "diagnostics", diagnostics, "array", "an array of diagnostics");
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errors++;
    else if (d.severity === "warning") warnings++;
    else if (d.severity === "info") notes++;
  }
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : "no problems";
}
