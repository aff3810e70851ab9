/**
 * dom.ts for a browser bundle (lib/package.json's "browser" field puts this file in its place): Observable Plot
 * imported as the ES module it is, and the page's own document and XMLSerializer. No Node built-in, no jsdom.
 * Figures are drawn on a page's main thread (a Worker has no document).
 */
import * as Plot from "@observablehq/plot";
import type { DomWindow } from "./dom.js";

export type { DomWindow };

export function loadPlot(): typeof Plot {
  return Plot;
}

export function sharedWindow(): DomWindow {
  const g = globalThis as unknown as Partial<DomWindow>;
  if (!g.document || !g.XMLSerializer) {
    throw new Error("Figures are drawn with the page's document: call them on the main thread, not in a Worker.");
  }
  return g as DomWindow;
}
