/**
 * What a review of a change holds: the plan, the files it writes with their bytes before and
 * after, the findings, and how the run was made. The report formats (`formatReport`) are
 * built from it.
 */
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { TargetName } from "../migrate/configmgr.js";
import type { MigrationPlan } from "../migrate/plan.js";
import { commonFolder } from "../util/paths.js";
import type { DiagnosticDocument } from "./diagnostics.js";
import { isBelowRoot } from "./report-paths.js";
import type { WriteResult, WriteTarget } from "./write.js";

/** A file the change writes: its path, its bytes before (`null` for a new file) and after. */
export interface ReviewTarget extends WriteTarget {
  /** Which ConfigMgr file it is, for a `convert` target. */
  readonly target?: TargetName;
}

/** What a review report shows. */
export interface ReviewInput {
  /** The plan: from `planMigration`, or the `plan` of `splitSources`. */
  readonly plan: MigrationPlan;
  /** The files the change writes (changed or not), in the order to show them. */
  readonly targets: readonly ReviewTarget[];
  /** Every finding of the run: sources, targets, plan, apply and write. */
  readonly diagnostics?: readonly Diagnostic[];
  /** The documents the diagnostics point into, for excerpts. */
  readonly documents?: Iterable<DiagnosticDocument>;
  /** The source files that were read (default: the files the plan's units come from). */
  readonly sources?: readonly string[];
  /** `convert` (into ConfigMgr's files, the default) or `split` (into two new files). */
  readonly command?: "convert" | "split";
  /** What the run did: `preview` (the default), `check` or `write`. */
  readonly mode?: "preview" | "check" | "write";
  /** For a `write` run, what was written. */
  readonly written?: WriteResult;
  /** Where a write keeps its backups (`WriteOptions.backupDir`); default next to each target. */
  readonly backupDir?: string;
  /** The command line of the run, so that a reviewer can run it again. */
  readonly commandLine?: string;
  /** The patch file written with the report, named in the instructions to apply it. */
  readonly patchFile?: string;
  /**
   * The folder the patch's paths are relative to: where it is applied. Default: the working
   * folder when every target is below it, else the deepest folder that holds them all.
   */
  readonly root?: string;
  /** When the report was made (default: now). */
  readonly date?: Date;
  /** The tool version the report names (default: this package's). */
  readonly toolVersion?: string;
}

/** The folder the patch's paths are relative to (see {@link ReviewInput.root}). */
export function reviewRoot(review: ReviewInput): string {
  if (review.root !== undefined) return review.root;
  const cwd = process.cwd();
  const files = review.targets.map((t) => t.file);
  if (files.every((f) => isBelowRoot(f, cwd))) return cwd;
  return commonFolder(files.map((f) => dirname(resolve(f)))) ?? cwd;
}
