/**
 * Parsing one document: decoded text -> tokens (comments kept) -> AST with offset ranges.
 * Never touches the file system and never throws on bad input.
 */
import { tokenMatcher } from "../grammar/chevrotain.js";
import { scan, Scanner, type Directive } from "../grammar/lexer.js";
import { TextPart } from "../grammar/tokens.js";
import { parseTokens } from "../grammar/parser.js";
import type { Comment, Production, Range, StringValue } from "./ast.js";
import { locate, type Diagnostic, LineIndex, type RawDiagnostic } from "./diagnostics.js";
import { sourceFromString, type SourceText } from "./source.js";

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

/** Options of {@link parseMof}. */
export interface ParseOptions {
  /** Name used in diagnostics; `<input>` by default. */
  file?: string;
}

/**
 * Parse MOF text (a string, or a `SourceText` from `decodeMof`) into an AST.
 * Errors are returned as diagnostics, never thrown.
 */
export function parseMof(input: string | SourceText, options: ParseOptions = {}): MofDocument {
  const source = typeof input === "string" ? sourceFromString(input) : input;
  const file = options.file ?? "<input>";
  // Tokens are scanned as the parser asks for them, so a large file never holds all its tokens.
  const scanner = new Scanner(source.text);
  const { productions, diagnostics: syntax, statements } = parseTokens(() => scanner.nextBatch(), source.text.length);
  const { comments, directives, diagnostics: lexical } = scanner.result;
  const lines = new LineIndex(source.text);
  const raw = lexical.length === 0 ? syntax : dedupe([...lexical, ...withoutCascades(syntax, lexical, statements)].sort((a, b) => a.start - b.start));
  return { file, source, productions, comments, directives, diagnostics: locate(raw, file, source.text, lines), lines };
}

// Lexical errors that change the token stream (an unterminated string swallows the rest of its
// line) make the parser's error in the same statement noise: keep only the lexical one. The
// parser's error may sit before the lexical one (a missing ')' is reported at its '('), so any
// breaker inside the statement counts.
const STREAM_BREAKERS = new Set(["unterminated-string", "invalid-character", "invalid-char-literal"]);

function withoutCascades(syntax: RawDiagnostic[], lexical: RawDiagnostic[], statements: readonly Range[]): RawDiagnostic[] {
  const breakers = lexical.filter((d) => d.severity === "error" && STREAM_BREAKERS.has(d.code));
  if (breakers.length === 0) return syntax;
  return syntax.filter((d) => {
    const stmt = statements.find((s) => s.start <= d.start && d.start <= s.end);
    return !stmt || !breakers.some((b) => b.start >= stmt.start && b.start <= stmt.end);
  });
}

// Tokens from one macro use share its offsets, so the same problem can be found several times there.
function dedupe(sorted: RawDiagnostic[]): RawDiagnostic[] {
  return sorted.filter((d, i) => {
    const p = sorted[i - 1];
    return !p || p.start !== d.start || p.end !== d.end || p.code !== d.code || p.message !== d.message;
  });
}

/** The source text of a node (or any range) of a document. */
export function sliceSource(doc: Pick<MofDocument, "source">, range: Range): string {
  return doc.source.text.slice(range.start, range.end);
}

/**
 * Where each literal of a string value is written: `"a" "b"` (adjacent literals, concatenated
 * into one value) gives two ranges. The value's text is scanned again, so the AST keeps no list
 * for them. A name among the literals is a macro use that stood for one or more; its range is
 * included once.
 */
export function stringLiteralRanges(doc: Pick<MofDocument, "source">, value: StringValue): Range[] {
  const literals = scan(sliceSource(doc, value)).tokens.filter((t) => tokenMatcher(t, TextPart));
  return literals.map((t) => ({ start: value.start + t.startOffset, end: value.start + t.endOffset! + 1 }));
}

/**
 * The comments and blank lines directly in front of a node: from the end of the previous
 * statement (or the start of the file) up to the node, trimmed to whole lines, as a range.
 * Use it with `sliceSource` to take a declaration together with its leading comments.
 */
export function leadingTrivia(doc: MofDocument, node: Range): Range {
  const text = doc.source.text;
  let limit = 0;
  for (const p of doc.productions) {
    if (p.end <= node.start) limit = p.end;
    else break;
  }
  // Start of the line of the first comment that is not on the previous statement's line.
  let start = node.start;
  for (let i = doc.comments.length - 1; i >= 0; i--) {
    const c = doc.comments[i];
    if (c.end > node.start) continue;
    if (c.start < limit) break;
    if (text.slice(c.end, start).trim() !== "") break;
    const lineStart = Math.max(text.lastIndexOf("\n", c.start - 1) + 1, text.lastIndexOf("\r", c.start - 1) + 1);
    if (lineStart < limit || text.slice(lineStart, c.start).trim() !== "") break;
    start = lineStart;
  }
  return { start, end: node.start };
}
