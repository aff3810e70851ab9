/**
 * Live coding: a scenario an instructor (or a lesson) walks through in front of the class, one event at a time.
 *
 *   const live = new LiveScenario("idempotent");     // a lesson scenario by name, or any ScenarioSpec
 *   live.step(3);                                     // the next 3 events, as lines of a text sequence diagram
 *   live.stepUntil("duplicate");                      // …up to the leader recognising a retried batch
 *   live.showProducerState();                         // what the leader remembers per producer id
 *   live.showTimeline();                              // everything so far, as a figure
 *   live.finish();                                    // run to the end, show what a consumer reads
 *   live.reset();                                     // the same spec and seed: the same run again
 *   live.withStateTable(loadStateTableModule("../exercises/sequence-validation.ts")).step(5);
 *
 * `show…`, `step…`, `runUntil`, `finish` and `reset` display (inside a tslab kernel: a table or a figure; elsewhere
 * their markup or text is printed) or run silently, and return nothing, so a cell ending in one prints nothing else.
 * The plain data behind them comes from the methods without `show`: `advance`, `log`, `producerState`, `replicas`,
 * `timelineSvg`, `outcome`, `runToEnd`.
 *
 * Simplifications: stepping goes by whole simulation events, so events that happen in the same instant (an append
 * and the response it sends) are shown together even when fewer were asked for.
 */
import { SimulationInputError } from "../protocol/errors.js";
import { logRows, producerStateRows, replicaRows, type LogRow, type ProducerStateRow, type ReplicaRow } from "./inspect.js";
import { lessonScenario, type LessonOverrides } from "../scenario/lessons.js";
import type { StateTableFactory } from "../broker/partition.js";
import { show, showTable } from "./plot/display.js";
import { renderPlot } from "./plot/render.js";
import { createRequire } from "node:module";
import type * as PlotTypes from "@observablehq/plot";
import { timelineFigure, type TimelineFigureOptions } from "./plot/figures.js";
import type { ProducerStateTableLike } from "../broker/producer-state.js";
import { ScenarioRun, type ScenarioResult, type ScenarioSpec } from "../scenario/scenario.js";
import { renderOutcome, TextTimeline, timelineLanesForSpec, type TimelineOptions } from "./text-timeline.js";
import type { CheckResult } from "../check/checker.js";
import type { Cluster } from "../simulation/cluster.js";
import type { Producer } from "../client/producer.js";
import type { TraceEvent, TraceEventType } from "../kernel/trace.js";

export interface LiveScenarioOptions {
  /** Event types that are neither counted by `step` nor shown. Default: "deliver" (what a broker does next shows it). */
  hide: TraceEventType[];
  /** Characters per lane of the text diagram. */
  laneWidth: number;
  /** A quiet stretch longer than this many virtual ms gets a ⋮ line. */
  gapMs: number;
  /** How many events `stepUntil` runs through at most before it stops and says so. */
  maxStepEvents: number;
}

export const LIVE_SCENARIO_DEFAULTS: LiveScenarioOptions = { hide: ["deliver"], laneWidth: 12, gapMs: 1000, maxStepEvents: 500 };

/** What a learner's producer-state table may be handed over as. */
export type StateTableSource =
  /** A function that makes a fresh table: `() => new ProducerStateTable()`. */
  | StateTableFactory
  /** The class itself: `ProducerStateTable`. */
  | (new () => ProducerStateTableLike)
  /** What `loadStateTableModule(file)` returns. */
  | { createStateTable(): ProducerStateTableLike }
  /** A module with a `ProducerStateTable` export: `await import("./mine.js")`. */
  | { ProducerStateTable: unknown }
  /** What `loadLearnerModule(file)` returns (its `exports` hold `ProducerStateTable`). */
  | { exports: Record<string, unknown> };

const SOURCE_HELP =
  "Pass a class (ProducerStateTable), a function that returns a new table (() => new ProducerStateTable()), " +
  "a module that exports ProducerStateTable, or what loadStateTableModule(file) returns.";

function isClass(f: unknown): f is new () => ProducerStateTableLike {
  if (typeof f !== "function") return false;
  const proto = (f as { prototype?: Record<string, unknown> }).prototype;
  return /^class\b/.test(Function.prototype.toString.call(f)) || (proto !== undefined && typeof proto.append === "function");
}

function checkTable(table: unknown, from: string): ProducerStateTableLike {
  if (table === null || typeof table !== "object") {
    throw new SimulationInputError(`${from} gave ${table === null ? "null" : typeof table}, not a producer-state table. ${SOURCE_HELP}`);
  }
  const t = table as Record<string, unknown>;
  const missing = ["get", "append"].filter((m) => typeof t[m] !== "function");
  if (missing.length > 0) {
    throw new SimulationInputError(`${from} gave a table without ${missing.map((m) => `${m}()`).join(" and ")}: a producer-state table needs get(producerId) and append(batch, firstOffset).`);
  }
  return table as ProducerStateTableLike;
}

/**
 * A factory of fresh producer-state tables (one per replica) from a learner's class, factory or module.
 * Throws SimulationInputError naming what was given when it is none of these, or when its table lacks get/append.
 */
export function stateTableFactory(source: StateTableSource): StateTableFactory {
  let make: () => unknown;
  let from: string;
  if (isClass(source)) {
    const Table = source;
    make = () => new Table();
    from = `new ${Table.name || "(class)"}()`;
  } else if (typeof source === "function") {
    make = source as () => unknown;
    from = "The factory";
  } else if (source !== null && typeof source === "object") {
    const s = source as Record<string, unknown>;
    const exported = s.exports !== null && typeof s.exports === "object" ? (s.exports as Record<string, unknown>) : undefined;
    if (typeof s.createStateTable === "function") {
      make = () => (s.createStateTable as () => unknown)();
      from = "createStateTable()";
    } else if (isClass(s.ProducerStateTable) || isClass(exported?.ProducerStateTable)) {
      const Table = (isClass(s.ProducerStateTable) ? s.ProducerStateTable : exported!.ProducerStateTable) as new () => ProducerStateTableLike;
      make = () => new Table();
      from = "new ProducerStateTable()";
    } else {
      const keys = Object.keys(exported ?? s);
      throw new SimulationInputError(`This object has no ProducerStateTable class or createStateTable() (its keys: ${keys.join(", ") || "none"}). ${SOURCE_HELP}`);
    }
  } else {
    throw new SimulationInputError(`Cannot make producer-state tables from ${source === null ? "null" : typeof source}. ${SOURCE_HELP}`);
  }
  checkTable(make(), from); // fail now, in the cell that plugs it in, rather than inside the simulation
  return () => checkTable(make(), from);
}

/** One step of a replica's log end offset (how many records its log holds), as a run goes. */
export interface ReplicationPoint {
  atMs: number;
  series: string;
  logEndOffset: number;
}

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
          marks.push({ atMs: e.atMs, offset: e.offset, kind: "truncate", label: `${e.from} truncates` });
        }
        break;
      case "high-watermark":
        if (ours(e) && e.offset !== undefined) set(e.atMs, "high watermark", e.offset);
        break;
      case "ack":
        if (ours(e) && e.offset !== undefined) {
          const n = e.count ?? e.recordIds?.length ?? 1;
          marks.push({ atMs: e.atMs, offset: e.offset + n, kind: "ack", label: `ack ${formatIds(e.recordIds)}` });
        }
        break;
      case "crash":
      case "restart":
        if (e.from && /^broker-/.test(e.from)) {
          marks.push({ atMs: e.atMs, offset: leo.get(e.from) ?? 0, kind: e.type, label: `${e.from} ${e.type === "crash" ? "crashes" : "restarts"}` });
        }
        break;
      case "leader-change":
        if (ours(e)) {
          const m = /^broker (\d+) leads/.exec(e.note ?? "");
          const who = m ? `broker-${m[1]}` : undefined;
          marks.push({ atMs: e.atMs, offset: who ? leo.get(who) ?? 0 : 0, kind: "leader", label: who ? `${who} leads` : "no leader" });
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
  if (!(gapMs > 0)) throw new SimulationInputError(`gapMs must be a number of virtual ms > 0, got ${JSON.stringify(options.gapMs)}.`);
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
  if (times.length === 0) throw new SimulationInputError(`Nothing happened to ${topic} between ${from} and ${until} ms: widen fromMs/untilMs.`);
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
    return [...mine, { atMs: end, series: name, logEndOffset: lastValue }].map((p) => ({ x: at(p.atMs), y: p.logEndOffset, series: name, lane: i }));
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
  const P = createRequire(import.meta.url)("@observablehq/plot") as typeof PlotTypes;
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
    x: { domain: [0, span], ticks: shownTicks.map(at), tickFormat: (v: number) => tickLabel(shownTicks.find((t) => at(t) === v) ?? 0), label: "virtual time, ms (quiet stretches squeezed)" },
    y: { domain: [0, maxY + 1], label: "log end offset (records in the log)", grid: true },
    color: { domain: series, range: series.map((s) => SERIES_COLORS[s] ?? "#333"), legend: true },
    marks: [
      P.ruleX(gaps, { x: "x", stroke: "#ddd", strokeWidth: 6 }),
      P.text(gaps, { x: "x", y: maxY + 1, text: "label", fontSize: 9, fill: "#777", dy: 6 }),
      ...series.map((name, i) =>
        P.line(lineRows.filter((r) => r.series === name), {
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

/**
 * A scenario run step by step, for live coding. See the module comment.
 */
export class LiveScenario {
  readonly spec: ScenarioSpec;
  readonly options: LiveScenarioOptions;
  /** The run being stepped (replaced by `reset`). */
  run: ScenarioRun;
  private timeline!: TextTimeline;
  /** How many trace events have gone through the text timeline. */
  private seen = 0;
  private errorsSeen = 0;

  /** `spec`: a ScenarioSpec, or the name of a lesson scenario (LESSON_SCENARIOS). */
  constructor(spec: ScenarioSpec | string, options: Partial<LiveScenarioOptions> = {}) {
    for (const key of Object.keys(options)) {
      if (!(key in LIVE_SCENARIO_DEFAULTS)) throw new SimulationInputError(`Unknown LiveScenario option "${key}". Allowed: ${Object.keys(LIVE_SCENARIO_DEFAULTS).join(", ")}.`);
    }
    this.options = { ...LIVE_SCENARIO_DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxStepEvents) || this.options.maxStepEvents < 1) {
      throw new SimulationInputError(`maxStepEvents must be a whole number >= 1, got ${JSON.stringify(this.options.maxStepEvents)}.`);
    }
    this.spec = typeof spec === "string" ? lessonScenario(spec) : { ...spec, trace: true };
    this.run = new ScenarioRun(this.spec);
    this.startTimeline();
  }

  /** A lesson scenario by name, with a learner's overrides (seed, acks, idempotence, …). */
  static lesson(name: string, overrides: LessonOverrides = {}, options: Partial<LiveScenarioOptions> = {}): LiveScenario {
    return new LiveScenario({ ...lessonScenario(name, overrides), trace: true }, options);
  }

  private startTimeline(): void {
    const restarts = this.run.cluster.faults.options.plan.filter((a) => a.action === "restart-producer").length;
    const lanes = timelineLanesForSpec(this.run.cluster.brokers.length, restarts);
    const textOptions: Partial<TimelineOptions> = { hide: this.options.hide, laneWidth: this.options.laneWidth, gapMs: this.options.gapMs };
    this.timeline = new TextTimeline(lanes, textOptions);
    this.seen = 0;
    this.errorsSeen = 0;
  }

  get cluster(): Cluster {
    return this.run.cluster;
  }

  get producer(): Producer {
    return this.run.producer;
  }

  get trace(): TraceEvent[] {
    return this.run.trace;
  }

  get nowMs(): number {
    return this.run.nowMs;
  }

  get done(): boolean {
    return this.run.done;
  }

  get topic(): string {
    return this.run.workload.topic;
  }

  /** Errors a swapped-in producer-state table threw (the broker answered UNKNOWN_SERVER_ERROR). */
  get stateTableErrors(): string[] {
    return this.run.cluster.stateTableErrors;
  }

  /** Lines of the text diagram for `events` (which must not have been drawn yet), and how many got a line. */
  private draw(events: readonly TraceEvent[]): { lines: string[]; shown: number } {
    const lines: string[] = [];
    let shown = 0;
    for (const e of events) {
      const drawn = this.timeline.event(e);
      if (drawn.length > 0) shown++;
      lines.push(...drawn);
    }
    this.seen += events.length;
    return { lines, shown };
  }

  /** Draw every event not drawn yet; returns them with their lines. */
  private catchUp(): { events: TraceEvent[]; lines: string[]; shown: number } {
    const events = this.trace.slice(this.seen);
    return { events, ...this.draw(events) };
  }

  /**
   * Run until `n` more events worth showing have happened (or the end): events that get a line in the text
   * diagram, so not hidden types, nor the controller's half of an InitProducerId. Returns every new event. Displays nothing (`step` is the same with display).
   */
  advance(n = 1): TraceEvent[] {
    if (!Number.isInteger(n) || n < 1) throw new SimulationInputError(`step/advance take a whole number of events >= 1, got ${JSON.stringify(n)}.`);
    const drawn = this.catchUp();
    const events = [...drawn.events];
    const lines = [...drawn.lines];
    let shown = 0;
    while (shown < n) {
      if (this.run.step().length === 0) break;
      const next = this.catchUp();
      events.push(...next.events);
      lines.push(...next.lines);
      shown += next.shown;
    }
    this.lastLines = lines;
    this.lastShown = shown;
    return events;
  }

  /** The diagram lines of the last `advance`, and how many of its events got one. */
  private lastLines: string[] = [];
  private lastShown = 0;

  private print(lines: readonly string[], footer: readonly string[] = []): void {
    const out = [this.timeline.header(), ...lines];
    const errors = this.stateTableErrors.slice(this.errorsSeen);
    this.errorsSeen = this.stateTableErrors.length;
    for (const e of errors.slice(0, 3)) out.push(`         the producer-state table threw: ${e}`);
    if (errors.length > 3) out.push(`         … and ${errors.length - 3} more errors from it`);
    out.push(...footer);
    if (this.done) out.push(`         (the scenario is over at ${this.nowMs} ms)`);
    console.log(out.join("\n"));
  }

  /**
   * Show the next `n` events (at least: events of the same instant come together) as lines of a text sequence
   * diagram: the time, lanes for the producer(s) and the brokers, and what happened.
   */
  step(n = 1): void {
    this.advance(n);
    this.print(this.lastLines);
  }

  /**
   * Step until an event of `type` happens (or one that `match` accepts), showing every event on the way; stops after
   * `maxStepEvents` shown events, or at the end, and says so.
   */
  stepUntil(match: TraceEventType | ((e: TraceEvent) => boolean)): void {
    if (typeof match !== "function" && typeof match !== "string") {
      throw new SimulationInputError(`stepUntil takes an event type (such as "duplicate") or a function (event) => boolean, got ${typeof match}.`);
    }
    const test = typeof match === "function" ? match : (e: TraceEvent) => e.type === match;
    const lines: string[] = [];
    let found = false;
    let count = 0;
    while (!found && count < this.options.maxStepEvents) {
      const events = this.advance(1);
      lines.push(...this.lastLines);
      if (events.length === 0) break;
      count += this.lastShown;
      found = events.some(test);
    }
    const footer = found || this.done ? [] : [`         (stopped after ${count} events without finding it: call stepUntil again to go on)`];
    this.print(lines, footer);
  }

  /** Run silently until virtual time `timeMs` (or the end). The events are in `trace`; nothing is shown. */
  runUntil(timeMs: number): void {
    if (typeof timeMs !== "number" || Number.isNaN(timeMs)) throw new SimulationInputError(`runUntil takes a virtual time in ms, got ${JSON.stringify(timeMs)}.`);
    this.catchUp();
    this.run.runUntil(timeMs);
    this.catchUp();
  }

  /** Run silently to the end; returns the result (history, log, check, trace). `finish` shows the outcome instead. */
  runToEnd(): ScenarioResult {
    this.catchUp();
    const result = this.run.runToEnd();
    this.catchUp();
    return result;
  }

  /** Run silently to the end and show the outcome (what a consumer reads, checked against what the producer was told). */
  finish(): void {
    this.runToEnd();
    this.showOutcome();
  }

  /** The same spec and the same seed again, from the start (the same run, event for event). */
  reset(): void {
    this.run = new ScenarioRun(this.spec);
    this.startTimeline();
  }

  /** A new LiveScenario of the same spec and seed whose brokers keep producer state in the learner's table. */
  withStateTable(source: StateTableSource): LiveScenario {
    return new LiveScenario({ ...this.spec, stateTable: stateTableFactory(source) }, this.options);
  }

  // ------------------------------------------------------------ data

  /** One replica's log (default: the current leader's) of the workload's topic. */
  log(partition = 0, brokerId?: number): LogRow[] {
    return logRows(this.cluster, this.topic, partition, brokerId);
  }

  /** The producer-state table of one replica (default: the leader's). */
  producerState(partition = 0, brokerId?: number): ProducerStateRow[] {
    return producerStateRows(this.cluster, this.topic, partition, brokerId);
  }

  /** Every replica of the partition: role, in the ISR or not, log end offset, high watermark. */
  replicas(partition = 0): ReplicaRow[] {
    return replicaRows(this.cluster, this.topic, partition);
  }

  /** The timeline so far as an SVG sequence diagram. `lastMs` keeps only the last so many virtual ms. */
  timelineSvg(options: TimelineFigureOptions & { lastMs?: number } = {}): string {
    const { lastMs, ...rest } = options;
    if (lastMs !== undefined && (typeof lastMs !== "number" || !(lastMs >= 0))) {
      throw new SimulationInputError(`lastMs must be a number of virtual ms >= 0, got ${JSON.stringify(lastMs)}.`);
    }
    const fromMs = lastMs !== undefined ? Math.max(rest.fromMs ?? 0, this.nowMs - lastMs) : rest.fromMs;
    return timelineFigure(this.trace, { ...rest, ...(fromMs !== undefined ? { fromMs } : {}) });
  }

  /** Each replica's log end offset and the high watermark so far, as a step chart (see replicationFigure). */
  replicationSvg(options: Omit<ReplicationFigureOptions, "topic"> = {}): string {
    return replicationFigure(this.trace, { topic: this.topic, ...options });
  }

  /** What a consumer would read now, checked against what the producer was told (complete once `done`). */
  outcome(): CheckResult {
    return this.run.result().check;
  }

  // ------------------------------------------------------------ display

  showTimeline(options: TimelineFigureOptions & { lastMs?: number } = {}): void {
    show(this.timelineSvg(options));
  }

  showReplication(options: Omit<ReplicationFigureOptions, "topic"> = {}): void {
    show(this.replicationSvg(options));
  }

  showLog(partition = 0, brokerId?: number): void {
    const rows = this.log(partition, brokerId);
    if (rows.length === 0) console.log(`(the log of ${this.topic}-${partition} on broker ${brokerId ?? this.leaderOf(partition)} is empty)`);
    else showTable(rows);
  }

  showProducerState(partition = 0, brokerId?: number): void {
    const rows = this.producerState(partition, brokerId);
    if (rows.length === 0) console.log(`(no producer state for ${this.topic}-${partition} on broker ${brokerId ?? this.leaderOf(partition)}: no idempotent batch written yet)`);
    else showTable(rows);
  }

  showReplicas(partition = 0): void {
    showTable(this.replicas(partition));
  }

  /** The outcome so far, as text (counts, the records concerned, a verdict). */
  showOutcome(): void {
    console.log(renderOutcome(this.outcome()));
  }

  private leaderOf(partition: number): number {
    return this.cluster.partitionsOf(this.topic)[partition]?.leader ?? -1;
  }
}
