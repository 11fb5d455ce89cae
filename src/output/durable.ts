/**
 * File operations of the write path that must not be half done: a file created whole and
 * flushed, a rename that waits out a file briefly held by another program, a text written
 * into an existing file and flushed, and reading a file through an open handle.
 */
import { open, unlink, type FileHandle } from "node:fs/promises";
import { writeIo } from "./write-io.js";

/** Create `path` (it must not exist), write `bytes`, set `mode` (and owner) and flush it to disk. */
export async function writeDurably(path: string, bytes: Uint8Array, like?: { mode: number; uid: number; gid: number }): Promise<void> {
  const handle = await open(path, "wx", 0o644);
  try {
    await handle.writeFile(bytes);
    if (like) {
      await handle.chmod(like.mode & 0o7777);
      // Only root can give a file away; for others the file is theirs already (see write.ts).
      if (process.getuid?.() === 0) await handle.chown(like.uid, like.gid).catch(() => undefined);
    }
    await writeIo.syncFile(handle, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await removeQuietly(path);
    throw e;
  }
  await handle.close();
}

/** Write `bytes` over the whole of an open file (kept: its identity, links, owner) and flush it. */
export async function writeInPlace(handle: FileHandle, path: string, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done, done);
    done += bytesWritten;
  }
  await handle.truncate(bytes.byteLength);
  await writeIo.syncFile(handle, path);
}

/** The whole content of an open file, from its first byte. */
export async function readAll(handle: FileHandle): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
  return Buffer.concat(chunks, position);
}

/**
 * Waits before each new try of a rename that failed with EPERM or EBUSY (on Windows also
 * EACCES): a virus scanner or an indexer that has just opened the file lets go of it within
 * moments. About 1.3 s in all.
 */
export const RENAME_RETRY_MS = [10, 20, 40, 80, 160, 320, 640] as const;

/** Rename `from` over `to`, trying again while the target is briefly held by another program. */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await writeIo.rename(from, to);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const transient = code === "EPERM" || code === "EBUSY" || (process.platform === "win32" && code === "EACCES");
      if (!transient || attempt >= RENAME_RETRY_MS.length) throw e;
      await writeIo.sleep(RENAME_RETRY_MS[attempt]);
    }
  }
}

/** Remove a file if it is there. */
export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}
