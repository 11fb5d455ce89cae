/**
 * The structure of an HTML page as text, for a snapshot that changes when the structure
 * changes, not when a colour or a wording does: one line per structural element (tag, id,
 * classes, data-action), indented by depth, headings and table headers with their text, runs
 * of siblings with the same outline folded into one line with a count. The contents of
 * `<style>`, `<script>`, `<pre>` and table cells are left out.
 */

/** Elements that give the page its structure; others (span, code, mark, br, …) are content. */
const STRUCTURAL = new Set(
  "html head body header nav section article footer h1 h2 h3 h4 p dl dt dd table colgroup thead tbody tr th td ol ul li details summary div fieldset legend label input button pre meta title style script".split(
    " ",
  ),
);
const VOID = new Set(["meta", "br", "col", "input", "img", "hr", "link"]);
/** Elements whose contents are not outlined. */
const OPAQUE = new Set(["style", "script", "pre", "td", "dd", "p", "li", "summary", "label", "legend"]);
const WITH_TEXT = new Set(["h1", "h2", "h3", "th", "title"]);

interface Node {
  line: string;
  children: Node[];
}

/** The outline (see the module comment). */
export function htmlOutline(html: string): string {
  const top: Node = { line: "", children: [] };
  const stack: { tag: string; node: Node; opaque: boolean; text: string }[] = [{ tag: "", node: top, opaque: false, text: "" }];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let at = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const text = html.slice(at, m.index);
    at = tag.lastIndex;
    for (const open of stack) open.text += text;
    const [, closing, rawName, attributes] = m;
    const name = rawName.toLowerCase();
    const inside = stack[stack.length - 1];
    if (closing) {
      const i = stack.map((s) => s.tag).lastIndexOf(name);
      if (i <= 0) continue;
      for (const closed of stack.splice(i))
        if (WITH_TEXT.has(closed.tag))
          closed.node.line += ` "${closed.text
            .replace(/<[^>]*>/g, "")
            .replace(/\s+/g, " ")
            .trim()}"`;
      continue;
    }
    // Raw text elements: skip to their end tag.
    if (name === "style" || name === "script") {
      const end = html.indexOf(`</${name}>`, at);
      at = end === -1 ? html.length : end;
      tag.lastIndex = at;
    }
    if (inside.opaque && name !== "style" && name !== "script") {
      if (!VOID.has(name)) stack.push({ tag: name, node: inside.node, opaque: true, text: "" });
      continue;
    }
    const attr = (n: string) => new RegExp(`\\s${n}="([^"]*)"`).exec(attributes)?.[1];
    if (!STRUCTURAL.has(name)) {
      if (!VOID.has(name)) stack.push({ tag: name, node: inside.node, opaque: inside.opaque, text: "" });
      continue;
    }
    const id = attr("id");
    const classes = attr("class");
    const action = attr("data-action");
    const type = name === "input" ? attr("type") : undefined;
    const line = `${name}${id ? `#${id}` : ""}${
      classes
        ? classes
            .split(/\s+/)
            .map((c) => `.${c}`)
            .join("")
        : ""
    }${type ? `[type=${type}]` : ""}${action ? `[action=${action}]` : ""}`;
    const node: Node = { line, children: [] };
    inside.node.children.push(node);
    if (!VOID.has(name)) stack.push({ tag: name, node, opaque: OPAQUE.has(name), text: "" });
  }
  const out: string[] = [];
  const render = (nodes: Node[], depth: number) => {
    const texts = nodes.map((n) => flat(n));
    for (let i = 0; i < nodes.length;) {
      let j = i + 1;
      while (j < nodes.length && texts[j] === texts[i]) j++;
      out.push(`${"  ".repeat(depth)}${nodes[i].line}${j - i > 1 ? ` ×${j - i}` : ""}`);
      render(nodes[i].children, depth + 1);
      i = j;
    }
  };
  render(top.children, 0);
  return out.join("\n") + "\n";
}

/** A node with its subtree, as one string, to compare siblings. */
function flat(n: Node): string {
  return n.line + "(" + n.children.map(flat).join(",") + ")";
}
