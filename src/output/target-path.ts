/**
 * The file a target path names: links resolved, so that a write goes through a symbolic link to
 * the file it points to (the link stays a link), and two paths to one file are one target.
 */
import { lstat, readlink, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** Most links followed in a row, as the system does. */
const MAX_LINKS = 40;

/** A target path resolved: its real path, and what is there now (undefined when nothing is). */
export interface RealTarget {
  /** The path as given. */
  readonly named: string;
  /** The file it names, links resolved (for a file still to be created: where it will be). */
  readonly real: string;
  /** `dev:ino` of the file, or its real path when it does not exist: equal for two names of one file, hard links included. */
  readonly identity: string;
}

/** Resolve a target path (see the module comment). Throws what the system says when the path cannot be resolved (a loop, a file in the way of a folder). */
export async function realTarget(named: string): Promise<RealTarget> {
  const real = await realPathOf(named);
  const info = await stat(real).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  return { named, real, identity: info ? `${info.dev}:${info.ino}` : `path:${real}` };
}

async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  // Nothing there yet: follow a link that points to a file still to be created, then settle
  // the folder it is in.
  let current = resolve(path);
  for (let i = 0; i < MAX_LINKS; i++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) break;
    current = resolve(dirname(current), await readlink(current));
  }
  const folder = await realpath(dirname(current)).catch(() => dirname(current));
  return join(folder, basename(current));
}
