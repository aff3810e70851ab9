/**
 * The course site in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * The site is built into a temp folder twice: from notebooks/ (whatever lessons exist now) and from a fixture
 * folder (a notebook with figures, tables, hostile outputs and links of every kind, and an empty notebook).
 * Every page is opened over file:// and over a 127.0.0.1 static server; screenshots go to test-artifacts/site/.
 * Chromium missing is a failure with the command that installs it, never a skip.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const artifacts = join(root, "test-artifacts/site");
const work = mkdtempSync(join(tmpdir(), "course-site-"));
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

function build(notebooks: string, out: string): string {
  const r = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--notebooks", notebooks, "--out", out], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`build-site failed (${r.status}): ${r.stderr}`);
  console.log(r.stdout.trim());
  return r.stderr;
}

// ---- a fixture notebook folder -------------------------------------------------------------------------
const svg = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120" onload="window.__xss='svg-onload'">` +
  `<script>window.__xss='svg-script'</script><clipPath id="clip1"><rect width="300" height="100"/></clipPath>` +
  `<g clip-path="url(#clip1)"><rect x="10" y="10" width="280" height="90" fill="steelblue"/></g>` +
  `<image href="https://example.com/x.png" width="10" height="10"/><text x="20" y="60">${label}</text></svg>`;
const fixtureNotebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "tslab", language: "typescript", display_name: "TypeScript" }, language_info: { name: "typescript" } },
  cells: [
    {
      cell_type: "markdown",
      metadata: {},
      source: ["# Fixture: `acks` and figures\n", "\n", "You will **see a figure** and a table.\n", "\n", "## Section A\n", "\n", "Links: [to B](#section-b), [glossary](glossary.md#delivery-semantics), [errata](./errata.md), ",
        "[the empty lesson](02-empty.ipynb), [a repository file](../lib/src/broker.ts), [Kafka](https://kafka.apache.org/), ![a picture](figure.png).\n", "\n", "## Section B\n", "\n", "## Section B\n", "\n", "## 멱등성 (idempotence)\n", "\n",
        "Try it first.\n", "\n", "<details>\n", "<summary>Answer</summary>\n", "\n", "The **answer**.\n", "\n", "</details>\n", "\n",
        "Raw markup is text: <img src=x onerror=\"window.__xss='md-img'\"> <script>window.__xss='md'</script>\n"],
    },
    {
      cell_type: "code",
      execution_count: 1,
      metadata: {},
      source: ["const x: number = 1; // a comment\n", "console.log(\"<script>alert(1)</script>\");"],
      outputs: [
        { output_type: "stream", name: "stdout", text: ["\u001b[32m<script>window.__xss='stream'</script>\u001b[0m\n"] },
        { output_type: "stream", name: "stdout", text: ["second line & more\n"] },
        { output_type: "display_data", metadata: {}, data: { "image/svg+xml": svg("first figure"), "text/plain": "<svg>" } },
        { output_type: "display_data", metadata: {}, data: { "image/svg+xml": svg("second figure") } },
        {
          output_type: "display_data",
          metadata: {},
          data: { "text/html": `<table onclick="window.__xss='click'"><thead><tr><th>seed</th><th>duplicated</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><script>window.__xss='html'</script><img src="https://example.com/t.png"><link rel="stylesheet" href="https://example.com/s.css">` },
        },
        { output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "{ a: 1 }" } },
        { output_type: "error", ename: "Error", evalue: "boom", traceback: ["\u001b[31mError: boom\u001b[0m", "    at <anonymous>"] },
      ],
    },
  ],
};

function writeFixture(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "01-fixture.ipynb"), JSON.stringify(fixtureNotebook));
  writeFileSync(join(dir, "02-empty.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
  for (const f of ["glossary.md", "errata.md"]) copyFileSync(join(root, "notebooks", f), join(dir, f));
}

// ---- the browser -----------------------------------------------------------------------------------------
let context: BrowserContext;
let server: Server;
let serverUrl = "";
const realSite = join(work, "site");
const fixtureSite = join(work, "fixture-site");
let fixtureWarnings = "";

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml" };
  const s = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname));
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s)));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing (${CHROMIUM}): the site test needs it. Install it with \`node scripts/setup.mjs --test\` (what npm test runs; as root it runs apt-get install chromium) or \`sudo apt-get install -y chromium\`.`);
  }
  build(join(root, "notebooks"), realSite);
  const fixture = join(work, "fixture-notebooks");
  writeFixture(fixture);
  fixtureWarnings = build(fixture, fixtureSite);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(join(work, "profile"), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: DESKTOP });
  // Offline: any request that is not a local file or our 127.0.0.1 server is refused and remembered.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    remote.push(route.request().url());
    return route.abort();
  });
  server = await serve(realSite);
  const address = server.address();
  serverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
}, 180_000);

afterAll(async () => {
  await context?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  rmSync(work, { recursive: true, force: true });
});

const remote: string[] = [];

interface Visit {
  errors: string[];
  failed: string[];
  ids: string[];
  links: string[];
  resources: string[];
}

async function visit(page: Page, url: string): Promise<Visit> {
  const errors: string[] = [];
  const failed: string[] = [];
  const onConsole = (m: { type(): string; text(): string }) => {
    if (m.type() === "error") errors.push(m.text());
  };
  const onError = (e: Error) => errors.push(e.message);
  const onFailed = (r: { url(): string }) => failed.push(r.url());
  page.on("console", onConsole);
  page.on("pageerror", onError);
  page.on("requestfailed", onFailed);
  await page.goto(url, { waitUntil: "load" });
  const data = await page.evaluate(() => ({
    ids: Array.from(document.querySelectorAll("[id]"), (e) => e.id),
    links: Array.from(document.querySelectorAll("a[href]"), (a) => a.getAttribute("href")!),
    resources: Array.from(document.querySelectorAll("link[href], script[src], img[src], iframe[src], source[src]"), (e) => e.getAttribute("href") ?? e.getAttribute("src")!),
  }));
  page.off("console", onConsole);
  page.off("pageerror", onError);
  page.off("requestfailed", onFailed);
  return { errors, failed, ...data };
}

/** Opens every page of a site over file:// at desktop and phone width and checks it (screenshots on request). */
async function checkSite(dir: string, label: string, screenshots: boolean): Promise<void> {
  const pages = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();
  expect(pages).toContain("index.html");
  const ids = new Map<string, Set<string>>();
  const links: Array<{ from: string; href: string }> = [];
  const page = await context.newPage();
  for (const name of pages) {
    await page.setViewportSize(DESKTOP);
    const v = await visit(page, pathToFileURL(join(dir, name)).href);
    expect(v.errors, `${label}/${name}: console errors`).toEqual([]);
    expect(v.failed, `${label}/${name}: failed requests`).toEqual([]);
    // The playground (and only it) runs a script of its own, from this folder.
    const allowed = name === "playground.html" ? /^(data:|[\w.-]+\.css$|playground(-boot)?\.js$)/ : /^(data:|[\w.-]+\.css$)/;
    expect(v.resources.filter((r) => !allowed.test(r)), `${label}/${name}: resources other than the stylesheet and data: images`).toEqual([]);
    expect(new Set(v.ids).size, `${label}/${name}: duplicate ids`).toBe(v.ids.length);
    ids.set(name, new Set(v.ids));
    for (const href of v.links) links.push({ from: name, href });
    const figures = await page.$$eval("figure svg", (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
    for (const f of figures) {
      expect(f.w, `${label}/${name}: a figure with no width`).toBeGreaterThan(0);
      expect(f.h, `${label}/${name}: a figure with no height`).toBeGreaterThan(0);
    }
    // A text output of at most 100 columns (the course's text diagrams) shows whole at desktop width: no sideways scroll.
    const cutOutputs = await page.$$eval("pre.output", (els) =>
      els
        .filter((e) => Math.max(...(e.textContent ?? "").split("\n").map((l) => [...l].length)) <= 100 && e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${e.scrollWidth}px of text in ${e.clientWidth}px: ${(e.textContent ?? "").split("\n").sort((a, b) => b.length - a.length)[0]}`),
    );
    expect(cutOutputs, `${label}/${name}: text outputs of at most 100 columns cut at desktop width`).toEqual([]);
    const stylesApplied = await page.evaluate(() => getComputedStyle(document.querySelector("header.site")!).display);
    expect(stylesApplied, `${label}/${name}: style.css not applied`).toBe("flex");
    if (screenshots) await page.screenshot({ path: join(artifacts, `${label}-${name.replace(/\.html$/, "")}.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${label}/${name}: wider than a 390px phone screen`).toBeLessThanOrEqual(0);
    if (screenshots) await page.screenshot({ path: join(artifacts, `${label}-${name.replace(/\.html$/, "")}-390.png`), fullPage: true });
  }
  await page.close();
  // Every local link goes to a page that exists, and every #anchor to an id on it.
  for (const { from, href } of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      expect(href, `${label}/${from}: only web links may leave the site`).toMatch(/^https?:\/\//);
      continue;
    }
    const [path, hash] = href.split("#") as [string, string | undefined];
    const target = path === "" ? from : path;
    expect(target, `${label}/${from}: link ${href} must stay in the site folder`).not.toMatch(/\/|\.\./);
    expect(existsSync(join(dir, target)), `${label}/${from}: link ${href} points to a missing file`).toBe(true);
    // The playground's address fragment holds its settings, not an anchor (test/playground.test.ts checks those).
    if (hash && target !== "playground.html") expect(ids.get(target)?.has(decodeURIComponent(hash)), `${label}/${from}: link ${href} points to a missing anchor`).toBe(true);
  }
}

describe("the course site in Chromium", () => {
  test("built from notebooks/: every page over file:// without console errors, broken links or remote fetches, readable at 390px", async () => {
    await checkSite(realSite, "site", true);
    expect(remote).toEqual([]);
  }, 180_000);

  test("the same pages over a 127.0.0.1 static server", async () => {
    const page = await context.newPage();
    for (const name of readdirSync(realSite).filter((f) => f.endsWith(".html"))) {
      const v = await visit(page, `${serverUrl}${name}`);
      expect(v.errors, `${name}: console errors`).toEqual([]);
      expect(v.failed, `${name}: failed requests`).toEqual([]);
    }
    // Navigation works by following links too: index → first lesson → next.
    await page.goto(serverUrl);
    const next = page.locator('a[rel="next"]');
    if ((await next.count()) > 0) {
      await next.click();
      expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\.html$/);
    }
    await page.close();
    expect(remote).toEqual([]);
  }, 120_000);

  test("the index lists every notebook, with the glossary and the errata", async () => {
    const notebooks = readdirSync(join(root, "notebooks")).filter((f) => /^\d\d-.+\.ipynb$/.test(f));
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(realSite, "index.html")).href);
    const hrefs = await page.$$eval("ol.lessons > li > a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(notebooks.sort().map((f) => f.replace(/\.ipynb$/, ".html")));
    await expect(page.locator("ul.reference a").allTextContents()).resolves.toEqual(["Glossary", "Errata"]);
    await page.close();
  });

  test("the glossary pairs the note's Korean terms with Kafka's names; the errata cite Kafka classes", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(realSite, "glossary.html")).href);
    const rows = await page.$$eval("table tr", (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText)));
    const idempotence = rows.find((r) => r[0] === "멱등성");
    expect(idempotence?.[1]).toBe("idempotence");
    expect(idempotence?.[2]).toContain("enable.idempotence");
    expect(rows.some((r) => r[0]?.includes("시퀀스 번호") && r[2]?.includes("ProducerAppendInfo"))).toBe(true);
    await page.goto(pathToFileURL(join(realSite, "errata.html")).href);
    const sections = await page.$$eval("main h2", (hs) => hs.length);
    const sources = await page.$$eval("main p strong", (ss) => ss.filter((s) => s.textContent === "Source:").length);
    expect(sections).toBeGreaterThanOrEqual(7);
    expect(sources).toBe(sections);
    await page.close();
  });
});

describe("a fixture notebook: outputs, sanitizing and links", () => {
  test("every fixture page passes the same checks", async () => {
    await checkSite(fixtureSite, "fixture", false);
    expect(remote).toEqual([]);
  }, 120_000);

  test("figures are inline SVG with their own ids; nothing from an output runs; text outputs are escaped", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(fixtureSite, "01-fixture.html")).href);
    await page.locator("table").click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    const figures = await page.$$eval("figure.output svg", (els) => els.map((e) => ({ clip: e.querySelector("clipPath")?.id, uses: e.querySelector("g")?.getAttribute("clip-path"), text: e.textContent })));
    expect(figures).toHaveLength(2);
    expect(figures[0]!.clip).not.toBe(figures[1]!.clip);
    for (const f of figures) expect(f.uses).toBe(`url(#${f.clip})`);
    expect(await page.locator("figure.output image").count()).toBe(0); // the remote image was removed
    const stream = await page.locator("pre.output.stream").first().innerText();
    expect(stream).toBe("<script>window.__xss='stream'</script>\nsecond line & more");
    expect(await page.locator("pre.output.error").innerText()).toBe("Error: boom\n    at <anonymous>");
    expect(await page.locator(".output.html td").allInnerTexts()).toEqual(["1", "2"]);
    expect(await page.locator(".output.html img, .output.html link, .output.html script").count()).toBe(0);
    expect(await page.locator("pre.source .hljs-keyword").count()).toBeGreaterThan(0); // highlighted at build time
    // Prose: a folded answer opens; other raw markup is shown as text, not run.
    const answer = page.locator(".cell.markdown details:not(.toc)");
    expect(await answer.locator("summary").innerText()).toBe("Answer");
    expect(await answer.locator("p").isVisible()).toBe(false);
    await answer.locator("summary").click();
    expect(await answer.locator("p").innerText()).toBe("The answer.");
    expect(await page.locator(".cell.markdown").first().innerText()).toContain(`Raw markup is text: <img src=x onerror="window.__xss='md-img'"> <script>`);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    await page.close();
  });

  test("headings get ids (repeats numbered, Korean kept); links to notebooks become pages, repository files plain text", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(fixtureSite, "01-fixture.html")).href);
    const ids = await page.$$eval("main h2", (hs) => hs.map((h) => h.id));
    expect(ids).toEqual(["section-a", "section-b", "section-b-1", "멱등성-idempotence"]);
    const hrefs = await page.$$eval("main p a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(["#section-b", "glossary.html#delivery-semantics", "errata.html", "02-empty.html", "https://kafka.apache.org/"]);
    expect(await page.locator("span.repo-path").allInnerTexts()).toEqual(["a repository file", "[image: a picture]"]);
    await page.goto(pathToFileURL(join(fixtureSite, "02-empty.html")).href);
    expect(await page.locator("main").innerText()).toContain("This lesson is being written.");
    await page.goto(pathToFileURL(join(fixtureSite, "index.html")).href);
    const lessons = await page.locator("ol.lessons > li").allInnerTexts();
    expect(lessons[0]).toMatch(/^01\s*Fixture: acks and figures\s+You will see a figure and a table\.$/);
    expect(lessons[1]).toMatch(/Empty\s+This lesson is being written\./);
    await page.close();
  });

  test("the builder refuses to overwrite a folder it did not build, and names a notebook it cannot read", () => {
    const foreign = join(work, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "keep.txt"), "mine");
    const r = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--out", foreign], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not empty and was not built by this script.*refusing to overwrite it/);
    expect(readFileSync(join(foreign, "keep.txt"), "utf8")).toBe("mine");
    const broken = join(work, "broken");
    mkdirSync(broken);
    writeFileSync(join(broken, "03-half.ipynb"), '{"cells": [');
    const b = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--notebooks", broken, "--out", join(work, "broken-site")], { encoding: "utf8" });
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/03-half\.ipynb is not a readable notebook/);
    const bad = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--outdir", "x"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown option --outdir. Allowed: --notebooks DIR, --out DIR, --quiet.");
    expect(fixtureWarnings).toBe("");
  });
});
