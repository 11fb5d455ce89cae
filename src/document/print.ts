/**
 * MOF text of AST pieces, for reports and outlines: values, types, array sizes, member
 * signatures, qualifiers. The text is MOF notation, not the source's spelling (use
 * `sliceSource` for that).
 */
import type { AliasValue, ArraySpec, Feature, Qualifier, TypeRef, Value } from "../../grammar/ast.js";

/** How an alias is shown: `$P` by default; a caller that can resolve it may say more. */
export type AliasLabel = (alias: AliasValue) => string | undefined;

/** A scalar value in MOF notation; undefined for arrays, embedded instances and aliases. */
export function printScalar(v: Value): string | undefined {
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

/** A value in MOF notation (an embedded instance as `instance of X`, an alias as `aliasLabel` says or `$Name`). */
export function printValue(v: Value, aliasLabel?: AliasLabel): string {
  switch (v.kind) {
    case "array":
      return "{" + v.elements.map((e) => printValue(e, aliasLabel)).join(", ") + "}";
    case "instance":
      return `instance of ${v.className.name}`;
    case "alias":
      return aliasLabel?.(v) ?? "$" + v.name;
    default:
      return printScalar(v)!;
  }
}

/** `uint32`, `Win32_Process ref`. */
export function printType(type: TypeRef): string {
  return type.name + (type.ref ? " ref" : "");
}

/** `[]`, `[4]`, or `""` when there is no array. */
export function printArraySpec(array: ArraySpec | undefined): string {
  return array ? `[${array.size ?? ""}]` : "";
}

/** `string Name[]` for a property, `uint32 Do(string a, uint8 b[])` for a method. */
export function printFeatureSignature(f: Feature): string {
  if (f.kind === "property") return `${printType(f.type)} ${f.name.name}${printArraySpec(f.array)}`;
  const params = f.parameters.map((p) => `${printType(p.type)} ${p.name.name}${printArraySpec(p.array)}`);
  return `${f.returnType.name} ${f.name.name}(${params.join(", ")})`;
}

/** `Name(value) : Flavors`, `Name{…}`, or the bare name. */
export function printQualifier(q: Qualifier, aliasLabel?: AliasLabel): string {
  const value = q.value ? (q.value.kind === "array" ? printValue(q.value, aliasLabel) : `(${printValue(q.value, aliasLabel)})`) : "";
  return q.name + value + (q.flavors.length ? " : " + q.flavors.map((f) => f.name).join(" ") : "");
}
