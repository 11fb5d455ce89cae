/**
 * The text around and behind nodes: a node's source text, the comment lines that belong to a
 * statement (directly above it, and on the line it ends), and where the literals of a string
 * value are written.
 */
import type { Range, StringValue } from "../../grammar/ast.js";
import { tokenMatcher } from "../../grammar/chevrotain.js";
import { scan } from "../../grammar/scanner.js";
import { TextPart } from "../../grammar/tokens.js";
import { lastIndexBefore } from "../util/collections.js";
import { isBlank, isSpacesAndTabs, lineStart } from "../util/text.js";
import type { MofDocument } from "./parse.js";

/** The source text of a node (or any range) of a document. */
export function sliceSource(doc: Pick<MofDocument, "source">, range: Range): string {
  return doc.source.text.slice(range.start, range.end);
}

/**
 * The comments and blank lines directly in front of a node: from the end of the previous
 * statement (or the start of the file) up to the node, trimmed to whole lines, as a range. A
 * comment on the previous statement's last line belongs to that statement, not to this node.
 * Use it with `sliceSource` to take a declaration together with its leading comments.
 */
export function leadingTrivia(doc: Pick<MofDocument, "source" | "productions" | "comments">, node: Range): Range {
  const text = doc.source.text;
  const previous = lastIndexBefore(doc.productions, node.start);
  const limit = previous >= 0 ? doc.productions[previous].end : 0;
  let start = node.start;
  // From the last comment that ends before the node, upwards.
  for (let i = lastIndexBefore(doc.comments, node.start); i >= 0; i--) {
    const c = doc.comments[i];
    if (c.start < limit) break;
    if (!isBlank(text, c.end, start)) break;
    const first = lineStart(text, c.start);
    if (first < limit || !isBlank(text, first, c.start)) break;
    start = first;
  }
  return { start, end: node.start };
}

/** `end` of a statement, extended over a comment that starts on the same line (`};  // note`). */
export function trailingCommentEnd(doc: Pick<MofDocument, "source" | "comments">, end: number): number {
  const i = lastIndexBefore(doc.comments, end - 1, "start") + 1;
  const c = doc.comments[i];
  return c && c.start >= end && isSpacesAndTabs(doc.source.text, end, c.start) ? c.end : end;
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
