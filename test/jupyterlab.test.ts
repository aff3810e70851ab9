/**
 * A learner's first minutes in JupyterLab, in a real browser (Debian's Chromium driven by playwright-core, as
 * test/site.test.ts does). JupyterLab is started the way `npm start` does it (scripts/start.mjs, with the
 * project's .venv and its server config), on a free port, on a copy of the lessons inside the project (so
 * `kafka-sim` resolves as it does for notebooks/). The test
 *  - reads the start script's output: the `[start] JupyterLab is running: URL` line, and no [I …] log flood;
 *  - checks the file browser shows one entry per lesson (no NN-name.md beside NN-name.ipynb);
 *  - checks the Launcher offers only the TypeScript kernel;
 *  - opens a lesson, lets its kernel connect, saves it: the file is byte for byte what was committed (so opening a
 *    lesson leaves `git status` clean);
 *  - runs every cell through the UI (Run → Run All Cells): no cell errors, no stderr, every figure rendered; the
 *    lesson on disk is unchanged afterwards, and even saving the run writes the committed bytes again.
 * Screenshots go to test-artifacts/jupyterlab/. Chromium or .venv missing is a failure with the fix, never a skip.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const artifacts = join(root, "test-artifacts/jupyterlab");
// Inside the project (git-ignored), so the lessons' `import … from "kafka-sim"` resolves through node_modules.
const lessons = join(artifacts, "notebooks");
const LESSON = "02-at-most-once";

let server: ChildProcess | undefined;
let serverOut = "";
let serverErr = "";
let url: URL;
let browser: Browser;
let page: Page;

function startServer(): Promise<URL> {
  return new Promise((resolve, reject) => {
    // As `npm start -- --no-browser` would, but on a free port and on the copied lessons.
    // The workspace and user settings live in the artifacts folder, not in ~/.jupyter (no layout restored from
    // another session, nothing left behind).
    const state = (name: string) => join(artifacts, name);
    // --lang en: the English lesson's committed outputs, whatever the machine's locale or KAFKA_SIM_LANG says.
    server = spawn(process.execPath, [join(root, "scripts/start.mjs"), "--lang", "en", "--no-browser", "--port=0", `--ServerApp.root_dir=${lessons}`,
      `--LabApp.workspaces_dir=${state("workspaces")}`, `--LabApp.user_settings_dir=${state("user-settings")}`], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => reject(new Error(`JupyterLab did not announce its URL in 120 s:\n${serverOut}\n${serverErr}`)), 120_000);
    server.stdout!.on("data", (d: Buffer) => {
      serverOut += d.toString();
      const m = /\[start\] JupyterLab is running: (\S+)/.exec(serverOut);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]!));
      }
    });
    server.stderr!.on("data", (d: Buffer) => (serverErr += d.toString()));
    server.on("exit", (code) => reject(new Error(`scripts/start.mjs exited (${code}) before JupyterLab ran:\n${serverOut}\n${serverErr}`)));
  });
}

function lab(path: string): string {
  const u = new URL(path, url);
  u.searchParams.set("token", url.searchParams.get("token") ?? "");
  return u.href;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}

beforeAll(async () => {
  if (!existsSync(join(root, ".venv/bin/jupyter"))) throw new Error(".venv/bin/jupyter is missing: run `npm run setup`");
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): run \`node scripts/setup.mjs --test\` (what npm test runs) or \`sudo apt-get install -y chromium\``);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(lessons, { recursive: true });
  for (const ext of [".ipynb", ".md"]) copyFileSync(join(root, "notebooks", LESSON + ext), join(lessons, LESSON + ext));
  copyFileSync(join(root, "notebooks", "glossary.md"), join(lessons, "glossary.md"));
  url = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server!.on("exit", ok));
    server.kill("SIGTERM"); // start.mjs stops JupyterLab and its kernels
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 20_000))]);
  }
});

describe("JupyterLab as npm start runs it", () => {
  test("the start script prints the URL line prominently and the server logs no [I …] lines", () => {
    expect(serverOut).toMatch(/\[start\] ─+\n.*\[start\] JupyterLab is running: http:\/\/127\.0\.0\.1:\d+\/lab\?token=\w+/);
    expect(serverErr).not.toMatch(/^\[I /m);
  });

  test("the file browser shows one entry per lesson, and the Launcher offers only the TypeScript kernel", async () => {
    await page.goto(lab("lab"));
    await page.locator(".jp-DirListing-item").first().waitFor({ timeout: 90_000 });
    await page.locator(".jp-LauncherCard").first().waitFor({ timeout: 30_000 });
    const entries = await page.locator(".jp-DirListing-itemName").allTextContents();
    expect(entries.map((e) => e.trim()).sort()).toEqual([`${LESSON}.ipynb`, "glossary.md"]);
    const notebookCards = await page.locator('.jp-Launcher-section:has(.jp-Launcher-sectionTitle:text-is("Notebook")) .jp-LauncherCard-label').allTextContents();
    const consoleCards = await page.locator('.jp-Launcher-section:has(.jp-Launcher-sectionTitle:text-is("Console")) .jp-LauncherCard-label').allTextContents();
    expect(consoleCards.map((c) => c.trim())).toEqual(["TypeScript"]);
    // No "get notified about official Jupyter news?" question (scripts/jupyter/overrides.json).
    await page.waitForTimeout(2000);
    expect(await page.getByText("official Jupyter news").count()).toBe(0);
    expect(notebookCards.map((c) => c.trim())).toEqual(["TypeScript"]);
    await shot("launcher");
  }, 150_000);

  test(`opening ${LESSON} and saving it leaves the file byte for byte as committed`, async () => {
    const committed = readFileSync(join(root, "notebooks", `${LESSON}.ipynb`), "utf8");
    await page.goto(lab(`lab/tree/${LESSON}.ipynb`));
    await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: 90_000 });
    // The kernel connects and reports its language_info; JupyterLab stores it in the notebook's metadata.
    await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor({ timeout: 90_000 });
    await page.waitForTimeout(3000);
    await shot("opened");
    // Reading a lesson does not make it "modified" (the dot on its tab) ...
    const dirty = await page.locator(".lm-TabBar-tab.jp-mod-dirty").count();
    // ... and saving it (what autosave would do) writes exactly the committed bytes.
    await page.locator(".jp-Notebook").first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+s");
    await page.waitForTimeout(2000);
    expect(readFileSync(join(lessons, `${LESSON}.ipynb`), "utf8")).toBe(committed);
    expect(dirty, "the lesson's tab showed it modified after opening").toBe(0);
  }, 150_000);

  test(`Run All Cells: no cell errors, figures rendered, and saving it afterwards writes the committed bytes`, async () => {
    const committed = readFileSync(join(root, "notebooks", `${LESSON}.ipynb`), "utf8");
    const codeCells = (JSON.parse(committed) as { cells: { cell_type: string; outputs?: { data?: Record<string, unknown> }[] }[] }).cells.filter((c) => c.cell_type === "code");
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    // Every code cell gets its execution count: [1] … [N].
    await expect
      .poll(async () => (await page.locator(".jp-CodeCell .jp-InputPrompt").allTextContents()).map((t) => t.trim()), { timeout: 240_000, interval: 1000 })
      .toEqual(codeCells.map((_, i) => `[${i + 1}]:`));
    await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor({ timeout: 60_000 });
    await shot("ran-top");
    const errors = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]').allTextContents();
    expect(errors, "cells that wrote to stderr or raised").toEqual([]);
    // Figures: the committed outputs hold N SVG/HTML figures; the browser shows as many rendered <svg> with content.
    const committedFigures = codeCells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && ("image/svg+xml" in o.data || JSON.stringify(o.data["text/html"] ?? "").includes("<svg"))).length;
    expect(committedFigures).toBeGreaterThan(0);
    // JupyterLab shows an image/svg+xml output as an <img>; an inline <svg> inside HTML counts too.
    const figures = page.locator('.jp-OutputArea-output[data-mime-type="image/svg+xml"] img, .jp-OutputArea-output[data-mime-type="text/html"] svg');
    await expect.poll(() => figures.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(committedFigures);
    for (const figure of await figures.all()) {
      await figure.scrollIntoViewIfNeeded();
      const size = await figure.evaluate((el) =>
        el instanceof HTMLImageElement ? { w: el.complete ? el.naturalWidth : 0, h: el.complete ? el.naturalHeight : 0 } : { w: el.getBoundingClientRect().width, h: el.querySelectorAll("path, line, rect, circle, text").length > 5 ? el.getBoundingClientRect().height : 0 },
      );
      expect(size.w, "a figure that did not render (zero width)").toBeGreaterThan(100);
      expect(size.h, "a figure that did not render (zero height or empty)").toBeGreaterThan(50);
    }
    await shot("ran-bottom");
    expect(readFileSync(join(lessons, `${LESSON}.ipynb`), "utf8"), "the lesson on disk changed while it ran").toBe(committed);
    // Running made the document "modified"; saving it (Ctrl-S, or autosave) writes the committed bytes again:
    // same outputs, same execution counts, same metadata. A learner who runs a lesson leaves `git status` clean.
    expect(await page.locator(".lm-TabBar-tab.jp-mod-dirty").count(), "the run did not touch the document").toBe(1);
    await page.locator(".jp-Notebook").first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+s");
    await expect.poll(() => page.locator(".lm-TabBar-tab.jp-mod-dirty").count(), { timeout: 20_000 }).toBe(0);
    const saved = readFileSync(join(lessons, `${LESSON}.ipynb`), "utf8");
    if (saved !== committed) copyFileSync(join(lessons, `${LESSON}.ipynb`), join(artifacts, `${LESSON}.saved-after-run.ipynb`));
    expect(saved, `the lesson saved after Run All differs from the committed one (see test-artifacts/jupyterlab/${LESSON}.saved-after-run.ipynb)`).toBe(committed);
  }, 300_000);
});
