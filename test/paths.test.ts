/**
 * The path rules on both kinds of system: nothing runs on Windows here, so every rule that
 * differs there is checked with `path.win32` (white-box tests of src/util/paths.ts).
 */
import fg from "fast-glob";
import { posix, win32 } from "node:path";
import { describe, expect, it } from "vitest";
import { commonFolder, filterPattern, globInput, includeStart, isInside, pathKey, relativePath, samePath } from "../src/util/paths.js";

describe("on Windows (path.win32)", () => {
  it("compares paths case-insensitively: the same file twice, a target inside the sources", () => {
    expect(samePath("C:\\Site\\SMS_def.mof", "c:\\site\\sms_DEF.mof", win32)).toBe(true);
    expect(samePath("C:\\Site\\a.mof", "C:/Site/./b/../a.mof", win32)).toBe(true);
    expect(pathKey("C:\\Site\\A.mof", win32)).toBe("c:\\site\\a.mof");
    expect(isInside("C:\\Site", "c:\\SITE\\mini\\a.mof", win32)).toBe(true);
    expect(isInside("C:\\Site", "C:\\Sites\\a.mof", win32)).toBe(false);
    expect(relativePath("C:\\Site\\mini\\a.mof", "c:\\site", win32)).toBe("mini/a.mof");
    // Elsewhere case matters.
    expect(samePath("/site/A.mof", "/site/a.mof", posix)).toBe(false);
    expect(isInside("/Site", "/site/a.mof", posix)).toBe(false);
  });

  it("finds the common folder across spellings, and none across drives or shares", () => {
    expect(commonFolder(["C:\\Site\\old", "c:\\site\\new"], win32)).toBe("C:\\Site");
    expect(commonFolder(["C:\\a", "D:\\b"], win32)).toBeUndefined();
    expect(commonFolder(["\\\\srv\\share\\a", "\\\\srv\\share\\b\\c"], win32)).toBe("\\\\srv\\share\\");
    expect(commonFolder(["\\\\one\\share\\a", "\\\\two\\share\\a"], win32)).toBeUndefined();
    expect(commonFolder(["/a/b/c", "/a/b/d"], posix)).toBe("/a/b");
    expect(commonFolder(["/a", "/b"], posix)).toBe("/");
  });

  it("resolves drive-letter and UNC include paths, keeping the leading \\\\ of a share", () => {
    expect(includeStart("C:\\Site", "D:\\Shared\\qualifiers.mof", win32)).toEqual({ start: "D:\\", segments: ["Shared", "qualifiers.mof"] });
    expect(includeStart("C:\\Site", "\\\\srv\\mofs\\common\\a.mof", win32)).toEqual({ start: "\\\\srv\\mofs\\", segments: ["common", "a.mof"] });
    expect(includeStart("C:\\Site", "//srv/mofs/a.mof", win32)).toEqual({ start: "\\\\srv\\mofs\\", segments: ["a.mof"] });
    expect(includeStart("C:\\Site", "\\root.mof", win32)).toEqual({ start: "C:\\", segments: ["root.mof"] });
    expect(includeStart("C:\\Site", "mini\\a.mof", win32)).toEqual({ start: "C:\\Site", segments: ["mini", "a.mof"] });
    const share = includeStart("C:\\Site", "\\\\srv\\mofs\\a.mof", win32)!;
    expect(win32.join(share.start, ...share.segments)).toBe("\\\\srv\\mofs\\a.mof");
    // They lie outside the folders given, so they are refused unless outside roots are allowed.
    expect(isInside("C:\\Site", win32.join(share.start, ...share.segments), win32)).toBe(false);
    expect(isInside("C:\\Site", "D:\\Shared\\qualifiers.mof", win32)).toBe(false);
    // A system without drives or shares cannot resolve them.
    expect(includeStart("/site", "C:\\x.mof", posix)).toBeUndefined();
    expect(includeStart("/site", "\\\\srv\\mofs\\x.mof", posix)).toBeUndefined();
    expect(includeStart("/site", "/x.mof", posix)).toEqual({ start: "/", segments: ["x.mof"] });
  });

  it("takes the folder part of a glob literally: ( ) [ and spaces in C:\\Program Files (x86)", () => {
    const folders = new Set(["C:\\", "C:\\Program Files (x86)", "C:\\Program Files (x86)\\Site [2003]"]);
    const isFolder = (f: string) => folders.has(f);
    const glob = globInput("C:\\Program Files (x86)\\Site [2003]\\**\\*.mof", isFolder, fg.win32.convertPathToPattern, win32);
    expect(glob.base).toBe("C:\\Program Files (x86)\\Site [2003]");
    expect(glob.pattern).toBe("C:/Program Files \\(x86\\)/Site \\[2003\\]/**/*.mof");
    // fast-glob searches the real folder with it, not (x86) as a group or [2003] as a class.
    const tasks = fg.generateTasks([glob.pattern]);
    expect(tasks[0].base).toBe("C:/Program Files (x86)/Site [2003]");
    const unc = globInput(
      "\\\\srv\\mofs\\old (2003)\\*.mof",
      (f) => f === "\\\\srv\\mofs" || f === "\\\\srv\\mofs\\old (2003)",
      fg.win32.convertPathToPattern,
      win32,
    );
    expect(unc).toEqual({ base: "\\\\srv\\mofs\\old (2003)", pattern: "//srv/mofs/old \\(2003\\)/*.mof" });
    // No existing folder: the whole input is the pattern, with / separators.
    expect(globInput("mini\\*.mof", () => false, fg.win32.convertPathToPattern, win32)).toEqual({ base: ".", pattern: "mini/*.mof" });
  });

  it("reads backslashes in --include and --exclude as folder separators", () => {
    expect(filterPattern("mini\\**\\*.mof", win32)).toBe("mini/**/*.mof");
    // Elsewhere a backslash escapes the next character, as in fast-glob.
    expect(filterPattern("a\\[1\\].mof", posix)).toBe("a\\[1\\].mof");
  });
});

describe("on this system", () => {
  it("takes a folder with ( ) [ and spaces literally in a glob", () => {
    const glob = globInput("old (2003) [site]/**/*.mof", (f) => f === "old (2003) [site]", fg.posix.convertPathToPattern, posix);
    expect(glob).toEqual({ base: "old (2003) [site]", pattern: "old \\(2003\\) \\[site\\]/**/*.mof" });
  });
});
