/**
 * The executable runs the CLI bundle through a V8 code cache next to it: made by the first run
 * of each command, used by the next, replaced when V8 rejects it, never required. Runs a copy of
 * the built executable and bundle in a temporary folder (from `pretest`).
 */
import { execFile } from "node:child_process";
import { chmod, cp, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const sample = join(root, "samples", "sms2003", "mini", "printers.mof");

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-launch-"));
  await cp(join(root, "dist", "bin"), join(work, "dist", "bin"), { recursive: true });
  await cp(join(root, "dist", "cli", "mof-migrate.cjs"), join(work, "dist", "cli", "mof-migrate.cjs"));
});
afterEach(async () => {
  await chmod(join(work, "dist", "cli"), 0o755).catch(() => {});
  await rm(work, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(work, "dist", "bin", "mof-migrate.js"), ...args],
      { env: { ...process.env, ...env }, cwd: work },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

const caches = async () => (await readdir(join(work, "dist", "cli"))).filter((f) => f.endsWith(".cache")).sort();

describe("the code cache", () => {
  it("is written by the first run of a command and used by the next, with the same result", async () => {
    const first = await run(["check", sample, "--color", "never"]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(await caches()).toEqual([`mof-migrate.cjs.${process.version}-${process.arch}.check.cache`]);
    const second = await run(["check", sample, "--color", "never"]);
    expect(second).toEqual(first);
    await run(["parse", sample]);
    expect((await caches()).map((f) => f.split(".").at(-2))).toEqual(["check", "parse"]);
  });

  it("is replaced when V8 rejects it, and the run goes on as without one", async () => {
    const file = join(work, "dist", "cli", `mof-migrate.cjs.${process.version}-${process.arch}.check.cache`);
    await writeFile(file, "not a code cache");
    const r = await run(["check", sample]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/in 1 file\n$/);
    expect((await readdir(join(work, "dist", "cli"))).filter((f) => f.includes(".tmp"))).toEqual([]);
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    const again = await run(["check", sample]);
    expect(again).toEqual(r);
  });

  it("is not needed: MOF_MIGRATE_CODE_CACHE=0 and a read-only folder run without one", async () => {
    expect(await run(["check", sample], { MOF_MIGRATE_CODE_CACHE: "0" })).toMatchObject({ code: 0, stderr: "" });
    expect(await caches()).toEqual([]);
    await chmod(join(work, "dist", "cli"), 0o555);
    const readOnly = await run(["check", sample]);
    expect(readOnly).toMatchObject({ code: 0, stderr: "" });
    // (root may write anyway; either way the run succeeded and left no temporary file behind)
    expect((await readdir(join(work, "dist", "cli"))).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
});
