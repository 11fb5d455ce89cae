/**
 * Diagnostics in the formats CI tools read: the JSON document against its schema, SARIF 2.1.0
 * against the SARIF JSON schema (from the @microsoft/jest-sarif package), and GitHub workflow
 * commands parsed back the way the Actions runner reads them. Also `check --format`,
 * `--quiet` and `--max-warnings` on the built command line.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkProgram,
  DiagnosticCodes,
  formatDiagnostics,
  loadMofFiles,
  sortDiagnostics,
  type Diagnostic,
  type DiagnosticCode,
  type MofProgram,
} from "mof-migrate";

const root = resolve(import.meta.dirname, "..");
const load = createRequire(import.meta.url);

let dir: string;
let program: MofProgram;
let diagnostics: Diagnostic[];

/** Files with an error, warnings, a missing include, a UTF-16LE file and a path that needs escaping in a URI. */
const FILES: Record<string, string | Buffer> = {
  "broken.mof": "class Good { string A; };\r\nclass Broken\r\n{\r\n    string B\r\n    string C;\r\n};\r\n",
  "warn.mof": 'class W { string A; };\ninstance of W { A = "a\\q"; };\n',
  "includes.mof": '#pragma include("missing.mof")\nclass I {};\n',
  "odd name #1.mof": "class Odd { uint8 Small = 300; };\n",
  "wide.mof": Buffer.from("\ufeffclass Wide { string A; string A; };\r\n", "utf16le"),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-formats-"));
  for (const [name, content] of Object.entries(FILES)) await writeFile(join(dir, name), content);
  program = await loadMofFiles(Object.keys(FILES).map((f) => join(dir, f)));
  diagnostics = sortDiagnostics(
    [...program.diagnostics, ...checkProgram(program)],
    program.documents.map((d) => d.file),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The SARIF 2.1.0 schema (draft-04) as a validator. */
function sarifValidator() {
  const schema = load("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // strict: false for the schema's own keywords (draft-04 `id`s); its `language` pattern is
  // not valid with the `u` flag, so patterns are compiled without it.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** One diagnostic of every code in the registry, at made-up places. */
function oneOfEachCode(): Diagnostic[] {
  return (Object.keys(DiagnosticCodes) as DiagnosticCode[]).map((code, i) => ({
    code,
    severity: DiagnosticCodes[code].severity,
    message: `case of ${code}`,
    file: join(dir, "all-codes.mof"),
    start: i,
    end: i + 2,
    line: i + 1,
    column: 3,
    endLine: i + 1,
    endColumn: 5,
    ...(DiagnosticCodes[code].hint ? { hint: DiagnosticCodes[code].hint } : {}),
    ...(DiagnosticCodes[code].mofcomp ? { mofcomp: DiagnosticCodes[code].mofcomp } : {}),
  }));
}

describe("the inputs of these tests", () => {
  it("have errors, warnings, a file-level problem and a UTF-16LE file", () => {
    expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(diagnostics.some((d) => d.severity === "warning")).toBe(true);
    expect(diagnostics.some((d) => d.code === "include-not-found")).toBe(true);
    expect(program.documents.find((d) => d.file.endsWith("wide.mof"))?.source.encoding).toBe("utf16le");
  });
});

describe("formatDiagnostics as SARIF", () => {
  it("validates against the SARIF 2.1.0 schema, for these files and for every code of the registry", () => {
    const validate = sarifValidator();
    for (const list of [diagnostics, oneOfEachCode(), []]) {
      const log = JSON.parse(
        formatDiagnostics(list, { format: "sarif", root: dir, documents: program.documents, files: program.documents.map((d) => d.file) }),
      );
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
    // The validator does reject what is not SARIF: a driver without a name, a result without a message.
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "r" }] }] })).toBe(false);
  });

  it("has a rule per code with its mofcomp name and help, and a result per diagnostic with its region", () => {
    const log = JSON.parse(formatDiagnostics(diagnostics, { format: "sarif", root: dir, documents: program.documents, toolVersion: "9.9.9" }));
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: "mof-migrate", version: "9.9.9" });
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/^file:\/\/.*\/$/);
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual([...new Set(diagnostics.map((d) => d.code))].sort());
    const semi = run.tool.driver.rules.find((r: { id: string }) => r.id === "expected-semicolon");
    expect(semi).toMatchObject({
      name: "WBEMMOF_E_EXPECTED_SEMI",
      shortDescription: { text: DiagnosticCodes["expected-semicolon"].title },
      help: { text: DiagnosticCodes["expected-semicolon"].hint },
      defaultConfiguration: { level: "error" },
      properties: { mofcomp: "WBEMMOF_E_EXPECTED_SEMI" },
    });
    expect(run.results).toHaveLength(diagnostics.length);
    diagnostics.forEach((d, i) => {
      const result = run.results[i];
      expect(result.ruleId).toBe(d.code);
      expect(ruleIds[result.ruleIndex]).toBe(d.code);
      expect(result.level).toBe({ error: "error", warning: "warning", info: "note" }[d.severity]);
      expect(result.message.text.startsWith(d.message)).toBe(true);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(region).toMatchObject({ startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      expect(artifactLocation.uriBaseId).toBe("%SRCROOT%");
      expect(decodeURIComponent(artifactLocation.uri)).toBe(d.file.slice(dir.length + 1));
    });
    const odd = run.results.find((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri).startsWith("odd name"),
    );
    expect(odd.locations[0].physicalLocation.artifactLocation.uri).toBe("odd%20name%20%231.mof");
    const semiResult = run.results.find((r: { ruleId: string }) => r.ruleId === "expected-semicolon");
    expect(semiResult.locations[0].physicalLocation.region.snippet.text).toBe("string");
    expect(run.artifacts.find((a: { location: { uri: string } }) => a.location.uri === "wide.mof").encoding).toBe("UTF-16LE");
  });

  it("writes files outside the root as file: URIs", () => {
    const log = JSON.parse(formatDiagnostics(diagnostics.slice(0, 1), { format: "sarif", root: join(dir, "elsewhere") }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: expect.stringMatching(/^file:\/\//), index: 0 });
  });
});

describe("formatDiagnostics as JSON", () => {
  it("validates against schema/diagnostics.schema.json, whose diagnostic is the one of plan.schema.json", async () => {
    const schema = JSON.parse(await readFile(join(root, "schema", "diagnostics.schema.json"), "utf8"));
    const plan = JSON.parse(await readFile(join(root, "schema", "plan.schema.json"), "utf8"));
    expect(schema.$defs.diagnostic).toEqual(plan.$defs.diagnostic);
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const files = program.documents.map((d) => d.file);
    const json = JSON.parse(formatDiagnostics(diagnostics, { format: "json", files }));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(json.files).toEqual(files);
    expect(json.counts).toEqual({
      error: diagnostics.filter((d) => d.severity === "error").length,
      warning: diagnostics.filter((d) => d.severity === "warning").length,
      info: diagnostics.filter((d) => d.severity === "info").length,
    });
    expect(json.diagnostics).toEqual(diagnostics);
    expect(validate(JSON.parse(formatDiagnostics(oneOfEachCode(), { format: "json" }))), JSON.stringify(validate.errors)).toBe(true);
  });
});

/** A workflow command as the Actions runner reads one: `::name key=value,…::data`, values unescaped. */
function parseWorkflowCommand(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) return undefined;
  const unescape = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
    const at = pair.indexOf("=");
    properties[pair.slice(0, at)] = unescape(pair.slice(at + 1));
  }
  return { command: match[1], properties, data: unescape(match[3]) };
}

describe("formatDiagnostics as GitHub workflow commands", () => {
  it("gives one command per diagnostic that parses back to its file, lines, columns, title and message", () => {
    const text = formatDiagnostics(diagnostics, { format: "github", root: dir });
    const lines = text.split("\n");
    expect(lines).toHaveLength(diagnostics.length);
    lines.forEach((line, i) => {
      const d = diagnostics[i];
      const parsed = parseWorkflowCommand(line);
      expect(parsed, line).toBeDefined();
      expect(parsed!.command).toBe({ error: "error", warning: "warning", info: "notice" }[d.severity]);
      expect(parsed!.properties.file).toBe(d.file.slice(dir.length + 1));
      expect(Number(parsed!.properties.line)).toBe(d.line);
      expect(Number(parsed!.properties.endLine)).toBe(d.endLine);
      if (d.line === d.endLine) expect(Number(parsed!.properties.col)).toBe(d.column);
      expect(parsed!.properties.title).toContain(d.code);
      expect(parsed!.data).toBe(d.hint ? `${d.message}\nhint: ${d.hint}` : d.message);
    });
  });

  it("escapes what the runner would read as syntax", () => {
    const tricky: Diagnostic = { ...diagnostics[0], file: join(dir, "a,b:c.mof"), message: "100% wrong: a, b\r\nnext line", hint: "x::y" };
    const line = formatDiagnostics([tricky], { format: "github", root: dir });
    expect(line.split("\n")).toHaveLength(1);
    const parsed = parseWorkflowCommand(line)!;
    expect(parsed.properties.file).toBe("a,b:c.mof");
    expect(parsed.data).toBe("100% wrong: a, b\r\nnext line\nhint: x::y");
  });
});

function cli(args: string[], cwd: string): Promise<Run> {
  return runCli(args, { cwd, env: { NO_COLOR: "1" } });
}

describe("mof-migrate check --format, --quiet, --max-warnings", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "mof-check-format-"));
    await mkdir(join(work, "warn"));
    await writeFile(join(work, "warn", "warn.mof"), FILES["warn.mof"]);
    await writeFile(join(work, "broken.mof"), FILES["broken.mof"]);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it("prints only the document on stdout for json and sarif, with the same exit codes as text", async () => {
    const validate = sarifValidator();
    for (const [input, code] of [
      ["broken.mof", 1],
      ["warn", 0],
    ] as const) {
      const json = await cli(["check", input, "--format", "json"], work);
      expect(json.code).toBe(code);
      const doc = JSON.parse(json.stdout);
      expect(doc.schemaVersion).toBe(1);
      expect(doc.files).toEqual([join(input === "warn" ? "warn/warn.mof" : "broken.mof")]);
      expect(json.stderr).toMatch(/in 1 file\n$/);
      const sarif = await cli(["check", input, "--format", "sarif"], work);
      expect(sarif.code).toBe(code);
      expect(validate(JSON.parse(sarif.stdout)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("prints nothing but workflow commands for github", async () => {
    const r = await cli(["check", "broken.mof", "warn", "--format", "github"], work);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(parseWorkflowCommand(line), line).toBeDefined();
    expect(lines.map((l) => parseWorkflowCommand(l)!.properties.file).sort()).toEqual(["broken.mof", "warn/warn.mof"]);
  });

  it("--quiet shows errors only and says how many were left out", async () => {
    const loud = await cli(["check", "broken.mof", "warn"], work);
    expect(loud.stdout).toMatch(/: warning /);
    const quiet = await cli(["check", "broken.mof", "warn", "--quiet"], work);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toMatch(/: warning /);
    expect(quiet.stdout).toMatch(/^broken\.mof:5:5: error /m);
    expect(quiet.stdout).toMatch(/1 error in 2 files \(1 warning not shown\)\n$/);
    const json = JSON.parse((await cli(["check", "warn", "--quiet", "--format", "json"], work)).stdout);
    expect(json.diagnostics).toEqual([]);
  });

  it("--max-warnings fails a run with more warnings than allowed, hidden ones too", async () => {
    expect((await cli(["check", "warn", "--max-warnings", "1"], work)).code).toBe(0);
    const over = await cli(["check", "warn", "--max-warnings", "0"], work);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("1 warning, more than --max-warnings 0");
    expect((await cli(["check", "warn", "--max-warnings", "0", "--quiet"], work)).code).toBe(1);
    for (const bad of ["-1", "x", "1.5"]) {
      const r = await cli(["check", "warn", "--max-warnings", bad], work);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/^mof-migrate: --max-warnings takes a whole number/);
    }
    expect((await cli(["check", "warn", "--format", "xml"], work)).code).toBe(2);
  });
});
