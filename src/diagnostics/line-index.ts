/**
 * Offsets to lines and columns. Stages record offsets; a diagnostic gets its line and column
 * from this table when it is reported.
 */

/** Offsets of the first character of each line, for offset -> line/column. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      // Walks the LFs and CRs with indexOf (native), several times faster than a regex on big files.
      const text = this.text;
      const starts = [0];
      let lf = text.indexOf("\n");
      let cr = text.indexOf("\r");
      while (lf >= 0 || cr >= 0) {
        if (cr >= 0 && (lf < 0 || cr < lf)) {
          // A CR ends a line by itself, or together with the LF right after it.
          if (cr + 1 === lf) {
            starts.push(lf + 1);
            lf = text.indexOf("\n", lf + 1);
          } else {
            starts.push(cr + 1);
          }
          cr = text.indexOf("\r", cr + 1);
        } else {
          starts.push(lf + 1);
          lf = text.indexOf("\n", lf + 1);
        }
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** Offset of the first character of a 1-based line (the text's length past the last line). */
  lineStart(line: number): number {
    return this.lineStarts()[line - 1] ?? this.text.length;
  }

  /** Text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const from = starts[line - 1] ?? this.text.length;
    let to = line < starts.length ? starts[line] : this.text.length;
    while (to > from && (this.text[to - 1] === "\n" || this.text[to - 1] === "\r")) to--;
    return this.text.slice(from, to);
  }
}
