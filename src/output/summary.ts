/**
 * The human-readable report of a migration plan: one line per unit, then the conflicts with their
 * differences, the report-flag changes, and the totals.
 */
import { TARGET_FILES, type TargetName } from "../migrate/configmgr.js";
import { PLAN_ACTIONS, type PlanAction, type PlannedUnit } from "../migrate/decide.js";
import { describeDifference } from "../migrate/differences.js";
import type { MigrationPlan } from "../migrate/plan.js";
import { checkOptions, checkShape } from "../util/arguments.js";
import { painter, type Color } from "../util/ansi.js";
import { appendAll, maxOf } from "../util/collections.js";

const ACTION_COLORS: Record<PlanAction, Color> = {
  append: "green",
  replace: "yellow",
  "carry-flags": "yellow",
  "flag-change": "yellow",
  conflict: "red",
  "already-there": "dim",
  stock: "dim",
  superseded: "dim",
  "left-out": "dim",
};

/** Options of {@link formatPlanSummary}. */
export interface SummaryOptions {
  /** ANSI colors. */
  color?: boolean;
  /**
   * How the reader turns on what the summary mentions, e.g. `{ replaceConflicts: "--replace-conflicts" }`
   * on a command line; without it, the summary names no option.
   */
  optionNames?: { readonly replaceConflicts?: string; readonly carryReportFlags?: string };
  /** Only the totals line, for a plan too large to read unit by unit. */
  brief?: boolean;
}

/**
 * The plan as text: a table of every unit (action, what, namespace, where in the sources),
 * grouped by action, then details of conflicts, replacements and flag changes, then totals.
 *
 * @throws TypeError when `plan` is not a plan (from `planMigration` or `splitSources`) or `options` not an object.
 */
export function formatPlanSummary(plan: MigrationPlan, options: SummaryOptions = {}): string {
  checkShape("formatPlanSummary", "plan", plan, "a MigrationPlan from planMigration or splitSources", { units: "array", summary: "object" });
  checkOptions("formatPlanSummary", options);
  const paint = painter(options.color);
  if (options.brief) return totals(plan);
  const rank = new Map(PLAN_ACTIONS.map((a, i) => [a, i]));
  const units = [...plan.units].sort((a, b) => rank.get(a.action)! - rank.get(b.action)!);
  const rows = units.map((u) => [u.action, what(u), u.targetNamespaceSpelling, `${u.source.file}:${u.source.line}`]);
  const widths = [0, 1, 2].map((i) => maxOf(rows, (r) => r[i].length));
  const out: string[] = [];

  const title = plan.kind === "current-branch" ? "Migration plan (ConfigMgr current branch)" : "Migration plan";
  out.push(paint("bold", `${title}: ${plan.units.length} unit${plan.units.length === 1 ? "" : "s"}`));
  rows.forEach((row, i) => {
    const action = paint(ACTION_COLORS[units[i].action], row[0].padEnd(widths[0]));
    out.push(`  ${action}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`);
  });

  const conflicts = plan.units.filter((u) => u.action === "conflict");
  if (conflicts.length > 0) {
    const option = conflicts.some((u) => u.unchangeable === undefined) ? options.optionNames?.replaceConflicts : undefined;
    const how = option ? `resolve them by hand, or use ${option}` : "resolve them by hand";
    out.push("", paint(["red", "bold"], `Conflicts: nothing is written for these (${how})`));
    for (const u of conflicts) appendAll(out, details(u));
  }
  const replaced = plan.units.filter((u) => u.action === "replace");
  if (replaced.length > 0) {
    out.push("", paint(["yellow", "bold"], "Replaced: the target's definition is replaced by the source's"));
    for (const u of replaced) appendAll(out, details(u));
  }
  const flags = plan.units.filter((u) => u.action === "flag-change" || u.action === "carry-flags");
  if (flags.length > 0) {
    const pending = flags.some((u) => u.action === "flag-change");
    const option = options.optionNames?.carryReportFlags;
    const reportingFile = TARGET_FILES[plan.targets.importMof ? "importMof" : "smsDef"];
    const title = pending
      ? `Report-flag changes: not applied${option ? ` (use ${option} to apply them)` : ""}`
      : `Report-flag changes: applied to ${reportingFile}`;
    out.push("", paint(["yellow", "bold"], title));
    for (const u of flags) {
      out.push(`  ${u.name} (${where(u)})`);
      for (const f of u.flagChanges) out.push(`    ${f.member ?? "(class)"}: SMS_Report ${f.target ? "TRUE" : "FALSE"} -> ${f.source ? "TRUE" : "FALSE"}`);
    }
  }

  out.push("", totals(plan));
  return out.join("\n");
}

/** `class Contoso_Printer`, `instance of __Namespace`, `provider ContosoProv`. */
function what(u: PlannedUnit): string {
  const kind = u.kind === "instance" ? "instance of" : u.kind;
  const side = u.category === "reporting" ? " (reporting)" : u.category === "data" ? " (data)" : "";
  return `${kind} ${u.name}${side}`;
}

function where(u: PlannedUnit): string {
  const source = `${u.source.file}:${u.source.line}`;
  return u.found ? `${source}; ${u.atSite ? "site" : "target"} ${u.found.file}:${u.found.line}` : source;
}

function details(u: PlannedUnit): string[] {
  const lines = [`  ${what(u)} in ${u.targetNamespace} (${where(u)})`];
  for (const d of u.differences) lines.push(`    ${describeDifference(d)}`);
  if (u.unchangeable) lines.push(`    not replaced: ${u.unchangeable}`);
  return lines;
}

function totals(plan: MigrationPlan): string {
  const count = (target: TargetName, action: PlanAction) => plan.summary[target][action];
  const parts: string[] = [];
  for (const target of (["configuration", "smsDef", "importMof"] as const).filter((t) => plan.targets[t])) {
    const written = [
      [count(target, "append"), "appended"],
      [count(target, "replace"), "replaced"],
      [count(target, "carry-flags"), "with flags changed"],
    ].filter(([n]) => n) as [number, string][];
    parts.push(`${TARGET_FILES[target]}: ${written.length ? written.map(([n, w]) => `${n} ${w}`).join(", ") : "no change"}`);
  }
  const a = plan.summary.actions;
  const other = (
    [
      [a.conflict, "conflict", "conflicts"],
      [a["flag-change"], "flag change not applied", "flag changes not applied"],
      [a["already-there"], "already there", "already there"],
      [a.stock, "stock", "stock"],
      [a.superseded, "superseded", "superseded"],
      [a["left-out"], "left out", "left out"],
    ] as [number, string, string][]
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return [parts.join("; "), other.join(", ")].filter(Boolean).join(". ") + ".";
}
