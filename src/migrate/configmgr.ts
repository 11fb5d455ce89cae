/**
 * What the migration knows about ConfigMgr and WMI: the default namespaces, the providers that
 * come with Windows, the reporting qualifiers, the key properties of WMI system classes, and the
 * names of the target files.
 */
import type { ClassDeclaration } from "../../grammar/ast.js";
import { findQualifier, qualifierString } from "../document/query.js";
import { normalizeNamespace } from "../program/namespaces.js";
import { CLASS_TEMPLATE, REPORTING_QUALIFIERS } from "../program/inventory.js";

/** The data namespace used when none is configured. */
export const DEFAULT_DATA_NAMESPACE = "root\\cimv2";
// The inventory facts that `check` shares with the migration live one stage below.
export { CLASS_TEMPLATE, DEFAULT_REPORTING_NAMESPACE, REPORTING_QUALIFIERS, SITE_NAMESPACE, SYSTEM_CLASS_KEYS } from "../program/inventory.js";

/**
 * Providers that come with Windows. Their registrations in a MOF are units of their own; the
 * registration of any other provider travels with the first class it serves.
 */
export const WINDOWS_PROVIDERS: ReadonlySet<string> = new Set([
  "regprov",
  "regpropprov",
  "ms_view_instance_provider",
  "cimwin32",
  "cimwin32a",
  "wmiprov",
  "msiprov",
  "ms_nt_eventlog_provider",
  "ms_nt_eventlog_event_provider",
  "ms_power_management_event_provider",
  "wmipingprovider",
  "sessionprovider",
  "secrcw32",
  "msft_dsclocalconfigurationmanager",
  "wmiperfclass",
]);

/**
 * The files a migration writes to: configuration.mof (data classes) on every site, SMS_def.mof
 * (reporting classes) on a ConfigMgr 2007 site, the import MOF (reporting classes, imported in
 * the console's Client Settings) on a ConfigMgr 2012 or later (Current Branch) site.
 */
export type TargetName = "configuration" | "smsDef" | "importMof";

/** The file name of each target, as messages name it. */
export const TARGET_FILES: Readonly<Record<TargetName, string>> = {
  configuration: "configuration.mof",
  smsDef: "SMS_def.mof",
  importMof: "the import MOF",
};

/**
 * The kind of ConfigMgr site a migration writes to: `cm2007` (configuration.mof and
 * SMS_def.mof) or `current-branch` (ConfigMgr 2012 and later: configuration.mof between its
 * "Added extensions" markers, and a MOF of reporting classes to import in the console).
 */
export type TargetKind = "cm2007" | "current-branch";

/** A class with `SMS_Report`, `SMS_Class_ID` or `SMS_Group_Name` on it, or deriving from `SMS_Class_Template`. */
export function looksLikeReportingClass(node: ClassDeclaration): boolean {
  if (node.superclass?.name.toLowerCase() === CLASS_TEMPLATE) return true;
  return REPORTING_QUALIFIERS.some((q) => findQualifier(node.qualifierList, q) !== undefined);
}

/**
 * The namespace (normalised) a reporting class reads its data class from: its `Namespace(...)`
 * qualifier, else the reporting namespace when `SMS_Namespace` is TRUE, else the data namespace.
 */
export function dataClassNamespace(node: ClassDeclaration, dataNamespace: string, reportingNamespace: string): string {
  const declared = qualifierString(node.qualifierList, "Namespace");
  if (declared) return normalizeNamespace(declared);
  const smsNamespace = findQualifier(node.qualifierList, "SMS_Namespace");
  const inReporting = smsNamespace !== undefined && !(smsNamespace.value?.kind === "boolean" && !smsNamespace.value.value);
  return normalizeNamespace(inReporting ? reportingNamespace : dataNamespace);
}
