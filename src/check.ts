/**
 * Semantic checks over a whole program, as mofcomp makes them while compiling: duplicates,
 * values that do not fit their declared types, unknown properties and types, undefined classes
 * and aliases, bad locale and namespace pragmas. Syntax is the parser's job; this module only
 * reads the AST of documents that parsed.
 */
import {
  isIntrinsicType,
  INTRINSIC_TYPES,
  qualifierName,
  type Qualifier,
  type ClassDeclaration,
  type InstanceDeclaration,
  type Name,
  type PragmaNode,
  type PropertyDeclaration,
  type QualifierDeclaration,
  type QualifierList,
  type Range,
  type TypeRef,
  type Value,
} from "./ast.js";
import { locate, type Diagnostic, type DiagnosticCode, type RawDiagnostic, type Severity } from "./diagnostics.js";
import { mergeInCompileOrder, walkNamespaces } from "./namespaces.js";
import type { MofDocument } from "./parse.js";
import type { MofProgram } from "./program.js";

/** Options of `checkProgram`. */
export interface CheckOptions {
  /** Namespace in effect before any `#pragma namespace`; mofcomp's default is `root\default`. */
  defaultNamespace?: string;
}

/** Integer types and their inclusive ranges. */
const INTEGER_RANGES: ReadonlyMap<string, readonly [bigint, bigint]> = new Map([
  ["uint8", [0n, 255n]],
  ["uint16", [0n, 65535n]],
  ["uint32", [0n, 4294967295n]],
  ["uint64", [0n, 18446744073709551615n]],
  ["sint8", [-128n, 127n]],
  ["sint16", [-32768n, 32767n]],
  ["sint32", [-2147483648n, 2147483647n]],
  ["sint64", [-9223372036854775808n, 9223372036854775807n]],
]);

/** MOF v3 (DSP0221) type names that MOF 2.x and WMI do not have, with the MOF 2.x type to use. */
const MOF_V3_TYPES: ReadonlyMap<string, string> = new Map([
  ["integer", "sint64 (or another sized integer type)"],
  ["real", "real64"],
  ["octetstring", "uint8[] with the OctetString qualifier"],
  ["duration", "datetime"],
  ["enumeration", "an integer or string type with ValueMap/Values qualifiers"],
  ["structure", "a class"],
]);

/**
 * WMI classes without a schema prefix (see `mayBeProvidedElsewhere`); a MOF may use them
 * without defining them.
 */
const UNPREFIXED_WMI_CLASSES: ReadonlySet<string> = new Set([
  "stdregprov", "registryevent", "registrykeychangeevent", "registrytreechangeevent", "registryvaluechangeevent",
  "systemrestore", "systemrestoreconfig", "wmievent", "eventtrace", "wmibinarymofresource",
]);

/**
 * Classes every computer the MOF is meant for already has, so using them without a definition
 * says nothing: the base class of ConfigMgr reporting classes (in `root\\cimv2\\sms` of every
 * client). System classes (`__Name`) are known too.
 */
const ALWAYS_PRESENT_CLASSES: ReadonlySet<string> = new Set(["sms_class_template"]);

/** Include problems after which the program is incomplete. */
const INCOMPLETE_CODES: ReadonlySet<string> = new Set([
  "include-not-found", "include-not-a-file", "include-outside-root", "include-cycle", "read-error", "binary-file", "too-many-files",
]);

/** A declared data type, flattened: the type name, whether it is an array, whether it is a reference. */
interface DeclaredType {
  name: string;
  array: boolean;
  ref: boolean;
}

interface Located<T> {
  document: MofDocument;
  node: T;
}

/**
 * Check a loaded program and return the semantic diagnostics (load and parse diagnostics stay in
 * `program.diagnostics`). Never throws.
 *
 * Errors: `duplicate-property`, `duplicate-qualifier`, `duplicate-alias`, `undefined-alias`,
 * `type-mismatch`, `value-out-of-range`, `unknown-property`, `unknown-type`, `invalid-locale`,
 * `invalid-namespace`, and `undefined-class`/`undefined-superclass` for names that cannot come
 * from anywhere else. Warnings: `duplicate-class` (same name twice in one namespace) and
 * `undefined-class`/`undefined-superclass` for names that the target system may provide.
 *
 * Undefined classes (superclasses and classes of instances): system classes (`__Namespace`,
 * `__Win32Provider`…) and `SMS_Class_Template` are always known. Any other class that no loaded
 * file defines is a warning when its name has a schema prefix (`Win32_X`, `SMS_Collection`,
 * `MSFT_Rule`, `CIM_X`: the computer the MOF is compiled on may have it) and an error when it has
 * none (`instance of NoClass`: no schema provides such a class, so the compile fails). Each
 * warned name is reported once per program. An unknown property or parameter type is always an
 * error: WMI takes it for an embedded-object class, which must exist.
 *
 * Class lookups (superclass chains, property types, instance classes) are case-insensitive and
 * look in every namespace of the program. When an include could not be loaded (or a C header is
 * included, whose macros are not seen), the program is incomplete: what would be an error because
 * "no loaded file defines it" is a warning instead.
 */
export function checkProgram(program: MofProgram, options: CheckOptions = {}): Diagnostic[] {
  return new Checker(program, options).run();
}

class Checker {
  private readonly classes = new Map<string, Located<ClassDeclaration>[]>();
  /** The first class of each name (lower case) in each document: many files may define the same class. */
  private readonly classesInDocument = new Map<MofDocument, Map<string, ClassDeclaration>>();
  private readonly qualifierTypes = new Map<string, QualifierDeclaration>();
  private readonly aliases = new Map<string, Located<InstanceDeclaration>>();
  private readonly raw = new Map<MofDocument, RawDiagnostic[]>();
  /** True when an include could not be loaded, so a missing definition may be in that file. */
  private readonly incomplete: boolean;
  /** True when some declaration has a syntax error, so it may be the missing definition. */
  private readonly broken: boolean;
  private document!: MofDocument;
  /** Undefined names already reported as warnings (code + name), with how often they were used. */
  private readonly undefinedSeen = new Map<string, { diagnostic: RawDiagnostic; uses: number }>();

  constructor(
    private readonly program: MofProgram,
    private readonly options: CheckOptions,
  ) {
    this.incomplete = program.diagnostics.some((d) => INCOMPLETE_CODES.has(d.code)) || program.documents.some(includesHeader);
    // A declaration that did not parse is missing from the program: names it defines would come
    // back as a second, misleading error ("class A is not defined") after the syntax error.
    this.broken = program.diagnostics.some((d) => d.severity === "error" && !INCOMPLETE_CODES.has(d.code));
  }

  run(): Diagnostic[] {
    this.collectDefinitions();
    for (const document of this.program.documents) {
      this.document = document;
      for (const p of document.productions) {
        if (p.kind === "pragma") this.checkPragma(p);
        else if (p.kind === "qualifierDeclaration") this.checkQualifierDeclaration(p);
        else if (p.kind === "class") this.checkClass(p);
        else this.checkInstance(p);
      }
    }
    this.checkDuplicateClasses();
    for (const { diagnostic, uses } of this.undefinedSeen.values()) {
      if (uses > 1) diagnostic.message += ` (used ${uses} times; only the first is reported)`;
    }
    const out: Diagnostic[] = [];
    for (const [document, raw] of this.raw) {
      out.push(...locate(raw.sort((a, b) => a.start - b.start), document.file, document.source.text, document.lines));
    }
    return out;
  }

  // ---- definitions -------------------------------------------------------------------------

  /** Classes, qualifier declarations and aliases of every document; reports duplicate aliases. */
  private collectDefinitions(): void {
    for (const document of this.program.documents) {
      this.document = document;
      let own: Map<string, ClassDeclaration> | undefined;
      for (const p of document.productions) {
        if (p.kind === "class") {
          const key = p.name.name.toLowerCase();
          const list = this.classes.get(key);
          if (list) list.push({ document, node: p });
          else this.classes.set(key, [{ document, node: p }]);
          if (!own) this.classesInDocument.set(document, (own = new Map()));
          if (!own.has(key)) own.set(key, p);
        } else if (p.kind === "qualifierDeclaration") {
          if (!this.qualifierTypes.has(p.name.name.toLowerCase())) this.qualifierTypes.set(p.name.name.toLowerCase(), p);
        } else if (p.kind === "instance" && p.alias) {
          const key = p.alias.name.toLowerCase();
          const first = this.aliases.get(key);
          if (first) {
            this.report("duplicate-alias", "error", p.alias, `alias $${p.alias.name} is already defined ${this.where(first.document, first.node.alias!)}`, "give each instance its own alias");
          } else {
            this.aliases.set(key, { document, node: p });
          }
        }
      }
    }
  }

  /** The class of that name, preferring a definition in the same document. */
  private findClass(name: string): ClassDeclaration | undefined {
    const key = name.toLowerCase();
    const list = this.classes.get(key);
    if (!list) return undefined;
    return this.classesInDocument.get(this.document)?.get(key) ?? list[list.length - 1].node;
  }

  /**
   * The property of a class or its superclasses. `complete` is false when the chain reaches a
   * class no loaded file defines (then a property not found may still exist).
   */
  private findProperty(className: string, property: string): { property?: PropertyDeclaration; complete: boolean } {
    const wanted = property.toLowerCase();
    const seen = new Set<string>();
    let current: string | undefined = className;
    while (current !== undefined && !seen.has(current.toLowerCase())) {
      seen.add(current.toLowerCase());
      const cls = this.findClass(current);
      if (!cls) return { complete: false };
      const found = cls.features.find((f): f is PropertyDeclaration => f.kind === "property" && f.name.name.toLowerCase() === wanted);
      if (found) return { property: found, complete: true };
      current = cls.superclass?.name;
    }
    return { complete: true };
  }

  // ---- statements --------------------------------------------------------------------------

  private checkPragma(p: PragmaNode): void {
    const name = p.name.name.toLowerCase();
    const arg = p.args[0];
    if (name === "locale") {
      if (arg?.kind !== "string" || !isLocaleName(arg.value)) {
        const shown = arg?.kind === "string" ? `"${arg.value}"` : "this value";
        this.report("invalid-locale", "error", arg ?? p, `${shown} is not a locale name`, 'write a locale such as "en_US", "0x409" or "MS_409"');
      }
    } else if (name === "namespace") {
      if (arg?.kind !== "string" || pathWithoutServer(arg.value) === "") {
        this.report("invalid-namespace", "error", arg ?? p, "#pragma namespace needs a namespace path", 'write for example #pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")');
      }
    }
  }

  private checkQualifierDeclaration(q: QualifierDeclaration): void {
    if (q.defaultValue) {
      this.checkValue(q.defaultValue, { name: q.type.name, array: q.array !== undefined, ref: q.type.ref }, `default of qualifier ${q.name.name}`);
    }
  }

  private checkClass(c: ClassDeclaration): void {
    this.checkQualifiers(c.qualifierList);
    if (c.superclass && !isAlwaysPresent(c.superclass.name) && !this.findClass(c.superclass.name)) {
      this.reportUndefined("undefined-superclass", c.superclass, `superclass ${c.superclass.name} of class ${c.name.name} is not defined in the loaded files`);
    }
    const features = new Map<string, Name>();
    for (const feature of c.features) {
      const key = feature.name.name.toLowerCase();
      const first = features.get(key);
      if (first) {
        this.report("duplicate-property", "error", feature.name, `${feature.kind} ${feature.name.name} is already declared in class ${c.name.name} ${this.where(this.document, first)}`, "remove or rename one of them");
      } else {
        features.set(key, feature.name);
      }
      this.checkQualifiers(feature.qualifierList);
      if (feature.kind === "property") {
        this.checkType(feature.type);
        if (feature.defaultValue) {
          this.checkValue(feature.defaultValue, { name: feature.type.name, array: feature.array !== undefined, ref: feature.type.ref }, `property ${feature.name.name}`);
        }
      } else {
        this.checkType(feature.returnType);
        const parameters = new Map<string, Name>();
        for (const parameter of feature.parameters) {
          const pkey = parameter.name.name.toLowerCase();
          const firstParameter = parameters.get(pkey);
          if (firstParameter) {
            this.report("duplicate-property", "error", parameter.name, `parameter ${parameter.name.name} is already declared in method ${feature.name.name} ${this.where(this.document, firstParameter)}`, "remove or rename one of them");
          } else {
            parameters.set(pkey, parameter.name);
          }
          this.checkQualifiers(parameter.qualifierList);
          this.checkType(parameter.type);
        }
      }
    }
  }

  private checkInstance(instance: InstanceDeclaration): void {
    this.checkQualifiers(instance.qualifierList);
    const className = instance.className.name;
    const system = isAlwaysPresent(className);
    const defined = system ? undefined : this.findClass(className);
    if (!system && !defined) {
      this.reportUndefined("undefined-class", instance.className, `class ${className} of this instance is not defined in the loaded files`);
    }
    const seen = new Map<string, Name>();
    for (const pv of instance.properties) {
      const key = pv.name.name.toLowerCase();
      const first = seen.get(key);
      if (first) {
        // Compilers keep the last value; worth a warning, not a failed compile.
        this.report("duplicate-property", "warning", pv.name, `property ${pv.name.name} is already set in this instance ${this.where(this.document, first)}; the later value wins`, "remove one of the two values");
      } else {
        seen.set(key, pv.name);
      }
      this.checkQualifiers(pv.qualifierList);
      if (!defined) {
        if (pv.value) this.walkValue(pv.value);
        continue;
      }
      const { property, complete } = this.findProperty(className, pv.name.name);
      if (!property) {
        if (complete) this.report("unknown-property", "error", pv.name, `class ${defined.name.name} has no property ${pv.name.name}`, this.propertyHint(className, pv.name.name));
        if (pv.value) this.walkValue(pv.value);
        continue;
      }
      if (pv.value) this.checkValue(pv.value, { name: property.type.name, array: property.array !== undefined, ref: property.type.ref }, `property ${pv.name.name}`);
    }
  }

  private propertyHint(className: string, property: string): string | undefined {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let cls = this.findClass(className); cls && !seen.has(cls.name.name.toLowerCase()); cls = cls.superclass ? this.findClass(cls.superclass.name) : undefined) {
      seen.add(cls.name.name.toLowerCase());
      for (const f of cls.features) if (f.kind === "property") names.push(f.name.name);
    }
    const close = closest(property, names);
    return close ? `did you mean ${close}?` : undefined;
  }

  // ---- qualifiers, types, values -----------------------------------------------------------

  private checkQualifiers(list: QualifierList | undefined): void {
    if (!list) return;
    // Most lists hold one qualifier: no duplicates to look for.
    const seen = list.qualifiers.length > 1 ? new Map<string, Qualifier>() : undefined;
    for (const q of list.qualifiers) {
      const key = q.name.toLowerCase();
      const first = seen?.get(key);
      if (first) {
        this.report("duplicate-qualifier", "error", qualifierName(q), `qualifier ${q.name} appears twice in this list ${this.where(this.document, first)}`, "keep one of them");
      } else {
        seen?.set(key, q);
      }
      if (!q.value) continue;
      const declared = this.qualifierTypes.get(key);
      // WMI's `qualifier Name : ToInstance;` declares flavors only (no type written).
      if (declared && declared.type.end > declared.type.start) {
        // A scalar for an array qualifier is read as a one-element array.
        const array = declared.array !== undefined && q.value.kind === "array";
        this.checkValue(q.value, { name: declared.type.name, array, ref: declared.type.ref }, `qualifier ${q.name}`);
      } else {
        this.walkValue(q.value);
      }
    }
  }

  /** A property, parameter or return type must be intrinsic or a loaded class. */
  private checkType(type: TypeRef): void {
    // A reference names its class; mofcomp accepts references to classes it does not know yet.
    if (type.ref || isIntrinsicType(type.name) || isAlwaysPresent(type.name) || this.findClass(type.name)) return;
    const v3 = MOF_V3_TYPES.get(type.name.toLowerCase());
    if (v3) {
      this.reportUndefined("unknown-type", type, `${type.name} is a MOF v3 type; MOF 2.x and WMI do not accept it`, `use ${v3}`, true);
      return;
    }
    const suggestion = closest(type.name, [...INTRINSIC_TYPES, ...[...this.classes.values()].map((l) => l[0].node.name.name)]);
    this.reportUndefined(
      "unknown-type",
      type,
      `${type.name} is neither a MOF type nor a class defined in the loaded files`,
      suggestion ? `did you mean ${suggestion}?` : `MOF types are ${[...INTRINSIC_TYPES].join(", ")}; any other name must be a class (embedded object)`,
      true,
    );
  }

  /** Check a value (and any embedded instances and aliases in it) against a declared type. */
  private checkValue(value: Value, type: DeclaredType, what: string): void {
    if (value.kind === "null" || value.kind === "identifier") return;
    if (value.kind === "array") {
      if (!type.array) {
        this.report("type-mismatch", "error", value, `${what} is a single ${type.name}, but the value is an array`, "remove the braces, or declare an array");
        this.walkValue(value);
        return;
      }
      for (const element of value.elements) this.checkValue(element, { ...type, array: false }, what);
      return;
    }
    if (type.array) {
      this.report("type-mismatch", "error", value, `${what} is an array of ${type.name}, but the value is not an array`, "write the value in braces, e.g. {1, 2}");
      this.walkValue(value);
      return;
    }
    this.checkScalar(value, type, what);
  }

  private checkScalar(value: Value, type: DeclaredType, what: string): void {
    if (value.kind === "alias") {
      this.useAlias(value.name, value);
      return;
    }
    if (value.kind === "instance") {
      this.checkInstance(value);
      return;
    }
    const t = type.name.toLowerCase();
    if (type.ref) {
      if (value.kind !== "string") this.mismatch(value, what, `a reference to ${type.name}`, "write an object path string or an alias ($Name)");
      return;
    }
    const range = INTEGER_RANGES.get(t);
    if (range) {
      if (value.kind !== "integer") {
        this.mismatch(value, what, t, value.kind === "string" ? "remove the quotes" : undefined);
      } else if (value.value < range[0] || value.value > range[1]) {
        this.report("value-out-of-range", "error", value, `${value.value} is out of range for ${what} (${t}: ${range[0]} to ${range[1]})`, "use a wider type or a smaller value");
      }
      return;
    }
    switch (t) {
      case "boolean":
        if (value.kind !== "boolean") this.mismatch(value, what, t, "write TRUE or FALSE without quotes");
        return;
      case "string":
      case "datetime":
        if (value.kind !== "string") this.mismatch(value, what, t, "write the value in double quotes");
        return;
      case "real32":
      case "real64":
        if (value.kind !== "real" && value.kind !== "integer") this.mismatch(value, what, t, value.kind === "string" ? "remove the quotes" : undefined);
        return;
      case "char16":
        if (value.kind !== "char" && value.kind !== "integer" && !(value.kind === "string" && value.value.length === 1)) {
          this.mismatch(value, what, t, "write one character in single quotes, e.g. 'a'");
        }
        return;
      default:
        // `object` and class names (embedded objects): an instance, or a string holding one.
        return;
    }
  }

  private mismatch(value: Value, what: string, type: string, hint?: string): void {
    this.report("type-mismatch", "error", value, `${what} has type ${type}, but the value is ${describe(value)}`, hint);
  }

  /** Visit a value whose type is unknown: only aliases and embedded instances are checked. */
  private walkValue(value: Value): void {
    if (value.kind === "alias") this.useAlias(value.name, value);
    else if (value.kind === "instance") this.checkInstance(value);
    else if (value.kind === "array") for (const e of value.elements) this.walkValue(e);
  }

  private useAlias(name: string, at: Range): void {
    if (!this.aliases.has(name.toLowerCase())) {
      this.report("undefined-alias", "error", at, `alias $${name} is not defined`, "define it with 'instance of Class as $" + name + "' in one of the compiled files");
    }
  }

  // ---- duplicate classes per namespace -----------------------------------------------------

  /**
   * A class defined twice in one namespace: the later definition silently replaces the earlier
   * one (or fails, when instances exist), so it is worth a warning, unless a
   * `#pragma deleteclass` of that class in that namespace comes between them in compile order.
   */
  private checkDuplicateClasses(): void {
    const walk = walkNamespaces(this.program, this.options);
    const steps = mergeInCompileOrder(walk.declarations, walk.pragmas);
    const first = new Map<string, Located<ClassDeclaration>>();
    const seen = new Set<ClassDeclaration>();
    for (const step of steps) {
      const node = step.node;
      if (node.kind === "pragma") {
        const arg = node.args[0];
        if (node.name.name.toLowerCase() === "deleteclass" && arg?.kind === "string") first.delete(`${step.namespace}\u0000${arg.value.toLowerCase()}`);
        continue;
      }
      // A file included twice yields its declarations twice: one definition, not two.
      if (node.kind !== "class" || seen.has(node)) continue;
      seen.add(node);
      const key = `${step.namespace}\u0000${node.name.name.toLowerCase()}`;
      const earlier = first.get(key);
      first.set(key, { document: step.document, node });
      if (!earlier) continue;
      this.document = step.document;
      this.report("duplicate-class", "warning", node.name, `class ${node.name.name} is already defined in namespace ${step.namespace} ${this.where(earlier.document, earlier.node.name)}; this definition replaces it`, `remove one of them, or put #pragma deleteclass("${node.name.name}", NOFAIL) before this one if the change is meant`);
    }
  }

  // ---- reporting ---------------------------------------------------------------------------

  /**
   * Something no loaded file defines. Rule: a class name with a schema prefix (`Win32_`, `SMS_`,
   * `CIM_`, `MSFT_`…, see `mayBeProvidedElsewhere`) may be provided by the system the MOF is
   * compiled on, so it is a warning; a name without one cannot come from any schema, so it is an
   * error (`instance of NoClass`). Types (`alwaysError`) are errors either way: WMI reads an
   * unknown type as an embedded-object class, which must exist. When an include was not loaded,
   * all of these are warnings: the definition may be in the missing file.
   */
  private reportUndefined(code: DiagnosticCode, at: Range & { name: string }, message: string, hint?: string, alwaysError = false): void {
    const provided = !alwaysError && mayBeProvidedElsewhere(at.name);
    const maybeInBroken = this.broken && !alwaysError;
    const severity: Severity = this.incomplete || maybeInBroken || provided ? "warning" : "error";
    // A warning for a name once per program: a console export uses SMS_Collection hundreds of times.
    const key = `${code}\u0000${at.name.toLowerCase()}`;
    const seen = severity === "warning" ? this.undefinedSeen.get(key) : undefined;
    if (seen) {
      seen.uses++;
      return;
    }
    let fullHint = hint;
    if (this.incomplete) fullHint = [hint, "an include of this program could not be loaded; it may define it"].filter(Boolean).join("; ");
    else if (maybeInBroken) fullHint = [hint, "a declaration with a syntax error may define it: fix that first"].filter(Boolean).join("; ");
    else if (provided && !hint) fullHint = `fine if the target computer already has ${at.name} (a WMI, ConfigMgr or other installed class); otherwise include the MOF that defines it`;
    else if (!provided && !hint) fullHint = "define the class before it is used, or include the file that defines it";
    const diagnostic = this.report(code, severity, at, message, fullHint);
    if (severity === "warning") this.undefinedSeen.set(key, { diagnostic, uses: 1 });
  }

  private report(code: DiagnosticCode, severity: Severity, at: Range, message: string, hint?: string): RawDiagnostic {
    let list = this.raw.get(this.document);
    if (!list) this.raw.set(this.document, (list = []));
    const diagnostic: RawDiagnostic = { code, severity, message, start: at.start, end: at.end, ...(hint ? { hint } : {}) };
    list.push(diagnostic);
    return diagnostic;
  }

  /** "(line N)" in the current document, "(file:line)" in another. */
  private where(document: MofDocument, at: Range): string {
    const { line } = document.lines.position(at.start);
    return document === this.document ? `(line ${line})` : `(${document.file}:${line})`;
  }
}

/** System classes (`__Namespace`, `__Win32Provider`…) and `ALWAYS_PRESENT_CLASSES`. */
function isAlwaysPresent(className: string): boolean {
  return className.startsWith("__") || ALWAYS_PRESENT_CLASSES.has(className.toLowerCase());
}

/**
 * True for a class name that something other than the compiled files may define: a name with a
 * schema prefix (`Schema_Name`, the CIM naming rule that Windows, ConfigMgr and DSC classes
 * follow) or one of the few WMI classes without one. System classes (`__Name`) are handled
 * before this and are always known.
 */
export function mayBeProvidedElsewhere(className: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]$/.test(className) || UNPREFIXED_WMI_CLASSES.has(className.toLowerCase());
}

/** True for a `#pragma locale` value: `en_US`, `en-us`, `de`, `0x409`, `MS_409`. */
export function isLocaleName(value: string): boolean {
  return /^(?:[a-z]{2,3}(?:[_-][a-z0-9]{2,8})*|0x[0-9a-f]{1,8}|ms_[0-9a-f]{1,8})$/i.test(value.trim());
}

/** The namespace part of a `#pragma namespace` string, without a `\\server\` prefix or slashes. */
function pathWithoutServer(value: string): string {
  return value
    .trim()
    .replace(/^[\\/]{2}[^\\/]*/, "")
    .replace(/^[\\/]+|[\\/]+$/g, "")
    .trim();
}

/**
 * True when a document has a C `#include` of something other than a MOF file: a header whose
 * `#define`s (often type and qualifier macros in driver MOFs) are not seen here.
 */
function includesHeader(document: MofDocument): boolean {
  return document.directives.some((d) => d.kind === "include" && !(d.argument && /\.mof$/i.test(d.argument)));
}

function describe(value: Value): string {
  switch (value.kind) {
    case "integer":
      return `the integer ${value.value}`;
    case "real":
      return `the real number ${value.value}`;
    case "string":
      return `the string ${JSON.stringify(value.value.length > 40 ? value.value.slice(0, 40) + "…" : value.value)}`;
    case "char":
      return `the character ${JSON.stringify(value.value)}`;
    case "boolean":
      return value.value ? "TRUE" : "FALSE";
    case "instance":
      return `an instance of ${value.className.name}`;
    case "alias":
      return `the alias $${value.name}`;
    default:
      return `a ${value.kind}`;
  }
}

/** The candidate closest to `name` within edit distance 2 (case-insensitive), if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(wanted, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance && d > 0) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance of two strings, stopping early once it reaches `limit` (any value
 * >= `limit` then means "at least `limit`").
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, row[j]);
    }
    if (rowMin >= limit) return limit;
    previous = row;
  }
  return previous[b.length];
}

