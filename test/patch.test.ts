/**
 * `--patch` as a reviewer uses it: on fresh copies of the samples, `git apply --check` and
 * `git apply` (and `patch -p1`, where it is installed) give files byte-identical to what
 * `--write` writes, for CRLF ASCII targets, a UTF-16LE target and a UTF-8 target with a BOM;
 * `git apply -R` rolls back. Runs the built command line (`pretest` builds it).
 */
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "dist", "bin", "mof-migrate.js");

const CONFIG = "samples/cm2007/configuration.mof";
const SMSDEF = "samples/cm2007/SMS_def.mof";
const CONVERT = ["convert", "samples/sms2003", "--config-mof", CONFIG, "--sms-def", SMSDEF, "--baseline", "samples/baseline/SMS_def.mof", "--color", "never"];

/** Whether a program runs here. */
function installed(program: string): boolean {
  try {
    execFileSync(program, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasPatch = installed("patch");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(program: string, args: string[], cwd: string, input?: Buffer): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(program, args, { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
    if (input) child.stdin!.end(input);
  });
}
const cli = (args: string[], cwd: string) => run(process.execPath, [bin, ...args], cwd);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-patch-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** How the targets are stored before the run: as in the samples, or re-encoded. */
type Variant = "samples" | "utf16le" | "utf8-bom-lf";

/** A fresh copy of the samples, with the targets in the variant's encoding. */
async function copy(name: string, variant: Variant): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await cp(join(root, "samples"), join(dir, "samples"), { recursive: true });
  for (const file of [CONFIG, SMSDEF]) {
    const text = (await readFile(join(dir, file))).toString("latin1");
    if (variant === "utf16le") await writeFile(join(dir, file), Buffer.from("\ufeff" + text, "utf16le"));
    if (variant === "utf8-bom-lf")
      await writeFile(join(dir, file), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\r\n/g, "\n"), "utf8")]));
  }
  return dir;
}

async function targets(dir: string): Promise<Buffer[]> {
  return Promise.all([CONFIG, SMSDEF].map((f) => readFile(join(dir, f))));
}

describe.each<Variant>(["samples", "utf16le", "utf8-bom-lf"])("convert --patch (%s targets)", (variant) => {
  let written: Buffer[];
  let original: Buffer[];
  let patch: Buffer;

  beforeAll(async () => {
    const writer = await copy(`${variant}-write`, variant);
    original = await targets(writer);
    const w = await cli([...CONVERT, "--write"], writer);
    expect(w.code, w.stdout + w.stderr).toBe(0);
    written = await targets(writer);
    const previewer = await copy(`${variant}-preview`, variant);
    const p = await cli([...CONVERT, "--patch", "review.patch"], previewer);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(p.stdout).toContain("patch: review.patch (apply it with: git apply review.patch, or patch -p1 < review.patch)");
    patch = await readFile(join(previewer, "review.patch"));
    // A preview writes the patch and nothing else.
    expect(await targets(previewer)).toEqual(original);
  });

  it("really changes the targets, in their own encoding", () => {
    for (let i = 0; i < 2; i++) expect(written[i].equals(original[i])).toBe(false);
    if (variant === "utf16le") expect([...written[0].subarray(0, 2)]).toEqual([0xff, 0xfe]);
    if (variant === "utf8-bom-lf") expect(written[1].toString("latin1")).not.toContain("\r");
    if (variant === "samples") expect(patch.toString("latin1")).toContain("\r\n+");
  });

  it("git apply --check and git apply give the bytes --write writes; git apply -R gives the originals back", async () => {
    const dir = await copy(`${variant}-git`, variant);
    await writeFile(join(dir, "review.patch"), patch);
    expect((await run("git", ["init", "-q"], dir)).code).toBe(0);
    const check = await run("git", ["apply", "--check", "review.patch"], dir);
    expect(check.code, check.stderr).toBe(0);
    const apply = await run("git", ["apply", "review.patch"], dir);
    expect(apply.code, apply.stderr).toBe(0);
    expect(await targets(dir)).toEqual(written);
    const back = await run("git", ["apply", "-R", "review.patch"], dir);
    expect(back.code, back.stderr).toBe(0);
    expect(await targets(dir)).toEqual(original);
  });

  // Where patch is missing it is skipped, visibly; CI installs it, so there a missing patch fails.
  const withPatch = hasPatch || process.env.CI ? it : it.skip;
  withPatch(`patch -p1 gives the bytes --write writes${hasPatch ? "" : " (patch is not installed here)"}`, async () => {
    expect(hasPatch, "patch is not installed (.ci/run installs it)").toBe(true);
    const dir = await copy(`${variant}-patch`, variant);
    const r = await run("patch", ["-p1", "--batch", "--silent"], dir, patch);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await targets(dir)).toEqual(written);
  });
});

describe("split --patch", () => {
  it("creates the two new files, byte for byte, when applied in a fresh folder", async () => {
    const dir = await copy("split", "samples");
    const r = await cli(["split", "samples/sms2003", "--out", "out", "--write", "--color", "never", "--patch", "split.patch"], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const patch = await readFile(join(dir, "split.patch"));
    expect(patch.toString("latin1")).toMatch(
      /^diff --git a\/out\/configuration-additions\.mof b\/out\/configuration-additions\.mof\nnew file mode 100644\n--- \/dev\/null\n/,
    );
    const fresh = join(work, "split-fresh");
    await mkdir(fresh);
    await writeFile(join(fresh, "split.patch"), patch);
    const apply = await run("git", ["apply", "split.patch"], fresh);
    expect(apply.code, apply.stderr).toBe(0);
    for (const f of ["out/configuration-additions.mof", "out/SMS_def-additions.mof"])
      expect((await readFile(join(fresh, f))).equals(await readFile(join(dir, f)))).toBe(true);
  });
});

describe("when the patch is written", () => {
  it("is empty when the targets are up to date", async () => {
    const dir = await copy("up-to-date", "samples");
    expect((await cli([...CONVERT, "--write"], dir)).code).toBe(0);
    const r = await cli([...CONVERT, "--patch", "review.patch"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("patch: review.patch is empty: nothing changes");
    expect((await readFile(join(dir, "review.patch"))).byteLength).toBe(0);
  });

  it("is refused when it would replace a target or a source", async () => {
    const dir = await copy("clash", "samples");
    const before = await targets(dir);
    for (const file of [CONFIG, "samples/sms2003/mini/printers.mof"]) {
      const r = await cli([...CONVERT, "--patch", file], dir);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toMatch(/^mof-migrate: --patch .* would replace /);
    }
    expect(await targets(dir)).toEqual(before);
    expect((await readFile(join(dir, "samples/sms2003/mini/printers.mof"))).equals(await readFile(join(root, "samples/sms2003/mini/printers.mof")))).toBe(true);
  });

  it("is not written when the inputs have errors", async () => {
    const dir = await copy("broken", "samples");
    await writeFile(join(dir, "samples/sms2003/mini/broken.mof"), "class Broken {\r\n  string A\r\n  string B;\r\n};\r\n");
    const r = await cli([...CONVERT, "--patch", "review.patch"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--patch review.patch was not written: the inputs have errors");
    await expect(readFile(join(dir, "review.patch"))).rejects.toThrow(/ENOENT/);
  });

  it("says where to apply it when the targets are outside the working folder", async () => {
    const dir = await copy("outside", "samples");
    const elsewhere = join(dir, "elsewhere");
    await mkdir(elsewhere);
    const args = CONVERT.map((a) => (a.startsWith("samples") ? join("..", a) : a));
    const r = await cli([...args, "--patch", "review.patch"], elsewhere);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`(apply it in ${join(dir, "samples", "cm2007")} with: git apply ../../elsewhere/review.patch`);
    expect((await readFile(join(elsewhere, "review.patch"))).toString("latin1")).toMatch(/^diff --git a\/configuration\.mof b\/configuration\.mof\n/);
  });
});
