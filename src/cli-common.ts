/**
 * What the command modules share: exit codes, output streams, colors, diagnostics printing and
 * JSON output.
 */
import type { Diagnostic } from "./diagnostics.js";
import { formatDiagnostic, LineIndex } from "./diagnostics.js";

/** Process exit codes of `mof-migrate`. */
export const ExitCode = {
  /** Success; with `--check`: nothing would change. */
  Ok: 0,
  /** `--check`: the targets would change; `check`/`convert`: errors were found in the input. */
  Findings: 1,
  /** Bad input (missing files, unreadable targets) or a usage error. */
  Usage: 2,
} as const;

/** A stream the CLI writes to. */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Where the CLI reads its environment and writes its output. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * Whether to color stdout: `always`/`never` as told; `auto` colors a terminal unless `NO_COLOR`
 * is set, and `FORCE_COLOR` (anything but `0`/`false`) turns colors on.
 */
export function useColor(mode: string | undefined, io: CliIo): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.stdout.isTTY === true;
}

/** The text of each loaded file, by file name, for source excerpts under diagnostics. */
export type SourceTexts = ReadonlyMap<string, { text: string; lines?: LineIndex }>;

/**
 * Format diagnostics compiler-style (location, message, source line with a caret, hint).
 * Diagnostics about a whole file (line 0) get no location or excerpt.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], texts: SourceTexts, color: boolean): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.line === 0) {
      out.push(formatFileDiagnostic(d, color));
      continue;
    }
    const source = texts.get(d.file);
    out.push(formatDiagnostic(d, { color, ...(source ? { text: source.text, index: source.lines ?? new LineIndex(source.text) } : {}) }));
  }
  return out.join("\n");
}

function formatFileDiagnostic(d: Diagnostic, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}\x1b[0m` : s);
  const sev = d.severity === "error" ? "\x1b[31;1m" : d.severity === "warning" ? "\x1b[33;1m" : "\x1b[36;1m";
  const lines = [`${paint("\x1b[1m", `${d.file}:`)} ${paint(sev, d.severity)} ${d.code}: ${d.message}`];
  if (d.hint) lines.push(`${paint("\x1b[36m", "hint:")} ${d.hint}`);
  return lines.join("\n");
}

/** "2 errors, 1 warning, 3 notes" style counts; "no problems" when there are none. */
export function countLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const notes = diagnostics.filter((d) => d.severity === "info").length;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : "no problems";
}

/** Sort diagnostics by the order of their files in `files`, then by position; drop exact duplicates. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], files: readonly string[]): Diagnostic[] {
  const order = new Map(files.map((f, i) => [f, i]));
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.file}\0${d.start}\0${d.end}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => {
    const fa = order.get(a.file) ?? files.length;
    const fb = order.get(b.file) ?? files.length;
    if (fa !== fb) return fa - fb;
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.start - b.start;
  });
}

/**
 * JSON text of a value for `--json` output: bigints become strings, Maps and Sets become arrays,
 * Uint8Arrays and the keys in `hidden` are left out, cycles are cut.
 */
export function toJson(value: unknown, hidden: ReadonlySet<string> = new Set()): string {
  const stack: unknown[] = [];
  const convert = (v: unknown): unknown => {
    if (typeof v === "bigint") return v.toString();
    if (v === null || typeof v !== "object") return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    if (v instanceof Uint8Array) return undefined;
    if (stack.includes(v)) return undefined;
    stack.push(v);
    try {
      if (v instanceof Map) return [...v.entries()].map(([k, x]) => [convert(k), convert(x)]);
      if (v instanceof Set) return [...v].map(convert);
      if (Array.isArray(v)) return v.map((x) => convert(x) ?? null);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (hidden.has(k)) continue;
        const c = convert(x);
        if (c !== undefined) out[k] = c;
      }
      return out;
    } finally {
      stack.pop();
    }
  };
  return JSON.stringify(convert(value), null, 2);
}

/**
 * A progress line on stderr, shown only on a terminal and only for many files; `done` clears it.
 */
export function progress(io: CliIo, fileCount: number, message: string): { done(): void } {
  const show = io.stderr.isTTY === true && fileCount > 20;
  if (show) io.stderr.write(`${message}\r`);
  return {
    done() {
      if (show) io.stderr.write("\x1b[2K\r");
    },
  };
}
