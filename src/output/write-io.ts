/**
 * The steps of the write path that tests need to replace, as one object (an internal module,
 * not part of the library's options): the rename onto a target, and a hook run once the locks
 * are held, just before the targets are read again.
 *
 * A test of the built command line cannot reach into the process, so the hook also reads
 * `MOF_MIGRATE_TEST_APPEND_BEFORE_VERIFY`: a file to append a line to at that moment, as if an
 * editor changed a target while the run was in progress.
 */
import { appendFile, rename } from "node:fs/promises";

/** The replaceable steps (see the module comment). */
export const writeIo = {
  rename: (from: string, to: string): Promise<void> => rename(from, to),
  beforeVerify: async (): Promise<void> => {
    const file = process.env.MOF_MIGRATE_TEST_APPEND_BEFORE_VERIFY;
    if (file) await appendFile(file, "\r\n// changed by someone else\r\n");
  },
};
