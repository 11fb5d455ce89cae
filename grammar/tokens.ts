/**
 * MOF token types. The scanner in `lexer.ts` produces tokens of these types; the Chevrotain
 * parser in `parser.ts` consumes them.
 *
 * Keywords are case-insensitive and most of them may also be used as names (`string Class;`),
 * so every keyword is in the `Word` category: a rule that wants a name consumes `Word` and
 * accepts keywords too; a rule that wants the keyword consumes its own type.
 */
import { createToken, type TokenType } from "./chevrotain.js";

export const Word = createToken({ name: "Word", pattern: /NOT_USED/, label: "name" });
/**
 * A piece of a string value: a string literal, or a name (a preprocessor macro the file does not
 * define). One category lets the parser take either without choosing between alternatives.
 */
export const TextPart = createToken({ name: "TextPart", pattern: /NOT_USED/, label: "string" });
export const Identifier = createToken({ name: "Identifier", pattern: /NOT_USED/, categories: [Word, TextPart] });

function keyword(name: string, text: string): TokenType {
  return createToken({ name, pattern: /NOT_USED/, categories: [Word], label: `'${text}'` });
}

export const Class = keyword("Class", "class");
export const Instance = keyword("Instance", "instance");
export const Of = keyword("Of", "of");
export const As = keyword("As", "as");
export const Ref = keyword("Ref", "ref");
export const Qualifier = keyword("Qualifier", "qualifier");
export const Scope = keyword("Scope", "scope");
export const Flavor = keyword("Flavor", "flavor");
export const True = keyword("True", "true");
export const False = keyword("False", "false");
export const Null = keyword("Null", "null");

/** Lower-case spelling -> keyword type. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ["class", Class],
  ["instance", Instance],
  ["of", Of],
  ["as", As],
  ["ref", Ref],
  ["qualifier", Qualifier],
  ["scope", Scope],
  ["flavor", Flavor],
  ["true", True],
  ["false", False],
  ["null", Null],
]);

function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'` });
}

export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const Semicolon = punct("Semicolon", ";");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Equals = punct("Equals", "=");

/** `# pragma`, with any spacing and case between `#` and the word. */
export const Pragma = createToken({ name: "Pragma", pattern: /NOT_USED/, label: "'#pragma'" });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /NOT_USED/, label: "string", categories: [TextPart] });
export const CharLiteral = createToken({ name: "CharLiteral", pattern: /NOT_USED/, label: "char16 literal" });
export const IntegerLiteral = createToken({ name: "IntegerLiteral", pattern: /NOT_USED/, label: "integer" });
export const RealLiteral = createToken({ name: "RealLiteral", pattern: /NOT_USED/, label: "real number" });
/** `$Name` */
export const AliasRef = createToken({ name: "AliasRef", pattern: /NOT_USED/, label: "alias" });

export const allTokens: TokenType[] = [
  Word,
  TextPart,
  Identifier,
  Class,
  Instance,
  Of,
  As,
  Ref,
  Qualifier,
  Scope,
  Flavor,
  True,
  False,
  Null,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Semicolon,
  Comma,
  Colon,
  Equals,
  Pragma,
  StringLiteral,
  CharLiteral,
  IntegerLiteral,
  RealLiteral,
  AliasRef,
];
