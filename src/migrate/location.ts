/**
 * Where a declaration is, as plans and reports show it: the file as given, the path relative to
 * the sources' root, line, column and offsets.
 */
import type { ResolvedDeclaration } from "../program/namespaces.js";
import { relativePath } from "../util/paths.js";

/** A place in a file. `path` is the file relative to `inputRoot` (with `/`), or the file as given. */
export interface FileLocation {
  readonly file: string;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  readonly start: number;
  readonly end: number;
}

/** Where a declaration is, as a {@link FileLocation}. */
export function declarationLocation(d: ResolvedDeclaration, inputRoot: string | undefined): FileLocation {
  const { line, column } = d.document.lines.position(d.node.start);
  return { file: d.document.file, path: relativePath(d.document.file, inputRoot), line, column, start: d.node.start, end: d.node.end };
}

/** `file:line` of a declaration, with the file relative to `inputRoot`. */
export function declarationWhere(d: ResolvedDeclaration, inputRoot: string | undefined): string {
  return `${relativePath(d.document.file, inputRoot)}:${d.document.lines.position(d.node.start).line}`;
}
