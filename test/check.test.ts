import { describe, expect, it } from "vitest";
import { checkProgram, parseMof, programFromDocuments, type Diagnostic, type MofProgram, type PragmaNode } from "mof-migrate";
import { closest, editDistance } from "../src/util/spelling.js";

/** Parse each text as one file (named a.mof, b.mof, …), check the program, return the semantic diagnostics. */
function check(...texts: string[]): Diagnostic[] {
  const documents = texts.map((text, i) => parseMof(text, { file: `${String.fromCharCode(97 + i)}.mof` }));
  for (const d of documents)
    expect(
      d.diagnostics.filter((x) => x.severity === "error"),
      `fixture ${d.file} must parse`,
    ).toEqual([]);
  return checkProgram(programFromDocuments(documents));
}

/** Source from lines, so that line numbers in the tests are easy to read. */
const mof = (...lines: string[]) => lines.join("\n") + "\n";

/** code, severity and line of each diagnostic. */
const brief = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.line]);

describe("duplicate-property", () => {
  it("reports a property declared twice (case-insensitive) at the second one", () => {
    const ds = check(mof("class Acme_A", "{", "  string Name;", "  uint32 NAME;", "};"));
    expect(brief(ds)).toEqual([["duplicate-property", "error", 4]]);
    expect(ds[0].message).toContain("(line 3)");
  });

  it("reports a method that reuses a property name, and a parameter declared twice", () => {
    const ds = check(mof("class Acme_A {", "  string Run;", "  uint32 Run([in] string X, [in] uint32 x);", "};"));
    expect(brief(ds)).toEqual([
      ["duplicate-property", "error", 3],
      ["duplicate-property", "error", 3],
    ]);
  });

  it("accepts distinct names and a subclass that overrides a property", () => {
    const ds = check(mof("class Acme_A { string Name; uint32 Size; };", 'class Acme_B : Acme_A { [Override("Name")] string Name; };'));
    expect(ds).toEqual([]);
  });

  it("warns (does not fail) when an instance sets a property twice", () => {
    const ds = check(mof("class Acme_A { string Name; };", "instance of Acme_A {", '  Name = "a";', '  Name = "b";', "};"));
    expect(brief(ds)).toEqual([["duplicate-property", "warning", 4]]);
  });
});

describe("duplicate-qualifier", () => {
  it("reports a qualifier given twice in one list, case-insensitively", () => {
    const ds = check(mof('[Key, Description("x")]', "class Acme_A {", '  [key, Description("a"), DESCRIPTION("b")] string Name;', "};"));
    expect(brief(ds)).toEqual([["duplicate-qualifier", "error", 3]]);
    expect(ds[0].column).toBe(27);
  });

  it("accepts the same qualifier in different lists", () => {
    expect(check(mof('[Description("c")] class Acme_A { [Description("p")] string Name; };'))).toEqual([]);
  });
});

describe("aliases", () => {
  const classes = mof("class Acme_A { [Key] string Name; };", "[Association] class Acme_L { Acme_A ref Left; Acme_A ref Right; };");

  it("scopes an alias to the file given to the compiler: two mini-MOFs may each define $P", () => {
    const provider = (n: string) =>
      mof(`instance of __Win32Provider as $P { Name = "Prov${n}"; };`, `instance of __InstanceProviderRegistration { Provider = $P; SupportsGet = TRUE; };`);
    expect(check(provider("1"), provider("2"))).toEqual([]);
  });

  it("reports an alias defined twice in one file, case-insensitively", () => {
    const ds = check(classes + mof('instance of Acme_A as $One { Name = "1"; };', 'instance of Acme_A as $ONE { Name = "2"; };'));
    expect(brief(ds)).toEqual([["duplicate-alias", "error", 4]]);
    expect(ds[0].message).toContain("(line 3)");
  });

  /** A root file that includes lib.mof, another root file, and lib.mof. */
  function withInclude(mainText: string, libText: string, otherText: string) {
    const main = parseMof(mainText, { file: "main.mof" });
    const lib = parseMof(libText, { file: "lib.mof" });
    const other = parseMof(otherText, { file: "other.mof" });
    const includes = new Map(main.productions.filter((p) => p.kind === "pragma" && p.name.name === "include").map((p) => [p as PragmaNode, lib]));
    const program: MofProgram = { roots: [main, other], documents: [main, lib, other], includes, diagnostics: [] };
    return checkProgram(program);
  }

  it("reports an alias that a file defines and an included file defines again", () => {
    const ds = withInclude(
      classes + mof('instance of Acme_A as $One { Name = "1"; };', '#pragma include("lib.mof")'),
      mof('instance of Acme_A as $One { Name = "2"; };'),
      classes,
    );
    expect(ds.filter((d) => d.code !== "duplicate-class").map((d) => [d.code, d.file, d.line])).toEqual([["duplicate-alias", "lib.mof", 1]]);
    expect(ds.find((d) => d.code === "duplicate-alias")!.message).toContain("main.mof:3");
  });

  it("knows the aliases of included files in the including file, not in another root", () => {
    const use = mof("instance of Acme_L { Left = $One; Right = $One; };");
    const ds = withInclude(classes + mof('#pragma include("lib.mof")') + use, mof('instance of Acme_A as $One { Name = "1"; };'), classes + use);
    expect(ds.filter((d) => d.code !== "duplicate-class").map((d) => [d.code, d.file, d.line])).toEqual([
      ["undefined-alias", "other.mof", 3],
      ["undefined-alias", "other.mof", 3],
    ]);
  });

  it("reports an alias used but never defined", () => {
    const ds = check(classes + mof('instance of Acme_A as $One { Name = "1"; };', "instance of Acme_L {", "  Left = $One;", "  Right = $Two;", "};"));
    expect(brief(ds)).toEqual([["undefined-alias", "error", 6]]);
    expect(ds[0].message).toContain("$Two");
  });

  it("accepts an alias used before the instance that defines it", () => {
    const ds = check(classes + mof("instance of Acme_L { Left = $Later; Right = $Later; };", 'instance of Acme_A as $Later { Name = "1"; };'));
    expect(ds).toEqual([]);
  });
});

describe("duplicate-class", () => {
  it("warns about a class defined twice in one namespace", () => {
    const ds = check(mof("class Acme_A { string Name; };", "", "class ACME_A { string Name; };"));
    expect(brief(ds)).toEqual([["duplicate-class", "warning", 3]]);
  });

  it("accepts a redefinition after #pragma deleteclass", () => {
    const ds = check(mof("class Acme_A { string Name; };", '#pragma deleteclass("Acme_A", NOFAIL)', "class Acme_A { string Name; uint32 Size; };"));
    expect(ds).toEqual([]);
  });

  it("warns across files and accepts a deleteclass in a later file", () => {
    const a = mof("class Acme_A { string Name; };");
    expect(brief(check(a, mof("", "class Acme_A { string Name; };")))).toEqual([["duplicate-class", "warning", 2]]);
    expect(check(a, mof('#pragma deleteclass("acme_a", FAIL)', "class Acme_A { string Name; };"))).toEqual([]);
  });

  it("counts a file included twice as one definition", () => {
    const main = parseMof(mof('#pragma include("lib.mof")', '#pragma include("lib.mof")'), { file: "main.mof" });
    const lib = parseMof(mof("class Acme_Lib { string Name; };"), { file: "lib.mof" });
    const includes = new Map(main.productions.map((p) => [p as PragmaNode, lib]));
    const program: MofProgram = { roots: [main], documents: [main, lib], includes, diagnostics: [] };
    expect(checkProgram(program)).toEqual([]);
  });

  it("accepts the same class name in two namespaces (data class and reporting class)", () => {
    const ds = check(
      mof(
        String.raw`#pragma namespace("\\\\.\\root\\cimv2")`,
        "class Acme_A { [Key] string Name; };",
        String.raw`#pragma namespace("\\\\.\\root\\cimv2\\sms")`,
        "[SMS_Report(TRUE)] class Acme_A : SMS_Class_Template { [Key, SMS_Report(TRUE)] string Name; };",
      ),
    );
    expect(ds).toEqual([]);
  });
});

describe("values against declared types", () => {
  it("reports integers out of range for their type", () => {
    const ds = check(
      mof("class Acme_A {", "  uint8 Small = 300;", "  sint8 Neg = -129;", "  uint64 Big = 18446744073709551616;", "  uint32 Minus = -1;", "};"),
    );
    expect(brief(ds)).toEqual([
      ["value-out-of-range", "error", 2],
      ["value-out-of-range", "error", 3],
      ["value-out-of-range", "error", 4],
      ["value-out-of-range", "error", 5],
    ]);
    expect(ds[0].message).toContain("0 to 255");
  });

  it("accepts the limits of each integer type", () => {
    const ds = check(
      mof(
        "class Acme_A {",
        "  uint8 A = 255; sint8 B = -128; uint16 C = 0xFFFF; sint16 D = -32768;",
        "  uint32 E = 4294967295; sint32 F = -2147483648; uint64 G = 18446744073709551615; sint64 H = -9223372036854775808;",
        "};",
      ),
    );
    expect(ds).toEqual([]);
  });

  it("reports values of the wrong kind", () => {
    const ds = check(
      mof(
        "class Acme_A {",
        '  uint32 Count = "5";',
        "  string Name = 5;",
        "  boolean Flag = 1;",
        "  uint32 One = {1, 2};",
        '  string Many[] = "x";',
        '  real32 Ratio = "1.5";',
        '  char16 Letter = "ab";',
        "};",
      ),
    );
    expect(brief(ds)).toEqual([2, 3, 4, 5, 6, 7, 8].map((line) => ["type-mismatch", "error", line]));
    expect(ds[0].hint).toBe("remove the quotes");
  });

  it("accepts the values each type takes", () => {
    const ds = check(
      mof(
        "class Acme_A {",
        "  real32 Ratio = 1;",
        "  real64 Pi = 3.14;",
        "  char16 Letter = 'a';",
        '  datetime When = "20240101000000.000000+000";',
        "  string Nothing = NULL;",
        "  uint32 Macro = SOME_MACRO;",
        '  string List[] = {"a", "b"};',
        "  uint8 Bytes[] = {};",
        "  boolean Flag = TRUE;",
        "};",
      ),
    );
    expect(ds.filter((d) => d.code !== "undefined-macro")).toEqual([]);
  });

  it("checks instance values against the property type found through superclasses", () => {
    const ds = check(
      mof(
        "class Acme_Base { uint16 Port; string Name; };",
        "class Acme_Sub : Acme_Base { };",
        "instance of ACME_SUB {",
        '  port = "80";',
        '  Name = "ok";',
        "};",
        "instance of Acme_Sub { Port = 70000; };",
      ),
    );
    expect(brief(ds)).toEqual([
      ["type-mismatch", "error", 4],
      ["value-out-of-range", "error", 7],
    ]);
  });

  it("checks qualifier values against a loaded qualifier declaration", () => {
    const ds = check(
      mof(
        "Qualifier Static : boolean = false, Scope(property, method), Flavor(DisableOverride, ToSubclass);",
        "Qualifier MaxLen : uint32 = null, Scope(property);",
        "class Acme_A {",
        '  [Static("True")] uint32 MyMethod();',
        "  [Static(TRUE), MaxLen(-1)] string Name;",
        '  [Static, MaxLen(256), Undeclared("anything")] string Other;',
        "};",
      ),
    );
    expect(brief(ds)).toEqual([
      ["type-mismatch", "error", 4],
      ["value-out-of-range", "error", 5],
    ]);
  });

  it("ignores WMI flavor-only qualifier declarations, which declare no type", () => {
    const ds = check(mof("qualifier displayname : ToInstance;", 'class Acme_A { [displayname("Counter")] uint32 Value; };'));
    expect(ds).toEqual([]);
  });

  it("checks a qualifier declaration's own default", () => {
    const ds = check(mof('Qualifier Abstract : boolean = "no", Scope(class);'));
    expect(brief(ds)).toEqual([["type-mismatch", "error", 1]]);
  });
});

describe("unknown-property", () => {
  it("reports a property the instance's class does not declare, with a suggestion", () => {
    const ds = check(
      mof("class Acme_Base { string Name; };", "class Acme_A : Acme_Base { uint32 Size; };", "instance of Acme_A {", '  Nmae = "x";', "  Size = 1;", "};"),
    );
    expect(brief(ds)).toEqual([["unknown-property", "error", 4]]);
    expect(ds[0].hint).toBe("did you mean Name?");
  });

  it("also checks embedded instances", () => {
    const ds = check(
      mof(
        "class Acme_A { string Name; };",
        'class Acme_B { [EmbeddedInstance("Acme_A")] string Inner; };',
        "instance of Acme_B {",
        '  Inner = instance of Acme_A { Bad = "x"; };',
        "};",
      ),
    );
    expect(brief(ds)).toEqual([["unknown-property", "error", 4]]);
  });

  it("says nothing when the class or one of its superclasses is not loaded", () => {
    const ds = check(
      mof(
        "class Acme_A : Win32_Missing { string Name; };",
        "instance of Acme_A { Other = 1; };",
        "instance of Win32_Gone { Anything = 1; };",
        'instance of __Win32Provider { Name = "p"; Clsid = "{x}"; };',
      ),
    );
    expect(ds.map((d) => d.code)).not.toContain("unknown-property");
  });
});

describe("unknown-type", () => {
  it("reports a misspelt type with a suggestion", () => {
    const ds = check(mof("class Acme_A {", "  strng Name;", "};"));
    expect(brief(ds)).toEqual([["unknown-type", "error", 2]]);
    expect(ds[0].hint).toBe("did you mean string?");
  });

  it("suggests a loaded class name", () => {
    const ds = check(mof("class Acme_Address { string Street; };", "class Acme_Person { Acme_Adress Home; };"));
    expect(brief(ds)).toEqual([["unknown-type", "error", 2]]);
    expect(ds[0].hint).toBe("did you mean Acme_Address?");
  });

  it("names MOF v3 types as such", () => {
    const ds = check(mof("class Acme_A {", "  Integer Count;", "  OctetString Data;", "};"));
    expect(brief(ds)).toEqual([
      ["unknown-type", "error", 2],
      ["unknown-type", "error", 3],
    ]);
    expect(ds[0].message).toMatch(/MOF v3/);
    expect(ds[0].message).toMatch(/WMI/);
  });

  it("reports int32 (not a MOF type) in a method parameter", () => {
    const ds = check(mof("class Acme_A {", "  uint32 Run(", "    [in] int32 Count);", "};"));
    expect(brief(ds)).toEqual([["unknown-type", "error", 3]]);
  });

  it("accepts intrinsic types in any case, loaded classes, references and system classes", () => {
    const ds = check(
      mof(
        "class Acme_B { };",
        "class Acme_A {",
        "  Boolean Flag; STRING Name; DateTime When; object Any;",
        "  Acme_B Embedded; Acme_Missing ref Link; __Event Ev;",
        "  void Go();",
        "};",
      ),
    );
    expect(ds).toEqual([]);
  });
});

describe("undefined classes", () => {
  it("warns about a superclass or instance class the target system may provide", () => {
    const ds = check(mof("class Acme_A : Win32_Missing { };", 'instance of SMS_Collection { Name = "x"; };', 'instance of SMS_Collection { Name = "y"; };'));
    expect(brief(ds)).toEqual([
      ["undefined-superclass", "warning", 1],
      ["undefined-class", "warning", 2],
    ]);
    expect(ds[1].message).toContain("used 2 times");
  });

  it("fails a class name without a schema prefix that no file defines", () => {
    const ds = check(mof("", 'instance of NoClass as $Y { keya = "x"; };', "class Acme_A : NoBase { };"));
    expect(brief(ds)).toEqual([
      ["undefined-class", "error", 2],
      ["undefined-superclass", "error", 3],
    ]);
  });

  it("knows system classes, SMS_Class_Template and classes of the program", () => {
    const ds = check(
      mof("class Acme_Event : __ExtrinsicEvent { };", 'instance of __Win32Provider as $P { Name = "P"; };', "class Acme_R : SMS_Class_Template { };"),
      mof("class Acme_D { string Name; };", 'instance of acme_d { Name = "x"; };'),
    );
    expect(ds).toEqual([]);
  });

  it("only warns when the program is incomplete, as the missing file may define the class", () => {
    const ds = check(mof('#include "defs.h"', "instance of NoClass { A = 1; };", "class Acme_A { NoType X; };"));
    expect(brief(ds)).toEqual([
      ["undefined-class", "warning", 2],
      ["unknown-type", "warning", 3],
    ]);
    expect(ds[0].hint).toMatch(/could not be loaded/);
  });
});

describe("pragmas", () => {
  it("reports a locale that is no locale name", () => {
    const ds = check(mof('#pragma locale ("junkvalue")'));
    expect(brief(ds)).toEqual([["invalid-locale", "error", 1]]);
    expect(ds[0].column).toBe(17);
  });

  it("accepts en_US, 0x409 and MS_409", () => {
    expect(check(mof('#pragma locale("en_US")', '#pragma locale("0x409")', '#pragma amendment("MS_409")', '#pragma locale("MS_409")'))).toEqual([]);
  });

  it("warns about a namespace pragma with an empty path, which leaves the namespace as it was (decisions/0010)", () => {
    const ds = check(
      mof(
        String.raw`#pragma namespace("\\\\.\\root\\cimv2")`,
        '#pragma namespace("")',
        String.raw`#pragma namespace("\\\\.\\")`,
        '#pragma namespace("sms")',
        "#pragma namespace(42)",
      ),
    );
    expect(brief(ds)).toEqual([
      ["empty-namespace", "warning", 2],
      ["empty-namespace", "warning", 3],
      ["invalid-namespace", "error", 5],
    ]);
    expect(ds[0].message).toBe('#pragma namespace("") has an empty namespace path: the namespace in effect (root\\cimv2) does not change');
    expect(ds[0].hint).toContain("does not change");
  });
});

describe("robustness", () => {
  it("checks what parsed in a file with syntax errors and does not throw", () => {
    const doc = parseMof(mof("class Acme_A { string Name; string Name; };", "class { broken", "instance of Acme_A { Nope = 1; };"), { file: "x.mof" });
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    const ds = checkProgram(programFromDocuments([doc]));
    expect(ds.map((d) => d.code)).toContain("duplicate-property");
  });
});

describe("helpers", () => {
  it("edit distance and closest match", () => {
    expect(editDistance("strng", "string")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closest("Uint23", ["uint32", "uint16"])).toBe("uint32");
    expect(closest("zzzzzz", ["uint32"])).toBeUndefined();
  });

  it("locale names", () => {
    const locale = (value: string) => checkProgram(programFromDocuments([parseMof(`#pragma locale("${value}")`, { file: "l.mof" })])).map((d) => d.code);
    for (const good of ["en_US", "de-DE", "0x409", "MS_409", "fr"]) expect(locale(good), good).toEqual([]);
    for (const bad of ["junkvalue", "", "en_", "409"]) expect(locale(bad), bad).toEqual(["invalid-locale"]);
  });

  it("class names that may come from elsewhere are warnings, others errors", () => {
    const severity = (name: string) =>
      checkProgram(programFromDocuments([parseMof(`instance of ${name} {};`, { file: "i.mof" })])).find((d) => d.code === "undefined-class")?.severity;
    for (const name of ["Win32_Process", "SMS_Collection", "MSFT_Rule", "CIM_ManagedElement", "StdRegProv", "WMIEvent"])
      expect(severity(name), name).toBe("warning");
    for (const name of ["NoClass", "X", "_Bad", "Trailing_"]) expect(severity(name), name).toBe("error");
  });
});

describe("checkProgram after a syntax error", () => {
  it("does not repeat a broken class as 'not defined', but keeps real type errors", () => {
    const doc = parseMof("class A {\n  uint32 size\n  uint8 x;\n};\nclass B { strng Name; };\ninstance of A { y = 1; };\n", { file: "broken.mof" });
    const all = [...doc.diagnostics, ...checkProgram(programFromDocuments([doc]))];
    expect(all.filter((d) => d.severity === "error").map((d) => `${d.code}:${d.line}`)).toEqual(["expected-semicolon:3", "unknown-type:5"]);
    expect(all.find((d) => d.code === "undefined-class")).toMatchObject({ severity: "warning", line: 6 });
  });
});
