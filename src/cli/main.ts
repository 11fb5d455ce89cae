/**
 * The `mof-migrate` command line: argument parsing and help (yargs), the configuration file,
 * exit codes, and the top-level error handler. Each command's work lives in its own module,
 * loaded only when that command runs, so `--help` and `--version` stay fast; a plain
 * `check FILE…` (no option, no configuration file) does not even load the argument parser.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv } from "yargs";
import { closest } from "../syntax.js";
import { CONFIG_FILE, ConfigError, findConfig, PACKAGE_KEY, readConfigFile, type FoundConfig } from "./config.js";
import { COLOR_MODES, ExitCode, type CliIo, processIo } from "./io.js";

/** The version in the package's `package.json`. */
export function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "mof-migrate" && pkg.version) return pkg.version;
    } catch {
      /* keep looking upwards */
    }
    folder = dirname(folder);
  }
  return "0.0.0";
}

/** Thrown by the yargs failure handler: a usage error, exit code 2. */
class UsageError extends Error {}

const COLOR_OPTION = {
  describe:
    "Colours: auto = on each stream that is a terminal, unless NO_COLOR or TERM=dumb (FORCE_COLOR forces them); --color alone = always, --no-color = never",
  choices: COLOR_MODES,
  default: "auto" as const,
  type: "string" as const,
};

/** The lines of `--help` about exit codes: the README's table, row for row. */
export const EXIT_CODE_LINES = [
  "0  success; with --check: the targets are up to date; check: no errors (warnings allowed)",
  "1  convert --check: a target would change; check and parse: errors found",
  "2  bad input or usage: a missing file, errors in the sources of convert/split, a write that was refused or failed, an unknown option",
];

const EXIT_CODES_HELP = ["Exit codes:", ...EXIT_CODE_LINES.map((line) => "  " + line)].join("\n");

const DEFAULT_NAMESPACE_OPTION = {
  describe: "Namespace of files without a #pragma namespace (mofcomp -N)",
  type: "string" as const,
  default: "root\\default",
  requiresArg: true,
};

/** Options that `convert`, `split` and `check` share, defined once. */
const SOURCES_POSITIONAL = { describe: "SMS 2003 MOF files, folders (searched for *.mof) or globs", type: "string", array: true, default: undefined } as const;
const INCLUDE_OPTION = { describe: "Only files matching this glob (in folders); repeatable", type: "string", array: true, requiresArg: true } as const;
const EXCLUDE_OPTION = { describe: "Leave out files matching this glob; repeatable", type: "string", array: true, requiresArg: true } as const;
const REPORT_OPTION = {
  describe: "Also write a self-contained HTML review report (works offline, prints cleanly); written in a preview too",
  type: "string",
  requiresArg: true,
} as const;
const PATCH_OPTION = {
  describe: "Also write the change as a patch file that git apply and patch -p1 apply (exact bytes: encodings and CRLF kept)",
  type: "string",
  requiresArg: true,
} as const;
const OUTSIDE_ROOTS_OPTION = { describe: "Follow #pragma include to files outside the folders given", type: "boolean", default: false } as const;
const QUIET_OPTION = { describe: "Print only the totals, the errors and the outcome (no plan table, warnings or diffs)", type: "boolean", alias: "q" } as const;

/**
 * Run the command line with `argv` (without `node` and the script path) and return the exit code:
 * 0 success, 1 changes pending (`--check`) or errors found, 2 bad input or usage.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes("--debug");
  // `--version` alone is answered without loading the argument parser.
  if (argv.length === 1 && argv[0] === "--version") {
    io.stdout.write(packageVersion() + "\n");
    return ExitCode.Ok;
  }
  let exitCode: number = ExitCode.Ok;
  try {
    // A shell asking for completions passes the words typed so far: they go to yargs as they are.
    const completing = argv[0] === "--get-yargs-completions";
    const args = completing ? [...argv] : normalizeColorFlags(argv);
    const config = configFor(args, io);
    const inputs = config ? undefined : plainCheckInputs(args);
    if (inputs) {
      const { runCheck } = await import("./check.js");
      return await runCheck({ inputs }, io);
    }
    const { default: yargs } = await import("yargs");
    const protectedArgs = completing ? { args, after: [] } : protectArguments(args);
    const parser = yargs(protectedArgs.args);
    parser.middleware(restoreArguments(protectedArgs.after), true);
    if (config) checkConfigKeys(config);
    defineCommands(parser, io, args, config, (code) => (exitCode = code));
    await parser.parseAsync();
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr.write(`mof-migrate: ${e.message}\n`);
      return ExitCode.Usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`mof-migrate: ${message}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(e.stack + "\n");
    else io.stderr.write("(run again with --debug for details)\n");
    return ExitCode.Usage;
  }
}

/** The arguments before `--` (which ends the options: what follows it is a file, even `-x.mof`). */
function optionPart(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf("--");
  return end < 0 ? argv : argv.slice(0, end);
}

/** Stands for the `i`th argument after `--` while yargs parses (it gives them no positional). */
const AFTER_DASHES = "\u0000mof-migrate:";

/**
 * The arguments for yargs: those after `--` become placeholders that look like no option and are
 * put back by {@link restoreArguments}, so that `check -- -x.mof` checks the file `-x.mof`.
 */
function protectArguments(argv: readonly string[]): { args: string[]; after: readonly string[] } {
  const options = optionPart(argv);
  const after = argv.slice(options.length + 1);
  return { args: [...options, ...after.map((_, i) => AFTER_DASHES + i)], after };
}

/** A yargs middleware that puts the arguments after `--` back where the placeholders landed. */
function restoreArguments(after: readonly string[]) {
  const restore = (v: unknown) => (typeof v === "string" && v.startsWith(AFTER_DASHES) ? after[Number(v.slice(AFTER_DASHES.length))] : v);
  return (parsed: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(parsed)) parsed[key] = Array.isArray(value) ? value.map(restore) : restore(value);
  };
}

/**
 * `--color` takes an optional value: `--color` alone (last, or before another option or `--`)
 * means `always` and `--no-color` means `never`, as in most npm tools; `--color=WHEN` and
 * `--color WHEN` name the mode (so `--color sometimes` is an invalid value, not a file).
 */
export function normalizeColorFlags(argv: readonly string[]): string[] {
  const options = optionPart(argv);
  const out: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const arg = options[i];
    if (arg === "--no-color") out.push("--color=never");
    else if (arg === "--color" && (i + 1 === options.length || options[i + 1].startsWith("-"))) out.push("--color=always");
    else out.push(arg);
  }
  return [...out, ...argv.slice(options.length)];
}

/** The configuration named by `--config FILE`, else the one found upwards (none with `--no-config`). */
function configFor(argv: readonly string[], io: CliIo): FoundConfig | undefined {
  const options = optionPart(argv);
  if (options.includes("--no-config")) return undefined;
  const named = options.findIndex((a) => a === "--config" || a.startsWith("--config="));
  if (named >= 0) {
    const file = options[named].startsWith("--config=") ? options[named].slice("--config=".length) : options[named + 1];
    if (file === undefined || file === "") throw new UsageError("--config needs a file name");
    return readConfigFile(file);
  }
  return findConfig(io.cwd ?? process.cwd());
}

/** The inputs of `check FILE…` given without any option: the one case handled without yargs. */
function plainCheckInputs(argv: readonly string[]): string[] | undefined {
  if (argv[0] !== "check") return undefined;
  const inputs: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === "--") {
      inputs.push(...argv.slice(i + 1));
      break;
    }
    if (argv[i].startsWith("-")) return undefined;
    inputs.push(argv[i]);
  }
  return inputs.length > 0 ? inputs : undefined;
}

/** The options a command knows, by their flag names, for "did you mean". */
function knownOptions(y: unknown): string[] {
  const options = (y as { getOptions?(): { key?: Record<string, unknown> } }).getOptions?.().key ?? {};
  return Object.keys(options).filter((k) => k.length > 1 && k === k.toLowerCase());
}

/** yargs' "Unknown argument(s): a, b" with a suggestion for each unknown flag that is close to an option. */
function withSuggestions(message: string, y: unknown, argv: readonly string[]): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (!match) return message;
  const known = knownOptions(y);
  const flags = new Set(optionPart(argv).flatMap((a) => (a.startsWith("-") ? [a.replace(/^-+/, "").split("=")[0]] : [])));
  const hints = match[1]
    .split(", ")
    .filter((name) => flags.has(name))
    .map((name) => {
      const suggestion = closest(name.replace(/^-+/, ""), known);
      return suggestion ? `${name.length === 1 ? "-" : "--"}${name}: did you mean --${suggestion}?` : undefined;
    })
    .filter((h) => h !== undefined);
  return hints.length > 0 ? `${message} (${hints.join("; ")})` : message;
}

/**
 * A positional as help should show it: `<name..>` in the command line already says that it is
 * required and a list, so its line does not add `[required] [default: []]`. (yargs still checks
 * that it is given.)
 */
function untag<T extends Argv<object>>(y: T, name: string): T {
  const demanded = (y as unknown as { getDemandedOptions?(): Record<string, unknown> }).getDemandedOptions?.();
  if (demanded) delete demanded[name];
  return y;
}

/**
 * What every command's definition ends with: the exit codes under its help, and the options of
 * the configuration that it knows (the file may hold options of every command).
 */
function withConfig<T extends Argv<object>>(y: T, config: FoundConfig | undefined): T {
  y.epilogue(EXIT_CODES_HELP);
  if (!config) return y;
  const known = new Set(knownOptions(y));
  return y.config(Object.fromEntries(Object.entries(config.options).filter(([k]) => known.has(k)))) as T;
}

/** Every option a configuration file may set: those of all commands (checked before any command runs). */
const CONFIG_OPTIONS = [
  ...["config-mof", "sms-def", "import-mof", "site-classes", "baseline", "include", "exclude", "replace-conflicts", "carry-report-flags", "default-namespace"],
  ...["data-namespace", "reporting-namespace", "allow-outside-roots", "write", "backup-dir", "check", "json", "diff", "quiet", "color", "out", "debug"],
];

function checkConfigKeys(config: FoundConfig): void {
  for (const key of Object.keys(config.options)) {
    if (CONFIG_OPTIONS.includes(key)) continue;
    const suggestion = closest(key, CONFIG_OPTIONS);
    throw new ConfigError(`${config.file}: unknown option '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`);
  }
}

/**
 * cmd.exe passes quotes as they are: `--data-namespace 'root\cimv2'` there gives the value
 * `'root\cimv2'`, which would silently become `root\default\'root\cimv2'`. Refused, naming the quotes.
 */
function namespacesWithoutQuotes(args: Record<string, unknown>): true {
  for (const option of ["default-namespace", "data-namespace", "reporting-namespace"]) {
    const value = args[option];
    if (typeof value === "string" && /^['"]|['"]$/.test(value)) {
      const bare = value.replace(/^['"]+|['"]+$/g, "");
      throw new UsageError(
        `--${option} ${value}: the quotes are part of the value (cmd.exe passes them as they are); give --${option} ${bare}, or "${bare}" in cmd.exe`,
      );
    }
  }
  return true;
}

function defineCommands(parser: Argv, io: CliIo, argv: readonly string[], config: FoundConfig | undefined, setExitCode: (code: number) => void): void {
  parser
    .scriptName("mof-migrate")
    .usage(
      "$0 <command> [options]\n\n" +
        "Move SMS 2003 hardware-inventory MOF customizations into Configuration Manager:\n" +
        "data classes go to configuration.mof, reporting classes to SMS_def.mof (ConfigMgr 2007)\n" +
        "or to a MOF that is imported in the console (ConfigMgr 2012 and later).",
    )
    .command(
      "convert <sources..>",
      "Plan the migration of SMS 2003 MOF files into the ConfigMgr files (--sms-def for 2007, --import-mof for 2012 and later); preview it, check it, or write it",
      (y) =>
        withConfig(
          untag(y.positional("sources", SOURCES_POSITIONAL), "sources")
            .option("config-mof", { describe: "The ConfigMgr configuration.mof to add data classes to", type: "string", demandOption: true, requiresArg: true })
            .option("sms-def", { describe: "ConfigMgr 2007: the SMS_def.mof to add reporting classes to", type: "string", requiresArg: true })
            .option("import-mof", {
              describe:
                "ConfigMgr 2012 and later (instead of --sms-def): the MOF of reporting classes to import in the console (made when missing); data classes go between the Added extensions markers of configuration.mof",
              type: "string",
              requiresArg: true,
            })
            .option("site-classes", {
              describe: "With --import-mof: the site's hardware inventory classes as the console exports them; classes the site has are not imported again",
              type: "string",
              requiresArg: true,
            })
            .option("baseline", { describe: "The stock SMS 2003 SMS_def.mof: classes identical to it are not migrated", type: "string", requiresArg: true })
            .option("include", INCLUDE_OPTION)
            .option("exclude", EXCLUDE_OPTION)
            .option("replace-conflicts", {
              describe: "Replace classes that the target defines differently instead of reporting a conflict",
              type: "boolean",
              default: false,
            })
            .option("carry-report-flags", {
              describe:
                "Apply SMS_Report flag changes to the classes already in SMS_def.mof (with --import-mof: write such classes with the sources' flags into the import MOF)",
              type: "boolean",
            })
            .option("default-namespace", DEFAULT_NAMESPACE_OPTION)
            .option("data-namespace", { describe: "Namespace of data classes in configuration.mof", type: "string", requiresArg: true })
            .option("reporting-namespace", { describe: "Namespace of reporting classes in SMS_def.mof or the import MOF", type: "string", requiresArg: true })
            .option("allow-outside-roots", OUTSIDE_ROOTS_OPTION)
            .option("write", { describe: "Write the changes (backups are kept as <file>.bak, then <file>.1.bak, …)", type: "boolean" })
            .option("backup-dir", { describe: "Keep backups in this folder instead of next to the targets", type: "string", requiresArg: true })
            .option("force", { describe: "Write targets that are read-only too (they are refused otherwise)", type: "boolean" })
            .option("check", { describe: "Write nothing; exit 1 when the targets would change, 0 when they are up to date", type: "boolean" })
            .option("json", { describe: "Print one JSON document (plan, diagnostics, diffs) instead of text", type: "boolean", default: false })
            .option("diff", { describe: "Show the diff of each target in a preview (--no-diff leaves the diffs out)", type: "boolean", default: true })
            .option("quiet", QUIET_OPTION)
            .option("patch", PATCH_OPTION)
            .option("report", REPORT_OPTION)
            .option("format", {
              describe: "Output on stdout: text, markdown (GitHub-flavoured, for a pull request or $GITHUB_STEP_SUMMARY) or json (as --json)",
              choices: ["text", "markdown", "json"] as const,
              type: "string",
            })
            .option("color", COLOR_OPTION)
            .conflicts("write", "check")
            .example(
              "$0 convert samples/sms2003 --config-mof samples/cm2007/configuration.mof --sms-def samples/cm2007/SMS_def.mof",
              "Preview: summary and diffs, nothing written",
            )
            .example(
              "$0 convert old/ --config-mof configuration.mof --sms-def SMS_def.mof --baseline stock/SMS_def.mof --write",
              "Write the changes, keeping .bak backups",
            )
            .example("$0 convert old/ --config-mof configuration.mof --sms-def SMS_def.mof --check", "In CI: fail when the targets are not up to date")
            .example(
              "$0 convert old/ --config-mof configuration.mof --import-mof inventory-classes.mof --site-classes exported.mof",
              "ConfigMgr 2012 and later: preview configuration.mof's Added extensions and the MOF to import in the console",
            )
            .example(
              "$0 convert old/ --config-mof configuration.mof --sms-def SMS_def.mof --report review.html --patch review.patch",
              "For a change board: an HTML report and a patch to apply, nothing written",
            )
            .example(
              "$0 convert old/ --config-mof configuration.mof --sms-def SMS_def.mof --default-namespace 'root\\cimv2'",
              "Files without #pragma namespace were compiled with mofcomp -N:root\\cimv2",
            ),
          config,
        ),
      async (args) => {
        const { runConvert } = await import("./convert.js");
        setExitCode(await runConvert({ ...args, sources: args.sources ?? [] }, io));
      },
    )
    .command(
      "split <sources..>",
      "Split SMS 2003 MOF files into a data part and a reporting part, as new files; preview it, check it, or write it",
      (y) =>
        withConfig(
          untag(y.positional("sources", SOURCES_POSITIONAL), "sources")
            .option("out", {
              describe: "Folder for configuration-additions.mof and SMS_def-additions.mof",
              type: "string",
              demandOption: true,
              requiresArg: true,
            })
            .option("baseline", { describe: "The stock SMS 2003 SMS_def.mof: classes identical to it are left out", type: "string", requiresArg: true })
            .option("include", INCLUDE_OPTION)
            .option("exclude", EXCLUDE_OPTION)
            .option("default-namespace", DEFAULT_NAMESPACE_OPTION)
            .option("data-namespace", { describe: "Namespace of data classes", type: "string", requiresArg: true })
            .option("reporting-namespace", { describe: "Namespace of reporting classes", type: "string", requiresArg: true })
            .option("allow-outside-roots", OUTSIDE_ROOTS_OPTION)
            .option("write", { describe: "Write the files (a file replaced is kept as <file>.bak, then <file>.1.bak, …)", type: "boolean" })
            .option("backup-dir", { describe: "Keep backups in this folder instead of next to the files", type: "string", requiresArg: true })
            .option("check", { describe: "Write nothing; exit 1 when the files would change, 0 when they are up to date", type: "boolean" })
            .option("quiet", QUIET_OPTION)
            .option("patch", PATCH_OPTION)
            .option("report", REPORT_OPTION)
            .option("format", { describe: "Output on stdout: text or markdown (GitHub-flavoured)", choices: ["text", "markdown"] as const, type: "string" })
            .option("color", COLOR_OPTION)
            .conflicts("write", "check")
            .example("$0 split samples/sms2003 --out migrated", "Preview: the plan and the two files as diffs, nothing written")
            .example("$0 split samples/sms2003 --out migrated --write", "Writes migrated/configuration-additions.mof and migrated/SMS_def-additions.mof"),
          config,
        ),
      async (args) => {
        const { runSplit } = await import("./split.js");
        setExitCode(await runSplit({ ...args, sources: args.sources ?? [] }, io));
      },
    )
    .command(
      "check <inputs..>",
      "Check MOF files for syntax and semantic errors, as mofcomp would",
      (y) =>
        withConfig(
          untag(
            y.positional("inputs", { describe: "MOF files, folders (searched for *.mof) or globs", type: "string", array: true, default: undefined }),
            "inputs",
          )
            .option("include", INCLUDE_OPTION)
            .option("exclude", EXCLUDE_OPTION)
            .option("default-namespace", DEFAULT_NAMESPACE_OPTION)
            .option("allow-outside-roots", OUTSIDE_ROOTS_OPTION)
            .option("format", {
              describe: "Output: text, json (schema/diagnostics.schema.json), sarif (SARIF 2.1.0 for code scanning) or github (workflow annotations)",
              choices: ["text", "json", "sarif", "github"] as const,
              default: "text" as const,
              type: "string",
            })
            .option("max-warnings", {
              describe: "Exit 1 when there are more warnings than this (warnings hidden by --quiet count too)",
              type: "number",
              requiresArg: true,
            })
            .option("quiet", { describe: "Report errors only", type: "boolean", default: false })
            .option("color", COLOR_OPTION)
            .check((a) => {
              const max = a["max-warnings"];
              if (max !== undefined && !(Number.isInteger(max) && max >= 0))
                throw new UsageError(`--max-warnings takes a whole number of 0 or more, not '${max}'`);
              return true;
            })
            .example("$0 check samples/sms2003", "Check every .mof file in a folder (and what they include)")
            .example("$0 check SMS_def.mof --color never", "Check one file, plain output")
            .example("$0 check -- -old.mof", "-- ends the options: a file whose name starts with -")
            .example("$0 check inventory --format github --max-warnings 0", "In GitHub Actions: annotations on the pull request, fail on any warning")
            .example("$0 check inventory --format sarif > mof.sarif", "A SARIF log for code scanning"),
          config,
        ),
      async (args) => {
        const { runCheck } = await import("./check.js");
        setExitCode(await runCheck({ ...args, inputs: args.inputs ?? [] }, io));
      },
    )
    .command(
      "parse <file>",
      "Print the syntax tree of one MOF file (an outline, or JSON for tools)",
      (y) =>
        withConfig(
          untag(y.positional("file", { describe: "A MOF file", type: "string" }), "file")
            .option("json", { describe: "The full syntax tree as JSON", type: "boolean", default: false })
            .option("color", COLOR_OPTION)
            .example("$0 parse SMS_def.mof", "Outline: one line per statement")
            .example("$0 parse SMS_def.mof --json > ast.json", "Syntax tree as JSON (integers as strings)"),
          config,
        ),
      async (args) => {
        const { runParse } = await import("./parse.js");
        setExitCode(await runParse({ ...args, file: args.file ?? "" }, io));
      },
    )
    .option("debug", { describe: "Show stack traces of unexpected errors", type: "boolean", default: false, global: true })
    .option("config", {
      describe: `Read options from this JSON file instead of the nearest ${CONFIG_FILE} (or "${PACKAGE_KEY}" key of package.json); --no-config reads none`,
      type: "string",
      global: true,
    })
    .check(namespacesWithoutQuotes, true)
    .completion("completion", "Print a bash or zsh completion script (mof-migrate completion >> ~/.bashrc)")
    .demandCommand(1, "give a command: convert, split, check or parse")
    .recommendCommands()
    .strict()
    .help()
    .alias("h", "help")
    .version(packageVersion())
    .wrap(Math.min(110, parser.terminalWidth()))
    .epilogue(EXIT_CODES_HELP)
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !message) throw error;
      // The parser holds the options of the command being parsed.
      throw new UsageError(`${withSuggestions(message ?? error?.message ?? "", parser, argv)}\nRun 'mof-migrate --help' for usage.`);
    });
}
