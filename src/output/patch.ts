/**
 * The change as a patch that `git apply` and `patch -p1` apply to give exactly the bytes a
 * write would write. Lines are compared as bytes (a line ends at each 0x0A byte), so CRLF line
 * endings, byte-order marks and any encoding survive: a UTF-16LE file's lines hold their NUL
 * bytes, which both tools apply as they are, though such a patch is no text to read (the
 * report shows the change for reading). Paths are relative to a root folder, under `a/` and
 * `b/`, quoted the way git quotes them when they hold unusual characters.
 */
import { Buffer } from "node:buffer";
import type { WriteTarget } from "./write.js";
import { diffHunks, hunkHeader } from "./hunks.js";
import { pathFromRoot } from "./report-paths.js";

/** The patch of the targets that change, as bytes; empty when none changes. */
export function formatPatch(targets: readonly WriteTarget[], root: string): Uint8Array {
  const parts: string[] = [];
  for (const t of targets) {
    if (t.originalBytes !== null && Buffer.from(t.originalBytes).equals(t.newBytes)) continue;
    parts.push(filePatch(t, pathFromRoot(t.file, root)));
  }
  return new Uint8Array(Buffer.from(parts.join(""), "latin1"));
}

/** One file's part: the git header, then the hunks. Strings hold one byte per character (latin1). */
function filePatch(t: WriteTarget, path: string): string {
  const oldName = quotePath(`a/${path}`);
  const newName = quotePath(`b/${path}`);
  const out: string[] = [`diff --git ${oldName} ${newName}`];
  if (t.originalBytes === null) out.push("new file mode 100644");
  const oldText = t.originalBytes === null ? "" : Buffer.from(t.originalBytes).toString("latin1");
  const newText = Buffer.from(t.newBytes).toString("latin1");
  const hunks = diffHunks(oldText, newText, 3);
  if (hunks.length > 0) {
    out.push(`--- ${t.originalBytes === null ? "/dev/null" : oldName}`, `+++ ${newName}`);
    for (const h of hunks) out.push(hunkHeader(h), ...h.lines);
  }
  return out.join("\n") + "\n";
}

/**
 * A path as git writes it in a patch: as it is, or in double quotes with C escapes when it
 * holds a quote, a backslash, a control character or a non-ASCII byte (as UTF-8 octal escapes).
 */
function quotePath(path: string): string {
  const bytes = Buffer.from(path, "utf8");
  if (!bytes.some((b) => b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c)) return path;
  const named: Record<number, string> = {
    0x07: "\\a",
    0x08: "\\b",
    0x09: "\\t",
    0x0a: "\\n",
    0x0b: "\\v",
    0x0c: "\\f",
    0x0d: "\\r",
    0x22: '\\"',
    0x5c: "\\\\",
  };
  let quoted = "";
  for (const b of bytes) quoted += named[b] ?? (b < 0x20 || b >= 0x7f ? "\\" + b.toString(8).padStart(3, "0") : String.fromCharCode(b));
  return `"${quoted}"`;
}
