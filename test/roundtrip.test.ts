import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as A from "mof-migrate";
import { decodeMof, encodeMof, parseMof, type Encoding, type LineEnding } from "mof-migrate";
import { printTokens, tokenize } from "mof-migrate/syntax";

const fixtures = join(__dirname, "fixtures", "grammar");

interface Fixture {
  file: string;
  encoding: Encoding;
  bom: boolean;
  eol: LineEnding;
  mixedEol: boolean;
  finalNewline: boolean;
}

// What each fixture is; the same MOF content in every encoding and line-ending style.
const FIXTURES: Fixture[] = [
  { file: "utf8-lf.mof", encoding: "utf8", bom: false, eol: "\n", mixedEol: false, finalNewline: true },
  { file: "utf8-bom-crlf.mof", encoding: "utf8", bom: true, eol: "\r\n", mixedEol: false, finalNewline: true },
  { file: "utf16le-bom-crlf.mof", encoding: "utf16le", bom: true, eol: "\r\n", mixedEol: false, finalNewline: true },
  { file: "utf16le-nobom-crlf.mof", encoding: "utf16le", bom: false, eol: "\r\n", mixedEol: false, finalNewline: true },
  { file: "utf16be-bom-lf.mof", encoding: "utf16be", bom: true, eol: "\n", mixedEol: false, finalNewline: true },
  { file: "windows1252-crlf.mof", encoding: "windows1252", bom: false, eol: "\r\n", mixedEol: false, finalNewline: true },
  { file: "mixed-eol.mof", encoding: "utf8", bom: false, eol: "\r\n", mixedEol: true, finalNewline: true },
  { file: "no-final-newline.mof", encoding: "utf8", bom: false, eol: "\r\n", mixedEol: false, finalNewline: false },
];

/** The AST without offsets (they move with line endings and BOMs), as JSON. */
function shape(productions: readonly A.Production[]): string {
  return JSON.stringify(productions, (key, v) => (key === "start" || key === "end" ? undefined : typeof v === "bigint" ? `${v}n` : v));
}

/** decode -> parse -> tokenize/print -> encode, checking each step. */
function roundTrip(bytes: Uint8Array) {
  const source = decodeMof(bytes);
  const doc = parseMof(source);
  const printed = printTokens(tokenize(source.text));
  expect(printed === source.text).toBe(true);
  const out = Buffer.from(encodeMof({ ...source, text: printed }));
  expect(out.equals(Buffer.from(bytes))).toBe(true);
  return { source, doc };
}

describe("round trip of our fixtures: decode, parse, tokenize/print, encode", () => {
  const referenceDoc = parseMof(decodeMof(readFileSync(join(fixtures, "utf8-lf.mof"))));
  const reference = shape(referenceDoc.productions);

  it("the reference fixture has the statements we wrote", () => {
    const p = referenceDoc.productions;
    expect(p.map((x) => x.kind)).toEqual(["pragma", "pragma", "class", "instance", "pragma", "class", "instance"]);
    expect(p[1]).toMatchObject({ name: { name: "deleteclass" }, args: [{ value: "Contoso_AssetTag" }, { kind: "identifier", name: "NOFAIL" }] });
    const dyn = p[3] as A.InstanceDeclaration;
    // The macro in the middle of the adjacent literals is expanded and concatenated.
    expect(dyn.properties[1].qualifierList!.qualifiers[0].value).toMatchObject({ value: "local|HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Asset|Tag" });
    expect(dyn.properties[1].value).toBeUndefined();
    expect((p[5] as A.ClassDeclaration).qualifierList!.qualifiers[1].value).toMatchObject({ value: "Asset Tag – Müller" });
    expect((p[6] as A.InstanceDeclaration).properties[0].value).toMatchObject({ value: "Ünïcödé" });
  });

  for (const f of FIXTURES) {
    it(`${f.file}: detected as written, parses cleanly, comes back byte for byte`, () => {
      const bytes = new Uint8Array(readFileSync(join(fixtures, f.file)));
      const { source, doc } = roundTrip(bytes);
      expect({ encoding: source.encoding, bom: source.bom, eol: source.eol, mixedEol: source.mixedEol, finalNewline: source.finalNewline }).toEqual({
        encoding: f.encoding,
        bom: f.bom,
        eol: f.eol,
        mixedEol: f.mixedEol,
        finalNewline: f.finalNewline,
      });
      expect(doc.diagnostics).toEqual([]);
      expect(doc.comments.map((c) => c.kind)).toEqual(["line", "line", "block", "line", "line"]);
      expect(doc.directives.map((d) => d.kind)).toEqual(["define"]);
      // Same statements as the reference (only a comment differs where a code page lacks a character).
      expect(shape(doc.productions)).toBe(reference);
    });
  }

  it("empty.mof: a 0-byte file", () => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, "empty.mof")));
    expect(bytes.length).toBe(0);
    const { source, doc } = roundTrip(bytes);
    expect(source.text).toBe("");
    expect(doc.productions).toEqual([]);
    expect(doc.diagnostics).toEqual([]);
    expect(tokenize(source.text)).toEqual([]);
  });

  it("the text comes back through tokenize, and parses the same, in every line-ending style", () => {
    const text = decodeMof(readFileSync(join(fixtures, "mixed-eol.mof"))).text;
    for (const eol of ["\n", "\r\n", "\r"]) {
      const converted = text.replace(/\r\n|\r|\n/g, eol);
      expect(printTokens(tokenize(converted)) === converted).toBe(true);
      expect(shape(parseMof(converted).productions)).toBe(reference);
    }
  });
});

describe("tokenize is lossless for any text", () => {
  // Pieces that hit the scanner's edge cases, glued together at random.
  const piece = fc.constantFrom(
    "class",
    "A",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ";",
    ",",
    ":",
    "=",
    '"',
    '"s"',
    "\\",
    "\\\n",
    "'",
    "'c'",
    "/",
    "//",
    "/*",
    "*/",
    "*",
    "#",
    "#pragma",
    "# pragma",
    "#define X 1",
    "#define E",
    "X",
    "E",
    "#include",
    "$",
    "$a",
    "0",
    "08",
    "0x",
    "1.",
    ".5",
    "-",
    "+",
    "e",
    "\0",
    "\u00a0",
    "\ufeff",
    "\ud800",
    "é",
    "😀",
    "@",
  );
  const mofish = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(""));

  function check(text: string) {
    const tokens = tokenize(text);
    let pos = 0;
    for (const t of tokens) {
      if (t.start !== pos || t.end <= t.start || t.text !== text.slice(t.start, t.end)) return false;
      pos = t.end;
    }
    return pos === text.length && printTokens(tokens) === text;
  }

  it("MOF-like fragments", () => {
    fc.assert(fc.property(mofish, check), { numRuns: 2000 });
  });

  it("arbitrary UTF-16 strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), check), { numRuns: 1000 });
  });

  it("parsing such text never throws", () => {
    fc.assert(
      fc.property(mofish, (text) => {
        parseMof(text);
      }),
      { numRuns: 1000 },
    );
  });
});
