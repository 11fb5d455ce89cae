import { mkdtemp, mkdir, readFile, readdir, rm, writeFile, rename as fsRename, stat, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { writeTargets } from "mof-migrate";
// The write path's replaceable steps: an internal module, not part of the library's options.
import { writeIo } from "../src/output/write-io.js";

const lockPath = (file: string) => `${file}.lock`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-write-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

async function makeTarget(name: string, text: string) {
  const file = join(dir, name);
  await writeFile(file, text);
  return { file, originalBytes: bytes(text) };
}

/** Files in `dir` whose names look like our temporary files. */
async function tempFiles(folder = dir) {
  return (await readdir(folder)).filter((n) => n.endsWith(".tmp"));
}

describe("writeTargets", () => {
  it("replaces the target, keeps a .bak backup and leaves no temp or lock file", async () => {
    const t = await makeTarget("SMS_def.mof", "old\r\n");
    const result = await writeTargets([{ ...t, newBytes: bytes("old\r\nnew\r\n") }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("old\r\nnew\r\n");
    expect(await readFile(`${t.file}.bak`, "utf8")).toBe("old\r\n");
    expect(result.written).toEqual([{ file: t.file, changed: true, backup: `${t.file}.bak` }]);
    expect(await tempFiles()).toEqual([]);
    await expect(stat(lockPath(t.file))).rejects.toThrow();
  });

  it("puts backups in backupDir when given, without name clashes", async () => {
    await mkdir(join(dir, "a"));
    await mkdir(join(dir, "b"));
    const a = await makeTarget("a/x.mof", "A");
    const b = await makeTarget("b/x.mof", "B");
    const backups = join(dir, "backups");
    const result = await writeTargets(
      [
        { ...a, newBytes: bytes("A2") },
        { ...b, newBytes: bytes("B2") },
      ],
      { backupDir: backups },
    );
    expect(result.ok).toBe(true);
    const saved = await Promise.all(result.written.map((w) => readFile(w.backup!, "utf8")));
    expect(saved).toEqual(["A", "B"]);
    expect((await readdir(backups)).sort()).toEqual(["x.mof.1.bak", "x.mof.bak"]);
    await expect(stat(`${a.file}.bak`)).rejects.toThrow();
  });

  it("does not touch a target whose bytes do not change", async () => {
    const t = await makeTarget("same.mof", "same");
    const before = (await stat(t.file)).mtimeMs;
    const result = await writeTargets([{ ...t, newBytes: bytes("same") }]);
    expect(result.ok).toBe(true);
    expect(result.written[0]).toEqual({ file: t.file, changed: false });
    await expect(stat(`${t.file}.bak`)).rejects.toThrow();
    expect((await stat(t.file)).mtimeMs).toBe(before);
  });

  it("creates a new file when originalBytes is null, and refuses if it appeared meanwhile", async () => {
    const file = join(dir, "new.mof");
    const created = await writeTargets([{ file, originalBytes: null, newBytes: bytes("fresh") }]);
    expect(created.ok).toBe(true);
    expect(await readFile(file, "utf8")).toBe("fresh");
    expect(created.written[0].backup).toBeUndefined();

    const again = await writeTargets([{ file, originalBytes: null, newBytes: bytes("other") }]);
    expect(again.ok).toBe(false);
    expect(again.diagnostics[0].code).toBe("write-changed-on-disk");
    expect(await readFile(file, "utf8")).toBe("fresh");
  });

  it("writes nothing at all when one target changed on disk since it was read", async () => {
    const a = await makeTarget("configuration.mof", "config");
    const b = await makeTarget("SMS_def.mof", "smsdef");
    await writeFile(b.file, "smsdef edited by someone else");
    const result = await writeTargets([
      { ...a, newBytes: bytes("config+") },
      { ...b, newBytes: bytes("smsdef+") },
    ]);
    expect(result.ok).toBe(false);
    expect(result.written).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-changed-on-disk", file: b.file, severity: "error" });
    expect(await readFile(a.file, "utf8")).toBe("config");
    expect(await readFile(b.file, "utf8")).toBe("smsdef edited by someone else");
    expect((await readdir(dir)).sort()).toEqual(["SMS_def.mof", "configuration.mof"]);
  });

  it("sees a change made after the locks are taken (beforeVerify hook)", async () => {
    const t = await makeTarget("x.mof", "one");
    vi.spyOn(writeIo, "beforeVerify").mockImplementationOnce(() => writeFile(t.file, "one, edited"));
    const result = await writeTargets([{ ...t, newBytes: bytes("two") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].code).toBe("write-changed-on-disk");
    expect(await readFile(t.file, "utf8")).toBe("one, edited");
  });

  it("leaves the original intact and no temp file behind when the rename fails", async () => {
    const t = await makeTarget("x.mof", "original");
    let tempSeen: string | undefined;
    vi.spyOn(writeIo, "rename").mockImplementationOnce(async (from) => {
      tempSeen = from;
      // The temp file is fully written before the rename step.
      expect(await readFile(from, "utf8")).toBe("replacement");
      throw Object.assign(new Error("simulated"), { code: "EIO" });
    });
    const result = await writeTargets([{ ...t, newBytes: bytes("replacement") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-error", file: t.file });
    expect(result.diagnostics[0].message).toContain("EIO");
    expect(tempSeen).toMatch(/[\\/]\.x\.mof\.\d+\.[0-9a-f]+\.tmp$/);
    expect(await readFile(t.file, "utf8")).toBe("original");
    expect(await tempFiles()).toEqual([]);
    await expect(stat(lockPath(t.file))).rejects.toThrow();
  });

  it("puts back the first target when the second rename fails", async () => {
    const a = await makeTarget("a.mof", "A");
    const b = await makeTarget("b.mof", "B");
    let calls = 0;
    vi.spyOn(writeIo, "rename").mockImplementation(async (from, to) => {
      calls++;
      if (calls === 2) throw Object.assign(new Error("simulated"), { code: "ENOSPC" });
      await fsRename(from, to);
    });
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["write-error"]);
    expect(await readFile(a.file, "utf8")).toBe("A");
    expect(await readFile(b.file, "utf8")).toBe("B");
    expect(await tempFiles()).toEqual([]);
  });

  it("refuses to write while another writer holds the lock", async () => {
    const t = await makeTarget("x.mof", "original");
    // The lock of a live process: this one.
    await writeFile(lockPath(t.file), `${process.pid}\n`);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].code).toBe("write-locked");
    expect(result.diagnostics[0].hint).toContain(".lock");
    expect(await readFile(t.file, "utf8")).toBe("original");
    // Someone else's lock stays.
    expect(await readFile(lockPath(t.file), "utf8")).toBe(`${process.pid}\n`);
  });

  it("lets exactly one of two concurrent writers win", async () => {
    const t = await makeTarget("x.mof", "original");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    vi.spyOn(writeIo, "beforeVerify").mockImplementationOnce(() => gate);
    const first = writeTargets([{ ...t, newBytes: bytes("first") }]);
    // Wait until the first writer holds the lock.
    for (let i = 0; i < 100; i++) {
      if (
        await stat(lockPath(t.file)).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const second = await writeTargets([{ ...t, newBytes: bytes("second") }]);
    release();
    const firstResult = await first;
    expect(second.ok).toBe(false);
    expect(second.diagnostics[0].code).toBe("write-locked");
    expect(firstResult.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("first");
  });

  it("removes a lock left behind by a process that is gone", async () => {
    const t = await makeTarget("x.mof", "original");
    // Process ids are below 2^22 on Linux; this one cannot be running.
    await writeFile(lockPath(t.file), "99999999\n");
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("changed");
  });

  it("fails cleanly when the backup cannot be written (its path is a folder)", async () => {
    const t = await makeTarget("x.mof", "original");
    await mkdir(`${t.file}.bak`);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-error", severity: "error" });
    expect(result.diagnostics[0].message).toContain("backup");
    expect(await readFile(t.file, "utf8")).toBe("original");
    expect(await tempFiles()).toEqual([]);
  });

  it("leaves no backup behind when a later target's backup fails", async () => {
    const a = await makeTarget("a.mof", "A");
    const b = await makeTarget("b.mof", "B");
    await writeFile(`${a.file}.bak`, "an older backup");
    await mkdir(`${b.file}.bak`);
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    expect(await readFile(a.file, "utf8")).toBe("A");
    expect(await readFile(b.file, "utf8")).toBe("B");
    // The older backup of a.mof is still the older one.
    expect(await readFile(`${a.file}.bak`, "utf8")).toBe("an older backup");
    expect(await tempFiles()).toEqual([]);
  });

  it("fails cleanly when the target's folder is gone (replaced by a file)", async () => {
    await mkdir(join(dir, "site"));
    const t = await makeTarget("site/x.mof", "original");
    await rm(join(dir, "site"), { recursive: true });
    await writeFile(join(dir, "site"), "not a folder");
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].severity).toBe("error");
    expect(result.diagnostics[0].message).toMatch(/not a folder|ENOTDIR/);
    expect(await readFile(join(dir, "site"), "utf8")).toBe("not a folder");
  });

  it("keeps the permissions of the replaced file", async () => {
    const t = await makeTarget("x.mof", "original");
    await chmod(t.file, 0o640);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(true);
    expect((await stat(t.file)).mode & 0o777).toBe(0o640);
  });
});
