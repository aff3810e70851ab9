/**
 * The course's figures: what happened to the records over many seeds, and a timeline of one run drawn as a
 * sequence diagram. Each returns a deterministic SVG string (see render.ts); show it with `show(svg)`.
 */
import type { SweepRow } from "../scenario.js";
import type { TraceEvent } from "../trace.js";
import { renderPlot, type RenderPlotOptions } from "./render.js";
import { createRequire } from "node:module";
import type * as PlotTypes from "@observablehq/plot";

const Plot = (): typeof PlotTypes => createRequire(import.meta.url)("@observablehq/plot") as typeof PlotTypes;

/** Outcomes in reading order, with the colours every figure of the course uses for them. */
export const OUTCOME_COLORS: Record<string, string> = {
  "delivered once": "#4c9a6a",
  duplicated: "#d9822b",
  reordered: "#8e6bbf",
  "lost (acknowledged)": "#c0392b",
  "lost (unacknowledged)": "#9aa5b1",
};

const OUTCOME_FIELDS: Array<[keyof SweepRow, string]> = [
  ["deliveredOnce", "delivered once"],
  ["duplicated", "duplicated"],
  ["reordered", "reordered"],
  ["lostAcknowledged", "lost (acknowledged)"],
  ["lostUnacknowledged", "lost (unacknowledged)"],
];

export interface OutcomeRow {
  scenario: string;
  outcome: string;
  records: number;
  share: number;
}

/** Sweep rows → one row per (scenario, outcome): total records and their share. */
export function outcomeTotals(rows: readonly SweepRow[], groupBy: (row: SweepRow) => string = (r) => r.scenario): OutcomeRow[] {
  const groups = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const key = groupBy(row);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = new Map()));
    for (const [field, label] of OUTCOME_FIELDS) g.set(label, (g.get(label) ?? 0) + (row[field] as number));
  }
  const out: OutcomeRow[] = [];
  for (const [scenario, g] of groups) {
    const total = [...g.values()].reduce((a, b) => a + b, 0) || 1;
    for (const [, label] of OUTCOME_FIELDS) out.push({ scenario, outcome: label, records: g.get(label) ?? 0, share: (g.get(label) ?? 0) / total });
  }
  return out;
}

export interface OutcomeFigureOptions {
  /** Group rows by this label (default: the row's scenario name). */
  groupBy?: (row: SweepRow) => string;
  /** Plot shares of all records (default) or record counts. */
  y?: "share" | "records";
  width?: number;
  height?: number;
}

/** Stacked bars: for each scenario, how the records ended (summed over all seeds of the sweep). */
export function outcomeFigure(rows: readonly SweepRow[], options: OutcomeFigureOptions = {}): string {
  const P = Plot();
  const data = outcomeTotals(rows, options.groupBy);
  const y = options.y ?? "share";
  const order = [...new Set(data.map((d) => d.scenario))];
  const plot: RenderPlotOptions = {
    width: options.width ?? 640,
    height: options.height ?? Math.max(140, 40 + 38 * order.length),
    marginLeft: Math.min(260, 12 + 7 * Math.max(...order.map((s) => s.length))),
    x: { label: y === "share" ? "share of records (%)" : "records", percent: y === "share", grid: true },
    y: { label: null, domain: order },
    color: { domain: Object.keys(OUTCOME_COLORS), range: Object.values(OUTCOME_COLORS), legend: true },
    marks: [P.barX(data, { x: y, y: "scenario", fill: "outcome", order: Object.keys(OUTCOME_COLORS) }), P.ruleX([0])],
  };
  return renderPlot(plot);
}

interface Arrow {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
  kind: "request" | "response" | "error";
  lost: boolean;
}

export interface TimelineFigureOptions {
  /** Only events from this virtual time (ms)… */
  fromMs?: number;
  /** …until this one. */
  untilMs?: number;
  /** Lanes left to right; default: producers, then brokers in id order. */
  lanes?: string[];
  width?: number;
  /** Height per millisecond is chosen to fit this height. */
  height?: number;
}

const KEY_EVENTS: Record<string, string> = {
  append: "append",
  duplicate: "DUPLICATE",
  reject: "reject",
  crash: "CRASH",
  restart: "restart",
  "leader-change": "new leader",
  "epoch-bump": "epoch bump",
  "init-producer-id": "producer id",
  "producer-restart": "RESTART",
  truncate: "truncate",
  fail: "FAILED",
  assume: "assumed sent",
};

function seqLabel(e: TraceEvent): string {
  const ids = e.recordIds ?? [];
  const range = ids.length > 1 ? `${ids[0]}…${ids[ids.length - 1]}` : ids[0] ?? "";
  return e.baseSequence !== undefined && e.baseSequence >= 0 ? `seq ${e.baseSequence}+${e.count} ${range}` : range;
}

/**
 * A sequence diagram of one run's produce traffic: lanes for the producer(s) and brokers, time going down,
 * an arrow per produce request and response (dashed and ending in ✗ when lost), and marks for appends,
 * duplicates, rejections, crashes and leader changes.
 */
export function timelineFigure(trace: readonly TraceEvent[], options: TimelineFigureOptions = {}): string {
  const P = Plot();
  const from = options.fromMs ?? 0;
  const until = options.untilMs ?? Infinity;
  const events = trace.filter((e) => e.atMs >= from && e.atMs <= until);
  const names = new Set<string>();
  for (const e of events) for (const n of [e.from, e.to]) if (n && /^(producer|broker-)/.test(n)) names.add(n);
  const lanes = options.lanes ?? [...names].sort((a, b) => (a.startsWith("producer") === b.startsWith("producer") ? a.localeCompare(b, "en", { numeric: true }) : a.startsWith("producer") ? -1 : 1));
  const lane = (n: string | undefined): number => (n === undefined ? -1 : lanes.indexOf(n));

  const sent = new Map<number, TraceEvent>();
  const arrows: Arrow[] = [];
  for (const e of events) {
    if (e.message === undefined) continue;
    if (e.type === "request" || e.type === "response") sent.set(e.message, e);
    else if (e.type === "deliver" || e.type === "drop") {
      const s = sent.get(e.message);
      const start = s ?? e;
      const x1 = lane(start.from);
      const x2 = lane(start.to);
      if (x1 < 0 || x2 < 0) continue;
      const isResponse = start.type === "response" || (start.type === "drop" && start.from?.startsWith("broker-") === true);
      const lost = e.type === "drop";
      const label = isResponse ? (start.error && start.error !== "NONE" ? start.error : `ok @${start.offset}`) : seqLabel(start);
      arrows.push({
        x1, y1: start.atMs,
        x2: lost ? (x1 + x2) / 2 : x2,
        y2: lost ? start.atMs + 0.5 : e.atMs,
        label,
        kind: isResponse ? (start.error && start.error !== "NONE" ? "error" : "response") : "request",
        lost,
      });
    }
  }
  const marks = events
    .filter((e) => KEY_EVENTS[e.type] && lane(e.from) >= 0)
    .map((e) => ({
      x: lane(e.from),
      y: e.atMs,
      label: e.type === "append" || e.type === "duplicate" ? `${KEY_EVENTS[e.type]} @${e.offset}` : e.type === "reject" || e.type === "fail" ? `${KEY_EVENTS[e.type]} ${e.error ?? ""}` : KEY_EVENTS[e.type]!,
      kind: e.type,
    }));
  const times = [...arrows.flatMap((a) => [a.y1, a.y2]), ...marks.map((m) => m.y)];
  const t0 = times.length ? Math.min(...times) : from;
  const t1 = times.length ? Math.max(...times) : t0 + 1;
  const color = { request: "#2f6db3", response: "#4c9a6a", error: "#c0392b" } as const;
  const markColor = (k: string): string => (k === "duplicate" ? "#d9822b" : k === "reject" || k === "fail" || k === "crash" || k === "producer-restart" ? "#c0392b" : "#555");
  const plot: RenderPlotOptions = {
    width: options.width ?? 720,
    height: options.height ?? 520,
    marginLeft: 56,
    marginTop: 30,
    x: { domain: [-0.5, lanes.length - 0.5], ticks: lanes.map((_, i) => i), tickFormat: (i: number) => lanes[i] ?? "", axis: "top", label: null },
    y: { domain: [t0 - 1, t1 + 1], reverse: true, label: "virtual time (ms)", grid: false },
    marks: [
      P.ruleX(lanes.map((_, i) => i), { stroke: "#bbb" }),
      P.arrow(arrows.filter((a) => !a.lost), { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: (d: Arrow) => color[d.kind], headLength: 6, strokeWidth: 1.3 }),
      P.arrow(arrows.filter((a) => a.lost), { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: (d: Arrow) => color[d.kind], strokeDasharray: "4,3", headLength: 0, strokeWidth: 1.3 }),
      P.text(arrows, { x: (d: Arrow) => (d.x1 + d.x2) / 2, y: (d: Arrow) => (d.y1 + d.y2) / 2, text: "label", fill: (d: Arrow) => color[d.kind], dy: -6, fontSize: 10 }),
      P.text(arrows.filter((a) => a.lost), { x: "x2", y: "y2", text: () => "✗", fill: "#c0392b", fontSize: 16, fontWeight: "bold" }),
      P.dot(marks, { x: "x", y: "y", fill: (d: { kind: string }) => markColor(d.kind), r: 3.5 }),
      P.text(marks, { x: "x", y: "y", text: "label", textAnchor: "start", dx: 7, fill: (d: { kind: string }) => markColor(d.kind), fontSize: 10 }),
    ],
  };
  return renderPlot(plot);
}
