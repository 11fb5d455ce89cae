/**
 * `mof-migrate check <inputs..>`: load (following includes), parse and check MOF files, and print
 * every diagnostic: with its source line (text), or as JSON, SARIF or GitHub workflow commands.
 */
import {
  checkProgram,
  countDiagnostics,
  findMofFiles,
  formatDiagnostics,
  hasErrors,
  loadMofFiles,
  recoverWrites,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticFormat,
} from "../index.js";
import { ExitCode, type CliIo, progress, useColor } from "./io.js";

/** Arguments of the `check` command. */
export interface CheckArgs {
  inputs: string[];
  include?: string[];
  exclude?: string[];
  defaultNamespace?: string;
  allowOutsideRoots?: boolean;
  color?: string;
  format?: DiagnosticFormat;
  /** Exit 1 when there are more warnings than this. */
  maxWarnings?: number;
  /** Show errors only. */
  quiet?: boolean;
}

/**
 * Run `check`: 0 without errors (warnings allowed, up to `maxWarnings`), 1 with errors or too many
 * warnings, 2 when an input is missing.
 */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const format = args.format ?? "text";
  const color = format === "text" && useColor(args.color, io);
  const found = await findMofFiles(args.inputs, { include: args.include, exclude: args.exclude });
  if (found.diagnostics.length > 0) io.stderr.write(formatDiagnostics(found.diagnostics, { color: useColor(args.color, io, io.stderr) }) + "\n");
  if (hasErrors(found.diagnostics) || found.files.length === 0) {
    if (found.files.length === 0) io.stderr.write("mof-migrate: no MOF files to check\n");
    return ExitCode.Usage;
  }

  // A write of these files cut short before is completed or undone first: check what is meant to be there.
  const recovery = await recoverWrites(found.files);
  const shown = progress(io, found.files.length, `checking ${found.files.length} MOF files…`);
  const program = await loadMofFiles(found.files, { allowOutsideRoots: args.allowOutsideRoots });
  const semantic = hasErrors(program.diagnostics) && program.documents.length === 0 ? [] : checkProgram(program, { defaultNamespace: args.defaultNamespace });
  shown.done();

  const all = sortDiagnostics(
    [...recovery.diagnostics, ...program.diagnostics, ...semantic],
    program.documents.map((d) => d.file),
  );
  // Warnings hidden by --quiet still count for --max-warnings, as in eslint.
  const diagnostics = args.quiet ? all.filter((d) => d.severity === "error") : all;
  const warnings = all.filter((d) => d.severity === "warning").length;
  const tooManyWarnings = args.maxWarnings !== undefined && warnings > args.maxWarnings;
  const files = program.documents.map((d) => d.file);

  if (format === "text") {
    if (diagnostics.length > 0) io.stdout.write(formatDiagnostics(diagnostics, { color, documents: program.documents }) + "\n\n");
    io.stdout.write(`${countDiagnostics(diagnostics)} in ${files.length} file${files.length === 1 ? "" : "s"}${hidden(all, diagnostics)}\n`);
  } else {
    // Machine formats keep stdout for the document or the commands alone; the count goes to stderr.
    const text = formatDiagnostics(diagnostics, { format, documents: program.documents, files });
    if (text !== "") io.stdout.write(text + "\n");
    io.stderr.write(`mof-migrate: ${countDiagnostics(diagnostics)} in ${files.length} file${files.length === 1 ? "" : "s"}${hidden(all, diagnostics)}\n`);
  }
  if (tooManyWarnings) io.stderr.write(`mof-migrate: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${args.maxWarnings}\n`);
  return hasErrors(all) || tooManyWarnings ? ExitCode.Findings : ExitCode.Ok;
}

/** " (3 warnings not shown)" when --quiet left some out. */
function hidden(all: readonly Diagnostic[], shown: readonly Diagnostic[]): string {
  if (all.length === shown.length) return "";
  const kept = new Set(shown);
  return ` (${countDiagnostics(all.filter((d) => !kept.has(d)))} not shown)`;
}
