/**
 * The ConfigMgr 2012 and later (Current Branch) target through the library: data units between
 * configuration.mof's "Added extensions" markers, reporting units in a new or existing import
 * MOF, the site's classes (a console export) as "already there", conflicts and flag changes, the
 * checks of the import, and second runs with nothing to do.
 */
import { describe, expect, it } from "vitest";
import {
  applyPlan,
  checkProgram,
  decodeMof,
  encodeMof,
  parseMof,
  planMigration,
  programFromDocuments,
  type AppliedTarget,
  type CurrentBranchTarget,
  type MigrationOptions,
  type MigrationPlan,
  type MofDocument,
  type MofProgram,
  type PlannedUnit,
} from "mof-migrate";
import { convertLineEndings, sourceFromString } from "mof-migrate/syntax";
import { cbScenario, loadFixture, loadSample, samplesDir } from "./fixtures/migrate/samples.js";

const CRLF = "\r\n";
const CIMV2 = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
const SMS = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")';
const START = "//========================\r\n// Added extensions start\r\n//========================\r\n";
const END = "//========================\r\n// Added extensions end\r\n//========================\r\n";

const doc = (text: string, file: string) => parseMof(sourceFromString(text), { file });
const program = (...texts: string[]) => programFromDocuments(texts.map((t, i) => doc(t, `source${i}.mof`)));
const reporting = (
  name: string,
  quals = `SMS_Report(TRUE), SMS_Group_Name("${name}"), SMS_Class_ID("CONTOSO|${name}|1.0")`,
  body = "[SMS_Report(TRUE), key] string Name;",
) => `[${quals}]\r\nclass ${name} : SMS_Class_Template\r\n{\r\n    ${body}\r\n};\r\n`;
const dataClass = (name: string, body = "[key] string Name;") =>
  `#pragma deleteclass("${name}", NOFAIL)\r\n[dynamic, provider("RegProv")]\r\nclass ${name}\r\n{\r\n    ${body}\r\n};\r\n`;

/** Plan against a Current Branch site. */
function planCb(
  sources: MofProgram,
  configurationMof: MofDocument,
  target: Partial<CurrentBranchTarget> = {},
  options: MigrationOptions = {},
  baseline?: MofDocument,
): MigrationPlan {
  return planMigration({
    sources,
    configurationMof,
    ...(baseline ? { baseline } : {}),
    target: { kind: "current-branch", importMof: "inventory-classes.mof", ...target },
    options,
  });
}

/** The samples' migration into `samples/cb/`. */
function planSamples(options: MigrationOptions = {}, targets: { configurationMof?: MofDocument; importMof?: MofDocument } = {}) {
  const s = cbScenario();
  return planCb(
    s.sources,
    targets.configurationMof ?? s.configurationMof,
    { siteClasses: s.siteClasses, ...(targets.importMof ? { importMof: targets.importMof } : {}) },
    { inputRoot: samplesDir, ...options },
    s.baseline,
  );
}

const actions = (plan: MigrationPlan) =>
  Object.fromEntries(plan.units.filter((u) => u.category !== "left-out").map((u) => [`${u.name} (${u.category})`, u.action]));
const written = (applied: AppliedTarget[]) => applied.map((a) => parseMof(decodeMof(a.bytes), { file: a.file }));
const codes = (plan: MigrationPlan, applied: AppliedTarget[] = []) => [...plan.diagnostics, ...applied.flatMap((a) => a.diagnostics)].map((d) => d.code);

describe("a Current Branch plan of the samples", () => {
  it("puts data units in configuration.mof and reporting units in the import MOF, the site's classes counting as there", () => {
    const plan = planSamples();
    expect(plan.kind).toBe("current-branch");
    expect(Object.keys(plan.targets)).toEqual(["configuration", "importMof"]);
    expect(actions(plan)).toMatchObject({
      "Contoso_AssetTag (data)": "already-there",
      "Contoso_AssetTag (reporting)": "already-there",
      "Contoso_InstalledApps (data)": "conflict",
      "Contoso_InstalledApps (reporting)": "append",
      "Contoso_Printer (data)": "append",
      "Contoso_Printer (reporting)": "conflict",
      "Win32_SystemEnclosure (reporting)": "flag-change",
      "Contoso_BiosExt (reporting)": "append",
    });
    for (const u of plan.units.filter((x) => x.writes)) expect(u.target).toBe(u.category === "data" ? "configuration" : "importMof");
    expect(plan.summary.importMof.append).toBe(6);
    expect(plan.summary.configuration.append).toBe(5);
    expect(plan.summary.smsDef.append).toBe(0);
  });

  it("says where each unit was found: the section, outside it, or the site's classes", () => {
    const plan = planSamples();
    const unit = (name: string, category: string) => plan.units.find((u) => u.name === name && u.category === category)!;
    expect(unit("Contoso_AssetTag", "reporting")).toMatchObject({ atSite: true, found: { file: expect.stringMatching(/site-classes\.mof$/) } });
    expect(unit("Contoso_AssetTag", "data").atSite).toBeUndefined();
    const outside = unit("Contoso_InstalledApps", "data");
    expect(outside.unchangeable).toBe("it is in configuration.mof, outside the Added extensions section");
    expect(outside.message).toContain("outside the Added extensions section");
    const warning = plan.diagnostics.find((d) => d.code === "outside-extensions")!;
    expect(warning).toMatchObject({ severity: "warning", line: 102 });
    expect(warning.file).toMatch(/cb[\\/]configuration\.mof$/);
    expect(warning.message).toContain("it is not added again");
    const printer = unit("Contoso_Printer", "reporting");
    expect(printer.differences).toEqual([expect.objectContaining({ member: "Attributes", aspect: "type", source: "uint32", target: "String" })]);
    expect(unit("Win32_SystemEnclosure", "reporting").flagChanges.map((f) => [f.member, f.target, f.source])).toEqual([["SMBIOSAssetTag", false, true]]);
  });

  it("does not replace what is outside the section, nor a class of the site, even with replaceConflicts", () => {
    const plan = planSamples({ replaceConflicts: true });
    expect(actions(plan)["Contoso_InstalledApps (data)"]).toBe("conflict");
    expect(actions(plan)["Contoso_Printer (reporting)"]).toBe("conflict");
    const [configuration] = applyPlan(plan);
    expect(configuration.edits).toHaveLength(1);
  });

  it("checks the reporting classes against the data classes the site will have", () => {
    const plan = planSamples();
    // The source's Contoso_InstalledApps data class is a conflict: the site keeps configuration.mof's, with a string EstimatedSize.
    const mismatch = plan.diagnostics.filter((d) => d.code === "data-class-mismatch");
    expect(mismatch.map((d) => d.message)).toEqual([
      expect.stringMatching(/^Contoso_InstalledApps\.EstimatedSize is uint32 here but string in the data class/),
    ]);
    expect(mismatch[0].column).toBeGreaterThan(40);
    expect(codes(plan)).toContain("provider-registration");
  });

  it("points at the property that does not match the data class, and at a Namespace(...) that names the wrong namespace", () => {
    const configurationMof = doc(`${CIMV2}\r\n${START}${END}`, "configuration.mof");
    const sources = program(
      `${CIMV2}\r\n${dataClass("Contoso_A", "[key] string Name;\r\n    [key] string Part;\r\n    uint32 Size;")}${SMS}\r\n` +
        reporting(
          "Contoso_A",
          undefined,
          "[SMS_Report(TRUE), key] string Name;\r\n    [SMS_Report(TRUE), key] string Size;\r\n    [SMS_Report(TRUE)] string Extra;",
        ) +
        `${CIMV2}\r\n${dataClass("Contoso_B")}${SMS}\r\n` +
        reporting("Contoso_B", 'SMS_Report(TRUE), SMS_Group_Name("B"), SMS_Class_ID("CONTOSO|B|1.0"),\r\n Namespace("\\\\\\\\.\\\\root\\\\vendor")'),
    );
    const plan = planCb(sources, configurationMof);
    const found = plan.diagnostics
      .filter((d) => d.code === "data-class-mismatch" || d.code === "missing-data-class")
      .map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(found).toEqual([
      expect.stringMatching(/^12:7 reporting class Contoso_A does not list Part, a key of its data class \(source0\.mof:3\)/),
      expect.stringMatching(/^15:36 Contoso_A\.Size is string here but uint32 in the data class/),
      expect.stringMatching(/^15:36 Contoso_A\.Size is a key here but not in the data class/),
      expect.stringMatching(/^16:31 Contoso_A\.Extra is not a property of the data class: inventory collects nothing for it/),
      expect.stringMatching(
        /^27:2 reporting class Contoso_B reads root\\vendor, but no data class Contoso_B is defined there .*\(there is one in root\\cimv2\)$/,
      ),
    ]);
  });

  it("writes between the markers, leaves every byte outside the section as it was, and makes the import MOF", () => {
    const plan = planSamples();
    const applied = applyPlan(plan);
    const [configuration, importMof] = applied;
    const before = plan.targets.configuration.document.source.text;
    const insertAt = before.indexOf(END);
    expect(configuration.edits).toEqual([expect.objectContaining({ offset: insertAt, length: 0 })]);
    expect(configuration.text.startsWith(before.slice(0, insertAt))).toBe(true);
    expect(configuration.text.endsWith(before.slice(insertAt))).toBe(true);
    const added = configuration.edits[0].content;
    expect(added).toContain("// mof-migrate: from sms2003/mini/bios_ext.mof:12\r\n");
    expect(added).not.toContain("SMS_Class_Template");
    // The existing bytes are the original ones (the added ones are Windows-1252, as for any ASCII target).
    const original = encodeMof(plan.targets.configuration.document.source);
    const prefix = Buffer.byteLength(before.slice(0, insertAt), "latin1");
    expect(Buffer.from(configuration.bytes.subarray(0, prefix)).equals(Buffer.from(original.subarray(0, prefix)))).toBe(true);
    expect(Buffer.from(configuration.bytes.subarray(configuration.bytes.length - END.length)).toString("latin1")).toBe(END);

    expect(importMof).toMatchObject({ target: "importMof", created: true, changed: true, failed: false, encoding: "utf8", file: "inventory-classes.mof" });
    expect(importMof.text.startsWith("// Hardware inventory reporting classes")).toBe(true);
    expect(importMof.text).toContain(`\r\n\r\n#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")\r\n// mof-migrate: from sms2003/SMS_def.mof:441\r\n`);
    expect(importMof.text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const imported = parseMof(importMof.text, { file: "inventory-classes.mof" });
    expect(imported.diagnostics).toEqual([]);
    expect(checkProgram(programFromDocuments([imported])).filter((d) => d.severity === "error")).toEqual([]);
    const classes = imported.productions.flatMap((p) => (p.kind === "class" ? [p.name.name] : []));
    expect(classes).toEqual([
      "Contoso_InstalledApps",
      "Win32_PageFileUsage",
      "Contoso_ImageInfo",
      "Contoso_BiosExt",
      "Contoso_ExtensionRevision",
      "Contoso_Warranty",
    ]);
    expect(imported.productions.every((p) => p.kind === "class" || p.kind === "pragma")).toBe(true);
  });

  it("has nothing to do on a second run, with or without the site's classes", () => {
    const plan = planSamples();
    const [configuration, importMof] = written(applyPlan(plan));
    const again = planSamples({}, { configurationMof: configuration, importMof });
    expect(again.units.filter((u) => u.writes).map((u) => u.id)).toEqual([]);
    expect(applyPlan(again).filter((a) => a.changed)).toEqual([]);
    const s = cbScenario();
    // Without them, the classes only the site has are imported again.
    const withoutSite = planCb(s.sources, configuration, { importMof }, { inputRoot: samplesDir }, s.baseline);
    expect(withoutSite.units.filter((u) => u.writes).map((u) => u.name)).toEqual(["Win32_SystemEnclosure", "Contoso_AssetTag", "Contoso_Printer"]);
  });

  it("carries report flags by writing the class whole into the import MOF, once", () => {
    const plan = planSamples({ carryReportFlags: true });
    const enclosure = plan.units.find((u) => u.name === "Win32_SystemEnclosure")!;
    expect(enclosure).toMatchObject({ action: "carry-flags", writes: true, target: "importMof", atSite: true });
    const applied = applyPlan(plan);
    expect(applied[1].text).toMatch(/class Win32_SystemEnclosure : SMS_Class_Template[\s\S]*SMBIOSAssetTag;/);
    const [configuration, importMof] = written(applied);
    const again = planSamples({ carryReportFlags: true }, { configurationMof: configuration, importMof });
    expect(again.units.find((u) => u.name === "Win32_SystemEnclosure")!.action).toBe("already-there");
    expect(applyPlan(again).filter((a) => a.changed)).toEqual([]);
  });
});

describe("the Added extensions markers", () => {
  const sources = () => program(`${CIMV2}\r\n${dataClass("Contoso_New")}`);

  it("are added at the end of a file that has none, with a warning, and found on the next run", () => {
    const text = `${CIMV2}\r\n${dataClass("Site_Own")}`;
    const plan = planCb(sources(), doc(text, "configuration.mof"));
    expect(plan.targets.configuration.section).toEqual({ markers: "missing" });
    const applied = applyPlan(plan);
    expect(codes(plan, applied)).toContain("extension-markers-added");
    expect(applied[0].text.startsWith(text)).toBe(true);
    expect(applied[0].text.slice(text.length)).toBe(`\r\n${START}\r\n// mof-migrate: from source0.mof:3\r\n${dataClass("Contoso_New")}\r\n${END}`);
    const again = planCb(sources(), written(applied)[0]);
    expect(again.targets.configuration.section?.markers).toBe("found");
    expect(again.units.find((u) => u.name === "Contoso_New")!.action).toBe("already-there");
    expect(applyPlan(again).filter((a) => a.changed)).toEqual([]);
  });

  it("goes before the end marker's banner when there is text after the section, switching the namespace back", () => {
    const target = loadFixture("configuration-markers.mof");
    const plan = planCb(program(`#pragma namespace("\\\\\\\\.\\\\root\\\\Vendor")\r\nclass InVendor {};\r\n`), target);
    const [configuration] = applyPlan(plan);
    const offset = target.source.text.indexOf(END);
    expect(configuration.edits[0].offset).toBe(offset);
    expect(configuration.edits[0].content.endsWith(`${CIMV2}\r\n`)).toBe(true);
    expect(configuration.text.endsWith(target.source.text.slice(offset))).toBe(true);
  });

  for (const [name, text, line, message] of [
    ["a start without an end", `${CIMV2}\r\n// Added extensions start\r\n${dataClass("Site_Own")}`, 2, /no '\/\/ Added extensions end' line after it/],
    ["an end without a start", `${CIMV2}\r\n${dataClass("Site_Own")}${END}`, 9, /no '\/\/ Added extensions start' line before it/],
    ["markers in the wrong order", `${CIMV2}\r\n${END}${START}`, 3, /\(line 3\) before '\/\/ Added extensions start' \(line 6\)/],
    ["a second start marker", `${CIMV2}\r\n${START}${START}${END}`, 6, /a second '\/\/ Added extensions start' line \(the first is line 3\)/],
  ] as const) {
    it(`stop the write on ${name}, with the line`, () => {
      const plan = planCb(sources(), doc(text, "configuration.mof"));
      const error = plan.diagnostics.find((d) => d.code === "extension-markers")!;
      expect(error).toMatchObject({ severity: "error", file: "configuration.mof", line });
      expect(error.message).toMatch(message);
      const [configuration] = applyPlan(plan);
      expect(configuration).toMatchObject({ changed: false, failed: true, text });
      expect(configuration.diagnostics.map((d) => d.code)).toContain("target-not-written");
    });
  }

  it("are reported to a ConfigMgr 2007 target as a sign of a later site", () => {
    const plan = planMigration({
      sources: sources(),
      configurationMof: loadFixture("configuration-markers.mof"),
      smsDefMof: doc(`${SMS}\r\n`, "SMS_def.mof"),
    });
    const warning = plan.diagnostics.find((d) => d.code === "current-branch-site")!;
    expect(warning).toMatchObject({ severity: "warning", line: 13 });
    expect(warning.hint).toContain("--import-mof");
    // The 2007 target still puts the units before the end marker.
    expect(applyPlan(plan)[0].edits[0].offset).toBe(loadFixture("configuration-markers.mof").source.text.indexOf(END));
  });
});

describe("the import MOF", () => {
  const configuration = () => doc(`${CIMV2}\r\n${START}${END}`, "configuration.mof");

  it("takes reporting classes only: a data class or instance in the reporting namespace is left out with a warning", () => {
    const plan = planCb(
      program(
        `${SMS}\r\nclass Contoso_Helper\r\n{\r\n    [key] string Name;\r\n};\r\ninstance of Contoso_Helper { Name = "x"; };\r\n${reporting("Contoso_A")}`,
      ),
      configuration(),
    );
    const helper = plan.units.find((u) => u.name === "Contoso_Helper")!;
    expect(helper).toMatchObject({ action: "left-out", reason: "not-importable", writes: false, category: "reporting" });
    expect(helper.target).toBeUndefined();
    const warning = plan.diagnostics.find((d) => d.code === "not-importable")!;
    expect(warning).toMatchObject({ severity: "warning", line: 2, file: "source0.mof" });
    const [, importMof] = applyPlan(plan);
    expect(importMof.text).toContain("class Contoso_A");
    expect(importMof.text).not.toContain("Contoso_Helper");
  });

  it("keeps each class's own #pragma deleteclass and comments", () => {
    const plan = planCb(programFromDocuments([loadFixture("../realworld/regkeytomof.mof")]), configuration());
    const [, importMof] = applyPlan(plan);
    const text = importMof.text;
    expect(text.match(/#pragma deleteclass\("Fabrikam_Updater(_64)?", NOFAIL\)/g)).toHaveLength(2);
    expect(parseMof(text).diagnostics).toEqual([]);
  });

  it("is UTF-16LE with a BOM as soon as it needs non-ASCII text, also when it existed as ASCII", () => {
    const printers = program(convertLineEndings(loadSample("sms2003/mini/printers.mof").source.text, CRLF));
    const fresh = applyPlan(planCb(printers, configuration()))[1];
    expect(fresh).toMatchObject({ encoding: "utf16le", created: true });
    expect([...fresh.bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(decodeMof(fresh.bytes).text).toBe(fresh.text);
    const existing = doc(`// our classes\r\n${SMS}\r\n${reporting("Contoso_Old")}`, "inventory-classes.mof");
    const grown = applyPlan(planCb(printers, configuration(), { importMof: existing }))[1];
    expect(grown).toMatchObject({ encoding: "utf16le", created: false, changed: true });
    expect(grown.text.startsWith(existing.source.text)).toBe(true);
    expect(decodeMof(grown.bytes).text).toBe(grown.text);
  });

  it("may be an edited console export: its classes below the reporting namespace count as there", () => {
    const exported = [
      '#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2")',
      'instance of __Namespace { Name = "SMS"; };',
      '#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2\\\\SMS")',
      'instance of __Namespace { Name = "INV_TEMP"; };',
      '#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2\\\\SMS\\\\INV_TEMP")',
      "class SMS_Class_Template",
      "{",
      "};",
      reporting("Contoso_A"),
    ].join(CRLF);
    const importMof = doc(exported, "inventory-classes.mof");
    const plan = planCb(
      program(`${SMS}\r\n${reporting("Contoso_A")}${reporting("Contoso_B", 'SMS_Report(TRUE), SMS_Group_Name("B"), SMS_Class_ID("CONTOSO|Contoso_A|1.0")')}`),
      configuration(),
      { importMof },
    );
    expect(plan.units.find((u) => u.name === "Contoso_A")!.action).toBe("already-there");
    // Contoso_B takes the id of the import MOF's Contoso_A.
    expect(plan.diagnostics.filter((d) => d.code === "duplicate-class-id").map((d) => d.line)).toEqual([8]);
    const fixed = planCb(program(`${SMS}\r\n${reporting("Contoso_A")}${reporting("Contoso_B")}`), configuration(), { importMof });
    const [, written] = applyPlan(fixed);
    expect(written).toMatchObject({ changed: true, failed: false });
    expect(written.text.startsWith(exported)).toBe(true);
    expect(
      written.text.slice(exported.length).startsWith(`\r\n${SMS}\r\n// mof-migrate: from source0.mof:7\r\n[SMS_Report(TRUE), SMS_Group_Name("Contoso_B")`),
    ).toBe(true);
  });

  it("is checked before it is written: an existing one that holds a data class, or a class without SMS_Group_Name, is not written", () => {
    const sources = program(`${SMS}\r\n${reporting("Contoso_A")}`);
    for (const [content, problem] of [
      [`${CIMV2}\r\n${dataClass("Contoso_Data")}`, "class Contoso_Data (line 3) is not a reporting class"],
      [`${SMS}\r\n${reporting("Contoso_B", 'SMS_Report(TRUE), SMS_Class_ID("X|B|1.0")')}`, "class Contoso_B (line 2) has no SMS_Group_Name"],
      [`${SMS}\r\n${reporting("Contoso_B", 'SMS_Report(TRUE), SMS_Group_Name("B")')}`, "class Contoso_B (line 2) has no SMS_Class_ID"],
    ] as const) {
      const plan = planCb(sources, configuration(), { importMof: doc(content, "inventory-classes.mof") });
      const [, importMof] = applyPlan(plan);
      expect(importMof).toMatchObject({ changed: false, failed: true });
      expect(importMof.diagnostics.find((d) => d.code === "target-not-written")!.message).toContain(problem);
    }
  });

  it("reports the import's problems at the source class: no SMS_Group_Name, no key", () => {
    const plan = planCb(
      program(`${SMS}\r\n${reporting("Contoso_A", 'SMS_Report(TRUE), SMS_Class_ID("X|A|1.0")', "[SMS_Report(TRUE)] string Name;")}`),
      configuration(),
    );
    expect(plan.diagnostics.map((d) => `${d.severity}:${d.code}:${d.line}`)).toEqual(
      expect.arrayContaining(["warning:missing-group-name:3", "warning:no-key-property:3"]),
    );
    const [, importMof] = applyPlan(plan);
    expect(importMof.failed).toBe(true);
  });
});

describe("the site's classes", () => {
  const configuration = () => doc(`${CIMV2}\r\n${START}${END}`, "configuration.mof");
  const site = (text: string) => doc(text, "site-classes.mof");
  const planned = (plan: MigrationPlan, name: string): PlannedUnit => plan.units.find((u) => u.name === name && u.category === "reporting")!;

  it("may be in the plain 2007 format: a class the site has is there, one with another schema is a conflict", () => {
    const sources = program(`${SMS}\r\n${reporting("Contoso_A")}${reporting("Contoso_B")}`);
    const plan = planCb(sources, configuration(), {
      siteClasses: site(`${SMS}\r\n${reporting("Contoso_A")}${reporting("Contoso_B", undefined, "[SMS_Report(TRUE), key] uint32 Name;")}`),
    });
    expect(planned(plan, "Contoso_A")).toMatchObject({ action: "already-there", atSite: true });
    expect(planned(plan, "Contoso_B")).toMatchObject({ action: "conflict", atSite: true, writes: false });
    expect(applyPlan(plan).filter((a) => a.changed)).toEqual([]);
  });

  it("ignore layout, descriptive qualifiers, Namespace escaping and the report flag of keys", () => {
    const source = reporting(
      "Contoso_A",
      'SMS_Report(TRUE), SMS_Group_Name("Contoso_A"), SMS_Class_ID("CONTOSO|Contoso_A|1.0"), Description("ours")',
      "[key] string Name;",
    );
    const exported = reporting(
      "Contoso_A",
      'SMS_Report (TRUE), SMS_Group_Name ("Contoso_A"), SMS_Class_ID ("CONTOSO|Contoso_A|1.0"), Namespace ("\\\\\\\\\\\\\\\\.\\\\\\\\root\\\\\\\\cimv2")',
      "[ SMS_Report (TRUE), key ]\r\n        String     Name;",
    );
    const plan = planCb(program(`${SMS}\r\n${source}`), configuration(), { siteClasses: site(`${SMS}\r\n${exported}`) });
    expect(planned(plan, "Contoso_A")).toMatchObject({ action: "already-there", differences: [], flagChanges: [] });
  });

  it("make a class that takes a site class's SMS_Class_ID a conflict, but not the 64-bit twin of a 32-bit class", () => {
    const sources = program(
      `${SMS}\r\n${reporting("Contoso_New", 'SMS_Report(TRUE), SMS_Group_Name("N"), SMS_Class_ID("CONTOSO|TAKEN|1.0")')}`,
      convertLineEndings(loadFixture("../realworld/x64-pair-sms_def.mof").source.text, CRLF).replace(/class Fabrikam_Agent : [\s\S]*?\};\r\n/, ""),
    );
    const siteText = `${SMS}\r\n${reporting("Contoso_Old", 'SMS_Report(TRUE), SMS_Group_Name("O"), SMS_Class_ID("CONTOSO|TAKEN|1.0")')}${convertLineEndings(loadFixture("../realworld/x64-pair-sms_def.mof").source.text, CRLF).replace(/#pragma deleteclass\("Fabrikam_Agent_64"[\s\S]*$/, "")}`;
    const plan = planCb(sources, configuration(), { siteClasses: site(siteText) });
    const taken = planned(plan, "Contoso_New");
    expect(taken).toMatchObject({ action: "conflict", unchangeable: "the site's class Contoso_Old has this SMS_Class_ID" });
    expect(taken.message).toContain("takes the SMS_Class_ID of the site's class Contoso_Old");
    expect(planned(plan, "Fabrikam_Agent_64").action).toBe("append");
  });
});
