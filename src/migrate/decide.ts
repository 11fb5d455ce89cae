/**
 * The decision for each unit of the sources: what happens to it in its target (see
 * {@link PlanAction}) and why, with the differences that make it a conflict or a flag change.
 */
import type { ClassDeclaration, Feature } from "../../grammar/ast.js";
import type { ResolvedDeclaration } from "../program/namespaces.js";
import { appendAll, lastOf } from "../util/collections.js";
import { indexDeclarations, type DeclarationIndex, type SourceAnalysis } from "./analysis.js";
import type { Classification, LeftOutReason, UnitCategory } from "./classify.js";
import { TARGET_FILES, type TargetName } from "./configmgr.js";
import { describeDeclaration, describeDifference, diffDeclarations, type Difference } from "./differences.js";
import { flagEdit, replaceRanges, reportFlag, type TextEdit } from "./edits.js";
import type { Identity } from "./identity.js";
import { declarationLocation, type FileLocation } from "./location.js";
import { describeUnit, type MofUnit, type UnitKind } from "./units.js";

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

/** How many units got each action, overall and per target. */
export interface PlanSummary {
  readonly actions: Readonly<Record<PlanAction, number>>;
  readonly configuration: Readonly<Record<PlanAction, number>>;
  readonly smsDef: Readonly<Record<PlanAction, number>>;
}

/** A target as the planner sees it: its units, and its declarations by identity key. */
export interface TargetIndex {
  readonly name: TargetName;
  readonly units: readonly MofUnit[];
  readonly index: DeclarationIndex;
  readonly unitOf: ReadonlyMap<ResolvedDeclaration, MofUnit>;
}

/** Index the units of a target for {@link planUnits}. */
export function targetIndex(name: TargetName, units: readonly MofUnit[], identity: Identity): TargetIndex {
  const unitOf = new Map<ResolvedDeclaration, MofUnit>();
  for (const u of units) for (const d of u.declarations) unitOf.set(d, u);
  return { name, units, index: indexDeclarations(units, identity), unitOf };
}

/**
 * Decide the action of every source unit. Without targets (splitting the sources into two new
 * files), every data and reporting unit that is neither stock nor superseded is an `append`.
 */
export function planUnits(analysis: SourceAnalysis, targets?: { readonly configuration: TargetIndex; readonly smsDef: TargetIndex }): PlannedUnit[] {
  const { identity, classifications, options } = analysis;
  return analysis.sources.units.map((unit): PlannedUnit => {
    const c = classifications.get(unit)!;
    const source = declarationLocation(unit.primary, options.inputRoot);
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
    const fileName = TARGET_FILES[targetName];

    const later = analysis.superseded.get(unit);
    if (later) {
      const differences = compareUnits(unit, c, later.declarations, identity, c.category === "reporting" ? c.targetNamespace : undefined);
      const message = `${describeUnit(unit)} is defined again later in the sources${differences.length ? " differently" : ""}; only the later definition is migrated`;
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

    const target = targets?.[targetName];
    const existing = target ? lastOf(target.index.get(identity.keyOf(unit.primary, c.targetNamespace))) : undefined;
    if (!target || !existing) {
      return planned("append", true, `${describeUnit(unit)} is appended to ${fileName} (${c.targetNamespaceSpelling})`);
    }
    const found = declarationLocation(existing, options.inputRoot);
    const targetUnit = target.unitOf.get(existing)!;
    const differences = compareUnits(unit, c, targetUnit.declarations, identity, undefined, target.index);
    if (differences.length === 0) {
      return planned("already-there", false, `${describeUnit(unit)} is already in ${fileName} (same definition)`, { found });
    }
    if (c.category === "reporting") {
      const flags = flagChanges(unit, existing, differences);
      if (flags && flags.length === 0) {
        return planned("already-there", false, `${describeUnit(unit)} is already in ${fileName} (same report flags)`, { found });
      }
      if (flags) {
        const list = flags.map((f) => `${f.member ?? "class"} ${f.target ? "TRUE" : "FALSE"} -> ${f.source ? "TRUE" : "FALSE"}`).join(", ");
        return options.carryReportFlags
          ? planned("carry-flags", true, `${describeUnit(unit)}: SMS_Report flags set in ${fileName} as in the source (${list})`, {
              found,
              differences,
              flagChanges: flags,
            })
          : planned("flag-change", false, `${describeUnit(unit)}: only SMS_Report flags differ from ${fileName} (${list}); not changed`, {
              found,
              differences,
              flagChanges: flags,
            });
      }
    }
    const summary = differences.slice(0, 3).map(describeDifference).join("; ") + (differences.length > 3 ? `; and ${differences.length - 3} more` : "");
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

/** What {@link planUnits} found beyond the action, for the fields of a {@link PlannedUnit}. */
interface Outcome {
  readonly found?: FileLocation;
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
  const byKey = new Map<string, ResolvedDeclaration>();
  for (const o of others) byKey.set(identity.keyOf(o, otherNamespace ?? o.namespace), o);
  const differences: Difference[] = [];
  const seen = new Set<string>();
  for (const d of unit.declarations) {
    const key = identity.keyOf(d, compareNamespace(d, c));
    seen.add(key);
    const other = byKey.get(key) ?? lastOf(elsewhere?.get(key));
    if (!other) differences.push({ declaration: describeDeclaration(d, identity), aspect: "declaration", source: describeDeclaration(d, identity) });
    else appendAll(differences, diffDeclarations(identity, d, other));
  }
  let ownClasses: Set<string> | undefined;
  for (const [key, o] of byKey) {
    if (seen.has(key)) continue;
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
  const configuration = empty();
  const smsDef = empty();
  for (const u of units) {
    actions[u.action]++;
    if (u.target === "configuration") configuration[u.action]++;
    if (u.target === "smsDef") smsDef[u.action]++;
  }
  return { actions, configuration, smsDef };
}
