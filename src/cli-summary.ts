/**
 * The human-readable report of a migration plan: one line per unit, then the conflicts with their
 * differences, the report-flag changes, and the totals.
 */
import { describeDifference, PLAN_ACTIONS, type MigrationPlan, type PlanAction, type PlannedUnit } from "./plan.js";

const ansi = { red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", bold: "\x1b[1m", dim: "\x1b[2m", reset: "\x1b[0m" };

const ACTION_COLORS: Record<PlanAction, string> = {
  append: ansi.green,
  replace: ansi.yellow,
  "carry-flags": ansi.yellow,
  "flag-change": ansi.yellow,
  conflict: ansi.red,
  "already-there": ansi.dim,
  stock: ansi.dim,
  superseded: ansi.dim,
  "left-out": ansi.dim,
};

const TARGET_FILES = { configuration: "configuration.mof", smsDef: "SMS_def.mof" } as const;

/** Options of {@link formatPlanSummary}. */
export interface SummaryOptions {
  color?: boolean;
  /** The option names to suggest (`--replace-conflicts` …); leave out for library use. */
  cli?: boolean;
}

/**
 * The plan as text: a table of every unit (action, what, namespace, where in the sources),
 * grouped by action, then details of conflicts, replacements and flag changes, then totals.
 */
export function formatPlanSummary(plan: MigrationPlan, options: SummaryOptions = {}): string {
  const paint = (code: string, s: string) => (options.color ? code + s + ansi.reset : s);
  const rank = new Map(PLAN_ACTIONS.map((a, i) => [a, i]));
  const units = [...plan.units].sort((a, b) => rank.get(a.action)! - rank.get(b.action)!);
  const rows = units.map((u) => [u.action, what(u), u.targetNamespaceSpelling, `${u.source.file}:${u.source.line}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
  const out: string[] = [];

  out.push(paint(ansi.bold, `Migration plan: ${plan.units.length} unit${plan.units.length === 1 ? "" : "s"}`));
  rows.forEach((row, i) => {
    const action = paint(ACTION_COLORS[units[i].action], row[0].padEnd(widths[0]));
    out.push(`  ${action}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  ${row[3]}`);
  });

  const conflicts = plan.units.filter((u) => u.action === "conflict");
  if (conflicts.length > 0) {
    const how = options.cli ? "resolve them by hand, or use --replace-conflicts" : "resolve them by hand";
    out.push("", paint(ansi.red + ansi.bold, `Conflicts: nothing is written for these (${how})`));
    for (const u of conflicts) out.push(...details(u));
  }
  const replaced = plan.units.filter((u) => u.action === "replace");
  if (replaced.length > 0) {
    out.push("", paint(ansi.yellow + ansi.bold, "Replaced: the target's definition is replaced by the source's"));
    for (const u of replaced) out.push(...details(u));
  }
  const flags = plan.units.filter((u) => u.action === "flag-change" || u.action === "carry-flags");
  if (flags.length > 0) {
    const pending = flags.some((u) => u.action === "flag-change");
    const title = pending ? `Report-flag changes: not applied${options.cli ? " (use --carry-report-flags to apply them)" : ""}` : "Report-flag changes: applied to SMS_def.mof";
    out.push("", paint(ansi.yellow + ansi.bold, title));
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
  return u.found ? `${source}; target ${u.found.file}:${u.found.line}` : source;
}

function details(u: PlannedUnit): string[] {
  const lines = [`  ${what(u)} in ${u.targetNamespace} (${where(u)})`];
  for (const d of u.differences) lines.push(`    ${describeDifference(d)}`);
  return lines;
}

function totals(plan: MigrationPlan): string {
  const count = (target: "configuration" | "smsDef", action: PlanAction) => plan.summary[target][action];
  const parts: string[] = [];
  for (const target of ["configuration", "smsDef"] as const) {
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
