/**
 * Diagnostics as text stay proportional to the number of problems, whatever the input: bounded
 * excerpts, runs of one error folded, a cap per file, and nothing printed that can drive the
 * terminal.
 */
import { describe, expect, it } from "vitest";
import { countDiagnostics, formatDiagnostic, formatDiagnostics, parseMof, type Diagnostic } from "mof-migrate";

const plain = (d: Diagnostic, text: string, width?: number) => formatDiagnostic(d, { text, ...(width !== undefined ? { excerptWidth: width } : {}) });

describe("formatDiagnostic: the excerpt", () => {
  it("shows a long line as a window around the column, with the caret under the range", () => {
    const text = "x".repeat(5000) + " @@ " + "y".repeat(5000) + "\n";
    const doc = parseMof(text, { file: "long.mof" });
    const d = doc.diagnostics.find((x) => x.code === "invalid-character")!;
    expect(d.column).toBe(5002);
    const [, source, caret] = plain(d, text).split("\n");
    expect(source.length).toBeLessThanOrEqual("1 | ".length + 120 + 2);
    expect(source).toMatch(/^1 \| …x+ @@ y+…$/);
    // The caret is under the two '@'.
    expect(source.indexOf("@@")).toBe(caret.indexOf("^"));
    expect(caret.trimEnd().endsWith("^~")).toBe(true);
  });

  it("keeps a short line whole and cuts only the end when the column is near the start", () => {
    const doc = parseMof("@" + "z".repeat(300), { file: "a.mof" });
    const [, source, caret] = plain(doc.diagnostics[0], doc.source.text).split("\n");
    expect(source).toMatch(/^1 \| @z+…$/);
    expect(caret).toBe("  | ^");
    const short = parseMof("class A { @ };", { file: "b.mof" });
    expect(plain(short.diagnostics[0], short.source.text).split("\n")[1]).toBe("1 | class A { @ };");
  });

  it("bounds the caret to the window when the range is longer than the line shown", () => {
    const text = "@".repeat(10_000);
    const doc = parseMof(text, { file: "a.mof" });
    const out = plain(doc.diagnostics[0], text, 60);
    expect(out.length).toBeLessThan(400);
    expect(out.split("\n")[2]).toMatch(/^ {2}\| \^~{59}$/);
    // The message quotes the start of the run and counts the rest.
    expect(doc.diagnostics[0].message).toBe(`unexpected characters "${"@".repeat(20)}" and 9980 more`);
  });

  it("shows control characters of the file name, message and excerpt as visible text", () => {
    const text = 'class A { string B = "\x1b[2J"; @ };\x1b]0;pwned\x07\n';
    const doc = parseMof(text, { file: "evil\x1b[31m\u202E.mof" });
    const out = formatDiagnostics(doc.diagnostics, { documents: [doc] });
    expect(out).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/);
    expect(out).toContain("evil\\x1B[31m\\u202E.mof:1:");
    // One visible character per control character: the caret stays under the '@'.
    const [, source, caret] = out.split("\n");
    expect(source).toContain("␛[2J");
    expect(source.indexOf("@")).toBe(caret.indexOf("^"));
  });
});

describe("formatDiagnostics: runs and caps", () => {
  it("folds a run of one error on neighbouring tokens into one entry and a count", () => {
    const text = "@ ".repeat(1000) + "\nclass A { string B };\n";
    const doc = parseMof(text, { file: "runs.mof" });
    expect(doc.diagnostics.filter((d) => d.code === "invalid-character")).toHaveLength(1000);
    const out = formatDiagnostics(doc.diagnostics, { documents: [doc] });
    expect(out.match(/error invalid-character/g)).toHaveLength(1);
    expect(out).toContain("… and 999 more invalid-character errors on the tokens that follow, up to line 1, column 1999");
    // The next, different error is printed on its own.
    expect(out).toMatch(/^runs\.mof:2:\d+: error expected-semicolon/m);
  });

  it("prints a short run in full: a few neighbouring errors each say something", () => {
    const doc = parseMof("class A { @ # ! };", { file: "few.mof" });
    const out = formatDiagnostics(doc.diagnostics, { documents: [doc] });
    expect(out.match(/error invalid-character/g)).toHaveLength(3);
    expect(out).not.toContain("more invalid-character");
  });

  it("prints at most maxPerFile entries of a file, then one line that counts the rest", () => {
    const text = "class A { uint8 x; };\n" + "instance of A { x = 300; };\n".repeat(500);
    const doc = parseMof(text, { file: "many.mof" });
    const diagnostics: Diagnostic[] = [];
    for (let i = 0; i < 500; i++) {
      const start = doc.lines.lineStart(i + 2) + 20;
      diagnostics.push({
        code: "value-out-of-range",
        severity: "error",
        message: "300 is out of range",
        file: "many.mof",
        start,
        end: start + 3,
        line: i + 2,
        column: 21,
      });
    }
    diagnostics.push({ code: "duplicate-class", severity: "warning", message: "other file", file: "other.mof", start: 0, end: 0, line: 1, column: 1 });
    const out = formatDiagnostics(diagnostics, { documents: [doc] });
    expect(out.match(/^many\.mof:\d+:21: error/gm)).toHaveLength(100);
    expect(out).toContain("… and 400 more in many.mof (400 errors), not shown");
    expect(out).toMatch(/^other\.mof:1:1: warning duplicate-class/m);
    expect(formatDiagnostics(diagnostics, { documents: [doc], maxPerFile: Infinity }).match(/^many\.mof:\d+:21: error/gm)).toHaveLength(500);
    expect(countDiagnostics(diagnostics)).toBe("500 errors, 1 warning");
  });

  it("formats 130,000 diagnostics of one 260 KB line in bounded output", () => {
    const text = "@ ".repeat(130_000);
    const doc = parseMof(text, { file: "flood.mof" });
    expect(doc.diagnostics).toHaveLength(130_000);
    const out = formatDiagnostics(doc.diagnostics, { documents: [doc] });
    expect(out.length).toBeLessThan(2000);
  });
});
