/**
 * The style sheet and the script of the HTML report, inlined into every report so that it works
 * from a file share or an e-mail attachment with no network. The script only filters the plan
 * table and opens folded sections for printing; without it the report shows everything.
 */

/** The report's CSS: readable on screen, clean in print (the change-board PDF). */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa; --add: #dafbe1; --add-strong: #aceebb; --del: #ffebe9; --del-strong: #ffcecb;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1400px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
code, pre, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); font-weight: 600; }
.status { padding: 8px 12px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg-soft); font-weight: 600; }
.status.blocked { border-color: var(--error); color: var(--error); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
nav.toc a { margin-right: 16px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.zero { color: var(--muted); }
.action { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; font-weight: 600; border: 1px solid var(--line); white-space: nowrap; }
.a-append { background: var(--add); border-color: var(--add-strong); }
.a-replace, .a-carry-flags, .a-flag-change { background: #fff8c5; border-color: #eed888; }
.a-conflict { background: var(--del); border-color: var(--del-strong); }
.a-already-there, .a-stock, .a-superseded, .a-left-out { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; margin: 8px 0; padding: 8px 12px; background: var(--bg-soft); border-radius: 6px; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
.filters legend { float: left; margin-right: 8px; font-weight: 600; }
.shown { color: var(--muted); margin: 4px 0; }
ol.findings { list-style: none; padding: 0; }
ol.findings li { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
li.s-error { border-left-color: var(--error); }
li.s-warning { border-left-color: var(--warning); }
li.s-info { border-left-color: var(--info); }
.severity { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.s-error .severity { color: var(--error); }
.s-warning .severity { color: var(--warning); }
.s-info .severity { color: var(--info); }
pre.excerpt { background: var(--bg-soft); padding: 6px 8px; margin: 6px 0; white-space: pre-wrap; word-break: break-all; }
pre.excerpt mark { background: var(--del-strong); }
.hint { color: var(--muted); }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.pair pre { background: var(--bg-soft); padding: 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
.notes { margin: 4px 0 8px; padding-left: 20px; color: var(--muted); }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table.diff { font-family: ui-monospace, "Cascadia Mono", Consolas, "Liberation Mono", monospace; font-size: 12px; }
table.diff td { border: 0; padding: 0 6px; white-space: pre; }
table.diff td.code { width: 50%; }
table.diff td.ln { color: var(--muted); text-align: right; user-select: none; }
table.diff td.sign { user-select: none; }
table.diff tr.gap td { background: #ddf4ff; color: var(--muted); text-align: center; padding: 2px; }
table.diff tr.note td { color: var(--muted); font-style: italic; }
table.diff td.del { background: var(--del); }
table.diff td.add { background: var(--add); }
table.diff td.empty { background: repeating-linear-gradient(135deg, #f6f8fa 0 6px, #eef1f4 6px 12px); }
table.diff td.del.sign, table.diff td.del.ln { background: var(--del-strong); }
table.diff td.add.sign, table.diff td.add.ln { background: var(--add-strong); }
.m-kw { color: #cf222e; }
.m-type { color: #953800; }
.m-str { color: #0a3069; }
.m-lit { color: #0550ae; }
.m-com { color: #59636e; font-style: italic; }
.m-dir { color: #8250df; }
.m-alias { color: #116329; }
.m-bad { color: var(--error); text-decoration: underline wavy; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc, .filters { display: none !important; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  tr, li, .pair { break-inside: avoid; }
  .scroll { overflow: visible; border: 0; }
  table.diff td.code { white-space: pre-wrap; overflow-wrap: anywhere; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The report's script: the plan table's filters, and folded sections opened for printing. */
export const REPORT_JS = `
(function () {
  "use strict";
  var filters = document.getElementById("plan-filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#plan-table tbody tr"));
  var shown = document.getElementById("plan-shown");
  var search = document.getElementById("plan-search");
  if (filters) {
    filters.hidden = false;
    var update = function () {
      var on = { action: {}, category: {} };
      filters.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.checked) on[box.getAttribute("data-filter")][box.value] = true;
      });
      var query = search ? search.value.trim().toLowerCase() : "";
      var count = 0;
      rows.forEach(function (row) {
        var visible = on.action[row.getAttribute("data-action")] && on.category[row.getAttribute("data-category")] &&
          (query === "" || row.getAttribute("data-name").indexOf(query) !== -1);
        row.hidden = !visible;
        if (visible) count++;
      });
      shown.textContent = count === rows.length ? "Showing all " + rows.length + " units." : "Showing " + count + " of " + rows.length + " units (filtered).";
    };
    filters.addEventListener("change", update);
    if (search) search.addEventListener("input", update);
    var all = document.getElementById("plan-all");
    if (all) all.addEventListener("click", function () {
      filters.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
      if (search) search.value = "";
      update();
    });
    update();
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
`;
