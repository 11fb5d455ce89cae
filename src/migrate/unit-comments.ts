/**
 * Comments that belong to a unit although no statement of it is next to them: the banner and
 * credit lines above a `#pragma namespace` that precedes the unit's first statement, and the
 * closing banner after a file's last declaration ("extension end", "end of file"). Namespace
 * pragmas are written again for the target, never copied, so without this the admin's comments
 * around them would be lost.
 */
import type { Production, Range } from "../../grammar/ast.js";
import type { MofDocument } from "../document/parse.js";
import { isPragma } from "../document/query.js";
import { leadingTrivia } from "../document/trivia.js";
import { lastIndexBefore } from "../util/collections.js";
import { isBlank, lineStart } from "../util/text.js";

/** No comments: shared by the parts that have none. */
export const NO_COMMENTS: readonly Range[] = Object.freeze([]);

/**
 * The comment blocks above the `#pragma namespace` lines directly in front of `head` (nothing
 * but those pragmas and comments between them and `head`), in text order.
 */
export function commentsAbovePragmas(doc: MofDocument, head: Production): readonly Range[] {
  let ranges: Range[] | undefined;
  let node: Production = head;
  for (;;) {
    const i = lastIndexBefore(doc.productions, node.start);
    if (i < 0) break;
    const previous = doc.productions[i];
    if (!isPragma(previous, "namespace")) break;
    const lead = trimEnd(doc.source.text, leadingTrivia(doc, previous));
    if (lead.end > lead.start) (ranges ??= []).push(lead);
    node = previous;
  }
  return ranges ? ranges.reverse() : NO_COMMENTS;
}

/**
 * The comment blocks after `end` when it is the end of the file's last declaration (only pragmas
 * may follow it): the file's closing banner. Empty otherwise.
 */
export function commentsAfterLastDeclaration(doc: MofDocument, lastStatementEnd: number, end: number): readonly Range[] {
  if (lastStatementEnd !== lastDeclarationEnd(doc)) return NO_COMMENTS;
  const text = doc.source.text;
  let ranges: Range[] | undefined;
  for (let i = lastIndexBefore(doc.comments, end - 1, "start") + 1; i < doc.comments.length; i++) {
    const c = doc.comments[i];
    if (c.start < end) continue;
    const from = lineStart(text, c.start);
    const start = isBlank(text, from, c.start) ? from : c.start;
    const last = ranges?.[ranges.length - 1];
    // Comment lines with only blank lines between them are one block.
    if (last && isBlank(text, last.end, start)) ranges![ranges!.length - 1] = { start: last.start, end: c.end };
    else (ranges ??= []).push({ start, end: c.end });
  }
  return ranges ?? NO_COMMENTS;
}

/** End of the last statement of a document that is not a pragma; -1 when there is none. */
function lastDeclarationEnd(doc: MofDocument): number {
  let known = lastEnds.get(doc);
  if (known === undefined) {
    known = -1;
    for (let i = doc.productions.length - 1; i >= 0; i--) {
      if (doc.productions[i].kind !== "pragma") {
        known = doc.productions[i].end;
        break;
      }
    }
    lastEnds.set(doc, known);
  }
  return known;
}

const lastEnds = new WeakMap<MofDocument, number>();

/** A range without the white space at its end. */
function trimEnd(text: string, range: Range): Range {
  let end = range.end;
  while (end > range.start && isBlank(text, end - 1, end)) end--;
  return { start: range.start, end };
}
