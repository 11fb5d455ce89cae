/**
 * The review of a change in the forms a reviewer or a tool takes it, behind one function: a
 * self-contained HTML page, GitHub-flavoured Markdown, or a patch to apply. The command line
 * only picks the form (`--report`, `--format markdown`, `--patch`).
 */
import { renderHtmlReport } from "./html-report.js";
import { renderMarkdownReport } from "./markdown-report.js";
import { formatPatch } from "./patch.js";
import { reviewRoot, type ReviewInput } from "./review.js";
import { buildReview } from "./review-model.js";
import { checkArgument, checkOptions, checkShape, invalidArgument } from "../util/arguments.js";

/** The forms of {@link formatReport}. */
export type ReportFormat = "html" | "markdown" | "patch";

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** `html` (the default), `markdown` or `patch`. */
  readonly format?: ReportFormat;
}

/**
 * The review of a change as:
 * - `html` (the default): one self-contained page (inline CSS and script, no network request)
 *   with the header (sources, targets, target kind, date, version), counts by action, the plan
 *   as a table that filters by action and category, every finding with its excerpt, conflicts
 *   and flag changes side by side, each target's change as a side-by-side diff with MOF
 *   colouring and encoding notes, and what a write creates and how to roll it back; it prints
 *   cleanly;
 * - `markdown`: the status, counts, plan, findings, differences and diffs as GitHub-flavoured
 *   Markdown that fits a pull-request comment (long diffs folded, very long ones cut);
 * - `patch`: a unified diff of every target that changes, which `git apply` and `patch -p1`
 *   (run in the review's `root`) apply to give exactly the bytes a write would write, byte-order
 *   marks, encodings and line endings included. Returned as bytes, since a target's bytes need
 *   not be UTF-8 text; empty when nothing changes.
 *
 * @throws TypeError when `review` is not a {@link ReviewInput} (a plan from `planMigration` or
 * `splitSources` and an array of targets), `options` not an object, or the format unknown.
 */
export function formatReport(review: ReviewInput, options: { readonly format: "patch" }): Uint8Array;
export function formatReport(review: ReviewInput, options?: { readonly format?: "html" | "markdown" }): string;
export function formatReport(review: ReviewInput, options?: FormatReportOptions): string | Uint8Array;
export function formatReport(review: ReviewInput, options: FormatReportOptions = {}): string | Uint8Array {
  checkShape("formatReport", "review", review, "a ReviewInput { plan, targets }", { plan: "object", targets: "array" });
  checkShape("formatReport", "review.plan", review.plan, "a plan from planMigration or splitSources", { units: "array", summary: "object" });
  checkOptions("formatReport", options);
  if (options.format !== undefined) checkArgument("formatReport", "options.format", options.format, "string", "html, markdown or patch");
  const format = options.format ?? "html";
  switch (format) {
    case "html":
      return renderHtmlReport(buildReview(review));
    case "markdown":
      return renderMarkdownReport(buildReview(review));
    case "patch":
      return formatPatch(review.targets, reviewRoot(review));
    default:
      throw invalidArgument("formatReport", "options.format must be html, markdown or patch", format);
  }
}
