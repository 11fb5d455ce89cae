/**
 * Diagnostics in every format the command line offers, behind one function: `text` (as a
 * compiler prints them), `json` (the documented list), `sarif` (code scanning) and `github`
 * (workflow annotations). The command line only picks the format, as eslint picks a formatter.
 */
import type { Diagnostic, DiagnosticSource } from "../diagnostics/diagnostic.js";
import { formatDiagnostics as formatText } from "../diagnostics/format.js";
import type { Encoding } from "../document/source.js";
import { diagnosticsToJson } from "./diagnostics-json.js";
import { formatGithubCommands } from "./github.js";
import { diagnosticsToSarif } from "./sarif.js";
import { checkArgument, checkOptions, invalidArgument } from "../util/arguments.js";
import { toolVersion } from "./version.js";

/** The formats of {@link formatDiagnostics}. */
export type DiagnosticFormat = "text" | "json" | "sarif" | "github";

/** A document that diagnostics point into, for excerpts (text), snippets and encodings (SARIF). */
export interface DiagnosticDocument extends DiagnosticSource {
  readonly source: { readonly text: string; readonly encoding?: Encoding };
}

/** Options of {@link formatDiagnostics}. */
export interface FormatDiagnosticsOptions {
  /** `text` (the default), `json`, `sarif` or `github`. */
  readonly format?: DiagnosticFormat;
  /** ANSI colors (text only). */
  readonly color?: boolean;
  /** The documents the diagnostics point into: source excerpts (text), snippets and encodings (SARIF). */
  readonly documents?: Iterable<DiagnosticDocument>;
  /** Every file that was checked (json, SARIF): listed even when it has no diagnostic. */
  readonly files?: readonly string[];
  /** SARIF and github: paths relative to this folder (default: the working folder, the repository root in CI). */
  readonly root?: string;
  /** The tool version the JSON document and the SARIF log name (default: this package's). */
  readonly toolVersion?: string;
  /**
   * Text: at most this many entries per file (default 100); the rest are counted in one line
   * after the file's last entry. `Infinity` prints them all. The other formats keep every one.
   */
  readonly maxPerFile?: number;
  /** Text: the widest source excerpt, in characters (a window around the column; default 120). */
  readonly excerptWidth?: number;
}

/**
 * Format diagnostics:
 * - `text`: `file:line:column: severity code (mofcomp name): message`, the source line with a
 *   caret (when the document is given) and the hint, one after another;
 * - `json`: one document `{ schemaVersion, tool, files?, counts, diagnostics }` described by
 *   `schema/diagnostics.schema.json`;
 * - `sarif`: a SARIF 2.1.0 log (rule ids are the codes);
 * - `github`: one GitHub Actions workflow command per diagnostic.
 *
 * Text output is bounded by the number of problems, not by the input: excerpts are a window
 * around the column, a run of one error on neighbouring tokens is folded, and a file shows at
 * most `maxPerFile` entries. The result has no final newline.
 *
 * @throws TypeError when `diagnostics` is not an array, `options` not an object, or the format unknown.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatDiagnosticsOptions = {}): string {
  checkArgument("formatDiagnostics", "diagnostics", diagnostics, "array", "an array of diagnostics");
  checkOptions("formatDiagnostics", options);
  const format = options.format ?? "text";
  const root = options.root ?? process.cwd();
  switch (format) {
    case "text":
      return formatText(diagnostics, {
        ...(options.color !== undefined ? { color: options.color } : {}),
        ...(options.documents ? { documents: options.documents } : {}),
        ...(options.maxPerFile !== undefined ? { maxPerFile: options.maxPerFile } : {}),
        ...(options.excerptWidth !== undefined ? { excerptWidth: options.excerptWidth } : {}),
      });
    case "json":
      return JSON.stringify(
        diagnosticsToJson(diagnostics, { toolVersion: options.toolVersion ?? toolVersion(), ...(options.files ? { files: options.files } : {}) }),
        null,
        2,
      );
    case "sarif":
      return JSON.stringify(
        diagnosticsToSarif(diagnostics, {
          root,
          toolVersion: options.toolVersion ?? toolVersion(),
          ...(options.files ? { files: options.files } : {}),
          ...(options.documents ? { documents: options.documents } : {}),
        }),
        null,
        2,
      );
    case "github":
      return formatGithubCommands(diagnostics, root);
    default:
      throw invalidArgument("formatDiagnostics", "options.format must be text, json, sarif or github", format);
  }
}
