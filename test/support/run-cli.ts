/**
 * Runs the built command line as a user's shell would, and collects its exit code and output.
 * The tests that drive the CLI share this one runner; each passes the folder it works in.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "dist", "bin", "mof-migrate.js");

/** What a run of the command line gave. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  readonly cwd: string;
  /** Added to the environment; `undefined` removes a variable. Colour variables are removed unless given. */
  readonly env?: Record<string, string | undefined>;
  /** Arguments for node itself, before the executable (`-r` preloads). */
  readonly nodeArgs?: readonly string[];
}

export function runCli(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((done) => {
    execFile(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
