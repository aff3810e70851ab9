/**
 * The course notebooks: each notebooks/NN-name.ipynb runs on the tslab kernel of .venv without a failed
 * cell, stderr output or type error, its stored outputs are what a fresh run gives, and its cells are
 * exactly those built from notebooks/NN-name.md. One runner process executes them all (scripts/notebooks.py),
 * together with a deliberately broken notebook, to show that the check can fail.
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
// Lessons only: a scratch notebook (Untitled.ipynb) in notebooks/ is a learner's, not the course's.
const notebooks = readdirSync(notebookDir).filter((f) => /^\d\d-.+\.ipynb$/.test(f)).sort();
const lessonSources = readdirSync(notebookDir).filter((f) => /^\d\d-.+\.md$/.test(f)).sort();

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
  await runChecker([...notebooks.map((f) => join(notebookDir, f)), brokenPath], reportFile);
  const result = JSON.parse(readFileSync(reportFile, "utf8")) as { notebooks: NotebookReport[] };
  for (const r of result.notebooks) reports.set(r.path.split("/").pop()!, r);
}, 600_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("notebooks", () => {
  it("there are notebooks, each lesson .md has its .ipynb, and each .ipynb its .md", () => {
    expect(notebooks.length).toBeGreaterThan(0);
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
