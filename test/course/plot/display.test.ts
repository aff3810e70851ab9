/**
 * show / showTable: notebook display through the tslab kernel, printed markup outside one.
 * (Inside a real kernel they are exercised by notebooks/00-welcome, see test/notebooks.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { JSDOM } from "jsdom";
import { escapeHtml, inKernel, show, showTable, tableHtml } from "../../../lib/src/course/plot/display.js";

const document = new JSDOM("").window.document;
const parseTable = (html: string) => {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
};

afterEach(() => {
  vi.restoreAllMocks();
  delete (globalThis as { __tslab__?: unknown }).__tslab__;
});

/** Installs a stand-in for the hook tslab's kernel puts on globalThis; returns what was displayed. */
function fakeKernel(): { shown: [string, string][] } {
  const shown: [string, string][] = [];
  const display = { svg: (s: string) => shown.push(["svg", s]), html: (s: string) => shown.push(["html", s]) };
  (globalThis as { __tslab__?: unknown }).__tslab__ = {
    require: (id: string) => (id === "tslab" ? { display } : undefined),
  };
  return { shown };
}

describe("tableHtml", () => {
  it("has one column per key (in first-seen order) and one row per object", () => {
    const rows = [{ a: 1, b: "x" }, { b: "y", c: true }];
    const table = parseTable(tableHtml(rows));
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["a", "b", "c"]);
    const cells = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(cells).toEqual([["1", "x", ""], ["", "y", "true"]]);
  });

  it("escapes keys and values, so markup in data shows as text", () => {
    const evil = "<script>alert('x')</script>&";
    const table = parseTable(tableHtml([{ [evil]: evil }]));
    expect(table.querySelector("script")).toBeNull();
    expect(table.querySelector("th")?.textContent).toBe(evil);
    expect(table.querySelector("td")?.textContent).toBe(evil);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("takes columns in a given order and stops at maxRows, saying how many were left out", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ offset: i, value: `v${i}`, extra: 0n }));
    const html = tableHtml(rows, { columns: ["value", "offset"], maxRows: 2 });
    const table = parseTable(html);
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["value", "offset"]);
    expect(table.querySelectorAll("tbody tr").length).toBe(2);
    expect(html).toContain("3 more rows");
  });

  it("rejects what is not an array of objects, naming what it got", () => {
    expect(() => tableHtml("rows" as never)).toThrow(/array of row objects/);
    expect(() => tableHtml([{ a: 1 }, 3] as never)).toThrow(/row 1 must be an object/);
    expect(() => tableHtml([{ a: 1 }], { maxRows: -1 })).toThrow(/maxRows/);
  });
});

describe("show and showTable", () => {
  it("outside a kernel print their markup to stdout instead of failing", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(inKernel()).toBe(false);
    show("<svg></svg>");
    showTable([{ a: 1 }]);
    expect(write.mock.calls.map((c) => String(c[0]))).toEqual(["<svg></svg>\n", `${tableHtml([{ a: 1 }])}\n`]);
  });

  it("inside a kernel send an image/svg+xml and a text/html display", () => {
    const { shown } = fakeKernel();
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(inKernel()).toBe(true);
    show("<svg></svg>");
    showTable([{ a: 1 }]);
    expect(shown).toEqual([["svg", "<svg></svg>"], ["html", tableHtml([{ a: 1 }])]]);
    expect(write).not.toHaveBeenCalled();
  });

  it("show rejects what is not SVG", () => {
    expect(() => show("<figure></figure>")).toThrow(/SVG string starting with "<svg"/);
    expect(() => show(42 as never)).toThrow(/got number/);
  });
});
