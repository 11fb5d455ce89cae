import {
  chmod,
  chown,
  link,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
  rename as fsRename,
  appendFile,
  lstat,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recoverWrites, writeTargets } from "mof-migrate";
// The write path's replaceable steps: an internal module, not part of the library's options.
import { writeIo } from "../src/output/write-io.js";
import { RENAME_RETRY_MS } from "../src/output/durable.js";

const lockPath = (file: string) => `${file}.lock`;
const journalPath = (file: string) => `${file}.mof-migrate-journal`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mof-write-"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

async function makeTarget(name: string, text: string) {
  const file = join(dir, name);
  await writeFile(file, text);
  return { file, originalBytes: bytes(text) };
}

/** Names in `folder` that are not the targets and backups a test expects: temporary files, locks, journals. */
async function leftovers(folder = dir) {
  return (await readdir(folder)).filter((n) => n.startsWith(".") || n.endsWith(".lock") || n.endsWith("-journal") || n.endsWith(".tmp"));
}

/** A rename that fails `times` times with `code` when it would replace `target`, then renames. */
function failRenamesOnto(target: string, code: string, times = Infinity) {
  let failures = 0;
  return vi.spyOn(writeIo, "rename").mockImplementation(async (from, to) => {
    if (to === target && failures < times) {
      failures++;
      throw Object.assign(new Error("simulated"), { code });
    }
    await fsRename(from, to);
  });
}

describe("writeTargets", () => {
  it("replaces the target, keeps a .bak backup and leaves no temp, journal or lock file", async () => {
    const t = await makeTarget("SMS_def.mof", "old\r\n");
    const result = await writeTargets([{ ...t, newBytes: bytes("old\r\nnew\r\n") }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("old\r\nnew\r\n");
    expect(await readFile(`${t.file}.bak`, "utf8")).toBe("old\r\n");
    expect(result.written).toEqual([{ file: t.file, changed: true, backup: `${t.file}.bak` }]);
    expect(await leftovers()).toEqual([]);
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

  it("keeps the permissions of the replaced file", async () => {
    const t = await makeTarget("x.mof", "original");
    await chmod(t.file, 0o640);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(true);
    expect((await stat(t.file)).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.getuid?.() !== 0)("keeps the owner of the replaced file", async () => {
    const t = await makeTarget("x.mof", "original");
    await chown(t.file, 65534, 65534);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(true);
    expect(await stat(t.file)).toMatchObject({ uid: 65534, gid: 65534 });
  });
});

describe("writeTargets: failures leave everything as it was", () => {
  it("leaves the original intact and no temp or journal behind when the rename fails", async () => {
    const t = await makeTarget("x.mof", "original");
    failRenamesOnto(t.file, "EIO");
    const result = await writeTargets([{ ...t, newBytes: bytes("replacement") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-error", file: t.file });
    expect(result.diagnostics[0].message).toContain("EIO");
    expect(await readFile(t.file, "utf8")).toBe("original");
    expect(await leftovers()).toEqual([]);
    expect(await exists(`${t.file}.bak`)).toBe(false);
  });

  it("puts back the first target when the second rename fails", async () => {
    const a = await makeTarget("a.mof", "A");
    const b = await makeTarget("b.mof", "B");
    failRenamesOnto(b.file, "ENOSPC");
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["write-error"]);
    expect(await readFile(a.file, "utf8")).toBe("A");
    expect(await readFile(b.file, "utf8")).toBe("B");
    expect((await readdir(dir)).sort()).toEqual(["a.mof", "b.mof"]);
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

  it("says that a backup folder that is a file is a file", async () => {
    const t = await makeTarget("x.mof", "original");
    await writeFile(join(dir, "backups"), "a file");
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }], { backupDir: join(dir, "backups") });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: "write-error",
      message: `cannot keep the backups in '${join(dir, "backups")}': it is a file, not a folder; nothing was written`,
    });
    expect(await readFile(t.file, "utf8")).toBe("original");
  });

  it("retries a rename that an antivirus or indexer holds up (EPERM, EBUSY), then gives up", async () => {
    const t = await makeTarget("x.mof", "original");
    const waits: number[] = [];
    vi.spyOn(writeIo, "sleep").mockImplementation(async (ms) => {
      waits.push(ms);
    });
    const twice = failRenamesOnto(t.file, "EBUSY", 2);
    const retried = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(retried.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("changed");
    expect(waits).toEqual(RENAME_RETRY_MS.slice(0, 2));
    twice.mockRestore();

    waits.length = 0;
    const u = await makeTarget("y.mof", "original");
    failRenamesOnto(u.file, "EPERM");
    const stuck = await writeTargets([{ ...u, newBytes: bytes("changed") }]);
    expect(stuck.ok).toBe(false);
    expect(stuck.diagnostics[0].message).toMatch(/^cannot replace '.*y\.mof': operation not permitted \(EPERM\); nothing was written$/);
    expect(waits).toEqual([...RENAME_RETRY_MS]);
    expect(await readFile(u.file, "utf8")).toBe("original");
    // Other errors are not retried.
    waits.length = 0;
    vi.restoreAllMocks();
    vi.spyOn(writeIo, "sleep").mockImplementation(async (ms) => {
      waits.push(ms);
    });
    failRenamesOnto(u.file, "EIO");
    expect((await writeTargets([{ ...u, newBytes: bytes("changed") }])).ok).toBe(false);
    expect(waits).toEqual([]);
  });
});

describe("writeTargets: locks", () => {
  it("writes the lock whole, with host, process id and start time, and removes it afterwards", async () => {
    const t = await makeTarget("x.mof", "original");
    let lock: Record<string, unknown> | undefined;
    vi.spyOn(writeIo, "beforeVerify").mockImplementationOnce(async () => {
      lock = JSON.parse(await readFile(lockPath(t.file), "utf8"));
    });
    const linked = vi.spyOn(writeIo, "link");
    expect((await writeTargets([{ ...t, newBytes: bytes("changed") }])).ok).toBe(true);
    expect(lock).toMatchObject({ host: writeIo.hostname(), pid: process.pid, started: expect.any(String), token: expect.any(String) });
    if (process.platform === "linux") expect(lock!.startTicks).toMatch(/^\d+$/);
    // Created by linking a finished file to the lock's name, never by writing into the name.
    expect(linked.mock.calls.some(([, to]) => to === lockPath(t.file))).toBe(true);
    expect(await exists(lockPath(t.file))).toBe(false);
  });

  it("refuses to write while another live process holds the lock, and keeps its lock", async () => {
    const t = await makeTarget("x.mof", "original");
    // The lock of a live process that is not this one: our parent.
    await writeFile(lockPath(t.file), `${process.ppid}\n`);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0].code).toBe("write-locked");
    expect(result.diagnostics[0].message).toContain(`(process ${process.ppid})`);
    expect(result.diagnostics[0].hint).toContain(".lock");
    expect(await readFile(t.file, "utf8")).toBe("original");
    expect(await readFile(lockPath(t.file), "utf8")).toBe(`${process.ppid}\n`);
  });

  it("lets exactly one of two concurrent writers win", async () => {
    const t = await makeTarget("x.mof", "original");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    vi.spyOn(writeIo, "beforeVerify").mockImplementationOnce(() => gate);
    const first = writeTargets([{ ...t, newBytes: bytes("first") }]);
    for (let i = 0; i < 100 && !(await exists(lockPath(t.file))); i++) await new Promise((r) => setTimeout(r, 5));
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
    expect(await exists(lockPath(t.file))).toBe(false);
  });

  it("takes a lock with its own process id that it does not hold for a dead run's (a container's PID 1)", async () => {
    const t = await makeTarget("x.mof", "original");
    await writeFile(lockPath(t.file), JSON.stringify({ host: writeIo.hostname(), pid: process.pid, token: "from-an-earlier-container" }) + "\n");
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.diagnostics).toEqual([]);
    expect(await readFile(t.file, "utf8")).toBe("changed");
  });

  it("takes a lock whose process id was given to another process since (start time differs)", async () => {
    if (process.platform !== "linux") return expect(process.platform).not.toBe("linux");
    const t = await makeTarget("x.mof", "original");
    await writeFile(lockPath(t.file), JSON.stringify({ host: writeIo.hostname(), pid: process.ppid, startTicks: "1", token: "t" }) + "\n");
    expect((await writeTargets([{ ...t, newBytes: bytes("changed") }])).ok).toBe(true);
  });

  it("never breaks the lock of another host (a share), and names that host", async () => {
    const t = await makeTarget("x.mof", "original");
    const text = JSON.stringify({ host: "other-server", pid: 99999999, token: "t", created: "2024-01-01T00:00:00.000Z" }) + "\n";
    await writeFile(lockPath(t.file), text);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-locked" });
    expect(result.diagnostics[0].message).toContain("process 99999999 on other-server");
    expect(result.diagnostics[0].hint).toContain("another computer");
    expect(await readFile(lockPath(t.file), "utf8")).toBe(text);
  });

  it("a full disk while creating the lock leaves no lock at all; an old empty lock is stale", async () => {
    const t = await makeTarget("x.mof", "original");
    vi.spyOn(writeIo, "syncFile").mockImplementationOnce(async () => {
      throw Object.assign(new Error("simulated"), { code: "ENOSPC" });
    });
    const full = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(full.ok).toBe(false);
    expect(full.diagnostics[0].message).toMatch(/cannot create the lock file .*no space left on the device \(ENOSPC\)/);
    expect(await leftovers()).toEqual([]);

    // An empty lock, as an older version left it on a full disk, a minute old.
    await writeFile(lockPath(t.file), "");
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath(t.file), old, old);
    expect((await writeTargets([{ ...t, newBytes: bytes("changed") }])).ok).toBe(true);
  });
});

describe("writeTargets: backups are never overwritten", () => {
  it("keeps an existing .bak, the pristine original and every run's before-image", async () => {
    const t = await makeTarget("SMS_def.mof", "v1");
    await writeFile(`${t.file}.bak`, "the admin's own backup");
    const one = await writeTargets([{ ...t, newBytes: bytes("v2") }]);
    expect(one.written[0].backup).toBe(`${t.file}.1.bak`);
    const two = await writeTargets([{ file: t.file, originalBytes: bytes("v2"), newBytes: bytes("v3") }]);
    expect(two.written[0].backup).toBe(`${t.file}.2.bak`);
    expect(await readFile(`${t.file}.bak`, "utf8")).toBe("the admin's own backup");
    expect(await readFile(`${t.file}.1.bak`, "utf8")).toBe("v1");
    expect(await readFile(`${t.file}.2.bak`, "utf8")).toBe("v2");
  });

  it("a report names the backup a write would make now: the next free number", async () => {
    const { plannedBackups } = await import("../src/output/write.js");
    const t = await makeTarget("SMS_def.mof", "v1");
    const c = await makeTarget("configuration.mof", "c1");
    const change = (x: typeof t) => ({ ...x, newBytes: bytes("new") });
    expect(plannedBackups([change(t), change(c)])).toEqual([`${t.file}.bak`, `${c.file}.bak`]);
    await writeFile(`${t.file}.bak`, "the admin's own backup");
    await writeFile(`${t.file}.4.bak`, "an older run's");
    const planned = plannedBackups([change(t), { ...c, newBytes: c.originalBytes }]);
    expect(planned).toEqual([`${t.file}.5.bak`, undefined]);
    // And it is the name the write then uses.
    const result = await writeTargets([change(t)]);
    expect(result.written[0].backup).toBe(planned[0]);
    // Two targets of one name backed up into one folder get two numbers.
    const other = join(dir, "site2");
    await mkdir(other);
    await writeFile(join(other, "SMS_def.mof"), "v1");
    const backups = join(dir, "backups");
    expect(
      plannedBackups([{ ...t, originalBytes: bytes("new"), newBytes: bytes("newer") }, change({ ...t, file: join(other, "SMS_def.mof") })], {
        backupDir: backups,
      }),
    ).toEqual([join(backups, "SMS_def.mof.bak"), join(backups, "SMS_def.mof.1.bak")]);
    expect(plannedBackups([change(t)], { backup: false })).toEqual([undefined]);
  });

  it("a run that writes nothing makes no backup", async () => {
    const t = await makeTarget("x.mof", "v1");
    await writeTargets([{ ...t, newBytes: bytes("v2") }]);
    // Planned against v1, but the file is v2 now: refused, and the backups stay as they are.
    const refused = await writeTargets([{ ...t, newBytes: bytes("v3") }]);
    expect(refused.ok).toBe(false);
    const unchanged = await writeTargets([{ file: t.file, originalBytes: bytes("v2"), newBytes: bytes("v2") }]);
    expect(unchanged.ok).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(["x.mof", "x.mof.bak"]);
    expect(await readFile(`${t.file}.bak`, "utf8")).toBe("v1");
  });

  it("skips a backup name that is taken by a folder", async () => {
    const t = await makeTarget("x.mof", "original");
    await mkdir(`${t.file}.bak`);
    const result = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(result.ok).toBe(true);
    expect(result.written[0].backup).toBe(`${t.file}.1.bak`);
    expect(await readFile(`${t.file}.1.bak`, "utf8")).toBe("original");
  });

  it("puts the backups in place only once every target is replaced", async () => {
    const a = await makeTarget("a.mof", "A");
    const b = await makeTarget("b.mof", "B");
    failRenamesOnto(b.file, "EIO");
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(["a.mof", "b.mof"]);
  });
});

describe("writeTargets: links and names of one file", () => {
  it("writes through a symbolic link to the file it names, and keeps the link", async () => {
    await mkdir(join(dir, "real"));
    const real = await makeTarget("real/SMS_def.mof", "old");
    const named = join(dir, "SMS_def.mof");
    await symlink(join("real", "SMS_def.mof"), named);
    const result = await writeTargets([{ file: named, originalBytes: bytes("old"), newBytes: bytes("new") }]);
    expect(result.ok).toBe(true);
    expect((await lstat(named)).isSymbolicLink()).toBe(true);
    expect(await readFile(real.file, "utf8")).toBe("new");
    // The backup is next to the name the admin gave.
    expect(result.written[0]).toEqual({ file: named, changed: true, backup: `${named}.bak` });
    expect(await readFile(`${named}.bak`, "utf8")).toBe("old");
    expect(await leftovers(join(dir, "real"))).toEqual([]);
  });

  it("writes a hard-linked file in place, so every name of it has the new text", async () => {
    const t = await makeTarget("configuration.mof", "old");
    const other = join(dir, "configuration-copy.mof");
    await link(t.file, other);
    const inode = (await stat(t.file)).ino;
    const result = await writeTargets([{ ...t, newBytes: bytes("new text") }]);
    expect(result.ok).toBe(true);
    expect(await readFile(other, "utf8")).toBe("new text");
    expect((await stat(t.file)).ino).toBe(inode);
    expect(await readFile(`${t.file}.bak`, "utf8")).toBe("old");
  });

  it("refuses one file given twice: the same path, a link and its file, two hard links", async () => {
    const t = await makeTarget("x.mof", "old");
    await symlink("x.mof", join(dir, "link.mof"));
    await link(t.file, join(dir, "hard.mof"));
    for (const second of [t.file, join(dir, "link.mof"), join(dir, "hard.mof")]) {
      const result = await writeTargets([
        { ...t, newBytes: bytes("one") },
        { file: second, originalBytes: bytes("old"), newBytes: bytes("two") },
      ]);
      expect(result.ok, second).toBe(false);
      expect(result.diagnostics[0].code).toBe("write-same-file");
      expect(await readFile(t.file, "utf8")).toBe("old");
    }
  });
});

describe("writeTargets: read-only targets", () => {
  it("refuses a read-only target with a hint, and writes it (keeping it read-only) when allowed", async () => {
    const t = await makeTarget("x.mof", "original");
    await chmod(t.file, 0o444);
    const refused = await writeTargets([{ ...t, newBytes: bytes("changed") }]);
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]).toMatchObject({ code: "write-read-only", message: `'${t.file}' is read-only; nothing was written` });
    expect(refused.diagnostics[0].hint).toContain("--force");
    expect(await readFile(t.file, "utf8")).toBe("original");
    const forced = await writeTargets([{ ...t, newBytes: bytes("changed") }], { replaceReadOnly: true });
    expect(forced.ok).toBe(true);
    expect(await readFile(t.file, "utf8")).toBe("changed");
    expect((await stat(t.file)).mode & 0o777).toBe(0o444);
  });
});

describe("writeTargets: the commit", () => {
  it("flushes every file before it is renamed into place, the journal before the first rename, and the folders after", async () => {
    const a = await makeTarget("configuration.mof", "A");
    const b = await makeTarget("SMS_def.mof", "B");
    const events: string[] = [];
    const synced = new Set<string>();
    vi.spyOn(writeIo, "syncFile").mockImplementation(async (handle, path) => {
      await handle.sync();
      synced.add(path);
      events.push(`sync ${path}`);
    });
    vi.spyOn(writeIo, "syncFolder").mockImplementation(async (folder) => {
      events.push(`sync-folder ${folder} journal:${await exists(journalPath(a.file))}`);
    });
    vi.spyOn(writeIo, "rename").mockImplementation(async (from, to) => {
      expect(synced.has(from), `${from} flushed before it is renamed to ${to}`).toBe(true);
      events.push(`rename ${to}`);
      await fsRename(from, to);
    });
    vi.spyOn(writeIo, "link").mockImplementation(async (from, to) => {
      expect(synced.has(from), `${from} flushed before it is linked to ${to}`).toBe(true);
      events.push(`link ${to}`);
      await link(from, to);
    });
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(true);
    const at = (event: string) => events.indexOf(event);
    const firstTargetRename = at(`rename ${a.file}`);
    expect(firstTargetRename).toBeGreaterThan(0);
    // Both journal copies are in place, and their folder flushed, before a target is replaced.
    expect(at(`rename ${journalPath(a.file)}`)).toBeLessThan(firstTargetRename);
    expect(at(`rename ${journalPath(b.file)}`)).toBeLessThan(firstTargetRename);
    expect(events.slice(at(`rename ${journalPath(b.file)}`), firstTargetRename).some((e) => e.startsWith(`sync-folder ${dir} journal:true`))).toBe(true);
    // After the last rename, the folder is flushed while the journal is still there.
    const lastTargetRename = at(`rename ${b.file}`);
    expect(events.slice(lastTargetRename).some((e) => e === `sync-folder ${dir} journal:true`)).toBe(true);
    // The backups are linked into place after the targets, and the journal is gone at the end.
    expect(at(`link ${a.file}.bak`)).toBeGreaterThan(lastTargetRename);
    expect(await exists(journalPath(a.file))).toBe(false);
  });

  it("keeps a journal of both targets next to each while the commit runs", async () => {
    const a = await makeTarget("configuration.mof", "A");
    const b = await makeTarget("SMS_def.mof", "B");
    const journals: unknown[] = [];
    vi.spyOn(writeIo, "step").mockImplementation(async (step) => {
      if (step === "renamed:0") for (const t of [a, b]) journals.push(JSON.parse(await readFile(journalPath(t.file), "utf8")));
    });
    expect(
      (
        await writeTargets([
          { ...a, newBytes: bytes("A2") },
          { ...b, newBytes: bytes("B2") },
        ])
      ).ok,
    ).toBe(true);
    expect(journals).toHaveLength(2);
    expect(journals[0]).toEqual(journals[1]);
    expect(journals[0]).toMatchObject({
      version: 1,
      run: { pid: process.pid },
      targets: [
        { file: a.file, mode: "rename", old: { size: 1 }, new: { size: 2 }, backup: { folder: dir, name: "configuration.mof" } },
        { file: b.file, mode: "rename", old: { size: 1 }, new: { size: 2 } },
      ],
    });
    expect(await leftovers()).toEqual([]);
  });

  it("compares each target again right before replacing it: an edit during the preparation is seen", async () => {
    const a = await makeTarget("configuration.mof", "A");
    const b = await makeTarget("SMS_def.mof", "B");
    vi.spyOn(writeIo, "step").mockImplementation(async (step) => {
      // After the first comparison and after the temporary files are written: too late for the first look.
      if (step === "renamed:0") await appendFile(b.file, "\r\n// an admin's edit");
    });
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    // Seen by the comparison before the rename, not only afterwards.
    expect(result.diagnostics[0]).toMatchObject({
      code: "write-changed-on-disk",
      file: b.file,
      message: `'${b.file}' was changed on disk after it was read; nothing was written`,
    });
    expect(await readFile(a.file, "utf8")).toBe("A");
    expect(await readFile(b.file, "utf8")).toBe("B\r\n// an admin's edit");
    expect((await readdir(dir)).sort()).toEqual(["SMS_def.mof", "configuration.mof"]);
  });

  it("catches an edit written to the old file during its rename, and puts it back with every target's old text", async () => {
    const a = await makeTarget("configuration.mof", "A");
    const b = await makeTarget("SMS_def.mof", "B");
    vi.spyOn(writeIo, "step").mockImplementation(async (step) => {
      // An editor that had SMS_def.mof open writes to it just as it is replaced.
      if (step === "verified:1") await appendFile(b.file, "\r\n// written during the rename");
    });
    const result = await writeTargets([
      { ...a, newBytes: bytes("A2") },
      { ...b, newBytes: bytes("B2") },
    ]);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({ code: "write-changed-on-disk", file: b.file });
    expect(result.diagnostics[0].message).toContain("while it was being replaced");
    expect(await readFile(a.file, "utf8")).toBe("A");
    expect(await readFile(b.file, "utf8")).toBe("B\r\n// written during the rename");
    expect((await readdir(dir)).sort()).toEqual(["SMS_def.mof", "configuration.mof"]);
  });

  it("holds Ctrl-C during the commit: both targets are written", async () => {
    const a = await makeTarget("configuration.mof", "A");
    const b = await makeTarget("SMS_def.mof", "B");
    const seen: string[] = [];
    // A listener of the program's own: the signal reaches it at once, and is not sent again.
    const own = (s: string) => seen.push(s);
    process.on("SIGINT", own);
    try {
      vi.spyOn(writeIo, "step").mockImplementation(async (step) => {
        if (step === "renamed:0") process.emit("SIGINT", "SIGINT");
      });
      const result = await writeTargets([
        { ...a, newBytes: bytes("A2") },
        { ...b, newBytes: bytes("B2") },
      ]);
      expect(result.ok).toBe(true);
      expect(await readFile(b.file, "utf8")).toBe("B2");
      expect(seen).toEqual(["SIGINT"]);
      expect(process.listenerCount("SIGINT")).toBe(1);
    } finally {
      process.off("SIGINT", own);
    }
  });
});

describe("recoverWrites", () => {
  it("does nothing (and writes nothing) for files with nothing left next to them", async () => {
    const t = await makeTarget("x.mof", "text");
    const result = await recoverWrites([t.file, join(dir, "missing.mof")]);
    expect(result.diagnostics).toEqual([]);
    expect(await readdir(dir)).toEqual(["x.mof"]);
  });

  it("removes the lock and the temporary files of a run that is gone", async () => {
    const t = await makeTarget("x.mof", "text");
    await writeFile(lockPath(t.file), "99999999\n");
    const hostTag = (await import("../src/output/runs.js")).hostTag();
    await writeFile(join(dir, `.x.mof.mof-migrate-${hostTag}-99999999-0123456789ab.new`), "half");
    // Killed while it was creating its lock, and while it was moving a stale one aside.
    await writeFile(join(dir, `.x.mof.mof-migrate-${hostTag}-99999999-0123456789ac.lock`), "{}");
    await writeFile(join(dir, `.x.mof.mof-migrate-${hostTag}-99999999-0123456789ad.stale`), "1");
    await writeFile(join(dir, `.x.mof.mof-migrate-00000000-99999999-0123456789ab.new`), "another host's");
    const result = await recoverWrites([t.file]);
    expect(result.diagnostics).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual([".x.mof.mof-migrate-00000000-99999999-0123456789ab.new", "x.mof"]);
  });

  it("in a folder of many files, clears what belongs to each one and nothing of the others", async () => {
    const hostTag = (await import("../src/output/runs.js")).hostTag();
    const files: string[] = [];
    for (let i = 0; i < 300; i++) files.push((await makeTarget(`m${i}.mof`, "text")).file);
    const dead = (name: string) => `.${name}.mof-migrate-${hostTag}-99999999-0123456789ab.new`;
    await writeFile(join(dir, dead("m7.mof")), "half");
    await writeFile(join(dir, dead("m250.mof")), "half");
    // Of a file that is not among those given: not looked at.
    await writeFile(join(dir, dead("other.mof")), "half");
    await writeFile(lockPath(files[12]), "99999999\n");
    const result = await recoverWrites(files);
    expect(result.diagnostics).toEqual([]);
    const left = (await readdir(dir)).filter((e) => !/^m\d+\.mof$/.test(e));
    expect(left).toEqual([dead("other.mof")]);
  });
});

describe("argument checks", () => {
  it("throws a TypeError that names the argument", async () => {
    await expect(writeTargets(null as never)).rejects.toThrow(/^writeTargets: targets must be an array of \{ file, originalBytes, newBytes \}, not null$/);
    await expect(writeTargets([{ file: 1 }] as never)).rejects.toThrow(/^writeTargets: targets\[0\]\.file must be a file path, not the number 1$/);
    await expect(writeTargets([{ file: "a", originalBytes: "x", newBytes: new Uint8Array() }] as never)).rejects.toThrow(TypeError);
    await expect(writeTargets([], { backup: "yes" } as never)).rejects.toThrow(/options\.backup must be a boolean/);
    await expect(recoverWrites("x.mof" as never)).rejects.toThrow(TypeError);
  });
});
