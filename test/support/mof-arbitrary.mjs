// @ts-check
/**
 * fast-check generators of valid MOF 2 text, built from the grammar, and of damaged inputs.
 *
 * Plain JavaScript on purpose: the vitest suite (test/fuzz.test.ts) imports it from source and
 * the long fuzz run (bench/fuzz.mjs) imports it under plain Node against the built library, so
 * both run the very same generators without a compile step.
 *
 * Every MOF generator yields a `Piece`: the significant tokens it wrote, in order, and a model
 * of what the parser must build from them (see `project` in fuzz-properties.mjs, which maps a
 * parsed AST to the same shape). Whitespace and comments are put between the tokens of a whole
 * document at the end (`mofDocument`), so a model never depends on layout.
 */
import fc from "fast-check";

/**
 * @typedef {object} Piece
 * @property {string[]} tokens Significant tokens, as written.
 * @property {any} model What the parser must build from them, in the shape of `project`.
 */

/**
 * @typedef {object} Statement
 * @property {string[]} tokens
 * @property {any} model
 * @property {boolean} [pragma] A `#pragma` statement: kept on one line, as the C preprocessor wants.
 */

/**
 * @typedef {object} GeneratedMof
 * @property {string} text The document.
 * @property {string[]} tokens Its significant tokens, in order.
 * @property {string[]} comments Its comments, in order.
 * @property {any[]} models One model per top-level statement.
 */

// ---------------------------------------------------------------------------------------------
// Words

/** MOF keywords, as the scanner knows them; then the type, scope and flavor vocabularies. */
export const KEYWORDS = ["class", "instance", "of", "as", "ref", "qualifier", "scope", "flavor", "true", "false", "null"];
const INTRINSIC_TYPES = [
  "boolean",
  "char16",
  "datetime",
  "real32",
  "real64",
  "string",
  "sint8",
  "sint16",
  "sint32",
  "sint64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "object",
];
const SCOPES = ["any", "class", "association", "indication", "qualifier", "property", "reference", "method", "parameter"];
const FLAVORS = ["EnableOverride", "DisableOverride", "ToSubclass", "Restricted", "Translatable", "ToInstance", "NotToInstance", "NotToSubclass", "Amended"];

/** The same word in a random mix of upper and lower case. */
export function anyCase(/** @type {string} */ word) {
  return fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => Array.from(word, (c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));
}

const isKeyword = (/** @type {string} */ w) => KEYWORDS.includes(w.toLowerCase());

/**
 * Names that are not keywords, including words that are only special elsewhere (MOF v3
 * keywords, scopes, flavors, type names, pragma names) and non-ASCII names, which MOF allows.
 */
const NAME_POOL = [
  "Win32_BIOS",
  "SMS_Class_Template",
  "Contoso_Printer",
  "SerialNumber",
  "_x",
  "A",
  "a1",
  "Key",
  "Name",
  "Value",
  "Structure",
  "Enumeration",
  "Association",
  "Indication",
  "Any",
  "Property",
  "Method",
  "Amended",
  "ToSubclass",
  "Void",
  "Object",
  "String",
  "Uint32",
  "Datetime",
  "Namespace",
  "Include",
  "Pragma",
  "Define",
  "DYNPROPS",
  "PropertyContext",
  "Dynamic",
  "Provider",
  "Größe",
  "名前",
  "Ωmega",
  "x_1_2_3",
];

/** A name that is not a MOF keyword. */
export const plainName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NAME_POOL) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/).filter((w) => !isKeyword(w)) },
);

/**
 * A name where the grammar also accepts a keyword (qualifier, property, method and parameter
 * names). `ref` is left out: after a type it is read as the `ref` of a reference type.
 */
export const anyName = fc.oneof(
  { weight: 5, arbitrary: plainName },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS.filter((k) => k !== "ref")).chain(anyCase) },
);

// ---------------------------------------------------------------------------------------------
// Values

/** An integer literal in any radix, with an optional sign, and its model. */
export const integerValue = fc
  .record({
    magnitude: fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
    radix: fc.constantFrom(2, 8, 10, 16),
    sign: fc.constantFrom("", "", "-", "+"),
    upper: fc.boolean(),
  })
  .map(({ magnitude, radix, sign, upper }) => {
    const digits = magnitude.toString(radix);
    let image;
    if (radix === 10) image = digits;
    else if (radix === 16) image = (upper ? "0X" : "0x") + (upper ? digits.toUpperCase() : digits);
    else if (radix === 8)
      image = "0" + digits; // 0 -> "00", still octal
    else image = digits + (upper ? "B" : "b");
    const value = sign === "-" ? -magnitude : magnitude;
    return piece([sign + image], { integer: String(value), radix });
  });

/** A real literal (`1.5`, `.5`, `-2.25e-3`, `1E10`) and its model. */
export const realValue = fc
  .record({
    whole: fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9]{1,6}$/)),
    fraction: fc.stringMatching(/^[0-9]{1,6}$/),
    exponent: fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 300 })), { nil: undefined }),
    noPoint: fc.boolean(),
    sign: fc.constantFrom("", "", "-", "+"),
  })
  .map(({ whole, fraction, exponent, noPoint, sign }) => {
    const exp = exponent ? exponent[0] + exponent[1] + exponent[2] : "";
    // `1E10` is a real too, but only with an exponent and digits before it.
    const image = noPoint && exp && whole ? whole + exp : whole + "." + fraction + exp;
    return piece([sign + image], { real: parseFloat(sign + image) });
  });

// Characters that may stand unescaped in a string or char literal: letters, punctuation that
// means something outside literals, comment and pragma look-alikes, non-ASCII and astral text.
const LITERAL_CHARS = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(..."abcXYZ019 _-.,;:=!?|%^()".split("")) },
  { weight: 2, arbitrary: fc.constantFrom("{", "}", "[", "]", "'", "/", "*", "#", "$", "/*", "*/", "//", "#pragma", "instance of", "\t") },
  { weight: 1, arbitrary: fc.constantFrom("é", "€", "–", "日本", "😀", "\u00a0", "\ufeff", "\u2028", "ÿ") },
);

const ESCAPES = [
  ["\\b", "\b"],
  ["\\t", "\t"],
  ["\\n", "\n"],
  ["\\f", "\f"],
  ["\\r", "\r"],
  ['\\"', '"'],
  ["\\'", "'"],
  ["\\\\", "\\"],
];

/** One escape sequence as written and what it stands for. `\x` takes 4 digits so no letter after it can join. */
const escapeSeq = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ESCAPES) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom("x", "X"), fc.integer({ min: 0, max: 0xffff }), fc.boolean()).map(([x, code, upper]) => {
      const hex = code.toString(16).padStart(4, "0");
      return ["\\" + x + (upper ? hex.toUpperCase() : hex), String.fromCharCode(code)];
    }),
  },
);

/** The body of one literal: [as written, decoded]. */
const literalBody = (/** @type {string} */ quote) =>
  fc
    .array(fc.oneof({ weight: 4, arbitrary: LITERAL_CHARS.map((c) => [c, c]) }, { weight: 1, arbitrary: escapeSeq }), { maxLength: 12 })
    .map((segments) => segments.filter(([written]) => written !== quote))
    .map((segments) => [segments.map((s) => s[0]).join(""), segments.map((s) => s[1]).join("")]);

/** One or more adjacent string literals (concatenated by the parser) and their model. */
export const stringValue = fc.array(literalBody('"'), { minLength: 1, maxLength: 3 }).map((parts) =>
  piece(
    parts.map(([written]) => '"' + written + '"'),
    { string: parts.map((p) => p[1]).join(""), parts: parts.length },
  ),
);

/** A char16 literal: one character or one escape. */
export const charValue = fc
  .oneof(
    fc.constantFrom(...'aZ0 _"{;/#é€'.split("")).map((c) => [c, c]),
    escapeSeq,
  )
  .map(([written, value]) => piece(["'" + written + "'"], { char: value }));

/** `TRUE` / `FALSE` in any case. */
export const booleanValue = fc.boolean().chain((b) => anyCase(String(b)).map((w) => piece([w], { boolean: b })));
/** `NULL` in any case. */
export const nullValue = anyCase("null").map((w) => piece([w], { null: true }));

/** A constant value: what qualifiers and defaults take. */
export const scalarValue = fc.oneof(integerValue, realValue, stringValue, charValue, booleanValue, nullValue);

/** `{ a, b, … }` of the values given (empty too). */
export function arrayOf(/** @type {fc.Arbitrary<Piece>} */ element, maxLength = 4) {
  return fc.array(element, { maxLength }).map((elements) =>
    piece(
      [
        "{",
        ...joined(
          elements.map((e) => e.tokens),
          [","],
        ),
        "}",
      ],
      { array: elements.map((e) => e.model) },
    ),
  );
}

/** `$Name`, a reference to an instance alias. */
export const aliasRef = plainName.map((n) => piece(["$" + n], { alias: n }));

/** A constant value or an array of constants. */
export const constantValue = fc.oneof({ weight: 3, arbitrary: scalarValue }, { weight: 1, arbitrary: arrayOf(scalarValue) });

/** Any value an instance property can hold; embedded instances nest `depth` deep at most. */
export function instanceValue(depth = 2) {
  /** @type {fc.Arbitrary<Piece>[]} */
  const choices = [scalarValue, scalarValue, scalarValue, aliasRef, arrayOf(scalarValue), arrayOf(aliasRef, 3)];
  if (depth > 0) choices.push(embeddedInstance(depth - 1), arrayOf(embeddedInstance(depth - 1), 2));
  return fc.oneof(...choices);
}

// ---------------------------------------------------------------------------------------------
// Qualifiers

/** `[q, q(v), q{…} : flavor …]` and the model of its qualifiers. */
export const qualifierList = fc
  .array(
    fc.record({
      name: anyName,
      value: fc.oneof(
        fc.constant(undefined),
        scalarValue.map((v) => ({ tokens: ["(", ...v.tokens, ")"], model: v.model })),
        arrayOf(scalarValue).map((v) => ({ tokens: ["(", ...v.tokens, ")"], model: v.model })),
        arrayOf(scalarValue), // Name{…} without parentheses
      ),
      flavors: fc.array(fc.constantFrom(...FLAVORS).chain(anyCase), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((qualifiers) =>
    piece(
      [
        "[",
        ...joined(
          qualifiers.map((q) => [q.name, ...(q.value?.tokens ?? []), ...(q.flavors.length ? [":", ...q.flavors] : [])]),
          [","],
        ),
        "]",
      ],
      qualifiers.map((q) => ({ name: q.name, value: q.value?.model, flavors: q.flavors })),
    ),
  );

const optionalQualifiers = fc.option(qualifierList, { nil: undefined, freq: 2 });

// ---------------------------------------------------------------------------------------------
// Declarations

/** `[]` or `[N]`; the model is the size or "var". */
const arraySpec = fc.option(
  fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }).map((n) => piece(n === undefined ? ["[", "]"] : ["[", String(n), "]"], n ?? "var")),
  { nil: undefined, freq: 3 },
);

/** A data type: intrinsic (any case), an embedded object class, or `Class ref`. */
const dataType = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(...INTRINSIC_TYPES)
      .chain(anyCase)
      .map((t) => ({ tokens: [t], name: t, ref: false })),
  },
  { weight: 1, arbitrary: plainName.map((t) => ({ tokens: [t], name: t, ref: false })) },
  { weight: 1, arbitrary: fc.tuple(plainName, anyCase("ref")).map(([t, r]) => ({ tokens: [t, r], name: t, ref: true })) },
);

const property = fc
  .record({ quals: optionalQualifiers, type: dataType, name: anyName, array: arraySpec, value: fc.option(constantValue, { nil: undefined, freq: 3 }) })
  .map(({ quals, type, name, array, value }) =>
    piece([...(quals?.tokens ?? []), ...type.tokens, name, ...(array?.tokens ?? []), ...(value ? ["=", ...value.tokens] : []), ";"], {
      property: name,
      type: type.name,
      ref: type.ref,
      array: array?.model,
      default: value?.model,
      quals: quals?.model,
    }),
  );

const parameter = fc
  .record({
    quals: fc.option(
      fc.oneof(
        qualifierList,
        fc
          .constantFrom(["in"], ["out"], ["in", "out"])
          .chain((ds) => fc.tuple(...ds.map(anyCase)))
          .map((ds) =>
            piece(
              [
                "[",
                ...joined(
                  ds.map((d) => [d]),
                  [","],
                ),
                "]",
              ],
              ds.map((d) => ({ name: d, flavors: [] })),
            ),
          ),
      ),
      { nil: undefined },
    ),
    type: dataType,
    name: anyName,
    array: arraySpec,
  })
  .map(({ quals, type, name, array }) =>
    piece([...(quals?.tokens ?? []), ...type.tokens, name, ...(array?.tokens ?? [])], {
      parameter: name,
      type: type.name,
      ref: type.ref,
      array: array?.model,
      quals: quals?.model,
    }),
  );

const method = fc
  .record({
    quals: optionalQualifiers,
    type: fc.oneof(
      dataType,
      anyCase("void").map((t) => ({ tokens: [t], name: t, ref: false })),
    ),
    name: anyName,
    parameters: fc.array(parameter, { maxLength: 3 }),
  })
  .map(({ quals, type, name, parameters }) =>
    piece(
      [
        ...(quals?.tokens ?? []),
        ...type.tokens,
        name,
        "(",
        ...joined(
          parameters.map((p) => p.tokens),
          [","],
        ),
        ")",
        ";",
      ],
      { method: name, type: type.name, ref: type.ref, parameters: parameters.map((p) => p.model), quals: quals?.model },
    ),
  );

/** `[quals] class Name [: Super] { features };` */
export const classDeclaration = fc
  .record({
    quals: optionalQualifiers,
    keyword: anyCase("class"),
    name: plainName,
    superclass: fc.option(plainName, { nil: undefined }),
    features: fc.array(fc.oneof({ weight: 3, arbitrary: property }, { weight: 1, arbitrary: method }), { maxLength: 5 }),
  })
  .map(({ quals, keyword, name, superclass, features }) =>
    piece([...(quals?.tokens ?? []), keyword, name, ...(superclass ? [":", superclass] : []), "{", ...features.flatMap((f) => f.tokens), "}", ";"], {
      class: name,
      superclass,
      quals: quals?.model,
      features: features.map((f) => f.model),
    }),
  );

/** A property of an instance: `[quals] Name = value;`, or WMI's DYNPROPS form `[quals] Name;`. */
const propertyValue = (/** @type {number} */ depth) =>
  fc
    .record({ quals: optionalQualifiers, name: anyName, value: fc.option(instanceValue(depth), { nil: undefined, freq: 5 }) })
    .map(({ quals, name, value }) =>
      piece([...(quals?.tokens ?? []), name, ...(value ? ["=", ...value.tokens] : []), ";"], { name, value: value?.model, quals: quals?.model }),
    );

/** `instance of Class [as $Alias] { … }`: the common part of top-level and embedded instances. */
function instanceBody(/** @type {number} */ depth) {
  return fc
    .record({
      instance: anyCase("instance"),
      of: anyCase("of"),
      className: plainName,
      alias: fc.option(fc.tuple(anyCase("as"), plainName), { nil: undefined }),
      properties: fc.array(propertyValue(depth), { maxLength: 4 }),
    })
    .map(({ instance, of, className, alias, properties }) =>
      piece([instance, of, className, ...(alias ? [alias[0], "$" + alias[1]] : []), "{", ...properties.flatMap((p) => p.tokens), "}"], {
        instance: className,
        alias: alias?.[1],
        properties: properties.map((p) => p.model),
      }),
    );
}

/** An instance written as a value (no `;` after its `}`), with instances nested `depth` deep in it at most. */
export const embeddedInstance = (depth = 1) => instanceBody(depth);

/** `[quals] instance of Class [as $Alias] { … };` */
export const instanceDeclaration = fc
  .tuple(optionalQualifiers, instanceBody(2))
  .map(([quals, body]) => piece([...(quals?.tokens ?? []), ...body.tokens, ";"], { ...body.model, quals: quals?.model }));

/** `Qualifier Name : type [= default] [, Scope(…) [, Flavor(…)]];` and WMI's `Qualifier Name : Flavor …;`. */
export const qualifierDeclaration = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        keyword: anyCase("qualifier"),
        name: anyName,
        type: fc.constantFrom(...INTRINSIC_TYPES.filter((t) => t !== "object")).chain(anyCase),
        array: arraySpec,
        value: fc.option(constantValue, { nil: undefined }),
        scopes: fc.option(fc.tuple(anyCase("scope"), fc.array(fc.constantFrom(...SCOPES).chain(anyCase), { minLength: 1, maxLength: 3 })), { nil: undefined }),
        flavors: fc.tuple(anyCase("flavor"), fc.array(fc.constantFrom(...FLAVORS).chain(anyCase), { minLength: 1, maxLength: 3 })),
        withFlavors: fc.boolean(),
      })
      .map(({ keyword, name, type, array, value, scopes, flavors, withFlavors }) => {
        const tokens = [keyword, name, ":", type, ...(array?.tokens ?? []), ...(value ? ["=", ...value.tokens] : [])];
        const flavorsUsed = scopes && withFlavors;
        if (scopes)
          tokens.push(
            ",",
            scopes[0],
            "(",
            ...joined(
              scopes[1].map((s) => [s]),
              [","],
            ),
            ")",
          );
        if (flavorsUsed)
          tokens.push(
            ",",
            flavors[0],
            "(",
            ...joined(
              flavors[1].map((f) => [f]),
              [","],
            ),
            ")",
          );
        tokens.push(";");
        return piece(tokens, {
          qualifier: name,
          type,
          array: array?.model,
          default: value?.model,
          scopes: scopes?.[1] ?? [],
          flavors: flavorsUsed ? flavors[1] : [],
        });
      }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(anyCase("qualifier"), anyName, fc.array(fc.constantFrom(...FLAVORS).chain(anyCase), { minLength: 1, maxLength: 3 }))
      .map(([keyword, name, flavors]) => piece([keyword, name, ":", ...flavors, ";"], { qualifier: name, type: "boolean", scopes: [], flavors })),
  },
);

/** `#pragma` with its spacing: `#pragma`, `# pragma`, `#\tPRAGMA`. */
const pragmaKeyword = fc.tuple(fc.constantFrom("", "", " ", "\t", "  "), anyCase("pragma")).map(([gap, word]) => "#" + gap + word);

/**
 * A single string literal from [as written, decoded] pairs.
 * @param {...[string, string]} pairs
 */
const stringArg = (...pairs) => fc.constantFrom(...pairs).map(([written, value]) => piece(['"' + written + '"'], { string: value, parts: 1 }));
const namespacePath = stringArg(
  ["\\\\\\\\.\\\\root\\\\cimv2", "\\\\.\\root\\cimv2"],
  ["\\\\\\\\.\\\\root\\\\cimv2\\\\sms", "\\\\.\\root\\cimv2\\sms"],
  ["root\\\\default", "root\\default"],
  ["root/cimv2", "root/cimv2"],
  ["\\\\\\\\.\\\\ROOT\\\\CIMV2", "\\\\.\\ROOT\\CIMV2"],
);
const flag = fc
  .constantFrom("NOFAIL", "FAIL")
  .chain(anyCase)
  .map((f) => piece([f], { identifier: f }));

/** One of the pragmas mofcomp knows, with arguments of the right shape. */
export const pragma = fc
  .tuple(
    pragmaKeyword,
    fc.oneof(
      fc.tuple(anyCase("namespace"), fc.tuple(namespacePath)),
      fc.tuple(
        anyCase("include"),
        fc.tuple(fc.oneof(stringArg(["qualifiers.mof", "qualifiers.mof"], ["sub\\\\x.mof", "sub\\x.mof"], ["../a b.mof", "../a b.mof"]), stringValue)),
      ),
      fc.tuple(
        anyCase("deleteclass"),
        fc.tuple(
          plainName.map((n) => piece(['"' + n + '"'], { string: n, parts: 1 })),
          flag,
        ),
      ),
      fc.tuple(anyCase("deleteinstance"), fc.tuple(stringArg(['Win32_X.Name=\\"a\\"', 'Win32_X.Name="a"'], ["SMS_Y=@", "SMS_Y=@"]), flag)),
      fc.tuple(
        anyCase("classflags"),
        fc.array(stringArg(["safeupdate", "safeupdate"], ["forceupdate", "forceupdate"], ["updateonly", "updateonly"]), { minLength: 1, maxLength: 2 }),
      ),
      fc.tuple(anyCase("instanceflags"), fc.tuple(stringArg(["createonly", "createonly"], ["updateonly", "updateonly"]))),
      fc.tuple(anyCase("locale"), fc.tuple(fc.oneof(stringArg(["en_US", "en_US"], ["de_DE", "de_DE"]), integerValue))),
      fc.tuple(anyCase("amendment"), fc.tuple(stringArg(["MS_409", "MS_409"], ["MS_407", "MS_407"]))),
      fc.tuple(anyCase("autorecover"), fc.constant(undefined)),
    ),
  )
  .map(([keyword, [name, args]]) => {
    const tokens = [keyword, name];
    if (args)
      tokens.push(
        "(",
        ...joined(
          args.map((a) => a.tokens),
          [","],
        ),
        ")",
      );
    return { tokens, model: { pragma: name, args: args ? args.map((a) => a.model) : [] }, pragma: true };
  });

/** One top-level statement. */
export const statement = fc.oneof(
  { weight: 2, arbitrary: pragma },
  { weight: 2, arbitrary: qualifierDeclaration },
  { weight: 4, arbitrary: classDeclaration },
  { weight: 4, arbitrary: instanceDeclaration },
);

// ---------------------------------------------------------------------------------------------
// Layout: whitespace and comments between tokens

// Comment text: anything but line breaks, with look-alikes of MOF, strings and comments.
const commentText = fc
  .array(
    fc.oneof(fc.constantFrom(..."ab Z9 \t;{}[]\"'$#=".split("")), fc.constantFrom("/*", "//", '#pragma include("x")', "class X {", "é€", "😀", "*", "/")),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

/** @typedef {{ kind: "space" | "newline" | "line" | "block" | "splice", text: string }} Trivia */

const trivium = (/** @type {Trivia["kind"]} */ kind) => (/** @type {string} */ text) => /** @type {Trivia} */ ({ kind, text });

/** @type {fc.Arbitrary<Trivia>} */
const triviaPiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(" ", "  ", "\t", "\f", "\v", "\u00a0").map(trivium("space")) },
  { weight: 4, arbitrary: fc.constantFrom("\n", "\r\n", "\r", "\n\n").map(trivium("newline")) },
  // A line comment's text must not end with a backslash (that would splice the next line in C).
  { weight: 2, arbitrary: commentText.map((t) => trivium("line")("//" + t.replace(/\\+$/, ""))) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(commentText, fc.constantFrom("", "\n", "\r\n"), commentText)
      .map(([a, nl, b]) => trivium("block")("/*" + (a + nl + b).replace(/\*\//g, "* /").replace(/\*$/, "* ") + "*/")),
  },
  // Backslash-newline joins lines, as in the C preprocessor mofcomp runs first.
  { weight: 1, arbitrary: fc.constantFrom("\\\n", "\\ \r\n").map(trivium("splice")) },
);

/** What goes between two tokens: often nothing, sometimes runs of whitespace and comments. */
const trivia = fc.oneof(
  { weight: 3, arbitrary: fc.constant(/** @type {Trivia[]} */ ([])) },
  { weight: 2, arbitrary: fc.array(triviaPiece, { minLength: 1, maxLength: 4 }) },
);

const PUNCTUATION = new Set(["{", "}", "[", "]", "(", ")", ";", ",", ":", "="]);

/**
 * A whole valid MOF document: statements laid out with random whitespace and comments.
 * `maxStatements` bounds its size.
 * @returns {fc.Arbitrary<GeneratedMof>}
 */
export function mofDocument(maxStatements = 6) {
  return fc.array(statement, { maxLength: maxStatements }).chain((statements) => {
    const count = statements.reduce((n, s) => n + s.tokens.length, 0);
    return fc.array(trivia, { minLength: count + 1, maxLength: count + 1 }).map((gaps) => layout(statements, gaps));
  });
}

/**
 * Join the statements' tokens with the trivia given (one more than there are tokens), fixing
 * the trivia where the grammar needs it: words must not touch, and a pragma has a line of its
 * own (no line break inside it, one before and after it), as the C preprocessor wants.
 * @param {Statement[]} statements
 * @param {Trivia[][]} gaps
 * @returns {GeneratedMof}
 */
function layout(statements, gaps) {
  /** @type {string[]} */
  const tokens = [];
  /** @type {string[]} */
  const comments = [];
  let text = "";
  let g = 0;
  const newline = /** @type {Trivia} */ ({ kind: "newline", text: "\n" });
  statements.forEach((s, k) => {
    const afterPragma = k > 0 && statements[k - 1].pragma === true;
    s.tokens.forEach((tok, i) => {
      let pieces = gaps[g++];
      if (s.pragma && i > 0) pieces = pieces.filter((p) => p.kind === "space" || (p.kind === "block" && !/[\r\n]/.test(p.text)));
      if (i === 0 && afterPragma && !startsLine(pieces)) pieces = [newline, ...pieces];
      if (i === 0 && s.pragma && tokens.length > 0 && !endsLine(pieces)) pieces = [...pieces, newline];
      const prev = tokens[tokens.length - 1];
      if (pieces.length === 0 && prev !== undefined && !PUNCTUATION.has(prev) && !PUNCTUATION.has(tok)) pieces = [{ kind: "space", text: " " }];
      put(pieces);
      text += tok;
      tokens.push(tok);
    });
  });
  const last = gaps[g] ?? [];
  put(statements.length > 0 && statements[statements.length - 1].pragma && !startsLine(last) ? [newline, ...last] : last);
  return { text, tokens, comments, models: statements.map((s) => s.model) };

  /** @param {Trivia[]} pieces */
  function put(pieces) {
    for (const p of pieces) {
      if (p.kind === "line" || p.kind === "block") comments.push(p.text);
      // A line comment runs to the end of its line: give it one.
      text += p.kind === "line" ? p.text + "\n" : p.text;
    }
  }
}

/** The trivia ends a line (a line comment carries its own line break; a splice joins lines). */
function endsLine(/** @type {Trivia[]} */ pieces) {
  const last = pieces[pieces.length - 1];
  return last !== undefined && (last.kind === "newline" || last.kind === "line");
}

/** The trivia's first piece ends the line it is on (a line comment counts). */
function startsLine(/** @type {Trivia[]} */ pieces) {
  return pieces.length > 0 && (pieces[0].kind === "newline" || pieces[0].kind === "line");
}

// ---------------------------------------------------------------------------------------------
// Damage: mutations of real files

/** Byte values that are most likely to upset a scanner: quotes, braces, NUL, high bytes, BOM parts. */
const NASTY_BYTES = [
  0x00, 0x22, 0x27, 0x2f, 0x2a, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x3b, 0x23, 0x24, 0x0d, 0x0a, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xd8, 0xdc, 0x80, 0xc3,
];

/** Text that, inserted anywhere, tends to break a statement in an interesting way. */
const GARBAGE = [
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  ";",
  ",",
  ":",
  "=",
  '"',
  "'",
  "/*",
  "*/",
  "//",
  "\\",
  "\\\n",
  "$",
  "#",
  "#pragma",
  "# pragma include(",
  "#define X {",
  "#define Y Y Y",
  "instance of",
  "class",
  "qualifier",
  "structure",
  "value of",
  "0x",
  "08",
  "1.",
  "1e",
  "-",
  "\u0000",
  "\uD800",
  "\uDC00",
  "\uFEFF",
  "\r",
  "\n",
  "\r\n",
  "é",
  "€",
  "😀",
  "\u2028",
  "TRUE",
  "NULL",
  "ref",
  "as $",
  "[key]",
  "{{{{{{",
  "}}}}}}",
  '"\\x',
  "'\\'",
];

/**
 * One edit of a file's bytes. Positions are taken modulo the length (plus one), so an edit
 * applies to any file and a counterexample reads as a short list of edits.
 * @typedef {{ set: number, at: number } | { truncate: number } | { insert: string, at: number } | { insertBytes: number[], at: number } | { remove: number, at: number } | { copy: number, from: number, at: number }} Edit
 */

/** @type {fc.Arbitrary<Edit>} */
const edit = fc.oneof(
  fc.record({ set: fc.oneof(fc.constantFrom(...NASTY_BYTES), fc.integer({ min: 0, max: 255 })), at: fc.nat() }),
  fc.record({ truncate: fc.nat() }),
  fc.record({ insert: fc.constantFrom(...GARBAGE), at: fc.nat() }),
  fc.record({ insertBytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }), at: fc.nat() }),
  fc.record({ remove: fc.integer({ min: 1, max: 64 }), at: fc.nat() }),
  fc.record({ copy: fc.integer({ min: 1, max: 64 }), from: fc.nat(), at: fc.nat() }),
);

/** One to four edits: flipped bytes, a truncation, inserted garbage, a deleted or repeated slice. */
export const edits = fc.array(edit, { minLength: 1, maxLength: 4 });

/**
 * The bytes after the edits, applied in order.
 * @param {Uint8Array} bytes
 * @param {Edit[]} list
 */
export function applyEdits(bytes, list) {
  return list.reduce((b, e) => {
    const pos = (/** @type {number} */ n) => n % (b.length + 1);
    if ("set" in e) {
      const out = Uint8Array.from(b);
      if (out.length > 0) out[e.at % out.length] = e.set;
      return out;
    }
    if ("truncate" in e) return b.slice(0, pos(e.truncate));
    if ("insert" in e) return splice(b, pos(e.at), 0, new TextEncoder().encode(e.insert));
    if ("insertBytes" in e) return splice(b, pos(e.at), 0, Uint8Array.from(e.insertBytes));
    if ("remove" in e) return splice(b, pos(e.at), e.remove, new Uint8Array(0));
    const from = pos(e.from);
    return splice(b, pos(e.at), 0, b.slice(from, from + e.copy));
  }, bytes);
}

/** Bytes with `remove` bytes at `at` replaced by `insert`. */
function splice(/** @type {Uint8Array} */ b, /** @type {number} */ at, /** @type {number} */ remove, /** @type {Uint8Array} */ insert) {
  const i = Math.min(at, b.length);
  const out = new Uint8Array(b.length - Math.min(remove, b.length - i) + insert.length);
  out.set(b.subarray(0, i), 0);
  out.set(insert, i);
  out.set(b.subarray(i + remove), i + insert.length);
  return out;
}

/**
 * @typedef {object} Reencoding
 * @property {"utf8" | "utf16le" | "utf16be" | "windows1252"} encoding
 * @property {boolean} bom
 * @property {("\r\n" | "\n" | "\r")[]} eols Line endings to use in turn (one style, or a mix).
 */

/** A target encoding, BOM choice and line-ending mix for `reencode`. */
export const reencoding = fc.record({
  encoding: fc.constantFrom("utf8", "utf16le", "utf16be", "windows1252"),
  bom: fc.boolean(),
  eols: fc.oneof(fc.constantFrom(["\r\n"], ["\n"], ["\r"]), fc.array(fc.constantFrom("\r\n", "\n", "\r"), { minLength: 2, maxLength: 5 })),
});

/**
 * Text written out again in another encoding, with a BOM or not, and its line breaks replaced
 * by the styles given in turn (a mix when several). Characters windows-1252 cannot hold
 * become "?", lone surrogates become U+FFFD in UTF-8, so the result is always encodable.
 * Returns the bytes and the text they hold.
 * @param {string} text
 * @param {Reencoding} how
 */
export function reencode(text, how) {
  let k = 0;
  let out = text.replace(/\r\n|\r|\n/g, () => how.eols[k++ % how.eols.length]);
  if (how.encoding === "windows1252") out = Array.from(out, (c) => (WINDOWS_1252.has(c) ? c : "?")).join("");
  if (how.encoding === "utf8") out = out.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const body = how.bom && how.encoding !== "windows1252" ? "\uFEFF" + out : out;
  let bytes;
  if (how.encoding === "utf8") bytes = new TextEncoder().encode(body);
  else if (how.encoding === "windows1252") bytes = Uint8Array.from(out, (c) => WINDOWS_1252.get(c) ?? 0x3f);
  else {
    bytes = new Uint8Array(body.length * 2);
    for (let i = 0; i < body.length; i++) {
      const u = body.charCodeAt(i);
      const [lo, hi] = [u & 0xff, u >> 8];
      bytes[2 * i] = how.encoding === "utf16le" ? lo : hi;
      bytes[2 * i + 1] = how.encoding === "utf16le" ? hi : lo;
    }
  }
  return { bytes, text: out };
}

/** windows-1252: character -> byte (the five undefined bytes map to the C1 controls of the same value). */
const WINDOWS_1252 = new Map(
  Array.from({ length: 256 }, (_, b) => {
    const special = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ";
    const c = b >= 0x80 && b < 0xa0 ? special[b - 0x80] : String.fromCharCode(b);
    return [c, b];
  }),
);

// ---------------------------------------------------------------------------------------------
// Helpers

/** @returns {Piece} */
function piece(/** @type {string[]} */ tokens, /** @type {any} */ model) {
  return { tokens, model };
}

/** Token lists joined by a separator list. */
function joined(/** @type {string[][]} */ lists, /** @type {string[]} */ separator) {
  /** @type {string[]} */
  const out = [];
  lists.forEach((l, i) => {
    if (i > 0) out.push(...separator);
    out.push(...l);
  });
  return out;
}

/**
 * A soup of MOF-ish tokens and garbage in random order: mostly nonsense that is close enough to
 * MOF to walk deep into the grammar and its error recovery. `avoid` leaves pieces out of it.
 * @param {{ maxLength?: number, avoid?: string[] }} [options]
 * @returns {fc.Arbitrary<string>}
 */
export function tokenSoup({ maxLength = 200, avoid = [] } = {}) {
  const fixed = [
    ...GARBAGE,
    ...PUNCTUATION,
    "instance",
    "of",
    "as",
    "ref",
    "Scope",
    "Flavor",
    "qualifier",
    "class",
    "#pragma namespace",
    "autorecover",
    "ToSubclass",
    "void",
    "uint32",
    "string",
  ];
  const word = fc.oneof(
    fc.constantFrom(...fixed.filter((w) => !avoid.includes(w))),
    plainName,
    integerValue.map((p) => p.tokens[0]),
    realValue.map((p) => p.tokens[0]),
    stringValue.map((p) => p.tokens.join(" ")),
    charValue.map((p) => p.tokens[0]),
  );
  return fc
    .array(fc.tuple(word, fc.constantFrom("", " ", "\n", "\t", "\r\n")), { maxLength, size: "medium" })
    .map((parts) => parts.map(([w, s]) => w + s).join(""));
}

/**
 * A document that `#define`s a constant (directly, or through a second macro naming the first)
 * and uses it as a value, alone and in an array. `tokens` are as `tokenize` reports them: a
 * macro use is one token, its name.
 * @returns {fc.Arbitrary<GeneratedMof>}
 */
export function macroDocument() {
  return fc
    .record({
      first: fc.stringMatching(/^M_[A-Za-z0-9_]{1,8}$/),
      second: fc.option(fc.stringMatching(/^N_[A-Za-z0-9_]{1,8}$/), { nil: undefined }),
      value: scalarValue,
      eol: fc.constantFrom("\n", "\r\n"),
    })
    .map(({ first, second, value, eol }) => {
      const use = second ?? first;
      const lines = [`#define ${first} ${value.tokens.join(" ")}`];
      if (second) lines.push(`#define ${second} ${first}`);
      const body = ["instance", "of", "MacroUser", "{", "P1", "=", use, ";", "P2", "=", "{", use, ",", use, "}", ";", "}", ";"];
      lines.push(body.join(" "));
      // Where the value is written, it is one piece (the macro's name), whatever the definition holds.
      const used = "string" in value.model ? { ...value.model, parts: 1 } : value.model;
      return {
        text: lines.join(eol) + eol,
        tokens: body,
        comments: [],
        models: [
          {
            instance: "MacroUser",
            properties: [
              { name: "P1", value: used },
              { name: "P2", value: { array: [used, used] } },
            ],
          },
        ],
      };
    });
}
