/**
 * Which encoding the new bytes of a target use (decisions/0004 and 0032).
 *
 * A file the admin keeps (configuration.mof, SMS_def.mof) keeps its encoding: mofcomp reads a
 * file without a BOM in the ANSI code page, so a BOM-less target that is plain ASCII and gains
 * non-ASCII text is written as Windows-1252 (what a Western client reads back; the existing bytes
 * do not change), with a warning, and a BOM-less file that already holds UTF-8 stays UTF-8, with
 * a warning that mofcomp misreads it.
 *
 * A file the migration makes for the console (the import MOF) is ASCII while its text is
 * ASCII, and UTF-16LE with a BOM, which every reader takes right, as soon as it holds anything
 * else: its text stays the same, its bytes may change encoding.
 */
import type { DiagnosticSink } from "../diagnostics/diagnostic.js";
import type { LineEnding } from "../document/eol.js";
import type { MofDocument } from "../document/parse.js";
import type { Encoding } from "../document/source.js";

/** The encoding, byte-order mark and line endings of a target's new bytes. */
export interface TargetEncoding {
  readonly encoding: Encoding;
  readonly bom: boolean;
  readonly eol: LineEnding;
}

/** Where a diagnostic about a whole target goes: its first character. */
const AT_START = { start: 0, end: 0 };

/** The encoding of a file the admin keeps, gaining `addedText` (see the module comment). */
export function keptEncoding(document: MofDocument, fileLabel: string, addedText: string, sink: DiagnosticSink): TargetEncoding {
  const source = document.source;
  const kept = { encoding: source.encoding, bom: source.bom, eol: source.eol };
  if (source.encoding !== "utf8" || source.bom || !/[^\x00-\x7F]/.test(addedText)) return kept;
  const chars = [...new Set(addedText.match(/[^\x00-\x7F]/gu) ?? [])].slice(0, 8).join(" ");
  if (!/[^\x00-\x7F]/.test(source.text)) {
    sink.report(
      document,
      "non-ascii-target",
      AT_START,
      `${fileLabel} has no byte-order mark and is plain ASCII: mofcomp reads such a file in the client's ANSI code page, so the non-ASCII characters added to it (${chars}) are written as Windows-1252`,
      {
        hint: `clients with another ANSI code page read these characters differently: save ${fileLabel} as UTF-16LE with a BOM to be safe on every client, or replace the characters in the source`,
      },
    );
    return { ...kept, encoding: "windows1252" };
  }
  sink.report(
    document,
    "non-ascii-target",
    AT_START,
    `${fileLabel} is UTF-8 without a byte-order mark: mofcomp reads it in the client's ANSI code page and misreads its non-ASCII characters, the added ones too (${chars})`,
    { hint: `save ${fileLabel} as UTF-16LE with a BOM` },
  );
  return kept;
}

/**
 * The encoding of a file made for the console that gains `addedText`: its own when every reader
 * takes it right (a byte-order mark, or ASCII text), else UTF-16LE with a BOM. A new file has
 * CRLF line endings; an existing one keeps its own.
 */
export function importEncoding(document: MofDocument, exists: boolean, addedText: string): TargetEncoding {
  const source = document.source;
  const eol: LineEnding = exists ? source.eol : "\r\n";
  const ascii = !/[^\x00-\x7F]/.test(addedText) && !/[^\x00-\x7F]/.test(source.text);
  if (exists && (source.bom || ascii)) {
    return { encoding: source.encoding, bom: source.bom, eol };
  }
  return ascii ? { encoding: "utf8", bom: false, eol } : { encoding: "utf16le", bom: true, eol };
}
