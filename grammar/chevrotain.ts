/**
 * The parts of Chevrotain the grammar uses, from one place. Chevrotain's default entry point is
 * hundreds of small files and takes ~200 ms to load, so every build and the test runner resolve
 * `chevrotain` to the single ES module file the package ships (`lib/chevrotain.mjs`), which loads
 * in a few milliseconds; the bundles built by `npm run build` carry it inside them.
 */
export { createToken, EmbeddedActionsParser, EOF, LLkLookaheadStrategy, tokenMatcher } from "chevrotain";
export type { IToken, TokenType, IParserErrorMessageProvider, IRecognitionException, ILookaheadStrategy } from "chevrotain";
