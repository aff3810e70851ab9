// Notebook outputs made safe for a static page that must work offline:
//  - text outputs (streams, text/plain, errors) are escaped, with terminal colour codes removed;
//  - image/svg+xml is embedded inline as it is, except for anything that could run code or fetch from
//    elsewhere (script, foreignObject, event handlers, non-local links); its ids are prefixed per figure so
//    two figures on one page cannot take each other's clip paths;
//  - text/html (tables) is kept only as a short list of harmless elements and attributes; anything else
//    is reduced to its escaped text.
import { createRequire } from "node:module";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
export const stripAnsi = (text) => String(text).replace(ANSI, "");

const HTML_ELEMENTS = new Set([
  "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
  "p", "div", "span", "b", "i", "em", "strong", "code", "pre", "br", "hr", "ul", "ol", "li",
  "small", "sub", "sup", "h3", "h4", "h5", "h6", "details", "summary", "figure", "figcaption",
]);
const HTML_ATTRIBUTES = new Set(["class", "colspan", "rowspan", "align", "title", "scope"]);
const SVG_DROPPED = new Set(["script", "foreignobject", "iframe", "object", "embed", "audio", "video", "animate", "set"]);
const isLocalRef = (value) => value.startsWith("#") || /^data:image\/(png|jpeg|gif|webp);/i.test(value);

// jsdom takes a second to load: only pages with SVG or HTML outputs need it.
let dom;
function domWindow() {
  if (!dom) {
    const { JSDOM } = createRequire(import.meta.url)("jsdom");
    dom = new JSDOM("").window;
  }
  return dom;
}

function safeStyle(css) {
  return !/@import|expression\s*\(|url\(\s*['"]?(?!#)/i.test(css);
}

function cleanSvg(svg, prefix) {
  const ids = new Map();
  const walk = (el) => {
    for (const child of [...el.children]) {
      const name = child.localName.toLowerCase();
      const ref = child.getAttribute("href") ?? child.getAttribute("xlink:href");
      // An <image> or <use> of anything but a local id or an embedded picture would be a fetch: drop it.
      if (SVG_DROPPED.has(name) || ((name === "image" || name === "use") && !(ref && isLocalRef(ref)))) child.remove();
      else walk(child);
    }
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value;
      if (name.startsWith("on")) el.removeAttribute(attr.name);
      else if ((name === "href" || name === "xlink:href" || name === "src") && !isLocalRef(value)) el.removeAttribute(attr.name);
      else if (name === "style" && !safeStyle(value)) el.removeAttribute(attr.name);
      else if (name === "id") ids.set(value, `${prefix}-${value}`);
    }
    if (el.localName === "style" && !safeStyle(el.textContent ?? "")) el.remove();
  };
  walk(svg);
  if (ids.size === 0) return;
  const rename = (text) =>
    text
      .replace(/url\(\s*(['"]?)#([^)'"]+)\1\s*\)/g, (m, q, id) => (ids.has(id) ? `url(#${ids.get(id)})` : m))
      .replace(/^#(.+)$/, (m, id) => (ids.has(id) ? `#${ids.get(id)}` : m));
  for (const el of [svg, ...svg.querySelectorAll("*")]) {
    for (const attr of [...el.attributes]) {
      if (attr.name === "id") el.setAttribute("id", ids.get(attr.value) ?? attr.value);
      else if (attr.value.includes("#")) el.setAttribute(attr.name, rename(attr.value));
    }
    if (el.localName === "style") el.textContent = (el.textContent ?? "").replace(/#([A-Za-z][\w-]*)/g, (m, id) => (ids.has(id) ? `#${ids.get(id)}` : m));
  }
}

/** An SVG output, inline. `prefix` makes its ids unique on the page. Not an SVG → null (shown as text). */
export function sanitizeSvg(markup, prefix) {
  const holder = domWindow().document.createElement("div");
  holder.innerHTML = markup;
  const svg = holder.querySelector("svg");
  if (!svg || holder.children.length !== 1 || holder.firstElementChild !== svg) return null;
  cleanSvg(svg, prefix);
  return svg.outerHTML;
}

/** A text/html output (e.g. a table): harmless elements and attributes only; inline SVG cleaned as above. */
export function sanitizeHtml(markup, prefix) {
  const { document, Node } = domWindow();
  const holder = document.createElement("div");
  holder.innerHTML = markup;
  let figures = 0;
  const walk = (parent) => {
    for (const child of [...parent.childNodes]) {
      if (child.nodeType === Node.COMMENT_NODE) {
        child.remove();
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const name = child.localName.toLowerCase();
      if (name === "svg") {
        cleanSvg(child, `${prefix}-${++figures}`);
        continue;
      }
      if (!HTML_ELEMENTS.has(name)) {
        // Not on the list: keep what it says, never what it does (scripts and styles say nothing).
        const text = name === "script" || name === "style" ? "" : child.textContent ?? "";
        child.replaceWith(document.createTextNode(text));
        continue;
      }
      for (const attr of [...child.attributes]) if (!HTML_ATTRIBUTES.has(attr.name.toLowerCase())) child.removeAttribute(attr.name);
      walk(child);
    }
  };
  walk(holder);
  return holder.innerHTML;
}
