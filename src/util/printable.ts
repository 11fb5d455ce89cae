/**
 * Text that is safe to print on a terminal. File names and file contents can hold control
 * characters (an ESC starts a terminal command sequence) and bidirectional overrides (which
 * reorder what is shown); printed as they are, a file named `\x1b]0;…` retitles the window or
 * worse. Two forms: escapes for names and messages, one symbol per character for excerpts,
 * so a caret under an excerpt still lines up.
 */

/** C0 controls but tab, DEL, C1 controls, and the bidirectional embeddings, overrides and isolates. */
const UNSAFE = /[\x00-\x08\x0A-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/g;

/** `text` with every unsafe character written as an escape: `\x1B`, `\u202E`. */
export function visibleText(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}` : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/**
 * `text` with every unsafe character replaced by one visible character: C0 controls by their
 * Unicode control pictures (`␛` for ESC), DEL by `␡`, the others by `�`. The length stays the same.
 */
export function visibleControls(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return "\u2421";
    return "\uFFFD";
  });
}
