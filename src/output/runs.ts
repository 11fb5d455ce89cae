/**
 * Which run a file next to a target belongs to, and whether that run is still going: the lock,
 * the journal and the temporary files of a run carry its host, process id and start time.
 *
 * A process id alone is not enough: in a container every run is process 1, and a killed run's
 * id is soon given to another process. A run is over when its host is this one and its process
 * is gone, or was started at another time (Linux: the start time in `/proc`), or is this very
 * process without it holding the lock. A run on another host (a share) cannot be checked and is
 * taken to be going on.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeIo } from "./write-io.js";

/** What a run writes about itself into its lock and journal. */
export interface RunIdentity {
  readonly host: string;
  readonly pid: number;
  /** Start time of the process in clock ticks since boot (Linux only): tells a reused process id. */
  readonly startTicks?: string;
  /** When the process started, for people. */
  readonly started: string;
}

let own: RunIdentity | undefined;

/** This process. */
export function thisRun(): RunIdentity {
  own ??= {
    host: writeIo.hostname(),
    pid: process.pid,
    ...(startTicksOf("self") !== undefined ? { startTicks: startTicksOf("self")! } : {}),
    started: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
  return own;
}

/** A short tag of this host for temporary file names: runs on two machines sharing a folder never take each other's files. */
export function hostTag(host = thisRun().host): string {
  return createHash("sha256").update(host).digest("hex").slice(0, 8);
}

/**
 * Whether the run `who` may still be going on. `heldHere` says whether this process holds what
 * the run left (a lock of this process, a temporary file it is writing).
 */
export function mayBeRunning(who: Pick<RunIdentity, "host" | "pid" | "startTicks">, heldHere: boolean): boolean {
  const me = thisRun();
  if (who.host !== me.host) return true;
  if (who.pid === me.pid) return heldHere;
  if (!processExists(who.pid)) return false;
  const ticks = startTicksOf(String(who.pid));
  return who.startTicks === undefined || ticks === undefined || ticks === who.startTicks;
}

function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Field 22 of `/proc/<pid>/stat` (after the command name, which may hold spaces and parentheses). */
function startTicksOf(pid: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** What a temporary file of a run is for. */
export type TempKind = "new" | "old" | "lock" | "journal" | "restore" | "stale";

const TEMP_NAME = /^\.(.+)\.mof-migrate-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.(new|old|lock|journal|restore|stale)$/;

/** Temporary files this process is writing or keeps for a commit: never taken for a dead run's. */
const liveTemps = new Set<string>();

/**
 * A fresh temporary file name for `name` in `folder`:
 * `.<name>.mof-migrate-<host tag>-<pid>-<random>.<kind>`. It counts as this process's until
 * {@link releaseTemp}.
 */
export function tempPath(folder: string, name: string, kind: TempKind): string {
  const path = join(folder, `.${name}.mof-migrate-${hostTag()}-${process.pid}-${randomBytes(6).toString("hex")}.${kind}`);
  liveTemps.add(path);
  return path;
}

/** The temporary file is no longer this process's (it was renamed, removed, or left for recovery). */
export function releaseTemp(path: string): void {
  liveTemps.delete(path);
}

/** The target name a temporary file of a run is named after (`undefined` for any other entry). */
export function tempTarget(entry: string): string | undefined {
  return entry.startsWith(".") ? TEMP_NAME.exec(entry)?.[1] : undefined;
}

/**
 * True when `entry` (a name in `folder`) is a temporary file of a run that is over, for one of
 * `names`: one of this host's runs whose process is gone (or this process, when it does not
 * hold the file).
 */
export function isDeadTemp(folder: string, entry: string, names: ReadonlySet<string>): boolean {
  const m = TEMP_NAME.exec(entry);
  if (!m || !names.has(m[1]) || m[2] !== hostTag()) return false;
  const path = join(folder, entry);
  return !mayBeRunning({ host: thisRun().host, pid: Number(m[3]) }, liveTemps.has(path));
}

/** The folder and name part of a path, as temporary names use them. */
export function splitPath(path: string): { folder: string; name: string } {
  return { folder: dirname(path), name: basename(path) };
}
