/**
 * The ConfigMgr 2012 and later (Current Branch) target (decisions/0031 to 0033):
 * - data units go into configuration.mof, between its "Added extensions" markers (a file
 *   without them gets the marker block at its end; markers out of order stop the write). A unit
 *   the file already has outside the section is reported, and neither appended again nor
 *   edited there;
 * - reporting units go into the import MOF, which the admin imports in the console (Default
 *   Client Settings > Hardware Inventory > Set Classes > Import): reporting classes only, in the
 *   ConfigMgr 2007 SMS_def.mof format. "Already there" means in the import MOF, or else in the
 *   site's classes (a console export) with the same schema and report flags;
 * - before the import MOF is written, its whole new text is checked as the import needs it.
 */
import type { MofDocument } from "../document/parse.js";
import { qualifierString } from "../document/query.js";
import { classIdClashes, classIdClashMessage, classIdUse, type ClassIdUse } from "../program/inventory.js";
import { isNamespaceWithin, namespaceAt, normalizeNamespace } from "../program/namespaces.js";
import { programFromDocuments } from "../program/program.js";
import { programSymbols, type ClassSymbol } from "../program/symbols.js";
import { CLASS_TEMPLATE, looksLikeReportingClass, TARGET_FILES } from "./configmgr.js";
import { checkCurrentBranch, isImportable } from "./current-branch-checks.js";
import { targetIndex, type PlannedUnit, type Placement } from "./decide.js";
import { renderUnit, type TextEdit } from "./edits.js";
import { endMarkerBlock, isInsideSection, startMarkerBlock } from "./extensions-section.js";
import { matchSiteClass } from "./site-classes.js";
import { importEncoding, keptEncoding } from "./target-encoding.js";
import { appendAt, unitEdits, type PlanTarget, type TargetKindRules, type VerifyInput } from "./target-kind.js";
import { createdNamespace, describeUnit } from "./units.js";

/** The comment a new import MOF starts with: what it is and where it goes. */
export const IMPORT_MOF_HEADER = [
  "// Hardware inventory reporting classes for ConfigMgr (current branch), made by mof-migrate.",
  "// Import them in the Configuration Manager console: Administration > Client Settings >",
  "// Default Client Settings > Properties > Hardware Inventory > Set Classes > Import.",
];

/** Where a diagnostic about a whole target goes: its first character. */
const AT_START = { start: 0, end: 0 };

/** See the module comment. */
export const CURRENT_BRANCH: TargetKindRules = {
  kind: "current-branch",
  targetNames: ["configuration", "importMof"],
  placement(targets, identity, site, options): Placement {
    const configuration = targets.configuration;
    const reporting = normalizeNamespace(options.reportingNamespace);
    const section = configuration.section;
    // A definition outside the section is the site's part of the file: it is never edited.
    const fixed = (d: { readonly document: MofDocument; readonly node: { readonly start: number } }) => {
      if (d.document !== configuration.document || (section && isInsideSection(section, d.node.start))) return undefined;
      if (section?.markers === "found") return "outside the Added extensions section";
      return section?.markers === "invalid" ? "whose Added extensions markers are wrong" : "which has no Added extensions section";
    };
    return {
      data: "configuration",
      reporting: "importMof",
      label: (t) => TARGET_FILES[t],
      indexes: {
        configuration: targetIndex("configuration", configuration.units, identity, { fixed }),
        // An import MOF in the console's export shape keeps its classes below the reporting namespace.
        ...(targets.importMof ? { importMof: targetIndex("importMof", targets.importMof.units, identity, { reportingWithin: reporting }) } : {}),
      },
      ...(site ? { site } : {}),
      refuse: (unit, c) =>
        c.category === "reporting" && !isImportable(unit)
          ? {
              reason: "not-importable",
              explanation: `${describeUnit(unit)} is in the reporting namespace, but it is not a reporting class; the import MOF takes reporting classes only (data classes, instances and provider registrations belong in configuration.mof)`,
            }
          : undefined,
    };
  },
  check: checkCurrentBranch,
  edits(target, units, sink) {
    if (target.name === "importMof") return unitEdits(target, units, (appended) => [importAppend(target, appended)]);
    const section = target.section;
    if (section?.markers === "invalid")
      return { refused: `its Added extensions markers are wrong (line ${target.document.lines.position(section.at.start).line}: ${section.message})` };
    if (section?.markers === "found") return unitEdits(target, units, appendAt(target, section.insertAt));
    return unitEdits(target, units, (appended) => {
      sink.report(
        target.document,
        "extension-markers-added",
        AT_START,
        "configuration.mof has no '// Added extensions start' and '// Added extensions end' lines: the marker block is added at the end of the file, with the new data classes inside",
      );
      return [markerBlockAppend(target, appended)];
    });
  },
  encoding(target, addedText, sink) {
    if (target.name === "importMof") return importEncoding(target.document, target.exists, addedText);
    return keptEncoding(target.document, TARGET_FILES[target.name], addedText, sink);
  },
  verify: (input) => (input.target.name === "importMof" ? importMofProblems(input) : []),
};

/** Units appended at the end of the import MOF; a new one starts with its header comment. */
function importAppend(target: PlanTarget, appended: readonly PlannedUnit[]): TextEdit {
  const { document } = target;
  const text = document.source.text;
  const eol = document.source.eol;
  const state = { namespace: namespaceAt(document, text.length).namespace };
  const lead = text.length > 0 && !/[\r\n]$/.test(text) ? eol : "";
  const header = target.exists ? "" : IMPORT_MOF_HEADER.join(eol) + eol;
  const units = appended.map((u, i) => renderUnit(u, state, eol, i > 0 || text.length > 0 || header !== "")).join("");
  return { offset: text.length, length: 0, content: lead + header + units };
}

/** The marker block at the end of a configuration.mof that has none, with the units inside. */
function markerBlockAppend(target: PlanTarget, appended: readonly PlannedUnit[]): TextEdit {
  const { document } = target;
  const text = document.source.text;
  const eol = document.source.eol;
  const state = { namespace: namespaceAt(document, text.length).namespace };
  const lead = text.length > 0 && !/[\r\n]$/.test(text) ? eol : "";
  // A blank line before the block, unless the file ends with one (or is empty).
  const blankAlready = text.length === 0 || (lead === "" && /(\r\n|\r|\n)[ \t]*$/.test(text.replace(/(\r\n|\r|\n)$/, "")));
  const blank = blankAlready ? "" : eol;
  const units = appended.map((u) => renderUnit(u, state, eol, true)).join("");
  return { offset: text.length, length: 0, content: lead + blank + startMarkerBlock(eol) + units + eol + endMarkerBlock(eol) };
}

/**
 * What the console's import needs of the whole new import MOF: reporting classes only (the
 * scaffolding of a console export aside), in the reporting namespace, each with
 * `SMS_Class_ID` and `SMS_Group_Name`, no class ID used twice (32/64-bit pairs aside), none
 * in conflict with the site's classes.
 */
function importMofProblems({ written, site, options }: VerifyInput): string[] {
  const problems: string[] = [];
  const reporting = normalizeNamespace(options.reportingNamespace);
  const line = (d: { readonly node: { readonly start: number } }) => `line ${written.lines.position(d.node.start).line}`;
  const uses: ClassIdUse[] = [];
  for (const d of programSymbols(programFromDocuments([written])).walk.declarations) {
    const node = d.node;
    if (node.kind === "instance") {
      const created = createdNamespace(d);
      // A console export creates `SMS` and `SMS\INV_TEMP` for its classes.
      if (created && (isNamespaceWithin(reporting, created) || isNamespaceWithin(created, reporting))) continue;
      problems.push(`instance of ${node.className.name} (${line(d)}) is not a reporting class`);
      continue;
    }
    if (node.kind !== "class") {
      problems.push(`qualifier ${node.name.name} (${line(d)}) is not a reporting class`);
      continue;
    }
    const name = node.name.name;
    if (name.toLowerCase() === CLASS_TEMPLATE && node.features.length === 0) continue;
    if (!looksLikeReportingClass(node)) {
      problems.push(`class ${name} (${line(d)}) is not a reporting class`);
      continue;
    }
    if (!isNamespaceWithin(d.namespace, reporting))
      problems.push(`class ${name} (${line(d)}) is compiled into ${d.namespaceSpelling}, not ${options.reportingNamespace}`);
    if (qualifierString(node.qualifierList, "SMS_Class_ID") === undefined) problems.push(`class ${name} (${line(d)}) has no SMS_Class_ID`);
    if (qualifierString(node.qualifierList, "SMS_Group_Name") === undefined) problems.push(`class ${name} (${line(d)}) has no SMS_Group_Name`);
    const use = classIdUse(d);
    if (use) uses.push(use);
    const match = site ? matchSiteClass(site, d as ClassSymbol, options.dataNamespace) : undefined;
    if (match && (match.sameId || match.differences.length > 0)) {
      problems.push(`class ${name} (${line(d)}) conflicts with the site's class ${match.declaration.node.name.name}`);
    }
  }
  for (const clash of classIdClashes(uses)) problems.push(classIdClashMessage(clash, line));
  return problems;
}
