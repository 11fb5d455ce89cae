/**
 * File paths as machine-readable reports write them: relative to a root folder (the working
 * folder by default, which is the repository root in CI) with `/`, and as URIs for SARIF.
 */
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isInside, toPosix } from "../util/paths.js";

/**
 * `file` (as given: absolute, or relative to the working folder) relative to `root` with `/`
 * when it lies below it; otherwise its absolute path with `/`.
 */
export function pathFromRoot(file: string, root: string): string {
  const absolute = resolve(file);
  const base = resolve(root);
  if (isInside(base, absolute)) return toPosix(relative(base, absolute));
  return toPosix(absolute);
}

/** True when `file` (as given) lies below `root`. */
export function isBelowRoot(file: string, root: string): boolean {
  return isInside(resolve(root), resolve(file));
}

/** A relative URI reference for a path below the root (each segment percent-encoded). */
export function relativeUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The `file:` URI of a folder, ending in `/` (what SARIF wants for a base URI). */
export function folderUri(folder: string): string {
  const href = pathToFileURL(resolve(folder)).href;
  return href.endsWith("/") ? href : href + "/";
}

/** The `file:` URI of a file (as given). */
export function fileUri(file: string): string {
  return pathToFileURL(resolve(file)).href;
}
