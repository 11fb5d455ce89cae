/**
 * The sources of a migration on their own: options with their defaults, units, their
 * classification, duplicates within the sources, and the comparison with the stock baseline.
 * Shared by the plan against targets and by the split into two new files.
 */
import type { MofDocument } from "../document/parse.js";
import { DEFAULT_NAMESPACE, isNamespaceWithin, namespacePath, type ResolvedDeclaration } from "../program/namespaces.js";
import { programFromDocuments, type MofProgram } from "../program/program.js";
import { programSymbols } from "../program/symbols.js";
import { classifyUnit, type Classification } from "./classify.js";
import { DEFAULT_DATA_NAMESPACE, DEFAULT_REPORTING_NAMESPACE } from "./configmgr.js";
import { Identity } from "./identity.js";
import { buildUnits, carryInstances, type MofUnit, type UnitsResult } from "./units.js";

/** Options of a migration. */
export interface MigrationOptions {
  /** Where data classes normally live and where reporting classes read them; `root\cimv2` by default. */
  dataNamespace?: string;
  /** Namespace of the reporting classes; `root\cimv2\sms` by default. */
  reportingNamespace?: string;
  /** Namespace of source files without `#pragma namespace` (mofcomp's `-N:`); `root\default` by default. */
  defaultNamespace?: string;
  /** Replace a definition the target has in another form, instead of reporting a conflict. */
  replaceConflicts?: boolean;
  /** Apply `SMS_Report` flag changes to the class already in the target, instead of only reporting them. */
  carryReportFlags?: boolean;
  /** Folder the source paths in provenance comments and reports are made relative to. */
  inputRoot?: string;
}

/** {@link MigrationOptions} with every default filled in. */
export interface ResolvedMigrationOptions {
  readonly dataNamespace: string;
  readonly reportingNamespace: string;
  readonly defaultNamespace: string;
  readonly replaceConflicts: boolean;
  readonly carryReportFlags: boolean;
  readonly inputRoot?: string;
}

/** Fill in the defaults of {@link MigrationOptions}. */
export function resolveMigrationOptions(options: MigrationOptions = {}): ResolvedMigrationOptions {
  return {
    dataNamespace: namespacePath(options.dataNamespace ?? DEFAULT_DATA_NAMESPACE),
    reportingNamespace: namespacePath(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE),
    defaultNamespace: namespacePath(options.defaultNamespace ?? DEFAULT_NAMESPACE),
    replaceConflicts: options.replaceConflicts ?? false,
    carryReportFlags: options.carryReportFlags ?? false,
    ...(options.inputRoot !== undefined ? { inputRoot: options.inputRoot } : {}),
  };
}

/** A program, whether given as a program or as one document. */
export function asProgram(input: MofProgram | MofDocument): MofProgram {
  return "roots" in input ? input : programFromDocuments([input]);
}

/** Declarations indexed by identity key (several when a file defines one twice; the last one counts). */
export type DeclarationIndex = Map<string, ResolvedDeclaration[]>;

/** What {@link analyzeSources} finds. */
export interface SourceAnalysis {
  readonly options: ResolvedMigrationOptions;
  readonly sources: UnitsResult;
  readonly classifications: ReadonlyMap<MofUnit, Classification>;
  readonly identity: Identity;
  /** Units defined again later in the sources, with the unit that supersedes them. */
  readonly superseded: ReadonlyMap<MofUnit, MofUnit>;
  /** Instances moved from a superseded unit to the one that supersedes it (see `analyzeSources`). */
  readonly carried: ReadonlySet<ResolvedDeclaration>;
  readonly baseline?: { readonly units: UnitsResult; readonly index: DeclarationIndex };
}

/**
 * Units, classification, duplicates and baseline comparison of the sources. `targets` are the
 * programs the sources will be compared with: identity keys look classes up in the sources, the
 * baseline and then the targets.
 */
export function analyzeSources(
  sources: MofProgram,
  baselineInput: MofProgram | MofDocument | undefined,
  options: ResolvedMigrationOptions,
  targets: readonly MofProgram[] = [],
): SourceAnalysis {
  const built = buildUnits(sources, { defaultNamespace: options.defaultNamespace, reportingNamespace: options.reportingNamespace });
  const classifications = new Map(built.units.map((u) => [u, classifyUnit(u, built.symbols.classes, options)]));
  const baselineProgram = baselineInput ? asProgram(baselineInput) : undefined;
  const baselineUnits = baselineProgram ? buildUnits(baselineProgram, { reportingNamespace: options.reportingNamespace }) : undefined;
  const identity = new Identity([built.symbols, ...(baselineUnits ? [baselineUnits.symbols] : []), ...targets.map((t) => programSymbols(t))]);
  const baseline = baselineUnits ? { units: baselineUnits, index: indexDeclarations(baselineUnits.units, identity) } : undefined;
  const { units, superseded, carried } = supersede(built.units, classifications, identity);
  const analysed: UnitsResult = units === built.units ? built : { ...built, units };
  return { options, sources: analysed, classifications, identity, superseded, carried, ...(baseline ? { baseline } : {}) };
}

/**
 * The same thing defined twice in one category: the later definition wins, as in mofcomp. The
 * instances of a class defined again are not lost with the earlier definition: mofcomp keeps
 * them under the later one, so they move to the later unit. `classifications` learns the units
 * that change.
 */
function supersede(
  input: readonly MofUnit[],
  classifications: Map<MofUnit, Classification>,
  identity: Identity,
): { units: readonly MofUnit[]; superseded: Map<MofUnit, MofUnit>; carried: Set<ResolvedDeclaration> } {
  let units: MofUnit[] | undefined;
  const superseded = new Map<MofUnit, MofUnit>();
  const carried = new Set<ResolvedDeclaration>();
  const last = new Map<string, number>();
  for (let i = 0; i < input.length; i++) {
    const u = (units ?? input)[i];
    const c = classifications.get(u)!;
    if (c.category === "left-out") continue;
    const key = c.category + "|" + identity.keyOf(u.primary, c.targetNamespace);
    const p = last.get(key);
    last.set(key, i);
    if (p === undefined) continue;
    const previous = (units ?? input)[p];
    const instances = instancesNotIn(previous, u, identity);
    if (instances.length === 0) {
      superseded.set(previous, u);
      continue;
    }
    units ??= [...input];
    const moved = carryInstances(previous, u, instances);
    units[p] = moved.from;
    units[i] = moved.to;
    classifications.set(moved.from, classifications.get(previous)!);
    classifications.set(moved.to, c);
    for (const [earlier, later] of superseded) if (later === previous) superseded.set(earlier, moved.from);
    superseded.set(moved.from, moved.to);
    for (const d of instances) carried.add(d);
  }
  return { units: units ?? input, superseded, carried };
}

/** Instances of `unit`'s own classes whose keys `later` does not define. */
function instancesNotIn(unit: MofUnit, later: MofUnit, identity: Identity): ResolvedDeclaration[] {
  if (unit.kind !== "class") return [];
  const classes = new Set(unit.declarations.flatMap((d) => (d.node.kind === "class" ? [d.node.name.name.toLowerCase()] : [])));
  const laterKeys = new Set(later.declarations.map((d) => identity.keyOf(d)));
  return unit.declarations.filter((d) => d.node.kind === "instance" && classes.has(d.node.className.name.toLowerCase()) && !laterKeys.has(identity.keyOf(d)));
}

/**
 * The declarations of units by identity key; with `within`, declarations in that namespace or
 * below it are keyed in it (a console export keeps reporting classes in `…\SMS\INV_TEMP`).
 */
export function indexDeclarations(units: readonly MofUnit[], identity: Identity, within?: string): DeclarationIndex {
  const index: DeclarationIndex = new Map();
  for (const u of units) {
    for (const d of u.declarations) {
      const key = within !== undefined && isNamespaceWithin(d.namespace, within) ? identity.keyOf(d, within) : identity.keyOf(d);
      const list = index.get(key);
      if (list) list.push(d);
      else index.set(key, [d]);
    }
  }
  return index;
}
