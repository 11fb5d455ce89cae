/**
 * The diagnostics registry against what the stages report: every code in `DiagnosticCodes` has
 * an input that makes the library report it (so the registry has no code nobody reports, and a
 * new code needs a case here), every code reported is in the registry, and every diagnostic is
 * located at a line and column of 1 or more, with an end at or after its start.
 */
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyPlan,
  checkProgram,
  DiagnosticCodes,
  findMofFiles,
  loadMofFiles,
  parseMof,
  planMigration,
  programFromDocuments,
  recoverWrites,
  writeTargets,
  type Diagnostic,
  type DiagnosticCode,
  type MigrationOptions,
} from "mof-migrate";

const CIMV2 = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
const SMS = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2\\\\sms")';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-codes-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh folder with files (name -> text or bytes). */
async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const at = await mkdtemp(join(dir, "case-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(at, name, ".."), { recursive: true });
    await writeFile(join(at, name), content);
  }
  return at;
}

const parse = (text: string) => parseMof(text, { file: "case.mof" }).diagnostics;
const check = (...texts: string[]) => checkProgram(programFromDocuments(texts.map((t, i) => parseMof(t, { file: `case${i}.mof` }))));

/** Plan sources (one file each) against targets, and apply the plan: what the plan and the application report. */
function migrate(sources: string[], targets: { configuration?: string; smsDef?: string } = {}, options: MigrationOptions = {}): Diagnostic[] {
  const plan = planMigration({
    sources: programFromDocuments(sources.map((t, i) => parseMof(t, { file: `source${i}.mof` }))),
    configurationMof: parseMof(targets.configuration ?? `${CIMV2}\r\n`, { file: "configuration.mof" }),
    smsDefMof: parseMof(targets.smsDef ?? `${SMS}\r\n`, { file: "SMS_def.mof" }),
    options,
  });
  return [...plan.diagnostics, ...applyPlan(plan).flatMap((a) => a.diagnostics)];
}

/** Plan sources against a Current Branch site (configuration.mof text, a new import MOF), and apply the plan. */
function migrateCb(sources: string[], configuration = `${CIMV2}\r\n${MARKERS}`): Diagnostic[] {
  const plan = planMigration({
    sources: programFromDocuments(sources.map((t, i) => parseMof(t, { file: `source${i}.mof` }))),
    configurationMof: parseMof(configuration, { file: "configuration.mof" }),
    target: { kind: "current-branch", importMof: "inventory-classes.mof" },
  });
  return [...plan.diagnostics, ...applyPlan(plan).flatMap((a) => a.diagnostics)];
}

const MARKERS =
  "//========================\r\n// Added extensions start\r\n//========================\r\n\r\n//========================\r\n// Added extensions end\r\n//========================\r\n";

const reporting = (name: string, quals = `SMS_Report(TRUE), SMS_Group_Name("${name}"), SMS_Class_ID("CONTOSO|${name}|1.0")`, sup = " : SMS_Class_Template") =>
  `[${quals}] class ${name}${sup} { [SMS_Report(TRUE), key] string Name; };`;
const dataClass = (name: string) => `#pragma deleteclass("${name}", NOFAIL)\r\n[dynamic, provider("RegProv")] class ${name} { [key] string Name; };`;

/** A macro that expands to 2^21 tokens: more than any file may add. */
const runawayMacro = ['#define M0 "x"', ...Array.from({ length: 21 }, (_, i) => `#define M${i + 1} M${i} M${i}`), "class A { string B = M21; };"].join("\n");

/**
 * A folder holding `t.mof` (with `now` in it) and the journal that a run killed in the middle of
 * writing "old" -> "new" left next to it, with the new text waiting in its temporary file.
 */
async function interruptedWrite(now: string): Promise<string> {
  const at = await folder({ "t.mof": now, ".t.mof.mof-migrate-00000000-99999999-000000000000.new": "new" });
  const file = join(at, "t.mof");
  const id = (text: string) => ({ sha256: createHash("sha256").update(text).digest("hex"), size: Buffer.byteLength(text) });
  const journal = {
    version: 1,
    id: "0123456789abcdef",
    run: { host: hostname(), pid: 99999999, started: "2024-01-01T00:00:00.000Z" },
    created: "2024-01-01T00:00:00.000Z",
    targets: [
      {
        file,
        named: file,
        mode: "rename",
        old: id("old"),
        new: id("new"),
        temp: join(at, ".t.mof.mof-migrate-00000000-99999999-000000000000.new"),
        undo: null,
        backup: null,
      },
    ],
  };
  await writeFile(`${file}.mof-migrate-journal`, JSON.stringify(journal));
  return file;
}

/** One input per code that makes the library report it. */
const TRIGGERS: Record<DiagnosticCode, () => Promise<Diagnostic[]> | Diagnostic[]> = {
  "invalid-character": () => parse("class A { string B; }; @@"),
  "unterminated-string": () => parse('class A { string B = "x; };'),
  "unterminated-comment": () => parse("class A {}; /* x"),
  "invalid-escape": () => parse('class A { string B = "\\q"; };'),
  "invalid-number": () => parse("class A { uint8 B = 08; };"),
  "invalid-char-literal": () => parse("class A { char16 B = 'x; };"),
  "unexpected-token": () => parse("class A { string ; };"),
  "expected-semicolon": () => parse("class A { string B string C; };"),
  "expected-close-brace": () => parse("class A { string B;"),
  "expected-close-bracket": () => parse("[key class A {};"),
  "expected-close-paren": () => parse('[Description("x"] class A {};'),
  "unexpected-end": () => parse("class A { string B = "),
  "invalid-pragma": () => parse('#pragma frobnicate("x")'),
  "invalid-flavor": () => parse("[key : Frob] class A {};"),
  "invalid-scope": () => parse("qualifier Q : string, scope(frob);"),
  "mof-v3": () => parse("structure S { string A; };"),
  "nesting-too-deep": () => parse(`instance of A { B = ${"{".repeat(600)}${"}".repeat(600)}; };`),
  "invalid-array-size": () => parse("class A { uint8 B[99999999999]; };"),
  "undefined-macro": () => parse("class A { string B = FOO; };"),
  "unsupported-macro": () => parse("#define F(x) x\nclass A {};"),
  "macro-too-large": () => parse(runawayMacro),
  "empty-statement": () => parse("; class A {};"),

  "input-not-found": async () => (await findMofFiles([join(dir, "nothing-here")])).diagnostics,
  "no-mof-files": async () => (await findMofFiles([await folder({ "notes.txt": "x" })])).diagnostics,
  "include-not-found": async () => (await loadMofFiles([join(await folder({ "a.mof": '#pragma include("missing.mof")' }), "a.mof")])).diagnostics,
  "include-cycle": async () =>
    (await loadMofFiles([join(await folder({ "a.mof": '#pragma include("b.mof")', "b.mof": '#pragma include("a.mof")' }), "a.mof")])).diagnostics,
  "include-not-a-file": async () => (await loadMofFiles([join(await folder({ "a.mof": '#pragma include("sub")', "sub/x.mof": "" }), "a.mof")])).diagnostics,
  "include-outside-root": async () =>
    (await loadMofFiles([join(await folder({ "in/a.mof": '#pragma include("../out.mof")', "out.mof": "" }), "in", "a.mof")])).diagnostics,
  "read-error": async () => (await loadMofFiles([await folder({})])).diagnostics,
  "binary-file": async () =>
    (await loadMofFiles([join(await folder({ "a.mof": Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 32) }), "a.mof")])).diagnostics,
  "mof-content-skipped": async () => (await findMofFiles([await folder({ "a.mof": "", "Add-To-configuration.mof.txt": "class Contoso_A {};" })])).diagnostics,
  "too-many-files": async () =>
    (await loadMofFiles([join(await folder({ "a.mof": '#pragma include("b.mof")', "b.mof": "" }), "a.mof")], { maxIncludes: 1 })).diagnostics,

  "duplicate-property": () => check("class A { string B; string B; };"),
  "duplicate-qualifier": () => check("[key, Key] class A {};"),
  "duplicate-alias": () => check('class A { [key] string N; };\ninstance of A as $X { N = "1"; };\ninstance of A as $X { N = "2"; };'),
  "undefined-alias": () => check("class A { A ref R; };\ninstance of A { R = $Nowhere; };"),
  "duplicate-class": () => check("class A {};\nclass A {};"),
  "type-mismatch": () => check('class A { uint8 B = "x"; };'),
  "value-out-of-range": () => check("class A { uint8 B = 300; };"),
  "unknown-property": () => check("class A { string B; };\ninstance of A { C = 1; };"),
  "unknown-type": () => check("class A { strng B; };"),
  "undefined-class": () => check("instance of NoClass {};"),
  "undefined-superclass": () => check("class A : NoClass {};"),
  "invalid-locale": () => check('#pragma locale("junkvalue")'),
  "invalid-namespace": () => check("#pragma namespace(42)"),
  "empty-namespace": () => check('#pragma namespace("")'),
  "duplicate-instance-key": () => check('class A { [key] string N; };\ninstance of A { N = "1"; };\ninstance of A { N = "1"; };'),

  "stray-deleteclass": () => migrate([`${CIMV2}\r\n#pragma deleteclass("Gone", NOFAIL)`]),
  "no-namespace-pragma": () => migrate(["class Contoso_A {};"]),
  "missing-data-class": () => migrate([`${SMS}\r\n${reporting("Contoso_A")}`]),
  "missing-class-id": () => migrate([`${SMS}\r\n${reporting("Contoso_A", "SMS_Report(TRUE)")}`]),
  "duplicate-class-id": () =>
    migrate([
      `${SMS}\r\n${reporting("Contoso_A", 'SMS_Report(TRUE), SMS_Class_ID("X|Y|1.0")')}\r\n${reporting("Contoso_B", 'SMS_Report(TRUE), SMS_Class_ID("X|Y|1.0")')}`,
    ]),
  "not-class-template": () => migrate([`${SMS}\r\n${reporting("Contoso_A", 'SMS_Report(TRUE), SMS_Class_ID("X|Y|1.0")', "")}`]),
  "data-class-template": () => migrate([`${CIMV2}\r\nclass Contoso_A : SMS_Class_Template {};`]),
  "missing-deleteclass": () => migrate([`${CIMV2}\r\nclass Contoso_A { [key] string Name; };`]),
  "provider-registration": () =>
    migrate([
      `${CIMV2}\r\ninstance of __Win32Provider as $P { Name = "ContosoProv"; ClsId = "{1}"; };\r\n${dataClass("Contoso_A").replace("RegProv", "ContosoProv")}`,
    ]),
  "reporting-by-content": () => migrate([reporting("Contoso_A")]),
  "reporting-class-namespace": () => migrate([`${CIMV2}\r\n${reporting("Contoso_A")}`]),
  conflict: () => migrate([`${CIMV2}\r\n${dataClass("Contoso_A")}`], { configuration: `${CIMV2}\r\nclass Contoso_A { [key] uint32 Name; };\r\n` }),
  "report-flags": () =>
    migrate([`${SMS}\r\n${reporting("Contoso_A")}`], {
      smsDef: `${SMS}\r\n${reporting("Contoso_A").replace("SMS_Report(TRUE), key", "SMS_Report(FALSE), key")}\r\n`,
    }),
  "non-ascii-target": () => migrate([`${CIMV2}\r\n// Größe\r\n${dataClass("Contoso_A")}`]),
  "unencodable-character": () => migrate([`${CIMV2}\r\n// Ω\r\n${dataClass("Contoso_A")}`]),
  // The target defines a macro named like a MOF keyword: the appended class no longer parses there.
  "target-not-written": () => migrate([`${CIMV2}\r\n${dataClass("Contoso_A")}`], { configuration: `${CIMV2}\r\n#define string 42\r\n` }),

  "current-branch-site": () => migrate([`${CIMV2}\r\n${dataClass("Contoso_A")}`], { configuration: `${CIMV2}\r\n${MARKERS}` }),
  "extension-markers": () => migrateCb([`${CIMV2}\r\n${dataClass("Contoso_A")}`], `${CIMV2}\r\n// Added extensions start\r\n`),
  "extension-markers-added": () => migrateCb([`${CIMV2}\r\n${dataClass("Contoso_A")}`], `${CIMV2}\r\n`),
  "outside-extensions": () => migrateCb([`${CIMV2}\r\n${dataClass("Contoso_A")}`], `${CIMV2}\r\n${dataClass("Contoso_A")}\r\n${MARKERS}`),
  "not-importable": () => migrateCb([`${SMS}\r\nclass Contoso_A { [key] string Name; };`]),
  "missing-group-name": () => migrateCb([`${SMS}\r\n${reporting("Contoso_A", 'SMS_Report(TRUE), SMS_Class_ID("X|Y|1.0")')}`]),
  "no-key-property": () => migrateCb([`${SMS}\r\n${reporting("Contoso_A").replace(", key]", "]")}`]),
  "data-class-mismatch": () =>
    migrateCb([`${CIMV2}\r\n${dataClass("Contoso_A").replace("string Name", "uint32 Name")}\r\n${SMS}\r\n${reporting("Contoso_A")}`]),

  "write-locked": async () => {
    // The lock of a live process that is not this one: its parent.
    const at = await folder({ "t.mof": "old", "t.mof.lock": `${process.ppid}\n` });
    return (await writeTargets([{ file: join(at, "t.mof"), originalBytes: Buffer.from("old"), newBytes: Buffer.from("new") }])).diagnostics;
  },
  "write-changed-on-disk": async () => {
    const at = await folder({ "t.mof": "edited meanwhile" });
    return (await writeTargets([{ file: join(at, "t.mof"), originalBytes: Buffer.from("old"), newBytes: Buffer.from("new") }])).diagnostics;
  },
  "write-error": async () =>
    (await writeTargets([{ file: join(dir, "no-such-folder", "t.mof"), originalBytes: null, newBytes: Buffer.from("new") }])).diagnostics,
  "write-read-only": async () => {
    const at = await folder({ "t.mof": "old" });
    await chmod(join(at, "t.mof"), 0o444);
    return (await writeTargets([{ file: join(at, "t.mof"), originalBytes: Buffer.from("old"), newBytes: Buffer.from("new") }])).diagnostics;
  },
  "write-same-file": async () => {
    const at = await folder({ "t.mof": "old" });
    await symlink("t.mof", join(at, "link.mof"));
    const target = (file: string) => ({ file: join(at, file), originalBytes: Buffer.from("old"), newBytes: Buffer.from("new") });
    return (await writeTargets([target("t.mof"), target("link.mof")])).diagnostics;
  },
  // Killed before it replaced anything: undone.
  "write-recovered": async () => (await recoverWrites([await interruptedWrite("old")])).diagnostics,
  // Changed by someone since: neither.
  "write-interrupted": async () => (await recoverWrites([await interruptedWrite("edited since")])).diagnostics,
};

describe("the diagnostics registry", () => {
  for (const code of Object.keys(DiagnosticCodes) as DiagnosticCode[]) {
    it(`${code} is reported for its case, located, with the registry's mofcomp name`, async () => {
      const trigger = TRIGGERS[code];
      expect(trigger, `no case for ${code}`).toBeDefined();
      const diagnostics = await trigger();
      for (const d of diagnostics) {
        expect(Object.hasOwn(DiagnosticCodes, d.code), `${d.code} is not in the registry`).toBe(true);
        expect(d.line, `${d.code} at ${d.file}`).toBeGreaterThanOrEqual(1);
        expect(d.column, `${d.code} at ${d.file}`).toBeGreaterThanOrEqual(1);
        // The range ends at or after its start.
        expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), `${d.code} ends before it starts`).toBe(true);
        expect(d.mofcomp).toBe(DiagnosticCodes[d.code].mofcomp);
      }
      const found = diagnostics.filter((d) => d.code === code);
      expect(found.length, `${code} among ${diagnostics.map((d) => d.code).join(", ")}`).toBeGreaterThan(0);
      // The fixed hint applies when a report has no more specific one.
      const fixed = DiagnosticCodes[code].hint;
      if (fixed !== undefined) for (const d of found) expect(d.hint).toBeDefined();
    });
  }

  it("has a case for every code and none for a code it does not have", () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(Object.keys(DiagnosticCodes).sort());
  });

  it("gives every code a usual severity and a title", () => {
    for (const [code, info] of Object.entries(DiagnosticCodes)) {
      expect(["error", "warning", "info"], code).toContain(info.severity);
      expect(info.title.length, code).toBeGreaterThan(5);
      if (info.mofcomp !== undefined) expect(info.mofcomp, code).toMatch(/^WBEMMOF_E_[A-Z_]+$/);
    }
  });
});
