/**
 * The course's figures: what happened to the records over many seeds, and a timeline of one run drawn as a
 * sequence diagram. Each returns a deterministic SVG string (see render.ts); show it with `show(svg)`.
 */
import type { SweepRow } from "../../scenario/scenario.js";
import type { TraceEvent } from "../../kernel/trace.js";
import { renderPlot, type RenderPlotOptions } from "./render.js";
import { loadPlot as Plot } from "./dom.js";
import { fill, tr, type Localized } from "../../kernel/locale.js";
import { outcomeText } from "../../check/outcome-names.js";
import { estimateTextWidth, isWideCodePoint } from "../text-width.js";

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

/**
 * The outcome name a reader sees: the label itself in English, the term table's word in Korean
 * (`outcomeLabel("duplicated")` is 중복). The data keep the English labels (`outcomeTotals(rows)[i].outcome`,
 * OUTCOME_COLORS' keys), since programs compare them; unknown names are returned as given.
 */
export function outcomeLabel(outcome: string): string {
  return outcomeText(outcome);
}

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
  // Outcome names as the reader's language writes them; the colours stay with their outcome.
  const data = outcomeTotals(rows, options.groupBy).map((d) => ({ ...d, outcome: outcomeLabel(d.outcome) }));
  const outcomes = Object.keys(OUTCOME_COLORS).map(outcomeLabel);
  const y = options.y ?? "share";
  const order = [...new Set(data.map((d) => d.scenario))];
  const plot: RenderPlotOptions = {
    width: options.width ?? 640,
    height: options.height ?? Math.max(140, 40 + 38 * order.length),
    marginLeft: Math.min(260, 12 + Math.max(...order.map((s) => estimateTextWidth(s, 7, 12)))),
    x: { label: y === "share" ? tr({ en: "share of records (%)", ko: "레코드 비율 (%)" }) : tr({ en: "records", ko: "레코드 수" }), percent: y === "share", grid: true },
    y: { label: null, domain: order },
    color: { domain: outcomes, range: Object.values(OUTCOME_COLORS), legend: true },
    marks: [P.barX(data, { x: y, y: "scenario", fill: "outcome", order: outcomes }), P.ruleX([0])],
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
  /** Where its label goes (lane units, ms), chosen by placeLabels. */
  lx?: number;
  ly?: number;
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
  /**
   * A quiet stretch (nothing drawn) longer than this many virtual ms is squeezed to a short band marked on the time
   * axis with ≈ and its length (`⋮ 30.0 s pass`), as the text diagram does. Default: longer than 1000 ms, or than a
   * fifth of the busy time drawn (a 95 ms backoff in a 280 ms run), and at least 20 ms. Infinity keeps time linear.
   */
  gapMs?: number;
}

/** A squeezed quiet stretch: real times [fromMs, toMs] drawn as display units [at, at + CUT_SPAN(…)]. */
interface Cut {
  fromMs: number;
  toMs: number;
  at: number;
  span: number;
}

/**
 * Maps virtual time to the figure's vertical axis, squeezing every gap between consecutive drawn times that is
 * longer than gapMs (see TimelineFigureOptions.gapMs) to a band of fixed size (a twelfth of the busy time drawn, at least 2 ms): busy stretches keep
 * their scale, quiet ones stop pushing everything to the top and bottom.
 */
function squeezeTime(times: readonly number[], gapOption: number | undefined): { cuts: Cut[]; toAxis: (t: number) => number; fromAxis: (y: number) => number } {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const busyBelow = (limit: number): number => {
    let sum = 0;
    for (let i = 1; i < sorted.length; i++) {
      const gap = sorted[i]! - sorted[i - 1]!;
      if (gap <= limit) sum += gap;
    }
    return sum;
  };
  const gapMs = gapOption ?? Math.min(1000, Math.max(20, busyBelow(1000) / 5));
  const busy = busyBelow(gapMs);
  const span = Math.max(2, busy / 12);
  const cuts: Cut[] = [];
  let removed = 0;
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1]!;
    const to = sorted[i]!;
    if (to - from > gapMs) {
      cuts.push({ fromMs: from, toMs: to, at: from - removed, span });
      removed += to - from - span;
    }
  }
  const toAxis = (t: number): number => {
    let shift = 0;
    for (const c of cuts) {
      if (t >= c.toMs) shift += c.toMs - c.fromMs - c.span;
      else if (t > c.fromMs) return c.at + ((t - c.fromMs) / (c.toMs - c.fromMs)) * c.span;
      else break;
    }
    return t - shift;
  };
  const fromAxis = (y: number): number => {
    let shift = 0;
    for (const c of cuts) {
      if (y >= c.at + c.span) shift += c.toMs - c.fromMs - c.span;
      else if (y > c.at) return c.fromMs + ((y - c.at) / c.span) * (c.toMs - c.fromMs);
      else break;
    }
    return y + shift;
  };
  return { cuts, toAxis, fromAxis };
}

/** Tick values (axis units) for the busy stretches between cuts: round real times, about `count` in all. */
function squeezedTicks(lo: number, hi: number, cuts: readonly Cut[], toAxis: (t: number) => number, count: number): number[] {
  const segments: Array<[number, number]> = [];
  let start = lo;
  for (const c of cuts) {
    segments.push([start, c.fromMs]);
    start = c.toMs;
  }
  segments.push([start, hi]);
  const busy = segments.reduce((sum, [a, b]) => sum + Math.max(0, b - a), 0) || 1;
  const raw = busy / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (const [a, b] of segments) {
    const first = Math.ceil(a / step) * step;
    if (first > b) ticks.push(a); // a short stretch still gets its start
    for (let t = first; t <= b + 1e-9; t += step) ticks.push(t);
  }
  return ticks.map(toAxis);
}

/** A squeezed stretch's note on the figure: `⋮ 30.0 s pass`. */
function gapNote(ms: number): string {
  return fill(tr({ en: "⋮ {t} pass", ko: "⋮ {t} 경과" }), { t: formatGap(ms) });
}

function formatGap(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** The events noted on a lane, and their note in each language (the Korean words are notebooks/ko/용어.md's). */
const KEY_EVENTS: Record<string, Localized> = {
  append: { en: "append", ko: "적재" },
  duplicate: { en: "DUPLICATE", ko: "중복 배치" },
  reject: { en: "reject", ko: "거부" },
  crash: { en: "CRASH", ko: "크래시" },
  restart: { en: "restart", ko: "재시작" },
  "leader-change": { en: "new leader", ko: "새 리더" },
  "epoch-bump": { en: "epoch bump", ko: "에포크 올리기" },
  "init-producer-id": { en: "producer id", ko: "프로듀서 ID" },
  "producer-restart": { en: "RESTART", ko: "프로듀서 재시작" },
  truncate: { en: "truncate", ko: "잘라냄" },
  fail: { en: "FAILED", ko: "실패" },
  assume: { en: "assumed sent", ko: "보낸 것으로 간주" },
};

function seqLabel(e: TraceEvent): string {
  const ids = e.recordIds ?? [];
  const range = ids.length > 1 ? `${ids[0]}…${ids[ids.length - 1]}` : ids[0] ?? "";
  return e.baseSequence !== undefined && e.baseSequence >= 0 ? `seq ${e.baseSequence}+${e.count} ${range}` : range;
}

const TIMELINE_MARGIN = { left: 56, top: 30, right: 20, bottom: 20 } as const;
/** Approximate size of a 10 px label (Plot's default sans-serif): width per character (capitals, digits wider), height. */
const CHAR_PX = 5.6;
const CHAR_PX_WIDE = 7;
/** A Hangul (or other East Asian wide) character: about a full em. */
const CHAR_PX_HANGUL = 10;
const LINE_PX = 12;

/** Estimated width in pixels of a 10 px label. */
function labelWidth(label: string): number {
  let w = 2;
  for (const ch of label) w += /[A-Z0-9_@…]/.test(ch) ? CHAR_PX_WIDE : isWideCodePoint(ch.codePointAt(0)!) ? CHAR_PX_HANGUL : CHAR_PX;
  return w;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlap = (a: Box, b: Box): number => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

/**
 * Choose where each message's label sits on its arrow: the first of a few points along it (a third of the way from
 * the sender first, so a request's label sits near the producer and its response's near the broker) where the label
 * overlaps no label placed before it and no lane note; failing that, the point with the least overlap. Sizes are
 * estimated from the character count, positions from the plot's size and domains: deterministic, no measuring.
 */
function placeLabels(arrows: Arrow[], marks: Array<{ x: number; y: number; label: string; ly?: number }>, frame: { width: number; height: number; lanes: number; t0: number; t1: number; marginRight: number }): void {
  const innerW = frame.width - TIMELINE_MARGIN.left - frame.marginRight;
  const innerH = frame.height - TIMELINE_MARGIN.top - TIMELINE_MARGIN.bottom;
  const px = (x: number): number => TIMELINE_MARGIN.left + ((x + 0.5) / Math.max(1, frame.lanes)) * innerW;
  const py = (t: number): number => TIMELINE_MARGIN.top + ((t - frame.t0) / Math.max(1e-9, frame.t1 - frame.t0)) * innerH;
  const width = labelWidth;
  // Lane notes: to the right of their dot, just below it (dx 6, dy 8 in the mark below); a note that would cover an
  // earlier one (two events at one instant on one lane) goes a line lower.
  const msPerPx = (frame.t1 - frame.t0) / Math.max(1, innerH);
  const placed: Box[] = [];
  for (const m of marks) {
    const left = px(m.x) + 6;
    let top = py(m.y) + 8 - LINE_PX / 2;
    const w = width(m.label);
    while (placed.some((b) => overlap({ left, right: left + w, top, bottom: top + LINE_PX }, b) > 0)) top += LINE_PX;
    m.ly = m.y + (top - (py(m.y) + 8 - LINE_PX / 2)) * msPerPx;
    placed.push({ left, right: left + w, top, bottom: top + LINE_PX });
  }
  const along = [0.35, 0.55, 0.2, 0.75, 0.1, 0.9];
  const alongLost = [0.6, 0.4, 0.8, 0.2];
  for (const a of arrows) {
    const w = width(a.label);
    let best: { box: Box; lx: number; ly: number; cost: number } | undefined;
    for (const f of a.lost ? alongLost : along) {
      const lx = a.x1 + f * (a.x2 - a.x1);
      const ly = a.y1 + f * (a.y2 - a.y1);
      const cx = px(lx);
      const cy = py(ly) - 6;
      const box = { left: cx - w / 2, right: cx + w / 2, top: cy - LINE_PX / 2, bottom: cy + LINE_PX / 2 };
      const cost = placed.reduce((sum, b) => sum + overlap(box, b), 0);
      if (!best || cost < best.cost) best = { box, lx, ly, cost };
      if (cost === 0) break;
    }
    a.lx = best!.lx;
    a.ly = best!.ly;
    placed.push(best!.box);
  }
}

/** A timeline with nothing to draw yet says so (an empty chart with a −1…2 ms axis says nothing). */
function emptyTimeline(eventCount: number, width: number): string {
  const P = Plot();
  const text =
    eventCount === 0
      ? tr({ en: "Nothing has happened yet: step the run further.", ko: "아직 아무 일도 일어나지 않았습니다. 실행을 더 진행하세요." })
      : fill(tr({ en: "Nothing to draw yet: {n} event(s) so far, no produce request, response or log change.", ko: "아직 그릴 것이 없습니다. 지금까지 이벤트 {n}개가 있었지만 produce 요청도, 응답도, 로그 변화도 없습니다." }), { n: eventCount });
  return renderPlot({ width, height: 60, x: { axis: null, domain: [0, 1] }, y: { axis: null, domain: [0, 1] }, marks: [P.text([text], { x: 0.5, y: 0.5, text: (d: string) => d, fontSize: 13, fill: "#555" })] });
}

/**
 * A sequence diagram of one run's produce traffic: lanes for the producer(s) and brokers, time going down,
 * an arrow per produce request and response (dashed and ending in ✗ when lost), and marks for appends,
 * duplicates, rejections, crashes and leader changes. Quiet stretches longer than `gapMs` are squeezed (≈ on the axis).
 */
export function timelineFigure(trace: readonly TraceEvent[], options: TimelineFigureOptions = {}): string {
  if (options.gapMs !== undefined && !(options.gapMs > 0)) {
    throw new RangeError(fill(tr({ en: "gapMs must be a number of ms > 0 (Infinity: never squeeze), got {got}.", ko: "gapMs는 0보다 큰 ms 값이어야 합니다(Infinity: 줄이지 않음). 받은 값: {got}." }), { got: JSON.stringify(options.gapMs) }));
  }
  const P = Plot();
  const from = options.fromMs ?? 0;
  const until = options.untilMs ?? Infinity;
  const events = trace.filter((e) => e.atMs >= from && e.atMs <= until);
  // Default lanes: the producers and brokers something is drawn for (a produce message or a noted event).
  const names = new Set<string>();
  for (const e of events) {
    const drawn = e.message !== undefined || KEY_EVENTS[e.type] !== undefined;
    if (drawn) for (const n of [e.from, e.to]) if (n && /^(producer|broker-)/.test(n)) names.add(n);
  }
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
      const label = isResponse ? (start.error && start.error !== "NONE" ? start.error : `${tr({ en: "ok", ko: "성공" })} @${start.offset}`) : seqLabel(start);
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
    .map((e): { x: number; y: number; label: string; kind: string; ly?: number } => ({
      x: lane(e.from),
      y: e.atMs,
      label: e.type === "append" || e.type === "duplicate" ? `${tr(KEY_EVENTS[e.type]!)} @${e.offset}` : e.type === "reject" || e.type === "fail" ? `${tr(KEY_EVENTS[e.type]!)} ${e.error ?? ""}` : tr(KEY_EVENTS[e.type]!),
      kind: e.type,
    }));
  const width = options.width ?? 720;
  const height = options.height ?? 520;
  if (arrows.length === 0 && marks.length === 0) return emptyTimeline(events.length, width);
  // Quiet stretches squeezed: every time below is in axis units (real ms, less the squeezed gaps before it).
  const realTimes = [...arrows.flatMap((a) => [a.y1, a.y2]), ...marks.map((m) => m.y)];
  const squeeze = squeezeTime(realTimes, options.gapMs);
  for (const a of arrows) {
    a.y1 = squeeze.toAxis(a.y1);
    a.y2 = squeeze.toAxis(a.y2);
  }
  for (const m of marks) m.y = squeeze.toAxis(m.y);
  const times = [...arrows.flatMap((a) => [a.y1, a.y2]), ...marks.map((m) => m.y)];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const color = { request: "#2f6db3", response: "#4c9a6a", error: "#c0392b" } as const;
  const markColor = (k: string): string => (k === "duplicate" ? "#d9822b" : k === "reject" || k === "fail" || k === "crash" || k === "producer-restart" ? "#c0392b" : "#555");
  // Room on the right for the last lane's notes (they start beside its dot): a wider right margin when they need it.
  const laneWidth = (width - TIMELINE_MARGIN.left - TIMELINE_MARGIN.right) / Math.max(1, lanes.length);
  const lastNotes = marks.filter((m) => m.x === lanes.length - 1).map((m) => labelWidth(m.label) + 10);
  const marginRight = Math.max(TIMELINE_MARGIN.right, Math.ceil(Math.max(0, ...lastNotes) - laneWidth / 2));
  placeLabels(arrows, marks, { width, height, lanes: lanes.length, t0: t0 - 1, t1: t1 + 1, marginRight });
  const plot: RenderPlotOptions = {
    width,
    height,
    marginLeft: TIMELINE_MARGIN.left,
    marginTop: TIMELINE_MARGIN.top,
    marginRight,
    marginBottom: TIMELINE_MARGIN.bottom,
    x: { domain: [-0.5, lanes.length - 0.5], ticks: lanes.map((_, i) => i), tickFormat: (i: number) => lanes[i] ?? "", axis: "top", label: null },
    y: {
      domain: [t0 - 1, t1 + 1],
      reverse: true,
      label: squeeze.cuts.length ? tr({ en: "virtual time (ms; ≈ quiet stretch squeezed)", ko: "가상 시간 (ms, ≈ 조용한 구간은 줄임)" }) : tr({ en: "virtual time (ms)", ko: "가상 시간 (ms)" }),
      grid: false,
      ...(squeeze.cuts.length
        ? { ticks: squeezedTicks(squeeze.fromAxis(t0), squeeze.fromAxis(t1), squeeze.cuts, squeeze.toAxis, Math.max(4, Math.round(height / 60))), tickFormat: (y: number) => String(Math.round(squeeze.fromAxis(y))) }
        : {}),
    },
    marks: [
      // A squeezed quiet stretch: a pale band across the lanes, ≈ on the time axis, and how long it lasted.
      P.rectY(squeeze.cuts, { y1: "at", y2: (c: Cut) => c.at + c.span, x1: -0.5, x2: lanes.length - 0.5, fill: "#f1f1f1" }),
      P.text(squeeze.cuts, { x: -0.5, y: (c: Cut) => c.at + c.span / 2, text: () => "≈", dx: -4, fontSize: 16, fill: "#555", textAnchor: "middle" }),
      P.text(squeeze.cuts, { x: (lanes.length - 1) / 2, y: (c: Cut) => c.at + c.span / 2, text: (c: Cut) => gapNote(c.toMs - c.fromMs), fill: "#777", fontSize: 10, fontStyle: "italic" }),
      P.ruleX(lanes.map((_, i) => i), { stroke: "#bbb" }),
      P.arrow(arrows.filter((a) => !a.lost), { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: (d: Arrow) => color[d.kind], headLength: 6, strokeWidth: 1.3 }),
      P.arrow(arrows.filter((a) => a.lost), { x1: "x1", y1: "y1", x2: "x2", y2: "y2", stroke: (d: Arrow) => color[d.kind], strokeDasharray: "4,3", headLength: 0, strokeWidth: 1.3 }),
      // Each message's label sits on its arrow where it overlaps no other label or note (placeLabels).
      P.text(arrows, { x: "lx", y: "ly", text: "label", fill: (d: Arrow) => color[d.kind], dy: -6, fontSize: 10 }),
      P.text(arrows.filter((a) => a.lost), { x: "x2", y: "y2", text: () => "✗", fill: "#c0392b", fontSize: 16, fontWeight: "bold" }),
      P.dot(marks, { x: "x", y: "y", fill: (d: { kind: string }) => markColor(d.kind), r: 3.5 }),
      // A lane's note just below its dot, so a message label above an arrow leaving the same point stays clear of it.
      P.text(marks, { x: "x", y: "ly", text: "label", textAnchor: "start", dx: 6, dy: 8, fill: (d: { kind: string }) => markColor(d.kind), fontSize: 10 }),
    ],
  };
  return renderPlot(plot);
}
