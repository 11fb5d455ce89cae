/**
 * The published package works on its own: pack it, install the tarball into an empty project,
 * run its binary and import it. Uses the build from `pretest`.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let work: string;
let project: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-pack-"));
  // The build is already there (pretest), so the prepack build is skipped.
  await run(npm, ["pack", "--ignore-scripts", "--pack-destination", work], { cwd: root });
  const tarball = (await readdir(work)).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack made no tarball");
  project = join(work, "project");
  await run("mkdir", [project]);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "try-mof-migrate", private: true, type: "module" }));
  await run(npm, ["install", join(work, tarball), "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project });
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships the bundles, their declarations, the README, the licence and nothing else", async () => {
    const { stdout } = await run(npm, ["pack", "--ignore-scripts", "--dry-run", "--json"], { cwd: root });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    for (const file of ["dist/bin/mof-migrate.js", "dist/cli/mof-migrate.cjs", "dist/index.js", "dist/index.cjs", "dist/syntax.js", "dist/syntax.cjs"])
      expect(files).toContain(file);
    for (const file of ["dist/types/src/index.d.ts", "dist/types/src/index.d.cts", "dist/types/src/syntax.d.ts", "dist/types/src/syntax.d.cts"])
      expect(files).toContain(file);
    expect(files).toContain("README.md");
    expect(files).toContain("LICENSE");
    expect(files).toContain("dist/THIRD-PARTY-NOTICES.txt");
    expect(
      files.filter((f) => f.startsWith("test/") || f.startsWith("samples/") || f.endsWith(".cache") || /\.(c|m)?ts$/.test(f.replace(/\.d\.c?ts$/, ""))),
    ).toEqual([]);
  });

  it("ships source maps only with the sources inside them", async () => {
    const { stdout } = await run(npm, ["pack", "--ignore-scripts", "--dry-run", "--json"], { cwd: root });
    const maps: string[] = JSON.parse(stdout)[0]
      .files.map((f: { path: string }) => f.path)
      .filter((f: string) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const json = JSON.parse(await readFile(join(root, map), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(json.sourcesContent?.length, map).toBe(json.sources.length);
      expect(
        json.sourcesContent!.every((c) => typeof c === "string" && c.length > 0),
        map,
      ).toBe(true);
    }
  });

  it("declares what it needs and invents nothing", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    // yargs 18 needs ^20.19 || ^22.12 || >=23; require() of the package works on each of them.
    expect(pkg.engines.node).toBe("^20.19.0 || ^22.12.0 || >=23");
    for (const dependency of Object.keys(pkg.dependencies)) {
      const needs = JSON.parse(await readFile(join(root, "node_modules", dependency, "package.json"), "utf8")).engines?.node;
      if (needs && dependency === "yargs") expect(needs).toBe(pkg.engines.node);
    }
    // diff before 8.0.3 has a denial-of-service advisory (GHSA-73rr-hh4g-fpgx).
    expect(pkg.dependencies.diff).toMatch(/^\^8\.0\.([3-9]|\d\d)/);
    for (const field of ["repository", "bugs", "homepage"]) expect(pkg).not.toHaveProperty(field);
    expect(pkg.license).toBe("MIT");
    expect(await readFile(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("installs a working mof-migrate binary", async () => {
    const bin = join(project, "node_modules", ".bin", "mof-migrate");
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    const version = await run(bin, ["--version"], { cwd: project });
    expect(version.stdout.trim()).toBe(pkg.version);

    const sample = join(root, "samples", "cm2007", "SMS_def.mof");
    const check = await run(bin, ["check", sample, "--color", "never"], { cwd: project });
    expect(check.stdout).toMatch(/in 1 file\n$/);
  });

  it("can be required by name from CommonJS, with the same exports as the ES module", async () => {
    const script = join(project, "try.cjs");
    await writeFile(
      script,
      [
        'const m = require("mof-migrate");',
        'const syntax = require("mof-migrate/syntax");',
        'const doc = m.parseMof("class A { uint32 X = 0x10; };", { file: "a.mof" });',
        "const shared = doc.lines instanceof syntax.LineIndex;",
        'import("mof-migrate").then((esm) => console.log(JSON.stringify({ cjs: Object.keys(m).sort(), esm: Object.keys(esm).filter((k) => k !== "default").sort(), kind: doc.productions[0].kind, shared, tokens: syntax.printTokens(syntax.tokenize("class A {};")) })));',
      ].join("\n"),
    );
    const { stdout, stderr } = await run(process.execPath, [script], { cwd: project });
    const result = JSON.parse(stdout);
    expect(result.cjs.length).toBeGreaterThan(15);
    expect(result.cjs).toEqual(result.esm);
    expect(result).toMatchObject({ kind: "class", shared: true, tokens: "class A {};" });
    expect(stderr).toBe("");
  });

  it("types both ways: TypeScript resolves the declarations for import and for require", async () => {
    const check = (file: string, text: string, module: ts.ModuleKind) => {
      const path = join(project, file);
      const host = ts.createCompilerHost({});
      const original = host.readFile.bind(host);
      host.readFile = (f) => (f === path ? text : original(f));
      const exists = host.fileExists.bind(host);
      host.fileExists = (f) => f === path || exists(f);
      const program = ts.createProgram([path], { module, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, types: [] }, host);
      return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    };
    const esm =
      'import { parseMof } from "mof-migrate";\nimport { tokenize } from "mof-migrate/syntax";\nconst n: number = parseMof("class A {};").productions.length + tokenize("").length;\nexport { n };\n';
    expect(check("typed.mts", esm, ts.ModuleKind.NodeNext)).toEqual([]);
    const cjs =
      'import m = require("mof-migrate");\nimport s = require("mof-migrate/syntax");\nconst n: number = m.parseMof("class A {};").productions.length + s.tokenize("").length;\nexport = n;\n';
    expect(check("typed.cts", cjs, ts.ModuleKind.NodeNext)).toEqual([]);
  });

  it("can be imported by name, with the documented exports", async () => {
    const script = join(project, "try.mjs");
    await writeFile(
      script,
      [
        'import * as m from "mof-migrate";',
        'import * as syntax from "mof-migrate/syntax";',
        'if (syntax.printTokens(syntax.tokenize("class A {};")) !== "class A {};") throw new Error("mof-migrate/syntax does not round-trip");',
        'const names = ["parseMof", "loadMofFiles", "planMigration", "applyPlan", "formatDiff", "formatDiagnostic", "decodeMof", "encodeMof", "checkProgram", "findMofFiles", "writeTargets"];',
        "const missing = names.filter((n) => typeof m[n] !== 'function');",
        'const doc = m.parseMof("class A { uint32 X = 0x10; };", { file: "a.mof" });',
        "console.log(JSON.stringify({ missing, kind: doc.productions[0].kind, value: String(doc.productions[0].features[0].defaultValue.value) }));",
      ].join("\n"),
    );
    const { stdout } = await run(process.execPath, [script], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ missing: [], kind: "class", value: "16" });
  });
});

/** The `index`-th fenced block of `lang` after the heading `heading` in the README (0: the first). */
async function readmeBlock(heading: string, lang: string, index = 0): Promise<string> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(`\n## ${heading}\n`));
  const match = [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))][index];
  if (!match) throw new Error(`no ${lang} block ${index} under ## ${heading}`);
  return match[1];
}

describe("the README", () => {
  it("starts with the two commands a new user runs", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const firstBlock = readme.match(/```sh\n([\s\S]*?)```/)![1];
    expect(readme.indexOf("```sh")).toBeLessThan(readme.indexOf("\n## "));
    expect(firstBlock).toBe("npm install && npm start\nnpm test\n");
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.prestart).toMatch(/build/);
    expect(pkg.scripts.start).toContain("convert samples/sms2003");
  });

  it("has a library example that runs against the installed package", async () => {
    const example = await readmeBlock("Library", "js");
    await cp(join(root, "samples"), join(project, "samples"), { recursive: true });
    const script = join(project, "readme-example.mjs");
    await writeFile(script, example);
    const before = await readFile(join(project, "samples", "cm2007", "SMS_def.mof"));

    const preview = await run(process.execPath, [script], { cwd: project });
    expect(preview.stdout).toMatch(/^append +class Contoso_Printer \(data\) samples\/sms2003\/mini\/printers\.mof:\d+$/m);
    expect(preview.stdout).toContain("--- a/samples/cm2007/configuration.mof (CRLF)");
    expect((await readFile(join(project, "samples", "cm2007", "SMS_def.mof"))).equals(before)).toBe(true);

    const write = await run(process.execPath, [script, "--write"], { cwd: project });
    expect(write.stdout.trim().split("\n").at(-1)).toBe("written");
    expect((await readFile(join(project, "samples", "cm2007", "SMS_def.mof.bak"))).equals(before)).toBe(true);
    expect((await readFile(join(project, "samples", "cm2007", "SMS_def.mof"))).toString("latin1")).toMatch(/Class Contoso_Printer : SMS_Class_Template/);
  });

  it("has a current branch library example that runs against the installed package", async () => {
    const example = await readmeBlock("Library", "js", 1);
    expect(example).toContain('kind: "current-branch"');
    await cp(join(root, "samples"), join(project, "cb-samples", "samples"), { recursive: true });
    const cwd = join(project, "cb-samples");
    const script = join(project, "readme-cb-example.mjs");
    await writeFile(script, example);
    const importMof = join(cwd, "samples", "cb", "inventory-classes.mof");
    const before = await readFile(join(cwd, "samples", "cb", "configuration.mof"));

    const preview = await run(process.execPath, [script], { cwd });
    expect(preview.stdout).toMatch(/^append +Contoso_Printer \(data\) -> configuration$/m);
    expect(preview.stdout).toMatch(/^conflict +Contoso_Printer \(reporting\) -> importMof$/m);
    expect(preview.stdout).toContain("--- /dev/null\n+++ b/samples/cb/inventory-classes.mof (CRLF)");
    expect((await readFile(join(cwd, "samples", "cb", "configuration.mof"))).equals(before)).toBe(true);

    const write = await run(process.execPath, [script, "--write"], { cwd });
    expect(write.stdout.trim().split("\n").at(-1)).toBe("written");
    expect((await readFile(importMof)).toString("latin1")).toMatch(/class Contoso_InstalledApps : SMS_Class_Template/);
    const again = await run(process.execPath, [script], { cwd });
    expect(again.stdout).toMatch(/^already-there +Contoso_InstalledApps \(reporting\) -> importMof$/m);
  });
});

describe("the public API", () => {
  const entries = { main: join(root, "src", "index.ts"), syntax: join(root, "src", "syntax.ts") };
  const program = ts.createProgram(Object.values(entries), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exportsOf = (file: string) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!);
  /** Exports that exist at run time (functions, constants, classes), not types only. */
  const isValue = (s: ts.Symbol) =>
    (resolve(s).flags & ts.SymbolFlags.Value) !== 0 &&
    !(s.getDeclarations() ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));

  it("documents every export on its declaration", () => {
    for (const file of Object.values(entries)) {
      const undocumented = exportsOf(file)
        .filter((s) => (resolve(s).getDeclarations() ?? []).every((d) => ts.getJSDocCommentsAndTags(d).length === 0))
        .map((s) => s.name);
      expect(undocumented, file).toEqual([]);
    }
  });

  it("keeps the main entry small: the verbs a user calls, at most 25 values", () => {
    const values = exportsOf(entries.main)
      .filter(isValue)
      .map((s) => s.name);
    expect(values.length, values.join(", ")).toBeLessThanOrEqual(25);
    for (const verb of [
      "parseMof",
      "readMofFile",
      "loadMofFiles",
      "checkProgram",
      "planMigration",
      "applyPlan",
      "splitSources",
      "planToJson",
      "formatDiagnostics",
      "formatDiff",
      "writeTargets",
    ]) {
      expect(values).toContain(verb);
    }
    // Types count apart: every node and result type is there.
    expect(exportsOf(entries.main).length).toBeGreaterThan(60);
  });

  it("exports every type its exports refer to", () => {
    const exported = new Set([...exportsOf(entries.main), ...exportsOf(entries.syntax)].map(resolve));
    const ours = (d: ts.Declaration) => {
      const file = d.getSourceFile().fileName;
      return file.startsWith(join(root, "src")) || file.startsWith(join(root, "grammar"));
    };
    const missing = new Map<string, string>();
    const visit = (node: ts.Node, from: string): void => {
      // Bodies and initializers are implementation, not surface.
      if (ts.isBlock(node) || (ts.isVariableDeclaration(node) && node.type === undefined)) return;
      if (
        (ts.isPropertyDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isConstructorDeclaration(node) ||
          ts.isParameterPropertyDeclaration(node, node.parent)) &&
        ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Private
      )
        return;
      if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node) || ts.isTypeQueryNode(node)) {
        const name = ts.isTypeReferenceNode(node) ? node.typeName : ts.isTypeQueryNode(node) ? node.exprName : node.expression;
        const symbol = checker.getSymbolAtLocation(name);
        const target = symbol && resolve(symbol);
        const decl = target?.getDeclarations()?.[0];
        if (target && decl && ours(decl) && !(target.flags & ts.SymbolFlags.TypeParameter) && !exported.has(target)) missing.set(target.name, from);
      }
      ts.forEachChild(node, (child) => visit(child, from));
    };
    for (const s of exported) {
      for (const d of s.getDeclarations() ?? []) {
        if (ts.isVariableDeclaration(d)) {
          if (d.type) visit(d.type, s.name);
        } else visit(d, s.name);
        if (ts.isFunctionDeclaration(d)) expect(d.type, `${s.name} declares its return type`).toBeDefined();
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });
});
