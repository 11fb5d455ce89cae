/**
 * One interface for the kinds of ConfigMgr site a migration writes to (decisions/0030): where
 * data units go, where reporting units go, what "already there" means, which problems of the
 * targets the kind sees, how the edits of each target are made and encoded, and what a
 * target's new text must satisfy before it is written. The planner and `applyPlan` ask the
 * kind; `kind-cm2007.ts` and `kind-current-branch.ts` answer.
 */
import type { DiagnosticSink } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import type { ResolvedMigrationOptions, SourceAnalysis } from "./analysis.js";
import type { TargetKind, TargetName } from "./configmgr.js";
import type { PlannedUnit, Placement } from "./decide.js";
import { appendEdit, replaceEdits, type TextEdit } from "./edits.js";
import type { ExtensionsSection } from "./extensions-section.js";
import type { Identity } from "./identity.js";
import type { SiteClasses } from "./site-classes.js";
import type { TargetEncoding } from "./target-encoding.js";
import type { MofUnit } from "./units.js";

/** A target file of the plan. */
export interface PlanTarget {
  readonly name: TargetName;
  readonly document: MofDocument;
  /** The target's own units. */
  readonly units: readonly MofUnit[];
  /** False for a file that does not exist yet (a new import MOF): its document is empty. */
  readonly exists: boolean;
  /** For the configuration.mof of a Current Branch site: its "Added extensions" section. */
  readonly section?: ExtensionsSection;
}

/** The target files of a plan: configuration.mof, and SMS_def.mof (ConfigMgr 2007) or the import MOF (Current Branch). */
export interface PlanTargets {
  readonly configuration: PlanTarget;
  readonly smsDef?: PlanTarget;
  readonly importMof?: PlanTarget;
}

/** What the checks of a kind read. */
export interface KindCheckInput {
  readonly analysis: SourceAnalysis;
  readonly planned: readonly PlannedUnit[];
  readonly targets: PlanTargets;
  readonly site?: SiteClasses;
}

/** What a kind is asked when a target's new text is checked before it is written. */
export interface VerifyInput {
  readonly target: PlanTarget;
  /** The new text, parsed. */
  readonly written: MofDocument;
  readonly site?: SiteClasses;
  readonly options: ResolvedMigrationOptions;
}

/** A kind of target (see the module comment). */
export interface TargetKindRules {
  readonly kind: TargetKind;
  /** The target files a plan of this kind has, in the order `applyPlan` returns them. */
  readonly targetNames: readonly TargetName[];
  /** Where units go and what they are compared with. */
  placement(targets: PlanTargets, identity: Identity, site: SiteClasses | undefined, options: ResolvedMigrationOptions): Placement;
  /** Problems of the targets themselves and of the planned units that only this kind has. */
  check(input: KindCheckInput, sink: DiagnosticSink): void;
  /** The edits that write `units` (those of the plan that write into `target`), or why the target must not change. */
  edits(target: PlanTarget, units: readonly PlannedUnit[], sink: DiagnosticSink): TextEdit[] | { readonly refused: string };
  /** The encoding of the target's new bytes, when the units add `addedText`. */
  encoding(target: PlanTarget, addedText: string, sink: DiagnosticSink): TargetEncoding;
  /** Why the new text must not be written, one reason each; empty when it may. */
  verify(input: VerifyInput): string[];
}

/**
 * The edits most targets take: the flag values of `carry-flags` units found in the target, the
 * replacements of `replace` units, and the appended units (`append`, and `carry-flags` units
 * found in the site's classes, which go in whole) as one edit made by `append`.
 */
export function unitEdits(target: PlanTarget, units: readonly PlannedUnit[], append: (appended: readonly PlannedUnit[]) => TextEdit[]): TextEdit[] {
  const { document } = target;
  const eol = document.source.eol;
  const edits: TextEdit[] = [];
  const appended: PlannedUnit[] = [];
  for (const u of units) {
    if (u.action === "carry-flags" && !u.atSite) for (const f of u.flagChanges) edits.push(f.edit);
    else if (u.action === "replace") for (const e of replaceEdits(u, document, eol)) edits.push(e);
    else if (u.action === "append" || u.action === "carry-flags") appended.push(u);
  }
  if (appended.length > 0) edits.push(...append(appended));
  return edits.sort((a, b) => a.offset - b.offset);
}

/** `append` for {@link unitEdits}: one edit at `offset` (default: the end, or before an `// Added extensions end` banner). */
export function appendAt(target: PlanTarget, offset?: number): (appended: readonly PlannedUnit[]) => TextEdit[] {
  return (appended) => [appendEdit(appended, target.document, target.document.source.eol, offset)];
}
