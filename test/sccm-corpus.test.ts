/**
 * The migration's unit building and classification over the real ConfigMgr MOF files of the
 * corpus: every file is classified as its contents say (MANIFEST-notes.tsv), and no declaration
 * is lost or duplicated.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { decodeMof, parseMof, programFromDocuments, splitSources } from "mof-migrate";
import { corpusDir, describeCorpus, readExpected, readTsv } from "./corpus.js";

describeCorpus("migration units over the ConfigMgr corpus", () => {
  const rows = readTsv("MANIFEST-notes.tsv").filter((r) => r.local_path.startsWith("sccm/"));
  const broken = new Set(
    readExpected()
      .filter((r) => r.expect !== "valid")
      .map((r) => r.path),
  );

  const analyse = (path: string) => {
    const document = parseMof(decodeMof(new Uint8Array(readFileSync(join(corpusDir, path)))), { file: path });
    const program = programFromDocuments([document]);
    const split = splitSources(program);
    return { document, program, result: { units: split.units.map((p) => p.unit) }, classes: split.units };
  };

  it("has the ConfigMgr files to test", () => {
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ["configuration", "cm2007-smsdef", "import-mof", "unknown"]) expect(kinds.has(k)).toBe(true);
  });

  for (const row of rows) {
    const path = row.local_path;
    it(`${row.kind}: ${path.slice("sccm/".length)}`, () => {
      const { document, program, result, classes } = analyse(path);

      // Every declaration lands in exactly one unit.
      const declarations = document.productions.filter((p) => p.kind !== "pragma");
      const seen = result.units.flatMap((u) => u.declarations.map((d) => d.node));
      expect(seen).toHaveLength(declarations.length);
      expect(new Set(seen).size).toBe(declarations.length);

      const categories = classes.map((c) => c.category);
      const reasons = new Set(classes.flatMap((c) => (c.reason ? [c.reason] : [])));
      const expectSome = !broken.has(path) && declarations.length > 0;
      if (row.kind === "configuration") {
        expect(categories.filter((c) => c !== "data")).toEqual([]);
        if (expectSome) expect(categories).toContain("data");
      } else if (row.kind === "cm2007-smsdef" || row.kind === "import-mof") {
        expect(categories).not.toContain("data");
        if (expectSome) expect(categories).toContain("reporting");
        // what is left out of a console-export import file is its scaffolding only
        expect([...reasons].filter((r) => r !== "class-template" && r !== "reporting-namespace")).toEqual([]);
      } else if (row.subkind.startsWith("collection-export")) {
        expect(categories.every((c) => c === "left-out")).toBe(true);
        expect([...reasons]).toEqual(["console-export"]);
      } else if (row.subkind.includes("task sequence action")) {
        expect(categories.every((c) => c === "left-out")).toBe(true);
        expect(reasons.has("console-extension")).toBe(true);
      }

      // Splitting the file gives MOF that parses again.
      const split = splitSources(program);
      for (const text of [split.data, split.reporting]) expect(parseMof(text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const written = split.units.filter((u) => u.action === "append").length;
      expect(written).toBe(categories.filter((c) => c !== "left-out").length - split.summary.actions.superseded);
    });
  }
});
