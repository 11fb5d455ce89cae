/**
 * Loading MOF files from disk: read, decode, parse, and follow `#pragma include(...)` (and C-style
 * `#include "x.mof"`) relative to the including file. This is the only module that reads MOF
 * files. Problems become diagnostics; nothing here throws on bad input.
 */
// Synchronous calls on purpose: a schema is thousands of small files read one after another,
// and each promise-based call costs more than the read itself (measured: 2x slower overall).
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { PragmaNode, Range } from "../../grammar/ast.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { DiagnosticSink, fileDiagnostic, type Diagnostic, type ReportOptions } from "../diagnostics/diagnostic.js";
import { parseMof, type MofDocument } from "../document/parse.js";
import { isPragma, pragmaString } from "../document/query.js";
import { decodeMof, type SourceText } from "../document/source.js";
import { checkArgument, checkArrayOf, checkOption, checkOptions } from "../util/arguments.js";
import { errorReason, fileKind } from "../util/file-kind.js";
import { includeStart, isInside } from "../util/paths.js";
import { closest } from "../util/spelling.js";
import type { MofProgram } from "./program.js";

/** Options of `loadMofFiles`. */
export interface LoadOptions {
  /** Follow includes that point outside the folders of the files given. Default false. */
  allowOutsideRoots?: boolean;
  /** At most this many files are loaded, roots included. Default 20,000. */
  maxIncludes?: number;
}

/** The largest file read: a JavaScript string holds at most 2^29 - 24 characters, just under 512 MiB. */
const MAX_FILE_MB = 512;
const MAX_FILE_BYTES = MAX_FILE_MB * 2 ** 20 - 24;

/** Default of `LoadOptions.maxIncludes`. */
export const DEFAULT_MAX_INCLUDES = 20_000;

/** A file whose first BINARY_SAMPLE characters are at least this share control characters is binary. */
const BINARY_CONTROL_SHARE = 0.01;
const BINARY_SAMPLE = 65536;
/** The control characters {@link looksBinary} counts: all but tab, line breaks, form feed and Ctrl-Z. */
const CONTROL_CHARACTER = /[\x00-\x08\x0E-\x19\x1B-\x1F]/;

/** One include to follow: the statement that asks for it and the path it names. */
interface IncludeRequest {
  /** The `#pragma include` node; undefined for a C-style `#include` line. */
  pragma?: PragmaNode;
  range: Range;
  path: string;
}

/** What {@link readMofFile} gives: the file's bytes and its parsed document, or why it could not be read. */
export type MofFileResult =
  | {
      readonly ok: true;
      readonly file: string;
      /** The bytes as read: what a write compares the file with before replacing it. */
      readonly bytes: Uint8Array;
      readonly document: MofDocument;
      /** The document's parse diagnostics. */
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly file: string;
      /** `read-error` or `binary-file`, at line 1, column 1 of the file. */
      readonly diagnostics: readonly Diagnostic[];
    };

/** A problem found at an include, before it is located. */
interface IncludeProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly range: Range;
  readonly options?: ReportOptions;
}

/**
 * Load MOF files and every file they include, each once, into a program.
 *
 * `paths` must name files (folders are refused with `read-error`). Includes are resolved relative
 * to the including file's folder, with `\` or `/` as separators; when the exact path does not
 * exist, each path segment is matched case-insensitively, as Windows would. Documents are listed
 * in the order they are first met in compile order (a root, then what it includes, depth first).
 * A file included twice is loaded once and both pragmas map to it in `includes`; an include that
 * would close a cycle is reported (`include-cycle`) and not recorded. A C-style `#include "x.mof"`
 * is followed when the file exists (a missing one is a warning; headers such as `x.h` are left to
 * the C preprocessor); the file it loads is in `documents`, but not in `includes`, which maps
 * `#pragma include` nodes only.
 *
 * Diagnostics: `include-not-found`, `include-not-a-file`, `include-outside-root`,
 * `include-cycle` (at the pragma, in the including file), `binary-file` and `read-error` (at the
 * start of the file), `too-many-files`; plus every document's own parse diagnostics.
 *
 * @throws TypeError when `paths` is not an array of strings or an option has the wrong type.
 */
export async function loadMofFiles(paths: readonly string[], options: LoadOptions = {}): Promise<MofProgram> {
  checkArrayOf("loadMofFiles", "paths", paths, "string", "a file path");
  checkOptions("loadMofFiles", options);
  checkOption("loadMofFiles", options as Record<string, unknown>, "allowOutsideRoots", "boolean");
  checkOption("loadMofFiles", options as Record<string, unknown>, "maxIncludes", "number");
  const loader = new Loader(paths, options);
  return loader.run();
}

class Loader {
  private readonly maxFiles: number;
  private readonly rootFolders: string[];
  /** Real path -> the document loaded from it (or null when it could not be loaded). */
  private readonly loaded = new Map<string, MofDocument | null>();
  private readonly documents: MofDocument[] = [];
  private readonly roots: MofDocument[] = [];
  private readonly includes = new Map<PragmaNode, MofDocument>();
  private readonly sink = new DiagnosticSink();
  private limitReported = false;

  constructor(
    private readonly paths: readonly string[],
    private readonly options: LoadOptions,
  ) {
    this.maxFiles = options.maxIncludes ?? DEFAULT_MAX_INCLUDES;
    // Real paths: an include is inside a folder when the file it reaches, links resolved, is.
    this.rootFolders = [...new Set(paths.map((p) => realpathOr(dirname(resolve(p)))))];
  }

  async run(): Promise<MofProgram> {
    for (const path of this.paths) {
      let info: Stats;
      try {
        info = statSync(path);
      } catch (e) {
        this.sink.reportFile(path, "read-error", `cannot read '${path}': ${errorReason(e)}`);
        continue;
      }
      if (!info.isFile()) {
        const hint = info.isDirectory() ? { hint: "give the MOF files of a folder one by one" } : {};
        this.sink.reportFile(path, "read-error", `cannot read '${path}': it is ${fileKind(info)}, not a file`, hint);
        continue;
      }
      const key = realpathOr(path);
      const known = this.loaded.get(key);
      if (known !== undefined) {
        if (known && !this.roots.includes(known)) this.roots.push(known);
        continue;
      }
      const document = await this.load(path, key);
      if (document) this.roots.push(document);
    }
    return { roots: this.roots, documents: this.documents, includes: this.includes, diagnostics: this.sink.diagnostics };
  }

  /**
   * Read, parse and record one file, then follow its includes depth first, the way mofcomp
   * compiles them. The walk keeps its own stack (an include chain can be thousands of files
   * deep): each frame is a file whose includes are being followed, and the files on the stack
   * are the include chain that a cycle is checked against.
   */
  private async load(path: string, key: string): Promise<MofDocument | null> {
    const first = this.open(path, key);
    if (!first) return null;
    const stack: Frame[] = [first];
    const onStack = new Set<string>([key]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const request = frame.requests[frame.next++];
      if (request === undefined) {
        // Every include of this file is followed: its problems are reported after theirs.
        for (const p of frame.problems) this.sink.report(frame.document, p.code, p.range, p.message, p.options);
        stack.pop();
        onStack.delete(frame.key);
        continue;
      }
      const next = await this.follow(frame, request, stack, onStack);
      if (next) {
        stack.push(next);
        onStack.add(next.key);
      }
    }
    return first.document;
  }

  /** Read and parse a file that is not loaded yet; a frame for following its includes, or null when it cannot be read. */
  private open(path: string, key: string): Frame | null {
    const outcome = readMofFileSync(path);
    if (!outcome.ok) {
      this.loaded.set(key, null);
      this.sink.add(outcome.diagnostics);
      return null;
    }
    const document = outcome.document;
    this.loaded.set(key, document);
    this.documents.push(document);
    this.sink.add(document.diagnostics);
    return { document, key, folder: dirname(document.file), requests: includeRequests(document), next: 0, problems: [] };
  }

  /** Resolve one include of `frame`'s file; a frame when it names a file to load now. */
  private async follow(frame: Frame, request: IncludeRequest, stack: readonly Frame[], onStack: ReadonlySet<string>): Promise<Frame | null> {
    const { folder, problems } = frame;
    const strict = request.pragma !== undefined;
    const target = request.path === "" ? ({ kind: "missing" } as Resolved) : await resolveInclude(folder, request.path);
    if (target.kind === "missing") {
      // A C-style include of a header is for the C preprocessor; of a MOF file, it is one we miss.
      if (strict) problems.push(notFound(request, folder, target.suggestion));
      else if (/\.mof$/i.test(request.path)) problems.push(notFound(request, folder, target.suggestion, "warning"));
      return null;
    }
    if (target.kind === "not-a-file") {
      const hint = target.folder ? {} : { hint: "an include must name a regular MOF file: pipes, devices and broken links are never read" };
      if (strict) problems.push(at(request, "include-not-a-file", `'${request.path}' is ${target.what}, not a file`, hint));
      return null;
    }
    if (!strict && !/\.mof$/i.test(target.path)) return null;
    const key = realpathOr(target.path);
    if (!this.options.allowOutsideRoots && !this.rootFolders.some((root) => isInside(root, key))) {
      const how = key === resolve(target.path) ? "" : ` (through a link, it is '${key}')`;
      problems.push(at(request, "include-outside-root", `'${request.path}' is outside the folders of the files given${how}`));
      return null;
    }
    if (onStack.has(key)) {
      const from = stack.findIndex((f) => f.key === key);
      const names = stack.slice(from).map((f) => basename(f.key));
      names.push(basename(key));
      problems.push(at(request, "include-cycle", `include cycle: ${names.join(" -> ")}`));
      return null;
    }
    const known = this.loaded.get(key);
    if (known !== undefined) {
      if (known && request.pragma) this.includes.set(request.pragma, known);
      return null;
    }
    if (this.loaded.size >= this.maxFiles) {
      if (!this.limitReported)
        problems.push(at(request, "too-many-files", `more than ${this.maxFiles} files to load; '${request.path}' and later includes are not loaded`));
      this.limitReported = true;
      return null;
    }
    const opened = this.open(target.path, key);
    if (opened && request.pragma) this.includes.set(request.pragma, opened.document);
    return opened;
  }
}

/** A file of the include walk whose includes are being followed. */
interface Frame {
  readonly document: MofDocument;
  /** Its real path. */
  readonly key: string;
  readonly folder: string;
  readonly requests: readonly IncludeRequest[];
  /** Index of the next request to follow. */
  next: number;
  /** Problems at its includes, reported once all of them are followed. */
  readonly problems: IncludeProblem[];
}

/**
 * Read, decode and parse one MOF file (its includes are not followed). Never throws: a file that
 * cannot be read, or that is not text, comes back with `ok: false` and its diagnostic.
 *
 * @throws TypeError when `path` is not a string (a number would be read as a file descriptor).
 */
export async function readMofFile(path: string): Promise<MofFileResult> {
  checkArgument("readMofFile", "path", path, "string", "a file path");
  return readMofFileSync(path);
}

function readMofFileSync(path: string): MofFileResult {
  const read = readRegularFile(path);
  if (typeof read === "string") return unreadable(path, read);
  const bytes = read;
  let source: SourceText;
  try {
    source = decodeMof(bytes);
  } catch (e) {
    // A file just under the size limit can still decode to more text than a string holds.
    if (e instanceof RangeError) return unreadable(path, `its text is longer than the ${MAX_FILE_MB} MB a JavaScript string can hold`);
    throw e;
  }
  if (looksBinary(source)) {
    return {
      ok: false,
      file: path,
      diagnostics: [fileDiagnostic(path, "binary-file", `'${path}' is not a text file (it is full of NUL bytes and control characters)`)],
    };
  }
  const document = parseMof(source, { file: path });
  return { ok: true, file: path, bytes, document, diagnostics: document.diagnostics };
}

function unreadable(path: string, reason: string, hint?: string): MofFileResult {
  return { ok: false, file: path, diagnostics: [fileDiagnostic(path, "read-error", `cannot read '${path}': ${reason}`, hint !== undefined ? { hint } : {})] };
}

/**
 * The bytes of a regular file, or why it cannot be read. The file is opened without blocking
 * and looked at before it is read: reading a named pipe would wait forever for a writer, and a
 * device can give bytes without end.
 */
function readRegularFile(path: string): Uint8Array | string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return errorReason(e);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return `it is ${fileKind(info)}, not a file`;
    if (info.size > MAX_FILE_BYTES)
      return `it is ${Math.round(info.size / 2 ** 20)} MB; files larger than ${MAX_FILE_MB} MB are not read (the most text a JavaScript string holds)`;
    return readFileSync(fd);
  } catch (e) {
    return errorReason(e);
  } finally {
    closeSync(fd);
  }
}

function looksBinary(source: SourceText): boolean {
  // Text has almost no control characters; compressed or encrypted data has ~10% of them
  // (and NUL bytes, but not always as many as 1%). Look at the start of the file only.
  const text = source.text;
  const n = Math.min(text.length, BINARY_SAMPLE);
  // Most files have none: one regular-expression search says so faster than a loop.
  if (!CONTROL_CHARACTER.test(n === text.length ? text : text.slice(0, n))) return false;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b && c !== 0x1a) controls++;
  }
  return controls > 0 && controls >= n * BINARY_CONTROL_SHARE;
}

/** The includes of a document in source order: `#pragma include("…")` and `#include "…"` lines. */
function includeRequests(document: MofDocument): IncludeRequest[] {
  const requests: IncludeRequest[] = [];
  for (const p of document.productions) {
    const path = isPragma(p, "include") ? pragmaString(p) : undefined;
    if (path !== undefined) requests.push({ pragma: p as PragmaNode, range: p, path: path.trim() });
  }
  for (const d of document.directives) {
    if (d.kind === "include" && d.argument) requests.push({ range: d, path: d.argument });
  }
  return requests.sort((a, b) => a.range.start - b.range.start);
}

/** An include target: a file, something that is not one (`what` it is: "a folder", "a named pipe (FIFO)", …), or nothing. */
type Resolved = { kind: "file"; path: string } | { kind: "not-a-file"; path: string; what: string; folder: boolean } | { kind: "missing"; suggestion?: string };

/**
 * Find an include target: the exact path first, then each segment matched case-insensitively
 * (the files come from Windows, where `QuaLIFIErs.mof` finds `qualifiers.mof`).
 */
async function resolveInclude(folder: string, includePath: string): Promise<Resolved> {
  // Drive and share paths (C:\..., \\server\share\...) resolve on Windows; elsewhere they are missing.
  const where = includeStart(folder, includePath);
  if (!where) return { kind: "missing" };
  const { start, segments } = where;
  const exact = join(start, ...segments);
  const info = await examine(exact);
  if (info) return info;

  let current = start;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === "." || segment === "..") {
      current = join(current, segment);
      continue;
    }
    const entries = await readdirOrEmpty(current);
    const match = entries.find((e) => e === segment) ?? entries.find((e) => e.toLowerCase() === segment.toLowerCase());
    if (match === undefined) {
      const suggestion = i === segments.length - 1 ? closest(segment, entries) : undefined;
      return suggestion ? { kind: "missing", suggestion: join(current, suggestion) } : { kind: "missing" };
    }
    current = join(current, match);
  }
  return (await examine(current)) ?? { kind: "missing" };
}

function notFound(request: IncludeRequest, folder: string, suggestion: string | undefined, severity?: "warning"): IncludeProblem {
  const where = folder === "" || folder === "." ? "the current folder" : `'${folder}'`;
  const hint = suggestion
    ? `did you mean '${relative(folder, suggestion) || suggestion}'?`
    : `include paths are relative to the including file's folder (${where}); put the file there or fix the path`;
  return at(request, "include-not-found", `included file '${request.path}' not found`, { hint, ...(severity ? { severity } : {}) });
}

function at(request: IncludeRequest, code: DiagnosticCode, message: string, options?: ReportOptions): IncludeProblem {
  return { code, message, range: request.range, ...(options ? { options } : {}) };
}

/** What is at `path` (links followed); undefined when nothing is there. A link that loops or points nowhere is not a file. */
async function examine(path: string): Promise<Resolved | undefined> {
  try {
    const info = statSync(path);
    return info.isFile() ? { kind: "file", path } : { kind: "not-a-file", path, what: fileKind(info), folder: info.isDirectory() };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") return { kind: "not-a-file", path, what: "a symbolic link that loops", folder: false };
    return (await isSymbolicLink(path)) ? { kind: "not-a-file", path, what: "a symbolic link to nothing", folder: false } : undefined;
  }
}

async function isSymbolicLink(path: string): Promise<boolean> {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The system's realpath is a single call where Node's own walks the path segment by segment; on
 * Windows Node's is kept, because the system's turns a mapped drive into its network path.
 */
const realpath = process.platform === "win32" ? realpathSync : realpathSync.native;

function realpathOr(path: string): string {
  try {
    return realpath(path);
  } catch {
    return resolve(path);
  }
}

async function readdirOrEmpty(folder: string): Promise<string[]> {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
