/**
 * What differs between two definitions of one declaration (a source's and a target's): the
 * structural differences that conflicts, flag changes and superseded definitions report.
 */
import type { ClassDeclaration, InstanceDeclaration, MethodDeclaration, Qualifier, QualifierList, Value } from "../../grammar/ast.js";
import type { MofDocument } from "../document/parse.js";
import { printArraySpec, printFeatureSignature, printQualifier, printType, printValue, type AliasLabel } from "../document/print.js";
import type { ResolvedDeclaration } from "../program/namespaces.js";
import { appendAll } from "../util/collections.js";
import { canonType, sameSource, type Identity } from "./identity.js";

/** One structural difference between a source declaration and the target's. JSON-friendly. */
export interface Difference {
  /** The declaration, e.g. `class Contoso_InstalledApps` or `instance of __Win32Provider (Name="RegProv")`. */
  readonly declaration: string;
  /** Property or method name; absent when the difference is on the declaration itself. */
  readonly member?: string;
  /** Qualifier name, for `aspect: "qualifier"`. */
  readonly qualifier?: string;
  /**
   * What differs: `declaration` (missing on one side, or another kind), `member` (a property or
   * method only one side has), `superclass`, `type`, `array`, `default` (property default),
   * `value` (instance property value), `method` (signature), `qualifier`.
   */
  readonly aspect: "declaration" | "member" | "superclass" | "type" | "array" | "default" | "value" | "method" | "qualifier";
  /** The source's side in MOF notation; absent when the source does not have it. */
  readonly source?: string;
  /** The target's side in MOF notation; absent when the target does not have it. */
  readonly target?: string;
}

/**
 * What differs between two declarations with the same identity (`source` against `target`):
 * superclass, members, types, array sizes, defaults, values and qualifiers. Empty when they are
 * equivalent.
 */
export function diffDeclarations(identity: Identity, source: ResolvedDeclaration, target: ResolvedDeclaration): Difference[] {
  return new Differ(identity).diff(source, target);
}

/** One line for a difference: `EstimatedSize: type uint32 in the source, string in the target`. */
export function describeDifference(d: Difference): string {
  const where = d.member ? `${d.member}: ` : d.aspect === "declaration" ? "" : `${d.declaration}: `;
  const what = d.aspect === "qualifier" ? `qualifier ${d.qualifier}` : d.aspect === "member" ? "member" : d.aspect === "declaration" ? d.declaration : d.aspect;
  if (d.source === undefined) return `${where}${what} only in the target${d.target && d.aspect !== "declaration" ? ` (${d.target})` : ""}`;
  if (d.target === undefined) return `${where}${what} only in the source${d.aspect !== "declaration" ? ` (${d.source})` : ""}`;
  return `${where}${what} ${d.source} in the source, ${d.target} in the target`;
}

/** `class Name`, `instance of Class (Key="x")`, `qualifier Name`: how reports name a declaration. */
export function describeDeclaration(d: ResolvedDeclaration, identity?: Identity): string {
  const node = d.node;
  if (node.kind === "class") return `class ${node.name.name}`;
  if (node.kind === "qualifierDeclaration") return `qualifier ${node.name.name}`;
  const keys = identity?.keyProperties(d.namespace, node.className.name);
  if (!keys || keys.length === 0) return `instance of ${node.className.name}`;
  const values = node.properties
    .filter((p) => keys.includes(p.name.name.toLowerCase()) && p.value)
    .map((p) => `${p.name.name}=${printValue(p.value!, identity ? aliasLabel(identity, d.root) : undefined)}`);
  return `instance of ${node.className.name}${values.length ? ` (${values.join(", ")})` : ""}`;
}

/** An alias shown as the instance it names, when the identity scope knows it: `$P (instance of __Win32Provider (Name="X"))`. */
function aliasLabel(identity: Identity, root: MofDocument): AliasLabel {
  return (v) => {
    const target = identity.alias(root, v.name);
    return target ? `$${v.name} (${describeDeclaration(target, identity)})` : undefined;
  };
}

class Differ {
  constructor(private readonly identity: Identity) {}

  private aliasLabel(root: MofDocument): AliasLabel {
    return aliasLabel(this.identity, root);
  }

  private render(v: Value, root: MofDocument): string {
    return printValue(v, this.aliasLabel(root));
  }

  /**
   * What differs between two declarations with the same identity (`source` against `target`):
   * superclass, members, types, array sizes, defaults, values and qualifiers. Empty when they
   * are equivalent.
   */
  diff(source: ResolvedDeclaration, target: ResolvedDeclaration): Difference[] {
    // Most comparisons are between equivalent definitions, often written the same: the same text,
    // or else equal canonical texts, say so without building the differences. The structural diff
    // looks qualifiers and members up by name, so a name written twice (which the canonical text
    // keeps twice) still takes the long way.
    if (sameSource(source, target)) return [];
    if (this.identity.canonical(source) === this.identity.canonical(target) && namesAreUnique(source.node) && namesAreUnique(target.node)) return [];
    const label = describeDeclaration(source, this.identity);
    const a = source.node;
    const b = target.node;
    if (a.kind !== b.kind) return [{ declaration: label, aspect: "declaration", source: a.kind, target: b.kind }];
    if (a.kind === "class" && b.kind === "class") return this.diffClass(a, b, source.root, target.root, label);
    if (a.kind === "instance" && b.kind === "instance") return this.diffInstance(a, b, source.root, target.root, label);
    const sa = this.identity.canonical(source);
    const sb = this.identity.canonical(target);
    return sa === sb ? [] : [{ declaration: label, aspect: "declaration", source: sa, target: sb }];
  }

  /** Adds a difference when two optional values differ (compared canonically, shown as MOF). */
  private diffValues(
    out: Difference[],
    declaration: string,
    member: string,
    aspect: "default" | "value",
    x: Value | undefined,
    y: Value | undefined,
    ra: MofDocument,
    rb: MofDocument,
  ): void {
    const cx = x ? this.identity.canonValue(x, ra) : undefined;
    const cy = y ? this.identity.canonValue(y, rb) : undefined;
    if (cx === cy) return;
    out.push({ declaration, member, aspect, ...(x ? { source: this.render(x, ra) } : {}), ...(y ? { target: this.render(y, rb) } : {}) });
  }

  private diffQualifiers(
    a: QualifierList | undefined,
    b: QualifierList | undefined,
    ra: MofDocument,
    rb: MofDocument,
    declaration: string,
    member?: string,
  ): Difference[] {
    const out: Difference[] = [];
    const qa = qualifierMap(a);
    const qb = qualifierMap(b);
    for (const name of unionKeys(qa, qb)) {
      const x = qa.get(name);
      const y = qb.get(name);
      const cx = x ? this.identity.canonQualifier(x, ra) : undefined;
      const cy = y ? this.identity.canonQualifier(y, rb) : undefined;
      if (cx === cy) continue;
      const tx = x ? printQualifier(x, this.aliasLabel(ra)) : undefined;
      const ty = y ? printQualifier(y, this.aliasLabel(rb)) : undefined;
      out.push({
        declaration,
        ...(member !== undefined ? { member } : {}),
        qualifier: (x ?? y)!.name,
        aspect: "qualifier",
        ...(tx !== undefined ? { source: tx } : {}),
        ...(ty !== undefined ? { target: ty } : {}),
      });
    }
    return out;
  }

  private diffClass(a: ClassDeclaration, b: ClassDeclaration, ra: MofDocument, rb: MofDocument, declaration: string): Difference[] {
    const out: Difference[] = [];
    const sa = a.superclass?.name;
    const sb = b.superclass?.name;
    if ((sa ?? "").toLowerCase() !== (sb ?? "").toLowerCase()) {
      out.push({ declaration, aspect: "superclass", ...(sa ? { source: sa } : {}), ...(sb ? { target: sb } : {}) });
    }
    appendAll(out, this.diffQualifiers(a.qualifierList, b.qualifierList, ra, rb, declaration));
    const fa = new Map(a.features.map((f) => [f.name.name.toLowerCase(), f]));
    const fb = new Map(b.features.map((f) => [f.name.name.toLowerCase(), f]));
    for (const name of unionKeys(fa, fb)) {
      const x = fa.get(name);
      const y = fb.get(name);
      const member = (x ?? y)!.name.name;
      if (!x || !y || x.kind !== y.kind) {
        out.push({
          declaration,
          member,
          aspect: "member",
          ...(x ? { source: printFeatureSignature(x) } : {}),
          ...(y ? { target: printFeatureSignature(y) } : {}),
        });
        continue;
      }
      if (x.kind === "property" && y.kind === "property") {
        if (canonType(x) !== canonType(y)) out.push({ declaration, member, aspect: "type", source: printType(x.type), target: printType(y.type) });
        if (printArraySpec(x.array) !== printArraySpec(y.array))
          out.push({
            declaration,
            member,
            aspect: "array",
            source: printArraySpec(x.array) || "not an array",
            target: printArraySpec(y.array) || "not an array",
          });
        this.diffValues(out, declaration, member, "default", x.defaultValue, y.defaultValue, ra, rb);
      } else if (x.kind === "method" && y.kind === "method") {
        const withoutQualifiers = (m: MethodDeclaration, r: MofDocument) => this.identity.canonFeature({ ...m, qualifierList: undefined }, r);
        if (withoutQualifiers(x, ra) !== withoutQualifiers(y, rb))
          out.push({ declaration, member, aspect: "method", source: printFeatureSignature(x), target: printFeatureSignature(y) });
      }
      appendAll(out, this.diffQualifiers(x.qualifierList, y.qualifierList, ra, rb, declaration, member));
    }
    return out;
  }

  private diffInstance(a: InstanceDeclaration, b: InstanceDeclaration, ra: MofDocument, rb: MofDocument, declaration: string): Difference[] {
    const out: Difference[] = [];
    if (a.className.name.toLowerCase() !== b.className.name.toLowerCase()) {
      out.push({ declaration, aspect: "declaration", source: `instance of ${a.className.name}`, target: `instance of ${b.className.name}` });
    }
    appendAll(out, this.diffQualifiers(a.qualifierList, b.qualifierList, ra, rb, declaration));
    const pa = new Map(a.properties.map((p) => [p.name.name.toLowerCase(), p]));
    const pb = new Map(b.properties.map((p) => [p.name.name.toLowerCase(), p]));
    for (const name of unionKeys(pa, pb)) {
      const x = pa.get(name);
      const y = pb.get(name);
      const member = (x ?? y)!.name.name;
      if (!x || !y) {
        out.push({ declaration, member, aspect: "member", ...(x ? { source: x.name.name } : {}), ...(y ? { target: y.name.name } : {}) });
        continue;
      }
      this.diffValues(out, declaration, member, "value", x.value, y.value, ra, rb);
      appendAll(out, this.diffQualifiers(x.qualifierList, y.qualifierList, ra, rb, declaration, member));
    }
    return out;
  }
}

/**
 * True when no name is written twice where {@link diffDeclarations} looks names up: the
 * qualifiers of each list, the members of a class, the property values of an instance.
 */
function namesAreUnique(node: ResolvedDeclaration["node"]): boolean {
  if (node.kind === "qualifierDeclaration") return true;
  if (!uniqueQualifiers(node.qualifierList)) return false;
  const members: readonly { readonly name: { readonly name: string }; readonly qualifierList?: QualifierList }[] =
    node.kind === "class" ? node.features : node.properties;
  if (!uniqueNames(members.map((m) => m.name.name))) return false;
  return members.every((m) => uniqueQualifiers(m.qualifierList));
}

function uniqueQualifiers(list: QualifierList | undefined): boolean {
  return !list || uniqueNames(list.qualifiers.map((q) => q.name));
}

/** True when no two of `names` are the same (any case). */
function uniqueNames(names: readonly string[]): boolean {
  if (names.length < 2) return true;
  const seen = new Set<string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
  }
  return true;
}

function qualifierMap(list: QualifierList | undefined): Map<string, Qualifier> {
  return new Map((list?.qualifiers ?? []).map((q) => [q.name.toLowerCase(), q]));
}

function unionKeys<K>(a: Map<K, unknown>, b: Map<K, unknown>): K[] {
  return [...new Set([...a.keys(), ...b.keys()])];
}
