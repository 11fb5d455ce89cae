/**
 * The review files of `convert` and `split` (`--report`, `--patch`): which paths they may take,
 * and writing them once the run has made its plan and did not fail on its inputs.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { formatReport, type ReviewInput, type WriteResult } from "../index.js";
import type { CliIo } from "./io.js";

/** The review-file options of a command. */
export interface ReviewArgs {
  /** The HTML review report to write. */
  report?: string;
  /** The patch to write. */
  patch?: string;
}

/**
 * Why the review files cannot be written where asked (they would replace an input or a target,
 * or each other), or `undefined`.
 */
export function reviewFileProblem(args: ReviewArgs, inputs: readonly string[]): string | undefined {
  const asked = [
    ["--report", args.report],
    ["--patch", args.patch],
  ].filter((e): e is [string, string] => e[1] !== undefined);
  const taken = new Map(inputs.map((f) => [resolve(f), f]));
  for (const [option, file] of asked) {
    const clash = taken.get(resolve(file));
    if (clash !== undefined) return `${option} ${file} would replace ${clash}, which the run reads or writes`;
    taken.set(resolve(file), `${option} ${file}`);
  }
  return undefined;
}

/**
 * The folder the patch is applied in: the working folder when every target is below it (the
 * usual case: a repository root), else the deepest folder that holds them all.
 */
export function patchRoot(files: readonly string[]): string {
  const cwd = process.cwd();
  const inside = (f: string) => {
    const rel = relative(cwd, resolve(f));
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  };
  if (files.every(inside)) return cwd;
  const folders = files.map((f) => dirname(resolve(f)).split(sep));
  const common: string[] = [];
  for (let i = 0; folders.every((p) => i < p.length && p[i] === folders[0][i]); i++) common.push(folders[0][i]);
  return common.join(sep) || sep;
}

/** What a command run with `--write`, `--check` or neither. */
interface RunModeArgs extends ReviewArgs {
  write?: boolean;
  check?: boolean;
  backupDir?: string;
}

/**
 * The parts of a review that say how the command ran: its mode, the write's outcome, the backup
 * folder, the patch file and the command line. `convert` and `split` add their plan and targets.
 */
export function runReviewFields(
  args: RunModeArgs,
  written: WriteResult | undefined,
): Pick<ReviewInput, "mode" | "written" | "backupDir" | "patchFile" | "commandLine"> {
  return {
    mode: args.write ? "write" : args.check ? "check" : "preview",
    ...(written ? { written } : {}),
    ...(args.backupDir !== undefined ? { backupDir: args.backupDir } : {}),
    ...(args.patch !== undefined ? { patchFile: args.patch } : {}),
    commandLine: commandLine(),
  };
}

/** The command line of this run, for the report. */
export function commandLine(): string {
  return ["mof-migrate", ...process.argv.slice(2).map(quote)].join(" ");
}

/**
 * Write the review files asked for. Returns the lines that say what was written, and whether
 * every file could be written (failures are reported on stderr).
 */
export async function writeReviewFiles(args: ReviewArgs, review: ReviewInput, io: CliIo): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  let ok = true;
  if (args.report !== undefined) {
    if (await save(args.report, formatReport(review, { format: "html" }), io)) lines.push(`report: ${args.report}`);
    else ok = false;
  }
  if (args.patch !== undefined) {
    const patch = formatReport(review, { format: "patch" });
    if (await save(args.patch, patch, io)) {
      const root = review.root ?? patchRoot(review.targets.map((t) => t.file));
      const where = resolve(root) === resolve(process.cwd()) ? "" : ` in ${root}`;
      const file = relative(resolve(root), resolve(args.patch)) || args.patch;
      lines.push(
        patch.byteLength === 0
          ? `patch: ${args.patch} is empty: nothing changes`
          : `patch: ${args.patch} (apply it${where} with: git apply ${quote(file)}, or patch -p1 < ${quote(file)})`,
      );
    } else ok = false;
  }
  return { ok, lines };
}

/** Say on stderr that the review files were not written, and why. */
export function reportNotWritten(args: ReviewArgs, io: CliIo, why: string): void {
  for (const [option, file] of [
    ["--report", args.report],
    ["--patch", args.patch],
  ])
    if (file !== undefined) io.stderr.write(`mof-migrate: ${option} ${file} was not written: ${why}\n`);
}

async function save(file: string, content: string | Uint8Array, io: CliIo): Promise<boolean> {
  try {
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, content);
    return true;
  } catch (e) {
    io.stderr.write(`mof-migrate: cannot write ${file}: ${(e as Error).message}\n`);
    return false;
  }
}

/** A word as a POSIX shell reads it back. */
function quote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
