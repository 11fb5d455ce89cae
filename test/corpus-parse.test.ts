/**
 * Every file of the shared corpus: decoded, parsed and written back. One test per property, each
 * looping over all files and listing every failure, so a regression shows the whole picture.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { decodeMof, encodeMof, parseMof, type SourceText } from "mof-migrate";
import { printTokens, tokenize } from "mof-migrate/syntax";
import { corpusDir, describeCorpus, readExpected, readManifest, type ExpectedRow, type ManifestRow } from "./corpus.js";

/**
 * EXPECTED.tsv rows whose real outcome differs from the row's kind, with the outcome we check
 * instead and why.
 */
const DEVIATIONS: Record<string, { code: string; line: number; why: string }> = {
  "wmi/KingslandConsulting__Kingsland.MofParser__src__Kingsland.MofParser.UnitTests__Parsing__DSP0221_3.0.1__D.02 GOLF_Base.mof": {
    code: "unterminated-string",
    line: 18,
    why: "listed as MOF v3, but it has no v3 syntax: a string literal is broken across two lines, which MOF 2 (and mofcomp) rejects",
  },
};

interface FileResult {
  row: ManifestRow;
  bytes: Buffer;
  source: SourceText;
  errors: { code: string; line: number; message: string }[];
}

const results: FileResult[] = [];

describeCorpus("corpus: every file decodes, parses and round-trips", () => {
  beforeAll(() => {
    for (const row of readManifest()) {
      const bytes = readFileSync(join(corpusDir, row.path));
      const source = decodeMof(bytes);
      const doc = parseMof(source, { file: row.path });
      const errors = doc.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, line: d.line, message: d.message }));
      results.push({ row, bytes, source, errors });
    }
  });

  it("reads the whole manifest", () => {
    expect(results.length).toBeGreaterThan(3000);
    expect(new Set(results.map((r) => r.row.path)).size).toBe(results.length);
  });

  it("has no errors except where EXPECTED.tsv says so, and the expected ones where it says", () => {
    const expected = new Map<string, ExpectedRow>(readExpected().map((r) => [r.path, r]));
    const listed = new Set(results.map((r) => r.row.path));
    const failures: string[] = [];
    for (const path of expected.keys()) if (!listed.has(path)) failures.push(`${path}: in EXPECTED.tsv but not in MANIFEST.tsv`);

    const show = (errors: FileResult["errors"]) =>
      errors
        .slice(0, 3)
        .map((e) => `${e.line}: ${e.code} ${e.message}`)
        .join("; ");
    for (const { row, errors } of results) {
      const exp = expected.get(row.path);
      const deviation = DEVIATIONS[row.path];
      if (deviation) {
        if (errors[0]?.code !== deviation.code || errors[0]?.line !== deviation.line) {
          failures.push(`${row.path}: expected ${deviation.code} on line ${deviation.line} (${deviation.why}), got ${show(errors) || "no error"}`);
        }
        continue;
      }
      if (!exp || exp.expect === "valid") {
        if (errors.length > 0) failures.push(`${row.path}: valid, but ${show(errors)}`);
      } else if (exp.expect === "syntax-error" || exp.expect === "error") {
        if (exp.line === undefined ? errors.length === 0 : !errors.some((e) => e.line === exp.line)) {
          failures.push(`${row.path}: expected an error on line ${exp.line ?? "any"} (${exp.note}), got ${show(errors) || "no error"}`);
        }
      } else if (exp.expect === "mof-v3") {
        if (errors.length > 0 && !errors.some((e) => e.message.includes("MOF v3")))
          failures.push(`${row.path}: MOF v3 file with errors, none naming MOF v3: ${show(errors)}`);
      }
      // semantic-error rows: what they break is checked after parsing, not here.
    }
    expect(failures).toEqual([]);
  });

  it("round-trips every file byte for byte: decode, tokenize, print, encode", () => {
    const failures: string[] = [];
    for (const { row, bytes, source } of results) {
      const printed = printTokens(tokenize(source.text));
      if (printed !== source.text) {
        let at = 0;
        while (printed[at] === source.text[at]) at++;
        failures.push(`${row.path}: printTokens differs from the text at offset ${at}`);
        continue;
      }
      const out = Buffer.from(encodeMof({ ...source, text: printed }));
      if (!out.equals(bytes)) failures.push(`${row.path}: encoded bytes differ (${out.length} vs ${bytes.length} bytes)`);
    }
    expect(failures).toEqual([]);
  });

  it("agrees with the manifest's encoding and line_endings columns", () => {
    const failures: string[] = [];
    for (const { row, bytes, source } of results) {
      const problem = encodingProblem(row.encoding, bytes, source) ?? lineEndingProblem(row.lineEndings, source);
      if (problem) failures.push(`${row.path}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});

/** Why the decoded source does not match the manifest's encoding column, if it does not. */
function encodingProblem(encoding: string, bytes: Buffer, source: SourceText): string | undefined {
  const got = `${source.encoding}${source.bom ? " with BOM" : ""}`;
  const nonAscii = /[^\x00-\x7f]/.test(source.text);
  switch (encoding) {
    case "empty":
      return bytes.length === 0 && source.text === "" ? undefined : `listed empty, has ${bytes.length} bytes`;
    case "ascii":
      return source.encoding === "utf8" && !source.bom && !nonAscii ? undefined : `listed ascii, decoded as ${got}${nonAscii ? " with non-ASCII text" : ""}`;
    case "utf8":
      return source.encoding === "utf8" && !source.bom && nonAscii ? undefined : `listed utf8 (no BOM, non-ASCII), decoded as ${got}`;
    case "utf8-bom":
      return source.encoding === "utf8" && source.bom ? undefined : `listed ${encoding}, decoded as ${got}`;
    case "utf16le-bom":
    case "utf16be-bom":
      return source.encoding === encoding.slice(0, 7) && source.bom ? undefined : `listed ${encoding}, decoded as ${got}`;
    case "utf16le-nobom":
    case "utf16be-nobom":
      return source.encoding === encoding.slice(0, 7) && !source.bom ? undefined : `listed ${encoding}, decoded as ${got}`;
    case "windows1252":
    case "cp1252":
      return source.encoding === "windows1252" ? undefined : `listed ${encoding}, decoded as ${got}`;
    default:
      return `unknown encoding '${encoding}' in MANIFEST.tsv`;
  }
}

/** Why the decoded source does not match the manifest's line_endings column, if it does not. */
function lineEndingProblem(lineEndings: string, source: SourceText): string | undefined {
  const { text } = source;
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  const cr = text.split("\r").length - 1 - crlf;
  const counts = `CRLF:${crlf} LF:${lf} CR:${cr}`;
  if (lineEndings === "none") return crlf + lf + cr === 0 ? undefined : `listed without line breaks, has ${counts}`;
  if (lineEndings === "CRLF")
    return crlf > 0 && lf + cr === 0 && source.eol === "\r\n" && !source.mixedEol ? undefined : `listed CRLF, has ${counts}, eol ${JSON.stringify(source.eol)}`;
  if (lineEndings === "LF")
    return lf > 0 && crlf + cr === 0 && source.eol === "\n" && !source.mixedEol ? undefined : `listed LF, has ${counts}, eol ${JSON.stringify(source.eol)}`;
  if (lineEndings === "CR") return cr > 0 && crlf + lf === 0 && source.eol === "\r" && !source.mixedEol ? undefined : `listed CR, has ${counts}`;
  const mixed = /^mixed\((.*)\)$/.exec(lineEndings);
  if (mixed) {
    // e.g. mixed(CRLF:460+LF:11): the counts must match exactly.
    const listed = Object.fromEntries(
      mixed[1]
        .split("+")
        .map((part) => part.split(":"))
        .map(([k, v]) => [k, Number(v)]),
    );
    const ok = source.mixedEol && (listed.CRLF ?? 0) === crlf && (listed.LF ?? 0) === lf && (listed.CR ?? 0) === cr;
    return ok ? undefined : `listed ${lineEndings}, has ${counts}, mixedEol ${source.mixedEol}`;
  }
  return `unknown line_endings '${lineEndings}' in MANIFEST.tsv`;
}
