/**
 * What the migration knows about ConfigMgr and WMI: the default namespaces, the providers that
 * come with Windows, the reporting qualifiers, the key properties of WMI system classes, and the
 * names of the target files.
 */
import type { ClassDeclaration } from "../../grammar/ast.js";
import { findQualifier } from "../document/query.js";

/** The data namespace used when none is configured. */
export const DEFAULT_DATA_NAMESPACE = "root\\cimv2";
/** The reporting namespace used when none is configured. */
export const DEFAULT_REPORTING_NAMESPACE = "root\\cimv2\\sms";
/** The site server's namespace: console objects, never hardware inventory. */
export const SITE_NAMESPACE = "root\\sms";

/** The base class of reporting classes, which ConfigMgr defines itself (lower case). */
export const CLASS_TEMPLATE = "sms_class_template";

/** The qualifiers that make a class a reporting class (lower case). */
export const REPORTING_QUALIFIERS: readonly string[] = ["sms_report", "sms_class_id", "sms_group_name"];

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

/** Key properties of WMI system classes that sources never declare (lower case). */
export const SYSTEM_CLASS_KEYS: Readonly<Record<string, readonly string[]>> = {
  __namespace: ["name"],
  __provider: ["name"],
  __win32provider: ["name"],
  __providerregistration: ["provider"],
  __objectproviderregistration: ["provider"],
  __classproviderregistration: ["provider"],
  __instanceproviderregistration: ["provider"],
  __propertyproviderregistration: ["provider"],
  __methodproviderregistration: ["provider"],
  __eventproviderregistration: ["provider"],
  __eventconsumerproviderregistration: ["provider"],
  __eventfilter: ["name"],
  __filtertoconsumerbinding: ["consumer", "filter"],
};

/** The two files a migration writes to. */
export type TargetName = "configuration" | "smsDef";

/** The file name of each target, as messages name it. */
export const TARGET_FILES: Readonly<Record<TargetName, string>> = { configuration: "configuration.mof", smsDef: "SMS_def.mof" };

/** A class with `SMS_Report`, `SMS_Class_ID` or `SMS_Group_Name` on it, or deriving from `SMS_Class_Template`. */
export function looksLikeReportingClass(node: ClassDeclaration): boolean {
  if (node.superclass?.name.toLowerCase() === CLASS_TEMPLATE) return true;
  return REPORTING_QUALIFIERS.some((q) => findQualifier(node.qualifierList, q) !== undefined);
}
