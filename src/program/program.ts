/**
 * A set of parsed documents compiled together: the files a user named (each compiled on its
 * own, as mofcomp compiles each file given to it), plus the files their `#pragma include`
 * lines loaded. `loadMofFiles` builds one from disk; `programFromDocuments` from documents
 * parsed in memory.
 */
import type { PragmaNode } from "../../grammar/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DOCUMENT_SHAPE, type MofDocument } from "../document/parse.js";
import { checkArrayOfShape } from "../util/arguments.js";

/** Documents compiled together: the files named and the files they include (see the module comment). */
export interface MofProgram {
  /** The documents the caller named, in the order given: each is one compilation, with the files it includes. */
  readonly roots: readonly MofDocument[];
  /** Every loaded document: roots and included files, each once. */
  readonly documents: readonly MofDocument[];
  /** The document each resolved `#pragma include` loaded. */
  readonly includes: ReadonlyMap<PragmaNode, MofDocument>;
  /** Load and parse diagnostics of every document. */
  readonly diagnostics: readonly Diagnostic[];
}

/** What the argument checks look at to tell a {@link MofProgram} from anything else. */
export const PROGRAM_SHAPE = {
  what: "a MofProgram (from loadMofFiles or programFromDocuments)",
  fields: { roots: "array", documents: "array", includes: "map", diagnostics: "array" },
} as const;

/**
 * A program of in-memory documents, each its own compilation, without includes (nothing is read from disk).
 *
 * @throws TypeError when `documents` is not an array of documents from `parseMof`.
 */
export function programFromDocuments(documents: readonly MofDocument[]): MofProgram {
  checkArrayOfShape("programFromDocuments", "documents", documents, DOCUMENT_SHAPE.what, DOCUMENT_SHAPE.fields);
  return {
    roots: documents,
    documents,
    includes: new Map(),
    diagnostics: documents.flatMap((d) => d.diagnostics),
  };
}
