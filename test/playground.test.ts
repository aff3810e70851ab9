/**
 * The course site's playground: kafka-sim running in the reader's browser.
 *
 * - Node: the page address round-trips every setting (property-based; the seed is printed), bad addresses get
 *   errors naming what is allowed, and the config check gives Kafka's ConfigException texts word for word.
 * - The bundle: built by the site's bundler for the browser, it contains no Node built-in, no jsdom and none of
 *   the wire / grader / learner / instructor / real-client modules; the guard refuses a Node built-in.
 * - The lesson links: every "exact" link's settings redraw, in Node, the very SVG stored in its notebook cell.
 * - Chromium (Debian's, headless, over file://): moving a control changes the figure, an invalid combination shows
 *   Kafka's text, a lesson's link reproduces the notebook's figure byte for byte (and the replayed timeline equals
 *   Node's), a newer change cancels an older sweep, labels and keyboard work, the palette is the notebooks', the
 *   page fits a 390px phone, and nothing is logged to the console.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import fc from "fast-check";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  checkPlayground,
  OUTCOME_COLORS,
  outcomeFigure,
  parsePlaygroundHash,
  PLAYGROUND_DEFAULTS,
  PLAYGROUND_LIMITS,
  playgroundHash,
  playgroundSpecs,
  resolveProducerConfig,
  runScenario,
  runSpec,
  sweep,
  timelineFigure,
  timelineLanes,
  renderOutcome,
  withLang,
  type PlaygroundRun,
  type PlaygroundSettings,
} from "kafka-sim";
// @ts-expect-error: a JavaScript module of the site build, without type declarations
import { bundlePlayground, nodeBuiltinGuard } from "../scripts/site-assets/playground/bundle.mjs";
// @ts-expect-error: a JavaScript module of the site build, without type declarations
import { PLAYGROUND_LINKS } from "../scripts/site-assets/playground/links.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const artifacts = join(root, "test-artifacts/playground");

interface Link {
  notebook: string;
  source: string;
  exact: boolean;
  refused?: boolean;
  settings: PlaygroundSettings;
}
const LINKS = PLAYGROUND_LINKS as Link[];

const sweepSettings = (s: PlaygroundSettings) => playgroundSpecs(s).flatMap((spec) => sweep(spec, { seeds: s.seeds }));
const text = (s: unknown): string => (Array.isArray(s) ? s.join("") : String(s));

/** The SVG stored under the code cell whose source contains `source`. */
function storedFigure(notebook: string, source: string): string {
  const nb = JSON.parse(readFileSync(join(root, "notebooks", `${notebook}.ipynb`), "utf8")) as { cells: Array<{ cell_type: string; source: unknown; outputs?: Array<{ data?: Record<string, unknown> }> }> };
  const cells = nb.cells.filter((c) => c.cell_type === "code" && text(c.source).includes(source));
  expect(cells, `${notebook}: cells containing ${source}`).toHaveLength(1);
  const svg = cells[0]!.outputs?.find((o) => o.data?.["image/svg+xml"] !== undefined)?.data?.["image/svg+xml"];
  expect(svg, `${notebook}: the cell has a stored SVG figure`).toBeDefined();
  return text(svg);
}

describe("the playground's settings (Node)", () => {
  const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log("seed", seed, `(replay: FC_SEED=${seed} node node_modules/vitest/vitest.mjs run test/playground.test.ts)`);

  const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const runArb: fc.Arbitrary<PlaygroundRun> = fc.record({
    name: fc.string({ maxLength: PLAYGROUND_LIMITS.nameLength, unit: fc.constantFrom("a", "b", " ", ";", ":", "=", "&", "#", "%", "+", "(", ",", "/", "é", "멱", "?") }),
    acks: nullable(fc.constantFrom("0" as const, "1" as const, "all" as const)),
    "enable.idempotence": nullable(fc.boolean()),
    retries: nullable(fc.integer({ min: -5, max: 2 ** 31 })),
    "max.in.flight.requests.per.connection": nullable(fc.integer({ min: 0, max: 10 })),
    "request.timeout.ms": nullable(fc.integer({ min: 0, max: 100_000 })),
    "transactional.id": nullable(fc.string({ maxLength: 20, unit: fc.constantFrom("a", ";", ":", "%", "&", "=", "#", " ", "멱", "/") })),
    restartProducerAtMs: nullable(fc.integer({ min: 0, max: 100_000 })),
    replicationFactor: fc.integer({ min: 1, max: 3 }),
    minInsyncReplicas: fc.integer({ min: 1, max: 3 }),
  });
  const settingsArb: fc.Arbitrary<PlaygroundSettings> = fc.record({
    runs: fc.array(runArb, { minLength: 1, maxLength: PLAYGROUND_LIMITS.runs }),
    dropRequestRate: fc.double({ min: 0, max: 1, noNaN: true }),
    dropResponseRate: fc.double({ min: 0, max: 1, noNaN: true }),
    transientErrorRate: fc.double({ min: 0, max: 1, noNaN: true }),
    latencyMs: fc.integer({ min: 0, max: 100 }),
    jitterMs: fc.integer({ min: 0, max: 100 }),
    crashLeaderAtMs: nullable(fc.integer({ min: 0, max: 100_000 })),
    brokerSessionTimeoutMs: fc.integer({ min: 0, max: 60_000 }),
    intervalMs: fc.double({ min: 0, max: 100, noNaN: true }),
    records: fc.integer({ min: 1, max: 500 }),
    transactionRecords: fc.integer({ min: 1, max: 500 }),
    seeds: fc.integer({ min: 1, max: 2000 }),
    replayRun: fc.constant(0),
    replaySeed: fc.integer({ min: -1000, max: 1_000_000 }),
  });

  test("the page address holds every setting: parse(hash(s)) is s, and hash is stable", () => {
    fc.assert(
      fc.property(settingsArb, (s) => {
        const hash = playgroundHash(s);
        expect(parsePlaygroundHash(`#${hash}`)).toEqual(s);
        expect(playgroundHash(parsePlaygroundHash(hash))).toBe(hash);
      }),
      { seed, numRuns: 500 },
    );
    // Readable: Kafka's names, no double encoding.
    expect(playgroundHash(PLAYGROUND_DEFAULTS)).toContain("run=acks:0;enable.idempotence:false;retries:0;request.timeout.ms:1000;name:acks=0%20(at%20most%20once)");
  });

  test("an address that cannot be read says which setting and what is allowed", () => {
    expect(() => parsePlaygroundHash("#record=20")).toThrow('Unknown playground setting "record". Allowed: records, seeds, drop-request, drop-response, transient-errors, latency, jitter, interval, crash-leader-at, broker-session-timeout, transaction-records, run, replay.');
    expect(() => parsePlaygroundHash("#seeds=lots")).toThrow('seeds must be a number, got "lots".');
    expect(() => parsePlaygroundHash("#run=acks:2")).toThrow('run 1: acks must be 0, 1 or all, got "2".');
    expect(() => parsePlaygroundHash("#run=linger.ms:5")).toThrow('run 1: unknown setting "linger.ms". Allowed: name, acks, enable.idempotence, retries, max.in.flight.requests.per.connection, request.timeout.ms, transactional.id, restart-producer-at, replication.factor, min.insync.replicas.');
    expect(() => parsePlaygroundHash("#run=restart-producer-at:soon")).toThrow('run 1: restart-producer-at must be a number, got "soon".');
    expect(() => parsePlaygroundHash("#run=transactional.id:%E0%A4%A")).toThrow("run 1: transactional.id is not a valid percent-encoded text");
    expect(() => parsePlaygroundHash("#replay=x")).toThrow("replay must be RUN.SEED");
    expect(() => parsePlaygroundHash(`#${"run=acks:all&".repeat(PLAYGROUND_LIMITS.runs + 1)}`)).toThrow(`At most ${PLAYGROUND_LIMITS.runs} runs`);
    // Missing settings take the defaults.
    expect(parsePlaygroundHash("")).toEqual(PLAYGROUND_DEFAULTS);
  });

  test("the config check reports Kafka's ConfigException texts, word for word, for the run at fault", () => {
    const withRun = (patch: Partial<PlaygroundRun>): PlaygroundSettings => ({ ...PLAYGROUND_DEFAULTS, runs: [PLAYGROUND_DEFAULTS.runs[0]!, { ...PLAYGROUND_DEFAULTS.runs[2]!, ...patch }] });
    const problems = (patch: Partial<PlaygroundRun>) => checkPlayground(withRun(patch)).problems;
    // The texts of Kafka 4.x's ProducerConfig.postProcessAndValidateIdempotenceConfigs and ConfigDef.Range.
    expect(problems({ acks: "1" })).toEqual([{ run: 1, kind: "ConfigException", key: "acks", origin: "kafka", message: "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence." }]);
    expect(problems({ retries: 0 })[0]!.message).toBe("Must set retries to non-zero when using the idempotent producer.");
    expect(problems({ "max.in.flight.requests.per.connection": 6 })[0]!.message).toBe("To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.");
    expect(problems({ retries: -1 })[0]!.message).toBe("Invalid value -1 for configuration retries: Value must be at least 0");
    // The same messages as resolveProducerConfig (the check is the library's, not a copy).
    expect(() => resolveProducerConfig({ acks: "1", "enable.idempotence": true })).toThrow(problems({ acks: "1" })[0]!.message);
    // A defaulted enable.idempotence is turned off, not refused: Kafka logs it.
    const unset = checkPlayground(withRun({ acks: "1", "enable.idempotence": null }));
    expect(unset.problems).toEqual([]);
    expect(unset.warnings[1]).toEqual(["Idempotence will be disabled because acks is set to 1, not set to 'all'."]);
    expect(checkPlayground({ ...PLAYGROUND_DEFAULTS, dropRequestRate: 1.5 }).problems[0]).toMatchObject({ run: -1, kind: "SimulationInputError", message: "Fault option dropRequestRate must be a probability between 0 and 1, got 1.5." });
    expect(checkPlayground({ ...PLAYGROUND_DEFAULTS, seeds: 0 }).problems[0]!.message).toBe(`seeds must be a whole number from 1 to ${PLAYGROUND_LIMITS.seeds}, got 0.`);
    expect(checkPlayground({ ...PLAYGROUND_DEFAULTS, jitterMs: -1 }).problems[0]!.message).toBe("Fault option jitterMs must be a number of milliseconds >= 0, got -1.");
    expect(checkPlayground({ ...PLAYGROUND_DEFAULTS, crashLeaderAtMs: -5 }).problems[0]!.message).toBe("Fault plan entry crash-leader: atMs must be a number >= 0, got -5.");
    expect(checkPlayground(PLAYGROUND_DEFAULTS).problems).toEqual([]);
  });

  test("every lesson link with a note has its Korean note (noteKo) for the Korean pages", () => {
    const links = PLAYGROUND_LINKS as Array<Link & { note?: string; noteKo?: string }>;
    expect(links.filter((l) => l.note !== undefined && !/[\uAC00-\uD7A3]/.test(l.noteKo ?? "")).map((l) => l.source)).toEqual([]);
  });

  test("every exact lesson link redraws, in Node, the figure stored in its notebook cell", () => {
    const exact = LINKS.filter((l) => l.exact);
    expect(exact.length).toBeGreaterThanOrEqual(4);
    for (const link of exact) {
      const settings = parsePlaygroundHash(playgroundHash(link.settings));
      expect(outcomeFigure(sweepSettings(settings)), `${link.notebook}: ${link.source}`).toBe(storedFigure(link.notebook, link.source));
    }
    // A link that shows Kafka refusing a configuration (refused: true) opens on that exception; every other link runs.
    for (const link of LINKS) {
      const problems = checkPlayground(link.settings).problems;
      if (link.refused) expect(problems.map((p) => p.kind), `${link.notebook}: ${link.source}`).toEqual(["ConfigException"]);
      else expect(problems, `${link.notebook}: ${link.source}`).toEqual([]);
    }
  }, 120_000);
});

describe("the browser bundle", () => {
  let bundle: { js: string; bootJs: string; workerBytes: number; inputs: string[] };
  beforeAll(async () => {
    bundle = await bundlePlayground();
  }, 120_000);

  test("contains no Node built-in, no jsdom, and none of the Node-only modules of kafka-sim", () => {
    const lib = bundle.inputs.filter((i) => i.startsWith("lib/"));
    expect(lib).toContain("lib/dist/browser.js");
    expect(lib).toContain("lib/dist/course/plot/dom.browser.js");
    expect(lib).not.toContain("lib/dist/course/plot/dom.js");
    const forbidden = bundle.inputs.filter((i) => /^node:|(^|\/)node_modules\/(jsdom|kafkajs|tslab|esbuild|crc-32)\/|lib\/dist\/(wire|serve|grader|cli)\/|lib\/dist\/(scenario\/learner|course\/instructor|course\/real-client|course\/plot\/display)\.js$/.test(i));
    expect(forbidden).toEqual([]);
    // Nothing left for a run-time require (what esbuild emits for an external module). (The text "node:…" does
    // occur: Plot's tree marks take "node:name", "node:path" channels, so the inputs above are the real check.)
    expect(bundle.js).not.toMatch(/\brequire\(["']/);
    expect(bundle.bootJs).not.toMatch(/\brequire\(["']/);
    // The Worker is small: the simulation without Plot.
    expect(bundle.workerBytes).toBeLessThan(200_000);
  });

  test("the page's and the Worker's code type-check against kafka-sim/browser (strict, DOM)", () => {
    const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "scripts/site-assets/playground/tsconfig.json", "--pretty", "false"], { cwd: root, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  test("kafka-sim/browser on its own bundles for the browser; the guard refuses a Node built-in", async () => {
    const r = await build({ stdin: { contents: 'export * from "kafka-sim/browser";', resolveDir: root }, bundle: true, platform: "browser", format: "esm", write: false, metafile: true, logLevel: "silent", plugins: [nodeBuiltinGuard] });
    expect(Object.keys(r.metafile.inputs).filter((i) => i.startsWith("node:") || i.includes("jsdom"))).toEqual([]);
    // The Node entry is not browser-safe, and the guard says so, naming the module.
    await expect(build({ stdin: { contents: 'export * from "kafka-sim";', resolveDir: root }, bundle: true, platform: "browser", write: false, logLevel: "silent", plugins: [nodeBuiltinGuard] })).rejects.toThrow(/may not import the Node built-in "node:/);
  }, 60_000);
});

describe("the playground page in Chromium", () => {
  const work = mkdtempSync(join(tmpdir(), "playground-"));
  const site = join(work, "site");
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}). Install it with \`node scripts/setup.mjs\` (as root) or \`sudo apt-get install -y chromium\`.`);
    const r = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--out", site], { encoding: "utf8", timeout: 300_000 });
    if (r.status !== 0) throw new Error(`build-site failed (${r.status}): ${r.stderr}`);
    expect(r.stderr, "site build warnings").toBe("");
    rmSync(artifacts, { recursive: true, force: true });
    mkdirSync(artifacts, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function open(hash = "", viewport = { width: 1280, height: 900 }, file = "playground.html"): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    // Offline: anything but a file: or blob:/data: URL is refused and reported.
    await page.route(/^(?!file:|blob:|data:)/, (route) => {
      errors.push(`remote request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(site, file)).href + hash);
    await ready(page);
    return page;
  }
  const generation = (page: Page) => page.evaluate(() => Number(document.getElementById("pg")!.dataset.generation ?? 0));
  const ready = (page: Page, after = 0) =>
    page.waitForFunction((g) => document.getElementById("pg")!.dataset.state === "ready" && Number(document.getElementById("pg")!.dataset.generation) > g, after, { timeout: 60_000 });
  const figureSvg = (page: Page) => page.evaluate(() => decodeURIComponent(document.querySelector<HTMLAnchorElement>("#pg-download")!.href.replace(/^data:image\/svg\+xml;charset=utf-8,/, "")));
  const settingsOf = (page: Page) => page.evaluate(() => location.hash).then((h) => parsePlaygroundHash(h));

  test("from file://: the default figure is lesson 01's workload (the same SVG as in Node), with no console error", async () => {
    const page = await open();
    expect(page.url()).toMatch(/^file:/);
    const svg = await figureSvg(page);
    expect(svg).toBe(outcomeFigure(sweepSettings(PLAYGROUND_DEFAULTS)));
    expect(await page.locator("#pg-figure > svg").count()).toBe(1);
    expect(await page.locator("#pg-totals tbody tr").count()).toBe(3);
    expect(await page.textContent("#pg-status")).toMatch(/^600 runs of 20 records computed in \d+ ms\.$/);
    await page.screenshot({ path: join(artifacts, "playground.png"), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  test("moving a control (with the keyboard) changes the figure and the address; the Worker leaves the page responsive, and a newer change cancels an older sweep", async () => {
    const page = await open();
    const before = await figureSvg(page);
    const g = await generation(page);
    await page.focus("#pg-dropResponseRate");
    for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
    await ready(page, g);
    await page.waitForFunction(() => document.getElementById("pg-status")!.textContent!.startsWith("600 runs"));
    await page.waitForFunction(() => document.getElementById("pg")!.dataset.state === "ready");
    const settings = await settingsOf(page);
    expect(settings.dropResponseRate).toBe(0.1);
    expect(await page.textContent("#pg-dropResponseRate-out")).toBe("10 %");
    const after = await figureSvg(page);
    expect(after).not.toBe(before);
    expect(after).toBe(outcomeFigure(sweepSettings(settings)));
    // A slow sweep (3 × 2000 seeds) replaced at once by a quick one: the slow one is cancelled, never drawn.
    const g2 = await generation(page);
    await page.fill("#pg-seeds", "2000");
    // The main thread stays free while the Worker computes: the page shows progress and answers at once.
    await page.waitForFunction(() => document.getElementById("pg-status")!.textContent!.startsWith("Computing 6000 runs"));
    expect(await page.evaluate(() => document.getElementById("pg")!.dataset.state)).toBe("computing");
    await page.fill("#pg-seeds", "20");
    await ready(page, g2);
    await page.waitForFunction(() => Number(document.getElementById("pg")!.dataset.cancelled) >= 1, undefined, { timeout: 30_000 });
    expect(await page.textContent("#pg-status")).toMatch(/^60 runs of 20 records/);
    expect(await generation(page)).toBe(g2 + 1);
    expect(await figureSvg(page)).toBe(outcomeFigure(sweepSettings({ ...settings, seeds: 20 })));
    await page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  test("an invalid combination shows Kafka's ConfigException text; fixing it draws again", async () => {
    const page = await open();
    const g = await generation(page);
    await page.selectOption("#pg-run2-acks", "1");
    await page.waitForFunction(() => document.getElementById("pg")!.dataset.state === "invalid");
    const alert = page.locator("#pg-problems[role=alert]");
    expect(await alert.isVisible()).toBe(true);
    expect(await alert.locator(".pg-exception").textContent()).toBe("org.apache.kafka.common.config.ConfigException: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
    expect(await alert.locator(".pg-problem-title").textContent()).toContain("run 3");
    await page.selectOption("#pg-run2-acks", "all");
    await page.fill("#pg-run2-inflight", "6");
    await page.waitForFunction(() => document.querySelector(".pg-exception")?.textContent?.includes("Current value is 6."));
    expect(await alert.locator(".pg-exception").textContent()).toBe("org.apache.kafka.common.config.ConfigException: To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.");
    // Not set instead of explicit: Kafka turns idempotence off and logs why; the page runs and shows the log line.
    await page.fill("#pg-run2-inflight", "");
    await page.selectOption("#pg-run2-idempotence", "");
    await page.selectOption("#pg-run2-acks", "1");
    await ready(page, g);
    expect(await alert.isVisible()).toBe(false);
    expect(await page.textContent("#pg-warnings")).toContain("Idempotence will be disabled because acks is set to 1, not set to 'all'.");
    await page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  test("a lesson's 'open in the playground' link reproduces the notebook's figure byte for byte; the replayed timeline is Node's", async () => {
    const link = LINKS.find((l) => l.notebook === "01-idempotence-and-delivery-semantics" && l.source.includes("dropResponseRate: 0.1"))!;
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(join(site, `${link.notebook}.html`)).href);
    const anchors = page.locator(".playground-link a");
    expect(await anchors.count()).toBe(LINKS.filter((l) => l.notebook === link.notebook).length);
    await anchors.nth(1).click();
    await ready(page);
    expect(page.url()).toContain("playground.html#");
    expect(await figureSvg(page)).toBe(storedFigure(link.notebook, link.source));
    // Replay run 2, seed 7: step to the first event, then through to the last; the whole run's figure is Node's.
    await page.selectOption("#pg-replay-run", "1");
    await page.fill("#pg-replay-seed", "7");
    await page.waitForFunction(() => /^Event \d+ of \d+ at \d+ ms$/.test(document.getElementById("pg-step-status")!.textContent!) && location.hash.endsWith("replay=2.7"));
    await page.waitForFunction(() => document.querySelector("#pg-timeline svg") !== null);
    const settings = await settingsOf(page);
    const result = runScenario({ ...runSpec(settings, 1), seed: 7, trace: true });
    const lanes = timelineLanes(result.trace, result.cluster.brokers.length);
    await page.focus("#pg-step-first");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("pg-step-status")!.textContent!.startsWith("Event 1 of "));
    await page.keyboard.press("Shift+Tab"); // back to the slider, above the buttons
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pg-step");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.getElementById("pg-step-status")!.textContent!.startsWith("Event 2 of "));
    expect(await page.locator("#pg-text-timeline mark").count()).toBe(1);
    await page.click("#pg-step-last");
    const last = await page.evaluate(() => document.querySelector("#pg-timeline")!.innerHTML);
    const nodeSvg = timelineFigure(result.trace, { lanes });
    // The page inserts the string as HTML; compare the browser's parse of Node's string with the page's.
    const reparsed = await page.evaluate((svg) => {
      const d = document.createElement("div");
      d.innerHTML = svg;
      return d.innerHTML;
    }, nodeSvg);
    expect(last).toBe(reparsed);
    await page.close();
    expect(errors).toEqual([]);
  }, 180_000);

  test("labels, keyboard order, the notebooks' palette, and a phone layout", async () => {
    const page = await open("", { width: 390, height: 844 });
    // Every control has a label (a <label for>, or aria-label) and is reachable by Tab.
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>("#pg input, #pg select, #pg button"))
        .filter((e) => !e.getAttribute("aria-label") && !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.textContent!.trim())
        .map((e) => e.id || e.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      reached.add(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    for (const id of ["pg-dropRequestRate", "pg-records", "pg-seeds", "pg-run0-acks", "pg-run0-idempotence", "pg-run2-minisr", "pg-add-run"]) expect(reached, id).toContain(id);
    // The outcome colours are the notebooks' own (OUTCOME_COLORS, chosen to stay apart for colour-blind readers).
    const fills = await page.evaluate(() => [...new Set(Array.from(document.querySelectorAll("#pg-figure rect[fill], #pg-figure g[fill]"), (e) => e.getAttribute("fill")!))]);
    const palette = Object.values(OUTCOME_COLORS);
    expect(fills.filter((f) => f.startsWith("#")).every((f) => palette.includes(f))).toBe(true);
    expect(fills).toEqual(expect.arrayContaining(palette));
    // Phone: nothing wider than the screen, controls in one column.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const columns = await page.evaluate(() => getComputedStyle(document.querySelector(".pg-run")!).gridTemplateColumns.split(" ").length);
    expect(columns).toBe(1);
    await page.screenshot({ path: join(artifacts, "playground-390.png"), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  test("over a 127.0.0.1 static server too: the same figure, no console error", async () => {
    const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript" };
    const server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "") || "index.html";
      const file = join(site, name);
      if (name === "favicon.ico") return void res.writeHead(204).end(); // the browser asks; the site has none
      if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const page = await browser.newPage();
      page.on("console", (m) => m.type() === "error" && errors.push(`error: ${m.text()}`));
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      const settings = { ...PLAYGROUND_DEFAULTS, seeds: 30, records: 10 };
      await page.goto(`http://127.0.0.1:${port}/playground.html#${playgroundHash(settings)}`);
      await ready(page);
      expect(await figureSvg(page)).toBe(outcomeFigure(sweepSettings(settings)));
      await page.close();
    } finally {
      await new Promise((ok) => server.close(ok));
    }
    expect(errors).toEqual([]);
  }, 60_000);

  test("the Korean page (ko/playground.html): Korean words, and the library draws in Korean in the page and the Worker (the figure and the replayed outcome are Node's under withLang(\"ko\"))", async () => {
    const settings = { ...PLAYGROUND_DEFAULTS, seeds: 50 };
    const page = await open(`#${playgroundHash(settings)}`, { width: 1280, height: 900 }, "ko/playground.html");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    expect(await page.textContent("main h1")).toBe("플레이그라운드");
    expect(await page.textContent("#pg-status")).toMatch(/^레코드 20개짜리 실행 150번을 \d+ ms에 계산했습니다\.$/);
    expect(await page.locator("#pg-totals thead th").allInnerTexts()).toContain("정확히 한 번 적재됨");
    expect(await page.textContent('label[for="pg-records"]')).toBe("실행당 레코드 수");
    // The page's figure: outcomeFigure drawn under setLang("ko") in the page, from rows the Worker computed under
    // setLang("ko"); Node under withLang("ko") draws the same bytes.
    expect(await figureSvg(page)).toBe(withLang("ko", () => outcomeFigure(sweepSettings(settings))));
    await page.waitForFunction(() => (document.getElementById("pg-replay-outcome")!.textContent ?? "") !== "");
    const replay = withLang("ko", () => renderOutcome(runScenario({ ...runSpec(settings, settings.replayRun), seed: settings.replaySeed, trace: true }).check));
    expect(await page.textContent("#pg-replay-outcome")).toBe(replay);
    await page.screenshot({ path: join(artifacts, "playground-ko.png"), fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
  }, 120_000);

  test("an address that cannot be read opens the defaults and says why", async () => {
    const page = await open("#seeds=many");
    expect(await page.textContent("#pg-problems")).toContain('seeds must be a number, got "many".');
    expect(await figureSvg(page)).toBe(outcomeFigure(sweepSettings(PLAYGROUND_DEFAULTS)));
    await page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("transactions and producer restarts in the playground (the links of lessons 06, 07 and 10)", () => {
  const linkFor = (notebook: string, source: string) => LINKS.find((l) => l.notebook === notebook && l.source.startsWith(source))!;

  test("a run's transactional.id and restart time reach its scenario spec", () => {
    const s = linkFor("10-transactions", "const transactionalRows").settings;
    const [plain, transactional] = playgroundSpecs(s);
    expect(plain!.producer).toEqual({ "request.timeout.ms": 2000 });
    expect(plain!.faults!.plan).toEqual([{ atMs: 40, action: "restart-producer" }]);
    expect(plain!.workload!.transactionRecords).toBeUndefined();
    expect(transactional!.producer).toEqual({ "transactional.id": "app", "request.timeout.ms": 2000 });
    expect(transactional!.workload!.transactionRecords).toBe(8);
  });

  test("lesson 10's link: the restart duplicates records with idempotence only, none with transactions", () => {
    const rows = sweepSettings(linkFor("10-transactions", "const transactionalRows").settings);
    const of = (name: string) => rows.filter((r) => r.scenario === name);
    expect(of("idempotence only").every((r) => r.duplicated > 0)).toBe(true);
    expect(of("transactional.id + transactions").every((r) => r.ok && r.duplicated === 0)).toBe(true);
  });

  test("lesson 07's link: no restart, no duplicate; a later restart, more duplicates", () => {
    const rows = sweepSettings(linkFor("07-errors-and-limits", "const restartRows").settings);
    const dups = (name: string) => rows.filter((r) => r.scenario === name).reduce((n, r) => n + r.duplicated, 0);
    expect(dups("no restart")).toBe(0);
    expect(dups("restart at 30 ms")).toBeGreaterThan(0);
    expect(dups("restart at 70 ms")).toBeGreaterThan(dups("restart at 30 ms"));
  });

  test("lesson 06's links: Kafka's exception for a transactional.id with acks=1, and acks=1 alone duplicating", () => {
    expect(checkPlayground(linkFor("06-configuration-rules", "explain(").settings).problems.map((p) => p.message)).toEqual(["Cannot set a transactional.id without also enabling idempotence."]);
    const rows = sweepSettings(linkFor("06-configuration-rules", "const costs").settings);
    expect(rows.filter((r) => r.scenario === "defaults").every((r) => r.ok)).toBe(true);
    expect(rows.filter((r) => r.scenario === "acks=1, nothing else").some((r) => r.duplicated > 0)).toBe(true);
  });

  test("a producer restart at a negative time is refused, naming the run", () => {
    const s = { ...PLAYGROUND_DEFAULTS, runs: [{ ...PLAYGROUND_DEFAULTS.runs[0]!, restartProducerAtMs: -5 }] };
    expect(checkPlayground(s).problems).toEqual([{ run: 0, kind: "SimulationInputError", message: "run 1: the producer restart must be at a number of milliseconds >= 0 (or empty: no restart), got -5." }]);
  });
});
