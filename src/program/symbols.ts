/**
 * The symbol table of a program, built once and asked by every later stage: classes by
 * namespace and name (with their superclass chains), aliases scoped per compiled root file, and
 * qualifier declarations.
 *
 * Alias scope follows mofcomp, which compiles each file it is given on its own: an alias is
 * known in the root file that defines it and in the files that root includes (they are one
 * compilation), never in another root. Two mini-MOFs may each define `$P`.
 */
import type { ClassDeclaration, InstanceDeclaration, QualifierDeclaration } from "../../grammar/ast.js";
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { aliasUses, mayUseAliases } from "../document/query.js";
import { pushTo } from "../util/collections.js";
import { walkNamespaces, type NamespaceOptions, type NamespaceWalk, type ResolvedDeclaration } from "./namespaces.js";
import type { MofProgram } from "./program.js";

/** A class declaration with the namespace it is compiled into. */
export type ClassSymbol = ResolvedDeclaration & { readonly node: ClassDeclaration };

/** An instance declaration with an alias (`instance of X as $A`), with its namespace. */
export type AliasSymbol = ResolvedDeclaration & { readonly node: InstanceDeclaration & { readonly alias: NonNullable<InstanceDeclaration["alias"]> } };

/** The superclasses of a class, nearest first, as far as `lookup` finds them. */
export interface SuperclassChain {
  /** The class itself, then each superclass found. */
  readonly chain: readonly ClassDeclaration[];
  /** The first superclass name `lookup` did not find; absent when the chain ends with a class that has no superclass (or loops). */
  readonly missing?: string;
}

/** Walk the superclass chain of `cls`; stops at a class without a superclass, at one `lookup` does not know, or at a loop. */
export function superclassChain(cls: ClassDeclaration, lookup: (name: string) => ClassDeclaration | undefined): SuperclassChain {
  const chain = [cls];
  const seen = new Set([cls.name.name.toLowerCase()]);
  let current = cls;
  while (current.superclass) {
    const name = current.superclass.name;
    if (seen.has(name.toLowerCase())) return { chain };
    seen.add(name.toLowerCase());
    const next = lookup(name);
    if (!next) return { chain, missing: name };
    chain.push(next);
    current = next;
  }
  return { chain };
}

/** Classes of a program, by namespace and name and by name alone. */
export class ClassIndex {
  private readonly byNamespace = new Map<string, ClassSymbol[]>();
  private readonly namespacesByName = new Map<string, Set<string>>();
  /** Every class by name, in the order of the documents (each document once), as mofcomp's checks see them. */
  private readonly byName = new Map<string, { readonly document: MofDocument; readonly node: ClassDeclaration }[]>();
  /** The first class of each name in each document. */
  private readonly byDocument = new Map<MofDocument, Map<string, ClassDeclaration>>();

  constructor(walk: NamespaceWalk, documents: readonly MofDocument[]) {
    for (const d of walk.declarations) {
      if (d.node.kind !== "class") continue;
      const name = d.node.name.name.toLowerCase();
      pushTo(this.byNamespace, `${d.namespace}|${name}`, d as ClassSymbol);
      let namespaces = this.namespacesByName.get(name);
      if (!namespaces) this.namespacesByName.set(name, (namespaces = new Set()));
      namespaces.add(d.namespace);
    }
    for (const document of documents) {
      let own: Map<string, ClassDeclaration> | undefined;
      for (const p of document.productions) {
        if (p.kind !== "class") continue;
        const name = p.name.name.toLowerCase();
        pushTo(this.byName, name, { document, node: p });
        if (!own) this.byDocument.set(document, (own = new Map()));
        if (!own.has(name)) own.set(name, p);
      }
    }
  }

  /** Every definition of a class in a namespace, in compile order (a file included twice gives its definitions twice). */
  inNamespace(namespace: string, name: string): readonly ClassSymbol[] {
    return this.byNamespace.get(`${namespace}|${name.toLowerCase()}`) ?? [];
  }

  /** The first definition of a class in a namespace. */
  first(namespace: string, name: string): ClassSymbol | undefined {
    return this.inNamespace(namespace, name)[0];
  }

  /** The last definition of a class in a namespace: the one in effect after compiling (a later one replaces an earlier one). */
  last(namespace: string, name: string): ClassSymbol | undefined {
    const list = this.inNamespace(namespace, name);
    return list[list.length - 1];
  }

  /** The namespaces that have a class of this name. */
  namespacesOf(name: string): ReadonlySet<string> {
    return this.namespacesByName.get(name.toLowerCase()) ?? EMPTY_SET;
  }

  /** True when some document defines a class of this name. */
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /**
   * The class a statement of `document` means by `name`, looked up in every namespace: a
   * definition in the same document first, else the last one loaded. Checks use it to be
   * lenient about namespaces (a class compiled on the target system may live anywhere).
   */
  resolve(name: string, document: MofDocument): ClassDeclaration | undefined {
    const key = name.toLowerCase();
    const list = this.byName.get(key);
    if (!list) return undefined;
    return this.byDocument.get(document)?.get(key) ?? list[list.length - 1].node;
  }

  /** One name spelling of every class, for spelling suggestions. */
  names(): string[] {
    return [...this.byName.values()].map((l) => l[0].node.name.name);
  }
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** The symbol table of a program (see the module comment). */
export class ProgramSymbols {
  readonly classes: ClassIndex;
  /** Qualifier declarations by lower-case name, the first of each. */
  readonly qualifiers: ReadonlyMap<string, QualifierDeclaration>;
  private readonly aliasScopes = new Map<MofDocument, Map<string, AliasSymbol>>();
  private problemList: readonly Diagnostic[] | undefined;

  constructor(
    readonly program: MofProgram,
    readonly walk: NamespaceWalk,
  ) {
    this.classes = new ClassIndex(walk, program.documents);
    const qualifiers = new Map<string, QualifierDeclaration>();
    for (const document of program.documents) {
      for (const p of document.productions) {
        if (p.kind === "qualifierDeclaration" && !qualifiers.has(p.name.name.toLowerCase())) qualifiers.set(p.name.name.toLowerCase(), p);
      }
    }
    this.qualifiers = qualifiers;
    for (const d of walk.declarations) {
      if (d.node.kind !== "instance" || !d.node.alias) continue;
      let scope = this.aliasScopes.get(d.root);
      if (!scope) this.aliasScopes.set(d.root, (scope = new Map()));
      const name = d.node.alias.name.toLowerCase();
      if (!scope.has(name)) scope.set(name, d as AliasSymbol);
    }
  }

  /** The instance that defines `$alias` in the compilation of `root` (the first one, when it is defined twice). */
  alias(root: MofDocument, alias: string): AliasSymbol | undefined {
    return this.aliasScopes.get(root)?.get(alias.toLowerCase());
  }

  /**
   * Alias problems, computed once: `duplicate-alias` (a second definition of an alias in one
   * compilation) and `undefined-alias` (a use that its compilation does not define).
   */
  get problems(): readonly Diagnostic[] {
    return (this.problemList ??= this.findProblems());
  }

  private findProblems(): readonly Diagnostic[] {
    const sink = new DiagnosticSink();
    for (const d of this.walk.declarations) {
      const node = d.node;
      if (node.kind === "instance" && node.alias) {
        const first = this.alias(d.root, node.alias.name)!;
        if (first.node !== node) {
          sink.report(d.document, "duplicate-alias", node.alias, `alias $${node.alias.name} is already defined ${where(d.document, first)}`);
        }
      }
      if (!mayUseAliases(d.document, node)) continue;
      for (const use of aliasUses(node)) {
        if (this.alias(d.root, use.name)) continue;
        const scope = d.root === d.document ? "in this file or the files it includes" : `in ${d.root.file} or the files it includes`;
        sink.report(d.document, "undefined-alias", use, `alias $${use.name} is not defined ${scope}`, {
          hint: `define it with 'instance of Class as $${use.name}' ${d.root === d.document ? "in this file" : `in ${d.root.file}`} or a file it includes: aliases of other files are not known here`,
        });
      }
    }
    return sink.diagnostics;
  }
}

/** "(line N)" in the same document, "(file:line)" in another. */
function where(document: MofDocument, d: ResolvedDeclaration): string {
  const node = d.node as InstanceDeclaration;
  const { line } = d.document.lines.position((node.alias ?? node).start);
  return d.document === document ? `(line ${line})` : `(${d.document.file}:${line})`;
}

/** The last symbol table of each program (programs do not change once loaded). */
const tables = new WeakMap<MofProgram, ProgramSymbols>();

/** The symbol table of a program, built on first need and kept with the program. */
export function programSymbols(program: MofProgram, options: NamespaceOptions = {}): ProgramSymbols {
  const walk = walkNamespaces(program, options);
  const known = tables.get(program);
  if (known?.walk === walk) return known;
  const symbols = new ProgramSymbols(program, walk);
  tables.set(program, symbols);
  return symbols;
}
