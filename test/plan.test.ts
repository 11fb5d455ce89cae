import { describe, expect, it } from "vitest";
import { parseMof, planMigration, programFromDocuments, type MigrationOptions, type PlannedUnit } from "mof-migrate";
import { describeDifference } from "mof-migrate/syntax";
import { relativePath } from "../src/util/paths.js";
import { samplesDir, scenario } from "./fixtures/migrate/samples.js";

const NS_CIMV2 = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
const NS_SMS = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")';

function planScenario(options: MigrationOptions = {}, withBaseline = true) {
  const s = scenario();
  return planMigration({
    sources: s.sources,
    configurationMof: s.configurationMof,
    smsDefMof: s.smsDefMof,
    ...(withBaseline ? { baseline: s.baseline } : {}),
    options: { inputRoot: samplesDir, ...options },
  });
}

/** `Name@namespace` -> action. */
const actions = (units: readonly PlannedUnit[]) => Object.fromEntries(units.map((u) => [`${u.name}@${u.namespace}`, u.action]));

/** Plan in-memory sources against in-memory targets. */
function planTexts(sources: string[], configuration: string, smsDef: string, options: MigrationOptions = {}, baseline?: string) {
  const docs = sources.map((t, i) => parseMof(t, { file: `src${i}.mof` }));
  return planMigration({
    sources: programFromDocuments(docs),
    configurationMof: parseMof(configuration, { file: "configuration.mof" }),
    smsDefMof: parseMof(smsDef, { file: "SMS_def.mof" }),
    ...(baseline !== undefined ? { baseline: parseMof(baseline, { file: "baseline.mof" }) } : {}),
    options,
  });
}

const codes = (plan: { diagnostics: readonly { code: string; severity: string }[] }) => plan.diagnostics.map((d) => `${d.severity}:${d.code}`);

describe("planMigration on the Contoso scenario (samples/README.md)", () => {
  const plan = planScenario();

  it("gives every unit the action the README expects", () => {
    expect(actions(plan.units)).toEqual({
      "SMS_Class_Template@root\\cimv2\\sms": "left-out",
      "Win32_ComputerSystem@root\\cimv2\\sms": "stock",
      "Win32_OperatingSystem@root\\cimv2\\sms": "stock",
      "Win32_Processor@root\\cimv2\\sms": "stock",
      "Win32_BIOS@root\\cimv2\\sms": "stock",
      "Win32_SystemEnclosure@root\\cimv2\\sms": "flag-change",
      "Win32_LogicalDisk@root\\cimv2\\sms": "stock",
      "RegProv@root\\cimv2": "stock",
      "RegPropProv@root\\cimv2": "stock",
      "Win32Reg_AddRemovePrograms@root\\cimv2": "stock",
      "Win32Reg_AddRemovePrograms@root\\cimv2\\sms": "stock",
      "Contoso_AssetTag@root\\cimv2": "already-there",
      "Contoso_AssetTag@root\\cimv2\\sms": "already-there",
      "Contoso_InstalledApps@root\\cimv2": "conflict",
      "Contoso_InstalledApps@root\\cimv2\\sms": "append",
      "Win32_PageFileUsage@root\\cimv2\\sms": "append",
      "Contoso_ImageInfo@root\\cimv2\\sms": "append",
      "Contoso_BiosExt@root\\cimv2": "append",
      "Contoso_BiosExt@root\\cimv2\\sms": "append",
      "Contoso_ImageInfo@root\\default": "append",
      "Contoso_ExtensionRevision@root\\contoso": "append",
      "Contoso_ExtensionRevision@root\\cimv2\\sms": "append",
      "Contoso_Printer@root\\cimv2": "append",
      "Contoso_Printer@root\\cimv2\\sms": "append",
      "Contoso_Warranty@root\\cimv2": "append",
      "Contoso_Warranty@root\\cimv2\\sms": "append",
    });
  });

  it("sends data units to configuration.mof and reporting units to SMS_def.mof", () => {
    expect(plan.summary.configuration.append).toBe(5);
    expect(plan.summary.smsDef.append).toBe(7);
    expect(plan.summary.actions).toMatchObject({ conflict: 1, "flag-change": 1, "already-there": 2, stock: 9, "left-out": 1, append: 12 });
    for (const u of plan.units) {
      if (u.category === "data") expect(u.target).toBe("configuration");
      if (u.category === "reporting") expect([u.target, u.targetNamespace]).toEqual(["smsDef", "root\\cimv2\\sms"]);
    }
  });

  it("reports the conflict with its structural diff", () => {
    const conflict = plan.units.find((u) => u.action === "conflict")!;
    expect(conflict.differences).toEqual([
      { declaration: "class Contoso_InstalledApps", member: "EstimatedSize", aspect: "type", source: "uint32", target: "string" },
    ]);
    expect(conflict.writes).toBe(false);
    expect(conflict.found).toMatchObject({ path: "cm2007/configuration.mof", line: 123 });
    expect(describeDifference(conflict.differences[0])).toBe("EstimatedSize: type uint32 in the source, string in the target");
    expect(plan.diagnostics.find((d) => d.code === "conflict")).toMatchObject({ severity: "warning", line: 423 });
  });

  it("reports the flag change of Win32_SystemEnclosure with the edits that would carry it", () => {
    const u = plan.units.find((x) => x.action === "flag-change")!;
    expect(u.name).toBe("Win32_SystemEnclosure");
    expect(u.differences.map((d) => [d.member ?? "(class)", d.qualifier, d.source, d.target])).toEqual([
      ["(class)", "SMS_Report", "SMS_Report(TRUE)", "SMS_Report(FALSE)"],
      ["SerialNumber", "SMS_Report", "SMS_Report(TRUE)", "SMS_Report(FALSE)"],
      ["SMBIOSAssetTag", "SMS_Report", "SMS_Report(TRUE)", "SMS_Report(FALSE)"],
    ]);
    const text = plan.targets.smsDef.document.source.text;
    expect(
      u.flagChanges.map((f) => [f.member ?? "(class)", f.target, f.source, text.slice(f.edit.offset, f.edit.offset + f.edit.length), f.edit.content]),
    ).toEqual([
      ["(class)", false, true, "FALSE", "TRUE"],
      ["SerialNumber", false, true, "FALSE", "TRUE"],
      ["SMBIOSAssetTag", false, true, "FALSE", "TRUE"],
    ]);
    expect(u.writes).toBe(false);
  });

  it("points at the stock class in the baseline", () => {
    const u = plan.units.find((x) => x.name === "Win32_BIOS")!;
    expect(u.found).toMatchObject({ path: "baseline/SMS_def.mof" });
    expect(u.source).toMatchObject({ path: "sms2003/SMS_def.mof", line: 159, column: 1 });
  });

  it("runs the cross-checks", () => {
    const found = plan.diagnostics.map((d) => `${d.severity}:${d.code}:${relativePath(d.file, samplesDir)}:${d.line}`);
    expect(found).toEqual([
      "info:report-flags:sms2003/SMS_def.mof:196",
      "warning:conflict:sms2003/SMS_def.mof:423",
      "info:missing-data-class:sms2003/SMS_def.mof:464",
      "warning:missing-data-class:sms2003/SMS_def.mof:484",
      "warning:no-namespace-pragma:sms2003/mini/no_pragma.mof:8",
      "warning:missing-deleteclass:sms2003/mini/no_pragma.mof:8",
      "warning:missing-deleteclass:sms2003/mini/printers.mof:12",
      "warning:provider-registration:sms2003/mini/provider_alias.mof:31",
    ]);
    const byCode = (code: string) => plan.diagnostics.filter((d) => d.code === code).map((d) => d.message + " | " + (d.hint ?? ""));
    expect(byCode("missing-data-class")[1]).toContain("(there is one in root\\default)");
    expect(byCode("no-namespace-pragma")[0]).toContain("--default-namespace");
    expect(byCode("provider-registration")[0]).toContain("ContosoProv");
    expect(byCode("provider-registration")[0]).toContain("{3F6B2C71-9D4E-4A8B-B15C-7E20D94A6C38}");
  });

  it("is JSON-friendly apart from the unit references", () => {
    const json = JSON.stringify({ ...plan, targets: undefined, units: plan.units.map(({ unit, ...rest }) => (void unit, rest)) });
    expect(JSON.parse(json).units).toHaveLength(plan.units.length);
  });
});

describe("planMigration options on the scenario", () => {
  it("without a baseline finds the stock units already in the targets", () => {
    const plan = planScenario({}, false);
    const a = actions(plan.units);
    for (const name of [
      "Win32_ComputerSystem@root\\cimv2\\sms",
      "Win32_BIOS@root\\cimv2\\sms",
      "RegProv@root\\cimv2",
      "Win32Reg_AddRemovePrograms@root\\cimv2",
    ]) {
      expect(a[name]).toBe("already-there");
    }
    expect(a["Win32_SystemEnclosure@root\\cimv2\\sms"]).toBe("flag-change");
    expect(plan.units.filter((u) => u.writes)).toHaveLength(12);
  });

  it("carries the flags and replaces the conflict when asked", () => {
    const plan = planScenario({ carryReportFlags: true, replaceConflicts: true });
    const a = actions(plan.units);
    expect(a["Win32_SystemEnclosure@root\\cimv2\\sms"]).toBe("carry-flags");
    expect(a["Contoso_InstalledApps@root\\cimv2"]).toBe("replace");
    const replace = plan.units.find((u) => u.action === "replace")!;
    const text = plan.targets.configuration.document.source.text;
    expect(replace.replaceRanges).toHaveLength(1);
    const replaced = text.slice(replace.replaceRanges[0].start, replace.replaceRanges[0].end);
    expect(replaced.startsWith('#pragma deleteclass("Contoso_InstalledApps", NOFAIL)')).toBe(true);
    expect(replaced.endsWith("uint32 SystemComponent;\r\n};")).toBe(true);
    expect(codes(plan)).not.toContain("warning:conflict");
  });

  it("puts the file without a pragma into the default namespace option", () => {
    const plan = planScenario({ defaultNamespace: "root\\cimv2" });
    expect(actions(plan.units)["Contoso_ImageInfo@root\\cimv2"]).toBe("append");
    expect(codes(plan)).toContain("info:no-namespace-pragma");
    expect(plan.diagnostics.filter((d) => d.code === "missing-data-class").map((d) => d.severity)).toEqual(["info"]);
  });

  it("resolves the default options", () => {
    const { sources, configurationMof, smsDefMof } = scenario();
    expect(planMigration({ sources, configurationMof, smsDefMof }).options).toEqual({
      dataNamespace: "root\\cimv2",
      reportingNamespace: "root\\cimv2\\sms",
      defaultNamespace: "root\\default",
      replaceConflicts: false,
      carryReportFlags: false,
    });
  });
});

describe("planMigration: comparing", () => {
  it("finds a definition equivalent despite comments, whitespace, keyword case and qualifier order", () => {
    const source = `${NS_CIMV2}\n[dynamic, provider("RegProv"), ClassContext("local|X")]\nclass A { [key] string K; [PropertyContext("V")] uint32 V; };`;
    const target = `#PRAGMA NAMESPACE("\\\\\\\\.\\\\ROOT\\\\CIMV2")\n[ClassContext("local|X"),\n provider("RegProv"),  Dynamic]\nCLASS a\n{\n  [PropertyContext("V")] UINT32 v; // value\n  [KEY] String k;\n};`;
    const plan = planTexts([source], target, "");
    expect(plan.units.map((u) => u.action)).toEqual(["already-there"]);
  });

  it("tells a conflict from an append by namespace + class name, and compares string values exactly", () => {
    const plan = planTexts(
      [`${NS_CIMV2}\n[dynamic, provider("RegProv"), ClassContext("local|X")] class A { [key] string K; };\nclass B {};`],
      `${NS_CIMV2}\n[dynamic, provider("RegProv"), ClassContext("local|Y")] class A { [key] string K; };\n#pragma namespace("\\\\\\\\.\\\\root\\\\other")\nclass B {};`,
      "",
    );
    expect(plan.units.map((u) => u.action)).toEqual(["conflict", "append"]);
    expect(plan.units[0].differences).toEqual([
      { declaration: "class A", qualifier: "ClassContext", aspect: "qualifier", source: 'ClassContext("local|X")', target: 'ClassContext("local|Y")' },
    ]);
  });

  it("lists members, superclass, arrays, defaults and instance values in the diff", () => {
    const plan = planTexts(
      [`${NS_CIMV2}\nclass C : Base { [key] string K; uint16 A[]; string New; uint32 D = 1; };\ninstance of C { K = "x"; D = 2; };`],
      `${NS_CIMV2}\nclass C { [key] string K; uint16 A; string Old; uint32 D = 5; };\ninstance of C { K = "x"; D = 3; };`,
      "",
    );
    expect(plan.units[0].action).toBe("conflict");
    expect(plan.units[0].differences.map(describeDifference)).toEqual([
      "class C: superclass only in the source (Base)",
      "A: array [] in the source, not an array in the target",
      "New: member only in the source (string New)",
      "D: default 1 in the source, 5 in the target",
      "Old: member only in the target (string Old)",
      "D: value 2 in the source, 3 in the target",
    ]);
  });

  it("matches instances by their key values, registrations by the provider their alias names", () => {
    const regs = (alias: string, get: string) =>
      `${NS_CIMV2}\ninstance of __Win32Provider as $${alias} { Name = "RegProv"; ClsId = "{a}"; };\ninstance of __InstanceProviderRegistration { Provider = $${alias}; SupportsGet = ${get}; };`;
    const same = planTexts([regs("P1", "TRUE")], regs("Other", "TRUE"), "");
    expect(same.units.map((u) => u.action)).toEqual(["already-there"]);
    const changed = planTexts([regs("P1", "TRUE")], regs("Other", "FALSE"), "");
    expect(changed.units[0].action).toBe("conflict");
    expect(changed.units[0].differences).toEqual([
      {
        declaration: 'instance of __InstanceProviderRegistration (Provider=$P1 (instance of __Win32Provider (Name="RegProv")))',
        member: "SupportsGet",
        aspect: "value",
        source: "TRUE",
        target: "FALSE",
      },
    ]);
    const keyed = planTexts(
      [`${NS_CIMV2}\nclass K { [key] string Name; uint32 V; };\ninstance of K { Name = "a"; V = 1; };\ninstance of K { Name = "b"; V = 1; };`],
      `${NS_CIMV2}\nclass K { [key] string Name; uint32 V; };\ninstance of K { Name = "a"; V = 1; };`,
      "",
    );
    expect(keyed.units[0].action).toBe("conflict");
    expect(keyed.units[0].differences.map(describeDifference)).toEqual(['instance of K (Name="b") only in the source']);
  });

  it("tells [DYNPROPS] instances of one class apart by the literal value of their key", () => {
    const cls = "[DYNPROPS] class T { [key] string KeyName; string V; };";
    const inst = (key: string, path: string) =>
      `[DYNPROPS] instance of T { KeyName = "${key}"; [PropertyContext("local|HKEY_LOCAL_MACHINE\\\\${path}|V"), Dynamic, Provider("RegPropProv")] V; };`;
    const source = `${NS_CIMV2}\n${cls}\n${inst("A", "X")}\n${inst("B", "Y")}`;
    expect(planTexts([source], `${NS_CIMV2}\n${cls}\n${inst("B", "Y")}\n${inst("A", "X")}`, "").units[0].action).toBe("already-there");
    const partial = planTexts([source], `${NS_CIMV2}\n${cls}\n${inst("A", "Z")}`, "");
    expect(partial.units[0].differences.map(describeDifference)).toEqual([
      'V: qualifier PropertyContext PropertyContext("local|HKEY_LOCAL_MACHINE\\\\X|V") in the source, PropertyContext("local|HKEY_LOCAL_MACHINE\\\\Z|V") in the target',
      'instance of T (KeyName="B") only in the source',
    ]);
  });

  it("finds a provider registration the target keeps apart from the class it serves", () => {
    const registration = 'instance of __Win32Provider as $C { Name = "ContosoProv"; };\ninstance of __InstanceProviderRegistration { Provider = $C; };';
    const cls = '[dynamic, provider("ContosoProv")] class W { [key] string S; };';
    const plan = planTexts([`${NS_CIMV2}\n${registration}\n${cls}`], `${NS_CIMV2}\n${cls}\nclass Between {};\n${registration.replace(/\$C\b/g, "$Other")}`, "");
    expect(plan.units.map((u) => `${u.name}:${u.unit.declarations.length}:${u.action}`)).toEqual(["W:3:already-there"]);
    const extraInstance = planTexts(
      [`${NS_CIMV2}\nclass K { [key] string N; };`],
      `${NS_CIMV2}\nclass K { [key] string N; };\ninstance of K { N = "t"; };`,
      "",
    );
    expect(extraInstance.units[0].differences.map(describeDifference)).toEqual(['instance of K (N="t") only in the target']);
  });

  it("calls a reporting class stock when it equals the baseline, even if the target lacks it", () => {
    const cls = `${NS_SMS}\n[SMS_Report(TRUE), SMS_Class_ID("MICROSOFT|X|1.0")] class Win32_X : SMS_Class_Template { [SMS_Report(TRUE), key] string K; };`;
    const plan = planTexts([cls], "", NS_SMS, {}, cls);
    expect(plan.units.map((u) => u.action)).toEqual(["stock"]);
    expect(plan.units[0].found?.file).toBe("baseline.mof");
  });

  it("treats a missing SMS_Report as FALSE when comparing flags, and adds the qualifier when carrying", () => {
    const source = `${NS_SMS}\n[SMS_Report(TRUE), SMS_Class_ID("V|G|1.0")] class R : SMS_Class_Template { [SMS_Report(TRUE), key] string K; [SMS_Report(TRUE)] string A; string B; };`;
    const target = `${NS_SMS}\n[SMS_Class_ID("V|G|1.0"), SMS_Report(TRUE)] class R : SMS_Class_Template { [key, SMS_Report] string K; string A; [SMS_Report(false)] string B; };`;
    const plan = planTexts([source], "", target, { carryReportFlags: true });
    const u = plan.units[0];
    expect(u.action).toBe("carry-flags");
    expect(u.flagChanges.map((f) => [f.member, f.target, f.source, f.edit.content])).toEqual([["A", false, true, "[SMS_Report(TRUE)] "]]);
    const same = planTexts([source.replace("string B;", "[SMS_Report(FALSE)] string B;")], "", target);
    expect(same.units[0].action).toBe("flag-change");
  });

  it("keeps only the last of two definitions in the sources", () => {
    const first = `${NS_CIMV2}\nclass Dup { [key] string K; };`;
    const second = `${NS_CIMV2}\nclass Dup { [key] string K; string More; };`;
    const plan = planTexts([first, second], "", "");
    expect(plan.units.map((u) => u.action)).toEqual(["superseded", "append"]);
    expect(plan.units[0].found?.file).toBe("src1.mof");
    expect(codes(plan)).toContain("warning:duplicate-class");
    const identical = planTexts([first, first], "", "");
    expect(codes(identical)).not.toContain("warning:duplicate-class");
  });
});

describe("planMigration: cross-checks", () => {
  const reporting = (name: string, id: string | undefined, sup = " : SMS_Class_Template") =>
    `[SMS_Report(TRUE)${id ? `, SMS_Class_ID("${id}")` : ""}] class ${name}${sup} { [SMS_Report(TRUE), key] string K; };`;
  const data = (name: string) => `#pragma deleteclass("${name}", NOFAIL)\n[DYNPROPS] class ${name} { [key] string K; };`;

  it("finds duplicate and missing SMS_Class_IDs", () => {
    const plan = planTexts(
      [
        `${NS_CIMV2}\n${data("A")}\n${data("B")}\n${data("C")}\n${NS_SMS}\n${reporting("A", "X|SAME|1.0")}\n${reporting("B", undefined)}\n${reporting("C", "X|TAKEN|1.0")}`,
      ],
      "",
      `${NS_SMS}\n${reporting("A", "X|SAME|1.0").replace("class A", "class Other")}\n${reporting("Old", "x|taken|1.0")}`,
    );
    const found = plan.diagnostics.map((d) => `${d.severity}:${d.code}:${d.line}`);
    expect(found).toEqual(expect.arrayContaining(["error:duplicate-class-id:9", "warning:missing-class-id:10", "error:duplicate-class-id:11"]));
    expect(plan.diagnostics.find((d) => d.line === 11 && d.code === "duplicate-class-id")!.message).toContain("Old");
  });

  it("warns about reporting classes that do not derive from SMS_Class_Template or have no data class", () => {
    const plan = planTexts([`${NS_SMS}\n${reporting("Lonely", "X|L|1.0", "")}\n${reporting("Win32_Thing", "X|W|1.0")}`], "", NS_SMS);
    expect(plan.diagnostics.map((d) => `${d.severity}:${d.code}:${d.line}`)).toEqual([
      "warning:missing-data-class:2",
      "warning:not-class-template:2",
      "info:missing-data-class:3",
    ]);
  });

  it("looks for the data class where the Namespace qualifier says", () => {
    const source = [
      '#pragma namespace("\\\\\\\\.\\\\root\\\\Vendor")',
      "class V { [key] string K; };",
      NS_SMS,
      `[SMS_Report(TRUE), SMS_Class_ID("X|V|1.0"), Namespace("\\\\\\\\\\\\\\\\.\\\\\\\\root\\\\\\\\Vendor")] class V : SMS_Class_Template { [SMS_Report(TRUE), key] string K; };`,
    ].join("\n");
    const plan = planTexts([source], "", NS_SMS);
    expect(codes(plan).filter((c) => c.includes("data-class"))).toEqual([]);
  });

  it("warns when a changed data class has no #pragma deleteclass", () => {
    const plan = planTexts([`${NS_CIMV2}\nclass A { [key] string K; string N; };`], `${NS_CIMV2}\nclass A { [key] string K; };`, "", {
      replaceConflicts: true,
    });
    const d = plan.diagnostics.find((x) => x.code === "missing-deleteclass")!;
    expect(d.message).toContain("changes the definition");
    expect(d.hint).toBe('put #pragma deleteclass("A", NOFAIL) on the line before the class');
  });

  it("warns about a data class deriving from SMS_Class_Template and surfaces undefined aliases", () => {
    const plan = planTexts(
      [`${NS_CIMV2}\n${data("A").replace("class A", "class A : SMS_Class_Template")}\ninstance of __PropertyProviderRegistration { Provider = $Nowhere; };`],
      "",
      "",
    );
    expect(codes(plan)).toEqual(expect.arrayContaining(["warning:data-class-template", "error:undefined-alias"]));
  });
});
