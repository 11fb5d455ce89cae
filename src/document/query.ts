/**
 * Read-only questions about one document's AST: qualifiers by name, string values of
 * qualifiers, instance properties and pragmas, and the alias references inside a declaration.
 * Names are compared case-insensitively, as MOF does.
 */
import type {
  AliasValue,
  ClassDeclaration,
  InstanceDeclaration,
  PragmaNode,
  Production,
  Qualifier,
  QualifierDeclaration,
  QualifierList,
  Value,
} from "../../grammar/ast.js";
import type { MofDocument } from "./parse.js";

/** A class, instance or qualifier declaration: what a namespace holds. */
export type Declaration = ClassDeclaration | InstanceDeclaration | QualifierDeclaration;

/** The lower-case form names are compared in. */
export function nameKey(name: string): string {
  return name.toLowerCase();
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

/** The string value of an instance property, by name (any case). */
export function instanceString(node: InstanceDeclaration, property: string): string | undefined {
  const lower = property.toLowerCase();
  const v = node.properties.find((p) => p.name.name.toLowerCase() === lower)?.value;
  return v?.kind === "string" ? v.value : undefined;
}

/** True when a statement is `#pragma <name>` (any case). */
export function isPragma(p: Production, name: string): p is PragmaNode {
  return p.kind === "pragma" && p.name.name.toLowerCase() === name;
}

/** The first argument of a pragma when it is a string (`#pragma namespace("…")`, `include`, `deleteclass`). */
export function pragmaString(p: PragmaNode): string | undefined {
  const arg = p.args[0];
  return arg?.kind === "string" ? arg.value : undefined;
}

/** True when a document has a `#define`, whose uses may stand for any text. */
export function definesMacros(document: MofDocument): boolean {
  return document.directives.some((d) => d.kind === "define");
}

/**
 * False when a declaration certainly has no `$alias` reference: its text has no `$`, and its
 * file has no `#define` (whose uses could bring one in). Most declarations are ruled out so.
 */
export function mayUseAliases(document: MofDocument, node: Declaration): boolean {
  return document.source.text.slice(node.start, node.end).includes("$") || definesMacros(document);
}

/**
 * Every `$alias` reference in a declaration: in qualifier values (of the declaration, its
 * members and their parameters), defaults, property values and embedded instances. Walks with
 * an explicit stack, so deep nesting cannot overflow the call stack.
 */
export function aliasUses(node: Declaration): AliasValue[] {
  const out: AliasValue[] = [];
  const values: Value[] = [];
  const qualifiers = (list: QualifierList | undefined) => {
    if (list) for (const q of list.qualifiers) if (q.value) values.push(q.value);
  };
  const instance = (inst: InstanceDeclaration) => {
    qualifiers(inst.qualifierList);
    for (const p of inst.properties) {
      qualifiers(p.qualifierList);
      if (p.value) values.push(p.value);
    }
  };
  if (node.kind === "instance") instance(node);
  else if (node.kind === "class") {
    qualifiers(node.qualifierList);
    for (const f of node.features) {
      qualifiers(f.qualifierList);
      if (f.kind === "property") {
        if (f.defaultValue) values.push(f.defaultValue);
      } else {
        for (const p of f.parameters) {
          qualifiers(p.qualifierList);
          if (p.defaultValue) values.push(p.defaultValue);
        }
      }
    }
  } else if (node.defaultValue) values.push(node.defaultValue);
  // Depth first, in source order.
  values.reverse();
  while (values.length > 0) {
    const v = values.pop()!;
    if (v.kind === "alias") out.push(v);
    else if (v.kind === "array") for (let i = v.elements.length - 1; i >= 0; i--) values.push(v.elements[i]);
    else if (v.kind === "instance") {
      const mark = values.length;
      instance(v);
      // `instance` pushed its values in source order: reverse them so they pop in source order.
      for (let i = mark, j = values.length - 1; i < j; i++, j--) [values[i], values[j]] = [values[j], values[i]];
    }
  }
  return out;
}
