/**
 * The review as GitHub-flavoured Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
 * the status and counts, the plan, the findings, the conflicts and flag changes, and each
 * target's diff in a fenced block, folded in `<details>` when long. The whole stays under
 * the size of a GitHub comment: past it, diffs are cut with a note.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hunkHeader } from "./hunks.js";
import { encodingLabel, type ReviewModel, type TargetChange } from "./review-model.js";

/** GitHub refuses comments over 65,536 characters; leave room for what a workflow adds. */
export const MARKDOWN_LIMIT = 60_000;
/** Diffs with more lines than this are folded. */
const FOLD_LINES = 40;

/** The Markdown of a review. */
export function renderMarkdownReport(model: ReviewModel): string {
  const head = [
    `## mof-migrate ${model.command} ${model.mode}`,
    "",
    `**${text(model.status)}**`,
    "",
    ...counts(model),
    "",
    ...plan(model),
    "",
    ...findings(model),
    ...differences(model),
  ];
  const foot = ["", `<sub>mof-migrate ${text(model.toolVersion)}, ${text(model.date)}${model.commandLine ? ` · ${code(model.commandLine)}` : ""}</sub>`, ""];
  const fixed = head.join("\n").length + foot.join("\n").length;
  const changed = model.targets.filter((t) => t.changed);
  const budget = Math.max(2000, MARKDOWN_LIMIT - fixed);
  // With errors in the inputs nothing is written: a diff would only mislead.
  const diffs = changed.length > 0 && !model.blocked ? ["", "### Changes", ...changed.flatMap((t) => targetDiff(t, Math.floor(budget / changed.length)))] : [];
  return [...head, ...diffs, ...foot].join("\n");
}

function counts(m: ReviewModel): string[] {
  const present = m.counts.filter((c) => c.total > 0);
  if (m.command === "split") return ["| action | units |", "|---|--:|", ...present.map((c) => `| \`${c.action}\` | ${c.total} |`)];
  return [
    `| action | units | configuration.mof | ${m.reportingFile} |`,
    "|---|--:|--:|--:|",
    ...present.map((c) => `| \`${c.action}\` | ${c.total} | ${c.configuration} | ${c.smsDef} |`),
  ];
}

function plan(m: ReviewModel): string[] {
  return [
    `<details><summary>Plan: ${m.units.length} unit${m.units.length === 1 ? "" : "s"}</summary>`,
    "",
    "| action | unit | category | namespace | source |",
    "|---|---|---|---|---|",
    ...m.units.map((u) => `| \`${u.action}\` | ${cell(u.what)} | ${u.category} | ${cellCode(u.namespace)} | ${cellCode(u.source)} |`),
    "",
    "</details>",
  ];
}

function findings(m: ReviewModel): string[] {
  if (m.findings.length === 0) return ["### Findings", "", "None."];
  const label = (d: Diagnostic) => (d.severity === "error" ? "**error**" : d.severity === "warning" ? "**warning**" : "note");
  return [
    "### Findings",
    "",
    ...m.findings.map((f) => {
      const d = f.diagnostic;
      const hint = d.hint ? `<br>hint: ${text(d.hint)}` : "";
      return `- ${label(d)} \`${d.code}\`${d.mofcomp ? ` (\`${d.mofcomp}\`)` : ""} ${code(`${d.file}:${d.line}:${d.column}`)}: ${text(d.message)}${hint}`;
    }),
  ];
}

function differences(m: ReviewModel): string[] {
  if (m.details.length === 0) return [];
  const out = ["", "### Conflicts and flag changes"];
  for (const u of m.details) {
    out.push("", `#### \`${u.action}\` ${text(u.what)} in ${code(u.namespace)}`, "", `source ${code(u.source)}${u.found ? `, target ${code(u.found)}` : ""}`);
    if (u.differences.length > 0) {
      out.push("", "| what differs | in the source | in the target |", "|---|---|---|");
      for (const d of u.differences)
        out.push(
          `| ${cell(d.where)} | ${d.difference.source !== undefined ? cellCode(d.difference.source) : "*absent*"} | ${d.difference.target !== undefined ? cellCode(d.difference.target) : "*absent*"} |`,
        );
    }
    if (u.flagChanges.length > 0) {
      out.push("", "| SMS_Report of | in the source | in the target |", "|---|---|---|");
      for (const f of u.flagChanges) out.push(`| ${cell(f.member ?? "(the class)")} | ${f.source ? "TRUE" : "FALSE"} | ${f.target ? "TRUE" : "FALSE"} |`);
    }
  }
  return out;
}

function targetDiff(t: TargetChange, budget: number): string[] {
  const lines: string[] = [];
  for (const h of t.hunks) lines.push(hunkHeader(h), ...h.lines);
  let shown = lines;
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    used += lines[i].length + 1;
    if (used > budget) {
      shown = lines.slice(0, i);
      break;
    }
  }
  const cut = shown.length < lines.length || t.truncated;
  const fence = "`".repeat(Math.max(3, longestRun(shown.join("\n"), "`") + 1));
  const enc = `${encodingLabel(t.after, t.newText)}, ${t.after.eol}`;
  const title = `#### ${code(t.file)}${t.newFile ? " (new file)" : ""}: +${t.added} −${t.removed} lines (${text(enc)})`;
  const block = [fence + "diff", ...shown, fence];
  const note = cut ? [`*The diff is cut here (${lines.length - shown.length} more lines): the patch and the HTML report have all of it.*`] : [];
  if (lines.length <= FOLD_LINES) return ["", title, "", ...block, ...note];
  return ["", title, "", `<details><summary>Diff: ${lines.length} lines</summary>`, "", ...block, ...note, "", "</details>"];
}

function longestRun(s: string, c: string): number {
  let best = 0;
  let run = 0;
  for (const ch of s) {
    run = ch === c ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Text that Markdown shows as it is (no emphasis, links or HTML). */
function text(s: string): string {
  return s.replace(/[\\`*_[\]<>|#~]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : `\\${c}`)).replace(/\r?\n/g, " ");
}

/** Text for a table cell. */
function cell(s: string): string {
  return text(s);
}

/** Inline code that holds any text: a fence longer than its backtick runs. */
function code(s: string): string {
  const ticks = "`".repeat(longestRun(s, "`") + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${ticks}${pad}${s.replace(/\r?\n/g, " ")}${pad}${ticks}`;
}

/** Inline code in a table cell, where GitHub reads `|` as a column break even in code. */
function cellCode(s: string): string {
  return code(s).replace(/\|/g, "\\|");
}
