/**
 * Units: what the migration moves as one piece. A unit is a class or instance group plus
 * everything that travels with it, kept as verbatim source ranges: the comments directly above
 * each declaration, the `#pragma deleteclass` that names the class, the `instance of` blocks of
 * the class in the same namespace (e.g. `[DYNPROPS]` registry instances), alias definitions it
 * uses (`instance of __Win32Provider as $P` and the registration that uses `$P`), the
 * registration of a non-Windows provider that serves it, and the `instance of __Namespace` that
 * creates its namespace. Every declaration of a program lands in exactly one unit.
 *
 * Classification then says where a unit goes: data (configuration.mof), reporting
 * (SMS_def.mof), or left out with a reason.
 */
import type { AliasValue, ClassDeclaration, InstanceDeclaration, Production, QualifierList, Range, Value } from "./ast.js";
import { findQualifier, qualifierIsTrue, qualifierString } from "./compare.js";
import { locate, type Diagnostic, type RawDiagnostic } from "./diagnostics.js";
import {
  DEFAULT_NAMESPACE,
  isNamespaceWithin,
  mergeInCompileOrder,
  namespacePath,
  normalizeNamespace,
  walkNamespaces,
  type NamespaceWalk,
  type ResolvedDeclaration,
  type ResolvedPragma,
} from "./namespaces.js";
import type { MofDocument } from "./parse.js";
import type { MofProgram } from "./program.js";

/** The data namespace used when none is configured. */
export const DEFAULT_DATA_NAMESPACE = "root\\cimv2";
/** The reporting namespace used when none is configured. */
export const DEFAULT_REPORTING_NAMESPACE = "root\\cimv2\\sms";

/**
 * Providers that come with Windows. Their registrations in a MOF are units of their own; the
 * registration of any other provider travels with the first class it serves.
 */
export const WINDOWS_PROVIDERS: ReadonlySet<string> = new Set([
  "regprov", "regpropprov", "ms_view_instance_provider", "cimwin32", "cimwin32a", "wmiprov", "msiprov",
  "ms_nt_eventlog_provider", "ms_nt_eventlog_event_provider", "ms_power_management_event_provider",
  "wmipingprovider", "sessionprovider", "secrcw32", "msft_dsclocalconfigurationmanager", "wmiperfclass",
]);

/** What a unit is built around. */
export type UnitKind = "class" | "instance" | "provider" | "namespace" | "qualifier";

/** A contiguous piece of a unit in one document. */
export interface UnitPart {
  readonly document: MofDocument;
  /** Start of the verbatim range: the comments directly above the first declaration or pragma. */
  readonly start: number;
  /** End of the verbatim range: the end of the last declaration, plus a comment on the same line. */
  readonly end: number;
  /** Normalised namespace the part is compiled into. */
  readonly namespace: string;
  readonly namespaceSpelling: string;
  readonly declarations: readonly ResolvedDeclaration[];
  /** `#pragma deleteclass` lines inside the part. */
  readonly pragmas: readonly ResolvedPragma[];
}

/** One unit of a program (see the module comment). */
export interface MofUnit {
  /** Stable id within one program, e.g. `root\cimv2|class|contoso_assettag` (`#2` etc. for repeats). */
  readonly id: string;
  readonly kind: UnitKind;
  /** Class name (of the class, or of the instances); qualifier name for a qualifier declaration. */
  readonly name: string;
  /** The declaration the unit is built around. */
  readonly primary: ResolvedDeclaration;
  /** Normalised namespace of the primary declaration. */
  readonly namespace: string;
  readonly namespaceSpelling: string;
  /** Every declaration of the unit, in compile order. */
  readonly declarations: readonly ResolvedDeclaration[];
  /** The `#pragma deleteclass` lines naming the unit's classes. */
  readonly deleteClassPragmas: readonly ResolvedPragma[];
  /** The verbatim pieces, in compile order. */
  readonly parts: readonly UnitPart[];
  /** Compile-order position of the first declaration or pragma. */
  readonly order: number;
}

/** Options of {@link buildUnits}. */
export interface UnitOptions {
  /** Namespace of files without `#pragma namespace`; `root\default` when absent. */
  defaultNamespace?: string;
  /** Namespace of the reporting classes; `root\cimv2\sms` when absent. */
  reportingNamespace?: string;
}

/** What {@link buildUnits} returns. */
export interface UnitsResult {
  readonly units: readonly MofUnit[];
  readonly walk: NamespaceWalk;
  /** Aliases used but not defined (errors), `#pragma deleteclass` lines that name no class of the program (info). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Split a program into units (see the module comment). */
export function buildUnits(program: MofProgram, options: UnitOptions = {}): UnitsResult {
  const reporting = normalizeNamespace(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE);
  const walk = walkNamespaces(program, { defaultNamespace: options.defaultNamespace ?? DEFAULT_NAMESPACE });
  const decls = walk.declarations;
  const diagnostics: Diagnostic[] = [];
  const groups = new DisjointSets(decls.length);
  const rootIndex = new Map(program.roots.map((r, i) => [r, i]));
  const rootKey = (root: MofDocument) => rootIndex.get(root) ?? -1;

  // Class declarations by namespace + name, in compile order.
  const classes = new Map<string, number[]>();
  decls.forEach((d, i) => {
    if (d.node.kind !== "class") return;
    pushTo(classes, d.namespace + "|" + d.node.name.name.toLowerCase(), i);
  });

  // Instances join the nearest class declaration before them (or else the first after them).
  decls.forEach((d, i) => {
    if (d.node.kind !== "instance") return;
    const candidates = classes.get(d.namespace + "|" + d.node.className.name.toLowerCase());
    if (!candidates) return;
    // The last candidate before the instance, else the first one (binary search: a class may be declared in many files).
    const before = countUpTo(candidates, i - 1, (c) => c);
    groups.union(i, candidates[before > 0 ? before - 1 : 0]);
  });

  // Alias definitions and uses, within the compilation of one root document.
  const aliases = new Map<string, number>();
  decls.forEach((d, i) => {
    if (d.node.kind === "instance" && d.node.alias) {
      const key = rootKey(d.root) + "|" + d.node.alias.name.toLowerCase();
      if (!aliases.has(key)) aliases.set(key, i);
    }
  });
  decls.forEach((d, i) => {
    if (!mayUseAliases(d)) return;
    for (const use of aliasUses(d.node)) {
      const def = aliases.get(rootKey(d.root) + "|" + use.name.toLowerCase());
      if (def !== undefined) groups.union(i, def);
      else diagnostics.push(...located(d.document, [{ code: "undefined-alias", severity: "error", message: `alias $${use.name} is not defined`, start: use.start, end: use.end, hint: "define it with 'instance of Class as $" + use.name + "' in one of the compiled files" }]));
    }
  });

  // The registration of a provider that does not come with Windows travels with the first class it serves.
  decls.forEach((d, i) => {
    const node = d.node;
    if (node.kind !== "instance" || node.className.name.toLowerCase() !== "__win32provider") return;
    const name = instanceString(node, "name");
    if (!name || WINDOWS_PROVIDERS.has(name.toLowerCase())) return;
    const user = findAfter(decls, i, (u) => u.root === d.root && u.namespace === d.namespace && providersOf(u.node).includes(name.toLowerCase()));
    if (user !== -1) groups.union(i, user);
  });

  // `instance of __Namespace` travels with the first declaration in the namespace it creates,
  // unless that is the reporting namespace or one above it (every ConfigMgr client has those).
  decls.forEach((d, i) => {
    const created = createdNamespace(d);
    if (!created || isNamespaceWithin(reporting, created)) return;
    const user = findAfter(decls, i, (u) => u.namespace === created);
    if (user !== -1) groups.union(i, user);
  });

  // `#pragma deleteclass` joins the first declaration of that class after it, in its namespace.
  const trivia = new TriviaFinder();
  const deleteClass = new Map<number, ResolvedPragma[]>();
  for (const p of walk.pragmas) {
    if (p.node.name.name.toLowerCase() !== "deleteclass") continue;
    const arg = p.node.args[0];
    const name = arg?.kind === "string" ? arg.value.toLowerCase() : undefined;
    const target = name === undefined ? undefined : firstClassAfter(classes.get(p.namespace + "|" + name), p);
    if (target === undefined) {
      diagnostics.push(...located(p.document, [{ code: "stray-deleteclass", severity: "info", message: `#pragma deleteclass names no class defined after it in ${p.namespaceSpelling}: it is not migrated`, start: p.node.start, end: p.node.end }]));
      continue;
    }
    pushTo(deleteClass, target, p);
  }

  /** The first of the class declarations `candidates` (in compile order) after the pragma, in its compilation. */
  function firstClassAfter(candidates: readonly number[] | undefined, p: ResolvedPragma): number | undefined {
    if (!candidates) return undefined;
    for (let j = countUpTo(candidates, p.order, (c) => decls[c].order); j < candidates.length; j++) {
      if (decls[candidates[j]].root === p.root) return candidates[j];
    }
    return undefined;
  }

  // Collect the groups in compile order of their first member.
  const members = new Map<number, number[]>();
  decls.forEach((_, i) => pushTo(members, groups.find(i), i));
  const seenIds = new Map<string, number>();
  const units: MofUnit[] = [];
  for (const list of members.values()) {
    const unitDecls: ResolvedDeclaration[] = [];
    const pragmas: ResolvedPragma[] = [];
    for (const i of list) {
      unitDecls.push(decls[i]);
      const named = deleteClass.get(i);
      if (named) pragmas.push(...named);
    }
    const primary = pickPrimary(unitDecls);
    const kind = unitKind(primary);
    const name = primaryName(primary);
    const base = `${primary.namespace}|${kind}|${name.toLowerCase()}`;
    const n = (seenIds.get(base) ?? 0) + 1;
    seenIds.set(base, n);
    const parts = buildParts(unitDecls, pragmas, trivia);
    units.push({
      id: n === 1 ? base : `${base}#${n}`,
      kind,
      name,
      primary,
      namespace: primary.namespace,
      namespaceSpelling: primary.namespaceSpelling,
      declarations: unitDecls,
      deleteClassPragmas: pragmas,
      parts,
      order: pragmas.reduce((min, p) => Math.min(min, p.order), unitDecls[0].order),
    });
  }
  units.sort((a, b) => a.order - b.order);
  return { units, walk, diagnostics };
}

/** Where a unit goes. */
export type UnitCategory = "data" | "reporting" | "left-out";

/** Why a unit is left out. */
export type LeftOutReason =
  /** `instance of SMS_Collection` and other objects exported from the ConfigMgr console. */
  | "console-export"
  /** Classes deriving from `SMS_TaskSequence_Action` and other site-server classes: console extensions. */
  | "console-extension"
  /** Anything compiled into the site server's `root\sms` namespace. */
  | "site-namespace"
  /** `SMS_Class_Template`, which ConfigMgr defines itself. */
  | "class-template"
  /** `instance of __Namespace` creating the reporting namespace or one above it. */
  | "reporting-namespace"
  /** Qualifier declarations: hardware inventory relies on the standard ones. */
  | "qualifier-declaration";

/** The classification of one unit. */
export interface Classification {
  readonly category: UnitCategory;
  /** For `left-out`. */
  readonly reason?: LeftOutReason;
  /** One sentence for people. */
  readonly explanation: string;
  /**
   * The namespace the unit is written into: its own for data, the reporting namespace for
   * reporting units (also when the source put it in a sub-namespace such as `INV_TEMP`, or in
   * the default namespace of a file without a pragma).
   */
  readonly targetNamespace: string;
  readonly targetNamespaceSpelling: string;
  /** The unit is a reporting class only because of its qualifiers (its file sets no namespace). */
  readonly byContent?: boolean;
}

/** Options of {@link classifyUnit}. */
export interface ClassifyOptions {
  /** Namespace of the reporting classes; `root\cimv2\sms` when absent. */
  reportingNamespace?: string;
}

/**
 * Classify a unit: data (outside the reporting namespace, goes to configuration.mof),
 * reporting (in the reporting namespace, goes to SMS_def.mof), or left out with a reason.
 * `declaredClasses` holds `namespace|name` (lower case) of every class the sources declare and
 * is used to follow superclasses and to tell console exports from instances of own classes.
 */
export function classifyUnit(unit: MofUnit, declaredClasses: ReadonlyMap<string, ClassDeclaration>, options: ClassifyOptions = {}): Classification {
  const reportingSpelling = namespacePath(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE);
  const reporting = reportingSpelling.toLowerCase();
  const node = unit.primary.node;
  const own = { targetNamespace: unit.namespace, targetNamespaceSpelling: unit.namespaceSpelling };
  const leftOut = (reason: LeftOutReason, explanation: string): Classification => ({ category: "left-out", reason, explanation, ...own });

  if (node.kind === "qualifierDeclaration") return leftOut("qualifier-declaration", `qualifier declaration ${node.name.name}: hardware inventory uses the standard qualifiers`);
  if (node.kind === "class" && node.name.name.toLowerCase() === "sms_class_template") {
    return leftOut("class-template", "SMS_Class_Template is defined by ConfigMgr itself");
  }
  if (node.kind === "class") {
    const base = siteServerBase(node, unit.namespace, declaredClasses);
    if (base) return leftOut("console-extension", `${node.name.name} derives from ${base}: a ConfigMgr console extension, not hardware inventory`);
  }
  if (node.kind === "instance") {
    const cls = node.className.name;
    if (/^sms_/i.test(cls) && !declaredClasses.has(unit.namespace + "|" + cls.toLowerCase())) {
      return leftOut("console-export", `instance of ${cls}: an object exported from the ConfigMgr console, not hardware inventory`);
    }
  }
  if (isNamespaceWithin(unit.namespace, "root\\sms")) {
    return leftOut("site-namespace", `${unit.namespaceSpelling} is the site server's namespace: console objects, not hardware inventory`);
  }
  if (node.kind === "instance") {
    const created = createdNamespace(unit.primary);
    if (created && isNamespaceWithin(reporting, created)) {
      return leftOut("reporting-namespace", `creates ${created}, which every ConfigMgr client already has`);
    }
  }
  const reportingUnit = { targetNamespace: reporting, targetNamespaceSpelling: reportingSpelling };
  if (isNamespaceWithin(unit.namespace, reporting)) {
    return { category: "reporting", explanation: `reporting class in ${unit.namespaceSpelling}: goes to SMS_def.mof`, ...reportingUnit };
  }
  if (!unit.primary.namespacePragma && node.kind === "class" && looksLikeReportingClass(node)) {
    return {
      category: "reporting",
      explanation: `${node.name.name} has reporting qualifiers and its file sets no namespace: treated as a reporting class for ${reportingSpelling}`,
      byContent: true,
      ...reportingUnit,
    };
  }
  return { category: "data", explanation: `data in ${unit.namespaceSpelling}: goes to configuration.mof`, ...own };
}

/** A class with `SMS_Report`, `SMS_Class_ID` or `SMS_Group_Name` on it, or deriving from `SMS_Class_Template`. */
export function looksLikeReportingClass(node: ClassDeclaration): boolean {
  if (node.superclass?.name.toLowerCase() === "sms_class_template") return true;
  return ["sms_report", "sms_class_id", "sms_group_name"].some((q) => findQualifier(node.qualifierList, q) !== undefined);
}

/** Map `namespace|name` (lower case) -> class, for {@link classifyUnit}. */
export function declaredClassMap(units: readonly MofUnit[]): Map<string, ClassDeclaration> {
  const map = new Map<string, ClassDeclaration>();
  for (const u of units) {
    for (const d of u.declarations) {
      if (d.node.kind === "class") map.set(d.namespace + "|" + d.node.name.name.toLowerCase(), d.node);
    }
  }
  return map;
}

/** Lower-case names of the providers a declaration uses (`provider("X")` on it or on its properties). */
export function providersOf(node: ResolvedDeclaration["node"]): string[] {
  if (node.kind === "qualifierDeclaration") return [];
  const names = new Set<string>();
  const add = (v: string | undefined) => v && names.add(v.toLowerCase());
  add(qualifierString(node.qualifierList, "provider"));
  if (node.kind === "class") for (const f of node.features) add(qualifierString(f.qualifierList, "provider"));
  else for (const p of node.properties) add(qualifierString(p.qualifierList, "provider"));
  return [...names];
}

/** The namespace an `instance of __Namespace` creates (normalised), or undefined. */
export function createdNamespace(d: ResolvedDeclaration): string | undefined {
  if (d.node.kind !== "instance" || d.node.className.name.toLowerCase() !== "__namespace") return undefined;
  const name = instanceString(d.node, "name");
  return name ? d.namespace + "\\" + name.toLowerCase() : undefined;
}

/** The string value of an instance property, by name (any case). */
export function instanceString(node: InstanceDeclaration, property: string): string | undefined {
  const lower = property.toLowerCase();
  const v = node.properties.find((p) => p.name.name.toLowerCase() === lower)?.value;
  return v?.kind === "string" ? v.value : undefined;
}

/** True when an instance is WMI's `[DYNPROPS]` form. */
export function isDynprops(node: InstanceDeclaration | ClassDeclaration): boolean {
  return qualifierIsTrue(node.qualifierList, "dynprops");
}

/** The first `SMS_*` superclass (other than SMS_Class_Template) the sources do not declare. */
function siteServerBase(node: ClassDeclaration, namespace: string, declared: ReadonlyMap<string, ClassDeclaration>): string | undefined {
  const seen = new Set<string>();
  let sup = node.superclass?.name;
  while (sup && !seen.has(sup.toLowerCase())) {
    const lower = sup.toLowerCase();
    seen.add(lower);
    if (lower === "sms_class_template") return undefined;
    const cls = declared.get(namespace + "|" + lower);
    if (!cls) return /^sms_/.test(lower) ? sup : undefined;
    sup = cls.superclass?.name;
  }
  return undefined;
}

function pickPrimary(decls: readonly ResolvedDeclaration[]): ResolvedDeclaration {
  if (decls.length === 1) return decls[0];
  return (
    decls.find((d) => d.node.kind === "class") ??
    decls.find((d) => d.node.kind === "instance" && !d.node.className.name.startsWith("__")) ??
    decls.find((d) => d.node.kind === "instance" && d.node.className.name.toLowerCase() === "__win32provider") ??
    decls[0]
  );
}

function unitKind(d: ResolvedDeclaration): UnitKind {
  const node = d.node;
  if (node.kind === "class") return "class";
  if (node.kind === "qualifierDeclaration") return "qualifier";
  const cls = node.className.name.toLowerCase();
  if (cls === "__namespace") return "namespace";
  if (cls === "__win32provider" || /^__\w*providerregistration$/.test(cls)) return "provider";
  return "instance";
}

function primaryName(d: ResolvedDeclaration): string {
  const node = d.node;
  if (node.kind === "instance") {
    const cls = node.className.name.toLowerCase();
    if (cls === "__win32provider" || cls === "__namespace") return instanceString(node, "name") ?? node.className.name;
    return node.className.name;
  }
  return node.name.name;
}

/** Merge the unit's nodes into contiguous verbatim parts (no other statement between them). */
function buildParts(decls: readonly ResolvedDeclaration[], pragmas: readonly ResolvedPragma[], trivia: TriviaFinder): UnitPart[] {
  if (decls.length === 1 && pragmas.length === 0) {
    // Most units: one declaration, one part.
    const d = decls[0];
    return [{ document: d.document, start: trivia.start(d.document, d.node), end: trivia.end(d.document, d.node.end), namespace: d.namespace, namespaceSpelling: d.namespaceSpelling, declarations: decls, pragmas }];
  }
  // Declarations and pragmas both come in compile order: merge the two lists.
  const items = mergeInCompileOrder(decls, pragmas);
  if (!isSorted(items)) items.sort((a, b) => a.order - b.order);

  const parts: UnitPart[] = [];
  let first = 0;
  for (let i = 1; i <= items.length; i++) {
    const prev = items[i - 1];
    const item = items[i];
    // Consecutive in compile order means nothing else (another statement, a namespace pragma) lies between.
    if (item && prev.document === item.document && prev.namespace === item.namespace && item.order === prev.order + 1) continue;
    const head = items[first];
    const declarations: ResolvedDeclaration[] = [];
    const partPragmas: ResolvedPragma[] = [];
    for (let j = first; j < i; j++) {
      const x = items[j];
      if (x.node.kind === "pragma") partPragmas.push(x as ResolvedPragma);
      else declarations.push(x as ResolvedDeclaration);
    }
    parts.push({
      document: head.document,
      start: trivia.start(head.document, head.node),
      end: trivia.end(head.document, prev.node.end),
      namespace: head.namespace,
      namespaceSpelling: head.namespaceSpelling,
      declarations,
      pragmas: partPragmas,
    });
    first = i;
  }
  return parts;
}

function isSorted(items: readonly { readonly order: number }[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i].order < items[i - 1].order) return false;
  return true;
}

/**
 * Comment ranges around top-level statements, with the same rule as `leadingTrivia` in parse.ts
 * (the comment lines directly above a statement, back to the previous statement), but with
 * per-document indexes so that files with many thousands of statements stay linear.
 */
class TriviaFinder {
  private readonly positions = new Map<MofDocument, Map<Production, number>>();

  /** Start of the comment lines directly above a top-level statement (its own start when there are none). */
  start(doc: MofDocument, node: Production): number {
    let positions = this.positions.get(doc);
    if (!positions) {
      positions = new Map();
      for (let i = 0; i < doc.productions.length; i++) positions.set(doc.productions[i], i);
      this.positions.set(doc, positions);
    }
    const index = positions.get(node) ?? 0;
    const limit = index > 0 ? doc.productions[index - 1].end : 0;
    const text = doc.source.text;
    let start = node.start;
    // The last comment that ends before the statement starts.
    for (let i = lastIndexBefore(doc.comments, node.start); i >= 0; i--) {
      const c = doc.comments[i];
      if (c.start < limit) break;
      if (!isBlank(text, c.end, start)) break;
      const lineStart = startOfLine(text, c.start);
      if (lineStart < limit || !isBlank(text, lineStart, c.start)) break;
      start = lineStart;
    }
    return start;
  }

  /** `end`, extended over a comment that starts on the same line (`};  // note`). */
  end(doc: MofDocument, end: number): number {
    const i = lastIndexBefore(doc.comments, end - 1, "start") + 1;
    const c = doc.comments[i];
    return c && /^[ \t]*$/.test(doc.source.text.slice(end, c.start)) ? c.end : end;
  }
}

/** Offset of the start of the line that holds `offset` (after a `\n` or a `\r`). */
function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** True when `text` holds only white space (as `String.prototype.trim` sees it) from `from` to `to`. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !/\s/.test(text[i])) return false;
  }
  return true;
}

/** Index of the first item after `index` that `test` accepts; -1 if none. */
function findAfter<T>(items: readonly T[], index: number, test: (item: T) => boolean): number {
  for (let j = index + 1; j < items.length; j++) if (test(items[j])) return j;
  return -1;
}

/** How many entries at the start of `list` (ascending by `valueOf`) are at most `limit`. */
function countUpTo(list: readonly number[], limit: number, valueOf: (entry: number) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (valueOf(list[mid]) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last range whose `end` (or `start`) is at most `offset` (ranges sorted, not overlapping); -1 if none. */
function lastIndexBefore(ranges: readonly Range[], offset: number, field: "end" | "start" = "end"): number {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][field] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * False when a declaration certainly has no `$alias` reference: its text has no `$`, and its
 * file has no `#define` (whose uses could bring one in). Most declarations are ruled out so.
 */
function mayUseAliases(d: ResolvedDeclaration): boolean {
  return d.document.source.text.slice(d.node.start, d.node.end).includes("$") || d.document.directives.some((x) => x.kind === "define");
}

/** Every `$alias` reference in a declaration (qualifier values, defaults, property values, embedded instances). */
function aliasUses(node: ResolvedDeclaration["node"]): AliasValue[] {
  const out: AliasValue[] = [];
  if (node.kind === "instance") aliasesInInstance(node, out);
  else if (node.kind === "class") {
    aliasesInQualifiers(node.qualifierList, out);
    for (const f of node.features) {
      aliasesInQualifiers(f.qualifierList, out);
      if (f.kind === "property") aliasesInValue(f.defaultValue, out);
      else for (const p of f.parameters) aliasesInValue(p.defaultValue, out);
    }
  } else aliasesInValue(node.defaultValue, out);
  return out;
}

function aliasesInValue(v: Value | undefined, out: AliasValue[]): void {
  if (!v) return;
  if (v.kind === "alias") out.push(v);
  else if (v.kind === "array") for (const e of v.elements) aliasesInValue(e, out);
  else if (v.kind === "instance") aliasesInInstance(v, out);
}

function aliasesInQualifiers(list: QualifierList | undefined, out: AliasValue[]): void {
  if (list) for (const q of list.qualifiers) aliasesInValue(q.value, out);
}

function aliasesInInstance(inst: InstanceDeclaration, out: AliasValue[]): void {
  aliasesInQualifiers(inst.qualifierList, out);
  for (const p of inst.properties) {
    aliasesInQualifiers(p.qualifierList, out);
    aliasesInValue(p.value, out);
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function located(doc: MofDocument, raw: RawDiagnostic[]): Diagnostic[] {
  return locate(raw, doc.file, doc.source.text, doc.lines);
}

/** Union-find over declaration indices; the smallest index of a set is its representative. */
class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}
