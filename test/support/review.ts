/**
 * The review of the samples' convert, made with the library as a user would, for the report
 * tests: paths relative to the working folder (as the command line shows them), a fixed date
 * and version so that the output does not change from run to run.
 */
import { relative, resolve } from "node:path";
import { applyPlan, checkProgram, loadMofFiles, planMigration, readMofFile, sortDiagnostics, type ReviewInput } from "mof-migrate";

const root = resolve(import.meta.dirname, "..", "..");
/** A file of the repository, relative to the working folder. */
export const repoPath = (path: string): string => relative(process.cwd(), resolve(root, path)) || ".";

/** The samples' sources, targets and baseline, planned and applied, as a review. */
export async function samplesReview(overrides: Partial<ReviewInput> = {}): Promise<ReviewInput> {
  const sources = await loadMofFiles(
    [repoPath("samples/sms2003")].flatMap((d) => [
      `${d}/SMS_def.mof`,
      `${d}/mini/bios_ext.mof`,
      `${d}/mini/no_pragma.mof`,
      `${d}/mini/own_namespace.mof`,
      `${d}/mini/printers.mof`,
      `${d}/mini/provider_alias.mof`,
    ]),
  );
  const configuration = await readMofFile(repoPath("samples/cm2007/configuration.mof"));
  const smsDef = await readMofFile(repoPath("samples/cm2007/SMS_def.mof"));
  const baseline = await loadMofFiles([repoPath("samples/baseline/SMS_def.mof")]);
  if (!configuration.ok || !smsDef.ok) throw new Error("the samples' targets do not load");
  const plan = planMigration({
    sources,
    configurationMof: configuration.document,
    smsDefMof: smsDef.document,
    baseline,
    options: { inputRoot: repoPath("samples/sms2003") },
  });
  const applied = applyPlan(plan);
  const originals = { configuration: configuration.bytes, smsDef: smsDef.bytes };
  const documents = [...sources.documents, configuration.document, smsDef.document];
  return {
    plan,
    targets: applied.map((a) => ({ file: a.file, target: a.target, originalBytes: originals[a.target], newBytes: a.bytes })),
    diagnostics: sortDiagnostics(
      [...sources.diagnostics, ...checkProgram(sources), ...plan.diagnostics, ...applied.flatMap((a) => a.diagnostics)],
      documents.map((d) => d.file),
    ),
    documents,
    sources: sources.documents.map((d) => d.file),
    command: "convert",
    mode: "preview",
    date: new Date("2026-01-15T09:30:00Z"),
    toolVersion: "1.2.3",
    ...overrides,
  };
}
