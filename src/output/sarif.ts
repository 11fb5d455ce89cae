/**
 * Diagnostics as a SARIF 2.1.0 log, for code scanning (GitHub, Azure DevOps, editors): one run,
 * one rule per diagnostic code that occurs (its id is the code, with the registry's title,
 * mofcomp name and fixed hint), one result per diagnostic with its region. Columns are UTF-16
 * code units, as the library counts them; paths are relative to a root folder (`%SRCROOT%`).
 */
import type * as Sarif from "sarif";
import { DiagnosticCodes, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Diagnostic, DiagnosticSource, Severity } from "../diagnostics/diagnostic.js";
import type { Encoding } from "../document/source.js";
import { fileUri, folderUri, isBelowRoot, pathFromRoot, relativeUri } from "./report-paths.js";
import { TOOL_NAME } from "./version.js";

/** What the log needs besides the diagnostics. */
export interface SarifOptions {
  /** Paths are written relative to this folder. */
  readonly root: string;
  readonly toolVersion: string;
  /** Every file that was read, listed as an artifact even when it has no result. */
  readonly files?: readonly string[];
  /** The documents, for each artifact's encoding and each region's snippet. */
  readonly documents?: Iterable<DiagnosticSource & { readonly source: { readonly encoding?: Encoding } }>;
}

const LEVELS: Record<Severity, Sarif.Result.level> = { error: "error", warning: "warning", info: "note" };
const ENCODINGS: Record<Encoding, string> = { utf8: "UTF-8", utf16le: "UTF-16LE", utf16be: "UTF-16BE", windows1252: "windows-1252" };
const SRCROOT = "%SRCROOT%";
/** Longer snippets are left out: a region's text is for a glance, not the file. */
const MAX_SNIPPET = 400;

/** The SARIF log of `diagnostics` (see the module comment). */
export function diagnosticsToSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): Sarif.Log {
  const documents = new Map<string, DiagnosticSource & { readonly source: { readonly encoding?: Encoding } }>();
  for (const d of options.documents ?? []) if (!documents.has(d.file)) documents.set(d.file, d);

  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const files = [...new Set([...(options.files ?? []), ...diagnostics.map((d) => d.file)])];
  const artifactIndex = new Map(files.map((f, i) => [f, i]));

  const location = (file: string): Sarif.ArtifactLocation => {
    if (isBelowRoot(file, options.root)) return { uri: relativeUri(pathFromRoot(file, options.root)), uriBaseId: SRCROOT };
    return { uri: fileUri(file) };
  };

  const results: Sarif.Result[] = diagnostics.map((d) => {
    const region: Sarif.Region = { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn };
    const text = documents.get(d.file)?.source.text;
    if (text !== undefined && d.end > d.start && d.end - d.start <= MAX_SNIPPET) region.snippet = { text: text.slice(d.start, d.end) };
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: LEVELS[d.severity],
      message: { text: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message },
      locations: [{ physicalLocation: { artifactLocation: { ...location(d.file), index: artifactIndex.get(d.file)! }, region } }],
    };
  });

  const artifacts: Sarif.Artifact[] = files.map((file) => {
    const encoding = documents.get(file)?.source.encoding;
    return { location: location(file), sourceLanguage: "mof", ...(encoding ? { encoding: ENCODINGS[encoding] } : {}) };
  });

  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: options.toolVersion, semanticVersion: options.toolVersion, rules: codes.map(rule) } },
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.root) } },
        columnKind: "utf16CodeUnits",
        artifacts,
        results,
      },
    ],
  };
}

/** A code of the registry as a SARIF rule. */
function rule(code: DiagnosticCode): Sarif.ReportingDescriptor {
  const info = DiagnosticCodes[code];
  const mofcomp = info.mofcomp ? ` (mofcomp: ${info.mofcomp})` : "";
  return {
    id: code,
    ...(info.mofcomp ? { name: info.mofcomp } : {}),
    shortDescription: { text: info.title },
    fullDescription: { text: `${info.title}${mofcomp}` },
    help: { text: info.hint ?? info.title },
    defaultConfiguration: { level: LEVELS[info.severity] },
    properties: { tags: ["mof"], ...(info.mofcomp ? { mofcomp: info.mofcomp } : {}) },
  };
}
