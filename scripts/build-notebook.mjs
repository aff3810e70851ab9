#!/usr/bin/env node
// Lesson notebooks are written as Markdown (notebooks/NN-name.md) and built into notebooks/NN-name.ipynb,
// executed with the tslab kernel so the .ipynb carries its outputs (GitHub and VS Code show them unrun).
//
//   node scripts/build-notebook.mjs [--no-run] [notebooks/NN-name.md ...]
//   (default: every lesson of both editions, notebooks/NN-*.md and notebooks/ko/NN-*.md)
//
// Markdown conventions:
// - A fenced block whose info string is exactly `ts` (or `typescript`) becomes a code cell.
// - Any other fence (```text, ```sh, ```ts static, …) stays in the Markdown, shown but not run.
// - Everything between <details> and </details> stays Markdown, fences included: folded answers.
// - A line `<!-- cell -->` splits the Markdown into two cells.
// The .ipynb is generated: edit the .md and rebuild (test/notebooks.test.ts fails when they drift).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" };
// Exactly the language_info the tslab kernel reports (kernel_info_reply): JupyterLab copies the kernel's into the
// notebook when it connects, so any other value marks a lesson modified as soon as a learner opens it, and autosave
// rewrites it. test/notebook-format.test.ts compares it with the installed kernel's.
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
  version: "3.7.2",
};

const CELL_BREAK = /^\s*<!--\s*cell\s*-->\s*$/;
const CODE_INFO = new Set(["ts", "typescript"]);

/**
 * Splits a lesson's Markdown into cells: [{ type: "markdown" | "code", source }].
 * Sources carry no trailing newline; empty Markdown between cells is dropped.
 */
export function cellsFromMarkdown(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const cells = [];
  let markdown = [];
  let detailsDepth = 0;
  const flushMarkdown = () => {
    while (markdown.length && markdown[0].trim() === "") markdown.shift();
    while (markdown.length && markdown[markdown.length - 1].trim() === "") markdown.pop();
    if (markdown.length) cells.push({ type: "markdown", source: markdown.join("\n") });
    markdown = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      const [, marker, info] = fence;
      let end = i + 1;
      while (end < lines.length && !isClosingFence(lines[end], marker)) end++;
      if (end === lines.length) {
        throw new Error(`line ${i + 1}: the fence ${marker}${info} is never closed (add a line ${marker})`);
      }
      const body = lines.slice(i + 1, end);
      if (detailsDepth === 0 && CODE_INFO.has(info.trim())) {
        flushMarkdown();
        if (body.join("").trim() === "") throw new Error(`line ${i + 1}: empty code block (a code cell needs code)`);
        cells.push({ type: "code", source: body.join("\n") });
      } else {
        markdown.push(line, ...body, lines[end]);
      }
      i = end;
      continue;
    }
    detailsDepth += (line.match(/<details[\s>]/gi) ?? []).length;
    detailsDepth = Math.max(0, detailsDepth - (line.match(/<\/details>/gi) ?? []).length);
    if (CELL_BREAK.test(line) && detailsDepth === 0) {
      flushMarkdown();
      continue;
    }
    markdown.push(line);
  }
  if (detailsDepth > 0) throw new Error("a <details> block is never closed (add </details>)");
  flushMarkdown();
  return cells;
}

function isClosingFence(line, marker) {
  const m = /^(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1][0] === marker[0] && m[1].length >= marker.length;
}

/** The notebook (nbformat 4.5, no outputs yet) for a lesson's Markdown; ids and key order are fixed. */
export function notebookFromMarkdown(text) {
  const cells = cellsFromMarkdown(text).map((cell, index) =>
    cell.type === "code"
      ? { cell_type: "code", execution_count: null, id: cellId(index), metadata: {}, outputs: [], source: cell.source }
      : { cell_type: "markdown", id: cellId(index), metadata: {}, source: cell.source },
  );
  return { cells, metadata: { kernelspec: KERNELSPEC, language_info: LANGUAGE_INFO }, nbformat: 4, nbformat_minor: 5 };
}

/** Same scheme as scripts/notebooks.py. */
export function cellId(index) {
  return `cell-${String(index).padStart(3, "0")}`;
}

/** A notebook's cells as [{ type, source }] (sources joined), for comparing with cellsFromMarkdown. */
export function cellsOfNotebook(notebook) {
  return notebook.cells.map((c) => ({
    type: c.cell_type,
    source: Array.isArray(c.source) ? c.source.join("") : c.source,
  }));
}

function main(argv) {
  const run = !argv.includes("--no-run");
  const args = argv.filter((a) => a !== "--no-run");
  for (const a of args) {
    if (a.startsWith("-")) {
      console.error(`unknown option ${a}; usage: build-notebook.mjs [--no-run] [notebooks/NN-name.md ...]`);
      process.exit(2);
    }
  }
  // Default: every lesson of both editions, notebooks/NN-name.md and notebooks/ko/NN-name.md.
  const lessonsIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => /^\d\d-.+\.md$/.test(f)).sort().map((f) => join(dir, f)) : []);
  const files = args.length ? args.map((f) => resolve(f)) : [...lessonsIn(join(root, "notebooks")), ...lessonsIn(join(root, "notebooks", "ko"))];
  if (files.length === 0) {
    console.error("no lesson Markdown found (notebooks/NN-name.md)");
    process.exit(2);
  }
  const outputs = [];
  for (const file of files) {
    if (!file.endsWith(".md") || !existsSync(file)) {
      console.error(`not a Markdown file: ${file} (expected an existing notebooks/NN-name.md)`);
      process.exit(2);
    }
    let notebook;
    try {
      notebook = notebookFromMarkdown(readFileSync(file, "utf8"));
    } catch (e) {
      console.error(`${relative(root, file)}: ${e.message}`);
      process.exit(1);
    }
    const out = join(dirname(file), `${basename(file, ".md")}.ipynb`);
    writeFileSync(out, JSON.stringify(notebook, null, 1) + "\n");
    outputs.push(out);
    console.log(`[build-notebook] wrote ${relative(root, out)} (${notebook.cells.length} cells)`);
  }
  if (!run) return;
  const python = join(root, ".venv/bin/python");
  if (!existsSync(python)) {
    console.error("[build-notebook] .venv is missing: run `npm run setup` first (it creates the Python venv and tslab kernel)");
    process.exit(1);
  }
  // Notebooks import the built library (lib/dist): rebuild it first if lib/src changed (setup skips what is current).
  const setup = spawnSync(process.execPath, [join(root, "scripts/setup.mjs")], { cwd: root, stdio: "inherit" });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
  const r = spawnSync(python, [join(root, "scripts/notebooks.py"), "write", ...outputs], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
