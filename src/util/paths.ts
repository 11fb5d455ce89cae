/**
 * File paths as reports show them and as the loader compares them: relative to a root with `/`,
 * the deepest common folder, containment, identity, a locale-independent order, and a user's
 * glob as fast-glob wants it. Every function that depends on the platform takes the `path`
 * flavour (default: this platform's), so that the Windows rules are tested everywhere with
 * `path.win32`: paths compare case-insensitively there, and drive letters and `\\server\share`
 * roots are roots.
 */
import * as nodePath from "node:path";

/** `node:path` or one of its flavours (`path.win32`, `path.posix`). */
export type PathFlavor = typeof nodePath.posix;

const isWindows = (path: PathFlavor) => path.sep === "\\";

/** `path` with `/` separators. */
export function toPosix(path: string): string {
  return path.replace(/\\/g, "/");
}

/** `file` relative to `root` with `/` separators when it lies below it; else `file` with `/`. */
export function relativePath(file: string, root: string | undefined, path: PathFlavor = nodePath): string {
  const f = toPosix(file);
  if (!root) return f;
  const r = toPosix(root).replace(/\/+$/, "");
  if (r === "" || r === ".") return f.replace(/^\.\//, "");
  const below = isWindows(path) ? f.toLowerCase().startsWith(r.toLowerCase() + "/") : f.startsWith(r + "/");
  return below ? f.slice(r.length + 1) : f;
}

/** What two spellings of one file have in common: the absolute path, lower-cased on Windows. */
export function pathKey(file: string, path: PathFlavor = nodePath): string {
  const absolute = path.resolve(file);
  return isWindows(path) ? absolute.toLowerCase() : absolute;
}

/** True when `a` and `b` name the same file (as spelled: links are not followed). */
export function samePath(a: string, b: string, path: PathFlavor = nodePath): boolean {
  return pathKey(a, path) === pathKey(b, path);
}

/**
 * The deepest folder that holds every root (as spelled by the user when there is one root);
 * `undefined` when they share no root (two drives, two shares).
 */
export function commonFolder(roots: readonly string[], path: PathFlavor = nodePath): string | undefined {
  if (roots.length === 0) return undefined;
  if (roots.length === 1) return roots[0];
  const key = (s: string) => (isWindows(path) ? s.toLowerCase() : s);
  const parts = roots.map((r) => {
    const absolute = path.resolve(r);
    const top = path.parse(absolute).root;
    return {
      top,
      segments: absolute
        .slice(top.length)
        .split(path.sep)
        .filter((s) => s !== ""),
    };
  });
  const first = parts[0];
  if (!parts.every((p) => key(p.top) === key(first.top))) return undefined;
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.segments.length && key(p.segments[i]) === key(first.segments[i])); i++) common.push(first.segments[i]);
  return first.top + common.join(path.sep);
}

/** True when `file` lies below `folder` (not `folder` itself); case-insensitive on Windows. */
export function isInside(folder: string, file: string, path: PathFlavor = nodePath): boolean {
  const rel = path.relative(folder, file);
  return rel !== "" && rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel);
}

/** Byte-wise path order with `/` and `\` treated alike, so results do not depend on the locale. */
export function comparePaths(a: string, b: string): number {
  const x = toPosix(a);
  const y = toPosix(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An `--include`/`--exclude` pattern as fast-glob wants it: on Windows `\` separates folders, elsewhere it escapes. */
export function filterPattern(pattern: string, path: PathFlavor = nodePath): string {
  return isWindows(path) ? toPosix(pattern) : pattern;
}

/** A glob given on the command line, split into the folder it starts from and the fast-glob pattern. */
export interface GlobInput {
  /** The fast-glob pattern: the folder part escaped, `/` separators. */
  readonly pattern: string;
  /** The longest leading part that is an existing folder, as the user spelled it (`.` when none). */
  readonly base: string;
}

/**
 * A user's glob (`C:\Program Files (x86)\Site\*.mof`, `old [2003]/**\/*.mof`): the longest
 * leading part that names an existing folder is taken literally (its `(`, `)`, `[` and spaces
 * are part of the name; `escape` is fast-glob's `convertPathToPattern` for the platform), the
 * rest is the pattern.
 */
export function globInput(input: string, isFolder: (folder: string) => boolean, escape: (folder: string) => string, path: PathFlavor = nodePath): GlobInput {
  const separators = isWindows(path) ? /[\\/]/ : /\//;
  const segments = input.split(separators);
  let fixed = 0;
  for (let i = 1; i < segments.length; i++) {
    const folder = segments.slice(0, i).join(path.sep) || path.sep;
    // Not the first miss: `\\server` is no folder, `\\server\share` is.
    if (isFolder(isWindows(path) && /^[A-Za-z]:$/.test(folder) ? folder + path.sep : folder)) fixed = i;
  }
  if (fixed === 0) return { pattern: isWindows(path) ? toPosix(input) : input, base: "." };
  const base = segments.slice(0, fixed).join(path.sep) || path.sep;
  const rest = segments.slice(fixed).join("/");
  const escaped = escape(base).replace(/\/$/, "");
  return { pattern: `${escaped}/${rest}`, base };
}

/**
 * Where an include path starts and the names below it: relative to `folder`, at the root for
 * `\x.mof`, and on Windows at a drive (`C:\x.mof`) or a share (`\\server\share\x.mof`, which
 * keeps its leading `\\`). `undefined` for a drive or share path on a system that has neither.
 */
export function includeStart(folder: string, includePath: string, path: PathFlavor = nodePath): { start: string; segments: string[] } | undefined {
  const names = (rest: string) => rest.split(/[\\/]+/).filter((s) => s !== "");
  const drive = /^([A-Za-z]:)[\\/]?/.exec(includePath);
  const share = /^[\\/]{2}([^\\/]+)[\\/]+([^\\/]+)[\\/]*/.exec(includePath);
  if (drive || share) {
    if (!isWindows(path)) return undefined;
    if (share) return { start: `\\\\${share[1]}\\${share[2]}\\`, segments: names(includePath.slice(share[0].length)) };
    // `C:x.mof` (relative to the drive's current folder) is read as `C:\x.mof`.
    return { start: drive![1] + path.sep, segments: names(includePath.slice(drive![0].length)) };
  }
  if (/^[\\/]/.test(includePath)) return { start: path.parse(path.resolve(folder)).root || path.sep, segments: names(includePath) };
  return { start: folder, segments: names(includePath) };
}
