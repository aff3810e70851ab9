#!/usr/bin/env node
// npm run site: the course as a static site in site/, readable anywhere (file:// or any static host).
//
//   node scripts/build-site.mjs [--notebooks DIR] [--out DIR] [--quiet]
//
// One page per lesson notebook (DIR/NN-name.ipynb; scratch notebooks such as Untitled.ipynb are left out, in file-name order) with its prose, its code highlighted and its
// committed outputs (text escaped, SVG figures inline, HTML tables sanitized); an index with each lesson's
// learning goals (its first markdown cell, up to the first sub-heading); a glossary (DIR/glossary.md) and
// an errata page (DIR/errata.md); previous/next links. Relative links only: no CDN, no remote font or script,
// one small stylesheet. The same input gives the same files (no dates, no random ids).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMarkdown, highlight, inlineText } from "./site-assets/markdown.mjs";
import { escapeHtml, sanitizeHtml, sanitizeSvg, stripAnsi } from "./site-assets/sanitize.mjs";
import { playgroundHash } from "kafka-sim/browser";
import { bundlePlayground } from "./site-assets/playground/bundle.mjs";
import { PLAYGROUND_LINKS } from "./site-assets/playground/links.mjs";
// The playground's words, in one table per language (a Korean edition adds "ko"); the page's script reads it too.
import STRINGS from "./site-assets/playground/strings.json" with { type: "json" };
import { playgroundBody } from "./site-assets/playground/template.mjs";

/** A lesson notebook's file name; any other .ipynb in the folder is a learner's scratch work. */
export const LESSON_NOTEBOOK = /^\d\d-[^/]+\.ipynb$/;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const STYLE = join(root, "scripts/site-assets/style.css");
const PLAYGROUND_STYLE = join(root, "scripts/site-assets/playground/playground.css");
const PT = STRINGS.en;
const MARKER = ".course-site";
export const SITE_TITLE = "Kafka's idempotent producer";

/** Ids the page template uses: headings never take them. */
const RESERVED_IDS = ["top", "main", "lessons", "reference", "contents", "pager"];

const md = createMarkdown();
const sourceText = (s) => (Array.isArray(s) ? s.join("") : typeof s === "string" ? s : "");

function readNotebook(file) {
  let nb;
  try {
    nb = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not a readable notebook: ${e.message}`);
  }
  if (!nb || typeof nb !== "object" || (nb.cells !== undefined && !Array.isArray(nb.cells))) {
    throw new Error(`${file} is not a notebook: expected a JSON object with a "cells" list.`);
  }
  return { cells: nb.cells ?? [], language: nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? "typescript" };
}

/** "03-acks-and-replication" → "Acks and replication" (for a notebook without a heading yet). */
function titleFromName(name) {
  const words = name.replace(/^\d+[-_]?/, "").replace(/[-_]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/** The first heading of the first markdown cell (its text, and its rendered inline HTML). */
function firstHeading(tokens) {
  const i = tokens.findIndex((t) => t.type === "heading_open");
  if (i < 0) return undefined;
  return { index: i, text: inlineText(tokens[i + 1]), html: md.renderer.renderInline(tokens[i + 1].children, md.options, {}) };
}

function outputHtml(output, page, n) {
  const data = output.data ?? {};
  switch (output.output_type) {
    case "stream": {
      const cls = output.name === "stderr" ? "output stream stderr" : "output stream";
      return `<pre class="${cls}">${escapeHtml(stripAnsi(sourceText(output.text)).replace(/\n$/, ""))}</pre>`;
    }
    case "error": {
      const trace = (output.traceback ?? []).map(stripAnsi).join("\n");
      return `<pre class="output error">${escapeHtml(trace || `${output.ename}: ${output.evalue}`)}</pre>`;
    }
    case "display_data":
    case "execute_result": {
      const prefix = `${page.name}-f${n}`;
      if (data["image/svg+xml"] !== undefined) {
        const svg = sanitizeSvg(sourceText(data["image/svg+xml"]), prefix);
        if (svg) return `<figure class="output figure">${svg}</figure>`;
        page.warnings.push(`an image/svg+xml output that is not one <svg> element was shown as text`);
        return `<pre class="output">${escapeHtml(sourceText(data["image/svg+xml"]))}</pre>`;
      }
      if (data["text/html"] !== undefined) return `<div class="output html">${sanitizeHtml(sourceText(data["text/html"]), prefix)}</div>`;
      for (const type of ["image/png", "image/jpeg"]) {
        if (data[type] !== undefined) return `<figure class="output figure"><img alt="a figure" src="data:${type};base64,${escapeHtml(sourceText(data[type]).replace(/\s/g, ""))}"></figure>`;
      }
      if (data["text/markdown"] !== undefined) return `<div class="output markdown">${md.render(sourceText(data["text/markdown"]), page.env)}</div>`;
      if (data["text/plain"] !== undefined) return `<pre class="output">${escapeHtml(stripAnsi(sourceText(data["text/plain"])))}</pre>`;
      return "";
    }
    default:
      return "";
  }
}

/** Consecutive stream outputs of the same stream read as one block, as in JupyterLab. */
function mergeStreams(outputs) {
  const merged = [];
  for (const o of outputs ?? []) {
    const last = merged[merged.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) last.text = sourceText(last.text) + sourceText(o.text);
    else merged.push(o.output_type === "stream" ? { ...o, text: sourceText(o.text) } : o);
  }
  return merged;
}

/** The "open in the playground" link for a code cell, when links.mjs has one for it. */
function playgroundLink(page, src) {
  const link = page.playgroundLinks.find((l) => src.includes(l.source));
  if (!link) return "";
  page.playgroundLinksUsed.add(link);
  const note = link.note ? ` (${escapeHtml(link.note)})` : "";
  return `<p class="playground-link"><a href="playground.html#${escapeHtml(playgroundHash(link.settings))}">${escapeHtml(PT.openInPlayground)}</a>${note}: ${escapeHtml(PT.openInPlaygroundHint)}</p>`;
}

function cellsHtml(nb, page) {
  const parts = [];
  let figure = 0;
  for (const cell of nb.cells) {
    const src = sourceText(cell.source);
    if (cell.cell_type === "markdown") {
      if (src.trim()) parts.push(`<div class="cell markdown">${md.render(src, page.env)}</div>`);
    } else if (cell.cell_type === "code") {
      if (!src.trim() && !(cell.outputs ?? []).length) continue;
      const count = cell.execution_count ? `<span class="count" aria-hidden="true">[${cell.execution_count}]</span>` : "";
      const outputs = [...mergeStreams(cell.outputs).map((o) => outputHtml(o, page, ++figure)), playgroundLink(page, src)].filter(Boolean).join("\n");
      parts.push(
        `<div class="cell code">${count}<pre class="source"><code class="language-${escapeHtml(nb.language)}">${highlight(src.replace(/\n$/, ""), nb.language)}</code></pre>` +
          (outputs ? `\n<div class="outputs">${outputs}</div>` : "") +
          `</div>`,
      );
    } else if (cell.cell_type === "raw" && src.trim()) {
      parts.push(`<pre class="cell raw">${escapeHtml(src)}</pre>`);
    }
  }
  return parts.join("\n");
}

function layout({ title, body, prev, next, footer, head = "", scripts = "" }) {
  const pager = prev || next
    ? `<nav class="pager" id="pager" aria-label="Previous and next">${prev ? `<a rel="prev" href="${prev.href}"><span>Previous</span>${escapeHtml(prev.title)}</a>` : "<span></span>"}${next ? `<a rel="next" href="${next.href}"><span>Next</span>${escapeHtml(next.title)}</a>` : ""}</nav>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title === SITE_TITLE ? title : `${title} · ${SITE_TITLE}`)}</title>
<link rel="stylesheet" href="style.css">${head}
</head>
<body>
<header class="site" id="top"><a class="home" href="index.html">${escapeHtml(SITE_TITLE)}</a><nav aria-label="Course"><a href="index.html#lessons">Lessons</a><a href="playground.html">${escapeHtml(PT.navLink)}</a><a href="glossary.html">Glossary</a><a href="errata.html">Errata</a></nav></header>
<main id="main">
${body}
</main>
${pager}
<footer>${footer ?? ""}</footer>${scripts}
</body>
</html>
`;
}

function toc(headings) {
  const h2 = (headings ?? []).filter((h) => h.level === 2);
  if (h2.length < 3) return "";
  return `<details class="toc" id="contents"><summary>On this page</summary><ul>${h2.map((h) => `<li><a href="#${encodeURI(h.id)}">${escapeHtml(h.text)}</a></li>`).join("")}</ul></details>`;
}

function indexBody(lessons, extras) {
  const items = lessons
    .map((l) => `<li><a href="${l.href}">${l.number ? `<span class="num">${escapeHtml(l.number)}</span>` : ""}${l.titleHtml}</a>\n<div class="goals">${l.goals}</div></li>`)
    .join("\n");
  const ref = extras.map((p) => `<li><a href="${p.href}">${escapeHtml(p.shortTitle)}</a>: ${escapeHtml(p.blurb)}</li>`).join("\n");
  return `<h1>${escapeHtml(SITE_TITLE)} and delivery semantics</h1>
<p class="lede">How a Kafka producer can lose, duplicate or reorder records, and how idempotence (producer id, epoch, sequence numbers) stops it, shown on a small deterministic simulated cluster. The course follows a Korean study note, <span lang="ko">「Kafka 멱등성 프로듀서」</span>, and corrects it where Kafka differs.</p>
<h2 id="lessons">Lessons</h2>
${lessons.length ? `<ol class="lessons">\n${items}\n</ol>` : `<p class="pending">No lesson has been written yet.</p>`}
<h2 id="reference">Reference</h2>
<ul class="reference">
${ref}
</ul>
<p class="note">Each lesson page shows a notebook with the outputs stored in it. To run the cells yourself, open the notebooks in JupyterLab (<code>npm start</code>); to watch a scenario event by event in a terminal, run <code>npm run scenario -- --list</code>.</p>`;
}

/** Builds the site; returns what it wrote. Throws (naming the file) on a notebook it cannot read. */
export async function buildSite(options = {}) {
  const started = process.hrtime.bigint();
  const notebooksDir = resolve(options.notebooksDir ?? join(root, "notebooks"));
  const outDir = resolve(options.outDir ?? join(root, "site"));
  if (!existsSync(notebooksDir)) throw new Error(`--notebooks ${notebooksDir}: no such folder.`);
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(`--out ${outDir} is not empty and was not built by this script (no ${MARKER} file): refusing to overwrite it.`);
    }
    rmSync(outDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });

  // Lessons only (NN-name.ipynb): a scratch notebook (Untitled.ipynb from JupyterLab's Launcher) is not a page.
  const files = readdirSync(notebooksDir).filter((f) => LESSON_NOTEBOOK.test(f)).sort();
  const pages = files.map((f) => ({ name: basename(f, ".ipynb"), file: join(notebooksDir, f), href: `${basename(f, ".ipynb")}.html` }));
  const extras = [
    { name: "glossary", md: "glossary.md", title: "Glossary", blurb: "the study note's Korean terms, their English names, and Kafka's config, class and error names." },
    { name: "errata", md: "errata.md", title: "Errata", blurb: "where the study note and Kafka differ, with the Kafka class each rule comes from." },
  ].filter((p) => existsSync(join(notebooksDir, p.md))).map((p) => ({ ...p, shortTitle: p.title, href: `${p.name}.html` }));

  const pageByFile = new Map([...pages.map((p) => [`${p.name}.ipynb`, p.href]), ...extras.map((p) => [p.md, p.href])]);
  const siteFiles = new Set(["index.html", "playground.html", ...pages.map((p) => p.href), ...extras.map((p) => p.href)]);
  /** A link in the prose → a page of the site, an external URL, or null (a repository file: shown as text). */
  const resolveLink = (href) => {
    if (href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
    const [path, hash] = href.split(/(?=#)/);
    const file = decodeURI(path).split("/").pop();
    if (pageByFile.has(file)) return pageByFile.get(file) + (hash ?? "");
    if (siteFiles.has(file) && !path.includes("/")) return href;
    return null;
  };

  const warnings = [];
  const lessons = [];
  for (const page of pages) {
    const nb = readNotebook(page.file);
    page.env = { resolveLink, usedIds: new Set(RESERVED_IDS) };
    page.warnings = [];
    page.playgroundLinks = PLAYGROUND_LINKS.filter((l) => l.notebook === page.name);
    page.playgroundLinksUsed = new Set();
    const firstMd = nb.cells.find((c) => c.cell_type === "markdown" && sourceText(c.source).trim());
    const tokens = firstMd ? md.parse(sourceText(firstMd.source), { resolveLink, noAnchors: true }) : [];
    const heading = firstHeading(tokens);
    page.title = heading?.text || titleFromName(page.name);
    page.titleHtml = heading?.html || escapeHtml(page.title);
    let goals = `<p class="pending">This lesson is being written.</p>`;
    if (heading) {
      const after = tokens.slice(tokens.findIndex((t, i) => i > heading.index && t.type === "heading_close") + 1);
      const end = after.findIndex((t) => t.type === "heading_open");
      const html = md.renderer.render(end < 0 ? after : after.slice(0, end), md.options, { resolveLink });
      if (html.trim()) goals = html;
    }
    page.body = nb.cells.length ? cellsHtml(nb, page) : `<h1>${escapeHtml(page.title)}</h1>\n<p class="pending">This lesson is being written.</p>`;
    if (!heading && nb.cells.length) page.body = `<h1>${escapeHtml(page.title)}</h1>\n${page.body}`;
    // The file's number, unless the title already starts with one ("1. Idempotence …").
    const number = /^\d+[.):]\s/.test(page.title) ? "" : (/^\d+/.exec(page.name)?.[0] ?? "");
    lessons.push({ href: page.href, number, title: page.title, titleHtml: page.titleHtml, goals });
    for (const l of page.playgroundLinks) {
      if (!page.playgroundLinksUsed.has(l)) page.warnings.push(`no code cell contains ${JSON.stringify(l.source)}: its "open in the playground" link (scripts/site-assets/playground/links.mjs) was left out`);
    }
    warnings.push(...page.warnings.map((w) => `${page.name}.ipynb: ${w}`));
  }
  for (const extra of extras) {
    extra.env = { resolveLink, usedIds: new Set(RESERVED_IDS) };
    extra.body = md.render(readFileSync(join(notebooksDir, extra.md), "utf8"), extra.env);
    extra.title = extra.env.headings?.[0]?.text ?? extra.title;
  }

  const sequence = [{ href: "index.html", title: "Course home" }, ...pages, ...extras];
  const neighbours = (i) => ({ prev: i > 0 ? sequence[i - 1] : undefined, next: sequence[i + 1] });
  const written = [];
  const write = (href, html) => {
    writeFileSync(join(outDir, href), html);
    written.push(href);
  };
  write("index.html", layout({ title: SITE_TITLE, body: indexBody(lessons, extras), next: sequence[1] ? { href: sequence[1].href, title: sequence[1].title } : undefined, footer: "Works offline: every page, figure and style is in this folder." }));
  pages.forEach((page, i) => {
    const body = page.body.replace(/(<\/h1>)/, `$1\n${toc(page.env.headings)}`);
    write(page.href, layout({ title: page.title, body, ...neighbours(i + 1), footer: `This page shows <code>notebooks/${escapeHtml(page.name)}.ipynb</code> with its stored outputs. Run it in JupyterLab: <code>npm start</code>.` }));
  });
  extras.forEach((extra, i) => write(extra.href, layout({ title: extra.title, body: extra.body, ...neighbours(pages.length + 1 + i), footer: `From <code>notebooks/${extra.md}</code>.` })));
  const playground = await bundlePlayground();
  writeFileSync(join(outDir, "playground-boot.js"), playground.bootJs);
  writeFileSync(join(outDir, "playground.js"), playground.js);
  write("playground.html", layout({
    title: PT.title,
    body: playgroundBody(PT),
    head: `\n<link rel="stylesheet" href="playground.css">`,
    scripts: `\n<script src="playground-boot.js"></script>\n<script src="playground.js"></script>`,
    footer: escapeHtml(PT.footer),
  }));
  copyFileSync(PLAYGROUND_STYLE, join(outDir, "playground.css"));
  copyFileSync(STYLE, join(outDir, "style.css"));
  writeFileSync(join(outDir, MARKER), "Built by scripts/build-site.mjs; the next build replaces this folder.\n");
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { outDir, pages: written, warnings, ms };
}

function parseArgs(argv) {
  const o = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quiet") o.quiet = true;
    else if (a === "--notebooks" || a === "--out") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a folder.`);
      o[a === "--out" ? "outDir" : "notebooksDir"] = v;
    } else throw new Error(`Unknown option ${a}. Allowed: --notebooks DIR, --out DIR, --quiet.`);
  }
  return o;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`build-site: ${e.message}`);
    process.exit(2);
  }
  try {
    const r = await buildSite(options);
    for (const w of r.warnings) console.warn(`build-site: warning: ${w}`);
    if (!options.quiet) console.log(`build-site: ${r.pages.length} pages in ${r.outDir} (${Math.round(r.ms)} ms). Open ${join(r.outDir, "index.html")}`);
  } catch (e) {
    console.error(`build-site: ${e.message}`);
    process.exit(1);
  }
}
