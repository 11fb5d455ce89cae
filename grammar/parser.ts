/**
 * The MOF grammar (DMTF MOF 2.x plus Microsoft's dialect) as a Chevrotain embedded-actions
 * parser that builds the AST directly (no CST).
 *
 * Error recovery works one statement at a time: `parseTokens` splits the token stream into
 * top-level statements (`;` at brace depth 0, `#pragma …`), parses each on its own, and reports
 * the first error of each, so one broken class does not hide the errors of the next ones and
 * does not cascade into noise.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType, type IParserErrorMessageProvider, type IRecognitionException } from "chevrotain";
import type * as A from "../src/ast.js";
import type { RawDiagnostic } from "../src/diagnostics.js";
import * as T from "./tokens.js";

/** Known flavors (DMTF plus WMI's). */
export const FLAVORS: ReadonlySet<string> = new Set([
  "enableoverride", "disableoverride", "tosubclass", "restricted", "translatable",
  "toinstance", "nottoinstance", "nottosubclass", "amended",
]);

/** Known qualifier scopes. */
export const SCOPES: ReadonlySet<string> = new Set([
  "any", "class", "association", "indication", "qualifier", "property", "reference", "method", "parameter",
]);

/** Pragmas mofcomp knows. */
export const PRAGMAS: ReadonlySet<string> = new Set([
  "namespace", "include", "deleteclass", "deleteinstance", "classflags", "instanceflags", "autorecover",
  "locale", "amendment", "nonlocal", "nonlocaltype", "source", "sourcetype",
]);

/** Words that start a MOF v3 (DSP0221) statement. */
const MOF_V3_STARTS = new Set(["structure", "enumeration", "value"]);

/** Deeper nesting than this is refused before it reaches the recursive-descent parser. */
export const MAX_NESTING = 512;

const CLOSERS: Record<string, string> = {
  Semicolon: "expected-semicolon",
  RBrace: "expected-close-brace",
  RBracket: "expected-close-bracket",
  RParen: "expected-close-paren",
};

function describe(tok: IToken): string {
  return tok.tokenType === EOF ? "the end of the statement" : `'${tok.image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

// Messages carry their code in front ("code|message") so the caller can split them apart.
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    const code = CLOSERS[expected.name] ?? "unexpected-token";
    return `${code}|expected ${label(expected)} but found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected-token|unexpected ${describe(firstRedundant)}: the statement should end before it`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const firsts = new Set<string>();
    for (const alt of expectedPathsPerAlt) for (const path of alt) if (path[0]) firsts.add(label(path[0]));
    const list = [...firsts];
    const expected = list.length > 6 ? list.slice(0, 6).join(", ") + ", …" : list.join(" or ");
    return `unexpected-token|expected ${expected} but found ${describe(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const firsts = new Set<string>();
    for (const path of expectedIterationPaths) if (path[0]) firsts.add(label(path[0]));
    return `unexpected-token|expected ${[...firsts].join(" or ")} but found ${describe(actual[0])}`;
  },
};

const ESCAPE_CHARS: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "'": "'", "\\": "\\" };

/** Decode the escapes of a quoted literal's image (quotes included, maybe unterminated). */
export function unquote(image: string): string {
  const q = image[0];
  const end = image.length > 1 && image[image.length - 1] === q && image[image.length - 2] !== "\\" ? image.length - 1 : image.length;
  const body = image.slice(1, end);
  if (!body.includes("\\")) return body;
  return body.replace(/\\(?:[xX]([0-9a-fA-F]{1,4})|(.))/gs, (_m, hex: string | undefined, ch: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (ESCAPE_CHARS[ch!] ?? ch!),
  );
}

function integer(image: string): { value: bigint; radix: 2 | 8 | 10 | 16 } {
  const negative = image[0] === "-";
  const digits = image.replace(/^[+-]/, "");
  let radix: 2 | 8 | 10 | 16 = 10;
  let literal = digits;
  if (/^0[xX]/.test(digits)) radix = 16;
  else if (/[bB]$/.test(digits)) {
    radix = 2;
    literal = "0b" + digits.slice(0, -1);
  } else if (digits.length > 1 && digits[0] === "0") {
    radix = 8;
    literal = "0o" + digits.slice(1);
  }
  let value: bigint;
  try {
    value = BigInt(literal);
  } catch {
    value = 0n; // already reported by the scanner
  }
  return { value: negative ? -value : value, radix };
}

/** Offset just past a token. */
function endOf(tok: IToken): number {
  return tok.endOffset! + 1;
}

function range(first: IToken, last: IToken): { start: number; end: number } {
  return { start: first.startOffset, end: endOf(last) };
}

function nameOf(tok: IToken): A.Name {
  return { name: tok.image, start: tok.startOffset, end: endOf(tok) };
}

class MofParser extends EmbeddedActionsParser {
  /** Scope/flavor names that are not known, found while building nodes. */
  semanticErrors: RawDiagnostic[] = [];

  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false, errorMessageProvider: messages, skipValidations: true });
    this.performSelfAnalysis();
  }

  production = this.RULE("production", (): A.Production => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.pragma) },
      { ALT: () => this.SUBRULE(this.qualifierDeclaration) },
      {
        ALT: () => {
          const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
          return this.OR2([
            { ALT: () => this.SUBRULE(this.classDeclaration, { ARGS: [quals] }) },
            { ALT: () => this.SUBRULE(this.instanceDeclaration, { ARGS: [quals, true] }) },
          ]);
        },
      },
    ]);
  });

  pragma = this.RULE("pragma", (): A.PragmaNode => {
    const first = this.CONSUME(T.Pragma);
    const name = this.CONSUME(T.Word);
    const args: A.Value[] = [];
    let last = name;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          args.push(
            this.OR([
              { ALT: () => this.SUBRULE(this.textValue, { ARGS: [true] }) },
              { ALT: () => this.SUBRULE(this.integerValue) },
            ]),
          );
        },
      });
      last = this.CONSUME(T.RParen);
    });
    return this.ACTION(() => {
      if (!PRAGMAS.has(name.image.toLowerCase())) {
        this.semanticErrors.push({ code: "invalid-pragma", severity: "error", message: `unknown pragma '${name.image}'`, start: name.startOffset, end: endOf(name), hint: `mofcomp knows: ${[...PRAGMAS].join(", ")}` });
      }
      return { kind: "pragma", name: nameOf(name), args, ...range(first, last) };
    });
  });

  qualifierDeclaration = this.RULE("qualifierDeclaration", (): A.QualifierDeclaration => {
    const first = this.CONSUME(T.Qualifier);
    const name = this.CONSUME(T.Word);
    this.CONSUME(T.Colon);
    const decl = this.OR({ IGNORE_AMBIGUITIES: true, DEF: [
      {
        // WMI's shorthand `qualifier Name : ToInstance ToSubClass;` declares default flavors only.
        GATE: () => FLAVORS.has(this.LA(1).image.toLowerCase()),
        ALT: () => {
          const flavors: A.Name[] = [];
          this.AT_LEAST_ONE(() => {
            const f = this.CONSUME3(T.Word);
            this.ACTION(() => flavors.push(nameOf(f)));
          });
          return this.ACTION(() => ({ type: { name: "boolean", ref: false, start: flavors[0].start, end: flavors[0].start }, scopes: [], flavors }));
        },
      },
      {
        ALT: () => {
          const type = this.SUBRULE(this.typeRef);
          const array = this.OPTION(() => this.SUBRULE(this.arraySpec));
          const defaultValue = this.OPTION2(() => {
            this.CONSUME(T.Equals);
            return this.SUBRULE(this.value);
          });
          let scopes: A.Name[] = [];
          let flavors: A.Name[] = [];
          // Scope may be left out only when nothing follows (sfcb and WMI accept `qualifier X : string;`).
          this.OPTION3(() => {
            this.CONSUME(T.Comma);
            this.CONSUME(T.Scope);
            scopes = this.SUBRULE(this.wordList, { ARGS: [SCOPES, "invalid-scope", "scope"] });
            this.OPTION4(() => {
              this.CONSUME2(T.Comma);
              this.CONSUME(T.Flavor);
              flavors = this.SUBRULE2(this.wordList, { ARGS: [FLAVORS, "invalid-flavor", "flavor"] });
            });
          });
          return this.ACTION(() => ({ type, ...(array ? { array } : {}), ...(defaultValue ? { defaultValue } : {}), scopes, flavors }));
        },
      },
    ] });
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({ kind: "qualifierDeclaration", name: nameOf(name), ...decl, ...range(first, last) }));
  });

  /** `( word, word )`, each checked against the known set. */
  wordList = this.RULE("wordList", (known: ReadonlySet<string>, code: string, what: string): A.Name[] => {
    const words: A.Name[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const w = this.CONSUME(T.Word);
        this.ACTION(() => {
          if (!known.has(w.image.toLowerCase())) {
            this.semanticErrors.push({
              code,
              severity: "error",
              message: `unknown ${what} '${w.image}'`,
              start: w.startOffset,
              end: endOf(w),
              hint: `known ${what}s: ${[...known].join(", ")}`,
            });
          }
          words.push(nameOf(w));
        });
      },
    });
    this.CONSUME(T.RParen);
    return words;
  });

  qualifierList = this.RULE("qualifierList", (): A.QualifierList => {
    const first = this.CONSUME(T.LBracket);
    const qualifiers: A.Qualifier[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => qualifiers.push(this.SUBRULE(this.qualifier)) });
    const last = this.CONSUME(T.RBracket);
    return this.ACTION(() => ({ qualifiers, ...range(first, last) }));
  });

  qualifier = this.RULE("qualifier", (): A.Qualifier => {
    const name = this.CONSUME(T.Word);
    let end = endOf(name);
    const value = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const v = this.SUBRULE(this.value);
            const close = this.CONSUME(T.RParen);
            this.ACTION(() => (end = endOf(close)));
            return v;
          },
        },
        {
          ALT: () => {
            const v = this.SUBRULE(this.arrayValue);
            this.ACTION(() => (end = v.end));
            return v;
          },
        },
      ]),
    );
    const flavors: A.Name[] = [];
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.AT_LEAST_ONE(() => {
        const f = this.CONSUME2(T.Word);
        this.ACTION(() => {
          if (!FLAVORS.has(f.image.toLowerCase())) {
            this.semanticErrors.push({ code: "invalid-flavor", severity: "error", message: `unknown flavor '${f.image}'`, start: f.startOffset, end: endOf(f), hint: `known flavors: ${[...FLAVORS].join(", ")}` });
          }
          flavors.push(nameOf(f));
          end = endOf(f);
        });
      });
    });
    return this.ACTION(() => ({ kind: "qualifier", name: nameOf(name), ...(value ? { value } : {}), flavors, start: name.startOffset, end }));
  });

  classDeclaration = this.RULE("classDeclaration", (quals: A.QualifierList | undefined): A.ClassDeclaration => {
    const kw = this.CONSUME(T.Class);
    const name = this.CONSUME(T.Word);
    const superclass = this.OPTION(() => {
      this.CONSUME(T.Colon);
      return this.CONSUME2(T.Word);
    });
    this.CONSUME(T.LBrace);
    const features: A.Feature[] = [];
    this.MANY(() => features.push(this.SUBRULE(this.feature)));
    this.CONSUME(T.RBrace);
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: "class",
      ...(quals ? { qualifierList: quals } : {}),
      name: nameOf(name),
      ...(superclass ? { superclass: nameOf(superclass) } : {}),
      features,
      start: quals ? quals.start : kw.startOffset,
      end: endOf(last),
    }));
  });

  feature = this.RULE("feature", (): A.Feature => {
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    const type = this.SUBRULE(this.typeRef);
    const name = this.CONSUME(T.Word);
    const feature = this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const parameters: A.Parameter[] = [];
          this.MANY_SEP({ SEP: T.Comma, DEF: () => parameters.push(this.SUBRULE(this.parameter)) });
          this.CONSUME(T.RParen);
          return this.ACTION(() => ({ kind: "method" as const, returnType: type, parameters }));
        },
      },
      {
        ALT: () => {
          const array = this.OPTION2(() => this.SUBRULE(this.arraySpec));
          const defaultValue = this.OPTION3(() => {
            this.CONSUME(T.Equals);
            return this.SUBRULE(this.value);
          });
          return this.ACTION(() => ({ kind: "property" as const, type, ...(array ? { array } : {}), ...(defaultValue ? { defaultValue } : {}) }));
        },
      },
    ]);
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      ...feature,
      ...(quals ? { qualifierList: quals } : {}),
      name: nameOf(name),
      start: quals ? quals.start : type.start,
      end: endOf(last),
    }) as A.Feature);
  });

  parameter = this.RULE("parameter", (): A.Parameter => {
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    const type = this.SUBRULE(this.typeRef);
    const name = this.CONSUME(T.Word);
    const array = this.OPTION2(() => this.SUBRULE(this.arraySpec));
    const defaultValue = this.OPTION3(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    return this.ACTION(() => ({
      kind: "parameter",
      ...(quals ? { qualifierList: quals } : {}),
      type,
      name: nameOf(name),
      ...(array ? { array } : {}),
      ...(defaultValue ? { defaultValue } : {}),
      start: quals ? quals.start : type.start,
      end: defaultValue ? defaultValue.end : array ? array.end : endOf(name),
    }));
  });

  typeRef = this.RULE("typeRef", (): A.TypeRef => {
    const t = this.CONSUME(T.Word);
    const ref = this.OPTION(() => this.CONSUME(T.Ref));
    return this.ACTION(() => ({ name: t.image, ref: ref !== undefined, start: t.startOffset, end: endOf(ref ?? t) }));
  });

  arraySpec = this.RULE("arraySpec", (): A.ArraySpec => {
    const first = this.CONSUME(T.LBracket);
    const size = this.OPTION(() => this.CONSUME(T.IntegerLiteral));
    const last = this.CONSUME(T.RBracket);
    return this.ACTION(() => ({ ...(size ? { size: Number(integer(size.image).value) } : {}), ...range(first, last) }));
  });

  /** Top-level (`topLevel`, ends with `;`) or embedded value (no `;`). */
  instanceDeclaration = this.RULE("instanceDeclaration", (quals: A.QualifierList | undefined, topLevel: boolean): A.InstanceDeclaration => {
    const kw = this.CONSUME(T.Instance);
    this.CONSUME(T.Of);
    const className = this.CONSUME(T.Word);
    const alias = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.CONSUME(T.AliasRef);
    });
    this.CONSUME(T.LBrace);
    const properties: A.PropertyValue[] = [];
    this.MANY(() => properties.push(this.SUBRULE(this.propertyValue)));
    let last = this.CONSUME(T.RBrace);
    this.OPTION2({ GATE: () => topLevel, DEF: () => (last = this.CONSUME(T.Semicolon)) });
    return this.ACTION(() => ({
      kind: "instance",
      ...(quals ? { qualifierList: quals } : {}),
      className: nameOf(className),
      ...(alias ? { alias: { name: alias.image.slice(1), start: alias.startOffset, end: endOf(alias) } } : {}),
      properties,
      start: quals ? quals.start : kw.startOffset,
      end: endOf(last),
    }));
  });

  propertyValue = this.RULE("propertyValue", (): A.PropertyValue => {
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    const name = this.CONSUME(T.Word);
    const value = this.OPTION2(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => ({
      kind: "propertyValue",
      ...(quals ? { qualifierList: quals } : {}),
      name: nameOf(name),
      ...(value ? { value } : {}),
      start: quals ? quals.start : name.startOffset,
      end: endOf(last),
    }));
  });

  value = this.RULE("value", (): A.Value => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.textValue, { ARGS: [false] }) },
      { ALT: () => this.SUBRULE(this.integerValue) },
      {
        ALT: () => {
          const t = this.CONSUME(T.RealLiteral);
          return this.ACTION((): A.RealValue => ({ kind: "real", value: Number(t.image), ...range(t, t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.CharLiteral);
          return this.ACTION((): A.CharValue => ({ kind: "char", value: unquote(t.image), ...range(t, t) }));
        },
      },
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]);
          return this.ACTION((): A.BooleanValue => ({ kind: "boolean", value: t.tokenType === T.True, ...range(t, t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Null);
          return this.ACTION((): A.NullValue => ({ kind: "null", ...range(t, t) }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.AliasRef);
          return this.ACTION((): A.AliasValue => ({ kind: "alias", name: t.image.slice(1), ...range(t, t) }));
        },
      },
      { ALT: () => this.SUBRULE(this.arrayValue) },
      { ALT: () => this.SUBRULE(this.instanceDeclaration, { ARGS: [undefined, false] }) },
    ]);
  });

  arrayValue = this.RULE("arrayValue", (): A.ArrayValue => {
    const first = this.CONSUME(T.LBrace);
    const elements: A.Value[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => elements.push(this.SUBRULE(this.value)) });
    const last = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "array", elements, ...range(first, last) }));
  });

  /**
   * Adjacent string literals, concatenated. A bare name among them (or alone) is a preprocessor
   * macro this file does not define (mofcomp runs the C preprocessor); it becomes an identifier
   * value, with a warning outside pragmas.
   */
  textValue = this.RULE("textValue", (inPragma: boolean): A.StringValue | A.IdentifierValue => {
    const parts: IToken[] = [];
    this.AT_LEAST_ONE(() =>
      parts.push(this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Identifier) }])),
    );
    return this.ACTION(() => {
      const whole = range(parts[0], parts[parts.length - 1]);
      const names = parts.filter((p) => p.tokenType === T.Identifier);
      if (names.length === 0) {
        return {
          kind: "string",
          value: parts.length === 1 ? unquote(parts[0].image) : parts.map((p) => unquote(p.image)).join(""),
          parts: parts.map((p) => range(p, p)),
          ...whole,
        };
      }
      if (!inPragma || parts.length > 1) {
        this.semanticErrors.push({
          code: "undefined-macro",
          severity: "warning",
          message: `'${names[0].image}' is not a MOF value; it is taken as a preprocessor macro that this file does not define`,
          start: names[0].startOffset,
          end: endOf(names[0]),
          hint: "define it with #define in this file or write the value itself (a string needs quotes)",
        });
      }
      return { kind: "identifier", name: parts.map((p) => p.image).join(" "), ...whole };
    });
  });

  integerValue = this.RULE("integerValue", (): A.IntegerValue => {
    const t = this.CONSUME(T.IntegerLiteral);
    return this.ACTION(() => ({ kind: "integer", ...integer(t.image), ...range(t, t) }));
  });
}

let shared: MofParser | undefined;

export interface ParseTokensResult {
  productions: A.Production[];
  diagnostics: RawDiagnostic[];
  /** Ranges of the statements that had a syntax error. */
  statements: A.Range[];
}

/**
 * Parse the significant tokens of one document. The single parser instance is reused: building
 * one costs ~10 ms, far more than parsing a typical mini-MOF.
 */
export function parseTokens(tokens: readonly IToken[], textLength: number): ParseTokensResult {
  const parser = (shared ??= new MofParser());
  const productions: A.Production[] = [];
  const diagnostics: RawDiagnostic[] = [];
  const failed: A.Range[] = [];
  for (const stmt of statements(tokens)) {
    if (stmt.tooDeep !== undefined) {
      const t = tokens[stmt.tooDeep];
      diagnostics.push({ code: "nesting-too-deep", severity: "error", message: `nesting deeper than ${MAX_NESTING} levels`, start: t.startOffset, end: endOf(t), hint: "no real MOF file nests arrays or embedded instances this deep; is the file generated or damaged?" });
      continue;
    }
    const v3 = mofV3Start(tokens, stmt.from, stmt.to);
    if (v3) {
      diagnostics.push({ code: "mof-v3", severity: "error", message: `'${v3.image}' is MOF v3 (DSP0221) syntax, which Windows' mofcomp and WMI do not accept`, start: v3.startOffset, end: endOf(v3), hint: "WMI compiles MOF 2.x only: rewrite the declaration as a MOF 2 class or instance" });
      continue;
    }
    parser.input = tokens.slice(stmt.from, stmt.to) as IToken[];
    parser.semanticErrors = [];
    const node = parser.production();
    if (parser.errors.length === 0) {
      diagnostics.push(...parser.semanticErrors);
      productions.push(node);
      continue;
    }
    // Checks inside a statement that does not parse are mostly noise: report the syntax error only.
    diagnostics.push(toDiagnostic(parser.errors[0], tokens, stmt.from, stmt.to, textLength));
    failed.push({ start: tokens[stmt.from].startOffset, end: tokens[stmt.to - 1].endOffset! + 1 });
  }
  return { productions, diagnostics, statements: failed };
}

const OPENERS: Record<string, TokenType> = { expected_close_paren: T.LParen, expected_close_bracket: T.LBracket, expected_close_brace: T.LBrace };

/** The innermost opener of `kind` not closed before token index `until`. */
function unclosed(tokens: readonly IToken[], from: number, until: number, kind: TokenType): IToken | undefined {
  const close = kind === T.LParen ? T.RParen : kind === T.LBracket ? T.RBracket : T.RBrace;
  const open: IToken[] = [];
  for (let i = from; i < until; i++) {
    const t = tokens[i].tokenType;
    if (t === kind) open.push(tokens[i]);
    else if (t === close) open.pop();
  }
  return open[open.length - 1];
}

function toDiagnostic(e: IRecognitionException, tokens: readonly IToken[], from: number, to: number, textLength: number): RawDiagnostic {
  const bar = e.message.indexOf("|");
  const code = bar > 0 ? e.message.slice(0, bar) : "unexpected-token";
  let message = bar > 0 ? e.message.slice(bar + 1) : e.message;
  let start: number;
  let end: number;
  if (e.token.tokenType === EOF || Number.isNaN(e.token.startOffset)) {
    // The statement stopped short: point just after its last token, where the missing part belongs.
    const prev = tokens[to - 1];
    start = prev ? endOf(prev) : 0;
    end = start;
    const next = tokens[to];
    if (!next && e.name !== "NotAllInputParsedException") {
      message = message.replace("the end of the statement", "the end of the file");
      if (code === "unexpected-token") return { code: "unexpected-end", severity: "error", message, start: Math.min(start, textLength), end: Math.min(start, textLength) };
    } else if (next) {
      message = message.replace("the end of the statement", `'${next.image}'`);
    }
  } else {
    start = e.token.startOffset;
    end = endOf(e.token);
    // A missing closer is best shown where its opener is, naming what came instead.
    const opener = OPENERS[code.replace(/-/g, "_")];
    const at = opener ? tokens.indexOf(e.token, from) : -1;
    const open = at >= 0 ? unclosed(tokens, from, at, opener) : undefined;
    if (open) {
      message = `'${open.image}' is not closed: ${message}`;
      start = open.startOffset;
      end = endOf(open);
    }
  }
  const hint =
    code === "expected-semicolon" ? "every class, instance, property and qualifier declaration ends with ';'"
    : code === "expected-close-brace" ? "a '{' is not closed: check the braces of this declaration"
    : code === "expected-close-bracket" ? "a qualifier list opened with '[' must be closed with ']'"
    : undefined;
  return { code, severity: "error", message, start, end, ...(hint ? { hint } : {}) };
}

function mofV3Start(tokens: readonly IToken[], from: number, to: number): IToken | undefined {
  let i = from;
  if (tokens[i]?.tokenType === T.LBracket) {
    let depth = 0;
    for (; i < to; i++) {
      const t = tokens[i].tokenType;
      if (t === T.LBracket) depth++;
      else if (t === T.RBracket && --depth === 0) {
        i++;
        break;
      }
    }
  }
  const t = tokens[i];
  if (!t || t.tokenType !== T.Identifier) return undefined;
  const word = t.image.toLowerCase();
  if (word === "value") return tokens[i + 1]?.tokenType === T.Of ? t : undefined;
  if (MOF_V3_STARTS.has(word)) return t;
  // `association X { … }` / `indication X` without `class` is v3 too.
  if ((word === "association" || word === "indication") && tokens[i + 1]?.tokenType !== T.Class && tokens[i + 2]?.tokenType !== T.LParen) return t;
  return undefined;
}

/** `class X {`/`class X :`, `qualifier X :`, or `instance of` after `;`: a declaration, not a name. */
function startsDeclaration(tokens: readonly IToken[], i: number, prev: TokenType): boolean {
  const type = tokens[i].tokenType;
  const next = tokens[i + 1]?.tokenType;
  const after = tokens[i + 2]?.tokenType;
  if (type === T.Class) return next !== undefined && next !== T.Colon && next !== T.Equals && (after === T.LBrace || after === T.Colon);
  if (type === T.Qualifier) return next !== undefined && next !== T.Colon && next !== T.Equals && after === T.Colon;
  return type === T.Instance && next === T.Of && prev === T.Semicolon;
}

interface Statement {
  from: number;
  to: number;
  /** Index of the token where nesting went too deep. */
  tooDeep?: number;
}

/**
 * Split tokens into top-level statements. A statement ends at `;` outside braces, after a
 * pragma's closing parenthesis, or after a `}` that is not followed by `;` (missing semicolon).
 * A `#pragma`, or `class`/`qualifier`/`instance` after a `;` or `}` inside braces, starts a new
 * statement even then: it means a brace was left open, and the rest of the file still parses.
 */
function* statements(tokens: readonly IToken[]): Generator<Statement> {
  let from = 0;
  let depth = 0;
  let maxDepth = 0;
  let tooDeep: number | undefined;
  let pragmaParens = -1; // >= 0 while inside a pragma's parentheses
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const type = tokens[i].tokenType;
    const prev = i > from ? tokens[i - 1].tokenType : undefined;
    if (i > from) {
      const startsNew =
        type === T.Pragma ||
        (prev === T.RBrace && depth === 0 && type !== T.Semicolon && tokens[from].tokenType !== T.Qualifier) ||
        (depth > 0 && (prev === T.Semicolon || prev === T.RBrace) && startsDeclaration(tokens, i, prev));
      if (startsNew) {
        yield { from, to: i, ...(tooDeep !== undefined ? { tooDeep } : {}) };
        from = i;
        depth = 0;
        maxDepth = 0;
        tooDeep = undefined;
        pragmaParens = -1;
      }
    }
    if (type === T.Pragma) {
      // `#pragma name` alone (autorecover) ends after the name.
      if (tokens[i + 2]?.tokenType !== T.LParen) {
        const end = Math.min(i + 2, n);
        yield { from: i, to: end };
        from = end;
        i = end - 1;
        continue;
      }
      pragmaParens = 0;
      continue;
    }
    if (type === T.LBrace || type === T.LParen || type === T.LBracket) {
      if (type === T.LParen && pragmaParens >= 0) pragmaParens++;
      if (++depth > maxDepth) {
        maxDepth = depth;
        if (depth > MAX_NESTING && tooDeep === undefined) tooDeep = i;
      }
    } else if (type === T.RBrace || type === T.RParen || type === T.RBracket) {
      if (depth > 0) depth--;
      if (type === T.RParen && pragmaParens > 0 && --pragmaParens === 0) {
        yield { from, to: i + 1 };
        from = i + 1;
        depth = 0;
        maxDepth = 0;
        pragmaParens = -1;
      }
    } else if (type === T.Semicolon && depth === 0) {
      yield { from, to: i + 1, ...(tooDeep !== undefined ? { tooDeep } : {}) };
      from = i + 1;
      maxDepth = 0;
      tooDeep = undefined;
    }
  }
  if (from < n) yield { from, to: n, ...(tooDeep !== undefined ? { tooDeep } : {}) };
}
