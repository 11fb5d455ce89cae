/**
 * The dependency rules (`.dependency-cruiser.cjs`) hold for the code, and would catch each kind
 * of violation: a tree with one planted violation per rule fails with exactly those rules.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const depcruise = join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/** Run the dependency check in `cwd` and return its violations. */
async function violations(cwd: string): Promise<Violation[]> {
  const config = join(root, ".dependency-cruiser.cjs");
  const result = await run(process.execPath, [depcruise, "src", "grammar", "bin", "--config", config, "--output-type", "json"], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  return (JSON.parse(result.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("the dependency rules", () => {
  it("hold for the code", async () => {
    expect((await violations(root)).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);

  describe("on a tree with one violation of each rule", () => {
    let tree: string;
    /** Each planted file, with the import it makes and the rule that import breaks. */
    const planted: Record<string, { imports: string; rule: string }> = {
      "grammar/uses-src.ts": { imports: "../src/util/ok.js", rule: "grammar-imports-nothing-from-src" },
      "grammar/uses-npm.ts": { imports: "yargs", rule: "grammar-imports-only-chevrotain" },
      "src/util/uses-stage.ts": { imports: "../diagnostics/ok.js", rule: "util-imports-nothing" },
      "src/document/uses-program.ts": { imports: "../program/ok.js", rule: "document-imports-only-below" },
      "src/migrate/uses-check.ts": { imports: "../check/ok.js", rule: "migrate-imports-only-below" },
      "src/output/uses-cli.ts": { imports: "../cli/ok.js", rule: "output-imports-only-below" },
      "src/cli/uses-migrate.ts": { imports: "../migrate/ok.js", rule: "cli-imports-only-public-entries" },
      "bin/uses-library.ts": { imports: "../src/index.js", rule: "bin-is-thin" },
      "src/program/cycle-a.ts": { imports: "./cycle-b.js", rule: "no-circular" },
    };

    beforeAll(async () => {
      tree = await mkdtemp(join(tmpdir(), "mof-layout-"));
      const file = async (path: string, text: string) => {
        await mkdir(dirname(join(tree, path)), { recursive: true });
        await writeFile(join(tree, path), text);
      };
      await copyFile(join(root, "tsconfig.json"), join(tree, "tsconfig.json"));
      await mkdir(join(tree, "node_modules"), { recursive: true });
      await file("node_modules/yargs/package.json", JSON.stringify({ name: "yargs", version: "1.0.0", main: "index.js" }));
      await file("node_modules/yargs/index.js", "export default 1;\n");
      for (const stage of ["util", "diagnostics", "program", "check", "migrate", "cli"]) await file(`src/${stage}/ok.ts`, "export const ok = 1;\n");
      await file("src/index.ts", 'export { ok } from "./util/ok.js";\n');
      await file("src/cli/main.ts", 'export { ok } from "../index.js";\n');
      await file("bin/main.ts", 'import "../src/cli/main.js";\n');
      for (const [path, { imports }] of Object.entries(planted)) await file(path, `import "${imports}";\nexport const planted = 1;\n`);
      await file("src/program/cycle-b.ts", 'import "./cycle-a.js";\nexport const planted = 1;\n');
    });
    afterAll(async () => {
      if (tree) await rm(tree, { recursive: true, force: true });
    });

    it("reports each planted violation under its rule, and nothing in the files that keep the rules", async () => {
      const found = await violations(tree);
      for (const [path, { rule }] of Object.entries(planted)) {
        expect(
          found.filter((v) => v.from === path).map((v) => v.rule.name),
          path,
        ).toContain(rule);
      }
      const innocent = found.filter((v) => !(v.from in planted) && v.from !== "src/program/cycle-b.ts");
      expect(innocent.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
    }, 60_000);
  });
});
