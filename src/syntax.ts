/**
 * `mof-migrate/syntax`: helpers for tools that work on MOF text (highlighters, formatters,
 * editors, linters): the lossless token stream, the text behind nodes, offsets to lines and
 * columns, namespaces in effect, values as MOF text, and text edits.
 *
 * @packageDocumentation
 */

export { tokenize, printTokens } from "./document/lossless-tokens.js";
export type { MofToken, MofTokenKind } from "./document/lossless-tokens.js";
export { sliceSource, leadingTrivia, stringLiteralRanges } from "./document/trivia.js";
export { qualifierName } from "../grammar/ast.js";
export { isIntrinsicType, INTRINSIC_TYPES } from "../grammar/vocabulary.js";
export { findQualifier, qualifierString } from "./document/query.js";
export { printValue } from "./document/print.js";
export type { AliasLabel } from "./document/print.js";
export { LineIndex } from "./diagnostics/line-index.js";
export { sourceFromString, findUnencodable } from "./document/source.js";
export { convertLineEndings } from "./document/eol.js";
export { visibleText } from "./util/printable.js";
export {
  DEFAULT_NAMESPACE,
  namespacePath,
  normalizeNamespace,
  isNamespaceWithin,
  namespacePragmaText,
  namespaceAt,
  namespaceAtEnd,
  resolveNamespaces,
  walkNamespaces,
} from "./program/namespaces.js";
export type { NamespaceAt, NamespaceOptions, NamespaceWalk, ResolvedDeclaration, ResolvedPragma } from "./program/namespaces.js";
export { applyEdits } from "./migrate/edits.js";
export type { TextEdit } from "./migrate/edits.js";
export { describeDifference } from "./migrate/differences.js";
export type { Difference } from "./migrate/differences.js";
export { closest } from "./util/spelling.js";
