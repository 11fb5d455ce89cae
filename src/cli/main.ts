/**
 * The `mof-migrate` command line: argument parsing and help (yargs), exit codes, and the top-level
 * error handler. Each command's work lives in its own module, loaded only when that command
 * runs, so `--help` and `--version` stay fast.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Argv } from "yargs";
import { ExitCode, type CliIo, processIo } from "./io.js";

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
  describe: "Colored output: auto = when stdout is a terminal and NO_COLOR is not set (FORCE_COLOR forces it)",
  choices: ["auto", "always", "never"] as const,
  default: "auto" as const,
  type: "string" as const,
};

const DEFAULT_NAMESPACE_OPTION = {
  describe: "Namespace of files without a #pragma namespace (mofcomp -N)",
  type: "string" as const,
  default: "root\\default",
  requiresArg: true,
};

/** Options that `convert`, `split` and `check` share, defined once. */
const SOURCES_POSITIONAL = { describe: "SMS 2003 MOF files, folders (searched for *.mof) or globs", type: "string", array: true, demandOption: true } as const;
const INCLUDE_OPTION = { describe: "Only files matching this glob (in folders); repeatable", type: "string", array: true, requiresArg: true } as const;
const EXCLUDE_OPTION = { describe: "Leave out files matching this glob; repeatable", type: "string", array: true, requiresArg: true } as const;
const OUTSIDE_ROOTS_OPTION = { describe: "Follow #pragma include to files outside the folders given", type: "boolean", default: false } as const;

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
    const { default: yargs } = await import("yargs");
    const parser = yargs([...argv]);
    defineCommands(parser, io, (code) => (exitCode = code));
    await parser.parseAsync();
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
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

function defineCommands(parser: Argv, io: CliIo, setExitCode: (code: number) => void): void {
  parser
    .scriptName("mof-migrate")
    .usage(
      "$0 <command> [options]\n\n" +
        "Move SMS 2003 hardware-inventory MOF customizations into Configuration Manager:\n" +
        "data classes go to configuration.mof, reporting classes to SMS_def.mof.",
    )
    .command(
      "convert <sources..>",
      "Plan the migration of SMS 2003 MOF files into the ConfigMgr files; preview it, check it, or write it",
      (y) =>
        y
          .positional("sources", SOURCES_POSITIONAL)
          .option("config-mof", { describe: "The ConfigMgr configuration.mof to add data classes to", type: "string", demandOption: true, requiresArg: true })
          .option("sms-def", { describe: "The ConfigMgr SMS_def.mof to add reporting classes to", type: "string", demandOption: true, requiresArg: true })
          .option("baseline", { describe: "The stock SMS 2003 SMS_def.mof: classes identical to it are not migrated", type: "string", requiresArg: true })
          .option("include", INCLUDE_OPTION)
          .option("exclude", EXCLUDE_OPTION)
          .option("replace-conflicts", {
            describe: "Replace classes that the target defines differently instead of reporting a conflict",
            type: "boolean",
            default: false,
          })
          .option("carry-report-flags", { describe: "Apply SMS_Report flag changes of stock classes to the classes already in SMS_def.mof", type: "boolean" })
          .option("default-namespace", DEFAULT_NAMESPACE_OPTION)
          .option("data-namespace", { describe: "Namespace of data classes in configuration.mof", type: "string", requiresArg: true })
          .option("reporting-namespace", { describe: "Namespace of reporting classes in SMS_def.mof", type: "string", requiresArg: true })
          .option("allow-outside-roots", OUTSIDE_ROOTS_OPTION)
          .option("write", { describe: "Write the changes (backups are kept as <file>.bak, then <file>.1.bak, …)", type: "boolean" })
          .option("backup-dir", { describe: "Keep backups in this folder instead of next to the targets", type: "string", requiresArg: true })
          .option("force", { describe: "Write targets that are read-only too (they are refused otherwise)", type: "boolean" })
          .option("check", { describe: "Write nothing; exit 1 when the targets would change, 0 when they are up to date", type: "boolean" })
          .option("json", { describe: "Print one JSON document (plan, diagnostics, diffs) instead of text", type: "boolean", default: false })
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
            "$0 convert old/ --config-mof configuration.mof --sms-def SMS_def.mof --default-namespace 'root\\cimv2'",
            "Files without #pragma namespace were compiled with mofcomp -N:root\\cimv2",
          ),
      async (args) => {
        const { runConvert } = await import("./convert.js");
        setExitCode(await runConvert(args, io));
      },
    )
    .command(
      "split <sources..>",
      "Split SMS 2003 MOF files into a data part and a reporting part, as new files",
      (y) =>
        y
          .positional("sources", SOURCES_POSITIONAL)
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
          .option("color", COLOR_OPTION)
          .example("$0 split samples/sms2003 --out migrated", "Writes migrated/configuration-additions.mof and migrated/SMS_def-additions.mof"),
      async (args) => {
        const { runSplit } = await import("./split.js");
        setExitCode(await runSplit(args, io));
      },
    )
    .command(
      "check <inputs..>",
      "Check MOF files for syntax and semantic errors, as mofcomp would",
      (y) =>
        y
          .positional("inputs", { describe: "MOF files, folders (searched for *.mof) or globs", type: "string", array: true, demandOption: true })
          .option("include", INCLUDE_OPTION)
          .option("exclude", EXCLUDE_OPTION)
          .option("default-namespace", DEFAULT_NAMESPACE_OPTION)
          .option("allow-outside-roots", OUTSIDE_ROOTS_OPTION)
          .option("color", COLOR_OPTION)
          .example("$0 check samples/sms2003", "Check every .mof file in a folder (and what they include)")
          .example("$0 check SMS_def.mof --color never", "Check one file, plain output"),
      async (args) => {
        const { runCheck } = await import("./check.js");
        setExitCode(await runCheck(args, io));
      },
    )
    .command(
      "parse <file>",
      "Print the syntax tree of one MOF file (an outline, or JSON for tools)",
      (y) =>
        y
          .positional("file", { describe: "A MOF file", type: "string", demandOption: true })
          .option("json", { describe: "The full syntax tree as JSON", type: "boolean", default: false })
          .option("color", COLOR_OPTION)
          .example("$0 parse SMS_def.mof", "Outline: one line per statement")
          .example("$0 parse SMS_def.mof --json > ast.json", "Syntax tree as JSON (integers as strings)"),
      async (args) => {
        const { runParse } = await import("./parse.js");
        setExitCode(await runParse(args, io));
      },
    )
    .option("debug", { describe: "Show stack traces of unexpected errors", type: "boolean", default: false, global: true })
    .demandCommand(1, "give a command: convert, split, check or parse")
    .recommendCommands()
    .strict()
    .help()
    .alias("h", "help")
    .version(packageVersion())
    .wrap(Math.min(110, parser.terminalWidth()))
    .epilogue("Exit codes: 0 success, 1 changes pending (--check) or errors found, 2 bad input or usage.")
    .exitProcess(false)
    .fail((message, error) => {
      if (error && !message) throw error;
      throw new UsageError(`${message ?? error?.message}\nRun 'mof-migrate --help' for usage.`);
    });
}
