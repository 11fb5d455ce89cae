/**
 * File bytes <-> decoded text, losslessly.
 *
 * `encodeMof(decodeMof(bytes))` gives back exactly `bytes` for every input:
 * detection may guess the "wrong" encoding for odd inputs, but every path
 * below decodes in a way that can be reversed byte for byte.
 */
import { Buffer, isUtf8 } from "node:buffer";
import { createRequire } from "node:module";
import { checkArgument, checkShape, invalidArgument } from "../util/arguments.js";
import { countLineBreaks, type LineEnding } from "./eol.js";

export type { LineEnding } from "./eol.js";

// iconv-lite builds its code-page tables when loaded; most MOF files are UTF-8 or UTF-16, so it
// is loaded on the first windows-1252 file only (start-up time of the CLI counts).
const load = createRequire(import.meta.url);
let iconvLite: typeof import("iconv-lite") | undefined;
const iconv = () => (iconvLite ??= load("iconv-lite") as typeof import("iconv-lite"));

/** Text encodings a MOF file can be read from and written back in. */
export type Encoding = "utf8" | "utf16le" | "utf16be" | "windows1252";

const ENCODINGS: readonly string[] = ["utf8", "utf16le", "utf16be", "windows1252"] satisfies Encoding[];

/** A decoded MOF file plus everything needed to write it back unchanged. */
export interface SourceText {
  /** Decoded text, exactly as in the file (BOM removed, line endings untouched). */
  readonly text: string;
  /** Encoding the file was decoded with; used again when writing. */
  readonly encoding: Encoding;
  /** The file started with a byte-order mark. */
  readonly bom: boolean;
  /** Dominant line ending, used for any text we add. "\r\n" when the file has no line break. */
  readonly eol: LineEnding;
  /** The file mixes line-ending styles. */
  readonly mixedEol: boolean;
  /** The text ends with a line break. */
  readonly finalNewline: boolean;
  /**
   * Only for a UTF-16 file with an odd number of bytes: the last byte, which
   * is half a code unit and so cannot be part of `text`. `encodeMof` appends
   * it again (for utf16le/utf16be only). Absent in every other case.
   */
  readonly trailingByte?: number;
}

/** How many leading bytes the BOM-less UTF-16 sniffing looks at. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The 256 characters of windows-1252, indexed by byte. iconv-lite decodes the
 * five bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) to
 * U+FFFD, which would lose them; like the WHATWG Encoding Standard we map each
 * to the C1 control with the same value instead.
 */
let cp1252Chars: string | undefined;
const CP1252_CHARS = () => (cp1252Chars ??= fixUndefined1252(Buffer.from(Array.from({ length: 256 }, (_, i) => i))));

/** Matches one character (code point) that windows-1252 cannot hold. */
let not1252: RegExp | undefined;
const NOT_1252 = () =>
  (not1252 ??= new RegExp("[^" + Array.from(CP1252_CHARS(), (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("") + "]", "gu"));

/** Matches a high surrogate without a low one after it, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The C1 controls we use for windows-1252's undefined bytes; iconv-lite cannot encode them. */
const C1_1252 = /[\x81\x8D\x8F\x90\x9D]/g;

/**
 * Decode the bytes of a MOF file, detecting its encoding.
 *
 * Order: a BOM (UTF-8, UTF-16LE, UTF-16BE) wins; then BOM-less UTF-16 (even
 * length, ASCII-like zero pattern); then strictly valid UTF-8; else
 * windows-1252, which can decode any byte sequence. A BOM'd UTF-8 file whose
 * body is not valid UTF-8 is decoded as windows-1252 whole (BOM bytes become
 * "ï»¿" in the text) so nothing is lost. An empty file is "" in utf8.
 *
 * @throws TypeError when `bytes` is not a `Uint8Array` (a `Buffer` is one).
 */
export function decodeMof(bytes: Uint8Array): SourceText {
  checkArgument("decodeMof", "bytes", bytes, "bytes");
  // Wrap, don't copy: files may be 100 MB.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const body = buf.subarray(3);
    if (isUtf8(body)) return withText(body.toString("utf8"), "utf8", true);
  } else if (buf[0] === 0xff && buf[1] === 0xfe) {
    return decodeUtf16(buf, 2, "utf16le", true);
  } else if (buf[0] === 0xfe && buf[1] === 0xff) {
    return decodeUtf16(buf, 2, "utf16be", true);
  } else {
    const sniffed = sniffUtf16(buf);
    if (sniffed) return decodeUtf16(buf, 0, sniffed, false);
    // isUtf8 is strict: it rejects overlongs, encoded surrogates and truncated sequences.
    if (isUtf8(buf)) return withText(buf.toString("utf8"), "utf8", false);
  }
  return withText(fixUndefined1252(buf), "windows1252", false);
}

/**
 * Wrap a string (e.g. a test snippet or edited text) as a SourceText.
 * `encoding`, `bom`, `eol` and `trailingByte` come from `like` when given
 * (defaults: utf8, no BOM, eol detected from `text`). `mixedEol` and
 * `finalNewline` always describe `text` itself, so values in `like` are ignored.
 */
export function sourceFromString(text: string, like: Partial<Omit<SourceText, "text">> = {}): SourceText {
  const detected = withText(text, like.encoding ?? "utf8", like.bom ?? false);
  const source = like.eol ? { ...detected, eol: like.eol } : detected;
  return like.trailingByte === undefined ? source : { ...source, trailingByte: like.trailingByte };
}

/**
 * Encode text back to file bytes: the BOM (if `bom`) then the text, then
 * `trailingByte` for UTF-16. `bom` is ignored for windows1252, which has none.
 * Throws a RangeError if the text holds a character the encoding cannot
 * represent (see {@link findUnencodable}) rather than writing a lossy "?".
 *
 * @throws TypeError when `source` has no string `text`, an `encoding` that is not one of
 * {@link Encoding}, or a `trailingByte` that is not a byte.
 * @throws RangeError when the text holds a character the encoding cannot hold.
 */
export function encodeMof(source: Pick<SourceText, "text" | "encoding" | "bom" | "trailingByte">): Uint8Array {
  checkShape("encodeMof", "source", source, "a SourceText (text, encoding, bom)", { text: "string" });
  const { text, encoding, bom, trailingByte } = source;
  if (!ENCODINGS.includes(encoding)) throw invalidArgument("encodeMof", `source.encoding must be one of ${ENCODINGS.join(", ")}`, encoding);
  if (trailingByte !== undefined && !(Number.isInteger(trailingByte) && trailingByte >= 0 && trailingByte <= 255))
    throw invalidArgument("encodeMof", "source.trailingByte must be a byte (0 to 255)", trailingByte);
  const bad = firstUnencodable(text, encoding);
  if (bad !== -1) {
    const code = text.codePointAt(bad)!.toString(16).toUpperCase().padStart(4, "0");
    throw new RangeError(`Cannot encode U+${code} at offset ${bad} in ${encoding}`);
  }
  const bomText = bom ? "\uFEFF" : "";
  switch (encoding) {
    case "utf8":
      return Buffer.from(bomText + text, "utf8");
    case "windows1252": {
      const out = iconv().encode(text, "windows1252");
      // Every char is one byte here (all are BMP), so string offsets are byte offsets.
      for (const m of text.matchAll(C1_1252)) out[m.index] = text.charCodeAt(m.index);
      return out;
    }
    case "utf16le":
    case "utf16be": {
      let out = Buffer.from(bomText + text, "utf16le");
      if (encoding === "utf16be") out.swap16();
      if (trailingByte !== undefined) out = Buffer.concat([out, Buffer.of(trailingByte)]);
      return out;
    }
  }
}

/** Offsets (UTF-16 code-unit offsets into text) of characters the encoding cannot hold, e.g. "€" is fine in windows1252 but "Ω" is not; lone surrogates cannot be held by utf8. Empty array when all fit. */
export function findUnencodable(text: string, encoding: Encoding): number[] {
  const re = unencodablePattern(encoding);
  return re ? Array.from(text.matchAll(re), (m) => m.index) : [];
}

/** UTF-16 can hold every code unit, lone surrogates included, so it has no pattern. */
function unencodablePattern(encoding: Encoding): RegExp | undefined {
  if (encoding === "utf8") return LONE_SURROGATE;
  if (encoding === "windows1252") return NOT_1252();
  return undefined;
}

function firstUnencodable(text: string, encoding: Encoding): number {
  const re = unencodablePattern(encoding);
  return re ? text.search(re) : -1; // search ignores and keeps lastIndex
}

/**
 * What windows-1252 puts at 0x80-0x9F, where it differs from Latin-1 (the five bytes it leaves
 * undefined stay C1 controls). The rest of the code page is Latin-1, which Node.js decodes
 * natively: reading a windows-1252 file then needs no code-page tables (iconv-lite takes ~10 ms
 * to load, a fifth of a short `check`); Node.js 20's own "windows-1252" decoder is Latin-1.
 */
const CP1252_80_9F =
  "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178";

/** windows-1252 decode, with the undefined bytes kept as C1 controls. */
function fixUndefined1252(buf: Buffer): string {
  return buf.toString("latin1").replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

/**
 * Decode UTF-16 starting at `start`. Node's "utf16le" decoder copies code
 * units as they are, so lone surrogates survive (TextDecoder would replace
 * them). A dangling odd byte goes to `trailingByte`.
 */
function decodeUtf16(buf: Buffer, start: number, encoding: "utf16le" | "utf16be", bom: boolean): SourceText {
  const end = start + ((buf.length - start) & ~1);
  let body = buf.subarray(start, end);
  // Swap a copy: the caller's bytes must not change.
  if (encoding === "utf16be") body = Buffer.from(body).swap16();
  const source = withText(body.toString("utf16le"), encoding, bom);
  return end < buf.length ? { ...source, trailingByte: buf[end] } : source;
}

/**
 * Spot BOM-less UTF-16 of mostly-ASCII text: one byte of nearly every pair
 * is zero and the other almost never is. Odd lengths are never UTF-16 here.
 */
function sniffUtf16(buf: Buffer): "utf16le" | "utf16be" | undefined {
  if (buf.length === 0 || buf.length % 2 !== 0) return undefined;
  const n = Math.min(buf.length, SNIFF_BYTES);
  // Text without any zero byte cannot be UTF-16 of ASCII-range text: skip the count (native search).
  if (buf.indexOf(0) < 0 || buf.indexOf(0) >= n) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) zeroEven++;
    if (buf[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd * 2 >= pairs && zeroEven * 10 <= pairs) return "utf16le";
  if (zeroEven * 2 >= pairs && zeroOdd * 10 <= pairs) return "utf16be";
  return undefined;
}

/** Build a SourceText, measuring the line endings of `text`. */
function withText(text: string, encoding: Encoding, bom: boolean): SourceText {
  const { crlf, cr, lf } = countLineBreaks(text);
  // Ties go to CRLF, the native style of the Windows tools that read MOF files.
  let eol: LineEnding = "\r\n";
  if (lf > crlf && lf >= cr) eol = "\n";
  else if (cr > crlf && cr > lf) eol = "\r";
  const styles = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const last = text.charCodeAt(text.length - 1);
  return { text, encoding, bom, eol, mixedEol: styles > 1, finalNewline: last === 10 || last === 13 };
}
