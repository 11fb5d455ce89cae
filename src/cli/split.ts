/**
 * `mof-migrate split`: write the data and reporting parts of the sources to two new files.
 */
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  countDiagnostics,
  formatDiagnostics,
  formatPlanSummary,
  hasErrors,
  loadMofFiles,
  recoverWrites,
  sortDiagnostics,
  splitSources,
  writeTargets,
} from "../index.js";
import { visibleText } from "../syntax.js";
import { ExitCode, type CliIo, useColor } from "./io.js";
import { loadSources, namespaceOptions, type SourceArgs } from "./sources.js";

/** Arguments of the `split` command. */
export interface SplitArgs extends SourceArgs {
  out: string;
  baseline?: string;
}

/** Run `split`: write the data and reporting parts of the sources to two new files. */
export async function runSplit(args: SplitArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const sources = await loadSources(args, io, color);
  if (!sources) return ExitCode.Usage;
  const baseline = args.baseline !== undefined ? await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots }) : undefined;
  const inputDiagnostics = [...sources.diagnostics, ...(baseline?.diagnostics ?? [])];
  const documents = [...sources.program.documents, ...(baseline?.documents ?? [])];
  if (hasErrors(inputDiagnostics)) {
    io.stdout.write(formatDiagnostics(inputDiagnostics, { color, documents }) + "\n\n");
    io.stdout.write(`${countDiagnostics(inputDiagnostics)}: nothing was written\n`);
    return ExitCode.Usage;
  }
  const options = {
    ...namespaceOptions(args),
    ...(sources.inputRoot !== undefined ? { inputRoot: sources.inputRoot } : {}),
    ...(baseline ? { baseline } : {}),
  };
  const split = splitSources(sources.program, options);
  const files = [
    { file: join(args.out, "configuration-additions.mof"), bytes: split.dataBytes },
    { file: join(args.out, "SMS_def-additions.mof"), bytes: split.reportingBytes },
  ];
  try {
    await mkdir(args.out, { recursive: true });
  } catch (e) {
    io.stderr.write(`mof-migrate: cannot create the folder '${visibleText(args.out)}': ${visibleText((e as Error).message)}\n`);
    return ExitCode.Usage;
  }
  const recovery = await recoverWrites(files.map((f) => f.file));
  const targets = await Promise.all(files.map(async (f) => ({ file: f.file, originalBytes: await readFile(f.file).catch(() => null), newBytes: f.bytes })));
  const written = hasErrors(recovery.diagnostics) ? { ok: false, written: [], diagnostics: [] } : await writeTargets(targets, { backup: false });
  const diagnostics = sortDiagnostics(
    [...inputDiagnostics, ...split.diagnostics, ...recovery.diagnostics, ...written.diagnostics],
    sources.program.documents.map((d) => d.file),
  );
  const out: string[] = [];
  out.push(formatPlanSummary(split.plan, { color }));
  if (diagnostics.length > 0) out.push("", formatDiagnostics(diagnostics, { color, documents }), "", countDiagnostics(diagnostics));
  if (written.ok)
    out.push(
      "",
      ...files.map((f, i) =>
        written.written[i].changed ? `wrote ${visibleText(f.file)} (${f.bytes.byteLength} bytes)` : `${visibleText(f.file)} is up to date`,
      ),
    );
  else out.push("", "nothing was written");
  io.stdout.write(out.join("\n") + "\n");
  return written.ok ? ExitCode.Ok : ExitCode.Usage;
}
