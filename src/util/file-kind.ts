/**
 * Words for what a path is and why a file call failed, the same in every message: a named
 * pipe or a device is not "a folder", and a symbolic link that loops is not "no such file".
 */
import type { Stats } from "node:fs";

/** What a path that is not a regular file is, as a message says it: "a folder", "a named pipe (FIFO)", … */
export function fileKind(
  stats: Pick<Stats, "isFile" | "isDirectory" | "isFIFO" | "isCharacterDevice" | "isBlockDevice" | "isSocket" | "isSymbolicLink">,
): string {
  if (stats.isFile()) return "a file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a folder",
  ENOTDIR: "part of the path is not a folder",
  ENOENT: "no such file or folder",
  ELOOP: "a symbolic link that loops (or more than 40 links in a row)",
  ENAMETOOLONG: "the path is too long",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EROFS: "read-only file system",
  EEXIST: "it already exists",
  EBUSY: "the file is busy (open in another program?)",
  EXDEV: "not on the same device",
  EMFILE: "too many open files",
  EIO: "input/output error",
};

/** Why a file call failed, in words, with the system's code: "permission denied (EACCES)". */
export function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string") return `${REASONS[code] ?? "I/O error"} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
