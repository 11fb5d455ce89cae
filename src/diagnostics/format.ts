/**
 * Diagnostics as text, like a compiler prints them: `file:line:column: severity code: message`,
 * the source line with a caret under the range, then the hint.
 */
import { painter, type Color } from "../util/ansi.js";
import type { Diagnostic, DiagnosticSource } from "./diagnostic.js";
import { LineIndex } from "./line-index.js";

/** Options of {@link formatDiagnostic}. */
export interface FormatDiagnosticOptions {
  /** ANSI colors. */
  readonly color?: boolean;
  /** The text the diagnostic points into, for the source excerpt; without it, no excerpt. */
  readonly text?: string;
  /** A prepared index of `text`, to save rebuilding it for many diagnostics. */
  readonly index?: LineIndex;
}

/** Options of {@link formatDiagnostics}. */
export interface FormatDiagnosticsOptions {
  /** ANSI colors. */
  readonly color?: boolean;
  /** The documents the diagnostics point into, for source excerpts (a diagnostic of another file gets none). */
  readonly documents?: Iterable<DiagnosticSource>;
}

const SEVERITY_COLORS: Record<Diagnostic["severity"], Color> = { error: "red", warning: "yellow", info: "cyan" };

/**
 * Format a diagnostic like a compiler: `file:line:column: error CODE: message`, then the source
 * line and a caret under the column (when `text` is given and the problem is not about the whole
 * file), then the hint.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatDiagnosticOptions = {}): string {
  const paint = painter(options.color);
  const severityColor = SEVERITY_COLORS[d.severity];
  const code = d.mofcomp ? `${d.code} (${d.mofcomp})` : d.code;
  const lines = [`${paint("bold", `${d.file}:${d.line}:${d.column}:`)} ${paint([severityColor, "bold"], d.severity)} ${code}: ${d.message}`];
  const wholeFile = d.start === 0 && d.end === 0 && d.line === 1 && d.column === 1;
  if (options.text !== undefined && !(wholeFile && options.text === "")) {
    const index = options.index ?? new LineIndex(options.text);
    const source = index.lineText(d.line);
    const gutter = String(d.line);
    // Tabs stay tabs under the caret so it lines up in any terminal.
    const pad = source.slice(0, d.column - 1).replace(/[^\t]/g, " ");
    const width = Math.max(1, Math.min(d.end - d.start, source.length - (d.column - 1)));
    lines.push(`${paint("dim", `${gutter} |`)} ${source}`);
    lines.push(`${" ".repeat(gutter.length)} ${paint("dim", "|")} ${pad}${paint(severityColor, "^" + "~".repeat(width - 1))}`);
  }
  if (d.hint) lines.push(`${paint("cyan", "hint:")} ${d.hint}`);
  return lines.join("\n");
}

/** Format diagnostics one after another (see {@link formatDiagnostic}), with excerpts from the documents given. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatDiagnosticsOptions = {}): string {
  const texts = new Map<string, DiagnosticSource>();
  for (const doc of options.documents ?? []) if (!texts.has(doc.file)) texts.set(doc.file, doc);
  return diagnostics
    .map((d) => {
      const doc = texts.get(d.file);
      return formatDiagnostic(d, { color: options.color, ...(doc ? { text: doc.source.text, index: doc.lines } : {}) });
    })
    .join("\n");
}

/** "2 errors, 1 warning, 3 notes"; "no problems" when there are none. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const notes = diagnostics.filter((d) => d.severity === "info").length;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : "no problems";
}
