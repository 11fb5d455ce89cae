import { describe, expect, it } from "vitest";
import { parseMof, programFromDocuments, type MofDocument, type MofProgram, type PragmaNode } from "mof-migrate";
import {
  DEFAULT_NAMESPACE,
  isNamespaceWithin,
  namespaceAt,
  namespaceAtEnd,
  namespacePath,
  namespacePragmaText,
  normalizeNamespace,
  resolveNamespaces,
  walkNamespaces,
} from "mof-migrate/syntax";

const doc = (text: string, file = "a.mof") => parseMof(text, { file });

/** A program whose `#pragma include("name")` lines resolve to the given documents. */
function programWithIncludes(roots: MofDocument[], files: Record<string, MofDocument>): MofProgram {
  const includes = new Map<PragmaNode, MofDocument>();
  const all = [...roots, ...Object.values(files)];
  for (const d of all) {
    for (const p of d.productions) {
      if (p.kind === "pragma" && p.name.name.toLowerCase() === "include" && p.args[0]?.kind === "string") {
        const target = files[p.args[0].value];
        if (target) includes.set(p, target);
      }
    }
  }
  return { roots, documents: all, includes, diagnostics: [] };
}

const names = (program: MofProgram, options = {}) =>
  resolveNamespaces(program, options).map((d) => `${d.node.kind === "instance" ? d.node.className.name : d.node.name.name}@${d.namespace}`);

describe("normalizeNamespace", () => {
  it("drops the local-server prefix of an unescaped pragma string", () => {
    // "\\\\.\\root\\cimv2" in a MOF file is \\.\root\cimv2 after unescaping.
    expect(normalizeNamespace("\\\\.\\root\\cimv2")).toBe("root\\cimv2");
  });

  it("drops a named server, with either slash", () => {
    expect(normalizeNamespace("\\\\server\\root\\x")).toBe("root\\x");
    expect(normalizeNamespace("//Server01/ROOT/CimV2/SMS")).toBe("root\\cimv2\\sms");
  });

  it("accepts / and folds case", () => {
    expect(normalizeNamespace("root/cimv2")).toBe("root\\cimv2");
    expect(normalizeNamespace("ROOT\\CIMV2\\Sms")).toBe("root\\cimv2\\sms");
  });

  it("collapses the doubled backslashes of over-escaped strings", () => {
    expect(normalizeNamespace("\\\\\\\\.\\\\root\\\\Contoso")).toBe("root\\contoso");
    expect(normalizeNamespace("root\\\\cimv2\\")).toBe("root\\cimv2");
  });

  it("resolves a relative path against the current namespace", () => {
    expect(normalizeNamespace("sms", "root\\cimv2")).toBe("root\\cimv2\\sms");
    expect(normalizeNamespace("Contoso\\Inv", "ROOT")).toBe("root\\contoso\\inv");
  });

  it("resolves a relative path against root\\default without a current namespace", () => {
    expect(normalizeNamespace("sub")).toBe("root\\default\\sub");
    expect(DEFAULT_NAMESPACE).toBe("root\\default");
  });

  it("gives the current namespace for an empty path", () => {
    expect(normalizeNamespace("", "root\\cimv2")).toBe("root\\cimv2");
  });

  it("keeps the spelling in namespacePath", () => {
    expect(namespacePath("\\\\.\\root\\Contoso")).toBe("root\\Contoso");
  });

  it("writes a pragma with MOF escaping", () => {
    expect(namespacePragmaText("root\\Contoso")).toBe('#pragma namespace("\\\\\\\\.\\\\root\\\\Contoso")');
    // and that pragma parses back to the same namespace
    const parsed = doc(namespacePragmaText("root\\cimv2\\sms") + "\nclass A {};");
    expect(resolveNamespaces(programFromDocuments([parsed]))[0].namespace).toBe("root\\cimv2\\sms");
  });

  it("tells whether a namespace lies within another", () => {
    expect(isNamespaceWithin("root\\cimv2\\sms\\INV_TEMP", "root\\CIMV2\\sms")).toBe(true);
    expect(isNamespaceWithin("root\\cimv2\\sms", "root\\cimv2\\sms")).toBe(true);
    expect(isNamespaceWithin("root\\cimv2\\smsx", "root\\cimv2\\sms")).toBe(false);
  });
});

describe("resolveNamespaces", () => {
  it("starts each root document in root\\default", () => {
    const a = doc("class A {};");
    const b = doc('#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\nclass B {};');
    const c = doc("class C {};");
    expect(names(programFromDocuments([a, b, c]))).toEqual(["A@root\\default", "B@root\\cimv2", "C@root\\default"]);
  });

  it("starts in the defaultNamespace option", () => {
    expect(names(programFromDocuments([doc("class A {};")]), { defaultNamespace: "\\\\.\\ROOT\\CIMV2" })).toEqual(["A@root\\cimv2"]);
  });

  it("follows namespace pragmas, relative ones too, in any case", () => {
    const text = [
      "class A {};",
      '#PRAGMA NameSpace ("\\\\\\\\.\\\\Root\\\\CIMV2")',
      "class B {};",
      '# pragma namespace("sms")',
      "instance of B { x = 1; };",
      '#pragma namespace("//./root/Contoso")',
      "Qualifier Q : boolean = false;",
    ].join("\n");
    const resolved = resolveNamespaces(programFromDocuments([doc(text)]));
    expect(resolved.map((d) => d.namespace)).toEqual(["root\\default", "root\\cimv2", "root\\cimv2\\sms", "root\\contoso"]);
    expect(resolved.map((d) => d.namespaceSpelling)).toEqual(["root\\default", "Root\\CIMV2", "Root\\CIMV2\\sms", "root\\Contoso"]);
    expect(resolved[0].namespacePragma).toBeUndefined();
    expect(resolved[1].namespacePragma?.kind).toBe("pragma");
  });

  it("compiles an included file in the current namespace, and its namespace change stays in effect", () => {
    const inc = doc('class InInclude {};\n#pragma namespace("\\\\\\\\.\\\\root\\\\other")\nclass InInclude2 {};', "inc.mof");
    const root = doc('#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\nclass First {};\n#pragma include("inc.mof")\nclass AfterInclude {};', "main.mof");
    const program = programWithIncludes([root], { "inc.mof": inc });
    expect(names(program)).toEqual(["First@root\\cimv2", "InInclude@root\\cimv2", "InInclude2@root\\other", "AfterInclude@root\\other"]);
    const resolved = resolveNamespaces(program);
    expect(resolved.map((d) => d.document.file)).toEqual(["main.mof", "inc.mof", "inc.mof", "main.mof"]);
    expect(resolved.every((d) => d.root === root)).toBe(true);
    expect(resolved.map((d) => d.order)).toEqual([...resolved.map((d) => d.order)].sort((x, y) => x - y));
  });

  it("does not loop on an include cycle", () => {
    const a = doc('#pragma include("b.mof")\nclass A {};', "a.mof");
    const b = doc('#pragma include("a.mof")\nclass B {};', "b.mof");
    const program = programWithIncludes([a], { "a.mof": a, "b.mof": b });
    expect(names(program)).toEqual(["B@root\\default", "A@root\\default"]);
  });

  it("lists the root documents that compile something in the default namespace", () => {
    const a = doc("class A {};", "a.mof");
    const b = doc('#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\nclass B {};', "b.mof");
    const walk = walkNamespaces(programFromDocuments([a, b]));
    expect(walk.withoutNamespacePragma.map((d) => d.file)).toEqual(["a.mof"]);
    expect(walk.pragmas).toHaveLength(1);
    expect(walk.pragmas[0].namespace).toBe("root\\cimv2");
  });
});

describe("namespaceAt", () => {
  const text = 'class A {};\n#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\nclass B {};\n#pragma namespace("\\\\\\\\.\\\\root\\\\Default")\n';
  const d = doc(text);

  it("gives the namespace in effect at an offset", () => {
    expect(namespaceAt(d, 0).namespace).toBe("root\\default");
    expect(namespaceAt(d, text.indexOf("class B")).namespace).toBe("root\\cimv2");
  });

  it("gives the namespace in effect at the end, with its spelling", () => {
    expect(namespaceAtEnd(d)).toEqual({ namespace: "root\\default", spelling: "root\\Default" });
    expect(namespaceAtEnd(doc("class A {};"), "root\\cimv2").namespace).toBe("root\\cimv2");
  });
});
