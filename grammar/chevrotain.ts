/**
 * Chevrotain, loaded from the single minified ES module the package ships. Its default entry
 * point is hundreds of small CommonJS files and takes ~200 ms to load; the bundle takes ~15 ms,
 * which matters for a CLI that is often run on one small file. The package's `exports` map does
 * not list the bundle, so it is located next to the resolved entry point.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

const entry = createRequire(import.meta.url).resolve("chevrotain");
const bundle = join(dirname(entry), "..", "chevrotain.min.mjs");

let loaded: typeof Chevrotain;
try {
  loaded = (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;
} catch {
  // A repackaged chevrotain without the bundle still works, only slower to load.
  loaded = await import("chevrotain");
}

export const { createToken, EmbeddedActionsParser, EOF, tokenMatcher } = loaded;
export type { IToken, TokenType, IParserErrorMessageProvider, IRecognitionException } from "chevrotain";
