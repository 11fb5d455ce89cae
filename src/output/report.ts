/**
 * The review of a change in the forms a reviewer or a tool takes it, behind one function: a
 * patch to apply (more forms in the modules beside this one).
 */
import { formatPatch } from "./patch.js";
import { reviewRoot, type ReviewInput } from "./review.js";

/** The forms of {@link formatReport}. */
export type ReportFormat = "patch";

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  readonly format: ReportFormat;
}

/**
 * The review as a patch: a unified diff of every target that changes, which `git apply` and
 * `patch -p1` (run in the review's `root`) apply to give exactly the bytes a write would write,
 * byte-order marks, encodings and line endings included. Returned as bytes, since a target's
 * bytes need not be UTF-8 text; empty when nothing changes.
 */
export function formatReport(review: ReviewInput, options: FormatReportOptions & { readonly format: "patch" }): Uint8Array;
export function formatReport(review: ReviewInput, options: FormatReportOptions): Uint8Array | string {
  switch (options.format) {
    case "patch":
      return formatPatch(review.targets, reviewRoot(review));
    default:
      throw new TypeError(`formatReport: unknown format '${String(options.format)}'`);
  }
}
