/**
 * The hunks of a line diff between two texts whose lines end in `\n` (anything before the `\n`,
 * a CR too, is part of the line): what the terminal diff, the patch and the reports show. The
 * diff package does the work; migrations mostly append to large files, so it is given only the
 * text from a few context lines above the first changed line, and its line numbers are shifted
 * back. The result is the same, because a diff starts by taking the common leading lines as
 * they are.
 */
import { createRequire } from "node:module";

// Only the module that makes patches, and only when a diff is made: the package's index loads
// every kind of diff (twice the start-up time), and most runs of the command line make none.
type PatchModule = typeof import("diff/lib/patch/create.js");
const load = createRequire(import.meta.url);
let patchModule: PatchModule | undefined;
const patches = (): PatchModule => (patchModule ??= load("diff/lib/patch/create.js") as PatchModule);

/** One hunk: 1-based starts, line counts, and the lines with their ` `, `-`, `+` or `\` prefix. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** Without their `\n`; `\ No newline at end of file` follows a line the text ends without a break. */
  readonly lines: readonly string[];
}

/** The hunks from `oldText` to `newText` with `context` unchanged lines around each change. */
export function diffHunks(oldText: string, newText: string, context: number): Hunk[] {
  if (oldText === newText) return [];
  const { offset, lines: skipped } = sharedLeadingLines(oldText, newText, context);
  const patch = patches().structuredPatch("a", "b", oldText.slice(offset), newText.slice(offset), undefined, undefined, { context });
  return patch.hunks.map((h) => ({
    oldStart: h.oldStart + skipped,
    oldLines: h.oldLines,
    newStart: h.newStart + skipped,
    newLines: h.newLines,
    lines: h.lines,
  }));
}

/** A hunk range as GNU diff writes it: `start,count`; `start` is one less for an empty range; `,1` is left out. */
export function hunkRange(start: number, count: number): string {
  if (count === 0) return `${Math.max(0, start - 1)},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** `@@ -a,b +c,d @@` of a hunk. */
export function hunkHeader(h: Hunk): string {
  return `@@ -${hunkRange(h.oldStart, h.oldLines)} +${hunkRange(h.newStart, h.newLines)} @@`;
}

/**
 * The whole lines two texts (with `\n` line breaks) start with, less the last `keep` of them:
 * their length in characters (`offset`) and their number (`lines`).
 */
function sharedLeadingLines(a: string, b: string, keep: number): { offset: number; lines: number } {
  const limit = Math.min(a.length, b.length);
  // Equal blocks are compared as strings first (fast), then the last block character by character.
  const block = 4096;
  let same = 0;
  while (same + block <= limit && a.slice(same, same + block) === b.slice(same, same + block)) same += block;
  while (same < limit && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  // Back to the start of the line the texts differ in, then `keep` lines further up.
  let offset = same > 0 ? a.lastIndexOf("\n", same - 1) + 1 : 0;
  for (let i = 0; i < keep && offset > 0; i++) offset = offset > 1 ? a.lastIndexOf("\n", offset - 2) + 1 : 0;
  let lines = 0;
  for (let at = a.indexOf("\n"); at !== -1 && at < offset; at = a.indexOf("\n", at + 1)) lines++;
  return { offset, lines };
}
