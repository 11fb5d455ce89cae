/**
 * The one ANSI palette of the project, and a painter that colours only when asked: every piece
 * of text output (diagnostics, diffs, the plan summary) takes its colours from here.
 */

/** SGR sequences by name. */
export const ANSI = {
  red: "\x1b[31m",
  green: "\x1b[32m",
  yellow: "\x1b[33m",
  cyan: "\x1b[36m",
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  reset: "\x1b[0m",
} as const;

/** A colour of {@link ANSI}, or several joined (`"red+bold"` is written `[ "red", "bold" ]`). */
export type Color = keyof typeof ANSI;

/** Wraps text in colours; does nothing when colours are off. */
export type Paint = (colors: Color | readonly Color[], text: string) => string;

/** A painter that colours when `enabled`, and returns the text as it is otherwise. */
export function painter(enabled: boolean | undefined): Paint {
  if (!enabled) return (_colors, text) => text;
  return (colors, text) => {
    const codes = typeof colors === "string" ? ANSI[colors] : colors.map((c) => ANSI[c]).join("");
    return codes + text + ANSI.reset;
  };
}
