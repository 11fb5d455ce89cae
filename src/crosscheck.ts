/**
 * Cross-checks of a migration plan: the problems that make a migrated site lose inventory
 * without any compile error (a reporting class without its data class, a shared SMS_Class_ID,
 * a changed class without `#pragma deleteclass`, a provider nobody installs, a file compiled
 * into the wrong namespace, …). Each finding is a located diagnostic.
 */
import type { ClassDeclaration } from "./ast.js";
import { findQualifier, qualifierString } from "./compare.js";
import { locate, type Diagnostic, type RawDiagnostic } from "./diagnostics.js";
import { normalizeNamespace, type ResolvedDeclaration } from "./namespaces.js";
import type { MofDocument } from "./parse.js";
import { label, relativePath, type PlannedUnit, type SourceAnalysis } from "./plan.js";
import { instanceString, providersOf, WINDOWS_PROVIDERS, type MofUnit } from "./units.js";

/** Input of {@link crossCheck}. */
export interface CrossCheckInput {
  readonly analysis: SourceAnalysis;
  readonly planned: readonly PlannedUnit[];
  /** Units of the target configuration.mof, when there is one. */
  readonly configuration?: readonly MofUnit[];
  /** Units of the target SMS_def.mof, when there is one. */
  readonly smsDef?: readonly MofUnit[];
}

/** Actions after which the unit is (or should be) in the target. */
const IN_PLAY = new Set(["append", "replace", "conflict", "flag-change", "carry-flags", "already-there"]);

/** Run every cross-check; see the module comment. */
export function crossCheck(input: CrossCheckInput): Diagnostic[] {
  const { analysis, planned } = input;
  const { options } = analysis;
  const out: Diagnostic[] = [];
  const at = (d: ResolvedDeclaration, raw: Omit<RawDiagnostic, "start" | "end">, range: { start: number; end: number } = nameRange(d)) =>
    out.push(located(d.document, { ...raw, ...range }));

  const active = planned.filter((p) => IN_PLAY.has(p.action));
  const written = planned.filter((p) => p.action === "append" || p.action === "replace" || p.action === "carry-flags");

  // Files without a namespace pragma: their declarations land in the default namespace.
  const defaulted = new Map<MofDocument, PlannedUnit[]>();
  for (const p of planned) {
    if (p.category === "left-out" || p.unit.primary.namespacePragma) continue;
    const list = defaulted.get(p.unit.primary.root);
    if (list) list.push(p);
    else defaulted.set(p.unit.primary.root, [p]);
  }
  for (const [doc, units] of defaulted) {
    const first = units[0].unit.primary;
    const names = units.slice(0, 5).map((u) => u.name).join(", ") + (units.length > 5 ? ` and ${units.length - 5} more` : "");
    at(first, {
      code: "no-namespace-pragma",
      severity: options.defaultNamespace.toLowerCase() === "root\\default" ? "warning" : "info",
      message: `${relativePath(doc.file, options.inputRoot)} has no #pragma namespace: ${names} ${units.length === 1 ? "is" : "are"} compiled into ${options.defaultNamespace}${options.defaultNamespace.toLowerCase() === "root\\default" ? ", mofcomp's default" : " (the default namespace option)"}`,
      hint: "if the file was compiled with mofcomp -N:<namespace>, set the default namespace for files without a pragma (option defaultNamespace, --default-namespace on the command line), or add a #pragma namespace to the file",
    });
  }

  // Classes of each namespace in the sources and both targets, for the data-class lookup.
  const classNamespaces = new Map<string, Set<string>>();
  const addClasses = (units: readonly MofUnit[] | undefined) => {
    for (const u of units ?? []) {
      for (const d of u.declarations) {
        if (d.node.kind !== "class") continue;
        const name = d.node.name.name.toLowerCase();
        if (!classNamespaces.has(name)) classNamespaces.set(name, new Set());
        classNamespaces.get(name)!.add(d.namespace);
      }
    }
  };
  addClasses(analysis.sources.units.filter((u) => analysis.classifications.get(u)?.category === "data"));
  addClasses(input.configuration);
  addClasses(analysis.baseline?.units.units);
  const reporting = normalizeNamespace(options.reportingNamespace);

  // SMS_Class_ID: who uses each id, in the sources and the target SMS_def.mof.
  const classIds = new Map<string, Map<string, ResolvedDeclaration>>();
  const addId = (d: ResolvedDeclaration) => {
    if (d.node.kind !== "class") return;
    const id = qualifierString(d.node.qualifierList, "SMS_Class_ID");
    if (!id) return;
    const key = id.toLowerCase();
    if (!classIds.has(key)) classIds.set(key, new Map());
    const names = classIds.get(key)!;
    const name = d.node.name.name.toLowerCase();
    if (!names.has(name)) names.set(name, d);
  };
  for (const p of active) if (p.category === "reporting") addId(p.unit.primary);
  for (const u of input.smsDef ?? []) for (const d of u.declarations) if (d.namespace === reporting) addId(d);

  for (const p of active) {
    const d = p.unit.primary;
    if (d.node.kind !== "class") continue;
    const node = d.node;
    if (p.category === "reporting") {
      if (p.action === "append" || p.action === "replace" || p.action === "conflict") checkDataClass(node, d);
      const id = qualifierString(node.qualifierList, "SMS_Class_ID");
      if (!id) {
        at(d, { code: "missing-class-id", severity: "warning", message: `reporting class ${node.name.name} has no SMS_Class_ID qualifier`, hint: 'add SMS_Class_ID("VENDOR|GROUP|1.0"), unique for each class' });
      } else {
        const other = firstOtherClass(classIds.get(id.toLowerCase())!, node.name.name.toLowerCase());
        if (other) {
          const where = `${relativePath(other.document.file, options.inputRoot)}:${other.document.lines.position(other.node.start).line}`;
          at(d, {
            code: "duplicate-class-id",
            severity: "error",
            message: `SMS_Class_ID("${id}") of ${node.name.name} is also used by ${(other.node as ClassDeclaration).name.name} (${where})`,
            hint: "two different classes must not share an SMS_Class_ID: give one of them its own id",
          });
        }
      }
      if (node.superclass?.name.toLowerCase() !== "sms_class_template") {
        at(d, {
          code: "not-class-template",
          severity: "warning",
          message: `reporting class ${node.name.name} does not derive from SMS_Class_Template${node.superclass ? ` (it derives from ${node.superclass.name})` : ""}`,
          hint: `declare it as 'class ${node.name.name} : SMS_Class_Template'`,
        });
      }
    } else if (p.category === "data" && node.superclass?.name.toLowerCase() === "sms_class_template") {
      at(d, {
        code: "data-class-template",
        severity: "warning",
        message: `data class ${node.name.name} derives from SMS_Class_Template, which does not exist in ${d.namespaceSpelling} on the clients`,
        hint: "remove ': SMS_Class_Template' from the data class; only reporting classes derive from it",
      });
    }
  }

  for (const p of written.concat(active.filter((p) => p.action === "conflict"))) {
    if (p.category !== "data" || p.unit.kind !== "class" || p.unit.primary.node.kind !== "class") continue;
    const d = p.unit.primary;
    const name = p.unit.primary.node.name.name;
    const hasDeleteClass = p.unit.deleteClassPragmas.some((x) => x.node.args[0]?.kind === "string" && x.node.args[0].value.toLowerCase() === name.toLowerCase());
    if (hasDeleteClass) continue;
    const changes = p.action !== "append";
    at(d, {
      code: "missing-deleteclass",
      severity: "warning",
      message: changes
        ? `data class ${name} changes the definition that configuration.mof has, but no #pragma deleteclass("${name}", NOFAIL) comes before it: clients keep the old definition`
        : `data class ${name} has no #pragma deleteclass("${name}", NOFAIL) before it: a client that already has another definition of the class keeps it`,
      hint: `put #pragma deleteclass("${name}", NOFAIL) on the line before the class`,
    });
  }

  // Providers the sources register themselves: ConfigMgr does not install them.
  const registrations = new Map<string, ResolvedDeclaration>();
  for (const u of analysis.sources.units) {
    for (const d of u.declarations) {
      if (d.node.kind !== "instance" || d.node.className.name.toLowerCase() !== "__win32provider") continue;
      const name = instanceString(d.node, "Name");
      if (name && !WINDOWS_PROVIDERS.has(name.toLowerCase())) registrations.set(d.namespace + "|" + name.toLowerCase(), d);
    }
  }
  for (const p of written) {
    if (p.category !== "data") continue;
    for (const d of p.unit.declarations) {
      for (const provider of providersOf(d.node)) {
        const reg = registrations.get(d.namespace + "|" + provider);
        if (!reg || reg.node.kind !== "instance") continue;
        const clsid = instanceString(reg.node, "ClsId");
        const where = `${relativePath(reg.document.file, options.inputRoot)}:${reg.document.lines.position(reg.node.start).line}`;
        at(d, {
          code: "provider-registration",
          severity: "warning",
          message: `${label(p.unit)} is served by provider ${instanceString(reg.node, "Name")}, which the sources register (${where}): configuration.mof registers it with WMI, but ConfigMgr clients do not install the provider itself${clsid ? ` (COM server ${clsid})` : ""}`,
          hint: "install the provider's DLL and COM registration on every client separately (e.g. with a software distribution package)",
        });
      }
    }
  }

  // Other notes about the plan itself.
  for (const p of planned) {
    const d = p.unit.primary;
    if (p.action === "conflict") {
      at(d, { code: "conflict", severity: "warning", message: p.message, hint: "make the two definitions agree, or run with replaceConflicts (--replace-conflicts) to replace the target's definition" });
    } else if (p.action === "flag-change") {
      at(d, { code: "report-flags", severity: "info", message: p.message, hint: "run with carryReportFlags (--carry-report-flags) to set these flags in SMS_def.mof" });
    } else if (p.action === "superseded" && p.differences.length > 0) {
      at(d, { code: "duplicate-class", severity: "warning", message: p.message });
    } else if (p.category === "reporting" && analysis.classifications.get(p.unit)?.byContent && p.action !== "left-out") {
      at(d, { code: "reporting-by-content", severity: "info", message: analysis.classifications.get(p.unit)!.explanation });
    }
  }
  return out;

  /** A reporting class needs a data class of the same name where the client reads it. */
  function checkDataClass(node: ClassDeclaration, d: ResolvedDeclaration): void {
    const name = node.name.name;
    const declared = qualifierString(node.qualifierList, "Namespace");
    const smsNamespace = findQualifier(node.qualifierList, "SMS_Namespace");
    const inReporting = smsNamespace !== undefined && !(smsNamespace.value?.kind === "boolean" && !smsNamespace.value.value);
    const reads = declared ? normalizeNamespace(declared) : inReporting ? reporting : normalizeNamespace(options.dataNamespace);
    const found = classNamespaces.get(name.toLowerCase());
    if (found?.has(reads)) return;
    if (/^(win32|cim)_/i.test(name)) {
      at(d, {
        code: "missing-data-class",
        severity: "info",
        message: `reporting class ${name} has no data class in the sources or targets; fine when Windows provides ${name} in ${reads}`,
      });
      return;
    }
    const elsewhere = [...(found ?? [])].filter((ns) => ns !== reads);
    at(d, {
      code: "missing-data-class",
      severity: "warning",
      message:
        `reporting class ${name} reads ${reads}, but no data class ${name} is defined there in the sources or in configuration.mof` +
        (elsewhere.length ? ` (there is one in ${elsewhere.join(", ")})` : ""),
      hint: elsewhere.length
        ? `compile the data class into ${reads} (a file without #pragma namespace lands in the default namespace: see the defaultNamespace option)`
        : `add the data class to configuration.mof, or check the class name and the Namespace qualifier`,
    });
  }
}

/** The first class in `classes` (by lower-case name) other than `name`. */
function firstOtherClass(classes: ReadonlyMap<string, ResolvedDeclaration>, name: string): ResolvedDeclaration | undefined {
  for (const [other, d] of classes) if (other !== name) return d;
  return undefined;
}

function nameRange(d: ResolvedDeclaration): { start: number; end: number } {
  const node = d.node;
  const name = node.kind === "instance" ? node.className : node.name;
  return { start: name.start, end: name.end };
}

function located(doc: MofDocument, raw: RawDiagnostic): Diagnostic {
  return locate([raw], doc.file, doc.source.text, doc.lines)[0];
}
