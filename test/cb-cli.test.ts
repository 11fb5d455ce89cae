/**
 * `mof-migrate convert --import-mof` end to end, through the built command line, on temporary
 * copies of `samples/`: the ConfigMgr 2012 and later site of `samples/cb/` (configuration.mof
 * with its "Added extensions" section, the console export of its classes) and the SMS 2003
 * sources of `samples/sms2003/`.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function cli(args: string[]): Promise<Run> {
  return runCli(args, { cwd: work });
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-cb-"));
  await cp(join(root, "samples"), join(work, "samples"), { recursive: true });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const CONFIG = "samples/cb/configuration.mof";
const IMPORT = "samples/cb/inventory-classes.mof";
const SITE = "samples/cb/site-classes.mof";
const TARGET = ["--config-mof", CONFIG, "--import-mof", IMPORT];
const CONVERT = ["convert", "samples/sms2003", ...TARGET, "--site-classes", SITE, "--baseline", "samples/baseline/SMS_def.mof", "--color", "never"];
const START = "//========================\r\n// Added extensions start\r\n//========================\r\n";
const END = "//========================\r\n// Added extensions end\r\n//========================\r\n";

const bytesOf = (file: string) => readFile(join(work, file));
const exists = (file: string) =>
  readFile(join(work, file)).then(
    () => true,
    () => false,
  );

/** Every file under samples/, with its bytes. */
async function snapshot(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(join(work, "samples"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(work.length + 1).replace(/\\/g, "/"), await readFile(path));
  }
  return files;
}

describe("convert --import-mof (ConfigMgr current branch)", () => {
  it("previews: the plan against the site, a diff of configuration.mof and the new import MOF, nothing written", async () => {
    const before = await snapshot();
    const r = await cli(CONVERT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Migration plan \(ConfigMgr current branch\): 26 units$/m);
    expect(r.stdout).toMatch(/^ {2}already-there +class Contoso_AssetTag \(reporting\) +root\\cimv2\\sms +samples\/sms2003\/SMS_def\.mof:386$/m);
    expect(r.stdout).toMatch(/^ {2}conflict +class Contoso_Printer \(reporting\) /m);
    expect(r.stdout).toMatch(/^ {2}flag-change +class Win32_SystemEnclosure \(reporting\) /m);
    expect(r.stdout).toContain("configuration.mof: 5 appended; the import MOF: 6 appended.");
    expect(r.stdout).toMatch(/samples\/cb\/configuration\.mof:102:7: warning outside-extensions: class Contoso_InstalledApps/);
    expect(r.stdout).toContain("--- a/samples/cb/configuration.mof (CRLF)");
    expect(r.stdout).toContain("--- /dev/null\n+++ b/samples/cb/inventory-classes.mof (CRLF)\n@@ -0,0 +1,");
    expect(r.stdout).toContain("+// Hardware inventory reporting classes for ConfigMgr (current branch), made by mof-migrate.");
    expect(r.stdout.trim().split("\n").at(-1)).toBe(
      "Preview only: nothing was written. Run again with --write to change samples/cb/configuration.mof and create samples/cb/inventory-classes.mof.",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("--write puts every data unit between the markers and every reporting unit in the import MOF, changes nothing else, and a second run has nothing to do", async () => {
    const before = await snapshot();
    const json = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    const r = await cli([...CONVERT, "--write"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${CONFIG} (backup: ${CONFIG}.bak)`);
    expect(r.stdout).toContain(`wrote ${IMPORT} (new file)`);
    expect(r.stdout).toContain("Set Classes > Import");

    const after = await snapshot();
    expect([...after.keys()].filter((f) => !before.has(f)).sort()).toEqual([`${CONFIG}.bak`, IMPORT]);
    for (const [file, bytes] of before) if (file !== CONFIG) expect(after.get(file)!.equals(bytes), file).toBe(true);
    expect(after.get(`${CONFIG}.bak`)!.equals(before.get(CONFIG)!)).toBe(true);

    // configuration.mof: the old bytes before the end marker's banner and from it on, the units in between.
    const old = before.get(CONFIG)!.toString("latin1");
    const now = after.get(CONFIG)!.toString("latin1");
    const at = old.indexOf(END);
    expect(now.startsWith(old.slice(0, at))).toBe(true);
    expect(now.endsWith(old.slice(at))).toBe(true);
    const inserted = now.slice(at, now.length - (old.length - at));
    expect(now.indexOf(START)).toBeLessThan(at);
    const data = json.plan.units.filter((u: { writes: boolean; target: string }) => u.writes && u.target === "configuration");
    const reporting = json.plan.units.filter((u: { writes: boolean; target: string }) => u.writes && u.target === "importMof");
    expect(data.length).toBe(5);
    for (const u of data) expect(inserted).toContain(`// mof-migrate: from ${u.source.path}:${u.source.line}\r\n`);
    expect(inserted).not.toContain("SMS_Class_Template");

    const importText = after.get(IMPORT)!.toString("latin1");
    expect(reporting.length).toBe(6);
    for (const u of reporting) expect(importText).toContain(`// mof-migrate: from ${u.source.path}:${u.source.line}\r\n`);
    expect(importText).not.toMatch(/\[DYNPROPS\]|instance of|__Win32Provider/i);

    const check = await cli(["check", IMPORT, "--color", "never"]);
    expect(check.code).toBe(0);
    expect(check.stdout).not.toMatch(/: error /);

    const again = await cli(CONVERT);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split("\n").at(-1)).toBe("The targets are up to date: nothing to write.");
    expect((await cli([...CONVERT, "--check"])).code).toBe(0);
    expect((await cli([...CONVERT, "--write"])).stdout).toContain("nothing to write");
    expect((await snapshot()).get(CONFIG)!.equals(after.get(CONFIG)!)).toBe(true);
  });

  it("--site-classes makes the site's classes already there and a changed one a conflict; without it they are imported again", async () => {
    const withSite = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    const withoutSite = JSON.parse((await cli(["convert", "samples/sms2003", ...TARGET, "--baseline", "samples/baseline/SMS_def.mof", "--json"])).stdout);
    const action = (json: { plan: { units: { name: string; category: string; action: string }[] } }, name: string) =>
      json.plan.units.find((u) => u.name === name && u.category === "reporting")!.action;
    expect([action(withSite, "Contoso_AssetTag"), action(withSite, "Contoso_Printer"), action(withSite, "Win32_SystemEnclosure")]).toEqual([
      "already-there",
      "conflict",
      "flag-change",
    ]);
    expect([action(withoutSite, "Contoso_AssetTag"), action(withoutSite, "Contoso_Printer"), action(withoutSite, "Win32_SystemEnclosure")]).toEqual([
      "append",
      "append",
      "append",
    ]);
    const conflict = withSite.diagnostics.find((d: { code: string; message: string }) => d.code === "conflict" && d.message.includes("Contoso_Printer"));
    expect(conflict.message).toContain("Attributes: type uint32 in the source, String in the target");
    expect(conflict.hint).toContain("the site's classes hold it in another form");
  });

  it("--json carries the target kind and the import MOF, and validates against the published schema", async () => {
    const schema = JSON.parse(await readFile(join(root, "schema", "plan.schema.json"), "utf8"));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const preview = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    expect(validate(preview), JSON.stringify(validate.errors)).toBe(true);
    expect(preview.schemaVersion).toBe(2);
    expect(preview.plan.kind).toBe("current-branch");
    expect(preview.target).toEqual({
      kind: "current-branch",
      configurationMof: CONFIG,
      importMof: {
        file: IMPORT,
        exists: false,
        classes: ["Contoso_InstalledApps", "Win32_PageFileUsage", "Contoso_ImageInfo", "Contoso_BiosExt", "Contoso_ExtensionRevision", "Contoso_Warranty"],
      },
      siteClasses: SITE,
    });
    expect(preview.targets.map((t: { target: string; created: boolean }) => [t.target, t.created])).toEqual([
      ["configuration", false],
      ["importMof", true],
    ]);
    expect(preview.diffs.map((d: { target: string }) => d.target)).toEqual(["configuration", "importMof"]);
    const written = JSON.parse((await cli([...CONVERT, "--json", "--write"])).stdout);
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(written.written.ok).toBe(true);
    const again = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    expect(validate(again), JSON.stringify(validate.errors)).toBe(true);
    expect(again).toMatchObject({ changes: false, target: { importMof: { exists: true } } });
    expect(again.target.importMof.classes).toEqual(preview.target.importMof.classes);
  });

  it("adds the marker block to a configuration.mof without markers, with a warning", async () => {
    const old = (await bytesOf(CONFIG)).toString("latin1");
    const plain = old.slice(0, old.indexOf(START));
    await writeFile(join(work, CONFIG), Buffer.from(plain, "latin1"));
    const r = await cli([...CONVERT, "--write"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/samples\/cb\/configuration\.mof:1:1: warning extension-markers-added: /);
    const now = (await bytesOf(CONFIG)).toString("latin1");
    expect(now.startsWith(plain)).toBe(true);
    expect(now.slice(plain.length).startsWith(START)).toBe(true);
    expect(now.endsWith(END)).toBe(true);
    // Contoso_AssetTag is not in the file any more: it is appended inside the new section.
    expect(now.slice(plain.length)).toContain("class Contoso_AssetTag");
    expect((await cli(CONVERT)).stdout.trim().split("\n").at(-1)).toBe("The targets are up to date: nothing to write.");
  });

  for (const [name, edit, line] of [
    ["an end marker only", (t: string) => t.replace(START, ""), 139],
    ["reversed markers", (t: string) => t.replace(START, "\u0000").replace(END, START).replace("\u0000", END), 116],
  ] as const) {
    it(`refuses ${name} with the line, and writes nothing`, async () => {
      await writeFile(join(work, CONFIG), Buffer.from(edit((await bytesOf(CONFIG)).toString("latin1")), "latin1"));
      const before = await snapshot();
      const r = await cli([...CONVERT, "--write"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(new RegExp(`samples/cb/configuration\\.mof:${line}:1: error extension-markers: `));
      expect(r.stdout).toContain("nothing was written");
      expect(await snapshot()).toEqual(before);
      expect(await exists(IMPORT)).toBe(false);
    });
  }

  it("leaves configuration.mof, the import MOF and the site's classes out of the sources when a folder holds them", async () => {
    await cli([...CONVERT, "--write"]);
    const narrow = JSON.parse((await cli([...CONVERT, "--json"])).stdout);
    const wide = await cli(["convert", "samples", ...CONVERT.slice(2), "--exclude", "cm2007/**", "--json"]);
    expect(wide.code).toBe(0);
    for (const file of [CONFIG, IMPORT, SITE]) expect(wide.stderr).toContain(`leaving out ${file}`);
    const json = JSON.parse(wide.stdout);
    expect(json.sources).toEqual(narrow.sources);
    expect(json.plan.summary).toEqual(narrow.plan.summary);
    expect(json.changes).toBe(false);
  });

  it("warns when a configuration.mof with markers is given with --sms-def", async () => {
    const r = await cli(["convert", "samples/sms2003", "--config-mof", CONFIG, "--sms-def", "samples/cm2007/SMS_def.mof", "--color", "never"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /samples\/cb\/configuration\.mof:\d+:1: warning current-branch-site: configuration\.mof has the 'Added extensions' markers of ConfigMgr 2012 and later/,
    );
    expect(r.stdout).toContain("--import-mof <file> in place of --sms-def");
  });

  it("wants exactly one of --sms-def and --import-mof, and --site-classes only with --import-mof", async () => {
    const cases: [string[], RegExp][] = [
      [
        ["convert", "samples/sms2003", "--config-mof", CONFIG],
        /give the target of the reporting classes: --sms-def <file> for a ConfigMgr 2007 site, or --import-mof <file>/,
      ],
      [["convert", "samples/sms2003", ...TARGET, "--sms-def", "samples/cm2007/SMS_def.mof"], /--sms-def and --import-mof are two kinds of target/],
      [
        ["convert", "samples/sms2003", "--config-mof", CONFIG, "--sms-def", "samples/cm2007/SMS_def.mof", "--site-classes", SITE],
        /--site-classes goes with --import-mof/,
      ],
      [["convert", "samples/sms2003", ...TARGET, "--site-classes", IMPORT], /--import-mof and --site-classes name the same file/],
      [["convert", "samples/sms2003", "--config-mof", CONFIG, "--import-mof", CONFIG], /--config-mof and --import-mof name the same file/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^mof-migrate: ${message.source}`));
      expect(r.stdout).toBe("");
    }
    const help = await cli(["convert", "--help"]);
    for (const option of ["--import-mof", "--site-classes", "--sms-def"]) expect(help.stdout).toContain(option);
  });
});
