import { describe, expect, it } from "vitest";
import {
  applyPlan,
  decodeMof,
  encodeMof,
  parseMof,
  planMigration,
  programFromDocuments,
  splitSources,
  type AppliedTarget,
  type Encoding,
  type LineEnding,
  type MigrationOptions,
  type MigrationPlan,
  type MofDocument,
  type MofProgram,
} from "mof-migrate";
import { applyEdits, convertLineEndings, resolveNamespaces, sourceFromString } from "mof-migrate/syntax";
import { loadFixture, loadSample, samplesDir, scenario } from "./fixtures/migrate/samples.js";

const CRLF = "\r\n";
const pragma = (ns: string) => `#pragma namespace("\\\\\\\\.\\\\${ns.replace(/\\/g, "\\\\")}")`;

function planScenario(options: MigrationOptions = {}, targets: Partial<{ configurationMof: MofDocument; smsDefMof: MofDocument }> = {}) {
  const s = scenario();
  return planMigration({
    sources: s.sources,
    configurationMof: targets.configurationMof ?? s.configurationMof,
    smsDefMof: targets.smsDefMof ?? s.smsDefMof,
    baseline: s.baseline,
    options: { inputRoot: samplesDir, ...options },
  });
}

/** The decoded text of a sample from `from` up to and including `to`, with CRLF line endings. */
function slice(file: string, from: string, to: string): string {
  const text = loadSample(file).source.text;
  const start = text.indexOf(from);
  const end = text.indexOf(to, start) + to.length;
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return convertLineEndings(text.slice(start, end), CRLF);
}

/** The bytes before the first edit and after the last one are the original bytes. */
function expectUntouchedOutside(result: AppliedTarget, original: MofDocument) {
  const src = original.source;
  const first = result.edits[0];
  const last = result.edits[result.edits.length - 1];
  const bytesOf = (text: string, bom: boolean) => encodeMof({ text, encoding: result.encoding, bom });
  const oldBytes = encodeMof(src);
  const prefix = bytesOf(src.text.slice(0, first.offset), src.bom).length;
  expect(Buffer.from(result.bytes.subarray(0, prefix)).equals(Buffer.from(oldBytes.subarray(0, prefix)))).toBe(true);
  const suffix = bytesOf(src.text.slice(last.offset + last.length), false).length;
  expect(Buffer.from(result.bytes.subarray(result.bytes.length - suffix)).equals(Buffer.from(oldBytes.subarray(oldBytes.length - suffix)))).toBe(true);
}

/** Parse the new bytes of both targets and plan again with the same sources. */
function replan(plan: MigrationPlan, applied: AppliedTarget[], options: MigrationOptions = {}) {
  const [configuration, smsDef] = applied.map((a) => parseMof(decodeMof(a.bytes), { file: a.file }));
  return planScenario(options, { configurationMof: configuration, smsDefMof: smsDef });
}

function asTarget(doc: MofDocument, encoding: Encoding, bom: boolean, eol: LineEnding): MofDocument {
  const text = convertLineEndings(doc.source.text, eol);
  return parseMof(decodeMof(encodeMof(sourceFromString(text, { encoding, bom }))), { file: doc.file });
}

describe("applyEdits", () => {
  it("applies edits in offset order on the original offsets", () => {
    expect(
      applyEdits("abcdef", [
        { offset: 4, length: 1, content: "E" },
        { offset: 0, length: 0, content: ">" },
        { offset: 1, length: 2, content: "" },
      ]),
    ).toBe(">adEf");
    expect(
      applyEdits("ab", [
        { offset: 2, length: 0, content: "1" },
        { offset: 2, length: 0, content: "2" },
      ]),
    ).toBe("ab12");
  });
});

describe("applyPlan on the Contoso scenario", () => {
  const plan = planScenario();
  const [configuration, smsDef] = applyPlan(plan);
  const original = scenario();

  it("appends the six blocks of data units to configuration.mof, in namespace order, with provenance", () => {
    const expected = [
      "",
      pragma("root\\cimv2"),
      "// mof-migrate: from sms2003/mini/bios_ext.mof:12",
      // The file's banner above its #pragma namespace travels with its first unit.
      slice("sms2003/mini/bios_ext.mof", "//====", "packaging workstation.)\r\n//" + "=".repeat(76)),
      slice("sms2003/mini/bios_ext.mof", '#pragma deleteclass("Contoso_BiosExt"', '|~MHz"), Dynamic, Provider("RegPropProv")] ProcessorMHz;\r\n};'),
      "",
      pragma("root\\default"),
      "// mof-migrate: from sms2003/mini/no_pragma.mof:7",
      slice("sms2003/mini/no_pragma.mof", "// ImageInfo", "] BuildTechnician;\r\n};"),
      "",
      pragma("root"),
      "// mof-migrate: from sms2003/mini/own_namespace.mof:18",
      slice("sms2003/mini/own_namespace.mof", "// own_namespace.mof", "Desktop Engineering Zürich."),
      slice("sms2003/mini/own_namespace.mof", "instance of __Namespace", "};"),
      "",
      pragma("root\\Contoso"),
      slice("sms2003/mini/own_namespace.mof", '#pragma deleteclass("Contoso_ExtensionRevision"', "Stage    = 0;\n};"),
      "",
      pragma("root\\cimv2"),
      "// mof-migrate: from sms2003/mini/printers.mof:9",
      slice("sms2003/mini/printers.mof", "// printers.mof", "not here."),
      slice("sms2003/mini/printers.mof", "[dynamic, provider", "uint32 Attributes;\n};"),
      "",
      "// mof-migrate: from sms2003/mini/provider_alias.mof:30",
      slice("sms2003/mini/provider_alias.mof", "// provider_alias.mof", "2.3 or later."),
      slice("sms2003/mini/provider_alias.mof", "instance of __Win32Provider", "uint32   DaysLeft;\r\n};"),
      "",
    ].join(CRLF);
    expect(configuration.edits).toEqual([{ offset: original.configurationMof.source.text.length, length: 0, content: expected }]);
    expect(configuration.text).toBe(original.configurationMof.source.text + expected);
    expect(configuration.written).toHaveLength(5);
    expect(configuration).toMatchObject({ changed: true, failed: false, encoding: "windows1252" });
  });

  it("appends the seven reporting classes to SMS_def.mof without a namespace pragma (it ends in root\\cimv2\\sms)", () => {
    const expected = [
      "",
      "// mof-migrate: from sms2003/SMS_def.mof:441",
      slice(
        "sms2003/SMS_def.mof",
        "//============================================================================\r\n// Contoso_InstalledApps (reporting class)",
        "uint32 SystemComponent;\r\n};",
      ),
      "",
      "// mof-migrate: from sms2003/SMS_def.mof:461",
      slice(
        "sms2003/SMS_def.mof",
        "//============================================================================\r\n// Win32_PageFileUsage",
        "boolean  TempPageFile;\r\n};",
      ),
      "",
      "// mof-migrate: from sms2003/SMS_def.mof:481",
      slice(
        "sms2003/SMS_def.mof",
        "//============================================================================\r\n// Contoso_ImageInfo",
        "string BuildTechnician;\r\n};",
      ),
      // The closing line after the file's last declaration travels with it, blank line and all.
      "",
      "// end of Contoso customizations",
      "",
      "// mof-migrate: from sms2003/mini/bios_ext.mof:36",
      slice("sms2003/mini/bios_ext.mof", '[ SMS_Report(TRUE),\r\n  SMS_Group_Name("Contoso BIOS Extension")', "uint32 ProcessorMHz;\r\n};"),
      "",
      "// mof-migrate: from sms2003/mini/own_namespace.mof:57",
      slice("sms2003/mini/own_namespace.mof", '[ SMS_Report(TRUE),\n  SMS_Group_Name("Contoso Extension Revision")', "uint16   Stage;\n};"),
      "",
      "// mof-migrate: from sms2003/mini/printers.mof:26",
      slice("sms2003/mini/printers.mof", '[SMS_Report(TRUE), SMS_Group_Name("Contoso Printers")', "uint32 Attributes;\n};"),
      "",
      "// mof-migrate: from sms2003/mini/provider_alias.mof:44",
      slice("sms2003/mini/provider_alias.mof", '[SMS_Report(TRUE), SMS_Group_Name("Contoso Warranty")', "uint32   DaysLeft;\r\n};"),
      "",
    ].join(CRLF);
    expect(smsDef.edits).toEqual([{ offset: original.smsDefMof.source.text.length, length: 0, content: expected }]);
    expect(smsDef.written).toHaveLength(7);
  });

  it("leaves every byte of the targets before the appended text as it was", () => {
    expectUntouchedOutside(configuration, original.configurationMof);
    expectUntouchedOutside(smsDef, original.smsDefMof);
  });

  it("writes CRLF only and Windows-1252 bytes for the non-ASCII text of the UTF-16LE, 1252 and UTF-8 sources", () => {
    for (const result of [configuration, smsDef]) {
      expect(result.text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      const decoded = decodeMof(result.bytes);
      expect(decoded).toMatchObject({ encoding: "windows1252", bom: false, eol: "\r\n", mixedEol: false, text: result.text });
    }
    const bytes = Buffer.from(configuration.bytes);
    const cp1252 = (s: string) => Buffer.from(encodeMof({ text: s, encoding: "windows1252", bom: false }));
    expect(bytes.includes(cp1252("Filiale Genève) – Kosten pro Seite in € siehe"))).toBe(true);
    expect(bytes.includes(cp1252('Owner    = "Desktop Engineering Zürich";'))).toBe(true);
    expect(bytes.includes(Buffer.from("Zürich", "utf8"))).toBe(false);
    // the UTF-16LE source arrives as single bytes
    expect(bytes.includes(Buffer.from("class Contoso_BiosExt\r\n{", "latin1"))).toBe(true);
    expect(configuration.diagnostics.map((d) => `${d.severity}:${d.code}`)).toEqual(["warning:non-ascii-target"]);
    expect(configuration.diagnostics[0].message).toContain("Windows-1252");
  });

  it("keeps the new texts parseable, in the right namespaces", () => {
    const doc = parseMof(decodeMof(configuration.bytes), { file: "configuration.mof" });
    expect(doc.diagnostics).toEqual([]);
    const where = Object.fromEntries(
      resolveNamespaces(programFromDocuments([doc]))
        .filter((d) => d.node.kind === "class")
        .map((d) => [(d.node as { name: { name: string } }).name.name, d.namespace]),
    );
    expect(where).toMatchObject({
      Contoso_BiosExt: "root\\cimv2",
      Contoso_ImageInfo: "root\\default",
      Contoso_ExtensionRevision: "root\\contoso",
      Contoso_Printer: "root\\cimv2",
      Contoso_Warranty: "root\\cimv2",
    });
  });

  it("is idempotent: planning again against the new targets appends nothing", () => {
    const again = replan(plan, [configuration, smsDef]);
    expect(again.units.filter((u) => u.writes)).toEqual([]);
    expect(again.summary.actions.append).toBe(0);
    expect(applyPlan(again).map((a) => a.changed)).toEqual([false, false]);
  });
});

describe("applyPlan with carried flags and replaced conflicts", () => {
  const options = { carryReportFlags: true, replaceConflicts: true };
  const plan = planScenario(options);
  const [configuration, smsDef] = applyPlan(plan);
  const original = scenario();

  it("sets the three SMS_Report flags of Win32_SystemEnclosure in place", () => {
    const flagEdits = smsDef.edits.filter((e) => e.length > 0);
    expect(flagEdits.map((e) => [original.smsDefMof.source.text.slice(e.offset, e.offset + e.length), e.content])).toEqual([
      ["FALSE", "TRUE"],
      ["FALSE", "TRUE"],
      ["FALSE", "TRUE"],
    ]);
    const enclosure = smsDef.text.slice(smsDef.text.indexOf("// System Enclosure"), smsDef.text.indexOf("class Win32_LogicalDisk"));
    expect(enclosure).toContain('[ SMS_Report     (TRUE),\r\n  SMS_Group_Name ("System Enclosure")');
    // only the value changes: the columns after it move by one
    expect(enclosure).toContain("[SMS_Report (TRUE)]        string   SerialNumber;");
    expect(enclosure).toContain("[SMS_Report (TRUE)]        string   SMBIOSAssetTag;");
    expectUntouchedOutside(smsDef, original.smsDefMof);
  });

  it("replaces Contoso_InstalledApps in place, keeping the target's comment above it", () => {
    const replaceEdit = configuration.edits.find((e) => e.length > 0)!;
    const old = original.configurationMof.source.text.slice(replaceEdit.offset, replaceEdit.offset + replaceEdit.length);
    expect(old).toContain('[PropertyContext("EstimatedSize")]   string EstimatedSize;');
    expect(replaceEdit.content).toBe(
      "// mof-migrate: from sms2003/SMS_def.mof:422\r\n" +
        // The disabled block above its #pragma namespace is the admin's text too: it travels with it.
        slice("sms2003/SMS_def.mof", "/*  Disabled 2007-02-14", "};\r\n*/") +
        "\r\n" +
        slice(
          "sms2003/SMS_def.mof",
          "//============================================================================\r\n// Contoso_InstalledApps (data class)",
          "uint32 SystemComponent;\r\n};",
        ),
    );
    expect(configuration.text).toContain(
      "// Installed applications with location and size (first draft from the pilot)\r\n// mof-migrate: from sms2003/SMS_def.mof:422\r\n",
    );
    expectUntouchedOutside(configuration, original.configurationMof);
  });

  it("is idempotent", () => {
    const again = replan(plan, [configuration, smsDef], options);
    expect(again.units.filter((u) => u.writes).map((u) => u.id)).toEqual([]);
    expect(again.summary.actions).toMatchObject({ conflict: 0, "flag-change": 0, append: 0 });
  });
});

describe("applyPlan: target encodings, line endings and shapes", () => {
  it("writes into a UTF-16LE target with BOM and LF line endings in its own encoding", () => {
    const target = asTarget(loadSample("cm2007/configuration.mof"), "utf16le", true, "\n");
    const [configuration] = applyPlan(planScenario({}, { configurationMof: target }));
    expect(configuration.encoding).toBe("utf16le");
    expect([...configuration.bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(configuration.text).not.toContain("\r");
    expect(configuration.diagnostics).toEqual([]);
    const decoded = decodeMof(configuration.bytes);
    expect(decoded).toMatchObject({ encoding: "utf16le", bom: true, eol: "\n", text: configuration.text });
    expect(decoded.text).toContain("Filiale Genève) – Kosten pro Seite in €");
    expectUntouchedOutside(configuration, target);
  });

  it("refuses a unit with a character the target's encoding cannot hold, and says how to fix it", () => {
    const target = asTarget(parseMof("// café\r\n", { file: "configuration.mof" }), "windows1252", false, "\r\n");
    const source = parseMof(`${pragma("root\\cimv2")}\n// ≥ 2.3\nclass Wide { [key] string K; };\nclass Fine { [key] string K; };\n`, { file: "wide.mof" });
    const plan = planMigration({ sources: programFromDocuments([source]), configurationMof: target, smsDefMof: parseMof("", { file: "SMS_def.mof" }) });
    const [configuration] = applyPlan(plan);
    expect(configuration.skipped).toEqual(["root\\cimv2|class|wide"]);
    expect(configuration.written).toEqual(["root\\cimv2|class|fine"]);
    const error = configuration.diagnostics.find((d) => d.code === "unencodable-character")!;
    expect(error).toMatchObject({ severity: "error", file: "wide.mof", line: 2, column: 4 });
    expect(error.message).toContain("U+2265");
    expect(error.hint).toContain("UTF-16LE with a BOM");
    expect(configuration.text).not.toContain("Wide");
    expect(decodeMof(configuration.bytes).encoding).toBe("windows1252");
  });

  it("keeps a BOM-less UTF-8 target with non-ASCII text in UTF-8, with a warning", () => {
    const target = parseMof(decodeMof(new Uint8Array(Buffer.from("// Zürich\r\n", "utf8"))), { file: "configuration.mof" });
    const source = parseMof(`${pragma("root\\cimv2")}\r\nclass Ü { [key] string K = "ä"; };\r\n`, { file: "s.mof" });
    const [configuration] = applyPlan(
      planMigration({ sources: programFromDocuments([source]), configurationMof: target, smsDefMof: parseMof("", { file: "SMS_def.mof" }) }),
    );
    expect(configuration.encoding).toBe("utf8");
    expect(decodeMof(configuration.bytes).text).toBe(configuration.text);
    expect(configuration.diagnostics.map((d) => d.code)).toEqual(["non-ascii-target"]);
    expect(configuration.diagnostics[0].message).toContain("UTF-8 without a byte-order mark");
  });

  it("starts on a new line when the target has no final newline, and ends with a line break", () => {
    const target = parseMof(`${pragma("root\\cimv2")}\r\nclass Existing {};`, { file: "configuration.mof" });
    const source = parseMof(`${pragma("root\\cimv2")}\nclass Added {};`, { file: "s.mof" });
    const [configuration] = applyPlan(
      planMigration({ sources: programFromDocuments([source]), configurationMof: target, smsDefMof: parseMof("", { file: "SMS_def.mof" }) }),
    );
    // the target already ends in root\cimv2: no pragma
    expect(configuration.edits).toEqual([
      { offset: target.source.text.length, length: 0, content: "\r\n\r\n// mof-migrate: from s.mof:2\r\nclass Added {};\r\n" },
    ]);
  });

  it("writes into an empty target", () => {
    const source = parseMof(`${pragma("root\\cimv2")}\nclass Added {};\n`, { file: "s.mof" });
    const [configuration] = applyPlan(
      planMigration({
        sources: programFromDocuments([source]),
        configurationMof: parseMof("", { file: "c.mof" }),
        smsDefMof: parseMof("", { file: "SMS_def.mof" }),
      }),
    );
    expect(configuration.text).toBe(`${pragma("root\\cimv2")}\r\n// mof-migrate: from s.mof:2\r\nclass Added {};\r\n`);
  });

  it("inserts before the '// Added extensions end' banner and switches the namespace back after its units", () => {
    const target = loadFixture("configuration-markers.mof");
    // The start of the decoration line directly above the end marker.
    const offset = target.source.text.indexOf("//========================\r\n// Added extensions end\r\n");
    expect(offset).toBeGreaterThan(0);
    const sources = programFromDocuments(["sms2003/mini/bios_ext.mof", "sms2003/mini/provider_alias.mof"].map(loadSample));
    const plan = planMigration({ sources, configurationMof: target, smsDefMof: loadSample("cm2007/SMS_def.mof"), options: { inputRoot: samplesDir } });
    const [configuration] = applyPlan(plan);
    expect(configuration.edits).toHaveLength(1);
    const edit = configuration.edits[0];
    expect(edit.offset).toBe(offset);
    // the target has a blank line before the banner already
    expect(edit.content.startsWith(`// mof-migrate: from sms2003/mini/bios_ext.mof:12${CRLF}`)).toBe(true);
    expect(edit.content.endsWith(`uint32   DaysLeft;${CRLF}};${CRLF}${CRLF}${pragma("root\\cimv2")}${CRLF}`)).toBe(false);
    expect(edit.content.endsWith(`};${CRLF}`)).toBe(true);
    const doc = parseMof(configuration.text, { file: "c.mof" });
    const after = resolveNamespaces(programFromDocuments([doc])).find((d) => d.node.kind === "class" && d.node.name.name === "After_Markers")!;
    expect(after.namespace).toBe("root\\cimv2");
    expect(configuration.text.endsWith(target.source.text.slice(offset))).toBe(true);
    expectUntouchedOutside(configuration, target);
  });

  it("restores the namespace before the end marker when the last unit is in another one", () => {
    const target = loadFixture("configuration-markers.mof");
    const source = parseMof(`${pragma("root\\Vendor")}\nclass InVendor {};\n`, { file: "v.mof" });
    const [configuration] = applyPlan(
      planMigration({ sources: programFromDocuments([source]), configurationMof: target, smsDefMof: parseMof("", { file: "SMS_def.mof" }) }),
    );
    expect(configuration.edits[0].content).toBe(
      `${pragma("root\\Vendor")}${CRLF}// mof-migrate: from v.mof:2${CRLF}class InVendor {};${CRLF}${CRLF}${pragma("root\\cimv2")}${CRLF}`,
    );
  });

  it("marks a target failed, and keeps its text, when the new text does not parse", () => {
    const plan = planScenario({ carryReportFlags: true });
    const broken: MigrationPlan = {
      ...plan,
      units: plan.units.map((u) =>
        u.action === "carry-flags" ? { ...u, flagChanges: u.flagChanges.map((f) => ({ ...f, edit: { ...f.edit, content: "TRUE) ] {" } })) } : u,
      ),
    };
    const [, smsDef] = applyPlan(broken);
    expect(smsDef).toMatchObject({ failed: true, changed: false, text: plan.targets.smsDef.document.source.text });
    expect(smsDef.rejectedText).toContain("TRUE) ] {");
    expect(smsDef.diagnostics.map((d) => `${d.severity}:${d.code}`)).toContain("error:target-not-written");
    expect(Buffer.from(smsDef.bytes).equals(Buffer.from(encodeMof(plan.targets.smsDef.document.source)))).toBe(true);
  });
});

describe("splitSources", () => {
  const { sources, baseline } = scenario();
  const split = splitSources(sources, { inputRoot: samplesDir, baseline });

  it("writes two MOF texts, each starting with its namespace pragma, with CRLF line endings", () => {
    expect(split.data.startsWith(`${pragma("root\\cimv2")}${CRLF}// mof-migrate: from sms2003/SMS_def.mof:361${CRLF}`)).toBe(true);
    expect(split.reporting.startsWith(`${pragma("root\\cimv2\\sms")}${CRLF}// mof-migrate: from sms2003/SMS_def.mof:192${CRLF}`)).toBe(true);
    for (const text of [split.data, split.reporting]) {
      expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
      expect(text.endsWith(CRLF)).toBe(true);
      expect(parseMof(text).diagnostics).toEqual([]);
    }
  });

  it("leaves out stock, left-out units, and keeps the rest", () => {
    expect(split.summary.actions).toMatchObject({ stock: 9, "left-out": 1, append: 16 });
    expect(split.data).not.toContain("class Win32Reg_AddRemovePrograms");
    expect(split.reporting).not.toContain("class SMS_Class_Template");
    expect(split.reporting).toContain("class Win32_SystemEnclosure : SMS_Class_Template");
    expect(split.data.match(/^\/\/ mof-migrate: from /gm)).toHaveLength(7);
    expect(split.reporting.match(/^\/\/ mof-migrate: from /gm)).toHaveLength(9);
  });

  it("encodes each text as ASCII when it can, else as UTF-16LE with a BOM", () => {
    expect(decodeMof(split.dataBytes)).toMatchObject({ encoding: "utf16le", bom: true, text: split.data });
    expect(decodeMof(split.reportingBytes)).toMatchObject({ encoding: "utf16le", bom: true, text: split.reporting });
    const ascii = splitSources(programFromDocuments([parseMof(`${pragma("root\\cimv2")}\nclass A {};\n`, { file: "a.mof" })]));
    expect(decodeMof(ascii.dataBytes)).toMatchObject({ encoding: "utf8", bom: false });
    expect(ascii.reporting).toBe("");
    expect(ascii.plan.targets.configuration.units.map((u) => u.name)).toEqual(["A"]);
  });

  it("can be applied to the split files again without writing anything", () => {
    const program: MofProgram = sources;
    const again = planMigration({
      sources: program,
      configurationMof: parseMof(split.data, { file: "c.mof" }),
      smsDefMof: parseMof(split.reporting, { file: "s.mof" }),
      baseline,
    });
    expect(again.units.filter((u) => u.writes)).toEqual([]);
  });
});

describe("applyPlan: text that the target would swallow", () => {
  // A target that ends inside a comment that is never closed (only a warning) would take the
  // appended units for comment: written, they would not be there, and the next run would
  // append them again.
  it("refuses to append to a target that ends inside an unterminated comment", () => {
    const source = parseMof(
      '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\r\n#pragma deleteclass("Contoso_A", NOFAIL)\r\nclass Contoso_A { [key] string Name; };\r\n',
      { file: "a.mof" },
    );
    const configuration = parseMof("// site classes\r\n/* a note that was never closed\r\n", { file: "configuration.mof" });
    expect(configuration.diagnostics.map((d) => d.code)).toEqual(["unterminated-comment"]);
    const plan = planMigration({
      sources: programFromDocuments([source]),
      configurationMof: configuration,
      smsDefMof: parseMof('#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")\r\n', { file: "SMS_def.mof" }),
    });
    const [config] = applyPlan(plan);
    expect(config.failed).toBe(true);
    expect(config.changed).toBe(false);
    expect(config.diagnostics.find((d) => d.code === "target-not-written")?.message).toMatch(/would not be read as MOF: it falls inside a comment/);
  });
});
