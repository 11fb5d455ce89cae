/**
 * The command line keeps the conventions of an npm tool: colours decided per stream, `--color`
 * in all its forms, `--` ending the options, suggestions for misspelt options, help that matches
 * the README, short previews, a configuration file and shell completion. Runs the built CLI.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const fakeTty = join(root, "test", "support", "fake-tty.cjs");
const ESC = "\x1b[";

function cli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; tty?: "stdout" | "stderr" } = {}): Promise<Run> {
  return runCli(args, {
    cwd: options.cwd ?? work,
    env: { TERM: "xterm-256color", ...(options.tty ? { MOF_TEST_TTY: options.tty } : {}), ...options.env },
    ...(options.tty ? { nodeArgs: ["-r", fakeTty] } : {}),
  });
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mof-term-"));
  await cp(join(root, "samples"), join(work, "samples"), { recursive: true });
  await writeFile(join(work, "bad.mof"), "class X { string A };\n");
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const CONVERT = ["convert", "samples/sms2003", "--config-mof", "samples/cm2007/configuration.mof", "--sms-def", "samples/cm2007/SMS_def.mof"];

describe("colours", () => {
  it("are decided for each stream: a terminal stdout does not colour a redirected stderr", async () => {
    // parse prints its outline on stdout and the diagnostics on stderr.
    const stdoutTty = await cli(["parse", "bad.mof"], { tty: "stdout" });
    expect(stdoutTty.stderr).toMatch(/bad\.mof:1:\d+: error/);
    expect(stdoutTty.stderr).not.toContain(ESC);
    const stderrTty = await cli(["parse", "bad.mof"], { tty: "stderr" });
    expect(stderrTty.stderr).toContain(ESC);
    expect(stderrTty.stdout).not.toContain(ESC);
    // check prints its findings on stdout.
    expect((await cli(["check", "bad.mof"], { tty: "stdout" })).stdout).toContain(ESC);
    expect((await cli(["check", "bad.mof"], { tty: "stderr" })).stdout).not.toContain(ESC);
  });

  it("follow NO_COLOR, TERM=dumb and FORCE_COLOR on a terminal", async () => {
    expect((await cli(["check", "bad.mof"], { tty: "stdout", env: { NO_COLOR: "1" } })).stdout).not.toContain(ESC);
    expect((await cli(["check", "bad.mof"], { tty: "stdout", env: { TERM: "dumb" } })).stdout).not.toContain(ESC);
    expect((await cli(["check", "bad.mof"], { tty: "stdout", env: { FORCE_COLOR: "0" } })).stdout).not.toContain(ESC);
    expect((await cli(["check", "bad.mof"], { env: { FORCE_COLOR: "1" } })).stdout).toContain(ESC);
  });

  it("take --color, --no-color and --color=auto|always|never", async () => {
    const colored = async (...args: string[]) => (await cli(["check", ...args])).stdout.includes(ESC);
    expect(await colored("bad.mof", "--color")).toBe(true);
    expect(await colored("--color", "--", "bad.mof")).toBe(true);
    expect(await colored("bad.mof", "--color=always")).toBe(true);
    expect(await colored("bad.mof", "--color", "always")).toBe(true);
    expect(await colored("bad.mof", "--color=auto")).toBe(false);
    expect((await cli(["check", "bad.mof", "--no-color"], { tty: "stdout" })).stdout).not.toContain(ESC);
    expect((await cli(["check", "bad.mof", "--color=never"], { tty: "stdout" })).stdout).not.toContain(ESC);
    const wrong = await cli(["check", "bad.mof", "--color=sometimes"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^mof-migrate: /);
    expect(wrong.stderr).toContain("sometimes");
  });
});

describe("arguments", () => {
  it("end at --: a file named -x.mof can be checked and parsed", async () => {
    await writeFile(join(work, "-x.mof"), "class A { string B; };\n");
    for (const args of [
      ["check", "--", "-x.mof"],
      ["check", "--color", "never", "--", "-x.mof"],
    ]) {
      const r = await cli(args);
      expect(r.stdout, args.join(" ")).toBe("no problems in 1 file\n");
      expect(r.code).toBe(0);
    }
    const parsed = await cli(["parse", "--json", "--", "-x.mof"]);
    expect(JSON.parse(parsed.stdout).file).toBe("-x.mof");
    // Without --, it is an option, and an unknown one.
    expect((await cli(["check", "bad.mof", "-x.mof"])).code).toBe(2);
  });

  it("suggest the option meant by a misspelt one", async () => {
    const r = await cli(["check", "bad.mof", "--colr", "never"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mof-migrate: Unknown argument: colr \(--colr: did you mean --color\?\)/);
    const convert = await cli([...CONVERT, "--baseline", "x", "--dry-rn", "--replace-conflict"]);
    expect(convert.stderr).toContain("did you mean --replace-conflicts?");
  });

  it("give the same result for a plain check whichever way it is parsed", async () => {
    const plain = await cli(["check", "bad.mof", "samples/cm2007"]);
    const parsed = await cli(["check", "bad.mof", "samples/cm2007", "--color", "auto"]);
    expect(plain).toEqual(parsed);
    expect(plain.code).toBe(1);
    const missing = await cli(["check", "nope.mof"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.mof");
  });
});

describe("help", () => {
  it("shows positionals without [required] [default: []]", async () => {
    for (const command of ["convert", "split", "check", "parse"]) {
      const r = await cli([command, "--help"]);
      const positionals = r.stdout.slice(r.stdout.indexOf("Positionals:"), r.stdout.indexOf("Options:"));
      expect(positionals, command).toMatch(/^ {2}\w+ {2}/m);
      expect(positionals, command).not.toMatch(/\[required\]|\[default:/);
    }
  });

  it("lists the exit codes as the README's table does", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("\n## Exit codes\n"));
    const rows = [...table.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => `${m[1]} ${m[2].replace(/`/g, "")}`);
    expect(rows).toHaveLength(3);
    const squash = (text: string) => text.replace(/\s+/g, " ");
    for (const args of [["--help"], ["convert", "--help"], ["check", "--help"]]) {
      const help = squash((await cli(args)).stdout);
      for (const row of rows) expect(help, args.join(" ")).toContain(squash(row));
    }
  });
});

describe("short previews", () => {
  it("convert --no-diff leaves out the diffs, --quiet everything but the totals and the outcome", async () => {
    const full = await cli(CONVERT);
    expect(full.stdout).toContain("--- a/samples/cm2007/configuration.mof");
    expect(full.stdout).toMatch(/^ {2}append /m);
    const noDiff = await cli([...CONVERT, "--no-diff"]);
    expect(noDiff.code).toBe(0);
    expect(noDiff.stdout).not.toContain("--- a/");
    expect(noDiff.stdout).toMatch(/^ {2}append /m);
    const quiet = await cli([...CONVERT, "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain("--- a/");
    expect(quiet.stdout).not.toMatch(/^ {2}append |: warning /m);
    expect(quiet.stdout).toMatch(/^configuration\.mof: \d+ appended; SMS_def\.mof: \d+ appended\./m);
    expect(quiet.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Preview only: nothing was written/);
    expect(quiet.stdout.length).toBeLessThan(full.stdout.length / 5);
    // --check still answers with its exit code.
    expect((await cli([...CONVERT, "-q", "--check"])).code).toBe(1);
  });

  it("split --quiet prints the totals and the files written", async () => {
    const r = await cli(["split", "samples/sms2003", "--out", "out", "--quiet", "--write"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^ {2}append /m);
    expect(r.stdout).toMatch(/^wrote out[\\/]configuration-additions\.mof/m);
  });
});

describe("the configuration file", () => {
  const site = { "config-mof": "samples/cm2007/configuration.mof", smsDef: "samples/cm2007/SMS_def.mof", color: "never", quiet: true };

  it("is found upwards from the working folder; its paths are relative to it; flags override it", async () => {
    await writeFile(join(work, "mof-migrate.config.json"), JSON.stringify(site));
    await mkdir(join(work, "deep", "er"), { recursive: true });
    const r = await cli(["convert", "../../samples/sms2003"], { cwd: join(work, "deep", "er") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configuration\.mof: \d+ appended/m);
    expect(r.stdout).not.toMatch(/^ {2}append /m);
    const loud = await cli(["convert", "../../samples/sms2003", "--no-quiet", "--no-diff"], { cwd: join(work, "deep", "er") });
    expect(loud.stdout).toMatch(/^ {2}append /m);
    const other = await cli(["convert", "../../samples/sms2003", "--sms-def", "nope.mof"], { cwd: join(work, "deep", "er") });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("nope.mof");
    // Options of other commands in the file do not bother check.
    const check = await cli(["check", "bad.mof"], { tty: "stdout" });
    expect(check.code).toBe(1);
    expect(check.stdout).not.toContain(ESC);
  });

  it("can be the mof-migrate key of package.json, and --no-config or --config FILE set it aside", async () => {
    await writeFile(join(work, "package.json"), JSON.stringify({ name: "site", "mof-migrate": { color: "always" } }));
    expect((await cli(["check", "bad.mof"])).stdout).toContain(ESC);
    expect((await cli(["check", "bad.mof", "--no-config"])).stdout).not.toContain(ESC);
    await writeFile(join(work, "plain.json"), JSON.stringify({ color: "never" }));
    expect((await cli(["check", "bad.mof", "--config", "plain.json"], { tty: "stdout" })).stdout).not.toContain(ESC);
    // A mof-migrate.config.json in the same folder comes first.
    await writeFile(join(work, "mof-migrate.config.json"), JSON.stringify({ color: "never" }));
    expect((await cli(["check", "bad.mof"])).stdout).not.toContain(ESC);
  });

  it("is refused, with its name, when it is not JSON or names an unknown option", async () => {
    await writeFile(join(work, "mof-migrate.config.json"), JSON.stringify({ colr: "never" }));
    const unknown = await cli(["check", "bad.mof"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^mof-migrate: .*mof-migrate\.config\.json: unknown option 'colr' \(did you mean 'color'\?\)/);
    await writeFile(join(work, "mof-migrate.config.json"), "{ color: never");
    const broken = await cli(["check", "bad.mof"]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/mof-migrate\.config\.json is not valid JSON/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("shell completion", () => {
  it("prints a completion script and completes commands and options", async () => {
    const script = await cli(["completion"]);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain("mof-migrate");
    expect(script.stdout).toMatch(/complete .*mof-migrate/);
    const commands = await cli(["--get-yargs-completions", "mof-migrate", ""]);
    expect(commands.stdout.split("\n")).toEqual(expect.arrayContaining(["convert", "split", "check", "parse"]));
    const options = await cli(["--get-yargs-completions", "mof-migrate", "convert", "--"]);
    expect(options.stdout.split("\n")).toEqual(expect.arrayContaining(["--config-mof", "--sms-def", "--diff", "--quiet"]));
  });
});

describe("namespace options typed in cmd.exe", () => {
  it("are refused when they carry literal quotes, naming the quotes", async () => {
    for (const option of ["--default-namespace", "--data-namespace"]) {
      const r = await cli([...CONVERT, option, "'root\\cimv2'"]);
      expect(r.code, option).toBe(2);
      expect(r.stderr).toContain(`${option} 'root\\cimv2': the quotes are part of the value`);
    }
    const check = await cli(["check", "bad.mof", "--default-namespace", '"root\\cimv2"']);
    expect(check.code).toBe(2);
    expect((await cli(["check", "samples/cm2007", "--default-namespace", "root\\cimv2"])).code).toBe(0);
  });
});
