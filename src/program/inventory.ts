/**
 * The ConfigMgr hardware-inventory rules that `check` and the migration plan both apply, in one
 * place so that the two always agree: what makes a class a reporting class by its qualifiers,
 * when two reporting classes may share an `SMS_Class_ID` (a 32/64-bit pair), two instances of
 * one class with the same key values, and a reporting class compiled into a namespace where
 * inventory does not read reporting classes. The problems of a program are computed once and
 * kept with its symbol table: `checkProgram` and the plan report the same objects, so merging
 * their lists keeps one of each.
 */
import type { ClassDeclaration, InstanceDeclaration, PragmaNode, Value } from "../../grammar/ast.js";
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { printScalar } from "../document/print.js";
import { qualifierIsTrue, qualifierString } from "../document/query.js";
import { pushTo } from "../util/collections.js";
import { isNamespaceWithin, namespacePragmaText, type ResolvedDeclaration } from "./namespaces.js";
import { superclassChain, type ProgramSymbols } from "./symbols.js";

/** Where ConfigMgr keeps its reporting classes when nothing else is configured. */
export const DEFAULT_REPORTING_NAMESPACE = "root\\cimv2\\sms";
/** The site server's namespace: console objects, never hardware inventory. */
export const SITE_NAMESPACE = "root\\sms";
/** The base class of reporting classes, which ConfigMgr defines itself (lower case). */
export const CLASS_TEMPLATE = "sms_class_template";
/** The class qualifiers that make a class a reporting class (lower case). */
export const REPORTING_QUALIFIERS: readonly string[] = ["sms_report", "sms_class_id", "sms_group_name"];

/** Key properties of WMI system classes that sources never declare (lower case). */
export const SYSTEM_CLASS_KEYS: Readonly<Record<string, readonly string[]>> = {
  __namespace: ["name"],
  __provider: ["name"],
  __win32provider: ["name"],
  __providerregistration: ["provider"],
  __objectproviderregistration: ["provider"],
  __classproviderregistration: ["provider"],
  __instanceproviderregistration: ["provider"],
  __propertyproviderregistration: ["provider"],
  __methodproviderregistration: ["provider"],
  __eventproviderregistration: ["provider"],
  __eventconsumerproviderregistration: ["provider"],
  __eventfilter: ["name"],
  __filtertoconsumerbinding: ["consumer", "filter"],
};

/** The reporting qualifiers on a class, as written (`SMS_Report`, `SMS_Class_ID`, …); empty for a data class. */
export function reportingQualifiers(node: ClassDeclaration): string[] {
  return (node.qualifierList?.qualifiers ?? []).filter((q) => REPORTING_QUALIFIERS.includes(q.name.toLowerCase())).map((q) => q.name);
}

/**
 * The `__ProviderArchitecture` a reporting class reads with (`"32"`, `"64"`), from its
 * `SMS_Context_1`, `SMS_Context_2`, … qualifiers (`"__ProviderArchitecture=64|uint32"`).
 */
export function providerArchitecture(node: ClassDeclaration): string | undefined {
  for (const q of node.qualifierList?.qualifiers ?? []) {
    if (!/^sms_context_\d+$/i.test(q.name) || q.value?.kind !== "string") continue;
    const match = /^\s*__ProviderArchitecture\s*=\s*([^|]*?)\s*(\||$)/i.exec(q.value.value);
    if (match) return match[1];
  }
  return undefined;
}

/** A class that carries an `SMS_Class_ID`, for {@link classIdClashes}. */
export interface ClassIdUse {
  readonly declaration: ResolvedDeclaration & { readonly node: ClassDeclaration };
  /** The id as written. */
  readonly id: string;
}

/** A class whose `SMS_Class_ID` another class already uses, and is not its 32/64-bit twin. */
export interface ClassIdClash {
  readonly use: ClassIdUse;
  /** The first other class with the id. */
  readonly other: ClassIdUse;
  /** Both read with this `__ProviderArchitecture` (the two halves of a pair that are not told apart). */
  readonly sameArchitecture?: string;
}

/** The `SMS_Class_ID` use of a class declaration, when it has one. */
export function classIdUse(d: ResolvedDeclaration): ClassIdUse | undefined {
  if (d.node.kind !== "class") return undefined;
  const id = qualifierString(d.node.qualifierList, "SMS_Class_ID");
  return id ? { declaration: d as ClassIdUse["declaration"], id } : undefined;
}

/**
 * The classes that share an `SMS_Class_ID` with another class (by name, any case; the first
 * use of each name counts). Classes that share one are accepted when each reads with its own
 * `__ProviderArchitecture` context: Microsoft's pattern for 64-bit clients, `X` and `X_64` with
 * one id and group, `SMS_Context_1("__ProviderArchitecture=32|uint32")` and `(…=64|uint32)`.
 * Every other sharing is a clash, reported at each class after the first.
 */
export function classIdClashes(uses: readonly ClassIdUse[]): ClassIdClash[] {
  const byId = new Map<string, Map<string, ClassIdUse>>();
  for (const use of uses) {
    let names = byId.get(use.id.toLowerCase());
    if (!names) byId.set(use.id.toLowerCase(), (names = new Map()));
    const name = use.declaration.node.name.name.toLowerCase();
    if (!names.has(name)) names.set(name, use);
  }
  const clashes: ClassIdClash[] = [];
  for (const names of byId.values()) {
    if (names.size < 2) continue;
    const group = [...names.values()];
    const architectures = group.map((u) => providerArchitecture(u.declaration.node));
    const distinct = new Set(architectures.map((a) => a?.toLowerCase()));
    if (architectures.every((a) => a !== undefined) && distinct.size === group.length) continue;
    for (let i = 1; i < group.length; i++) {
      const twin = architectures.findIndex((a, j) => j < i && a !== undefined && a.toLowerCase() === architectures[i]?.toLowerCase());
      const other = twin >= 0 ? group[twin] : group[0];
      clashes.push({ use: group[i], other, ...(twin >= 0 ? { sameArchitecture: architectures[i]! } : {}) });
    }
  }
  return clashes;
}

/** The message of a {@link ClassIdClash}; `where` says where the other class is. */
export function classIdClashMessage(clash: ClassIdClash, where: (d: ResolvedDeclaration) => string): string {
  const { use, other } = clash;
  const also = `SMS_Class_ID("${use.id}") of ${use.declaration.node.name.name} is also used by ${other.declaration.node.name.name} (${where(other.declaration)})`;
  return clash.sameArchitecture !== undefined ? `${also}, and both read with __ProviderArchitecture=${clash.sameArchitecture}` : also;
}

/** Lower-case key property names of a class in a namespace of the program (superclasses included); undefined when unknown. */
export function keyPropertiesOf(symbols: ProgramSymbols, namespace: string, className: string): string[] | undefined {
  const system = SYSTEM_CLASS_KEYS[className.toLowerCase()];
  if (system) return [...system];
  const cls = symbols.classes.first(namespace, className)?.node;
  if (!cls) return undefined;
  const keys = new Set<string>();
  for (const c of superclassChain(cls, (name) => symbols.classes.first(namespace, name)?.node).chain) {
    for (const f of c.features) if (f.kind === "property" && qualifierIsTrue(f.qualifierList, "key")) keys.add(f.name.name.toLowerCase());
  }
  return [...keys].sort();
}

/** `name=value;…` of the key properties an instance sets; undefined when it leaves one unset or a value is not a plain value. */
function instanceKeyText(node: InstanceDeclaration, keys: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (const key of keys) {
    const p = node.properties.find((x) => x.name.name.toLowerCase() === key);
    const text = p?.value ? plainValue(p.value) : undefined;
    if (text === undefined) return undefined;
    parts.push(`${key}=${text}`);
  }
  return parts.join(";");
}

function plainValue(v: Value): string | undefined {
  if (v.kind === "array") {
    const elements = v.elements.map(plainValue);
    return elements.every((e) => e !== undefined) ? "{" + elements.join(",") + "}" : undefined;
  }
  const scalar = printScalar(v);
  return scalar === undefined ? undefined : v.kind === "identifier" ? scalar.toLowerCase() : scalar;
}

/**
 * Problems of a program by the inventory rules (see the module comment), computed once per
 * symbol table and reporting namespace:
 * - `duplicate-class-id`: two classes share an `SMS_Class_ID` and are not a 32/64-bit pair;
 * - `duplicate-instance-key`: two instances of a class with the same key values in one
 *   namespace of one compiled file, at both (the later one replaces the earlier);
 * - `reporting-class-namespace`: a class with reporting qualifiers that a `#pragma namespace`
 *   puts outside the reporting namespace (a reporting part pasted after a data part).
 */
export function inventoryProblems(symbols: ProgramSymbols, reportingNamespace: string = DEFAULT_REPORTING_NAMESPACE): readonly Diagnostic[] {
  let byNamespace = computed.get(symbols);
  if (!byNamespace) computed.set(symbols, (byNamespace = new Map()));
  const key = reportingNamespace.toLowerCase();
  let problems = byNamespace.get(key);
  if (!problems) byNamespace.set(key, (problems = findInventoryProblems(symbols, reportingNamespace)));
  return problems;
}

const computed = new WeakMap<ProgramSymbols, Map<string, readonly Diagnostic[]>>();

function findInventoryProblems(symbols: ProgramSymbols, reportingNamespace: string): readonly Diagnostic[] {
  const sink = new DiagnosticSink();
  const declarations = uniqueDeclarations(symbols.walk.declarations);
  reportClassIdClashes(declarations, sink);
  reportDuplicateInstanceKeys(symbols, declarations, sink);
  reportReportingClassNamespaces(symbols, declarations, reportingNamespace, sink);
  return sink.diagnostics;
}

/** Each declaration once (a file included twice gives its declarations twice). */
function uniqueDeclarations(declarations: readonly ResolvedDeclaration[]): ResolvedDeclaration[] {
  const seen = new Set<ResolvedDeclaration["node"]>();
  return declarations.filter((d) => !seen.has(d.node) && seen.add(d.node) !== undefined);
}

function reportClassIdClashes(declarations: readonly ResolvedDeclaration[], sink: DiagnosticSink): void {
  const uses: ClassIdUse[] = [];
  for (const d of declarations) {
    const use = classIdUse(d);
    if (use && d.node.kind === "class" && d.node.name.name.toLowerCase() !== CLASS_TEMPLATE && !isNamespaceWithin(d.namespace, SITE_NAMESPACE)) uses.push(use);
  }
  for (const clash of classIdClashes(uses)) {
    const d = clash.use.declaration;
    sink.report(d.document, "duplicate-class-id", d.node.name, classIdClashMessage(clash, where));
  }
}

function reportDuplicateInstanceKeys(symbols: ProgramSymbols, declarations: readonly ResolvedDeclaration[], sink: DiagnosticSink): void {
  const byKey = new Map<string, ResolvedDeclaration[]>();
  const roots = new Map<MofDocument, number>();
  // Console exports hold thousands of instances of a few classes: look each class up once.
  const keysOf = new Map<string, string[] | undefined>();
  for (const d of declarations) {
    if (d.node.kind !== "instance") continue;
    const classKey = `${d.namespace}|${d.node.className.name.toLowerCase()}`;
    if (!keysOf.has(classKey)) keysOf.set(classKey, keyPropertiesOf(symbols, d.namespace, d.node.className.name));
    const keys = keysOf.get(classKey);
    if (!keys || keys.length === 0) continue;
    const text = instanceKeyText(d.node, keys);
    if (text === undefined) continue;
    let root = roots.get(d.root);
    if (root === undefined) roots.set(d.root, (root = roots.size));
    pushTo(byKey, `${root}|${d.namespace}|${d.node.className.name.toLowerCase()}|${text}`, d);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const keys = describeKeys(
      group[0].node as InstanceDeclaration,
      keyPropertiesOf(symbols, group[0].namespace, (group[0].node as InstanceDeclaration).className.name)!,
    );
    group.forEach((d, i) => {
      const node = d.node as InstanceDeclaration;
      const others = group.filter((_, j) => j !== i).map(where);
      const fate = i === group.length - 1 ? "this one replaces the earlier one" : "the later one replaces this one, so its values are never read";
      sink.report(
        d.document,
        "duplicate-instance-key",
        node.className,
        `instance of ${node.className.name} with ${keys} is also defined at ${others.join(", ")} in ${d.namespaceSpelling}: ${fate}`,
      );
    });
  }
}

function describeKeys(node: InstanceDeclaration, keys: readonly string[]): string {
  return keys
    .map((key) => {
      const p = node.properties.find((x) => x.name.name.toLowerCase() === key)!;
      return `${p.name.name} = ${plainValue(p.value!)}`;
    })
    .join(", ");
}

function reportReportingClassNamespaces(
  symbols: ProgramSymbols,
  declarations: readonly ResolvedDeclaration[],
  reportingNamespace: string,
  sink: DiagnosticSink,
): void {
  let pragmaDocuments: Map<PragmaNode, MofDocument> | undefined;
  for (const d of declarations) {
    if (!isReportingClassInDataNamespace(d, reportingNamespace)) continue;
    const node = d.node as ClassDeclaration;
    pragmaDocuments ??= new Map(symbols.walk.pragmas.map((p) => [p.node, p.document]));
    const pragma = d.namespacePragma!;
    const pragmaDocument = pragmaDocuments.get(pragma);
    const line = pragmaDocument?.lines.position(pragma.start).line;
    const at = !pragmaDocument ? "" : pragmaDocument === d.document ? ` (line ${line})` : ` (${pragmaDocument.file}:${line})`;
    sink.report(
      d.document,
      "reporting-class-namespace",
      node.name,
      `class ${node.name.name} has the reporting qualifiers ${reportingQualifiers(node).join(", ")}, but the #pragma namespace${at} in effect puts it in ${d.namespaceSpelling}, where hardware inventory reads no reporting classes; mof-migrate takes it as a reporting class for ${reportingNamespace}`,
      { hint: `put ${namespacePragmaText(reportingNamespace)} before it (a reporting part pasted after a data part stays in the data part's namespace)` },
    );
  }
}

/**
 * True for a class with reporting qualifiers that a `#pragma namespace` puts outside the
 * reporting namespace (and outside the site server's): its qualifiers win over the namespace.
 */
export function isReportingClassInDataNamespace(d: ResolvedDeclaration, reportingNamespace: string): boolean {
  if (d.node.kind !== "class" || !d.namespacePragma || d.node.name.name.toLowerCase() === CLASS_TEMPLATE) return false;
  if (isNamespaceWithin(d.namespace, reportingNamespace) || isNamespaceWithin(d.namespace, SITE_NAMESPACE)) return false;
  return reportingQualifiers(d.node).length > 0;
}

/** `file:line` of a declaration. */
function where(d: ResolvedDeclaration): string {
  const node = d.node;
  const at = node.kind === "instance" ? node.className : node.name;
  return `${d.document.file}:${d.document.lines.position(at.start).line}`;
}
