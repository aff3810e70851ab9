/**
 * renderPlot: Plot options to a standalone, deterministic SVG string.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import { PLOT_CLASS_NAME, plotDefaults, renderPlot } from "../../../lib/src/course/plot/render.js";

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

const window = new JSDOM("").window;

/** Parses the SVG as XML (as an <img> or GitHub would); fails on markup that is not well-formed. */
function parseSvg(svg: string): Document {
  const doc = new window.DOMParser().parseFromString(svg, "image/svg+xml") as unknown as Document;
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`not well-formed SVG: ${error.textContent}`);
  return doc;
}

const points = [
  { t: 0, v: 3, series: "idempotent" },
  { t: 1, v: 5, series: "idempotent" },
  { t: 2, v: 4, series: "idempotent" },
  { t: 0, v: 2, series: "at-least-once" },
  { t: 1, v: 6, series: "at-least-once" },
  { t: 2, v: 7, series: "at-least-once" },
];

describe("renderPlot", () => {
  it("returns a bare <svg> with its namespace, the fixed class name and the default size", () => {
    const svg = renderPlot({ marks: [Plot.dot(points, { x: "t", y: "v" })] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toContain("<figure");
    const root = parseSvg(svg).documentElement;
    expect(root.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(root.getAttribute("class")).toBe(PLOT_CLASS_NAME);
    expect(root.getAttribute("width")).toBe(String(plotDefaults.width));
    expect(root.getAttribute("height")).toBe(String(plotDefaults.height));
    expect(root.getAttribute("style")).toContain("system-ui");
  });

  it("draws the marks: one <circle> per datum, one <rect> per bar", () => {
    const doc = parseSvg(renderPlot({ marks: [Plot.dot(points, { x: "t", y: "v" })] }));
    expect(doc.getElementsByTagName("circle").length).toBe(points.length);
    const bars = parseSvg(renderPlot({ marks: [Plot.barY(points, { x: "t", y: "v", fill: "series" })] }));
    const barGroup = [...bars.getElementsByTagName("g")].find((g) => g.getAttribute("aria-label") === "bar");
    expect(barGroup?.getElementsByTagName("rect").length).toBe(points.length);
  });

  it("gives byte-identical SVG for the same input, even with other figures and clip paths drawn in between", () => {
    const options = () => ({
      marks: [Plot.lineY(points, { x: "t", y: "v", stroke: "series", clip: true }), Plot.ruleY([0])],
    });
    const first = renderPlot(options());
    renderPlot({ marks: [Plot.areaY(points, { x: "t", y: "v", clip: true })] });
    const second = renderPlot(options());
    expect(second).toBe(first);
    expect(first).toMatch(/clip-path="url\(#kafka-sim-plot-clip-[0-9a-f]{8}-1\)"/);
  });

  it("gives different clip-path ids to different figures, so they can share one page", () => {
    const ids = (svg: string): string[] => svg.match(/id="([^"]+)"/g) ?? [];
    const a = renderPlot({ marks: [Plot.lineY(points, { x: "t", y: "v", clip: true })] });
    const b = renderPlot({ marks: [Plot.lineY(points, { x: "t", y: "t", clip: true })] });
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
  });

  it("draws a color legend into the same SVG: a swatch and label per series", () => {
    const svg = renderPlot({
      color: { legend: true },
      marks: [Plot.lineY(points, { x: "t", y: "v", stroke: "series" })],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    const doc = parseSvg(svg);
    const labels = [...doc.getElementsByTagName("text")].map((t) => t.textContent);
    expect(labels).toContain("idempotent");
    expect(labels).toContain("at-least-once");
    // legend above the chart: the outer height is the chart's plus the legend's
    expect(Number(doc.documentElement.getAttribute("height"))).toBeGreaterThan(plotDefaults.height);
    expect(renderPlot({ color: { legend: true }, marks: [Plot.lineY(points, { x: "t", y: "v", stroke: "series" })] })).toBe(svg);
  });

  it("draws a continuous color legend as a gradient with the domain's ends", () => {
    const svg = renderPlot({ color: { legend: true, label: "v" }, marks: [Plot.dot(points, { x: "t", y: "v", fill: "v" })] });
    const doc = parseSvg(svg);
    expect(doc.getElementsByTagName("linearGradient").length).toBe(1);
    const labels = [...doc.getElementsByTagName("text")].map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(["2", "7"]));
  });

  it("escapes legend labels", () => {
    const data = [{ x: 1, y: 1, s: "<b>&\"x\"" }];
    const svg = renderPlot({ color: { legend: true }, marks: [Plot.dot(data, { x: "x", y: "y", fill: "s" })] });
    const texts = [...parseSvg(svg).getElementsByTagName("text")].map((t) => t.textContent);
    expect(texts).toContain("<b>&\"x\"");
  });

  it("refuses what would need an HTML <figure>, naming what to do instead", () => {
    const marks = [Plot.dot(points, { x: "t", y: "v" })];
    expect(() => renderPlot({ marks, title: "t" } as never)).toThrow(/title as Markdown/);
    expect(() => renderPlot({ marks, caption: "c" } as never)).toThrow(/caption as Markdown/);
    expect(() => renderPlot({ marks, symbol: { legend: true } })).toThrow(/color scale only, not symbol/);
    expect(() => renderPlot({ marks, className: "x" } as never)).toThrow(/className/);
    expect(() => renderPlot(null as never)).toThrow(/needs Plot options/);
  });

  // (Denormal numbers are left out: d3's tick generator itself fails on them.)
  it("property: any small data set renders to well-formed SVG, the same bytes twice", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: -1000, max: 1000 }), y: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 100), s: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 30 }),
        (data) => {
          const options = () => ({ color: { legend: true, type: "ordinal" as const }, marks: [Plot.dot(data, { x: "x", y: "y", fill: "s", clip: true })] });
          const svg = renderPlot(options());
          parseSvg(svg);
          expect(renderPlot(options())).toBe(svg);
        },
      ),
      { seed, numRuns: 25 },
    );
  });
});
