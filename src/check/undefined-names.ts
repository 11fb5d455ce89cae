/**
 * When a name that no loaded file defines is an error and when it is only a warning. A class
 * with a schema prefix (`Win32_X`, `SMS_Collection`, `MSFT_Rule`, `CIM_X`) may be provided by the
 * computer the MOF is compiled on: a warning. A name without one cannot come from any schema: an
 * error (`instance of NoClass`). Types are errors either way (WMI reads an unknown type as an
 * embedded-object class, which must exist). When the program is incomplete (an include was not
 * loaded, a C header is included) or a declaration did not parse, the definition may be there:
 * a warning. A warned name is reported once per program, with how often it was used.
 */
import type { Range } from "../../grammar/ast.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";
import type { DiagnosticSink, Severity } from "../diagnostics/diagnostic.js";
import type { MofDocument } from "../document/parse.js";
import type { MofProgram } from "../program/program.js";

/**
 * WMI classes without a schema prefix (see {@link mayBeProvidedElsewhere}); a MOF may use them
 * without defining them.
 */
const UNPREFIXED_WMI_CLASSES: ReadonlySet<string> = new Set([
  "stdregprov",
  "registryevent",
  "registrykeychangeevent",
  "registrytreechangeevent",
  "registryvaluechangeevent",
  "systemrestore",
  "systemrestoreconfig",
  "wmievent",
  "eventtrace",
  "wmibinarymofresource",
]);

/**
 * Classes every computer the MOF is meant for already has, so using them without a definition
 * says nothing: the base class of ConfigMgr reporting classes (in `root\cimv2\sms` of every
 * client). System classes (`__Name`) are known too.
 */
const ALWAYS_PRESENT_CLASSES: ReadonlySet<string> = new Set(["sms_class_template"]);

/** Include problems after which the program is incomplete. */
const INCOMPLETE_CODES: ReadonlySet<string> = new Set([
  "include-not-found",
  "include-not-a-file",
  "include-outside-root",
  "include-cycle",
  "read-error",
  "binary-file",
  "too-many-files",
]);

/** System classes (`__Namespace`, `__Win32Provider`…) and the classes every ConfigMgr client has. */
export function isAlwaysPresent(className: string): boolean {
  return className.startsWith("__") || ALWAYS_PRESENT_CLASSES.has(className.toLowerCase());
}

/**
 * True for a class name that something other than the compiled files may define: a name with a
 * schema prefix (`Schema_Name`, the CIM naming rule that Windows, ConfigMgr and DSC classes
 * follow) or one of the few WMI classes without one.
 */
export function mayBeProvidedElsewhere(className: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9]$/.test(className) || UNPREFIXED_WMI_CLASSES.has(className.toLowerCase());
}

/**
 * True when a document has a C `#include` of something other than a MOF file: a header whose
 * `#define`s (often type and qualifier macros in driver MOFs) are not seen here.
 */
function includesHeader(document: MofDocument): boolean {
  return document.directives.some((d) => d.kind === "include" && !(d.argument && /\.mof$/i.test(d.argument)));
}

/** A warning held back until the end of the check, to count the uses of its name. */
interface HeldWarning {
  readonly document: MofDocument;
  readonly code: DiagnosticCode;
  readonly range: Range;
  readonly message: string;
  readonly hint: string | undefined;
  uses: number;
}

/** The reports of undefined names of one program (see the module comment). */
export class UndefinedNames {
  /** True when an include could not be loaded, so a missing definition may be in that file. */
  private readonly incomplete: boolean;
  /** True when some declaration has a syntax error, so it may be the missing definition. */
  private readonly broken: boolean;
  private readonly warned = new Map<string, HeldWarning>();

  constructor(
    program: MofProgram,
    private readonly sink: DiagnosticSink,
  ) {
    this.incomplete = program.diagnostics.some((d) => INCOMPLETE_CODES.has(d.code)) || program.documents.some(includesHeader);
    // A declaration that did not parse is missing from the program: names it defines would come
    // back as a second, misleading error ("class A is not defined") after the syntax error.
    this.broken = program.diagnostics.some((d) => d.severity === "error" && !INCOMPLETE_CODES.has(d.code));
  }

  /** Report a name no loaded file defines (`alwaysError` for types). */
  report(document: MofDocument, code: DiagnosticCode, at: Range & { readonly name: string }, message: string, hint?: string, alwaysError = false): void {
    const provided = !alwaysError && mayBeProvidedElsewhere(at.name);
    const maybeInBroken = this.broken && !alwaysError;
    const severity: Severity = this.incomplete || maybeInBroken || provided ? "warning" : "error";
    let fullHint = hint;
    if (this.incomplete) fullHint = [hint, "an include of this program could not be loaded; it may define it"].filter(Boolean).join("; ");
    else if (maybeInBroken) fullHint = [hint, "a declaration with a syntax error may define it: fix that first"].filter(Boolean).join("; ");
    else if (provided && !hint)
      fullHint = `fine if the target computer already has ${at.name} (a WMI, ConfigMgr or other installed class); otherwise include the MOF that defines it`;
    else if (!provided && !hint) fullHint = "define the class before it is used, or include the file that defines it";
    if (severity === "error") {
      this.sink.report(document, code, at, message, { severity, ...(fullHint !== undefined ? { hint: fullHint } : {}) });
      return;
    }
    // A warning for a name once per program: a console export uses SMS_Collection hundreds of times.
    const key = `${code}\u0000${at.name.toLowerCase()}`;
    const held = this.warned.get(key);
    if (held) held.uses++;
    else this.warned.set(key, { document, code, range: { start: at.start, end: at.end }, message, hint: fullHint, uses: 1 });
  }

  /** Report the held warnings, each once, with how often its name was used. */
  flush(): void {
    for (const w of this.warned.values()) {
      const message = w.uses > 1 ? `${w.message} (used ${w.uses} times; only the first is reported)` : w.message;
      this.sink.report(w.document, w.code, w.range, message, { severity: "warning", ...(w.hint !== undefined ? { hint: w.hint } : {}) });
    }
    this.warned.clear();
  }
}
