/**
 * The course notebooks of both editions: each notebooks/NN-name.ipynb and notebooks/ko/NN-name.ipynb runs on the
 * tslab kernel of .venv without a failed cell, stderr output or type error, its stored outputs are what a fresh run
 * gives, and its cells are exactly those built from its NN-name.md. One runner process executes them all
 * (scripts/notebooks.py, two kernels at once, each lesson beside its Korean twin), together with a deliberately
 * broken notebook, to show that the check can fail. The Korean kernels run in notebooks/ko, which makes their
 * output Korean (lib/src/kernel/locale.ts); test/notebooks-ko.test.ts checks the twins' code cells and claims.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const python = join(root, ".venv/bin/python");
const notebookDir = join(root, "notebooks");
/** The editions: their folder under notebooks/, as a prefix of the names below ("" or "ko/"). */
const EDITIONS = ["", "ko/"];
// Lessons only: a scratch notebook (Untitled.ipynb) in notebooks/ is a learner's, not the course's.
const lessonFiles = (ext: ".ipynb" | ".md") =>
  EDITIONS.flatMap((edition) => {
    const dir = join(notebookDir, edition);
    return existsSync(dir) ? readdirSync(dir).filter((f) => /^\d\d-/.test(f) && f.endsWith(ext)).sort().map((f) => edition + f) : [];
  });
/** Notebook names relative to notebooks/: "02-at-most-once.ipynb", "ko/02-at-most-once.ipynb". */
const notebooks = lessonFiles(".ipynb");
const lessonSources = lessonFiles(".md");
/** Run order: each lesson beside its Korean twin (two kernels at once), so both editions finish together. */
const runOrder = [...notebooks].sort((a, b) => a.replace(/^ko\//, "").localeCompare(b.replace(/^ko\//, "")) || a.length - b.length);

interface Problem { cell: number | null; text: string; status?: string }
interface NotebookReport {
  path: string;
  seconds: number;
  ok: boolean;
  failedCells: Problem[];
  stderr: Problem[];
  diagnostics: Problem[];
  outputsMatch: boolean;
  differences: { cell: number | null; committed?: string; fresh?: string; text?: string }[];
}
interface Cell { type: string; source: string }
interface BuildNotebook {
  cellsFromMarkdown(text: string): Cell[];
  cellsOfNotebook(notebook: unknown): Cell[];
  KERNELSPEC: Record<string, string>;
}

const tmp = mkdtempSync(join(tmpdir(), "notebooks-test-"));
const brokenPath = join(tmp, "broken.ipynb");
const reports = new Map<string, NotebookReport>();
let build: BuildNotebook;

/** A notebook with one problem per cell, then a healthy cell whose committed output is wrong. */
function writeBrokenNotebook(): void {
  const code = (source: string, outputs: unknown[] = []) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs, source });
  const notebook = {
    cells: [
      code('console.error("deliberate stderr");'),
      code('throw new Error("deliberate failure");'),
      code('const n: number = "not a number";'),
      code('console.log("still runs");', [{ output_type: "stream", name: "stdout", text: "committed something else\n" }]),
    ].map((c, i) => ({ ...c, id: `cell-${i}` })),
    metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(brokenPath, JSON.stringify(notebook));
}

function runChecker(paths: string[], reportFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [join(root, "scripts/notebooks.py"), "check", "--report", reportFile, ...paths],
      { cwd: root, maxBuffer: 64 << 20 },
      (error, _stdout, stderr) => {
        // Exit status 1 just means some notebook has problems (the broken one always does); the report says which.
        if (error && error.code !== 1) reject(new Error(`scripts/notebooks.py failed (${error.code ?? error.signal}):\n${stderr}`));
        else resolve();
      },
    );
  });
}

beforeAll(async () => {
  build = (await import(pathToFileURL(join(root, "scripts/build-notebook.mjs")).href)) as BuildNotebook;
  if (!existsSync(python)) {
    throw new Error(".venv/bin/python is missing: run `npm run setup` (it creates .venv with JupyterLab, nbclient and the tslab kernel)");
  }
  writeBrokenNotebook();
  const reportFile = join(tmp, "report.json");
  await runChecker([...runOrder.map((f) => join(notebookDir, f)), brokenPath], reportFile);
  const result = JSON.parse(readFileSync(reportFile, "utf8")) as { seconds: number; notebooks: NotebookReport[] };
  for (const r of result.notebooks) reports.set(r.path.startsWith("notebooks/") ? r.path.slice("notebooks/".length) : r.path.split("/").pop()!, r);
  // Where the time goes (the slowest first): the numbers to look at when npm test gets slow.
  const times = result.notebooks.map((r) => `${r.path.replace(/^notebooks\//, "")} ${r.seconds} s`);
  console.log(`[notebooks] ${result.notebooks.length} notebooks in ${result.seconds} s (two kernels at once): ${times.join(", ")}`);
}, 1_200_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("notebooks", () => {
  it("there are notebooks, each lesson .md has its .ipynb, and each .ipynb its .md (both editions)", () => {
    expect(notebooks.filter((f) => !f.startsWith("ko/")).length).toBeGreaterThan(0);
    expect(notebooks.map((f) => f.replace(/\.ipynb$/, ""))).toEqual(lessonSources.map((f) => f.replace(/\.md$/, "")));
  });

  it.each(notebooks)("%s runs clean on the tslab kernel and its stored outputs are current", (name) => {
    const r = reports.get(name);
    expect(r, `${name} is missing from the runner's report`).toBeDefined();
    expect(r!.failedCells, "cells that failed (an exception, or a reply other than ok)").toEqual([]);
    expect(r!.stderr, "stderr output").toEqual([]);
    expect(r!.diagnostics, "TypeScript diagnostics").toEqual([]);
    expect(r!.differences, `outputs differ from a fresh run: rebuild with node scripts/build-notebook.mjs notebooks/${name.replace(/\.ipynb$/, ".md")}`).toEqual([]);
    expect(r!.ok).toBe(true);
  });

  it.each(notebooks)("%s has exactly the cells of its .md and the tslab kernelspec", (name) => {
    const notebook = JSON.parse(readFileSync(join(notebookDir, name), "utf8")) as { metadata: { kernelspec: unknown } };
    const markdown = readFileSync(join(notebookDir, name.replace(/\.ipynb$/, ".md")), "utf8");
    expect(build.cellsOfNotebook(notebook), "the .ipynb drifted from its .md: rebuild it with scripts/build-notebook.mjs").toEqual(
      build.cellsFromMarkdown(markdown),
    );
    expect(notebook.metadata.kernelspec).toEqual(build.KERNELSPEC);
  });

  it("the check fails a broken notebook: a thrown error, a stderr write, a type error, changed outputs", () => {
    const r = reports.get("broken.ipynb");
    expect(r).toBeDefined();
    expect(r!.ok).toBe(false);
    // the console.error, and the thrown error's stack trace (tslab reports exceptions on stderr)
    expect(r!.stderr.map((p) => p.cell)).toEqual([0, 1]);
    expect(r!.stderr[0]!.text).toBe("deliberate stderr");
    expect(r!.failedCells.map((c) => [c.cell, c.status])).toEqual([[1, "error"], [2, "error"]]);
    expect(r!.failedCells[0]!.text).toContain("Error: deliberate failure");
    expect(r!.diagnostics).toEqual([{ cell: 2, text: "1:7 - Type 'string' is not assignable to type 'number'." }]);
    // the last cell still ran after the failures, and its fresh output differs from the committed one
    expect(r!.differences.map((d) => d.cell)).toEqual([0, 1, 2, 3]);
    expect(r!.differences.find((d) => d.cell === 3)!.fresh).toContain("still runs");
  });
});
