/**
 * Where figures are drawn: Observable Plot and a DOM to draw it in. In Node (notebooks, tests, the CLI) that is
 * Plot loaded through `require` on first use and one shared jsdom window, so importing `kafka-sim` stays fast for
 * code that never draws (Node >= 20.19 loads ESM-only Plot through require, both in tslab and under vitest).
 *
 * A browser bundle gets `dom.browser.ts` instead (lib/package.json's "browser" field maps this file to it): the
 * same Plot, and the page's own document. Everything else about a figure (render.ts, figures.ts) is shared, so
 * the same options give the same SVG bytes in both.
 */
import { createRequire } from "node:module";
import type * as PlotTypes from "@observablehq/plot";

/** The parts of a DOM window a figure needs (lib/ compiles without the DOM library). */
export interface DomWindow {
  document: unknown;
  XMLSerializer: new () => { serializeToString(node: unknown): string };
}

let plotModule: typeof PlotTypes | undefined;
let domWindow: DomWindow | undefined;

/** Observable Plot. */
export function loadPlot(): typeof PlotTypes {
  plotModule ??= createRequire(import.meta.url)("@observablehq/plot") as typeof PlotTypes;
  return plotModule;
}

/** The shared jsdom window all figures are drawn in. */
export function sharedWindow(): DomWindow {
  if (!domWindow) {
    const { JSDOM } = createRequire(import.meta.url)("jsdom") as { JSDOM: new (html: string) => { window: DomWindow } };
    domWindow = new JSDOM("<!DOCTYPE html><html><body></body></html>").window;
  }
  return domWindow;
}
