/**
 * `mof-migrate check <inputs..>`: load (following includes), parse and check MOF files, and print
 * every diagnostic with its source line.
 */
import { checkProgram, countDiagnostics, findMofFiles, formatDiagnostics, hasErrors, loadMofFiles, recoverWrites, sortDiagnostics } from "../index.js";
import { ExitCode, type CliIo, progress, useColor } from "./io.js";

/** Arguments of the `check` command. */
export interface CheckArgs {
  inputs: string[];
  include?: string[];
  exclude?: string[];
  defaultNamespace?: string;
  allowOutsideRoots?: boolean;
  color?: string;
}

/** Run `check`: 0 without errors (warnings allowed), 1 with errors, 2 when an input is missing. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const found = await findMofFiles(args.inputs, { include: args.include, exclude: args.exclude });
  if (found.diagnostics.length > 0) io.stderr.write(formatDiagnostics(found.diagnostics, { color }) + "\n");
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

  const diagnostics = sortDiagnostics(
    [...recovery.diagnostics, ...program.diagnostics, ...semantic],
    program.documents.map((d) => d.file),
  );
  if (diagnostics.length > 0) io.stdout.write(formatDiagnostics(diagnostics, { color, documents: program.documents }) + "\n\n");
  const fileCount = program.documents.length;
  io.stdout.write(`${countDiagnostics(diagnostics)} in ${fileCount} file${fileCount === 1 ? "" : "s"}\n`);
  return hasErrors(diagnostics) ? ExitCode.Findings : ExitCode.Ok;
}
