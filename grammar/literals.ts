/**
 * The values of literal tokens: the escapes of string and char16 literals, and integers in any
 * radix. Malformed literals are reported by the scanner; here they decode to something usable.
 */

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

export function integer(image: string): { value: bigint; radix: 2 | 8 | 10 | 16 } {
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
