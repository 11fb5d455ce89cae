/**
 * The real shapes of `test/fixtures/realworld/` through the built command line, on temporary
 * copies: kits that name their data half `*.mof.txt`, `split` refusing and previewing like
 * `convert`, the plan shown next to input errors, second runs with nothing to do.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const fixtures = join(root, "test", "fixtures", "realworld");

function cli(args: string[]): Promise<Run> {
  return runCli([...args, "--color", "never"], { cwd: work });
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-realworld-"));
  await cp(join(root, "samples", "cm2007"), join(work, "targets"), { recursive: true });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Copy fixtures (paths relative to the fixture folder) into `work/<folder>`. */
async function sources(folder: string, ...files: string[]): Promise<string> {
  for (const f of files) {
    await mkdir(join(work, folder, f, ".."), { recursive: true });
    await cp(join(fixtures, f), join(work, folder, f), { recursive: true });
  }
  return folder;
}

const TARGETS = ["--config-mof", "targets/configuration.mof", "--sms-def", "targets/SMS_def.mof"];

describe("a kit that names its configuration.mof half otherwise (item 9)", () => {
  it("lists the files holding MOF that were not read, and says where the missing data class is", async () => {
    await sources("in", "kit");
    const r = await cli(["convert", "in", ...TARGETS]);
    expect(r.code).toBe(0);
    for (const name of ["Add-To-configuration.mof.txt", "Configuration.mof.additions", "Fabrikam_Docks.HWInvConfigurationMOF.txt"]) {
      expect(r.stderr).toMatch(
        new RegExp(
          `in[\\\\/]kit[\\\\/]${name.replace(/\./g, "\\.")}:1:1: info mof-content-skipped: .* holds MOF but its name does not end in \\.mof: it was not read`,
        ),
      );
    }
    expect(r.stderr).toContain('--include "**/*.mof" --include "**/*.HWInvConfigurationMOF.txt"');
    expect(r.stderr).not.toContain("ReadMe.txt");
    expect(r.stdout).toMatch(
      /warning missing-data-class: reporting class Fabrikam_Docks reads root\\cimv2, .* \(kit[\\/]Fabrikam_Docks\.HWInvConfigurationMOF\.txt defines it, but that file was not read: its name does not end in \.mof\)/,
    );
  });

  it("takes the files with --include as the note says", async () => {
    await sources("in", "kit");
    const r = await cli(["convert", "in", ...TARGETS, "--include", "**/*.mof", "--include", "**/*.HWInvConfigurationMOF.txt"]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("mof-content-skipped");
    expect(r.stdout).toMatch(/append\s+class Fabrikam_Docks \(data\)/);
    expect(r.stdout).not.toContain("missing-data-class");
  });
});

describe("split obeys its own errors and previews like convert (item 10)", () => {
  it("refuses with exit code 2 and writes nothing when a source has a syntax error", async () => {
    await sources("in", "broken-header.mof", "banners.mof");
    const r = await cli(["split", "in", "--out", "out", "--write"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/broken-header\.mof:1:1: error/);
    expect(r.stdout).toContain("nothing was written");
    await expect(readdir(join(work, "out"))).rejects.toThrow();
  });

  it("refuses when the plan itself has an error (two classes with one SMS_Class_ID)", async () => {
    const text = (await readFile(join(fixtures, "x64-pair-sms_def.mof"), "latin1")).replace("__ProviderArchitecture=64", "__ProviderArchitecture=32");
    await mkdir(join(work, "in"));
    await writeFile(join(work, "in", "clash.mof"), text, "latin1");
    const r = await cli(["split", "in", "--out", "out", "--write"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/error duplicate-class-id/);
    expect(r.stdout).toContain("1 error, ");
    expect(r.stdout).toMatch(/nothing was written\n$/);
    await expect(readdir(join(work, "out"))).rejects.toThrow();
  });

  it("previews by default, writes with --write, backs up a file it replaces, and answers --check", async () => {
    await sources("in", "banners.mof");
    const preview = await cli(["split", "in", "--out", "out"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain("+++ b/out/SMS_def-additions.mof");
    expect(preview.stdout).toContain("Preview only: nothing was written.");
    expect((await cli(["split", "in", "--out", "out", "--check"])).code).toBe(1);
    await expect(readdir(join(work, "out"))).rejects.toThrow();

    const write = await cli(["split", "in", "--out", "out", "--write"]);
    expect(write.code).toBe(0);
    expect(write.stdout).toMatch(/wrote out[\\/]configuration-additions\.mof \(\d+ bytes\)/);
    expect((await readdir(join(work, "out"))).sort()).toEqual(["SMS_def-additions.mof", "configuration-additions.mof"]);
    const again = await cli(["split", "in", "--out", "out", "--write"]);
    expect(again.stdout).toContain("The files are up to date: nothing to write.");
    expect((await cli(["split", "in", "--out", "out", "--check"])).code).toBe(0);

    // A changed source replaces the file, and the old one is kept.
    const old = await readFile(join(work, "out", "configuration-additions.mof"));
    const changed = (await readFile(join(work, "in", "banners.mof"), "latin1")).replace(
      "string Driver;",
      'string Driver;\r\n    [PropertyContext("Port")] string Port;',
    );
    await writeFile(join(work, "in", "banners.mof"), changed, "latin1");
    const replace = await cli(["split", "in", "--out", "out", "--write"]);
    expect(replace.code).toBe(0);
    expect(replace.stdout).toMatch(/wrote out[\\/]configuration-additions\.mof \(\d+ bytes; backup: out[\\/]configuration-additions\.mof\.bak\)/);
    expect(await readFile(join(work, "out", "configuration-additions.mof.bak"))).toEqual(old);
  });

  it("writes no empty file: it says there is nothing for that part", async () => {
    await sources("in", "x64-pair-configuration.mof");
    const r = await cli(["split", "in", "--out", "out", "--write"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nothing for out[\\/]SMS_def-additions\.mof: the sources have no reporting classes to write/);
    expect(await readdir(join(work, "out"))).toEqual(["configuration-additions.mof"]);
  });
});

describe("the plan is shown when a source has errors (item 11)", () => {
  it("prints it after the errors, headed as not applied, and writes nothing", async () => {
    await sources("in", "broken-header.mof", "banners.mof");
    const before = await readFile(join(work, "targets", "configuration.mof"));
    const r = await cli(["convert", "in", ...TARGETS, "--write"]);
    expect(r.code).toBe(2);
    const errorAt = r.stdout.indexOf("broken-header.mof:1:1: error");
    const heading = r.stdout.indexOf("The plan below is not applied: fix the errors first.");
    expect(errorAt).toBeGreaterThanOrEqual(0);
    expect(heading).toBeGreaterThan(errorAt);
    expect(r.stdout.slice(heading)).toMatch(/Migration plan: 2 units\n {2}append\s+class Fabrikam_PrintQueue \(data\)/);
    expect(r.stdout).toMatch(/nothing was written\n$/);
    expect(await readFile(join(work, "targets", "configuration.mof"))).toEqual(before);
  });
});

describe("second runs after --write (items 1, 4, 8)", () => {
  for (const [what, files, extra] of [
    ["the pasted halves", ["pasted-halves.mof"], []],
    ["duplicate instance keys", ["duplicate-instance-keys.mof"], []],
    ["duplicate instance keys with --replace-conflicts", ["duplicate-instance-keys.mof"], ["--replace-conflicts"]],
    ['a file with #pragma namespace("") beside another', ["empty-namespace-pragma.mof", "banners.mof"], []],
  ] as const) {
    it(`${what}: written once, then --check exits 0`, async () => {
      await sources("in", ...files);
      const write = await cli(["convert", "in", ...TARGETS, "--write", ...extra]);
      expect(write.code, write.stdout + write.stderr).toBe(0);
      expect(write.stdout).toMatch(/wrote targets[\\/]/);
      const afterWrite = await readFile(join(work, "targets", "configuration.mof"));
      const check = await cli(["convert", "in", ...TARGETS, "--check", ...extra]);
      expect(check.code, check.stdout).toBe(0);
      expect(check.stdout).toContain("The targets are up to date: nothing to write.");
      const again = await cli(["convert", "in", ...TARGETS, "--write", ...extra]);
      expect(again.code).toBe(0);
      expect(await readFile(join(work, "targets", "configuration.mof"))).toEqual(afterWrite);
    });
  }
});
