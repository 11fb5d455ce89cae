import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkProgram, loadMofFiles, parseMof, programFromDocuments } from "mof-migrate";
import { LineIndex } from "mof-migrate/syntax";

/** Line and column of every offset, counted one character at a time (CRLF, CR and LF end a line). */
function positionsByHand(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, column });
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return out;
}

describe("LineIndex", () => {
  it("gives the line and column of every offset of any mix of line breaks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("\r", "\n", "\r\n", "a", "bc", "\n\r")).map((p) => p.join("")),
        (text) => {
          const index = new LineIndex(text);
          const expected = positionsByHand(text);
          for (let offset = 0; offset <= text.length; offset++) expect(index.position(offset)).toEqual(expected[offset]);
        },
      ),
      { seed: 11, numRuns: 1000 },
    );
  });

  it("gives the text of a line without its break", () => {
    const index = new LineIndex("one\r\ntwo\rthree\nfour");
    expect([1, 2, 3, 4].map((n) => index.lineText(n))).toEqual(["one", "two", "three", "four"]);
  });
});

describe("diagnostic ranges", () => {
  it("end where the range ends: endLine/endColumn are the position just past it", () => {
    const texts = [
      "class A {\r\n    string B\r\n    string C;\r\n};\r\n",
      "class A { string B; };\n/* never closed\nclass B {};\n",
      'instance of A { p = "no end\n; };\n',
      "class A / {};",
    ];
    let seen = 0;
    for (const text of texts) {
      const doc = parseMof(text, { file: "x.mof" });
      const index = new LineIndex(text);
      for (const d of doc.diagnostics) {
        seen++;
        expect({ line: d.line, column: d.column }).toEqual(index.position(d.start));
        expect({ line: d.endLine, column: d.endColumn }).toEqual(index.position(d.end));
        expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)).toBe(true);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(texts.length);
    // The second `key` of a qualifier list, on the second line: three characters wide.
    const program = programFromDocuments([parseMof("[key,\nkey] class A {};", { file: "q.mof" })]);
    const duplicate = checkProgram(program).find((d) => d.code === "duplicate-qualifier")!;
    expect(duplicate).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 4 });
  });

  it("puts a problem about a whole file at line 1, column 1, as an empty range", async () => {
    const program = await loadMofFiles(["no/such/file.mof"]);
    expect(program.diagnostics[0]).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 });
  });
});
