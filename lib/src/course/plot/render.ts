/**
 * Observable Plot figures as standalone SVG strings: the same options give the same bytes,
 * so a notebook re-executed on another machine stores the same output.
 *
 * Why SVG and not Plot's <figure>: image/svg+xml renders the same in JupyterLab, VS Code and
 * GitHub's notebook viewer, while HTML outputs are sanitized differently by each. So:
 * - `title`, `subtitle` and `caption` are refused: write them as Markdown next to the figure
 *   (the course's rule: every figure has a sentence saying what to see in it).
 * - A `color` legend (`color: { legend: true }`) is drawn by this module into the same SVG,
 *   above the chart: swatches for ordinal scales, Plot's own ramp for continuous ones.
 *   Legends on other scales (opacity, symbol) are refused: label the marks directly instead.
 * - The class name is fixed (PLOT_CLASS_NAME) and Plot's clip-path ids are renumbered, because
 *   Plot draws both from a random name and a process-wide counter.
 *
 * Plot and the DOM it draws in come from dom.ts: in Node, Plot and jsdom loaded on first use; in a
 * browser bundle, the page's own document (dom.browser.ts). The rest is the same code, so the same
 * options give the same bytes in a notebook and on the course site's playground.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type * as PlotTypes from "@observablehq/plot";
import { loadPlot, sharedWindow } from "./dom.js";
import { estimateTextWidth } from "../text-width.js";
import { currentLang, tr } from "../../kernel/locale.js";

/** The class name every figure carries (Plot's default is random). */
export const PLOT_CLASS_NAME = "kafka-sim-plot";

/** Defaults applied when the options leave them out. */
export const plotDefaults = {
  width: 640,
  height: 320,
  /** System fonts only: nothing is downloaded, and the SVG renders the same offline. */
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  fontSize: "12px",
} as const;

/**
 * The Korean edition's font stack: the same system fonts, with the Hangul fonts of macOS, Windows and Linux named
 * before the Latin-only ones (still nothing downloaded), so Hangul never falls back to a box.
 */
export const KOREAN_FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'Noto Sans CJK KR', NanumGothic, Roboto, Helvetica, Arial, sans-serif";

/** The font stack of the language in effect. */
function fontFamily(): string {
  return currentLang() === "ko" ? KOREAN_FONT_FAMILY : plotDefaults.fontFamily;
}

/** The options `renderPlot` accepts: Plot's own, less the parts that need an HTML <figure>. */
export type RenderPlotOptions = Omit<PlotTypes.PlotOptions, "title" | "subtitle" | "caption" | "className" | "document">;

const SVG_NS = "http://www.w3.org/2000/svg";
const LEGEND_SCALES = ["color", "opacity", "symbol"] as const;

/* Minimal views of the DOM objects used here (lib/ compiles without the DOM library). */
interface DomNode { readonly nodeName: string; remove(): void }
interface PlotElement extends DomNode {
  scale(name: "color"): { type: string; domain: unknown[]; range?: unknown[]; interpolate?: unknown } | undefined;
}

/** The first 8 hex digits of the text's SHA-256 (the same in Node and in a browser). */
function shortHash(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 8);
}

function serialize(node: unknown): string {
  const win = sharedWindow();
  return new win.XMLSerializer().serializeToString(node);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function checkOptions(options: RenderPlotOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(tr({ en: `renderPlot needs Plot options (an object with marks), got ${String(options)}`, ko: `renderPlot에는 Plot 옵션(marks가 있는 객체)을 넘겨야 합니다. 받은 값: ${String(options)}` }));
  }
  const o = options as Record<string, unknown>;
  for (const key of ["title", "subtitle", "caption"]) {
    if (o[key] != null) {
      throw new TypeError(
        tr({
          en: `renderPlot does not draw a ${key}: it returns a bare SVG. Write the ${key} as Markdown next to the figure.`,
          ko: `renderPlot은 ${key}를 그리지 않습니다. 결과는 SVG 하나뿐입니다. ${key}는 그래프 옆에 Markdown으로 쓰세요.`,
        }),
      );
    }
  }
  for (const key of ["className", "document"]) {
    if (o[key] != null) throw new TypeError(tr({ en: `renderPlot sets ${key} itself (for deterministic output); leave it out`, ko: `renderPlot이 ${key}를 직접 정합니다(결과를 결정적으로 만들기 위해). 이 옵션은 빼세요` }));
  }
  if (o.legend != null) throw new TypeError(tr({ en: "top-level `legend` is not a Plot option: use color: { legend: true }", ko: "최상위 `legend`는 Plot 옵션이 아닙니다. color: { legend: true }를 쓰세요" }));
  for (const scale of LEGEND_SCALES) {
    const s = o[scale] as { legend?: unknown } | undefined;
    if (scale !== "color" && s && s.legend) {
      throw new TypeError(tr({ en: `renderPlot draws legends for the color scale only, not ${scale}: label the marks directly instead`, ko: `renderPlot은 color 스케일의 범례만 그립니다(${scale}는 안 됨). 대신 마크에 직접 레이블을 붙이세요` }));
    }
  }
}

/**
 * Renders Plot options to a standalone SVG string (starts with `<svg`, declares its namespace).
 * Same options, same bytes. Throws on `title`/`subtitle`/`caption` and on non-color legends.
 */
export function renderPlot(options: RenderPlotOptions): string {
  checkOptions(options);
  const Plot = loadPlot();
  const win = sharedWindow();
  const color = (options as { color?: PlotTypes.ScaleOptions }).color;
  const legend = color?.legend;
  const style = options.style;
  const plotOptions = {
    ...options,
    width: options.width ?? plotDefaults.width,
    height: options.height ?? plotDefaults.height,
    ...(color ? { color: { ...color, legend: false } } : {}),
    style:
      typeof style === "string"
        ? style
        : { fontFamily: fontFamily(), fontSize: plotDefaults.fontSize, ...(style ?? {}) },
    className: PLOT_CLASS_NAME,
    document: win.document,
  } as PlotTypes.PlotOptions;
  const element = Plot.plot(plotOptions) as unknown as PlotElement;
  if (element.nodeName.toLowerCase() !== "svg") {
    // Only title/caption/legends make Plot wrap the SVG in a figure, and all three are excluded above.
    throw new Error(`Plot returned a <${element.nodeName.toLowerCase()}> instead of an <svg>; this is a bug in renderPlot`);
  }
  let svg = serialize(element);
  if (legend) {
    const scale = element.scale("color");
    if (!scale) throw new TypeError(tr({ en: 'color: { legend: true } needs a mark that uses the color scale (e.g. stroke: "series")', ko: 'color: { legend: true }에는 color 스케일을 쓰는 마크가 있어야 합니다 (예: stroke: "series")' }));
    svg = withLegend(svg, legendSvg(Plot, scale, legend, plotOptions.width ?? plotDefaults.width), plotOptions);
  }
  return renumberIds(svg);
}

type ColorScale = NonNullable<ReturnType<PlotElement["scale"]>>;

/** The legend as SVG markup sized for the given width; returns its height too. */
function legendSvg(
  Plot: typeof PlotTypes,
  scale: ColorScale,
  legend: unknown,
  width: number,
): { markup: string; height: number } {
  const ordinal = ["ordinal", "categorical", "threshold", "quantile", "quantize"].includes(scale.type);
  if (ordinal && legend !== "ramp") return swatches(scale, width);
  return ramp(Plot, scale, width);
}

/**
 * A continuous color legend: a gradient sampled from the scale, with the domain's ends labelled.
 * (Plot's own ramp legend paints on a <canvas>, which jsdom does not have.)
 */
function ramp(Plot: typeof PlotTypes, scale: ColorScale, width: number): { markup: string; height: number } {
  const color = Plot.scale({ color: scale as PlotTypes.ScaleOptions });
  const [lo, hi] = [scale.domain[0], scale.domain[scale.domain.length - 1]] as [number, number];
  const steps = 16;
  const stops: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const value = lo + ((hi - lo) * i) / steps;
    stops.push(`<stop offset="${(i / steps).toFixed(4)}" stop-color="${escapeXml(String(color.apply(value)))}"/>`);
  }
  const id = `${PLOT_CLASS_NAME}-ramp-${shortHash(stops.join(""))}`;
  const barWidth = Math.min(240, width - 2);
  const label = (scale as { label?: unknown }).label;
  const format = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(3));
  const height = 40;
  const markup =
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><linearGradient id="${id}">${stops.join("")}</linearGradient></defs>` +
    (label ? `<text x="1" y="11">${escapeXml(String(label))}</text>` : "") +
    `<rect x="1" y="15" width="${barWidth}" height="10" fill="url(#${id})"/>` +
    `<text x="1" y="37">${escapeXml(format(lo))}</text>` +
    `<text x="${barWidth + 1}" y="37" text-anchor="end">${escapeXml(format(hi))}</text></svg>`;
  return { markup, height };
}

/** Ordinal swatches laid out in rows; text width is estimated (no fonts are measured in jsdom). */
function swatches(scale: ColorScale, width: number): { markup: string; height: number } {
  const domain = scale.domain;
  const range = scale.range ?? [];
  const rowHeight = 18;
  const items: string[] = [];
  let x = 0;
  let y = 0;
  domain.forEach((value, i) => {
    const label = String(value);
    // About 7 px per Latin character and 12 px per Hangul one at the legend's 12 px.
    const itemWidth = 15 + estimateTextWidth(label, 7, 12) + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += rowHeight;
    }
    const fill = escapeXml(String(range[i % Math.max(range.length, 1)] ?? "currentColor"));
    items.push(
      `<g transform="translate(${x},${y})"><rect width="10" height="10" y="3" fill="${fill}"/>` +
        `<text x="15" y="12">${escapeXml(label)}</text></g>`,
    );
    x += itemWidth;
  });
  const height = y + rowHeight + 6;
  const markup =
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<g transform="translate(1,2)">${items.join("")}</g></svg>`;
  return { markup, height };
}

/** Stacks the legend above the chart in one outer SVG. */
function withLegend(chart: string, legend: { markup: string; height: number }, options: PlotTypes.PlotOptions): string {
  const width = options.width ?? plotDefaults.width;
  const chartHeight = Number(/^<svg[^>]*\sheight="([\d.]+)"/.exec(chart)?.[1] ?? options.height ?? plotDefaults.height);
  const total = legend.height + chartHeight;
  const style = `font-family: ${fontFamily()}; font-size: ${plotDefaults.fontSize};`;
  const nested = (markup: string, y: number): string => markup.replace(/^<svg/, `<svg y="${y}"`);
  return (
    `<svg xmlns="${SVG_NS}" class="${PLOT_CLASS_NAME}-with-legend" width="${width}" height="${total}" ` +
    `viewBox="0 0 ${width} ${total}" fill="currentColor" style="${escapeXml(style)}">` +
    nested(legend.markup, 0) +
    nested(chart, legend.height) +
    `</svg>`
  );
}

/**
 * Plot numbers clip paths from a process-wide counter (`plot-clip-7`), so the same figure drawn
 * twice would differ. Renumber them in order of appearance and suffix a hash of the figure, so ids
 * stay unique when several figures share one page.
 */
function renumberIds(svg: string): string {
  const ids = [...new Set(svg.match(/plot-clip-\d+/g) ?? [])];
  if (ids.length === 0) return svg;
  const canonical = svg.replace(/plot-clip-\d+/g, (id) => `plot-clip-${ids.indexOf(id) + 1}`);
  const tag = shortHash(canonical);
  return canonical.replace(/plot-clip-(\d+)/g, `${PLOT_CLASS_NAME}-clip-${tag}-$1`);
}
