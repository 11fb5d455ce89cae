/**
 * The MOF abstract syntax tree. Every node carries `[start, end)` offsets into the decoded text
 * of its document; names keep the spelling of the source; values are decoded.
 */

/** Half-open range of UTF-16 offsets into a document's text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A name as written in the source, with where it was written. */
export interface Name extends Range {
  readonly name: string;
}

/** A comment kept from the source: `// …` (line) or `/* … *\/` (block). */
export interface Comment extends Range {
  readonly kind: "line" | "block";
}

/** Any top-level statement of a MOF file, in source order. */
export type Production = PragmaNode | QualifierDeclaration | ClassDeclaration | InstanceDeclaration;

/** `#pragma name(args)` or `#pragma autorecover`. */
export interface PragmaNode extends Range {
  readonly kind: "pragma";
  /** Pragma name as spelled (`namespace`, `Include`, …); compare case-folded. */
  readonly name: Name;
  /** Arguments: decoded strings, numbers, or bare words such as `NOFAIL`. */
  readonly args: readonly Value[];
}

/**
 * `name(value) : flavors` inside a qualifier list. The qualifier starts with its name, so the
 * name is written at `[start, start + name.length)`; no separate `Name` node is kept for it
 * (qualifiers are the most numerous nodes of a schema).
 */
export interface Qualifier extends Range {
  readonly kind: "qualifier";
  readonly name: string;
  /** Absent for a bare name, which means TRUE. */
  readonly value?: Value;
  readonly flavors: readonly Name[];
}

/** A `[ … ]` list; `start`/`end` cover the brackets. */
export interface QualifierList extends Range {
  readonly qualifiers: readonly Qualifier[];
}

/** A data type: a MOF type name, or a class name (embedded object), possibly `X ref`. */
export interface TypeRef extends Range {
  readonly name: string;
  /** `Class ref Name`. */
  readonly ref: boolean;
}

/** `[N]` or `[]` after a property or parameter name. */
export interface ArraySpec extends Range {
  /** Fixed size; undefined for a variable-length array. */
  readonly size?: number;
}

/** `Qualifier Name : type = default, Scope(...), Flavor(...);` */
export interface QualifierDeclaration extends Range {
  readonly kind: "qualifierDeclaration";
  readonly name: Name;
  readonly type: TypeRef;
  readonly array?: ArraySpec;
  readonly defaultValue?: Value;
  readonly scopes: readonly Name[];
  readonly flavors: readonly Name[];
}

/** `[quals] class Name : Super { features };` */
export interface ClassDeclaration extends Range {
  readonly kind: "class";
  readonly qualifierList?: QualifierList;
  readonly name: Name;
  readonly superclass?: Name;
  readonly features: readonly Feature[];
}

/** A member of a class: a property or a method. */
export type Feature = PropertyDeclaration | MethodDeclaration;

/** `[quals] type Name[N] = default;` inside a class. */
export interface PropertyDeclaration extends Range {
  readonly kind: "property";
  readonly qualifierList?: QualifierList;
  readonly type: TypeRef;
  readonly name: Name;
  readonly array?: ArraySpec;
  readonly defaultValue?: Value;
}

/** `[quals] type Name(params);` inside a class. */
export interface MethodDeclaration extends Range {
  readonly kind: "method";
  readonly qualifierList?: QualifierList;
  readonly returnType: TypeRef;
  readonly name: Name;
  readonly parameters: readonly Parameter[];
}

/** `[quals] type name[N] = default` in a method's parameter list. */
export interface Parameter extends Range {
  readonly kind: "parameter";
  readonly qualifierList?: QualifierList;
  readonly type: TypeRef;
  readonly name: Name;
  readonly array?: ArraySpec;
  readonly defaultValue?: Value;
}

/** `[quals] instance of Class as $Alias { props };` (also used for embedded instance values). */
export interface InstanceDeclaration extends Range {
  readonly kind: "instance";
  readonly qualifierList?: QualifierList;
  readonly className: Name;
  /** Alias without the `$`. */
  readonly alias?: Name;
  readonly properties: readonly PropertyValue[];
}

/** `[quals] Name = value;` in an instance; `value` is absent in WMI's DYNPROPS form. */
export interface PropertyValue extends Range {
  readonly kind: "propertyValue";
  readonly qualifierList?: QualifierList;
  readonly name: Name;
  readonly value?: Value;
}

/** Any value: of a property, a qualifier, a pragma argument or an array element. */
export type Value =
  IntegerValue | RealValue | StringValue | CharValue | BooleanValue | NullValue | ArrayValue | AliasValue | InstanceDeclaration | IdentifierValue;

/** An integer literal in any radix, as a bigint (uint64 values do not fit a number). */
export interface IntegerValue extends Range {
  readonly kind: "integer";
  readonly value: bigint;
  readonly radix: 2 | 8 | 10 | 16;
}

/** A real literal such as `-1.5e-3`. */
export interface RealValue extends Range {
  readonly kind: "real";
  readonly value: number;
}

/**
 * One or more adjacent string literals, concatenated and unescaped. `stringLiteralRanges` gives
 * where each literal is written.
 */
export interface StringValue extends Range {
  readonly kind: "string";
  readonly value: string;
}

/** A char16 literal such as `'x'`, unescaped. */
export interface CharValue extends Range {
  readonly kind: "char";
  readonly value: string;
}

/** `TRUE` or `FALSE` (any case). */
export interface BooleanValue extends Range {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** `NULL` (any case). */
export interface NullValue extends Range {
  readonly kind: "null";
}

/** `{ a, b, … }`, possibly empty. */
export interface ArrayValue extends Range {
  readonly kind: "array";
  readonly elements: readonly Value[];
}

/** `$Alias` reference; `name` is without the `$`. */
export interface AliasValue extends Range {
  readonly kind: "alias";
  readonly name: string;
}

/** A bare word, as in `#pragma deleteclass("X", NOFAIL)`. */
export interface IdentifierValue extends Range {
  readonly kind: "identifier";
  readonly name: string;
}

/**
 * The name of a qualifier with the range it is written at (a qualifier starts with its name).
 * Use it to point at the name in a diagnostic or an edit.
 */
export function qualifierName(q: Qualifier): Name {
  return { name: q.name, start: q.start, end: Math.min(q.start + q.name.length, q.end) };
}

/** A preprocessor line, continuation lines included. */
export interface Directive {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
  /** The macro name of `#define`/`#undef`, the file of `#include`. */
  readonly argument?: string;
}
