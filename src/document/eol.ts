/**
 * Line endings: counting them, naming them, and converting text between them. Any of `\r\n`,
 * `\n` and `\r` ends a line.
 */

/** A line-break style. */
export type LineEnding = "\r\n" | "\n" | "\r";

/** Line breaks by style. `indexOf` is native, so this is fast on big texts; a text without CR needs one pass. */
export function countLineBreaks(text: string): { crlf: number; cr: number; lf: number } {
  let crlf = 0;
  let lf = 0;
  const anyCr = text.indexOf("\r") >= 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (anyCr && i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  let cr = 0;
  if (anyCr) for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) cr++;
  return { crlf, cr: cr - crlf, lf };
}

/** "CRLF", "LF", "CR", "mixed", or undefined for text without line breaks. */
export function describeEol(text: string): "CRLF" | "LF" | "CR" | "mixed" | undefined {
  const { crlf, cr, lf } = countLineBreaks(text);
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  if (kinds === 0) return undefined;
  if (kinds > 1) return "mixed";
  return crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
}

/** The name of a line-break style: CRLF, LF or CR. */
export function eolName(eol: LineEnding): "CRLF" | "LF" | "CR" {
  return eol === "\r\n" ? "CRLF" : eol === "\n" ? "LF" : "CR";
}

/** Convert every line break in text to eol (used when moving text between files). */
export function convertLineEndings(text: string, eol: LineEnding): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}
