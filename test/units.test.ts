import { describe, expect, it } from "vitest";
import { parseMof, programFromDocuments, splitSources, type MofProgram, type MofUnit, type PlannedUnit, type SplitOptions } from "mof-migrate";
import { leadingTrivia, sliceSource, walkNamespaces } from "mof-migrate/syntax";
import { scenario } from "./fixtures/migrate/samples.js";

const NS_CIMV2 = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
const NS_SMS = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")';

/** What unit building reports (the other diagnostics of a split are cross-checks). */
const UNIT_CODES = new Set(["stray-deleteclass", "undefined-alias", "duplicate-alias"]);

/**
 * The units of a program and their classification, as the migration builds them (through
 * `splitSources`, the public entry that shows every unit with its category).
 */
function unitsOfProgram(program: MofProgram, options: SplitOptions = {}) {
  const split = splitSources(program, options);
  const planned = new Map(split.units.map((p) => [p.unit, p]));
  const byContent = new Set(split.diagnostics.filter((d) => d.code === "reporting-by-content").map((d) => `${d.file}:${d.start}`));
  return {
    units: split.units.map((p) => p.unit),
    walk: walkNamespaces(program, options),
    diagnostics: split.diagnostics.filter((d) => UNIT_CODES.has(d.code)),
    classify: (u: MofUnit): PlannedUnit & { byContent?: boolean } => {
      const p = planned.get(u)!;
      const node = u.primary.node;
      const name = node.kind === "instance" ? node.className : node.name;
      return byContent.has(`${u.primary.document.file}:${name.start}`) ? { ...p, byContent: true } : p;
    },
  };
}

function unitsOf(text: string, options: SplitOptions = {}) {
  const doc = parseMof(text, { file: "t.mof" });
  expect(doc.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { doc, ...unitsOfProgram(programFromDocuments([doc]), options) };
}

/** The verbatim text of every part of a unit, joined by `|`. */
const textOf = (u: MofUnit) => u.parts.map((p) => p.document.source.text.slice(p.start, p.end)).join("|");

/** Every declaration of the program is in exactly one unit. */
function expectPartition(result: ReturnType<typeof unitsOf> | { units: readonly MofUnit[]; walk: { declarations: readonly unknown[] } }) {
  const seen = new Map<unknown, number>();
  for (const u of result.units) for (const d of u.declarations) seen.set(d, (seen.get(d) ?? 0) + 1);
  expect(seen.size).toBe(result.walk.declarations.length);
  expect([...seen.values()].every((n) => n === 1)).toBe(true);
}

describe("units: what travels with a unit", () => {
  it("takes the comment lines directly above a declaration, not a comment on the previous line's end", () => {
    const text = "class A {}; // about A\n\n// About B\n// second line\nclass B {};\n";
    const r = unitsOf(text);
    expect(r.units.map((u) => u.name)).toEqual(["A", "B"]);
    expect(textOf(r.units[0])).toBe("class A {}; // about A");
    expect(textOf(r.units[1])).toBe("// About B\n// second line\nclass B {};");
  });

  it("takes the #pragma deleteclass naming the class, with its comments", () => {
    const text = `${NS_CIMV2}\n\n// banner\n#pragma deleteclass("Foo", NOFAIL)\n\n[DYNPROPS]\nclass Foo { [key] string K; };\n`;
    const r = unitsOf(text);
    expect(r.units).toHaveLength(1);
    expect(r.units[0].deleteClassPragmas).toHaveLength(1);
    expect(textOf(r.units[0])).toBe('// banner\n#pragma deleteclass("Foo", NOFAIL)\n\n[DYNPROPS]\nclass Foo { [key] string K; };');
  });

  it("leaves a #pragma deleteclass of another namespace, or of no class, alone (with a note)", () => {
    const text = `#pragma deleteclass("Foo", NOFAIL)\n${NS_CIMV2}\nclass Foo {};\n#pragma deleteclass("Gone", NOFAIL)\n`;
    const r = unitsOf(text);
    expect(r.units[0].deleteClassPragmas).toHaveLength(0);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ["stray-deleteclass", "info", 1],
      ["stray-deleteclass", "info", 4],
    ]);
  });

  it("groups a [DYNPROPS] class with its instances in the same namespace only", () => {
    const text = [
      NS_CIMV2,
      "[DYNPROPS] class Reg { [key] string K; string V; };",
      '[DYNPROPS] instance of Reg { K = "a"; [PropertyContext("local|HKEY_LOCAL_MACHINE\\\\X|V"), Dynamic, Provider("RegPropProv")] V; };',
      "class Other {};",
      '[DYNPROPS] instance of Reg { K = "b"; };',
      NS_SMS,
      'instance of Reg { K = "c"; };',
    ].join("\n");
    const r = unitsOf(text);
    expect(r.units.map((u) => `${u.kind}:${u.name}:${u.declarations.length}:${u.parts.length}`)).toEqual([
      "class:Reg:3:2",
      "class:Other:1:1",
      "instance:Reg:1:1",
    ]);
    expectPartition(r);
  });

  it("keeps an alias definition with the registration that uses it", () => {
    const text = [
      NS_CIMV2,
      'instance of __Win32Provider as $P { Name = "RegProv"; ClsId = "{x}"; };',
      "instance of __InstanceProviderRegistration { Provider = $P; SupportsGet = TRUE; };",
      '[dynamic, provider("RegProv")] class UsesRegProv { [key] string K; };',
    ].join("\n");
    const r = unitsOf(text);
    // RegProv comes with Windows: its registration is a unit of its own, not part of the class.
    expect(r.units.map((u) => `${u.kind}:${u.name}:${u.declarations.length}`)).toEqual(["provider:RegProv:2", "class:UsesRegProv:1"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("puts the registration of a provider that does not come with Windows into the class it serves", () => {
    const text = [
      NS_CIMV2,
      'instance of __Win32Provider as $C { Name = "ContosoProv"; };',
      "instance of __InstanceProviderRegistration { Provider = $C; };",
      '#pragma deleteclass("W", NOFAIL)',
      '[dynamic, provider("ContosoProv")] class W { [key] string S; };',
      '[dynamic, provider("ContosoProv")] class W2 { [key] string S; };',
    ].join("\n");
    const r = unitsOf(text);
    expect(r.units.map((u) => `${u.kind}:${u.name}:${u.declarations.length}:${u.parts.length}`)).toEqual(["class:W:3:1", "class:W2:1:1"]);
    expect(r.units[0].primary.node.kind).toBe("class");
  });

  it("reports an alias used but defined nowhere as an error", () => {
    const r = unitsOf(`${NS_CIMV2}\ninstance of __InstanceProviderRegistration { Provider = $Missing; };`);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([["undefined-alias", "error"]]);
    expect(r.diagnostics[0].message).toContain("$Missing");
  });

  it("puts the instance of __Namespace with the first declaration in the namespace it creates", () => {
    const text = [
      '#pragma namespace("\\\\\\\\.\\\\root")',
      'instance of __Namespace { Name = "Contoso"; };',
      '#pragma namespace("\\\\\\\\.\\\\root\\\\Contoso")',
      "class Rev { [key] string Name; };",
      'instance of Rev { Name = "a"; };',
    ].join("\n");
    const r = unitsOf(text);
    expect(r.units).toHaveLength(1);
    const u = r.units[0];
    expect(u.name).toBe("Rev");
    expect(u.namespace).toBe("root\\contoso");
    expect(u.parts.map((p) => p.namespace)).toEqual(["root", "root\\contoso"]);
    expect(u.parts.map((p) => p.declarations.length)).toEqual([1, 2]);
  });

  it("never takes a comment that looks like MOF for MOF", () => {
    const text = [
      NS_SMS,
      '// #pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")',
      "// class Old { [key] string K; };",
      "/*",
      '#pragma deleteclass("Real", NOFAIL)',
      'instance of Real { K = "x"; };',
      "*/",
      "",
      "class Real : SMS_Class_Template { [key] string K; };",
    ].join("\n");
    const r = unitsOf(text);
    expect(r.units.map((u) => u.name)).toEqual(["Real"]);
    expect(r.units[0].namespace).toBe("root\\cimv2\\sms");
    expect(r.units[0].declarations).toHaveLength(1);
    expect(r.units[0].deleteClassPragmas).toHaveLength(0);
    expect(r.walk.declarations).toHaveLength(1);
    expect(r.walk.pragmas).toHaveLength(1);
    // the comments directly above the class travel with it, as comments
    expect(textOf(r.units[0]).startsWith("// #pragma namespace")).toBe(true);
    expect(textOf(r.units[0]).endsWith("*/\n\nclass Real : SMS_Class_Template { [key] string K; };")).toBe(true);
  });

  it("splits a unit into parts where another statement comes between", () => {
    const text = `${NS_CIMV2}\nclass A { [key] string K; };\nclass B {};\ninstance of A { K = "x"; };\n`;
    const r = unitsOf(text);
    const a = r.units.find((u) => u.name === "A")!;
    expect(a.parts.map((p) => sliceSource(p.document, p))).toEqual(["class A { [key] string K; };", 'instance of A { K = "x"; };']);
  });

  it("makes qualifier declarations units of their own", () => {
    const r = unitsOf("Qualifier SMS_Report : boolean = false, Scope(class, property);\nclass A {};");
    expect(r.units.map((u) => u.kind)).toEqual(["qualifier", "class"]);
  });

  it("finds the same leading comments as leadingTrivia", () => {
    const { sources } = scenario();
    const units = unitsOfProgram(sources).units;
    for (const u of units) {
      const p = u.parts[0];
      const first = [...p.declarations.map((d) => d.node), ...p.pragmas.map((x) => x.node)].sort((a, b) => a.start - b.start)[0];
      expect(p.start).toBe(leadingTrivia(p.document, first).start);
    }
  });
});

describe("units of the scenario", () => {
  const { sources } = scenario();
  const result = unitsOfProgram(sources);

  it("puts every declaration in exactly one unit", () => {
    expectPartition(result);
    expect(result.walk.declarations.length).toBeGreaterThan(30);
  });

  it("groups what the scenario says travels together", () => {
    const byId = new Map(result.units.map((u) => [u.id, u]));
    const summary = (id: string) => {
      const u = byId.get(id)!;
      return u.declarations.map((d) => (d.node.kind === "instance" ? `instance of ${d.node.className.name}` : `${d.node.kind} ${d.node.name.name}`));
    };
    expect(summary("root\\cimv2|class|contoso_assettag")).toEqual(["class Contoso_AssetTag", "instance of Contoso_AssetTag"]);
    expect(summary("root\\cimv2|class|contoso_warranty")).toEqual([
      "instance of __Win32Provider",
      "instance of __InstanceProviderRegistration",
      "class Contoso_Warranty",
    ]);
    expect(summary("root\\contoso|class|contoso_extensionrevision")).toEqual([
      "instance of __Namespace",
      "class Contoso_ExtensionRevision",
      "instance of Contoso_ExtensionRevision",
      "instance of Contoso_ExtensionRevision",
      "instance of Contoso_ExtensionRevision",
    ]);
    expect(summary("root\\cimv2|provider|regprov")).toEqual(["instance of __Win32Provider", "instance of __InstanceProviderRegistration"]);
    expect(byId.get("root\\cimv2|class|contoso_biosext")!.deleteClassPragmas).toHaveLength(1);
    expect(byId.get("root\\cimv2|class|contoso_printer")!.deleteClassPragmas).toHaveLength(0);
  });

  it("does not read the commented-out Contoso_Inventory_Old or the disabled instance", () => {
    expect(result.units.some((u) => /inventory_old/i.test(u.name))).toBe(false);
    const assetTag = result.units.filter((u) => u.name === "Contoso_AssetTag");
    expect(assetTag.flatMap((u) => u.declarations).filter((d) => d.node.kind === "instance")).toHaveLength(1);
    for (const u of result.units) for (const p of u.parts) expect(p.document.source.text.slice(p.start, p.end)).not.toContain("CompaqAssetTag");
  });
});

describe("unit classification", () => {
  it("classes by namespace: data outside the reporting namespace, reporting in it and below it", () => {
    const text = [
      NS_CIMV2,
      "class D {};",
      NS_SMS,
      "class R : SMS_Class_Template {};",
      '#pragma namespace("INV_TEMP")',
      "class T : SMS_Class_Template {};",
    ].join("\n");
    const r = unitsOf(text);
    const c = r.units.map((u) => r.classify(u));
    expect(c.map((x) => x.category)).toEqual(["data", "reporting", "reporting"]);
    expect(c.map((x) => x.targetNamespace)).toEqual(["root\\cimv2", "root\\cimv2\\sms", "root\\cimv2\\sms"]);
  });

  it("uses the configured reporting namespace", () => {
    const r = unitsOf(`${NS_SMS}\nclass R {};\n#pragma namespace("\\\\\\\\.\\\\root\\\\inv")\nclass S {};`, { reportingNamespace: "root\\inv" });
    expect(r.units.map((u) => r.classify(u).category)).toEqual(["data", "reporting"]);
  });

  it("takes a class with reporting qualifiers in a file without a pragma for a reporting class", () => {
    const r = unitsOf('[SMS_Report(TRUE), SMS_Class_ID("X|Y|1.0")] class R : SMS_Class_Template { [SMS_Report(TRUE), key] string K; };\nclass Plain {};');
    const c = r.units.map((u) => r.classify(u));
    expect(c.map((x) => [x.category, x.byContent ?? false])).toEqual([
      ["reporting", true],
      ["data", false],
    ]);
    expect(c[1].targetNamespace).toBe("root\\default");
  });

  it("keeps a data class with an explicit namespace a data class, whatever its superclass", () => {
    const r = unitsOf(`${NS_CIMV2}\nclass V : SMS_Class_Template { [key] string K; };`);
    expect(r.classify(r.units[0]).category).toBe("data");
  });

  it("leaves out console exports, task-sequence actions, SMS_Class_Template and qualifier declarations", () => {
    const text = [
      'instance of SMS_Collection { Name = "All"; CollectionRules = { instance of SMS_CollectionRuleQuery { QueryID = 1; } }; };',
      NS_SMS,
      "[abstract] class SMS_Class_Template {};",
      "Qualifier Units : string = null;",
      '#pragma namespace("\\\\\\\\.\\\\root")',
      'instance of __Namespace { Name = "SMS"; };',
      '#pragma namespace("\\\\\\\\.\\\\root\\\\SMS")',
      'instance of __Namespace { Name = "site_P01"; };',
      '#pragma namespace("\\\\\\\\.\\\\root\\\\SMS\\\\site_P01")',
      '[CommandLine("x")] class My_Action : SMS_TaskSequence_Action { [Not_Null] string A; };',
      "class My_Derived : My_Action {};",
      "class My_Other {};",
      '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")',
      'instance of __Namespace { Name = "sms"; };',
    ].join("\n");
    const r = unitsOf(text);
    const c = Object.fromEntries(r.units.map((u) => [u.name, r.classify(u)]));
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.reason]))).toEqual({
      SMS_Collection: "console-export",
      SMS_Class_Template: "class-template",
      Units: "qualifier-declaration",
      My_Action: "console-extension",
      My_Derived: "console-extension",
      My_Other: "site-namespace",
      sms: "reporting-namespace",
    });
    expect(Object.values(c).every((x) => x.category === "left-out" && x.message.length > "left out: ".length)).toBe(true);
    // the __Namespace chain root -> root\SMS -> site_P01 travels with the first action class
    expect(r.units.find((u) => u.name === "My_Action")!.declarations).toHaveLength(3);
    expectPartition(r);
  });

  it("classifies the scenario like its README", () => {
    const { sources } = scenario();
    const result = unitsOfProgram(sources);
    const got = result.units.map((u) => `${u.name}@${u.namespace}:${result.classify(u).category}`);
    expect(got).toEqual([
      "SMS_Class_Template@root\\cimv2\\sms:left-out",
      "Win32_ComputerSystem@root\\cimv2\\sms:reporting",
      "Win32_OperatingSystem@root\\cimv2\\sms:reporting",
      "Win32_Processor@root\\cimv2\\sms:reporting",
      "Win32_BIOS@root\\cimv2\\sms:reporting",
      "Win32_SystemEnclosure@root\\cimv2\\sms:reporting",
      "Win32_LogicalDisk@root\\cimv2\\sms:reporting",
      "RegProv@root\\cimv2:data",
      "RegPropProv@root\\cimv2:data",
      "Win32Reg_AddRemovePrograms@root\\cimv2:data",
      "Win32Reg_AddRemovePrograms@root\\cimv2\\sms:reporting",
      "Contoso_AssetTag@root\\cimv2:data",
      "Contoso_AssetTag@root\\cimv2\\sms:reporting",
      "Contoso_InstalledApps@root\\cimv2:data",
      "Contoso_InstalledApps@root\\cimv2\\sms:reporting",
      "Win32_PageFileUsage@root\\cimv2\\sms:reporting",
      "Contoso_ImageInfo@root\\cimv2\\sms:reporting",
      "Contoso_BiosExt@root\\cimv2:data",
      "Contoso_BiosExt@root\\cimv2\\sms:reporting",
      "Contoso_ImageInfo@root\\default:data",
      "Contoso_ExtensionRevision@root\\contoso:data",
      "Contoso_ExtensionRevision@root\\cimv2\\sms:reporting",
      "Contoso_Printer@root\\cimv2:data",
      "Contoso_Printer@root\\cimv2\\sms:reporting",
      "Contoso_Warranty@root\\cimv2:data",
      "Contoso_Warranty@root\\cimv2\\sms:reporting",
    ]);
  });
});
