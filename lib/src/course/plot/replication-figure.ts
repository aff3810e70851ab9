/**
 * One partition's replication over time: each broker's log end offset and the high watermark as a step chart,
 * with acknowledgements, crashes, restarts, leader changes and truncations marked (lesson 04, LiveScenario).
 */
import { SimulationInputError } from "../../protocol/errors.js";
import type { TraceEvent } from "../../kernel/trace.js";
import { loadPlot } from "./dom.js";
import { renderPlot } from "./render.js";
import { fill, tr } from "../../kernel/locale.js";

/** One step of a replica's log end offset (how many records its log holds), as a run goes. */
export interface ReplicationPoint {
  atMs: number;
  series: string;
  logEndOffset: number;
}

/**
 * An acknowledgement's mark in the Korean edition: ✓ (the text timeline's glyph for 확인 응답). "확인 응답 r5" is
 * twice as wide as "ack r5" and runs into its neighbours where acknowledgements come close together.
 */
const ACK_KO = "✓";

/** Something that happened to a partition's replicas, placed at a log end offset for drawing. */
export interface ReplicationMark {
  atMs: number;
  offset: number;
  kind: "ack" | "crash" | "restart" | "leader" | "truncate";
  label: string;
}

/**
 * The replication story of one partition from a trace: each broker's log end offset and the high watermark over
 * time (rows ready for a step chart), and the moments that matter (acknowledgements, crashes, restarts, leader
 * changes, truncations).
 */
export function replicationRows(trace: readonly TraceEvent[], topic: string, partition = 0): { points: ReplicationPoint[]; marks: ReplicationMark[] } {
  const leo = new Map<string, number>();
  const points: ReplicationPoint[] = [];
  const marks: ReplicationMark[] = [];
  const set = (atMs: number, series: string, value: number): void => {
    leo.set(series, value);
    points.push({ atMs, series, logEndOffset: value });
  };
  const ours = (e: TraceEvent): boolean => e.topic === topic && e.partition === partition;
  for (const e of trace) {
    switch (e.type) {
      case "append":
        if (ours(e) && e.from && e.offset !== undefined) set(e.atMs, e.from, e.offset + (e.count ?? e.recordIds?.length ?? 0));
        break;
      case "replicate":
        if (ours(e) && e.from && e.offset !== undefined) set(e.atMs, e.from, e.offset + (e.count ?? 0));
        break;
      case "truncate":
        if (ours(e) && e.from && e.offset !== undefined) {
          set(e.atMs, e.from, e.offset);
          marks.push({ atMs: e.atMs, offset: e.offset, kind: "truncate", label: fill(tr({ en: "{node} truncates", ko: "{node} 로그 잘라냄" }), { node: e.from }) });
        }
        break;
      case "high-watermark":
        if (ours(e) && e.offset !== undefined) set(e.atMs, "high watermark", e.offset);
        break;
      case "ack":
        if (ours(e) && e.offset !== undefined) {
          const n = e.count ?? e.recordIds?.length ?? 1;
          marks.push({ atMs: e.atMs, offset: e.offset + n, kind: "ack", label: `${tr({ en: "ack", ko: ACK_KO })} ${formatIds(e.recordIds)}` });
        }
        break;
      case "crash":
      case "restart":
        if (e.from && /^broker-/.test(e.from)) {
          marks.push({ atMs: e.atMs, offset: leo.get(e.from) ?? 0, kind: e.type, label: `${e.from} ${e.type === "crash" ? tr({ en: "crashes", ko: "크래시" }) : tr({ en: "restarts", ko: "재시작" })}` });
        }
        break;
      case "leader-change":
        if (ours(e)) {
          const m = /^broker (\d+) leads/.exec(e.note ?? "");
          const who = m ? `broker-${m[1]}` : undefined;
          marks.push({ atMs: e.atMs, offset: who ? leo.get(who) ?? 0 : 0, kind: "leader", label: who ? fill(tr({ en: "{node} leads", ko: "리더: {node}" }), { node: who }) : tr({ en: "no leader", ko: "리더 없음" }) });
        }
        break;
      default:
        break;
    }
  }
  return { points, marks };
}

function formatIds(ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return "";
  return ids.length === 1 ? ids[0]! : `${ids[0]}–${ids[ids.length - 1]}`;
}

export interface ReplicationFigureOptions {
  topic?: string;
  partition?: number;
  fromMs?: number;
  untilMs?: number;
  /** A quiet stretch longer than this (virtual ms) is drawn squeezed, with its length written over it. Default 50. */
  gapMs?: number;
  width?: number;
  height?: number;
}

const SERIES_COLORS: Record<string, string> = {
  "broker-0": "#2f6db3",
  "broker-1": "#d9822b",
  "broker-2": "#8e6bbf",
  "broker-3": "#4c9a6a",
  "broker-4": "#b3862f",
  "high watermark": "#888888",
};

/** A series' name as drawn: a broker's id, or the high watermark in the reader's language. */
function seriesLabel(series: string): string {
  return series === "high watermark" ? tr({ en: "high watermark", ko: "하이 워터마크" }) : series;
}

const MARK_COLORS: Record<ReplicationMark["kind"], string> = { ack: "#2e7d32", crash: "#c0392b", restart: "#555", leader: "#555", truncate: "#c0392b" };

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** Above the line for what the producer sees, below it for what happens to brokers. */
const MARK_ABOVE: Record<ReplicationMark["kind"], boolean> = { ack: true, restart: true, crash: false, leader: false, truncate: false };

/**
 * A step chart of one partition's replication: each broker's log end offset and the high watermark over virtual
 * time, with acknowledgements, crashes, restarts, leader changes and truncations marked. Quiet stretches longer than
 * `gapMs` are squeezed (their length is written in the gap), so milliseconds and seconds fit in one picture.
 */
export function replicationFigure(trace: readonly TraceEvent[], options: ReplicationFigureOptions = {}): string {
  const topic = options.topic ?? trace.find((e) => e.topic !== undefined)?.topic ?? "events";
  const from = options.fromMs ?? -Infinity;
  const until = options.untilMs ?? Infinity;
  const gapMs = options.gapMs ?? 50;
  if (!(gapMs > 0)) {
    throw new SimulationInputError(fill(tr({ en: "gapMs must be a number of virtual ms > 0, got {got}.", ko: "gapMs는 0보다 큰 가상 ms 값이어야 합니다. 받은 값: {got}." }), { got: JSON.stringify(options.gapMs) }));
  }
  const all = replicationRows(trace, topic, options.partition ?? 0);
  // Carry each series' value at `from` into the window, so lines start at their level.
  const inWindow = all.points.filter((p) => p.atMs >= from && p.atMs <= until);
  const carried = [...new Set(all.points.map((p) => p.series))].flatMap((series) => {
    const before = all.points.filter((p) => p.series === series && p.atMs < from);
    const last = before[before.length - 1];
    return last ? [{ ...last }] : [];
  });
  const marks = all.marks.filter((m) => m.atMs >= from && m.atMs <= until);
  const times = [...new Set([...inWindow, ...marks].map((p) => p.atMs))].sort((a, b) => a - b);
  if (times.length === 0) {
    throw new SimulationInputError(fill(tr({ en: "Nothing happened to {topic} between {from} and {until} ms: widen fromMs/untilMs.", ko: "{from} ms와 {until} ms 사이에 {topic} 토픽에는 아무 일도 없었습니다. fromMs/untilMs 범위를 넓히세요." }), { topic, from, until }));
  }
  const start = Number.isFinite(from) ? Math.min(from, times[0]!) : times[0]!;
  const end = Number.isFinite(until) ? Math.max(until, times[times.length - 1]!) : times[times.length - 1]!;
  const allTimes = [...new Set([start, ...times, end])].sort((a, b) => a - b);
  // Squeeze long gaps: display position of each time.
  const squeezed = Math.max(2, gapMs / 5);
  const pos = new Map<number, number>();
  const gaps: Array<{ x: number; label: string }> = [];
  let x = 0;
  allTimes.forEach((t, i) => {
    if (i > 0) {
      const d = t - allTimes[i - 1]!;
      if (d > gapMs) {
        gaps.push({ x: x + squeezed / 2, label: `⋯ ${formatMs(d)} ⋯` });
        x += squeezed;
      } else x += d;
    }
    pos.set(t, x);
  });
  const at = (t: number): number => pos.get(t) ?? pos.get(allTimes.find((u) => u >= t) ?? end)!;
  const series = [...new Set(all.points.map((p) => p.series))].sort((a, b) => (a === "high watermark" ? 1 : b === "high watermark" ? -1 : a.localeCompare(b, "en", { numeric: true })));
  const lineRows = series.flatMap((name, i) => {
    const mine = [...carried.filter((p) => p.series === name).map((p) => ({ ...p, atMs: start })), ...inWindow.filter((p) => p.series === name)];
    if (mine.length === 0) return [];
    const lastValue = mine[mine.length - 1]!.logEndOffset;
    return [...mine, { atMs: end, series: name, logEndOffset: lastValue }].map((p) => ({ x: at(p.atMs), y: p.logEndOffset, series: seriesLabel(name), lane: i }));
  });
  // Ticks: the start and end of every stretch between squeezed gaps.
  const ticks: number[] = [];
  allTimes.forEach((t, i) => {
    const prev = allTimes[i - 1];
    const next = allTimes[i + 1];
    if (prev === undefined || t - prev > gapMs || next === undefined || next - t > gapMs) ticks.push(t);
  });
  const width = options.width ?? 720;
  const span = Math.max(1, x);
  const minApart = (span * 34) / width;
  const shownTicks: number[] = [];
  const tickLabel = (t: number): string => `${t}`;
  for (const t of ticks) {
    const prev = shownTicks[shownTicks.length - 1];
    if (prev === undefined || (at(t) - at(prev) >= minApart && tickLabel(t) !== tickLabel(prev))) shownTicks.push(t);
  }
  const maxY = Math.max(1, ...lineRows.map((r) => r.y), ...marks.map((m) => m.offset));
  const P = loadPlot();
  const markRows = marks.map((m) => {
    const mx = at(m.atMs);
    return { x: mx, y: m.offset, label: m.label, kind: m.kind, above: MARK_ABOVE[m.kind], right: mx > span * 0.75 };
  });
  return renderPlot({
    width,
    height: options.height ?? 320,
    marginLeft: 50,
    marginRight: 20,
    marginBottom: 40,
    x: { domain: [0, span], ticks: shownTicks.map(at), tickFormat: (v: number) => tickLabel(shownTicks.find((t) => at(t) === v) ?? 0), label: tr({ en: "virtual time, ms (quiet stretches squeezed)", ko: "가상 시간, ms (조용한 구간은 줄임)" }) },
    y: { domain: [0, maxY + 1], label: tr({ en: "log end offset (records in the log)", ko: "로그 끝 오프셋 (로그에 있는 레코드 수)" }), grid: true },
    color: { domain: series.map(seriesLabel), range: series.map((s) => SERIES_COLORS[s] ?? "#333"), legend: true },
    marks: [
      P.ruleX(gaps, { x: "x", stroke: "#ddd", strokeWidth: 6 }),
      P.text(gaps, { x: "x", y: maxY + 1, text: "label", fontSize: 9, fill: "#777", dy: 6 }),
      ...series.map((name, i) =>
        P.line(lineRows.filter((r) => r.series === seriesLabel(name)), {
          x: "x", y: "y", stroke: "series", curve: "step-after", strokeWidth: name === "high watermark" ? 1.5 : 2,
          strokeDasharray: name === "high watermark" ? "5,3" : undefined, dy: name === "high watermark" ? 0 : (i - 1) * 3,
        })),
      P.dot(markRows, { x: "x", y: "y", r: 4, fill: (d: { kind: ReplicationMark["kind"] }) => MARK_COLORS[d.kind], symbol: (d: { kind: string }) => (d.kind === "ack" ? "diamond" : "circle") }),
      ...[true, false].flatMap((above) => [true, false].map((right) =>
        P.text(markRows.filter((d) => d.above === above && d.right === right), {
          x: "x", y: "y", text: "label", fontSize: 10, textAnchor: right ? "end" : "start", dx: right ? -6 : 6, dy: above ? -10 : 11,
          fill: (d: { kind: ReplicationMark["kind"] }) => MARK_COLORS[d.kind],
        }))),
    ],
  });
}
