/**
 * Emitting a plan: the text edits on configuration.mof and SMS_def.mof, the new texts, and the
 * new bytes in each target's own encoding, byte-order mark and line endings. Also the `split`
 * of sources into two new files. Nothing here touches the file system.
 *
 * Appended units keep their source text byte for byte (line endings aside), each under a
 * provenance comment, with `#pragma namespace` lines wherever the namespace in effect at that
 * point of the target differs from the unit's.
 */
import { locate, type Diagnostic, type RawDiagnostic } from "./diagnostics.js";
import { namespaceAt, namespacePragmaText } from "./namespaces.js";
import { parseMof, type MofDocument } from "./parse.js";
import {
  analyzeSources,
  byPosition,
  planUnits,
  resolveMigrationOptions,
  summarize,
  type MigrationOptions,
  type MigrationPlan,
  type PlannedUnit,
  type PlanSummary,
  type TargetName,
  type TextEdit,
} from "./plan.js";
import { crossCheck } from "./crosscheck.js";
import { programFromDocuments, type MofProgram } from "./program.js";
import { buildUnits } from "./units.js";
import { convertLineEndings, decodeMof, encodeMof, findUnencodable, sourceFromString, type Encoding, type LineEnding } from "./source.js";

export type { TextEdit } from "./plan.js";

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

/** Apply text edits (offsets into the original text) to a text. Edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  let out = "";
  let at = 0;
  for (const { e } of sorted) {
    out += text.slice(at, e.offset) + e.content;
    at = Math.max(at, e.offset + e.length);
  }
  return out + text.slice(at);
}

/** Marker lines of ConfigMgr 2012+ configuration.mof; custom classes go between them. */
const END_MARKER = /^\/\/\s*Added extensions end\b/i;

/**
 * Turn a plan into new target texts and bytes: appends (at the end of the target, or before its
 * `// Added extensions end` line), in-place replacements (`replaceConflicts`) and flag edits
 * (`carryReportFlags`). The new texts are parsed again; a target whose new text does not parse
 * or cannot be encoded is marked `failed` and keeps its original text. Returns the
 * configuration.mof result, then the SMS_def.mof one.
 */
export function applyPlan(plan: MigrationPlan): AppliedTarget[] {
  return (["configuration", "smsDef"] as const).map((name) => applyToTarget(plan, name));
}

function applyToTarget(plan: MigrationPlan, name: TargetName): AppliedTarget {
  const document = plan.targets[name].document;
  const source = document.source;
  const eol = source.eol;
  const diagnostics: Diagnostic[] = [];
  const fileLabel = name === "configuration" ? "configuration.mof" : "SMS_def.mof";
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
      diagnostics.push(at(document, 0, {
        code: "non-ascii-target",
        severity: "warning",
        message: `${fileLabel} has no byte-order mark and is plain ASCII: mofcomp reads such a file in the client's ANSI code page, so the non-ASCII characters added to it (${chars}) are written as Windows-1252`,
        hint: `clients with another ANSI code page read these characters differently: save ${fileLabel} as UTF-16LE with a BOM to be safe on every client, or replace the characters in the source`,
      }));
    } else {
      diagnostics.push(at(document, 0, {
        code: "non-ascii-target",
        severity: "warning",
        message: `${fileLabel} is UTF-8 without a byte-order mark: mofcomp reads it in the client's ANSI code page and misreads its non-ASCII characters, the added ones too (${chars})`,
        hint: `save ${fileLabel} as UTF-16LE with a BOM`,
      }));
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
      diagnostics.push(at(part.document, offset, {
        code: "unencodable-character",
        severity: "error",
        message: `${describeChar(cp)} cannot be written to ${fileLabel}, which is ${encodingName(encoding)}: ${u.name} is not written`,
        hint: `save ${fileLabel} as UTF-16LE with a BOM (mofcomp reads it on every client), or replace the character in the source`,
      }, width));
    }
    if (bad.length) skipped.push(u.id);
    return bad.length === 0;
  });

  const edits: TextEdit[] = [];
  for (const u of writable) {
    if (u.action === "carry-flags") edits.push(...u.flagChanges.map((f) => f.edit));
    if (u.action === "replace") edits.push(...replaceEdits(u, document, eol));
  }
  const appends = writable.filter((u) => u.action === "append");
  if (appends.length) edits.push(appendEdit(appends, document, eol));
  edits.sort((a, b) => a.offset - b.offset);

  // Encoding the original text again is only needed when it is what the result holds.
  const original = () => ({ text: source.text, bytes: encodeMof(source), encoding: source.encoding });
  const fail = (message: string, rejectedText: string, start = 0): AppliedTarget => {
    diagnostics.push(at(document, start, { code: "target-not-written", severity: "error", message, hint: "nothing is written to this file; see the other diagnostics" }));
    return { target: name, file: document.file, edits, ...original(), changed: false, failed: true, rejectedText, written: [], skipped: mine.map((u) => u.id), diagnostics };
  };
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].offset < edits[i - 1].offset + edits[i - 1].length) return fail(`two changes to ${fileLabel} overlap at offset ${edits[i].offset}`, source.text, edits[i].offset);
  }
  if (edits.length === 0) {
    return { target: name, file: document.file, edits, ...original(), changed: false, failed: false, written: [], skipped, diagnostics };
  }

  const text = applyEdits(source.text, edits);
  const reparsed = parseMof(sourceFromString(text, { encoding, bom: source.bom, eol }), { file: document.file });
  const newErrors = reparsed.diagnostics.filter((d) => d.severity === "error");
  const oldErrors = document.diagnostics.filter((d) => d.severity === "error").length;
  if (newErrors.length > oldErrors) {
    const first = newErrors[0];
    return fail(`the new ${fileLabel} does not parse (line ${first.line}: ${first.message})`, text);
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeMof({ text, encoding, bom: source.bom, ...(source.trailingByte !== undefined ? { trailingByte: source.trailingByte } : {}) });
  } catch (e) {
    return fail(`the new ${fileLabel} cannot be encoded: ${(e as Error).message}`, text);
  }
  if (decodeMof(bytes).text !== text) return fail(`the new ${fileLabel} would not read back as written in ${encodingName(encoding)}`, text);
  return { target: name, file: document.file, edits, text, bytes, encoding, changed: true, failed: false, written: writable.map((u) => u.id), skipped, diagnostics };
}

/** The edit that appends units to a target: at its end, or before its `// Added extensions end` line. */
function appendEdit(units: readonly PlannedUnit[], document: MofDocument, eol: LineEnding): TextEdit {
  const text = document.source.text;
  const offset = endMarkerOffset(document) ?? text.length;
  const before = namespaceAt(document, offset);
  const state = { namespace: before.namespace };
  let content = offset > 0 && !/[\r\n]$/.test(text.slice(offset - 1, offset)) ? eol : "";
  // A blank line before each unit, unless the target already has one there (or nothing at all).
  const lastLines = text.slice(Math.max(0, offset - 256), offset).replace(/(\r\n|\r|\n)$/, "");
  const blankAlready = offset === 0 || /(\r\n|\r|\n)[ \t]*$/.test(lastLines);
  units.forEach((u, i) => {
    content += renderUnit(u, state, eol, i > 0 || !blankAlready);
  });
  // Text after the insertion point must stay in the namespace it was written for.
  if (document.productions.some((p) => p.start >= offset) && state.namespace !== before.namespace) {
    content += eol + namespacePragmaText(before.spelling) + eol;
  }
  return { offset, length: 0, content };
}

/**
 * Where appended units go in a target with `// Added extensions end`: the start of that line,
 * or of the decoration lines (`//=====`) directly above it, so that the banner stays whole.
 */
export function endMarkerOffset(document: MofDocument): number | undefined {
  const text = document.source.text;
  const ownLine = (c: { start: number }) => /^[ \t]*$/.test(text.slice(lineStart(text, c.start), c.start));
  const index = document.comments.findIndex((c) => c.kind === "line" && END_MARKER.test(text.slice(c.start, c.end)) && ownLine(c));
  if (index === -1) return undefined;
  let first = document.comments[index];
  for (let i = index - 1; i >= 0; i--) {
    const c = document.comments[i];
    const decoration = c.kind === "line" && ownLine(c) && /^\/\/[\s=*#\/-]*$/.test(text.slice(c.start, c.end));
    // Only a decoration line directly above (nothing but one line break between).
    if (!decoration || !/^[ \t]*(\r\n|\r|\n)[ \t]*$/.test(text.slice(c.end, first.start))) break;
    first = c;
  }
  return lineStart(text, first.start);
}

/** The edits that replace a target's definition of a unit with the source's. */
function replaceEdits(u: PlannedUnit, document: MofDocument, eol: LineEnding): TextEdit[] {
  const [first, ...rest] = u.replaceRanges;
  if (!first) return [];
  const before = namespaceAt(document, first.start);
  const state = { namespace: before.namespace };
  let content = renderUnit(u, state, eol, false);
  if (state.namespace !== before.namespace) content += eol + namespacePragmaText(before.spelling) + eol;
  // The original text after the range has its own line break.
  content = content.endsWith(eol) ? content.slice(0, -eol.length) : content;
  return [{ offset: first.start, length: first.end - first.start, content }, ...rest.map((r) => ({ offset: r.start, length: r.end - r.start, content: "" }))];
}

/**
 * A unit as it is written: a blank line (when `blankLine`), then for each part a
 * `#pragma namespace` when `state.namespace` differs from the part's, the provenance comment
 * before the first part, and the part's source text with the target's line endings. Every
 * part ends with a line break. Updates `state.namespace`.
 */
export function renderUnit(u: PlannedUnit, state: { namespace?: string }, eol: LineEnding, blankLine = true): string {
  let out = "";
  u.unit.parts.forEach((part, i) => {
    const spelling = u.category === "reporting" ? u.targetNamespaceSpelling : part.namespaceSpelling;
    if (i > 0 || blankLine) out += eol;
    if (state.namespace !== spelling.toLowerCase()) {
      out += namespacePragmaText(spelling) + eol;
      state.namespace = spelling.toLowerCase();
    }
    if (i === 0) out += provenanceComment(u) + eol;
    out += convertLineEndings(partText(part), eol) + eol;
  });
  return out;
}

/** `// mof-migrate: from sms2003/mini/bios_ext.mof:12`: the source file relative to the plan's `inputRoot`, the line of the main declaration. */
export function provenanceComment(u: PlannedUnit): string {
  // Keep the comment plain ASCII so that it can be written in any target encoding.
  const path = u.source.path.replace(/[^\x20-\x7E]/g, "?");
  return `// mof-migrate: from ${path}:${u.source.line}`;
}

function partText(p: { document: MofDocument; start: number; end: number }): string {
  return p.document.source.text.slice(p.start, p.end);
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

function at(document: MofDocument, offset: number, raw: Omit<RawDiagnostic, "start" | "end">, length = 0): Diagnostic {
  return locate([{ ...raw, start: offset, end: offset + length }], document.file, document.source.text, document.lines)[0];
}

function describeChar(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${String.fromCodePoint(cp)}'`;
}

function encodingName(e: Encoding): string {
  return { utf8: "UTF-8", utf16le: "UTF-16LE", utf16be: "UTF-16BE", windows1252: "Windows-1252" }[e];
}

/** Options of {@link splitSources}. */
export interface SplitOptions extends MigrationOptions {
  /** The stock SMS 2003 SMS_def.mof: units identical to it are left out of both files. */
  baseline?: MofProgram | MofDocument;
}

/** What {@link splitSources} returns. */
export interface SplitResult {
  /** MOF text of the data units (for configuration.mof), CRLF line endings, starting with its namespace pragma. */
  readonly data: string;
  /** MOF text of the reporting units (for SMS_def.mof), CRLF line endings, starting with its namespace pragma. */
  readonly reporting: string;
  /** `data` as file bytes: plain ASCII when it is ASCII, else UTF-16LE with a BOM (read right by every mofcomp). */
  readonly dataBytes: Uint8Array;
  /** `reporting` as file bytes, encoded like `dataBytes`. */
  readonly reportingBytes: Uint8Array;
  /**
   * The plan behind the split: every source unit with its action (`append` means written to one
   * of the two texts); its targets are the two new texts, parsed.
   */
  readonly plan: MigrationPlan;
  /** Every unit of the sources with its action (same as `plan.units`). */
  readonly units: readonly PlannedUnit[];
  readonly summary: PlanSummary;
  /** Cross-checks (see `planMigration`), sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Split sources into two new MOF texts without any target: data units (configuration.mof) and
 * reporting units (SMS_def.mof), each unit under its provenance comment, with namespace pragmas,
 * CRLF line endings. Stock (with a baseline), superseded and left-out units are not written.
 */
export function splitSources(program: MofProgram, options: SplitOptions = {}): SplitResult {
  const { baseline, ...rest } = options;
  const resolved = resolveMigrationOptions(rest);
  const analysis = analyzeSources(program, baseline, resolved);
  const units = planUnits(analysis);
  const render = (category: "data" | "reporting") => {
    const state: { namespace?: string } = {};
    return units
      .filter((u) => u.action === "append" && u.category === category)
      .map((u, i) => renderUnit(u, state, "\r\n", i > 0))
      .join("");
  };
  const data = render("data");
  const reporting = render("reporting");
  const diagnostics = [...analysis.sources.diagnostics, ...crossCheck({ analysis, planned: units })].sort(byPosition);
  const summary = summarize(units);
  const asTarget = <N extends TargetName>(name: N, text: string, file: string) => {
    const document = parseMof(sourceFromString(text, splitEncoding(text)), { file });
    return { name, document, units: buildUnits(programFromDocuments([document]), { reportingNamespace: resolved.reportingNamespace }).units };
  };
  const targets = { configuration: asTarget("configuration", data, "configuration-additions.mof"), smsDef: asTarget("smsDef", reporting, "SMS_def-additions.mof") };
  const plan: MigrationPlan = { options: resolved, units, targets, diagnostics, summary };
  return {
    data,
    reporting,
    dataBytes: encodeMof(targets.configuration.document.source),
    reportingBytes: encodeMof(targets.smsDef.document.source),
    plan,
    units,
    summary,
    diagnostics,
  };
}

/** ASCII stays ASCII; anything else is UTF-16LE with a BOM, the one encoding every mofcomp reads right. */
function splitEncoding(text: string): { encoding: Encoding; bom: boolean; eol: LineEnding } {
  return /[^\x00-\x7F]/.test(text) ? { encoding: "utf16le", bom: true, eol: "\r\n" } : { encoding: "utf8", bom: false, eol: "\r\n" };
}
