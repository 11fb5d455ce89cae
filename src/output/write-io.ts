/**
 * The steps of the write path that tests need to replace or watch, as one object (an internal
 * module, not part of the library's options): the calls that move, link and flush files, the
 * pauses between retries, the host name, and a hook at each step of a commit.
 *
 * A test of the built command line cannot reach into the process, so two environment
 * variables, read only here, reach the hooks:
 *
 * - `MOF_MIGRATE_TEST_APPEND_BEFORE_VERIFY=<file>`: once the locks are held, just before the
 *   targets are read again, append a line to that file, as if an editor changed a target while
 *   the run was in progress;
 * - `MOF_MIGRATE_TEST_PAUSE=<step>` with `MOF_MIGRATE_TEST_PAUSE_FILE=<file>`: on reaching that
 *   step of a commit (see {@link CommitStep}), create the file and wait until it is deleted (at
 *   most 30 s), so a test can act (kill the process, edit a target) at that exact point.
 */
import { appendFile, link, open, rename, stat, writeFile, type FileHandle } from "node:fs/promises";
import { hostname } from "node:os";

/**
 * The steps of a commit a hook can stop at, in order. `<i>` is the index of the changed target
 * (0, 1, …) in the order given.
 *
 * - `locked`: the locks are held, nothing is read yet;
 * - `prepared`: the new texts and the before-images are on disk as temporary files;
 * - `journal`: the journal is written, no target is replaced yet;
 * - `verified:<i>`: target i was compared with what the plan was made from, just before it is replaced;
 * - `renamed:<i>`: target i is replaced (for i = 0 of two targets: the window between the renames);
 * - `committed`: every target is replaced, the backups are not in place yet;
 * - `backed-up`: the backups are in place, the journal is not removed yet.
 */
export type CommitStep = "locked" | "prepared" | "journal" | `verified:${number}` | `renamed:${number}` | "committed" | "backed-up";

/** How long a paused step waits for its file to be deleted. */
const PAUSE_LIMIT_MS = 30_000;

/** The replaceable steps (see the module comment). */
export const writeIo = {
  rename: (from: string, to: string): Promise<void> => rename(from, to),
  /** A second name for a file; fails with EEXIST when `to` exists (the no-clobber move). */
  link: (from: string, to: string): Promise<void> => link(from, to),
  /** Flush a file's bytes to the disk (`path` says which file, for tests that watch the order). */
  syncFile: (handle: FileHandle, path: string): Promise<void> => {
    void path;
    return handle.sync();
  },
  /** Flush a folder, so that the names created and renamed in it last; not every platform can. */
  syncFolder: async (folder: string): Promise<void> => {
    let handle: FileHandle | undefined;
    try {
      handle = await open(folder, "r");
      await handle.sync();
    } catch {
      /* Windows cannot open a folder; there a rename is flushed with its file. */
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
  sleep: (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms)),
  hostname: (): string => hostname(),
  beforeVerify: async (): Promise<void> => {
    const file = process.env.MOF_MIGRATE_TEST_APPEND_BEFORE_VERIFY;
    if (file) await appendFile(file, "\r\n// changed by someone else\r\n");
  },
  /** Called at each step of a commit (see {@link CommitStep}). */
  step: async (step: CommitStep): Promise<void> => {
    if (process.env.MOF_MIGRATE_TEST_PAUSE !== step) return;
    const marker = process.env.MOF_MIGRATE_TEST_PAUSE_FILE;
    if (!marker) return;
    await writeFile(marker, `${step}\n${process.pid}\n`);
    const until = Date.now() + PAUSE_LIMIT_MS;
    while (
      Date.now() < until &&
      (await stat(marker).then(
        () => true,
        () => false,
      ))
    )
      await writeIo.sleep(10);
  },
};
