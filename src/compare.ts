/**
 * Comparing declarations the way the migration needs: an identity key (namespace + class name,
 * or class + key property values for an instance) and a canonical form that ignores comments,
 * whitespace, keyword and name case and qualifier order, plus a structural diff for reports.
 */
import type {
  ClassDeclaration,
  Feature,
  InstanceDeclaration,
  MethodDeclaration,
  PropertyDeclaration,
  Qualifier,
  QualifierDeclaration,
  QualifierList,
  Value,
} from "./ast.js";
import type { MofDocument } from "./parse.js";
import type { ResolvedDeclaration } from "./namespaces.js";

/** Key properties of WMI system classes that sources never declare. */
const SYSTEM_CLASS_KEYS: Readonly<Record<string, readonly string[]>> = {
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

/**
 * Everything comparison needs to know about the declarations of several programs: class
 * declarations (for key properties) and alias definitions (aliases are resolved within the
 * compilation of one root document).
 */
export class DeclarationCatalog {
  private readonly classes = new Map<string, ClassDeclaration>();
  private readonly aliases = new Map<MofDocument, Map<string, ResolvedDeclaration>>();
  private readonly resolving = new Set<InstanceDeclaration>();
  /**
   * Canonical texts already computed. They depend on the classes and aliases known (an alias
   * stands for the key of its instance), so {@link add} clears them.
   */
  private readonly canonicals = new Map<ResolvedDeclaration, string>();

  /** Add the declarations of a program (later additions do not replace earlier classes). */
  add(declarations: readonly ResolvedDeclaration[]): this {
    this.canonicals.clear();
    for (const d of declarations) {
      if (d.node.kind === "class") {
        const key = d.namespace + "|" + d.node.name.name.toLowerCase();
        if (!this.classes.has(key)) this.classes.set(key, d.node);
      } else if (d.node.kind === "instance" && d.node.alias) {
        let map = this.aliases.get(d.root);
        if (!map) this.aliases.set(d.root, (map = new Map()));
        const alias = d.node.alias.name.toLowerCase();
        if (!map.has(alias)) map.set(alias, d);
      }
    }
    return this;
  }

  /** The declaration that defines `$alias` in the compilation of `root`. */
  alias(root: MofDocument, alias: string): ResolvedDeclaration | undefined {
    return this.aliases.get(root)?.get(alias.toLowerCase());
  }

  /** A class declared in `namespace`, by name (any case). */
  classOf(namespace: string, name: string): ClassDeclaration | undefined {
    return this.classes.get(namespace + "|" + name.toLowerCase());
  }

  /**
   * Lower-case names of the key properties of a class, superclasses included; undefined when
   * the class is neither declared nor a known system class.
   */
  keyProperties(namespace: string, className: string): string[] | undefined {
    const system = SYSTEM_CLASS_KEYS[className.toLowerCase()];
    if (system) return [...system];
    const keys = new Set<string>();
    const seen = new Set<string>();
    let cls = this.classOf(namespace, className);
    if (!cls) return undefined;
    while (cls && !seen.has(cls.name.name.toLowerCase())) {
      seen.add(cls.name.name.toLowerCase());
      for (const f of cls.features) if (f.kind === "property" && qualifierIsTrue(f.qualifierList, "key")) keys.add(f.name.name.toLowerCase());
      cls = cls.superclass ? this.classOf(namespace, cls.superclass.name) : undefined;
    }
    return [...keys].sort();
  }

  /**
   * Identity of a declaration: `namespace|class|name`, `namespace|qualifier|name`, or
   * `namespace|instance|class|key=value;…`. Instances are identified by their key property
   * values (see {@link instanceKeyValues}); an instance of an unknown class by all its property
   * values. `namespace` overrides the declaration's own (reporting classes are
   * compared in the reporting namespace wherever the source put them).
   */
  keyOf(d: ResolvedDeclaration, namespace: string = d.namespace): string {
    const node = d.node;
    if (node.kind === "class") return `${namespace}|class|${node.name.name.toLowerCase()}`;
    if (node.kind === "qualifierDeclaration") return `${namespace}|qualifier|${node.name.name.toLowerCase()}`;
    return `${namespace}|instance|${node.className.name.toLowerCase()}|${this.instanceKeyValues(d)}`;
  }

  /**
   * `key=value;…` of an instance (see {@link keyOf}). Properties without a value (the dynamic
   * ones of a `[DYNPROPS]` instance) do not count, so a `[DYNPROPS]` instance is identified by
   * its class and the literal value of its key (`KeyName = "AssetTag"`).
   */
  instanceKeyValues(d: ResolvedDeclaration): string {
    const node = d.node as InstanceDeclaration;
    const keys = this.keyProperties(d.namespace, node.className.name);
    const values = node.properties
      .filter((p) => p.value !== undefined && (keys === undefined || keys.includes(p.name.name.toLowerCase())))
      .map((p) => `${p.name.name.toLowerCase()}=${this.canonValue(p.value!, d.root)}`)
      .sort();
    return values.join(";");
  }

  /** True when two declarations are equivalent definitions: their canonical texts are equal. */
  equivalent(a: ResolvedDeclaration, b: ResolvedDeclaration): boolean {
    return sameSource(a, b) || this.canonical(a) === this.canonical(b);
  }

  /** Canonical text of a declaration: equal texts mean equivalent definitions. */
  canonical(d: ResolvedDeclaration): string {
    let text = this.canonicals.get(d);
    if (text === undefined) {
      const node = d.node;
      text = node.kind === "class" ? this.canonClass(node, d.root) : node.kind === "instance" ? this.canonInstance(node, d.root) : this.canonQualifierDeclaration(node, d.root);
      this.canonicals.set(d, text);
    }
    return text;
  }

  /** Canonical text of a value; an alias stands for the key of the instance it names. */
  canonValue(v: Value, root: MofDocument): string {
    switch (v.kind) {
      case "array":
        return "{" + v.elements.map((e) => this.canonValue(e, root)).join(",") + "}";
      case "instance":
        return this.canonInstance(v, root);
      case "alias": {
        const target = this.alias(root, v.name);
        if (!target || target.node.kind !== "instance" || this.resolving.has(target.node)) return "$" + v.name.toLowerCase();
        this.resolving.add(target.node);
        try {
          return "@" + this.keyOf(target);
        } finally {
          this.resolving.delete(target.node);
        }
      }
      default: {
        const scalar = scalarText(v)!;
        return v.kind === "identifier" ? scalar.toLowerCase() : scalar;
      }
    }
  }

  private canonQualifiers(list: QualifierList | undefined, root: MofDocument): string {
    if (!list || list.qualifiers.length === 0) return "[]";
    if (list.qualifiers.length === 1) return "[" + this.canonQualifier(list.qualifiers[0], root) + "]";
    return "[" + list.qualifiers.map((q) => this.canonQualifier(q, root)).sort().join(",") + "]";
  }

  private canonQualifier(q: Qualifier, root: MofDocument): string {
    const flavors = q.flavors.length === 0 ? "" : ":" + q.flavors.map((f) => f.name.toLowerCase()).sort().join(",");
    return `${q.name.toLowerCase()}=${q.value ? this.canonValue(q.value, root) : "true"}${flavors}`;
  }

  private canonFeature(f: Feature, root: MofDocument): string {
    const q = this.canonQualifiers(f.qualifierList, root);
    if (f.kind === "property") {
      return `${q}${typeText(f)} ${f.name.name.toLowerCase()}${arrayText(f)}${f.defaultValue ? "=" + this.canonValue(f.defaultValue, root) : ""}`;
    }
    const params = f.parameters.map(
      (p) =>
        `${this.canonQualifiers(p.qualifierList, root)}${p.type.name.toLowerCase()}${p.type.ref ? " ref" : ""} ${p.name.name.toLowerCase()}${p.array ? `[${p.array.size ?? ""}]` : ""}`,
    );
    return `${q}${f.returnType.name.toLowerCase()} ${f.name.name.toLowerCase()}(${params.join(",")})`;
  }

  private canonClass(node: ClassDeclaration, root: MofDocument): string {
    const features = node.features.map((f) => this.canonFeature(f, root)).sort();
    const sup = node.superclass ? ":" + node.superclass.name.toLowerCase() : "";
    return `class ${node.name.name.toLowerCase()}${sup}${this.canonQualifiers(node.qualifierList, root)}{${features.join(";")}}`;
  }

  private canonInstance(node: InstanceDeclaration, root: MofDocument): string {
    const props = node.properties
      .map((p) => `${this.canonQualifiers(p.qualifierList, root)}${p.name.name.toLowerCase()}${p.value ? "=" + this.canonValue(p.value, root) : ""}`)
      .sort();
    return `instance of ${node.className.name.toLowerCase()}${this.canonQualifiers(node.qualifierList, root)}{${props.join(";")}}`;
  }

  private canonQualifierDeclaration(node: QualifierDeclaration, root: MofDocument): string {
    const scopes = node.scopes.map((s) => s.name.toLowerCase()).sort();
    const flavors = node.flavors.map((s) => s.name.toLowerCase()).sort();
    const def = node.defaultValue ? "=" + this.canonValue(node.defaultValue, root) : "";
    return `qualifier ${node.name.name.toLowerCase()}:${node.type.name.toLowerCase()}${node.array ? `[${node.array.size ?? ""}]` : ""}${def} scope(${scopes}) flavor(${flavors})`;
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
    if (this.canonical(source) === this.canonical(target) && namesAreUnique(source.node) && namesAreUnique(target.node)) return [];
    const label = describeDeclaration(source, this);
    const a = source.node;
    const b = target.node;
    if (a.kind !== b.kind) return [{ declaration: label, aspect: "declaration", source: a.kind, target: b.kind }];
    if (a.kind === "class" && b.kind === "class") return this.diffClass(a, b, source.root, target.root, label);
    if (a.kind === "instance" && b.kind === "instance") return this.diffInstance(a, b, source.root, target.root, label);
    const sa = this.canonical(source);
    const sb = this.canonical(target);
    return sa === sb ? [] : [{ declaration: label, aspect: "declaration", source: sa, target: sb }];
  }

  /** Adds a difference when two optional values differ (compared canonically, shown as MOF). */
  private diffValues(out: Difference[], declaration: string, member: string, aspect: "default" | "value", x: Value | undefined, y: Value | undefined, ra: MofDocument, rb: MofDocument): void {
    const cx = x ? this.canonValue(x, ra) : undefined;
    const cy = y ? this.canonValue(y, rb) : undefined;
    if (cx === cy) return;
    out.push({ declaration, member, aspect, ...(x ? { source: renderValue(x, this, ra) } : {}), ...(y ? { target: renderValue(y, this, rb) } : {}) });
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
      const cx = x ? this.canonQualifier(x, ra) : undefined;
      const cy = y ? this.canonQualifier(y, rb) : undefined;
      if (cx === cy) continue;
      const tx = x ? this.qualifierText(x, ra) : undefined;
      const ty = y ? this.qualifierText(y, rb) : undefined;
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

  private qualifierText(q: Qualifier, root: MofDocument): string {
    const value = q.value ? (q.value.kind === "array" ? renderValue(q.value, this, root) : `(${renderValue(q.value, this, root)})`) : "";
    return q.name + value + (q.flavors.length ? " : " + q.flavors.map((f) => f.name).join(" ") : "");
  }

  private diffClass(a: ClassDeclaration, b: ClassDeclaration, ra: MofDocument, rb: MofDocument, declaration: string): Difference[] {
    const out: Difference[] = [];
    const sa = a.superclass?.name;
    const sb = b.superclass?.name;
    if ((sa ?? "").toLowerCase() !== (sb ?? "").toLowerCase()) {
      out.push({ declaration, aspect: "superclass", ...(sa ? { source: sa } : {}), ...(sb ? { target: sb } : {}) });
    }
    out.push(...this.diffQualifiers(a.qualifierList, b.qualifierList, ra, rb, declaration));
    const fa = new Map(a.features.map((f) => [f.name.name.toLowerCase(), f]));
    const fb = new Map(b.features.map((f) => [f.name.name.toLowerCase(), f]));
    for (const name of unionKeys(fa, fb)) {
      const x = fa.get(name);
      const y = fb.get(name);
      const member = (x ?? y)!.name.name;
      if (!x || !y || x.kind !== y.kind) {
        out.push({ declaration, member, aspect: "member", ...(x ? { source: featureText(x) } : {}), ...(y ? { target: featureText(y) } : {}) });
        continue;
      }
      if (x.kind === "property" && y.kind === "property") {
        if (typeText(x) !== typeText(y)) out.push({ declaration, member, aspect: "type", source: x.type.name + (x.type.ref ? " ref" : ""), target: y.type.name + (y.type.ref ? " ref" : "") });
        if (arrayText(x) !== arrayText(y)) out.push({ declaration, member, aspect: "array", source: arrayText(x) || "not an array", target: arrayText(y) || "not an array" });
        this.diffValues(out, declaration, member, "default", x.defaultValue, y.defaultValue, ra, rb);
      } else if (x.kind === "method" && y.kind === "method") {
        const withoutQualifiers = (m: MethodDeclaration, r: MofDocument) => this.canonFeature({ ...m, qualifierList: undefined }, r);
        if (withoutQualifiers(x, ra) !== withoutQualifiers(y, rb)) out.push({ declaration, member, aspect: "method", source: featureText(x), target: featureText(y) });
      }
      out.push(...this.diffQualifiers(x.qualifierList, y.qualifierList, ra, rb, declaration, member));
    }
    return out;
  }

  private diffInstance(a: InstanceDeclaration, b: InstanceDeclaration, ra: MofDocument, rb: MofDocument, declaration: string): Difference[] {
    const out: Difference[] = [];
    if (a.className.name.toLowerCase() !== b.className.name.toLowerCase()) {
      out.push({ declaration, aspect: "declaration", source: `instance of ${a.className.name}`, target: `instance of ${b.className.name}` });
    }
    out.push(...this.diffQualifiers(a.qualifierList, b.qualifierList, ra, rb, declaration));
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
      out.push(...this.diffQualifiers(x.qualifierList, y.qualifierList, ra, rb, declaration, member));
    }
    return out;
  }
}

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

/** `class Name`, `instance of Class (Key="x")`, `qualifier Name`: how reports name a declaration. */
export function describeDeclaration(d: ResolvedDeclaration, catalog?: DeclarationCatalog): string {
  const node = d.node;
  if (node.kind === "class") return `class ${node.name.name}`;
  if (node.kind === "qualifierDeclaration") return `qualifier ${node.name.name}`;
  const keys = catalog?.keyProperties(d.namespace, node.className.name);
  if (!keys || keys.length === 0) return `instance of ${node.className.name}`;
  const values = node.properties
    .filter((p) => keys.includes(p.name.name.toLowerCase()) && p.value)
    .map((p) => `${p.name.name}=${renderValue(p.value!, catalog, d.root)}`);
  return `instance of ${node.className.name}${values.length ? ` (${values.join(", ")})` : ""}`;
}

/** A scalar value in MOF notation; undefined for arrays, embedded instances and aliases. */
export function scalarText(v: Value): string | undefined {
  switch (v.kind) {
    case "integer":
      return v.value.toString();
    case "real":
      return String(v.value);
    case "string":
      return JSON.stringify(v.value);
    case "char":
      return "'" + JSON.stringify(v.value).slice(1, -1) + "'";
    case "boolean":
      return v.value ? "TRUE" : "FALSE";
    case "null":
      return "NULL";
    case "identifier":
      return v.name;
    default:
      return undefined;
  }
}

/** A value in MOF notation for reports (aliases are shown as the instance they name, when known). */
export function renderValue(v: Value, catalog?: DeclarationCatalog, root?: MofDocument): string {
  switch (v.kind) {
    case "array":
      return "{" + v.elements.map((e) => renderValue(e, catalog, root)).join(", ") + "}";
    case "instance":
      return `instance of ${v.className.name}`;
    case "alias": {
      const target = catalog && root ? catalog.alias(root, v.name) : undefined;
      return target ? `$${v.name} (${describeDeclaration(target, catalog)})` : "$" + v.name;
    }
    default:
      return scalarText(v)!;
  }
}

/** The qualifier of a list by name (any case). */
export function findQualifier(list: QualifierList | undefined, name: string): Qualifier | undefined {
  if (!list) return undefined;
  const lower = name.toLowerCase();
  return list.qualifiers.find((q) => lowerCaseIs(q.name, lower));
}

/**
 * True when `name` in lower case is `lower`. A name of another length is not, unless it holds
 * U+0130 (whose lower case is two characters): most names are ruled out without a lower-case copy.
 */
function lowerCaseIs(name: string, lower: string): boolean {
  if (name.length !== lower.length && !name.includes("\u0130")) return false;
  return name.toLowerCase() === lower;
}

/** True when the list has the qualifier and it is not set to FALSE (a bare name means TRUE). */
export function qualifierIsTrue(list: QualifierList | undefined, name: string): boolean {
  const q = findQualifier(list, name);
  return q !== undefined && !(q.value?.kind === "boolean" && !q.value.value);
}

/** The string value of a qualifier, when it has one. */
export function qualifierString(list: QualifierList | undefined, name: string): string | undefined {
  const v = findQualifier(list, name)?.value;
  return v?.kind === "string" ? v.value : undefined;
}

/**
 * True when two declarations are written the same, character for character, in files without
 * `#define` (elsewhere the same text parses the same) and without aliases (which resolve within
 * their own compilation): then they are equivalent, and their canonical texts need not be built.
 */
function sameSource(a: ResolvedDeclaration, b: ResolvedDeclaration): boolean {
  if (a.node.end - a.node.start !== b.node.end - b.node.start) return false;
  const text = a.document.source.text.slice(a.node.start, a.node.end);
  if (text !== b.document.source.text.slice(b.node.start, b.node.end)) return false;
  return !text.includes("$") && !definesMacros(a.document) && !definesMacros(b.document);
}

function definesMacros(document: MofDocument): boolean {
  return document.directives.some((d) => d.kind === "define");
}

/**
 * True when no name is written twice where {@link DeclarationCatalog.diff} looks names up: the
 * qualifiers of each list, the members of a class, the property values of an instance.
 */
function namesAreUnique(node: ResolvedDeclaration["node"]): boolean {
  if (node.kind === "qualifierDeclaration") return true;
  if (!uniqueQualifiers(node.qualifierList)) return false;
  const members: readonly { readonly name: { readonly name: string }; readonly qualifierList?: QualifierList }[] = node.kind === "class" ? node.features : node.properties;
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

function typeText(p: PropertyDeclaration): string {
  return p.type.name.toLowerCase() + (p.type.ref ? " ref" : "");
}

function arrayText(p: PropertyDeclaration): string {
  return p.array ? `[${p.array.size ?? ""}]` : "";
}

function featureText(f: Feature): string {
  if (f.kind === "property") return `${f.type.name}${f.type.ref ? " ref" : ""} ${f.name.name}${arrayText(f)}`;
  const params = f.parameters.map((p) => `${p.type.name}${p.type.ref ? " ref" : ""} ${p.name.name}${p.array ? `[${p.array.size ?? ""}]` : ""}`);
  return `${f.returnType.name} ${f.name.name}(${params.join(", ")})`;
}
