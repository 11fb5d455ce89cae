/**
 * The corpus rule itself: when MOF_CORPUS is set (as in CI) and names no corpus, the corpus
 * tests fail instead of being skipped. Runs one corpus test file in a child vitest.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

function vitest(file: string, env: Record<string, string | undefined>): Promise<{ code: number; output: string }> {
  const environment: Record<string, string | undefined> = { ...process.env, ...env };
  for (const k of Object.keys(environment)) if (environment[k] === undefined) delete environment[k];
  return new Promise((done) => {
    execFile(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", file], { cwd: root, env: environment }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, output: stdout + stderr });
    });
  });
}

describe("corpus tests", () => {
  it("fail when MOF_CORPUS names a folder without the corpus", async () => {
    const r = await vitest("test/corpus-schema.test.ts", { MOF_CORPUS: join(root, "no-such-corpus") });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("needs the corpus at");
    expect(r.output).toMatch(/MOF_CORPUS=.*no-such-corpus but .* has no MANIFEST\.tsv/);
  });
});
