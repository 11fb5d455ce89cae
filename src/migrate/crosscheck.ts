/**
 * Cross-checks of a migration plan: the problems that make a migrated site lose inventory
 * without any compile error (a reporting class without its data class, a shared SMS_Class_ID,
 * a changed class without `#pragma deleteclass`, a provider nobody installs, a file compiled
 * into the wrong namespace, …). One function per check; each reports into the plan's sink.
 */
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { DiagnosticSink, ReportOptions } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { findQualifier, instanceString, pragmaString } from "../document/query.js";
import { classIdClashes, classIdClashMessage, classIdUse, reportingQualifiers, type ClassIdUse } from "../program/inventory.js";
import { isNamespaceWithin, normalizeNamespace, type ResolvedDeclaration } from "../program/namespaces.js";
import type { MofProgram } from "../program/program.js";
import { programSymbols } from "../program/symbols.js";
import { relativePath } from "../util/paths.js";
import type { SourceAnalysis } from "./analysis.js";
import { CLASS_TEMPLATE, dataClassNamespace, WINDOWS_PROVIDERS } from "./configmgr.js";
import type { PlannedUnit } from "./decide.js";
import { declarationWhere } from "./location.js";
import { describeUnit, providersOf, type MofUnit } from "./units.js";

/** Input of {@link crossCheck}. */
export interface CrossCheckInput {
  readonly analysis: SourceAnalysis;
  readonly planned: readonly PlannedUnit[];
  /** Units of the target configuration.mof, when there is one. */
  readonly configuration?: readonly MofUnit[];
  /** Units of the target SMS_def.mof, when there is one. */
  readonly smsDef?: readonly MofUnit[];
  /** MOF files found beside the sources but not read as sources (see `PlanInput.unreadSources`). */
  readonly unread?: MofProgram;
}

/** Actions after which the unit is (or should be) in the target. */
const IN_PLAY: ReadonlySet<string> = new Set(["append", "replace", "conflict", "flag-change", "carry-flags", "already-there"]);

/** What every check reads, and where it reports. */
interface Context extends CrossCheckInput {
  /** Units that are (or should be) in their target. */
  readonly active: readonly PlannedUnit[];
  /** Units that change their target. */
  readonly written: readonly PlannedUnit[];
  /** The reporting namespace, normalised. */
  readonly reporting: string;
  /** Report at the name of `d`, or at `range` of its document. */
  report(d: ResolvedDeclaration, code: DiagnosticCode, message: string, options?: ReportOptions, range?: { start: number; end: number }): void;
}

/** Run every cross-check into `sink`; see the module comment. */
export function crossCheck(input: CrossCheckInput, sink: DiagnosticSink): void {
  const ctx: Context = {
    ...input,
    active: input.planned.filter((p) => IN_PLAY.has(p.action)),
    written: input.planned.filter((p) => p.writes),
    reporting: normalizeNamespace(input.analysis.options.reportingNamespace),
    report: (d, code, message, options, range) => sink.report(d.document, code, range ?? nameRange(d), message, options),
  };
  checkNamespacePragmas(ctx);
  checkDataClasses(ctx);
  checkClassIds(ctx);
  checkClassTemplates(ctx);
  checkDeleteClass(ctx);
  checkProviders(ctx);
  notePlanOutcomes(ctx);
}

/** Files without a namespace pragma: their declarations land in the default namespace. */
function checkNamespacePragmas(ctx: Context): void {
  const { options } = ctx.analysis;
  const defaulted = new Map<MofDocument, PlannedUnit[]>();
  for (const p of ctx.planned) {
    if (p.category === "left-out" || p.unit.primary.namespacePragma) continue;
    const list = defaulted.get(p.unit.primary.root);
    if (list) list.push(p);
    else defaulted.set(p.unit.primary.root, [p]);
  }
  const mofcompDefault = options.defaultNamespace.toLowerCase() === "root\\default";
  for (const [doc, units] of defaulted) {
    const names =
      units
        .slice(0, 5)
        .map((u) => u.name)
        .join(", ") + (units.length > 5 ? ` and ${units.length - 5} more` : "");
    ctx.report(
      units[0].unit.primary,
      "no-namespace-pragma",
      `${relativePath(doc.file, options.inputRoot)} has no #pragma namespace: ${names} ${units.length === 1 ? "is" : "are"} compiled into ${options.defaultNamespace}${mofcompDefault ? ", mofcomp's default" : " (the default namespace option)"}`,
      { severity: mofcompDefault ? "warning" : "info" },
    );
  }
}

/**
 * A reporting class needs a data class of the same name where the client reads it. A class of
 * Windows (`Win32_`, `CIM_`) or one read from a namespace the sources and targets hold no data
 * class in (a vendor agent's `root\hp\instrumentedbios`, `root\dcim\sysman`, Windows' own
 * `root\wmi`, the ConfigMgr client's) gets a note: the clients may well have it.
 */
function checkDataClasses(ctx: Context): void {
  const { analysis } = ctx;
  const namespaces = dataClassNamespaces(ctx);
  const withData = new Set<string>();
  for (const set of namespaces.values()) for (const ns of set) withData.add(ns);
  const dataNamespace = normalizeNamespace(analysis.options.dataNamespace);
  for (const p of ctx.active) {
    const d = p.unit.primary;
    if (p.category !== "reporting" || d.node.kind !== "class") continue;
    if (p.action !== "append" && p.action !== "replace" && p.action !== "conflict") continue;
    const node = d.node;
    const name = node.name.name;
    const reads = dataClassNamespace(node, dataNamespace, ctx.reporting);
    const found = namespaces.get(name.toLowerCase());
    if (found?.has(reads)) continue;
    const elsewhere = [...(found ?? [])].filter((ns) => ns !== reads);
    const unread = unreadDataClass(ctx, name);
    const unreadNote = unread
      ? ` (${relativePath(unread.document.file, analysis.options.inputRoot)} defines it, but that file was not read: its name does not end in .mof)`
      : "";
    if (unread) {
      ctx.report(
        d,
        "missing-data-class",
        `reporting class ${name} reads ${reads}, but no data class ${name} is defined there in the sources or in configuration.mof${unreadNote}`,
        {
          hint: `name ${relativePath(unread.document.file, analysis.options.inputRoot)} as a source, or add an include pattern that matches it (--include)`,
        },
      );
      continue;
    }
    if (/^(win32|cim)_/i.test(name)) {
      ctx.report(
        d,
        "missing-data-class",
        `reporting class ${name} has no data class in the sources or targets; fine when Windows provides ${name} in ${reads}`,
        { severity: "info" },
      );
      continue;
    }
    if (elsewhere.length === 0 && reads !== dataNamespace && !withData.has(reads)) {
      ctx.report(
        d,
        "missing-data-class",
        `reporting class ${name} reads ${reads}, where the sources and targets define no data class; fine when the clients have ${name} there (from a vendor's agent, Windows or the ConfigMgr client)`,
        { severity: "info" },
      );
      continue;
    }
    // A Namespace(...) that names another namespace than the data class's is the thing to fix: point at it.
    const declared = elsewhere.length ? findQualifier(node.qualifierList, "Namespace") : undefined;
    ctx.report(
      d,
      "missing-data-class",
      `reporting class ${name} reads ${reads}, but no data class ${name} is defined there in the sources or in configuration.mof` +
        (elsewhere.length ? ` (there is one in ${elsewhere.join(", ")})` : ""),
      {
        hint: declared
          ? `make Namespace(...) name ${elsewhere.join(" or ")}, or compile the data class into ${reads}`
          : elsewhere.length
            ? `compile the data class into ${reads} (a file without #pragma namespace lands in the default namespace: see the defaultNamespace option)`
            : `add the data class to configuration.mof, or check the class name and the Namespace qualifier`,
      },
      declared ? { start: declared.start, end: declared.end } : undefined,
    );
  }
}

/** The first class of this name in the MOF files found beside the sources but not read. */
function unreadDataClass(ctx: Context, name: string): ResolvedDeclaration | undefined {
  const unread = ctx.unread;
  if (!unread) return undefined;
  const classes = programSymbols(unread).classes;
  for (const ns of classes.namespacesOf(name)) {
    const found = classes.first(ns, name);
    if (found && reportingQualifiers(found.node).length === 0) return found;
  }
  return undefined;
}

/** Namespaces of each data class (by lower-case name) in the sources' data units, configuration.mof and the baseline. */
function dataClassNamespaces(ctx: Context): Map<string, Set<string>> {
  const { analysis } = ctx;
  const namespaces = new Map<string, Set<string>>();
  const add = (units: readonly MofUnit[] | undefined) => {
    for (const u of units ?? []) {
      for (const d of u.declarations) {
        if (d.node.kind !== "class") continue;
        const name = d.node.name.name.toLowerCase();
        let set = namespaces.get(name);
        if (!set) namespaces.set(name, (set = new Set()));
        set.add(d.namespace);
      }
    }
  };
  add(analysis.sources.units.filter((u) => analysis.classifications.get(u)?.category === "data"));
  add(ctx.configuration);
  add(analysis.baseline?.units.units);
  return namespaces;
}

/**
 * Every reporting class has an SMS_Class_ID, and no source class shares one with another class
 * of the target SMS_def.mof (unless they are a 32/64-bit pair). Clashes among the sources
 * themselves are the inventory rules' (`inventoryProblems`), which `check` reports too.
 */
function checkClassIds(ctx: Context): void {
  const { options } = ctx.analysis;
  const sources: ClassIdUse[] = [];
  for (const p of ctx.active) {
    const d = p.unit.primary;
    if (p.category !== "reporting" || d.node.kind !== "class") continue;
    const use = classIdUse(d);
    if (use) sources.push(use);
    else ctx.report(d, "missing-class-id", `reporting class ${d.node.name.name} has no SMS_Class_ID qualifier`);
  }
  const fromSources = new Set(sources.map((u) => u.declaration));
  // The target's classes first: a source class clashes with what the site already has.
  const target: ClassIdUse[] = [];
  for (const u of ctx.smsDef ?? []) {
    for (const d of u.declarations) {
      // A console export keeps the classes below the reporting namespace (`…\SMS\INV_TEMP`).
      const use = isNamespaceWithin(d.namespace, ctx.reporting) ? classIdUse(d) : undefined;
      if (use) target.push(use);
    }
  }
  const sourceClasses = new Set(sources.map((u) => `${u.id.toLowerCase()}|${u.declaration.node.name.name.toLowerCase()}`));
  for (const clash of classIdClashes([...target, ...sources])) {
    if (!fromSources.has(clash.use.declaration) || fromSources.has(clash.other.declaration)) continue;
    // The sources have that class with this id too: the clash is among the sources, reported there.
    if (sourceClasses.has(`${clash.other.id.toLowerCase()}|${clash.other.declaration.node.name.name.toLowerCase()}`)) continue;
    ctx.report(
      clash.use.declaration,
      "duplicate-class-id",
      classIdClashMessage(clash, (d) => declarationWhere(d, options.inputRoot)),
    );
  }
}

/** Reporting classes derive from SMS_Class_Template; data classes do not. */
function checkClassTemplates(ctx: Context): void {
  for (const p of ctx.active) {
    const d = p.unit.primary;
    if (d.node.kind !== "class") continue;
    const node = d.node;
    const derives = node.superclass?.name.toLowerCase() === CLASS_TEMPLATE;
    if (p.category === "reporting" && !derives) {
      ctx.report(
        d,
        "not-class-template",
        `reporting class ${node.name.name} does not derive from SMS_Class_Template${node.superclass ? ` (it derives from ${node.superclass.name})` : ""}`,
        {
          hint: `declare it as 'class ${node.name.name} : SMS_Class_Template'`,
        },
      );
    } else if (p.category === "data" && derives) {
      ctx.report(
        d,
        "data-class-template",
        `data class ${node.name.name} derives from SMS_Class_Template, which does not exist in ${d.namespaceSpelling} on the clients`,
      );
    }
  }
}

/** A data class written (or in conflict) needs `#pragma deleteclass` before it, or clients keep an older definition. */
function checkDeleteClass(ctx: Context): void {
  for (const p of ctx.planned) {
    if (!(p.writes || p.action === "conflict") || p.category !== "data" || p.unit.kind !== "class" || p.unit.primary.node.kind !== "class") continue;
    const name = p.unit.primary.node.name.name;
    if (p.unit.deleteClassPragmas.some((x) => pragmaString(x.node)?.toLowerCase() === name.toLowerCase())) continue;
    const changes = p.action !== "append";
    ctx.report(
      p.unit.primary,
      "missing-deleteclass",
      changes
        ? `data class ${name} changes the definition that configuration.mof has, but no #pragma deleteclass("${name}", NOFAIL) comes before it: clients keep the old definition`
        : `data class ${name} has no #pragma deleteclass("${name}", NOFAIL) before it: a client that already has another definition of the class keeps it`,
      { hint: `put #pragma deleteclass("${name}", NOFAIL) on the line before the class` },
    );
  }
}

/** Providers the sources register themselves: ConfigMgr does not install them. */
function checkProviders(ctx: Context): void {
  const { analysis } = ctx;
  const registrations = new Map<string, ResolvedDeclaration>();
  for (const u of analysis.sources.units) {
    for (const d of u.declarations) {
      if (d.node.kind !== "instance" || d.node.className.name.toLowerCase() !== "__win32provider") continue;
      const name = instanceString(d.node, "Name");
      if (name && !WINDOWS_PROVIDERS.has(name.toLowerCase())) registrations.set(d.namespace + "|" + name.toLowerCase(), d);
    }
  }
  for (const p of ctx.written) {
    if (p.category !== "data") continue;
    for (const d of p.unit.declarations) {
      for (const provider of providersOf(d.node)) {
        const reg = registrations.get(d.namespace + "|" + provider);
        if (!reg || reg.node.kind !== "instance") continue;
        const clsid = instanceString(reg.node, "ClsId");
        ctx.report(
          d,
          "provider-registration",
          `${describeUnit(p.unit)} is served by provider ${instanceString(reg.node, "Name")}, which the sources register (${declarationWhere(reg, analysis.options.inputRoot)}): configuration.mof registers it with WMI, but ConfigMgr clients do not install the provider itself${clsid ? ` (COM server ${clsid})` : ""}`,
        );
      }
    }
  }
}

/** Notes about the plan itself: conflicts, flag changes not applied, definitions superseded, reporting classes found by content. */
function notePlanOutcomes(ctx: Context): void {
  for (const p of ctx.planned) {
    const d = p.unit.primary;
    if (p.action === "conflict") ctx.report(d, "conflict", p.message, conflictHint(p));
    else if (p.action === "flag-change") ctx.report(d, "report-flags", p.message, flagsHint(p));
    else if (p.action === "superseded" && p.differences.length > 0) ctx.report(d, "duplicate-class", p.message);
    // A reporting class in a data namespace has its warning from the inventory rules already.
    else if (p.category === "reporting" && ctx.analysis.classifications.get(p.unit)?.byContent && !d.namespacePragma) {
      ctx.report(d, "reporting-by-content", ctx.analysis.classifications.get(p.unit)!.explanation);
    }
  }
}

/** The hint of a conflict that replacing cannot resolve; the registry's otherwise. */
function conflictHint(p: PlannedUnit): ReportOptions {
  if (p.atSite) {
    return {
      hint: `${p.unchangeable}: make the source's class agree with the site's, or give it another name and SMS_Class_ID (the import does not change a class the site has in another form)`,
    };
  }
  if (p.unchangeable) return { hint: `${p.unchangeable}: move or remove that definition by hand, then run again` };
  return {};
}

/** The hint of flag changes: where carrying them writes. */
function flagsHint(p: PlannedUnit): ReportOptions {
  if (p.unchangeable) return { hint: `${p.unchangeable}: change the flags there by hand` };
  if (p.target === "importMof") {
    return { hint: "run with carryReportFlags (--carry-report-flags) to write the class with these flags into the import MOF, then import its settings too" };
  }
  return {};
}

function nameRange(d: ResolvedDeclaration): { start: number; end: number } {
  const node = d.node;
  const name = node.kind === "instance" ? node.className : node.name;
  return { start: name.start, end: name.end };
}
