import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findMofFiles, loadMofFiles, readMofFile } from "mof-migrate";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-load-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Write files under the temp folder; returns the absolute path of the first one. */
async function files(entries: Record<string, string | Uint8Array>): Promise<string> {
  let first = "";
  for (const [name, content] of Object.entries(entries)) {
    const path = join(dir, name);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, content);
    first ||= path;
  }
  return first;
}

const CLASS = (name: string) => `class ${name} { string Name; };\n`;

describe("loadMofFiles", () => {
  it("follows a relative include with backslashes, in compile order", async () => {
    const root = await files({
      "main.mof": `#pragma include("sub\\\\child.mof")\n${CLASS("Main_Class")}`,
      "sub/child.mof": `#pragma include ("grand.mof")\n${CLASS("Child_Class")}`,
      "sub/grand.mof": CLASS("Grand_Class"),
    });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toEqual([]);
    expect(program.roots.map((d) => d.file)).toEqual([root]);
    expect(program.documents.map((d) => d.file)).toEqual([root, join(dir, "sub", "child.mof"), join(dir, "sub", "grand.mof")]);
    const pragma = program.documents[0].productions[0];
    expect(pragma.kind).toBe("pragma");
    expect(program.includes.get(pragma as never)?.file).toBe(join(dir, "sub", "child.mof"));
    expect(program.includes.size).toBe(2);
  });

  it("falls back to a case-insensitive match of each path segment", async () => {
    const root = await files({
      "main.mof": `#pragma include("SUB/QuaLIFIErs.MOF")\n`,
      "sub/qualifiers.mof": "Qualifier Key : boolean = false, Scope(property);\n",
    });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents.map((d) => d.file)).toEqual([root, join(dir, "sub", "qualifiers.mof")]);
  });

  it("reports a missing include at the pragma, in the including file, with a hint", async () => {
    const root = await files({
      "main.mof": `// header\n${CLASS("A_B")}  #pragma include("missing.mof")\n`,
      "other.mof": CLASS("C_D"),
    });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toHaveLength(1);
    const [d] = program.diagnostics;
    expect(d).toMatchObject({ code: "include-not-found", severity: "error", file: root, line: 3, column: 3 });
    expect(d.message).toContain("missing.mof");
    expect(d.hint).toMatch(/relative to the including file/);
    expect(program.documents).toHaveLength(1);
  });

  it("suggests a file with a similar name", async () => {
    const root = await files({ "main.mof": `#pragma include("qualifer.mof")\n`, "qualifier.mof": "" });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics[0]).toMatchObject({ code: "include-not-found", line: 1, column: 1 });
    expect(program.diagnostics[0].hint).toBe("did you mean 'qualifier.mof'?");
  });

  it("detects an include cycle and names the chain", async () => {
    const root = await files({
      "a.mof": `#pragma include("b.mof")\n`,
      "b.mof": `${CLASS("B_X")}#pragma include("a.mof")\n`,
    });
    const program = await loadMofFiles([root]);
    expect(program.documents.map((d) => d.file)).toEqual([root, join(dir, "b.mof")]);
    expect(program.diagnostics).toHaveLength(1);
    expect(program.diagnostics[0]).toMatchObject({ code: "include-cycle", severity: "error", file: join(dir, "b.mof"), line: 2, column: 1 });
    expect(program.diagnostics[0].message).toContain("a.mof -> b.mof -> a.mof");
    expect(program.includes.size).toBe(1);
  });

  it("refuses to include a folder", async () => {
    const root = await files({ "main.mof": `#pragma include("sub")\n`, "sub/x.mof": "" });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toHaveLength(1);
    expect(program.diagnostics[0]).toMatchObject({ code: "include-not-a-file", severity: "error", line: 1 });
  });

  it("refuses includes outside the folders of the root files unless allowed", async () => {
    await files({ "shared.mof": CLASS("Shared_X") });
    await mkdir(join(dir, "site"));
    const root = join(dir, "site", "main.mof");
    await writeFile(root, `\n#pragma include("../shared.mof")\n`);

    const refused = await loadMofFiles([root]);
    expect(refused.diagnostics).toHaveLength(1);
    expect(refused.diagnostics[0]).toMatchObject({ code: "include-outside-root", severity: "error", line: 2, column: 1 });
    expect(refused.documents).toHaveLength(1);

    const allowed = await loadMofFiles([root], { allowOutsideRoots: true });
    expect(allowed.diagnostics).toEqual([]);
    expect(allowed.documents.map((d) => d.file)).toEqual([root, join(dir, "site", "..", "shared.mof")]);
  });

  it("accepts an include that leaves one root's folder for another root's folder", async () => {
    const root = await files({ "a/main.mof": `#pragma include("../b/other.mof")\n`, "b/root.mof": "", "b/other.mof": "" });
    const program = await loadMofFiles([root, join(dir, "b", "root.mof")]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents).toHaveLength(3);
  });

  it("reports a binary file and does not parse it", async () => {
    const bytes = new Uint8Array(4000);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = 0x41 + (i % 26);
    const root = await files({ "main.mof": `#pragma include("blob.mof")\n`, "blob.mof": bytes });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toHaveLength(1);
    expect(program.diagnostics[0]).toMatchObject({ code: "binary-file", severity: "error", file: join(dir, "blob.mof"), line: 1, column: 1 });
    expect(program.documents.map((d) => d.file)).toEqual([root]);
  });

  it("reads UTF-16 files without taking their zero bytes for binary", async () => {
    const text = `#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\n${CLASS("Wide_Class")}`;
    const root = await files({ "wide.mof": new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])) });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents[0].source.encoding).toBe("utf16le");
    expect(program.documents[0].productions.map((p) => p.kind)).toEqual(["pragma", "class"]);
  });

  it("loads a file included twice once and records both includes", async () => {
    const root = await files({
      "main.mof": `#pragma include("a.mof")\n#pragma include("b.mof")\n`,
      "a.mof": `#pragma include("common.mof")\n`,
      "b.mof": `#pragma include("COMMON.mof")\n`,
      "common.mof": CLASS("Common_X"),
    });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents.map((d) => d.file.slice(dir.length + 1))).toEqual(["main.mof", "a.mof", "common.mof", "b.mof"]);
    const common = program.documents[2];
    const targets = [...program.includes.entries()].filter(([, d]) => d === common);
    expect(targets).toHaveLength(2);
  });

  it("loads a root once even when it is also included or named twice", async () => {
    const root = await files({ "main.mof": `#pragma include("lib.mof")\n`, "lib.mof": CLASS("Lib_X") });
    const program = await loadMofFiles([root, join(dir, "lib.mof"), root]);
    expect(program.documents).toHaveLength(2);
    expect(program.roots.map((d) => d.file)).toEqual([root, join(dir, "lib.mof")]);
  });

  it("follows C-style #include of an existing .mof file and ignores headers", async () => {
    const root = await files({
      "main.mof": `#include "defs.h"\n#include "common.mof"\n#include "absent.mof"\n${CLASS("Main_X")}`,
      "common.mof": CLASS("Common_X"),
    });
    const program = await loadMofFiles([root]);
    expect(program.documents.map((d) => d.file)).toEqual([root, join(dir, "common.mof")]);
    // A missing MOF named by #include is a warning: a C preprocessor pass may have supplied it.
    expect(program.diagnostics).toHaveLength(1);
    expect(program.diagnostics[0]).toMatchObject({ code: "include-not-found", severity: "warning", line: 3 });
  });

  it("reports roots that are missing or folders as read errors", async () => {
    await mkdir(join(dir, "folder"));
    const program = await loadMofFiles([join(dir, "nope.mof"), join(dir, "folder")]);
    expect(program.documents).toEqual([]);
    expect(program.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ["read-error", "error", join(dir, "nope.mof")],
      ["read-error", "error", join(dir, "folder")],
    ]);
  });

  it("stops at maxIncludes files", async () => {
    const root = await files({
      "main.mof": `#pragma include("a.mof")\n#pragma include("b.mof")\n#pragma include("c.mof")\n`,
      "a.mof": "",
      "b.mof": "",
      "c.mof": "",
    });
    const program = await loadMofFiles([root], { maxIncludes: 2 });
    expect(program.documents).toHaveLength(2);
    expect(program.diagnostics).toHaveLength(1);
    expect(program.diagnostics[0]).toMatchObject({ code: "too-many-files", line: 2 });
  });

  it("keeps each document's parse diagnostics", async () => {
    const root = await files({ "main.mof": `#pragma include("bad.mof")\n`, "bad.mof": "class X {\n  string A\n};\n" });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics.length).toBeGreaterThan(0);
    expect(program.diagnostics.every((d) => d.file === join(dir, "bad.mof"))).toBe(true);
    expect(program.diagnostics[0].severity).toBe("error");
  });
});

describe("files that are not regular files", () => {
  it.skipIf(process.platform === "win32")("a named pipe is never opened for a blocking read", async () => {
    const pipe = join(dir, "pipe.mof");
    execFileSync("mkfifo", [pipe]);
    const read = await readMofFile(pipe);
    expect(read.ok).toBe(false);
    expect(read.diagnostics[0]).toMatchObject({ code: "read-error", message: `cannot read '${pipe}': it is a named pipe (FIFO), not a file` });
    const loaded = await loadMofFiles([pipe]);
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([`cannot read '${pipe}': it is a named pipe (FIFO), not a file`]);
    const found = await findMofFiles([pipe]);
    expect(found.diagnostics[0]).toMatchObject({ code: "read-error", message: `cannot read '${pipe}': it is a named pipe (FIFO), not a file or a folder` });
  });

  it("a link that loops or points nowhere is said to be one", async () => {
    await symlink("loop.mof", join(dir, "loop.mof"));
    await symlink("gone.mof", join(dir, "dangling.mof"));
    const root = await files({ "root.mof": '#pragma include("loop.mof")\n#pragma include("dangling.mof")\n' });
    const program = await loadMofFiles([root]);
    expect(program.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["include-not-a-file", 1, "'loop.mof' is a symbolic link that loops, not a file"],
      ["include-not-a-file", 2, "'dangling.mof' is a symbolic link to nothing, not a file"],
    ]);
    const found = await findMofFiles([join(dir, "loop.mof"), join(dir, "dangling.mof")]);
    expect(found.diagnostics.map((d) => d.message)).toEqual([
      `cannot read '${join(dir, "loop.mof")}': it is a symbolic link that loops`,
      `cannot read '${join(dir, "dangling.mof")}': it is a symbolic link to nothing`,
    ]);
  });
});

describe("confinement by real path", () => {
  it("an include through a link that leaves the folder is refused, and nothing of the outside file is read", async () => {
    const outside = await mkdtemp(join(tmpdir(), "mof-outside-"));
    try {
      await writeFile(join(outside, "secret.mof"), "class Outside { string Secret_Line_Text\n");
      const root = await files({ "site/main.mof": '#pragma include("inside.mof")\n#pragma include("linked/secret.mof")\nclass A {};\n' });
      await symlink(join(outside, "secret.mof"), join(dir, "site", "inside.mof"));
      await symlink(outside, join(dir, "site", "linked"));
      const program = await loadMofFiles([root]);
      expect(program.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
        ["include-outside-root", root, 1],
        ["include-outside-root", root, 2],
      ]);
      expect(program.diagnostics[0].message).toContain(`through a link, it is '${join(outside, "secret.mof")}'`);
      expect(program.documents.map((d) => d.file)).toEqual([root]);
      expect(JSON.stringify(program.diagnostics)).not.toContain("Secret_Line_Text");

      const allowed = await loadMofFiles([root], { allowOutsideRoots: true });
      expect(allowed.documents).toHaveLength(2);

      // A folder listing does not follow links either.
      const found = await findMofFiles([join(dir, "site")]);
      expect(found.files).toEqual([root]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("an include through a link that stays inside the folder is followed", async () => {
    const root = await files({ "site/main.mof": '#pragma include("current.mof")\n', "site/v2/real.mof": CLASS("Inside") });
    await symlink(join("v2", "real.mof"), join(dir, "site", "current.mof"));
    const program = await loadMofFiles([root]);
    expect(program.diagnostics).toEqual([]);
    expect(program.documents).toHaveLength(2);
  });
});
