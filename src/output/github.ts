/**
 * Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`): a job that
 * prints them gets each one as an annotation on the pull request's changed lines. Values are
 * escaped as the Actions runner reads them: `%`, CR and LF in the message; also `:` and `,` in
 * the properties.
 */
import { DiagnosticCodes } from "../diagnostics/codes.js";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { pathFromRoot } from "./report-paths.js";

const COMMANDS: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** One workflow command per diagnostic, one per line, paths relative to `root`. */
export function formatGithubCommands(diagnostics: readonly Diagnostic[], root: string): string {
  return diagnostics.map((d) => command(d, root)).join("\n");
}

function command(d: Diagnostic, root: string): string {
  const mofcomp = DiagnosticCodes[d.code].mofcomp;
  const properties: [string, string | number][] = [
    ["file", pathFromRoot(d.file, root)],
    ["line", d.line],
    ["endLine", d.endLine],
  ];
  // Annotations take columns only within one line; GitHub's end column is the last character's.
  if (d.endLine === d.line) properties.push(["col", d.column], ["endColumn", Math.max(d.column, d.endColumn - 1)]);
  properties.push(["title", mofcomp ? `${d.code} (${mofcomp})` : d.code]);
  const message = d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
  return `::${COMMANDS[d.severity]} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",")}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
