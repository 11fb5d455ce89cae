/**
 * Values against their declared types, as mofcomp checks them: integers in range, strings in
 * quotes, booleans without, arrays where arrays are declared. Embedded instances are handed back
 * to the caller, which checks them like top-level ones.
 */
import type { InstanceDeclaration, Range, Value } from "../../grammar/ast.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";

/** A declared data type, flattened: the type name, whether it is an array, whether it is a reference. */
export interface DeclaredType {
  readonly name: string;
  readonly array: boolean;
  readonly ref: boolean;
}

/** Where value checks report, and how they check an embedded instance. */
export interface ValueContext {
  report(code: DiagnosticCode, at: Range, message: string, hint?: string): void;
  checkInstance(instance: InstanceDeclaration): void;
}

/** Integer types and their inclusive ranges. */
const INTEGER_RANGES: ReadonlyMap<string, readonly [bigint, bigint]> = new Map([
  ["uint8", [0n, 255n]],
  ["uint16", [0n, 65535n]],
  ["uint32", [0n, 4294967295n]],
  ["uint64", [0n, 18446744073709551615n]],
  ["sint8", [-128n, 127n]],
  ["sint16", [-32768n, 32767n]],
  ["sint32", [-2147483648n, 2147483647n]],
  ["sint64", [-9223372036854775808n, 9223372036854775807n]],
]);

/** Check a value (and any embedded instances in it) against a declared type; `what` names it in messages. */
export function checkValue(ctx: ValueContext, value: Value, type: DeclaredType, what: string): void {
  if (value.kind === "null" || value.kind === "identifier") return;
  if (value.kind === "array") {
    if (!type.array) {
      ctx.report("type-mismatch", value, `${what} is a single ${type.name}, but the value is an array`, "remove the braces, or declare an array");
      walkValue(ctx, value);
      return;
    }
    const element = { ...type, array: false };
    for (const e of value.elements) checkValue(ctx, e, element, what);
    return;
  }
  if (type.array) {
    ctx.report("type-mismatch", value, `${what} is an array of ${type.name}, but the value is not an array`, "write the value in braces, e.g. {1, 2}");
    walkValue(ctx, value);
    return;
  }
  checkScalar(ctx, value, type, what);
}

/** Visit a value whose type is unknown: only embedded instances are checked. */
export function walkValue(ctx: ValueContext, value: Value): void {
  if (value.kind === "instance") ctx.checkInstance(value);
  else if (value.kind === "array") for (const e of value.elements) walkValue(ctx, e);
}

function checkScalar(ctx: ValueContext, value: Value, type: DeclaredType, what: string): void {
  if (value.kind === "alias") return;
  if (value.kind === "instance") {
    ctx.checkInstance(value);
    return;
  }
  const t = type.name.toLowerCase();
  const mismatch = (expected: string, hint?: string) =>
    ctx.report("type-mismatch", value, `${what} has type ${expected}, but the value is ${describe(value)}`, hint);
  if (type.ref) {
    if (value.kind !== "string") mismatch(`a reference to ${type.name}`, "write an object path string or an alias ($Name)");
    return;
  }
  const range = INTEGER_RANGES.get(t);
  if (range) {
    if (value.kind !== "integer") {
      mismatch(t, value.kind === "string" ? "remove the quotes" : undefined);
    } else if (value.value < range[0] || value.value > range[1]) {
      ctx.report("value-out-of-range", value, `${value.value} is out of range for ${what} (${t}: ${range[0]} to ${range[1]})`);
    }
    return;
  }
  switch (t) {
    case "boolean":
      if (value.kind !== "boolean") mismatch(t, "write TRUE or FALSE without quotes");
      return;
    case "string":
    case "datetime":
      if (value.kind !== "string") mismatch(t, "write the value in double quotes");
      return;
    case "real32":
    case "real64":
      if (value.kind !== "real" && value.kind !== "integer") mismatch(t, value.kind === "string" ? "remove the quotes" : undefined);
      return;
    case "char16":
      if (value.kind !== "char" && value.kind !== "integer" && !(value.kind === "string" && value.value.length === 1)) {
        mismatch(t, "write one character in single quotes, e.g. 'a'");
      }
      return;
    default:
      // `object` and class names (embedded objects): an instance, or a string holding one.
      return;
  }
}

/** A value as messages name it: `the integer 5`, `the string "x"`. */
function describe(value: Value): string {
  switch (value.kind) {
    case "integer":
      return `the integer ${value.value}`;
    case "real":
      return `the real number ${value.value}`;
    case "string":
      return `the string ${JSON.stringify(value.value.length > 40 ? value.value.slice(0, 40) + "…" : value.value)}`;
    case "char":
      return `the character ${JSON.stringify(value.value)}`;
    case "boolean":
      return value.value ? "TRUE" : "FALSE";
    case "instance":
      return `an instance of ${value.className.name}`;
    case "alias":
      return `the alias $${value.name}`;
    default:
      return `a ${value.kind}`;
  }
}
