// @ts-check
/**
 * The properties the parser must hold against any input, shared by the vitest suite
 * (test/fuzz.test.ts, which passes the library's TypeScript sources) and the long fuzz run
 * (bench/fuzz.mjs, which passes the built dist/ modules). Each check throws an Error saying
 * what broke; fast-check turns that into a minimal counterexample.
 */
import fc from "fast-check";
import { applyEdits, edits, macroDocument, mofDocument, reencode, reencoding, tokenSoup } from "./mof-arbitrary.mjs";

/**
 * The library functions the properties exercise.
 * @typedef {object} Library
 * @property {(input: any, options?: { file?: string }) => any} parseMof
 * @property {(bytes: Uint8Array) => any} decodeMof
 * @property {(source: any) => Uint8Array} encodeMof
 * @property {(text: string) => { kind: string, type?: string, start: number, end: number, text: string }[]} tokenize
 * @property {(tokens: any[]) => string} printTokens
 * @property {Record<string, unknown>} DiagnosticCodes
 * @property {(doc: any, value: any) => { start: number, end: number }[]} stringLiteralRanges
 */

/**
 * A real file to damage.
 * @typedef {object} FuzzInput
 * @property {string} name
 * @property {Uint8Array} bytes
 */

/**
 * A property as its parts, so a runner can wrap the predicate (the long fuzz run records each
 * case before running it, to name the input that crashed or hung a worker).
 * @typedef {object} NamedProperty
 * @property {string} name
 * @property {fc.Arbitrary<any>[]} arbitraries
 * @property {(...args: any[]) => void | Promise<void>} predicate Throws (or rejects) when the property does not hold.
 * @property {number} weight Share of the runs this property gets (1 = the default count).
 * @property {boolean} [async] The predicate returns a promise (`fc.assert` must be awaited).
 */

/** The fast-check property of a `NamedProperty`. */
export function toProperty(/** @type {NamedProperty} */ p, predicate = p.predicate) {
  const arbitraries = /** @type {[fc.Arbitrary<any>]} */ (p.arbitraries);
  if (p.async) return fc.asyncProperty(...arbitraries, async (/** @type {any[]} */ ...args) => void (await predicate(...args)));
  return fc.property(...arbitraries, /** @type {(...args: any[]) => void} */ (predicate));
}

/** How long one parse of a fuzz case (at most a few hundred KB) may take before it counts as a hang. */
export const PARSE_TIME_LIMIT_MS = 5000;

// ---------------------------------------------------------------------------------------------
// Comparing

/** JSON with bigints as strings, for comparing ASTs. */
export function astJson(/** @type {unknown} */ value) {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** JSON with sorted keys and no undefined fields, so models compare whatever their key order. */
export function canonicalJson(/** @type {unknown} */ value) {
  return JSON.stringify(sortKeys(value));
}

/** @returns {unknown} */
function sortKeys(/** @type {any} */ v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (typeof v === "bigint") return v.toString();
  if (v === null || typeof v !== "object") return v;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
  return out;
}

/** Throw with both sides and where they first differ, when two JSON strings differ. */
function sameJson(/** @type {string} */ actual, /** @type {string} */ expected, /** @type {string} */ what) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (/** @type {string} */ s) => s.slice(Math.max(0, i - 80), i + 80);
  throw new Error(`${what} differ at character ${i}:\n  actual:   …${around(actual)}…\n  expected: …${around(expected)}…`);
}

// ---------------------------------------------------------------------------------------------
// The model of an AST: what it says, without offsets (the shape mof-arbitrary.mjs builds)

/** The document whose values are being projected (string values count their literals in its text). */
let projecting = { lib: /** @type {Library | undefined} */ (undefined), doc: /** @type {any} */ (undefined) };

/** The models of a document's top-level statements. */
export function project(/** @type {Library} */ lib, /** @type {any} */ doc) {
  projecting = { lib, doc };
  try {
    return doc.productions.map(projectProduction);
  } finally {
    projecting = { lib: undefined, doc: undefined };
  }
}

function projectProduction(/** @type {any} */ p) {
  switch (p.kind) {
    case "pragma":
      return { pragma: p.name.name, args: p.args.map(projectValue) };
    case "qualifierDeclaration":
      return {
        qualifier: p.name.name,
        type: p.type.name,
        array: projectArray(p.array),
        default: p.defaultValue && projectValue(p.defaultValue),
        scopes: p.scopes.map((/** @type {any} */ s) => s.name),
        flavors: p.flavors.map((/** @type {any} */ f) => f.name),
      };
    case "class":
      return {
        class: p.name.name,
        superclass: p.superclass?.name,
        quals: projectQualifiers(p.qualifierList),
        features: p.features.map(projectFeature),
      };
    case "instance":
      return projectInstance(p);
    default:
      throw new Error(`unknown production kind ${p.kind}`);
  }
}

function projectFeature(/** @type {any} */ f) {
  if (f.kind === "method") {
    return {
      method: f.name.name,
      type: f.returnType.name,
      ref: f.returnType.ref,
      parameters: f.parameters.map((/** @type {any} */ p) => ({
        parameter: p.name.name,
        type: p.type.name,
        ref: p.type.ref,
        array: projectArray(p.array),
        quals: projectQualifiers(p.qualifierList),
      })),
      quals: projectQualifiers(f.qualifierList),
    };
  }
  return {
    property: f.name.name,
    type: f.type.name,
    ref: f.type.ref,
    array: projectArray(f.array),
    default: f.defaultValue && projectValue(f.defaultValue),
    quals: projectQualifiers(f.qualifierList),
  };
}

function projectArray(/** @type {any} */ a) {
  return a === undefined ? undefined : (a.size ?? "var");
}

function projectQualifiers(/** @type {any} */ list) {
  return list?.qualifiers.map((/** @type {any} */ q) => ({
    name: q.name,
    value: q.value && projectValue(q.value),
    flavors: q.flavors.map((/** @type {any} */ f) => f.name),
  }));
}

function projectInstance(/** @type {any} */ i) {
  return {
    instance: i.className.name,
    alias: i.alias?.name,
    quals: projectQualifiers(i.qualifierList),
    properties: i.properties.map((/** @type {any} */ p) => ({
      name: p.name.name,
      value: p.value && projectValue(p.value),
      quals: projectQualifiers(p.qualifierList),
    })),
  };
}

/** @returns {any} */
function projectValue(/** @type {any} */ v) {
  switch (v.kind) {
    case "integer":
      return { integer: v.value.toString(), radix: v.radix };
    case "real":
      return { real: v.value };
    case "string":
      return { string: v.value, parts: projecting.lib?.stringLiteralRanges(projecting.doc, v).length };
    case "char":
      return { char: v.value };
    case "boolean":
      return { boolean: v.value };
    case "null":
      return { null: true };
    case "array":
      return { array: v.elements.map(projectValue) };
    case "alias":
      return { alias: v.name };
    case "identifier":
      return { identifier: v.name };
    case "instance":
      return projectInstance(v);
    default:
      throw new Error(`unknown value kind ${v.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants of any parse

/**
 * What must hold for the parse of any text: diagnostics inside the text with line/column that
 * match their offset and a known code; AST ranges inside the text, nested in their parents, in
 * order, and names that are what the text says at their range; comments in order.
 * @param {Library} lib
 * @param {any} doc
 */
export function checkDocument(lib, doc) {
  const text = doc.source.text;
  const lineStarts = startsOfLines(text);
  for (const d of doc.diagnostics) {
    const where = `diagnostic ${d.code} [${d.start}, ${d.end}) "${d.message}"`;
    if (!Number.isInteger(d.start) || !Number.isInteger(d.end) || d.start < 0 || d.start > d.end || d.end > text.length)
      throw new Error(`${where} is outside the text (length ${text.length})`);
    const at = doc.lines.position(d.start);
    if (at.line !== d.line || at.column !== d.column)
      throw new Error(`${where} says line ${d.line} column ${d.column}, its offset is at ${at.line}:${at.column}`);
    const line = lineOf(lineStarts, d.start);
    if (line + 1 !== d.line || d.start - lineStarts[line] + 1 !== d.column)
      throw new Error(`${where} says line ${d.line} column ${d.column}, counting gives ${line + 1}:${d.start - lineStarts[line] + 1}`);
    if (!Object.hasOwn(lib.DiagnosticCodes, d.code)) throw new Error(`${where} has a code missing from DiagnosticCodes`);
    if (!["error", "warning", "info"].includes(d.severity)) throw new Error(`${where} has severity ${d.severity}`);
    if (typeof d.message !== "string" || d.message === "") throw new Error(`${where} has no message`);
    if (d.file !== doc.file) throw new Error(`${where} names file ${d.file}, not ${doc.file}`);
  }
  const macros = doc.directives.some((/** @type {any} */ d) => d.kind === "define");
  let previousEnd = 0;
  for (const p of doc.productions) {
    if (p.start < previousEnd) throw new Error(`statement ${p.kind} at ${p.start} starts before the previous one ends (${previousEnd})`);
    previousEnd = p.end;
    checkNode(p, { start: 0, end: text.length }, text, macros, p.kind);
  }
  let commentEnd = 0;
  for (const c of doc.comments) {
    if (c.start < commentEnd || c.end > text.length || c.start >= c.end)
      throw new Error(`comment [${c.start}, ${c.end}) overlaps the previous one or leaves the text`);
    if (!/^\/[/*]/.test(text.slice(c.start, c.end))) throw new Error(`comment [${c.start}, ${c.end}) does not start with // or /*`);
    commentEnd = c.end;
  }
}

/** Offsets where lines start, counted here independently of the library (CR, LF and CRLF end a line). */
function startsOfLines(/** @type {string} */ text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // the LF of this CRLF ends the line
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  return starts;
}

/** 0-based line of an offset. */
function lineOf(/** @type {number[]} */ starts, /** @type {number} */ offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Check one AST node and its children (recursively). */
function checkNode(
  /** @type {any} */ node,
  /** @type {{start: number, end: number}} */ parent,
  /** @type {string} */ text,
  /** @type {boolean} */ macros,
  /** @type {string} */ path,
) {
  if (typeof node.start === "number" && typeof node.end === "number") {
    const { start, end } = node;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length)
      throw new Error(`${path} has range [${start}, ${end}) outside the text (length ${text.length})`);
    if (start < parent.start || end > parent.end) throw new Error(`${path} [${start}, ${end}) is not inside its parent [${parent.start}, ${parent.end})`);
    // A Name: exactly what the text says there (an alias name is written with its `$`).
    if (!macros && typeof node.name === "string" && Object.keys(node).length === 3) {
      const written = text.slice(start, end);
      if (written !== node.name && written !== "$" + node.name)
        throw new Error(`${path} is named ${JSON.stringify(node.name)} but the text there is ${JSON.stringify(written)}`);
    }
    parent = { start, end };
  }
  for (const [key, child] of Object.entries(node)) {
    if (Array.isArray(child)) child.forEach((c, i) => c && typeof c === "object" && checkNode(c, parent, text, macros, `${path}.${key}[${i}]`));
    else if (child && typeof child === "object") checkNode(child, parent, text, macros, `${path}.${key}`);
  }
}

/**
 * `tokenize` covers the text exactly, piece after piece, and `printTokens` gives the text back.
 * @param {Library} lib
 * @param {string} text
 */
export function checkTokens(lib, text) {
  const pieces = lib.tokenize(text);
  let pos = 0;
  for (const p of pieces) {
    if (p.start !== pos || p.end <= p.start || p.text !== text.slice(p.start, p.end))
      throw new Error(`token piece ${p.kind} [${p.start}, ${p.end}) does not continue at ${pos} or has the wrong text`);
    pos = p.end;
  }
  if (pos !== text.length) throw new Error(`token pieces end at ${pos}, the text at ${text.length}`);
  const printed = lib.printTokens(pieces);
  if (printed !== text) throw new Error("printTokens(tokenize(text)) is not the text");
  return pieces;
}

/**
 * Decode and parse file bytes, checking everything that must hold for any bytes: no throw, the
 * bytes round-trip, the parse ends in time and its result is consistent.
 * @param {Library} lib
 * @param {Uint8Array} bytes
 */
export function checkBytes(lib, bytes, file = "fuzz.mof") {
  const source = lib.decodeMof(bytes);
  const back = lib.encodeMof(source);
  if (!equalBytes(back, bytes))
    throw new Error(`encodeMof(decodeMof(bytes)) differs from the bytes (${source.encoding}, bom ${source.bom}, ${bytes.length} bytes in, ${back.length} out)`);
  const started = performance.now();
  const doc = lib.parseMof(source, { file });
  const ms = performance.now() - started;
  if (ms > PARSE_TIME_LIMIT_MS) throw new Error(`parsing ${bytes.length} bytes took ${ms.toFixed(0)} ms`);
  checkDocument(lib, doc);
  checkTokens(lib, source.text);
  return doc;
}

function equalBytes(/** @type {Uint8Array} */ a, /** @type {Uint8Array} */ b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Properties

/**
 * Generated valid MOF: scans to exactly the tokens and comments written, parses without any
 * diagnostic to the AST the generator meant, and printing its token stream and parsing again
 * gives the same AST, offsets included.
 * @param {Library} lib
 * @param {import("./mof-arbitrary.mjs").GeneratedMof} generated
 */
export function checkGenerated(lib, generated) {
  const { text } = generated;
  const pieces = checkTokens(lib, text);
  const tokens = pieces.filter((p) => p.kind === "token").map((p) => p.text);
  sameJson(JSON.stringify(tokens), JSON.stringify(generated.tokens), "scanned tokens and written tokens");
  const comments = pieces.filter((p) => p.kind === "comment").map((p) => p.text);
  sameJson(JSON.stringify(comments), JSON.stringify(generated.comments), "scanned comments and written comments");
  const odd = pieces.find((p) => p.kind !== "token" && p.kind !== "comment" && p.kind !== "whitespace");
  if (odd) throw new Error(`tokenize found a ${odd.kind} piece ${JSON.stringify(odd.text)} at ${odd.start}`);

  const doc = lib.parseMof(text);
  if (doc.diagnostics.length > 0) {
    const d = doc.diagnostics[0];
    throw new Error(
      `valid MOF gave ${doc.diagnostics.length} diagnostic(s), first: ${d.code} at ${d.line}:${d.column} "${d.message}" near ${JSON.stringify(text.slice(Math.max(0, d.start - 30), d.end + 30))}`,
    );
  }
  checkDocument(lib, doc);
  sameJson(canonicalJson(project(lib, doc)), canonicalJson(generated.models), "parsed AST and generated model");

  const again = lib.parseMof(lib.printTokens(pieces));
  sameJson(astJson(again.productions), astJson(doc.productions), "AST of the printed text and AST of the text");
  return doc;
}

/**
 * A generated document with `#define`d constants: each use is one token of `tokenize`, and the
 * AST holds the constant's value wherever it is used.
 * @param {Library} lib
 * @param {import("./mof-arbitrary.mjs").GeneratedMof} generated
 */
export function checkMacros(lib, generated) {
  const pieces = checkTokens(lib, generated.text);
  sameJson(JSON.stringify(pieces.filter((p) => p.kind === "token").map((p) => p.text)), JSON.stringify(generated.tokens), "scanned tokens and written tokens");
  const directives = pieces.filter((p) => p.kind === "directive").length;
  if (directives !== generated.text.split("#define").length - 1) throw new Error(`tokenize found ${directives} directives`);
  const doc = lib.parseMof(generated.text);
  if (doc.diagnostics.length > 0) throw new Error(`macro use gave ${doc.diagnostics[0].code}: ${doc.diagnostics[0].message}`);
  checkDocument(lib, doc);
  sameJson(canonicalJson(project(lib, doc)), canonicalJson(generated.models), "parsed AST and generated model");
}

/**
 * Generated MOF written in another encoding, BOM choice and line-ending mix: the bytes
 * round-trip; a BOM, or an encoding detected as written, gives the text back exactly, and then
 * the same AST model. BOM-less UTF-16 of mostly-ASCII text must be detected.
 * @param {Library} lib
 * @param {import("./mof-arbitrary.mjs").GeneratedMof} generated
 * @param {import("./mof-arbitrary.mjs").Reencoding} how
 */
export function checkReencoded(lib, generated, how) {
  const { bytes, text } = reencode(generated.text, how);
  const doc = checkBytes(lib, bytes);
  const source = doc.source;
  const bomWritten = how.bom && how.encoding !== "windows1252";
  if (bomWritten && (source.encoding !== how.encoding || !source.bom))
    throw new Error(`a ${how.encoding} BOM was read as ${source.encoding} (bom ${source.bom})`);
  if (how.encoding.startsWith("utf16") && !bomWritten && mostlyAscii(text) && source.encoding !== how.encoding)
    throw new Error(`BOM-less ${how.encoding} was read as ${source.encoding}`);
  const asWritten = source.encoding === how.encoding || /^[\x00-\x7f]*$/.test(text);
  if (!asWritten) return;
  if (source.text !== text) throw new Error(`decoded text differs from the text written (${how.encoding}, bom ${how.bom})`);
  // Only line breaks changed (and nothing was replaced to fit the encoding): the AST says the same.
  if (text.replace(/\r\n|\r/g, "\n") === generated.text.replace(/\r\n|\r/g, "\n")) {
    if (doc.diagnostics.length > 0) throw new Error(`re-encoded valid MOF gave ${doc.diagnostics[0].code}: ${doc.diagnostics[0].message}`);
    sameJson(canonicalJson(project(lib, doc)), canonicalJson(generated.models), "re-encoded AST and generated model");
  }
}

/** Four fifths of the characters are ASCII and none is NUL: BOM-less UTF-16 sniffing must work. */
function mostlyAscii(/** @type {string} */ text) {
  if (text.length === 0) return false;
  let ascii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if (c < 0x80) ascii++;
  }
  return ascii * 5 >= text.length * 4;
}

/**
 * Parse every prefix of a file that ends at a token boundary (or at every offset, with
 * `everyOffset`), checking the invariants. Returns how many prefixes were parsed.
 * @param {Library} lib
 * @param {string} text
 */
export function checkTruncations(lib, text, everyOffset = false) {
  const cuts = new Set([0, text.length]);
  if (everyOffset) for (let i = 0; i < text.length; i++) cuts.add(i);
  else for (const p of lib.tokenize(text)) cuts.add(p.start).add(p.end);
  for (const cut of cuts) {
    const prefix = text.slice(0, cut);
    try {
      const doc = lib.parseMof(prefix);
      checkDocument(lib, doc);
      checkTokens(lib, prefix);
    } catch (e) {
      throw new Error(`prefix of ${cut} characters: ${/** @type {Error} */ (e).message}`, { cause: e });
    }
  }
  return cuts.size;
}

/**
 * A few corpus files to damage, small enough to mutate quickly: the smallest of each
 * (encoding, line endings) kind of the manifest and the smallest files known to be broken.
 * @param {{ path: string, encoding: string, lineEndings: string }[]} manifest
 * @param {{ path: string, expect: string }[]} expected
 * @param {(path: string) => number} sizeOf Size in bytes of a corpus file.
 */
export function pickCorpusFiles(manifest, expected, sizeOf, maxBytes = 40_000) {
  const sized = manifest.map((r) => ({ ...r, size: sizeOf(r.path) })).filter((r) => r.size > 0 && r.size <= maxBytes);
  sized.sort((a, b) => a.size - b.size || (a.path < b.path ? -1 : 1));
  const picked = new Set();
  const kinds = new Set();
  for (const r of sized) {
    const kind = r.encoding + " " + r.lineEndings;
    if (!kinds.has(kind)) picked.add(r.path);
    kinds.add(kind);
  }
  const broken = new Set(expected.filter((e) => e.expect !== "valid").map((e) => e.path));
  for (const r of sized.filter((r) => broken.has(r.path)).slice(0, 3)) picked.add(r.path);
  return [...picked];
}

/**
 * Every property, ready for `fc.assert` or `fc.check`. `inputs` are the real files to damage;
 * `soupAvoid` leaves pieces out of the token soup (see `tokenSoup`).
 * @param {Library} lib
 * @param {FuzzInput[]} inputs
 * @param {{ soupAvoid?: string[] }} [options]
 * @returns {NamedProperty[]}
 */
export function fuzzProperties(lib, inputs, options = {}) {
  // Files are drawn by name so that a counterexample prints short.
  const files = new Map(inputs.map((i) => [i.name, i.bytes]));
  const input = fc.constantFrom(...files.keys());
  const bytesOf = (/** @type {string} */ name) => /** @type {Uint8Array} */ (files.get(name));
  return [
    {
      name: "generated MOF scans, parses to its model and prints back",
      arbitraries: [mofDocument()],
      predicate: (g) => void checkGenerated(lib, g),
      weight: 2,
    },
    {
      name: "#define constants expand where they are used",
      arbitraries: [macroDocument()],
      predicate: (g) => checkMacros(lib, g),
      weight: 0.5,
    },
    {
      name: "generated MOF in any encoding, BOM and line endings",
      arbitraries: [mofDocument(3), reencoding],
      predicate: (g, how) => checkReencoded(lib, g, how),
      weight: 1,
    },
    {
      name: "mutated real files never break decoding or parsing",
      arbitraries: [input, edits],
      predicate: (name, list) => void checkBytes(lib, applyEdits(bytesOf(name), list), name),
      weight: 2,
    },
    {
      name: "real files in any encoding, BOM and line endings",
      arbitraries: [input, reencoding],
      predicate: (name, how) => {
        const original = lib.decodeMof(bytesOf(name));
        const { bytes, text } = reencode(original.text, how);
        const doc = checkBytes(lib, bytes, name);
        const bomWritten = how.bom && how.encoding !== "windows1252";
        if ((bomWritten || doc.source.encoding === how.encoding) && doc.source.text !== text)
          throw new Error(`${name} as ${how.encoding} (bom ${how.bom}) decoded to a different text`);
      },
      weight: 1,
    },
    {
      name: "token soup never breaks the parser",
      arbitraries: [tokenSoup({ avoid: options.soupAvoid })],
      predicate: (text) => {
        const doc = lib.parseMof(text);
        checkDocument(lib, doc);
        checkTokens(lib, text);
      },
      weight: 2,
    },
    {
      name: "random bytes never break decoding or parsing",
      arbitraries: [fc.uint8Array({ maxLength: 512 })],
      predicate: (bytes) => void checkBytes(lib, bytes),
      weight: 1,
    },
  ];
}
