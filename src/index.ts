/**
 * mof-migrate as a library: read and check MOF files, plan the move of SMS 2003 hardware
 * inventory customizations into ConfigMgr's configuration.mof and SMS_def.mof (ConfigMgr 2007),
 * or configuration.mof's "Added extensions" section and a MOF to import in the console
 * (ConfigMgr 2012 and later), apply the plan to the target texts, show it as a diff and a
 * summary, and write the files safely.
 *
 * Helpers for tools that work on MOF text (tokens, trivia, ranges, line index, namespaces) are
 * in `mof-migrate/syntax`.
 *
 * @packageDocumentation
 */

// Bytes, text and documents.
export { decodeMof, encodeMof } from "./document/source.js";
export type { SourceText, Encoding } from "./document/source.js";
export type { LineEnding } from "./document/eol.js";
export { parseMof } from "./document/parse.js";
export type { MofDocument, ParseOptions, Directive } from "./document/parse.js";
export type { Declaration } from "./document/query.js";
export type {
  Range,
  Name,
  Comment,
  Production,
  PragmaNode,
  Qualifier,
  QualifierList,
  TypeRef,
  ArraySpec,
  QualifierDeclaration,
  ClassDeclaration,
  Feature,
  PropertyDeclaration,
  MethodDeclaration,
  Parameter,
  InstanceDeclaration,
  PropertyValue,
  Value,
  IntegerValue,
  RealValue,
  StringValue,
  CharValue,
  BooleanValue,
  NullValue,
  ArrayValue,
  AliasValue,
  IdentifierValue,
} from "../grammar/ast.js";

// Files and programs.
export { findMofFiles } from "./program/files.js";
export type { FindMofFilesOptions, FoundMofFiles } from "./program/files.js";
export { loadMofFiles, readMofFile } from "./program/load.js";
export type { LoadOptions, MofFileResult } from "./program/load.js";
export { programFromDocuments } from "./program/program.js";
export type { MofProgram } from "./program/program.js";
export type { ResolvedDeclaration, ResolvedPragma } from "./program/namespaces.js";

// Checking.
export { checkProgram } from "./check/check.js";
export type { CheckOptions } from "./check/check.js";

// Diagnostics.
export { DiagnosticCodes } from "./diagnostics/codes.js";
export type { DiagnosticCode, DiagnosticCodeInfo } from "./diagnostics/codes.js";
export type { SyntaxCode } from "../grammar/problem.js";
export { hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.js";
export type { Diagnostic, DiagnosticSource, Severity } from "./diagnostics/diagnostic.js";
export type { LineIndex } from "./diagnostics/line-index.js";
export { formatDiagnostic, countDiagnostics } from "./diagnostics/format.js";
export type { FormatDiagnosticOptions } from "./diagnostics/format.js";
export { formatDiagnostics } from "./output/diagnostics.js";
export type { DiagnosticFormat, DiagnosticDocument, FormatDiagnosticsOptions } from "./output/diagnostics.js";

// Planning and applying a migration.
export { planMigration } from "./migrate/plan.js";
export type {
  MigrationPlan,
  PlanInput,
  PlanInputBase,
  Cm2007PlanInput,
  CurrentBranchPlanInput,
  CurrentBranchTarget,
  PlanTarget,
  PlanTargets,
} from "./migrate/plan.js";
export type { ExtensionsSection } from "./migrate/extensions-section.js";
export type { SiteClasses } from "./migrate/site-classes.js";
export type { ClassSymbol } from "./program/symbols.js";
export type { MigrationOptions, ResolvedMigrationOptions } from "./migrate/analysis.js";
export type { PlannedUnit, PlanAction, PlanSummary, FlagChange } from "./migrate/decide.js";
export type { TargetName, TargetKind } from "./migrate/configmgr.js";
export type { FileLocation } from "./migrate/location.js";
export type { Difference } from "./migrate/differences.js";
export type { MofUnit, UnitKind, UnitPart } from "./migrate/units.js";
export type { UnitCategory, LeftOutReason } from "./migrate/classify.js";
export type { TextEdit } from "./migrate/edits.js";
export { applyPlan } from "./migrate/apply.js";
export type { AppliedTarget } from "./migrate/apply.js";
export { splitSources } from "./migrate/split.js";
export type { SplitOptions, SplitResult } from "./migrate/split.js";
export { planToJson, PLAN_JSON_VERSION } from "./migrate/plan-json.js";
export type { PlanJson, PlannedUnitJson } from "./migrate/plan-json.js";

// Showing and writing the result.
export { formatDiff } from "./output/diff.js";
export type { DiffOptions } from "./output/diff.js";
export { formatPlanSummary } from "./output/summary.js";
export type { SummaryOptions } from "./output/summary.js";
export { formatReport } from "./output/report.js";
export type { FormatReportOptions, ReportFormat } from "./output/report.js";
export type { ReviewInput, ReviewTarget } from "./output/review.js";
export { writeTargets } from "./output/write.js";
export type { WriteTarget, WriteOptions, WriteResult, WrittenFile } from "./output/write.js";
export { recoverWrites } from "./output/recover.js";
export type { RecoverOptions, RecoveryResult } from "./output/recover.js";
