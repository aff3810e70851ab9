// The playground row of npm run bench (scripts/bench.mjs): the course site's playground in headless Chromium.
//
//   node scripts/bench/playground.mjs '{"site": DIR, "lib": DIR, "runs": N}'
//
// Prints one JSON line:
// - interactive / firstFigure: ms from navigation start to the page's "playground-interactive" mark (controls
//   wired, first sweep sent) and to "playground-first-figure" (the first figure drawn), one fresh page per load;
// - recompute: ms from a slider's input event to the new figure in the page (MutationObserver on the page's
//   generation counter), for one run of 200 seeds × 20 records and for lesson 01's three runs of the same: the first
//   change after the page loads, and the median of `runs` changes after WARM more;
// - workerMs: the Worker's own time for those sweeps; nodeMs: the same sweep (same specs, same seeds) in this Node
//   process, warmed up the same way: the ratio browser / Node.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";

const { site, lib, runs = 5 } = JSON.parse(process.argv[2]);
const { PLAYGROUND_DEFAULTS, playgroundHash, playgroundSpecs, sweep } = await import(pathToFileURL(join(lib, "browser.js")).href);
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
/** Changes before the measured ones: V8 (Node's and Chromium's alike) needs a few sweeps to compile the hot paths. */
const WARM = 10;
const warm = (xs) => xs.slice(WARM);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const oneRun = { ...PLAYGROUND_DEFAULTS, runs: [PLAYGROUND_DEFAULTS.runs[2]], seeds: 200 };
const threeRuns = { ...PLAYGROUND_DEFAULTS, seeds: 200 };
const url = (s) => `${pathToFileURL(join(site, "playground.html")).href}#${playgroundHash(s)}`;

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ARGS });
const errors = [];
try {
  // Page interactive: fresh pages (the browser's cache warm after the first, as for a reader moving between pages).
  const interactive = [];
  const firstFigure = [];
  for (let i = 0; i < runs + 1; i++) {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url(threeRuns));
    await page.waitForFunction(() => performance.getEntriesByName("playground-first-figure").length > 0, undefined, { timeout: 60_000 });
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
    if (i > 0) {
      interactive.push(marks["playground-interactive"]);
      firstFigure.push(marks["playground-first-figure"]);
    }
    await page.close();
  }

  /** Moves the lost-responses slider back and forth; returns [change → figure ms, worker ms] per change. */
  async function recompute(settings) {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url(settings));
    await page.waitForFunction(() => document.getElementById("pg").dataset.state === "ready", undefined, { timeout: 60_000 });
    const total = [];
    const worker = [];
    for (let i = 0; i < WARM + runs; i++) {
      const [ms, wms] = await page.evaluate(
        (value) =>
          new Promise((resolve) => {
            const root = document.getElementById("pg");
            const before = root.dataset.generation;
            const slider = document.getElementById("pg-dropResponseRate");
            const observer = new MutationObserver(() => {
              if (root.dataset.generation !== before) {
                observer.disconnect();
                resolve([performance.now() - t0, Number(root.dataset.workerMs)]);
              }
            });
            observer.observe(root, { attributes: true, attributeFilter: ["data-generation"] });
            slider.value = String(value);
            const t0 = performance.now();
            slider.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        i % 2 ? 5 : 5.5,
      );
      total.push(ms);
      worker.push(wms);
    }
    await page.close();
    return { total, worker };
  }

  /** The same sweeps in Node, in the same sequence as the page's: the load's sweep, then the changes. */
  function nodeSweep(settings) {
    const times = [];
    for (let i = -1; i < WARM + runs; i++) {
      const s = { ...settings, dropResponseRate: i % 2 ? 0.05 : 0.055 };
      const t0 = performance.now();
      for (const spec of playgroundSpecs(s)) sweep(spec, { seeds: s.seeds });
      if (i >= 0) times.push(performance.now() - t0);
    }
    return times;
  }

  const one = await recompute(oneRun);
  const three = await recompute(threeRuns);
  const nodeOne = nodeSweep(oneRun);
  const nodeThree = nodeSweep(threeRuns);
  console.log(JSON.stringify({
    interactive: median(interactive), interactiveMax: Math.max(...interactive),
    firstFigure: median(firstFigure),
    one: { first: one.total[0], total: median(warm(one.total)), totalMax: Math.max(...warm(one.total)), worker: median(warm(one.worker)), node: median(warm(nodeOne)), firstWorker: one.worker[0], firstNode: nodeOne[0] },
    three: { first: three.total[0], total: median(warm(three.total)), totalMax: Math.max(...warm(three.total)), worker: median(warm(three.worker)), node: median(warm(nodeThree)), firstWorker: three.worker[0], firstNode: nodeThree[0] },
    errors,
    chromium: browser.version(),
  }));
} finally {
  await browser.close();
}
