/**
 * Applying a plan: the text edits on each target (configuration.mof, and SMS_def.mof or the
 * import MOF), the new texts, and the new bytes in the encoding the target kind says (see
 * `target-encoding.ts`). Nothing here touches the file system.
 */
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseMof } from "../document/parse.js";
import { decodeMof, encodeMof, findUnencodable, sourceFromString, type Encoding } from "../document/source.js";
import { TARGET_FILES, type TargetName } from "./configmgr.js";
import type { PlannedUnit } from "./decide.js";
import { applyEdits, firstOverlap, partPieces, type TextEdit } from "./edits.js";
import { CM2007 } from "./kind-cm2007.js";
import { CURRENT_BRANCH } from "./kind-current-branch.js";
import type { Range } from "../../grammar/ast.js";
import { checkShape } from "../util/arguments.js";
import { countUpTo } from "../util/collections.js";
import { PLAN_SHAPE, type MigrationPlan } from "./plan.js";
import type { PlanTarget, TargetKindRules } from "./target-kind.js";

/** The result of applying a plan to one target file. */
export interface AppliedTarget {
  readonly target: TargetName;
  /** The target's file, as its document names it. */
  readonly file: string;
  /** The edits on the original decoded text, sorted by offset, not overlapping. */
  readonly edits: readonly TextEdit[];
  /** The new decoded text (the original one when nothing changes or the target failed). */
  readonly text: string;
  /** The new bytes, in `encoding` with the target's BOM and line endings. */
  readonly bytes: Uint8Array;
  /**
   * The encoding of `bytes`: the target's, or windows1252 for a plain-ASCII target that gains
   * non-ASCII text; for the import MOF, UTF-16LE (with a BOM) once it holds non-ASCII text.
   */
  readonly encoding: Encoding;
  /** True when the file does not exist yet (a new import MOF): write it with `originalBytes: null`. */
  readonly created: boolean;
  /** True when the target changes; never true for a failed target. */
  readonly changed: boolean;
  /** True when the new text could not be produced safely (does not parse, cannot be encoded): do not write it. */
  readonly failed: boolean;
  /** For a failed target, the text that was rejected (to look at, never to write). */
  readonly rejectedText?: string;
  /** Ids of the units written into this target (appended, replaced, or with carried flags). */
  readonly written: readonly string[];
  /** Ids of units that should have been written but were not (see the diagnostics). */
  readonly skipped: readonly string[];
  /** Problems found while writing (encoding, re-parse). */
  readonly diagnostics: readonly Diagnostic[];
}

/**

 * Turn a plan into new target texts and bytes: appends (at the end of the target, before its
 * `// Added extensions end` line, or, for a Current Branch configuration.mof without markers,
 * inside a marker block added at its end), in-place replacements (`replaceConflicts`) and flag
 * edits (`carryReportFlags`). The new texts are parsed again and checked as the target kind
 * requires (the import MOF: reporting classes only, each with its ids); a target whose new text
 * fails, or cannot be encoded, is marked `failed` and keeps its original text. Returns
 * configuration.mof's result, then SMS_def.mof's (ConfigMgr 2007) or the import MOF's
 * (Current Branch).
 *
 * @throws TypeError when `plan` is not a plan from `planMigration`.
 */
export function applyPlan(plan: MigrationPlan): AppliedTarget[] {
  checkShape("applyPlan", "plan", plan, PLAN_SHAPE.what, PLAN_SHAPE.fields);
  const kind = plan.kind === "current-branch" ? CURRENT_BRANCH : CM2007;
  return kind.targetNames.flatMap((name) => {
    const target = plan.targets[name];
    return target ? [applyToTarget(plan, kind, target)] : [];
  });
}

function applyToTarget(plan: MigrationPlan, kind: TargetKindRules, target: PlanTarget): AppliedTarget {
  const { name, document } = target;
  const source = document.source;
  const sink = new DiagnosticSink();
  const fileLabel = TARGET_FILES[name];
  const newLabel = name === "importMof" ? "the new import MOF" : `the new ${fileLabel}`;
  const mine = plan.units.filter((u) => u.target === name && u.writes);
  // What the units add: a flag change found in the target itself adds no text.
  const addsText = (u: PlannedUnit) => u.action !== "carry-flags" || u.atSite === true;
  const addedText = mine
    .flatMap((u) => (addsText(u) ? u.unit.parts.flatMap((p) => partPieces(p).map((r) => p.document.source.text.slice(r.start, r.end))) : []))
    .join("");
  const { encoding, bom, eol } = kind.encoding(target, addedText, sink);

  // A unit holding a character the target's encoding cannot hold is not written.
  const skipped: string[] = [];
  const writable = mine.filter((u) => {
    if (!addsText(u)) return true;
    const bad = u.unit.parts.flatMap((p) =>
      partPieces(p).flatMap((r) =>
        findUnencodable(p.document.source.text.slice(r.start, r.end), encoding).map((offset) => ({ part: p, offset: r.start + offset })),
      ),
    );
    for (const { part, offset } of bad) {
      const cp = part.document.source.text.codePointAt(offset)!;
      const width = cp > 0xffff ? 2 : 1;
      sink.report(
        part.document,
        "unencodable-character",
        { start: offset, end: offset + width },
        `${describeChar(cp)} cannot be written to ${fileLabel}, which is ${encodingName(encoding)}: ${u.name} is not written`,
        {
          hint: `save ${fileLabel} as UTF-16LE with a BOM (mofcomp reads it on every client), or replace the character in the source`,
        },
      );
    }
    if (bad.length) skipped.push(u.id);
    return bad.length === 0;
  });

  // Encoding the original text again is only needed when it is what the result holds.
  const original = () => ({ text: source.text, bytes: encodeMof(source), encoding: source.encoding });
  /** The target as it is: nothing to change, or (with the text that was rejected) a change that failed. */
  const asBefore = (edits: readonly TextEdit[], rejectedText?: string): AppliedTarget => ({
    target: name,
    file: document.file,
    edits,
    ...original(),
    created: !target.exists,
    changed: false,
    failed: rejectedText !== undefined,
    ...(rejectedText !== undefined ? { rejectedText } : {}),
    written: [],
    skipped: rejectedText !== undefined ? mine.map((u) => u.id) : skipped,
    diagnostics: sink.diagnostics,
  });
  const fail = (message: string, rejectedText: string, edits: readonly TextEdit[], start = 0): AppliedTarget => {
    sink.report(document, "target-not-written", { start, end: start }, message);
    return asBefore(edits, rejectedText);
  };
  const made = writable.length > 0 ? kind.edits(target, writable, sink) : [];
  if (!Array.isArray(made)) return fail(`nothing is written to ${fileLabel}: ${made.refused}`, source.text, []);
  const edits = made as TextEdit[];
  const overlap = firstOverlap(edits);
  if (overlap >= 0) return fail(`two changes to ${fileLabel} overlap at offset ${edits[overlap].offset}`, source.text, edits, edits[overlap].offset);
  if (edits.length === 0) return asBefore(edits);

  const text = applyEdits(source.text, edits);
  const reparsed = parseMof(sourceFromString(text, { encoding, bom, eol }), { file: document.file });
  const newErrors = reparsed.diagnostics.filter((d) => d.severity === "error");
  const oldErrors = document.diagnostics.filter((d) => d.severity === "error").length;
  if (newErrors.length > oldErrors) {
    const first = newErrors[0];
    return fail(`${newLabel} does not parse (line ${first.line}: ${first.message})`, text, edits);
  }
  const swallowed = swallowedEdit(edits, reparsed.productions);
  if (swallowed) {
    const line = reparsed.lines.position(swallowed).line;
    return fail(
      `the text added to ${fileLabel} at line ${line} would not be read as MOF: it falls inside a comment or a declaration of the target that does not end (a '/*' without '*/'?)`,
      text,
      edits,
    );
  }
  const problems = kind.verify({ target, written: reparsed, ...(plan.siteClasses ? { site: plan.siteClasses } : {}), options: plan.options });
  if (problems.length > 0) {
    const listed = problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; and ${problems.length - 5} more` : "");
    return fail(`${newLabel} would not import: ${listed}`, text, edits);
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeMof({
      text,
      encoding,
      bom,
      ...(source.trailingByte !== undefined && encoding === source.encoding ? { trailingByte: source.trailingByte } : {}),
    });
  } catch (e) {
    return fail(`${newLabel} cannot be encoded: ${(e as Error).message}`, text, edits);
  }
  if (decodeMof(bytes).text !== text) return fail(`${newLabel} would not read back as written in ${encodingName(encoding)}`, text, edits);
  return {
    target: name,
    file: document.file,
    edits,
    text,
    bytes,
    encoding,
    created: !target.exists,
    changed: true,
    failed: false,
    written: writable.map((u) => u.id),
    skipped,
    diagnostics: sink.diagnostics,
  };
}

/**
 * The offset (in the new text) of the first edit whose statements the new text does not hold:
 * every edit must add as many statements as its text has on its own. A target that ends inside
 * an unterminated comment (only a warning) would take what is appended for comment, and a second
 * run would append it again.
 */
function swallowedEdit(edits: readonly TextEdit[], productions: readonly Range[]): number | undefined {
  let shift = 0;
  for (const e of edits) {
    const from = e.offset + shift;
    const to = from + e.content.length;
    shift += e.content.length - e.length;
    const expected = parseMof(e.content).productions.length;
    if (expected === 0) continue;
    const found = countUpTo(productions, to - 1, (p) => p.start) - countUpTo(productions, from - 1, (p) => p.start);
    // Where its first statement would start, for the message.
    if (found < expected) return from + e.content.length - e.content.trimStart().length;
  }
  return undefined;
}

function describeChar(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${String.fromCodePoint(cp)}'`;
}

function encodingName(e: Encoding): string {
  return { utf8: "UTF-8", utf16le: "UTF-16LE", utf16be: "UTF-16BE", windows1252: "Windows-1252" }[e];
}
