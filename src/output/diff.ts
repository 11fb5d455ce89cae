/**
 * Unified diffs of target files, for the preview. Lines are compared without their line-break
 * characters, so a CRLF file shows no `^M` noise; the header says which line endings the file
 * has instead. (A diff to apply with `git apply` is the patch of `formatReport`, which keeps the
 * bytes.)
 */
import { describeEol } from "../document/eol.js";
import { painter } from "../util/ansi.js";
import { checkArgument, checkOptions } from "../util/arguments.js";
import { diffHunks, hunkHeader } from "./hunks.js";

/** Options of {@link formatDiff}. */
export interface DiffOptions {
  /** ANSI colors: added lines green, removed lines red, hunk headers cyan. */
  color?: boolean;
  /** Unchanged lines shown around each change. Default 3. */
  context?: number;
  /** The file does not exist yet: the old side is `/dev/null`, as `git diff` writes a new file. */
  newFile?: boolean;
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
  const hunks = diffHunks(normalizeEol(oldText), normalizeEol(newText), context);
  const name = file.replace(/\\/g, "/");

  const out: string[] = [];
  out.push(paint("bold", `--- ${options.newFile ? "/dev/null" : `a/${name}`}${eolLabel(oldEol)}`));
  out.push(paint("bold", `+++ b/${name}${eolLabel(newEol)}`));
  if (hunks.length === 0) {
    out.push(paint("dim", `(only line endings differ: ${oldEol ?? "none"} -> ${newEol ?? "none"})`));
  }
  for (const hunk of hunks) {
    out.push(paint("cyan", hunkHeader(hunk)));
    for (const line of hunk.lines) {
      if (line.startsWith("+")) out.push(paint("green", line));
      else if (line.startsWith("-")) out.push(paint("red", line));
      else if (line.startsWith("\\")) out.push(paint("dim", line));
      else out.push(line);
    }
  }
  return out.join("\n") + "\n";
}

/** Only unusual line endings are named in the header: LF is what a diff reader expects. */
function eolLabel(eol: string | undefined): string {
  return eol && eol !== "LF" ? ` (${eol})` : "";
}

/** The text with every line break as `\n`. */
export function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
