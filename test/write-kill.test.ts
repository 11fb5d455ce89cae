/**
 * The write path of the built command line under interruption and concurrency: `convert
 * --write` killed (SIGKILL) or interrupted (SIGINT) at every step of its commit, and at random
 * moments; and an editor appending to a target while runs go on. After each, the next run
 * recovers, and at no point after recovery is one target new and the other old; no temporary
 * file, journal or lock is left.
 *
 * The steps are reached through the write path's pause seam (`MOF_MIGRATE_TEST_PAUSE`, read
 * only in src/output/write-io.ts): the run stops there until the test has acted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rm, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "dist", "bin", "mof-migrate.js");
const CONFIG = "samples/cm2007/configuration.mof";
const SMSDEF = "samples/cm2007/SMS_def.mof";
const CONVERT = ["convert", "samples/sms2003", "--config-mof", CONFIG, "--sms-def", SMSDEF, "--baseline", "samples/baseline/SMS_def.mof", "--color", "never"];

let scratch: string;
/** The targets before and after a clean `--write`. */
let before: { config: Buffer; smsDef: Buffer };
let after: { config: Buffer; smsDef: Buffer };

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "mof-kill-"));
  const clean = await fresh();
  before = await targets(clean);
  const r = await run(clean, [...CONVERT, "--write"]).done;
  expect(r.code).toBe(0);
  after = await targets(clean);
  expect(after.config.equals(before.config)).toBe(false);
  expect(after.smsDef.equals(before.smsDef)).toBe(false);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of samples/ to write to. */
async function fresh(): Promise<string> {
  const work = join(scratch, `run-${copies++}`);
  await cp(join(root, "samples"), join(work, "samples"), { recursive: true });
  return work;
}

async function targets(work: string) {
  return { config: await readFile(join(work, CONFIG)), smsDef: await readFile(join(work, SMSDEF)) };
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(work: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: work, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<Outcome>((finish) => child.on("close", (code, signal) => finish({ code, signal, stdout, stderr })));
  return { child, done };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

async function waitFor(path: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (await exists(path)) return;
    if (child.exitCode !== null) throw new Error("the run ended before it reached the step");
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`the run did not reach the step (${path})`);
}

/** Both targets old or both new; "mixed" otherwise. */
async function state(work: string): Promise<"old" | "new" | "mixed"> {
  const now = await targets(work);
  if (now.config.equals(before.config) && now.smsDef.equals(before.smsDef)) return "old";
  if (now.config.equals(after.config) && now.smsDef.equals(after.smsDef)) return "new";
  return "mixed";
}

/** Files next to the targets that are neither targets nor backups. */
async function leftovers(work: string): Promise<string[]> {
  return (await readdir(join(work, "samples", "cm2007"))).filter((n) => !/^(configuration|SMS_def)\.mof(\.bak)?$/.test(n));
}

/** After a run that was cut short: the next run recovers, and everything is consistent. */
async function expectRecovered(work: string, label: string): Promise<"old" | "new"> {
  const next = await run(work, [...CONVERT, "--check"]).done;
  const now = await state(work);
  expect(now, `${label}: ${next.stdout}${next.stderr}`).not.toBe("mixed");
  expect(next.code, `${label}: ${next.stderr}`).toBe(now === "new" ? 0 : 1);
  expect(await leftovers(work), label).toEqual([]);
  // A write that happened kept its backups; one undone left none.
  const backups = (await readdir(join(work, "samples", "cm2007"))).filter((n) => n.endsWith(".bak")).sort();
  if (now === "new") {
    expect(backups, label).toEqual(["SMS_def.mof.bak", "configuration.mof.bak"]);
    expect((await readFile(join(work, `${CONFIG}.bak`))).equals(before.config), label).toBe(true);
  } else expect(backups, label).toEqual([]);
  return now;
}

const STEPS = ["locked", "prepared", "journal", "verified:0", "renamed:0", "verified:1", "renamed:1", "committed", "backed-up"];

/** Run `convert --write` paused at `step`, send `signal`, and let it go on (when it still can). */
async function cutShort(step: string, signal: NodeJS.Signals): Promise<{ work: string; outcome: Outcome; during: string }> {
  const work = await fresh();
  const marker = join(work, "paused");
  const { child, done } = run(work, [...CONVERT, "--write"], { MOF_MIGRATE_TEST_PAUSE: step, MOF_MIGRATE_TEST_PAUSE_FILE: marker });
  await waitFor(marker, child);
  const during = await state(work);
  child.kill(signal);
  // A held signal waits for the commit: let the paused step go on.
  await new Promise((r) => setTimeout(r, 50));
  await unlink(marker).catch(() => undefined);
  return { work, outcome: await done, during };
}

describe("convert --write cut short at each step of the commit", () => {
  it("SIGKILL: the next run completes or undoes the commit", async () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < STEPS.length; i += 2) {
      await Promise.all(
        STEPS.slice(i, i + 2).map(async (step) => {
          const { work, outcome } = await cutShort(step, "SIGKILL");
          expect(outcome.signal, step).toBe("SIGKILL");
          seen.set(step, await expectRecovered(work, step));
        }),
      );
    }
    // Killed before the journal, nothing had happened; once a target is replaced, the commit is completed.
    expect(Object.fromEntries(seen)).toEqual({
      locked: "old",
      prepared: "old",
      journal: "old",
      "verified:0": "old",
      "renamed:0": "new",
      "verified:1": "new",
      "renamed:1": "new",
      committed: "new",
      "backed-up": "new",
    });
  });

  it("SIGINT: during the commit it waits until the commit is done, then stops", async () => {
    for (let i = 0; i < STEPS.length; i += 2) {
      await Promise.all(
        STEPS.slice(i, i + 2).map(async (step) => {
          const { work, outcome, during } = await cutShort(step, "SIGINT");
          expect(outcome.signal, step).toBe("SIGINT");
          const inCommit = !["locked", "prepared"].includes(step);
          if (inCommit) {
            // Done before it stopped: both new, nothing left over, nothing for the next run to do.
            expect(await state(work), step).toBe("new");
            expect(await leftovers(work), step).toEqual([]);
          } else expect(during, step).toBe("old");
          expect(await expectRecovered(work, step)).toBe(inCommit ? "new" : "old");
        }),
      );
    }
  });

  it("SIGTERM and SIGHUP wait for the commit too", async () => {
    await Promise.all(
      (["SIGTERM", "SIGHUP"] as const).map(async (signal) => {
        const { work, outcome } = await cutShort("renamed:0", signal);
        expect(outcome.signal).toBe(signal);
        expect(await state(work)).toBe("new");
        expect(await leftovers(work)).toEqual([]);
      }),
    );
  });

  it("the next run says what it did", async () => {
    const { work } = await cutShort("renamed:0", "SIGKILL");
    const next = await run(work, [...CONVERT, "--check"]).done;
    expect(next.stdout).toMatch(
      /warning write-recovered: a write of 'samples\/cm2007\/configuration\.mof' and 'samples\/cm2007\/SMS_def\.mof' cut short \(process \d+ on .*\) was completed: each has the new text now/,
    );
    const undone = await cutShort("journal", "SIGKILL");
    const again = await run(undone.work, [...CONVERT, "--check"]).done;
    expect(again.stdout).toMatch(/warning write-recovered: .* was undone: each has its old text again/);
  });
});

describe("convert --write killed at random moments", () => {
  it("is never left with one target new and the other old", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        [0, 1].map(async () => {
          const work = await fresh();
          const { child, done } = run(work, [...CONVERT, "--write"]);
          // The write window of a 0.5-0.8 s run: its second half.
          await new Promise((r) => setTimeout(r, 250 + Math.random() * 600));
          child.kill(Math.random() < 0.5 ? "SIGKILL" : "SIGINT");
          const outcome = await done;
          outcomes.push(`${outcome.signal ?? outcome.code} -> ${await expectRecovered(work, "random")}`);
        }),
      );
    }
    expect(outcomes).toHaveLength(8);
  });
});

describe("an editor appending to a target while runs go on", () => {
  /** Appends a numbered line to `file` every few milliseconds until stopped; returns the lines written. */
  function appender(file: string) {
    const written: string[] = [];
    let stopped = false;
    const loop = (async () => {
      for (let n = 0; !stopped; n++) {
        const line = `// edit ${n}\r\n`;
        appendFileSync(file, line);
        written.push(line);
        await new Promise((r) => setTimeout(r, Math.random() * 6));
      }
    })();
    return {
      written,
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  it("every run includes every edit or refuses", async () => {
    const results: string[] = [];
    for (let round = 0; round < 8; round++) {
      const work = await fresh();
      const smsDef = join(work, SMSDEF);
      // The editor starts a moment after the run has taken its locks, so that its edits fall
      // into the write itself (a run that sees one before it compares the targets refuses).
      const marker = join(work, "paused");
      const { child, done } = run(work, [...CONVERT, "--write"], { MOF_MIGRATE_TEST_PAUSE: "locked", MOF_MIGRATE_TEST_PAUSE_FILE: marker });
      await waitFor(marker, child);
      await unlink(marker);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 25));
      const editor = appender(smsDef);
      const r = await done;
      await editor.stop();
      const text = (await readFile(smsDef)).toString("latin1");
      // Not one edit lost, in the order made.
      let at = 0;
      for (const line of editor.written) {
        const found = text.indexOf(line, at);
        expect(found, `round ${round}: ${line.trim()} lost (exit ${r.code})`).toBeGreaterThanOrEqual(0);
        at = found + line.length;
      }
      expect([0, 2], r.stdout + r.stderr).toContain(r.code);
      if (r.code === 2) expect(r.stdout).toMatch(/write-changed-on-disk/);
      else expect(text).toContain("class Contoso_Warranty : SMS_Class_Template");
      expect(await leftovers(work)).toEqual([]);
      results.push(r.code === 0 ? "written" : "refused");
    }
    expect(results).toHaveLength(8);
  });

  it("an edit during the preparation is seen by the last comparison before the rename", async () => {
    const work = await fresh();
    const marker = join(work, "paused");
    const { child, done } = run(work, [...CONVERT, "--write"], { MOF_MIGRATE_TEST_PAUSE: "renamed:0", MOF_MIGRATE_TEST_PAUSE_FILE: marker });
    await waitFor(marker, child);
    appendFileSync(join(work, SMSDEF), "// an admin's edit\r\n");
    await unlink(marker);
    const r = await done;
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error write-changed-on-disk: 'samples\/cm2007\/SMS_def\.mof' was changed on disk after it was read; nothing was written/);
    const now = await targets(work);
    expect(now.config.equals(before.config)).toBe(true);
    expect(now.smsDef.toString("latin1")).toBe(before.smsDef.toString("latin1") + "// an admin's edit\r\n");
    expect(await leftovers(work)).toEqual([]);
  });
});

describe("convert --write to a Current Branch site cut short: the import MOF it creates goes with configuration.mof", () => {
  const CB_CONFIG = "samples/cb/configuration.mof";
  const IMPORT = "samples/cb/inventory-classes.mof";
  const CB = [
    "convert",
    "samples/sms2003",
    "--config-mof",
    CB_CONFIG,
    "--import-mof",
    IMPORT,
    "--site-classes",
    "samples/cb/site-classes.mof",
    "--baseline",
    "samples/baseline/SMS_def.mof",
    "--color",
    "never",
  ];
  let cbBefore: Buffer;
  let cbAfter: { config: Buffer; importMof: Buffer };
  beforeAll(async () => {
    const clean = await fresh();
    cbBefore = await readFile(join(clean, CB_CONFIG));
    expect((await run(clean, [...CB, "--write"]).done).code).toBe(0);
    cbAfter = { config: await readFile(join(clean, CB_CONFIG)), importMof: await readFile(join(clean, IMPORT)) };
  });
  async function cbState(work: string): Promise<"old" | "new" | "mixed"> {
    const config = await readFile(join(work, CB_CONFIG));
    const importMof = await readFile(join(work, IMPORT)).catch(() => null);
    if (config.equals(cbBefore) && importMof === null) return "old";
    if (config.equals(cbAfter.config) && importMof !== null && importMof.equals(cbAfter.importMof)) return "new";
    return "mixed";
  }

  it("SIGKILL at each step: the next run creates both or neither", async () => {
    const seen: Record<string, string> = {};
    for (const step of ["journal", "renamed:0", "renamed:1", "committed"]) {
      const work = await fresh();
      const marker = join(work, "paused");
      const { child, done } = run(work, [...CB, "--write"], { MOF_MIGRATE_TEST_PAUSE: step, MOF_MIGRATE_TEST_PAUSE_FILE: marker });
      await waitFor(marker, child);
      child.kill("SIGKILL");
      await done;
      const next = await run(work, [...CB, "--check"]).done;
      const now = await cbState(work);
      expect(now, `${step}: ${next.stdout}${next.stderr}`).not.toBe("mixed");
      expect(next.code, step).toBe(now === "new" ? 0 : 1);
      expect(next.stdout, step).toMatch(/warning write-recovered/);
      const rest = (await readdir(join(work, "samples", "cb"))).filter(
        (n) => !/^(configuration\.mof(\.bak)?|site-classes\.mof|inventory-classes\.mof)$/.test(n),
      );
      expect(rest, step).toEqual([]);
      seen[step] = now;
    }
    expect(seen).toEqual({ journal: "old", "renamed:0": "new", "renamed:1": "new", committed: "new" });
  });
});
