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
