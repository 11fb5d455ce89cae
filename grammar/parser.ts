/**
 * The MOF grammar (DMTF MOF 2.x plus Microsoft's dialect) as a Chevrotain embedded-actions
 * parser that builds the AST directly (no CST).
 *
 * Error recovery works one statement at a time: `parseTokens` takes the top-level statements
 * one after another (`;` at brace depth 0, `#pragma …`), parses each on its own, and reports
 * the first error of each, so one broken class does not hide the errors of the next ones and
 * does not cascade into noise.
 */
import { EmbeddedActionsParser, EOF, type IToken, type TokenType, type IParserErrorMessageProvider, type IRecognitionException } from "./chevrotain.js";
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
  buildMismatchTokenMessage({ expected, actual, previous }) {
    const code = CLOSERS[expected.name] ?? "unexpected-token";
    // Naming what came before helps most for a missing ';', which is found on the next line.
    const after = expected === T.Semicolon && previous && previous.tokenType !== EOF && previous.image ? ` after '${previous.image}'` : "";
    return `${code}|expected ${label(expected)}${after} but found ${describe(actual)}`;
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
  const last = image.length - 1;
  // The common case, a closed literal without escapes, needs no closer look.
  if (last > 0 && image.charCodeAt(last) === image.charCodeAt(0) && image.charCodeAt(last - 1) !== 92 && !image.includes("\\")) return image.slice(1, last);
  const q = image[0];
  // The last quote closes the literal unless an odd number of backslashes escapes it (`"C:\\"` is closed).
  let k = image.length - 2;
  while (k > 0 && image[k] === "\\") k--;
  const closed = image.length > 1 && image[image.length - 1] === q && (image.length - 2 - k) % 2 === 0;
  const end = closed ? image.length - 1 : image.length;
  const body = image.slice(1, end);
  // A loop over the backslashes, several times faster than a replace with a callback.
  const pieces: string[] = [];
  let from = 0;
  for (let k = body.indexOf("\\"); k >= 0 && k + 1 < body.length; k = body.indexOf("\\", from)) {
    pieces.push(body.slice(from, k));
    const e = body[k + 1];
    const hex = e === "x" || e === "X" ? /^[0-9a-fA-F]{1,4}/.exec(body.slice(k + 2, k + 6))?.[0] : undefined;
    pieces.push(hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (ESCAPE_CHARS[e] ?? e));
    from = k + 2 + (hex?.length ?? 0);
  }
  if (from === 0) return body;
  pieces.push(body.slice(from));
  return pieces.join("");
}

/** Plain decimals short enough to be exact as a double: most integers in real files. */
const SMALL_DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})$/;

function integer(image: string): { value: bigint; radix: 2 | 8 | 10 | 16 } {
  if (SMALL_DECIMAL.test(image)) return { value: BigInt(Number(image)), radix: 10 };
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

/** The one empty list every empty AST list is (frozen: nothing may add to it). */
const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/**
 * An AST list at its exact size. A list built by `push` keeps room for 17 or more entries, and
 * most AST lists hold one to three: the copy takes a third of the memory, and the garbage
 * collector moves less with every pass.
 */
function fit<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

function nameOf(tok: IToken): A.Name {
  return { name: tok.image, start: tok.startOffset, end: endOf(tok) };
}

// Performance notes for the rules below: alternatives arrays are built once and reused (a fresh
// array of closures per OR call is most of the garbage otherwise), nodes are built with all
// their fields in one object literal (no spreads), and closures in cached alternatives read
// per-call state from parser fields, never from locals.
class MofParser extends EmbeddedActionsParser {
  /** Scope/flavor/pragma problems found while building nodes. */
  semanticErrors: RawDiagnostic[] = [];
  /** Whether the textValue being parsed is a pragma argument. */
  private inPragma = false;

  constructor() {
    super(T.allTokens, { maxLookahead: 3, recoveryEnabled: false, errorMessageProvider: messages, skipValidations: true });
    this.performSelfAnalysis();
  }

  private readonly classOrInstanceAlts = [
    { ALT: () => this.SUBRULE(this.classDeclaration, { ARGS: [this.pendingQualifiers] }) },
    { ALT: () => this.SUBRULE(this.instanceDeclaration, { ARGS: [this.pendingQualifiers, true] }) },
  ];
  private pendingQualifiers: A.QualifierList | undefined;

  production = this.RULE("production", (): A.Production => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.pragma) },
      { ALT: () => this.SUBRULE(this.qualifierDeclaration) },
      {
        ALT: () => {
          const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
          this.ACTION(() => (this.pendingQualifiers = quals));
          return this.OR2(this.classOrInstanceAlts);
        },
      },
    ]);
  });

  private readonly pragmaArgAlts = [
    { ALT: () => this.SUBRULE(this.textValue) },
    { ALT: () => this.SUBRULE(this.integerValue) },
  ];

  pragma = this.RULE("pragma", (): A.PragmaNode => {
    const first = this.CONSUME(T.Pragma);
    const name = this.CONSUME(T.Word);
    const args: A.Value[] = [];
    let last = name;
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.ACTION(() => (this.inPragma = true));
      this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.OR(this.pragmaArgAlts)) });
      this.ACTION(() => (this.inPragma = false));
      last = this.CONSUME(T.RParen);
    });
    return this.ACTION(() => {
      if (!PRAGMAS.has(name.image.toLowerCase())) {
        this.semanticErrors.push({ code: "invalid-pragma", severity: "error", message: `unknown pragma '${name.image}'`, start: name.startOffset, end: endOf(name), hint: `mofcomp knows: ${[...PRAGMAS].join(", ")}` });
      }
      const node: A.PragmaNode = { kind: "pragma", name: nameOf(name), args: fit(args), start: first.startOffset, end: endOf(last) };
      return node;
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
          return this.ACTION(() => ({ type: { name: "boolean", ref: false, start: flavors[0].start, end: flavors[0].start }, array: undefined, defaultValue: undefined, scopes: EMPTY, flavors: fit(flavors) }));
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
          return this.ACTION(() => ({ type, array, defaultValue, scopes, flavors }));
        },
      },
    ] });
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => {
      const node: A.QualifierDeclaration = {
        kind: "qualifierDeclaration",
        name: nameOf(name),
        type: decl.type,
        array: decl.array,
        defaultValue: decl.defaultValue,
        scopes: decl.scopes,
        flavors: decl.flavors,
        start: first.startOffset,
        end: endOf(last),
      };
      return node;
    });
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
            this.semanticErrors.push({ code, severity: "error", message: `unknown ${what} '${w.image}'`, start: w.startOffset, end: endOf(w), hint: `known ${what}s: ${[...known].join(", ")}` });
          }
          words.push(nameOf(w));
        });
      },
    });
    this.CONSUME(T.RParen);
    return fit(words);
  });

  qualifierList = this.RULE("qualifierList", (): A.QualifierList => {
    const first = this.CONSUME(T.LBracket);
    const qualifiers: A.Qualifier[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => qualifiers.push(this.SUBRULE(this.qualifier)) });
    const last = this.CONSUME(T.RBracket);
    return this.ACTION(() => ({ qualifiers: fit(qualifiers), start: first.startOffset, end: endOf(last) }));
  });

  private qualifierEnd = 0;
  private readonly qualifierValueAlts = [
    {
      ALT: () => {
        this.CONSUME(T.LParen);
        const v = this.SUBRULE(this.value);
        const close = this.CONSUME(T.RParen);
        this.ACTION(() => (this.qualifierEnd = endOf(close)));
        return v;
      },
    },
    {
      ALT: () => {
        const v = this.SUBRULE(this.arrayValue);
        this.ACTION(() => (this.qualifierEnd = v.end));
        return v;
      },
    },
  ];

  qualifier = this.RULE("qualifier", (): A.Qualifier => {
    const name = this.CONSUME(T.Word);
    this.ACTION(() => (this.qualifierEnd = endOf(name)));
    const value = this.OPTION(() => this.OR(this.qualifierValueAlts));
    let end = this.qualifierEnd;
    // Most qualifiers have no flavors: they share one empty list instead of one each.
    let flavors: A.Name[] = EMPTY;
    this.OPTION2(() => {
      this.CONSUME(T.Colon);
      this.AT_LEAST_ONE(() => {
        const f = this.CONSUME2(T.Word);
        this.ACTION(() => {
          if (!FLAVORS.has(f.image.toLowerCase())) {
            this.semanticErrors.push({ code: "invalid-flavor", severity: "error", message: `unknown flavor '${f.image}'`, start: f.startOffset, end: endOf(f), hint: `known flavors: ${[...FLAVORS].join(", ")}` });
          }
          if (flavors === EMPTY) flavors = [];
          flavors.push(nameOf(f));
          end = endOf(f);
        });
      });
    });
    return this.ACTION(() => {
      const node: A.Qualifier = { kind: "qualifier", name: name.image, value, flavors: fit(flavors), start: name.startOffset, end };
      return node;
    });
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
    return this.ACTION(() => {
      const node: A.ClassDeclaration = {
        kind: "class",
        qualifierList: quals,
        name: nameOf(name),
        superclass: superclass ? nameOf(superclass) : undefined,
        features: fit(features),
        start: quals ? quals.start : kw.startOffset,
        end: endOf(last),
      };
      return node;
    });
  });

  // Method or property tail of a feature; the head (qualifiers, type, name) is in these fields.
  private featureType!: A.TypeRef;
  private readonly featureTailAlts = [
    {
      ALT: () => {
        this.CONSUME(T.LParen);
        const parameters: A.Parameter[] = [];
        this.MANY_SEP({ SEP: T.Comma, DEF: () => parameters.push(this.SUBRULE(this.parameter)) });
        this.CONSUME(T.RParen);
        return this.ACTION(() => ({ kind: "method" as const, returnType: this.featureType, parameters: fit(parameters) }));
      },
    },
    {
      ALT: () => {
        const array = this.OPTION2(() => this.SUBRULE(this.arraySpec));
        const defaultValue = this.OPTION3(() => {
          this.CONSUME(T.Equals);
          return this.SUBRULE(this.value);
        });
        return this.ACTION(() => ({ kind: "property" as const, type: this.featureType, array, defaultValue }));
      },
    },
  ];

  feature = this.RULE("feature", (): A.Feature => {
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    const type = this.SUBRULE(this.typeRef);
    const name = this.CONSUME(T.Word);
    this.ACTION(() => (this.featureType = type));
    const tail = this.OR(this.featureTailAlts);
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION((): A.Feature => {
      const start = quals ? quals.start : type.start;
      if (tail.kind === "method") {
        return { kind: "method", qualifierList: quals, returnType: type, name: nameOf(name), parameters: tail.parameters, start, end: endOf(last) };
      }
      return { kind: "property", qualifierList: quals, type, name: nameOf(name), array: tail.array, defaultValue: tail.defaultValue, start, end: endOf(last) };
    });
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
    return this.ACTION(() => {
      const node: A.Parameter = {
        kind: "parameter",
        qualifierList: quals,
        type,
        name: nameOf(name),
        array,
        defaultValue,
        start: quals ? quals.start : type.start,
        end: defaultValue ? defaultValue.end : array ? array.end : endOf(name),
      };
      return node;
    });
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
    return this.ACTION(() => {
      let count: number | undefined;
      if (size) {
        const { value } = integer(size.image);
        if (value >= 0n && value <= 0xffffffffn) count = Number(value);
        else this.semanticErrors.push({ code: "invalid-array-size", severity: "error", message: `array size ${size.image} is out of range`, start: size.startOffset, end: endOf(size), hint: "a fixed array size is a whole number from 0 to 4294967295; write [] for a variable-length array" });
      }
      return { size: count, start: first.startOffset, end: endOf(last) };
    });
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
    return this.ACTION(() => {
      const node: A.InstanceDeclaration = {
        kind: "instance",
        qualifierList: quals,
        className: nameOf(className),
        alias: alias ? { name: alias.image.slice(1), start: alias.startOffset, end: endOf(alias) } : undefined,
        properties: fit(properties),
        start: quals ? quals.start : kw.startOffset,
        end: endOf(last),
      };
      return node;
    });
  });

  propertyValue = this.RULE("propertyValue", (): A.PropertyValue => {
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    const name = this.CONSUME(T.Word);
    const value = this.OPTION2(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    const last = this.CONSUME(T.Semicolon);
    return this.ACTION(() => {
      const node: A.PropertyValue = {
        kind: "propertyValue",
        qualifierList: quals,
        name: nameOf(name),
        value,
        start: quals ? quals.start : name.startOffset,
        end: endOf(last),
      };
      return node;
    });
  });

  private readonly valueAlts = [
    {
      ALT: () => {
        this.ACTION(() => (this.inPragma = false));
        return this.SUBRULE(this.textValue);
      },
    },
    { ALT: () => this.SUBRULE(this.integerValue) },
    {
      ALT: () => {
        const t = this.CONSUME(T.RealLiteral);
        return this.ACTION((): A.RealValue => ({ kind: "real", value: Number(t.image), start: t.startOffset, end: endOf(t) }));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.CharLiteral);
        return this.ACTION((): A.CharValue => ({ kind: "char", value: unquote(t.image), start: t.startOffset, end: endOf(t) }));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.True);
        return this.ACTION((): A.BooleanValue => ({ kind: "boolean", value: true, start: t.startOffset, end: endOf(t) }));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.False);
        return this.ACTION((): A.BooleanValue => ({ kind: "boolean", value: false, start: t.startOffset, end: endOf(t) }));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.Null);
        return this.ACTION((): A.NullValue => ({ kind: "null", start: t.startOffset, end: endOf(t) }));
      },
    },
    {
      ALT: () => {
        const t = this.CONSUME(T.AliasRef);
        return this.ACTION((): A.AliasValue => ({ kind: "alias", name: t.image.slice(1), start: t.startOffset, end: endOf(t) }));
      },
    },
    { ALT: () => this.SUBRULE(this.arrayValue) },
    { ALT: () => this.SUBRULE(this.instanceDeclaration, { ARGS: [undefined, false] }) },
  ];

  value = this.RULE("value", (): A.Value => this.OR(this.valueAlts));

  arrayValue = this.RULE("arrayValue", (): A.ArrayValue => {
    const first = this.CONSUME(T.LBrace);
    const elements: A.Value[] = [];
    this.MANY_SEP({ SEP: T.Comma, DEF: () => elements.push(this.SUBRULE(this.value)) });
    const last = this.CONSUME(T.RBrace);
    return this.ACTION(() => ({ kind: "array", elements: fit(elements), start: first.startOffset, end: endOf(last) }));
  });

  /**
   * Adjacent string literals, concatenated. A bare name among them (or alone) is a preprocessor
   * macro this file does not define (mofcomp runs the C preprocessor); it becomes an identifier
   * value, with a warning outside pragmas.
   */
  textValue = this.RULE("textValue", (): A.StringValue | A.IdentifierValue => {
    const parts: IToken[] = [];
    this.AT_LEAST_ONE(() => parts.push(this.CONSUME(T.TextPart)));
    return this.ACTION(() => this.textNode(parts));
  });

  private textNode(parts: IToken[]): A.StringValue | A.IdentifierValue {
    const first = parts[0];
    const last = parts[parts.length - 1];
    let name: IToken | undefined;
    for (const p of parts) if (p.tokenType === T.Identifier) name ??= p;
    if (name === undefined) {
      if (parts.length === 1) return { kind: "string", value: unquote(first.image), start: first.startOffset, end: endOf(first) };
      // Joined once into a flat string: `+=` would keep a chain of pieces per value in memory.
      const pieces: string[] = [];
      for (const p of parts) pieces.push(unquote(p.image));
      return { kind: "string", value: pieces.join(""), start: first.startOffset, end: endOf(last) };
    }
    if (!this.inPragma || parts.length > 1) {
      this.semanticErrors.push({
        code: "undefined-macro",
        severity: "warning",
        message: `'${name.image}' is not a MOF value; it is taken as a preprocessor macro that this file does not define`,
        start: name.startOffset,
        end: endOf(name),
        hint: "define it with #define in this file or write the value itself (a string needs quotes)",
      });
    }
    return { kind: "identifier", name: parts.map((p) => p.image).join(" "), start: first.startOffset, end: endOf(last) };
  }

  integerValue = this.RULE("integerValue", (): A.IntegerValue => {
    const t = this.CONSUME(T.IntegerLiteral);
    return this.ACTION(() => {
      const { value, radix } = integer(t.image);
      return { kind: "integer", value, radix, start: t.startOffset, end: endOf(t) };
    });
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
 * Tokens by absolute index, pulled from a source in batches; the tokens of statements already
 * parsed are dropped, so memory holds one statement's tokens, not the file's.
 */
class TokenWindow {
  private buffer: IToken[] = [];
  private base = 0;
  private done = false;

  constructor(private readonly nextBatch: () => IToken[]) {}

  at(i: number): IToken | undefined {
    while (i - this.base >= this.buffer.length && !this.done) {
      const batch = this.nextBatch();
      if (batch.length === 0) this.done = true;
      else if (this.buffer.length === 0) this.buffer = batch;
      else for (const t of batch) this.buffer.push(t);
    }
    return this.buffer[i - this.base];
  }

  slice(from: number, to: number): IToken[] {
    return this.buffer.slice(from - this.base, to - this.base);
  }

  /** Tokens before index `i` are no longer needed. */
  release(i: number): void {
    // Only when they are most of the buffer: copying the rest each time would be quadratic
    // when the whole file's tokens are given at once.
    const dropped = i - this.base;
    if (dropped > 4096 && dropped * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(i - this.base);
      this.base = i;
    }
  }
}

/**
 * Parse the significant tokens of one document, given as an array or as a batch source
 * (`() => next tokens`, empty at the end). The single parser instance is built on first need
 * and reused: building one costs ~10 ms, far more than parsing a typical mini-MOF.
 */
export function parseTokens(source: readonly IToken[] | (() => IToken[]), textLength: number): ParseTokensResult {
  const productions: A.Production[] = [];
  const diagnostics: RawDiagnostic[] = [];
  const failed: A.Range[] = [];
  let once = false;
  const window = new TokenWindow(typeof source === "function" ? source : () => (once ? [] : ((once = true), source as IToken[])));
  // Runs of stray `;` or closers give one diagnostic each run, not one per character.
  let strayRun: TokenType | undefined;
  let at = 0;
  while (window.at(at) !== undefined) {
    const stmt = statementAt(window, at);
    at = stmt.to;
    const tokens = window.slice(stmt.from, stmt.to);
    const next = window.at(stmt.to);
    window.release(stmt.to);
    const n = tokens.length;
    const lone = n === 1 ? tokens[0].tokenType : undefined;
    if (lone === T.Semicolon || lone === T.RBrace || lone === T.RParen || lone === T.RBracket) {
      const t = tokens[0];
      if (strayRun !== lone) {
        diagnostics.push(
          lone === T.Semicolon
            ? { code: "empty-statement", severity: "warning", message: "stray ';' outside any declaration", start: t.startOffset, end: endOf(t), hint: "remove it: a ';' ends a class, instance or qualifier declaration" }
            : { code: "unexpected-token", severity: "error", message: `'${t.image}' closes nothing`, start: t.startOffset, end: endOf(t), hint: "remove it, or look for the opening bracket it was meant to close" },
        );
      }
      strayRun = lone;
      continue;
    }
    strayRun = undefined;
    if (stmt.tooDeep !== undefined) {
      const t = tokens[stmt.tooDeep - stmt.from];
      diagnostics.push({ code: "nesting-too-deep", severity: "error", message: `nesting deeper than ${MAX_NESTING} levels`, start: t.startOffset, end: endOf(t), hint: "no real MOF file nests arrays or embedded instances this deep; is the file generated or damaged?" });
      continue;
    }
    const v3 = mofV3Start(tokens, 0, n);
    if (v3) {
      diagnostics.push(mofV3Diagnostic(v3));
      continue;
    }
    const parser = (shared ??= new MofParser());
    parser.input = tokens;
    parser.semanticErrors = [];
    const node = parser.production();
    if (parser.errors.length === 0) {
      for (const d of parser.semanticErrors) diagnostics.push(d);
      productions.push(node);
      continue;
    }
    // Checks inside a statement that does not parse are mostly noise: report the syntax error only.
    const error = parser.errors[0];
    const localV3 = mofV3Local(tokens, 0, error.token.tokenType === EOF ? n : tokens.indexOf(error.token) + 1);
    diagnostics.push(localV3 ? mofV3Diagnostic(localV3) : toDiagnostic(error, tokens, next, textLength));
    failed.push({ start: tokens[0].startOffset, end: endOf(tokens[n - 1]) });
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

function toDiagnostic(e: IRecognitionException, tokens: readonly IToken[], next: IToken | undefined, textLength: number): RawDiagnostic {
  const from = 0;
  const to = tokens.length;
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
    if (!next && e.name !== "NotAllInputParsedException") {
      message = message.replace("the end of the statement", "the end of the file");
      if (code === "unexpected-token") return { code: "unexpected-end", severity: "error", message, start: Math.min(start, textLength), end: Math.min(start, textLength) };
    } else if (next) {
      message = message.replace("the end of the statement", `'${next.image}'`);
    }
  } else {
    start = e.token.startOffset;
    end = endOf(e.token);
  }
  // A missing closer is best shown where its opener is, naming what came instead.
  const opener = OPENERS[code.replace(/-/g, "_")];
  const at = !opener ? -1 : e.token.tokenType === EOF || Number.isNaN(e.token.startOffset) ? to : tokens.indexOf(e.token, from);
  const open = at >= 0 ? unclosed(tokens, from, at, opener) : undefined;
  if (open) {
    message = `'${open.image}' is not closed: ${message}`;
    start = open.startOffset;
    end = endOf(open);
  }
  const hint =
    code === "expected-semicolon" ? "every class, instance, property and qualifier declaration ends with ';'"
    : code === "expected-close-brace" ? "a '{' is not closed: check the braces of this declaration"
    : code === "expected-close-bracket" ? "a qualifier list opened with '[' must be closed with ']'"
    : undefined;
  return { code, severity: "error", message, start, end, ...(hint ? { hint } : {}) };
}

function mofV3Diagnostic(t: IToken): RawDiagnostic {
  return { code: "mof-v3", severity: "error", message: `'${t.image}' is MOF v3 (DSP0221) syntax, which Windows' mofcomp and WMI do not accept`, start: t.startOffset, end: endOf(t), hint: "WMI compiles MOF 2.x only: rewrite the declaration as a MOF 2 class or instance" };
}

/** A v3 `structure X {` / `enumeration X :` declared inside a class, before token index `until`. */
function mofV3Local(tokens: readonly IToken[], from: number, until: number): IToken | undefined {
  for (let i = from + 1; i < until && i + 2 < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType !== T.Identifier) continue;
    const prev = tokens[i - 1].tokenType;
    if (prev !== T.LBrace && prev !== T.Semicolon && prev !== T.RBracket) continue;
    const word = t.image.toLowerCase();
    const after = tokens[i + 2].tokenType;
    if ((word === "structure" || word === "enumeration") && (tokens[i + 1].tokenType === T.Identifier || T.KEYWORDS.has(tokens[i + 1].image.toLowerCase())) && (after === T.LBrace || after === T.Colon)) return t;
  }
  return undefined;
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
function startsDeclaration(tokens: TokenWindow, i: number, prev: TokenType): boolean {
  const type = tokens.at(i)!.tokenType;
  const next = tokens.at(i + 1)?.tokenType;
  const after = tokens.at(i + 2)?.tokenType;
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
 * The top-level statement that starts at token `from`. A statement ends at `;` outside braces,
 * after a pragma's closing parenthesis, or after a `}` that is not followed by `;` (missing
 * semicolon). A `#pragma`, or `class`/`qualifier`/`instance` after a `;` or `}` inside braces,
 * starts a new statement even then: it means a brace was left open, and the rest of the file
 * still parses.
 */
function statementAt(tokens: TokenWindow, from: number): Statement {
  let depth = 0;
  let tooDeep: number | undefined;
  let pragmaParens = -1; // >= 0 while inside a pragma's parentheses
  const fromType = tokens.at(from)?.tokenType;
  let prev: TokenType | undefined;
  let i = from;
  for (let token = tokens.at(i); token !== undefined; token = tokens.at(++i)) {
    const type = token.tokenType;
    if (i > from) {
      const startsNew =
        type === T.Pragma ||
        (prev === T.RBrace && depth === 0 && type !== T.Semicolon && fromType !== T.Qualifier) ||
        (depth > 0 && (prev === T.Semicolon || prev === T.RBrace) && startsDeclaration(tokens, i, prev));
      if (startsNew) return { from, to: i, tooDeep };
    }
    prev = type;
    if (type === T.Pragma) {
      // Here i === from (a pragma anywhere else starts a new statement, above).
      // `#pragma name` alone (autorecover) ends after the name.
      if (tokens.at(i + 2)?.tokenType !== T.LParen) return { from, to: tokens.at(i + 1) ? i + 2 : i + 1 };
      pragmaParens = 0;
      continue;
    }
    if (type === T.LBrace || type === T.LParen || type === T.LBracket) {
      if (type === T.LParen && pragmaParens >= 0) pragmaParens++;
      if (++depth > MAX_NESTING && tooDeep === undefined) tooDeep = i;
    } else if (type === T.RBrace || type === T.RParen || type === T.RBracket) {
      if (depth > 0) depth--;
      if (type === T.RParen && pragmaParens > 0 && --pragmaParens === 0) return { from, to: i + 1 };
    } else if (type === T.Semicolon && depth === 0) {
      return { from, to: i + 1, tooDeep };
    }
  }
  return { from, to: i, tooDeep };
}
