import { describe, expect, it } from "vitest";
import type * as A from "mof-migrate";
import { parseMof, type MofDocument } from "mof-migrate";
import { leadingTrivia, qualifierName, sliceSource, stringLiteralRanges } from "mof-migrate/syntax";

function parse(text: string): MofDocument {
  return parseMof(text, { file: "test.mof" });
}

/** `[code, severity, line, column]` of each diagnostic. */
function diagnostics(doc: MofDocument): [string, string, number, number][] {
  return doc.diagnostics.map((d) => [d.code, d.severity, d.line, d.column]);
}

/** Parse text that must hold exactly one statement and no diagnostics; return that statement. */
function single<K extends A.Production["kind"]>(text: string, kind: K): Extract<A.Production, { kind: K }> {
  const doc = parse(text);
  expect(doc.diagnostics).toEqual([]);
  expect(doc.productions).toHaveLength(1);
  const p = doc.productions[0];
  expect(p.kind).toBe(kind);
  return p as Extract<A.Production, { kind: K }>;
}

function names(list: readonly A.Name[]): string[] {
  return list.map((n) => n.name);
}

/** The value of `p` in `instance of A { p = <value>; };`, which must parse cleanly. */
function value(text: string): A.Value {
  const inst = single(`instance of A { p = ${text}; };`, "instance");
  expect(inst.properties).toHaveLength(1);
  return inst.properties[0].value!;
}

describe("pragmas", () => {
  it("namespace: the string argument is unescaped", () => {
    const text = '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")';
    const p = single(text, "pragma");
    expect(p.name.name).toBe("namespace");
    expect(p.args).toMatchObject([{ kind: "string", value: "\\\\.\\root\\cimv2" }]);
    expect(p).toMatchObject({ start: 0, end: text.length });
  });

  it("accepts '# pragma' with a space and any case, keeping the name's spelling", () => {
    const p = single('#  PRAGMA NameSpace ("root\\\\cimv2")', "pragma");
    expect(p.name).toEqual({ name: "NameSpace", start: 10, end: 19 });
    expect(p.args).toMatchObject([{ kind: "string", value: "root\\cimv2" }]);
  });

  it("deleteclass with an unquoted flag, without warning about the flag", () => {
    const p = single('#pragma deleteclass("Win32_Foo", NOFAIL)', "pragma");
    expect(p.args).toMatchObject([
      { kind: "string", value: "Win32_Foo" },
      { kind: "identifier", name: "NOFAIL" },
    ]);
  });

  it("deleteinstance with a quoted path and FAIL", () => {
    const p = single('#pragma deleteinstance("Win32_Foo.Name=\\"x\\"", FAIL)', "pragma");
    expect(p.args).toMatchObject([
      { kind: "string", value: 'Win32_Foo.Name="x"' },
      { kind: "identifier", name: "FAIL" },
    ]);
  });

  it("autorecover without parentheses ends the statement after its name", () => {
    const doc = parse("#pragma autorecover\nclass A {};");
    expect(doc.diagnostics).toEqual([]);
    expect(doc.productions.map((p) => p.kind)).toEqual(["pragma", "class"]);
    expect(doc.productions[0]).toMatchObject({ name: { name: "autorecover" }, args: [], start: 0, end: 19 });
  });

  it("include, locale, amendment and instanceflags take one string", () => {
    for (const [name, arg] of [
      ["include", "file.mof"],
      ["locale", "en_US"],
      ["amendment", "MS_409"],
      ["instanceflags", "createonly"],
    ]) {
      const p = single(`#pragma ${name}("${arg}")`, "pragma");
      expect(p.name.name).toBe(name);
      expect(p.args).toMatchObject([{ kind: "string", value: arg }]);
    }
  });

  it("classflags takes several strings", () => {
    const p = single('#pragma classflags("safeupdate","forceupdate")', "pragma");
    expect(p.args.map((a) => (a.kind === "string" ? a.value : a.kind))).toEqual(["safeupdate", "forceupdate"]);
  });

  it("classflags may be a number", () => {
    expect(single("#pragma classflags(1)", "pragma").args).toMatchObject([{ kind: "integer", value: 1n }]);
  });

  it("an unknown pragma is an invalid-pragma error at its name; the statement is still there", () => {
    const doc = parse('class A {};\n#pragma  junkname("x")\nclass B {};');
    expect(diagnostics(doc)).toEqual([["invalid-pragma", "error", 2, 10]]);
    expect(doc.diagnostics[0].mofcomp).toBe("WBEMMOF_E_INVALID_PRAGMA");
    expect(doc.productions.map((p) => p.kind)).toEqual(["class", "pragma", "class"]);
  });

  it("an unclosed pragma argument list is reported at its '('", () => {
    const doc = parse('\n#pragma include("a.mof"');
    expect(diagnostics(doc)).toEqual([["expected-close-paren", "error", 2, 16]]);
  });
});

describe("qualifier declarations", () => {
  it("full form: type, default, scopes, flavors", () => {
    const q = single("Qualifier Units : string = null, Scope(property, method), Flavor(EnableOverride, ToSubclass);", "qualifierDeclaration");
    expect(q.name.name).toBe("Units");
    expect(q.type).toMatchObject({ name: "string", ref: false });
    expect(q.defaultValue).toMatchObject({ kind: "null" });
    expect(names(q.scopes)).toEqual(["property", "method"]);
    expect(names(q.flavors)).toEqual(["EnableOverride", "ToSubclass"]);
    expect(q.array).toBeUndefined();
  });

  it("array type with an array default, keywords in any case", () => {
    const q = single('QUALIFIER ValueMap : STRING[] = {"0", "1"}, SCOPE(CLASS, ANY), FLAVOR(Amended);', "qualifierDeclaration");
    expect(q.array).toBeDefined();
    expect(q.array!.size).toBeUndefined();
    expect(q.defaultValue).toMatchObject({ kind: "array", elements: [{ value: "0" }, { value: "1" }] });
    expect(names(q.scopes)).toEqual(["CLASS", "ANY"]);
    expect(names(q.flavors)).toEqual(["Amended"]);
  });

  it("WMI shorthand with flavors only: qualifier read:ToInstance ToSubClass;", () => {
    const q = single("qualifier read:ToInstance ToSubClass;", "qualifierDeclaration");
    expect(q.name.name).toBe("read");
    expect(names(q.flavors)).toEqual(["ToInstance", "ToSubClass"]);
    expect(q.scopes).toEqual([]);
  });

  it("without a scope", () => {
    const q = single("qualifier Abstract : boolean = false;", "qualifierDeclaration");
    expect(q.defaultValue).toMatchObject({ kind: "boolean", value: false });
    expect(q.scopes).toEqual([]);
    expect(q.flavors).toEqual([]);
  });

  it("an unknown flavor or scope is an error at that word", () => {
    expect(diagnostics(parse("qualifier A : boolean = false,\n  Scope(class), Flavor(Bogus);"))).toEqual([["invalid-flavor", "error", 2, 24]]);
    expect(diagnostics(parse("qualifier A : boolean, Scope(property, nowhere);"))).toEqual([["invalid-scope", "error", 1, 40]]);
  });

  it("a trailing comma or an empty list in Scope() is a syntax error", () => {
    expect(diagnostics(parse("qualifier A : boolean, Scope(class, );"))).toEqual([["unexpected-token", "error", 1, 37]]);
    expect(diagnostics(parse("qualifier A : boolean, Scope();"))).toEqual([["unexpected-token", "error", 1, 30]]);
    expect(parse("qualifier A : boolean, Scope();").diagnostics[0].message).toMatch(/expected name but found '\)'/);
  });
});

describe("qualifier lists", () => {
  it("bare names, values, Name{…} arrays and flavors", () => {
    const text = '[key, SMS_Report(TRUE), ValueMap{"1","2"}, MaxLen(64), Description("x") : ToInstance Amended]\nclass A {};';
    const c = single(text, "class");
    const list = c.qualifierList!;
    expect(list).toMatchObject({ start: 0, end: text.indexOf("]") + 1 });
    const [key, report, valueMap, maxLen, description] = list.qualifiers;
    expect(key.name).toBe("key");
    // A qualifier starts with its name; qualifierName gives the name's range.
    expect(qualifierName(report)).toEqual({ name: "SMS_Report", start: text.indexOf("SMS_Report"), end: text.indexOf("SMS_Report") + "SMS_Report".length });
    expect(qualifierName(key)).toEqual({ name: "key", start: 1, end: 4 });
    expect(key.value).toBeUndefined();
    expect(key.flavors).toEqual([]);
    expect(report.value).toMatchObject({ kind: "boolean", value: true });
    expect(valueMap.value).toMatchObject({
      kind: "array",
      elements: [
        { kind: "string", value: "1" },
        { kind: "string", value: "2" },
      ],
    });
    expect(maxLen.value).toMatchObject({ kind: "integer", value: 64n });
    expect(description.value).toMatchObject({ kind: "string", value: "x" });
    expect(names(description.flavors)).toEqual(["ToInstance", "Amended"]);
    expect(description).toMatchObject({ start: text.indexOf("Description"), end: text.indexOf("]") });
  });

  it("an array in parentheses", () => {
    const c = single('[Values({"a", "b"})] class A {};', "class");
    expect(c.qualifierList!.qualifiers[0].value).toMatchObject({ kind: "array", elements: [{ value: "a" }, { value: "b" }] });
  });

  it("an unknown flavor in a list is an error", () => {
    expect(diagnostics(parse('[Description("x"): Bogus] class A {};'))).toEqual([["invalid-flavor", "error", 1, 20]]);
  });

  it("a list that is never closed is reported at its '['", () => {
    const doc = parse("class A {\n    [key\n    string Name;\n};");
    expect(diagnostics(doc)).toEqual([["expected-close-bracket", "error", 2, 5]]);
    expect(doc.diagnostics[0].message).toMatch(/'\[' is not closed/);
  });
});

describe("classes", () => {
  it("empty body", () => {
    const c = single("class A {};", "class");
    expect(c).toMatchObject({ name: { name: "A", start: 6, end: 7 }, features: [], start: 0, end: 11 });
    expect(c.superclass).toBeUndefined();
    expect(c.qualifierList).toBeUndefined();
  });

  it("superclass, and qualifiers that start the declaration", () => {
    const c = single("[abstract]\nclass B : A\n{\n};", "class");
    expect(c.superclass).toEqual({ name: "A", start: 21, end: 22 });
    expect(c.start).toBe(0);
    expect(c.end).toBe(27);
  });

  it("properties: scalars, arrays, defaults, references, objects, embedded classes", () => {
    const c = single(
      `class A {
        string s;
        uint8 a[];
        uint8 b[16];
        uint32 c = 5;
        string d[] = {"x", "y"};
        Win32_Foo REF r;
        object o;
        CIM_Thing embedded;
        [key, MaxLen(10)] string k;
      };`,
      "class",
    );
    const props = c.features as A.PropertyDeclaration[];
    expect(props.map((p) => [p.kind, p.type.name, p.type.ref, p.name.name])).toEqual([
      ["property", "string", false, "s"],
      ["property", "uint8", false, "a"],
      ["property", "uint8", false, "b"],
      ["property", "uint32", false, "c"],
      ["property", "string", false, "d"],
      ["property", "Win32_Foo", true, "r"],
      ["property", "object", false, "o"],
      ["property", "CIM_Thing", false, "embedded"],
      ["property", "string", false, "k"],
    ]);
    expect(props[0].array).toBeUndefined();
    expect(props[1].array).toBeDefined();
    expect(props[1].array!.size).toBeUndefined();
    expect(props[2].array!.size).toBe(16);
    expect(props[3].defaultValue).toMatchObject({ kind: "integer", value: 5n });
    expect(props[4].defaultValue).toMatchObject({ kind: "array", elements: [{ value: "x" }, { value: "y" }] });
    expect(props[8].qualifierList!.qualifiers.map((q) => q.name)).toEqual(["key", "MaxLen"]);
    expect(props[8].start).toBe(props[8].qualifierList!.start);
  });

  it("methods: void, parameters with qualifiers, arrays and references", () => {
    const c = single(
      "class A {\n  void Stop();\n  [static] uint32 Create([in] string Path, [in, out] uint32 Ids[], [out] CIM_X REF Result, sint32 n = 3);\n};",
      "class",
    );
    const [stop, create] = c.features as A.MethodDeclaration[];
    expect(stop).toMatchObject({ kind: "method", returnType: { name: "void" }, name: { name: "Stop" }, parameters: [] });
    expect(create.returnType.name).toBe("uint32");
    expect(create.qualifierList!.qualifiers[0].name).toBe("static");
    expect(create.parameters.map((p) => [p.name.name, p.type.name, p.type.ref, p.array !== undefined, p.qualifierList?.qualifiers.map((q) => q.name)])).toEqual(
      [
        ["Path", "string", false, false, ["in"]],
        ["Ids", "uint32", false, true, ["in", "out"]],
        ["Result", "CIM_X", true, false, ["out"]],
        ["n", "sint32", false, false, undefined],
      ],
    );
    expect(create.parameters[3].defaultValue).toMatchObject({ kind: "integer", value: 3n });
  });

  it("keywords as names: properties named Class, Flavor, Scope, Instance", () => {
    const c = single("class A { string Class; uint32 Flavor; string Scope; boolean Instance; string Of; };", "class");
    expect(c.features.map((f) => f.name.name)).toEqual(["Class", "Flavor", "Scope", "Instance", "Of"]);
  });

  it("keywords in any case", () => {
    const c = single("CLASS A : B { STRING s = NULL; BOOLEAN b = True; };", "class");
    expect(c.features[1]).toMatchObject({ defaultValue: { kind: "boolean", value: true } });
  });
});

describe("instances", () => {
  it("with an alias and property values", () => {
    const i = single('instance of Win32_Foo as $Foo1 { Name = "x"; Size = 4; };', "instance");
    expect(i.className.name).toBe("Win32_Foo");
    expect(i.alias).toEqual({ name: "Foo1", start: 25, end: 30 });
    expect(i.properties.map((p) => p.name.name)).toEqual(["Name", "Size"]);
  });

  it("DYNPROPS: properties with qualifiers and no value", () => {
    const i = single(
      `[DYNPROPS]
instance of Reg_Thing {
  [key] KeyName = "x";
  [PropertyContext("local|HKEY_LOCAL_MACHINE\\\\Software\\\\X|Value"), Dynamic, Provider("RegPropProv")] Value;
};`,
      "instance",
    );
    expect(i.qualifierList!.qualifiers[0].name).toBe("DYNPROPS");
    expect(i.start).toBe(0);
    const [key, dyn] = i.properties;
    expect(key.value).toMatchObject({ kind: "string", value: "x" });
    expect(dyn.value).toBeUndefined();
    expect(dyn.qualifierList!.qualifiers[0].value).toMatchObject({ value: "local|HKEY_LOCAL_MACHINE\\Software\\X|Value" });
    expect(dyn.qualifierList!.qualifiers.map((q) => q.name)).toEqual(["PropertyContext", "Dynamic", "Provider"]);
  });

  it("keywords as property names: Qualifier = 13; Class = 'x'", () => {
    const i = single('instance of A { Qualifier = 13; Class = "x"; Flavor = 1; };', "instance");
    expect(i.properties.map((p) => [p.name.name, p.value?.kind])).toEqual([
      ["Qualifier", "integer"],
      ["Class", "string"],
      ["Flavor", "integer"],
    ]);
  });

  it("keywords in any case: INSTANCE OF", () => {
    expect(single("INSTANCE OF A { };", "instance").className.name).toBe("A");
  });
});

describe("values", () => {
  const integers: [string, bigint, number][] = [
    ["0", 0n, 10],
    ["42", 42n, 10],
    ["-42", -42n, 10],
    ["+7", 7n, 10],
    ["0x1F", 31n, 16],
    ["0XFFFFFFFF", 4294967295n, 16],
    ["-0x10", -16n, 16],
    ["017", 15n, 8],
    ["-017", -15n, 8],
    ["101b", 5n, 2],
    ["-11B", -3n, 2],
    ["18446744073709551615", 18446744073709551615n, 10],
    ["-9223372036854775808", -9223372036854775808n, 10],
  ];
  for (const [text, v, radix] of integers) {
    it(`integer ${text} = ${v} (radix ${radix})`, () => {
      expect(value(text)).toMatchObject({ kind: "integer", value: v, radix, start: 20, end: 20 + text.length });
    });
  }

  for (const [text, v] of [
    ["1.5", 1.5],
    ["-1.5e-3", -0.0015],
    [".5", 0.5],
    ["1e3", 1000],
    ["+2.25E+2", 225],
  ] as const) {
    it(`real ${text} = ${v}`, () => {
      expect(value(text)).toMatchObject({ kind: "real", value: v });
    });
  }

  it("strings with every escape", () => {
    expect(value('"\\b\\t\\n\\f\\r\\"\\\'\\\\\\x41\\X7e|\\x263A"')).toMatchObject({ kind: "string", value: "\b\t\n\f\r\"'\\A~|\u263a" });
  });

  it("a string ending in an escaped backslash", () => {
    expect(value('"HKLM\\\\Software\\\\"')).toMatchObject({ kind: "string", value: "HKLM\\Software\\" });
  });

  it("adjacent literals are concatenated across comments and lines", () => {
    const text = 'instance of A { p = "a" /* c */ "b" // d\n   "c"; };';
    const doc = parse(text);
    expect(doc.diagnostics).toEqual([]);
    const v = (doc.productions[0] as A.InstanceDeclaration).properties[0].value as A.StringValue;
    expect(v.value).toBe("abc");
    expect(stringLiteralRanges(doc, v).map((r) => text.slice(r.start, r.end))).toEqual(['"a"', '"b"', '"c"']);
    expect(text.slice(v.start, v.end)).toBe('"a" /* c */ "b" // d\n   "c"');
  });

  it("char16 literals", () => {
    expect(value("'x'")).toMatchObject({ kind: "char", value: "x" });
    expect(value("'\\x41'")).toMatchObject({ kind: "char", value: "A" });
    expect(value("'\\''")).toMatchObject({ kind: "char", value: "'" });
  });

  it("booleans in any case, and null", () => {
    expect(value("TRUE")).toMatchObject({ kind: "boolean", value: true });
    expect(value("False")).toMatchObject({ kind: "boolean", value: false });
    expect(value("tRuE")).toMatchObject({ kind: "boolean", value: true });
    expect(value("NULL")).toMatchObject({ kind: "null" });
  });

  it("empty and nested arrays", () => {
    expect(value("{}")).toMatchObject({ kind: "array", elements: [] });
    expect(value("{{1}, {2, 3}, {}}")).toMatchObject({
      kind: "array",
      elements: [
        { kind: "array", elements: [{ value: 1n }] },
        { kind: "array", elements: [{ value: 2n }, { value: 3n }] },
        { kind: "array", elements: [] },
      ],
    });
  });

  it("alias references, alone and in arrays", () => {
    expect(value("$Foo")).toMatchObject({ kind: "alias", name: "Foo" });
    expect(value("{$a, $b}")).toMatchObject({
      elements: [
        { kind: "alias", name: "a" },
        { kind: "alias", name: "b" },
      ],
    });
  });

  it("embedded instances, alone and in arrays", () => {
    expect(value("instance of B { x = 1; }")).toMatchObject({
      kind: "instance",
      className: { name: "B" },
      properties: [{ name: { name: "x" }, value: { value: 1n } }],
    });
    const arr = value("{instance of B { x = 1; }, instance of C { y = instance of D { }; }}");
    expect(arr).toMatchObject({
      kind: "array",
      elements: [
        { kind: "instance", className: { name: "B" } },
        { kind: "instance", className: { name: "C" }, properties: [{ value: { kind: "instance", className: { name: "D" } } }] },
      ],
    });
  });

  it("reports an invalid number inside a value at its line and column", () => {
    const doc = parse("instance of A {\n  a = 08;\n  b = 2b;\n};");
    expect(diagnostics(doc)).toEqual([
      ["invalid-number", "error", 2, 7],
      ["invalid-number", "error", 3, 7],
    ]);
  });
});

describe("MOF v3", () => {
  const v3: [string, string, number, number][] = [
    ["enumeration X : Integer { a = 1, b = 2 };", "enumeration", 1, 1],
    ["\nstructure S { string a; };", "structure", 2, 1],
    ['[Description("x")]\nstructure S { string a; };', "structure", 2, 1],
    ["value of A { x = 1; };", "value", 1, 1],
    ["value of A as $a { x = 1; };", "value", 1, 1],
    ["association R { A ref a; B ref b; };", "association", 1, 1],
    ["class A {\n  structure Local { string s; };\n  string t;\n};", "structure", 2, 3],
    ["class A {\n  enumeration E : String { x, y };\n};", "enumeration", 2, 3],
  ];
  for (const [text, word, line, column] of v3) {
    it(`rejects '${word}' naming MOF v3: ${JSON.stringify(text)}`, () => {
      const doc = parse(text);
      expect(diagnostics(doc)).toEqual([["mof-v3", "error", line, column]]);
      expect(doc.diagnostics[0].message).toContain("MOF v3");
      expect(doc.diagnostics[0].message).toContain(`'${word}'`);
    });
  }

  it("does not take MOF 2 names that look like v3 words for v3", () => {
    const doc = parse(
      'class A { string structure; uint8 value; string enumeration[]; };\ninstance of A { value = 1; structure = "x"; };\n[Association] class R { A ref a; };',
    );
    expect(doc.diagnostics).toEqual([]);
    expect(doc.productions).toHaveLength(3);
  });
});

describe("error recovery", () => {
  it("gives each broken statement exactly one error and keeps the valid ones between", () => {
    const text = [
      "class A { string x };", // 1: missing ';' after x
      "class B { string y; };", // 2: valid
      "class C { uint8 z = ; };", // 3: value missing
      'instance of B { y = "ok"; };', // 4: valid
      "class D : { };", // 5: superclass missing
      '#pragma namespace("root")', // 6: valid
      "class E { string e; }", // 7: missing ';' after '}'
      "class F { };", // 8: valid
    ].join("\n");
    const doc = parse(text);
    expect(doc.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["expected-semicolon", 1],
      ["unexpected-token", 3],
      ["unexpected-token", 5],
      ["expected-semicolon", 7],
    ]);
    expect(
      doc.productions.map((p) =>
        p.kind === "pragma" ? "pragma" : p.kind === "instance" ? `instance of ${p.className.name}` : `${p.kind} ${(p as A.ClassDeclaration).name.name}`,
      ),
    ).toEqual(["class B", "instance of B", "pragma", "class F"]);
  });

  it("reports a missing '}' at the '{' it should close, and goes on with the next class", () => {
    const doc = parse("class A {\n  string x;\n\nclass B { string y; };");
    expect(diagnostics(doc)).toEqual([["expected-close-brace", "error", 1, 9]]);
    expect(doc.diagnostics[0].message).toMatch(/'\{' is not closed: expected '\}' but found 'class'/);
    expect(doc.productions).toMatchObject([{ kind: "class", name: { name: "B" } }]);
  });

  it("reports a missing '}' at the end of the file at its '{'", () => {
    const doc = parse("\n\ninstance of A {\n  x = 1;\n");
    expect(diagnostics(doc)).toEqual([["expected-close-brace", "error", 3, 15]]);
  });

  it("reports a statement cut off by the end of the file", () => {
    const doc = parse("class A {}; class");
    expect(diagnostics(doc)).toEqual([["unexpected-end", "error", 1, 18]]);
  });

  it("reports only the unterminated string in a statement it breaks, not the parser's error before it", () => {
    const doc = parse('class A {\n  [Description("one\n  two"), key] string x;\n};\nclass B {};');
    // The closing quote on the next line opens a second unterminated string; the parser's error is dropped.
    expect(diagnostics(doc)).toEqual([
      ["unterminated-string", "error", 2, 16],
      ["unterminated-string", "error", 3, 6],
    ]);
    expect(doc.productions).toMatchObject([{ kind: "class", name: { name: "B" } }]);
  });

  it("points at the unexpected token, with the mofcomp name for the code", () => {
    const doc = parse("class A {\n  string s\n  string t;\n};");
    expect(diagnostics(doc)).toEqual([["expected-semicolon", "error", 3, 3]]);
    expect(doc.diagnostics[0].message).toBe("expected ';' after 's' but found 'string'");
    expect(doc.diagnostics[0].mofcomp).toBe("WBEMMOF_E_EXPECTED_SEMI");
  });
});

describe("deep nesting", () => {
  const N = 100_000;

  it("refuses 100,000 nested arrays with nesting-too-deep, without overflowing the stack", () => {
    const doc = parse("instance of A { p = " + "{".repeat(N) + "}".repeat(N) + "; };\nclass B {};");
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["nesting-too-deep"]);
    expect(doc.diagnostics[0].severity).toBe("error");
    expect(doc.productions).toMatchObject([{ kind: "class", name: { name: "B" } }]);
  });

  it("refuses 100,000 nested embedded instances the same way", () => {
    const doc = parse("instance of A { p = " + "instance of A { p = ".repeat(N) + "1; " + "}; ".repeat(N) + "};");
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["nesting-too-deep"]);
  });

  it("refuses 100,000 unclosed braces", () => {
    expect(parse("instance of A { p = " + "{".repeat(N)).diagnostics.map((d) => d.code)).toEqual(["nesting-too-deep"]);
  });

  it("parses 200 levels of arrays and of embedded instances", () => {
    const arrays = single("instance of A { p = " + "{".repeat(200) + "1" + "}".repeat(200) + "; };", "instance");
    let v: A.Value = arrays.properties[0].value!;
    let depth = 0;
    while (v.kind === "array") {
      depth++;
      v = v.elements[0];
    }
    expect(depth).toBe(200);
    expect(v).toMatchObject({ kind: "integer", value: 1n });

    const embedded = single("instance of A { p = " + "instance of A { p = ".repeat(200) + "1; " + "}; ".repeat(200) + "};", "instance");
    let e: A.Value = embedded.properties[0].value!;
    depth = 0;
    while (e.kind === "instance") {
      depth++;
      e = e.properties[0].value!;
    }
    expect(depth).toBe(200);
  });
});

describe("leadingTrivia and sliceSource", () => {
  const text = "class A {}; // about A, same line\n\n// About B\n/* more\n   about B */\n[key]\nclass B {};\n";
  const doc = parse(text);
  const b = doc.productions[1];

  it("sliceSource gives a node's text", () => {
    expect(sliceSource(doc, b)).toBe("[key]\nclass B {};");
  });

  it("leadingTrivia covers the comment lines directly above, not the previous statement's line comment", () => {
    const trivia = leadingTrivia(doc, b);
    expect(sliceSource(doc, trivia)).toBe("// About B\n/* more\n   about B */\n");
    expect(sliceSource(doc, { start: trivia.start, end: b.end })).toBe("// About B\n/* more\n   about B */\n[key]\nclass B {};");
  });

  it("is empty when nothing but the previous statement is above", () => {
    const d = parse("class A {}; // about A\nclass B {};");
    const trivia = leadingTrivia(d, d.productions[1]);
    expect(trivia.start).toBe(trivia.end);
  });

  it("takes comments at the top of the file", () => {
    const d = parse("// header\r\n// more\r\nclass A {};");
    expect(sliceSource(d, leadingTrivia(d, d.productions[0]))).toBe("// header\r\n// more\r\n");
  });

  it("keeps a blank line between the comments and the node", () => {
    const d = parse("class A {};\n// about B\n\nclass B {};");
    expect(sliceSource(d, leadingTrivia(d, d.productions[1]))).toBe("// about B\n\n");
  });
});
