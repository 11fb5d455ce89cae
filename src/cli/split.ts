/**
 * `mof-migrate split`: the data and reporting parts of the sources as two new files. Like
 * `convert`, it previews by default (the plan and a diff of each file), writes only with
 * `--write` (backing up a file it replaces), answers `--check` with its exit code, and writes
 * nothing when any input has an error. A part with nothing in it is not written.
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  countDiagnostics,
  decodeMof,
  formatDiagnostics,
  formatDiff,
  formatPlanSummary,
  formatReport,
  hasErrors,
  loadMofFiles,
  recoverWrites,
  sortDiagnostics,
  splitSources,
  writeTargets,
  type ReviewInput,
  type WriteResult,
} from "../index.js";
import { visibleText } from "../syntax.js";
import { ExitCode, type CliIo, useColor } from "./io.js";
import { patchRoot, reportNotWritten, reviewFileProblem, runReviewFields, writeReviewFiles, type ReviewArgs } from "./review.js";
import { loadSources, namespaceOptions, type SourceArgs } from "./sources.js";

/** Arguments of the `split` command. */
export interface SplitArgs extends SourceArgs, ReviewArgs {
  out: string;
  baseline?: string;
  write?: boolean;
  check?: boolean;
  backupDir?: string;
  /** `text` (the default) or `markdown`. */
  format?: "text" | "markdown";
  /** Only the totals, the errors and the outcome. */
  quiet?: boolean;
}

/** One of the two files `split` makes. */
interface SplitFile {
  readonly file: string;
  /** What the file is for, in messages. */
  readonly what: string;
  readonly text: string;
  readonly bytes: Uint8Array;
  /** The bytes on disk now; null when there is no such file. */
  readonly existing: Uint8Array | null;
}

/** Run `split`. Exit codes: 0 done (or nothing to do), 1 `--check` found files that would change, 2 errors in the inputs or a failed write. */
export async function runSplit(args: SplitArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const sources = await loadSources(args, io, color);
  if (!sources) return ExitCode.Usage;
  const baseline = args.baseline !== undefined ? await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots }) : undefined;
  const documents = [...sources.program.documents, ...(baseline?.documents ?? [])];
  const outFiles = [join(args.out, "configuration-additions.mof"), join(args.out, "SMS_def-additions.mof")];
  const reviewProblem = reviewFileProblem(args, [...documents.map((d) => d.file), ...outFiles]);
  if (reviewProblem) {
    io.stderr.write(`mof-migrate: ${reviewProblem}\n`);
    return ExitCode.Usage;
  }
  const split = splitSources(sources.program, {
    ...namespaceOptions(args),
    ...(sources.inputRoot !== undefined ? { inputRoot: sources.inputRoot } : {}),
    ...(baseline ? { baseline } : {}),
    ...(sources.unread ? { unreadSources: sources.unread } : {}),
  });
  // A write of these files cut short before is completed or undone first: compare with what is meant to be there.
  const recovery = await recoverWrites(outFiles);
  const diagnostics = sortDiagnostics(
    [...sources.diagnostics, ...(baseline?.diagnostics ?? []), ...split.diagnostics, ...recovery.diagnostics],
    documents.map((d) => d.file),
  );
  const summary = formatPlanSummary(split.plan, { color, brief: args.quiet === true });

  if (hasErrors(diagnostics)) {
    reportNotWritten(args, io, "the inputs have errors");
    // The plan is shown for what it is worth; an error anywhere means nothing is written.
    const out = [formatDiagnostics(diagnostics, { color, documents }), "", "The plan below is not applied: fix the errors first.", summary, ""];
    out.push(`${countDiagnostics(diagnostics)}: nothing was written`);
    io.stdout.write(out.join("\n") + "\n");
    return ExitCode.Usage;
  }

  const files: SplitFile[] = [];
  for (const [name, what, text, bytes] of [
    ["configuration-additions.mof", "data classes", split.data, split.dataBytes],
    ["SMS_def-additions.mof", "reporting classes", split.reporting, split.reportingBytes],
  ] as const) {
    const file = join(args.out, name);
    const existing = await readFile(file).then(
      (b) => new Uint8Array(b),
      () => null,
    );
    files.push({ file, what, text, bytes, existing });
  }
  // A part without units is never written: an empty MOF file helps nobody.
  const empty = files.filter((f) => f.text === "");
  const changed = files.filter((f) => f.text !== "" && !sameBytes(f.existing, f.bytes));

  const out: string[] = [summary];
  const shown = args.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
  if (shown.length > 0) out.push("", formatDiagnostics(shown, { color, documents }));
  if (diagnostics.length > 0) out.push("", countDiagnostics(diagnostics));
  if (!args.write && !args.quiet) {
    for (const f of changed) {
      const before = f.existing ? decodeMof(f.existing).text : "";
      out.push("", formatDiff(f.file, before, f.text, { color }).trimEnd());
    }
  }
  out.push("");
  for (const f of empty)
    out.push(`nothing for ${visibleText(f.file)}: the sources have no ${f.what} to write${f.existing ? " (the file there is left as it is)" : ""}`);

  let written: WriteResult | undefined;
  if (args.write && changed.length > 0) {
    try {
      await mkdir(args.out, { recursive: true });
    } catch (e) {
      io.stderr.write(`mof-migrate: cannot create the folder '${visibleText(args.out)}': ${visibleText((e as Error).message)}\n`);
      return ExitCode.Usage;
    }
    written = await writeTargets(
      changed.map((f) => ({ file: f.file, originalBytes: f.existing, newBytes: f.bytes })),
      args.backupDir !== undefined ? { backupDir: args.backupDir } : {},
    );
    if (written.diagnostics.length > 0) out.push(formatDiagnostics(written.diagnostics, { color }));
  }
  let exitCode: number = written && !written.ok ? ExitCode.Usage : args.check && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok;

  // The review files: only for a run whose write (if any) succeeded.
  const review: ReviewInput = {
    plan: split.plan,
    targets: files.filter((f) => f.text !== "").map((f) => ({ file: f.file, originalBytes: f.existing, newBytes: f.bytes })),
    diagnostics: [...diagnostics, ...(written?.diagnostics ?? [])],
    documents,
    sources: sources.program.documents.map((d) => d.file),
    command: "split",
    ...runReviewFields(args, written),
    root: patchRoot(outFiles),
  };
  const reviewLines: string[] = [];
  if (exitCode === ExitCode.Usage) reportNotWritten(args, io, "the write failed");
  else {
    const saved = await writeReviewFiles(args, review, io);
    reviewLines.push(...saved.lines);
    if (!saved.ok) exitCode = ExitCode.Usage;
  }
  if (args.format === "markdown") {
    io.stdout.write(formatReport(review, { format: "markdown" }) + "\n");
    for (const line of reviewLines) io.stderr.write(line + "\n");
    return exitCode;
  }
  out.push(outcome(args, changed, written), ...reviewLines);
  io.stdout.write(out.join("\n") + "\n");
  return exitCode;
}

/** The last line(s) of the output: what was written, or what would be. */
function outcome(args: SplitArgs, changed: readonly SplitFile[], written: WriteResult | undefined): string {
  if (changed.length === 0) return "The files are up to date: nothing to write.";
  if (written?.ok) {
    return written.written
      .filter((w) => w.changed)
      .map((w) => {
        const bytes = changed.find((f) => f.file === w.file)?.bytes.byteLength ?? 0;
        return `wrote ${visibleText(w.file)} (${bytes} bytes${w.backup ? `; backup: ${visibleText(w.backup)}` : ""})`;
      })
      .join("\n");
  }
  if (written) return "Nothing was written.";
  const names = changed.map((f) => visibleText(f.file)).join(" and ");
  if (args.check) return `${names} would change (exit code 1).`;
  return `Preview only: nothing was written. Run again with --write to write ${names}.`;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  return (
    a !== null && a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
  );
}
