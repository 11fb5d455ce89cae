/**
 * The checks a migration into a ConfigMgr 2012 or later (Current Branch) site adds to the
 * cross-checks: the "Added extensions" markers of configuration.mof, units the file already has
 * outside that section, source units the import MOF cannot take, and the reporting classes
 * written to the import MOF (a key property, an `SMS_Group_Name`, properties that match the
 * data class they read).
 */
import type { PropertyDeclaration } from "../../grammar/ast.js";
import type { DiagnosticSink } from "../diagnostics/diagnostic.js";
import { printArraySpec, printType } from "../document/print.js";
import { qualifierIsTrue, qualifierString } from "../document/query.js";
import { normalizeNamespace, type ResolvedDeclaration } from "../program/namespaces.js";
import { superclassChain, type ClassSymbol } from "../program/symbols.js";
import { dataClassNamespace, looksLikeReportingClass, WINDOWS_PROVIDERS } from "./configmgr.js";
import { isInsideSection } from "./extensions-section.js";
import { canonType } from "./identity.js";
import { declarationWhere } from "./location.js";
import type { KindCheckInput } from "./target-kind.js";
import { describeUnit, type MofUnit } from "./units.js";

/** Run the checks of a Current Branch target into `sink`. */
export function checkCurrentBranch(input: KindCheckInput, sink: DiagnosticSink): void {
  checkMarkers(input, sink);
  checkOutsideSection(input, sink);
  checkNotImportable(input, sink);
  const written = writtenClassSymboles(input);
  checkGroupNames(written, sink);
  checkKeys(written, sink);
  checkAgainstDataClasses(input, written, sink);
}

/** Markers out of order: an error at the marker line; nothing may be written to configuration.mof. */
function checkMarkers({ targets }: KindCheckInput, sink: DiagnosticSink): void {
  const section = targets.configuration.section;
  if (section?.markers === "invalid") sink.report(targets.configuration.document, "extension-markers", section.at, section.message);
}

/** Units of the sources that configuration.mof has outside its section: lost at the next site update. */
function checkOutsideSection({ targets, planned, analysis }: KindCheckInput, sink: DiagnosticSink): void {
  const { document, section, units } = targets.configuration;
  if (!section || section.markers === "invalid") return;
  const declarations = new Map<number, ResolvedDeclaration>();
  for (const u of units) for (const d of u.declarations) if (d.document === document) declarations.set(d.node.start, d);
  for (const p of planned) {
    if (p.target !== "configuration" || !p.found || p.found.file !== document.file || isInsideSection(section, p.found.start)) continue;
    if (p.action !== "already-there" && p.action !== "conflict") continue;
    // Windows' own provider registrations are part of the shipped file.
    if (p.kind === "provider" && WINDOWS_PROVIDERS.has(p.name.toLowerCase())) continue;
    const d = declarations.get(p.found.start);
    if (!d) continue;
    const name = d.node.kind === "instance" ? d.node.className : d.node.name;
    const where =
      section.markers === "missing" ? "configuration.mof, which has no Added extensions section" : "configuration.mof outside the Added extensions section";
    sink.report(
      document,
      "outside-extensions",
      name,
      `${describeUnit(p.unit)} is in ${where}: the site rewrites that part of the file at the next update; it is not added again (source: ${declarationWhere(p.unit.primary, analysis.options.inputRoot)})`,
    );
  }
}

/** Source units in the reporting namespace that are no reporting class: the import MOF cannot take them. */
function checkNotImportable({ planned }: KindCheckInput, sink: DiagnosticSink): void {
  for (const p of planned) {
    if (p.action !== "left-out" || p.reason !== "not-importable") continue;
    const d = p.unit.declarations.find((x) => !(x.node.kind === "class" && looksLikeReportingClass(x.node))) ?? p.unit.primary;
    const name = d.node.kind === "instance" ? d.node.className : d.node.name;
    sink.report(d.document, "not-importable", name, `${p.message.replace(/^left out: /, "")}: it is not written`);
  }
}

/** Whether a unit can go into the import MOF: reporting classes only. */
export function isImportable(unit: MofUnit): boolean {
  return unit.declarations.every((d) => d.node.kind === "class" && looksLikeReportingClass(d.node));
}

/** The reporting classes the plan writes into the import MOF. */
function writtenClassSymboles({ planned }: KindCheckInput): ClassSymbol[] {
  const classes: ClassSymbol[] = [];
  for (const p of planned) {
    if (!p.writes || p.target !== "importMof") continue;
    for (const d of p.unit.declarations) if (d.node.kind === "class") classes.push(d as ClassSymbol);
  }
  return classes;
}

function checkGroupNames(classes: readonly ClassSymbol[], sink: DiagnosticSink): void {
  for (const d of classes) {
    if (qualifierString(d.node.qualifierList, "SMS_Group_Name") !== undefined) continue;
    sink.report(
      d.document,
      "missing-group-name",
      d.node.name,
      `reporting class ${d.node.name.name} has no SMS_Group_Name: the import MOF is not written without one`,
    );
  }
}

function checkKeys(classes: readonly ClassSymbol[], sink: DiagnosticSink): void {
  for (const d of classes) {
    if (d.node.features.some((f) => f.kind === "property" && qualifierIsTrue(f.qualifierList, "key"))) continue;
    sink.report(
      d.document,
      "no-key-property",
      d.node.name,
      `reporting class ${d.node.name.name} has no key property: ConfigMgr keeps only the latest instance a client reports`,
    );
  }
}

/**
 * A reporting class lists properties of its data class, with their types and keys. The data
 * class is the one the site will have: the sources' own when it is written or already there,
 * else configuration.mof's.
 */
function checkAgainstDataClasses(input: KindCheckInput, classes: readonly ClassSymbol[], sink: DiagnosticSink): void {
  const { analysis, planned, targets } = input;
  const { options, identity } = analysis;
  const dataClasses = new Map<string, ClassSymbol>();
  const add = (d: ResolvedDeclaration) => {
    if (d.node.kind === "class" && !looksLikeReportingClass(d.node)) dataClasses.set(`${d.namespace}|${d.node.name.name.toLowerCase()}`, d as ClassSymbol);
  };
  for (const u of targets.configuration.units) for (const d of u.declarations) add(d);
  for (const p of planned) {
    if (p.category !== "data" || !(p.writes || p.action === "already-there" || p.action === "stock")) continue;
    for (const d of p.unit.declarations) add(d);
  }
  const reporting = normalizeNamespace(options.reportingNamespace);
  for (const r of classes) {
    const reads = dataClassNamespace(r.node, options.dataNamespace, reporting);
    const data = dataClasses.get(`${reads}|${r.node.name.name.toLowerCase()}`);
    if (!data) continue;
    const where = declarationWhere(data, options.inputRoot);
    const theirs = new Map<string, PropertyDeclaration>();
    for (const c of superclassChain(data.node, (name) => identity.classOf(data.namespace, name)).chain) {
      for (const f of c.features) if (f.kind === "property" && !theirs.has(f.name.name.toLowerCase())) theirs.set(f.name.name.toLowerCase(), f);
    }
    const listed = new Set<string>();
    const report = (p: PropertyDeclaration, message: string) =>
      sink.report(r.document, "data-class-mismatch", p.name, `${r.node.name.name}.${p.name.name} ${message} (data class ${data.node.name.name}, ${where})`);
    for (const f of r.node.features) {
      if (f.kind !== "property") continue;
      listed.add(f.name.name.toLowerCase());
      const other = theirs.get(f.name.name.toLowerCase());
      if (!other) {
        report(f, "is not a property of the data class: inventory collects nothing for it");
        continue;
      }
      const here = `${printType(f.type)}${printArraySpec(f.array)}`;
      const there = `${printType(other.type)}${printArraySpec(other.array)}`;
      if (canonType(f) !== canonType(other) || printArraySpec(f.array) !== printArraySpec(other.array)) {
        report(f, `is ${here} here but ${there} in the data class`);
      }
      const keyHere = qualifierIsTrue(f.qualifierList, "key");
      if (keyHere !== qualifierIsTrue(other.qualifierList, "key")) {
        report(f, keyHere ? "is a key here but not in the data class" : "is a key of the data class but not here");
      }
    }
    for (const [name, p] of theirs) {
      if (listed.has(name) || !qualifierIsTrue(p.qualifierList, "key")) continue;
      sink.report(
        r.document,
        "data-class-mismatch",
        r.node.name,
        `reporting class ${r.node.name.name} does not list ${p.name.name}, a key of its data class (${where}): instances cannot be told apart`,
      );
    }
  }
}
