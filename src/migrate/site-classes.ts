/**
 * The hardware-inventory classes a ConfigMgr 2012 or later site already has, as the console's
 * Export writes them (reporting classes under `root\cimv2\SMS\INV_TEMP`, after the
 * `instance of __Namespace` blocks and a local `class SMS_Class_Template {};`) or in the 2007
 * `SMS_def.mof` format, and how a source's reporting class compares with them.
 *
 * The comparison is the one an import cares about: the class's schema (its properties, their
 * types, array sizes and keys, and the qualifiers that say what inventory collects and where:
 * `SMS_Class_ID`, `SMS_Group_Name`, `Namespace`, `SMS_Namespace`, `SMS_Context_n`, `SMS_Units`)
 * and, apart from it, the `SMS_Report` values. Comments, layout, qualifier order, the escaping
 * of `Namespace(...)` and descriptive qualifiers do not count; the `SMS_Report` value of a key
 * property does not either (keys are always reported).
 */
import type { ClassDeclaration, Feature, PropertyDeclaration, Qualifier } from "../../grammar/ast.js";
import type { MofDocument } from "../document/parse.js";
import { printArraySpec, printQualifier, printType } from "../document/print.js";
import { findQualifier, qualifierIsTrue, qualifierString } from "../document/query.js";
import { classIdClashes, classIdUse, type ClassIdUse } from "../program/inventory.js";
import { normalizeNamespace } from "../program/namespaces.js";
import type { MofProgram } from "../program/program.js";
import { programSymbols, type ClassSymbol } from "../program/symbols.js";
import { CLASS_TEMPLATE, looksLikeReportingClass } from "./configmgr.js";
import type { Difference } from "./differences.js";
import { flagEdit, reportFlag, type FlagChange } from "./edits.js";
import { pushTo } from "../util/collections.js";
import { canonType } from "./identity.js";

/** The site's classes, ready for comparison (see the module comment). */
export interface SiteClasses {
  /** The file (or files) they were read from. */
  readonly program: MofProgram;
  /** The site's reporting classes, in file order (`SMS_Class_Template` left out). */
  readonly classes: readonly ClassSymbol[];
}

/** Read the site's reporting classes from a program (a console export or a 2007-format file). */
export function siteClasses(program: MofProgram): SiteClasses {
  const classes: ClassSymbol[] = [];
  for (const d of programSymbols(program).walk.declarations) {
    if (d.node.kind !== "class" || d.node.name.name.toLowerCase() === CLASS_TEMPLATE) continue;
    if (looksLikeReportingClass(d.node)) classes.push(d as ClassSymbol);
  }
  return { program, classes };
}

/** How a source's reporting class stands against the site's classes. */
export interface SiteMatch {
  /** The site's class of the same name, or else the one that uses the source class's `SMS_Class_ID`. */
  readonly declaration: ClassSymbol;
  /** True when the site's class has another name but the same `SMS_Class_ID`. */
  readonly sameId: boolean;
  /** Differences of schema: an import would fail or change the site's class. */
  readonly differences: readonly Difference[];
  /** `SMS_Report` values that differ (key properties aside), with edits of the site's text. */
  readonly flags: readonly FlagChange[];
}

/**
 * Compare a source's reporting class with the site's classes: the site's class of the same
 * name, or the class that already uses its `SMS_Class_ID` (a 32/64-bit twin aside); undefined
 * when the site has neither. `dataNamespace` is where a class without `Namespace(...)` reads.
 */
export function matchSiteClass(site: SiteClasses, source: ClassSymbol, dataNamespace: string): SiteMatch | undefined {
  const { byName, byId } = indexOf(site);
  const same = byName.get(source.node.name.name.toLowerCase());
  if (same) {
    return { declaration: same, sameId: false, differences: schemaDifferences(source, same, dataNamespace), flags: flagDifferences(source, same) };
  }
  const use = classIdUse(source);
  const uses = use ? byId.get(use.id.toLowerCase()) : undefined;
  if (!use || !uses) return undefined;
  const clash = classIdClashes([...uses, use]).find((x) => x.use.declaration === source);
  if (!clash) return undefined;
  const other = clash.other.declaration as ClassSymbol;
  return {
    declaration: other,
    sameId: true,
    differences: [
      {
        declaration: `class ${source.node.name.name}`,
        qualifier: "SMS_Class_ID",
        aspect: "qualifier",
        source: `SMS_Class_ID("${use.id}")`,
        target: `SMS_Class_ID("${clash.other.id}") on class ${other.node.name.name}`,
      },
    ],
    flags: [],
  };
}

/** The site's classes by lower-case name (the last definition counts) and their `SMS_Class_ID` uses by lower-case id. */
interface SiteIndex {
  readonly byName: ReadonlyMap<string, ClassSymbol>;
  readonly byId: ReadonlyMap<string, readonly ClassIdUse[]>;
}

const indexes = new WeakMap<SiteClasses, SiteIndex>();

function indexOf(site: SiteClasses): SiteIndex {
  let index = indexes.get(site);
  if (!index) {
    const byName = new Map<string, ClassSymbol>();
    const byId = new Map<string, ClassIdUse[]>();
    for (const c of site.classes) {
      byName.set(c.node.name.name.toLowerCase(), c);
      const use = classIdUse(c);
      if (use) pushTo(byId, use.id.toLowerCase(), use);
    }
    indexes.set(site, (index = { byName, byId }));
  }
  return index;
}

/** The class qualifiers that are part of a reporting class's schema (lower case); `SMS_Context_n` too. */
const SCHEMA_CLASS_QUALIFIERS: readonly string[] = ["sms_class_id", "sms_group_name", "namespace", "sms_namespace"];

/** What differs in the schema of two definitions of one reporting class (see the module comment). */
export function schemaDifferences(source: ClassSymbol, site: ClassSymbol, dataNamespace: string): Difference[] {
  const declaration = `class ${source.node.name.name}`;
  const out: Difference[] = [];
  const names = new Set<string>([...SCHEMA_CLASS_QUALIFIERS, ...contextQualifiers(source.node), ...contextQualifiers(site.node)]);
  for (const name of names) {
    const a = findQualifier(source.node.qualifierList, name);
    const b = findQualifier(site.node.qualifierList, name);
    if (classQualifierValue(name, a, dataNamespace) === classQualifierValue(name, b, dataNamespace)) continue;
    out.push({
      declaration,
      qualifier: (a ?? b)?.name ?? name,
      aspect: "qualifier",
      ...(a ? { source: printQualifier(a) } : {}),
      ...(b ? { target: printQualifier(b) } : {}),
    });
  }
  const own = properties(source.node);
  const theirs = properties(site.node);
  for (const [key, x] of own) {
    const y = theirs.get(key);
    const member = x.name.name;
    if (!y) {
      out.push({ declaration, member, aspect: "member", source: `${printType(x.type)} ${member}${printArraySpec(x.array)}` });
      continue;
    }
    if (canonType(x) !== canonType(y)) out.push({ declaration, member, aspect: "type", source: printType(x.type), target: printType(y.type) });
    if (printArraySpec(x.array) !== printArraySpec(y.array)) {
      out.push({ declaration, member, aspect: "array", source: printArraySpec(x.array) || "not an array", target: printArraySpec(y.array) || "not an array" });
    }
    const keyA = qualifierIsTrue(x.qualifierList, "key");
    const keyB = qualifierIsTrue(y.qualifierList, "key");
    if (keyA !== keyB) out.push({ declaration, member, qualifier: "key", aspect: "qualifier", ...(keyA ? { source: "key" } : { target: "key" }) });
    const unitsA = qualifierString(x.qualifierList, "SMS_Units")?.toLowerCase();
    const unitsB = qualifierString(y.qualifierList, "SMS_Units")?.toLowerCase();
    if (unitsA !== unitsB) {
      const qa = findQualifier(x.qualifierList, "SMS_Units");
      const qb = findQualifier(y.qualifierList, "SMS_Units");
      out.push({
        declaration,
        member,
        qualifier: "SMS_Units",
        aspect: "qualifier",
        ...(qa ? { source: printQualifier(qa) } : {}),
        ...(qb ? { target: printQualifier(qb) } : {}),
      });
    }
  }
  for (const [key, y] of theirs) {
    if (!own.has(key))
      out.push({ declaration, member: y.name.name, aspect: "member", target: `${printType(y.type)} ${y.name.name}${printArraySpec(y.array)}` });
  }
  return out;
}

/** The `SMS_Report` values that differ between a source class and the site's, keys aside. */
function flagDifferences(source: ClassSymbol, site: ClassSymbol): FlagChange[] {
  const text = site.document.source.text;
  const eol = site.document.source.eol;
  const changes: FlagChange[] = [];
  const change = (sourceNode: ClassDeclaration | Feature, siteNode: ClassDeclaration | Feature, member?: string) => {
    const from = reportFlag(siteNode);
    const to = reportFlag(sourceNode);
    if (from === undefined || to === undefined || from === to) return;
    changes.push({ ...(member !== undefined ? { member } : {}), source: to, target: from, edit: flagEdit(siteNode, to, text, eol) });
  };
  change(source.node, site.node);
  const theirs = properties(site.node);
  for (const [key, x] of properties(source.node)) {
    const y = theirs.get(key);
    if (!y || qualifierIsTrue(x.qualifierList, "key") || qualifierIsTrue(y.qualifierList, "key")) continue;
    change(x, y, y.name.name);
  }
  return changes;
}

function properties(node: ClassDeclaration): Map<string, PropertyDeclaration> {
  const map = new Map<string, PropertyDeclaration>();
  for (const f of node.features) if (f.kind === "property") map.set(f.name.name.toLowerCase(), f);
  return map;
}

function contextQualifiers(node: ClassDeclaration): string[] {
  return (node.qualifierList?.qualifiers ?? []).filter((q) => /^sms_context_\d+$/i.test(q.name)).map((q) => q.name.toLowerCase());
}

/** A class qualifier's value as the comparison sees it: namespaces normalised, booleans effective, strings any case. */
function classQualifierValue(name: string, q: Qualifier | undefined, dataNamespace: string): string | undefined {
  if (name === "namespace") {
    const value = q?.value?.kind === "string" ? q.value.value : undefined;
    return normalizeNamespace(value ?? dataNamespace);
  }
  if (name === "sms_namespace") {
    if (!q) return "false";
    if (!q.value) return "true";
    return q.value.kind === "boolean" ? String(q.value.value) : "?";
  }
  if (!q) return undefined;
  if (q.value?.kind === "string") return q.value.value.trim().toLowerCase();
  return printQualifier(q).toLowerCase();
}

/** The documents of the site's classes (for locating what is found there). */
export function siteDocuments(site: SiteClasses | undefined): ReadonlySet<MofDocument> {
  return new Set(site?.program.documents ?? []);
}
