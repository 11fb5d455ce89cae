/**
 * The library's public boundary: bad MOF text is a diagnostic, but a wrong argument (a number
 * where a path belongs, an unknown encoding) is a TypeError that names the function and the
 * argument, thrown at once instead of somewhere deep inside, and documented on the function.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as library from "mof-migrate";
import { applyEdits, tokenize } from "mof-migrate/syntax";

const root = join(import.meta.dirname, "..");
const functions = Object.entries(library).filter(([, v]) => typeof v === "function") as [string, (...args: unknown[]) => unknown][];

async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("wrong arguments", () => {
  it("every function of the main entry throws a TypeError naming itself, for a number as its first argument", async () => {
    expect(functions.length).toBeGreaterThanOrEqual(20);
    for (const [name, fn] of functions) {
      const error = await thrown(() => fn(42));
      expect(error, name).toBeInstanceOf(TypeError);
      expect((error as Error).message, name).toMatch(new RegExp(`^${name}: .+, not the number 42$`));
      expect((error as NodeJS.ErrnoException).code, name).toBe("ERR_INVALID_ARG_TYPE");
    }
  });

  it("every function says in its documentation what it throws", () => {
    const index = readFileSync(join(root, "src", "index.ts"), "utf8");
    for (const [name] of functions) {
      const from = new RegExp(`export \\{[^}]*\\b${name}\\b[^}]*\\} from "\\./([^"]+)\\.js"`).exec(index);
      expect(from, name).not.toBeNull();
      const source = readFileSync(join(root, "src", `${from![1]}.ts`), "utf8");
      const declaration = source.search(new RegExp(`^export (async )?function ${name}\\(`, "m"));
      expect(declaration, name).toBeGreaterThan(0);
      const comment = source.slice(source.lastIndexOf("/**", declaration), declaration);
      expect(comment, name).toContain("@throws TypeError");
    }
  });

  it("names the argument and what it got", async () => {
    expect(() => library.parseMof(null as never)).toThrow("parseMof: input must be a string or the SourceText from decodeMof, not null");
    expect(() => library.parseMof({} as never)).toThrow(
      "parseMof: input must be a string or the SourceText from decodeMof; its text must be a string, not undefined",
    );
    expect(() => library.parseMof("class A {};", { file: 5 } as never)).toThrow("parseMof: options.file must be a string, not the number 5");
    expect(() => library.planMigration({} as never)).toThrow(/^planMigration: input\.sources must be a MofProgram/);
    const doc = library.parseMof("class A {};");
    const program = library.programFromDocuments([doc]);
    expect(() => library.planMigration({ sources: program, configurationMof: doc, smsDefMof: "SMS_def.mof" } as never)).toThrow(
      /^planMigration: input\.smsDefMof must be a MofDocument \(from parseMof or readMofFile\), not the string "SMS_def\.mof"$/,
    );
    // A Current Branch target needs no smsDefMof, but its own parts are checked.
    const cb = { sources: program, configurationMof: doc } as const;
    expect(library.planMigration({ ...cb, target: { kind: "current-branch", importMof: "inventory-classes.mof" } }).kind).toBe("current-branch");
    expect(() => library.planMigration({ ...cb, target: { kind: "current-branch", importMof: 3 } } as never)).toThrow(
      /^planMigration: input\.target\.importMof must be a MofDocument .* or a path, not the number 3$/,
    );
    expect(() => library.planMigration({ ...cb, target: { kind: "cb" } } as never)).toThrow(/^planMigration: input\.target must be/);
    expect(() => library.planMigration({ ...cb, target: { kind: "current-branch", importMof: doc, siteClasses: "site.mof" } } as never)).toThrow(
      'planMigration: input.target.siteClasses must be a MofProgram or a MofDocument, not the string "site.mof"',
    );
    await expect(library.loadMofFiles(["a.mof", 7] as never)).rejects.toThrow("loadMofFiles: paths[1] must be a file path, not the number 7");
    await expect(library.findMofFiles("samples" as never)).rejects.toThrow(/^findMofFiles: inputs must be an array/);
    expect(() => tokenize(undefined as never)).toThrow("tokenize: text must be a string, not undefined");
    expect(() => applyEdits("abc", [{ offset: "1" }] as never)).toThrow(/^applyEdits: edits\[0\] must be a TextEdit/);
  });

  it("encodeMof refuses an encoding it does not know instead of returning nothing", () => {
    expect(() => library.encodeMof({ text: "x", encoding: "latin1" as never, bom: false })).toThrow(
      'encodeMof: source.encoding must be one of utf8, utf16le, utf16be, windows1252, not the string "latin1"',
    );
    expect(() => library.encodeMof({ text: "x", encoding: "utf16le", bom: false, trailingByte: 300 })).toThrow(TypeError);
    // The data still decides nothing here: a character the encoding cannot hold is a RangeError, as documented.
    expect(() => library.encodeMof({ text: "Ω", encoding: "windows1252", bom: false })).toThrow(RangeError);
  });

  it("readMofFile never reads a number as a file descriptor", async () => {
    await expect(library.readMofFile(0 as never)).rejects.toThrow(TypeError);
  });

  it("right arguments still work, and bad MOF text is a diagnostic", () => {
    const doc = library.parseMof("class A { string B };", { file: "a.mof" });
    expect(doc.diagnostics.map((d) => d.code)).toEqual(["expected-semicolon"]);
    expect(library.decodeMof(Buffer.from("x")).text).toBe("x");
    expect(library.hasErrors(doc.diagnostics)).toBe(true);
    expect(library.formatDiagnostics(doc.diagnostics, { documents: [doc] })).toContain("a.mof:1:");
  });
});
