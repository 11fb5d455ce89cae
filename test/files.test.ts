import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMofFiles } from "mof-migrate";

let dir: string;
let outside: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-files-"));
  outside = await mkdtemp(join(tmpdir(), "mof-outside-"));
  const files = ["b.mof", "A.MOF", "sub/c.Mof", "sub/deeper/d.mof", "notes.txt", "node_modules/x/e.mof", ".git/f.mof", "skip/g.mof"];
  for (const f of files) {
    await mkdir(join(dir, f, ".."), { recursive: true });
    await writeFile(join(dir, f), "class X {};\n");
  }
  await writeFile(join(outside, "secret.mof"), "class S {};\n");
  await symlink(join(outside, "secret.mof"), join(dir, "link-out.mof"));
  await symlink(join(dir, "b.mof"), join(dir, "sub", "link-in.mof"));
  await symlink(outside, join(dir, "linked-folder"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const rel = (files: string[]) => files.map((f) => f.slice(dir.length + 1));

describe("findMofFiles", () => {
  it("searches folders recursively for *.mof in any case, sorted, skipping node_modules, .git and symbolic links", async () => {
    const found = await findMofFiles([dir]);
    expect(rel(found.files)).toEqual(["A.MOF", "b.mof", "skip/g.mof", "sub/c.Mof", "sub/deeper/d.mof"]);
    expect(found.roots).toEqual([dir]);
    // notes.txt holds MOF: it is not read, but listed with how to take it.
    expect(rel(found.skipped)).toEqual(["notes.txt"]);
    expect(found.diagnostics.map((d) => [d.code, d.severity, rel([d.file])[0], d.line, d.column])).toEqual([
      ["mof-content-skipped", "info", "notes.txt", 1, 1],
    ]);
    expect(found.diagnostics[0].hint).toContain('--include "**/*.txt"');
  });

  it("lists no skipped files when the include patterns are the user's", async () => {
    const found = await findMofFiles([dir], { include: ["**/*.mof"] });
    expect(found.skipped).toEqual([]);
    expect(found.diagnostics).toEqual([]);
  });

  it("applies include and exclude patterns", async () => {
    const found = await findMofFiles([dir], { include: ["sub/**/*.mof"], exclude: ["**/deeper/**"] });
    expect(rel(found.files)).toEqual(["sub/c.Mof"]);
    const excluded = await findMofFiles([dir], { exclude: ["skip/**"] });
    expect(rel(excluded.files)).toEqual(["A.MOF", "b.mof", "sub/c.Mof", "sub/deeper/d.mof"]);
  });

  it("takes files given by name whatever their extension, keeps input order and lists each file once", async () => {
    const found = await findMofFiles([join(dir, "notes.txt"), join(dir, "sub"), join(dir, "sub", "c.Mof")]);
    expect(rel(found.files)).toEqual(["notes.txt", "sub/c.Mof", "sub/deeper/d.mof"]);
    expect(found.roots).toEqual([dir, join(dir, "sub")]);
  });

  it("expands glob patterns", async () => {
    const found = await findMofFiles([join(dir, "sub", "**", "*.mof")]);
    expect(rel(found.files)).toEqual(["sub/c.Mof", "sub/deeper/d.mof"]);
    expect(found.roots).toEqual([join(dir, "sub")]);
  });

  it("reports missing inputs as errors and empty folders or globs as warnings", async () => {
    await mkdir(join(dir, "empty"), { recursive: true });
    const found = await findMofFiles([join(dir, "nope.mof"), join(dir, "empty"), join(dir, "*.xyz"), join(dir, "b.mof")]);
    expect(rel(found.files)).toEqual(["b.mof"]);
    expect(found.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["input-not-found", "error"],
      ["no-mof-files", "warning"],
      ["no-mof-files", "warning"],
    ]);
    expect(found.diagnostics[0].file).toBe(join(dir, "nope.mof"));
  });
});
