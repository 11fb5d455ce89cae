/**
 * Writing target files safely: every changed target is replaced, or none is, and nothing an
 * admin or another program wrote is lost.
 *
 * 1. Resolve each target through its links (a link stays a link; the file it names is
 *    written); two names of one file are refused.
 * 2. Take `<file>.lock` of every target (see `lock.ts`); finish or undo a commit that a dead
 *    run left (see `recover.ts`), and clear its temporary files.
 * 3. Read every target again and compare it with the bytes the plan was made from; refuse a
 *    target that changed, or that is read-only (unless allowed).
 * 4. Prepare: write each new text to `.<name>.mof-migrate-….new` next to its target and each
 *    before-image to `….old` in the backup folder, each flushed to disk. Nothing visible has
 *    changed yet; a failure here leaves no trace.
 * 5. Commit, with Ctrl-C held (see `signals.ts`): write the journal next to every target; then
 *    for each target compare it once more (size, modification time, identity and content),
 *    as the last step before replacing it, and replace it (a rename; for a hard-linked file, or
 *    one another user owns, a write into the file itself). After the last one, look at each
 *    replaced file once more: an editor that wrote to it during its rename is caught, and then
 *    every target gets its old text (with that edit) back.
 * 6. Put the before-images in place as numbered backups (see `backups.ts`), remove the journal.
 *
 * A run killed at any point leaves either its targets as they were or a journal from which the
 * next run completes or undoes the commit. What remains: an editor that saves by replacing the
 * file in the microseconds between the last comparison and the rename of that file loses its
 * save (no system call compares and renames at once).
 */
import { randomBytes } from "node:crypto";
import { access, constants, mkdir, open, stat, type FileHandle } from "node:fs/promises";
import type { BigIntStats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { DiagnosticSink, fileDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkOption, checkOptions, invalidArgument, isObject } from "../util/arguments.js";
import { errorReason } from "../util/file-kind.js";
import { backupName, nextBackupNumber, nextBackupNumberSync, placeBackup } from "./backups.js";
import { readAll, removeQuietly, renameWithRetry, writeDurably, writeInPlace } from "./durable.js";
import { contentId, newJournal, removeJournal, writeJournal, type JournalTarget } from "./journal.js";
import { takeLock, type Lock } from "./lock.js";
import { recoverUnderLocks } from "./recover.js";
import { releaseTemp, tempPath } from "./runs.js";
import { holdSignals } from "./signals.js";
import { realTarget, type RealTarget } from "./target-path.js";
import { writeIo } from "./write-io.js";

/** One file to write. */
export interface WriteTarget {
  /** Path of the target. A symbolic link is written through: the file it points to gets the new bytes. */
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
  /** Replace targets that are read-only (no write permission) too. Default false: they are refused (`write-read-only`). */
  replaceReadOnly?: boolean;
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
  /**
   * Why writing failed (`write-locked`, `write-changed-on-disk`, `write-read-only`,
   * `write-same-file`, `write-interrupted`, `write-error`); also, when a run cut short before
   * was completed or undone first, `write-recovered` (a warning).
   */
  readonly diagnostics: Diagnostic[];
}

/** A target on its way to disk. */
interface Pending {
  readonly index: number;
  readonly target: WriteTarget;
  readonly path: RealTarget;
  changed: boolean;
  /** The target as verified, open for reading (for writing too when written in place). */
  handle?: FileHandle;
  /** Its size and modification time when verified. */
  seen?: BigIntStats;
  mode: "rename" | "in-place";
  /** The new bytes, waiting to replace the target. */
  temp?: string;
  /** The old bytes, waiting to become the backup (or to undo the commit). */
  undo?: string;
  /** Where the backup goes: the folder (as given, and resolved), the name, the first number to try. */
  backup?: { shown: string; folder: string; name: string; first: number };
  backupPath?: string;
  replaced: boolean;
  /** The replaced file as it was right after the replacement. */
  after?: BigIntStats;
  /** Bytes someone wrote into the old file during its replacement. */
  edited?: Buffer;
}

/**
 * Write targets all-or-nothing (see the module comment for the steps). Never throws for I/O
 * problems: they come back as diagnostics with `ok: false`, and then no target has changed.
 *
 * @throws TypeError when `targets` is not an array of `{ file, originalBytes, newBytes }`
 * (a string, a `Uint8Array` or `null`, a `Uint8Array`), or `options` has a value of the wrong type.
 */
export async function writeTargets(targets: readonly WriteTarget[], options: WriteOptions = {}): Promise<WriteResult> {
  checkArguments(targets, options);
  const sink = new DiagnosticSink();
  const failed = (...problems: Diagnostic[]): WriteResult => {
    sink.add(problems);
    return { ok: false, written: [], diagnostics: [...sink.diagnostics] };
  };

  // 1. The files the paths name.
  const pending: Pending[] = [];
  for (const [index, target] of targets.entries()) {
    try {
      pending.push({ index, target, path: await realTarget(target.file), changed: false, mode: "rename", replaced: false });
    } catch (e) {
      return failed(ioProblem(target.file, "cannot resolve", e));
    }
  }
  const sameFile = findSameFile(pending);
  if (sameFile) return failed(sameFile);
  const keepBackups = options.backup !== false;
  if (keepBackups && options.backupDir !== undefined) {
    const problem = await prepareBackupDir(options.backupDir);
    if (problem) return failed(problem);
  }

  const locks = new Map<string, Lock>();
  const journalCopies: string[] = [];
  let journalStays = false;
  // Held from the journal's creation; let through at the very end, once the locks are released too.
  let letSignalsThrough: (() => void) | undefined;
  try {
    // 2. Locks, in a fixed order; then what a dead run left.
    for (const real of [...new Set(pending.map((p) => p.path.real))].sort()) {
      const lock = await takeLock(real);
      if (!("release" in lock)) return failed(lock);
      locks.set(real, lock);
    }
    await recoverUnderLocks(
      pending.map((p) => ({ real: p.path.real, named: p.target.file })),
      locks,
      keepBackups ? options.backupDir : undefined,
      sink,
    );
    if (sink.hasErrors) return failed();
    await writeIo.step("locked");
    await writeIo.beforeVerify();

    // 3. Nothing may have changed since the plan was made.
    const problems: Diagnostic[] = [];
    for (const p of pending) {
      const problem = await openAndVerify(p, options);
      if (problem) problems.push(problem);
    }
    if (problems.length > 0) return failed(...problems);
    const changed = pending.filter((p) => p.changed);
    if (changed.length === 0) return { ok: true, written: pending.map((p) => ({ file: p.target.file, changed: false })), diagnostics: [...sink.diagnostics] };

    // 4. The new texts and the before-images, on disk.
    const backupNumbers = new Map<string, Set<number>>();
    for (const p of changed) {
      const problem = await prepare(p, keepBackups ? (options.backupDir ?? dirname(p.target.file)) : undefined, backupNumbers);
      if (problem) return failed(problem);
    }
    for (const folder of new Set(changed.flatMap((p) => [p.temp, p.undo].filter((f) => f !== undefined).map((f) => dirname(f)))))
      await writeIo.syncFolder(folder);
    await writeIo.step("prepared");

    // 5. The commit.
    letSignalsThrough = holdSignals();
    const journal = newJournal(randomBytes(8).toString("hex"), changed.map(journalEntry));
    try {
      await writeJournal(journal, journalCopies);
    } catch (e) {
      await removeJournal(journalCopies).catch(() => undefined);
      return failed(ioProblem(changed[0].target.file, "cannot write the journal next to", e));
    }
    await writeIo.step("journal");
    for (const p of changed) {
      let problem = await verifyAgain(p);
      if (!problem) {
        await writeIo.step(`verified:${p.index}`);
        problem = await replace(p);
      }
      if (problem) {
        journalStays = !(await undo(changed, sink));
        if (!journalStays) await removeJournal(journalCopies);
        return failed(problem);
      }
      await writeIo.step(`renamed:${p.index}`);
    }
    // An editor that had the old file open may have written to it while it was replaced.
    const edited = await findLateEdits(changed);
    if (edited.length > 0) {
      journalStays = !(await undo(changed, sink));
      if (!journalStays) await removeJournal(journalCopies);
      return failed(
        ...edited.map((p) =>
          problem(
            "write-changed-on-disk",
            p.target.file,
            `'${p.target.file}' was changed while it was being replaced; nothing was written, and the change is kept`,
          ),
        ),
      );
    }
    for (const folder of new Set(changed.map((p) => dirname(p.path.real)))) await writeIo.syncFolder(folder);
    await writeIo.step("committed");

    // 6. Backups, then the journal goes.
    for (const p of changed) {
      if (!p.undo) continue;
      if (p.backup) {
        try {
          p.backupPath = join(p.backup.shown, basename(await placeBackup(p.undo, p.backup.folder, p.backup.name, p.backup.first)));
          releaseTemp(p.undo);
          p.undo = undefined;
        } catch (e) {
          // The targets are written; the journal stays, and the next run puts the backup in place.
          journalStays = true;
          sink.reportFile(
            p.target.file,
            "write-error",
            `cannot put the backup of '${p.target.file}' in place: ${errorReason(e)}; its old text is in '${p.undo}' until the next run does`,
            {
              severity: "warning",
            },
          );
        }
      } else {
        await removeQuietly(p.undo);
        releaseTemp(p.undo);
        p.undo = undefined;
      }
    }
    for (const folder of new Set(changed.flatMap((p) => (p.backupPath ? [dirname(p.backupPath)] : [])))) await writeIo.syncFolder(folder);
    await writeIo.step("backed-up");
    if (!journalStays) await removeJournal(journalCopies);
    return {
      ok: true,
      written: pending.map((p) => ({ file: p.target.file, changed: p.changed, ...(p.backupPath ? { backup: p.backupPath } : {}) })),
      diagnostics: [...sink.diagnostics],
    };
  } finally {
    for (const p of pending) {
      await p.handle?.close().catch(() => undefined);
      // A journal that stays needs its files; otherwise what was not renamed goes.
      for (const f of [p.temp, p.undo]) {
        if (f === undefined) continue;
        if (!journalStays) await removeQuietly(f);
        releaseTemp(f);
      }
    }
    for (const lock of locks.values()) await lock.release();
    letSignalsThrough?.();
  }
}

/** Two targets that are one file (the same path, a link and its file, two hard links): a diagnostic. */
function findSameFile(pending: readonly Pending[]): Diagnostic | undefined {
  const byIdentity = new Map<string, Pending>();
  for (const p of pending) {
    const other = byIdentity.get(p.path.identity);
    if (other)
      return problem(
        "write-same-file",
        p.target.file,
        other.target.file === p.target.file
          ? `'${p.target.file}' is given twice; nothing was written`
          : `'${other.target.file}' and '${p.target.file}' are the same file${p.path.real !== p.target.file ? ` ('${p.path.real}')` : ""}; nothing was written`,
      );
    byIdentity.set(p.path.identity, p);
  }
  return undefined;
}

async function prepareBackupDir(folder: string): Promise<Diagnostic | undefined> {
  const info = await stat(folder).catch(() => undefined);
  if (info && !info.isDirectory())
    return problem("write-error", folder, `cannot keep the backups in '${folder}': it is a file, not a folder; nothing was written`);
  try {
    if (!info) await mkdir(folder, { recursive: true });
  } catch (e) {
    return ioProblem(folder, "cannot create the backup folder", e);
  }
  return undefined;
}

/**
 * Open the target, read it and compare it with the bytes the plan was made from; note whether
 * it changes, how it is replaced, and its size and time for the comparison before its rename.
 */
async function openAndVerify(p: Pending, options: WriteOptions): Promise<Diagnostic | undefined> {
  const { target, path } = p;
  const original = target.originalBytes;
  let handle: FileHandle;
  try {
    handle = await open(path.real, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return ioProblem(target.file, "cannot read", e);
    if (original !== null) return changedOnDisk(target.file, "was deleted");
    p.changed = true;
    return undefined;
  }
  p.handle = handle;
  try {
    const seen = await handle.stat({ bigint: true });
    if (!seen.isFile()) return problem("write-error", target.file, `cannot write '${target.file}': it is not a file; nothing was written`);
    if (original === null) return changedOnDisk(target.file, "was created");
    if (!sameBytes(await readAll(handle), original)) return changedOnDisk(target.file, "was changed");
    p.seen = seen;
  } catch (e) {
    return ioProblem(target.file, "cannot read", e);
  }
  p.changed = !sameBytes(original, target.newBytes);
  if (!p.changed) return undefined;
  if (!options.replaceReadOnly && (await isReadOnly(path.real, p.seen))) {
    return problem("write-read-only", target.file, `'${target.file}' is read-only; nothing was written`);
  }
  // A rename would cut a hard link off from the new text, and give a file of another user to us.
  const uid = process.getuid?.();
  if (p.seen.nlink > 1n || (uid !== undefined && uid !== 0 && Number(p.seen.uid) !== uid)) p.mode = "in-place";
  return undefined;
}

async function isReadOnly(file: string, seen: BigIntStats): Promise<boolean> {
  if ((Number(seen.mode) & 0o222) === 0) return true;
  return access(file, constants.W_OK).then(
    () => false,
    () => true,
  );
}

/** Write the new text and the before-image of a changed target to temporary files. */
async function prepare(p: Pending, backupFolder: string | undefined, numbers: Map<string, Set<number>>): Promise<Diagnostic | undefined> {
  const { target, path, seen } = p;
  const like = seen ? { mode: Number(seen.mode), uid: Number(seen.uid), gid: Number(seen.gid) } : undefined;
  p.temp = tempPath(dirname(path.real), basename(path.real), "new");
  try {
    await writeDurably(p.temp, target.newBytes, like);
  } catch (e) {
    return ioProblem(target.file, "cannot write a temporary file next to", e);
  }
  if (target.originalBytes === null) return undefined;
  // The before-image is written where its backup goes, so that putting it there cannot fail for room.
  const folder = backupFolder ?? dirname(path.real);
  const name = backupFolder !== undefined ? basename(target.file) : basename(path.real);
  if (backupFolder !== undefined) {
    const key = `${resolve(folder)}\u0000${name}`;
    const taken = numbers.get(key) ?? new Set<number>();
    numbers.set(key, taken);
    const first = await nextBackupNumber(folder, name, taken);
    taken.add(first);
    p.backup = { shown: folder, folder: resolve(folder), name, first };
  }
  p.undo = tempPath(resolve(folder), name, "old");
  try {
    await writeDurably(p.undo, target.originalBytes, like);
  } catch (e) {
    return ioProblem(
      backupFolder ?? target.file,
      backupFolder !== undefined ? `cannot write the backup of '${target.file}' to` : "cannot write the before-image of",
      e,
    );
  }
  return undefined;
}

function journalEntry(p: Pending): JournalTarget {
  return {
    file: p.path.real,
    named: p.target.file,
    mode: p.mode,
    old: p.target.originalBytes === null ? null : contentId(p.target.originalBytes),
    new: contentId(p.target.newBytes),
    temp: resolve(p.temp!),
    undo: p.undo ? resolve(p.undo) : null,
    backup: p.backup ? { folder: p.backup.folder, name: p.backup.name } : null,
  };
}

/**
 * The last step before a target is replaced: it must still be the file that was verified
 * (same identity, size and modification time) with the same bytes.
 */
async function verifyAgain(p: Pending): Promise<Diagnostic | undefined> {
  const { target, path } = p;
  try {
    if (target.originalBytes === null) {
      const there = await stat(path.real).then(
        () => true,
        () => false,
      );
      return there ? changedOnDisk(target.file, "was created") : undefined;
    }
    const handle = p.handle!;
    if (!sameBytes(await readAll(handle), target.originalBytes)) return changedOnDisk(target.file, "was changed");
    const now = await handle.stat({ bigint: true });
    const named = await stat(path.real, { bigint: true });
    if (!sameWrite(now, p.seen!) || named.ino !== now.ino || named.dev !== now.dev) return changedOnDisk(target.file, "was changed");
    if (p.mode === "in-place") {
      // Written through a handle of its own, opened after the comparison: the same file.
      const writable = await open(path.real, "r+");
      const info = await writable.stat({ bigint: true });
      if (info.ino !== now.ino || info.dev !== now.dev) {
        await writable.close();
        return changedOnDisk(target.file, "was changed");
      }
      await handle.close();
      p.handle = writable;
    }
    return undefined;
  } catch (e) {
    return ioProblem(target.file, "cannot read", e);
  }
}

/** Replace one target with its new text. */
async function replace(p: Pending): Promise<Diagnostic | undefined> {
  const { target, path } = p;
  try {
    if (p.mode === "in-place") {
      await writeInPlace(p.handle!, path.real, target.newBytes);
      p.after = await p.handle!.stat({ bigint: true });
    } else {
      // Windows does not replace a file that is open.
      if (process.platform === "win32") {
        await p.handle?.close();
        p.handle = undefined;
      }
      if (target.originalBytes === null) await createNoClobber(p.temp!, path.real);
      else await renameWithRetry(p.temp!, path.real);
      p.after = await stat(path.real, { bigint: true });
    }
    p.replaced = true;
    releaseTemp(p.temp!);
    p.temp = undefined;
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return changedOnDisk(target.file, "was created");
    return ioProblem(target.file, "cannot replace", e);
  }
}

/** Give `temp` the name `file`, which must not exist (a link fails when it does); where links are not possible, a rename. */
async function createNoClobber(temp: string, file: string): Promise<void> {
  try {
    await writeIo.link(temp, file);
    await removeQuietly(temp);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP" && code !== "EXDEV") throw e;
    await renameWithRetry(temp, file);
  }
}

/** Replaced targets whose old file was written to after it was compared: the write went to the file replaced. */
async function findLateEdits(changed: readonly Pending[]): Promise<Pending[]> {
  const edited: Pending[] = [];
  for (const p of changed) {
    if (p.mode !== "rename" || !p.handle || !p.seen) continue;
    const now = await p.handle.stat({ bigint: true });
    if (sameWrite(now, p.seen)) continue;
    p.edited = await readAll(p.handle);
    edited.push(p);
  }
  return edited;
}

/**
 * Give every replaced target its old text back (with an edit made during the commit, when
 * there was one). A target changed again since it was replaced is left as it is, and its old
 * text is saved as a numbered backup. False when a target could not be put back: then the
 * journal stays, and the next run settles it.
 */
async function undo(changed: readonly Pending[], sink: DiagnosticSink): Promise<boolean> {
  let ok = true;
  for (const p of [...changed].reverse()) {
    if (!p.replaced) continue;
    const { target, path } = p;
    const old =
      p.edited ??
      (target.originalBytes === null ? null : Buffer.from(target.originalBytes.buffer, target.originalBytes.byteOffset, target.originalBytes.byteLength));
    try {
      const now = await stat(path.real, { bigint: true }).catch(() => undefined);
      if (!now || !p.after || now.ino !== p.after.ino || !sameWrite(now, p.after)) {
        if (old !== null) {
          const folder = dirname(resolve(target.file));
          const saved = tempPath(folder, basename(target.file), "restore");
          await writeDurably(saved, old);
          const backup = await placeBackup(saved, folder, basename(target.file), await nextBackupNumber(folder, basename(target.file)));
          releaseTemp(saved);
          sink.reportFile(
            target.file,
            "write-changed-on-disk",
            `'${target.file}' was changed again while the write was undone; it is left as it is, and its text before the write is in '${backup}'`,
          );
        }
        continue;
      }
      if (old === null) await removeQuietly(path.real);
      else if (p.mode === "in-place") await writeInPlace(p.handle!, path.real, old);
      else {
        const restore = tempPath(dirname(path.real), basename(path.real), "restore");
        try {
          await writeDurably(restore, old, { mode: Number(now.mode), uid: Number(now.uid), gid: Number(now.gid) });
          await renameWithRetry(restore, path.real);
        } finally {
          await removeQuietly(restore);
          releaseTemp(restore);
        }
      }
      p.replaced = false;
    } catch (e) {
      ok = false;
      let saved = p.undo ? `; its old text is in '${p.undo}'` : "";
      // An edit made during the commit exists only here: it goes to a numbered backup, whatever happens next.
      if (p.edited) {
        const folder = dirname(resolve(target.file));
        const temp = tempPath(folder, basename(target.file), "restore");
        try {
          await writeDurably(temp, p.edited);
          saved += `; the edit made during the write is in '${await placeBackup(temp, folder, basename(target.file), await nextBackupNumber(folder, basename(target.file)))}'`;
        } catch {
          /* reported with the failure below */
        } finally {
          releaseTemp(temp);
        }
      }
      sink.add([ioProblem(target.file, "cannot put back the old text of", e, saved)]);
    }
  }
  for (const folder of new Set(changed.map((p) => dirname(p.path.real)))) await writeIo.syncFolder(folder);
  return ok;
}

/**
 * Where {@link writeTargets} would keep the backups of these targets if it ran now (`undefined`
 * for a target that is new, or unchanged), for reports that say what a write will create: the
 * next free number of each name in its folder.
 */
export function plannedBackups(targets: readonly WriteTarget[], options: WriteOptions = {}): (string | undefined)[] {
  const taken = new Map<string, Set<number>>();
  return targets.map((t) => {
    if (t.originalBytes === null || options.backup === false || sameBytes(t.originalBytes, t.newBytes)) return undefined;
    const folder = options.backupDir ?? dirname(t.file);
    const name = basename(t.file);
    const key = `${resolve(folder)}\u0000${name}`;
    const numbers = taken.get(key) ?? new Set<number>();
    taken.set(key, numbers);
    const n = nextBackupNumberSync(folder, name, numbers);
    numbers.add(n);
    return join(folder, backupName(name, n));
  });
}

/** Same size and modification time: nothing was written to the file in between. */
function sameWrite(a: BigIntStats, b: BigIntStats): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

function changedOnDisk(file: string, what: string): Diagnostic {
  return problem("write-changed-on-disk", file, `'${file}' ${what} on disk after it was read; nothing was written`);
}

function ioProblem(path: string, doing: string, error: unknown, outcome = "; nothing was written"): Diagnostic {
  return problem("write-error", path, `${doing} '${path}': ${errorReason(error)}${outcome}`);
}

function problem(code: DiagnosticCode, file: string, message: string, hint?: string): Diagnostic {
  return fileDiagnostic(file, code, message, hint !== undefined ? { hint } : {});
}

/** Wrong argument types are a programming error: a TypeError that says which argument. */
function checkArguments(targets: unknown, options: unknown): void {
  const fn = "writeTargets";
  if (!Array.isArray(targets)) throw invalidArgument(fn, "targets must be an array of { file, originalBytes, newBytes }", targets);
  targets.forEach((t: unknown, i) => {
    if (!isObject(t)) throw invalidArgument(fn, `targets[${i}] must be an object { file, originalBytes, newBytes }`, t);
    if (typeof t.file !== "string" || t.file === "") throw invalidArgument(fn, `targets[${i}].file must be a file path`, t.file);
    if (t.originalBytes !== null && !(t.originalBytes instanceof Uint8Array))
      throw invalidArgument(fn, `targets[${i}].originalBytes must be a Uint8Array or null`, t.originalBytes);
    if (!(t.newBytes instanceof Uint8Array)) throw invalidArgument(fn, `targets[${i}].newBytes must be a Uint8Array`, t.newBytes);
  });
  checkOptions(fn, options);
  const o = options as Record<string, unknown>;
  checkOption(fn, o, "backupDir", "string");
  if (o.backupDir === "") throw invalidArgument(fn, "options.backupDir must be a folder path", o.backupDir);
  checkOption(fn, o, "backup", "boolean");
  checkOption(fn, o, "replaceReadOnly", "boolean");
}
