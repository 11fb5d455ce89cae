/**
 * End-to-end tests of the built command line (`node dist/bin/mof-migrate.js`, built by
 * `pretest`), run on temporary copies of `samples/`.
 */
import { chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** Run the built CLI in `cwd` with a plain environment (no colors unless asked). */
function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runCli(args, { cwd: options.cwd ?? work, ...(options.env ? { env: options.env } : {}) });
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-cli-"));
  await cp(join(root, "samples"), join(work, "samples"), { recursive: true });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("mof-migrate (general)", () => {
  it("prints its version from package.json", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    for (const args of [["--version"], ["check", "--version"]]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });

  it("has help for the tool and for each command, with examples", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    for (const command of ["convert", "split", "check", "parse"]) expect(top.stdout).toContain(`mof-migrate ${command}`);
    expect(top.stdout).toContain("Exit codes");
    for (const command of ["convert", "split", "check", "parse"]) {
      const r = await cli([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Examples:");
    }
    const convert = await cli(["convert", "--help"]);
    for (const option of [
      "--config-mof",
      "--sms-def",
      "--baseline",
      "--write",
      "--check",
      "--json",
      "--default-namespace",
      "--backup-dir",
      "--replace-conflicts",
    ]) {
      expect(convert.stdout).toContain(option);
    }
  });

  it("exits 2 with a one-line message on usage errors, without a stack trace", async () => {
    for (const args of [[], ["frobnicate"], ["check"], ["check", "samples", "--color", "sometimes"], ["convert", "samples/sms2003"]]) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^mof-migrate: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("mof-migrate check", () => {
  it("exits 0 on valid files (warnings allowed) and says how many files it read", async () => {
    const r = await cli(["check", "samples/cm2007", "--color", "never"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/in 2 files\n$/);
    expect(r.stdout).not.toMatch(/: error /);
  });

  it("exits 1 on errors and points at them with file:line:col and a caret", async () => {
    const file = join(work, "broken.mof");
    await writeFile(file, "class Good { string A; };\r\nclass Broken\r\n{\r\n    string B\r\n    string C;\r\n};\r\n");
    const r = await cli(["check", "broken.mof", "--color", "never"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken\.mof:\d+:\d+: error /m);
    const [, line] = r.stdout.match(/^broken\.mof:(\d+):\d+: error/m)!;
    expect(Number(line)).toBeGreaterThanOrEqual(4);
    expect(r.stdout).toMatch(/^\s*\d+ \| .*\n\s+\| \s*\^/m);
    expect(r.stdout).toMatch(/1 error/);
  });

  it("exits 2 when an input does not exist", async () => {
    const r = await cli(["check", "samples/nope.mof"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("samples/nope.mof");
  });

  it("colors only when asked (or forced), never for a pipe by default", async () => {
    const file = join(work, "bad.mof");
    await writeFile(file, "class X { string A };\n");
    expect((await cli(["check", "bad.mof"])).stdout).not.toContain("\x1b[");
    expect((await cli(["check", "bad.mof", "--color", "always"])).stdout).toContain("\x1b[");
    expect((await cli(["check", "bad.mof"], { env: { FORCE_COLOR: "1" } })).stdout).toContain("\x1b[");
  });
});

describe("mof-migrate parse", () => {
  it("prints the syntax tree as JSON, integers as strings, without the text", async () => {
    await writeFile(join(work, "one.mof"), '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\r\n[key] class A { uint64 Big = 18446744073709551615; };\r\n');
    const r = await cli(["parse", "one.mof", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ schemaVersion: 1, file: "one.mof", encoding: "utf8", eol: "\r\n" });
    expect(json.productions.map((p: { kind: string }) => p.kind)).toEqual(["pragma", "class"]);
    expect(json.productions[0].args[0].value).toBe("\\\\.\\root\\cimv2");
    expect(json.productions[1].features[0].defaultValue.value).toBe("18446744073709551615");
    expect(json).not.toHaveProperty("source");
    expect(json).not.toHaveProperty("lines");
  });

  it("prints an outline without --json", async () => {
    const r = await cli(["parse", "samples/sms2003/mini/printers.mof", "--color", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^samples\/sms2003\/mini\/printers\.mof: windows1252, LF/);
    expect(r.stdout).toMatch(/^\d+: class Contoso_Printer \(8 properties\)/m);
    expect(r.stdout).toMatch(/^\d+: class Contoso_Printer : SMS_Class_Template/m);
  });

  it("exits 1 on a file with syntax errors and 2 on a missing file", async () => {
    await writeFile(join(work, "bad.mof"), "class X { string A };\n");
    const bad = await cli(["parse", "bad.mof", "--color", "never"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad\.mof:1:\d+: error/m);
    expect((await cli(["parse", "missing.mof"])).code).toBe(2);
  });
});

const CONFIG = "samples/cm2007/configuration.mof";
const SMSDEF = "samples/cm2007/SMS_def.mof";
const CONVERT = ["convert", "samples/sms2003", "--config-mof", CONFIG, "--sms-def", SMSDEF, "--baseline", "samples/baseline/SMS_def.mof", "--color", "never"];

const bytesOf = (file: string) => readFile(join(work, file));

async function targetBytes() {
  return { config: await bytesOf(CONFIG), smsDef: await bytesOf(SMSDEF) };
}

async function expectTargetsUnchanged(before: { config: Buffer; smsDef: Buffer }) {
  const after = await targetBytes();
  expect(after.config.equals(before.config)).toBe(true);
  expect(after.smsDef.equals(before.smsDef)).toBe(true);
  expect((await readdir(join(work, "samples", "cm2007"))).sort()).toEqual(["SMS_def.mof", "configuration.mof"]);
}

describe("mof-migrate convert", () => {
  it("previews by default: a summary, a diff per target, nothing written", async () => {
    const before = await targetBytes();
    const r = await cli(CONVERT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // One line per unit: action, what, namespace, source file:line.
    expect(r.stdout).toMatch(/^ {2}append +class Contoso_Printer \(data\) +root\\cimv2 +samples\/sms2003\/mini\/printers\.mof:\d+$/m);
    expect(r.stdout).toMatch(/^ {2}conflict +class Contoso_InstalledApps \(data\) +root\\cimv2 +samples\/sms2003\/SMS_def\.mof:\d+$/m);
    expect(r.stdout).toMatch(/^ {2}stock +class Win32_BIOS \(reporting\) +root\\cimv2\\sms /m);
    expect(r.stdout).toMatch(/^ {4}EstimatedSize: type uint32 in the source, string in the target$/m);
    expect(r.stdout).toMatch(/^ {4}SerialNumber: SMS_Report FALSE -> TRUE$/m);
    expect(r.stdout).toContain(`--- a/${CONFIG} (CRLF)\n+++ b/${CONFIG} (CRLF)\n@@ `);
    expect(r.stdout).toContain(`--- a/${SMSDEF} (CRLF)`);
    expect(r.stdout).toMatch(/^\+class Contoso_Warranty : SMS_Class_Template$/m);
    expect(r.stdout).not.toContain("\r");
    expect(r.stdout).toMatch(/nothing was written/);
    await expectTargetsUnchanged(before);
  });

  it("--check exits 1 while changes are pending and 0 once they are written", async () => {
    const before = await targetBytes();
    const pending = await cli([...CONVERT, "--check"]);
    expect(pending.code).toBe(1);
    await expectTargetsUnchanged(before);

    const write = await cli([...CONVERT, "--write"]);
    expect(write.code).toBe(0);
    const after = await cli([...CONVERT, "--check"]);
    expect(after.stdout).toContain("up to date");
    expect(after.code).toBe(0);
  });

  it("--write appends to both targets, keeps backups and leaves the existing bytes untouched", async () => {
    const before = await targetBytes();
    const r = await cli([...CONVERT, "--write"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${CONFIG} (backup: ${CONFIG}.bak)`);
    expect((await bytesOf(`${CONFIG}.bak`)).equals(before.config)).toBe(true);
    expect((await bytesOf(`${SMSDEF}.bak`)).equals(before.smsDef)).toBe(true);

    const after = await targetBytes();
    for (const [old, neu] of [
      [before.config, after.config],
      [before.smsDef, after.smsDef],
    ]) {
      expect(neu.length).toBeGreaterThan(old.length);
      // Appends only: everything that was there is still there, byte for byte.
      expect(neu.subarray(0, old.length).equals(old)).toBe(true);
      // CRLF stays CRLF: no bare LF anywhere.
      expect(neu.toString("latin1")).not.toMatch(/[^\r]\n/);
    }
    const config = after.config.toString("latin1");
    expect(config).toContain("class Contoso_Warranty");
    expect(config).toContain('#pragma namespace("\\\\\\\\.\\\\root\\\\Contoso")');
    // The conflicting class is not written a second time.
    expect(config.match(/class Contoso_InstalledApps/g)).toHaveLength(1);
    const smsDef = after.smsDef.toString("latin1");
    expect(smsDef.match(/class Win32_SystemEnclosure/g)).toHaveLength(1);

    // The written targets are valid MOF.
    const check = await cli(["check", CONFIG, SMSDEF, "--color", "never"]);
    expect(check.stdout).not.toMatch(/: error /);
    expect(check.code).toBe(0);
  });

  it("--carry-report-flags changes only the SMS_Report values of the stock class", async () => {
    const before = (await bytesOf(SMSDEF)).toString("latin1").split("\r\n");
    const r = await cli([...CONVERT, "--write", "--carry-report-flags"]);
    expect(r.code).toBe(0);
    const after = (await bytesOf(SMSDEF)).toString("latin1").split("\r\n");
    const changed = before.map((line, i) => [line, after[i]]).filter(([a, b]) => a !== b);
    expect(changed).toHaveLength(3);
    for (const [a, b] of changed) {
      expect(a).toMatch(/SMS_Report\s*\(\s*FALSE\s*\)/i);
      expect(b).toBe(a.replace(/FALSE/i, (m) => (m === "FALSE" ? "TRUE" : m === "false" ? "true" : "True")));
    }
  });

  it("--backup-dir keeps the backups in another folder", async () => {
    const before = await targetBytes();
    const r = await cli([...CONVERT, "--write", "--backup-dir", "backups"]);
    expect(r.code).toBe(0);
    expect((await readdir(join(work, "backups"))).sort()).toEqual(["SMS_def.mof.bak", "configuration.mof.bak"]);
    expect((await readFile(join(work, "backups", "configuration.mof.bak"))).equals(before.config)).toBe(true);
  });

  it("--json prints one document that validates against the published schema", async () => {
    const schema = JSON.parse(await readFile(join(root, "schema", "plan.schema.json"), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    for (const extra of [[], ["--check"], ["--write"]]) {
      const r = await cli([...CONVERT, "--json", ...extra]);
      const json = JSON.parse(r.stdout);
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.exitCode).toBe(r.code);
    }
    const preview = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    expect(preview.changes).toBe(false); // written by the --write run above
    const fresh = await mkdtemp(join(tmpdir(), "mof-cli-json-"));
    try {
      await cp(join(root, "samples"), join(fresh, "samples"), { recursive: true });
      const r = await cli([...CONVERT, "--json"], { cwd: fresh });
      const json = JSON.parse(r.stdout);
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json).toMatchObject({ schemaVersion: 2, mode: "preview", changes: true, inputErrors: false, exitCode: 0 });
      const printer = json.plan.units.find((u: { name: string; category: string }) => u.name === "Contoso_Printer" && u.category === "data");
      expect(printer).toMatchObject({ action: "append", target: "configuration", source: { file: "samples/sms2003/mini/printers.mof" } });
      expect(json.diffs.map((d: { target: string }) => d.target)).toEqual(["configuration", "smsDef"]);
      expect(json.diffs[0].diff).toMatch(/^--- a\/samples\/cm2007\/configuration\.mof \(CRLF\)/);
      expect(r.stdout).not.toContain('"productions"');
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it("stops at a broken input with located errors and leaves the targets byte-identical", async () => {
    const before = await targetBytes();
    const broken = join(work, "samples", "sms2003", "mini", "broken.mof");
    await writeFile(broken, '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\r\nclass Contoso_Broken\r\n{\r\n    string A\r\n    string B;\r\n};\r\n');
    const r = await cli([...CONVERT, "--write"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^samples\/sms2003\/mini\/broken\.mof:5:5: error /m);
    expect(r.stdout).toMatch(/^5 \| {5}string B;\n {2}\| {5}\^/m);
    expect(r.stdout).toMatch(/nothing was written/);
    await expectTargetsUnchanged(before);
  });

  it("does not overwrite a target that changed after it was read", async () => {
    const before = await targetBytes();
    const r = await cli([...CONVERT, "--write"], { env: { MOF_MIGRATE_TEST_APPEND_BEFORE_VERIFY: join(work, SMSDEF) } });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/changed on disk/);
    const after = await targetBytes();
    expect(after.config.equals(before.config)).toBe(true);
    // Only the other writer's line is there: our text was not written.
    expect(after.smsDef.subarray(0, before.smsDef.length).equals(before.smsDef)).toBe(true);
    expect(after.smsDef.subarray(before.smsDef.length).toString("latin1")).toBe("\r\n// changed by someone else\r\n");
    expect((await readdir(join(work, "samples", "cm2007"))).sort()).toEqual(["SMS_def.mof", "configuration.mof"]);
  });

  it("fails cleanly when the backups cannot be kept, leaving both targets as they were", async () => {
    const before = await targetBytes();
    // --backup-dir names a file: the write fails even for root.
    await writeFile(join(work, "backups"), "a file");
    const r = await cli([...CONVERT, "--write", "--backup-dir", "backups"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("cannot keep the backups in 'backups': it is a file, not a folder; nothing was written");
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
    await expectTargetsUnchanged(before);
  });

  it("keeps every backup: a second write adds a numbered one", async () => {
    const before = await targetBytes();
    expect((await cli([...CONVERT, "--write"])).code).toBe(0);
    await writeFile(
      join(work, "samples", "sms2003", "mini", "more.mof"),
      '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\r\n#pragma deleteclass("Contoso_More", NOFAIL)\r\n[dynamic, provider("RegProv")] class Contoso_More { [key] string Name; };\r\n',
    );
    const second = await cli([...CONVERT, "--write"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`wrote ${CONFIG} (backup: ${CONFIG}.1.bak)`);
    expect((await bytesOf(`${CONFIG}.bak`)).equals(before.config)).toBe(true);
    expect((await readdir(join(work, "samples", "cm2007"))).sort()).toEqual([
      "SMS_def.mof",
      "SMS_def.mof.bak",
      "configuration.mof",
      "configuration.mof.1.bak",
      "configuration.mof.bak",
    ]);
  });

  it("refuses a read-only target unless --force is given", async () => {
    const before = await targetBytes();
    await chmod(join(work, SMSDEF), 0o444);
    const refused = await cli([...CONVERT, "--write"]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/error write-read-only: 'samples\/cm2007\/SMS_def\.mof' is read-only; nothing was written/);
    expect(refused.stdout).toContain("--force");
    await expectTargetsUnchanged(before);
    const forced = await cli([...CONVERT, "--write", "--force"]);
    expect(forced.code).toBe(0);
    expect((await bytesOf(SMSDEF)).length).toBeGreaterThan(before.smsDef.length);
  });

  it("refuses --config-mof and --sms-def that name one file through a link", async () => {
    await symlink("SMS_def.mof", join(work, "samples", "cm2007", "other.mof"));
    const r = await cli(["convert", "samples/sms2003", "--config-mof", "samples/cm2007/other.mof", "--sms-def", SMSDEF, "--write"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("name the same file");
  });

  it("leaves the targets and the baseline out of the sources when a folder holds them all", async () => {
    const narrow = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    // samples/cb/ holds the targets of another site: not sources either.
    const wide = await cli(["convert", "samples", ...CONVERT.slice(2), "--exclude", "cb/**", "--json"]);
    expect(wide.code).toBe(0);
    expect(wide.stderr).toContain(`leaving out ${CONFIG}`);
    const json = JSON.parse(wide.stdout);
    expect(json.sources).toEqual(narrow.sources);
    expect(json.plan.summary).toEqual(narrow.plan.summary);
  });

  it("refuses to touch a target that has a syntax error itself", async () => {
    await writeFile(join(work, CONFIG), Buffer.concat([await bytesOf(CONFIG), Buffer.from("class Half {\r\n")]));
    const before = await targetBytes();
    const r = await cli([...CONVERT, "--write"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^samples\/cm2007\/configuration\.mof:\d+:\d+: error /m);
    expect(r.stderr).toContain("nothing was written");
    await expectTargetsUnchanged(before);
  });

  it("exits 2 when a target is missing", async () => {
    const r = await cli(["convert", "samples/sms2003", "--config-mof", "samples/cm2007/nope.mof", "--sms-def", SMSDEF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("samples/cm2007/nope.mof");
  });

  it("--default-namespace puts files without a namespace pragma where they were compiled", async () => {
    const without = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    const withNs = JSON.parse((await cli([...CONVERT, "--json", "--default-namespace", "root\\cimv2"])).stdout);
    const imageInfo = (json: { plan: { units: { name: string; category: string; namespace: string }[] } }) =>
      json.plan.units.find((u) => u.name === "Contoso_ImageInfo" && u.category === "data")!.namespace.toLowerCase();
    expect(imageInfo(without)).toBe("root\\default");
    expect(imageInfo(withNs)).toBe("root\\cimv2");
  });
});

describe("aliases are scoped to each compiled file", () => {
  /** A mini-MOF that registers its own provider as $P and serves a class with it. */
  const miniMof = (n: string) =>
    [
      '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")',
      `instance of __Win32Provider as $P { Name = "ContosoProv${n}"; ClsId = "{0000000${n}-0000-0000-0000-000000000000}"; };`,
      "instance of __InstanceProviderRegistration { Provider = $P; SupportsGet = TRUE; };",
      `#pragma deleteclass("Contoso_Alias${n}", NOFAIL)`,
      `[dynamic, provider("ContosoProv${n}")] class Contoso_Alias${n} { [key] string Name; };`,
      "",
    ].join("\r\n");

  it("checks and migrates two mini-MOFs that each define $P", async () => {
    await mkdir(join(work, "minis"));
    await writeFile(join(work, "minis", "one.mof"), miniMof("1"));
    await writeFile(join(work, "minis", "two.mof"), miniMof("2"));
    const check = await cli(["check", "minis", "--color", "never"]);
    expect(check.stdout).not.toMatch(/: error /);
    expect(check.code).toBe(0);
    const write = await cli(["convert", "minis", "--config-mof", CONFIG, "--sms-def", SMSDEF, "--write", "--color", "never"]);
    expect(write.stdout).not.toMatch(/: error /);
    expect(write.code).toBe(0);
    const config = (await bytesOf(CONFIG)).toString("latin1");
    expect(config.match(/instance of __Win32Provider as \$P /g)).toHaveLength(2);
    expect(config).toContain('Name = "ContosoProv1"');
    expect(config).toContain('Name = "ContosoProv2"');
  });

  it("still refuses an alias defined twice in one file", async () => {
    await writeFile(join(work, "twice.mof"), miniMof("1") + miniMof("2"));
    const check = await cli(["check", "twice.mof", "--color", "never"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^twice\.mof:7:\d+: error duplicate-alias \(WBEMMOF_E_MULTIPLE_ALIASES\): alias \$P is already defined \(line 2\)/m);
    const before = await targetBytes();
    const write = await cli(["convert", "twice.mof", "--config-mof", CONFIG, "--sms-def", SMSDEF, "--write", "--color", "never"]);
    expect(write.code).toBe(2);
    await expectTargetsUnchanged(before);
  });
});

describe("mof-migrate split", () => {
  it("writes the data and reporting parts as two new MOF files", async () => {
    const preview = await cli(["split", "samples/sms2003", "--out", "out", "--color", "never"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/\+\+\+ b\/out\/configuration-additions\.mof/);
    expect(preview.stdout).toContain("Preview only: nothing was written. Run again with --write");
    await expect(readdir(join(work, "out"))).rejects.toThrow();
    const r = await cli(["split", "samples/sms2003", "--out", "out", "--write", "--color", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote out[\\/]configuration-additions\.mof/);
    expect((await readdir(join(work, "out"))).sort()).toEqual(["SMS_def-additions.mof", "configuration-additions.mof"]);
    const check = await cli(["check", "out", "--color", "never"]);
    expect(check.stdout).not.toMatch(/: error /);
    const data = await cli(["parse", "out/configuration-additions.mof"]);
    expect(data.stdout).toMatch(/class Contoso_Printer/);
    expect(data.stdout).not.toMatch(/SMS_Class_Template/);
    const reporting = await cli(["parse", "out/SMS_def-additions.mof"]);
    expect(reporting.stdout).toMatch(/class Contoso_Printer : SMS_Class_Template/);
  });
});
