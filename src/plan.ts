/**
 * The migration plan: every unit of the sources, classified, compared with the ConfigMgr
 * targets (configuration.mof for data, SMS_def.mof for reporting classes) and, when given, the
 * stock SMS 2003 SMS_def.mof, with the action to take and the reasons. Nothing is written here;
 * `applyPlan` turns the plan into text edits.
 */
import { qualifierName, type ClassDeclaration, type Feature } from "./ast.js";
import { DeclarationCatalog, describeDeclaration, findQualifier, type Difference } from "./compare.js";
import { crossCheck } from "./crosscheck.js";
import type { Diagnostic } from "./diagnostics.js";
import { DEFAULT_NAMESPACE, namespacePath, type ResolvedDeclaration } from "./namespaces.js";
import type { MofDocument } from "./parse.js";
import { programFromDocuments, type MofProgram } from "./program.js";
import {
  buildUnits,
  classifyUnit,
  declaredClassMap,
  DEFAULT_DATA_NAMESPACE,
  DEFAULT_REPORTING_NAMESPACE,
  type Classification,
  type LeftOutReason,
  type MofUnit,
  type UnitKind,
  type UnitsResult,
} from "./units.js";

/** Options of {@link planMigration}. */
export interface MigrationOptions {
  /** Where data classes normally live and where reporting classes read them; `root\cimv2` by default. */
  dataNamespace?: string;
  /** Namespace of the reporting classes; `root\cimv2\sms` by default. */
  reportingNamespace?: string;
  /** Namespace of source files without `#pragma namespace` (mofcomp's `-N:`); `root\default` by default. */
  defaultNamespace?: string;
  /** Replace a definition the target has in another form, instead of reporting a conflict. */
  replaceConflicts?: boolean;
  /** Apply `SMS_Report` flag changes to the class already in the target, instead of only reporting them. */
  carryReportFlags?: boolean;
  /** Folder the source paths in provenance comments and reports are made relative to. */
  inputRoot?: string;
}

/** {@link MigrationOptions} with every default filled in. */
export interface ResolvedMigrationOptions {
  readonly dataNamespace: string;
  readonly reportingNamespace: string;
  readonly defaultNamespace: string;
  readonly replaceConflicts: boolean;
  readonly carryReportFlags: boolean;
  readonly inputRoot?: string;
}

/** The two files a migration writes to. */
export type TargetName = "configuration" | "smsDef";

/**
 * What happens to a unit:
 * - `append`: the target lacks it; it is appended.
 * - `already-there`: the target has an equivalent definition; nothing is written.
 * - `stock`: identical to the stock SMS 2003 SMS_def.mof (the baseline); not migrated.
 * - `conflict`: the target defines it differently; nothing is written, the differences are reported.
 * - `replace`: like `conflict`, but the target's definition is replaced in place (`replaceConflicts`).
 * - `flag-change`: a reporting class the target has, differing only in `SMS_Report` values; reported.
 * - `carry-flags`: like `flag-change`, and the values are changed in the target (`carryReportFlags`).
 * - `left-out`: not hardware inventory (console exports, task-sequence actions, …); see `reason`.
 * - `superseded`: the sources define the same thing again later; only the last definition counts.
 */
export type PlanAction = "append" | "already-there" | "stock" | "conflict" | "replace" | "flag-change" | "carry-flags" | "left-out" | "superseded";

/** Every action, in report order. */
export const PLAN_ACTIONS: readonly PlanAction[] = ["append", "replace", "carry-flags", "flag-change", "conflict", "already-there", "stock", "superseded", "left-out"];

/** A replacement of `length` characters at `offset` by `content` (jsonc-parser style), on a decoded text. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/** A place in a file. `path` is the file relative to `inputRoot` (with `/`), or the file as given. */
export interface FileLocation {
  readonly file: string;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly start: number;
  readonly end: number;
}

/** One `SMS_Report` value that differs between the source and the target. */
export interface FlagChange {
  /** Property or method; absent for the class's own flag. */
  readonly member?: string;
  /** Effective value in the source (no qualifier means FALSE). */
  readonly source: boolean;
  /** Effective value in the target. */
  readonly target: boolean;
  /** The edit of the target text that sets the source's value. */
  readonly edit: TextEdit;
}

/** A unit with its classification and action. JSON-friendly apart from `unit`. */
export interface PlannedUnit {
  /** The unit itself (declarations and verbatim parts, with their documents). */
  readonly unit: MofUnit;
  readonly id: string;
  readonly kind: UnitKind;
  readonly name: string;
  /** Normalised namespace in the source. */
  readonly namespace: string;
  readonly category: Classification["category"];
  /** Why it is left out (for `left-out`). */
  readonly reason?: LeftOutReason;
  /** Namespace it is written into (the reporting namespace for reporting units). */
  readonly targetNamespace: string;
  readonly targetNamespaceSpelling: string;
  /** The file it belongs in; absent for left-out units. */
  readonly target?: TargetName;
  readonly action: PlanAction;
  /** True when the unit changes its target file (`append`, `replace`, `carry-flags`). */
  readonly writes: boolean;
  /** One sentence saying what happens and why. */
  readonly message: string;
  /** Where the unit's main declaration is in the sources. */
  readonly source: FileLocation;
  /** Where the target (or, for `stock`, the baseline; for `superseded`, the later source) has it. */
  readonly found?: FileLocation;
  /** Structural differences (`conflict`, `replace`, `flag-change`, `carry-flags`, `superseded`). */
  readonly differences: readonly Difference[];
  /** `SMS_Report` values to change (`flag-change`, `carry-flags`). */
  readonly flagChanges: readonly FlagChange[];
  /**
   * For `replace`: ranges of the target text that hold its definition. The first one is
   * replaced by the unit, the others are removed.
   */
  readonly replaceRanges: readonly { readonly start: number; readonly end: number }[];
}

/** A target file of the plan. */
export interface PlanTarget {
  readonly name: TargetName;
  readonly document: MofDocument;
  /** The target's own units. */
  readonly units: readonly MofUnit[];
}

/** How many units got each action, overall and per target. */
export interface PlanSummary {
  readonly actions: Readonly<Record<PlanAction, number>>;
  readonly configuration: Readonly<Record<PlanAction, number>>;
  readonly smsDef: Readonly<Record<PlanAction, number>>;
}

/** Everything {@link planMigration} decides. */
export interface MigrationPlan {
  readonly options: ResolvedMigrationOptions;
  /** Every unit of the sources, in compile order. */
  readonly units: readonly PlannedUnit[];
  readonly targets: { readonly configuration: PlanTarget; readonly smsDef: PlanTarget };
  /** Cross-checks and notes, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly summary: PlanSummary;
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

/** Fill in the defaults of {@link MigrationOptions}. */
export function resolveMigrationOptions(options: MigrationOptions = {}): ResolvedMigrationOptions {
  return {
    dataNamespace: namespacePath(options.dataNamespace ?? DEFAULT_DATA_NAMESPACE),
    reportingNamespace: namespacePath(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE),
    defaultNamespace: namespacePath(options.defaultNamespace ?? DEFAULT_NAMESPACE),
    replaceConflicts: options.replaceConflicts ?? false,
    carryReportFlags: options.carryReportFlags ?? false,
    ...(options.inputRoot !== undefined ? { inputRoot: options.inputRoot } : {}),
  };
}

/** A program, whether given as a program or as one document. */
export function asProgram(input: MofProgram | MofDocument): MofProgram {
  return "roots" in input ? input : programFromDocuments([input]);
}

/** Declarations indexed by identity key (several when a file defines one twice; the last one counts). */
export type DeclarationIndex = Map<string, ResolvedDeclaration[]>;

/** The parts of a plan shared by {@link planMigration} and `splitSources`. */
export interface SourceAnalysis {
  readonly options: ResolvedMigrationOptions;
  readonly sources: UnitsResult;
  readonly classifications: ReadonlyMap<MofUnit, Classification>;
  readonly catalog: DeclarationCatalog;
  /** Units defined again later in the sources, with the unit that supersedes them. */
  readonly superseded: ReadonlyMap<MofUnit, MofUnit>;
  readonly baseline?: { readonly units: UnitsResult; readonly index: DeclarationIndex };
}

/** Units, classification, duplicates and baseline comparison of the sources alone. */
export function analyzeSources(sources: MofProgram, baselineInput: MofProgram | MofDocument | undefined, options: ResolvedMigrationOptions): SourceAnalysis {
  const unitOptions = { defaultNamespace: options.defaultNamespace, reportingNamespace: options.reportingNamespace };
  const analysed = buildUnits(sources, unitOptions);
  const declared = declaredClassMap(analysed.units);
  const classifications = new Map(analysed.units.map((u) => [u, classifyUnit(u, declared, options)]));
  const catalog = new DeclarationCatalog().add(analysed.walk.declarations);
  let baseline: SourceAnalysis["baseline"];
  if (baselineInput) {
    const units = buildUnits(asProgram(baselineInput), { reportingNamespace: options.reportingNamespace });
    catalog.add(units.walk.declarations);
    baseline = { units, index: indexDeclarations(units.units, catalog) };
  }
  // The same thing defined twice: the later definition wins, as in mofcomp.
  const superseded = new Map<MofUnit, MofUnit>();
  const last = new Map<string, MofUnit>();
  for (const u of analysed.units) {
    const c = classifications.get(u)!;
    if (c.category === "left-out") continue;
    const key = c.category + "|" + catalog.keyOf(u.primary, c.targetNamespace);
    const previous = last.get(key);
    if (previous) superseded.set(previous, u);
    last.set(key, u);
  }
  return { options, sources: analysed, classifications, catalog, superseded, ...(baseline ? { baseline } : {}) };
}

/**
 * Plan a migration: classify every unit of the sources and decide, per unit, what happens in
 * its target (see {@link PlanAction}). Also runs the cross-checks (reporting classes without a
 * data class, SMS_Class_ID problems, missing `#pragma deleteclass`, undefined aliases,
 * provider registrations, files without a namespace pragma). Never throws on bad input.
 */
export function planMigration(input: PlanInput): MigrationPlan {
  const options = resolveMigrationOptions(input.options);
  const analysis = analyzeSources(input.sources, input.baseline, options);
  const { catalog } = analysis;

  const targetUnits = (document: MofDocument) => buildUnits(programFromDocuments([document]), { reportingNamespace: options.reportingNamespace });
  const configuration = targetUnits(input.configurationMof);
  const smsDef = targetUnits(input.smsDefMof);
  catalog.add(configuration.walk.declarations).add(smsDef.walk.declarations);
  const planned = planUnits(analysis, {
    configuration: targetIndex("configuration", configuration.units, catalog),
    smsDef: targetIndex("smsDef", smsDef.units, catalog),
  });
  const diagnostics = [
    ...analysis.sources.diagnostics,
    ...crossCheck({ analysis, planned, configuration: configuration.units, smsDef: smsDef.units }),
  ].sort(byPosition);

  return {
    options,
    units: planned,
    targets: {
      configuration: { name: "configuration", document: input.configurationMof, units: configuration.units },
      smsDef: { name: "smsDef", document: input.smsDefMof, units: smsDef.units },
    },
    diagnostics,
    summary: summarize(planned),
  };
}

/** A target as the planner sees it: its units, and its declarations by identity key. */
export interface TargetIndex {
  readonly name: TargetName;
  readonly units: readonly MofUnit[];
  readonly index: DeclarationIndex;
  readonly unitOf: ReadonlyMap<ResolvedDeclaration, MofUnit>;
}

/** Index the units of a target for {@link planUnits}. */
export function targetIndex(name: TargetName, units: readonly MofUnit[], catalog: DeclarationCatalog): TargetIndex {
  const unitOf = new Map<ResolvedDeclaration, MofUnit>();
  for (const u of units) for (const d of u.declarations) unitOf.set(d, u);
  return { name, units, index: indexDeclarations(units, catalog), unitOf };
}

/**
 * Decide the action of every source unit. Without targets (splitting the sources into two new
 * files), every data and reporting unit that is neither stock nor superseded is an `append`.
 */
export function planUnits(analysis: SourceAnalysis, targets?: { readonly configuration: TargetIndex; readonly smsDef: TargetIndex }): PlannedUnit[] {
  const { catalog, classifications, options } = analysis;
  return analysis.sources.units.map((unit): PlannedUnit => {
    const c = classifications.get(unit)!;
    const source = declarationLocation(unit.primary, options);
    const targetName: TargetName | undefined = c.category === "left-out" ? undefined : c.category === "data" ? "configuration" : "smsDef";
    // One literal per unit, with the fields always in the same order.
    const planned = (action: PlanAction, writes: boolean, message: string, more: Outcome = {}): PlannedUnit => ({
      unit,
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      namespace: unit.namespace,
      category: c.category,
      ...(c.reason ? { reason: c.reason } : {}),
      targetNamespace: c.targetNamespace,
      targetNamespaceSpelling: c.targetNamespaceSpelling,
      source,
      differences: more.differences ?? [],
      flagChanges: more.flagChanges ?? [],
      replaceRanges: more.replaceRanges ?? [],
      ...(targetName ? { target: targetName } : {}),
      action,
      writes,
      message,
      ...(more.found ? { found: more.found } : {}),
    });
    if (targetName === undefined) return planned("left-out", false, `left out: ${c.explanation}`);
    const fileName = targetName === "configuration" ? "configuration.mof" : "SMS_def.mof";

    const later = analysis.superseded.get(unit);
    if (later) {
      const differences = compareUnits(unit, c, later.declarations, catalog, c.category === "reporting" ? c.targetNamespace : undefined);
      const message = `${label(unit)} is defined again later in the sources${differences.length ? " differently" : ""}; only the later definition is migrated`;
      return planned("superseded", false, message, { found: declarationLocation(later.primary, options), differences });
    }

    if (analysis.baseline && isEquivalent(unit, c, analysis.baseline.index, catalog)) {
      const stock = lastOf(analysis.baseline.index.get(catalog.keyOf(unit.primary, c.targetNamespace)));
      return planned("stock", false, `${label(unit)} is identical to the stock SMS_def.mof: not migrated`, stock ? { found: declarationLocation(stock, options) } : {});
    }

    const target = targets?.[targetName];
    const existing = target ? lastOf(target.index.get(catalog.keyOf(unit.primary, c.targetNamespace))) : undefined;
    if (!target || !existing) {
      return planned("append", true, `${label(unit)} is appended to ${fileName} (${c.targetNamespaceSpelling})`);
    }
    const found = declarationLocation(existing, options);
    const targetUnit = target.unitOf.get(existing)!;
    const differences = compareUnits(unit, c, targetUnit.declarations, catalog, undefined, target.index);
    if (differences.length === 0) {
      return planned("already-there", false, `${label(unit)} is already in ${fileName} (same definition)`, { found });
    }
    if (c.category === "reporting") {
      const flags = flagChanges(unit, existing, differences);
      if (flags && flags.length === 0) {
        return planned("already-there", false, `${label(unit)} is already in ${fileName} (same report flags)`, { found });
      }
      if (flags) {
        const list = flags.map((f) => `${f.member ?? "class"} ${f.target ? "TRUE" : "FALSE"} -> ${f.source ? "TRUE" : "FALSE"}`).join(", ");
        return options.carryReportFlags
          ? planned("carry-flags", true, `${label(unit)}: SMS_Report flags set in ${fileName} as in the source (${list})`, { found, differences, flagChanges: flags })
          : planned("flag-change", false, `${label(unit)}: only SMS_Report flags differ from ${fileName} (${list}); not changed`, { found, differences, flagChanges: flags });
      }
    }
    const summary = differences.slice(0, 3).map(describeDifference).join("; ") + (differences.length > 3 ? `; and ${differences.length - 3} more` : "");
    if (options.replaceConflicts) {
      return planned("replace", true, `${label(unit)} replaces the different definition in ${fileName}: ${summary}`, { found, differences, replaceRanges: replaceRanges(targetUnit) });
    }
    return planned("conflict", false, `${label(unit)} is defined differently in ${fileName}: ${summary}; not written`, { found, differences });
  });
}

/** What {@link planUnits} found beyond the action, for the fields of a {@link PlannedUnit}. */
interface Outcome {
  readonly found?: FileLocation;
  readonly differences?: readonly Difference[];
  readonly flagChanges?: readonly FlagChange[];
  readonly replaceRanges?: readonly { readonly start: number; readonly end: number }[];
}

/** Sort order of diagnostics: file, then position. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start;
}

/** `Contoso_Printer (data class, root\cimv2)` and the like, for messages. */
export function label(unit: MofUnit): string {
  const what = unit.kind === "class" ? "class" : unit.kind === "provider" ? "provider registration" : unit.kind === "namespace" ? "namespace" : unit.kind === "qualifier" ? "qualifier" : "instance of";
  return what === "instance of" ? `instance of ${unit.name} (${unit.namespaceSpelling})` : `${what} ${unit.name} (${unit.namespaceSpelling})`;
}

/** One line for a difference: `EstimatedSize: type uint32 in the source, string in the target`. */
export function describeDifference(d: Difference): string {
  const where = d.member ? `${d.member}: ` : d.aspect === "declaration" ? "" : `${d.declaration}: `;
  const what = d.aspect === "qualifier" ? `qualifier ${d.qualifier}` : d.aspect === "member" ? "member" : d.aspect === "declaration" ? d.declaration : d.aspect;
  if (d.source === undefined) return `${where}${what} only in the target${d.target && d.aspect !== "declaration" ? ` (${d.target})` : ""}`;
  if (d.target === undefined) return `${where}${what} only in the source${d.aspect !== "declaration" ? ` (${d.source})` : ""}`;
  return `${where}${what} ${d.source} in the source, ${d.target} in the target`;
}

/** Where a declaration is, as a {@link FileLocation}. */
export function declarationLocation(d: ResolvedDeclaration, options: Pick<MigrationOptions, "inputRoot">): FileLocation {
  const { line, column } = d.document.lines.position(d.node.start);
  return { file: d.document.file, path: relativePath(d.document.file, options.inputRoot), line, column, start: d.node.start, end: d.node.end };
}

/** `file` relative to `root` with `/` separators when it lies below it; else `file` with `/`. */
export function relativePath(file: string, root: string | undefined): string {
  const f = file.replace(/\\/g, "/");
  if (!root) return f;
  const r = root.replace(/\\/g, "/").replace(/\/+$/, "");
  if (r === "" || r === ".") return f.replace(/^\.\//, "");
  return f.startsWith(r + "/") ? f.slice(r.length + 1) : f;
}

function lastOf<T>(list: readonly T[] | undefined): T | undefined {
  return list?.[list.length - 1];
}

function indexDeclarations(units: readonly MofUnit[], catalog: DeclarationCatalog): DeclarationIndex {
  const index: DeclarationIndex = new Map();
  for (const u of units) {
    for (const d of u.declarations) {
      const key = catalog.keyOf(d);
      const list = index.get(key);
      if (list) list.push(d);
      else index.set(key, [d]);
    }
  }
  return index;
}

/** The namespace a declaration of a unit is compared in. */
function compareNamespace(d: ResolvedDeclaration, c: Classification): string {
  return c.category === "reporting" ? c.targetNamespace : d.namespace;
}

function isEquivalent(unit: MofUnit, c: Classification, index: DeclarationIndex, catalog: DeclarationCatalog): boolean {
  return unit.declarations.every((d) => {
    const other = lastOf(index.get(catalog.keyOf(d, compareNamespace(d, c))));
    return other !== undefined && catalog.equivalent(other, d);
  });
}

/**
 * Differences between a source unit and another definition of it (the target's unit, or a later
 * unit of the sources): changed declarations, declarations only the source has, and instances
 * of the unit's classes only the other side has. A declaration the other unit lacks is also
 * looked up in `elsewhere` (the whole target), because a target may keep, say, a provider
 * registration apart from the class it serves; for the same reason registrations and
 * namespaces only the other side has do not count.
 */
function compareUnits(
  unit: MofUnit,
  c: Classification,
  others: readonly ResolvedDeclaration[],
  catalog: DeclarationCatalog,
  otherNamespace?: string,
  elsewhere?: DeclarationIndex,
): Difference[] {
  const byKey = new Map<string, ResolvedDeclaration>();
  for (const o of others) byKey.set(catalog.keyOf(o, otherNamespace ?? o.namespace), o);
  const differences: Difference[] = [];
  const seen = new Set<string>();
  for (const d of unit.declarations) {
    const key = catalog.keyOf(d, compareNamespace(d, c));
    seen.add(key);
    const other = byKey.get(key) ?? lastOf(elsewhere?.get(key));
    if (!other) differences.push({ declaration: describeDeclaration(d, catalog), aspect: "declaration", source: describeDeclaration(d, catalog) });
    else differences.push(...catalog.diff(d, other));
  }
  let ownClasses: Set<string> | undefined;
  for (const [key, o] of byKey) {
    if (seen.has(key)) continue;
    ownClasses ??= new Set(unit.declarations.flatMap((d) => (d.node.kind === "class" ? [d.node.name.name.toLowerCase()] : [])));
    const counts = o.node.kind === "class" || (o.node.kind === "instance" && ownClasses.has(o.node.className.name.toLowerCase()));
    if (counts) differences.push({ declaration: describeDeclaration(o, catalog), aspect: "declaration", target: describeDeclaration(o, catalog) });
  }
  return differences;
}

/**
 * When every difference is an `SMS_Report` value of the class or its members, the flag changes
 * (with the edits that carry them into the target); an empty list when the effective values are
 * the same after all; undefined when anything else differs.
 */
function flagChanges(unit: MofUnit, existing: ResolvedDeclaration, differences: readonly Difference[]): FlagChange[] | undefined {
  if (unit.primary.node.kind !== "class" || existing.node.kind !== "class" || unit.declarations.length !== 1) return undefined;
  if (!differences.every((d) => d.aspect === "qualifier" && d.qualifier?.toLowerCase() === "sms_report")) return undefined;
  const source = unit.primary.node;
  const target = existing.node;
  const text = existing.document.source.text;
  const changes: FlagChange[] = [];
  const members = [...new Set(differences.map((d) => d.member))];
  for (const member of members) {
    const sourceNode = member === undefined ? source : findFeature(source, member);
    const targetNode = member === undefined ? target : findFeature(target, member);
    if (!sourceNode || !targetNode) return undefined;
    const from = reportFlag(targetNode);
    const to = reportFlag(sourceNode);
    if (from === undefined || to === undefined) return undefined;
    if (from === to) continue;
    changes.push({ ...(member !== undefined ? { member: targetNode.name.name } : {}), source: to, target: from, edit: flagEdit(targetNode, to, text, existing.document.source.eol) });
  }
  return changes;
}

function findFeature(cls: ClassDeclaration, name: string): Feature | undefined {
  const lower = name.toLowerCase();
  return cls.features.find((f) => f.name.name.toLowerCase() === lower);
}

/** Effective `SMS_Report` value: absent is FALSE, a bare name TRUE; undefined when it is not a boolean. */
function reportFlag(node: ClassDeclaration | Feature): boolean | undefined {
  const q = findQualifier(node.qualifierList, "SMS_Report");
  if (!q) return false;
  if (!q.value) return true;
  return q.value.kind === "boolean" ? q.value.value : undefined;
}

/** The edit that sets `SMS_Report` of a class or member to `value`, keeping the target's spelling of booleans. */
function flagEdit(node: ClassDeclaration | Feature, value: boolean, text: string, eol: string): TextEdit {
  const q = findQualifier(node.qualifierList, "SMS_Report");
  const sample = q?.value ? text.slice(q.value.start, q.value.end) : "TRUE";
  const word = spellLike(value ? "TRUE" : "FALSE", sample);
  if (q?.value) return { offset: q.value.start, length: q.value.end - q.value.start, content: word };
  if (q) return { offset: qualifierName(q).end, length: 0, content: `(${word})` };
  if (node.qualifierList) return { offset: node.qualifierList.start + 1, length: 0, content: `SMS_Report(${word}), ` };
  return { offset: node.start, length: 0, content: node.kind === "class" ? `[SMS_Report(${word})]${eol}` : `[SMS_Report(${word})] ` };
}

function spellLike(word: string, sample: string): string {
  if (sample === sample.toLowerCase()) return word.toLowerCase();
  if (sample === sample.toUpperCase()) return word;
  return word[0] + word.slice(1).toLowerCase();
}

/** The target ranges a replacement covers: each part from its first statement (its comments stay) to its end. */
function replaceRanges(target: MofUnit): { start: number; end: number }[] {
  return target.parts.map((p) => {
    let start = p.end;
    for (const d of p.declarations) start = Math.min(start, d.node.start);
    for (const x of p.pragmas) start = Math.min(start, x.node.start);
    return { start, end: p.end };
  });
}

/** Count the actions of planned units, overall and per target. */
export function summarize(units: readonly PlannedUnit[]): PlanSummary {
  const empty = () => Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;
  const actions = empty();
  const configuration = empty();
  const smsDef = empty();
  for (const u of units) {
    actions[u.action]++;
    if (u.target === "configuration") configuration[u.action]++;
    if (u.target === "smsDef") smsDef[u.action]++;
  }
  return { actions, configuration, smsDef };
}
