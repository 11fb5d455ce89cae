/**
 * Numbered backups that are never overwritten: the first backup of `SMS_def.mof` is
 * `SMS_def.mof.bak`, the next ones `SMS_def.mof.1.bak`, `SMS_def.mof.2.bak`, … (one above the
 * highest number there). So the pristine original (the first backup, or a `.bak` the admin made
 * before) and the before-image of every run are all kept; the highest number is the latest.
 *
 * A backup is put in place with a link, which fails when the name is taken (by another run, or
 * a file that appeared meanwhile): then the next number is tried. Where the file system has no
 * hard links, an exclusive copy does the same.
 */
import { constants, readdirSync } from "node:fs";
import { copyFile, open, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { writeIo } from "./write-io.js";

/** `<name>.bak` or `<name>.<n>.bak`, with the number (0 for the plain one). */
function backupNumber(entry: string, name: string): number | undefined {
  if (!entry.startsWith(name + ".") || !entry.endsWith(".bak")) return undefined;
  const middle = entry.slice(name.length + 1, -".bak".length);
  if (middle === "") return 0;
  return /^[1-9]\d{0,8}$/.test(middle) ? Number(middle) : undefined;
}

/** The name of backup number `n` of `name`. */
export function backupName(name: string, n: number): string {
  return n === 0 ? `${name}.bak` : `${name}.${n}.bak`;
}

/**
 * The next free backup number of `name` in `folder`: 0 when it has no backup yet, else one
 * above the highest. `taken` are numbers this run already gave out in that folder.
 */
export async function nextBackupNumber(folder: string, name: string, taken: ReadonlySet<number> = new Set()): Promise<number> {
  return nextFree(await readdir(folder).catch(() => [] as string[]), name, taken);
}

/** {@link nextBackupNumber} for a report made without waiting (a folder that cannot be read has no backups). */
export function nextBackupNumberSync(folder: string, name: string, taken: ReadonlySet<number> = new Set()): number {
  let entries: string[] = [];
  try {
    entries = readdirSync(folder);
  } catch {
    // Nothing there yet: the first backup is the plain one.
  }
  return nextFree(entries, name, taken);
}

function nextFree(entries: readonly string[], name: string, taken: ReadonlySet<number>): number {
  let highest = -1;
  for (const entry of entries) {
    const n = backupNumber(entry, name);
    if (n !== undefined && n > highest) highest = n;
  }
  for (const n of taken) if (n > highest) highest = n;
  return highest + 1;
}

/**
 * Put the before-image `temp` in place as the next backup of `name` in `folder`, never over an
 * existing file, and remove `temp`. Returns the backup's path.
 */
export async function placeBackup(temp: string, folder: string, name: string, first: number): Promise<string> {
  for (let n = first; ; n++) {
    const path = join(folder, backupName(name, n));
    try {
      await writeIo.link(temp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
      try {
        await copyFile(temp, path, constants.COPYFILE_EXCL);
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw copyError;
      }
      const handle = await open(path, "r+");
      try {
        await writeIo.syncFile(handle, path);
      } finally {
        await handle.close();
      }
    }
    await unlink(temp);
    return path;
  }
}
