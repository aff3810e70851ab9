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
 * The figure of replication is plot/replication-figure.ts; a learner's table given as a class, factory or module
 * becomes a factory in state-table-source.ts.
 *
 * Simplifications: stepping goes by whole simulation events, so events that happen in the same instant (an append
 * and the response it sends) are shown together even when fewer were asked for.
 */
import { SimulationInputError } from "../protocol/errors.js";
import { logRows, producerStateRows, replicaRows, type LogRow, type ProducerStateRow, type ReplicaRow } from "./inspect.js";
import { lessonScenario, type LessonOverrides } from "../scenario/lessons.js";
import { show, showTable } from "./plot/display.js";
import { replicationFigure, type ReplicationFigureOptions } from "./plot/replication-figure.js";
import { stateTableFactory, type StateTableSource } from "./state-table-source.js";
import { timelineFigure, type TimelineFigureOptions } from "./plot/figures.js";
import { ScenarioRun, type ScenarioResult, type ScenarioSpec } from "../scenario/scenario.js";
import { renderOutcome, scenarioOver, TextTimeline, timelineLanesForSpec, type TimelineOptions, TIMELINE_DEFAULTS, wrapText } from "./text-timeline.js";
import type { CheckResult } from "../check/checker.js";
import type { Cluster } from "../simulation/cluster.js";
import type { Producer } from "../client/producer.js";
import type { TraceEvent, TraceEventType } from "../kernel/trace.js";
import { fill, tr } from "../kernel/locale.js";

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
      if (!(key in LIVE_SCENARIO_DEFAULTS)) {
        throw new SimulationInputError(fill(tr({ en: 'Unknown LiveScenario option "{key}". Allowed: {allowed}.', ko: '"{key}": 이런 LiveScenario 옵션은 없습니다. 쓸 수 있는 옵션: {allowed}.' }), { key, allowed: Object.keys(LIVE_SCENARIO_DEFAULTS).join(", ") }));
      }
    }
    this.options = { ...LIVE_SCENARIO_DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxStepEvents) || this.options.maxStepEvents < 1) {
      throw new SimulationInputError(fill(tr({ en: "maxStepEvents must be a whole number >= 1, got {got}.", ko: "maxStepEvents는 1 이상의 정수여야 합니다. 받은 값: {got}." }), { got: JSON.stringify(this.options.maxStepEvents) }));
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
    if (!Number.isInteger(n) || n < 1) {
      throw new SimulationInputError(fill(tr({ en: "step/advance take a whole number of events >= 1, got {got}.", ko: "step/advance에는 1 이상의 정수(이벤트 수)를 넘겨야 합니다. 받은 값: {got}." }), { got: JSON.stringify(n) }));
    }
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
    // Wrapped at the diagram's 100 columns, continued under the first line's text.
    // The learner's error text is shown as their table threw it; the course's words around it are translated.
    for (const e of errors.slice(0, 3)) out.push(...wrapText(`${tr({ en: "the producer-state table threw:", ko: "프로듀서 상태 표가 예외를 던짐:" })} ${e}`, TIMELINE_DEFAULTS.width - 9).map((l, i) => `${" ".repeat(i === 0 ? 9 : 11)}${l}`));
    if (errors.length > 3) out.push(`         ${fill(tr({ en: "… and {n} more errors from it", ko: "… 이 표의 오류가 {n}개 더 있음" }), { n: errors.length - 3 })}`);
    out.push(...footer);
    if (this.done) out.push(`         ${scenarioOver(this.nowMs)}`);
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
      throw new SimulationInputError(
        fill(tr({ en: 'stepUntil takes an event type (such as "duplicate") or a function (event) => boolean, got {got}.', ko: 'stepUntil에는 이벤트 종류(예: "duplicate")나 함수 (event) => boolean을 넘겨야 합니다. 받은 값: {got}.' }), { got: typeof match }),
      );
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
    const footer = found || this.done ? [] : [`         ${fill(tr({ en: "(stopped after {n} events without finding it: call stepUntil again to go on)", ko: "(이벤트 {n}개를 지나도록 찾지 못해 멈춤: 계속하려면 stepUntil을 다시 부르세요)" }), { n: count })}`];
    this.print(lines, footer);
  }

  /** Run silently until virtual time `timeMs` (or the end). The events are in `trace`; nothing is shown. */
  runUntil(timeMs: number): void {
    if (typeof timeMs !== "number" || Number.isNaN(timeMs)) {
      throw new SimulationInputError(fill(tr({ en: "runUntil takes a virtual time in ms, got {got}.", ko: "runUntil에는 가상 시간(ms)을 넘겨야 합니다. 받은 값: {got}." }), { got: JSON.stringify(timeMs) }));
    }
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
      throw new SimulationInputError(fill(tr({ en: "lastMs must be a number of virtual ms >= 0, got {got}.", ko: "lastMs는 0 이상의 가상 ms 값이어야 합니다. 받은 값: {got}." }), { got: JSON.stringify(lastMs) }));
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
    if (rows.length === 0) {
      const values = { tp: `${this.topic}-${partition}`, broker: brokerId ?? this.leaderOf(partition) };
      console.log(fill(tr({ en: "(the log of {tp} on broker {broker} is empty)", ko: "(브로커 {broker}의 {tp} 로그가 비어 있습니다)" }), values));
    }
    else showTable(rows);
  }

  showProducerState(partition = 0, brokerId?: number): void {
    const rows = this.producerState(partition, brokerId);
    if (rows.length === 0) {
      const values = { tp: `${this.topic}-${partition}`, broker: brokerId ?? this.leaderOf(partition) };
      console.log(fill(tr({ en: "(no producer state for {tp} on broker {broker}: no idempotent batch written yet)", ko: "(브로커 {broker}에 {tp}의 프로듀서 상태가 없습니다: 아직 멱등성 배치가 적재되지 않았습니다)" }), values));
    }
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
