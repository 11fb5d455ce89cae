/**
 * Writing target files safely. A run either replaces every changed target or leaves all of them
 * as they were:
 *
 * 1. take `<file>.lock` for every target (`open(..., "wx")`), so two runs cannot write at once;
 * 2. re-read every target and compare it with the bytes the plan was made from; if one changed
 *    on disk meanwhile, write nothing;
 * 3. write each new text to `.<name>.<pid>.<random>.tmp` in the target's folder, and the old
 *    bytes to a temporary file next to the backup (`<file>.bak`, or `<backupDir>/<name>.bak`),
 *    each flushed to disk; a failure here leaves no trace;
 * 4. rename each backup into place, then each temporary file over its target; if a rename
 *    fails, put the targets renamed before it back.
 *
 * Every failure is a diagnostic; temporary files are removed; locks are released.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { fileDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { writeIo } from "./write-io.js";

/** One file to write. */
export interface WriteTarget {
  /** Path of the target. */
  readonly file: string;
  /** The bytes the new text was computed from; `null` when the file must not exist yet. */
  readonly originalBytes: Uint8Array | null;
  /** The bytes to write. */
  readonly newBytes: Uint8Array;
}

/** Options of {@link writeTargets}. */
export interface WriteOptions {
  /** Put backups in this folder (created if needed) instead of next to each target. */
  backupDir?: string;
  /** Keep a backup of each replaced file. Default true. */
  backup?: boolean;
}

/** What happened to one target. */
export interface WrittenFile {
  readonly file: string;
  /** False when the new bytes equal the old ones (nothing was written). */
  readonly changed: boolean;
  /** Where the old bytes were saved, when a backup was made. */
  readonly backup?: string;
}

/** The outcome of {@link writeTargets}. */
export interface WriteResult {
  /** True when every changed target was written. When false, no target was changed. */
  readonly ok: boolean;
  /** The targets, in the order given (empty when `ok` is false). */
  readonly written: WrittenFile[];
  /** Why writing failed (`write-locked`, `write-changed-on-disk`, `write-error`). */
  readonly diagnostics: Diagnostic[];
}

/** A target on its way to disk. */
interface Pending {
  target: WriteTarget;
  /** The new bytes, waiting to be renamed over the target. */
  temp?: string;
  backup?: string;
  /** The old bytes, waiting to be renamed to `backup`. */
  backupTemp?: string;
  renamed: boolean;
}

/**
 * Write targets all-or-nothing (see the module comment for the steps). Never throws for I/O
 * problems: they come back as diagnostics with `ok: false`, and then no target has changed.
 */
export async function writeTargets(targets: readonly WriteTarget[], options: WriteOptions = {}): Promise<WriteResult> {
  const doRename = writeIo.rename;
  const diagnostics: Diagnostic[] = [];
  const locks: string[] = [];
  const pending: Pending[] = targets.map((target) => ({ target, renamed: false }));
  try {
    // 1. Locks, in a fixed order so two runs with the same targets cannot deadlock.
    for (const file of [...new Set(targets.map((t) => t.file))].sort()) {
      const problem = await takeLock(file);
      if (problem) return failed(problem);
      locks.push(lockPath(file));
    }
    await writeIo.beforeVerify();

    // 2. Nothing may have changed since the plan was made.
    for (const { target } of pending) {
      const problem = await verifyUnchanged(target);
      if (problem) diagnostics.push(problem);
    }
    if (diagnostics.length > 0) return failed(...diagnostics);

    // 3. Temporary files and backups.
    const changed = pending.filter((p) => !sameBytes(p.target.originalBytes, p.target.newBytes));
    const backupNames = new Set<string>();
    for (const p of changed) {
      try {
        p.temp = await writeTemp(p.target);
      } catch (e) {
        return failed(ioDiagnostic(p.target.file, "cannot write a temporary file next to", e));
      }
      if (p.target.originalBytes !== null && options.backup !== false) {
        const backup = backupPath(p.target.file, options.backupDir, backupNames);
        p.backup = backup;
        try {
          if (options.backupDir !== undefined) await mkdir(options.backupDir, { recursive: true });
          // Renaming onto a folder would fail only in step 4, after other targets changed.
          if (
            await stat(backup).then(
              (s) => !s.isFile(),
              () => false,
            )
          ) {
            throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
          }
          p.backupTemp = tempPath(backup);
          await writeDurably(p.backupTemp, p.target.originalBytes);
        } catch (e) {
          return failed(ioDiagnostic(backup, `cannot write the backup of '${p.target.file}' to`, e));
        }
      }
    }

    // 4. Backups into place, then the targets; undo the targets already replaced if one fails.
    for (const p of changed) {
      try {
        if (p.backupTemp) {
          await rename(p.backupTemp, p.backup!);
          p.backupTemp = undefined;
        }
        await doRename(p.temp!, p.target.file);
        p.renamed = true;
        p.temp = undefined;
      } catch (e) {
        const problem = ioDiagnostic(p.target.file, "cannot replace", e);
        const restoreProblems = await restore(
          changed.filter((q) => q.renamed),
          doRename,
        );
        return failed(problem, ...restoreProblems);
      }
    }
    await Promise.all(changed.map((p) => syncFolder(dirname(p.target.file))));
    return {
      ok: true,
      written: pending.map((p) => ({ file: p.target.file, changed: changed.includes(p), ...(p.backup ? { backup: p.backup } : {}) })),
      diagnostics: [],
    };
  } finally {
    await Promise.all(pending.flatMap((p) => [p.temp, p.backupTemp].filter((f) => f !== undefined).map(removeQuietly)));
    await Promise.all(locks.map(removeQuietly));
  }

  function failed(...problems: Diagnostic[]): WriteResult {
    return { ok: false, written: [], diagnostics: problems };
  }
}

/** Path of the lock file of a target. */
export function lockPath(file: string): string {
  return `${file}.lock`;
}

async function takeLock(file: string): Promise<Diagnostic | undefined> {
  const path = lockPath(file);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return ioDiagnostic(path, "cannot create the lock file", e);
      const owner = await lockOwner(path);
      // A lock left behind by a run that died is removed once; a live owner is respected.
      if (attempt === 0 && owner !== undefined && !isRunning(owner)) {
        await removeQuietly(path);
        continue;
      }
      const who = owner !== undefined ? ` (process ${owner})` : "";
      return problem("write-locked", file, `'${file}' is being written by another mof-migrate run${who}`, `if no other run is going on, delete '${path}'`);
    }
  }
  return problem("write-locked", file, `cannot lock '${file}'`, `delete '${path}' if no other run is going on`);
}

async function lockOwner(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function verifyUnchanged(target: WriteTarget): Promise<Diagnostic | undefined> {
  let current: Uint8Array | null;
  try {
    current = await readFile(target.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return ioDiagnostic(target.file, "cannot read", e);
    current = null;
  }
  if (sameBytes(current, target.originalBytes)) return undefined;
  const what = current === null ? "was deleted" : target.originalBytes === null ? "was created" : "was changed";
  return problem("write-changed-on-disk", target.file, `'${target.file}' ${what} on disk after it was read; nothing was written`);
}

/** `.<name>.<pid>.<random>.tmp` in the folder of `file`. */
function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

async function writeTemp(target: WriteTarget): Promise<string> {
  const temp = tempPath(target.file);
  await writeDurably(temp, target.newBytes);
  // Keep the target's permissions.
  const mode = await stat(target.file).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  if (mode !== undefined) {
    const handle = await open(temp, "r");
    try {
      await handle.chmod(mode);
    } finally {
      await handle.close();
    }
  }
  return temp;
}

/** Create `path` (it must not exist), write `bytes` and flush them to disk. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await removeQuietly(path);
    throw e;
  }
  await handle.close();
}

/** Put back the old bytes of targets that were already replaced. */
async function restore(done: Pending[], doRename: (from: string, to: string) => Promise<void>): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const p of done) {
    const original = p.target.originalBytes;
    try {
      if (original === null) await unlink(p.target.file);
      else {
        const temp = await writeTemp({ ...p.target, newBytes: original });
        try {
          await doRename(temp, p.target.file);
        } catch (e) {
          await removeQuietly(temp);
          throw e;
        }
      }
    } catch (e) {
      const saved = p.backup ? `; its old text is in '${p.backup}'` : "";
      problems.push(ioDiagnostic(p.target.file, "cannot restore", e, saved));
    }
  }
  return problems;
}

/**
 * Where {@link writeTargets} keeps the backups of these targets (`undefined` for a target that
 * is new, or unchanged), for reports that say what a write will create.
 */
export function plannedBackups(targets: readonly WriteTarget[], options: WriteOptions = {}): (string | undefined)[] {
  const taken = new Set<string>();
  return targets.map((t) =>
    t.originalBytes === null || options.backup === false || sameBytes(t.originalBytes, t.newBytes) ? undefined : backupPath(t.file, options.backupDir, taken),
  );
}

function backupPath(file: string, backupDir: string | undefined, taken: Set<string>): string {
  if (backupDir === undefined) return `${file}.bak`;
  let path = join(backupDir, `${basename(file)}.bak`);
  for (let i = 1; taken.has(path); i++) path = join(backupDir, `${basename(file)}.${i}.bak`);
  taken.add(path);
  return path;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename durable; not every platform can open a folder, which is fine.
  try {
    const handle = await open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a folder",
  ENOTDIR: "part of the path is not a folder",
  ENOENT: "no such file or folder",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
  EEXIST: "it already exists",
  EBUSY: "the file is busy",
  EXDEV: "not on the same device",
};

function ioDiagnostic(path: string, doing: string, error: unknown, outcome = "; nothing was written"): Diagnostic {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = code ? `${REASONS[code] ?? "I/O error"} (${code})` : String((error as Error)?.message ?? error);
  return problem("write-error", path, `${doing} '${path}': ${reason}${outcome}`);
}

function problem(code: DiagnosticCode, file: string, message: string, hint?: string): Diagnostic {
  return fileDiagnostic(file, code, message, hint !== undefined ? { hint } : {});
}
