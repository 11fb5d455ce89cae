/**
 * Identity and equivalence of declarations, as the migration compares them: an identity key
 * (namespace + class name, or class + key property values for an instance) and a canonical text
 * that ignores comments, whitespace, keyword and name case and qualifier order. The programs
 * compared together (sources, baseline, targets) are looked up in one scope, in that order.
 */
import type {
  ClassDeclaration,
  Feature,
  InstanceDeclaration,
  PropertyDeclaration,
  Qualifier,
  QualifierDeclaration,
  QualifierList,
  Value,
} from "../../grammar/ast.js";
import type { MofDocument } from "../document/parse.js";
import { printArraySpec, printScalar } from "../document/print.js";
import { definesMacros, qualifierIsTrue } from "../document/query.js";
import type { ResolvedDeclaration } from "../program/namespaces.js";
import { superclassChain, type ProgramSymbols } from "../program/symbols.js";
import { SYSTEM_CLASS_KEYS } from "./configmgr.js";

/**
 * The identity of the declarations of several programs compared together: classes (for key
 * properties) are looked up in the first program that declares them, aliases in the
 * compilation of their root document.
 */
export class Identity {
  private readonly resolving = new Set<InstanceDeclaration>();
  /** Canonical texts already computed. */
  private readonly canonicals = new Map<ResolvedDeclaration, string>();

  constructor(private readonly tables: readonly ProgramSymbols[]) {}

  /** The instance that defines `$alias` in the compilation of `root`. */
  alias(root: MofDocument, alias: string): ResolvedDeclaration | undefined {
    for (const t of this.tables) {
      const found = t.alias(root, alias);
      if (found) return found;
    }
    return undefined;
  }

  /** A class declared in `namespace`, by name (any case): the first definition of the first program that has one. */
  classOf(namespace: string, name: string): ClassDeclaration | undefined {
    for (const t of this.tables) {
      const found = t.classes.first(namespace, name);
      if (found) return found.node;
    }
    return undefined;
  }

  /**
   * Lower-case names of the key properties of a class, superclasses included; undefined when
   * the class is neither declared nor a known system class.
   */
  keyProperties(namespace: string, className: string): string[] | undefined {
    const system = SYSTEM_CLASS_KEYS[className.toLowerCase()];
    if (system) return [...system];
    const cls = this.classOf(namespace, className);
    if (!cls) return undefined;
    const keys = new Set<string>();
    for (const c of superclassChain(cls, (name) => this.classOf(namespace, name)).chain) {
      for (const f of c.features) if (f.kind === "property" && qualifierIsTrue(f.qualifierList, "key")) keys.add(f.name.name.toLowerCase());
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
      text =
        node.kind === "class"
          ? this.canonClass(node, d.root)
          : node.kind === "instance"
            ? this.canonInstance(node, d.root)
            : this.canonQualifierDeclaration(node, d.root);
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
        const scalar = printScalar(v)!;
        return v.kind === "identifier" ? scalar.toLowerCase() : scalar;
      }
    }
  }

  private canonQualifiers(list: QualifierList | undefined, root: MofDocument): string {
    if (!list || list.qualifiers.length === 0) return "[]";
    if (list.qualifiers.length === 1) return "[" + this.canonQualifier(list.qualifiers[0], root) + "]";
    return (
      "[" +
      list.qualifiers
        .map((q) => this.canonQualifier(q, root))
        .sort()
        .join(",") +
      "]"
    );
  }

  canonQualifier(q: Qualifier, root: MofDocument): string {
    const flavors =
      q.flavors.length === 0
        ? ""
        : ":" +
          q.flavors
            .map((f) => f.name.toLowerCase())
            .sort()
            .join(",");
    return `${q.name.toLowerCase()}=${q.value ? this.canonValue(q.value, root) : "true"}${flavors}`;
  }

  canonFeature(f: Feature, root: MofDocument): string {
    const q = this.canonQualifiers(f.qualifierList, root);
    if (f.kind === "property") {
      return `${q}${canonType(f)} ${f.name.name.toLowerCase()}${printArraySpec(f.array)}${f.defaultValue ? "=" + this.canonValue(f.defaultValue, root) : ""}`;
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
}

/** A property's type as canonical texts compare it. */
export function canonType(p: PropertyDeclaration): string {
  return p.type.name.toLowerCase() + (p.type.ref ? " ref" : "");
}

/**
 * True when two declarations are written the same, character for character, in files without
 * `#define` (elsewhere the same text parses the same) and without aliases (which resolve within
 * their own compilation): then they are equivalent, and their canonical texts need not be built.
 */
export function sameSource(a: ResolvedDeclaration, b: ResolvedDeclaration): boolean {
  if (a.node.end - a.node.start !== b.node.end - b.node.start) return false;
  const text = a.document.source.text.slice(a.node.start, a.node.end);
  if (text !== b.document.source.text.slice(b.node.start, b.node.end)) return false;
  return !text.includes("$") && !definesMacros(a.document) && !definesMacros(b.document);
}
