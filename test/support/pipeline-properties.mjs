// @ts-check
/**
 * Properties of the whole pipeline on generated folders, shared by the vitest suite
 * (test/fuzz.test.ts) and the long fuzz run (bench/fuzz.mjs): a folder of MOF files (generated
 * text, real files, damaged real files, including each other) and two targets go through
 * finding, loading, checking, planning and applying, and through the command line, which must
 * end in an exit code and located diagnostics, write all or nothing, and change nothing on a
 * second run. The predicates are async: they write the folder to disk.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import fc from "fast-check";
import { applyEdits, edits, mofDocument } from "./mof-arbitrary.mjs";

/**
 * The library functions the pipeline properties exercise, and the built command line.
 * @typedef {object} PipelineLibrary
 * @property {(inputs: string[], options?: object) => Promise<any>} findMofFiles
 * @property {(paths: string[], options?: object) => Promise<any>} loadMofFiles
 * @property {(path: string) => Promise<any>} readMofFile
 * @property {(program: any, options?: object) => any[]} checkProgram
 * @property {(input: any) => any} planMigration
 * @property {(plan: any) => any[]} applyPlan
 * @property {(program: any, options?: object) => any} splitSources
 * @property {(input: any, options?: { file?: string }) => any} parseMof
 * @property {(bytes: Uint8Array) => any} decodeMof
 * @property {Record<string, unknown>} DiagnosticCodes
 * @property {string} [bin] The built `mof-migrate.js`, for the command-line property.
 */

/**
 * What a file of a generated folder holds: generated MOF, a real file, or a damaged real file.
 * @typedef {{ generated: string } | { real: string } | { damaged: string, edits: import("./mof-arbitrary.mjs").Edit[] }} Content
 */

/**
 * A generated site: source files (some in a sub-folder, some including others) and the two targets.
 * @typedef {object} Site
 * @property {{ content: Content, includes: number[], sub: boolean }[]} files
 * @property {Content} configuration
 * @property {Content} smsDef
 * @property {{ replaceConflicts: boolean, carryReportFlags: boolean, defaultNamespace?: string }} options
 */

/**
 * @param {string[]} names Real files to draw from (by name, so that counterexamples print short).
 * @returns {fc.Arbitrary<Site>}
 */
function site(names) {
  /** @type {fc.Arbitrary<Content>} */
  const content = fc.oneof(
    mofDocument(4).map((g) => ({ generated: g.text })),
    fc.constantFrom(...names).map((name) => ({ real: name })),
    fc.tuple(fc.constantFrom(...names), edits).map(([name, list]) => ({ damaged: name, edits: list })),
  );
  return fc.record({
    files: fc.array(fc.record({ content, includes: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }), sub: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    configuration: content,
    smsDef: content,
    options: fc.record(
      { replaceConflicts: fc.boolean(), carryReportFlags: fc.boolean(), defaultNamespace: fc.constantFrom("root\\cimv2", "root\\default") },
      { requiredKeys: ["replaceConflicts", "carryReportFlags"] },
    ),
  });
}

/**
 * Write a site to a fresh folder: `src/f<i>.mof` (or `src/sub/f<i>.mof`), each with the
 * includes it was given, and `site/configuration.mof`, `site/SMS_def.mof`.
 * @param {Site} s
 * @param {(name: string) => Uint8Array} bytesOf
 */
async function materialize(s, bytesOf) {
  const root = await mkdtemp(join(tmpdir(), "mof-pipeline-"));
  const path = (/** @type {number} */ i) => join(root, "src", ...(s.files[i].sub ? ["sub"] : []), `f${i}.mof`);
  const contentBytes = (/** @type {Content} */ c) =>
    "generated" in c ? new TextEncoder().encode(c.generated) : "real" in c ? bytesOf(c.real) : applyEdits(bytesOf(c.damaged), c.edits);
  await mkdir(join(root, "src", "sub"), { recursive: true });
  await mkdir(join(root, "site"));
  for (const [i, f] of s.files.entries()) {
    const own = contentBytes(f.content);
    const includes = f.includes
      .filter((j) => j < s.files.length)
      .map((j) => `\r\n#pragma include("${relative(dirname(path(i)), path(j)).replace(/\\/g, "/")}")\r\n`)
      .join("");
    await writeFile(path(i), Buffer.concat([Buffer.from(own), Buffer.from(includes, "latin1")]));
  }
  const configuration = join(root, "site", "configuration.mof");
  const smsDef = join(root, "site", "SMS_def.mof");
  await writeFile(configuration, contentBytes(s.configuration));
  await writeFile(smsDef, contentBytes(s.smsDef));
  return { root, src: join(root, "src"), configuration, smsDef };
}

/**
 * Every diagnostic is in the registry and located inside its file.
 * @param {PipelineLibrary} lib
 * @param {any[]} diagnostics
 * @param {string} stage
 */
function checkDiagnostics(lib, diagnostics, stage) {
  for (const d of diagnostics) {
    if (!Object.hasOwn(lib.DiagnosticCodes, d.code)) throw new Error(`${stage}: ${d.code} is not in the registry`);
    if (!(d.line >= 1 && d.column >= 1 && d.start <= d.end))
      throw new Error(`${stage}: ${d.code} at ${d.line}:${d.column} (${d.start}-${d.end}) is not located`);
  }
}

/**
 * Load, check, plan and apply a site in process: nothing throws, every diagnostic is located,
 * the new targets decode to their text, a target whose application did not fail parses as well
 * as before, and planning again against the new targets changes nothing.
 * @param {PipelineLibrary} lib
 * @param {Site} s
 * @param {(name: string) => Uint8Array} bytesOf
 */
export async function checkPipeline(lib, s, bytesOf) {
  const at = await materialize(s, bytesOf);
  try {
    const found = await lib.findMofFiles([at.src]);
    checkDiagnostics(lib, found.diagnostics, "findMofFiles");
    const program = await lib.loadMofFiles(found.files);
    checkDiagnostics(lib, program.diagnostics, "loadMofFiles");
    const options = { ...s.options };
    checkDiagnostics(lib, lib.checkProgram(program, options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}), "checkProgram");
    const configuration = await lib.readMofFile(at.configuration);
    const smsDef = await lib.readMofFile(at.smsDef);
    if (!configuration.ok || !smsDef.ok) return;
    const plan = lib.planMigration({ sources: program, configurationMof: configuration.document, smsDefMof: smsDef.document, options });
    checkDiagnostics(lib, plan.diagnostics, "planMigration");
    const applied = lib.applyPlan(plan);
    for (const a of applied) {
      checkDiagnostics(lib, a.diagnostics, "applyPlan");
      if (lib.decodeMof(a.bytes).text !== a.text) throw new Error(`applyPlan: the bytes of ${a.target} do not decode to its text`);
      const before = (a.target === "configuration" ? configuration : smsDef).document;
      const errors = (/** @type {any} */ doc) => doc.diagnostics.filter((/** @type {any} */ d) => d.severity === "error").length;
      if (a.changed && !a.failed && errors(before) === 0 && errors(lib.parseMof(a.text)) > 0) throw new Error(`applyPlan: the new ${a.target} does not parse`);
    }
    checkDiagnostics(lib, lib.splitSources(program, options).diagnostics, "splitSources");
    // A second run changes nothing: plan again against what the first one would write.
    const clean = ![...program.diagnostics, ...plan.diagnostics, ...configuration.diagnostics, ...smsDef.diagnostics].some((d) => d.severity === "error");
    if (!clean || applied.some((a) => a.failed) || !applied.some((a) => a.changed)) return;
    const again = lib.planMigration({
      sources: program,
      configurationMof: lib.parseMof(lib.decodeMof(applied[0].bytes), { file: at.configuration }),
      smsDefMof: lib.parseMof(lib.decodeMof(applied[1].bytes), { file: at.smsDef }),
      options,
    });
    const second = lib.applyPlan(again).filter((a) => a.changed);
    if (second.length > 0) throw new Error(`a second run would change ${second.map((a) => a.target).join(" and ")} again`);
  } finally {
    await rm(at.root, { recursive: true, force: true });
  }
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<{ code: number, output: string }>}
 */
function cli(bin, args, cwd) {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--max-old-space-size=512", bin, ...args],
      { cwd, timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * The command line on a site: `check` and `convert --write` end with an exit code, without a
 * stack trace; a failed write leaves the targets as they were, a successful one makes a second
 * `--check` run find nothing to do; nothing but targets and backups is left next to them.
 * @param {string} bin
 * @param {Site} s
 * @param {(name: string) => Uint8Array} bytesOf
 */
export async function checkCommandLine(bin, s, bytesOf) {
  const at = await materialize(s, bytesOf);
  try {
    const noTrace = (/** @type {string} */ what, /** @type {{ code: number, output: string }} */ r) => {
      if (/\n\s+at .+:\d+:\d+\)?\n/.test(r.output) || /FATAL ERROR|Maximum call stack/.test(r.output))
        throw new Error(`${what} crashed (exit ${r.code}):\n${r.output.slice(-2000)}`);
    };
    const check = await cli(bin, ["check", "src", "--color", "never"], at.root);
    noTrace("check", check);
    if (![0, 1, 2].includes(check.code)) throw new Error(`check exited with ${check.code}`);
    const targets = ["--config-mof", "site/configuration.mof", "--sms-def", "site/SMS_def.mof", "--color", "never"];
    const before = [await readFile(at.configuration), await readFile(at.smsDef)];
    const write = await cli(bin, ["convert", "src", ...targets, "--write"], at.root);
    noTrace("convert --write", write);
    const after = [await readFile(at.configuration), await readFile(at.smsDef)];
    const left = (await readdir(join(at.root, "site"))).filter((n) => !/^(configuration|SMS_def)\.mof(\.bak)?$/.test(n));
    if (left.length > 0) throw new Error(`convert --write left ${left.join(", ")} next to the targets`);
    if (write.code === 2) {
      if (!before[0].equals(after[0]) || !before[1].equals(after[1]))
        throw new Error(`convert --write failed (exit 2) but changed a target:\n${write.output.slice(-2000)}`);
    } else if (write.code === 0) {
      const again = await cli(bin, ["convert", "src", ...targets, "--check"], at.root);
      noTrace("convert --check", again);
      if (again.code !== 0) throw new Error(`a second run would change the targets again (exit ${again.code}):\n${again.output.slice(-2000)}`);
    } else throw new Error(`convert --write exited with ${write.code}`);
  } finally {
    await rm(at.root, { recursive: true, force: true });
  }
}

/**
 * The pipeline properties, ready for `fc.assert` (async). `inputs` are the real files to use.
 * @param {PipelineLibrary} lib
 * @param {import("./fuzz-properties.mjs").FuzzInput[]} inputs
 * @returns {import("./fuzz-properties.mjs").NamedProperty[]}
 */
export function pipelineProperties(lib, inputs) {
  const files = new Map(inputs.map((i) => [i.name, i.bytes]));
  const bytesOf = (/** @type {string} */ name) => /** @type {Uint8Array} */ (files.get(name));
  const names = [...files.keys()];
  /** @type {import("./fuzz-properties.mjs").NamedProperty[]} */
  const properties = [
    {
      name: "generated folders load, check, plan and apply, and a second run changes nothing",
      arbitraries: [site(names)],
      predicate: (s) => checkPipeline(lib, s, bytesOf),
      weight: 0.1,
      async: true,
    },
  ];
  if (lib.bin) {
    const bin = lib.bin;
    properties.push({
      name: "the command line on generated folders: an exit code, all or nothing, nothing left over",
      arbitraries: [site(names)],
      predicate: (s) => checkCommandLine(bin, s, bytesOf),
      weight: 0.02,
      async: true,
    });
  }
  return properties;
}
