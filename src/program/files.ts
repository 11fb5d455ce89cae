/**
 * Finding the MOF files a user means: files named one by one, folders searched recursively, or
 * glob patterns. The result is deterministic (sorted within each input, inputs in the order
 * given, each file once) so that plans and diffs do not depend on directory listing order.
 */
import { readdir, statSync, type Stats } from "node:fs";
import { lstat, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import type FastGlob from "fast-glob";
import { fileDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkArrayOf, checkOptions } from "../util/arguments.js";
import { errorReason, fileKind } from "../util/file-kind.js";
import { commonFolder, comparePaths, filterPattern, globInput, pathKey, toPosix } from "../util/paths.js";
import { findUnlistedMof } from "./unlisted-mof.js";

/** Options of {@link findMofFiles}. */
export interface FindMofFilesOptions {
  /** Patterns (relative to each folder given) of the files to take from folders. Default `**\/*.mof`, any case. */
  include?: readonly string[];
  /** Patterns of files to leave out of folders and globs (relative to each folder given, or to the current folder for globs). */
  exclude?: readonly string[];
}

/**
 * What {@link findMofFiles} found. Its diagnostics are about inputs, not file contents: they are
 * at line 1, column 1 of the input named.
 */
export interface FoundMofFiles {
  /** The MOF files, as paths built from the inputs (relative inputs give relative paths). */
  readonly files: string[];
  /** The folders the files were found under: each folder given, the folder of each file given, the fixed part of each glob. */
  readonly roots: string[];
  /** The deepest folder that holds every root (the one root as given, when there is one): what reports make source paths relative to. */
  readonly root?: string;
  /**
   * Files under the folders given whose content is MOF but whose names the search left out
   * (`Add-To-configuration.mof.txt`, `*.HWInvConfigurationMOF.txt`): not read, only listed.
   * Looked for when `include` is the default.
   */
  readonly skipped: string[];
  /**
   * `input-not-found` (error) for inputs that do not exist; `read-error` (error) for inputs that
   * exist but cannot be used (a named pipe, a device, a link that loops, a sub-folder that
   * cannot be listed); `no-mof-files` (warning) for folders and globs that give no file;
   * `mof-content-skipped` (info) for each skipped file.
   */
  readonly diagnostics: Diagnostic[];
}

/** fast-glob, loaded on first use: a list of plain file names does not need it. */
let fastGlob: typeof FastGlob | undefined;
async function loadFastGlob(): Promise<typeof FastGlob> {
  fastGlob ??= (await import("fast-glob")).default;
  return fastGlob;
}

/** Folders never searched. */
const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];

/**
 * Expand files, folders and glob patterns into a sorted, de-duplicated list of MOF files.
 *
 * A file given by name is always taken, whatever its extension. Folders are searched
 * recursively for `*.mof` (case-insensitive), skipping `node_modules` and `.git`, and without
 * following symbolic links. An input that is neither an existing path nor a
 * glob that matches anything is reported; nothing here throws for what is on disk.
 *
 * @throws TypeError when `inputs` is not an array of strings, or `include`/`exclude` not arrays of patterns.
 */
export async function findMofFiles(inputs: readonly string[], options: FindMofFilesOptions = {}): Promise<FoundMofFiles> {
  checkArrayOf("findMofFiles", "inputs", inputs, "string", "a file, folder or glob");
  checkOptions("findMofFiles", options);
  if (options.include !== undefined) checkArrayOf("findMofFiles", "options.include", options.include, "string", "a glob pattern");
  if (options.exclude !== undefined) checkArrayOf("findMofFiles", "options.exclude", options.exclude, "string", "a glob pattern");
  const include = options.include && options.include.length > 0 ? options.include.map((p) => filterPattern(p)) : ["**/*.mof"];
  const exclude = [...(options.exclude ?? []).map((p) => filterPattern(p)), ...ALWAYS_IGNORED];
  const files: string[] = [];
  const skipped: string[] = [];
  const roots: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();

  const add = (found: string[]) => {
    for (const file of found.sort(comparePaths)) {
      const key = pathKey(file);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(file);
    }
  };
  const addRoot = (root: string) => {
    if (!roots.some((r) => pathKey(r) === pathKey(root))) roots.push(root);
  };

  for (const input of inputs) {
    const info = await statOrUndefined(input);
    const unusable = info ? notUsable(info) : await brokenLink(input);
    if (unusable !== undefined) {
      diagnostics.push(fileDiagnostic(input, "read-error", `cannot read '${input}': ${unusable}`));
      continue;
    }
    if (info?.isFile()) {
      add([input]);
      addRoot(parentOf(input));
      continue;
    }
    const fg = await loadFastGlob();
    // The folder part of a glob is literal: `C:\Program Files (x86)\Site\*.mof` matches.
    const { pattern, base } = globInput(input, isFolder, (folder) => fg.convertPathToPattern(folder));
    if (info?.isDirectory()) {
      const found = await searchFolder(fg, input, include, exclude, diagnostics);
      add(found);
      addRoot(input);
      const unlisted = options.include && options.include.length > 0 ? [] : await findUnlistedMof(fg, input, seen, exclude);
      if (found.length === 0)
        diagnostics.push(inputDiagnostic(input, "no-mof-files", `no MOF files in folder '${input}'${unlisted.length ? " (see the files below)" : ""}`));
      for (const file of unlisted) {
        skipped.push(file);
        diagnostics.push(
          fileDiagnostic(file, "mof-content-skipped", `${file} holds MOF but its name does not end in .mof: it was not read`, { hint: includeHint(file) }),
        );
      }
    } else if (fg.isDynamicPattern(pattern)) {
      const unreadable: Unreadable[] = [];
      const found = await fg(pattern, { ...globOptions(), ignore: exclude, fs: { readdir: watchedReaddir(unreadable) } });
      reportUnreadable(unreadable, ".", diagnostics);
      if (found.length === 0) diagnostics.push(inputDiagnostic(input, "no-mof-files", `no files match '${input}'`));
      add(found.map((f) => (sep === "\\" ? f.replace(/\//g, sep) : f)));
      addRoot(base !== "." ? base : globBase(fg, pattern));
    } else {
      diagnostics.push(inputDiagnostic(input, "input-not-found", `no such file or folder: '${input}'`));
    }
  }
  const root = commonFolder(roots);
  return { files, roots, ...(root !== undefined ? { root } : {}), skipped, diagnostics };
}

/** How to take a skipped file after all: name it, or search with a pattern for its kind of name. */
function includeHint(file: string): string {
  const name = basename(file);
  const dot = name.indexOf(".", 1);
  const pattern = dot > 0 ? `**/*${name.slice(dot)}` : `**/${name}`;
  return `name the file as a source, or search the folder with --include "**/*.mof" --include "${pattern}" (option include of findMofFiles)`;
}

function globOptions() {
  return {
    caseSensitiveMatch: false,
    followSymbolicLinks: false,
    onlyFiles: true,
    dot: false,
    unique: true,
    suppressErrors: true,
  };
}

/**
 * The MOF files under one folder, as `folder/relative/path`. Symbolic links are not followed
 * (neither linked folders nor linked files), so nothing outside the folder is read.
 */
async function searchFolder(fg: typeof FastGlob, folder: string, include: string[], exclude: string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const unreadable: Unreadable[] = [];
  const entries = await fg(include, { ...globOptions(), cwd: folder, ignore: exclude, fs: { readdir: watchedReaddir(unreadable) } });
  reportUnreadable(unreadable, folder, diagnostics);
  return entries.map((entry) => join(folder, entry));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A folder that fast-glob could not list. */
interface Unreadable {
  readonly path: string;
  readonly error: NodeJS.ErrnoException;
}

/** One `read-error` for each folder that could not be listed under `base`, with the exclude pattern that leaves it out. */
function reportUnreadable(unreadable: Unreadable[], base: string, diagnostics: Diagnostic[]): void {
  for (const { path, error } of unreadable.sort((a, b) => comparePaths(a.path, b.path))) {
    const inside = relative(resolve(base), resolve(base, path));
    const shown = inside === "" ? base : inside.startsWith("..") ? path : join(base, inside);
    const pattern = toPosix(inside);
    diagnostics.push(
      fileDiagnostic(shown, "read-error", `cannot read the folder '${shown}': ${errorReason(error)}; the MOF files in it are left out`, {
        hint:
          pattern && !pattern.startsWith("..")
            ? `give read permission on it, or leave it out (exclude, --exclude '${pattern}/**')`
            : "give read permission on it",
      }),
    );
  }
}

/**
 * `fs.readdir` for fast-glob that also records the folders it cannot read: fast-glob passes
 * over them without a word (it must, to go on with the others), and a folder of MOF files
 * left out without a word is a migration that is silently incomplete.
 */
function watchedReaddir(unreadable: Unreadable[]) {
  return ((path: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === "function" ? options : callback) as (error: NodeJS.ErrnoException | null, entries: unknown) => void;
    const record = (error: NodeJS.ErrnoException | null, entries: unknown) => {
      // A folder removed while it is searched is simply gone.
      if (error && error.code !== "ENOENT") unreadable.push({ path, error });
      done(error, entries);
    };
    if (typeof options === "function") readdir(path, record);
    else readdir(path, options as { withFileTypes: true }, record);
  }) as unknown as NonNullable<FastGlob.Options["fs"]>["readdir"];
}

/** The leading segments of a glob that hold no pattern characters. */
function globBase(fg: typeof FastGlob, pattern: string): string {
  const segments = pattern.split("/");
  const fixed: string[] = [];
  for (const segment of segments) {
    if (segment !== "" && fg.isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  const base = fixed.join("/");
  return base === "" ? (pattern.startsWith("/") ? "/" : ".") : base;
}

function parentOf(file: string): string {
  const rel = join(file, "..");
  return rel === "" ? "." : rel;
}

/** Why an input that exists is neither a file nor a folder ("it is a named pipe (FIFO), …"), or undefined. */
function notUsable(info: Stats): string | undefined {
  return info.isFile() || info.isDirectory() ? undefined : `it is ${fileKind(info)}, not a file or a folder`;
}

/** Why an input that `stat` cannot follow is a link that loops or points nowhere; undefined when nothing is there. */
async function brokenLink(input: string): Promise<string | undefined> {
  try {
    await stat(input);
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") return "it is a symbolic link that loops";
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return errorReason(e);
  }
  try {
    return (await lstat(input)).isSymbolicLink() ? "it is a symbolic link to nothing" : undefined;
  } catch {
    return undefined;
  }
}

function inputDiagnostic(input: string, code: "input-not-found" | "no-mof-files", message: string): Diagnostic {
  return fileDiagnostic(input, code, message);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
