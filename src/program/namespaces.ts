/**
 * WMI namespaces: normalising namespace paths and finding the namespace every declaration of a
 * program is compiled into, the way mofcomp does (`#pragma namespace` changes the current
 * namespace; `#pragma include` is textual inclusion; each file starts in `root\default`).
 */
import type { PragmaNode } from "../../grammar/ast.js";
import type { MofDocument } from "../document/parse.js";
import { pragmaString, type Declaration } from "../document/query.js";
import type { MofProgram } from "./program.js";

/** mofcomp's namespace for a file without `#pragma namespace` (unless run with `-N:`). */
export const DEFAULT_NAMESPACE = "root\\default";

/** {@link namespacePath} results by `current` and `path`; emptied when it reaches {@link KNOWN_PATHS_LIMIT}. */
const knownPaths = new Map<string, string>();
const KNOWN_PATHS_LIMIT = 10_000;

/**
 * A namespace path cleaned up but with its spelling kept: the `\\server\` (or `//server/`)
 * prefix dropped, `/` turned into `\`, runs of separators collapsed (real files escape the
 * backslashes too often), and a path that does not start with `root` made relative to `current`
 * (default {@link DEFAULT_NAMESPACE}). Example: `\\.\root\CIMV2` -> `root\CIMV2`.
 */
export function namespacePath(path: string, current: string = DEFAULT_NAMESPACE): string {
  // A program names few namespaces, but asks about them for every declaration.
  const key = current + "\u0000" + path;
  let result = knownPaths.get(key);
  if (result === undefined) {
    if (knownPaths.size >= KNOWN_PATHS_LIMIT) knownPaths.clear();
    result = cleanNamespacePath(path, current);
    knownPaths.set(key, result);
  }
  return result;
}

function cleanNamespacePath(path: string, current: string): string {
  let text = path.trim().replace(/\//g, "\\");
  const hasServer = /^\\\\/.test(text);
  const segments = text.split(/\\+/).filter((s) => s.length > 0);
  if (hasServer) segments.shift(); // the server name (`.` for the local computer)
  text = segments.join("\\");
  if (text === "") return current;
  if (segments[0].toLowerCase() === "root") return text;
  return namespacePath(current) + "\\" + text;
}

/**
 * A namespace path in the form used for comparing: {@link namespacePath}, folded to lower
 * case. `"\\\\.\\root\\cimv2"` (after MOF unescaping `\\.\root\cimv2`), `//server/ROOT/CimV2`
 * and `cimv2` relative to `root` all give `root\cimv2`.
 */
export function normalizeNamespace(path: string, current?: string): string {
  return namespacePath(path, current).toLowerCase();
}

/** True when `namespace` is `ancestor` or lies below it (both normalised or not, any case). */
export function isNamespaceWithin(namespace: string, ancestor: string): boolean {
  const a = normalizeNamespace(namespace);
  const b = normalizeNamespace(ancestor);
  return a === b || a.startsWith(b + "\\");
}

/** The MOF line that switches to `namespace`: `#pragma namespace("\\\\.\\root\\cimv2")`. */
export function namespacePragmaText(namespace: string): string {
  const escaped = ("\\\\.\\" + namespacePath(namespace)).replace(/\\/g, "\\\\");
  return `#pragma namespace("${escaped}")`;
}

/** A declaration together with the namespace it is compiled into. */
export interface ResolvedDeclaration {
  /** The document the declaration is written in. */
  readonly document: MofDocument;
  readonly node: Declaration;
  /** Normalised namespace (lower case), e.g. `root\cimv2`. */
  readonly namespace: string;
  /** The same namespace as spelled by the pragma that selected it, e.g. `root\CIMV2`. */
  readonly namespaceSpelling: string;
  /** The `#pragma namespace` in effect; absent when the namespace is the default one. */
  readonly namespacePragma?: PragmaNode;
  /** The root document whose compilation this declaration is part of (itself, or the file that includes it). */
  readonly root: MofDocument;
  /** Position in compile order across the whole program (0, 1, 2, …, shared with pragmas). */
  readonly order: number;
}

/** A pragma of the program with the namespace in effect right after it. */
export interface ResolvedPragma {
  readonly document: MofDocument;
  readonly node: PragmaNode;
  /** Normalised namespace in effect after the pragma (the new one for `#pragma namespace`). */
  readonly namespace: string;
  readonly namespaceSpelling: string;
  readonly root: MofDocument;
  readonly order: number;
}

/** Everything {@link walkNamespaces} finds, in compile order. */
export interface NamespaceWalk {
  readonly declarations: readonly ResolvedDeclaration[];
  readonly pragmas: readonly ResolvedPragma[];
  /** Root documents with a declaration compiled in the default namespace (no `#pragma namespace` before it). */
  readonly withoutNamespacePragma: readonly MofDocument[];
}

/** Options of {@link resolveNamespaces} and {@link walkNamespaces}. */
export interface NamespaceOptions {
  /** Namespace each root document starts in; `root\default` (mofcomp's default) when absent. */
  defaultNamespace?: string;
}

/**
 * The class, instance and qualifier declarations of a program with the namespace each is
 * compiled into, in compile order: root documents in order, included files where their
 * `#pragma include` stands (a namespace change inside an included file stays in effect after it).
 */
export function resolveNamespaces(program: MofProgram, options: NamespaceOptions = {}): ResolvedDeclaration[] {
  return [...walkNamespaces(program, options).declarations];
}

/**
 * Like {@link resolveNamespaces}, and also every pragma with its namespace. The result is kept
 * with the program (programs do not change once loaded): the semantic checks and the migration
 * plan both walk the same sources.
 */
export function walkNamespaces(program: MofProgram, options: NamespaceOptions = {}): NamespaceWalk {
  const start = namespacePath(options.defaultNamespace ?? DEFAULT_NAMESPACE);
  const known = walks.get(program);
  if (known?.start === start) return known.walk;
  const walk = walkProgram(program, start);
  walks.set(program, { start, walk });
  return walk;
}

/** The last walk of each program, with the namespace it started in. */
const walks = new WeakMap<MofProgram, { readonly start: string; readonly walk: NamespaceWalk }>();

function walkProgram(program: MofProgram, start: string): NamespaceWalk {
  const declarations: ResolvedDeclaration[] = [];
  const pragmas: ResolvedPragma[] = [];
  const withoutPragma: MofDocument[] = [];
  let order = 0;

  for (const root of program.roots) {
    const state = { spelling: start, namespace: start.toLowerCase(), pragma: undefined as PragmaNode | undefined };
    let defaulted = false;
    // Depth first through the includes with a stack of our own: an include chain can be
    // thousands of files deep. The documents on the stack are the ones being compiled.
    const stack: { document: MofDocument; next: number }[] = [{ document: root, next: 0 }];
    const active = new Set<MofDocument>([root]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const { document } = frame;
      if (frame.next >= document.productions.length) {
        stack.pop();
        active.delete(document);
        continue;
      }
      const node = document.productions[frame.next++];
      if (node.kind === "pragma") {
        const name = node.name.name.toLowerCase();
        const path = name === "namespace" ? pragmaString(node) : undefined;
        // An empty path names no namespace: the one in effect stays, as does its pragma (decisions/0010).
        if (path !== undefined && !namesNoNamespace(path)) {
          state.spelling = namespacePath(path, state.spelling);
          state.namespace = state.spelling.toLowerCase();
          state.pragma = node;
        }
        pragmas.push({ document, node, namespace: state.namespace, namespaceSpelling: state.spelling, root, order: order++ });
        const included = name === "include" ? program.includes.get(node) : undefined;
        // A cycle is reported by the loader; here it must only not be followed.
        if (included && !active.has(included)) {
          stack.push({ document: included, next: 0 });
          active.add(included);
        }
      } else if (state.pragma) {
        declarations.push({
          document,
          node,
          namespace: state.namespace,
          namespaceSpelling: state.spelling,
          namespacePragma: state.pragma,
          root,
          order: order++,
        });
      } else {
        defaulted = true;
        declarations.push({ document, node, namespace: state.namespace, namespaceSpelling: state.spelling, root, order: order++ });
      }
    }
    if (defaulted) withoutPragma.push(root);
  }
  return { declarations, pragmas, withoutNamespacePragma: withoutPragma };
}

/** True for a `#pragma namespace` path that names no namespace: `""`, or a server alone (`\\.\`). */
export function namesNoNamespace(path: string): boolean {
  return /^\s*([\\/]{2}[^\\/]*)?[\\/\s]*$/.test(path);
}

/** The namespace in effect at a point of one document. */
export interface NamespaceAt {
  /** Normalised (lower case). */
  readonly namespace: string;
  readonly spelling: string;
}

/**
 * The namespace in effect at `offset` of a document compiled on its own (its `#pragma include`
 * lines are not followed), starting from `initial` (`root\default` by default). Pragmas that
 * start before `offset` count.
 */
export function namespaceAt(document: MofDocument, offset: number, initial: string = DEFAULT_NAMESPACE): NamespaceAt {
  let spelling = namespacePath(initial);
  for (const node of document.productions) {
    if (node.start >= offset) break;
    const path = node.kind === "pragma" && node.name.name.toLowerCase() === "namespace" ? pragmaString(node) : undefined;
    if (path !== undefined) spelling = namespacePath(path, spelling);
  }
  return { namespace: spelling.toLowerCase(), spelling };
}

/** The namespace in effect at the end of a document compiled on its own (see {@link namespaceAt}). */
export function namespaceAtEnd(document: MofDocument, initial: string = DEFAULT_NAMESPACE): NamespaceAt {
  return namespaceAt(document, Number.POSITIVE_INFINITY, initial);
}
