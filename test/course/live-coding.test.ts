/**
 * Live coding on a projector: what an instructor types in a notebook or a terminal reads well.
 *  - timelineFigure of a whole run squeezes quiet stretches (≈ on the axis): at most 20% of a full run's figure is
 *    empty height, where a linear time axis leaves 80–98% empty (measured on the SVG: stretches with no ink).
 *  - text sequence diagrams fit 100 columns (the description wraps under its lanes), in renderRun, LiveScenario,
 *    createScenario().step(n) and the terminal (`npm run scenario`, `--step`).
 *  - createScenario().step(n) prints as the text diagram; a stopped run reports pending records as unfinished.
 *  - `acks: "2"` is a type error that lists the allowed values.
 *  - the README's live-coding snippet, run on the tslab kernel cell by cell: every cell shows something.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test, vi } from "vitest";
import { LiveScenario, createScenario, lessonScenario, lessonScenarioNames, renderRun, runScenario, tableHtml, timelineFigure } from "kafka-sim";

const root = fileURLToPath(new URL("../..", import.meta.url));
const columns = (line: string): number => [...line.replace(/\u001b\[[0-9;]*m/g, "")].length;

/**
 * Share of a timeline's plot height (between the top and bottom margins) in vertical stretches taller than `hole`
 * pixels with no ink: no arrow (its whole length), dot or label. Read from the SVG Plot drew.
 */
function emptyShare(svg: string, hole = 80): number {
  const height = Number(/<svg[^>]*height="([\d.]+)"/.exec(svg)![1]);
  const ys: number[] = [];
  for (const g of svg.matchAll(/<g aria-label="(arrow|dot|text)"[^>]*>([\s\S]*?)<\/g>/g)) {
    const body = g[2]!;
    for (const m of body.matchAll(/cy="([\d.-]+)"/g)) ys.push(Number(m[1]));
    for (const m of body.matchAll(/translate\(([\d.-]+),([\d.-]+)\)/g)) ys.push(Number(m[2]));
    for (const m of body.matchAll(/d="([^"]+)"/g)) {
      const pts = [...m[1]!.matchAll(/([\d.-]+),([\d.-]+)/g)].map((p) => Number(p[2]));
      pts.forEach((y, i) => {
        ys.push(y);
        if (i > 0) for (let v = Math.min(pts[i - 1]!, y); v < Math.max(pts[i - 1]!, y); v += 10) ys.push(v);
      });
    }
  }
  const top = 30;
  const bottom = height - 20;
  const sorted = [top, ...ys.filter((y) => y >= top && y <= bottom).sort((a, b) => a - b), bottom];
  let empty = 0;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > hole) empty += sorted[i]! - sorted[i - 1]!;
  return empty / (bottom - top);
}

describe("timelineFigure squeezes quiet stretches", () => {
  const names = lessonScenarioNames();

  test.each(names)("%s: a whole run's figure is at most 20%% empty height", (name) => {
    const r = runScenario(lessonScenario(name));
    const share = emptyShare(timelineFigure(r.trace));
    expect(share, `${name}: ${(100 * share).toFixed(0)}% of the figure's height is empty`).toBeLessThanOrEqual(0.2);
  });

  test("the measure can fail: with time kept linear, the at-least-once figure is mostly empty", () => {
    const r = runScenario(lessonScenario("at-least-once"));
    expect(emptyShare(timelineFigure(r.trace, { gapMs: Infinity }))).toBeGreaterThan(0.8);
  });

  test("the cut is marked on the axis (≈), says how long it lasted, and the ticks after it give real times", () => {
    const r = runScenario(lessonScenario("at-least-once"));
    const svg = timelineFigure(r.trace);
    expect(svg).toContain(">≈</text>");
    expect(svg).toMatch(/⋮ 30(\.\d)? s pass/);
    expect(svg).toContain("quiet stretch squeezed");
    const ticks = [...svg.matchAll(/<g aria-label="y-axis tick label"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((g) => [...g[1]!.matchAll(/>(\d+)<\/text>/g)].map((m) => Number(m[1])));
    expect(Math.min(...ticks)).toBeLessThan(100);
    expect(Math.max(...ticks)).toBeGreaterThan(30_000);
    // same options, same bytes
    expect(timelineFigure(r.trace)).toBe(svg);
  });

  test("a short run with no quiet stretch is drawn as before: linear time, no band", () => {
    const r = runScenario(lessonScenario("at-most-once"));
    expect(timelineFigure(r.trace)).toBe(timelineFigure(r.trace, { gapMs: Infinity }));
    expect(timelineFigure(r.trace)).not.toContain("≈");
  });

  test("nothing to draw yet says so; a bad gapMs is refused", () => {
    expect(timelineFigure([])).toContain("Nothing has happened yet");
    const run = createScenario(lessonScenario("at-least-once"));
    run.step();
    expect(timelineFigure(run.trace)).toMatch(/Nothing to draw yet: 1 event\(s\) so far|<g aria-label="arrow"|<g aria-label="dot"/);
    expect(() => timelineFigure(run.trace, { gapMs: 0 })).toThrow(/gapMs must be a number of ms > 0/);
  });
});

describe("text sequence diagrams fit 100 columns", () => {
  test.each(lessonScenarioNames())("%s: renderRun lines fit, and unwrapping the continuations gives the one-line-per-event text", (name) => {
    const r = runScenario(lessonScenario(name));
    const text = renderRun(r);
    const lines = text.split("\n");
    const widest = Math.max(...lines.map(columns));
    expect(widest, lines.find((l) => columns(l) === widest)).toBeLessThanOrEqual(100);
    // A continuation line has no time, quiet lanes, and the text two columns in: join them back.
    const joined: string[] = [];
    for (const l of lines) {
      const m = /^ {9}[│ ]*│ +(\S.*)$/.exec(l) ?? /^(?: {36}| {2}(?=[a-z(]))(\S.*)$/.exec(l);
      if (m && joined.length > 0) joined[joined.length - 1] += ` ${m[1]}`;
      else joined.push(l);
    }
    // Lanes may be narrower in the 100-column text: compare with runs of blanks and of ─ collapsed.
    const squeeze = (t: string) => t.split("\n").map((l) => l.replace(/ +/g, " ").replace(/─+/g, "─")).join("\n");
    const expected = squeeze(renderRun(r, { width: 0 }));
    if (squeeze(joined.join("\n")) !== expected) {
      const a = squeeze(joined.join("\n")).split("\n");
      const b = expected.split("\n");
      const i = a.findIndex((l, k) => l !== b[k]);
      expect(a.slice(i, i + 3).join("\n")).toBe(b.slice(i, i + 3).join("\n"));
    }
  });

  test("many lanes get narrower so the description keeps room", () => {
    const r = runScenario(lessonScenario("producer-restart"));
    const lines = renderRun(r, { width: 80 }).split("\n");
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(80);
    expect(() => renderRun(r, { width: 20 })).toThrow(/width must be 0 \(no limit\), Infinity or a whole number of columns >= \d+/);
  });

  test("LiveScenario.step and stepUntil print at most 100 columns", () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((text: unknown) => void printed.push(String(text)));
    try {
      const live = new LiveScenario("idempotent");
      live.stepUntil("duplicate");
      live.step(20);
    } finally {
      spy.mockRestore();
    }
    const lines = printed.join("\n").split("\n");
    expect(lines.length).toBeGreaterThan(20);
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(100);
  });

  test.each(["at-least-once", "producer-restart", "acks1-failover"])("the terminal: npm run scenario -- %s fits 100 columns, --step too", (name) => {
    for (const args of [[name, "--no-color"], [name, "--step", "--no-color"]]) {
      const r = spawnSync(process.execPath, [join(root, "lib/dist/cli/scenario.js"), ...args], { input: "\n".repeat(500), encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.split("\n");
      expect(Math.max(...lines.map(columns)), lines.find((l) => columns(l) > 100)).toBeLessThanOrEqual(100);
    }
  });
});

describe("createScenario().step(n)", () => {
  test("runs until n things have happened and prints as lines of the text diagram", () => {
    const run = createScenario(lessonScenario("at-least-once"));
    const first = run.step(6);
    expect(first.filter((e) => e.type !== "deliver").length).toBeGreaterThanOrEqual(6);
    const printed = inspect(first);
    expect(printed.split("\n")[0]).toMatch(/^ {5}ms {2}producer {4}broker-0/);
    expect(printed).toContain("send [r0] → events-0");
    expect(printed).toMatch(/├─+▶ .*Produce n=1 \(no pid, no sequence\) \[r0\]/);
    expect(printed).not.toContain("atMs"); // not raw objects
    // The next step continues the same diagram: a duplicate is still called one.
    const rest = inspect(run.step(200));
    expect(rest).toMatch(/append \[r2\] at offset \d+ — DUPLICATE/);
    expect(rest).toMatch(/\(the scenario is over at \d+ ms\)/);
    expect(inspect(run.step())).toBe("(no new events)\n         (the scenario is over at " + run.nowMs + " ms)");
  });

  test("step(n) goes as far as n single steps, and the events are still a plain array", () => {
    const a = createScenario(lessonScenario("idempotent"));
    const b = createScenario(lessonScenario("idempotent"));
    const many = a.step(10);
    const single: unknown[] = [];
    while (single.filter((e) => (e as { type: string }).type !== "deliver").length < 10) single.push(...b.step());
    expect(many).toEqual(single);
    expect(Array.isArray(many)).toBe(true);
    expect(JSON.parse(JSON.stringify(many))).toEqual(JSON.parse(JSON.stringify(single)));
  });

  test("a bad n names what is allowed", () => {
    const run = createScenario();
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => run.step(n)).toThrow(/step takes a whole number of events >= 1/);
  });

  test("an empty table says it is empty", () => {
    expect(tableHtml([])).toBe("<p><em>(no rows: the table is empty)</em></p>");
    expect(tableHtml([], { empty: "the log is empty" })).toBe("<p><em>the log is empty</em></p>");
  });
});

describe("a run stopped early", () => {
  test("--step, quit with q: a record still pending is unfinished, not lost", () => {
    const r = spawnSync(process.execPath, [join(root, "lib/dist/cli/scenario.js"), "at-least-once", "--step", "--no-color"], { input: "\n".repeat(7) + "q\n", encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Stopped at \d+ ms/);
    expect(r.stdout).toMatch(/… unfinished \(still pending\) +1 {2}r1/);
    expect(r.stdout).toMatch(/· lost, producer said failed +0\n/);
    expect(r.stdout.replace(/\n {2}(?=[a-z(])/g, " ")).toContain("1 still pending (the run stopped before they finished)");
  });

  test("a finished run has no unfinished line", () => {
    const text = renderRun(runScenario(lessonScenario("at-least-once")));
    expect(text).not.toContain("unfinished");
  });
});

describe("acks type errors name the allowed values", () => {
  test('resolveProducerConfig({ acks: "2" }) and createScenario({ producer: { acks: 2 } }) are type errors listing "all", "-1", "0", "1"', () => {
    const dir = join(root, "test-artifacts/acks-types");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "acks.ts");
    writeFileSync(file, 'import { resolveProducerConfig, createScenario } from "kafka-sim";\nresolveProducerConfig({ acks: "2" });\ncreateScenario({ producer: { acks: 2 } });\nresolveProducerConfig({ acks: "all" });\n');
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
    const messages = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    rmSync(dir, { recursive: true, force: true });
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      for (const value of ['"all"', '"-1"', '"0"', '"1"', "-1", "0", "1"]) expect(m).toContain(value);
      expect(m).not.toContain("AcksInput");
    }
    expect(messages[0]).toMatch(/^2: Type '"2"' is not assignable/);
    expect(messages[1]).toMatch(/^3: Type '2' is not assignable/);
  });
});

describe("the README's live-coding snippet on the tslab kernel", () => {
  test("every line shows something: text diagram, figure or table; no error; the acks error lists values in tslab too", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /### Live coding in a notebook[\s\S]*?```ts static\n([\s\S]*?)```/.exec(readme)![1]!.trimEnd().split("\n");
    expect(block.length).toBeGreaterThanOrEqual(6);
    // The import and the run's creation in one cell (they show nothing by design), then one cell per line.
    const cells = [block.slice(0, 2).join("\n"), ...block.slice(2)];
    const dir = join(root, "test-artifacts/live-coding");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const notebook = (sources: string[]) => ({
      cells: sources.map((source, i) => ({ cell_type: "code", execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
      nbformat: 4,
      nbformat_minor: 5,
    });
    writeFileSync(join(dir, "readme-snippet.ipynb"), JSON.stringify(notebook(cells)));
    writeFileSync(join(dir, "acks.ipynb"), JSON.stringify(notebook(['import { resolveProducerConfig } from "kafka-sim";\nresolveProducerConfig({ acks: "2" });'])));
    const report = join(dir, "report.json");
    try {
      execFileSync(join(root, ".venv/bin/python"), [join(root, "scripts/notebooks.py"), "write", "--report", report, join(dir, "readme-snippet.ipynb"), join(dir, "acks.ipynb")], { cwd: root, stdio: "pipe", timeout: 300_000 });
    } catch {
      /* exit 1: the acks notebook has its (expected) type error; the report says what happened */
    }
    const result = JSON.parse(readFileSync(report, "utf8")) as { notebooks: Array<{ path: string; failedCells: unknown[]; stderr: unknown[]; diagnostics: Array<{ text: string }> }> };
    const snippet = result.notebooks.find((n) => n.path.endsWith("readme-snippet.ipynb"))!;
    expect(snippet.failedCells).toEqual([]);
    expect(snippet.stderr).toEqual([]);
    expect(snippet.diagnostics).toEqual([]);
    const ran = JSON.parse(readFileSync(join(dir, "readme-snippet.ipynb"), "utf8")) as { cells: Array<{ source: string[] | string; outputs: Array<{ output_type: string; text?: string[]; data?: Record<string, unknown> }> }> };
    ran.cells.slice(1).forEach((cell, i) => {
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      expect(cell.outputs.length, `cell ${i + 1} (${source}) shows nothing`).toBeGreaterThan(0);
      const shown = JSON.stringify(cell.outputs);
      if (source.startsWith("console.log(run.step")) expect(shown).toContain("ms  producer");
      if (source.startsWith("show(timelineFigure")) expect(shown).toContain("image/svg+xml");
      if (source.startsWith("showTable(")) expect(shown).toContain("<table>");
    });
    expect(JSON.stringify(ran.cells.at(-2)!.outputs)).toContain("≈"); // the second figure: the 30 s squeezed
    expect(JSON.stringify(ran.cells.at(-1)!.outputs).match(/<td>r2<\/td>/g)).toHaveLength(2); // the duplicate, as the README says
    const acks = result.notebooks.find((n) => n.path.endsWith("acks.ipynb"))!;
    expect(acks.diagnostics.map((d) => d.text).join("\n")).toMatch(/Type '"2"' is not assignable to type '.*"all".*'/);
  }, 300_000);
});
