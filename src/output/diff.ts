/**
 * Unified diffs of target files, for the preview. Lines are compared without their line-break
 * characters, so a CRLF file shows no `^M` noise; the header says which line endings the file
 * has instead.
 */
import { createRequire } from "node:module";
import { describeEol } from "../document/eol.js";
import { painter } from "../util/ansi.js";
import { checkArgument, checkOptions } from "../util/arguments.js";

// Only the module that makes patches, and only when a diff is made: the package's index loads
// every kind of diff (twice the start-up time), and most runs of the command line make none.
type PatchModule = typeof import("diff/lib/patch/create.js");
const load = createRequire(import.meta.url);
let patchModule: PatchModule | undefined;
const patches = (): PatchModule => (patchModule ??= load("diff/lib/patch/create.js") as PatchModule);

/** Options of {@link formatDiff}. */
export interface DiffOptions {
  /** ANSI colors: added lines green, removed lines red, hunk headers cyan. */
  color?: boolean;
  /** Unchanged lines shown around each change. Default 3. */
  context?: number;
}

/**
 * A unified diff (`--- a/file`, `+++ b/file`, `@@ … @@` hunks) from `oldText` to `newText`.
 * Returns `""` when the texts are equal. When the line endings of a file are CRLF (or CR) the
 * header says so, e.g. `--- a/SMS_def.mof (CRLF)`; when only the line endings changed, a note
 * line says that too. The result ends with a newline.
 *
 * @throws TypeError when `file`, `oldText` or `newText` is not a string, or `options` not an object.
 */
export function formatDiff(file: string, oldText: string, newText: string, options: DiffOptions = {}): string {
  checkArgument("formatDiff", "file", file, "string");
  checkArgument("formatDiff", "oldText", oldText, "string");
  checkArgument("formatDiff", "newText", newText, "string");
  checkOptions("formatDiff", options);
  if (oldText === newText) return "";
  const context = Math.max(0, options.context ?? 3);
  const paint = painter(options.color);
  const oldEol = describeEol(oldText);
  const newEol = describeEol(newText);
  const oldLines = normalizeEol(oldText);
  const newLines = normalizeEol(newText);
  const name = file.replace(/\\/g, "/");
  // Migrations mostly append to large files: the diff package is given only the text from a few
  // context lines above the first changed line, and its line numbers are shifted back. The
  // result is the same, because the diff starts by taking the common leading lines as they are.
  const { offset, lines: skipped } = sharedLeadingLines(oldLines, newLines, context);
  const patch = patches().structuredPatch(`a/${name}`, `b/${name}`, oldLines.slice(offset), newLines.slice(offset), undefined, undefined, { context });
  for (const hunk of patch.hunks) {
    hunk.oldStart += skipped;
    hunk.newStart += skipped;
  }

  const out: string[] = [];
  out.push(paint("bold", `--- ${patch.oldFileName}${eolLabel(oldEol)}`));
  out.push(paint("bold", `+++ ${patch.newFileName}${eolLabel(newEol)}`));
  if (patch.hunks.length === 0) {
    out.push(paint("dim", `(only line endings differ: ${oldEol ?? "none"} -> ${newEol ?? "none"})`));
  }
  for (const hunk of patch.hunks) {
    out.push(paint("cyan", `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith("+")) out.push(paint("green", line));
      else if (line.startsWith("-")) out.push(paint("red", line));
      else if (line.startsWith("\\")) out.push(paint("dim", line));
      else out.push(line);
    }
  }
  return out.join("\n") + "\n";
}

/** A hunk range as GNU diff writes it: `start,count`; `start` is one less for an empty range; `,1` is left out. */
function range(start: number, count: number): string {
  if (count === 0) return `${Math.max(0, start - 1)},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
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

/** Only unusual line endings are named in the header: LF is what a diff reader expects. */
function eolLabel(eol: string | undefined): string {
  return eol && eol !== "LF" ? ` (${eol})` : "";
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
