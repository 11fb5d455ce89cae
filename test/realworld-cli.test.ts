/**
 * The real shapes of `test/fixtures/realworld/` through the built command line, on temporary
 * copies: kits that name their data half `*.mof.txt`.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const bin = join(root, "dist", "bin", "mof-migrate.js");
const fixtures = join(root, "test", "fixtures", "realworld");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args, "--color", "never"], { cwd: work, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
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
