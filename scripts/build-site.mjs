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
//
// Two editions: English from DIR into the site's folder, Korean (한국어판) from DIR/ko into its ko/ folder, with the
// Korean glossary, errata and term table (DIR/ko/용어.md → ko/terms.html), `<html lang="ko">` and Korean page words
// (site-assets/site-strings.mjs). Every page has a language switch to the same page of the other edition, or to
// that edition's index when it has no such page. Both editions share the stylesheet and the playground's scripts
// (the Korean pages load them from ../). Hangul shows in the system's own Korean fonts (style.css, :lang(ko)).
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
import { SITE_STRINGS } from "./site-assets/site-strings.mjs";

/** A lesson notebook's file name; any other .ipynb in the folder is a learner's scratch work. */
export const LESSON_NOTEBOOK = /^\d\d-[^/]+\.ipynb$/;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const STYLE = join(root, "scripts/site-assets/style.css");
const PLAYGROUND_STYLE = join(root, "scripts/site-assets/playground/playground.css");
const MARKER = ".course-site";
export const SITE_TITLE = SITE_STRINGS.en.siteTitle;
/** The editions: where their notebooks are (under DIR) and where their pages go (under the site's folder). */
export const EDITIONS = [
  { lang: "en", dir: "" },
  { lang: "ko", dir: "ko" },
];

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
  const text = page.lang === "ko" ? (link.noteKo ?? link.note) : link.note;
  const note = text ? ` (${escapeHtml(text)})` : "";
  const pt = STRINGS[page.lang];
  return `<p class="playground-link"><a href="playground.html#${escapeHtml(playgroundHash(link.settings))}">${escapeHtml(pt.openInPlayground)}</a>${note}: ${escapeHtml(pt.openInPlaygroundHint)}</p>`;
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

function layout({ edition, title, body, prev, next, footer, head = "", scripts = "", switchHref }) {
  const t = SITE_STRINGS[edition.lang];
  const pt = STRINGS[edition.lang];
  const up = edition.up;
  const pager = prev || next
    ? `<nav class="pager" id="pager" aria-label="${escapeHtml(t.pagerLabel)}">${prev ? `<a rel="prev" href="${prev.href}"><span>${escapeHtml(t.previous)}</span>${escapeHtml(prev.title)}</a>` : "<span></span>"}${next ? `<a rel="next" href="${next.href}"><span>${escapeHtml(t.next)}</span>${escapeHtml(next.title)}</a>` : ""}</nav>`
    : "";
  const other = edition.lang === "en" ? "ko" : "en";
  const langSwitch = switchHref
    ? `<a class="lang-switch" href="${escapeHtml(switchHref)}" hreflang="${other}" lang="${other}" title="${escapeHtml(t.switchLabel)}">${escapeHtml(t.switchTo)}</a>`
    : "";
  // The reference pages this edition has (the Korean one may not have its glossary yet).
  const has = (href) => edition.hrefs?.has(href) ?? true;
  const nav = [["playground.html", pt.navLink], ["glossary.html", t.glossary], ["errata.html", t.errata], ["terms.html", t.terms]]
    .filter(([href, text]) => text && has(href))
    .map(([href, text]) => `<a href="${href}">${escapeHtml(text)}</a>`)
    .join("");
  return `<!doctype html>
<html lang="${edition.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title === t.siteTitle ? title : `${title} · ${t.siteTitle}`)}</title>
<link rel="stylesheet" href="${up}style.css">${head}
</head>
<body>
<header class="site" id="top"><a class="home" href="index.html">${escapeHtml(t.siteTitle)}</a><nav aria-label="${escapeHtml(t.courseNav)}"><a href="index.html#lessons">${escapeHtml(t.lessons)}</a>${nav}${langSwitch}</nav></header>
<main id="main">
${body}
</main>
${pager}
<footer>${footer ?? ""}</footer>${scripts}
</body>
</html>
`;
}

function toc(headings, t) {
  const h2 = (headings ?? []).filter((h) => h.level === 2);
  if (h2.length < 3) return "";
  return `<details class="toc" id="contents"><summary>${escapeHtml(t.onThisPage)}</summary><ul>${h2.map((h) => `<li><a href="#${encodeURI(h.id)}">${escapeHtml(h.text)}</a></li>`).join("")}</ul></details>`;
}

function indexBody(lessons, extras, t) {
  const items = lessons
    .map((l) => `<li><a href="${l.href}">${l.number ? `<span class="num">${escapeHtml(l.number)}</span>` : ""}${l.titleHtml}</a>\n<div class="goals">${l.goals}</div></li>`)
    .join("\n");
  const ref = extras.map((p) => `<li><a href="${p.href}">${escapeHtml(p.shortTitle)}</a>: ${escapeHtml(p.blurb)}</li>`).join("\n");
  return `<h1>${escapeHtml(t.indexHeading)}</h1>
<p class="lede">${t.ledeHtml}</p>
<h2 id="lessons">${escapeHtml(t.lessons)}</h2>
${lessons.length ? `<ol class="lessons">\n${items}\n</ol>` : `<p class="pending">${escapeHtml(t.noLessons)}</p>`}
<h2 id="reference">${escapeHtml(t.reference)}</h2>
<ul class="reference">
${ref}
</ul>
<p class="note">${t.indexNoteHtml}</p>`;
}

/** The pages of one edition (not yet rendered): its lessons and its reference pages, by file. */
function planEdition(edition, notebooksDir, outDir) {
  const t = SITE_STRINGS[edition.lang];
  const src = join(notebooksDir, edition.dir);
  const out = join(outDir, edition.dir);
  // Lessons only (NN-name.ipynb): a scratch notebook (Untitled.ipynb from JupyterLab's Launcher) is not a page.
  const files = readdirSync(src).filter((f) => LESSON_NOTEBOOK.test(f)).sort();
  const pages = files.map((f) => ({ name: basename(f, ".ipynb"), file: join(src, f), href: `${basename(f, ".ipynb")}.html`, lang: edition.lang }));
  const extras = [
    { name: "glossary", md: "glossary.md", title: t.glossary, blurb: t.glossaryBlurb },
    { name: "errata", md: "errata.md", title: t.errata, blurb: t.errataBlurb },
    ...(edition.lang === "ko" ? [{ name: "terms", md: "용어.md", title: t.terms, blurb: t.termsBlurb }] : []),
  ].filter((p) => existsSync(join(src, p.md))).map((p) => ({ ...p, shortTitle: p.title, href: `${p.name}.html` }));
  const hrefs = new Set(["index.html", "playground.html", ...pages.map((p) => p.href), ...extras.map((p) => p.href)]);
  // Shown in footers: the file a page comes from, relative to the repository.
  const repoPath = (file) => `notebooks/${edition.dir ? `${edition.dir}/` : ""}${file}`;
  return { ...edition, t, src, out, up: edition.dir ? "../" : "", pages, extras, hrefs, repoPath };
}

/** Renders one edition's pages into its folder; `other` is the other edition's plan (for the language switch). */
function writeEdition(ed, other, warnings) {
  const { t, pages, extras, src, out } = ed;
  mkdirSync(out, { recursive: true });
  const pagesByFile = (plan) => new Map([...plan.pages.map((p) => [`${p.name}.ipynb`, p.href]), ...plan.extras.map((p) => [p.md, p.href])]);
  const pageByFile = pagesByFile(ed);
  const otherByFile = other ? pagesByFile(other) : new Map();
  /** The other edition's folder as seen from this one's notebooks (and pages): "ko/" from English, "../" from Korean. */
  const otherPrefix = other ? (ed.dir ? "../" : `${other.dir}/`) : undefined;
  /** A link in the prose → a page of the site, an external URL, or null (a repository file: shown as text). */
  const resolveLink = (href) => {
    if (href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)) return href;
    const [path, hash] = href.split(/(?=#)/);
    const clean = decodeURI(path).replace(/^\.\//, "");
    // A link into the other edition's folder (ko/02-….ipynb from English, ../02-….ipynb from Korean): its page there.
    if (otherPrefix && clean.startsWith(otherPrefix) && !clean.slice(otherPrefix.length).includes("/")) {
      const target = otherByFile.get(clean.slice(otherPrefix.length));
      return target ? otherPrefix + target + (hash ?? "") : null;
    }
    if (clean.includes("/")) return null; // a repository file (../lib/…, ../../README.ko.md): shown as text
    if (pageByFile.has(clean)) return pageByFile.get(clean) + (hash ?? "");
    if (ed.hrefs.has(clean)) return href;
    return null;
  };
  /** The same page in the other edition, or its index when it has no such page. */
  const switchHref = (href) => {
    if (!other) return undefined;
    const prefix = ed.dir ? "../" : `${other.dir}/`;
    return prefix + (other.hrefs.has(href) ? href : "index.html");
  };

  const lessons = [];
  for (const page of pages) {
    const nb = readNotebook(page.file);
    page.env = { resolveLink, usedIds: new Set(RESERVED_IDS), lang: ed.lang };
    page.warnings = [];
    page.playgroundLinks = PLAYGROUND_LINKS.filter((l) => l.notebook === page.name);
    page.playgroundLinksUsed = new Set();
    const firstMd = nb.cells.find((c) => c.cell_type === "markdown" && sourceText(c.source).trim());
    const tokens = firstMd ? md.parse(sourceText(firstMd.source), { resolveLink, noAnchors: true, lang: ed.lang }) : [];
    const heading = firstHeading(tokens);
    page.title = heading?.text || titleFromName(page.name);
    page.titleHtml = heading?.html || escapeHtml(page.title);
    let goals = `<p class="pending">${escapeHtml(t.beingWritten)}</p>`;
    if (heading) {
      const after = tokens.slice(tokens.findIndex((tk, i) => i > heading.index && tk.type === "heading_close") + 1);
      const end = after.findIndex((tk) => tk.type === "heading_open");
      const html = md.renderer.render(end < 0 ? after : after.slice(0, end), md.options, { resolveLink, lang: ed.lang });
      if (html.trim()) goals = html;
    }
    page.body = nb.cells.length ? cellsHtml(nb, page) : `<h1>${escapeHtml(page.title)}</h1>\n<p class="pending">${escapeHtml(t.beingWritten)}</p>`;
    if (!heading && nb.cells.length) page.body = `<h1>${escapeHtml(page.title)}</h1>\n${page.body}`;
    // The file's number, unless the title already starts with one ("1. Idempotence …").
    const number = /^\d+[.):]\s/.test(page.title) ? "" : (/^\d+/.exec(page.name)?.[0] ?? "");
    lessons.push({ href: page.href, number, title: page.title, titleHtml: page.titleHtml, goals });
    for (const l of page.playgroundLinks) {
      if (!page.playgroundLinksUsed.has(l)) page.warnings.push(`no code cell contains ${JSON.stringify(l.source)}: its "open in the playground" link (scripts/site-assets/playground/links.mjs) was left out`);
    }
    warnings.push(...page.warnings.map((w) => `${ed.dir ? `${ed.dir}/` : ""}${page.name}.ipynb: ${w}`));
  }
  for (const extra of extras) {
    extra.env = { resolveLink, usedIds: new Set(RESERVED_IDS), lang: ed.lang };
    extra.body = md.render(readFileSync(join(src, extra.md), "utf8"), extra.env);
    extra.title = extra.env.headings?.[0]?.text ?? extra.title;
  }

  const sequence = [{ href: "index.html", title: t.courseHome }, ...pages, ...extras];
  const neighbours = (i) => ({ prev: i > 0 ? sequence[i - 1] : undefined, next: sequence[i + 1] });
  const written = [];
  const write = (href, html) => {
    writeFileSync(join(out, href), html);
    written.push(ed.dir ? `${ed.dir}/${href}` : href);
  };
  const common = { edition: ed };
  write("index.html", layout({ ...common, title: t.siteTitle, body: indexBody(lessons, extras, t), next: sequence[1] ? { href: sequence[1].href, title: sequence[1].title } : undefined, footer: escapeHtml(t.indexFooter), switchHref: switchHref("index.html") }));
  pages.forEach((page, i) => {
    const body = page.body.replace(/(<\/h1>)/, `$1\n${toc(page.env.headings, t)}`);
    write(page.href, layout({ ...common, title: page.title, body, ...neighbours(i + 1), footer: t.lessonFooterHtml(escapeHtml(ed.repoPath(`${page.name}.ipynb`))), switchHref: switchHref(page.href) }));
  });
  extras.forEach((extra, i) => write(extra.href, layout({ ...common, title: extra.title, body: extra.body, ...neighbours(pages.length + 1 + i), footer: t.extraFooterHtml(escapeHtml(ed.repoPath(extra.md))), switchHref: switchHref(extra.href) })));
  const pt = STRINGS[ed.lang];
  const missing = Object.keys(STRINGS.en).filter((k) => pt?.[k] === undefined);
  if (!pt || missing.length) throw new Error(`scripts/site-assets/playground/strings.json: the "${ed.lang}" table ${pt ? `lacks ${missing.join(", ")}` : "is missing"} (every word of "en" is needed for the ${ed.lang} edition's playground).`);
  {
    write("playground.html", layout({
      ...common,
      title: pt.title,
      body: playgroundBody(pt),
      head: `\n<link rel="stylesheet" href="${ed.up}playground.css">`,
      scripts: `\n<script src="${ed.up}playground-boot.js"></script>\n<script src="${ed.up}playground.js"></script>`,
      footer: escapeHtml(pt.footer),
      switchHref: switchHref("playground.html"),
    }));
  }
  return written;
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

  // The English edition always; the Korean one when DIR/ko exists.
  const plans = EDITIONS.filter((e) => e.dir === "" || existsSync(join(notebooksDir, e.dir))).map((e) => planEdition(e, notebooksDir, outDir));
  const warnings = [];
  const playground = await bundlePlayground();
  writeFileSync(join(outDir, "playground-boot.js"), playground.bootJs);
  writeFileSync(join(outDir, "playground.js"), playground.js);
  const written = [];
  for (const plan of plans) written.push(...writeEdition(plan, plans.find((p) => p !== plan), warnings));
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
