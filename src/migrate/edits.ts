/**
 * Text edits on a target, as data: `{offset, length, content}` on the original decoded text
 * (jsonc-parser's shape). This module computes them (appending units, replacing a definition,
 * setting an `SMS_Report` value) and applies them; it never touches the file system.
 *
 * Appended units keep their source text byte for byte (line endings aside), each under a
 * provenance comment, with `#pragma namespace` lines wherever the namespace in effect at that
 * point of the target differs from the unit's.
 */
import { checkArgument, checkArrayOfShape } from "../util/arguments.js";
import type { ClassDeclaration, Feature } from "../../grammar/ast.js";
import { qualifierName } from "../../grammar/ast.js";
import { convertLineEndings, type LineEnding } from "../document/eol.js";
import type { MofDocument } from "../document/parse.js";
import { findQualifier } from "../document/query.js";
import { namespaceAt, namespacePragmaText } from "../program/namespaces.js";
import { bannerStart, endMarkerComment } from "./extensions-section.js";
import type { FileLocation } from "./location.js";
import type { MofUnit, UnitPart } from "./units.js";

/** A replacement of `length` characters at `offset` by `content` (jsonc-parser style), on a decoded text. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

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

/** What rendering a unit into a target needs to know of its plan. */
export interface RenderedUnit {
  readonly unit: MofUnit;
  readonly category: "data" | "reporting" | "left-out";
  readonly targetNamespaceSpelling: string;
  readonly source: FileLocation;
  readonly replaceRanges: readonly { readonly start: number; readonly end: number }[];
}

/**
 * Apply text edits (offsets into the original text) to a text. Edits at one offset apply in the
 * order given. Throws a RangeError when two edits overlap: that is a bug in the caller, and
 * applying them would corrupt the text.
 *
 * @throws TypeError when `text` is not a string or `edits` not an array of `{ offset, length, content }`.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  checkArgument("applyEdits", "text", text, "string");
  checkArrayOfShape("applyEdits", "edits", edits, "a TextEdit { offset, length, content }", { offset: "number", length: "number", content: "string" });
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i);
  const pieces: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    if (e.offset < at || e.offset + e.length > text.length)
      throw new RangeError(`edit at offset ${e.offset} (length ${e.length}) overlaps another edit or the end of the text`);
    pieces.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  pieces.push(text.slice(at));
  return pieces.join("");
}

/** The index of the first edit that overlaps the one before it (edits sorted by offset); -1 when none do. */
export function firstOverlap(sorted: readonly TextEdit[]): number {
  for (let i = 1; i < sorted.length; i++) if (sorted[i].offset < sorted[i - 1].offset + sorted[i - 1].length) return i;
  return -1;
}

/**
 * The edit that appends units to a target at `offset`: by default its end, or the start of its
 * `// Added extensions end` banner when it has one.
 */
export function appendEdit(
  units: readonly RenderedUnit[],
  document: MofDocument,
  eol: LineEnding,
  offset = endMarkerOffset(document) ?? document.source.text.length,
): TextEdit {
  const text = document.source.text;
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
  const marker = endMarkerComment(document);
  return marker ? bannerStart(document, marker) : undefined;
}

/** The edits that replace a target's definition of a unit with the source's. */
export function replaceEdits(u: RenderedUnit, document: MofDocument, eol: LineEnding): TextEdit[] {
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
export function renderUnit(u: RenderedUnit, state: { namespace?: string }, eol: LineEnding, blankLine = true): string {
  let out = "";
  u.unit.parts.forEach((part, i) => {
    const spelling = u.category === "reporting" ? u.targetNamespaceSpelling : part.namespaceSpelling;
    if (i > 0 || blankLine) out += eol;
    if (state.namespace !== spelling.toLowerCase()) {
      out += namespacePragmaText(spelling) + eol;
      state.namespace = spelling.toLowerCase();
    }
    if (i === 0) out += provenanceComment(u) + eol;
    for (const r of part.lead) out += convertLineEndings(rangeText(part, r), eol) + eol;
    out += convertLineEndings(partText(part), eol) + eol;
    const text = part.document.source.text;
    let at = part.end;
    for (const r of part.tail) {
      // A blank line before a closing banner stays.
      if (/(\r\n|\r|\n)[ \t]*(\r\n|\r|\n)/.test(text.slice(at, r.start))) out += eol;
      out += convertLineEndings(rangeText(part, r), eol) + eol;
      at = r.end;
    }
  });
  return out;
}

/** Every piece of source text a part writes: the comments before it, its verbatim range, the comments after it. */
export function partPieces(p: Pick<UnitPart, "start" | "end" | "lead" | "tail">): { readonly start: number; readonly end: number }[] {
  return [...p.lead, { start: p.start, end: p.end }, ...p.tail];
}

function rangeText(p: Pick<UnitPart, "document">, r: { readonly start: number; readonly end: number }): string {
  return p.document.source.text.slice(r.start, r.end);
}

/** `// mof-migrate: from sms2003/mini/bios_ext.mof:12`: the source file relative to the plan's `inputRoot`, the line of the main declaration. */
export function provenanceComment(u: Pick<RenderedUnit, "source">): string {
  // Keep the comment plain ASCII so that it can be written in any target encoding.
  const path = u.source.path.replace(/[^\x20-\x7E]/g, "?");
  return `// mof-migrate: from ${path}:${u.source.line}`;
}

/** The verbatim source text of a part. */
export function partText(p: Pick<UnitPart, "document" | "start" | "end">): string {
  return p.document.source.text.slice(p.start, p.end);
}

/** Effective `SMS_Report` value: absent is FALSE, a bare name TRUE; undefined when it is not a boolean. */
export function reportFlag(node: ClassDeclaration | Feature): boolean | undefined {
  const q = findQualifier(node.qualifierList, "SMS_Report");
  if (!q) return false;
  if (!q.value) return true;
  return q.value.kind === "boolean" ? q.value.value : undefined;
}

/** The edit that sets `SMS_Report` of a class or member to `value`, keeping the target's spelling of booleans. */
export function flagEdit(node: ClassDeclaration | Feature, value: boolean, text: string, eol: string): TextEdit {
  const q = findQualifier(node.qualifierList, "SMS_Report");
  const sample = q?.value ? text.slice(q.value.start, q.value.end) : "TRUE";
  const word = spellLike(value ? "TRUE" : "FALSE", sample);
  if (q?.value) return { offset: q.value.start, length: q.value.end - q.value.start, content: word };
  if (q) return { offset: qualifierName(q).end, length: 0, content: `(${word})` };
  if (node.qualifierList) return { offset: node.qualifierList.start + 1, length: 0, content: `SMS_Report(${word}), ` };
  return { offset: node.start, length: 0, content: node.kind === "class" ? `[SMS_Report(${word})]${eol}` : `[SMS_Report(${word})] ` };
}

function spellLike(word: string, sample: string): string {
  if (sample === sample.toLowerCase()) return word.toLowerCase();
  if (sample === sample.toUpperCase()) return word;
  return word[0] + word.slice(1).toLowerCase();
}

/** The target ranges a replacement covers: each part from its first statement (its comments stay) to its end. */
export function replaceRanges(target: MofUnit): { start: number; end: number }[] {
  return target.parts.map((p) => {
    let start = p.end;
    for (const d of p.declarations) start = Math.min(start, d.node.start);
    for (const x of p.pragmas) start = Math.min(start, x.node.start);
    return { start, end: p.end };
  });
}
