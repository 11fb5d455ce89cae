/**
 * `mof-migrate convert` and `mof-migrate split`: load the sources and the targets, plan, and then
 * preview (summary and diffs), check (exit code), write (safely), or report as JSON.
 */
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { applyPlan, splitSources } from "./apply.js";
import { checkProgram } from "./check.js";
import { ExitCode, type CliIo, countLine, formatDiagnostics, progress, sortDiagnostics, toJson, useColor } from "./cli-common.js";
import { formatPlanSummary } from "./cli-summary.js";
import type { Diagnostic } from "./diagnostics.js";
import { findMofFiles } from "./files.js";
import { loadMofFiles } from "./load.js";
import { parseMof, type MofDocument } from "./parse.js";
import { planMigration, type MigrationOptions, type MigrationPlan, type PlannedUnit, type TargetName } from "./plan.js";
import { hasErrors, type MofProgram } from "./program.js";
import { decodeMof } from "./source.js";
import { writeTargets, type WriteResult } from "./write.js";

/** Version of the `convert --json` document; see `schema/plan.schema.json`. */
export const CONVERT_JSON_VERSION = 1;

/** Arguments shared by `convert` and `split`. */
interface SourceArgs {
  sources: string[];
  include?: string[];
  exclude?: string[];
  defaultNamespace?: string;
  dataNamespace?: string;
  reportingNamespace?: string;
  allowOutsideRoots?: boolean;
  color?: string;
}

/** Arguments of the `convert` command. */
export interface ConvertArgs extends SourceArgs {
  configMof: string;
  smsDef: string;
  baseline?: string;
  replaceConflicts?: boolean;
  carryReportFlags?: boolean;
  write?: boolean;
  backupDir?: string;
  check?: boolean;
  json?: boolean;
}

/** Arguments of the `split` command. */
export interface SplitArgs extends SourceArgs {
  out: string;
  baseline?: string;
}

/** A target file as read from disk. */
interface ReadTarget {
  bytes: Uint8Array;
  document: MofDocument;
}

/**
 * Set to a file path, this file gets a line appended just before the targets are re-read for
 * writing: it lets tests change a target "at the same time" as a run.
 */
const TOUCH_BEFORE_WRITE = "MOF_MIGRATE_TEST_TOUCH_BEFORE_WRITE";

/** Run `convert`. Exit codes: 0 done (or nothing to do), 1 `--check` found pending changes, 2 bad input or write failure. */
export async function runConvert(args: ConvertArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  if (resolve(args.configMof) === resolve(args.smsDef)) {
    io.stderr.write("mof-migrate: --config-mof and --sms-def name the same file; data and reporting classes go to two different files\n");
    return ExitCode.Usage;
  }
  // A folder of sources that also holds the targets or the baseline must not migrate them into themselves.
  const notSources = [args.configMof, args.smsDef, ...(args.baseline !== undefined ? [args.baseline] : [])];
  const sources = await loadSources(args, io, color, notSources);
  if (!sources) return ExitCode.Usage;

  const problems: Diagnostic[] = [];
  const configuration = await readTarget(args.configMof, problems);
  const smsDef = await readTarget(args.smsDef, problems);
  let baseline: MofProgram | undefined;
  if (args.baseline !== undefined) {
    baseline = await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots });
    problems.push(...baseline.diagnostics);
  }
  if (!configuration || !smsDef || hasErrors(problems)) {
    const texts = textsOf([...(configuration ? [configuration.document] : []), ...(smsDef ? [smsDef.document] : []), ...(baseline?.documents ?? [])]);
    io.stderr.write(formatDiagnostics(sortDiagnostics(problems, []), texts, color) + "\n");
    const what = !configuration || !smsDef ? "cannot read the target files" : "the target files or the baseline have errors";
    io.stderr.write(`mof-migrate: ${what}; nothing was written\n`);
    return ExitCode.Usage;
  }

  const options: MigrationOptions = {
    ...namespaceOptions(args),
    replaceConflicts: args.replaceConflicts ?? false,
    ...(args.carryReportFlags !== undefined ? { carryReportFlags: args.carryReportFlags } : {}),
    ...(sources.inputRoot !== undefined ? { inputRoot: sources.inputRoot } : {}),
  };
  const plan = planMigration({ sources: sources.program, configurationMof: configuration.document, smsDefMof: smsDef.document, ...(baseline ? { baseline } : {}), options });
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
  // The diffs are shown in a preview and in JSON output; a plain --write run neither prints them
  // nor loads the diff module.
  const diffs: { file: string; target: TargetName; diff: string }[] = [];
  if ((args.json || !args.write) && changed.length > 0) {
    const { formatDiff } = await import("./diff.js");
    for (const a of changed) diffs.push({ file: a.file, target: a.target, diff: formatDiff(a.file, originals.get(a.file)?.document.source.text ?? "", a.text, { color: color && !args.json }) });
  }

  let written: WriteResult | undefined;
  if (args.write && !inputErrors && changed.length > 0) {
    written = await writeTargets(
      changed.map((a) => ({ file: a.file, originalBytes: originals.get(a.file)!.bytes, newBytes: a.bytes })),
      { ...(args.backupDir !== undefined ? { backupDir: args.backupDir } : {}), beforeVerify: testTouch(io) },
    );
  }
  const allDiagnostics = [...diagnostics, ...(written?.diagnostics ?? [])];

  const exitCode = inputErrors || (written && !written.ok) ? ExitCode.Usage : args.check && changed.length > 0 ? ExitCode.Findings : ExitCode.Ok;

  if (args.json) {
    const document = {
      schemaVersion: CONVERT_JSON_VERSION,
      mode: args.write ? "write" : args.check ? "check" : "preview",
      changes: changed.length > 0,
      inputErrors,
      exitCode,
      sources: sources.program.documents.map((d) => d.file),
      plan: planJson(plan),
      targets: applied.map((a) => ({ target: a.target, file: a.file, changed: a.changed, edits: a.edits.length, bytes: a.bytes.byteLength })),
      diagnostics: allDiagnostics,
      diffs: diffs.map(({ file, target, diff }) => ({ file, target, diff })),
      ...(written ? { written: { ok: written.ok, files: written.written } } : {}),
    };
    io.stdout.write(toJson(document) + "\n");
    return exitCode;
  }

  const texts = textsOf(documents);
  const out: string[] = [];
  if (inputErrors) {
    // With errors in the inputs the plan is incomplete: show the errors, not a misleading preview.
    io.stdout.write(formatDiagnostics(allDiagnostics, texts, color) + "\n\n");
    io.stdout.write(`${countLine(allDiagnostics)}: nothing was written\n`);
    return exitCode;
  }
  out.push(formatPlanSummary(plan, { color, cli: true }));
  if (allDiagnostics.length > 0) out.push("", formatDiagnostics(allDiagnostics, texts, color), "", countLine(allDiagnostics));
  if (!args.write) {
    for (const d of diffs) out.push("", d.diff.trimEnd());
  }
  out.push("", outcome(args, changed.map((a) => a.file), written));
  io.stdout.write(out.join("\n") + "\n");
  return exitCode;
}

/** Run `split`: write the data and reporting parts of the sources to two new files. */
export async function runSplit(args: SplitArgs, io: CliIo): Promise<number> {
  const color = useColor(args.color, io);
  const sources = await loadSources(args, io, color);
  if (!sources) return ExitCode.Usage;
  const baseline = args.baseline !== undefined ? await loadMofFiles([args.baseline], { allowOutsideRoots: args.allowOutsideRoots }) : undefined;
  const inputDiagnostics = [...sources.diagnostics, ...(baseline?.diagnostics ?? [])];
  const texts = textsOf([...sources.program.documents, ...(baseline?.documents ?? [])]);
  if (hasErrors(inputDiagnostics)) {
    io.stdout.write(formatDiagnostics(inputDiagnostics, texts, color) + "\n\n");
    io.stdout.write(`${countLine(inputDiagnostics)}: nothing was written\n`);
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
    io.stderr.write(`mof-migrate: cannot create the folder '${args.out}': ${(e as Error).message}\n`);
    return ExitCode.Usage;
  }
  const targets = await Promise.all(files.map(async (f) => ({ file: f.file, originalBytes: await readFile(f.file).catch(() => null), newBytes: f.bytes })));
  const written = await writeTargets(targets, { backup: false });
  const diagnostics = sortDiagnostics([...inputDiagnostics, ...split.diagnostics, ...written.diagnostics], sources.program.documents.map((d) => d.file));
  const out: string[] = [];
  if (split.plan) out.push(formatPlanSummary(split.plan, { color }));
  if (diagnostics.length > 0) out.push("", formatDiagnostics(diagnostics, texts, color), "", countLine(diagnostics));
  if (written.ok) out.push("", ...files.map((f, i) => (written.written[i].changed ? `wrote ${f.file} (${f.bytes.byteLength} bytes)` : `${f.file} is up to date`)));
  else out.push("", "nothing was written");
  io.stdout.write(out.join("\n") + "\n");
  return written.ok ? ExitCode.Ok : ExitCode.Usage;
}

/** What `convert` found and did, as the last line(s) of its text output. */
function outcome(args: ConvertArgs, changedFiles: string[], written: WriteResult | undefined): string {
  if (changedFiles.length === 0) return "The targets are up to date: nothing to write.";
  if (written?.ok) return written.written.filter((w) => w.changed).map((w) => `wrote ${w.file}${w.backup ? ` (backup: ${w.backup})` : ""}`).join("\n");
  if (written) return "Nothing was written.";
  const files = changedFiles.join(" and ");
  if (args.check) return `${files} would change (exit code 1).`;
  return `Preview only: nothing was written. Run again with --write to change ${files}.`;
}

/**
 * Find and load the sources, leaving out the files in `notSources`; `undefined` (after printing
 * why) when an input is missing.
 */
async function loadSources(args: SourceArgs, io: CliIo, color: boolean, notSources: readonly string[] = []) {
  const found = await findMofFiles(args.sources, { include: args.include, exclude: args.exclude });
  if (found.diagnostics.length > 0) io.stderr.write(formatDiagnostics(found.diagnostics, new Map(), color) + "\n");
  if (hasErrors(found.diagnostics)) return undefined;
  const skip = new Set(notSources.map((f) => resolve(f)));
  const files = found.files.filter((f) => !skip.has(resolve(f)));
  for (const f of found.files) if (skip.has(resolve(f))) io.stderr.write(`mof-migrate: leaving out ${f}: it is a target or the baseline, not a source\n`);
  if (files.length === 0) {
    io.stderr.write("mof-migrate: no MOF files in the sources given\n");
    return undefined;
  }
  const shown = progress(io, files.length, `reading ${files.length} MOF files…`);
  const program = await loadMofFiles(files, { allowOutsideRoots: args.allowOutsideRoots });
  // Semantic errors (a duplicate property, a value out of range) would make mofcomp reject the
  // target on the clients: they stop a write like syntax errors do.
  const semantic = checkProgram(program, { defaultNamespace: args.defaultNamespace });
  shown.done();
  return { program, diagnostics: [...program.diagnostics, ...semantic], inputRoot: commonFolder(found.roots) };
}

async function readTarget(file: string, problems: Diagnostic[]): Promise<ReadTarget | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    problems.push({ code: "read-error", severity: "error", message: `cannot read '${file}': ${reason}`, file, start: 0, end: 0, line: 0, column: 0 });
    return undefined;
  }
  const document = parseMof(decodeMof(bytes), { file });
  problems.push(...document.diagnostics);
  return { bytes, document };
}

function namespaceOptions(args: SourceArgs): MigrationOptions {
  return {
    ...(args.defaultNamespace !== undefined ? { defaultNamespace: args.defaultNamespace } : {}),
    ...(args.dataNamespace !== undefined ? { dataNamespace: args.dataNamespace } : {}),
    ...(args.reportingNamespace !== undefined ? { reportingNamespace: args.reportingNamespace } : {}),
  };
}

function textsOf(documents: readonly MofDocument[]) {
  return new Map(documents.map((d) => [d.file, { text: d.source.text, lines: d.lines }]));
}

/** The deepest folder that holds every root (as spelled by the user when there is one root). */
function commonFolder(roots: readonly string[]): string | undefined {
  if (roots.length === 0) return undefined;
  if (roots.length === 1) return roots[0];
  const split = roots.map((r) => resolve(r).split(sep));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length > 0 ? common.join(sep) || sep : undefined;
}

/** The test hook of {@link TOUCH_BEFORE_WRITE}. */
function testTouch(io: CliIo): (() => Promise<void>) | undefined {
  const file = io.env[TOUCH_BEFORE_WRITE];
  if (!file) return undefined;
  return async () => {
    const { appendFile } = await import("node:fs/promises");
    await appendFile(file, "\r\n// changed by someone else\r\n");
  };
}

/** The plan without documents and texts: what `--json` prints. */
export function planJson(plan: MigrationPlan) {
  return {
    options: plan.options,
    summary: plan.summary,
    units: plan.units.map(unitJson),
  };
}

function unitJson(u: PlannedUnit) {
  return {
    id: u.id,
    kind: u.kind,
    name: u.name,
    namespace: u.namespace,
    category: u.category,
    ...(u.reason !== undefined ? { reason: u.reason } : {}),
    targetNamespace: u.targetNamespace,
    ...(u.target !== undefined ? { target: u.target } : {}),
    action: u.action,
    writes: u.writes,
    message: u.message,
    source: u.source,
    ...(u.found ? { found: u.found } : {}),
    differences: u.differences,
    flagChanges: u.flagChanges.map((f) => ({ ...(f.member !== undefined ? { member: f.member } : {}), source: f.source, target: f.target })),
  };
}
