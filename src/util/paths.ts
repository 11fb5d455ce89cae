/**
 * File paths as reports show them and as the loader compares them: relative to a root with `/`,
 * the deepest common folder, containment, and a locale-independent order.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";

/** `path` with `/` separators. */
export function toPosix(path: string): string {
  return path.replace(/\\/g, "/");
}

/** `file` relative to `root` with `/` separators when it lies below it; else `file` with `/`. */
export function relativePath(file: string, root: string | undefined): string {
  const f = toPosix(file);
  if (!root) return f;
  const r = toPosix(root).replace(/\/+$/, "");
  if (r === "" || r === ".") return f.replace(/^\.\//, "");
  return f.startsWith(r + "/") ? f.slice(r.length + 1) : f;
}

/** The deepest folder that holds every root (as spelled by the user when there is one root). */
export function commonFolder(roots: readonly string[]): string | undefined {
  if (roots.length === 0) return undefined;
  if (roots.length === 1) return roots[0];
  const split = roots.map((r) => resolve(r).split(sep));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length > 0 ? common.join(sep) || sep : undefined;
}

/** True when `path` lies below `folder` (not `folder` itself). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== "" && rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel);
}

/** Byte-wise path order with `/` and `\` treated alike, so results do not depend on the locale. */
export function comparePaths(a: string, b: string): number {
  const x = toPosix(a);
  const y = toPosix(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
