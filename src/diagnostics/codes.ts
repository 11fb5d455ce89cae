/**
 * The registry of diagnostic codes: every code any stage reports, with its usual severity, a
 * title, the mofcomp `WBEMMOF_E_*` name where one fits, and the hint that always applies. The
 * union of codes is closed: a stage cannot report a code that is not here.
 *
 * mofcomp's own errors are the WBEMMOF_E_* members of WBEMSTATUS (wbemcli.h), HRESULTs
 * 0x80044001 (WBEMMOF_E_EXPECTED_QUALIFIER_NAME) to 0x80044031 (WBEMMOF_E_INVALID_DELETECLASS_SYNTAX).
 * Only names from that range appear here.
 */
import type { Severity, SyntaxCode } from "../../grammar/problem.js";
import { FLAVORS, PRAGMAS, SCOPES } from "../../grammar/vocabulary.js";

/** What the registry knows about one code. */
export interface DiagnosticCodeInfo {
  /** The severity it is reported with, unless a check lowers or raises it (its documentation says when). */
  readonly severity: Severity;
  /** What the code means, in a few words. */
  readonly title: string;
  /** The matching mofcomp error name, when there is one. */
  readonly mofcomp?: string;
  /** How to fix it, when the fix does not depend on the case; a report may give a more specific one. */
  readonly hint?: string;
}

const UNRECOGNIZED = "WBEMMOF_E_UNRECOGNIZED_TOKEN";
const INCLUDE = "WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE";

/** What the scanner and the parser report (the grammar's closed list, all present). */
const SYNTAX = {
  "invalid-character": { severity: "error", title: "a character that starts no MOF token", mofcomp: UNRECOGNIZED },
  "unterminated-string": {
    severity: "error",
    title: "a string literal not closed on its line",
    mofcomp: UNRECOGNIZED,
    hint: 'close the string before the end of the line; a long string can be split into adjacent literals: "part one" "part two"',
  },
  "unterminated-comment": { severity: "warning", title: "a /* comment without */", mofcomp: UNRECOGNIZED, hint: "close the comment with */" },
  "invalid-escape": {
    severity: "warning",
    title: "an unknown escape sequence in a string",
    hint: "MOF knows \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\xHHHH; write a backslash as \\\\",
  },
  "invalid-number": { severity: "error", title: "a malformed number", mofcomp: UNRECOGNIZED },
  "invalid-char-literal": { severity: "error", title: "a char16 literal not closed on its line", mofcomp: UNRECOGNIZED },
  "unexpected-token": { severity: "error", title: "a token the grammar does not allow here", mofcomp: UNRECOGNIZED },
  "expected-semicolon": {
    severity: "error",
    title: "a missing ';'",
    mofcomp: "WBEMMOF_E_EXPECTED_SEMI",
    hint: "every class, instance, property and qualifier declaration ends with ';'",
  },
  "expected-close-brace": {
    severity: "error",
    title: "a '{' not closed",
    mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_BRACE",
    hint: "a '{' is not closed: check the braces of this declaration",
  },
  "expected-close-bracket": {
    severity: "error",
    title: "a '[' not closed",
    mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_BRACKET",
    hint: "a qualifier list opened with '[' must be closed with ']'",
  },
  "expected-close-paren": { severity: "error", title: "a '(' not closed", mofcomp: "WBEMMOF_E_EXPECTED_CLOSE_PAREN" },
  "unexpected-end": { severity: "error", title: "the file ends inside a declaration" },
  "invalid-pragma": { severity: "error", title: "an unknown pragma", mofcomp: "WBEMMOF_E_INVALID_PRAGMA", hint: `mofcomp knows: ${[...PRAGMAS].join(", ")}` },
  "invalid-flavor": {
    severity: "error",
    title: "an unknown qualifier flavor",
    mofcomp: "WBEMMOF_E_EXPECTED_FLAVOR_TYPE",
    hint: `known flavors: ${[...FLAVORS].join(", ")}`,
  },
  "invalid-scope": {
    severity: "error",
    title: "an unknown qualifier scope",
    mofcomp: "WBEMMOF_E_INVALID_QUALIFIER_SYNTAX",
    hint: `known scopes: ${[...SCOPES].join(", ")}`,
  },
  "mof-v3": {
    severity: "error",
    title: "MOF v3 (DSP0221) syntax",
    mofcomp: UNRECOGNIZED,
    hint: "WMI compiles MOF 2.x only: rewrite the declaration as a MOF 2 class or instance",
  },
  "nesting-too-deep": {
    severity: "error",
    title: "arrays or embedded instances nested too deep",
    hint: "no real MOF file nests arrays or embedded instances this deep; is the file generated or damaged?",
  },
  "invalid-array-size": {
    severity: "error",
    title: "a fixed array size out of range",
    mofcomp: "WBEMMOF_E_ILLEGAL_CONSTANT_VALUE",
    hint: "a fixed array size is a whole number from 0 to 4294967295; write [] for a variable-length array",
  },
  "undefined-macro": {
    severity: "warning",
    title: "a bare name where a value belongs",
    hint: "define it with #define in this file or write the value itself (a string needs quotes)",
  },
  "unsupported-macro": { severity: "warning", title: "a function-like #define, not expanded" },
  "macro-too-large": {
    severity: "error",
    title: "macros that expand too far (too many tokens, or too many levels)",
    hint: "macros defined from other macros double in size at every level; write the value itself",
  },
  "empty-statement": { severity: "warning", title: "a stray ';'", hint: "remove it: a ';' ends a class, instance or qualifier declaration" },
} as const satisfies Record<SyntaxCode, DiagnosticCodeInfo>;

/** What finding, reading and loading files reports. */
const FILES = {
  "input-not-found": { severity: "error", title: "an input that does not exist" },
  "no-mof-files": { severity: "warning", title: "a folder or glob without MOF files" },
  "include-not-found": { severity: "error", title: "an included file that does not exist", mofcomp: INCLUDE },
  "include-cycle": { severity: "error", title: "files that include each other", mofcomp: INCLUDE, hint: "remove one of these includes" },
  "include-not-a-file": {
    severity: "error",
    title: "an include that names a folder, a pipe, a device or a broken link",
    mofcomp: INCLUDE,
    hint: "include MOF files one by one",
  },
  "include-outside-root": {
    severity: "error",
    title: "an include outside the folders given",
    mofcomp: INCLUDE,
    hint: "copy the file next to the others, or allow includes outside those folders (--allow-outside-roots)",
  },
  "read-error": { severity: "error", title: "a file that cannot be read" },
  "binary-file": {
    severity: "error",
    title: "a file that is not text",
    mofcomp: "WBEMMOF_E_INVALID_FILE",
    hint: "MOF files are text (ASCII, UTF-8 or UTF-16); was a compiled .bmf or another binary file given?",
  },
  "too-many-files": { severity: "error", title: "more files than the load limit" },
  "mof-content-skipped": {
    severity: "info",
    title: "a file with MOF content that a folder search left out",
    hint: "name the file on the command line, or add --include with a pattern that matches it (option include of findMofFiles)",
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** What the semantic checks report (mofcomp's compile-time rules). */
const SEMANTIC = {
  "duplicate-property": {
    severity: "error",
    title: "a property, method or parameter declared twice",
    mofcomp: "WBEMMOF_E_DUPLICATE_PROPERTY",
    hint: "remove or rename one of them",
  },
  "duplicate-qualifier": { severity: "error", title: "a qualifier twice in one list", mofcomp: "WBEMMOF_E_DUPLICATE_QUALIFIER", hint: "keep one of them" },
  "duplicate-alias": {
    severity: "error",
    title: "an alias defined twice in one compiled file",
    mofcomp: "WBEMMOF_E_MULTIPLE_ALIASES",
    hint: "give each instance of this file and the files it includes its own alias",
  },
  "undefined-alias": { severity: "error", title: "an alias used but not defined in its compiled file" },
  "duplicate-class": { severity: "warning", title: "a class defined twice in one namespace" },
  "type-mismatch": { severity: "error", title: "a value of another type than declared", mofcomp: "WBEMMOF_E_TYPE_MISMATCH" },
  "value-out-of-range": {
    severity: "error",
    title: "an integer out of its type's range",
    mofcomp: "WBEMMOF_E_OUT_OF_RANGE",
    hint: "use a wider type or a smaller value",
  },
  "unknown-property": { severity: "error", title: "a value for a property the class does not have" },
  "unknown-type": { severity: "error", title: "a type that is neither a MOF type nor a class", mofcomp: "WBEMMOF_E_UNRECOGNIZED_TYPE" },
  "undefined-class": { severity: "error", title: "an instance of a class no file defines" },
  "undefined-superclass": { severity: "error", title: "a superclass no file defines" },
  "invalid-locale": { severity: "error", title: "a #pragma locale that names no locale", hint: 'write a locale such as "en_US", "0x409" or "MS_409"' },
  "invalid-namespace": {
    severity: "error",
    title: "a #pragma namespace without a namespace",
    mofcomp: "WBEMMOF_E_INVALID_NAMESPACE_SYNTAX",
    hint: 'write for example #pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")',
  },
  "empty-namespace": {
    severity: "warning",
    title: "a #pragma namespace with an empty path",
    hint: 'an empty path names no namespace, so the namespace in effect does not change: write the namespace meant, for example #pragma namespace("\\\\\\\\.\\\\root\\\\cimv2"), or remove the line',
  },
  "duplicate-instance-key": {
    severity: "warning",
    title: "two instances of a class with the same key values",
    hint: "give each instance its own key value (for a [DYNPROPS] instance, its KeyName), or remove one of them",
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** What the migration plan and its cross-checks report. */
const MIGRATION = {
  "stray-deleteclass": { severity: "info", title: "a #pragma deleteclass naming no class after it" },
  "no-namespace-pragma": {
    severity: "warning",
    title: "a file compiled into the default namespace",
    hint: "if the file was compiled with mofcomp -N:<namespace>, set the default namespace for files without a pragma (option defaultNamespace, --default-namespace on the command line), or add a #pragma namespace to the file",
  },
  "missing-data-class": { severity: "warning", title: "a reporting class without its data class" },
  "missing-class-id": {
    severity: "warning",
    title: "a reporting class without SMS_Class_ID",
    hint: 'add SMS_Class_ID("VENDOR|GROUP|1.0"), unique for each class',
  },
  "duplicate-class-id": {
    severity: "error",
    title: "two reporting classes with one SMS_Class_ID",
    hint: 'give one of the classes its own id; only a 32/64-bit pair may share one, told apart by SMS_Context_1("__ProviderArchitecture=32|uint32") and SMS_Context_1("__ProviderArchitecture=64|uint32")',
  },
  "not-class-template": { severity: "warning", title: "a reporting class not derived from SMS_Class_Template" },
  "data-class-template": {
    severity: "warning",
    title: "a data class derived from SMS_Class_Template",
    hint: "remove ': SMS_Class_Template' from the data class; only reporting classes derive from it",
  },
  "missing-deleteclass": { severity: "warning", title: "a data class without #pragma deleteclass before it" },
  "provider-registration": {
    severity: "warning",
    title: "a provider the clients do not have",
    hint: "install the provider's DLL and COM registration on every client separately (e.g. with a software distribution package)",
  },
  "reporting-by-content": { severity: "info", title: "a reporting class recognised by its qualifiers" },
  "reporting-class-namespace": { severity: "warning", title: "a reporting class compiled into a namespace outside the reporting namespace" },
  conflict: {
    severity: "warning",
    title: "a definition the target has in another form",
    hint: "make the two definitions agree, or run with replaceConflicts (--replace-conflicts) to replace the target's definition",
  },
  "report-flags": {
    severity: "info",
    title: "SMS_Report values that differ from the target",
    hint: "run with carryReportFlags (--carry-report-flags) to set these flags in SMS_def.mof",
  },
  "non-ascii-target": { severity: "warning", title: "non-ASCII text added to a target without a byte-order mark" },
  "unencodable-character": { severity: "error", title: "a character the target's encoding cannot hold" },
  "target-not-written": {
    severity: "error",
    title: "a target whose new text is not safe to write",
    hint: "nothing is written to this file; see the other diagnostics",
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** What a migration into a ConfigMgr 2012 or later (Current Branch) site reports, and a 2007 one about such a site. */
const CURRENT_BRANCH = {
  "current-branch-site": {
    severity: "warning",
    title: "a configuration.mof of ConfigMgr 2012 or later given with an SMS_def.mof",
    hint: "migrate into a Current Branch target instead: --import-mof <file> in place of --sms-def (target kind current-branch of planMigration), then import that file in the console",
  },
  "extension-markers": {
    severity: "error",
    title: "Added extensions markers of configuration.mof missing one half, out of order or twice",
    hint: "configuration.mof needs one '// Added extensions start' line and, after it, one '// Added extensions end' line; fix the markers by hand (the site update rewrites everything outside them)",
  },
  "extension-markers-added": {
    severity: "warning",
    title: "a configuration.mof without Added extensions markers",
    hint: "check that the file is the site's configuration.mof (inboxes\\clifiles.src\\hinv); the site update keeps only what is between the markers",
  },
  "outside-extensions": {
    severity: "warning",
    title: "a unit configuration.mof has outside its Added extensions section",
    hint: "move it into the Added extensions section (between '// Added extensions start' and '// Added extensions end'): the site rewrites the rest of the file at the next update",
  },
  "not-importable": {
    severity: "warning",
    title: "a unit in the reporting namespace that is not a reporting class",
    hint: "a data class, instance or provider registration belongs in configuration.mof: compile it into the data namespace (#pragma namespace before it) in the source",
  },
  "missing-group-name": {
    severity: "warning",
    title: "a reporting class for the import without SMS_Group_Name",
    hint: 'add SMS_Group_Name("…"): the console shows the class under that name and the site names its inventory group after it',
  },
  "no-key-property": {
    severity: "warning",
    title: "a reporting class without a key property",
    hint: "mark the properties that tell the instances apart with [key] (in the data class and the reporting class), or accept one instance per client",
  },
  "data-class-mismatch": {
    severity: "warning",
    title: "a reporting class whose properties do not match its data class",
    hint: "list the data class's properties in the reporting class with the same names, types and keys",
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** What writing the targets reports. */
const WRITE = {
  "write-locked": { severity: "error", title: "a target locked by another run" },
  "write-changed-on-disk": {
    severity: "error",
    title: "a target changed on disk after it was read",
    hint: "run the command again to plan against the current file",
  },
  "write-error": { severity: "error", title: "a file that cannot be written" },
  "write-read-only": {
    severity: "error",
    title: "a target that is read-only",
    hint: "make it writable (chmod u+w, or clear the read-only attribute) if it is meant to change, or write it anyway (option replaceReadOnly, --force on the command line)",
  },
  "write-same-file": {
    severity: "error",
    title: "two targets that are one file",
    hint: "give each target once: a link and the file it names, or two hard links, are one file",
  },
  "write-recovered": { severity: "warning", title: "a write cut short that was completed or undone", hint: "check the targets before going on" },
  "write-interrupted": { severity: "error", title: "a write cut short that can be neither completed nor undone" },
} as const satisfies Record<string, DiagnosticCodeInfo>;

/** A diagnostic code: one of {@link DiagnosticCodes}; the lexical and syntax codes are the grammar's. */
export type DiagnosticCode =
  | SyntaxCode
  | "input-not-found"
  | "no-mof-files"
  | "include-not-found"
  | "include-cycle"
  | "include-not-a-file"
  | "include-outside-root"
  | "read-error"
  | "binary-file"
  | "too-many-files"
  | "mof-content-skipped"
  | "duplicate-property"
  | "duplicate-qualifier"
  | "duplicate-alias"
  | "undefined-alias"
  | "duplicate-class"
  | "type-mismatch"
  | "value-out-of-range"
  | "unknown-property"
  | "unknown-type"
  | "undefined-class"
  | "undefined-superclass"
  | "invalid-locale"
  | "invalid-namespace"
  | "empty-namespace"
  | "duplicate-instance-key"
  | "stray-deleteclass"
  | "no-namespace-pragma"
  | "missing-data-class"
  | "missing-class-id"
  | "duplicate-class-id"
  | "not-class-template"
  | "data-class-template"
  | "missing-deleteclass"
  | "provider-registration"
  | "reporting-by-content"
  | "reporting-class-namespace"
  | "conflict"
  | "report-flags"
  | "non-ascii-target"
  | "unencodable-character"
  | "target-not-written"
  | "current-branch-site"
  | "extension-markers"
  | "extension-markers-added"
  | "outside-extensions"
  | "not-importable"
  | "missing-group-name"
  | "no-key-property"
  | "data-class-mismatch"
  | "write-locked"
  | "write-changed-on-disk"
  | "write-error"
  | "write-read-only"
  | "write-same-file"
  | "write-recovered"
  | "write-interrupted";

/** Every diagnostic code with its severity, title, mofcomp name and fixed hint. */
export const DiagnosticCodes: Readonly<Record<DiagnosticCode, DiagnosticCodeInfo>> = {
  ...SYNTAX,
  ...FILES,
  ...SEMANTIC,
  ...MIGRATION,
  ...CURRENT_BRANCH,
  ...WRITE,
} satisfies Record<DiagnosticCode, DiagnosticCodeInfo>;
