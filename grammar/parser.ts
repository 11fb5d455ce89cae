/**
 * The MOF grammar (DMTF MOF 2.x plus Microsoft's dialect) as a Chevrotain embedded-actions
 * parser that builds the AST directly (no CST). This module holds the grammar rules and the
 * building of nodes only: `statements.ts` feeds it one statement at a time, and
 * `syntax-errors.ts` turns its errors into problems.
 */
import { EmbeddedActionsParser, LLkLookaheadStrategy, type ILookaheadStrategy, type IToken } from "./chevrotain.js";
import type * as A from "./ast.js";
import { integer, unquote } from "./literals.js";
import { problem, type RawDiagnostic } from "./problem.js";
import { endOf, errorMessages } from "./syntax-errors.js";
import * as T from "./tokens.js";
import { FLAVORS, PRAGMAS, SCOPES } from "./vocabulary.js";

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

type AlternationOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptionalOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];

/**
 * Chevrotain's LL(k) lookahead, each decision's function built the first time the parser takes
 * that decision instead of all of them when the parser is constructed: building them was most
 * of the construction (~15 ms), which a `check` of one mini-MOF pays in full while it takes a
 * fraction of the decisions.
 */
class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: AlternationOptions): ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]> {
    let built: ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]> | undefined;
    const build = () => (built = super.buildLookaheadForAlternation(options));
    return function (this: unknown, alts) {
      return (built ?? build()).call(this, alts);
    };
  }

  override buildLookaheadForOptional(options: OptionalOptions): ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]> {
    let built: ReturnType<ILookaheadStrategy["buildLookaheadForOptional"]> | undefined;
    const build = () => (built = super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return (built ?? build()).call(this);
    };
  }
}

// Performance notes for the rules below: alternatives arrays are built once and reused (a fresh
// array of closures per OR call is most of the garbage otherwise), nodes are built with all
// their fields in one object literal (no spreads), and closures in cached alternatives read
// per-call state from parser fields, never from locals.
export class MofParser extends EmbeddedActionsParser {
  /** Scope/flavor/pragma problems found while building nodes. */
  semanticErrors: RawDiagnostic[] = [];
  /** Whether the textValue being parsed is a pragma argument. */
  private inPragma = false;

  constructor() {
    super(T.allTokens, {
      maxLookahead: 3,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: 3 }),
      recoveryEnabled: false,
      errorMessageProvider: errorMessages,
      skipValidations: true,
    });
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

  private readonly pragmaArgAlts = [{ ALT: () => this.SUBRULE(this.textValue) }, { ALT: () => this.SUBRULE(this.integerValue) }];

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
        this.semanticErrors.push(problem("invalid-pragma", "error", `unknown pragma '${name.image}'`, name.startOffset, endOf(name)));
      }
      const node: A.PragmaNode = { kind: "pragma", name: nameOf(name), args: fit(args), start: first.startOffset, end: endOf(last) };
      return node;
    });
  });

  qualifierDeclaration = this.RULE("qualifierDeclaration", (): A.QualifierDeclaration => {
    const first = this.CONSUME(T.Qualifier);
    const name = this.CONSUME(T.Word);
    this.CONSUME(T.Colon);
    const decl = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          // WMI's shorthand `qualifier Name : ToInstance ToSubClass;` declares default flavors only.
          GATE: () => FLAVORS.has(this.LA(1).image.toLowerCase()),
          ALT: () => {
            const flavors: A.Name[] = [];
            this.AT_LEAST_ONE(() => {
              const f = this.CONSUME3(T.Word);
              this.ACTION(() => flavors.push(nameOf(f)));
            });
            return this.ACTION(() => ({
              type: { name: "boolean", ref: false, start: flavors[0].start, end: flavors[0].start },
              array: undefined,
              defaultValue: undefined,
              scopes: EMPTY,
              flavors: fit(flavors),
            }));
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
      ],
    });
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
  wordList = this.RULE("wordList", (known: ReadonlySet<string>, code: "invalid-scope" | "invalid-flavor", what: string): A.Name[] => {
    const words: A.Name[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const w = this.CONSUME(T.Word);
        this.ACTION(() => {
          if (!known.has(w.image.toLowerCase())) {
            this.semanticErrors.push(problem(code, "error", `unknown ${what} '${w.image}'`, w.startOffset, endOf(w)));
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
            this.semanticErrors.push(problem("invalid-flavor", "error", `unknown flavor '${f.image}'`, f.startOffset, endOf(f)));
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
        else this.semanticErrors.push(problem("invalid-array-size", "error", `array size ${size.image} is out of range`, size.startOffset, endOf(size)));
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
      this.semanticErrors.push(
        problem(
          "undefined-macro",
          "warning",
          `'${name.image}' is not a MOF value; it is taken as a preprocessor macro that this file does not define`,
          name.startOffset,
          endOf(name),
        ),
      );
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

/** The one parser instance, built on first need: building one costs ~10 ms, far more than parsing a typical mini-MOF. */
export function sharedParser(): MofParser {
  return (shared ??= new MofParser());
}
