/**
 * The journal of a commit: `<target>.mof-migrate-journal`, one copy next to each target of the
 * commit, written (and flushed) before the first target is replaced and removed after the last.
 * It says what the commit replaces with what, by content hash, and where the new texts and the
 * before-images wait, so that a later run can finish or undo a commit that was cut short (a
 * kill, a power cut) whichever target it is given.
 */
import { createHash } from "node:crypto";
import { open, readFile, unlink } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { releaseTemp, tempPath, thisRun, type RunIdentity } from "./runs.js";
import { writeIo } from "./write-io.js";

/** The journal's file name next to a target (its real path). */
export function journalPath(file: string): string {
  return `${file}.mof-migrate-journal`;
}

/** Version of the journal's layout. */
const JOURNAL_VERSION = 1;

/** A text by its SHA-256 and size. */
export interface ContentId {
  readonly sha256: string;
  readonly size: number;
}

/** One target of a commit. */
export interface JournalTarget {
  /** Real path of the target. */
  readonly file: string;
  /** The path the caller named (a link, for instance), for messages. */
  readonly named: string;
  /** "rename": the new text replaces the file; "in-place": it is written into the file (hard links, another owner). */
  readonly mode: "rename" | "in-place";
  /** The text replaced; null when the target did not exist. */
  readonly old: ContentId | null;
  readonly new: ContentId;
  /** The temporary file with the new text. */
  readonly temp: string;
  /** The temporary file with the before-image; null when the target did not exist. */
  readonly undo: string | null;
  /** Where the before-image becomes a numbered backup; null when no backup is kept. */
  readonly backup: { readonly folder: string; readonly name: string } | null;
}

/** A journal. */
export interface Journal {
  readonly version: number;
  readonly id: string;
  readonly run: RunIdentity;
  readonly created: string;
  readonly targets: readonly JournalTarget[];
}

/** The SHA-256 and size of bytes. */
export function contentId(bytes: Uint8Array): ContentId {
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.byteLength };
}

/** True when `bytes` are the text `id` names. */
export function hasContent(bytes: Uint8Array | null, id: ContentId | null): boolean {
  if (bytes === null || id === null) return bytes === id;
  return bytes.byteLength === id.size && contentId(bytes).sha256 === id.sha256;
}

/** A new journal for `targets`. */
export function newJournal(id: string, targets: readonly JournalTarget[]): Journal {
  return { version: JOURNAL_VERSION, id, run: thisRun(), created: new Date().toISOString(), targets };
}

/**
 * Write the journal next to every target, each copy whole (a flushed temporary file renamed
 * into place) and its folder flushed. Returns the paths written, also when it fails part way.
 */
export async function writeJournal(journal: Journal, written: string[]): Promise<void> {
  const text = JSON.stringify(journal, null, 2) + "\n";
  for (const t of journal.targets) {
    const path = journalPath(t.file);
    const temp = tempPath(dirname(path), basename(t.file), "journal");
    try {
      const handle = await open(temp, "wx", 0o644);
      try {
        await handle.writeFile(text);
        await writeIo.syncFile(handle, temp);
      } finally {
        await handle.close();
      }
      await writeIo.rename(temp, path);
      written.push(path);
    } finally {
      await unlink(temp).catch(() => undefined);
      releaseTemp(temp);
    }
    await writeIo.syncFolder(dirname(path));
  }
}

/** Remove the journal copies, flushing their folders. */
export async function removeJournal(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await unlink(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await writeIo.syncFolder(dirname(path));
  }
}

/** The journal at `path`: undefined when there is none, an error message when it cannot be read. */
export async function readJournal(path: string): Promise<Journal | undefined | { unreadable: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return { unreadable: (e as Error).message };
  }
  try {
    const journal = JSON.parse(text) as Journal;
    if (journal.version !== JOURNAL_VERSION || !Array.isArray(journal.targets) || journal.targets.length === 0)
      return { unreadable: "it is not a journal this version knows" };
    return journal;
  } catch {
    return { unreadable: "it is not valid JSON" };
  }
}
