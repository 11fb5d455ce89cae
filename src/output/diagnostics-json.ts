/**
 * Diagnostics as one JSON document (`check --format json`), described by
 * `schema/diagnostics.schema.json`: the diagnostics as the library has them, the files that were
 * checked, and the counts by severity.
 */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { TOOL_NAME } from "./version.js";

/** Version of the JSON document (`schemaVersion`, and the version in the schema's `$id`). */
export const DIAGNOSTICS_JSON_VERSION = 1;

/** What the JSON document needs besides the diagnostics. */
export interface DiagnosticsJsonOptions {
  readonly files?: readonly string[];
  readonly toolVersion: string;
}

/** The document as an object, ready for `JSON.stringify`. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[], options: DiagnosticsJsonOptions): object {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return {
    schemaVersion: DIAGNOSTICS_JSON_VERSION,
    tool: { name: TOOL_NAME, version: options.toolVersion },
    ...(options.files ? { files: options.files } : {}),
    counts,
    diagnostics,
  };
}
