/**
 * Semantic checks over a whole program, as mofcomp makes them while compiling: duplicates,
 * values that do not fit their declared types, unknown properties and types, undefined classes
 * and aliases, bad locale and namespace pragmas. Syntax is the parser's job; this module only
 * reads the AST of documents that parsed, and asks the program's symbol table about names.
 */
import type {
  ClassDeclaration,
  InstanceDeclaration,
  Name,
  PragmaNode,
  PropertyDeclaration,
  QualifierDeclaration,
  QualifierList,
  Range,
  TypeRef,
} from "../../grammar/ast.js";
import { qualifierName } from "../../grammar/ast.js";
import { INTRINSIC_TYPES, isIntrinsicType, MOF_V3_TYPES } from "../../grammar/vocabulary.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import { DiagnosticSink, sortDiagnostics, type Diagnostic, type ReportOptions } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import { pragmaString } from "../document/query.js";
import { DEFAULT_NAMESPACE, namesNoNamespace } from "../program/namespaces.js";
import { PROGRAM_SHAPE, type MofProgram } from "../program/program.js";
import { inventoryProblems } from "../program/inventory.js";
import { checkOption, checkOptions, checkShape } from "../util/arguments.js";
import { programSymbols, superclassChain, type ProgramSymbols } from "../program/symbols.js";
import { mergeByOrder } from "../util/collections.js";
import { closest } from "../util/spelling.js";
import { isAlwaysPresent, UndefinedNames } from "./undefined-names.js";
import { checkValue, walkValue, type ValueContext } from "./values.js";

/** Options of `checkProgram`. */
export interface CheckOptions {
  /** Namespace in effect before any `#pragma namespace`; mofcomp's default is `root\default`. */
  defaultNamespace?: string;
}

/**
 * Check a loaded program and return the semantic diagnostics, sorted by file and position (load
 * and parse diagnostics stay in `program.diagnostics`). Never throws.
 *
 * Errors: `duplicate-property`, `duplicate-qualifier`, `duplicate-alias` and `undefined-alias`
 * (aliases are scoped to one compiled file and the files it includes, as mofcomp compiles each
 * file on its own), `type-mismatch`, `value-out-of-range`, `unknown-property`, `unknown-type`,
 * `invalid-locale`, `invalid-namespace`, and `undefined-class`/`undefined-superclass` for names
 * that cannot come from anywhere else. Warnings: `duplicate-class` (same name twice in one
 * namespace), a property set twice in one instance, `undefined-class`/`undefined-superclass`
 * for names that the target system may provide, and `empty-namespace` for a `#pragma namespace`
 * with an empty path (the namespace in effect does not change).
 *
 * ConfigMgr's inventory rules, shared with the migration plan (`src/program/inventory.ts`):
 * `duplicate-class-id` (two reporting classes with one `SMS_Class_ID` that are not a 32/64-bit
 * pair), `duplicate-instance-key` (two instances with the same key values, warned at both) and
 * `reporting-class-namespace` (a class with reporting qualifiers that a `#pragma namespace`
 * puts outside `root\cimv2\sms`).
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
 *
 * @throws TypeError when `program` is not a program from `loadMofFiles` or `programFromDocuments`.
 */
export function checkProgram(program: MofProgram, options: CheckOptions = {}): Diagnostic[] {
  checkShape("checkProgram", "program", program, PROGRAM_SHAPE.what, PROGRAM_SHAPE.fields);
  checkOptions("checkProgram", options);
  checkOption("checkProgram", options as Record<string, unknown>, "defaultNamespace", "string");
  const symbols = programSymbols(program, options);
  const sink = new DiagnosticSink();
  const undefinedNames = new UndefinedNames(program, sink);
  for (const document of program.documents) new DocumentChecks(document, symbols, sink, undefinedNames).run();
  checkDuplicateClasses(symbols, sink);
  undefinedNames.flush();
  sink.add(symbols.problems);
  sink.add(inventoryProblems(symbols));
  return sortDiagnostics(
    sink.diagnostics,
    program.documents.map((d) => d.file),
  );
}

/** The checks of the statements of one document. */
class DocumentChecks implements ValueContext {
  constructor(
    private readonly document: MofDocument,
    private readonly symbols: ProgramSymbols,
    private readonly sink: DiagnosticSink,
    private readonly undefinedNames: UndefinedNames,
  ) {}

  run(): void {
    for (const p of this.document.productions) {
      if (p.kind === "pragma") this.checkPragma(p);
      else if (p.kind === "qualifierDeclaration") this.checkQualifierDeclaration(p);
      else if (p.kind === "class") this.checkClass(p);
      else this.checkInstance(p);
    }
  }

  report(code: DiagnosticCode, at: Range, message: string, hint?: string, severity?: ReportOptions["severity"]): void {
    this.sink.report(this.document, code, at, message, { ...(hint !== undefined ? { hint } : {}), ...(severity ? { severity } : {}) });
  }

  /** The class a name means here (see `ClassIndex.resolve`). */
  private findClass(name: string): ClassDeclaration | undefined {
    return this.symbols.classes.resolve(name, this.document);
  }

  /**
   * The property of a class or its superclasses. `complete` is false when the chain reaches a
   * class no loaded file defines (then a property not found may still exist).
   */
  private findProperty(className: string, property: string): { property?: PropertyDeclaration; complete: boolean } {
    const cls = this.findClass(className);
    if (!cls) return { complete: false };
    const wanted = property.toLowerCase();
    const { chain, missing } = superclassChain(cls, (name) => this.findClass(name));
    for (const c of chain) {
      const found = c.features.find((f): f is PropertyDeclaration => f.kind === "property" && f.name.name.toLowerCase() === wanted);
      if (found) return { property: found, complete: true };
    }
    return { complete: missing === undefined };
  }

  private checkPragma(p: PragmaNode): void {
    const name = p.name.name.toLowerCase();
    const arg = p.args[0];
    if (name === "locale") {
      if (arg?.kind !== "string" || !isLocaleName(arg.value)) {
        const shown = arg?.kind === "string" ? `"${arg.value}"` : "this value";
        this.report("invalid-locale", arg ?? p, `${shown} is not a locale name`);
      }
    } else if (name === "namespace") {
      const path = pragmaString(p);
      if (path === undefined) this.report("invalid-namespace", arg ?? p, "#pragma namespace needs a namespace path (a string)");
      // mofcomp reads the path relative to the namespace in effect: an empty one names that namespace again (decisions/0010).
      else if (namesNoNamespace(path))
        this.report(
          "empty-namespace",
          arg!,
          `#pragma namespace("${path.replace(/\\/g, "\\\\")}") has an empty namespace path: the namespace in effect (${this.namespaceAt(p)}) does not change`,
        );
    }
  }

  private checkQualifierDeclaration(q: QualifierDeclaration): void {
    if (q.defaultValue)
      checkValue(this, q.defaultValue, { name: q.type.name, array: q.array !== undefined, ref: q.type.ref }, `default of qualifier ${q.name.name}`);
  }

  private checkClass(c: ClassDeclaration): void {
    this.checkQualifiers(c.qualifierList);
    if (c.superclass && !isAlwaysPresent(c.superclass.name) && !this.findClass(c.superclass.name)) {
      this.undefinedNames.report(
        this.document,
        "undefined-superclass",
        c.superclass,
        `superclass ${c.superclass.name} of class ${c.name.name} is not defined in the loaded files`,
      );
    }
    const features = new Map<string, Name>();
    for (const feature of c.features) {
      const key = feature.name.name.toLowerCase();
      const first = features.get(key);
      if (first)
        this.report(
          "duplicate-property",
          feature.name,
          `${feature.kind} ${feature.name.name} is already declared in class ${c.name.name} ${this.where(first)}`,
        );
      else features.set(key, feature.name);
      this.checkQualifiers(feature.qualifierList);
      if (feature.kind === "property") {
        this.checkType(feature.type);
        if (feature.defaultValue)
          checkValue(
            this,
            feature.defaultValue,
            { name: feature.type.name, array: feature.array !== undefined, ref: feature.type.ref },
            `property ${feature.name.name}`,
          );
        continue;
      }
      this.checkType(feature.returnType);
      const parameters = new Map<string, Name>();
      for (const parameter of feature.parameters) {
        const pkey = parameter.name.name.toLowerCase();
        const firstParameter = parameters.get(pkey);
        if (firstParameter)
          this.report(
            "duplicate-property",
            parameter.name,
            `parameter ${parameter.name.name} is already declared in method ${feature.name.name} ${this.where(firstParameter)}`,
          );
        else parameters.set(pkey, parameter.name);
        this.checkQualifiers(parameter.qualifierList);
        this.checkType(parameter.type);
      }
    }
  }

  checkInstance(instance: InstanceDeclaration): void {
    this.checkQualifiers(instance.qualifierList);
    const className = instance.className.name;
    const system = isAlwaysPresent(className);
    const defined = system ? undefined : this.findClass(className);
    if (!system && !defined) {
      this.undefinedNames.report(
        this.document,
        "undefined-class",
        instance.className,
        `class ${className} of this instance is not defined in the loaded files`,
      );
    }
    const seen = new Map<string, Name>();
    for (const pv of instance.properties) {
      const key = pv.name.name.toLowerCase();
      const first = seen.get(key);
      if (first) {
        // Compilers keep the last value; worth a warning, not a failed compile.
        this.report(
          "duplicate-property",
          pv.name,
          `property ${pv.name.name} is already set in this instance ${this.where(first)}; the later value wins`,
          "remove one of the two values",
          "warning",
        );
      } else {
        seen.set(key, pv.name);
      }
      this.checkQualifiers(pv.qualifierList);
      if (!defined) {
        if (pv.value) walkValue(this, pv.value);
        continue;
      }
      const { property, complete } = this.findProperty(className, pv.name.name);
      if (!property) {
        if (complete)
          this.report("unknown-property", pv.name, `class ${defined.name.name} has no property ${pv.name.name}`, this.propertyHint(defined, pv.name.name));
        if (pv.value) walkValue(this, pv.value);
        continue;
      }
      if (pv.value)
        checkValue(this, pv.value, { name: property.type.name, array: property.array !== undefined, ref: property.type.ref }, `property ${pv.name.name}`);
    }
  }

  private propertyHint(cls: ClassDeclaration, property: string): string | undefined {
    const names = superclassChain(cls, (name) => this.findClass(name)).chain.flatMap((c) =>
      c.features.filter((f) => f.kind === "property").map((f) => f.name.name),
    );
    const close = closest(property, names);
    return close ? `did you mean ${close}?` : undefined;
  }

  private checkQualifiers(list: QualifierList | undefined): void {
    if (!list) return;
    // Most lists hold one qualifier: no duplicates to look for.
    const seen = list.qualifiers.length > 1 ? new Map<string, Range>() : undefined;
    for (const q of list.qualifiers) {
      const key = q.name.toLowerCase();
      const first = seen?.get(key);
      if (first) this.report("duplicate-qualifier", qualifierName(q), `qualifier ${q.name} appears twice in this list ${this.where(first)}`);
      else seen?.set(key, q);
      if (!q.value) continue;
      const declared = this.symbols.qualifiers.get(key);
      // WMI's `qualifier Name : ToInstance;` declares flavors only (no type written).
      if (declared && declared.type.end > declared.type.start) {
        // A scalar for an array qualifier is read as a one-element array.
        const array = declared.array !== undefined && q.value.kind === "array";
        checkValue(this, q.value, { name: declared.type.name, array, ref: declared.type.ref }, `qualifier ${q.name}`);
      } else {
        walkValue(this, q.value);
      }
    }
  }

  /** A property, parameter or return type must be intrinsic or a loaded class. */
  private checkType(type: TypeRef): void {
    // A reference names its class; mofcomp accepts references to classes it does not know yet.
    if (type.ref || isIntrinsicType(type.name) || isAlwaysPresent(type.name) || this.findClass(type.name)) return;
    const v3 = MOF_V3_TYPES.get(type.name.toLowerCase());
    if (v3) {
      this.undefinedNames.report(this.document, "unknown-type", type, `${type.name} is a MOF v3 type; MOF 2.x and WMI do not accept it`, `use ${v3}`, true);
      return;
    }
    const suggestion = closest(type.name, [...INTRINSIC_TYPES, ...this.symbols.classes.names()]);
    this.undefinedNames.report(
      this.document,
      "unknown-type",
      type,
      `${type.name} is neither a MOF type nor a class defined in the loaded files`,
      suggestion ? `did you mean ${suggestion}?` : `MOF types are ${[...INTRINSIC_TYPES].join(", ")}; any other name must be a class (embedded object)`,
      true,
    );
  }

  /** The namespace in effect at a pragma of this document, as spelled. */
  private namespaceAt(p: PragmaNode): string {
    return this.symbols.walk.pragmas.find((x) => x.node === p)?.namespaceSpelling ?? DEFAULT_NAMESPACE;
  }

  /** "(line N)" in this document. */
  private where(at: Range): string {
    return `(line ${this.document.lines.position(at.start).line})`;
  }
}

/**
 * A class defined twice in one namespace: the later definition silently replaces the earlier
 * one (or fails, when instances exist), so it is worth a warning, unless a
 * `#pragma deleteclass` of that class in that namespace comes between them in compile order.
 */
function checkDuplicateClasses(symbols: ProgramSymbols, sink: DiagnosticSink): void {
  const walk = symbols.walk;
  const first = new Map<string, { readonly document: MofDocument; readonly node: ClassDeclaration }>();
  const seen = new Set<ClassDeclaration>();
  for (const step of mergeByOrder(walk.declarations, walk.pragmas)) {
    const node = step.node;
    if (node.kind === "pragma") {
      const name = node.name.name.toLowerCase() === "deleteclass" ? pragmaString(node) : undefined;
      if (name !== undefined) first.delete(`${step.namespace}\u0000${name.toLowerCase()}`);
      continue;
    }
    // A file included twice yields its declarations twice: one definition, not two.
    if (node.kind !== "class" || seen.has(node)) continue;
    seen.add(node);
    const key = `${step.namespace}\u0000${node.name.name.toLowerCase()}`;
    const earlier = first.get(key);
    first.set(key, { document: step.document, node });
    if (!earlier) continue;
    const line = earlier.document.lines.position(earlier.node.name.start).line;
    const where = earlier.document === step.document ? `(line ${line})` : `(${earlier.document.file}:${line})`;
    sink.report(
      step.document,
      "duplicate-class",
      node.name,
      `class ${node.name.name} is already defined in namespace ${step.namespace} ${where}; this definition replaces it`,
      {
        hint: `remove one of them, or put #pragma deleteclass("${node.name.name}", NOFAIL) before this one if the change is meant`,
      },
    );
  }
}

/** True for a `#pragma locale` value: `en_US`, `en-us`, `de`, `0x409`, `MS_409`. */
function isLocaleName(value: string): boolean {
  return /^(?:[a-z]{2,3}(?:[_-][a-z0-9]{2,8})*|0x[0-9a-f]{1,8}|ms_[0-9a-f]{1,8})$/i.test(value.trim());
}
