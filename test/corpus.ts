/**
 * Where the shared corpus of real MOF files is. Tests that need it use `describeCorpus`:
 * when MOF_CORPUS is set (as in CI) and the folder is missing, the tests fail; when it is not
 * set and the folder is missing, they are skipped with a visible reason.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { describe, it } from "vitest";

const configured = process.env.MOF_CORPUS || undefined;
export const corpusDir = resolve(configured ?? join(__dirname, "..", "..", "shared", "corpus"));
export const corpusPresent = existsSync(join(corpusDir, "MANIFEST.tsv"));

/** How to run the corpus tests, printed once when they are skipped. */
export const HOW_TO_RUN = "MOF_CORPUS=/path/to/corpus npm test (the folder with MANIFEST.tsv; ../shared/corpus beside a checkout)";
let told = false;

/** `describe` for corpus tests, following the rule above. */
export function describeCorpus(name: string, body: () => void): void {
  if (corpusPresent) {
    describe(name, body);
  } else if (configured) {
    describe(name, () => {
      it(`needs the corpus at ${corpusDir} (MOF_CORPUS is set)`, () => {
        throw new Error(`MOF_CORPUS=${configured} but ${corpusDir} has no MANIFEST.tsv`);
      });
    });
  } else {
    if (!told) console.warn(`corpus tests skipped: no corpus at ${corpusDir}. Run them with ${HOW_TO_RUN}`);
    told = true;
    describe.skip(`${name} (no corpus at ${corpusDir}; run with ${HOW_TO_RUN})`, body);
  }
}

export interface ManifestRow {
  path: string;
  encoding: string;
  lineEndings: string;
  kind: string;
}

export function readManifest(): ManifestRow[] {
  return readTsv("MANIFEST.tsv").map((r) => ({ path: r.local_path, encoding: r.encoding, lineEndings: r.line_endings, kind: r.kind }));
}

export interface ExpectedRow {
  path: string;
  expect: "syntax-error" | "semantic-error" | "error" | "mof-v3" | "valid";
  line?: number;
  note: string;
}

export function readExpected(): ExpectedRow[] {
  return readTsv("EXPECTED.tsv").map((r) => ({
    path: r.local_path,
    expect: r.expect as ExpectedRow["expect"],
    ...(r.line ? { line: Number(r.line) } : {}),
    note: r.note,
  }));
}

export function readTsv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(corpusDir, name), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const cols = header.split("\t");
  return rows.map((row) => {
    const cells = row.split("\t");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}
