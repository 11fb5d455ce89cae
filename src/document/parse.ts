/**
 * Parsing one document: decoded text -> tokens (comments kept) -> AST with offset ranges.
 * Never touches the file system and never throws on bad input.
 */
import type { Comment, Directive, Production, Range } from "../../grammar/ast.js";
import type { RawDiagnostic } from "../../grammar/problem.js";
import { Scanner } from "../../grammar/scanner.js";
import { parseTokens } from "../../grammar/statements.js";
import { DiagnosticSink, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../diagnostics/line-index.js";
import { checkOption, checkOptions, checkShape } from "../util/arguments.js";
import { sourceFromString, type SourceText } from "./source.js";

export type { Directive } from "../../grammar/ast.js";

/** One parsed MOF file. */
export interface MofDocument {
  /** Path of the file, or the label given to `parseMof`. */
  readonly file: string;
  readonly source: SourceText;
  /** Top-level statements in source order (statements with syntax errors are left out). */
  readonly productions: readonly Production[];
  /** Every comment, in source order. */
  readonly comments: readonly Comment[];
  /** C preprocessor lines (`#define`, `#include`, …), in source order. */
  readonly directives: readonly Directive[];
  /** Lexical and syntax diagnostics of this file. */
  readonly diagnostics: readonly Diagnostic[];
  /** Offset -> line/column for this document's text. */
  readonly lines: LineIndex;
}

/** What the argument checks look at to tell a {@link MofDocument} from anything else. */
export const DOCUMENT_SHAPE = {
  what: "a MofDocument (from parseMof or readMofFile)",
  fields: { file: "string", source: "object", productions: "array", diagnostics: "array", lines: "object" },
} as const;

/** Options of {@link parseMof}. */
export interface ParseOptions {
  /** Name used in diagnostics; `<input>` by default. */
  file?: string;
}

/**
 * Parse MOF text (a string, or a `SourceText` from `decodeMof`) into an AST.
 * Errors in the text are returned as diagnostics, never thrown.
 *
 * @throws TypeError when `input` is neither a string nor a `SourceText`, or `options.file` is not a string.
 */
export function parseMof(input: string | SourceText, options: ParseOptions = {}): MofDocument {
  if (typeof input !== "string") checkShape("parseMof", "input", input, "a string or the SourceText from decodeMof", { text: "string", encoding: "string" });
  checkOptions("parseMof", options);
  checkOption("parseMof", options as Record<string, unknown>, "file", "string");
  const source = typeof input === "string" ? sourceFromString(input) : input;
  const file = options.file ?? "<input>";
  // Tokens are scanned as the parser asks for them, so a large file never holds all its tokens.
  const scanner = new Scanner(source.text);
  const { productions, diagnostics: syntax, statements } = parseTokens(() => scanner.nextBatch(), source.text.length);
  const { comments, directives, diagnostics: lexical } = scanner.result;
  const lines = new LineIndex(source.text);
  const raw = lexical.length === 0 ? syntax : [...lexical, ...withoutCascades(syntax, lexical, statements)].sort((a, b) => a.start - b.start);
  const sink = new DiagnosticSink();
  const at = { file, source, lines };
  for (const d of raw) sink.reportRaw(at, d);
  return { file, source, productions, comments, directives, diagnostics: sink.diagnostics, lines };
}

// Lexical errors that change the token stream (an unterminated string swallows the rest of its
// line; a macro use that is left out takes its tokens with it) make the parser's error in the
// same statement noise: keep only the lexical one. The parser's error may sit before the
// lexical one (a missing ')' is reported at its '('), so any breaker inside the statement counts.
const STREAM_BREAKERS = new Set(["unterminated-string", "invalid-character", "invalid-char-literal", "macro-too-large"]);

function withoutCascades(syntax: RawDiagnostic[], lexical: RawDiagnostic[], statements: readonly Range[]): RawDiagnostic[] {
  const breakers = lexical.filter((d) => d.severity === "error" && STREAM_BREAKERS.has(d.code));
  if (breakers.length === 0) return syntax;
  return syntax.filter((d) => {
    const stmt = statements.find((s) => s.start <= d.start && d.start <= s.end);
    return !stmt || !breakers.some((b) => b.start >= stmt.start && b.start <= stmt.end);
  });
}
