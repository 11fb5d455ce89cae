/**
 * mof-migrate as a library: parse and check MOF files, plan the move of SMS 2003 hardware
 * inventory customizations into ConfigMgr's configuration.mof and SMS_def.mof, apply the plan
 * to the target texts, show it as a unified diff, and write the files safely.
 *
 * @packageDocumentation
 */

// Bytes <-> text, losslessly.
export { decodeMof, encodeMof, findUnencodable, convertLineEndings, sourceFromString } from "./source.js";
export type { SourceText, Encoding, LineEnding } from "./source.js";

// Parsing.
export { parseMof, sliceSource, leadingTrivia, stringLiteralRanges } from "./parse.js";
export type { MofDocument, ParseOptions } from "./parse.js";
export { tokenize, printTokens } from "./tokens.js";
export type { MofToken, MofTokenKind } from "./tokens.js";
export { isIntrinsicType, INTRINSIC_TYPES, qualifierName } from "./ast.js";
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
} from "./ast.js";

// Diagnostics.
export { formatDiagnostic, compareDiagnostics, locate, LineIndex, DiagnosticCodes } from "./diagnostics.js";
export type { Diagnostic, RawDiagnostic, Severity, DiagnosticCode, FormatOptions } from "./diagnostics.js";

// Files and programs.
export { findMofFiles } from "./files.js";
export type { FindMofFilesOptions, FoundMofFiles } from "./files.js";
export { loadMofFiles } from "./load.js";
export type { LoadOptions } from "./load.js";
export { programFromDocuments, hasErrors } from "./program.js";
export type { MofProgram } from "./program.js";
export { checkProgram } from "./check.js";
export type { CheckOptions } from "./check.js";
export { normalizeNamespace, namespacePath } from "./namespaces.js";

// Planning and applying a migration.
export { planMigration, describeDifference, PLAN_ACTIONS } from "./plan.js";
export type {
  MigrationOptions,
  MigrationPlan,
  PlanInput,
  PlannedUnit,
  PlanAction,
  PlanSummary,
  PlanTarget,
  TargetName,
  TextEdit,
  FileLocation,
  FlagChange,
} from "./plan.js";
export type { Difference } from "./compare.js";
export type { MofUnit, UnitKind, UnitPart, UnitCategory } from "./units.js";
export { applyPlan, applyEdits, splitSources } from "./apply.js";
export type { AppliedTarget, SplitOptions, SplitResult } from "./apply.js";
export { formatPlanSummary } from "./cli-summary.js";
export type { SummaryOptions } from "./cli-summary.js";

// Showing and writing the result.
export { formatDiff } from "./diff.js";
export type { DiffOptions } from "./diff.js";
export { writeTargets } from "./write.js";
export type { WriteTarget, WriteOptions, WriteResult, WrittenFile } from "./write.js";
