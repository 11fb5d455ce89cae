/**
 * The review as one self-contained HTML page: inline CSS and script, a Content-Security-Policy
 * that forbids every network request, readable without the script (which only filters the
 * plan table), and clean in print for a change board's PDF.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { REPORT_CSS, REPORT_JS } from "./html-assets.js";
import { escapeHtml as h, highlightLines } from "./mof-html.js";
import { pathFromRoot } from "./report-paths.js";
import { encodingLabel, sideBySide, type FileFacts, type ReviewModel, type TargetChange, type UnitDetail } from "./review-model.js";

/** No request of any kind leaves the page; styles and the script are the page's own. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The HTML page of a review. */
export function renderHtmlReport(model: ReviewModel): string {
  const sections = [
    header(model),
    toc(model),
    counts(model),
    plan(model),
    findings(model),
    model.details.length > 0 ? details(model) : "",
    changes(model),
    writes(model),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mof-migrate ${h(model.toolVersion)}">
<title>${h(`Review: ${model.title}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${sections.filter(Boolean).join("\n")}
<footer>Made by mof-migrate ${h(model.toolVersion)} on ${h(model.date)}. This page makes no network request; print it for a PDF.</footer>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}

function header(m: ReviewModel): string {
  const changed = m.targets.filter((t) => t.changed);
  const facts: [string, string][] = [
    ["Mode", h(`${m.command} ${m.mode === "preview" ? "preview (nothing written)" : m.mode === "check" ? "--check (nothing written)" : "--write"}`)],
    ["Target kind", h(m.targetKind)],
    ["Targets", m.targets.map((t) => `<code>${h(t.file)}</code>${t.changed ? (t.newFile ? " (new)" : " (changes)") : " (no change)"}`).join("<br>")],
    [
      "Sources",
      m.sources.length <= 12
        ? m.sources.map((s) => `<code>${h(s)}</code>`).join("<br>")
        : `<details><summary>${m.sources.length} files</summary>${m.sources.map((s) => `<code>${h(s)}</code>`).join("<br>")}</details>`,
    ],
    ["Date", h(m.date)],
    ["Tool", h(`mof-migrate ${m.toolVersion}`)],
  ];
  if (m.commandLine !== undefined) facts.push(["Command", `<code>${h(m.commandLine)}</code>`]);
  return `<header id="summary">
<h1>${h(`mof-migrate review: ${m.title}`)}</h1>
<p class="status${m.blocked ? " blocked" : ""}" id="status">${h(m.status)}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>
<p>${changed.length} of ${m.targets.length} target${m.targets.length === 1 ? "" : "s"} change; ${m.units.length} unit${m.units.length === 1 ? "" : "s"} in the plan; ${m.findings.length} finding${m.findings.length === 1 ? "" : "s"}.</p>
</header>`;
}

function toc(m: ReviewModel): string {
  const links: [string, string][] = [
    ["counts", "Counts"],
    ["plan", "Plan"],
    ["findings", "Findings"],
    ...(m.details.length > 0 ? ([["differences", "Conflicts and flag changes"]] as [string, string][]) : []),
    ["changes", "Changes"],
    ["write", m.mode === "write" ? "What was written" : "What --write does"],
  ];
  return `<nav class="toc">${links.map(([id, text]) => `<a href="#${id}">${h(text)}</a>`).join("")}</nav>`;
}

function actionBadge(action: string): string {
  return `<span class="action a-${h(action)}">${h(action)}</span>`;
}

function counts(m: ReviewModel): string {
  const split = m.command === "split";
  const rows = m.counts.map(
    (c) =>
      `<tr data-action="${h(c.action)}"><td>${actionBadge(c.action)}</td><td>${h(c.meaning)}</td>${[c.total, ...(split ? [] : [c.configuration, c.smsDef])]
        .map((n) => `<td class="num${n === 0 ? " zero" : ""}">${n}</td>`)
        .join("")}</tr>`,
  );
  const heads = split ? "<th class=num>units</th>" : `<th class=num>units</th><th class=num>configuration.mof</th><th class=num>${h(m.reportingFile)}</th>`;
  return `<section id="counts">
<h2>Counts by action</h2>
<table class="counts"><thead><tr><th>action</th><th>meaning</th>${heads}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
</section>`;
}

function plan(m: ReviewModel): string {
  const present = m.counts.filter((c) => c.total > 0);
  const box = (filter: string, value: string, label: string) =>
    `<label><input type="checkbox" data-filter="${filter}" value="${h(value)}" checked> ${label}</label>`;
  const rows = m.units.map(
    (u) =>
      `<tr data-action="${h(u.action)}" data-category="${h(u.category)}" data-name="${h(u.name.toLowerCase())}" title="${h(u.message)}">` +
      `<td>${h(u.what)}</td><td>${h(u.kind)}</td><td>${h(u.category)}</td><td class="mono">${h(u.namespace)}</td><td>${actionBadge(u.action)}</td><td class="mono">${h(u.source)}</td></tr>`,
  );
  return `<section id="plan">
<h2>Plan: ${m.units.length} unit${m.units.length === 1 ? "" : "s"}</h2>
<div class="filters" id="plan-filters" hidden>
<fieldset><legend>Action</legend>${present.map((c) => box("action", c.action, `${h(c.action)} (${c.total})`)).join("")}</fieldset>
<fieldset><legend>Category</legend>${m.categories.map((c) => box("category", c, h(c))).join("")}</fieldset>
<label>Name <input type="search" id="plan-search" placeholder="class name"></label>
<button type="button" id="plan-all">Show all</button>
</div>
<p class="shown" id="plan-shown">Showing all ${m.units.length} units.</p>
<table id="plan-table"><thead><tr><th>unit</th><th>kind</th><th>category</th><th>namespace</th><th>action</th><th>source</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

function findings(m: ReviewModel): string {
  if (m.findings.length === 0) return `<section id="findings"><h2>Findings</h2><p>None.</p></section>`;
  const items = m.findings.map((f) => {
    const d = f.diagnostic;
    const excerpt = f.excerpt
      ? `<pre class="excerpt"><span class="ln">${f.excerpt.line} | </span>${h(f.excerpt.before)}<mark>${h(f.excerpt.marked) || " "}</mark>${h(f.excerpt.after)}</pre>`
      : "";
    return `<li class="finding s-${d.severity}" data-code="${h(d.code)}">
<div><span class="severity">${d.severity}</span> <code>${h(d.code)}</code>${d.mofcomp ? ` <code>${h(d.mofcomp)}</code>` : ""} <span class="hint">${h(f.title)}</span></div>
<div class="mono">${h(location(d))}</div>
<div>${h(d.message)}</div>
${excerpt}${d.hint ? `<div class="hint">hint: ${h(d.hint)}</div>` : ""}
</li>`;
  });
  return `<section id="findings">
<h2>Findings: ${h(countText(m.findings.map((f) => f.diagnostic)))}</h2>
<ol class="findings">
${items.join("\n")}
</ol>
</section>`;
}

function location(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}`;
}

function countText(list: readonly Diagnostic[]): string {
  const n = (s: Diagnostic["severity"]) => list.filter((d) => d.severity === s).length;
  const parts = [
    [n("error"), "error"],
    [n("warning"), "warning"],
    [n("info"), "note"],
  ]
    .filter(([c]) => (c as number) > 0)
    .map(([c, w]) => `${c} ${w}${c === 1 ? "" : "s"}`);
  return parts.join(", ") || "none";
}

function details(m: ReviewModel): string {
  return `<section id="differences">
<h2>Conflicts and flag changes</h2>
${m.details.map(detail).join("\n")}
</section>`;
}

function detail(u: UnitDetail): string {
  const diffs =
    u.differences.length > 0
      ? `<table class="differences"><thead><tr><th>what differs</th><th>in the source</th><th>in the target</th></tr></thead><tbody>${u.differences
          .map(
            (d) =>
              `<tr><td>${h(d.where)}</td><td class="mono">${d.difference.source !== undefined ? h(d.difference.source) : "<em>absent</em>"}</td><td class="mono">${
                d.difference.target !== undefined ? h(d.difference.target) : "<em>absent</em>"
              }</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "";
  const flags =
    u.flagChanges.length > 0
      ? `<table class="flags"><thead><tr><th>SMS_Report of</th><th>in the source</th><th>in the target</th></tr></thead><tbody>${u.flagChanges
          .map((f) => `<tr><td>${h(f.member ?? "(the class)")}</td><td>${f.source ? "TRUE" : "FALSE"}</td><td>${f.target ? "TRUE" : "FALSE"}</td></tr>`)
          .join("")}</tbody></table>`
      : "";
  const texts =
    u.targetText !== undefined
      ? `<details><summary>Both definitions side by side</summary><div class="pair"><div><h4>source <code>${h(u.source)}</code></h4><pre>${mof(u.sourceText)}</pre></div><div><h4>target <code>${h(
          u.found ?? "",
        )}</code></h4><pre>${mof(u.targetText)}</pre></div></div></details>`
      : "";
  return `<article class="unit-detail" data-action="${h(u.action)}">
<h3>${actionBadge(u.action)} ${h(u.what)} <span class="mono">${h(u.namespace)}</span></h3>
<p class="mono">source ${h(u.source)}${u.found ? `; target ${h(u.found)}` : ""}</p>
${diffs}${flags}${texts}
</article>`;
}

/** A whole MOF text, coloured. */
function mof(text: string): string {
  const count = text.split("\n").length;
  const wanted = new Set(Array.from({ length: count }, (_, i) => i + 1));
  const lines = highlightLines(text, wanted);
  return Array.from({ length: count }, (_, i) => lines.get(i + 1) ?? "").join("\n");
}

function changes(m: ReviewModel): string {
  const blocked = m.blocked ? `<p class="status blocked">The inputs have errors: these changes cannot be written as they are.</p>\n` : "";
  return `<section id="changes">
<h2>Changes per target</h2>
${blocked}${m.targets.map((t, i) => target(t, i)).join("\n")}
</section>`;
}

function factsText(f: FileFacts, text: string): string {
  return `${encodingLabel(f, text)}, ${f.eol} line endings, ${f.lines} lines, ${f.bytes} bytes`;
}

function target(t: TargetChange, index: number): string {
  const facts = `<p class="mono">${t.before ? `before: ${h(factsText(t.before, t.oldText))}<br>` : ""}after: ${h(factsText(t.after, t.newText))}</p>`;
  const notes = `<ul class="notes">${t.notes.map((n) => `<li>${h(n)}</li>`).join("")}</ul>`;
  if (!t.changed)
    return `<article class="target" id="target-${index + 1}"><h3><code>${h(t.file)}</code> — ${h(t.label)}: no change</h3>${facts}${notes}</article>`;
  const rows = sideBySide(t.hunks);
  const oldWanted = new Set<number>();
  const newWanted = new Set<number>();
  for (const r of rows) {
    if (r.oldLine !== undefined) oldWanted.add(r.oldLine);
    if (r.newLine !== undefined) newWanted.add(r.newLine);
  }
  const oldHtml = highlightLines(t.oldText, oldWanted);
  const newHtml = highlightLines(t.newText, newWanted);
  const cell = (side: "old" | "new", line: number | undefined, html: string | undefined, change: boolean) => {
    const cls = line === undefined ? "empty" : change ? (side === "old" ? "del" : "add") : "ctx";
    const sign = line === undefined ? "" : change ? (side === "old" ? "-" : "+") : "";
    return `<td class="ln ${cls}">${line ?? ""}</td><td class="sign ${cls}">${sign}</td><td class="code ${cls}">${html ?? ""}</td>`;
  };
  const body = rows.map((r) => {
    if (r.kind === "gap") return `<tr class="gap"><td colspan="6">⋯ ${h(r.text ?? "")} ⋯</td></tr>`;
    if (r.kind === "note") return `<tr class="note"><td colspan="6">${h(r.text ?? "")}</td></tr>`;
    const change = r.kind === "change";
    return `<tr class="${r.kind}">${cell("old", r.oldLine, r.oldLine !== undefined ? oldHtml.get(r.oldLine) : undefined, change)}${cell(
      "new",
      r.newLine,
      r.newLine !== undefined ? newHtml.get(r.newLine) : undefined,
      change,
    )}</tr>`;
  });
  const cut = t.truncated ? `<p class="shown">The diff is cut after ${rows.length} rows; the patch holds all of it.</p>` : "";
  return `<article class="target" id="target-${index + 1}" data-file="${h(t.file)}">
<h3><code>${h(t.file)}</code> — ${h(t.label)}${t.newFile ? " (new file)" : ""}: +${t.added} −${t.removed} lines</h3>
${facts}${notes}
<div class="scroll"><table class="diff">
<thead><tr><th colspan="3">${t.newFile ? "(no file yet)" : "before"}</th><th colspan="3">after</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody></table></div>${cut}
</article>`;
}

function writes(m: ReviewModel): string {
  const title = m.mode === "write" ? "What was written, and how to roll back" : "What --write does, and how to roll back";
  if (m.blocked) return `<section id="write"><h2>${title}</h2><p>Nothing can be written while the inputs have errors.</p></section>`;
  const changed = m.writes.filter((w) => w.action !== "unchanged");
  if (changed.length === 0) return `<section id="write"><h2>${title}</h2><p>Nothing: the targets are up to date.</p></section>`;
  const verb = m.mode === "write" ? (m.written?.ok === false ? "was to " : "did ") : "will ";
  const items = changed.map((w) =>
    w.action === "create"
      ? `<li>${verb}create <code>${h(w.file)}</code> (a new file)</li>`
      : `<li>${verb}replace <code>${h(w.file)}</code>${w.backup ? `, keeping the old bytes as <code>${h(w.backup)}</code>` : " (no backup)"}</li>`,
  );
  const how =
    m.command === "convert"
      ? "<p>A write is all-or-nothing: each target is locked, read again and compared with what this review was made from (a target that changed meanwhile stops the write), written to a temporary file, backed up, then renamed into place.</p>"
      : "";
  const restore = changed.filter((w) => w.backup);
  const created = changed.filter((w) => w.action === "create");
  const rollback: string[] = [];
  if (restore.length > 0)
    rollback.push(
      `<p>Put each backup back over its target (PowerShell, then a POSIX shell):</p><pre>${restore
        .map((w) => h(`Copy-Item -LiteralPath '${w.backup}' -Destination '${w.file}' -Force`))
        .join("\n")}</pre><pre>${restore.map((w) => h(`cp -p '${w.backup}' '${w.file}'`)).join("\n")}</pre>`,
    );
  if (created.length > 0) rollback.push(`<p>Delete the new files:</p><pre>${created.map((w) => h(`Remove-Item -LiteralPath '${w.file}'`)).join("\n")}</pre>`);
  if (m.patchFile !== undefined) {
    const patch = h(pathFromRoot(m.patchFile, m.root));
    rollback.push(
      `<p>Or with the patch <code>${h(m.patchFile)}</code>, in <code>${h(m.root)}</code>: <code>git apply ${patch}</code> (or <code>patch -p1 &lt; ${patch}</code>) makes the change, <code>git apply -R ${patch}</code> undoes it.</p>`,
    );
  }
  rollback.push(
    '<p>Restoring the files does not undo what clients already compiled from them: a data class stays in a client\'s WMI repository until a MOF with <code>#pragma deleteclass("…", NOFAIL)</code> removes it.</p>',
  );
  return `<section id="write">
<h2>${title}</h2>
<ul>${items.join("")}</ul>
${how}
<h3>Rolling back</h3>
${rollback.join("\n")}
</section>`;
}
