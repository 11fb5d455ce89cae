/**
 * `mof-migrate convert`: load the sources and the targets, plan, and then preview (summary and
 * diffs), check (exit code), write (safely), or report as JSON.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  applyPlan,
  countDiagnostics,
  formatDiagnostics,
  formatDiff,
  formatPlanSummary,
  hasErrors,
  loadMofFiles,
  PLAN_JSON_VERSION,
  planMigration,
  planToJson,
  readMofFile,
  recoverWrites,
  sortDiagnostics,
  writeTargets,
  type Diagnostic,
  type MigrationOptions,
  type MofDocument,
  type MofFileResult,
  type MofProgram,
  type TargetName,
  type WriteResult,
} from "../index.js";
import { visibleText } from "../syntax.js";
import { ExitCode, type CliIo, toJson, useColor } from "./io.js";
import { loadSources, namespaceOptions, type SourceArgs } from "./sources.js";

/** Arguments of the `convert` command. */
export interface ConvertArgs extends SourceArgs {
  configMof: string;
  smsDef: string;
  baseline?: string;
  replaceConflicts?: boolean;
  carryReportFlags?: boolean;
  write?: boolean;
  backupDir?: string;
  force?: boolean;
  check?: boolean;
  json?: boolean;
}

/** The option names the plan summary suggests. */
export const OPTION_NAMES = { replaceConflicts: "--replace-conflicts", carryReportFlags: "--carry-report-flags" } as const;

/** Run `convert`. Exit codes: 0 done (or nothing to do), 1 `--check` found pending changes, 2 bad input or write failure. */
export async function runConvert(args: ConvertArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  if (sameFile(args.configMof, args.smsDef)) {
    io.stderr.write("mof-migrate: --config-mof and --sms-def name the same file; data and reporting classes go to two different files\n");
    return ExitCode.Usage;
  }
  // Before anything is read: a write of these targets cut short before is completed or undone.
  const recovery = await recoverWrites([args.configMof, args.smsDef], args.backupDir !== undefined ? { backupDir: args.backupDir } : {});
  // A folder of sources that also holds the targets or the baseline must not migrate them into themselves.
  const notSources = [args.configMof, args.smsDef, ...(args.baseline !== undefined ? [args.baseline] : [])];
  const sources = await loadSources(args, io, color, notSources);
  if (!sources) return ExitCode.Usage;

  const configuration = await readMofFile(args.configMof);
  const smsDef = await readMofFile(args.smsDef);
  const problems: Diagnostic[] = [...recovery.diagnostics, ...configuration.diagnostics, ...smsDef.diagnostics];
  let baseline: MofProgram | undefined;
  if (args.baseline !== undefined) {
    baseline = await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots });
    for (const d of baseline.diagnostics) problems.push(d);
  }
  if (!configuration.ok || !smsDef.ok || hasErrors(problems)) {
    const documents = [...documentOf(configuration), ...documentOf(smsDef), ...(baseline?.documents ?? [])];
    io.stderr.write(formatDiagnostics(sortDiagnostics(problems), { color, documents }) + "\n");
    const what = !configuration.ok || !smsDef.ok ? "cannot read the target files" : "the target files or the baseline have errors";
    io.stderr.write(`mof-migrate: ${what}; nothing was written\n`);
    return ExitCode.Usage;
  }

  const options: MigrationOptions = {
    ...namespaceOptions(args),
    replaceConflicts: args.replaceConflicts ?? false,
    ...(args.carryReportFlags !== undefined ? { carryReportFlags: args.carryReportFlags } : {}),
    ...(sources.inputRoot !== undefined ? { inputRoot: sources.inputRoot } : {}),
  };
  const plan = planMigration({
    sources: sources.program,
    configurationMof: configuration.document,
    smsDefMof: smsDef.document,
    ...(baseline ? { baseline } : {}),
    options,
  });
  const applied = applyPlan(plan);
  const originals = new Map([
    [configuration.document.file, configuration],
    [smsDef.document.file, smsDef],
  ]);

  const documents = [...sources.program.documents, configuration.document, smsDef.document, ...(baseline?.documents ?? [])];
  const diagnostics = sortDiagnostics(
    [...sources.diagnostics, ...problems, ...plan.diagnostics, ...applied.flatMap((a) => a.diagnostics)],
    documents.map((d) => d.file),
  );
  const inputErrors = hasErrors(diagnostics) || applied.some((a) => a.failed);
  const changed = applied.filter((a) => a.changed);
  // The diffs are shown in a preview and in JSON output; a plain --write run prints none.
  const diffs: { file: string; target: TargetName; diff: string }[] = [];
  if (args.json || !args.write) {
    for (const a of changed)
      diffs.push({
        file: a.file,
        target: a.target,
        diff: formatDiff(a.file, originals.get(a.file)?.document.source.text ?? "", a.text, { color: color && !args.json }),
      });
  }

  // The text of the plan is made before anything is written, so that a write is never followed by a failure to report it.
  const summary = args.json || inputErrors ? "" : formatPlanSummary(plan, { color, optionNames: OPTION_NAMES });
  let written: WriteResult | undefined;
  if (args.write && !inputErrors && changed.length > 0) {
    written = await writeTargets(
      changed.map((a) => ({ file: a.file, originalBytes: originals.get(a.file)!.bytes, newBytes: a.bytes })),
      { ...(args.backupDir !== undefined ? { backupDir: args.backupDir } : {}), ...(args.force ? { replaceReadOnly: true } : {}) },
    );
  }
  const allDiagnostics = [...diagnostics, ...(written?.diagnostics ?? [])];

  const exitCode = inputErrors || (written && !written.ok) ? ExitCode.Usage : args.check && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok;

  if (args.json) {
    const document = {
      schemaVersion: PLAN_JSON_VERSION,
      mode: args.write ? "write" : args.check ? "check" : "preview",
      changes: changed.length > 0,
      inputErrors,
      exitCode,
      sources: sources.program.documents.map((d) => d.file),
      plan: planToJson(plan),
      targets: applied.map((a) => ({ target: a.target, file: a.file, changed: a.changed, edits: a.edits.length, bytes: a.bytes.byteLength })),
      diagnostics: allDiagnostics,
      diffs,
      ...(written ? { written: { ok: written.ok, files: written.written } } : {}),
    };
    io.stdout.write(toJson(document) + "\n");
    return exitCode;
  }

  const out: string[] = [];
  if (inputErrors) {
    // With errors in the inputs the plan is incomplete: show the errors, not a misleading preview.
    io.stdout.write(formatDiagnostics(allDiagnostics, { color, documents }) + "\n\n");
    io.stdout.write(`${countDiagnostics(allDiagnostics)}: nothing was written\n`);
    return exitCode;
  }
  out.push(summary);
  if (allDiagnostics.length > 0) out.push("", formatDiagnostics(allDiagnostics, { color, documents }), "", countDiagnostics(allDiagnostics));
  if (!args.write) {
    for (const d of diffs) out.push("", d.diff.trimEnd());
  }
  out.push(
    "",
    outcome(
      args,
      changed.map((a) => a.file),
      written,
    ),
  );
  io.stdout.write(out.join("\n") + "\n");
  return exitCode;
}

/** What `convert` found and did, as the last line(s) of its text output. */
function outcome(args: ConvertArgs, changedFiles: string[], written: WriteResult | undefined): string {
  if (changedFiles.length === 0) return "The targets are up to date: nothing to write.";
  if (written?.ok)
    return written.written
      .filter((w) => w.changed)
      .map((w) => `wrote ${visibleText(w.file)}${w.backup ? ` (backup: ${visibleText(w.backup)})` : ""}`)
      .join("\n");
  if (written) return "Nothing was written.";
  const files = changedFiles.map(visibleText).join(" and ");
  if (args.check) return `${files} would change (exit code 1).`;
  return `Preview only: nothing was written. Run again with --write to change ${files}.`;
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
