/**
 * The review of a change, worked out once for every report format: what the header says, the
 * counts by action, one row per unit, the findings with their excerpts, the units whose
 * definitions differ, each target's change as hunks with its encoding and line-ending notes,
 * and what a write creates and how to undo it. The HTML and Markdown reports only render it.
 */
import { Buffer } from "node:buffer";
import { DiagnosticCodes } from "../diagnostics/codes.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/line-index.js";
import { describeEol } from "../document/eol.js";
import { decodeMof, type Encoding, type SourceText } from "../document/source.js";
import { TARGET_FILES, type TargetName } from "../migrate/configmgr.js";
import { PLAN_ACTIONS, type FlagChange, type PlanAction, type PlannedUnit } from "../migrate/decide.js";
import { describeDifference, type Difference } from "../migrate/differences.js";
import { comparePaths } from "../util/paths.js";
import { normalizeEol } from "./diff.js";
import { diffHunks, type Hunk } from "./hunks.js";
import { reviewRoot, type ReviewInput } from "./review.js";
import { toolVersion } from "./version.js";
import { plannedBackups, type WrittenFile } from "./write.js";

/** What each action means, as the reports explain it. */
export const ACTION_MEANINGS: Readonly<Record<PlanAction, string>> = {
  append: "the target does not have it: appended",
  replace: "the target has it in another form: replaced in place (--replace-conflicts)",
  "carry-flags": "only SMS_Report values differ: the values are changed (--carry-report-flags)",
  "flag-change": "only SMS_Report values differ: reported, not written",
  conflict: "the target has it in another form: reported, not written",
  "already-there": "the target has an equivalent definition: not written",
  stock: "identical to the stock SMS 2003 file (--baseline): not migrated",
  superseded: "the sources define it again later: the later one counts",
  "left-out": "not hardware inventory: not migrated",
};

/** Diffs longer than this many lines per target are cut, with a note: the patch has them whole. */
export const MAX_DIFF_LINES = 5000;
/** Excerpts of long source lines are cut to about this many characters around the problem. */
const EXCERPT_WINDOW = 160;

/** The counts of one action. */
export interface ActionCount {
  readonly action: PlanAction;
  readonly meaning: string;
  readonly total: number;
  readonly configuration: number;
  /** In the reporting file: SMS_def.mof (2007) or the import MOF (current branch). */
  readonly smsDef: number;
}

/** One unit of the plan, as a row of the table. */
export interface UnitRow {
  readonly action: PlanAction;
  readonly kind: string;
  readonly name: string;
  /** `class Contoso_Printer`, `instance of __Namespace`, `provider RegProv`. */
  readonly what: string;
  readonly category: string;
  readonly namespace: string;
  /** `file:line` in the sources. */
  readonly source: string;
  /** The target file it belongs in, when it has one. */
  readonly target?: string;
  readonly message: string;
}

/** A source line with the diagnostic's range marked (the part of it on this line). */
export interface Excerpt {
  readonly line: number;
  readonly before: string;
  readonly marked: string;
  readonly after: string;
}

/** A diagnostic with the registry's title and its excerpt. */
export interface Finding {
  readonly diagnostic: Diagnostic;
  readonly title: string;
  readonly excerpt?: Excerpt;
}

/** A unit whose definition differs from the target's: conflicts, replacements, flag changes. */
export interface UnitDetail {
  readonly action: PlanAction;
  readonly what: string;
  readonly namespace: string;
  readonly source: string;
  readonly found?: string;
  readonly differences: readonly { readonly difference: Difference; readonly text: string; readonly where: string }[];
  readonly flagChanges: readonly Omit<FlagChange, "edit">[];
  /** The source's and the target's definitions, to read side by side. */
  readonly sourceText: string;
  readonly targetText?: string;
}

/** Encoding, BOM, line endings and size of one version of a file. */
export interface FileFacts {
  readonly encoding: Encoding;
  readonly bom: boolean;
  /** `CRLF`, `LF`, `CR`, `mixed`, or `none`. */
  readonly eol: string;
  readonly bytes: number;
  readonly lines: number;
}

/** One target's change. */
export interface TargetChange {
  readonly file: string;
  /** `configuration.mof (data classes)`, or the file's name. */
  readonly label: string;
  readonly target?: TargetName;
  readonly newFile: boolean;
  readonly changed: boolean;
  readonly before?: FileFacts;
  readonly after: FileFacts;
  /** Encoding and line-ending notes a reviewer should read. */
  readonly notes: readonly string[];
  /** The texts the hunks are on, line breaks as `\n`. */
  readonly oldText: string;
  readonly newText: string;
  readonly hunks: readonly Hunk[];
  readonly added: number;
  readonly removed: number;
  /** True when the hunks were cut at {@link MAX_DIFF_LINES}. */
  readonly truncated: boolean;
}

/** What a write creates (or created) for one target. */
export interface PlannedWrite {
  readonly file: string;
  readonly action: "replace" | "create" | "unchanged";
  readonly backup?: string;
}

/** Everything the reports show. */
export interface ReviewModel {
  readonly command: "convert" | "split";
  readonly mode: "preview" | "check" | "write";
  readonly title: string;
  readonly status: string;
  /** The inputs have errors: nothing can be written. */
  readonly blocked: boolean;
  readonly date: string;
  readonly toolVersion: string;
  readonly commandLine?: string;
  readonly targetKind: string;
  /** How the reporting file is named in tables: `SMS_def.mof` or `import MOF`. */
  readonly reportingFile: string;
  readonly sources: readonly string[];
  readonly counts: readonly ActionCount[];
  readonly units: readonly UnitRow[];
  readonly categories: readonly string[];
  readonly findings: readonly Finding[];
  readonly details: readonly UnitDetail[];
  readonly targets: readonly TargetChange[];
  readonly writes: readonly PlannedWrite[];
  /** For a write run: whether it succeeded. */
  readonly written?: { readonly ok: boolean; readonly files: readonly WrittenFile[] };
  readonly patchFile?: string;
  /** The folder the patch applies in. */
  readonly root: string;
}

/** Work out the review (see the module comment). */
export function buildReview(review: ReviewInput): ReviewModel {
  const command = review.command ?? "convert";
  const mode = review.mode ?? "preview";
  const plan = review.plan;
  const diagnostics = review.diagnostics ?? [];
  const blocked = hasErrors(diagnostics);
  const targets = review.targets.map(targetChange);
  const changed = targets.filter((t) => t.changed);
  const rank = new Map(PLAN_ACTIONS.map((a, i) => [a, i]));
  const units = [...plan.units].sort((a, b) => rank.get(a.action)! - rank.get(b.action)!);

  const sources = review.sources ?? [...new Set(plan.units.map((u) => u.source.file))].sort(comparePaths);
  const status = blocked
    ? `The inputs have errors: nothing can be written (${diagnostics.filter((d) => d.severity === "error").length} error(s), see Findings).`
    : changed.length === 0
      ? "The targets are up to date: nothing to write."
      : mode === "write"
        ? review.written?.ok === false
          ? "The write failed: no target was changed."
          : `Written: ${changed.map((t) => t.file).join(", ")}.`
        : `${changed.map((t) => t.file).join(" and ")} would change${mode === "check" ? " (convert --check exits 1)" : ""}; nothing has been written yet.`;

  const backups = plannedBackups(review.targets, review.backupDir !== undefined ? { backupDir: review.backupDir } : {});
  const writes: PlannedWrite[] = review.targets.map((t, i) => {
    const done = review.written?.written.find((w) => w.file === t.file);
    const backup = done ? done.backup : backups[i];
    const action = !targets[i].changed ? "unchanged" : t.originalBytes === null ? "create" : "replace";
    return { file: t.file, action, ...(backup !== undefined ? { backup } : {}) };
  });

  const documents = new Map<string, { text: string; lines: LineIndex }>();
  for (const d of review.documents ?? []) if (!documents.has(d.file)) documents.set(d.file, { text: d.source.text, lines: d.lines });

  return {
    command,
    mode,
    title: `${command === "split" ? "split" : "convert"} ${mode}: ${review.targets.map((t) => baseName(t.file)).join(", ")}`,
    status,
    blocked,
    date: (review.date ?? new Date()).toISOString(),
    toolVersion: review.toolVersion ?? toolVersion(),
    ...(review.commandLine !== undefined ? { commandLine: review.commandLine } : {}),
    targetKind:
      command === "split"
        ? "new files: the data part (configuration.mof additions) and the reporting part (SMS_def.mof additions, what ConfigMgr 2012 and later import in the console)"
        : plan.kind === "current-branch"
          ? "ConfigMgr current branch: configuration.mof's Added extensions section (data classes) and an import MOF for Client Settings (reporting classes)"
          : "ConfigMgr 2007 site files: configuration.mof (data classes) and SMS_def.mof (reporting classes)",
    reportingFile: plan.kind === "current-branch" ? "import MOF" : "SMS_def.mof",
    sources,
    counts: PLAN_ACTIONS.map((action) => ({
      action,
      meaning: ACTION_MEANINGS[action],
      total: plan.summary.actions[action],
      configuration: plan.summary.configuration[action],
      smsDef: (plan.kind === "current-branch" ? plan.summary.importMof : plan.summary.smsDef)[action],
    })),
    units: units.map(unitRow),
    categories: [...new Set(plan.units.map((u) => u.category))],
    findings: diagnostics.map((d) => finding(d, documents.get(d.file))),
    details: plan.units.filter((u) => ["conflict", "replace", "flag-change", "carry-flags"].includes(u.action)).map((u) => unitDetail(u, review)),
    targets,
    writes,
    ...(review.written ? { written: { ok: review.written.ok, files: review.written.written } } : {}),
    ...(review.patchFile !== undefined ? { patchFile: review.patchFile } : {}),
    root: reviewRoot(review),
  };
}

/** `class Contoso_Printer (data)`. */
export function unitWhat(u: Pick<PlannedUnit, "kind" | "name">): string {
  return `${u.kind === "instance" ? "instance of" : u.kind} ${u.name}`;
}

function unitRow(u: PlannedUnit): UnitRow {
  return {
    action: u.action,
    kind: u.kind,
    name: u.name,
    what: unitWhat(u),
    category: u.category,
    namespace: u.targetNamespaceSpelling,
    source: `${u.source.file}:${u.source.line}`,
    ...(u.target !== undefined ? { target: TARGET_FILES[u.target] } : {}),
    message: u.message,
  };
}

function finding(d: Diagnostic, doc: { text: string; lines: LineIndex } | undefined): Finding {
  const title = DiagnosticCodes[d.code].title;
  const wholeFile = d.start === 0 && d.end === 0;
  if (!doc || (wholeFile && doc.text === "")) return { diagnostic: d, title };
  const line = doc.lines.lineText(d.line);
  const from = d.column - 1;
  const to = d.endLine === d.line ? Math.max(from, d.endColumn - 1) : line.length;
  // A window around the problem, so that a long line does not become a long excerpt.
  const start = Math.max(0, Math.min(from - EXCERPT_WINDOW / 2, line.length - EXCERPT_WINDOW));
  const end = Math.min(line.length, Math.max(to + EXCERPT_WINDOW / 2, start + EXCERPT_WINDOW));
  const cut = (s: string, left: boolean, right: boolean) => (left ? "…" : "") + s + (right ? "…" : "");
  return {
    diagnostic: d,
    title,
    excerpt: {
      line: d.line,
      before: cut(line.slice(start, from), start > 0, false),
      marked: line.slice(from, Math.min(to, end)),
      after: cut(line.slice(Math.min(to, end), end), false, end < line.length),
    },
  };
}

function unitDetail(u: PlannedUnit, review: ReviewInput): UnitDetail {
  const node = u.unit.primary.node;
  const sourceText = u.unit.primary.document.source.text.slice(node.start, node.end);
  let targetText: string | undefined;
  if (u.found && u.target !== undefined) {
    const target = review.plan.targets[u.target]?.document;
    if (target?.file === u.found.file) targetText = target.source.text.slice(u.found.start, u.found.end);
  }
  return {
    action: u.action,
    what: `${unitWhat(u)}${u.category === "reporting" || u.category === "data" ? ` (${u.category})` : ""}`,
    namespace: u.targetNamespaceSpelling,
    source: `${u.source.file}:${u.source.line}`,
    ...(u.found ? { found: `${u.found.file}:${u.found.line}` } : {}),
    differences: u.differences.map((d) => ({ difference: d, text: describeDifference(d), where: differenceWhere(d) })),
    flagChanges: u.flagChanges.map((f) => ({ ...(f.member !== undefined ? { member: f.member } : {}), source: f.source, target: f.target })),
    sourceText: normalizeEol(sourceText),
    ...(targetText !== undefined ? { targetText: normalizeEol(targetText) } : {}),
  };
}

/** `EstimatedSize: type`, `qualifier SMS_Report`, `superclass`: the first column of a difference. */
function differenceWhere(d: Difference): string {
  const what = d.aspect === "qualifier" ? `qualifier ${d.qualifier}` : d.aspect;
  if (d.aspect === "declaration") return d.declaration;
  return d.member ? `${d.member}: ${what}` : what;
}

function targetChange(t: ReviewInput["targets"][number]): TargetChange {
  const before = t.originalBytes === null ? undefined : decodeMof(t.originalBytes);
  const after = decodeMof(t.newBytes);
  const changed = t.originalBytes === null || !Buffer.from(t.originalBytes).equals(t.newBytes);
  const oldText = before ? normalizeEol(before.text) : "";
  const newText = normalizeEol(after.text);
  const all = changed ? diffHunks(oldText, newText, 3) : [];
  const { hunks, truncated } = cap(all);
  let added = 0;
  let removed = 0;
  for (const h of all)
    for (const l of h.lines) {
      if (l[0] === "+") added++;
      else if (l[0] === "-") removed++;
    }
  const beforeFacts = before ? facts(before, t.originalBytes!.byteLength) : undefined;
  const afterFacts = facts(after, t.newBytes.byteLength);
  return {
    file: t.file,
    label: t.target !== undefined ? `${TARGET_FILES[t.target]} (${t.target === "configuration" ? "data classes" : "reporting classes"})` : baseName(t.file),
    ...(t.target !== undefined ? { target: t.target } : {}),
    newFile: t.originalBytes === null,
    changed,
    ...(beforeFacts ? { before: beforeFacts } : {}),
    after: afterFacts,
    notes: notes(beforeFacts && { facts: beforeFacts, text: oldText }, { facts: afterFacts, text: newText }, changed),
    oldText,
    newText,
    hunks,
    added,
    removed,
    truncated,
  };
}

function facts(source: SourceText, bytes: number): FileFacts {
  const lines = source.text === "" ? 0 : source.text.split(/\r\n|\r|\n/).length - (source.finalNewline ? 1 : 0);
  return { encoding: source.encoding, bom: source.bom, eol: describeEol(source.text) ?? "none", bytes, lines };
}

const ENCODING_NAMES: Record<Encoding, string> = { utf8: "UTF-8", utf16le: "UTF-16LE", utf16be: "UTF-16BE", windows1252: "Windows-1252" };

/** `UTF-16LE with BOM`, `ASCII`, `Windows-1252`. */
export function encodingLabel(f: FileFacts, text?: string): string {
  const ascii = f.encoding === "utf8" && !f.bom && text !== undefined && !/[^\x00-\x7F]/.test(text);
  return `${ascii ? "ASCII" : ENCODING_NAMES[f.encoding]}${f.bom ? " with BOM" : ""}`;
}

interface Version {
  readonly facts: FileFacts;
  readonly text: string;
}

function notes(before: Version | undefined, after: Version, changed: boolean): string[] {
  const out: string[] = [];
  const enc = (v: Version) => `${encodingLabel(v.facts, v.text)}${v.facts.bom ? "" : " without a byte-order mark"}`;
  if (!before) out.push(`A new file: ${enc(after)}, ${after.facts.eol} line endings.`);
  else if (encodingLabel(before.facts, before.text) !== encodingLabel(after.facts, after.text))
    out.push(`Encoding: ${enc(before)} before, ${enc(after)} after (the bytes that were there do not change; see Findings).`);
  else out.push(`Encoding kept: ${enc(after)}.`);
  if (before && before.facts.eol !== after.facts.eol) out.push(`Line endings: ${before.facts.eol} before, ${after.facts.eol} after.`);
  else if (before) out.push(`Line endings kept: ${after.facts.eol}.`);
  if (after.facts.encoding === "utf16le" || after.facts.encoding === "utf16be")
    out.push("The patch holds this file's bytes as they are, so its lines contain NUL bytes: apply it with git apply or patch -p1, and read the change here.");
  if (!changed) out.push("No change.");
  return out;
}

function cap(hunks: readonly Hunk[]): { hunks: Hunk[]; truncated: boolean } {
  const out: Hunk[] = [];
  let lines = 0;
  for (const h of hunks) {
    if (lines + h.lines.length > MAX_DIFF_LINES) {
      const room = MAX_DIFF_LINES - lines;
      if (room > 0) out.push({ ...h, lines: h.lines.slice(0, room) });
      return { hunks: out, truncated: true };
    }
    out.push(h);
    lines += h.lines.length;
  }
  return { hunks: out, truncated: false };
}

function baseName(file: string): string {
  return file.replace(/\\/g, "/").split("/").pop() ?? file;
}

/** Pairs of old and new lines for a side-by-side view of hunks. */
export interface SideBySideRow {
  readonly kind: "context" | "change" | "gap" | "note";
  readonly oldLine?: number;
  readonly oldText?: string;
  readonly newLine?: number;
  readonly newText?: string;
  /** For `gap`: unchanged lines left out; for `note`: the note. */
  readonly text?: string;
}

/**
 * The hunks as rows: context lines on both sides, each run of removed lines beside the run of
 * added lines that follows it, and a gap row for the unchanged lines between hunks.
 */
export function sideBySide(hunks: readonly Hunk[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let lastOld = 0;
  for (const h of hunks) {
    const gap = h.oldStart - 1 - lastOld;
    if (gap > 0) rows.push({ kind: "gap", text: `${gap} unchanged line${gap === 1 ? "" : "s"}` });
    // The diff package numbers an empty side from the line after the change, as the lines run.
    let oldLine = h.oldStart;
    let newLine = h.newStart;
    let removed: string[] = [];
    let added: string[] = [];
    const flush = () => {
      for (let i = 0; i < Math.max(removed.length, added.length); i++) {
        rows.push({
          kind: "change",
          ...(i < removed.length ? { oldLine: oldLine + i, oldText: removed[i] } : {}),
          ...(i < added.length ? { newLine: newLine + i, newText: added[i] } : {}),
        });
      }
      oldLine += removed.length;
      newLine += added.length;
      removed = [];
      added = [];
    };
    for (const line of h.lines) {
      const sign = line[0];
      const text = line.slice(1);
      if (sign === "-") removed.push(text);
      else if (sign === "+") added.push(text);
      else if (sign === "\\") {
        flush();
        rows.push({ kind: "note", text });
      } else {
        flush();
        rows.push({ kind: "context", oldLine, oldText: text, newLine, newText: text });
        oldLine++;
        newLine++;
      }
    }
    flush();
    lastOld = h.oldStart - 1 + h.oldLines;
  }
  return rows;
}
