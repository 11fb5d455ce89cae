import { describe, expect, it } from "vitest";
import { parseMof, type MofDocument } from "mof-migrate";
import { printTokens, tokenize, type MofToken } from "mof-migrate/syntax";
import { scan } from "../grammar/scanner.js";

/** `[type name, image]` of each significant token. */
function tokensOf(text: string): [string, string][] {
  return scan(text).tokens.map((t) => [t.tokenType.name, t.image]);
}

function parse(text: string): MofDocument {
  return parseMof(text, { file: "test.mof" });
}

/** The diagnostics of a text, reduced to what a user sees first. */
function diagnosticsOf(text: string) {
  return parse(text).diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column }));
}

describe("scan: tokens", () => {
  it("splits a declaration into typed tokens with their images", () => {
    expect(tokensOf('[key] class A : B { string Name = "x"; };')).toEqual([
      ["LBracket", "["],
      ["Identifier", "key"],
      ["RBracket", "]"],
      ["Class", "class"],
      ["Identifier", "A"],
      ["Colon", ":"],
      ["Identifier", "B"],
      ["LBrace", "{"],
      ["Identifier", "string"],
      ["Identifier", "Name"],
      ["Equals", "="],
      ["StringLiteral", '"x"'],
      ["Semicolon", ";"],
      ["RBrace", "}"],
      ["Semicolon", ";"],
    ]);
  });

  it("recognizes keywords in any case and keeps their spelling", () => {
    expect(tokensOf("CLASS Instance oF AS Ref QUALIFIER scope FlAvOr TRUE false NuLl")).toEqual([
      ["Class", "CLASS"],
      ["Instance", "Instance"],
      ["Of", "oF"],
      ["As", "AS"],
      ["Ref", "Ref"],
      ["Qualifier", "QUALIFIER"],
      ["Scope", "scope"],
      ["Flavor", "FlAvOr"],
      ["True", "TRUE"],
      ["False", "false"],
      ["Null", "NuLl"],
    ]);
  });

  it("does not take a longer word for a keyword", () => {
    expect(tokensOf("classes Qualifiers ofs nullable _class class2")).toEqual([
      ["Identifier", "classes"],
      ["Identifier", "Qualifiers"],
      ["Identifier", "ofs"],
      ["Identifier", "nullable"],
      ["Identifier", "_class"],
      ["Identifier", "class2"],
    ]);
  });

  it("reads non-ASCII letters as part of names", () => {
    expect(tokensOf("class Café_Ω {};")[1]).toEqual(["Identifier", "Café_Ω"]);
  });

  it("reads '#pragma' with spaces or tabs after '#' and in any case as one token", () => {
    expect(tokensOf('#pragma namespace("x")')[0]).toEqual(["Pragma", "#pragma"]);
    expect(tokensOf("#  \tPRAGMA autorecover")).toEqual([
      ["Pragma", "#  \tPRAGMA"],
      ["Identifier", "autorecover"],
    ]);
    expect(tokensOf("#Pragma Include")[0]).toEqual(["Pragma", "#Pragma"]);
  });

  it("reads aliases with their '$'", () => {
    expect(tokensOf("$MyAlias $a1")).toEqual([
      ["AliasRef", "$MyAlias"],
      ["AliasRef", "$a1"],
    ]);
  });

  it("reads char16 literals, escapes included", () => {
    expect(tokensOf("'a' '\\'' '\\x41'")).toEqual([
      ["CharLiteral", "'a'"],
      ["CharLiteral", "'\\''"],
      ["CharLiteral", "'\\x41'"],
    ]);
  });

  it("keeps an escaped quote inside a string literal", () => {
    expect(tokensOf('"say \\"hi\\"" "C:\\\\"')).toEqual([
      ["StringLiteral", '"say \\"hi\\""'],
      ["StringLiteral", '"C:\\\\"'],
    ]);
  });

  it("skips every kind of whitespace: space, tab, CR, LF, VT, FF, NBSP, BOM", () => {
    expect(tokensOf("a \t\r\n\v\f\u00a0\ufeffb")).toEqual([
      ["Identifier", "a"],
      ["Identifier", "b"],
    ]);
    expect(scan("a \t\r\n\v\f\u00a0\ufeffb").diagnostics).toEqual([]);
  });

  it("gives token offsets into the text", () => {
    const t = scan('  class  "s"').tokens;
    expect(t.map((x) => [x.startOffset, x.endOffset])).toEqual([
      [2, 6],
      [9, 11],
    ]);
  });
});

describe("scan: numbers", () => {
  const cases: [string, string][] = [
    ["0", "IntegerLiteral"],
    ["42", "IntegerLiteral"],
    ["-42", "IntegerLiteral"],
    ["+7", "IntegerLiteral"],
    ["017", "IntegerLiteral"],
    ["0x1F", "IntegerLiteral"],
    ["0XaB", "IntegerLiteral"],
    ["-0x10", "IntegerLiteral"],
    ["101b", "IntegerLiteral"],
    ["0B", "IntegerLiteral"],
    ["1.5", "RealLiteral"],
    [".5", "RealLiteral"],
    ["-.5", "RealLiteral"],
    ["-1.5e-3", "RealLiteral"],
    ["1e10", "RealLiteral"],
    ["2.5E+3", "RealLiteral"],
  ];
  for (const [image, type] of cases) {
    it(`reads ${image} as one ${type} without diagnostics`, () => {
      const result = scan(image);
      expect(result.tokens.map((t) => [t.tokenType.name, t.image])).toEqual([[type, image]]);
      expect(result.diagnostics).toEqual([]);
    });
  }

  const invalid: [string, RegExp | undefined][] = [
    ["08", /octal/],
    ["0779", /octal/],
    ["2b", /binary/],
    ["1012b", /binary/],
    ["1.", /needs digits after the point/],
    ["0x", /hexadecimal/],
    ["0x1G", undefined],
    ["12abc", undefined],
    ["1.2.3", undefined],
  ];
  for (const [image, hint] of invalid) {
    it(`reports ${image} as one invalid number`, () => {
      const result = scan(`x = ${image};`);
      expect(result.tokens).toHaveLength(4);
      expect(result.tokens[2].image).toBe(image);
      expect(result.diagnostics).toHaveLength(1);
      const [d] = result.diagnostics;
      expect(d).toMatchObject({ code: "invalid-number", severity: "error", start: 4, end: 4 + image.length });
      if (hint) expect(d.hint).toMatch(hint);
      else expect(d.hint).toBeUndefined();
    });
  }

  it("does not take '1.' for a real: it is an error located at the number", () => {
    expect(diagnosticsOf("instance of A {\n  p = 1.;\n};")).toEqual([{ code: "invalid-number", severity: "error", line: 2, column: 7 }]);
  });

  it("reads '-' followed by a space as an unexpected character, not a number", () => {
    expect(scan("- 5").diagnostics.map((d) => d.code)).toEqual(["invalid-character"]);
  });
});

describe("scan: strings and escapes", () => {
  it("accepts every MOF escape without a diagnostic", () => {
    const result = scan('"\\b\\t\\n\\f\\r\\"\\\'\\\\\\x41\\X7e"');
    expect(result.tokens).toHaveLength(1);
    expect(result.diagnostics).toEqual([]);
  });

  it("warns about an unknown escape and about \\x without hex digits", () => {
    expect(diagnosticsOf('instance of A {\n  p = "a\\qb\\xZ";\n};')).toEqual([
      { code: "invalid-escape", severity: "warning", line: 2, column: 9 },
      { code: "invalid-escape", severity: "warning", line: 2, column: 12 },
    ]);
  });

  it("reports an unterminated string at its opening quote, and the string ends at the line end", () => {
    const text = 'instance of A {\n  p = "abc;\n};\nclass B {};';
    const result = scan(text);
    const str = result.tokens.find((t) => t.tokenType.name === "StringLiteral")!;
    expect(str.image).toBe('"abc;');
    const doc = parse(text);
    expect(doc.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["unterminated-string", 2, 7]]);
    expect(doc.diagnostics[0].hint).toMatch(/adjacent literals/);
    // The next declaration still parses.
    expect(doc.productions.map((p) => p.kind)).toContain("class");
  });

  it("ends a string at a backslash that ends the line and reports it unterminated", () => {
    expect(diagnosticsOf('instance of A { p = "abc\\\n"; };').map((d) => d.code)).toContain("unterminated-string");
  });

  it("reports an unterminated char16 literal", () => {
    expect(diagnosticsOf("instance of A {\n p = 'a;\n};")).toEqual([{ code: "invalid-char-literal", severity: "error", line: 2, column: 6 }]);
  });
});

describe("scan: comments", () => {
  it("keeps line and block comments, with their ranges, out of the tokens", () => {
    const text = "// one\nclass /* two\n lines */ A {}; // three";
    const result = scan(text);
    expect(result.comments.map((c) => [c.kind, text.slice(c.start, c.end)])).toEqual([
      ["line", "// one"],
      ["block", "/* two\n lines */"],
      ["line", "// three"],
    ]);
    expect(result.tokens.map((t) => t.image)).toEqual(["class", "A", "{", "}", ";"]);
  });

  it("ends a line comment before a CR", () => {
    const text = "// a\r\nclass";
    expect(scan(text).comments[0].end).toBe(4);
  });

  it("warns about an unterminated block comment, which runs to the end of the file", () => {
    const text = "class A {};\n/* open\nclass B {};";
    const result = scan(text);
    expect(result.comments).toEqual([{ kind: "block", start: 12, end: text.length }]);
    expect(diagnosticsOf(text)).toEqual([{ code: "unterminated-comment", severity: "warning", line: 2, column: 1 }]);
    expect(parse(text).productions).toHaveLength(1);
  });

  it("reads a lone '/' as an unexpected character", () => {
    expect(diagnosticsOf("class A / {};")[0]).toEqual({ code: "invalid-character", severity: "error", line: 1, column: 9 });
  });
});

describe("scan: odd input", () => {
  it("gives nothing at all for an empty file", () => {
    expect(scan("")).toEqual({ tokens: [], comments: [], directives: [], diagnostics: [] });
    const doc = parse("");
    expect(doc.productions).toEqual([]);
    expect(doc.diagnostics).toEqual([]);
    expect(tokenize("")).toEqual([]);
  });

  it("reports NUL bytes once per run, with a hint about binary or UTF-16 input", () => {
    const doc = parse("c\0l\0a\0s\0s\0");
    const nul = doc.diagnostics.filter((d) => d.code === "invalid-character");
    expect(nul).toHaveLength(5);
    expect(nul[0]).toMatchObject({ line: 1, column: 2, severity: "error" });
    expect(nul[0].hint).toMatch(/NUL bytes/);
  });

  it("reports a run of unknown characters as one diagnostic", () => {
    const result = scan("class A {}; @@@ ~~");
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([
      ["invalid-character", 12, 15],
      ["invalid-character", 16, 18],
    ]);
  });

  it("reports '$' without a name", () => {
    expect(scan("$ x").diagnostics.map((d) => d.code)).toEqual(["invalid-character"]);
  });

  it("reports a '#' that starts no pragma or directive", () => {
    const result = scan("#pragmatic");
    expect(result.tokens.map((t) => t.image)).toEqual(["pragmatic"]);
    expect(result.diagnostics.map((d) => [d.code, d.start, d.end])).toEqual([["invalid-character", 0, 1]]);
  });

  it("counts lines across LF, CRLF and lone CR", () => {
    expect(diagnosticsOf("class A {};\r\nclass B {};\rclass C {};\n  @")).toEqual([{ code: "invalid-character", severity: "error", line: 4, column: 3 }]);
  });

  it("joins lines at a backslash before the line break", () => {
    const text = "class A \\\n{ string s; \\  \r\n};";
    expect(scan(text).diagnostics).toEqual([]);
    expect(parse(text).productions).toHaveLength(1);
  });

  it("reports a backslash that does not end a line", () => {
    expect(scan("class A \\ x {};").diagnostics.map((d) => [d.code, d.start])).toEqual([["invalid-character", 8]]);
  });
});

describe("scan: preprocessor lines", () => {
  it("expands an object-like #define at each use, at the use's offsets", () => {
    const text = '#define VALUE 42\n#define TEXT "a" "b"\ninstance of A { n = VALUE; s = TEXT; };';
    const result = scan(text);
    expect(result.directives.map((d) => [d.kind, d.argument])).toEqual([
      ["define", "VALUE"],
      ["define", "TEXT"],
    ]);
    const use = text.indexOf("TEXT;");
    const expanded = result.tokens.filter((t) => t.startOffset === use);
    expect(expanded.map((t) => [t.tokenType.name, t.image, t.endOffset])).toEqual([
      ["StringLiteral", '"a"', use + 3],
      ["StringLiteral", '"b"', use + 3],
    ]);
    const doc = parse(text);
    expect(doc.diagnostics).toEqual([]);
    const inst = doc.productions[0];
    expect(inst).toMatchObject({ kind: "instance", properties: [{ value: { kind: "integer", value: 42n } }, { value: { kind: "string", value: "ab" } }] });
  });

  it("expands macros used inside other macros and stops expanding after #undef", () => {
    const text = "#define INNER 7\n#define OUTER INNER\ninstance of A { p = OUTER; };\n#undef OUTER\ninstance of A { p = OUTER; };";
    const doc = parse(text);
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "integer", value: 7n } }] });
    expect(doc.productions[1]).toMatchObject({ properties: [{ value: { kind: "identifier", name: "OUTER" } }] });
    expect(doc.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([["undefined-macro", "warning", 5, 21]]);
  });

  it("warns about a bare word used as a value: an undefined macro", () => {
    const doc = parse("instance of A {\n  p = SOME_CONSTANT;\n};");
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "identifier", name: "SOME_CONSTANT" } }] });
    expect(doc.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([["undefined-macro", "warning", 2, 7]]);
  });

  it("follows backslash continuations in a #define", () => {
    const doc = parse('#define LONG "a" \\\n  "b"\ninstance of A { p = LONG; };');
    expect(doc.directives).toHaveLength(1);
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "string", value: "ab" } }] });
  });

  it("takes a #define on to the end of a block comment that starts on its line, as C does", () => {
    const text = '#define X 1 /* one\r\n two */\ninstance of A { p = X; }; // "*/"';
    const doc = parse(text);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.directives.map((d) => text.slice(d.start, d.end))).toEqual(["#define X 1 /* one\r\n two */"]);
    expect(doc.comments.map((c) => text.slice(c.start, c.end))).toEqual(["/* one\r\n two */", '// "*/"']);
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "integer", value: 1n } }] });
    expect(printTokens(tokenize(text))).toBe(text);
  });

  it("starts no comment at a /* inside a quoted #define body", () => {
    const text = '#define P "a/*b"\ninstance of A { p = P; }; /* c */';
    const doc = parse(text);
    expect(doc.directives.map((d) => text.slice(d.start, d.end))).toEqual(['#define P "a/*b"']);
    expect(doc.comments.map((c) => text.slice(c.start, c.end))).toEqual(["/* c */"]);
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "string", value: "a/*b" } }] });
  });

  it("keeps a comment inside a #define body as a comment", () => {
    const text = "#define X 1 // one\ninstance of A { p = X; };";
    const doc = parse(text);
    expect(doc.comments.map((c) => text.slice(c.start, c.end))).toEqual(["// one"]);
    expect(doc.productions[0]).toMatchObject({ properties: [{ value: { kind: "integer", value: 1n } }] });
  });

  it("records #include, #ifdef and #endif as directives without tokens", () => {
    const result = scan('#include "defs.h"\n#ifdef X\nclass A {};\n#endif\n# include <sys.h>');
    expect(result.directives.map((d) => [d.kind, d.argument])).toEqual([
      ["include", "defs.h"],
      ["ifdef", "X"],
      ["endif", undefined],
      ["include", "sys.h"],
    ]);
    expect(result.tokens.map((t) => t.image)).toEqual(["class", "A", "{", "}", ";"]);
  });

  it("stops macros that double at every level, reporting it once, instead of running out of memory", () => {
    // 40 lines would expand to 2^39 tokens.
    const eager = Array.from({ length: 40 }, (_, i) => (i === 0 ? "#define M0 x" : `#define M${i} M${i - 1} M${i - 1}`)).join("\n");
    const doc = parse(eager + "\ninstance of A { p = M39; };\nclass B {};");
    expect(doc.diagnostics.filter((d) => d.code === "macro-too-large")).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ code: "macro-too-large", severity: "error" });
    expect(doc.productions).toMatchObject([{ kind: "class", name: { name: "B" } }]);

    // The same, with each macro defined from one that is defined later, so it grows at the use.
    const lazy = Array.from({ length: 40 }, (_, i) => (i === 39 ? "#define M39 1" : `#define M${i} M${i + 1} M${i + 1}`)).join("\n");
    const lazyDoc = parse(lazy + "\ninstance of A { p = {M0}; };\nclass B {};");
    expect(lazyDoc.diagnostics.filter((d) => d.code === "macro-too-large").map((d) => d.line)).toEqual([41]);
    expect(lazyDoc.productions.map((p) => p.kind)).toEqual(["instance", "class"]);
  });

  it("warns that a function-like macro is not expanded", () => {
    expect(diagnosticsOf("#define F(x) x\n")).toEqual([{ code: "unsupported-macro", severity: "warning", line: 1, column: 1 }]);
  });
});

describe("tokenize / printTokens", () => {
  function check(text: string): MofToken[] {
    const tokens = tokenize(text);
    let pos = 0;
    for (const t of tokens) {
      expect(t.start).toBe(pos);
      expect(t.end).toBeGreaterThan(t.start);
      expect(t.text).toBe(text.slice(t.start, t.end));
      pos = t.end;
    }
    expect(pos).toBe(text.length);
    expect(printTokens(tokens)).toBe(text);
    return tokens;
  }

  it("gives every piece of the text in order: tokens, comments, whitespace", () => {
    const tokens = check('[key] // k\nclass A {\r\n\t/* c */ string s = "x";\n};');
    expect(tokens.map((t) => [t.kind, t.type, t.text])).toEqual([
      ["token", "LBracket", "["],
      ["token", "Identifier", "key"],
      ["token", "RBracket", "]"],
      ["whitespace", undefined, " "],
      ["comment", undefined, "// k"],
      ["whitespace", undefined, "\n"],
      ["token", "Class", "class"],
      ["whitespace", undefined, " "],
      ["token", "Identifier", "A"],
      ["whitespace", undefined, " "],
      ["token", "LBrace", "{"],
      ["whitespace", undefined, "\r\n\t"],
      ["comment", undefined, "/* c */"],
      ["whitespace", undefined, " "],
      ["token", "Identifier", "string"],
      ["whitespace", undefined, " "],
      ["token", "Identifier", "s"],
      ["whitespace", undefined, " "],
      ["token", "Equals", "="],
      ["whitespace", undefined, " "],
      ["token", "StringLiteral", '"x"'],
      ["token", "Semicolon", ";"],
      ["whitespace", undefined, "\n"],
      ["token", "RBrace", "}"],
      ["token", "Semicolon", ";"],
    ]);
  });

  it("gives a pragma token with its inner spacing", () => {
    const tokens = check('# pragma namespace("root")');
    expect(tokens[0]).toEqual({ kind: "token", type: "Pragma", start: 0, end: 8, text: "# pragma" });
  });

  it("gives unrecognized characters as invalid pieces", () => {
    const tokens = check("class @@ A {};\0");
    expect(tokens.filter((t) => t.kind === "invalid").map((t) => t.text)).toEqual(["@@", "\0"]);
  });

  it("gives a whole preprocessor line, continuations and body comments included, as one directive", () => {
    const text = "#define X 1 /* c */ \\\n  + 2\nclass A {};";
    const tokens = check(text);
    expect(tokens[0]).toEqual({ kind: "directive", start: 0, end: 27, text: "#define X 1 /* c */ \\\n  + 2" });
    expect(tokens.filter((t) => t.kind === "comment")).toEqual([]);
  });

  it("gives a macro use once, as written, however many tokens it expands to", () => {
    const text = '#define PAIR "a" "b"\n#define ONE 1\n#define EMPTY\ninstance of A { p = PAIR; q = ONE; r = EMPTY 2; };';
    const tokens = check(text);
    const names = tokens.filter((t) => t.kind === "token" && ["PAIR", "ONE", "EMPTY"].includes(t.text));
    expect(names.map((t) => [t.type, t.text])).toEqual([
      ["Identifier", "PAIR"],
      ["Identifier", "ONE"],
      ["Identifier", "EMPTY"],
    ]);
    expect(tokens.filter((t) => t.kind === "invalid")).toEqual([]);
  });

  it("gives a line continuation as whitespace", () => {
    const tokens = check("class A \\\r\n{};");
    expect(tokens.map((t) => t.kind)).toEqual(["token", "whitespace", "token", "whitespace", "token", "token", "token"]);
    expect(tokens[3].text).toBe(" \\\r\n");
  });

  it("covers unterminated strings and comments to where the scanner stopped", () => {
    const tokens = check('instance of A { p = "open\n}; /* never closed\n');
    expect(tokens.at(-1)).toMatchObject({ kind: "comment", text: "/* never closed\n" });
    expect(tokens.find((t) => t.type === "StringLiteral")?.text).toBe('"open');
  });

  it("round-trips odd whitespace, BOM characters, lone surrogates and NUL", () => {
    check("\ufeff\u00a0\v\f class\ud800 A {};\0\r");
  });
});
