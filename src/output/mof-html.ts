/**
 * MOF text as HTML with syntax colouring, line by line, for the report's diffs: the lossless
 * token stream gives each piece its class (keyword, type, string, number, comment, pragma…),
 * and pieces that span lines (block comments) are split at the line breaks.
 */
import { isIntrinsicType } from "../../grammar/vocabulary.js";
import { tokenize, type MofToken } from "../document/lossless-tokens.js";

const KEYWORDS = new Set(["Class", "Instance", "Of", "As", "Ref", "Qualifier", "Scope", "Flavor", "Pragma"]);
const LITERALS = new Set(["True", "False", "Null", "IntegerLiteral", "RealLiteral"]);
const STRINGS = new Set(["StringLiteral", "CharLiteral"]);

/** Text with `&`, `<`, `>`, `"` and `'` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The CSS class of a piece of MOF text, or none. */
function classOf(t: MofToken): string | undefined {
  switch (t.kind) {
    case "comment":
      return "m-com";
    case "directive":
      return "m-dir";
    case "invalid":
      return "m-bad";
    case "whitespace":
      return undefined;
  }
  const type = t.type ?? "";
  if (KEYWORDS.has(type)) return "m-kw";
  if (LITERALS.has(type)) return "m-lit";
  if (STRINGS.has(type)) return "m-str";
  if (type === "AliasRef") return "m-alias";
  if (type === "Identifier") return isIntrinsicType(t.text) ? "m-type" : undefined;
  return "m-p";
}

/**
 * The HTML of the wanted lines (1-based) of a text whose line breaks are `\n`, each without its
 * line break. Lines not wanted are not built.
 */
export function highlightLines(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  let last = 0;
  for (const l of wanted) if (l > last) last = l;
  let line = 1;
  const add = (piece: string, cls: string | undefined) => {
    if (piece === "" || !wanted.has(line)) return;
    const html = cls ? `<span class="${cls}">${escapeHtml(piece)}</span>` : escapeHtml(piece);
    out.set(line, (out.get(line) ?? "") + html);
  };
  for (const t of tokenize(text)) {
    if (line > last) break;
    const cls = classOf(t);
    let from = 0;
    for (let nl = t.text.indexOf("\n"); nl !== -1; nl = t.text.indexOf("\n", from)) {
      add(t.text.slice(from, nl), cls);
      if (wanted.has(line) && !out.has(line)) out.set(line, "");
      line++;
      from = nl + 1;
    }
    add(t.text.slice(from), cls);
  }
  for (const l of wanted) if (!out.has(l)) out.set(l, "");
  return out;
}
