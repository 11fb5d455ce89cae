/**
 * The words of the MOF language that the parser and later checks both need: flavors, scopes,
 * pragmas, intrinsic types, and the MOF v3 words that WMI does not accept. All lower case;
 * compare case-folded.
 */

/** Known flavors (DMTF plus WMI's). */
export const FLAVORS: ReadonlySet<string> = new Set([
  "enableoverride",
  "disableoverride",
  "tosubclass",
  "restricted",
  "translatable",
  "toinstance",
  "nottoinstance",
  "nottosubclass",
  "amended",
]);

/** Known qualifier scopes. */
export const SCOPES: ReadonlySet<string> = new Set(["any", "class", "association", "indication", "qualifier", "property", "reference", "method", "parameter"]);

/** Pragmas mofcomp knows. */
export const PRAGMAS: ReadonlySet<string> = new Set([
  "namespace",
  "include",
  "deleteclass",
  "deleteinstance",
  "classflags",
  "instanceflags",
  "autorecover",
  "locale",
  "amendment",
  "nonlocal",
  "nonlocaltype",
  "source",
  "sourcetype",
]);

/** The MOF 2.x intrinsic data types. */
export const INTRINSIC_TYPES: ReadonlySet<string> = new Set([
  "boolean",
  "char16",
  "datetime",
  "real32",
  "real64",
  "string",
  "sint8",
  "sint16",
  "sint32",
  "sint64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "object",
  "void",
]);

/** True when `name` is a MOF intrinsic type (any case). */
export function isIntrinsicType(name: string): boolean {
  return INTRINSIC_TYPES.has(name.toLowerCase());
}

/** Words that start a MOF v3 (DSP0221) statement. */
export const MOF_V3_STARTS: ReadonlySet<string> = new Set(["structure", "enumeration", "value"]);

/** MOF v3 (DSP0221) type names that MOF 2.x and WMI do not have, with the MOF 2.x type to use. */
export const MOF_V3_TYPES: ReadonlyMap<string, string> = new Map([
  ["integer", "sint64 (or another sized integer type)"],
  ["real", "real64"],
  ["octetstring", "uint8[] with the OctetString qualifier"],
  ["duration", "datetime"],
  ["enumeration", "an integer or string type with ValueMap/Values qualifiers"],
  ["structure", "a class"],
]);
