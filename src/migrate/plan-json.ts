/**
 * The plan as JSON: what `convert --json` prints under `plan`, described by
 * `schema/plan.schema.json`. No documents, texts or edits: only what a reviewer or a tool needs
 * to see what happens to each unit and why.
 */
import type { ResolvedMigrationOptions } from "./analysis.js";
import type { TargetKind } from "./configmgr.js";
import type { FlagChange, PlannedUnit, PlanSummary } from "./decide.js";
import { checkShape } from "../util/arguments.js";
import { PLAN_SHAPE, type MigrationPlan } from "./plan.js";

/**
 * Version of the JSON documents of `convert --json` (`schemaVersion`, and the version in the
 * schema's `$id`). Any change of their layout raises it.
 */
export const PLAN_JSON_VERSION = 2;

/** One unit of {@link PlanJson}: a {@link PlannedUnit} without its unit, its target ranges and its edits. */
export type PlannedUnitJson = Omit<PlannedUnit, "unit" | "targetNamespaceSpelling" | "replaceRanges" | "flagChanges"> & {
  readonly flagChanges: readonly Omit<FlagChange, "edit">[];
};

/** The JSON form of a plan (see the module comment). */
export interface PlanJson {
  /** The kind of site the plan writes to. */
  readonly kind: TargetKind;
  readonly options: ResolvedMigrationOptions;
  readonly summary: PlanSummary;
  readonly units: readonly PlannedUnitJson[];
}

/**
 * The plan without documents and texts, ready for `JSON.stringify`.
 *
 * @throws TypeError when `plan` is not a plan from `planMigration`.
 */
export function planToJson(plan: MigrationPlan): PlanJson {
  checkShape("planToJson", "plan", plan, PLAN_SHAPE.what, PLAN_SHAPE.fields);
  return { kind: plan.kind, options: plan.options, summary: plan.summary, units: plan.units.map(unitJson) };
}

function unitJson(u: PlannedUnit): PlannedUnitJson {
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
    ...(u.atSite ? { atSite: true } : {}),
    ...(u.unchangeable !== undefined ? { unchangeable: u.unchangeable } : {}),
    differences: u.differences,
    flagChanges: u.flagChanges.map((f) => ({ ...(f.member !== undefined ? { member: f.member } : {}), source: f.source, target: f.target })),
  };
}
