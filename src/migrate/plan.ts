/**
 * The migration plan: every unit of the sources, classified, compared with the ConfigMgr
 * targets and, when given, the stock SMS 2003 SMS_def.mof, with the action to take and the
 * reasons. The targets depend on the kind of site (see `target-kind.ts`): configuration.mof and
 * SMS_def.mof on ConfigMgr 2007; configuration.mof's "Added extensions" section and an import
 * MOF on ConfigMgr 2012 and later (Current Branch). Nothing is written here; `applyPlan` turns
 * the plan into text edits.
 */
import { DiagnosticSink, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { DOCUMENT_SHAPE, parseMof } from "../document/parse.js";
import { sourceFromString } from "../document/source.js";
import { inventoryProblems } from "../program/inventory.js";
import { PROGRAM_SHAPE, programFromDocuments, type MofProgram } from "../program/program.js";
import { checkOptions, checkShape, invalidArgument, isObject } from "../util/arguments.js";
import { analyzeSources, asProgram, resolveMigrationOptions, type MigrationOptions, type ResolvedMigrationOptions, type SourceAnalysis } from "./analysis.js";
import type { TargetKind, TargetName } from "./configmgr.js";
import { crossCheck, type CrossCheckInput } from "./crosscheck.js";
import { planUnits, summarize, type PlannedUnit, type PlanSummary } from "./decide.js";
import { findExtensionsSection } from "./extensions-section.js";
import { CM2007 } from "./kind-cm2007.js";
import { CURRENT_BRANCH } from "./kind-current-branch.js";
import { siteClasses, type SiteClasses } from "./site-classes.js";
import type { PlanTarget, PlanTargets, TargetKindRules } from "./target-kind.js";
import { buildUnits } from "./units.js";

export type { PlanTarget, PlanTargets } from "./target-kind.js";

/** Everything {@link planMigration} decides. */
export interface MigrationPlan {
  /** The kind of site the plan writes to. */
  readonly kind: TargetKind;
  readonly options: ResolvedMigrationOptions;
  /** Every unit of the sources, in compile order. */
  readonly units: readonly PlannedUnit[];
  /** configuration.mof, and `smsDef` (ConfigMgr 2007) or `importMof` (Current Branch). */
  readonly targets: PlanTargets;
  /** The site's classes the reporting units were compared with (Current Branch, when given). */
  readonly siteClasses?: SiteClasses;
  /**
   * What the plan found, sorted by file and position: alias problems of the sources (aliases
   * are scoped per compiled file), `#pragma deleteclass` lines that name no class, the
   * cross-checks, and the checks of the target kind.
   */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
}

/** What the argument checks look at to tell a {@link MigrationPlan} from anything else. */
export const PLAN_SHAPE = {
  what: "a MigrationPlan from planMigration",
  fields: { options: "object", units: "array", targets: "object", diagnostics: "array", summary: "object" },
} as const;

const isProgramOrDocument = (value: unknown): boolean => isObject(value) && (Array.isArray(value.roots) || Array.isArray(value.productions));

function checkPlanInput(input: unknown): void {
  const fn = "planMigration";
  if (!isObject(input))
    throw invalidArgument(fn, "input must be an object { sources, configurationMof, smsDefMof } or { sources, configurationMof, target }", input);
  checkShape(fn, "input.sources", input.sources, PROGRAM_SHAPE.what, PROGRAM_SHAPE.fields);
  checkShape(fn, "input.configurationMof", input.configurationMof, DOCUMENT_SHAPE.what, DOCUMENT_SHAPE.fields);
  const target = input.target;
  if (target !== undefined && !(isObject(target) && (target.kind === "cm2007" || target.kind === "current-branch")))
    throw invalidArgument(fn, 'input.target must be { kind: "cm2007" } or { kind: "current-branch", importMof }', target);
  if (isObject(target) && target.kind === "current-branch") {
    if (typeof target.importMof !== "string")
      checkShape(fn, "input.target.importMof", target.importMof, DOCUMENT_SHAPE.what + " or a path", DOCUMENT_SHAPE.fields);
    if (target.siteClasses !== undefined && !isProgramOrDocument(target.siteClasses))
      throw invalidArgument(fn, "input.target.siteClasses must be a MofProgram or a MofDocument", target.siteClasses);
  } else checkShape(fn, "input.smsDefMof", input.smsDefMof, DOCUMENT_SHAPE.what, DOCUMENT_SHAPE.fields);
  for (const name of ["baseline", "unreadSources"] as const) {
    const value = input[name];
    if (value !== undefined && !isProgramOrDocument(value)) throw invalidArgument(fn, `input.${name} must be a MofProgram or a MofDocument`, value);
  }
  checkOptions(fn, input.options);
}

/** What every {@link PlanInput} has. */
export interface PlanInputBase {
  /** The SMS 2003 files: SMS_def.mof and mini-MOFs. */
  readonly sources: MofProgram;
  /** The ConfigMgr configuration.mof (data classes). */
  readonly configurationMof: MofDocument;
  /** The stock SMS 2003 SMS_def.mof: units identical to it are not migrated. */
  readonly baseline?: MofProgram | MofDocument;
  /**
   * MOF files found beside the sources but not read as sources (`findMofFiles` lists them as
   * `skipped`: kits ship the data half as `*.mof.txt` and the like): a reporting class whose
   * data class is only there says so.
   */
  readonly unreadSources?: MofProgram;
  readonly options?: MigrationOptions;
}

/** A migration into a ConfigMgr 2007 site: data classes to configuration.mof, reporting classes to SMS_def.mof. */
export interface Cm2007PlanInput extends PlanInputBase {
  /** The ConfigMgr SMS_def.mof (reporting classes). */
  readonly smsDefMof: MofDocument;
  readonly target?: { readonly kind: "cm2007" };
}

/**
 * A ConfigMgr 2012 or later (Current Branch) site: data classes go into configuration.mof's
 * "Added extensions" section, reporting classes into a MOF the admin imports in the console.
 */
export interface CurrentBranchTarget {
  readonly kind: "current-branch";
  /** The import MOF as it is now, or the path of one that does not exist yet. */
  readonly importMof: MofDocument | string;
  /**
   * The site's hardware-inventory classes as the console exports them (Set Classes > Export),
   * or in the 2007 SMS_def.mof format: classes the site has are not imported again, and one the
   * site has in another form is a conflict.
   */
  readonly siteClasses?: MofProgram | MofDocument;
}

/** A migration into a Current Branch site. */
export interface CurrentBranchPlanInput extends PlanInputBase {
  readonly target: CurrentBranchTarget;
}

/** Input of {@link planMigration}: a ConfigMgr 2007 target (the default) or a Current Branch one. */
export type PlanInput = Cm2007PlanInput | CurrentBranchPlanInput;

/**
 * Plan a migration: classify every unit of the sources and decide, per unit, what happens in
 * its target (see {@link PlanAction}). Also runs the cross-checks (reporting classes without a
 * data class, SMS_Class_ID problems, missing `#pragma deleteclass`, undefined aliases,
 * provider registrations, files without a namespace pragma) and those of the target kind (for
 * Current Branch: the "Added extensions" markers, units outside them, the import MOF's
 * classes). Never throws on bad MOF input.
 *
 * @throws TypeError when `input` is not a {@link PlanInput}: `sources` a program from
 * `loadMofFiles`, `configurationMof` and `smsDefMof` (or `target.importMof`) documents from
 * `parseMof` or `readMofFile`.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  checkPlanInput(input);
  const options = resolveMigrationOptions(input.options);
  const currentBranch = input.target?.kind === "current-branch" ? (input as CurrentBranchPlanInput).target : undefined;
  const kind: TargetKindRules = currentBranch ? CURRENT_BRANCH : CM2007;
  const documents: Partial<Record<TargetName, { document: MofDocument; exists: boolean }>> = {
    configuration: { document: input.configurationMof, exists: true },
  };
  if (currentBranch) documents.importMof = importMofDocument(currentBranch.importMof);
  else documents.smsDef = { document: (input as Cm2007PlanInput).smsDefMof, exists: true };

  const programs = new Map<TargetName, MofProgram>();
  for (const name of kind.targetNames) programs.set(name, programFromDocuments([documents[name]!.document]));
  const analysis = analyzeSources(input.sources, input.baseline, options, [...programs.values()]);
  const target = (name: TargetName): PlanTarget => {
    const { document, exists } = documents[name]!;
    const units = buildUnits(programs.get(name)!, { reportingNamespace: options.reportingNamespace }).units;
    const section = currentBranch && name === "configuration" ? findExtensionsSection(document) : undefined;
    return { name, document, units, exists, ...(section ? { section } : {}) };
  };
  const targets: PlanTargets = {
    configuration: target("configuration"),
    ...(currentBranch ? { importMof: target("importMof") } : { smsDef: target("smsDef") }),
  };
  const site = currentBranch?.siteClasses ? siteClasses(asProgram(currentBranch.siteClasses)) : undefined;
  const planned = planUnits(analysis, kind.placement(targets, analysis.identity, site, options));
  const sink = new DiagnosticSink();
  kind.check({ analysis, planned, targets, ...(site ? { site } : {}) }, sink);
  const reporting = targets.smsDef ?? targets.importMof;
  return {
    kind: kind.kind,
    options,
    units: planned,
    targets,
    ...(site ? { siteClasses: site } : {}),
    diagnostics: planDiagnostics(
      analysis,
      planned,
      {
        configuration: targets.configuration.units,
        ...(reporting ? { smsDef: reporting.units } : {}),
        ...(input.unreadSources ? { unread: input.unreadSources } : {}),
      },
      sink.diagnostics,
    ),
    summary: summarize(planned),
  };
}

/** The import MOF's document: the one given, or an empty one for a file that does not exist yet. */
function importMofDocument(importMof: MofDocument | string): { document: MofDocument; exists: boolean } {
  if (typeof importMof !== "string") return { document: importMof, exists: true };
  return { document: parseMof(sourceFromString("", { eol: "\r\n" }), { file: importMof }), exists: false };
}

/** The plan's diagnostics (see {@link MigrationPlan.diagnostics}); `extra` are the target kind's. */
export function planDiagnostics(
  analysis: SourceAnalysis,
  planned: readonly PlannedUnit[],
  around: Pick<CrossCheckInput, "configuration" | "smsDef" | "unread"> = {},
  extra: readonly Diagnostic[] = [],
): Diagnostic[] {
  const sink = new DiagnosticSink();
  sink.add(analysis.sources.symbols.problems);
  // The inventory rules `check` applies too (the same objects: merged lists keep one of each).
  sink.add(inventoryProblems(analysis.sources.symbols, analysis.options.reportingNamespace));
  sink.add(analysis.sources.diagnostics);
  crossCheck({ analysis, planned, ...around }, sink);
  sink.add(extra);
  const files = analysis.sources.symbols.program.documents.map((d) => d.file);
  return sortDiagnostics(sink.diagnostics, files);
}
