/**
 * `mof-migrate split`: write the data and reporting parts of the sources to two new files.
 */
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  countDiagnostics,
  formatDiagnostics,
  formatPlanSummary,
  formatReport,
  hasErrors,
  loadMofFiles,
  sortDiagnostics,
  splitSources,
  writeTargets,
  type ReviewInput,
} from "../index.js";
import { ExitCode, type CliIo, useColor } from "./io.js";
import { commandLine, patchRoot, reportNotWritten, reviewFileProblem, writeReviewFiles, type ReviewArgs } from "./review.js";
import { loadSources, namespaceOptions, type SourceArgs } from "./sources.js";

/** Arguments of the `split` command. */
export interface SplitArgs extends SourceArgs, ReviewArgs {
  out: string;
  baseline?: string;
  /** `text` (the default) or `markdown`. */
  format?: "text" | "markdown";
}

/** Run `split`: write the data and reporting parts of the sources to two new files. */
export async function runSplit(args: SplitArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const sources = await loadSources(args, io, color);
  if (!sources) return ExitCode.Usage;
  const baseline = args.baseline !== undefined ? await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots }) : undefined;
  const inputDiagnostics = [...sources.diagnostics, ...(baseline?.diagnostics ?? [])];
  const documents = [...sources.program.documents, ...(baseline?.documents ?? [])];
  const outFiles = [join(args.out, "configuration-additions.mof"), join(args.out, "SMS_def-additions.mof")];
  const reviewProblem = reviewFileProblem(args, [...documents.map((d) => d.file), ...outFiles]);
  if (reviewProblem) {
    io.stderr.write(`mof-migrate: ${reviewProblem}\n`);
    return ExitCode.Usage;
  }
  if (hasErrors(inputDiagnostics)) {
    reportNotWritten(args, io, "the inputs have errors");
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
    { file: outFiles[0], bytes: split.dataBytes },
    { file: outFiles[1], bytes: split.reportingBytes },
  ];
  try {
    await mkdir(args.out, { recursive: true });
  } catch (e) {
    io.stderr.write(`mof-migrate: cannot create the folder '${args.out}': ${(e as Error).message}\n`);
    return ExitCode.Usage;
  }
  const targets = await Promise.all(files.map(async (f) => ({ file: f.file, originalBytes: await readFile(f.file).catch(() => null), newBytes: f.bytes })));
  const written = await writeTargets(targets, { backup: false });
  const diagnostics = sortDiagnostics(
    [...inputDiagnostics, ...split.diagnostics, ...written.diagnostics],
    sources.program.documents.map((d) => d.file),
  );
  const out: string[] = [];
  out.push(formatPlanSummary(split.plan, { color }));
  if (diagnostics.length > 0) out.push("", formatDiagnostics(diagnostics, { color, documents }), "", countDiagnostics(diagnostics));
  if (written.ok)
    out.push("", ...files.map((f, i) => (written.written[i].changed ? `wrote ${f.file} (${f.bytes.byteLength} bytes)` : `${f.file} is up to date`)));
  else out.push("", "nothing was written");
  let exitCode: number = written.ok ? ExitCode.Ok : ExitCode.Usage;
  const review: ReviewInput = {
    plan: split.plan,
    targets: targets.map((t) => ({ file: t.file, originalBytes: t.originalBytes, newBytes: t.newBytes })),
    diagnostics,
    documents,
    sources: sources.program.documents.map((d) => d.file),
    command: "split",
    mode: "write",
    written,
    ...(args.patch !== undefined ? { patchFile: args.patch } : {}),
    commandLine: commandLine(),
    root: patchRoot(outFiles),
  };
  const reviewLines: string[] = [];
  if (written.ok) {
    const saved = await writeReviewFiles(args, review, io);
    reviewLines.push(...saved.lines);
    if (!saved.ok) exitCode = ExitCode.Usage;
  } else reportNotWritten(args, io, "the write failed");
  if (args.format === "markdown") {
    io.stdout.write(formatReport(review, { format: "markdown" }) + "\n");
    for (const line of reviewLines) io.stderr.write(line + "\n");
    return exitCode;
  }
  io.stdout.write([...out, ...reviewLines].join("\n") + "\n");
  return exitCode;
}
