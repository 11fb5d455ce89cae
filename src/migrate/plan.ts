/**
 * The migration plan: every unit of the sources, classified, compared with the ConfigMgr
 * targets (configuration.mof for data, SMS_def.mof for reporting classes) and, when given, the
 * stock SMS 2003 SMS_def.mof, with the action to take and the reasons. Nothing is written here;
 * `applyPlan` turns the plan into text edits.
 */
import { DiagnosticSink, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { DOCUMENT_SHAPE } from "../document/parse.js";
import { PROGRAM_SHAPE, programFromDocuments, type MofProgram } from "../program/program.js";
import { checkOptions, checkShape, invalidArgument, isObject } from "../util/arguments.js";
import { analyzeSources, resolveMigrationOptions, type MigrationOptions, type ResolvedMigrationOptions, type SourceAnalysis } from "./analysis.js";
import type { TargetName } from "./configmgr.js";
import { crossCheck } from "./crosscheck.js";
import { planUnits, summarize, targetIndex, type PlannedUnit, type PlanSummary } from "./decide.js";
import { buildUnits, type MofUnit } from "./units.js";

/** A target file of the plan. */
export interface PlanTarget {
  readonly name: TargetName;
  readonly document: MofDocument;
  /** The target's own units. */
  readonly units: readonly MofUnit[];
}

/** Everything {@link planMigration} decides. */
export interface MigrationPlan {
  readonly options: ResolvedMigrationOptions;
  /** Every unit of the sources, in compile order. */
  readonly units: readonly PlannedUnit[];
  readonly targets: { readonly configuration: PlanTarget; readonly smsDef: PlanTarget };
  /**
   * What the plan found, sorted by file and position: alias problems of the sources (aliases
   * are scoped per compiled file), `#pragma deleteclass` lines that name no class, and the
   * cross-checks.
   */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
}

/** What the argument checks look at to tell a {@link MigrationPlan} from anything else. */
export const PLAN_SHAPE = {
  what: "a MigrationPlan from planMigration",
  fields: { options: "object", units: "array", targets: "object", diagnostics: "array", summary: "object" },
} as const;

function checkPlanInput(input: unknown): void {
  const fn = "planMigration";
  if (!isObject(input)) throw invalidArgument(fn, "input must be an object { sources, configurationMof, smsDefMof }", input);
  checkShape(fn, "input.sources", input.sources, PROGRAM_SHAPE.what, PROGRAM_SHAPE.fields);
  checkShape(fn, "input.configurationMof", input.configurationMof, DOCUMENT_SHAPE.what, DOCUMENT_SHAPE.fields);
  checkShape(fn, "input.smsDefMof", input.smsDefMof, DOCUMENT_SHAPE.what, DOCUMENT_SHAPE.fields);
  const baseline = input.baseline;
  if (baseline !== undefined && !(isObject(baseline) && (Array.isArray(baseline.roots) || Array.isArray(baseline.productions))))
    throw invalidArgument(fn, "input.baseline must be a MofProgram or a MofDocument", baseline);
  checkOptions(fn, input.options);
}

/** Input of {@link planMigration}. */
export interface PlanInput {
  /** The SMS 2003 files: SMS_def.mof and mini-MOFs. */
  readonly sources: MofProgram;
  /** The ConfigMgr configuration.mof (data classes). */
  readonly configurationMof: MofDocument;
  /** The ConfigMgr SMS_def.mof (reporting classes). */
  readonly smsDefMof: MofDocument;
  /** The stock SMS 2003 SMS_def.mof: units identical to it are not migrated. */
  readonly baseline?: MofProgram | MofDocument;
  readonly options?: MigrationOptions;
}

/**
 * Plan a migration: classify every unit of the sources and decide, per unit, what happens in
 * its target (see {@link PlanAction}). Also runs the cross-checks (reporting classes without a
 * data class, SMS_Class_ID problems, missing `#pragma deleteclass`, undefined aliases,
 * provider registrations, files without a namespace pragma). Never throws on bad MOF input.
 *
 * @throws TypeError when `input` is not a {@link PlanInput}: `sources` a program from
 * `loadMofFiles`, `configurationMof` and `smsDefMof` documents from `parseMof` or `readMofFile`.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  checkPlanInput(input);
  const options = resolveMigrationOptions(input.options);
  const configurationProgram = programFromDocuments([input.configurationMof]);
  const smsDefProgram = programFromDocuments([input.smsDefMof]);
  const analysis = analyzeSources(input.sources, input.baseline, options, [configurationProgram, smsDefProgram]);
  const configuration = buildUnits(configurationProgram, { reportingNamespace: options.reportingNamespace });
  const smsDef = buildUnits(smsDefProgram, { reportingNamespace: options.reportingNamespace });
  const planned = planUnits(analysis, {
    configuration: targetIndex("configuration", configuration.units, analysis.identity),
    smsDef: targetIndex("smsDef", smsDef.units, analysis.identity),
  });
  return {
    options,
    units: planned,
    targets: {
      configuration: { name: "configuration", document: input.configurationMof, units: configuration.units },
      smsDef: { name: "smsDef", document: input.smsDefMof, units: smsDef.units },
    },
    diagnostics: planDiagnostics(analysis, planned, configuration.units, smsDef.units),
    summary: summarize(planned),
  };
}

/** The plan's diagnostics (see {@link MigrationPlan.diagnostics}). */
export function planDiagnostics(
  analysis: SourceAnalysis,
  planned: readonly PlannedUnit[],
  configuration?: readonly MofUnit[],
  smsDef?: readonly MofUnit[],
): Diagnostic[] {
  const sink = new DiagnosticSink();
  sink.add(analysis.sources.symbols.problems);
  sink.add(analysis.sources.diagnostics);
  crossCheck({ analysis, planned, ...(configuration ? { configuration } : {}), ...(smsDef ? { smsDef } : {}) }, sink);
  return sortDiagnostics(
    sink.diagnostics,
    analysis.sources.symbols.program.documents.map((d) => d.file),
  );
}
