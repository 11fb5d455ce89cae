/**
 * Property-based tests: generated valid MOF must parse to exactly what was written, and damaged
 * real files (mutated bytes, truncations, other encodings, BOMs, mixed line endings) must never
 * make decoding or parsing throw, hang, or report a diagnostic outside the text. Generated
 * folders go through the whole pipeline (find, load, check, plan, apply, split) and through the
 * built command line (check, convert --write, a second run).
 *
 * The generators and properties live in test/support/*.mjs so that `npm run fuzz`
 * (bench/fuzz.mjs) runs the same ones against the built library for longer. Here the seed is
 * fixed; FUZZ_RUNS sets the number of cases per property (default 200).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyPlan,
  checkProgram,
  DiagnosticCodes,
  decodeMof,
  encodeMof,
  findMofFiles,
  loadMofFiles,
  parseMof,
  planMigration,
  readMofFile,
  splitSources,
} from "mof-migrate";
import { printTokens, stringLiteralRanges, tokenize } from "mof-migrate/syntax";
import { corpusDir, corpusPresent, readExpected, readManifest } from "./corpus.js";
import {
  checkBytes,
  checkDocument,
  checkGenerated,
  checkTruncations,
  fuzzProperties,
  pickCorpusFiles,
  project,
  toProperty,
} from "./support/fuzz-properties.mjs";
import { applyEdits, mofDocument, reencode } from "./support/mof-arbitrary.mjs";
import { pipelineProperties } from "./support/pipeline-properties.mjs";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = 42;
const lib = { parseMof, decodeMof, encodeMof, tokenize, printTokens, DiagnosticCodes, stringLiteralRanges };
const root = join(__dirname, "..");
/** The whole pipeline, and the built command line (`pretest` builds it). */
const pipeline = {
  findMofFiles,
  loadMofFiles,
  readMofFile,
  checkProgram,
  planMigration,
  applyPlan,
  splitSources,
  parseMof,
  decodeMof,
  DiagnosticCodes,
  bin: join(root, "dist", "bin", "mof-migrate.js"),
};

/** Every .mof file under a folder, relative to the project root. */
function mofFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return mofFiles(path);
    return /\.mof$/i.test(e.name) ? [relative(root, path)] : [];
  });
}

const samples = mofFiles(join(root, "samples")).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(root, name))) }));
const corpusFiles = corpusPresent
  ? pickCorpusFiles(readManifest(), readExpected(), (p) => statSync(join(corpusDir, p)).size).map((p) => ({
      name: "corpus/" + p,
      bytes: new Uint8Array(readFileSync(join(corpusDir, p))),
    }))
  : [];
const inputs = [...samples, ...corpusFiles];

describe("fuzz: properties (seed 42)", () => {
  it("has real files to damage", () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
    if (corpusPresent) expect(corpusFiles.length).toBeGreaterThanOrEqual(3);
  });

  for (const p of [...fuzzProperties(lib, inputs), ...pipelineProperties(pipeline, inputs)]) {
    it(p.name, async () => {
      await fc.assert(toProperty(p), { seed: SEED, numRuns: Math.max(1, Math.round(RUNS * p.weight)) });
    });
  }
});

describe("fuzz: fixed checks", () => {
  it("the generator's output is what the properties say it is", () => {
    // Guard against a generator that has quietly stopped producing anything interesting.
    const docs = fc.sample(mofDocument(), { seed: SEED, numRuns: 200 });
    const all = docs.map((d) => d.text).join("\n");
    for (const form of [
      /#\s*pragma/i,
      /\binstance\s+of\b/i,
      /\bclass\b/i,
      /\bqualifier\b/i,
      /\$\w/,
      /0x[0-9a-f]/i,
      /\d[bB]\b/,
      /\d\.\d/,
      /"\s*"/,
      /'.'/,
      /\/\*/,
      /\/\//,
      /\\\r?\n/,
    ]) {
      expect(all).toMatch(form);
    }
    expect(docs.filter((d) => d.models.length > 0).length).toBeGreaterThan(150);
    for (const d of docs.slice(0, 20)) checkGenerated(lib, d);
  });

  it("the model of a hand-written file is what it says", () => {
    const text = '[Key(TRUE)] class A : B { uint32 P[] = {0x1F, 017, 101b, -5}; };\r\ninstance of A as $X { P = "a\\n" "b"; Q = $X; };';
    const doc = parseMof(text);
    checkDocument(lib, doc);
    expect(project(lib, doc)).toEqual([
      {
        class: "A",
        superclass: "B",
        quals: [{ name: "Key", value: { boolean: true }, flavors: [] }],
        features: [
          {
            property: "P",
            type: "uint32",
            ref: false,
            array: "var",
            default: {
              array: [
                { integer: "31", radix: 16 },
                { integer: "15", radix: 8 },
                { integer: "5", radix: 2 },
                { integer: "-5", radix: 10 },
              ],
            },
            quals: undefined,
          },
        ],
      },
      {
        instance: "A",
        alias: "X",
        quals: undefined,
        properties: [
          { name: "P", value: { string: "a\nb", parts: 2 }, quals: undefined },
          { name: "Q", value: { alias: "X" }, quals: undefined },
        ],
      },
    ]);
  });

  it("every prefix of a small file parses (truncation at every offset)", () => {
    const small = samples.find((s) => s.name.endsWith("no_pragma.mof"))!;
    const text = decodeMof(small.bytes).text;
    expect(checkTruncations(lib, text, true)).toBe(text.length + 1);
  });

  it("every prefix ending at a token boundary parses (a file with aliases and pragmas)", () => {
    const file = samples.find((s) => s.name.endsWith("provider_alias.mof"))!;
    const text = decodeMof(file.bytes).text;
    expect(checkTruncations(lib, text)).toBeGreaterThan(200);
  });

  it("each sample and corpus file round-trips and parses in every encoding, with and without BOM", () => {
    for (const input of inputs) {
      const original = checkBytes(lib, input.bytes, input.name);
      for (const encoding of ["utf8", "utf16le", "utf16be", "windows1252"] as const) {
        for (const bom of [false, true]) {
          const { bytes, text } = reencode(original.source.text, { encoding, bom, eols: ["\r\n", "\n", "\r"] });
          const doc = checkBytes(lib, bytes, input.name);
          if (bom && encoding !== "windows1252") {
            expect(doc.source.encoding, `${input.name} as ${encoding} with BOM`).toBe(encoding);
            expect(doc.source.text).toBe(text);
          }
        }
      }
    }
  });

  it("a mutation counterexample reproduces from its edit list", () => {
    // The long fuzz run prints counterexamples as edit lists; this is how to replay one.
    const bytes = new TextEncoder().encode("class A { uint32 p; };");
    const edited = applyEdits(bytes, [{ insert: '"', at: 10 }, { set: 0x7b, at: 3 }, { truncate: 18 }]);
    expect(new TextDecoder().decode(edited)).toBe('cla{s A { "uint32 ');
    const doc = checkBytes(lib, edited);
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toContain("unterminated-string");
  });
});

describe("fuzz: the long mode", () => {
  it("npm run fuzz runs the properties against the build and says how many cases it tried", () => {
    const out = execFileSync(
      process.execPath,
      [join(import.meta.dirname, "..", "bench", "fuzz.mjs"), "--runs", "20", "--only", "random bytes", "--seed", "7"],
      {
        encoding: "utf8",
      },
    );
    expect(out).toMatch(/^\d+ cases in [\d.]+ s \(seed 7\): no failure$/m);
  });
});
