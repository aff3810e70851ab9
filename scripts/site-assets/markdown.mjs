// Markdown for the course site: markdown-it with raw HTML filtered to a few tags, headings with ids (GitHub-style slugs, so a
// link written for GitHub or JupyterLab lands on the same heading), code highlighted by highlight.js at build
// time, and links between notebooks rewritten to the site's pages. A link to a file that is not a page of
// the site (e.g. ../lib/src/broker.ts) becomes plain text marked as a repository path: the site must
// have no broken link.
import MarkdownIt from "markdown-it";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import bash from "highlight.js/lib/languages/bash";
import java from "highlight.js/lib/languages/java";
import properties from "highlight.js/lib/languages/properties";
import python from "highlight.js/lib/languages/python";
import plaintext from "highlight.js/lib/languages/plaintext";
import { escapeHtml } from "./sanitize.mjs";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("json", json);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("java", java);
hljs.registerLanguage("properties", properties);
hljs.registerLanguage("python", python);
hljs.registerLanguage("plaintext", plaintext);
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["js", "mjs"], { languageName: "javascript" });
hljs.registerAliases(["sh", "shell", "console"], { languageName: "bash" });
hljs.registerAliases(["text", "txt"], { languageName: "plaintext" });

/** Highlighted HTML (escaped) for code in a known language; escaped plain text otherwise. */
export function highlight(code, language) {
  const lang = language && hljs.getLanguage(language) ? language : undefined;
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

/** GitHub's heading slug: lower case, punctuation dropped, blanks to hyphens; letters of any script kept. */
export function slugify(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The plain text of an inline token (for slugs and page titles). */
export function inlineText(token) {
  return (token.children ?? []).filter((t) => t.type === "text" || t.type === "code_inline").map((t) => t.content).join("");
}

function headingAnchors(md) {
  md.core.ruler.push("heading_anchors", (state) => {
    if (state.env.noAnchors) return;
    // One set per page (the caller passes the same env for every cell): a repeated heading gets -1, -2, …
    const used = (state.env.usedIds ??= new Set());
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== "heading_open") continue;
      const inline = tokens[i + 1];
      const base = slugify(inlineText(inline)) || "section";
      let slug = base;
      for (let n = 1; used.has(slug); n++) slug = `${base}-${n}`;
      used.add(slug);
      tokens[i].attrSet("id", slug);
      const link = new state.Token("html_inline", "", 0);
      link.content = ` <a class="anchor" href="#${encodeURI(slug)}" aria-label="Link to this section">#</a>`;
      link.meta = { anchor: true };
      inline.children.push(link);
      (state.env.headings ??= []).push({ level: Number(tokens[i].tag.slice(1)), id: slug, text: inlineText(inline) });
    }
  });
}

/** Prose tables stack into one card per row on a phone: each cell carries its column's name. */
function stackingTables(md) {
  md.core.ruler.push("stacking_tables", (state) => {
    let headers = [];
    let column = 0;
    for (let i = 0; i < state.tokens.length; i++) {
      const t = state.tokens[i];
      if (t.type === "table_open") {
        t.attrJoin("class", "stack");
        headers = [];
      } else if (t.type === "th_open") headers.push(inlineText(state.tokens[i + 1]));
      else if (t.type === "tr_open") column = 0;
      else if (t.type === "td_open") {
        const label = headers[column++];
        if (label) t.attrSet("data-label", label);
      }
    }
  });
}

// Raw HTML in prose: only a few attribute-free tags pass (folded answers are <details><summary>…); any other
// tag is shown as text, comments are dropped. Notebook authors write Markdown, not markup.
const SAFE_TAG = /^<\/?(details|summary|br|kbd|sub|sup|b|i|em|strong|code|small|mark|abbr|p)\s*\/?>$|^<details\s+open\s*>$/i;
export function safeHtmlFragment(html) {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, "")
    .replace(/<[^<>]*>?|[^<]+/g, (part) => {
      if (part.startsWith("<")) return SAFE_TAG.test(part) ? part.toLowerCase() : escapeHtml(part);
      return part.replace(/&(?![a-z]+;|#\d+;|#x[\da-f]+;)/gi, "&amp;").replace(/>/g, "&gt;");
    });
}

// An empty anchor that keeps an old heading's id, so links written for it still land: <a id="slug"></a> (nothing
// else: no other attribute, no content).
const ANCHOR_OPEN = /^<a id="[a-z0-9_-]+">$/;
const isEmptyAnchor = (tokens, open) =>
  tokens[open]?.type === "html_inline" && ANCHOR_OPEN.test(tokens[open].content) &&
  tokens[open + 1]?.type === "html_inline" && tokens[open + 1].content === "</a>";

function rawHtml(md) {
  md.renderer.rules.html_block = (tokens, idx) => safeHtmlFragment(tokens[idx].content);
  md.renderer.rules.html_inline = (tokens, idx) =>
    tokens[idx].meta?.anchor || isEmptyAnchor(tokens, idx) || isEmptyAnchor(tokens, idx - 1)
      ? tokens[idx].content
      : safeHtmlFragment(tokens[idx].content);
}

function siteLinks(md) {
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const href = token.attrGet("href") ?? "";
    const target = env.resolveLink ? env.resolveLink(href) : href;
    env.linkStack ??= [];
    if (target === null) {
      env.linkStack.push("span");
      return `<span class="repo-path" title="${escapeHtml(href)}: ${env.lang === "ko" ? "코스 저장소의 파일" : "a file of the course repository"}">`;
    }
    env.linkStack.push("a");
    token.attrSet("href", target);
    if (/^https?:/i.test(target)) token.attrSet("rel", "noopener");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  md.renderer.rules.link_close = (tokens, idx, options, env) => ((env.linkStack ?? []).pop() === "span" ? "</span>" : "</a>");
  md.renderer.rules.image = (tokens, idx, options, env) => {
    const token = tokens[idx];
    const src = token.attrGet("src") ?? "";
    const alt = escapeHtml(token.content);
    // Only embedded (data:) images travel with the page; anything else would be a broken or remote fetch.
    if (/^data:image\/(png|jpeg|gif|webp);/i.test(src)) return `<img src="${escapeHtml(src)}" alt="${alt}">`;
    return `<span class="repo-path" title="${escapeHtml(src)}">[${env?.lang === "ko" ? "그림" : "image"}: ${alt}]</span>`;
  };
}

export function createMarkdown() {
  const md = new MarkdownIt({
    html: true, // filtered by rawHtml: a few harmless tags only
    linkify: false,
    typographer: false,
    highlight: (code, lang) => highlight(code, lang.toLowerCase()),
  });
  md.use(headingAnchors);
  md.use(stackingTables);
  md.use(rawHtml);
  md.use(siteLinks);
  return md;
}
