/**
 * Applying a plan: the text edits on configuration.mof and SMS_def.mof, the new texts, and the
 * new bytes in each target's own encoding, byte-order mark and line endings. Nothing here
 * touches the file system.
 *
 * Target encoding: a target keeps its encoding, except that a plain-ASCII target without a BOM
 * that gains non-ASCII text is written as Windows-1252 (what mofcomp reads on Western clients),
 * with a warning; see `decisions/` for why.
 */
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import { parseMof } from "../document/parse.js";
import { decodeMof, encodeMof, findUnencodable, sourceFromString, type Encoding } from "../document/source.js";
import { TARGET_FILES, type TargetName } from "./configmgr.js";
import { appendEdit, applyEdits, firstOverlap, partText, replaceEdits, type TextEdit } from "./edits.js";
import type { Range } from "../../grammar/ast.js";
import { checkShape } from "../util/arguments.js";
import { countUpTo } from "../util/collections.js";
import { PLAN_SHAPE, type MigrationPlan } from "./plan.js";

/** Where a diagnostic about a whole target goes: its first character. */
const AT_START = { start: 0, end: 0 };

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
  /** The encoding of `bytes`: the target's, or windows1252 for a plain-ASCII target that gains non-ASCII text. */
  readonly encoding: Encoding;
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
 * Turn a plan into new target texts and bytes: appends (at the end of the target, or before its
 * `// Added extensions end` line), in-place replacements (`replaceConflicts`) and flag edits
 * (`carryReportFlags`). The new texts are parsed again; a target whose new text does not parse
 * or cannot be encoded is marked `failed` and keeps its original text. Returns the
 * configuration.mof result, then the SMS_def.mof one.
 *
 * @throws TypeError when `plan` is not a plan from `planMigration`.
 */
export function applyPlan(plan: MigrationPlan): AppliedTarget[] {
  checkShape("applyPlan", "plan", plan, PLAN_SHAPE.what, PLAN_SHAPE.fields);
  return (["configuration", "smsDef"] as const).map((name) => applyToTarget(plan, name));
}

function applyToTarget(plan: MigrationPlan, name: TargetName): AppliedTarget {
  const document = plan.targets[name].document;
  const source = document.source;
  const eol = source.eol;
  const sink = new DiagnosticSink();
  const fileLabel = TARGET_FILES[name];
  const mine = plan.units.filter((u) => u.target === name && u.writes);

  // Which encoding the new bytes use. mofcomp reads a file without a BOM in the ANSI code page,
  // so for a BOM-less target that is plain ASCII (decoded as utf8) the non-ASCII characters we
  // add are written as Windows-1252, which is what a Western client reads back; the existing
  // bytes do not change because ASCII is a subset of it. We say so, because clients with another
  // ANSI code page would misread them: UTF-16LE with a BOM is the encoding every mofcomp reads
  // right. A BOM-less file that already holds UTF-8 text stays UTF-8 (changing it would alter
  // its existing bytes), with a warning that mofcomp misreads it.
  const addedText = mine.flatMap((u) => (u.action === "carry-flags" ? [] : u.unit.parts.map(partText))).join("");
  let encoding: Encoding = source.encoding;
  if (source.encoding === "utf8" && !source.bom && /[^\x00-\x7F]/.test(addedText)) {
    const chars = [...new Set(addedText.match(/[^\x00-\x7F]/gu) ?? [])].slice(0, 8).join(" ");
    if (!/[^\x00-\x7F]/.test(source.text)) {
      encoding = "windows1252";
      sink.report(
        document,
        "non-ascii-target",
        AT_START,
        `${fileLabel} has no byte-order mark and is plain ASCII: mofcomp reads such a file in the client's ANSI code page, so the non-ASCII characters added to it (${chars}) are written as Windows-1252`,
        {
          hint: `clients with another ANSI code page read these characters differently: save ${fileLabel} as UTF-16LE with a BOM to be safe on every client, or replace the characters in the source`,
        },
      );
    } else {
      sink.report(
        document,
        "non-ascii-target",
        AT_START,
        `${fileLabel} is UTF-8 without a byte-order mark: mofcomp reads it in the client's ANSI code page and misreads its non-ASCII characters, the added ones too (${chars})`,
        { hint: `save ${fileLabel} as UTF-16LE with a BOM` },
      );
    }
  }

  // A unit holding a character the target's encoding cannot hold is not written.
  const skipped: string[] = [];
  const writable = mine.filter((u) => {
    if (u.action === "carry-flags") return true;
    const bad = u.unit.parts.flatMap((p) => findUnencodable(partText(p), encoding).map((offset) => ({ part: p, offset: p.start + offset })));
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

  const edits: TextEdit[] = [];
  for (const u of writable) {
    if (u.action === "carry-flags") for (const f of u.flagChanges) edits.push(f.edit);
    if (u.action === "replace") for (const e of replaceEdits(u, document, eol)) edits.push(e);
  }
  const appends = writable.filter((u) => u.action === "append");
  if (appends.length) edits.push(appendEdit(appends, document, eol));
  edits.sort((a, b) => a.offset - b.offset);

  // Encoding the original text again is only needed when it is what the result holds.
  const original = () => ({ text: source.text, bytes: encodeMof(source), encoding: source.encoding });
  const fail = (message: string, rejectedText: string, start = 0): AppliedTarget => {
    sink.report(document, "target-not-written", { start, end: start }, message);
    return {
      target: name,
      file: document.file,
      edits,
      ...original(),
      changed: false,
      failed: true,
      rejectedText,
      written: [],
      skipped: mine.map((u) => u.id),
      diagnostics: sink.diagnostics,
    };
  };
  const overlap = firstOverlap(edits);
  if (overlap >= 0) return fail(`two changes to ${fileLabel} overlap at offset ${edits[overlap].offset}`, source.text, edits[overlap].offset);
  if (edits.length === 0) {
    return { target: name, file: document.file, edits, ...original(), changed: false, failed: false, written: [], skipped, diagnostics: sink.diagnostics };
  }

  const text = applyEdits(source.text, edits);
  const reparsed = parseMof(sourceFromString(text, { encoding, bom: source.bom, eol }), { file: document.file });
  const newErrors = reparsed.diagnostics.filter((d) => d.severity === "error");
  const oldErrors = document.diagnostics.filter((d) => d.severity === "error").length;
  if (newErrors.length > oldErrors) {
    const first = newErrors[0];
    return fail(`the new ${fileLabel} does not parse (line ${first.line}: ${first.message})`, text);
  }
  const swallowed = swallowedEdit(edits, reparsed.productions);
  if (swallowed) {
    const line = reparsed.lines.position(swallowed).line;
    return fail(
      `the text added to ${fileLabel} at line ${line} would not be read as MOF: it falls inside a comment or a declaration of the target that does not end (a '/*' without '*/'?)`,
      text,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeMof({ text, encoding, bom: source.bom, ...(source.trailingByte !== undefined ? { trailingByte: source.trailingByte } : {}) });
  } catch (e) {
    return fail(`the new ${fileLabel} cannot be encoded: ${(e as Error).message}`, text);
  }
  if (decodeMof(bytes).text !== text) return fail(`the new ${fileLabel} would not read back as written in ${encodingName(encoding)}`, text);
  return {
    target: name,
    file: document.file,
    edits,
    text,
    bytes,
    encoding,
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
