import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { decodeMof, encodeMof, type Encoding } from "mof-migrate";
import { convertLineEndings, findUnencodable, sourceFromString } from "mof-migrate/syntax";

const bytes = (...b: number[]) => Uint8Array.from(b);
const latin = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const le = (s: string) => new Uint8Array(Buffer.from(s, "utf16le"));
const be = (s: string) => new Uint8Array(Buffer.from(s, "utf16le").swap16());

/** Decode, check the round trip is byte-identical, and return the decoded source. */
function roundTrip(input: Uint8Array) {
  const copy = Uint8Array.from(input);
  const source = decodeMof(input);
  const out = Buffer.from(encodeMof(source));
  // Deep-equal is slow on big buffers: compare natively, diff only on failure.
  if (!out.equals(copy)) expect(out).toEqual(Buffer.from(copy));
  expect(Buffer.from(input).equals(copy)).toBe(true); // decoding must not mutate the caller's bytes
  return source;
}

describe("decodeMof: encodings", () => {
  const text = "class Foo\r\n{\r\n  string Name; // café Ω 😀\r\n};\r\n";

  it("utf8 without BOM", () => {
    const s = roundTrip(new Uint8Array(Buffer.from(text, "utf8")));
    expect(s).toMatchObject({ text, encoding: "utf8", bom: false });
  });

  it("utf8 with BOM", () => {
    const s = roundTrip(new Uint8Array(Buffer.from("\uFEFF" + text, "utf8")));
    expect(s).toMatchObject({ text, encoding: "utf8", bom: true });
  });

  it("keeps a second BOM after the UTF-8 BOM as text", () => {
    const s = roundTrip(new Uint8Array(Buffer.from("\uFEFF\uFEFFx", "utf8")));
    expect(s).toMatchObject({ text: "\uFEFFx", encoding: "utf8", bom: true });
  });

  it("pure ASCII is utf8", () => {
    const s = roundTrip(latin('#pragma namespace("\\\\\\\\.\\\\root")\n'));
    expect(s).toMatchObject({ encoding: "utf8", bom: false });
  });

  it("utf16le with BOM", () => {
    const s = roundTrip(bytes(0xff, 0xfe, ...le(text)));
    expect(s).toMatchObject({ text, encoding: "utf16le", bom: true });
    expect(s.trailingByte).toBeUndefined();
  });

  it("utf16be with BOM", () => {
    const s = roundTrip(bytes(0xfe, 0xff, ...be(text)));
    expect(s).toMatchObject({ text, encoding: "utf16be", bom: true });
  });

  it("a BOM alone is an empty text", () => {
    expect(roundTrip(bytes(0xff, 0xfe))).toMatchObject({ text: "", encoding: "utf16le", bom: true });
    expect(roundTrip(bytes(0xef, 0xbb, 0xbf))).toMatchObject({ text: "", encoding: "utf8", bom: true });
  });

  it("windows1252 when not valid UTF-8", () => {
    const s = roundTrip(latin("caf\xe9"));
    expect(s).toMatchObject({ text: "café", encoding: "windows1252", bom: false });
  });

  it("windows1252 maps 0x80-0x9F to the code page's characters", () => {
    const s = roundTrip(latin("\x80 \x99 \x9f \xe9"));
    expect(s.text).toBe("€ ™ Ÿ é");
  });

  it("a UTF-8 BOM before invalid UTF-8 falls back to windows1252 for the whole file", () => {
    const s = roundTrip(bytes(0xef, 0xbb, 0xbf, 0x41, 0xe9));
    expect(s).toMatchObject({ text: "ï»¿Aé", encoding: "windows1252", bom: false });
  });

  it("empty file is empty utf8 without BOM", () => {
    const s = roundTrip(new Uint8Array(0));
    expect(s).toEqual({ text: "", encoding: "utf8", bom: false, eol: "\r\n", mixedEol: false, finalNewline: false });
  });

  it("works on a subarray view (byteOffset != 0)", () => {
    const whole = latin("xxxcaf\xe9");
    const s = decodeMof(whole.subarray(3));
    expect(s).toMatchObject({ text: "café", encoding: "windows1252" });
  });
});

describe("decodeMof: strict UTF-8 validation", () => {
  const cases: [string, number[]][] = [
    ["overlong NUL", [0x41, 0xc0, 0x80]],
    ["overlong slash", [0x41, 0xe0, 0x80, 0xaf]],
    ["encoded surrogate", [0x41, 0xed, 0xa0, 0x80]],
    ["truncated sequence", [0x41, 0xe2, 0x82]],
    ["above U+10FFFF", [0x41, 0xf4, 0x90, 0x80, 0x80]],
  ];
  for (const [name, b] of cases) {
    it(`rejects ${name} and falls back to windows1252`, () => {
      expect(roundTrip(bytes(...b)).encoding).toBe("windows1252");
    });
  }

  it("keeps NUL bytes in UTF-8 and windows-1252 text", () => {
    expect(roundTrip(latin("a\0b\0\0é".replace("é", "\xc3\xa9")))).toMatchObject({ text: "a\0b\0\0é", encoding: "utf8" });
    expect(roundTrip(latin("a\0\xe9"))).toMatchObject({ text: "a\0é", encoding: "windows1252" });
  });
});

describe("decodeMof: BOM-less UTF-16", () => {
  it("detects a tiny UTF-16LE file", () => {
    const s = roundTrip(le("//\r\n"));
    expect(s).toMatchObject({ text: "//\r\n", encoding: "utf16le", bom: false });
  });

  it("detects a one-character UTF-16LE file", () => {
    expect(roundTrip(le("A"))).toMatchObject({ text: "A", encoding: "utf16le" });
  });

  it("detects a long UTF-16LE file", () => {
    const text = 'instance of Win32_Foo { Name = "é"; };\r\n'.repeat(5000);
    const s = roundTrip(le(text));
    expect(s).toMatchObject({ text, encoding: "utf16le", bom: false });
  });

  it("detects a UTF-16LE file with some non-ASCII characters", () => {
    const text = "// Ωμέγα 日本\r\nclass A {};\r\n";
    expect(roundTrip(le(text))).toMatchObject({ text, encoding: "utf16le" });
  });

  it("detects BOM-less UTF-16BE", () => {
    const text = "#pragma autorecover\r\n";
    expect(roundTrip(be(text))).toMatchObject({ text, encoding: "utf16be", bom: false });
  });

  it("does not treat odd-length input as BOM-less UTF-16", () => {
    const s = roundTrip(bytes(...le("AB"), 0x43));
    expect(s).toMatchObject({ text: "A\0B\0C", encoding: "utf8" });
  });

  it("does not treat ordinary ASCII as UTF-16", () => {
    expect(roundTrip(latin("ab")).encoding).toBe("utf8");
  });
});

describe("decodeMof: lossless edge cases", () => {
  it("round-trips all 256 byte values as windows1252", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = roundTrip(all);
    expect(s.encoding).toBe("windows1252");
    expect(s.text).toHaveLength(256);
  });

  it("maps the five undefined windows-1252 bytes to C1 controls", () => {
    const s = roundTrip(bytes(0xe9, 0x81, 0x8d, 0x8f, 0x90, 0x9d));
    expect(s.text).toBe("é\u0081\u008D\u008F\u0090\u009D");
  });

  it("round-trips every byte value after each BOM", () => {
    const all = Array.from({ length: 256 }, (_, i) => i);
    for (const bom of [
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
    ])
      roundTrip(bytes(...bom, ...all));
  });

  it("keeps lone surrogates in UTF-16LE", () => {
    const text = "a\uD800b\uDC00c\uDBFF";
    const s = roundTrip(bytes(0xff, 0xfe, ...le(text)));
    expect(s.text).toBe(text);
  });

  it("keeps lone surrogates in UTF-16BE", () => {
    const text = "\uDC00x\uD83D";
    const s = roundTrip(bytes(0xfe, 0xff, ...be(text)));
    expect(s.text).toBe(text);
  });

  it("keeps the odd trailing byte of a BOM'd UTF-16LE file", () => {
    const s = roundTrip(bytes(0xff, 0xfe, ...le("ab"), 0x7f));
    expect(s).toMatchObject({ text: "ab", encoding: "utf16le", bom: true, trailingByte: 0x7f });
  });

  it("keeps the odd trailing byte of a BOM'd UTF-16BE file", () => {
    const s = roundTrip(bytes(0xfe, 0xff, ...be("x"), 0x00));
    expect(s).toMatchObject({ text: "x", encoding: "utf16be", trailingByte: 0 });
  });

  it("a three-byte FF FE xx file keeps xx as the trailing byte", () => {
    expect(roundTrip(bytes(0xff, 0xfe, 0x41))).toMatchObject({ text: "", trailingByte: 0x41 });
  });

  it("round-trips pseudo-random inputs", () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (let n = 0; n < 300; n++) {
      const len = rnd() % 40;
      // Bias towards zeros so some inputs look like UTF-16.
      roundTrip(Uint8Array.from({ length: len }, (_, i) => (i % 2 && rnd() % 3 ? 0 : rnd() & 0xff)));
    }
  });
});

describe("line endings", () => {
  it("detects CRLF", () => {
    expect(decodeMof(latin("a\r\nb\r\n"))).toMatchObject({ eol: "\r\n", mixedEol: false, finalNewline: true });
  });

  it("detects LF", () => {
    expect(decodeMof(latin("a\nb\n"))).toMatchObject({ eol: "\n", mixedEol: false, finalNewline: true });
  });

  it("detects CR", () => {
    expect(decodeMof(latin("a\rb\r"))).toMatchObject({ eol: "\r", mixedEol: false, finalNewline: true });
  });

  it("detects mixed endings and picks the dominant one", () => {
    const s = roundTrip(latin("a\nb\nc\r\nd"));
    expect(s).toMatchObject({ eol: "\n", mixedEol: true, finalNewline: false });
    expect(s.text).toBe("a\nb\nc\r\nd");
  });

  it("picks the style a regex count of every break gives, on any mix of breaks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("\r", "\n", "\r\n", "x", "\n\r")).map((p) => p.join("")),
        (text) => {
          const styles = text.match(/\r\n|\r|\n/g) ?? [];
          const count = (eol: string) => styles.filter((s) => s === eol).length;
          const [crlf, lf, cr] = [count("\r\n"), count("\n"), count("\r")];
          const eol = lf > crlf && lf >= cr ? "\n" : cr > crlf && cr > lf ? "\r" : "\r\n";
          const mixed = [crlf, lf, cr].filter((n) => n > 0).length > 1;
          expect(sourceFromString(text)).toMatchObject({ eol, mixedEol: mixed });
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it("counts CR CR LF as one CR and one CRLF", () => {
    expect(sourceFromString("a\r\r\nb\r\n")).toMatchObject({ eol: "\r\n", mixedEol: true });
  });

  it("defaults to CRLF without line breaks", () => {
    expect(decodeMof(latin("class A {};"))).toMatchObject({ eol: "\r\n", mixedEol: false, finalNewline: false });
  });

  it("finalNewline for a trailing lone CR or LF", () => {
    expect(sourceFromString("a\n").finalNewline).toBe(true);
    expect(sourceFromString("a\r").finalNewline).toBe(true);
    expect(sourceFromString("a\n ").finalNewline).toBe(false);
  });

  it("convertLineEndings converts every style", () => {
    const text = "a\r\nb\nc\rd\r\r\ne";
    expect(convertLineEndings(text, "\n")).toBe("a\nb\nc\nd\n\ne");
    expect(convertLineEndings(text, "\r\n")).toBe("a\r\nb\r\nc\r\nd\r\n\r\ne");
    expect(convertLineEndings(text, "\r")).toBe("a\rb\rc\rd\r\re");
    expect(convertLineEndings("no breaks", "\n")).toBe("no breaks");
  });
});

describe("findUnencodable", () => {
  it("windows1252 holds the code page and C1 fill-ins, not other characters", () => {
    expect(findUnencodable("café €™Ÿ \u0081\u009D\0", "windows1252")).toEqual([]);
    expect(findUnencodable("aΩb€c\u0080", "windows1252")).toEqual([1, 5]);
  });

  it("windows1252 reports a surrogate pair once", () => {
    expect(findUnencodable("x😀y", "windows1252")).toEqual([1]);
  });

  it("utf8 rejects only lone surrogates", () => {
    expect(findUnencodable("Ω😀€", "utf8")).toEqual([]);
    expect(findUnencodable("a\uD800b\uDC00\uD83D\uDE00\uDBFF", "utf8")).toEqual([1, 3, 6]);
  });

  it("utf16 holds everything", () => {
    for (const enc of ["utf16le", "utf16be"] as Encoding[]) expect(findUnencodable("\uD800Ω😀", enc)).toEqual([]);
  });

  it("is repeatable (no leaked regex state)", () => {
    expect(findUnencodable("Ω", "windows1252")).toEqual([0]);
    expect(findUnencodable("Ω", "windows1252")).toEqual([0]);
  });
});

describe("encodeMof", () => {
  it("writes each encoding with and without BOM", () => {
    const s = { text: "é\n" };
    expect([...encodeMof({ ...s, encoding: "utf8", bom: false })]).toEqual([0xc3, 0xa9, 0x0a]);
    expect([...encodeMof({ ...s, encoding: "utf8", bom: true })]).toEqual([0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0x0a]);
    expect([...encodeMof({ ...s, encoding: "utf16le", bom: true })]).toEqual([0xff, 0xfe, 0xe9, 0, 0x0a, 0]);
    expect([...encodeMof({ ...s, encoding: "utf16be", bom: false })]).toEqual([0, 0xe9, 0, 0x0a]);
    expect([...encodeMof({ ...s, encoding: "windows1252", bom: false })]).toEqual([0xe9, 0x0a]);
  });

  it("throws instead of writing a lossy character", () => {
    expect(() => encodeMof({ text: "aΩ", encoding: "windows1252", bom: false })).toThrow(/U\+03A9 at offset 1/);
    expect(() => encodeMof({ text: "a\uD800", encoding: "utf8", bom: false })).toThrow(/U\+D800 at offset 1/);
    expect(() => encodeMof({ text: "\uFFFD", encoding: "windows1252", bom: false })).toThrow(RangeError);
  });

  it("appends trailingByte only for UTF-16", () => {
    expect([...encodeMof({ text: "a", encoding: "utf16le", bom: false, trailingByte: 9 })]).toEqual([0x61, 0, 9]);
    expect([...encodeMof({ text: "a", encoding: "utf8", bom: false, trailingByte: 9 })]).toEqual([0x61]);
  });
});

describe("sourceFromString", () => {
  it("defaults to utf8 without BOM and detects line endings", () => {
    expect(sourceFromString("a\nb\n")).toEqual({
      text: "a\nb\n",
      encoding: "utf8",
      bom: false,
      eol: "\n",
      mixedEol: false,
      finalNewline: true,
    });
  });

  it("takes encoding, bom, eol and trailingByte from like", () => {
    const original = decodeMof(bytes(0xff, 0xfe, ...le("x\r\n"), 0x01));
    const s = sourceFromString("y\nz", original);
    expect(s).toEqual({
      text: "y\nz",
      encoding: "utf16le",
      bom: true,
      eol: "\r\n",
      mixedEol: false,
      finalNewline: false,
      trailingByte: 1,
    });
    expect([...encodeMof(s)]).toEqual([0xff, 0xfe, 0x79, 0, 0x0a, 0, 0x7a, 0, 0x01]);
  });

  it("measures mixedEol and finalNewline from the text, not like", () => {
    const s = sourceFromString("a\r\nb\n", { mixedEol: false, finalNewline: false, eol: "\r" });
    expect(s).toMatchObject({ eol: "\r", mixedEol: true, finalNewline: true });
  });
});
