/**
 * `<file>.lock`: keeps two mof-migrate runs from writing one target at once.
 *
 * The lock is created whole or not at all: its text (host, process id and start time, a token)
 * is written and flushed to a temporary file first, which is then linked to the lock's name
 * (a link fails when the name exists, so two runs cannot both win). A full disk leaves no empty
 * lock behind. A lock whose run is over (see `runs.ts`) is moved aside and removed; a lock of a
 * run that may be going on, or of another host, is respected.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, unlink } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { fileDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { errorReason } from "../util/file-kind.js";
import { mayBeRunning, releaseTemp, tempPath, thisRun, type RunIdentity } from "./runs.js";
import { writeIo } from "./write-io.js";

/** Path of the lock file of a target (its real path). */
export function lockPath(file: string): string {
  return `${file}.lock`;
}

/** What a lock file says. Older versions wrote only the process id. */
interface LockText extends Partial<RunIdentity> {
  readonly pid: number;
  readonly token?: string;
  readonly created?: string;
}

/** Locks this process holds: lock path -> its token. */
const held = new Map<string, string>();

/** An unreadable or empty lock younger than this may be one being written by an older version. */
const UNKNOWN_LOCK_GRACE_MS = 10_000;

/** A held lock. */
export interface Lock {
  readonly path: string;
  /** Remove the lock, if it is still ours. */
  release(): Promise<void>;
}

/** Take the lock of `file` (a real path): the lock, or the diagnostic that says who holds it. */
export async function takeLock(file: string): Promise<Lock | Diagnostic> {
  const path = lockPath(file);
  for (let attempt = 0; attempt < 3; attempt++) {
    const token = randomBytes(8).toString("hex");
    const created = await create(path, token, basename(file));
    if (created === true) {
      held.set(path, token);
      return { path, release: () => release(path, token) };
    }
    if (created !== "exists") return fileDiagnostic(file, "write-error", `cannot create the lock file '${path}': ${created}; nothing was written`);
    const found = await examine(path);
    if (found.live) return lockedBy(file, path, found.text);
    // A lock of a run that is over: move it aside, and remove it if it is still the one judged.
    if (!(await breakLock(path, basename(file), found.ino))) return lockedBy(file, path, found.text);
  }
  return fileDiagnostic(file, "write-locked", `cannot lock '${file}'`, { hint: `if no other run is going on, delete '${path}'` });
}

/** Create the lock whole: true, "exists", or why it could not be created. */
/** `name` is the target's: the temporary file is named after it, so that the next run's clean-up of the target finds it. */
async function create(path: string, token: string, name: string): Promise<true | "exists" | string> {
  const me = thisRun();
  const text: LockText = {
    host: me.host,
    pid: me.pid,
    ...(me.startTicks ? { startTicks: me.startTicks } : {}),
    started: me.started,
    token,
    created: new Date().toISOString(),
  };
  const temp = tempPath(dirname(path), name, "lock");
  try {
    await writeWhole(temp, JSON.stringify(text) + "\n");
    try {
      await writeIo.link(temp, path);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return "exists";
      // A file system without hard links: create the name itself, and remove it if writing fails.
      if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
      return await createDirectly(path, JSON.stringify(text) + "\n");
    }
  } catch (e) {
    return errorReason(e);
  } finally {
    await unlink(temp).catch(() => undefined);
    releaseTemp(temp);
  }
}

async function createDirectly(path: string, text: string): Promise<true | "exists"> {
  let handle;
  try {
    handle = await open(path, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    throw e;
  }
  try {
    await handle.writeFile(text);
    await writeIo.syncFile(handle, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await handle.close();
  return true;
}

async function writeWhole(path: string, text: string): Promise<void> {
  const handle = await open(path, "wx", 0o644);
  try {
    await handle.writeFile(text);
    await writeIo.syncFile(handle, path);
  } finally {
    await handle.close();
  }
}

/** What the lock at `path` says, the identity of its file, and whether its run may be going on. */
async function examine(path: string): Promise<{ text?: LockText; ino?: number; live: boolean }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    // Gone meanwhile: the next attempt takes it.
    return { live: false };
  }
  try {
    const info = await handle.stat();
    const text = parseLock(await handle.readFile("utf8"));
    if (!text) return { ino: info.ino, live: Date.now() - info.mtimeMs < UNKNOWN_LOCK_GRACE_MS };
    const me = thisRun();
    const who = { host: text.host ?? me.host, pid: text.pid, ...(text.startTicks ? { startTicks: text.startTicks } : {}) };
    return { text, ino: info.ino, live: mayBeRunning(who, text.token !== undefined && held.get(path) === text.token) };
  } finally {
    await handle.close();
  }
}

function parseLock(text: string): LockText | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) };
  try {
    const json = JSON.parse(trimmed) as Partial<LockText>;
    return typeof json.pid === "number" ? (json as LockText) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remove a lock judged to be left by a run that is over. It is renamed aside first, and removed
 * only when the file moved is the one judged: two runs that judge it at once cannot remove a
 * lock the other has just taken.
 */
async function breakLock(path: string, name: string, ino: number | undefined): Promise<boolean> {
  const aside = tempPath(dirname(path), name, "stale");
  try {
    await writeIo.rename(path, aside);
  } catch {
    releaseTemp(aside);
    return true; // gone already: try again
  }
  try {
    const moved = await open(aside, "r");
    const same = (await moved.stat()).ino === ino;
    await moved.close();
    if (same) {
      await unlink(aside);
      return true;
    }
    // Another run's fresh lock was moved: put it back if its name is still free.
    await writeIo.link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  } finally {
    releaseTemp(aside);
  }
}

async function release(path: string, token: string): Promise<void> {
  if (held.get(path) !== token) return;
  held.delete(path);
  // Only our own lock is removed: one that was broken and taken by another run stays.
  const text = parseLock(await readFile(path, "utf8").catch(() => ""));
  if (text?.token === token) await unlink(path).catch(() => undefined);
}

function lockedBy(file: string, path: string, text: LockText | undefined): Diagnostic {
  const who = text
    ? ` (process ${text.pid}${text.host && text.host !== thisRun().host ? ` on ${text.host}` : ""}${text.created ? `, since ${text.created}` : ""})`
    : "";
  const other = text?.host && text.host !== thisRun().host;
  return fileDiagnostic(file, "write-locked", `'${file}' is being written by another mof-migrate run${who}`, {
    hint: other
      ? `the lock belongs to another computer, which this run cannot check; if no run is going on there, delete '${path}'`
      : `if no other run is going on, delete '${path}'`,
  });
}
