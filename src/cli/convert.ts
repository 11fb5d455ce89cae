/**
 * `mof-migrate convert`: load the sources and the targets, plan, and then preview (summary and
 * diffs), check (exit code), write (safely), or report as JSON. The targets are configuration.mof
 * and SMS_def.mof (`--sms-def`, ConfigMgr 2007) or configuration.mof and an import MOF
 * (`--import-mof`, ConfigMgr 2012 and later, optionally with the site's classes).
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  applyPlan,
  countDiagnostics,
  formatDiagnostics,
  formatDiff,
  formatPlanSummary,
  formatReport,
  hasErrors,
  loadMofFiles,
  parseMof,
  PLAN_JSON_VERSION,
  planMigration,
  planToJson,
  readMofFile,
  recoverWrites,
  sortDiagnostics,
  writeTargets,
  type AppliedTarget,
  type Diagnostic,
  type MigrationOptions,
  type MofDocument,
  type MofFileResult,
  type MofProgram,
  type ReviewInput,
  type PlanInput,
  type TargetName,
  type WriteResult,
} from "../index.js";
import { visibleText } from "../syntax.js";
import { ExitCode, type CliIo, toJson, useColor } from "./io.js";
import { patchRoot, reportNotWritten, reviewFileProblem, runReviewFields, writeReviewFiles, type ReviewArgs } from "./review.js";
import { loadSources, namespaceOptions, type SourceArgs } from "./sources.js";

/** Arguments of the `convert` command. */
export interface ConvertArgs extends SourceArgs, ReviewArgs {
  configMof: string;
  /** ConfigMgr 2007: the SMS_def.mof reporting classes are added to. */
  smsDef?: string;
  /** ConfigMgr 2012 and later: the MOF of reporting classes to import in the console (made when missing). */
  importMof?: string;
  /** ConfigMgr 2012 and later: the site's classes as the console exports them. */
  siteClasses?: string;
  baseline?: string;
  replaceConflicts?: boolean;
  carryReportFlags?: boolean;
  write?: boolean;
  backupDir?: string;
  force?: boolean;
  check?: boolean;
  json?: boolean;
  /** `text` (the default), `markdown` (GitHub-flavoured, for a pull request), or `json` (as `--json`). */
  format?: "text" | "markdown" | "json";
  /** `false` (`--no-diff`): no diffs in a preview. */
  diff?: boolean;
  /** Only the totals, the errors and the outcome. */
  quiet?: boolean;
}

/** The option names the plan summary suggests. */
export const OPTION_NAMES = { replaceConflicts: "--replace-conflicts", carryReportFlags: "--carry-report-flags" } as const;

/** Run `convert`. Exit codes: 0 done (or nothing to do), 1 `--check` found pending changes, 2 bad input or write failure. */
export async function runConvert(args: ConvertArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const usage = usageProblem(args);
  if (usage) {
    io.stderr.write(`mof-migrate: ${usage}\n`);
    return ExitCode.Usage;
  }
  const reportingFile = (args.smsDef ?? args.importMof)!;
  // Before anything is read: a write of these targets cut short before is completed or undone.
  const recovery = await recoverWrites([args.configMof, reportingFile], args.backupDir !== undefined ? { backupDir: args.backupDir } : {});
  // A folder of sources that also holds the targets or the baseline must not migrate them into themselves.
  const notSources = [args.configMof, reportingFile, ...[args.siteClasses, args.baseline].filter((f) => f !== undefined)];
  const sources = await loadSources(args, io, color, notSources);
  if (!sources) return ExitCode.Usage;
  const reviewProblem = reviewFileProblem(args, [...notSources, ...sources.program.documents.map((d) => d.file)]);
  if (reviewProblem) {
    io.stderr.write(`mof-migrate: ${reviewProblem}\n`);
    return ExitCode.Usage;
  }

  const configuration = await readMofFile(args.configMof);
  // An import MOF that does not exist yet is made; every other file must be there.
  const newImportMof = args.importMof !== undefined && (await isMissing(args.importMof));
  const reporting = newImportMof ? undefined : await readMofFile(reportingFile);
  const site = args.siteClasses !== undefined ? await readMofFile(args.siteClasses) : undefined;
  const read = [configuration, ...(reporting ? [reporting] : []), ...(site ? [site] : [])];
  const problems: Diagnostic[] = [...recovery.diagnostics];
  for (const r of read) for (const d of r.diagnostics) problems.push(d);
  let baseline: MofProgram | undefined;
  if (args.baseline !== undefined) {
    baseline = await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots });
    for (const d of baseline.diagnostics) problems.push(d);
  }
  if (read.some((r) => !r.ok) || hasErrors(problems)) {
    const documents = [...read.flatMap(documentOf), ...(baseline?.documents ?? [])];
    io.stderr.write(formatDiagnostics(sortDiagnostics(problems), { color: useColor(args.color, io, io.stderr), documents }) + "\n");
    const what = read.some((r) => !r.ok) ? "cannot read the target files" : `the target files${site ? ", the site's classes" : ""} or the baseline have errors`;
    io.stderr.write(`mof-migrate: ${what}; nothing was written\n`);
    return ExitCode.Usage;
  }
  const configurationDocument = (configuration as Extract<MofFileResult, { ok: true }>).document;
  const reportingDocument = reporting?.ok ? reporting.document : undefined;
  const siteDocument = site?.ok ? site.document : undefined;

  const options: MigrationOptions = {
    ...namespaceOptions(args),
    replaceConflicts: args.replaceConflicts ?? false,
    ...(args.carryReportFlags !== undefined ? { carryReportFlags: args.carryReportFlags } : {}),
    ...(sources.inputRoot !== undefined ? { inputRoot: sources.inputRoot } : {}),
  };
  const common = {
    sources: sources.program,
    configurationMof: configurationDocument,
    ...(baseline ? { baseline } : {}),
    ...(sources.unread ? { unreadSources: sources.unread } : {}),
    options,
  };
  const input: PlanInput =
    args.importMof !== undefined
      ? {
          ...common,
          target: { kind: "current-branch", importMof: reportingDocument ?? args.importMof, ...(siteDocument ? { siteClasses: siteDocument } : {}) },
        }
      : { ...common, smsDefMof: reportingDocument! };
  const plan = planMigration(input);
  const applied = applyPlan(plan);
  // The bytes each target was read with; null for a file that is made.
  const originals = new Map<string, { text: string; bytes: Uint8Array | null }>();
  for (const r of [configuration, ...(reporting ? [reporting] : [])])
    if (r.ok) originals.set(r.document.file, { text: r.document.source.text, bytes: r.bytes });
  if (newImportMof) originals.set(args.importMof!, { text: "", bytes: null });

  const documents = [
    ...sources.program.documents,
    configurationDocument,
    ...(reportingDocument ? [reportingDocument] : []),
    ...(siteDocument ? [siteDocument] : []),
    ...(baseline?.documents ?? []),
  ];
  const diagnostics = sortDiagnostics(
    [...sources.diagnostics, ...problems, ...plan.diagnostics, ...applied.flatMap((a) => a.diagnostics)],
    documents.map((d) => d.file),
  );
  const inputErrors = hasErrors(diagnostics) || applied.some((a) => a.failed);
  const changed = applied.filter((a) => a.changed);
  // The diffs are shown in a preview and in JSON output; a plain --write run prints none.
  const diffs: { file: string; target: TargetName; diff: string }[] = [];
  const json = args.json || args.format === "json";
  const showDiffs = args.diff !== false && !(args.quiet && !json);
  if (showDiffs && (json || !args.write)) {
    for (const a of changed)
      diffs.push({
        file: a.file,
        target: a.target,
        diff: formatDiff(a.file, originals.get(a.file)?.text ?? "", a.text, { color: color && !args.json && args.format !== "json", newFile: a.created }),
      });
  }

  // The text of the plan is made before anything is written, so that a write is never followed by a failure to report it.
  const summary = args.json || inputErrors ? "" : formatPlanSummary(plan, { color, optionNames: OPTION_NAMES, brief: args.quiet === true });
  let written: WriteResult | undefined;
  if (args.write && !inputErrors && changed.length > 0) {
    written = await writeTargets(
      changed.map((a) => ({ file: a.file, originalBytes: originals.get(a.file)?.bytes ?? null, newBytes: a.bytes })),
      { ...(args.backupDir !== undefined ? { backupDir: args.backupDir } : {}), ...(args.force ? { replaceReadOnly: true } : {}) },
    );
  }
  const allDiagnostics = [...diagnostics, ...(written?.diagnostics ?? [])];

  let exitCode: number = inputErrors || (written && !written.ok) ? ExitCode.Usage : args.check && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok;

  // The review files: only for a run that made its plan from good inputs (and, with --write,
  // whose write succeeded); a failed run leaves none that could be taken for its result.
  const reviewTargets = applied.map((a) => ({ file: a.file, target: a.target, originalBytes: originals.get(a.file)!.bytes, newBytes: a.bytes }));
  const review: ReviewInput = {
    plan,
    targets: reviewTargets,
    diagnostics: allDiagnostics,
    documents,
    sources: sources.program.documents.map((d) => d.file),
    command: "convert",
    ...runReviewFields(args, written),
    root: patchRoot(reviewTargets.map((t) => t.file)),
  };
  const reviewLines: string[] = [];
  if (exitCode === ExitCode.Usage) {
    reportNotWritten(args, io, inputErrors ? "the inputs have errors" : "the write failed");
  } else {
    const saved = await writeReviewFiles(args, review, io);
    reviewLines.push(...saved.lines);
    if (!saved.ok) exitCode = ExitCode.Usage;
  }

  if (args.json || args.format === "json") {
    const document = {
      schemaVersion: PLAN_JSON_VERSION,
      mode: args.write ? "write" : args.check ? "check" : "preview",
      changes: changed.length > 0,
      inputErrors,
      exitCode,
      sources: sources.program.documents.map((d) => d.file),
      target: targetJson(args, applied),
      plan: planToJson(plan),
      targets: applied.map((a) => ({
        target: a.target,
        file: a.file,
        created: a.created,
        changed: a.changed,
        edits: a.edits.length,
        bytes: a.bytes.byteLength,
      })),
      diagnostics: allDiagnostics,
      diffs,
      ...(written ? { written: { ok: written.ok, files: written.written } } : {}),
    };
    io.stdout.write(toJson(document) + "\n");
    for (const line of reviewLines) io.stderr.write(line + "\n");
    return exitCode;
  }

  if (args.format === "markdown") {
    io.stdout.write(formatReport(review, { format: "markdown" }) + "\n");
    for (const line of reviewLines) io.stderr.write(line + "\n");
    return exitCode;
  }

  const out: string[] = [];
  if (inputErrors) {
    // With errors in the inputs nothing is written, but the admin sees what would happen to the rest.
    io.stdout.write(formatDiagnostics(allDiagnostics, { color, documents }) + "\n\n");
    io.stdout.write("The plan below is not applied: fix the errors first.\n");
    io.stdout.write(formatPlanSummary(plan, { color, optionNames: OPTION_NAMES }) + "\n\n");
    io.stdout.write(`${countDiagnostics(allDiagnostics)}: nothing was written\n`);
    return exitCode;
  }
  out.push(summary);
  const shown = args.quiet ? allDiagnostics.filter((d) => d.severity === "error") : allDiagnostics;
  if (shown.length > 0) out.push("", formatDiagnostics(shown, { color, documents }));
  if (allDiagnostics.length > 0) out.push("", countDiagnostics(allDiagnostics));
  if (!args.write) {
    for (const d of diffs) out.push("", d.diff.trimEnd());
  }
  out.push("", outcome(args, changed, written), ...reviewLines);
  io.stdout.write(out.join("\n") + "\n");
  return exitCode;
}

/** What `convert` found and did, as the last line(s) of its text output. */
function outcome(args: ConvertArgs, changed: readonly AppliedTarget[], written: WriteResult | undefined): string {
  if (changed.length === 0) return "The targets are up to date: nothing to write.";
  if (written?.ok) {
    const lines = written.written
      .filter((w) => w.changed)
      .map(
        (w) =>
          `wrote ${visibleText(w.file)}${w.backup ? ` (backup: ${visibleText(w.backup)})` : changed.some((a) => a.file === w.file && a.created) ? " (new file)" : ""}`,
      );
    const importMof = changed.find((a) => a.target === "importMof");
    if (importMof) lines.push(...importSteps(importMof.file));
    return lines.join("\n");
  }
  if (written) return "Nothing was written.";
  const files = changed.map((a) => (a.created ? `create ${visibleText(a.file)}` : visibleText(a.file))).join(" and ");
  if (args.check) return `${changed.map((a) => visibleText(a.file)).join(" and ")} would change (exit code 1).`;
  return `Preview only: nothing was written. Run again with --write to ${changed.some((a) => !a.created) ? "change " : ""}${files}.`;
}

/** What the admin does with a written import MOF. */
function importSteps(file: string): string[] {
  return [
    `Next, import ${visibleText(file)} in the Configuration Manager console (at the top-level site): Administration > Client Settings >`,
    "Default Client Settings > Properties > Hardware Inventory > Set Classes > Import, and import both the classes and their settings.",
  ];
}

/** The usage problem of the target options, if any. */
function usageProblem(args: ConvertArgs): string | undefined {
  if (args.smsDef === undefined && args.importMof === undefined) {
    return "give the target of the reporting classes: --sms-def <file> for a ConfigMgr 2007 site, or --import-mof <file> for ConfigMgr 2012 and later (current branch)";
  }
  if (args.smsDef !== undefined && args.importMof !== undefined) {
    return "--sms-def and --import-mof are two kinds of target: --sms-def for a ConfigMgr 2007 site, --import-mof for ConfigMgr 2012 and later (current branch); give one of them";
  }
  if (args.siteClasses !== undefined && args.importMof === undefined)
    return "--site-classes goes with --import-mof: it is the class list of a current branch site";
  const reporting = (args.smsDef ?? args.importMof)!;
  const option = args.smsDef !== undefined ? "--sms-def" : "--import-mof";
  if (sameFile(args.configMof, reporting)) {
    return `--config-mof and ${option} name the same file; data and reporting classes go to two different files`;
  }
  if (args.siteClasses !== undefined && sameFile(args.siteClasses, reporting)) {
    return "--import-mof and --site-classes name the same file: the import MOF is written, the site's classes are only read";
  }
  return undefined;
}

async function isMissing(file: string): Promise<boolean> {
  return stat(file).then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === "ENOENT",
  );
}

/** The `target` member of the JSON document: the kind of site and its files. */
function targetJson(args: ConvertArgs, applied: readonly AppliedTarget[]): Record<string, unknown> {
  if (args.importMof === undefined) return { kind: "cm2007", configurationMof: args.configMof, smsDef: args.smsDef };
  const importMof = applied.find((a) => a.target === "importMof");
  const classes = importMof
    ? parseMof(importMof.text, { file: importMof.file }).productions.flatMap((p) =>
        p.kind === "class" && p.name.name.toLowerCase() !== "sms_class_template" ? [p.name.name] : [],
      )
    : [];
  return {
    kind: "current-branch",
    configurationMof: args.configMof,
    importMof: { file: args.importMof, exists: importMof ? !importMof.created : true, classes },
    ...(args.siteClasses !== undefined ? { siteClasses: args.siteClasses } : {}),
  };
}

/** True when two paths name one file (the same path, a link and its file, two hard links). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function documentOf(result: MofFileResult): MofDocument[] {
  return result.ok ? [result.document] : [];
}
