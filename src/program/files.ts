/**
 * Finding the MOF files a user means: files named one by one, folders searched recursively, or
 * glob patterns. The result is deterministic (sorted within each input, inputs in the order
 * given, each file once) so that plans and diffs do not depend on directory listing order.
 */
import { statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join, sep } from "node:path";
import type FastGlob from "fast-glob";
import { fileDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { commonFolder, comparePaths, filterPattern, globInput, pathKey } from "../util/paths.js";
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
   * `input-not-found` (error) for inputs that do not exist; `no-mof-files` (warning) for folders
   * and globs that give no file; `mof-content-skipped` (info) for each skipped file.
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
 * glob that matches anything is reported; nothing here throws.
 */
export async function findMofFiles(inputs: readonly string[], options: FindMofFilesOptions = {}): Promise<FoundMofFiles> {
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
    if (info?.isFile()) {
      add([input]);
      addRoot(parentOf(input));
      continue;
    }
    const fg = await loadFastGlob();
    // The folder part of a glob is literal: `C:\Program Files (x86)\Site\*.mof` matches.
    const { pattern, base } = globInput(input, isFolder, (folder) => fg.convertPathToPattern(folder));
    if (info?.isDirectory()) {
      const found = await searchFolder(fg, input, include, exclude);
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
      const found = await fg(pattern, { ...globOptions(), ignore: exclude });
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
async function searchFolder(fg: typeof FastGlob, folder: string, include: string[], exclude: string[]): Promise<string[]> {
  const entries = await fg(include, { ...globOptions(), cwd: folder, ignore: exclude });
  return entries.map((entry) => join(folder, entry));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
