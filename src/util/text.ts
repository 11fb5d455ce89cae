/**
 * Positions in plain text: the start of a line and blank stretches. Any of `\r\n`, `\n` and
 * `\r` ends a line.
 */

/** Offset of the start of the line that holds `offset` (just after the previous `\n` or `\r`). */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** True when `text` holds only white space (as `String.prototype.trim` sees it) from `from` to `to`. */
export function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !/\s/.test(text[i])) return false;
  }
  return true;
}

/** True when `text` holds only spaces and tabs from `from` to `to`. */
export function isSpacesAndTabs(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
