/**
 * `mof-migrate parse <file>`: the syntax tree of one file, as an outline or as JSON.
 */
import { countDiagnostics, formatDiagnostics, hasErrors, readMofFile, recoverWrites, type MofDocument, type Production } from "../index.js";
import { printValue, visibleText } from "../syntax.js";
import { ExitCode, type CliIo, toJson, useColor } from "./io.js";

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
  // A write of this file cut short before is completed or undone first.
  const recovery = await recoverWrites([args.file]);
  if (recovery.diagnostics.length > 0) io.stderr.write(formatDiagnostics(recovery.diagnostics, { color: useColor(args.color, io) }) + "\n");
  const read = await readMofFile(args.file);
  if (!read.ok) {
    io.stderr.write(`mof-migrate: ${read.diagnostics.map((d) => visibleText(d.message)).join("; ")}\n`);
    return ExitCode.Usage;
  }
  const document = read.document;
  const source = document.source;
  if (args.json) {
    await writeJson(io, documentJson(document));
  } else {
    const color = useColor(args.color, io, io.stderr);
    const outline = document.productions.map((p) => `${document.lines.position(p.start).line}: ${describe(p)}`);
    const head = `${visibleText(args.file)}: ${source.encoding}${source.bom ? " with BOM" : ""}, ${eolName(source.eol)}${source.mixedEol ? " (mixed)" : ""}, ${document.productions.length} statements`;
    io.stdout.write([head, ...outline].join("\n") + "\n");
    if (document.diagnostics.length > 0) {
      io.stderr.write(formatDiagnostics(document.diagnostics, { color, documents: [document] }) + "\n");
      io.stderr.write(`${countDiagnostics(document.diagnostics)}\n`);
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

/**
 * Write the JSON of a document list by list, element by element, as `toJson` would print it
 * whole: the syntax tree of a large file is more text than one string can hold.
 */
async function writeJson(io: CliIo, json: ReturnType<typeof documentJson>): Promise<void> {
  const { productions, comments, directives, diagnostics, ...head } = json;
  const lists: [string, readonly unknown[]][] = [
    ["productions", productions],
    ["comments", comments],
    ["directives", directives],
    ["diagnostics", diagnostics],
  ];
  // Pieces are gathered into writes of about a megabyte (one write per node is slow on a pipe),
  // and each waits until the reader has taken the one before: the JSON may not fit in memory.
  let pending = "";
  const flush = async () => {
    io.stdout.write(pending);
    pending = "";
    await io.stdout.drained?.();
  };
  const write = async (text: string) => {
    pending += text;
    if (pending.length >= 1 << 20) await flush();
  };
  const opening = toJson(head);
  await write(opening.slice(0, opening.lastIndexOf("\n}")) + ",\n");
  for (let i = 0; i < lists.length; i++) {
    const [name, list] = lists[i];
    if (list.length === 0) await write(`  ${JSON.stringify(name)}: []`);
    else {
      await write(`  ${JSON.stringify(name)}: [\n`);
      for (let j = 0; j < list.length; j++) await write(`    ${(toJson(list[j]) ?? "null").replace(/\n/g, "\n    ")}${j < list.length - 1 ? ",\n" : "\n"}`);
      await write("  ]");
    }
    await write(i < lists.length - 1 ? ",\n" : "\n}\n");
  }
  await flush();
}

function describe(p: Production): string {
  switch (p.kind) {
    case "pragma":
      return `#pragma ${p.name.name}${p.args.length ? `(${p.args.map((v) => printValue(v)).join(", ")})` : ""}`;
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

function eolName(eol: string): string {
  return eol === "\r\n" ? "CRLF" : eol === "\n" ? "LF" : "CR";
}
