/**
 * `mof-migrate parse <file>`: the syntax tree of one file, as an outline or as JSON.
 */
import { readFile } from "node:fs/promises";
import type { Production, Value } from "./ast.js";
import { ExitCode, type CliIo, formatDiagnostics, countLine, toJson, useColor } from "./cli-common.js";
import { hasErrors } from "./program.js";
import { parseMof, type MofDocument } from "./parse.js";
import { decodeMof } from "./source.js";

/** Arguments of the `parse` command. */
export interface ParseArgs {
  file: string;
  json?: boolean;
  color?: string;
}

/** Version of the `parse --json` document layout. */
export const PARSE_JSON_VERSION = 1;

/** Run `parse`: 0 when the file parses, 1 when it has errors, 2 when it cannot be read. */
export async function runParse(args: ParseArgs, io: CliIo): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    io.stderr.write(`mof-migrate: cannot read '${args.file}': ${reason}\n`);
    return ExitCode.Usage;
  }
  const source = decodeMof(bytes);
  const document = parseMof(source, { file: args.file });
  if (args.json) {
    io.stdout.write(toJson(documentJson(document)) + "\n");
  } else {
    const color = useColor(args.color, io);
    const outline = document.productions.map((p) => `${document.lines.position(p.start).line}: ${describe(p)}`);
    const head = `${args.file}: ${source.encoding}${source.bom ? " with BOM" : ""}, ${eolName(source.eol)}${source.mixedEol ? " (mixed)" : ""}, ${document.productions.length} statements`;
    io.stdout.write([head, ...outline].join("\n") + "\n");
    if (document.diagnostics.length > 0) {
      const texts = new Map([[document.file, { text: source.text, lines: document.lines }]]);
      io.stderr.write(formatDiagnostics(document.diagnostics, texts, color) + "\n");
      io.stderr.write(`${countLine(document.diagnostics)}\n`);
    }
  }
  return hasErrors(document.diagnostics) ? ExitCode.Findings : ExitCode.Ok;
}

/** The JSON form of a parsed document: everything but the decoded text and the line table. */
function documentJson(document: MofDocument) {
  const { encoding, bom, eol, mixedEol, finalNewline } = document.source;
  return {
    schemaVersion: PARSE_JSON_VERSION,
    file: document.file,
    encoding,
    bom,
    eol,
    mixedEol,
    finalNewline,
    productions: document.productions,
    comments: document.comments,
    directives: document.directives,
    diagnostics: document.diagnostics,
  };
}

function describe(p: Production): string {
  switch (p.kind) {
    case "pragma":
      return `#pragma ${p.name.name}${p.args.length ? `(${p.args.map(valueText).join(", ")})` : ""}`;
    case "qualifierDeclaration":
      return `qualifier ${p.name.name} : ${p.type.name}`;
    case "class": {
      const props = p.features.filter((f) => f.kind === "property").length;
      const methods = p.features.length - props;
      const quals = p.qualifierList?.qualifiers.map((q) => q.name) ?? [];
      return (
        `class ${p.name.name}${p.superclass ? ` : ${p.superclass.name}` : ""}` +
        ` (${props} propert${props === 1 ? "y" : "ies"}${methods ? `, ${methods} method${methods === 1 ? "" : "s"}` : ""})` +
        (quals.length ? ` [${quals.join(", ")}]` : "")
      );
    }
    case "instance":
      return `instance of ${p.className.name}${p.alias ? ` as $${p.alias.name}` : ""} (${p.properties.length} values)`;
  }
}

function valueText(v: Value): string {
  switch (v.kind) {
    case "string":
      return JSON.stringify(v.value);
    case "integer":
      return v.value.toString();
    case "identifier":
    case "alias":
      return v.kind === "alias" ? `$${v.name}` : v.name;
    case "boolean":
      return v.value ? "TRUE" : "FALSE";
    case "null":
      return "NULL";
    case "real":
      return String(v.value);
    case "char":
      return `'${v.value}'`;
    case "array":
      return `{${v.elements.map(valueText).join(", ")}}`;
    case "instance":
      return `instance of ${v.className.name}`;
  }
}

function eolName(eol: string): string {
  return eol === "\r\n" ? "CRLF" : eol === "\n" ? "LF" : "CR";
}
