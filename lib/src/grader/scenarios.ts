/**
 * Simulated-broker tests for sequence-validation: the learner's ProducerStateTable replaces every partition's
 * ProducerStateManager in the library's simulated cluster (runScenario), under seeded scenarios with lost requests
 * and responses, retries, 5 requests in flight and epoch bumps. The history checker (lib/src/check/checker.ts) must find
 * every acknowledged record exactly once, in order; and no record may be given up that Kafka's own rules deliver.
 *
 * The simulation runs in the grader's judge (judge.ts); the learner's table lives in the sandboxed child, and the
 * judge calls it for every validation, one call at a time, so the table never sees a later input before it has
 * answered the one before (a scenario makes about 10 table calls; 200 seeds cost a few thousand round trips).
 * The reference never leaves the judge.
 * Each seed is one step with its own time limit. The same scenario is also run with
 * the library's ProducerStateManager: a correct table gives the very same history, because one seed decides
 * everything. If the reference itself fails a seed, that seed is not counted against the learner.
 * A failing seed is shrunk (fewer records, fewer faults, same seed) and shown with its history and the line that
 * replays it in a notebook.
 */
import type { ClusterOptions } from "../simulation/cluster.js";
import type { ProducerConfigInput } from "../client/config.js";
import type { FaultOptions } from "../simulation/faults.js";
import type { ProducerStateTableLike } from "../broker/producer-state.js";
import { runScenario, type ScenarioResult, type ScenarioSpec } from "../scenario/scenario.js";
import type { TraceEvent } from "../kernel/trace.js";
import { describeThrow, formatFeedback, need } from "./feedback.js";
import type { GraderTest, LearnerExports, StepRecord, TestEnv, TestOutcome } from "./types.js";

/** The scenario without its state table: plain JSON, printable, replayable. */
export interface PlainSpec {
  seed: number;
  cluster: Partial<ClusterOptions>;
  producer: ProducerConfigInput;
  faults: Partial<FaultOptions>;
  workload: { records: number; topic: string };
}

export interface ScenarioGroup {
  name: string;
  firstSeed: number;
  seeds: number;
  points: number;
  faults: Partial<FaultOptions>;
}

const CLUSTER: Partial<ClusterOptions> = { brokers: 3, replicationFactor: 3, minInsyncReplicas: 2, partitions: 1 };
const PRODUCER: ProducerConfigInput = {
  acks: "all", "enable.idempotence": true, "max.in.flight.requests.per.connection": 5, retries: 2147483647,
};
export const SCENARIO_RECORDS = 40;

/** 4 groups × 50 seeds = 200 scenarios. */
export const SCENARIO_GROUPS: ScenarioGroup[] = [
  { name: "lost responses and retries, 5 in flight", firstSeed: 1001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 20, dropResponseRate: 0.2 } },
  { name: "lost requests and responses, with jitter", firstSeed: 2001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 40, dropRequestRate: 0.1, dropResponseRate: 0.15 } },
  { name: "epoch bumps while batches are in flight", firstSeed: 3001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 20, dropResponseRate: 0.1, epochBumpEveryMs: 40 } },
  { name: "everything at once", firstSeed: 4001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 30, dropRequestRate: 0.05, dropResponseRate: 0.15, transientErrorRate: 0.05, epochBumpEveryMs: 60 } },
];

export function groupSpec(group: ScenarioGroup, step: number, records = SCENARIO_RECORDS): PlainSpec {
  return {
    seed: group.firstSeed + step,
    cluster: { ...CLUSTER },
    producer: { ...PRODUCER },
    faults: { ...group.faults },
    workload: { records, topic: "events" },
  };
}

type TableClass = new () => ProducerStateTableLike;

/** What one run says about the learner's table. */
export interface Verdict {
  ok: boolean;
  /** The reference (ProducerStateManager) fails this scenario too: not the learner's fault. */
  referenceFails: boolean;
  problems: string[];
  /** Which kind of mistake, for the hint. */
  kind?: "threw" | "duplicated" | "reordered" | "lost-acknowledged" | "gave-up" | "crashed";
}

function run(spec: PlainSpec, stateTable: (() => ProducerStateTableLike) | undefined, trace: boolean): ScenarioResult {
  const full: ScenarioSpec = { ...spec, trace };
  if (stateTable) full.stateTable = stateTable;
  return runScenario(full);
}

/**
 * Run `spec` with the learner's table and judge. The reference run (ProducerStateManager) is needed only when the
 * learner's run is not perfect: to tell whether the simulator itself fails this seed, and how many records Kafka's
 * own rules would have given up on.
 */
export function judge(spec: PlainSpec, Table: TableClass): Verdict {
  let learner: ScenarioResult | undefined;
  let crash: unknown;
  try {
    learner = run(spec, () => new Table(), false);
  } catch (error) {
    crash = error;
  }
  const c = learner?.check.counts;
  const failedOf = (r: ScenarioResult) => r.history.filter((h) => h.status === "failed");
  if (learner && c && learner.check.ok && learner.stateTableErrors.length === 0 && c.lostUnacknowledged === 0 && failedOf(learner).length === 0) {
    return { ok: true, referenceFails: false, problems: [] };
  }
  const reference = run(spec, undefined, false);
  if (!reference.check.ok) return { ok: true, referenceFails: true, problems: reference.check.problems.slice(0, 3) };
  if (!learner || !c) return { ok: false, referenceFails: false, kind: "crashed", problems: [`the scenario stopped: ${describeThrow(crash)}`] };
  if (learner.stateTableErrors.length > 0) {
    return { ok: false, referenceFails: false, kind: "threw", problems: [`your ProducerStateTable threw (the broker answered UNKNOWN_SERVER_ERROR): ${learner.stateTableErrors[0]}`] };
  }
  if (!learner.check.ok) {
    const kind = c.duplicated > 0 ? "duplicated" : c.lostAcknowledged > 0 ? "lost-acknowledged" : "reordered";
    return { ok: false, referenceFails: false, kind, problems: learner.check.problems.slice(0, 5) };
  }
  const gaveUp = failedOf(learner);
  const referenceGaveUp = failedOf(reference).length;
  if (gaveUp.length > referenceGaveUp || c.lostUnacknowledged > reference.check.counts.lostUnacknowledged) {
    const ids = gaveUp.slice(0, 6).map((h) => `${h.id} (${h.error ?? "failed"})`);
    return {
      ok: false, referenceFails: false, kind: "gave-up",
      problems: [
        `the producer was told ${gaveUp.length} record(s) failed that Kafka's rules acknowledge (${referenceGaveUp} with the reference): ${ids.join(", ")}${gaveUp.length > 6 ? ", …" : ""}. ` +
          "An application resends what failed, so these would be duplicated, or lost if it gives up.",
      ],
    };
  }
  return { ok: true, referenceFails: false, problems: [] };
}

const KAFKA: Record<NonNullable<Verdict["kind"]>, string> = {
  threw: "Kafka's broker answers every batch: append, duplicate, or an error code.",
  crashed: "With Kafka's rules (the library's own ProducerStateManager) the same scenario runs to the end.",
  duplicated: "With Kafka's rules (the library's own ProducerStateManager) every record of this scenario is written exactly once: a retry of a retained batch is answered as a duplicate.",
  reordered: "With Kafka's rules (the library's own ProducerStateManager) the records of this scenario are written in the order they were sent.",
  "lost-acknowledged": "With Kafka's rules (the library's own ProducerStateManager) every acknowledged record of this scenario is in the log.",
  "gave-up": "With Kafka's rules (the library's own ProducerStateManager) the producer is told these records were written: a retry of a retained batch is acknowledged as a duplicate, with its original offsets.",
};

const HINTS: Record<NonNullable<Verdict["kind"]>, string> = {
  threw: "The broker calls append() for every batch it leads; it must answer, not throw. Look at the error above.",
  crashed: "Your table made the simulation itself fail; look at the error above.",
  duplicated: "A retry was written a second time. Check for a duplicate first, against every retained batch (up to 5) of the same epoch, and answer it with the original offsets.",
  reordered: "A batch was written out of sequence. In the same epoch accept only firstSeq == lastSeq of the newest batch + 1 (0 after 2147483647); refuse anything else with OUT_OF_ORDER_SEQUENCE_NUMBER.",
  "lost-acknowledged": "A record the producer was told is written is missing: a duplicate was probably answered with the wrong offsets, or a batch was acknowledged without being written.",
  "gave-up": "Your table refused batches Kafka accepts (often a retry answered with an error instead of \"duplicate\"), so the producer gave up on them. Check the duplicate window (5 batches), the epoch rules (a new epoch starting at 0 is fine), and the no-state rule (any sequence).",
};

/** The trace lines that tell the story of a produce: requests, drops, appends, duplicates, refusals, acks, bumps. */
export function formatHistory(trace: TraceEvent[], limit = 60): string[] {
  const interesting = new Set(["request", "drop", "append", "duplicate", "reject", "ack", "retry", "fail", "epoch-bump", "init-producer-id", "leader-change"]);
  const lines: string[] = [];
  for (const e of trace) {
    if (!interesting.has(e.type)) continue;
    if (e.type === "request" && e.api !== "Produce") continue;
    if (e.type === "drop" && e.api !== undefined && e.api !== "Produce") continue;
    const seq = e.baseSequence !== undefined && e.count !== undefined ? ` seq ${e.baseSequence}–${e.baseSequence + e.count - 1}` : "";
    const who = e.producerId !== undefined ? ` pid ${e.producerId} epoch ${e.epoch ?? "?"}` : "";
    const ids = e.recordIds && e.recordIds.length > 0 ? ` [${e.recordIds.length > 4 ? `${e.recordIds[0]}…${e.recordIds[e.recordIds.length - 1]}` : e.recordIds.join(",")}]` : "";
    const where = e.from || e.to ? ` ${e.from ?? ""}${e.to ? ` → ${e.to}` : ""}` : "";
    const extra = [e.offset !== undefined ? `offset ${e.offset}` : "", e.error && e.error !== "NONE" ? e.error : "", e.note ?? ""].filter(Boolean).join(", ");
    lines.push(`${e.atMs.toFixed(1).padStart(8)} ms  ${e.type.padEnd(16)}${where}${who}${seq}${ids}${extra ? `  (${extra})` : ""}`);
  }
  if (lines.length > limit) return [...lines.slice(0, limit), `… ${lines.length - limit} more events`];
  return lines;
}

/** The notebook cell that replays `spec` with the learner's table. */
export function replayLine(spec: PlainSpec, notebookPath: string): string {
  const body = JSON.stringify(spec).replace(/^\{/, "{ ").replace(/\}$/, "");
  return [
    'import { runScenario, loadStateTableModule } from "kafka-sim";',
    `const learner = loadStateTableModule(${JSON.stringify(notebookPath)});`,
    `const result = runScenario(${body}, "stateTable": learner.createStateTable });`,
    "result.check.problems;   // and result.trace for the timeline",
  ].join("\n");
}

/**
 * The smallest failing scenario found: for each record count (ascending) try each failing seed with that many
 * records; then drop each fault that is not needed to fail. At most `budget` scenario runs (deterministic).
 */
export function shrinkScenario(failing: PlainSpec[], Table: TableClass, budget = 150): { spec: PlainSpec; verdict: Verdict } {
  let runs = 0;
  const tryJudge = (spec: PlainSpec): Verdict | undefined => {
    if (runs >= budget) return undefined;
    runs++;
    return judge(spec, Table);
  };
  const original = failing[0]!;
  let best: PlainSpec | undefined;
  let verdict: Verdict | undefined;
  const counts = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35].filter((n) => n < original.workload.records);
  search: for (const records of counts) {
    for (const spec of failing.slice(0, 8)) {
      const candidate = { ...spec, workload: { ...spec.workload, records } };
      const v = tryJudge(candidate);
      if (v && !v.ok) {
        best = candidate;
        verdict = v;
        break search;
      }
    }
  }
  let chosen: PlainSpec = best ?? original;
  let chosenVerdict: Verdict = verdict ?? judge(original, Table);
  for (const key of ["epochBumpEveryMs", "transientErrorRate", "dropRequestRate", "dropResponseRate", "jitterMs"] as const) {
    if (!chosen.faults[key]) continue;
    const faults = { ...chosen.faults };
    delete faults[key];
    const candidate: PlainSpec = { ...chosen, faults };
    const v = tryJudge(candidate);
    if (v && !v.ok) {
      chosen = candidate;
      chosenVerdict = v;
    }
  }
  return { spec: chosen, verdict: chosenVerdict };
}

export function scenarioGroupTest(stem: string, group: ScenarioGroup): GraderTest {
  return {
    name: `simulated broker: ${group.name} (${group.seeds} seeds from ${group.firstSeed})`,
    points: group.points,
    steps: group.seeds,
    timeoutMs: 4000,
    maxStepTimeouts: 1,
    finishTimeoutMs: 20000,
    run(mod: LearnerExports, step: number): TestOutcome {
      const Table = need<TableClass>(mod, "ProducerStateTable", stem, "class");
      const spec = groupSpec(group, step);
      const v = judge(spec, Table);
      if (v.ok) return { fraction: 1, output: v.referenceFails ? `seed ${spec.seed}: not counted (the reference fails it too)` : "", data: { seed: spec.seed } };
      return { fraction: 0, output: `seed ${spec.seed}: ${v.problems[0] ?? "failed"}`, data: { seed: spec.seed, problems: v.problems, kind: v.kind } };
    },
    finish(mod: LearnerExports, steps: StepRecord[], env: TestEnv): TestOutcome {
      const passedSteps = steps.filter((s) => s.fraction === 1).length;
      const fraction = passedSteps / group.seeds;
      const failedSteps = steps.filter((s) => s.fraction < 1);
      if (failedSteps.length === 0) return { fraction: 1, output: "" };
      const summary = `${passedSteps} of ${group.seeds} seeds passed.`;
      const first = failedSteps.find((s) => !s.failure) ?? failedSteps[0]!;
      const failedSeeds = failedSteps.map((s) => group.firstSeed + s.step);
      const seedList = `Failing seeds: ${failedSeeds.slice(0, 12).join(", ")}${failedSeeds.length > 12 ? `, … (${failedSeeds.length})` : ""}.`;
      if (first.failure) {
        return { fraction, output: `${summary} ${seedList}\nseed ${group.firstSeed + first.step}: ${first.failure}` };
      }
      const Table = need<TableClass>(mod, "ProducerStateTable", stem, "class");
      const failingSpecs = failedSteps.filter((s) => !s.failure).map((s) => groupSpec(group, s.step));
      const { spec, verdict } = shrinkScenario(failingSpecs, Table);
      let history: string[] = [];
      try {
        history = formatHistory(run(spec, () => new Table(), true).trace);
      } catch (error) {
        history = [`(the history could not be recorded: ${describeThrow(error)})`];
      }
      const feedback = formatFeedback({
        sent: [
          `seed ${spec.seed}: the smallest failing scenario found among the failing seeds (${spec.workload.records} record${spec.workload.records === 1 ? "" : "s"}, faults ${JSON.stringify(spec.faults)}).`,
          "Its history (virtual time, event, nodes, producer id/epoch, sequences, record ids):",
          ...history.map((l) => `  ${l}`),
          "Replay it in a notebook:",
          ...replayLine(spec, env.notebookPath).split("\n").map((l) => `  ${l}`),
        ].join("\n"),
        got: verdict.problems.join("\n") || "(passes when run alone: see the failing seeds above)",
        kafka: KAFKA[verdict.kind ?? "duplicated"],
        hint: verdict.kind ? HINTS[verdict.kind] : HINTS.reordered,
      });
      return { fraction, output: `${summary} ${seedList}\n${feedback}` };
    },
  };
}

export function scenarioTests(stem: string): GraderTest[] {
  return SCENARIO_GROUPS.map((g) => scenarioGroupTest(stem, g));
}
