/**
 * Checks at the library's public boundary. Bad input *data* (a broken MOF file, a missing
 * include) is a diagnostic and never throws; a wrong *argument* (a number where a path belongs,
 * an unknown encoding) is a programming error and throws a `TypeError` that names the function,
 * the argument and what it got, instead of failing somewhere deep inside.
 */

/** A `TypeError` with Node's code for a wrong argument, `ERR_INVALID_ARG_TYPE`. */
export function invalidArgument(fn: string, expectation: string, value: unknown): TypeError {
  const error = new TypeError(`${fn}: ${expectation}, not ${describeValue(value)}`);
  return Object.assign(error, { code: "ERR_INVALID_ARG_TYPE" });
}

/** A value in a few words, for a message: `the number 42`, `null`, `an array`, `the string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") {
    const kind = Object.prototype.toString.call(value).slice(8, -1);
    return kind === "Object" ? "an object" : `an object (${kind})`;
  }
  if (typeof value === "function") return "a function";
  return `the ${typeof value} ${String(value)}`;
}

/** True for an object that is not an array and not null. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Throw unless `options` is undefined or an object (what an options argument may be). */
export function checkOptions(fn: string, options: unknown): void {
  if (options !== undefined && !isObject(options)) throw invalidArgument(fn, "options must be an object", options);
}

/** Throw unless `options[key]` is undefined or of the type `typeof` names. */
export function checkOption(fn: string, options: Record<string, unknown> | undefined, key: string, type: "string" | "boolean" | "number"): void {
  const value = options?.[key];
  if (value !== undefined && typeof value !== type) throw invalidArgument(fn, `options.${key} must be a ${type}`, value);
}

/** What a value must be, as {@link checkArgument} and {@link checkShape} test it. */
export type ValueKind = "string" | "boolean" | "number" | "array" | "object" | "map" | "bytes";

function isKind(value: unknown, kind: ValueKind): boolean {
  switch (kind) {
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    case "map":
      return value instanceof Map;
    case "bytes":
      return value instanceof Uint8Array;
    default:
      return typeof value === kind;
  }
}

const KIND_WORDS: Record<ValueKind, string> = {
  string: "a string",
  boolean: "a boolean",
  number: "a number",
  array: "an array",
  object: "an object",
  map: "a Map",
  bytes: "a Uint8Array (or Buffer)",
};

/** Throw unless `value` is of `kind` (`what` says it in the message, e.g. "a file path"). */
export function checkArgument(fn: string, name: string, value: unknown, kind: ValueKind, what = KIND_WORDS[kind]): void {
  if (!isKind(value, kind)) throw invalidArgument(fn, `${name} must be ${what}`, value);
}

/** Throw unless `value` is an array whose every element is of `kind`. */
export function checkArrayOf(fn: string, name: string, value: unknown, kind: ValueKind, what = KIND_WORDS[kind]): void {
  if (!Array.isArray(value)) throw invalidArgument(fn, `${name} must be an array, each element ${what}`, value);
  for (let i = 0; i < value.length; i++) if (!isKind(value[i], kind)) throw invalidArgument(fn, `${name}[${i}] must be ${what}`, value[i]);
}

/**
 * Throw unless `value` is an object with the fields `fields` names, each of its kind: enough to
 * tell a value the library made (`what`: "a MofProgram from loadMofFiles") from anything else.
 */
export function checkShape(fn: string, name: string, value: unknown, what: string, fields: Readonly<Record<string, ValueKind>>): void {
  if (!isObject(value)) throw invalidArgument(fn, `${name} must be ${what}`, value);
  for (const [field, kind] of Object.entries(fields)) {
    if (!isKind(value[field], kind)) throw invalidArgument(fn, `${name} must be ${what}; its ${field} must be ${KIND_WORDS[kind]}`, value[field]);
  }
}

/** {@link checkShape} for every element of an array. */
export function checkArrayOfShape(fn: string, name: string, value: unknown, what: string, fields: Readonly<Record<string, ValueKind>>): void {
  if (!Array.isArray(value)) throw invalidArgument(fn, `${name} must be an array, each element ${what}`, value);
  for (let i = 0; i < value.length; i++) checkShape(fn, `${name}[${i}]`, value[i], what, fields);
}
