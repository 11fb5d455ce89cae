/**
 * The files that connect mof-migrate to other tools, checked against the tool itself: the
 * pre-commit hook definition, and the commands of the README's "Reviewing a change" section
 * (its CI recipes included), whose options must be ones the commands know.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const bin = join(root, "dist", "bin", "mof-migrate.js");

/** The top-level `key: value` pairs of each `- id:` entry of a simple YAML list (no nesting). */
function yamlEntries(text: string): Record<string, string>[] {
  const entries: Record<string, string>[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "");
    const start = /^- (\w+):\s*(.*)$/.exec(line);
    const more = /^ {2}(\w+):\s*(.*)$/.exec(line);
    if (start) entries.push({ [start[1]]: start[2] });
    else if (more && entries.length > 0) entries[entries.length - 1][more[1]] = more[2];
  }
  return entries;
}

describe(".pre-commit-hooks.yaml", () => {
  it("defines a node hook that runs mof-migrate check on every MOF file, serially", async () => {
    const hooks = yamlEntries(await readFile(join(root, ".pre-commit-hooks.yaml"), "utf8"));
    expect(hooks.map((h) => h.id)).toEqual(["mof-migrate-check"]);
    const hook = hooks[0];
    expect(hook).toMatchObject({ entry: "mof-migrate check", language: "node", require_serial: "true" });
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(Object.keys(pkg.bin)).toContain(hook.entry.split(" ")[0]);
    // pre-commit's regexes are Python's: (?i) makes it case-insensitive.
    const files = new RegExp(hook.files.replace(/^\(\?i\)/, ""), hook.files.startsWith("(?i)") ? "i" : "");
    for (const name of ["SMS_def.mof", "inventory/mini/bios_ext.mof", "CONFIGURATION.MOF"]) expect(files.test(name), name).toBe(true);
    for (const name of ["Add-To-configuration.mof.txt", "notes.md", "mof"]) expect(files.test(name), name).toBe(false);
  });
});

/** Every `mof-migrate <command> …` line of a README section, continuation lines joined. */
async function readmeCommands(heading: string): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const blocks = [...section.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ""));
  // A command starts its line, in a shell block or after `run:` in a workflow.
  return blocks
    .flatMap((b) => b.split("\n"))
    .flatMap((line) => {
      const m = /^\s*(?:-\s+)?(?:run:\s+)?(mof-migrate\s.*)$/.exec(line);
      return m ? [m[1].replace(/\s*(>>?|\||#).*$/, "")] : [];
    });
}

describe("the README's Reviewing a change section", () => {
  it("uses only options that its commands know", async () => {
    const commands = await readmeCommands("Reviewing a change");
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const help = new Map<string, string>();
    for (const line of commands) {
      const [, command, ...rest] = line.split(/\s+/);
      if (!help.has(command)) help.set(command, (await run(process.execPath, [bin, command, "--help"])).stdout);
      for (const option of rest.filter((w) => w.startsWith("--"))) expect(help.get(command), `${line}: ${option}`).toContain(`${option} `);
    }
    expect([...help.keys()].sort()).toEqual(["check", "convert"]);
  });
});
