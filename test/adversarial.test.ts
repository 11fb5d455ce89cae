/**
 * Hostile inputs: each must give a clear diagnostic (code and position asserted) or parse as it
 * should, without throwing, and finish within the test timeout without running out of memory.
 * Sizes are the real ones (100,000 levels, 100 MB, 10,000 files, 1,000,000 statements).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DiagnosticCodes,
  checkProgram,
  decodeMof,
  encodeMof,
  loadMofFiles,
  parseMof,
  programFromDocuments,
  type ArrayValue,
  type ClassDeclaration,
  type InstanceDeclaration,
  type MofDocument,
  type StringValue,
} from "mof-migrate";
import { printTokens, tokenize } from "mof-migrate/syntax";
import { MAX_NESTING } from "../grammar/statements.js";
import { checkDocument } from "./support/fuzz-properties.mjs";

const lib = { parseMof, decodeMof, encodeMof, tokenize, printTokens, DiagnosticCodes };

/** Parse text and check the invariants every parse must keep (positions inside the text, …). */
function parse(text: string): MofDocument {
  const doc = parseMof(text);
  checkDocument(lib, doc);
  return doc;
}

/** Decode bytes, check they round-trip, parse and check the invariants. */
function parseBytes(bytes: Uint8Array): MofDocument {
  const source = decodeMof(bytes);
  expect(Buffer.from(encodeMof(source)).equals(Buffer.from(bytes))).toBe(true);
  const doc = parseMof(source);
  checkDocument(lib, doc);
  return doc;
}

const codes = (doc: { diagnostics: readonly { code: string }[] }) => doc.diagnostics.map((d) => d.code);

describe("adversarial: deep nesting", () => {
  it("100,000 nested arrays: one nesting-too-deep error at the first brace too deep", () => {
    const n = 100_000;
    const prefix = "instance of A { p = ";
    const doc = parse(prefix + "{".repeat(n) + "}".repeat(n) + "; };");
    expect(codes(doc)).toEqual(["nesting-too-deep"]);
    // The instance body's brace is level 1, so array brace number MAX_NESTING is the first too deep.
    const at = prefix.length + MAX_NESTING - 1;
    expect(doc.diagnostics[0]).toMatchObject({ severity: "error", start: at, end: at + 1, line: 1, column: at + 1 });
    expect(doc.productions).toHaveLength(0);
  });

  it("100,000 nested embedded instances: one nesting-too-deep error at the first brace too deep", () => {
    const n = 100_000;
    const open = "instance of B { p = ";
    const doc = parse("instance of A { p = " + open.repeat(n) + "1" + "; }".repeat(n) + "; };");
    expect(codes(doc)).toEqual(["nesting-too-deep"]);
    const at = open.length * MAX_NESTING + open.indexOf("{");
    expect(doc.diagnostics[0]).toMatchObject({ start: at, end: at + 1 });
  });

  it("a million unclosed '{[(' : one nesting-too-deep error, and the next statement still parses", () => {
    const prefix = "class A { [Q(";
    const doc = parse(prefix + "{[(".repeat(333_333) + "\n};\nclass B {};");
    expect(codes(doc)).toEqual(["nesting-too-deep"]);
    expect(doc.diagnostics[0].start).toBe(prefix.length + MAX_NESTING - 3);
    expect(doc.productions.map((p) => (p as ClassDeclaration).name.name)).toEqual(["B"]);
  });
});

describe("adversarial: size", () => {
  it("a 100 MB string literal parses to a 100,000,000-character value and round-trips", () => {
    const size = 100_000_000;
    const head = Buffer.from('instance of A { s = "');
    const tail = Buffer.from('"; };\r\n');
    const bytes = Buffer.alloc(head.length + size + tail.length, "x");
    head.copy(bytes, 0);
    tail.copy(bytes, head.length + size);
    const doc = parseBytes(bytes);
    expect(doc.diagnostics).toEqual([]);
    const value = (doc.productions[0] as InstanceDeclaration).properties[0].value as StringValue;
    expect(value.value.length).toBe(size);
    expect(value.end - value.start).toBe(size + 2);
  });

  it("1,000,000 empty statements: one empty-statement warning for the run", () => {
    const doc = parse(";".repeat(1_000_000));
    expect(codes(doc)).toEqual(["empty-statement"]);
    expect(doc.diagnostics[0]).toMatchObject({ severity: "warning", start: 0, line: 1, column: 1 });
    expect(Object.keys(DiagnosticCodes)).toContain("empty-statement");
  });

  // Like a run of ';', a run of stray '}' is reported once and never reaches the parser.
  it("100,000 stray '}': a few diagnostics for the run, not one per brace", () => {
    const doc = parse("class A {};\n" + "}".repeat(100_000) + "\nclass B {};");
    expect(doc.diagnostics.length).toBeLessThanOrEqual(3);
    expect(doc.diagnostics[0]).toMatchObject({ severity: "error", start: 12, line: 2, column: 1 });
    expect(doc.productions).toHaveLength(2);
  });

  // A negative size, or one that does not fit uint32, is refused at the size (as mofcomp does).
  it("an array size that is negative or does not fit uint32 is an error at the size", () => {
    const huge = "9".repeat(400);
    const text = `class A { uint8 a[-1]; uint8 b[${huge}]; };`;
    const doc = parse(text);
    const all = [...doc.diagnostics, ...checkProgram(programFromDocuments([doc]))].filter((d) => d.severity === "error");
    const at = (literal: string) => all.some((d) => d.start <= text.indexOf(literal) && d.end >= text.indexOf(literal) + literal.length);
    expect(at("-1")).toBe(true);
    expect(at(huge)).toBe(true);
  });

  it("a 10,000-character identifier is a name like any other", () => {
    const name = "N" + "a_1".repeat(3333);
    expect(name).toHaveLength(10_000);
    const doc = parse(`class ${name} : ${name} { ${name} ${name}[] = {}; };`);
    expect(doc.diagnostics).toEqual([]);
    const cls = doc.productions[0] as ClassDeclaration;
    expect(cls.name.name).toBe(name);
    expect(cls.superclass?.name).toBe(name);
    expect(cls.features[0]).toMatchObject({ type: { name, start: 20_012 }, name: { name, start: 30_013 } });
  });

  it("50,000 qualifiers on one class all reach the AST", () => {
    const qualifiers = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `Q${i}` : i % 3 === 1 ? `Q${i}(${i})` : `Q${i}{"a", "b"} : ToSubclass`));
    const doc = parse(`[${qualifiers.join(", ")}]\nclass A { };`);
    expect(doc.diagnostics).toEqual([]);
    const list = (doc.productions[0] as ClassDeclaration).qualifierList!;
    expect(list.qualifiers).toHaveLength(50_000);
    expect(list.qualifiers[49_997]).toMatchObject({ name: "Q49997", value: { kind: "array" }, flavors: [{ name: "ToSubclass" }] });
    expect(list.qualifiers[49_999]).toMatchObject({ name: "Q49999", value: { kind: "integer", value: 49_999n } });
  });

  it("a 1,000,000-element array parses", () => {
    const doc = parse("instance of A { p = {" + "1,".repeat(999_999) + "1}; };");
    expect(doc.diagnostics).toEqual([]);
    expect(((doc.productions[0] as InstanceDeclaration).properties[0].value as ArrayValue).elements).toHaveLength(1_000_000);
  });

  it("an unterminated comment of 10 MB: one warning at the '/*', the class before it kept", () => {
    const doc = parse("class A {};\n/*" + " x".repeat(5_000_000));
    expect(codes(doc)).toEqual(["unterminated-comment"]);
    expect(doc.diagnostics[0]).toMatchObject({ start: 12, end: 14, line: 2, column: 1 });
    expect(doc.productions).toHaveLength(1);
  });
});

describe("adversarial: macros", () => {
  it("macros that double at every level (40 levels, 2^41 tokens): stopped with macro-too-large", () => {
    let text = "#define A0 x x\n";
    for (let i = 1; i <= 40; i++) text += `#define A${i} A${i - 1} A${i - 1}\n`;
    text += "instance of X { p = A40; };\n";
    const doc = parse(text);
    const error = doc.diagnostics.find((d) => d.code === "macro-too-large");
    expect(error).toMatchObject({ severity: "error" });
    // It points at a macro name in one of the #define lines or at the use.
    expect(text.slice(error!.start, error!.end)).toMatch(/^A\d+$/);
  });

  it("a macro that uses itself twice in its body does not explode", () => {
    const text = "#define Y Y Y\ninstance of A { p = Y; };\n";
    const doc = parse(text);
    expect(doc.diagnostics.length).toBeLessThan(5);
    expect(doc.diagnostics.every((d) => d.start >= text.indexOf("Y;") && d.end <= text.indexOf("Y;") + 1)).toBe(true);
  });

  // As in C, `Y` inside its own expansion stays a name: `Y` becomes `; Y Y`, not an endless
  // doubling, so the file gets a handful of diagnostics instead of hundreds of thousands.
  it("a self-doubling macro with ';' in its body: a few diagnostics, not 375,000", () => {
    const text = "#define Y ; Y Y\nY\n";
    const doc = parse(text);
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    expect(doc.diagnostics.length).toBeLessThanOrEqual(5);
    expect(doc.diagnostics[0]).toMatchObject({ code: "empty-statement", start: 16, end: 17, line: 2, column: 1 });
    expect(doc.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  // Macros defined before the ones they use are expanded at the use, one level per macro: a
  // chain longer than the depth limit is an error at the use, not a name taken for undefined.
  it("a macro chain deeper than the expansion limit: macro-too-large at the use, and nothing else", () => {
    let text = "";
    for (let i = 0; i < 40; i++) text += `#define A${i} A${i + 1}\n`;
    text += '#define A40 "x"\ninstance of X { p = A0; };\n';
    const doc = parse(text);
    expect(codes(doc)).toEqual(["macro-too-large"]);
    expect(doc.diagnostics[0]).toMatchObject({ severity: "error", line: 42, column: 21 });
    expect(doc.diagnostics[0].message).toMatch(/'A0' expands through more than 32 levels/);
    // A chain within the limit expands to its value.
    let short = "";
    for (let i = 0; i < 10; i++) short += `#define B${i} B${i + 1}\n`;
    const ok = parse(short + '#define B10 "x"\ninstance of X { p = B0; };\n');
    expect(ok.diagnostics).toEqual([]);
    expect((ok.productions[0] as InstanceDeclaration).properties[0].value).toMatchObject({ kind: "string", value: "x" });
  });

  // A cap hit in the middle of one use takes back everything that use added: no half expansion.
  it("a use that passes the expansion budget adds no tokens at all", () => {
    let text = "#define M0 ;\n";
    for (let i = 1; i <= 24; i++) text += `#define M${i} M${i - 1} M${i - 1}\n`;
    text += "M24\nclass A { };\n";
    const doc = parse(text);
    expect(doc.diagnostics.map((d) => d.code)).toContain("macro-too-large");
    expect(doc.diagnostics.length).toBeLessThanOrEqual(5);
    expect(doc.productions.some((p) => p.kind === "class" && p.name.name === "A")).toBe(true);
  });

  // In C (and so in mofcomp) a macro is not expanded again inside its own expansion, so
  // `{Y}` below is `{1, Y}`: two elements. The scanner expands it 32 times (33 elements).
  it("a macro used in its own body is not expanded again, as in C", () => {
    const doc = parse("#define Y 1, Y\ninstance of A { p = {Y}; };\n");
    const elements = ((doc.productions[0] as InstanceDeclaration).properties[0].value as ArrayValue).elements;
    expect(elements.map((e) => e.kind)).toEqual(["integer", "identifier"]);
  });
});

describe("adversarial: bytes and encodings", () => {
  it("NUL bytes in a UTF-8 file: invalid-character at each run, with the NUL hint", () => {
    const text = 'class A\u0000 { string s = "é"; };\u0000\u0000\nclass B {};';
    const bytes = new TextEncoder().encode(text);
    const doc = parseBytes(bytes);
    expect(doc.source.encoding).toBe("utf8");
    const nulRuns = doc.diagnostics.filter((d) => d.code === "invalid-character");
    expect(nulRuns.map((d) => [d.start, d.end])).toEqual([
      [7, 8],
      [29, 31],
    ]);
    expect(nulRuns[0].hint).toMatch(/NUL/);
    expect(doc.productions.map((p) => (p as ClassDeclaration).name.name)).toContain("B");
  });

  it("lone surrogates in UTF-16: the bytes round-trip, a string keeps them, one outside is invalid-character", () => {
    const text = 'class A { string s = "\uD800x\uDC00"; };\n\uDBFF';
    for (const [bom, swap] of [
      [true, false],
      [true, true],
      [false, false],
    ] as const) {
      const body = Buffer.from((bom ? "\uFEFF" : "") + text, "utf16le");
      if (swap) body.swap16();
      const doc = parseBytes(body);
      expect(doc.source.encoding).toBe(swap ? "utf16be" : "utf16le");
      const value = (doc.productions[0] as ClassDeclaration).features[0];
      expect(value.kind === "property" && value.defaultValue).toMatchObject({ kind: "string", value: "\uD800x\uDC00" });
      expect(codes(doc)).toEqual(["invalid-character"]);
      expect(doc.diagnostics[0]).toMatchObject({ start: text.length - 1, end: text.length, line: 2, column: 1 });
    }
  });

  it("a UTF-16 file with an odd number of bytes keeps the last byte", () => {
    const bytes = Buffer.concat([Buffer.from("\uFEFFclass A {};", "utf16le"), Buffer.of(0x41)]);
    const doc = parseBytes(bytes);
    expect(doc.source.trailingByte).toBe(0x41);
    expect(doc.diagnostics).toEqual([]);
  });

  it("a 0-byte file: empty text, no statements, no diagnostics", () => {
    const doc = parseBytes(new Uint8Array(0));
    expect(doc.source).toMatchObject({ text: "", encoding: "utf8", bom: false });
    expect(doc.productions).toEqual([]);
    expect(doc.diagnostics).toEqual([]);
  });

  it("a file of only a BOM (UTF-8, UTF-16LE, UTF-16BE): empty text, no diagnostics", () => {
    for (const [bytes, encoding] of [
      [[0xef, 0xbb, 0xbf], "utf8"],
      [[0xff, 0xfe], "utf16le"],
      [[0xfe, 0xff], "utf16be"],
    ] as const) {
      const doc = parseBytes(Uint8Array.from(bytes));
      expect(doc.source).toMatchObject({ text: "", encoding, bom: true });
      expect(doc.diagnostics).toEqual([]);
    }
  });
});

describe("adversarial: includes", () => {
  let dir: string;
  let outside: string;
  const write = (name: string, text: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  let manyRoot: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "mof-adversarial-"));
    outside = mkdtempSync(join(tmpdir(), "mof-outside-"));
    // A root that includes f0 … f9999; every one of those but f0 includes f0 again.
    mkdirSync(join(dir, "many"));
    let root = "";
    for (let i = 0; i < 10_000; i++) {
      write(`many/f${i}.mof`, (i > 0 ? '#pragma include("f0.mof")\n' : "") + `class C${i} { uint32 p; };\n`);
      root += `#pragma include("f${i}.mof")\n`;
    }
    manyRoot = write("many/root.mof", root);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("a root that includes 10,000 files loads them all, each once", async () => {
    const program = await loadMofFiles([manyRoot]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents).toHaveLength(10_001);
    // 10,000 includes in the root and 9,999 of f0, which is loaded once.
    expect(program.includes.size).toBe(19_999);
    expect(new Set(program.includes.values()).size).toBe(10_000);
  });

  it("more files than maxIncludes: too-many-files once, at the first include left out", async () => {
    const root = manyRoot;
    const program = await loadMofFiles([root], { maxIncludes: 100 });
    expect(program.documents).toHaveLength(100);
    const limit = program.diagnostics.filter((d) => d.code === "too-many-files");
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ file: root, line: 100, column: 1 });
  });

  it("an include cycle: include-cycle at the include that closes it, each file loaded once", async () => {
    const a = write("a.mof", '#pragma include("b.mof")\nclass A {};\n');
    const b = write("b.mof", 'class B {};\n#pragma include("A.MOF")\n');
    const program = await loadMofFiles([a]);
    expect(program.documents.map((d) => basename(d.file))).toEqual(["a.mof", "b.mof"]);
    expect(codes(program)).toEqual(["include-cycle"]);
    expect(program.diagnostics[0]).toMatchObject({ file: b, start: 12, end: 36, line: 2, column: 1 });
    expect(program.diagnostics[0].message).toMatch(/a\.mof -> b\.mof -> a\.mof/);
  });

  it("a file that includes itself: include-cycle", async () => {
    const self = write("self.mof", '#pragma include("self.mof")\n');
    const program = await loadMofFiles([self]);
    expect(codes(program)).toEqual(["include-cycle"]);
    expect(program.diagnostics[0]).toMatchObject({ file: self, start: 0, end: 27 });
  });

  it("an include of a folder: include-not-a-file at the pragma", async () => {
    mkdirSync(join(dir, "folder"));
    const root = write("folder-root.mof", 'class A {};\n#pragma include("folder")\n');
    const program = await loadMofFiles([root]);
    expect(codes(program)).toEqual(["include-not-a-file"]);
    expect(program.diagnostics[0]).toMatchObject({ file: root, start: 12, end: 37, line: 2 });
  });

  it("an include of a binary file (a compiled .bmf): binary-file, not a flood of syntax errors", async () => {
    const bmf = new Uint8Array(4096);
    bmf.set(new TextEncoder().encode("FOMB"), 0);
    for (let i = 8; i < bmf.length; i += 7) bmf[i] = (i * 31) & 0xff;
    const path = write("compiled.bmf", bmf);
    const program = await loadMofFiles([write("bmf-root.mof", '#pragma include("compiled.bmf")\n')]);
    expect(codes(program)).toEqual(["binary-file"]);
    expect(program.diagnostics[0]).toMatchObject({ file: path, start: 0, end: 0, line: 1, column: 1 });
    expect(program.documents).toHaveLength(1);
  });

  // An encrypted or well-compressed file has few NUL bytes but many control characters: binary.
  it("an include of random-looking binary (encrypted, compressed; few NUL bytes): binary-file", async () => {
    const bytes = new Uint8Array(20_000);
    let x = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      // xorshift32: deterministic bytes with the statistics of encrypted data
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const path = write("secret.mof.enc", bytes);
    const program = await loadMofFiles([write("enc-root.mof", '#pragma include("secret.mof.enc")\n')]);
    expect(codes(program)).toEqual(["binary-file"]);
    expect(program.diagnostics[0]).toMatchObject({ file: path, start: 0 });
  });

  it("an include outside the input folders: refused without the flag, loaded with it", async () => {
    writeFileSync(join(outside, "other.mof"), "class Other {};\n");
    mkdirSync(join(dir, "inner"));
    const include = `#pragma include("../../${basename(outside)}/other.mof")\n`;
    const root = write("inner/root.mof", include);
    const refused = await loadMofFiles([root]);
    expect(codes(refused)).toEqual(["include-outside-root"]);
    expect(refused.diagnostics[0]).toMatchObject({ file: root, start: 0, end: include.length - 1 });
    expect(refused.documents).toHaveLength(1);

    const allowed = await loadMofFiles([root], { allowOutsideRoots: true });
    expect(allowed.diagnostics).toEqual([]);
    expect(allowed.documents.map((d) => basename(d.file))).toEqual(["root.mof", "other.mof"]);
  });

  it("a 0-byte file and a BOM-only file load as empty documents", async () => {
    const empty = write("empty.mof", new Uint8Array(0));
    const bomOnly = write("bom.mof", Uint8Array.of(0xff, 0xfe));
    const program = await loadMofFiles([empty, bomOnly]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents.map((d) => [d.source.text, d.source.encoding])).toEqual([
      ["", "utf8"],
      ["", "utf16le"],
    ]);
  });
});
