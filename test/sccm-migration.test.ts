/**
 * Every ConfigMgr file of the shared corpus (`sccm/`) through `split`, through a migration
 * into the sample ConfigMgr 2007 targets and through one into the sample current branch site:
 * what is written parses and passes `check`, a second run has nothing to do, and no
 * declaration of the source is missing from what was written unless the plan says why
 * (already there, stock, superseded, left out with a reason, or a conflict reported with its
 * differences).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import {
  applyPlan,
  checkProgram,
  decodeMof,
  parseMof,
  planMigration,
  programFromDocuments,
  splitSources,
  type MofDocument,
  type PlanAction,
  type PlannedUnit,
} from "mof-migrate";
import { convertLineEndings } from "mof-migrate/syntax";
import { corpusDir, describeCorpus, readTsv } from "./corpus.js";

const samples = resolve(__dirname, "..", "samples", "cm2007");
const cbSamples = resolve(__dirname, "..", "samples", "cb");

/**
 * Files that are refused, and why: the migration writes nothing for them (that is the test),
 * and the reason must stay the one given here.
 */
const REFUSED: Record<string, string> = {
  // EXPECTED.tsv: a stray "-----" header line; the one class of the file does not parse.
  "dustinestes__MECM_Toolkit__Infrastructure__MOFs__ODBC__ODBC_sms_def.mof": "invalid-character",
  // A ConfigMgr Current Branch export: SMS_LogicalDisk carries MICROSOFT|LOGICAL_DISK|1.0, the id
  // of Win32_LogicalDisk in the sample SMS_def.mof (2007). A real clash on such a site.
  "windows-admins__ConfigMgr__Hardware Inventory__HealthChecksHINV.mof": "duplicate-class-id",
};

/** Actions whose units are not written, each with the reason the plan gives. */
const NOT_WRITTEN: ReadonlySet<PlanAction> = new Set(["already-there", "stock", "superseded", "left-out", "conflict", "flag-change"]);

const target = (file: string, folder = samples) => parseMof(decodeMof(new Uint8Array(readFileSync(join(folder, file)))), { file });

/** Files the current branch target refuses, and why (see REFUSED). */
const REFUSED_CB: Record<string, string> = {
  "dustinestes__MECM_Toolkit__Infrastructure__MOFs__ODBC__ODBC_sms_def.mof": "invalid-character",
};

/** The source text of every declaration of the units that write, as it must appear in a written text (CRLF). */
function writtenDeclarations(units: readonly PlannedUnit[]): { unit: PlannedUnit; text: string }[] {
  return units
    .filter((u) => u.writes)
    .flatMap((u) => u.unit.declarations.map((d) => ({ unit: u, text: convertLineEndings(d.document.source.text.slice(d.node.start, d.node.end), "\r\n") })));
}

const errorsOf = (ds: readonly { severity: string; code: string }[]) => ds.filter((d) => d.severity === "error").map((d) => d.code);

describeCorpus("the ConfigMgr corpus through split and convert", () => {
  const files = readTsv("MANIFEST.tsv")
    .map((r) => r.local_path)
    .filter((p) => p.startsWith("sccm/"));

  it("has the files to test, and every refused file among them", () => {
    expect(files.length).toBeGreaterThan(60);
    for (const name of Object.keys(REFUSED)) expect(files).toContain(`sccm/${name}`);
  });

  for (const path of files) {
    const name = path.slice("sccm/".length);
    it(name, () => {
      const document: MofDocument = parseMof(decodeMof(new Uint8Array(readFileSync(join(corpusDir, path)))), { file: name });
      const sources = programFromDocuments([document]);
      const declarations = document.productions.filter((p) => p.kind !== "pragma");
      const inputErrors = [...errorsOf(sources.diagnostics), ...errorsOf(checkProgram(sources))];

      // split: both texts parse and pass check; every declaration of a written unit is in one of them.
      const split = splitSources(sources);
      for (const text of [split.data, split.reporting]) {
        const written = parseMof(text, { file: "split.mof" });
        expect(errorsOf(written.diagnostics)).toEqual([]);
        expect(errorsOf(checkProgram(programFromDocuments([written])))).toEqual([]);
      }
      for (const { unit, text } of writtenDeclarations(split.units)) expect(`${split.data}${split.reporting}`, unit.id).toContain(text);

      // convert into the sample targets.
      const plan = planMigration({ sources, configurationMof: target("configuration.mof"), smsDefMof: target("SMS_def.mof") });
      const applied = applyPlan(plan);
      const errors = [...inputErrors, ...errorsOf(plan.diagnostics), ...applied.flatMap((a) => errorsOf(a.diagnostics))];
      if (REFUSED[name] !== undefined) {
        expect(errors).toContain(REFUSED[name]);
        return;
      }
      expect(errors).toEqual([]);
      expect(applied.some((a) => a.failed)).toBe(false);

      // Every declaration is in a unit; a unit is written or the plan says why not.
      const seen = plan.units.flatMap((u) => u.unit.declarations.map((d) => d.node));
      expect(new Set(seen).size).toBe(declarations.length);
      for (const u of plan.units) {
        if (u.writes) continue;
        expect(NOT_WRITTEN.has(u.action), `${u.id}: ${u.action}`).toBe(true);
        expect(u.message.length).toBeGreaterThan(0);
        if (u.action === "left-out") expect(u.reason, u.id).toBeDefined();
      }
      const newText = applied.map((a) => a.text).join("");
      for (const { unit, text } of writtenDeclarations(plan.units)) expect(newText, unit.id).toContain(text);

      const written = writtenAndChecked(applied);

      // A second run has nothing to do.
      const again = planMigration({ sources, configurationMof: written[0], smsDefMof: written[1] });
      expect(again.units.filter((u) => u.writes).map((u) => u.id)).toEqual([]);
      expect(applyPlan(again).filter((a) => a.changed)).toEqual([]);
    });

    it(`${name} into a current branch site`, () => {
      const document = parseMof(decodeMof(new Uint8Array(readFileSync(join(corpusDir, path)))), { file: name });
      const sources = programFromDocuments([document]);
      const inputErrors = [...errorsOf(sources.diagnostics), ...errorsOf(checkProgram(sources))];
      const cb = (configurationMof: MofDocument, importMof: MofDocument | string) =>
        planMigration({
          sources,
          configurationMof,
          target: { kind: "current-branch", importMof, siteClasses: target("site-classes.mof", cbSamples) },
        });
      const plan = cb(target("configuration.mof", cbSamples), "inventory-classes.mof");
      const applied = applyPlan(plan);
      const errors = [...inputErrors, ...errorsOf(plan.diagnostics), ...applied.flatMap((a) => errorsOf(a.diagnostics))];
      if (REFUSED_CB[name] !== undefined) {
        expect(errors).toContain(REFUSED_CB[name]);
        return;
      }
      expect(errors).toEqual([]);
      for (const u of plan.units) {
        if (u.writes) expect(u.target, u.id).toBe(u.category === "data" ? "configuration" : "importMof");
        else expect(NOT_WRITTEN.has(u.action), `${u.id}: ${u.action}`).toBe(true);
      }
      const newText = applied.map((a) => a.text).join("");
      for (const { unit, text } of writtenDeclarations(plan.units)) expect(newText, unit.id).toContain(text);
      const written = writtenAndChecked(applied);
      const again = cb(written[0], applied[1].changed ? written[1] : "inventory-classes.mof");
      expect(again.units.filter((u) => u.writes).map((u) => u.id)).toEqual([]);
      expect(applyPlan(again).filter((a) => a.changed)).toEqual([]);
    });
  }
});

/** The targets as written, read back: each parses and passes check without an error. */
function writtenAndChecked(applied: readonly { bytes: Uint8Array; file: string }[]): MofDocument[] {
  const written = applied.map((a) => parseMof(decodeMof(a.bytes), { file: a.file }));
  for (const doc of written) {
    expect(errorsOf(doc.diagnostics)).toEqual([]);
    expect(errorsOf(checkProgram(programFromDocuments([doc])))).toEqual([]);
  }
  return written;
}
