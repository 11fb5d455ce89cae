/**
 * Units: what the migration moves as one piece. A unit is a class or instance group plus
 * everything that travels with it, kept as verbatim source ranges: the comments directly above
 * each declaration, the `#pragma deleteclass` that names the class, the `instance of` blocks of
 * the class in the same namespace (e.g. `[DYNPROPS]` registry instances), alias definitions it
 * uses (`instance of __Win32Provider as $P` and the registration that uses `$P`), the
 * registration of a non-Windows provider that serves it, and the `instance of __Namespace` that
 * creates its namespace. Every declaration of a program lands in exactly one unit.
 *
 * `classify.ts` then says where a unit goes.
 */
import type { Production, Range } from "../../grammar/ast.js";
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { aliasUses, instanceString, mayUseAliases, pragmaString, qualifierString } from "../document/query.js";
import { leadingTrivia, trailingCommentEnd } from "../document/trivia.js";
import {
  DEFAULT_NAMESPACE,
  isNamespaceWithin,
  normalizeNamespace,
  type NamespaceWalk,
  type ResolvedDeclaration,
  type ResolvedPragma,
} from "../program/namespaces.js";
import { isReportingClassInDataNamespace } from "../program/inventory.js";
import type { MofProgram } from "../program/program.js";
import { programSymbols, type ClassSymbol, type ProgramSymbols } from "../program/symbols.js";
import { countUpTo, DisjointSets, findAfter, mergeByOrder, pushTo } from "../util/collections.js";
import { DEFAULT_REPORTING_NAMESPACE, WINDOWS_PROVIDERS } from "./configmgr.js";
import { commentsAbovePragmas, commentsAfterLastDeclaration } from "./unit-comments.js";

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
  /** Comment blocks above the `#pragma namespace` lines just before the part (a banner), written before it. */
  readonly lead: readonly Range[];
  /** Comment blocks after the part when it ends the file's last declaration (a closing banner), written after it. */
  readonly tail: readonly Range[];
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
  /** Every declaration of the unit, in compile order (instances carried over from an earlier definition of its class last). */
  readonly declarations: readonly ResolvedDeclaration[];
  /** The `#pragma deleteclass` lines naming the unit's classes. */
  readonly deleteClassPragmas: readonly ResolvedPragma[];
  /** The verbatim pieces, in the order they are written: compile order, then instances carried over. */
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
  readonly symbols: ProgramSymbols;
  /** `#pragma deleteclass` lines that name no class of the program (info). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The declarations of a program being grouped into units. */
interface Grouping {
  readonly decls: readonly ResolvedDeclaration[];
  /** Position of each declaration in `decls`. */
  readonly index: ReadonlyMap<ResolvedDeclaration, number>;
  readonly groups: DisjointSets;
  readonly symbols: ProgramSymbols;
}

/** Split a program into units (see the module comment). */
export function buildUnits(program: MofProgram, options: UnitOptions = {}): UnitsResult {
  const reporting = normalizeNamespace(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE);
  const symbols = programSymbols(program, { defaultNamespace: options.defaultNamespace ?? DEFAULT_NAMESPACE });
  const walk = symbols.walk;
  const decls = walk.declarations;
  const g: Grouping = { decls, index: new Map(decls.map((d, i) => [d, i])), groups: new DisjointSets(decls.length), symbols };
  joinInstancesToClasses(g, reporting);
  joinAliasDefinitions(g);
  joinProviderRegistrations(g);
  joinNamespaceCreations(g, reporting);
  const sink = new DiagnosticSink();
  const deleteClass = deleteClassTargets(g, walk.pragmas, sink);
  return { units: collectUnits(g, deleteClass), walk, symbols, diagnostics: sink.diagnostics };
}

/**
 * Instances join the nearest class declaration before them (or else the first after them), in
 * their namespace. A class with reporting qualifiers that a namespace pragma put among data
 * classes is not a candidate while a data class of that name is: its instances are the data
 * class's.
 */
function joinInstancesToClasses(g: Grouping, reporting: string): void {
  g.decls.forEach((d, i) => {
    if (d.node.kind !== "instance") return;
    const all = g.symbols.classes.inNamespace(d.namespace, d.node.className.name);
    if (all.length === 0) return;
    const data = all.length > 1 ? all.filter((c) => !isReportingClassInDataNamespace(c, reporting)) : all;
    const candidates = data.length > 0 ? data : all;
    // The last candidate before the instance, else the first one (binary search: a class may be declared in many files).
    const before = countUpTo(candidates, d.order - 1, (c) => c.order);
    g.groups.union(i, g.index.get(candidates[before > 0 ? before - 1 : 0])!);
  });
}

/** A declaration that uses `$alias` joins the instance that defines it, in the same compilation. */
function joinAliasDefinitions(g: Grouping): void {
  g.decls.forEach((d, i) => {
    if (!mayUseAliases(d.document, d.node)) return;
    for (const use of aliasUses(d.node)) {
      const def = g.symbols.alias(d.root, use.name);
      if (def) g.groups.union(i, g.index.get(def)!);
    }
  });
}

/** The registration of a provider that does not come with Windows travels with the first class it serves. */
function joinProviderRegistrations(g: Grouping): void {
  g.decls.forEach((d, i) => {
    const node = d.node;
    if (node.kind !== "instance" || node.className.name.toLowerCase() !== "__win32provider") return;
    const name = instanceString(node, "name");
    if (!name || WINDOWS_PROVIDERS.has(name.toLowerCase())) return;
    const user = findAfter(g.decls, i, (u) => u.root === d.root && u.namespace === d.namespace && providersOf(u.node).includes(name.toLowerCase()));
    if (user !== -1) g.groups.union(i, user);
  });
}

/**
 * `instance of __Namespace` travels with the first declaration in the namespace it creates,
 * unless that is the reporting namespace or one above it (every ConfigMgr client has those).
 */
function joinNamespaceCreations(g: Grouping, reporting: string): void {
  g.decls.forEach((d, i) => {
    const created = createdNamespace(d);
    if (!created || isNamespaceWithin(reporting, created)) return;
    const user = findAfter(g.decls, i, (u) => u.namespace === created);
    if (user !== -1) g.groups.union(i, user);
  });
}

/** `#pragma deleteclass` joins the first declaration of that class after it, in its namespace and compilation. */
function deleteClassTargets(g: Grouping, pragmas: readonly ResolvedPragma[], sink: DiagnosticSink): Map<number, ResolvedPragma[]> {
  const targets = new Map<number, ResolvedPragma[]>();
  for (const p of pragmas) {
    if (p.node.name.name.toLowerCase() !== "deleteclass") continue;
    const name = pragmaString(p.node);
    const target = name === undefined ? undefined : firstClassAfter(g.symbols.classes.inNamespace(p.namespace, name), p);
    if (target === undefined) {
      sink.report(p.document, "stray-deleteclass", p.node, `#pragma deleteclass names no class defined after it in ${p.namespaceSpelling}: it is not migrated`);
      continue;
    }
    pushTo(targets, g.index.get(target)!, p);
  }
  return targets;
}

/** The first of the class declarations `candidates` (in compile order) after the pragma, in its compilation. */
function firstClassAfter(candidates: readonly ClassSymbol[], p: ResolvedPragma): ClassSymbol | undefined {
  for (let j = countUpTo(candidates, p.order, (c) => c.order); j < candidates.length; j++) {
    if (candidates[j].root === p.root) return candidates[j];
  }
  return undefined;
}

/** The groups as units, in compile order of their first member. */
function collectUnits(g: Grouping, deleteClass: ReadonlyMap<number, ResolvedPragma[]>): MofUnit[] {
  const members = new Map<number, number[]>();
  g.decls.forEach((_, i) => pushTo(members, g.groups.find(i), i));
  const seenIds = new Map<string, number>();
  const units: MofUnit[] = [];
  for (const list of members.values()) {
    const unitDecls: ResolvedDeclaration[] = [];
    const pragmas: ResolvedPragma[] = [];
    for (const i of list) {
      unitDecls.push(g.decls[i]);
      const named = deleteClass.get(i);
      if (named) for (const p of named) pragmas.push(p);
    }
    const primary = pickPrimary(unitDecls);
    const kind = unitKind(primary);
    const name = primaryName(primary);
    const base = `${primary.namespace}|${kind}|${name.toLowerCase()}`;
    const n = (seenIds.get(base) ?? 0) + 1;
    seenIds.set(base, n);
    units.push({
      id: n === 1 ? base : `${base}#${n}`,
      kind,
      name,
      primary,
      namespace: primary.namespace,
      namespaceSpelling: primary.namespaceSpelling,
      declarations: unitDecls,
      deleteClassPragmas: pragmas,
      parts: buildParts(unitDecls, pragmas),
      order: pragmas.reduce((min, p) => Math.min(min, p.order), unitDecls[0].order),
    });
  }
  units.sort((a, b) => a.order - b.order);
  return units;
}

/**
 * Move instances from one unit to another: `from` without them, and `to` with them written
 * after its own parts (a class is written before its instances). For a class defined again
 * later in the sources, whose earlier definition had the instances.
 */
export function carryInstances(from: MofUnit, to: MofUnit, instances: readonly ResolvedDeclaration[]): { from: MofUnit; to: MofUnit } {
  const moved = new Set(instances);
  const kept = from.declarations.filter((d) => !moved.has(d));
  return {
    from: { ...from, declarations: kept, parts: buildParts(kept, from.deleteClassPragmas) },
    to: { ...to, declarations: [...to.declarations, ...instances], parts: [...to.parts, ...buildParts(instances, [])] },
  };
}

/** `Contoso_Printer (root\cimv2)`, `provider registration X (…)`, `instance of X (…)`: a unit as messages name it. */
export function describeUnit(unit: MofUnit): string {
  const what =
    unit.kind === "class"
      ? "class"
      : unit.kind === "provider"
        ? "provider registration"
        : unit.kind === "namespace"
          ? "namespace"
          : unit.kind === "qualifier"
            ? "qualifier"
            : "instance of";
  return `${what} ${unit.name} (${unit.namespaceSpelling})`;
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

/**
 * The verbatim range of statements: the leading comment lines of the first, the statements, a
 * comment on the last one's last line; and the comments that travel with them (see
 * `unit-comments.ts`).
 */
function statementRange(doc: MofDocument, first: Production, lastEnd: number): { start: number; end: number; lead: readonly Range[]; tail: readonly Range[] } {
  const end = trailingCommentEnd(doc, lastEnd);
  return { start: leadingTrivia(doc, first).start, end, lead: commentsAbovePragmas(doc, first), tail: commentsAfterLastDeclaration(doc, lastEnd, end) };
}

/** Merge the unit's nodes into contiguous verbatim parts (no other statement between them). */
function buildParts(decls: readonly ResolvedDeclaration[], pragmas: readonly ResolvedPragma[]): UnitPart[] {
  if (decls.length === 1 && pragmas.length === 0) {
    // Most units: one declaration, one part.
    const d = decls[0];
    return [
      {
        document: d.document,
        ...statementRange(d.document, d.node, d.node.end),
        namespace: d.namespace,
        namespaceSpelling: d.namespaceSpelling,
        declarations: decls,
        pragmas,
      },
    ];
  }
  // Declarations and pragmas both come in compile order: merge the two lists.
  const items = mergeByOrder(decls, pragmas);
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
      ...statementRange(head.document, head.node, prev.node.end),
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
