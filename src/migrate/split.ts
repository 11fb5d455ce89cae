/**
 * Splitting sources into two new files for a site that has no targets yet: the data units
 * (for configuration.mof) and the reporting units (for SMS_def.mof, or the import of ConfigMgr
 * 2012 and later), with the same units, classification and cross-checks as a plan.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LineEnding } from "../document/eol.js";
import { parseMof, type MofDocument } from "../document/parse.js";
import { encodeMof, sourceFromString, type Encoding } from "../document/source.js";
import { PROGRAM_SHAPE, programFromDocuments, type MofProgram } from "../program/program.js";
import { checkOptions, checkShape } from "../util/arguments.js";
import { analyzeSources, resolveMigrationOptions, type MigrationOptions } from "./analysis.js";
import type { TargetName } from "./configmgr.js";
import { planUnits, summarize, type PlannedUnit, type PlanSummary } from "./decide.js";
import { renderUnit } from "./edits.js";
import { planDiagnostics, type MigrationPlan } from "./plan.js";
import { buildUnits } from "./units.js";

/** Options of {@link splitSources}. */
export interface SplitOptions extends MigrationOptions {
  /** The stock SMS 2003 SMS_def.mof: units identical to it are left out of both files. */
  baseline?: MofProgram | MofDocument;
  /** MOF files found beside the sources but not read as sources (see `PlanInput.unreadSources`). */
  unreadSources?: MofProgram;
}

/** What {@link splitSources} returns. */
export interface SplitResult {
  /** MOF text of the data units (for configuration.mof), CRLF line endings, starting with its namespace pragma. */
  readonly data: string;
  /** MOF text of the reporting units (for SMS_def.mof), CRLF line endings, starting with its namespace pragma. */
  readonly reporting: string;
  /** `data` as file bytes: plain ASCII when it is ASCII, else UTF-16LE with a BOM (read right by every mofcomp). */
  readonly dataBytes: Uint8Array;
  /** `reporting` as file bytes, encoded like `dataBytes`. */
  readonly reportingBytes: Uint8Array;
  /**
   * The plan behind the split: every source unit with its action (`append` means written to one
   * of the two texts); its targets are the two new texts, parsed.
   */
  readonly plan: MigrationPlan;
  /** Every unit of the sources with its action (same as `plan.units`). */
  readonly units: readonly PlannedUnit[];
  readonly summary: PlanSummary;
  /** Cross-checks (see `planMigration`), sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Split sources into two new MOF texts without any target: data units (configuration.mof) and
 * reporting units (SMS_def.mof), each unit under its provenance comment, with namespace pragmas,
 * CRLF line endings. Stock (with a baseline), superseded and left-out units are not written.
 *
 * @throws TypeError when `program` is not a program from `loadMofFiles` or `options` not an object.
 */
export function splitSources(program: MofProgram, options: SplitOptions = {}): SplitResult {
  checkShape("splitSources", "program", program, PROGRAM_SHAPE.what, PROGRAM_SHAPE.fields);
  checkOptions("splitSources", options);
  const { baseline, unreadSources, ...rest } = options;
  const resolved = resolveMigrationOptions(rest);
  const analysis = analyzeSources(program, baseline, resolved);
  const units = planUnits(analysis);
  const render = (category: "data" | "reporting") => {
    const state: { namespace?: string } = {};
    return units
      .filter((u) => u.action === "append" && u.category === category)
      .map((u, i) => renderUnit(u, state, "\r\n", i > 0))
      .join("");
  };
  const data = render("data");
  const reporting = render("reporting");
  const diagnostics = planDiagnostics(analysis, units, unreadSources ? { unread: unreadSources } : {});
  const summary = summarize(units);
  const asTarget = <N extends TargetName>(name: N, text: string, file: string) => {
    const document = parseMof(sourceFromString(text, splitEncoding(text)), { file });
    const units = buildUnits(programFromDocuments([document]), { reportingNamespace: resolved.reportingNamespace }).units;
    return { name, document, units, exists: false };
  };
  const targets = {
    configuration: asTarget("configuration", data, "configuration-additions.mof"),
    smsDef: asTarget("smsDef", reporting, "SMS_def-additions.mof"),
  };
  const plan: MigrationPlan = { kind: "cm2007", options: resolved, units, targets, diagnostics, summary };
  return {
    data,
    reporting,
    dataBytes: encodeMof(targets.configuration.document.source),
    reportingBytes: encodeMof(targets.smsDef.document.source),
    plan,
    units,
    summary,
    diagnostics,
  };
}

/** ASCII stays ASCII; anything else is UTF-16LE with a BOM, the one encoding every mofcomp reads right. */
function splitEncoding(text: string): { encoding: Encoding; bom: boolean; eol: LineEnding } {
  return /[^\x00-\x7F]/.test(text) ? { encoding: "utf16le", bom: true, eol: "\r\n" } : { encoding: "utf8", bom: false, eol: "\r\n" };
}
