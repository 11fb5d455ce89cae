/**
 * The review report and the Markdown summary of a change (`formatReport`, `--report`,
 * `--format markdown`), without a browser: what the page holds and refers to, its structure
 * (a snapshot of the element outline, not of pixels), escaping, the write and rollback section,
 * the Markdown's folding and size limit, and when the command line writes the report. The
 * page in a real browser is tested in report-browser.test.ts.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runCli, type CliRun as Run } from "./support/run-cli.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatReport } from "mof-migrate";
import { samplesReview } from "./support/review.js";
import { htmlOutline } from "./support/html-outline.js";

const root = resolve(import.meta.dirname, "..");

describe("formatReport as HTML", () => {
  it("is one page that refers to nothing outside itself", async () => {
    const html = formatReport(await samplesReview());
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toMatch(/<script>[\s\S]+<\/script>/);
    // No resource, link or import that would leave the file: only links to its own sections.
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/\shref\s*=\s*"(?!#)/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(?!data:)[a-z]/i);
    expect(html).not.toMatch(/https?:\/\//i);
  });

  it("has a row for every unit of the plan, with its action and category", async () => {
    const review = await samplesReview();
    const html = formatReport(review);
    const rows = [...html.matchAll(/<tr data-action="([^"]+)" data-category="([^"]+)" data-name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows.sort()).toEqual(review.plan.units.map((u) => `${u.action} ${u.category} ${u.name.toLowerCase()}`).sort());
    expect(rows).toHaveLength(26);
  });

  it("keeps its structure: sections, tables, filters and diff rows", async () => {
    const html = formatReport(await samplesReview({ patchFile: "review.patch" }));
    await expect(htmlOutline(html)).toMatchFileSnapshot("__snapshots__/report-structure.txt");
  });

  it("escapes the admins' text, so that a comment cannot become markup", async () => {
    const review = await samplesReview();
    const hostile = '// </script><img src=x onerror=alert(1)> & "quoted"\r\n';
    const target = review.targets[0];
    const html = formatReport({
      ...review,
      targets: [{ ...target, newBytes: Buffer.concat([Buffer.from(target.newBytes), Buffer.from(hostile, "latin1")]) }, review.targets[1]],
    });
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;");
  });

  it("says what --write will create and how to roll back", async () => {
    const preview = formatReport(await samplesReview({ patchFile: "review.patch" }));
    const section = preview.slice(preview.indexOf('<section id="write">'));
    expect(section).toContain(
      "will replace <code>samples/cm2007/configuration.mof</code>, keeping the old bytes as <code>samples/cm2007/configuration.mof.bak</code>",
    );
    expect(section).toContain("Copy-Item -LiteralPath &#39;samples/cm2007/SMS_def.mof.bak&#39; -Destination &#39;samples/cm2007/SMS_def.mof&#39; -Force");
    expect(section).toContain("cp -p &#39;samples/cm2007/configuration.mof.bak&#39; &#39;samples/cm2007/configuration.mof&#39;");
    expect(section).toContain("<code>git apply -R review.patch</code>");
    expect(section).toContain("#pragma deleteclass");
    const elsewhere = formatReport(await samplesReview({ backupDir: "backups" }));
    expect(elsewhere).toContain("keeping the old bytes as <code>backups/configuration.mof.bak</code>");
    const written = formatReport(
      await samplesReview({
        mode: "write",
        written: { ok: true, written: [{ file: "samples/cm2007/configuration.mof", changed: true, backup: "bak/c.1.bak" }], diagnostics: [] },
      }),
    );
    expect(written).toContain("What was written, and how to roll back");
    expect(written).toContain("did replace <code>samples/cm2007/configuration.mof</code>, keeping the old bytes as <code>bak/c.1.bak</code>");
  });

  it("notes a UTF-16LE target's encoding, and that its patch holds NUL bytes", async () => {
    const review = await samplesReview();
    const utf16 = (bytes: Uint8Array) => Buffer.from("\ufeff" + Buffer.from(bytes).toString("latin1"), "utf16le");
    const html = formatReport({
      ...review,
      targets: review.targets.map((t) => ({ ...t, originalBytes: utf16(t.originalBytes!), newBytes: utf16(t.newBytes) })),
    });
    expect(html).toContain("Encoding kept: UTF-16LE with BOM.");
    expect(html).toContain("its lines contain NUL bytes: apply it with git apply or patch -p1");
    expect(html).toContain("Line endings kept: CRLF.");
  });

  it("shows a run whose inputs have errors as blocked, with nothing to write", async () => {
    const review = await samplesReview();
    const error = { ...review.diagnostics![0], severity: "error" as const };
    const html = formatReport({ ...review, diagnostics: [error] });
    expect(html).toMatch(/<p class="status blocked" id="status">The inputs have errors: nothing can be written/);
    expect(html).toContain("Nothing can be written while the inputs have errors.");
    expect(html).toContain("The inputs have errors: these changes cannot be written as they are.");
    const md = formatReport({ ...review, diagnostics: [error] }, { format: "markdown" });
    expect(md).toContain("**The inputs have errors: nothing can be written");
    expect(md).toMatch(/^- \*\*error\*\* /m);
    expect(md).not.toContain("### Changes");
  });
});

describe("formatReport as Markdown", () => {
  it("has the status, counts, plan, findings, differences and diffs, long diffs folded", async () => {
    const md = formatReport(await samplesReview(), { format: "markdown" });
    expect(md).toMatch(/^## mof-migrate convert preview\n\n\*\*samples\/cm2007\/configuration\.mof and samples\/cm2007\/SMS\\_def\.mof would change/);
    expect(md).toContain("| `append` | 12 | 5 | 7 |");
    expect(md).toContain("<details><summary>Plan: 26 units</summary>");
    expect(md).toMatch(/^- \*\*warning\*\* `no-namespace-pragma` `samples\/sms2003\/mini\/no_pragma\.mof:8:7`: /m);
    expect(md).toContain("| EstimatedSize: type | `uint32` | `string` |");
    expect(md).toMatch(/<details><summary>Diff: \d+ lines<\/summary>\n\n```diff\n@@ -\d+,3 \+\d+,\d+ @@\n/);
    expect(md).toContain("\n+class Contoso_Warranty : SMS_Class_Template\n");
    expect(md).not.toContain("\r");
  });

  it("stays under a GitHub comment's size for a very large change, and says where the rest is", async () => {
    const review = await samplesReview();
    const t = review.targets[0];
    const many = Array.from({ length: 20_000 }, (_, i) => `// line ${i} of a very large extension\r\n`).join("");
    const md = formatReport(
      { ...review, targets: [{ ...t, newBytes: Buffer.concat([Buffer.from(t.newBytes), Buffer.from(many, "latin1")]) }] },
      { format: "markdown" },
    );
    expect(md.length).toBeLessThan(65_536);
    expect(md).toMatch(/The diff is cut here \(\d+ more lines\): the patch and the HTML report have all of it/);
    // The fence still closes.
    expect(md.match(/^```(diff)?$/gm)!.length % 2).toBe(0);
  });

  it("fences a diff that holds backticks with a longer fence", async () => {
    const review = await samplesReview();
    const t = review.targets[0];
    const md = formatReport(
      { ...review, targets: [{ ...t, newBytes: Buffer.concat([Buffer.from(t.newBytes), Buffer.from("// ```` four\r\n", "latin1")]) }] },
      { format: "markdown" },
    );
    expect(md).toContain("`````diff\n");
  });
});

function cli(args: string[], cwd: string): Promise<Run> {
  return runCli(args, { cwd, env: { NO_COLOR: "1" } });
}

const CONVERT = [
  "convert",
  "samples/sms2003",
  "--config-mof",
  "samples/cm2007/configuration.mof",
  "--sms-def",
  "samples/cm2007/SMS_def.mof",
  "--baseline",
  "samples/baseline/SMS_def.mof",
  "--color",
  "never",
];

describe("convert and split --report, --format markdown", () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), "mof-report-"));
    await cp(join(root, "samples"), join(work, "samples"), { recursive: true });
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });
  const report = () => readFile(join(work, "out", "review.html"), "utf8");

  it("writes the report in a preview, with --check and with --write, each saying what the run did", async () => {
    const preview = await cli([...CONVERT, "--report", "out/review.html"], work);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain("report: out/review.html");
    expect(await report()).toContain("convert preview (nothing written)");
    const check = await cli([...CONVERT, "--check", "--report", "out/review.html"], work);
    expect(check.code).toBe(1);
    expect(await report()).toContain("(convert --check exits 1)");
    const write = await cli([...CONVERT, "--write", "--report", "out/review.html"], work);
    expect(write.code).toBe(0);
    const written = await report();
    expect(written).toContain("Written: samples/cm2007/configuration.mof, samples/cm2007/SMS_def.mof.");
    expect(written).toContain("keeping the old bytes as <code>samples/cm2007/SMS_def.mof.bak</code>");
    expect(written).toMatch(/<dt>Command<\/dt><dd><code>mof-migrate convert samples\/sms2003 .*--write --report out\/review\.html<\/code>/);
  });

  it("writes no report when the inputs have errors, or when it would replace an input", async () => {
    await writeFile(join(work, "samples/sms2003/mini/broken.mof"), "class Broken {\r\n  string A\r\n  string B;\r\n};\r\n");
    const broken = await cli([...CONVERT, "--report", "out/review.html"], work);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("--report out/review.html was not written: the inputs have errors");
    await expect(report()).rejects.toThrow(/ENOENT/);
    // The Markdown output still says why, for the pull request.
    const md = await cli([...CONVERT, "--format", "markdown"], work);
    expect(md.code).toBe(2);
    expect(md.stdout).toMatch(/^- \*\*error\*\* `expected-semicolon` .*`samples\/sms2003\/mini\/broken\.mof:\d+:\d+`/m);
    const clash = await cli([...CONVERT, "--report", "samples/baseline/SMS_def.mof"], work);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("--report samples/baseline/SMS_def.mof would replace samples/baseline/SMS_def.mof");
    const same = await cli([...CONVERT, "--report", "x.out", "--patch", "x.out"], work);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("--patch x.out would replace --report x.out");
  });

  it("--format markdown prints the Markdown review instead of the text", async () => {
    const r = await cli([...CONVERT, "--format", "markdown", "--report", "out/review.html"], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## mof-migrate convert preview\n/);
    expect(r.stdout).toContain("```diff\n");
    expect(r.stdout).not.toContain("Migration plan:");
    // The note about the report goes to stderr, so stdout can be appended to $GITHUB_STEP_SUMMARY as it is.
    expect(r.stderr).toContain("report: out/review.html");
    const json = await cli([...CONVERT, "--format", "json"], work);
    expect(JSON.parse(json.stdout).schemaVersion).toBe(2);
  });

  it("names a current branch site's targets: the Added extensions section and the import MOF", async () => {
    const cb = [
      "convert",
      "samples/sms2003",
      "--config-mof",
      "samples/cb/configuration.mof",
      "--import-mof",
      "samples/cb/inventory-classes.mof",
      "--color",
      "never",
    ];
    const r = await cli([...cb, "--site-classes", "samples/cb/site-classes.mof", "--report", "out/review.html", "--format", "markdown"], work);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("| action | units | configuration.mof | import MOF |");
    const html = await report();
    expect(html).toContain("ConfigMgr current branch: configuration.mof&#39;s Added extensions section");
    expect(html).toContain("<th class=num>import MOF</th>");
  });

  it("split writes its report and Markdown too", async () => {
    const r = await cli(
      ["split", "samples/sms2003", "--out", "out", "--write", "--color", "never", "--report", "out/review.html", "--format", "markdown"],
      work,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^## mof-migrate split write\n/);
    const html = await report();
    expect(html).toContain("new files: the data part");
    expect(html).toContain("did create <code>out/configuration-additions.mof</code> (a new file)");
    expect(html).toContain("Remove-Item -LiteralPath &#39;out/SMS_def-additions.mof&#39;");
  });
});
