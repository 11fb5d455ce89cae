/**
 * The regression set of real shapes (`test/fixtures/realworld/`, our own text with the shapes
 * public vendor kits, community extensions and console exports have): each fixture through
 * `checkProgram` and through a plan against the sample ConfigMgr 2007 targets, applied, and
 * planned again against what was written. See `test/fixtures/realworld/README.md` for the
 * shapes.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  applyPlan,
  checkProgram,
  decodeMof,
  parseMof,
  planMigration,
  programFromDocuments,
  sortDiagnostics,
  splitSources,
  type Diagnostic,
  type MigrationOptions,
  type MofDocument,
  type MofProgram,
} from "mof-migrate";

const fixtures = resolve(__dirname, "fixtures", "realworld");
const samples = resolve(__dirname, "..", "samples");

function load(file: string): MofDocument {
  return parseMof(decodeMof(new Uint8Array(readFileSync(join(fixtures, file)))), { file });
}
function target(file: string): MofDocument {
  return parseMof(decodeMof(new Uint8Array(readFileSync(join(samples, "cm2007", file)))), { file });
}
function sourcesOf(...files: string[]): MofProgram {
  return programFromDocuments(files.map(load));
}

/** Plan into the sample targets, apply, and plan again against the new texts. */
function migrate(sources: MofProgram, options: MigrationOptions = {}) {
  const configurationMof = target("configuration.mof");
  const smsDefMof = target("SMS_def.mof");
  const plan = planMigration({ sources, configurationMof, smsDefMof, options });
  const applied = applyPlan(plan);
  const [configuration, smsDef] = applied.map((a) => parseMof(decodeMof(a.bytes), { file: a.file }));
  const again = planMigration({ sources, configurationMof: configuration, smsDefMof: smsDef, options });
  const appliedAgain = applyPlan(again);
  return { plan, applied, configuration, smsDef, again, appliedAgain, check: checkProgram(sources) };
}

const brief = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity}:${d.code}:${d.file}:${d.line}`);
const actions = (units: readonly { name: string; category: string; action: string }[]) => units.map((u) => `${u.action} ${u.name} (${u.category})`);
const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === "error");

/** A second run has nothing to do: no unit writes, no target changes. */
function expectNothingLeft(run: ReturnType<typeof migrate>) {
  expect(run.again.units.filter((u) => u.writes).map((u) => u.id)).toEqual([]);
  expect(run.appliedAgain.filter((a) => a.changed).map((a) => a.file)).toEqual([]);
}

describe("a data part and a pasted reporting part in one namespace (item 1)", () => {
  const run = migrate(sourcesOf("pasted-halves.mof"));

  it("migrates both halves: the [DYNPROPS] class with its instance to configuration.mof, the reporting class to SMS_def.mof", () => {
    expect(actions(run.plan.units)).toEqual(["append Fabrikam_DiskCrypt (data)", "append Fabrikam_DiskCrypt (reporting)"]);
    const [data, reporting] = run.plan.units;
    expect(data.unit.declarations.map((d) => d.node.kind)).toEqual(["class", "instance"]);
    expect([data.target, reporting.target, reporting.targetNamespace]).toEqual(["configuration", "smsDef", "root\\cimv2\\sms"]);
    const [configuration, smsDef] = run.applied;
    expect(configuration.text).toContain('KeyName = "DiskCrypt";');
    expect(configuration.text).not.toContain("SMS_Class_ID");
    expect(smsDef.text).toContain('SMS_Class_ID ("FABRIKAM|DISKCRYPT|1.0")');
    expect(run.plan.summary.actions.superseded).toBe(0);
    expectNothingLeft(run);
  });

  it("warns at the reporting class, with the missing pragma as the fix, in check and in the plan alike", () => {
    const fromCheck = run.check.filter((d) => d.code === "reporting-class-namespace");
    const fromPlan = run.plan.diagnostics.filter((d) => d.code === "reporting-class-namespace");
    expect(brief(fromCheck)).toEqual(["warning:reporting-class-namespace:pasted-halves.mof:31"]);
    expect(fromPlan).toEqual(fromCheck);
    expect(fromCheck[0].message).toContain("#pragma namespace (line 5) in effect puts it in root\\cimv2");
    expect(fromCheck[0].hint).toContain('#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")');
    // The CLI merges the two lists: one warning remains.
    expect(sortDiagnostics([...run.check, ...run.plan.diagnostics]).filter((d) => d.code === "reporting-class-namespace")).toHaveLength(1);
  });

  it("keeps the instances with the data class when the reporting class comes first", () => {
    const text = readFileSync(join(fixtures, "pasted-halves.mof"), "latin1");
    const dataStart = text.indexOf("#pragma deleteclass");
    const reportingStart = text.indexOf("//****", dataStart);
    const instanceStart = text.indexOf("[DYNPROPS]\r\ninstance of");
    // The data class, then the reporting class, then the instance: the instance is still the data class's.
    const reordered = text.slice(0, instanceStart) + text.slice(reportingStart) + "\r\n" + text.slice(instanceStart, reportingStart);
    const plan = migrate(programFromDocuments([parseMof(reordered, { file: "reordered.mof" })])).plan;
    expect(plan.units.map((u) => [u.category, u.unit.declarations.map((d) => d.node.kind).join("+")])).toEqual([
      ["data", "class+instance"],
      ["reporting", "class"],
    ]);
  });

  it("never drops the instances of a class that the sources define again", () => {
    const ns = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
    const first = `${ns}\r\n[DYNPROPS] class Fabrikam_Rev { [key] string KeyName; string Value; };\r\n[DYNPROPS] instance of Fabrikam_Rev { KeyName = "A"; [PropertyContext("local|HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Fabrikam|A"), Dynamic, Provider("RegPropProv")] Value; };\r\n`;
    const second = `${ns}\r\n#pragma deleteclass("Fabrikam_Rev", NOFAIL)\r\n[DYNPROPS] class Fabrikam_Rev { [key] string KeyName; string Value; uint32 Extra; };\r\n`;
    const sources = programFromDocuments([parseMof(first, { file: "first.mof" }), parseMof(second, { file: "second.mof" })]);
    const run = migrate(sources);
    expect(actions(run.plan.units)).toEqual(["superseded Fabrikam_Rev (data)", "append Fabrikam_Rev (data)"]);
    const [earlier, later] = run.plan.units;
    expect(earlier.message).toContain("with the instance of the earlier one");
    expect(later.unit.declarations.map((d) => `${d.node.kind}@${d.document.file}`)).toEqual(["class@second.mof", "instance@first.mof"]);
    const text = run.applied[0].text;
    // The class is written before its instance.
    expect(text.indexOf("uint32 Extra;")).toBeGreaterThan(0);
    expect(text.indexOf('KeyName = "A"')).toBeGreaterThan(text.indexOf("uint32 Extra;"));
    expectNothingLeft(run);
  });
});

describe("aliases of separate mini-MOFs (item 2)", () => {
  const run = migrate(sourcesOf("alias-scope/fabrikam-warranty.mof", "alias-scope/contoso-lease.mof"));

  it("knows each file's $Prov in that file only: no alias problem, each registration with its own class", () => {
    expect(run.check.filter((d) => /alias/.test(d.code))).toEqual([]);
    expect(errors([...run.check, ...run.plan.diagnostics])).toEqual([]);
    const data = run.plan.units.filter((u) => u.category === "data");
    expect(data.map((u) => [u.name, u.unit.declarations.map((d) => (d.node.kind === "instance" ? d.node.className.name : d.node.name.name))])).toEqual([
      ["Fabrikam_Warranty", ["__Win32Provider", "__InstanceProviderRegistration", "Fabrikam_Warranty"]],
      ["Contoso_Lease", ["__Win32Provider", "__InstanceProviderRegistration", "Contoso_Lease"]],
    ]);
    expect(run.applied[0].text.match(/Provider = \$Prov;/g)).toHaveLength(2);
    expectNothingLeft(run);
  });
});

describe("a 32/64-bit pair of reporting classes with one SMS_Class_ID (item 3)", () => {
  const run = migrate(sourcesOf("x64-pair-configuration.mof", "x64-pair-sms_def.mof"));

  it("accepts the pair in check and in the plan, and migrates both halves of both", () => {
    expect([...run.check, ...run.plan.diagnostics].filter((d) => d.code === "duplicate-class-id")).toEqual([]);
    expect(errors([...run.check, ...run.plan.diagnostics])).toEqual([]);
    expect(actions(run.plan.units)).toEqual([
      "append Fabrikam_Agent (data)",
      "append Fabrikam_Agent_64 (data)",
      "append Fabrikam_Agent (reporting)",
      "append Fabrikam_Agent_64 (reporting)",
    ]);
    expectNothingLeft(run);
  });

  it("keeps the error for a real clash, with one rule and one message in check and in the plan", () => {
    const text = readFileSync(join(fixtures, "x64-pair-sms_def.mof"), "latin1");
    for (const clash of [
      text.replace("__ProviderArchitecture=64", "__ProviderArchitecture=32"),
      text.replace(/SMS_Context_1 \("__ProviderArchitecture=64\|uint32"\),/, ""),
    ]) {
      const sources = programFromDocuments([parseMof(clash, { file: "clash.mof" })]);
      const check = checkProgram(sources).filter((d) => d.code === "duplicate-class-id");
      const plan = migrate(sources).plan.diagnostics.filter((d) => d.code === "duplicate-class-id");
      expect(brief(check)).toEqual(["error:duplicate-class-id:clash.mof:24"]);
      expect(plan).toEqual(check);
      expect(check[0].message).toMatch(/^SMS_Class_ID\("FABRIKAM\|AGENT\|1\.0"\) of Fabrikam_Agent_64 is also used by Fabrikam_Agent \(clash\.mof:12\)/);
    }
  });

  it("accepts a 64-bit half whose 32-bit twin is already in SMS_def.mof, and refuses a class that takes the id of a target class", () => {
    const text = readFileSync(join(fixtures, "x64-pair-sms_def.mof"), "latin1");
    const cut = text.indexOf('#pragma deleteclass("Fabrikam_Agent_64"');
    const smsDefMof = parseMof(target("SMS_def.mof").source.text + "\r\n" + text.slice(0, cut), { file: "SMS_def.mof" });
    const plan = (t: string) =>
      planMigration({ sources: programFromDocuments([parseMof(t, { file: "x64.mof" })]), configurationMof: target("configuration.mof"), smsDefMof });
    const half = '#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2\\\\SMS")\r\n' + text.slice(cut);
    expect(plan(half).diagnostics.filter((d) => d.code === "duplicate-class-id")).toEqual([]);
    const taken = half.replace(/,\s*SMS_Context_\d \([^)]*\)/g, "").replace(/Fabrikam_Agent_64/g, "Fabrikam_Other");
    expect(
      plan(taken)
        .diagnostics.filter((d) => d.code === "duplicate-class-id")
        .map((d) => d.message),
    ).toEqual([expect.stringMatching(/^SMS_Class_ID\("FABRIKAM\|AGENT\|1\.0"\) of Fabrikam_Other is also used by Fabrikam_Agent \(SMS_def\.mof:\d+\)$/)]);
  });
});

describe("two instances with the same key values (items 4 and 6)", () => {
  it("warns at both, in check and in the plan, and writes the file as it is", () => {
    const run = migrate(sourcesOf("duplicate-instance-keys.mof"));
    const fromCheck = run.check.filter((d) => d.code === "duplicate-instance-key");
    expect(brief(fromCheck)).toEqual([
      "warning:duplicate-instance-key:duplicate-instance-keys.mof:14",
      "warning:duplicate-instance-key:duplicate-instance-keys.mof:23",
    ]);
    expect(run.plan.diagnostics.filter((d) => d.code === "duplicate-instance-key")).toEqual(fromCheck);
    expect(fromCheck[0].message).toContain('KeyName = "Fabrikam.Addin"');
    expect(fromCheck[0].message).toContain("the later one replaces this one");
    expect(run.applied[0].text.match(/KeyName = "Fabrikam.Addin";/g)).toHaveLength(2);
  });

  for (const options of [{}, { replaceConflicts: true }]) {
    it(`has nothing to do on a second run${options.replaceConflicts ? " with replaceConflicts" : ""}`, () => {
      const run = migrate(sourcesOf("duplicate-instance-keys.mof"), options);
      expect(actions(run.again.units)).toEqual(["already-there Fabrikam_Plugins (data)"]);
      expectNothingLeft(run);
      // Not even the comments are added again.
      expect(run.appliedAgain[0].text).toBe(run.applied[0].text);
    });
  }
});

describe("comments around namespace pragmas and after the last declaration (item 5)", () => {
  const run = migrate(sourcesOf("banners.mof"));

  it("keeps the opening banner and credit with the first unit, the closing banner with the last", () => {
    const [configuration, smsDef] = run.applied.map((a) => a.text);
    const opening =
      "//-------| Fabrikam Print Queue extension start |------\r\n//=====================================================\r\n// Written by the Fabrikam desktop team, free to use.";
    expect(configuration).toContain(opening);
    expect(configuration).not.toContain("extension end");
    expect(smsDef).toContain("//-- Reporting class namespace");
    expect(smsDef).toMatch(/\};\r\n\r\n\/\/=+\r\n\/\/-------\| Fabrikam Print Queue extension end \|--------\r\n\/\/=+\r\n$/);
    expect(smsDef).not.toContain("extension start");
    expectNothingLeft(run);
  });

  it("keeps them in the files split writes too", () => {
    const split = splitSources(sourcesOf("banners.mof"));
    expect(split.data).toContain("// Written by the Fabrikam desktop team, free to use.");
    expect(split.reporting).toContain("Fabrikam Print Queue extension end");
  });
});

describe("reporting classes read from vendors' namespaces (item 7)", () => {
  it("get a note, as classes of Windows do, not a warning", () => {
    const run = migrate(sourcesOf("vendor-namespaces.mof"));
    const notes = run.plan.diagnostics.filter((d) => d.code === "missing-data-class");
    expect(notes.map((d) => d.severity)).toEqual(["info", "info", "info", "info"]);
    expect(notes.map((d) => d.message.match(/reads (\S+),/)?.[1])).toEqual(["root\\hp\\instrumentedbios", "root\\dcim\\sysman", "root\\wmi", "root\\lenovo"]);
    expect(run.plan.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("still warns when the data class is missing from a namespace the sources do fill", () => {
    const text =
      '#pragma namespace("\\\\\\\\.\\\\root\\\\Fabrikam")\r\nclass Fabrikam_Other { [key] string K; };\r\n' +
      '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")\r\n[SMS_Report(TRUE), SMS_Class_ID("F|X|1"), Namespace("\\\\\\\\\\\\\\\\.\\\\\\\\root\\\\\\\\Fabrikam")] class Fabrikam_X : SMS_Class_Template { [SMS_Report(TRUE), key] string K; };\r\n';
    const plan = migrate(programFromDocuments([parseMof(text, { file: "own.mof" })])).plan;
    expect(plan.diagnostics.filter((d) => d.code === "missing-data-class").map((d) => d.severity)).toEqual(["warning"]);
  });
});

describe('#pragma namespace("") (item 8, decisions/0010)', () => {
  it("is a warning at its position; the namespace in effect stays, and the rest of the folder is migrated", () => {
    const run = migrate(sourcesOf("empty-namespace-pragma.mof", "banners.mof"));
    expect(brief(run.check.filter((d) => d.code === "empty-namespace"))).toEqual(["warning:empty-namespace:empty-namespace-pragma.mof:2"]);
    expect(run.check.find((d) => d.code === "empty-namespace")!.column).toBe(19);
    expect(errors([...run.check, ...run.plan.diagnostics])).toEqual([]);
    expect(actions(run.plan.units)).toEqual([
      "append Fabrikam_Dock (reporting)",
      "append Fabrikam_PrintQueue (data)",
      "append Fabrikam_PrintQueue (reporting)",
    ]);
    // As if the file had no pragma: compiled into the default namespace, a reporting class by its qualifiers.
    expect(run.plan.units[0].namespace).toBe("root\\default");
    expect(run.plan.diagnostics.map((d) => d.code)).toContain("no-namespace-pragma");
    expectNothingLeft(run);
  });
});

describe("shapes of the ConfigMgr files in the shared corpus", () => {
  it("leaves console exports of collections and queries out (UTF-16LE with a BOM)", () => {
    const doc = load("console-export.mof");
    expect([doc.source.encoding, doc.source.bom, doc.source.eol]).toEqual(["utf16le", true, "\r\n"]);
    const run = migrate(programFromDocuments([doc]));
    expect(run.plan.units.map((u) => `${u.action}:${u.reason}:${u.name}`)).toEqual([
      "left-out:console-export:SMS_Collection",
      "left-out:console-export:SMS_Query",
    ]);
    expect(run.applied.filter((a) => a.changed)).toEqual([]);
  });

  it("leaves task-sequence actions out (site server classes)", () => {
    const run = migrate(sourcesOf("task-sequence-action.mof"));
    // The site namespace it creates travels with the class.
    expect(run.plan.units.map((u) => `${u.action}:${u.reason}:${u.name}:${u.unit.declarations.length}`)).toEqual([
      "left-out:console-extension:Fabrikam_TaskSequence_Step:2",
    ]);
    expect(errors(run.check)).toEqual([]);
  });

  it("migrates RegKeyToMOF output: both registry views, with their deleteclass lines, in both files", () => {
    const run = migrate(sourcesOf("regkeytomof.mof"));
    expect(actions(run.plan.units)).toEqual([
      "append Fabrikam_Updater (data)",
      "append Fabrikam_Updater_64 (data)",
      "append Fabrikam_Updater (reporting)",
      "append Fabrikam_Updater_64 (reporting)",
    ]);
    expect(run.plan.units.map((u) => u.unit.deleteClassPragmas.length)).toEqual([1, 1, 1, 1]);
    expect(run.plan.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(run.applied[0].text).toContain("// RegKeyToMOF by Mark Cochrane");
    expectNothingLeft(run);
  });

  it("moves a view-provider class with its provider registration", () => {
    const run = migrate(sourcesOf("view-provider.mof"));
    expect(actions(run.plan.units)).toEqual([
      "append MS_VIEW_INSTANCE_PROVIDER (data)",
      "append Fabrikam_LicenseView (data)",
      "append Fabrikam_LicenseView (reporting)",
    ]);
    expect(run.plan.units[0].unit.declarations.map((d) => (d.node.kind === "instance" ? d.node.className.name : ""))).toEqual([
      "__Win32Provider",
      "__InstanceProviderRegistration",
    ]);
    expectNothingLeft(run);
  });

  it("reads a console export of inventory classes saved as UTF-16LE without a BOM", () => {
    const doc = load("utf16-nobom-export.mof");
    expect([doc.source.encoding, doc.source.bom]).toEqual(["utf16le", false]);
    const run = migrate(programFromDocuments([doc]));
    expect(run.plan.units.map((u) => `${u.action}:${u.reason ?? u.category}:${u.name}`)).toEqual([
      "left-out:reporting-namespace:SMS",
      "left-out:class-template:SMS_Class_Template",
      "append:reporting:Fabrikam_Kiosk",
    ]);
    expect(run.applied[1].text).toContain('SMS_Units("Seconds")');
    expectNothingLeft(run);
  });

  it("reads pragmas written as '# pragma'", () => {
    const run = migrate(sourcesOf("split-pragmas.mof"));
    expect(run.plan.units.map((u) => `${u.action}:${u.category}:${u.namespace}:${u.unit.deleteClassPragmas.length}`)).toEqual([
      "append:data:root\\cimv2:1",
      "append:reporting:root\\cimv2\\sms:0",
    ]);
    expect(errors([...run.check, ...run.plan.diagnostics])).toEqual([]);
    expectNothingLeft(run);
  });
});
