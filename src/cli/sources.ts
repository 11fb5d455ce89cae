/**
 * What `convert` and `split` share: their source arguments, finding and loading the sources
 * (with the semantic checks that stop a write), and the namespace options.
 */
import { resolve } from "node:path";
import { checkProgram, findMofFiles, formatDiagnostics, hasErrors, loadMofFiles, type Diagnostic, type MigrationOptions, type MofProgram } from "../index.js";
import { visibleText } from "../syntax.js";
import { progress, useColor, type CliIo } from "./io.js";

/** Arguments shared by `convert` and `split`. */
export interface SourceArgs {
  sources: string[];
  include?: string[];
  exclude?: string[];
  defaultNamespace?: string;
  dataNamespace?: string;
  reportingNamespace?: string;
  allowOutsideRoots?: boolean;
  color?: string;
}

/** The loaded sources, their load, parse and semantic diagnostics, and the folder their paths are shown relative to. */
export interface LoadedSources {
  readonly program: MofProgram;
  readonly diagnostics: readonly Diagnostic[];
  readonly inputRoot?: string;
  /** MOF files found in the folders but not read as sources (see `FoundMofFiles.skipped`). */
  readonly unread?: MofProgram;
}

/**
 * Find and load the sources, leaving out the files in `notSources`; `undefined` (after printing
 * why) when an input is missing. What goes to stderr is coloured as stderr allows (`args.color`),
 * whatever stdout's colours (`_stdoutColor`) are.
 */
export async function loadSources(args: SourceArgs, io: CliIo, _stdoutColor: boolean, notSources: readonly string[] = []): Promise<LoadedSources | undefined> {
  const found = await findMofFiles(args.sources, { include: args.include, exclude: args.exclude });
  if (found.diagnostics.length > 0) io.stderr.write(formatDiagnostics(found.diagnostics, { color: useColor(args.color, io, io.stderr) }) + "\n");
  if (hasErrors(found.diagnostics)) return undefined;
  const skip = new Set(notSources.map((f) => resolve(f)));
  const files = found.files.filter((f) => !skip.has(resolve(f)));
  for (const f of found.files)
    if (skip.has(resolve(f))) io.stderr.write(`mof-migrate: leaving out ${visibleText(f)}: it is a target or the baseline, not a source\n`);
  if (files.length === 0) {
    io.stderr.write("mof-migrate: no MOF files in the sources given\n");
    return undefined;
  }
  const shown = progress(io, files.length, `reading ${files.length} MOF files…`);
  const program = await loadMofFiles(files, { allowOutsideRoots: args.allowOutsideRoots });
  // Semantic errors (a duplicate property, a value out of range) would make mofcomp reject the
  // target on the clients: they stop a write like syntax errors do.
  const semantic = checkProgram(program, { defaultNamespace: args.defaultNamespace });
  // Files with MOF content under other names are only read to say where a missing data class is.
  const unread = found.skipped.length > 0 ? await loadMofFiles(found.skipped, { allowOutsideRoots: true }) : undefined;
  shown.done();
  return {
    program,
    diagnostics: [...program.diagnostics, ...semantic],
    ...(found.root !== undefined ? { inputRoot: found.root } : {}),
    ...(unread ? { unread } : {}),
  };
}

/** The namespace options of the migration, from the arguments. */
export function namespaceOptions(args: SourceArgs): MigrationOptions {
  return {
    ...(args.defaultNamespace !== undefined ? { defaultNamespace: args.defaultNamespace } : {}),
    ...(args.dataNamespace !== undefined ? { dataNamespace: args.dataNamespace } : {}),
    ...(args.reportingNamespace !== undefined ? { reportingNamespace: args.reportingNamespace } : {}),
  };
}
