import { applyPatch } from "diff";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDiff } from "mof-migrate";

const lines = (...l: string[]) => l.map((s) => s + "\n").join("");

describe("formatDiff", () => {
  it("is empty for equal texts", () => {
    expect(formatDiff("x.mof", "a\r\nb\r\n", "a\r\nb\r\n")).toBe("");
  });

  it("writes a unified diff with file headers and hunk headers", () => {
    const old = lines("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    const neu = lines("1", "2", "3", "4", "5", "six", "7", "8", "9", "10", "11");
    const out = formatDiff("targets/SMS_def.mof", old, neu);
    expect(out).toBe(
      ["--- a/targets/SMS_def.mof", "+++ b/targets/SMS_def.mof", "@@ -3,8 +3,9 @@", " 3", " 4", " 5", "-6", "+six", " 7", " 8", " 9", " 10", "+11", ""].join(
        "\n",
      ),
    );
  });

  it("honours the context size and splits far-apart changes into hunks", () => {
    const old = lines(...Array.from({ length: 30 }, (_, i) => `line ${i + 1}`));
    const neu = old.replace("line 2\n", "LINE 2\n").replace("line 28\n", "LINE 28\n");
    const out = formatDiff("x.mof", old, neu, { context: 1 });
    const headers = out.split("\n").filter((l) => l.startsWith("@@"));
    expect(headers).toEqual(["@@ -1,3 +1,3 @@", "@@ -27,3 +27,3 @@"]);
    expect(
      formatDiff("x.mof", old, neu, { context: 0 })
        .split("\n")
        .filter((l) => l.startsWith(" ")),
    ).toEqual([]);
  });

  it("shows CRLF files without carriage returns and says CRLF in the header", () => {
    const out = formatDiff("SMS_def.mof", "a\r\nb\r\n", "a\r\nb\r\nc\r\n");
    expect(out).not.toContain("\r");
    expect(out.split("\n").slice(0, 2)).toEqual(["--- a/SMS_def.mof (CRLF)", "+++ b/SMS_def.mof (CRLF)"]);
    expect(out).toContain("\n+c\n");
  });

  it("says so when only the line endings differ", () => {
    const out = formatDiff("x.mof", "a\nb\n", "a\r\nb\r\n");
    expect(out).toContain("+++ b/x.mof (CRLF)");
    expect(out).toContain("only line endings differ: LF -> CRLF");
    expect(out).not.toContain("@@");
  });

  it("marks a missing final newline", () => {
    const out = formatDiff("x.mof", "a\nb", "a\nb\nc\n");
    expect(out).toContain("\\ No newline at end of file");
  });

  it("uses GNU ranges for an empty old file", () => {
    expect(formatDiff("new.mof", "", "x\ny\n")).toContain("@@ -0,0 +1,2 @@");
  });

  it("colors added, removed and hunk lines only when asked", () => {
    const plain = formatDiff("x.mof", "a\nb\n", "a\nc\n");
    expect(plain).not.toContain("\x1b[");
    const colored = formatDiff("x.mof", "a\nb\n", "a\nc\n", { color: true });
    expect(colored).toContain("\x1b[32m+c\x1b[0m");
    expect(colored).toContain("\x1b[31m-b\x1b[0m");
    expect(colored).toMatch(/\x1b\[36m@@ [^\n]* @@\x1b\[0m/);
  });

  it("gives a patch that turns the old text into the new one (LF texts)", () => {
    const text = fc.array(fc.constantFrom("class A {};", "", "  x;", "#pragma y", "// z"), { maxLength: 12 }).map((l) => l.map((s) => s + "\n").join(""));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const out = formatDiff("f.mof", a, b);
        if (a === b) return out === "";
        return applyPatch(a, out) === b;
      }),
    );
  });
});
