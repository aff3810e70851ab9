/**
 * A scenario = a cluster + a producer configuration + a fault plan + a workload, decided by one seed.
 * Run one with a full trace (for timelines and stepping), or sweep thousands of seeds into a tidy table.
 */
import { tr } from "../kernel/locale.js";
import { Cluster, resolveClusterOptions, type ClusterOptions } from "../simulation/cluster.js";
import { checkHistory, checkSummary, type CheckResult, type CheckSummary, type LogWalk, type LoggedRecord, type OutcomeCounts, type SentRecord } from "../check/checker.js";
import { resolveProducerConfig, type ProducerConfig, type ProducerConfigInput } from "../client/config.js";
import { SimulationInputError } from "../protocol/errors.js";
import { resolveFaults, type FaultAction, type FaultOptions } from "../simulation/faults.js";
import type { StateTableFactory } from "../broker/partition.js";
import { Producer, type SendResult } from "../client/producer.js";
import type { TraceEvent } from "../kernel/trace.js";

export interface Workload {
  topic: string;
  /** How many records the application sends. */
  records: number;
  /** Virtual milliseconds between two sends (0 = all at once). */
  intervalMs: number;
  /** Number of distinct keys (records go to partitions by key); 0 = no keys (round-robin). */
  keys: number;
  /** With a transactional producer: records per transaction (begin, send them, commit). */
  transactionRecords: number;
}

export const WORKLOAD_DEFAULTS: Workload = { topic: "events", records: 100, intervalMs: 1, keys: 0, transactionRecords: 10 };

export interface ScenarioSpec {
  name?: string;
  seed?: number;
  cluster?: Partial<ClusterOptions>;
  producer?: ProducerConfigInput;
  faults?: Partial<FaultOptions>;
  workload?: Partial<Workload>;
  /** Swap every partition's producer-state table (e.g. a learner's ProducerStateTable). */
  stateTable?: StateTableFactory;
  /** Record every event (default true for runScenario, false in sweeps). */
  trace?: boolean;
}

export interface ScenarioResult {
  seed: number;
  spec: ScenarioSpec;
  /** Every send attempt, in order (a record resent after a producer restart appears twice). */
  history: SendResult[];
  /** What a consumer reads at the end: each partition's leader, below the high watermark. */
  log: LoggedRecord[];
  check: CheckResult;
  trace: TraceEvent[];
  cluster: Cluster;
  producers: Producer[];
  /** Virtual time at the end, and events run. */
  endMs: number;
  events: number;
  /** Errors a swapped-in producer-state table threw (the broker answered UNKNOWN_SERVER_ERROR). */
  stateTableErrors: string[];
}

const SPEC_KEYS = new Set(["name", "seed", "cluster", "producer", "faults", "workload", "stateTable", "trace"]);

function checkSpecKeys(spec: ScenarioSpec): void {
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.has(key)) {
      const allowed = [...SPEC_KEYS].join(", ");
      throw new SimulationInputError(tr({ en: `Unknown scenario option "${key}". Allowed: ${allowed}.`, ko: `"${key}": 이런 시나리오 옵션은 없습니다. 쓸 수 있는 옵션: ${allowed}.` }));
    }
  }
}

/** A spec's options resolved and validated once (a sweep runs thousands of scenarios of one spec). */
interface ResolvedSpec {
  workload: Workload;
  cluster: ClusterOptions;
  faults: FaultOptions;
  producer: ProducerConfig;
}

function resolveSpec(spec: ScenarioSpec): ResolvedSpec {
  checkSpecKeys(spec);
  return { workload: resolveWorkload(spec.workload), cluster: resolveClusterOptions(spec.cluster), faults: resolveFaults(spec.faults), producer: resolveProducerConfig(spec.producer ?? {}) };
}

function resolveWorkload(input: Partial<Workload> = {}): Workload {
  for (const key of Object.keys(input)) {
    if (!(key in WORKLOAD_DEFAULTS)) {
      const allowed = Object.keys(WORKLOAD_DEFAULTS).join(", ");
      throw new SimulationInputError(tr({ en: `Unknown workload option "${key}". Allowed: ${allowed}.`, ko: `"${key}": 이런 workload 옵션은 없습니다. 쓸 수 있는 옵션: ${allowed}.` }));
    }
  }
  const w = { ...WORKLOAD_DEFAULTS, ...input };
  const bad = (name: string, en: string, ko: string, got: unknown): SimulationInputError =>
    new SimulationInputError(tr({ en: `workload.${name} must be ${en}, got ${JSON.stringify(got)}.`, ko: `workload.${name}은(는) ${ko}여야 합니다. 받은 값: ${JSON.stringify(got)}.` }));
  if (!Number.isInteger(w.records) || w.records < 0) throw bad("records", "a whole number >= 0", "0 이상의 정수", w.records);
  if (typeof w.intervalMs !== "number" || !(w.intervalMs >= 0)) throw bad("intervalMs", "a number >= 0", "0 이상의 수", w.intervalMs);
  if (!Number.isInteger(w.transactionRecords) || w.transactionRecords < 1) throw bad("transactionRecords", "a whole number >= 1", "1 이상의 정수", w.transactionRecords);
  if (!Number.isInteger(w.keys) || w.keys < 0) throw bad("keys", "a whole number >= 0", "0 이상의 정수", w.keys);
  if (typeof w.topic !== "string" || w.topic.length === 0) throw bad("topic", "a non-empty string", "비어 있지 않은 문자열", w.topic);
  return w;
}

/**
 * The workload's record values ("r0", "r1", …) and keys ("k0", …), made once and shared by every scenario (strings
 * never change): a sweep of 10,000 scenarios would otherwise build and hash a million equal strings.
 */
const recordNames = new Array<string>();
const keyNames = new Array<string>();
const NAME_CACHE_LIMIT = 100_000;
function recordName(i: number): string {
  if (i >= NAME_CACHE_LIMIT) return `r${i}`;
  return (recordNames[i] ??= `r${i}`);
}
/**
 * When a history is exactly the scenario's own records in order (sent[i].id is r<i>, each sent once), the position of
 * an id by arithmetic: checkSummary then needs no id→position map. Undefined for any other history (a restart's
 * resends, a learner's ids), which checkSummary handles with a map.
 */
function ownNamesIndex(sent: readonly SentRecord[]): ((id: string) => number) | undefined {
  for (let i = 0; i < sent.length; i++) if (sent[i]!.id !== recordName(i)) return undefined;
  return (id) => {
    // "r" followed by a decimal without leading zeros, below sent.length (so exactly one of recordName's outputs).
    if (id.length < 2 || id.length > 10 || id.charCodeAt(0) !== 114 /* r */) return -1;
    if (id.length > 2 && id.charCodeAt(1) === 48 /* 0 */) return -1;
    let n = 0;
    for (let k = 1; k < id.length; k++) {
      const d = id.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n < sent.length ? n : -1;
  };
}

function keyName(i: number): string {
  if (i >= NAME_CACHE_LIMIT) return `k${i}`;
  return (keyNames[i] ??= `k${i}`);
}

export type IsolationLevel = "read_uncommitted" | "read_committed";

/**
 * Records of a topic a consumer would read now, from each partition's leader: below the high watermark
 * (read_uncommitted), or below the last stable offset without aborted transactions' records (read_committed).
 */
export function visibleLog(cluster: Cluster, topic: string, isolation: IsolationLevel = "read_uncommitted"): LoggedRecord[] {
  const out: LoggedRecord[] = [];
  walkVisibleLog(cluster, topic, isolation)((t, partition, offset, id) => {
    out.push({ topic: t, partition, offset, id });
  });
  return out;
}

/** The records of `visibleLog`, in the same order, handed to `visit` one by one instead of collected (no objects made). */
export function walkVisibleLog(cluster: Cluster, topic: string, isolation: IsolationLevel = "read_uncommitted"): LogWalk {
  return (visit) => {
    for (const s of cluster.partitionsOf(topic)) {
      const replica = cluster.leaderReplica(topic, s.partition);
      if (!replica) continue;
      const committed = isolation === "read_committed";
      const until = committed ? replica.lastStableOffset() : replica.highWatermark;
      const aborted = committed ? replica.abortedTxns : [];
      for (const b of replica.read(0, until)) {
        if (b.isControl) continue;
        if (b.isTransactional && aborted.some((a) => a.producerId === b.producerId && a.firstOffset <= b.baseOffset && b.baseOffset < a.lastOffset)) continue;
        for (let i = 0; i < b.records.length; i++) {
          const v = b.records[i]!.value;
          visit(topic, s.partition, b.baseOffset + i, typeof v === "string" ? v : new TextDecoder().decode(v ?? new Uint8Array()));
        }
      }
    }
  };
}

/**
 * A scenario that can be run to the end or stepped one event at a time (for live coding).
 */
export class ScenarioRun {
  readonly seed: number;
  readonly spec: ScenarioSpec;
  readonly cluster: Cluster;
  readonly producers = new Array<Producer>(); // not []: see "Memory" in kernel/sim.ts
  readonly workload: Workload;
  private issued = 0;
  private finished = false;
  private settleUntilMs = Infinity;
  private readonly hardLimitMs: number;
  private lastDisruptionMs = -Infinity;
  private readonly planEndMs: number;

  /** The producer configuration every instance of this run uses (resolved once, shared after a restart). */
  private readonly producerConfig: ProducerConfig;

  /** `resolved`: the spec's options resolved by resolveSpec (a sweep passes them; otherwise they are resolved here). */
  constructor(spec: ScenarioSpec = {}, resolved?: ResolvedSpec) {
    this.spec = spec;
    this.seed = spec.seed ?? 1;
    if (!Number.isInteger(this.seed)) throw new SimulationInputError(tr({ en: `seed must be an integer, got ${JSON.stringify(spec.seed)}.`, ko: `seed는 정수여야 합니다. 받은 값: ${JSON.stringify(spec.seed)}.` }));
    if (!resolved) checkSpecKeys(spec);
    this.workload = resolved?.workload ?? resolveWorkload(spec.workload);
    this.cluster = new Cluster({
      seed: this.seed,
      cluster: spec.cluster,
      faults: spec.faults,
      resolved: resolved && { cluster: resolved.cluster, faults: resolved.faults },
      trace: spec.trace ?? true,
      stateTable: spec.stateTable,
    });
    if (!this.cluster.topicExists(this.workload.topic, 0)) this.cluster.createTopic(this.workload.topic);
    const producer = new Producer(this.cluster, spec.producer ?? {}, { name: "producer", resolvedConfig: resolved?.producer });
    this.producerConfig = producer.config;
    this.producers.push(producer);
    const plan: FaultAction[] = this.cluster.faults.options.plan;
    this.planEndMs = plan.reduce((m, a) => Math.max(m, a.atMs ?? 0), 0);
    this.hardLimitMs = this.planEndMs + producer.config.deliveryTimeoutMs * 3 + this.workload.records * this.workload.intervalMs + 120_000;
    this.cluster.faults.producerActions.push((action) => this.onProducerAction(action));
    this.cluster.disruptionListeners.push(() => this.noteDisruption());
    this.scheduleWorkload();
  }

  get producer(): Producer {
    return this.producers[this.producers.length - 1]!;
  }

  get done(): boolean {
    return this.finished;
  }

  get nowMs(): number {
    return this.cluster.sim.nowMs;
  }

  /** Every send attempt so far, across producer instances. */
  get history(): SendResult[] {
    // slice/concat, not flatMap: V8's flatMap is generic and about 100× slower here (measured), once per scenario of a sweep
    if (this.producers.length === 1) return this.producers[0]!.results.slice();
    return new Array<SendResult>().concat(...this.producers.map((p) => p.results));
  }

  get trace(): TraceEvent[] {
    return this.cluster.trace.events;
  }

  /**
   * Transactions, consume-transform-produce style: the application reads records r0, r1, … from an input
   * (think: a topic "input", partition 0) and, in each transaction, writes up to k of them and commits its input
   * position with them (sendOffsetsToTransaction). After a restart it resumes from the committed position, so a
   * transaction that committed is never redone and one that did not is redone whole.
   */
  static readonly INPUT_GROUP = "scenario-app";
  private generation = 0;
  private readonly zombies = new Set<Producer>();

  get transactional(): boolean {
    return this.producer.transactional;
  }

  /** The input position committed with the last committed transaction (0 before any). */
  committedPosition(): number {
    return this.cluster.transactions.committedOffsets.get(ScenarioRun.INPUT_GROUP)?.get("input-0") ?? 0;
  }

  private recordAt(i: number): { id: string; key: string | null } {
    return { id: recordName(i), key: this.workload.keys > 0 ? keyName(i % this.workload.keys) : null };
  }

  /** The application's loop with a transactional producer: begin, send up to k records, commit them with the input position; again. */
  private transactionLoop(producer: Producer, generation: number, position: number): void {
    const sim = this.cluster.sim;
    const w = this.workload;
    const alive = (): boolean => !producer.closed && producer.txnState !== "FatalError" && (generation === this.generation || this.zombies.has(producer));
    if (!alive()) return;
    if (producer.txnState !== "Ready") {
      sim.schedule(5, () => this.transactionLoop(producer, generation, position));
      return;
    }
    if (position >= w.records) return; // everything committed
    producer.beginTransaction();
    let cursor = position;
    const end = Math.min(w.records, position + w.transactionRecords);
    const sendOne = (): void => {
      if (!alive() || producer.txnState !== "InTransaction") return;
      const rec = this.recordAt(cursor++);
      this.issued = Math.max(this.issued, cursor);
      producer.send({ topic: w.topic, key: rec.key, value: rec.id, id: rec.id });
      sim.schedule(w.intervalMs, cursor < end ? sendOne : commit);
    };
    const retryFrom = (from: number): void => {
      if (producer.txnState === "AbortableError") producer.abortTransaction(() => this.transactionLoop(producer, generation, from));
    };
    const commit = (): void => {
      if (!alive() || producer.txnState !== "InTransaction") return;
      producer.sendOffsetsToTransaction(ScenarioRun.INPUT_GROUP, [{ topic: "input", partition: 0, offset: cursor }], (offsetsError) => {
        if (offsetsError !== "NONE") return retryFrom(position);
        if (!alive() || producer.txnState !== "InTransaction") return;
        producer.commitTransaction((error) => {
          if (error === "NONE") return this.transactionLoop(producer, generation, cursor);
          retryFrom(position);
        });
      });
    };
    sendOne();
  }

  private scheduleWorkload(): void {
    const w = this.workload;
    if (this.producer.transactional) {
      const p = this.producer;
      this.cluster.sim.schedule(0, () => this.transactionLoop(p, this.generation, 0));
      return;
    }
    const sendOne = (): void => {
      const i = this.issued++;
      const key = w.keys > 0 ? keyName(i % w.keys) : null;
      this.producer.send({ topic: w.topic, key, value: recordName(i) });
      if (this.issued < w.records) this.cluster.sim.schedule(w.intervalMs, sendOne);
    };
    if (w.records > 0) this.cluster.sim.schedule(0, sendOne);
  }

  private onProducerAction(action: FaultAction): void {
    if (action.action === "bump-producer-epoch") {
      this.producer.requestEpochBump();
    } else if (action.action === "restart-producer" && this.transactional) {
      const old = this.producer;
      if (action.zombie) this.zombies.add(old);
      else old.close();
      if (this.cluster.trace.enabled) this.cluster.trace.add({ atMs: this.nowMs, type: "producer-restart", from: old.name, note: `the application restarts with the same transactional.id${action.zombie ? "; the old instance is still running (a zombie)" : ""} and resumes from its committed input position` });
      this.generation++;
      const next = new Producer(this.cluster, this.spec.producer ?? {}, { name: `producer#${this.producers.length + 1}`, resolvedConfig: this.producerConfig });
      this.producers.push(next);
      const generation = this.generation;
      // Resume where the last committed transaction left off, once the new instance is ready (its
      // InitProducerId has aborted whatever the old instance left open).
      const resume = (): void => {
        if (generation !== this.generation) return;
        if (next.txnState !== "Ready") return void this.cluster.sim.schedule(5, resume);
        this.transactionLoop(next, generation, this.committedPosition());
      };
      this.cluster.sim.schedule(0, resume);
    } else if (action.action === "restart-producer") {
      const old = this.producer;
      old.close();
      this.cluster.trace.add({ atMs: this.nowMs, type: "producer-restart", from: old.name, note: "the application restarts: a new producer id; records without an acknowledgement are sent again" });
      const next = new Producer(this.cluster, this.spec.producer ?? {}, { name: `producer#${this.producers.length + 1}`, resolvedConfig: this.producerConfig });
      this.producers.push(next);
      const acked = new Set(this.history.filter((r) => r.status === "acknowledged" || r.status === "assumed").map((r) => r.id));
      const resent = new Set<string>();
      for (const r of old.results) {
        if (acked.has(r.id) || resent.has(r.id)) continue;
        resent.add(r.id);
        next.send({ topic: r.topic, key: r.key, value: r.value, id: r.id });
      }
    }
  }

  /** Has the application finished: every record issued and settled by the current producer? */
  private workloadSettled(): boolean {
    if (this.transactional) return this.committedPosition() >= this.workload.records || this.producer.txnState === "FatalError";
    return this.issued >= this.workload.records && this.producer.pendingCount === 0;
  }

  /** A broker went away: the end must wait until the controller has failed over (and replication caught up). */
  private noteDisruption(): void {
    this.lastDisruptionMs = this.cluster.sim.nowMs;
    if (this.settleUntilMs !== Infinity) {
      const c = this.cluster.config;
      this.settleUntilMs = Math.max(this.settleUntilMs, this.lastDisruptionMs + c.brokerSessionTimeoutMs + 2 * c.replicaFetchWaitMaxMs + 100);
    }
  }

  private updatePhase(): void {
    if (this.settleUntilMs === Infinity && this.workloadSettled()) {
      const sessionMs = this.cluster.config.brokerSessionTimeoutMs;
      const failoverDone = this.lastDisruptionMs === -Infinity ? 0 : this.lastDisruptionMs + sessionMs;
      // Let replication and any pending failover finish, so the log we read is the one that stays.
      this.settleUntilMs = Math.max(this.nowMs, failoverDone, this.planEndMs) + 2 * this.cluster.config.replicaFetchWaitMaxMs + 100;
    }
  }

  /** Run one simulation event. Returns false when the scenario is over. */
  stepEvent(): boolean {
    if (this.finished) return false;
    const sim = this.cluster.sim;
    this.updatePhase();
    const next = sim.peekTimeMs();
    if (next === undefined || next > this.settleUntilMs || next > this.hardLimitMs) {
      this.finished = true;
      return false;
    }
    sim.step();
    return true;
  }

  /**
   * Run until `n` more things have happened (events the text diagram draws a line for: not a message's arrival,
   * `deliver`, which comes along with them), or the end. Returns the new events. Printed
   * (`console.log`, a notebook cell's last value) they read as lines of the text sequence diagram.
   */
  step(n = 1): TraceEvent[] {
    if (!Number.isInteger(n) || n < 1) throw new SimulationInputError(tr({ en: `step takes a whole number of events >= 1, got ${JSON.stringify(n)}.`, ko: `step에는 1 이상의 정수(이벤트 수)를 넘겨야 합니다. 받은 값: ${JSON.stringify(n)}.` }));
    const trace = this.cluster.trace.events;
    const before = trace.length;
    let counted = 0;
    let seen = before;
    while (this.stepEvent()) {
      for (; seen < trace.length; seen++) if (stepCounts(trace[seen]!)) counted++;
      if (counted >= n) break;
    }
    const events = trace.slice(before);
    Object.defineProperty(events, Symbol.for("nodejs.util.inspect.custom"), { value: () => stepPrinter(this, events), enumerable: false });
    return events;
  }

  /** Run until virtual time `timeMs` (or the end). */
  runUntil(timeMs: number): void {
    while (!this.finished) {
      const next = this.cluster.sim.peekTimeMs();
      if (next === undefined || next > timeMs) break;
      this.stepEvent();
    }
  }

  runToEnd(): ScenarioResult {
    this.finish();
    return this.result();
  }

  /** Runs every remaining event (runToEnd without building the result). */
  private finish(): void {
    const sim = this.cluster.sim;
    // The loop of stepEvent, inlined for speed: this is the sweep's hot path.
    while (!this.finished) {
      if (this.settleUntilMs === Infinity) this.updatePhase();
      const next = sim.peekTimeMs();
      if (next === undefined || next > this.settleUntilMs || next > this.hardLimitMs) {
        this.finished = true;
        break;
      }
      sim.step();
    }
  }

  /**
   * Runs to the end and returns the check's counts and verdict only (`checkSummary`), with the history: what a sweep keeps. Same counts
   * as `runToEnd().check`, without the rows, log entries and notes a sweep would throw away.
   */
  runToSummary(): { check: CheckSummary; history: SendResult[] } {
    this.finish();
    const history = this.history;
    const walk = walkVisibleLog(this.cluster, this.workload.topic, this.transactional ? "read_committed" : "read_uncommitted");
    return { check: checkSummary(history, walk, ownNamesIndex(history)), history };
  }

  /** The outcome so far (complete once done). */
  result(): ScenarioResult {
    const history = this.history;
    const log = visibleLog(this.cluster, this.workload.topic, this.transactional ? "read_committed" : "read_uncommitted");
    const sent: SentRecord[] = history;
    return {
      seed: this.seed,
      spec: this.spec,
      history,
      log,
      check: checkHistory(sent, log),
      trace: this.cluster.trace.events,
      cluster: this.cluster,
      producers: this.producers,
      endMs: this.cluster.sim.nowMs,
      events: this.cluster.sim.eventsRun,
      stateTableErrors: this.cluster.stateTableErrors,
    };
  }
}

/**
 * How `step`'s events print. The course layer (text-timeline.ts) installs the text sequence diagram; this fallback
 * (one plain line per event) is what a program that loads only this module sees.
 */
let stepPrinter = (run: ScenarioRun, events: readonly TraceEvent[]): string =>
  events.length === 0 ? `(no new events: the scenario is over at ${run.nowMs} ms)` : events.map((e) => `${e.atMs} ms ${e.type}${e.from ? ` ${e.from}` : ""}${e.to ? ` → ${e.to}` : ""}`).join("\n");

/** Which events `step(n)` counts: what the printed diagram gives a line (the course layer installs its rule). */
let stepCounts = (e: TraceEvent): boolean => e.type !== "deliver";

/** Installs how `ScenarioRun.step`'s events print (see stepPrinter), and which of them `step(n)` counts. */
export function setStepPrinter(printer: (run: ScenarioRun, events: readonly TraceEvent[]) => string, counts?: (e: TraceEvent) => boolean): void {
  stepPrinter = printer;
  if (counts) stepCounts = counts;
}

export function createScenario(spec: ScenarioSpec = {}): ScenarioRun {
  return new ScenarioRun(spec);
}

export function runScenario(spec: ScenarioSpec = {}): ScenarioResult {
  return new ScenarioRun(spec).runToEnd();
}

export interface SweepRow extends OutcomeCounts {
  seed: number;
  /** The scenario's name, when it has one (handy as a facet in plots). */
  scenario: string;
  records: number;
  /** Did the producer get every record acknowledged (or assumed, for acks=0)? */
  producerBelievesAllSent: boolean;
  ok: boolean;
  endMs: number;
}

export interface SweepOptions {
  /** A count (seeds 1…n) or the exact seeds. */
  seeds: number | readonly number[];
}

/** The seeds a sweep runs: 1…n for a count, or the list given. */
function seedList(options: SweepOptions): readonly number[] {
  if (typeof options.seeds !== "number") return options.seeds;
  if (!Number.isInteger(options.seeds) || options.seeds < 0) {
    const got = JSON.stringify(options.seeds);
    throw new SimulationInputError(tr({ en: `seeds must be a whole number >= 0 or a list of integers, got ${got}.`, ko: `seeds는 0 이상의 정수나 정수의 목록이어야 합니다. 받은 값: ${got}.` }));
  }
  return Array.from({ length: options.seeds }, (_, i) => i + 1);
}

/**
 * The spec of one seed of a sweep (trace off). Object.assign, not `{ ...spec, seed }`: on Node 20 a spread followed
 * by more properties makes a new hidden class every time (measured: about 3 µs each, and every later use of the
 * spec slower), which made an empty scenario of a sweep about a third slower.
 */
function withSeed(spec: ScenarioSpec, seed: number): ScenarioSpec {
  return Object.assign({}, spec, { seed, trace: false });
}

/** Run one scenario under many seeds: one tidy row per seed, ready for Observable Plot. */
export function sweep(spec: ScenarioSpec, options: SweepOptions): SweepRow[] {
  const rows: SweepRow[] = [];
  const seeds = seedList(options);
  const resolved = seeds.length > 0 ? resolveSpec(spec) : undefined;
  for (const seed of seeds) {
    const run = new ScenarioRun(withSeed(spec, seed), resolved);
    const { check, history } = run.runToSummary();
    let believed = true;
    for (const h of history) if (h.status !== "acknowledged" && h.status !== "assumed") believed = false;
    // Every field written out (no spread of the counts): one hidden class for all rows (see withSeed).
    const c = check.counts;
    rows.push({
      seed,
      scenario: spec.name ?? "",
      records: check.records,
      deliveredOnce: c.deliveredOnce,
      duplicated: c.duplicated,
      reordered: c.reordered,
      lostAcknowledged: c.lostAcknowledged,
      lostUnacknowledged: c.lostUnacknowledged,
      producerBelievesAllSent: believed,
      ok: check.ok,
      endMs: run.nowMs,
    });
  }
  return rows;
}

/** One row per record per seed (for plots of where records end up). */
export function sweepRecords(spec: ScenarioSpec, options: SweepOptions): Array<{ seed: number; scenario: string } & CheckResult["rows"][number]> {
  const out: Array<{ seed: number; scenario: string } & CheckResult["rows"][number]> = [];
  const seeds = seedList(options);
  const resolved = seeds.length > 0 ? resolveSpec(spec) : undefined;
  for (const seed of seeds) {
    const r = new ScenarioRun(withSeed(spec, seed), resolved).runToEnd();
    for (const row of r.check.rows) {
      out.push({ seed, scenario: spec.name ?? "", id: row.id, topic: row.topic, partition: row.partition, sendIndex: row.sendIndex, believed: row.believed, copies: row.copies, offsets: row.offsets, reordered: row.reordered, outcome: row.outcome });
    }
  }
  return out;
}
