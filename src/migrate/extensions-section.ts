/**
 * The "Added extensions" section of a ConfigMgr 2012 and later configuration.mof: the lines
 * between `// Added extensions start` and `// Added extensions end`. A site update rewrites the
 * rest of the file, so that is where a migration puts data classes. This module finds the two
 * marker lines (each a `//` comment on a line of its own, any case, usually framed by
 * `//=====` decoration lines), says where appended units go, and writes the marker block for a
 * file that has none.
 */
import type { Comment, Range } from "../../grammar/ast.js";
import type { LineEnding } from "../document/eol.js";
import type { MofDocument } from "../document/parse.js";
import { lineStart } from "../util/text.js";

const START_MARKER = /^\/\/\s*Added extensions start\b/i;
const END_MARKER = /^\/\/\s*Added extensions end\b/i;
const DECORATION = /^\/\/[\s=*#/-]*$/;

/**
 * Where the section of a configuration.mof is:
 * - `found`: both markers, in order. `start` is the end of the start marker line, `end` the
 *   start of the end marker's banner (its decoration lines included); `insertAt` (= `end`) is
 *   where appended units go.
 * - `missing`: no marker at all; the marker block is added at the end of the file.
 * - `invalid`: a start without an end, an end without a start, the end before the start, or a
 *   marker twice; `at` is the marker line that is wrong. Nothing may be written.
 */
export type ExtensionsSection =
  | { readonly markers: "found"; readonly start: number; readonly end: number; readonly insertAt: number }
  | { readonly markers: "missing" }
  | { readonly markers: "invalid"; readonly message: string; readonly at: Range };

/** The marker comments of a document: `start` and `end` lines, in text order. */
function markerComments(document: MofDocument): { start: Comment[]; end: Comment[] } {
  const text = document.source.text;
  const start: Comment[] = [];
  const end: Comment[] = [];
  for (const c of document.comments) {
    if (c.kind !== "line" || !ownLine(text, c)) continue;
    const body = text.slice(c.start, c.end);
    if (START_MARKER.test(body)) start.push(c);
    else if (END_MARKER.test(body)) end.push(c);
  }
  return { start, end };
}

/** The first `// Added extensions end` line of a document. */
export function endMarkerComment(document: MofDocument): Comment | undefined {
  return markerComments(document).end[0];
}

/** True when a document has either marker line: the configuration.mof of a ConfigMgr 2012 or later site. Returns the first one. */
export function firstMarker(document: MofDocument): Range | undefined {
  const { start, end } = markerComments(document);
  const first = [...start, ...end].sort((a, b) => a.start - b.start)[0];
  return first ? { start: first.start, end: first.end } : undefined;
}

/** Find the section of a configuration.mof (see {@link ExtensionsSection}). */
export function findExtensionsSection(document: MofDocument): ExtensionsSection {
  const { start, end } = markerComments(document);
  const line = (c: Comment) => document.lines.position(c.start).line;
  const range = (c: Comment): Range => ({ start: c.start, end: c.end });
  if (start.length === 0 && end.length === 0) return { markers: "missing" };
  if (start.length > 1) {
    return {
      markers: "invalid",
      at: range(start[1]),
      message: `configuration.mof has a second '// Added extensions start' line (the first is line ${line(start[0])})`,
    };
  }
  if (end.length > 1) {
    return {
      markers: "invalid",
      at: range(end[1]),
      message: `configuration.mof has a second '// Added extensions end' line (the first is line ${line(end[0])})`,
    };
  }
  if (end.length === 0) {
    return {
      markers: "invalid",
      at: range(start[0]),
      message: "configuration.mof has '// Added extensions start' but no '// Added extensions end' line after it",
    };
  }
  if (start.length === 0) {
    return {
      markers: "invalid",
      at: range(end[0]),
      message: "configuration.mof has '// Added extensions end' but no '// Added extensions start' line before it",
    };
  }
  if (end[0].start < start[0].start) {
    return {
      markers: "invalid",
      at: range(end[0]),
      message: `configuration.mof has '// Added extensions end' (line ${line(end[0])}) before '// Added extensions start' (line ${line(start[0])})`,
    };
  }
  const insertAt = bannerStart(document, end[0]);
  return { markers: "found", start: start[0].end, end: Math.max(insertAt, start[0].end), insertAt: Math.max(insertAt, start[0].end) };
}

/** True when `offset` lies inside a found section. */
export function isInsideSection(section: ExtensionsSection, offset: number): boolean {
  return section.markers === "found" && offset >= section.start && offset < section.end;
}

/**
 * The start of the line of a marker, or of the decoration lines (`//=====`) directly above it,
 * so that a banner stays whole when text is inserted before it.
 */
export function bannerStart(document: MofDocument, marker: Comment): number {
  const text = document.source.text;
  const index = document.comments.indexOf(marker);
  let first = marker;
  for (let i = index - 1; i >= 0; i--) {
    const c = document.comments[i];
    const decoration = c.kind === "line" && ownLine(text, c) && DECORATION.test(text.slice(c.start, c.end));
    // Only a decoration line directly above (nothing but one line break between).
    if (!decoration || !/^[ \t]*(\r\n|\r|\n)[ \t]*$/.test(text.slice(c.end, first.start))) break;
    first = c;
  }
  return lineStart(text, first.start);
}

/** The marker block's opening lines, as community guides write them. */
export function startMarkerBlock(eol: LineEnding): string {
  return ["//========================", "// Added extensions start", "//========================"].join(eol) + eol;
}

/** The marker block's closing lines. */
export function endMarkerBlock(eol: LineEnding): string {
  return ["//========================", "// Added extensions end", "//========================"].join(eol) + eol;
}

function ownLine(text: string, c: { start: number }): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, c.start), c.start));
}
