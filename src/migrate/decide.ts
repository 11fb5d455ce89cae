/**
 * The decision for each unit of the sources: what happens to it in its target (see
 * {@link PlanAction}) and why, with the differences that make it a conflict or a flag change.
 */
import type { ClassDeclaration, Feature } from "../../grammar/ast.js";
import type { ResolvedDeclaration } from "../program/namespaces.js";
import type { ClassSymbol } from "../program/symbols.js";
import { appendAll, lastOf, pushTo } from "../util/collections.js";
import { indexDeclarations, type DeclarationIndex, type SourceAnalysis } from "./analysis.js";
import type { Classification, LeftOutReason, UnitCategory } from "./classify.js";
import { TARGET_FILES, type TargetName } from "./configmgr.js";
import { describeDeclaration, describeDifference, diffDeclarations, type Difference } from "./differences.js";
import { flagEdit, replaceRanges, reportFlag, type FlagChange } from "./edits.js";
import type { Identity } from "./identity.js";
import { declarationLocation, type FileLocation } from "./location.js";
import { matchSiteClass, type SiteClasses, type SiteMatch } from "./site-classes.js";
import { describeUnit, type MofUnit, type UnitKind } from "./units.js";

export type { FlagChange } from "./edits.js";

/**
 * What happens to a unit:
 * - `append`: the target lacks it; it is appended.
 * - `already-there`: the target has an equivalent definition (or, for a Current Branch target,
 *   the site's classes have the class with the same schema and flags); nothing is written.
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
export const PLAN_ACTIONS: readonly PlanAction[] = [
  "append",
  "replace",
  "carry-flags",
  "flag-change",
  "conflict",
  "already-there",
  "stock",
  "superseded",
  "left-out",
];

/** A unit with its classification and action. JSON-friendly apart from `unit`. */
export interface PlannedUnit {
  /** The unit itself (declarations and verbatim parts, with their documents). */
  readonly unit: MofUnit;
  readonly id: string;
  readonly kind: UnitKind;
  readonly name: string;
  /** Normalised namespace in the source. */
  readonly namespace: string;
  readonly category: UnitCategory;
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
  /**
   * Where the target (or, for `stock`, the baseline; for `superseded`, the later source; with
   * `atSite`, the site's classes) has it.
   */
  readonly found?: FileLocation;
  /**
   * True when `found` is in the site's classes (a Current Branch target with `siteClasses`),
   * not in the target file: a unit written then (`carry-flags`) goes into the target whole.
   */
  readonly atSite?: boolean;
  /**
   * For a `conflict` or `flag-change` that no option applies: why the definition found stays as
   * it is (it is outside the part of configuration.mof that may be edited, or it is the site's).
   */
  readonly unchangeable?: string;
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

/** How many units got each action, overall and per target (a target the plan does not have counts none). */
export interface PlanSummary {
  readonly actions: Readonly<Record<PlanAction, number>>;
  readonly configuration: Readonly<Record<PlanAction, number>>;
  readonly smsDef: Readonly<Record<PlanAction, number>>;
  readonly importMof: Readonly<Record<PlanAction, number>>;
}

/** A target as the planner sees it: its units, and its declarations by identity key. */
export interface TargetIndex {
  readonly name: TargetName;
  readonly units: readonly MofUnit[];
  readonly index: DeclarationIndex;
  readonly unitOf: ReadonlyMap<ResolvedDeclaration, MofUnit>;
  /**
   * Why the target's definition must stay as it is (it is outside the part of the file that may
   * be edited): then it is neither replaced nor has its flags changed. Undefined when it may be edited.
   */
  readonly fixed?: (d: ResolvedDeclaration) => string | undefined;
  /** The reporting namespace, for a target whose reporting classes may sit below it (the import MOF): they are compared in it. */
  readonly reportingWithin?: string;
}

/** How {@link targetIndex} indexes a target. */
export interface TargetIndexOptions {
  readonly fixed?: TargetIndex["fixed"];
  readonly reportingWithin?: string;
}

/** Index the units of a target for {@link planUnits}. */
export function targetIndex(name: TargetName, units: readonly MofUnit[], identity: Identity, options: TargetIndexOptions = {}): TargetIndex {
  const unitOf = new Map<ResolvedDeclaration, MofUnit>();
  for (const u of units) for (const d of u.declarations) unitOf.set(d, u);
  return { name, units, index: indexDeclarations(units, identity, options.reportingWithin), unitOf, ...options };
}

/** Why a target kind cannot take a unit at all. */
export interface Refusal {
  readonly reason: LeftOutReason;
  readonly explanation: string;
}

/**
 * Where a kind of target puts the units of the sources and what it compares them with: the
 * target file of each category, the targets' own units, and (Current Branch) the site's classes.
 */
export interface Placement {
  /** The target that data units go to. */
  readonly data: TargetName;
  /** The target that reporting units go to. */
  readonly reporting: TargetName;
  /** How messages name a target: `configuration.mof`, `the import MOF`. */
  label(target: TargetName): string;
  /** The targets' own units; a target without an index holds nothing yet. */
  readonly indexes: Partial<Record<TargetName, TargetIndex>>;
  /** The site's classes, compared with the reporting units the reporting target does not have. */
  readonly site?: SiteClasses;
  /** Why a unit cannot go to its target at all; it is left out then. */
  refuse?(unit: MofUnit, c: Classification): Refusal | undefined;
}

/** The placement of a ConfigMgr 2007 site: configuration.mof and SMS_def.mof; without indexes, new files. */
export function cm2007Placement(indexes: Placement["indexes"] = {}): Placement {
  return { data: "configuration", reporting: "smsDef", label: (t) => TARGET_FILES[t], indexes };
}

/**
 * Decide the action of every source unit. Without targets (splitting the sources into two new
 * files), every data and reporting unit that is neither stock nor superseded is an `append`.
 */
export function planUnits(analysis: SourceAnalysis, placement: Placement = cm2007Placement()): PlannedUnit[] {
  const { identity, classifications, options } = analysis;
  return analysis.sources.units.map((unit): PlannedUnit => {
    const c = classifications.get(unit)!;
    const source = declarationLocation(unit.primary, options.inputRoot);
    const targetName: TargetName | undefined = c.category === "left-out" ? undefined : c.category === "data" ? placement.data : placement.reporting;
    // One literal per unit, with the fields always in the same order.
    const planned = (action: PlanAction, writes: boolean, message: string, more: Outcome = {}): PlannedUnit => ({
      unit,
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      namespace: unit.namespace,
      category: c.category,
      ...(c.reason ? { reason: c.reason } : more.refused ? { reason: more.refused.reason } : {}),
      targetNamespace: c.targetNamespace,
      targetNamespaceSpelling: c.targetNamespaceSpelling,
      source,
      differences: more.differences ?? [],
      flagChanges: more.flagChanges ?? [],
      replaceRanges: more.replaceRanges ?? [],
      ...(targetName && !more.refused ? { target: targetName } : {}),
      action,
      writes,
      message,
      ...(more.found ? { found: more.found } : {}),
      ...(more.atSite ? { atSite: true } : {}),
      ...(more.unchangeable ? { unchangeable: more.unchangeable } : {}),
    });
    /** A reporting unit the target file lacks, against the site's class of that name or SMS_Class_ID. */
    const againstSite = (u: MofUnit, match: SiteMatch, fileName: string): PlannedUnit => {
      const found = declarationLocation(match.declaration, options.inputRoot);
      const more = { found, atSite: true, differences: match.differences };
      const siteClass = match.declaration.node.name.name;
      if (match.sameId) {
        return planned("conflict", false, `${describeUnit(u)} takes the SMS_Class_ID of the site's class ${siteClass}: the import would fail; not written`, {
          ...more,
          unchangeable: `the site's class ${siteClass} has this SMS_Class_ID`,
        });
      }
      if (match.differences.length > 0) {
        return planned(
          "conflict",
          false,
          `${describeUnit(u)} is defined differently in the site's classes: ${summarizeDifferences(match.differences)}; the import would fail or change the site's class; not written`,
          { ...more, unchangeable: "the site's classes hold it in another form" },
        );
      }
      if (match.flags.length === 0)
        return planned("already-there", false, `${describeUnit(u)} is already in the site's classes (same schema and report flags)`, more);
      const list = match.flags.map((f) => `${f.member ?? "class"} ${f.target ? "TRUE" : "FALSE"} -> ${f.source ? "TRUE" : "FALSE"}`).join(", ");
      return options.carryReportFlags
        ? planned(
            "carry-flags",
            true,
            `${describeUnit(u)}: SMS_Report flags differ from the site's classes (${list}); ${fileName} carries the source's flags`,
            {
              ...more,
              flagChanges: match.flags,
            },
          )
        : planned("flag-change", false, `${describeUnit(u)}: only SMS_Report flags differ from the site's classes (${list}); not changed`, {
            ...more,
            flagChanges: match.flags,
          });
    };
    if (targetName === undefined) return planned("left-out", false, `left out: ${c.explanation}`);
    const fileName = placement.label(targetName);

    const later = analysis.superseded.get(unit);
    if (later) {
      const own = later.declarations.filter((d) => !analysis.carried.has(d));
      const differences = compareUnits(unit, c, own, identity, c.category === "reporting" ? c.targetNamespace : undefined);
      const moved = later.declarations.length - own.length;
      const message =
        `${describeUnit(unit)} is defined again later in the sources${differences.length ? " differently" : ""}; only the later definition is migrated` +
        (moved > 0 ? `, with the ${moved === 1 ? "instance" : `${moved} instances`} of the earlier one` : "");
      return planned("superseded", false, message, { found: declarationLocation(later.primary, options.inputRoot), differences });
    }

    if (analysis.baseline && isEquivalent(unit, c, analysis.baseline.index, identity)) {
      const stock = lastOf(analysis.baseline.index.get(identity.keyOf(unit.primary, c.targetNamespace)));
      return planned(
        "stock",
        false,
        `${describeUnit(unit)} is identical to the stock SMS_def.mof: not migrated`,
        stock ? { found: declarationLocation(stock, options.inputRoot) } : {},
      );
    }

    const refused = placement.refuse?.(unit, c);
    if (refused) return planned("left-out", false, `left out: ${refused.explanation}`, { refused });

    const target = placement.indexes[targetName];
    const existing = target ? lastOf(target.index.get(identity.keyOf(unit.primary, c.targetNamespace))) : undefined;
    if (!target || !existing) {
      const site = c.category === "reporting" && placement.site && unit.primary.node.kind === "class" ? placement.site : undefined;
      const match = site ? matchSiteClass(site, unit.primary as ClassSymbol, options.dataNamespace) : undefined;
      if (match) return againstSite(unit, match, fileName);
      return planned("append", true, `${describeUnit(unit)} is appended to ${fileName} (${c.targetNamespaceSpelling})`);
    }
    const found = declarationLocation(existing, options.inputRoot);
    const targetUnit = target.unitOf.get(existing)!;
    const fixed = target.fixed?.(existing);
    const where = fixed ? `${fileName}, ${fixed}` : fileName;
    const otherNamespace = target.reportingWithin !== undefined && c.category === "reporting" ? c.targetNamespace : undefined;
    const differences = compareUnits(unit, c, targetUnit.declarations, identity, otherNamespace, target.index);
    if (differences.length === 0) {
      return planned("already-there", false, `${describeUnit(unit)} is already in ${where} (same definition)`, { found });
    }
    if (c.category === "reporting") {
      const flags = flagChanges(unit, existing, differences);
      if (flags && flags.length === 0) {
        return planned("already-there", false, `${describeUnit(unit)} is already in ${where} (same report flags)`, { found });
      }
      if (flags) {
        const list = flags.map((f) => `${f.member ?? "class"} ${f.target ? "TRUE" : "FALSE"} -> ${f.source ? "TRUE" : "FALSE"}`).join(", ");
        return options.carryReportFlags && !fixed
          ? planned("carry-flags", true, `${describeUnit(unit)}: SMS_Report flags set in ${fileName} as in the source (${list})`, {
              found,
              differences,
              flagChanges: flags,
            })
          : planned("flag-change", false, `${describeUnit(unit)}: only SMS_Report flags differ from ${where} (${list}); not changed`, {
              found,
              differences,
              flagChanges: flags,
              ...(fixed ? { unchangeable: `it is ${fixed}` } : {}),
            });
      }
    }
    const summary = summarizeDifferences(differences);
    if (fixed) {
      return planned("conflict", false, `${describeUnit(unit)} is defined differently in ${where}: ${summary}; not written`, {
        found,
        differences,
        unchangeable: `it is in ${fileName}, ${fixed}`,
      });
    }
    if (options.replaceConflicts) {
      return planned("replace", true, `${describeUnit(unit)} replaces the different definition in ${fileName}: ${summary}`, {
        found,
        differences,
        replaceRanges: replaceRanges(targetUnit),
      });
    }
    return planned("conflict", false, `${describeUnit(unit)} is defined differently in ${fileName}: ${summary}; not written`, { found, differences });
  });
}

/** The first differences, as one phrase. */
function summarizeDifferences(differences: readonly Difference[]): string {
  return differences.slice(0, 3).map(describeDifference).join("; ") + (differences.length > 3 ? `; and ${differences.length - 3} more` : "");
}

/** What {@link planUnits} found beyond the action, for the fields of a {@link PlannedUnit}. */
interface Outcome {
  readonly found?: FileLocation;
  readonly atSite?: boolean;
  /** The target kind cannot take the unit: left out for this reason. */
  readonly refused?: Refusal;
  readonly unchangeable?: string;
  readonly differences?: readonly Difference[];
  readonly flagChanges?: readonly FlagChange[];
  readonly replaceRanges?: readonly { readonly start: number; readonly end: number }[];
}

/** The namespace a declaration of a unit is compared in. */
function compareNamespace(d: ResolvedDeclaration, c: Classification): string {
  return c.category === "reporting" ? c.targetNamespace : d.namespace;
}

function isEquivalent(unit: MofUnit, c: Classification, index: DeclarationIndex, identity: Identity): boolean {
  return unit.declarations.every((d) => {
    const other = lastOf(index.get(identity.keyOf(d, compareNamespace(d, c))));
    return other !== undefined && identity.equivalent(other, d);
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
  identity: Identity,
  otherNamespace?: string,
  elsewhere?: DeclarationIndex,
): Difference[] {
  // Declarations with one key pair up in order: two instances with the same key values (a
  // vendor file's mistake, written as it is) meet their own copies in a target written before.
  const byKey = new Map<string, ResolvedDeclaration[]>();
  for (const o of others) pushTo(byKey, identity.keyOf(o, otherNamespace ?? o.namespace), o);
  const taken = new Map<string, number>();
  const differences: Difference[] = [];
  for (const d of unit.declarations) {
    const key = identity.keyOf(d, compareNamespace(d, c));
    const n = taken.get(key) ?? 0;
    taken.set(key, n + 1);
    const same = byKey.get(key);
    const other = same?.[Math.min(n, same.length - 1)] ?? lastOf(elsewhere?.get(key));
    if (!other) differences.push({ declaration: describeDeclaration(d, identity), aspect: "declaration", source: describeDeclaration(d, identity) });
    else appendAll(differences, diffDeclarations(identity, d, other));
  }
  let ownClasses: Set<string> | undefined;
  for (const [key, list] of byKey) {
    const o = list[list.length - 1];
    const extra = list.length - (taken.get(key) ?? 0);
    if (extra <= 0) continue;
    ownClasses ??= new Set(unit.declarations.flatMap((d) => (d.node.kind === "class" ? [d.node.name.name.toLowerCase()] : [])));
    const counts = o.node.kind === "class" || (o.node.kind === "instance" && ownClasses.has(o.node.className.name.toLowerCase()));
    if (counts) differences.push({ declaration: describeDeclaration(o, identity), aspect: "declaration", target: describeDeclaration(o, identity) });
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
    changes.push({
      ...(member !== undefined ? { member: targetNode.name.name } : {}),
      source: to,
      target: from,
      edit: flagEdit(targetNode, to, text, existing.document.source.eol),
    });
  }
  return changes;
}

function findFeature(cls: ClassDeclaration, name: string): Feature | undefined {
  const lower = name.toLowerCase();
  return cls.features.find((f) => f.name.name.toLowerCase() === lower);
}

/** Count the actions of planned units, overall and per target. */
export function summarize(units: readonly PlannedUnit[]): PlanSummary {
  const empty = () => Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>;
  const actions = empty();
  const targets: Record<TargetName, Record<PlanAction, number>> = { configuration: empty(), smsDef: empty(), importMof: empty() };
  for (const u of units) {
    actions[u.action]++;
    if (u.target) targets[u.target][u.action]++;
  }
  return { actions, ...targets };
}
