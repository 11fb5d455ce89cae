/**
 * Where a unit goes: data (outside the reporting namespace, to configuration.mof), reporting
 * (in the reporting namespace, to SMS_def.mof), or left out with a reason (console exports and
 * extensions, the site server's namespace, what ConfigMgr defines itself).
 */
import type { ClassDeclaration } from "../../grammar/ast.js";
import { isReportingClassInDataNamespace } from "../program/inventory.js";
import { isNamespaceWithin, namespacePath } from "../program/namespaces.js";
import { superclassChain, type ClassIndex } from "../program/symbols.js";
import { CLASS_TEMPLATE, DEFAULT_REPORTING_NAMESPACE, looksLikeReportingClass, SITE_NAMESPACE } from "./configmgr.js";
import { createdNamespace, type MofUnit } from "./units.js";

/** Where a unit goes. */
export type UnitCategory = "data" | "reporting" | "left-out";

/** Why a unit is left out. */
export type LeftOutReason =
  /** `instance of SMS_Collection` and other objects exported from the ConfigMgr console. */
  | "console-export"
  /** Classes deriving from `SMS_TaskSequence_Action` and other site-server classes: console extensions. */
  | "console-extension"
  /** Anything compiled into the site server's `root\sms` namespace. */
  | "site-namespace"
  /** `SMS_Class_Template`, which ConfigMgr defines itself. */
  | "class-template"
  /** `instance of __Namespace` creating the reporting namespace or one above it. */
  | "reporting-namespace"
  /** Qualifier declarations: hardware inventory relies on the standard ones. */
  | "qualifier-declaration"
  /**
   * A data class, instance or provider registration that the sources put in the reporting
   * namespace: the import MOF of a Current Branch site takes reporting classes only.
   */
  | "not-importable";

/** The classification of one unit. */
export interface Classification {
  readonly category: UnitCategory;
  /** For `left-out`. */
  readonly reason?: LeftOutReason;
  /** One sentence for people. */
  readonly explanation: string;
  /**
   * The namespace the unit is written into: its own for data, the reporting namespace for
   * reporting units (also when the source put it in a sub-namespace such as `INV_TEMP`, or in
   * the default namespace of a file without a pragma).
   */
  readonly targetNamespace: string;
  readonly targetNamespaceSpelling: string;
  /**
   * The unit is a reporting class because of its qualifiers: its file sets no namespace, or a
   * `#pragma namespace` puts it outside the reporting namespace.
   */
  readonly byContent?: boolean;
}

/** Options of {@link classifyUnit}. */
export interface ClassifyOptions {
  /** Namespace of the reporting classes; `root\cimv2\sms` when absent. */
  reportingNamespace?: string;
}

/**
 * Classify a unit (see the module comment). `classes` are the classes of the unit's program:
 * they tell console extensions (classes deriving from site-server classes the sources do not
 * declare) and console exports (instances of such classes) from the sources' own classes.
 */
export function classifyUnit(unit: MofUnit, classes: ClassIndex, options: ClassifyOptions = {}): Classification {
  const reportingSpelling = namespacePath(options.reportingNamespace ?? DEFAULT_REPORTING_NAMESPACE);
  const reporting = reportingSpelling.toLowerCase();
  const node = unit.primary.node;
  const own = { targetNamespace: unit.namespace, targetNamespaceSpelling: unit.namespaceSpelling };
  const leftOut = (reason: LeftOutReason, explanation: string): Classification => ({ category: "left-out", reason, explanation, ...own });

  if (node.kind === "qualifierDeclaration")
    return leftOut("qualifier-declaration", `qualifier declaration ${node.name.name}: hardware inventory uses the standard qualifiers`);
  if (node.kind === "class" && node.name.name.toLowerCase() === CLASS_TEMPLATE) {
    return leftOut("class-template", "SMS_Class_Template is defined by ConfigMgr itself");
  }
  if (node.kind === "class") {
    const base = siteServerBase(node, unit.namespace, classes);
    if (base) return leftOut("console-extension", `${node.name.name} derives from ${base}: a ConfigMgr console extension, not hardware inventory`);
  }
  if (node.kind === "instance") {
    const cls = node.className.name;
    if (/^sms_/i.test(cls) && !classes.last(unit.namespace, cls)) {
      return leftOut("console-export", `instance of ${cls}: an object exported from the ConfigMgr console, not hardware inventory`);
    }
  }
  if (isNamespaceWithin(unit.namespace, SITE_NAMESPACE)) {
    return leftOut("site-namespace", `${unit.namespaceSpelling} is the site server's namespace: console objects, not hardware inventory`);
  }
  if (node.kind === "instance") {
    const created = createdNamespace(unit.primary);
    if (created && isNamespaceWithin(reporting, created)) {
      return leftOut("reporting-namespace", `creates ${created}, which every ConfigMgr client already has`);
    }
  }
  const reportingUnit = { targetNamespace: reporting, targetNamespaceSpelling: reportingSpelling };
  if (isNamespaceWithin(unit.namespace, reporting)) {
    return { category: "reporting", explanation: `reporting class in ${unit.namespaceSpelling}: goes to SMS_def.mof`, ...reportingUnit };
  }
  if (!unit.primary.namespacePragma && node.kind === "class" && looksLikeReportingClass(node)) {
    return {
      category: "reporting",
      explanation: `${node.name.name} has reporting qualifiers and its file sets no namespace: treated as a reporting class for ${reportingSpelling}`,
      byContent: true,
      ...reportingUnit,
    };
  }
  // A reporting part pasted after a data part keeps the data part's namespace: its qualifiers say what it is.
  if (isReportingClassInDataNamespace(unit.primary, reporting)) {
    return {
      category: "reporting",
      explanation: `${node.kind === "class" ? node.name.name : unit.name} has reporting qualifiers: a reporting class for ${reportingSpelling}, although the namespace pragma in effect is ${unit.namespaceSpelling}`,
      byContent: true,
      ...reportingUnit,
    };
  }
  return { category: "data", explanation: `data in ${unit.namespaceSpelling}: goes to configuration.mof`, ...own };
}

/** The first `SMS_*` superclass (other than SMS_Class_Template) the sources do not declare. */
function siteServerBase(node: ClassDeclaration, namespace: string, classes: ClassIndex): string | undefined {
  // The chain stops at SMS_Class_Template, whether the sources declare it or not: a reporting class's chain.
  const { missing } = superclassChain(node, (name) => (name.toLowerCase() === CLASS_TEMPLATE ? undefined : classes.last(namespace, name)?.node));
  if (missing === undefined || missing.toLowerCase() === CLASS_TEMPLATE) return undefined;
  return /^sms_/i.test(missing) ? missing : undefined;
}
