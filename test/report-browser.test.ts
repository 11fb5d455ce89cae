/**
 * The HTML review report in a real browser (Debian's chromium, driven by playwright-core), as
 * a reviewer opens it: from file:// with no network request, every unit of the samples' plan
 * shown, the filters hiding and showing rows, the diff showing the appended lines, and a print
 * layout without the controls. Screenshots go to .bench-tmp/report-browser/ (ignored by git).
 *
 * When MOF_BROWSER=1 (as in CI) and the browser cannot start, these tests fail; otherwise they
 * are skipped with the reason. MOF_CHROMIUM names another chromium binary.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDiff, formatReport, type ReviewInput } from "mof-migrate";
import { samplesReview } from "./support/review.js";

const root = resolve(import.meta.dirname, "..");
const artifacts = join(root, ".bench-tmp", "report-browser");
const required = process.env.MOF_BROWSER === "1";
const executablePath = process.env.MOF_CHROMIUM ?? "/usr/bin/chromium";
// What headless chromium needs here: no sandbox as root, and none of its own network traffic.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

let browser: Browser | undefined;
let launchError: unknown;
try {
  browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
} catch (e) {
  launchError = e;
}

function describeBrowser(name: string, body: () => void): void {
  if (browser) describe(name, body);
  else if (required)
    describe(name, () => {
      it(`needs chromium at ${executablePath} (MOF_BROWSER=1)`, () => {
        throw new Error(`MOF_BROWSER=1 but chromium did not start: ${launchError instanceof Error ? launchError.message : String(launchError)}`);
      });
    });
  else describe.skip(`${name} (chromium did not start at ${executablePath}; set MOF_BROWSER=1 to require it)`, body);
}

describeBrowser("the HTML report in chromium", () => {
  let review: ReviewInput;
  let file: string;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    review = await samplesReview({ patchFile: "review.patch" });
    await mkdir(artifacts, { recursive: true });
    file = join(artifacts, "review.html");
    await writeFile(file, formatReport(review));
    page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
  });

  it("loads from file:// with no other request and no script or policy error", async () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
    // The script ran under the page's own Content-Security-Policy: the filters are shown.
    expect(await page.locator("#plan-filters").isVisible()).toBe(true);
    await page.screenshot({ path: join(artifacts, "top.png") });
    const png = await readFile(join(artifacts, "top.png"));
    expect(png.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
  });

  it("shows every unit of the samples' plan", async () => {
    const rows = page.locator("#plan-table tbody tr");
    expect(await rows.count()).toBe(review.plan.units.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute("data-action")} ${(tr as HTMLElement).innerText.split("\t")[0]}`));
    const expected = review.plan.units.map((u) => `${u.action} ${u.kind === "instance" ? "instance of" : u.kind} ${u.name}`);
    expect(shown.sort()).toEqual(expected.sort());
    for (const row of await rows.all()) expect(await row.isVisible()).toBe(true);
    await expect.poll(() => page.locator("#plan-shown").innerText()).toBe(`Showing all ${review.plan.units.length} units.`);
  });

  it("hides and shows rows with the action and category filters and the name search", async () => {
    const visible = (selector: string) => page.locator(`#plan-table tbody tr${selector}:visible`).count();
    const total = review.plan.units.length;
    const stock = review.plan.units.filter((u) => u.action === "stock").length;
    const reporting = review.plan.units.filter((u) => u.category === "reporting").length;

    await page.locator('#plan-filters input[data-filter="action"][value="stock"]').uncheck();
    expect(await visible("")).toBe(total - stock);
    expect(await visible('[data-action="stock"]')).toBe(0);
    expect(await page.locator("#plan-shown").innerText()).toBe(`Showing ${total - stock} of ${total} units (filtered).`);
    await page.screenshot({ path: join(artifacts, "filtered.png"), fullPage: false });

    await page.locator('#plan-filters input[data-filter="category"][value="reporting"]').uncheck();
    expect(await visible('[data-category="reporting"]')).toBe(0);
    expect(await visible("")).toBe(review.plan.units.filter((u) => u.action !== "stock" && u.category !== "reporting").length);

    await page.locator('#plan-filters input[data-filter="action"][value="stock"]').check();
    await page.locator('#plan-filters input[data-filter="category"][value="reporting"]').check();
    expect(await visible("")).toBe(total);

    await page.locator("#plan-search").fill("printer");
    expect(await visible("")).toBe(review.plan.units.filter((u) => u.name.toLowerCase().includes("printer")).length);
    await page.locator("#plan-all").click();
    expect(await visible("")).toBe(total);
    expect(reporting).toBeGreaterThan(0);
  });

  it("shows each target's appended lines in its diff, as the unified diff has them", async () => {
    for (const [i, t] of review.targets.entries()) {
      const before = Buffer.from(t.originalBytes!).toString("latin1");
      const after = Buffer.from(t.newBytes).toString("latin1");
      const added = formatDiff(t.file, before, after)
        .split("\n")
        .filter((l) => l.startsWith("+") && !l.startsWith("+++"))
        .map((l) => l.slice(1));
      expect(added.length).toBeGreaterThan(10);
      const cells = page.locator(`#target-${i + 1} table.diff td.code.add`);
      // innerText of an empty cell is "", of a cell with text its text without the line break.
      const shown = await cells.evaluateAll((tds) => tds.map((td) => (td as HTMLElement).textContent ?? ""));
      expect(shown.map((s) => s.replace(/[^\x20-\x7e]/g, "?"))).toEqual(added.map((s) => s.replace(/[^\x20-\x7e]/g, "?")));
    }
    const warranty = page.locator("#target-2 table.diff td.code.add", { hasText: "class Contoso_Warranty : SMS_Class_Template" });
    await warranty.scrollIntoViewIfNeeded();
    expect(await warranty.isVisible()).toBe(true);
    // MOF colouring: the keyword is its own span.
    expect(await warranty.locator("span.m-kw").first().innerText()).toMatch(/^class$/i);
    await page.screenshot({ path: join(artifacts, "diff.png") });
  });

  it("prints without its controls, with every folded section open, as a PDF of several pages", async () => {
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("#plan-filters").isVisible()).toBe(false);
    expect(await page.locator("nav.toc").isVisible()).toBe(false);
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    expect(await page.locator("details:not([open])").count()).toBe(0);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    await writeFile(join(artifacts, "review.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(2);
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    expect(await page.locator("details[open]").count()).toBe(0);
    await page.emulateMedia({ media: "screen" });
  });
});
