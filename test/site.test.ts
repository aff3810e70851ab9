/**
 * The course site in a real browser: Debian's Chromium, headless, driven by playwright-core.
 * The site is built into a temp folder twice: from notebooks/ (whatever lessons exist now, both editions: English
 * at the top, Korean in ko/) and from a fixture folder (a notebook with figures, tables, hostile outputs and links of
 * every kind, an empty notebook, and a Korean twin of the first only).
 * Every page is opened over file:// and over a 127.0.0.1 static server; screenshots go to test-artifacts/site/.
 * Every Korean page is checked to show Hangul in a local Korean font (no tofu boxes, no web font), and every page's
 * language switch to lead to the same page of the other edition (or that edition's index when it has no twin).
 * Chromium missing is a failure with the command that installs it, never a skip.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, posix, relative, sep } from "node:path";
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
  // Generous: the build bundles the playground with esbuild, and the machines running npm test are shared.
  const r = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--notebooks", notebooks, "--out", out], { encoding: "utf8", timeout: 300_000 });
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

/** The fixture's Korean twin of 01-fixture (02-empty has none: its switch falls back to the Korean index). */
const fixtureKorean = {
  ...fixtureNotebook,
  cells: [
    { cell_type: "markdown", metadata: {}, source: ["# 픽스처: `acks`와 그래프\n", "\n", "그래프와 표를 **봅니다**.\n", "\n", "## 멱등성 (idempotence)\n", "\n",
      "[용어집](glossary.md), [용어표](용어.md), [영어판 README](../../README.md), [영어판 레슨](../01-fixture.ipynb#section-a).\n"] },
    { ...fixtureNotebook.cells[1], outputs: [{ output_type: "stream", name: "stdout", text: ["✓ 유실이 없습니다: 중복 0개, 순서 역전 0개\n"] }] },
  ],
};

function writeFixture(dir: string): void {
  mkdirSync(join(dir, "ko"), { recursive: true });
  writeFileSync(join(dir, "01-fixture.ipynb"), JSON.stringify(fixtureNotebook));
  writeFileSync(join(dir, "02-empty.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }));
  for (const f of ["glossary.md", "errata.md"]) copyFileSync(join(root, "notebooks", f), join(dir, f));
  writeFileSync(join(dir, "ko", "01-fixture.ipynb"), JSON.stringify(fixtureKorean));
  writeFileSync(join(dir, "ko", "glossary.md"), "# 용어집\n\n| 한국어 | English |\n|---|---|\n| 멱등성 | idempotence |\n");
  copyFileSync(join(root, "notebooks", "ko", "용어.md"), join(dir, "ko", "용어.md"));
}

// ---- the browser -----------------------------------------------------------------------------------------
let context: BrowserContext;
let server: Server;
let serverUrl = "";
const realSite = join(work, "site");
const fixtureSite = join(work, "fixture-site");
let fixtureWarnings = "";

function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".png": "image/png", ".svg": "image/svg+xml" };
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
  // Under load (npm test runs files side by side on shared machines) a page can take long: wait, do not flake.
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  // Offline: any request that is not a local file or our 127.0.0.1 server is refused and remembered.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
    remote.push(route.request().url());
    return route.abort();
  });
  server = await serve(realSite);
  const address = server.address();
  serverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
}, 600_000);

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

/** The HTML pages of a built site, relative to its folder ("index.html", "ko/index.html", …). */
function sitePages(dir: string, sub = ""): string[] {
  return readdirSync(join(dir, sub), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sitePages(dir, posix.join(sub, e.name)) : e.name.endsWith(".html") ? [posix.join(sub, e.name)] : []))
    .sort();
}

/** A page's local link → the file it opens, relative to the site folder (posix), or null if it leaves the folder. */
function linkTarget(dir: string, from: string, path: string): string | null {
  const target = posix.normalize(posix.join(posix.dirname(from), path));
  return target.startsWith("../") || posix.isAbsolute(target) || relative(dir, join(dir, target)).startsWith("..") ? null : target;
}

/** Opens the given pages of a site over file:// at desktop and phone width and checks them (screenshots on request). */
async function checkSite(dir: string, label: string, screenshots: boolean, pages = sitePages(dir)): Promise<void> {
  expect(pages.length).toBeGreaterThan(0);
  const ids = new Map<string, Set<string>>();
  const links: Array<{ from: string; href: string }> = [];
  const page = await context.newPage();
  for (const name of pages) {
    await page.setViewportSize(DESKTOP);
    const v = await visit(page, pathToFileURL(join(dir, name)).href);
    expect(v.errors, `${label}/${name}: console errors`).toEqual([]);
    expect(v.failed, `${label}/${name}: failed requests`).toEqual([]);
    // The playground (and only it) runs a script of its own, from the site folder (the Korean pages load the shared
    // stylesheet and scripts from ../).
    const allowed = name.endsWith("playground.html") ? /^(data:|(\.\.\/)?[\w.-]+\.css$|(\.\.\/)?playground(-boot)?\.js$)/ : /^(data:|(\.\.\/)?[\w.-]+\.css$)/;
    expect(v.resources.filter((r) => !allowed.test(r)), `${label}/${name}: resources other than the stylesheet and data: images`).toEqual([]);
    expect(new Set(v.ids).size, `${label}/${name}: duplicate ids`).toBe(v.ids.length);
    ids.set(name, new Set(v.ids));
    for (const href of v.links) links.push({ from: name, href });
    const figures = await page.$$eval("figure svg", (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
    for (const f of figures) {
      expect(f.w, `${label}/${name}: a figure with no width`).toBeGreaterThan(0);
      expect(f.h, `${label}/${name}: a figure with no height`).toBeGreaterThan(0);
    }
    // A text output of at most 100 columns (the course's text diagrams) shows whole at desktop width: no sideways
    // scroll. Columns as a terminal counts them: Hangul and other wide characters take two.
    const cutOutputs = await page.$$eval("pre.output", (els) =>
      els
        .filter((e) => Math.max(...(e.textContent ?? "").split("\n").map((l) => [...l].reduce((n, c) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(c) ? 2 : 1), 0))) <= 100 && e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${e.scrollWidth}px of text in ${e.clientWidth}px: ${(e.textContent ?? "").split("\n").sort((a, b) => b.length - a.length)[0]}`),
    );
    expect(cutOutputs, `${label}/${name}: text outputs of at most 100 columns cut at desktop width`).toEqual([]);
    const stylesApplied = await page.evaluate(() => getComputedStyle(document.querySelector("header.site")!).display);
    expect(stylesApplied, `${label}/${name}: style.css not applied`).toBe("flex");
    const shotName = `${label}-${name.replace(/\.html$/, "").replace(/\//g, "-")}`;
    if (screenshots) await page.screenshot({ path: join(artifacts, `${shotName}.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${label}/${name}: wider than a 390px phone screen`).toBeLessThanOrEqual(0);
    if (screenshots) await page.screenshot({ path: join(artifacts, `${shotName}-390.png`), fullPage: true });
  }
  await page.close();
  // Every local link goes to a page that exists, and every #anchor to an id on it.
  for (const { from, href } of links) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      expect(href, `${label}/${from}: only web links may leave the site`).toMatch(/^https?:\/\//);
      continue;
    }
    const [path, hash] = href.split("#") as [string, string | undefined];
    const target = path === "" ? from : linkTarget(dir, from, path);
    expect(target, `${label}/${from}: link ${href} must stay in the site folder`).not.toBeNull();
    expect(existsSync(join(dir, target!)), `${label}/${from}: link ${href} points to a missing file`).toBe(true);
    // The playground's address fragment holds its settings, not an anchor (test/playground.test.ts checks those).
    if (hash && !target!.endsWith("playground.html") && ids.has(target!)) expect(ids.get(target!)?.has(decodeURIComponent(hash)), `${label}/${from}: link ${href} points to a missing anchor`).toBe(true);
  }
}

/** Korean fonts the site's stack names (style.css, html:lang(ko)); the one the test machine has is among them. */
const KOREAN_FONTS = ["Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic", "NanumBarunGothic", "D2Coding", "NanumGothicCoding", "Noto Sans Mono CJK KR"];

/**
 * Hangul on a page, drawn in the page's own fonts: two different syllables (가, 힣) and a .notdef box (U+FFFF, a
 * noncharacter no font has) on a canvas with the computed font of <body> and of <pre>. With no Korean font, both
 * syllables come out as the same box. Also asks Chromium (DevTools: CSS.getPlatformFontsForNode) which font drew the
 * page's heading: a local Korean font of the stack, not a web font.
 */
async function hangulProblems(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  const glyphs = await page.evaluate(() => {
    const families = [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector("pre") ?? document.body).fontFamily];
    const draw = (text: string, family: string): string => {
      const canvas = document.createElement("canvas");
      canvas.width = 72;
      canvas.height = 72;
      const g = canvas.getContext("2d")!;
      g.font = `48px ${family}`;
      g.textBaseline = "top";
      g.fillText(text, 8, 8);
      const alpha = g.getImageData(0, 0, 72, 72).data.filter((_, i) => i % 4 === 3);
      return Array.from(alpha).join(",");
    };
    return families.map((family) => ({ family, ga: draw("가", family), hih: draw("힣", family), box: draw("\uFFFF", family), blank: draw(" ", family) }));
  });
  for (const g of glyphs) {
    if (g.ga === g.blank || g.hih === g.blank) problems.push(`${name}: Hangul draws nothing in ${g.family}`);
    if (g.ga === g.hih) problems.push(`${name}: 가 and 힣 draw the same glyph in ${g.family} (tofu: no Korean font)`);
    if (g.ga === g.box || g.hih === g.box) problems.push(`${name}: Hangul draws the .notdef box in ${g.family}`);
  }
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root: doc } = await cdp.send("DOM.getDocument", { depth: -1 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: doc.nodeId, selector: "main h1" });
    if (!nodeId) problems.push(`${name}: no <h1> in <main>`);
    else {
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      if (fonts.some((f) => f.isCustomFont)) problems.push(`${name}: a web font drew the heading: ${JSON.stringify(fonts)}`);
      if (!fonts.some((f) => KOREAN_FONTS.includes(f.familyName) && f.glyphCount > 0)) problems.push(`${name}: the heading is not drawn in a Korean font of the stack: ${JSON.stringify(fonts)}`);
    }
  } finally {
    await cdp.detach();
  }
  return problems;
}

/** Checks the Korean edition of a built site: lang="ko", Korean text, Hangul drawn, language switches that resolve. */
async function checkKorean(dir: string, label: string): Promise<void> {
  const korean = sitePages(dir).filter((p) => p.startsWith("ko/"));
  const english = sitePages(dir).filter((p) => !p.startsWith("ko/"));
  expect(korean).toContain("ko/index.html");
  const page = await context.newPage();
  const problems: string[] = [];
  for (const name of [...korean, ...english]) {
    await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: "load" });
    const info = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      text: document.body.innerText,
      switches: Array.from(document.querySelectorAll("a.lang-switch"), (a) => ({ href: a.getAttribute("href")!, hreflang: a.getAttribute("hreflang"), text: (a as HTMLElement).innerText })),
    }));
    const isKorean = name.startsWith("ko/");
    if (info.lang !== (isKorean ? "ko" : "en")) problems.push(`${name}: <html lang="${info.lang}">`);
    if (isKorean && !/[\uAC00-\uD7A3]/.test(info.text)) problems.push(`${name}: no Korean text`);
    if (info.switches.length !== 1) problems.push(`${name}: ${info.switches.length} language switches (one expected)`);
    for (const sw of info.switches) {
      // The same page in the other edition when it exists, else the other edition's index.
      const twin = isKorean ? name.slice("ko/".length) : `ko/${name}`;
      const expected = existsSync(join(dir, twin)) ? twin : isKorean ? "index.html" : "ko/index.html";
      const target = linkTarget(dir, name, sw.href);
      if (target !== expected) problems.push(`${name}: the language switch ${sw.href} leads to ${target}, expected ${expected}`);
      if (sw.hreflang !== (isKorean ? "en" : "ko") || sw.text !== (isKorean ? "English" : "한국어")) problems.push(`${name}: the language switch says ${sw.hreflang} / ${sw.text}`);
    }
    if (isKorean) problems.push(...(await hangulProblems(page, `${label}/${name}`)));
  }
  await page.close();
  expect(problems).toEqual([]);
}

describe("the course site in Chromium", () => {
  // Both editions' pages are checked together (links between them are checked both ways); the time limit is for a
  // loaded machine: 2 cores shared by vitest's other files.
  test("built from notebooks/: every page of both editions over file:// without console errors, broken links or remote fetches, readable at 390px", async () => {
    await checkSite(realSite, "site", true);
    expect(remote).toEqual([]);
  }, 900_000);

  test("the Korean edition (ko/): lang=\"ko\", Hangul drawn in a local Korean font on every page (no tofu), and every page's language switch leads to its twin or the other index", async () => {
    await checkKorean(realSite, "site");
    expect(remote).toEqual([]);
  }, 600_000);

  test("the same pages over a 127.0.0.1 static server", async () => {
    const page = await context.newPage();
    for (const name of sitePages(realSite)) {
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
  }, 600_000);

  test("the index lists every notebook, with the glossary and the errata", async () => {
    const notebooks = readdirSync(join(root, "notebooks")).filter((f) => /^\d\d-.+\.ipynb$/.test(f));
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(realSite, "index.html")).href);
    const hrefs = await page.$$eval("ol.lessons > li > a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(notebooks.sort().map((f) => f.replace(/\.ipynb$/, ".html")));
    await expect(page.locator("ul.reference a").allTextContents()).resolves.toEqual(["Glossary", "Errata"]);
    await page.close();
  });

  test("the Korean index lists every Korean notebook, with the Korean glossary, errata and term table it has", async () => {
    const ko = join(root, "notebooks", "ko");
    const notebooks = readdirSync(ko).filter((f) => /^\d\d-.+\.ipynb$/.test(f));
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(realSite, "ko", "index.html")).href);
    const hrefs = await page.$$eval("ol.lessons > li > a", (as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(notebooks.sort().map((f) => f.replace(/\.ipynb$/, ".html")));
    const reference = [["glossary.md", "용어집"], ["errata.md", "정오표"], ["용어.md", "용어표"]].filter(([f]) => existsSync(join(ko, f!))).map(([, title]) => title);
    await expect(page.locator("ul.reference a").allTextContents()).resolves.toEqual(reference);
    expect(await page.locator("h1").innerText()).toBe("Kafka 멱등성 프로듀서와 메시지 전송 방식");
    await page.goto(pathToFileURL(join(realSite, "ko", "terms.html")).href);
    const rows = await page.$$eval("table tr", (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c as HTMLElement).innerText)));
    expect(rows.find((r) => r[1] === "idempotence")?.[0]).toBe("멱등성");
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
  }, 600_000);

  test("the fixture's Korean edition: Korean pages, Hangul drawn, switches to the twin or (02-empty has none) the index", async () => {
    expect(sitePages(fixtureSite).filter((p) => p.startsWith("ko/"))).toEqual(["ko/01-fixture.html", "ko/glossary.html", "ko/index.html", "ko/playground.html", "ko/terms.html"]);
    await checkKorean(fixtureSite, "fixture");
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(fixtureSite, "02-empty.html")).href);
    expect(await page.locator("a.lang-switch").getAttribute("href")).toBe("ko/index.html");
    await page.goto(pathToFileURL(join(fixtureSite, "errata.html")).href);
    expect(await page.locator("a.lang-switch").getAttribute("href")).toBe("ko/index.html");
    await page.goto(pathToFileURL(join(fixtureSite, "ko", "01-fixture.html")).href);
    expect(await page.locator("a.lang-switch").getAttribute("href")).toBe("../01-fixture.html");
    // Korean prose links: the Korean glossary and term table, the English lesson one folder up (its page in the English
    // edition); a repository file is text; the header has no errata
    // (this edition has none yet) and the stylesheet comes from the shared folder.
    expect(await page.$$eval("main p a", (as) => as.map((a) => a.getAttribute("href")))).toEqual(["glossary.html", "terms.html", "../01-fixture.html#section-a"]);
    expect(await page.locator("span.repo-path").allInnerTexts()).toEqual(["영어판 README"]);
    expect(await page.locator("span.repo-path").getAttribute("title")).toBe("../../README.md: 코스 저장소의 파일");
    expect(await page.locator("header nav a").allInnerTexts()).toEqual(["레슨", "플레이그라운드", "용어집", "용어표", "English"]);
    expect(await page.locator('link[rel="stylesheet"]').getAttribute("href")).toBe("../style.css");
    expect(await page.locator("pre.output").innerText()).toBe("✓ 유실이 없습니다: 중복 0개, 순서 역전 0개");
    expect(await page.title()).toBe("픽스처: acks와 그래프 · Kafka 멱등성 프로듀서");
    await page.close();
  }, 300_000);

  test("tofu is caught: the same page in a Chromium whose fontconfig knows no Korean font fails the Hangul check", async () => {
    // What a machine without a Korean font shows: Chromium started with a fontconfig that lists only DejaVu (no
    // Hangul), so 가 and 힣 both come out as the same empty box.
    const fonts = join(work, "fonts-no-korean.conf");
    const dejavu = "/usr/share/fonts/truetype/dejavu";
    expect(existsSync(dejavu), `${dejavu} (Debian's fonts-dejavu-core, a chromium dependency) is where the Latin-only fonts are`).toBe(true);
    writeFileSync(fonts, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${dejavu}</dir><cachedir>${join(work, "fc-cache")}</cachedir></fontconfig>\n`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, env: { ...process.env, FONTCONFIG_FILE: fonts } });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(120_000);
      await page.goto(pathToFileURL(join(fixtureSite, "ko", "01-fixture.html")).href);
      const problems = (await hangulProblems(page, "ko/01-fixture.html")).join("\n");
      expect(problems).toContain("가 and 힣 draw the same glyph");
      expect(problems).toContain("the heading is not drawn in a Korean font of the stack");
    } finally {
      await browser.close();
    }
    // ... while the test's own Chromium draws the same page in a Korean font.
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(fixtureSite, "ko", "01-fixture.html")).href);
    expect(await hangulProblems(page, "ko/01-fixture.html")).toEqual([]);
    await page.close();
  }, 180_000);

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
