/**
 * Finishing or undoing a commit that was cut short, and clearing what dead runs left behind.
 *
 * A run that dies in the middle of a commit (a kill, a power cut) leaves its journal next to
 * the targets (see `journal.ts`). The next run that reads those targets finds it, takes the
 * locks, and looks at what each target holds now, by content hash:
 *
 * - some target has the new text and every other one the old text with its new text waiting:
 *   the commit is **completed** (the rest replaced, the backups put in place);
 * - no target has the new text: it is **undone** (nothing had been replaced; the waiting files
 *   are removed);
 * - completing is not possible but every replaced target can get its old text back from its
 *   before-image: it is **undone**;
 * - anything else (a target changed by someone since): nothing is touched, the journal stays,
 *   and the diagnostic says where each text is.
 *
 * Locks and temporary files of runs that are over are removed along the way.
 */
import { open, readdir, readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkOption, checkOptions, invalidArgument } from "../util/arguments.js";
import { placeBackup, nextBackupNumber } from "./backups.js";
import { removeQuietly, renameWithRetry, writeDurably, writeInPlace } from "./durable.js";
import { hasContent, journalPath, readJournal, removeJournal, type Journal, type JournalTarget } from "./journal.js";
import { lockPath, takeLock, type Lock } from "./lock.js";
import { isDeadTemp, mayBeRunning, releaseTemp, tempPath, tempTarget } from "./runs.js";
import { realTarget } from "./target-path.js";

/** Options of {@link recoverWrites}. */
export interface RecoverOptions {
  /** The backup folder the writes used (`WriteOptions.backupDir`), where their temporary files may also be. */
  backupDir?: string;
}

/** What {@link recoverWrites} did. */
export interface RecoveryResult {
  /** `write-recovered` (a warning: a commit cut short was completed or undone) and `write-interrupted` (an error: it could be neither). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Before reading target files: finish or undo a write to them that was cut short, and remove
 * the locks and temporary files that runs which are over left next to them (see the module
 * comment). Files with nothing of the kind next to them cost one listing of their folder; a
 * target being written by a run that is going on is left alone. Never throws for I/O problems.
 *
 * @throws TypeError when `files` is not an array of strings or `options.backupDir` not a string.
 */
export async function recoverWrites(files: readonly string[], options: RecoverOptions = {}): Promise<RecoveryResult> {
  if (!Array.isArray(files)) throw invalidArgument("recoverWrites", "files must be an array of file paths", files);
  files.forEach((f, i) => {
    if (typeof f !== "string") throw invalidArgument("recoverWrites", `files[${i}] must be a file path`, f);
  });
  checkOptions("recoverWrites", options);
  checkOption("recoverWrites", options as Record<string, unknown>, "backupDir", "string");
  const sink = new DiagnosticSink();
  // Each folder is listed once, and its entries sorted by the target they belong to: a check of
  // a folder of a thousand files looks at each entry once, not once per file.
  const folders = new Map<string, FolderEntries>();
  const entriesOf = async (folder: string): Promise<FolderEntries> => {
    let found = folders.get(folder);
    if (!found) folders.set(folder, (found = indexEntries(await readdir(folder).catch(() => [] as string[]))));
    return found;
  };
  /** A dead run's temporary file for `name` in `folder`. */
  const deadTemp = async (folder: string, name: string) =>
    ((await entriesOf(folder)).temps.get(name) ?? []).some((e) => isDeadTemp(folder, e, new Set([name])));
  const seen = new Set<string>();
  for (const named of files) {
    const target = await realTarget(named).catch(() => undefined);
    if (!target || seen.has(target.real)) continue;
    seen.add(target.real);
    const folder = dirname(target.real);
    const entries = await entriesOf(folder);
    const leftovers =
      entries.all.has(basename(journalPath(target.real))) ||
      entries.all.has(basename(lockPath(target.real))) ||
      (await deadTemp(folder, basename(target.real))) ||
      (await deadTemp(dirname(resolve(named)), basename(named)));
    const backupLeftovers = options.backupDir !== undefined && (await deadTemp(resolve(options.backupDir), basename(named)));
    if (!leftovers && !backupLeftovers) continue;
    const lock = await takeLock(target.real);
    if (!("release" in lock)) continue; // a run is going on: its business
    const locks = new Map([[target.real, lock]]);
    try {
      await recoverUnderLocks([{ real: target.real, named }], locks, options.backupDir, sink);
    } finally {
      for (const l of locks.values()) await l.release();
    }
  }
  return { diagnostics: sink.diagnostics };
}

/** A folder's entries: all of them, and the temporary files of runs by the target they are named after. */
interface FolderEntries {
  readonly all: ReadonlySet<string>;
  readonly temps: ReadonlyMap<string, string[]>;
}

function indexEntries(entries: readonly string[]): FolderEntries {
  const temps = new Map<string, string[]>();
  for (const e of entries) {
    const name = tempTarget(e);
    if (name === undefined) continue;
    const list = temps.get(name);
    if (list) list.push(e);
    else temps.set(name, [e]);
  }
  return { all: new Set(entries), temps };
}

/**
 * Recover the journals next to `targets` and clear dead runs' temporary files, with the locks
 * of `targets` held (`locks`; the locks of other targets a journal names are taken and added).
 */
export async function recoverUnderLocks(
  targets: readonly { real: string; named: string }[],
  locks: Map<string, Lock>,
  backupDir: string | undefined,
  sink: DiagnosticSink,
): Promise<void> {
  const done = new Set<string>();
  /** Temporary files a journal that stays still needs. */
  const keep = new Set<string>();
  const folders = new Map<string, Set<string>>();
  const addFolder = (folder: string, name: string) => {
    const names = folders.get(folder) ?? new Set<string>();
    names.add(name);
    folders.set(folder, names);
  };
  for (const t of targets) {
    addFolder(dirname(t.real), basename(t.real));
    // The name given (a link's) is what backups, and the files on their way to be one, are named after.
    addFolder(dirname(resolve(t.named)), basename(t.named));
    if (backupDir !== undefined) addFolder(resolve(backupDir), basename(t.named));
    const journal = await readJournal(journalPath(t.real));
    if (journal === undefined) continue;
    if ("unreadable" in journal) {
      sink.reportFile(
        t.named,
        "write-interrupted",
        `a write of '${t.named}' was cut short, and its journal '${journalPath(t.real)}' cannot be read: ${journal.unreadable}`,
        {
          hint: `check '${t.named}' (its backups are next to it), then delete '${journalPath(t.real)}'`,
        },
      );
      continue;
    }
    if (done.has(journal.id)) continue;
    done.add(journal.id);
    for (const jt of journal.targets) {
      addFolder(dirname(jt.file), basename(jt.file));
      if (jt.backup) addFolder(jt.backup.folder, jt.backup.name);
    }
    // The run that wrote it may still be at work (then it holds the locks, and we would not).
    if (mayBeRunning(journal.run, false)) continue;
    if (!(await lockAll(journal, locks))) continue;
    const kept = await recoverJournal(journal, sink);
    for (const path of kept) keep.add(path);
  }
  for (const [folder, names] of folders) {
    for (const entry of await readdir(folder).catch(() => [] as string[])) {
      const path = resolve(folder, entry);
      if (!keep.has(path) && isDeadTemp(folder, entry, names)) await removeQuietly(path);
    }
  }
}

async function lockAll(journal: Journal, locks: Map<string, Lock>): Promise<boolean> {
  for (const t of journal.targets) {
    if (locks.has(t.file)) continue;
    const lock = await takeLock(t.file);
    if (!("release" in lock)) return false;
    locks.set(t.file, lock);
  }
  return true;
}

/** What one target of a journal holds now. */
interface TargetState {
  readonly target: JournalTarget;
  /** Its text now: the new one, the old one, or neither. */
  readonly now: "new" | "old" | "other";
  /** Its new text is waiting, intact, in its temporary file. */
  readonly newWaiting: boolean;
  /** Its old text is at hand: in its before-image, intact (or the target did not exist). */
  readonly oldKept: boolean;
}

/** Complete or undo one journal's commit; returns the temporary files to keep (when it can do neither). */
async function recoverJournal(journal: Journal, sink: DiagnosticSink): Promise<string[]> {
  const states: TargetState[] = [];
  for (const target of journal.targets) {
    const current = await readFile(target.file).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : undefined));
    const now = current === undefined ? "other" : hasContent(current, target.new) ? "new" : hasContent(current, target.old) ? "old" : "other";
    const waiting = await readFile(target.temp).catch(() => null);
    const kept = target.old === null || (target.undo !== null && hasContent(await readFile(target.undo).catch(() => null), target.old));
    states.push({ target, now, newWaiting: waiting !== null && hasContent(waiting, target.new), oldKept: kept });
  }
  const first = journal.targets[0];
  const names = journal.targets.map((t) => `'${t.named}'`).join(" and ");
  const who = `process ${journal.run.pid} on ${journal.run.host}, ${journal.created}`;
  // An in-place write cut short leaves a mix of both texts: it is finished from its new text.
  const canFinish = (s: TargetState) => s.now === "new" || ((s.now === "old" || (s.now === "other" && s.target.mode === "in-place")) && s.newWaiting);
  const anyNew = states.some((s) => s.now === "new");
  try {
    if (anyNew && states.every(canFinish)) {
      const backups: string[] = [];
      for (const s of states) if (s.now !== "new") await putNew(s.target);
      for (const s of states) {
        const backup = await settleUndo(s.target, true);
        if (backup) backups.push(backup);
      }
      await finish(journal);
      sink.reportFile(
        first.named,
        "write-recovered",
        `a write of ${names} cut short (${who}) was completed: ${states.length === 1 ? "it has" : "each has"} the new text now`,
        {
          hint: backups.length > 0 ? `the old texts are in ${backups.map((b) => `'${b}'`).join(" and ")}` : "nothing else to do",
        },
      );
      return [];
    }
    if (states.every((s) => s.now === "old" || (s.now === "new" && s.oldKept))) {
      for (const s of states) if (s.now === "new") await putOld(s.target);
      for (const s of states) await settleUndo(s.target, false);
      await finish(journal);
      sink.reportFile(
        first.named,
        "write-recovered",
        `a write of ${names} cut short (${who}) was undone: ${states.length === 1 ? "it has" : "each has"} its old text again`,
        {
          hint: "run the command again to write the changes",
        },
      );
      return [];
    }
  } catch (e) {
    sink.reportFile(first.named, "write-interrupted", `a write of ${names} cut short (${who}) could not be completed or undone: ${(e as Error).message}`, {
      hint: describeStates(states, journal),
    });
    return keepAll(journal);
  }
  sink.reportFile(first.named, "write-interrupted", `a write of ${names} cut short (${who}) can be neither completed nor undone: a target was changed since`, {
    hint: describeStates(states, journal),
  });
  return keepAll(journal);
}

function keepAll(journal: Journal): string[] {
  return journal.targets.flatMap((t) => [t.temp, ...(t.undo ? [t.undo] : [])].map((p) => resolve(p)));
}

function describeStates(states: readonly TargetState[], journal: Journal): string {
  const parts = states.map((s) => {
    const now = s.now === "new" ? "has the new text" : s.now === "old" ? "has its old text" : "was changed since";
    const where = [
      s.newWaiting ? `its new text is in '${s.target.temp}'` : "",
      s.target.undo && s.oldKept ? `its old text is in '${s.target.undo}'` : "",
    ].filter((x) => x);
    return `'${s.target.named}' ${now}${where.length ? ` (${where.join(", ")})` : ""}`;
  });
  return `${parts.join("; ")}. Put the files right by hand, then delete ${journal.targets.map((t) => `'${journalPath(t.file)}'`).join(" and ")}`;
}

/** Give a target its new text from the waiting temporary file. */
async function putNew(t: JournalTarget): Promise<void> {
  if (t.mode === "in-place") {
    const bytes = await readFile(t.temp);
    const handle = await open(t.file, "r+");
    try {
      await writeInPlace(handle, t.file, bytes);
    } finally {
      await handle.close();
    }
    await removeQuietly(t.temp);
  } else {
    await renameWithRetry(t.temp, t.file);
  }
  releaseTemp(t.temp);
}

/** Give a replaced target its old text back from its before-image (or remove it, when it did not exist). */
async function putOld(t: JournalTarget): Promise<void> {
  if (t.old === null || t.undo === null) {
    await removeQuietly(t.file);
    return;
  }
  const bytes = await readFile(t.undo);
  if (t.mode === "in-place") {
    const handle = await open(t.file, "r+");
    try {
      await writeInPlace(handle, t.file, bytes);
    } finally {
      await handle.close();
    }
    return;
  }
  const info = await open(t.file, "r").then(async (h) => {
    const s = await h.stat();
    await h.close();
    return s;
  });
  const restore = tempPath(dirname(t.file), basename(t.file), "restore");
  try {
    await writeDurably(restore, bytes, { mode: info.mode, uid: info.uid, gid: info.gid });
    await renameWithRetry(restore, t.file);
  } finally {
    await removeQuietly(restore);
    releaseTemp(restore);
  }
}

/** Once a commit is settled: its before-image becomes the next backup (when completed and kept), else it goes; the new text's temporary file goes. */
async function settleUndo(t: JournalTarget, completed: boolean): Promise<string | undefined> {
  await removeQuietly(t.temp);
  releaseTemp(t.temp);
  if (!t.undo) return undefined;
  releaseTemp(t.undo);
  // Cut short after its backup was put in place: nothing left to do for it.
  if (
    !(await readFile(t.undo).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  if (completed && t.backup) return placeBackup(t.undo, t.backup.folder, t.backup.name, await nextBackupNumber(t.backup.folder, t.backup.name));
  await removeQuietly(t.undo);
  return undefined;
}

async function finish(journal: Journal): Promise<void> {
  await removeJournal(journal.targets.map((t) => journalPath(t.file)));
}
