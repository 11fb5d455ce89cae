import { describe, expect, it } from "vitest";
import fc from "fast-check";
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
