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
import { currentLang, tr } from "../kernel/locale.js";
import { noteText } from "../course/trace-notes.js";
import { describeThrow, formatFeedback, need } from "./feedback.js";
import { REMOTE, type RemoteModule } from "./remote.js";
import type { GraderTest, LearnerExports, StepRecord, TestEnv, TestOutcome, Text } from "./types.js";

/** The scenario without its state table: plain JSON, printable, replayable. */
export interface PlainSpec {
  seed: number;
  cluster: Partial<ClusterOptions>;
  producer: ProducerConfigInput;
  faults: Partial<FaultOptions>;
  workload: { records: number; topic: string };
}

export interface ScenarioGroup {
  /** The group's name in Korean (the English `name` is the test's id). */
  nameKo: string;
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
  { name: "lost responses and retries, 5 in flight", nameKo: "유실된 응답과 재시도, 전송 중인 요청 5개", firstSeed: 1001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 20, dropResponseRate: 0.2 } },
  { name: "lost requests and responses, with jitter", nameKo: "유실된 요청과 응답, 지연 변동 포함", firstSeed: 2001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 40, dropRequestRate: 0.1, dropResponseRate: 0.15 } },
  { name: "epoch bumps while batches are in flight", nameKo: "배치가 전송 중일 때 에포크 올리기", firstSeed: 3001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 20, dropResponseRate: 0.1, epochBumpEveryMs: 40 } },
  { name: "everything at once", nameKo: "모든 장애를 한꺼번에", firstSeed: 4001, seeds: 50, points: 4, faults: { latencyMs: 5, jitterMs: 30, dropRequestRate: 0.05, dropResponseRate: 0.15, transientErrorRate: 0.05, epochBumpEveryMs: 60 } },
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
 * One of the history checker's problem sentences (check/checker.ts) in the language in effect. The checker writes
 * English; the Korean edition's feedback shows the same facts in the term table's words.
 */
export function problemText(problem: string): string {
  if (currentLang() !== "ko") return problem;
  let m: RegExpExecArray | null;
  if ((m = /^record (\S+) \(sent before (\S+)\) is at offset (\d+) of (\S+), after \2 at offset (\d+)$/.exec(problem))) {
    return `레코드 ${m[1]}(${m[2]}보다 먼저 보냄)이(가) ${m[4]}의 오프셋 ${m[3]}에 있습니다. 오프셋 ${m[5]}의 ${m[2]}보다 뒤입니다 (순서 역전)`;
  }
  if ((m = /^record (\S+) appears (\d+) times, at offsets (.*) of (\S+)$/.exec(problem))) {
    return `레코드 ${m[1]}이(가) ${m[4]}의 오프셋 ${m[3]}에 ${m[2]}번 있습니다 (중복)`;
  }
  if ((m = /^record (\S+) was (assumed sent \(acks=0\)|acknowledged) but is not in the log$/.exec(problem))) {
    return `레코드 ${m[1]}은(는) ${m[2] === "acknowledged" ? "확인 응답을 받았지만" : "보낸 것으로 여겼지만(acks=0)"} 로그에 없습니다 (유실)`;
  }
  if ((m = /^offset (\d+) of (\S+) holds (\S+), which was never sent$/.exec(problem))) {
    return `${m[2]}의 오프셋 ${m[1]}에 보낸 적 없는 ${m[3]}이(가) 있습니다`;
  }
  return problem;
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
  if (!reference.check.ok) return { ok: true, referenceFails: true, problems: reference.check.problems.slice(0, 3).map(problemText) };
  if (!learner || !c) return { ok: false, referenceFails: false, kind: "crashed", problems: [tr({ en: `the scenario stopped: ${describeThrow(crash)}`, ko: `시나리오가 멈췄습니다: ${describeThrow(crash)}` })] };
  if (learner.stateTableErrors.length > 0) {
    const error = learner.stateTableErrors[0];
    return {
      ok: false, referenceFails: false, kind: "threw",
      problems: [tr({
        en: `your ProducerStateTable threw (the broker answered UNKNOWN_SERVER_ERROR): ${error}`,
        ko: `여러분의 ProducerStateTable이 예외를 던졌습니다 (브로커는 UNKNOWN_SERVER_ERROR로 답했습니다): ${error}`,
      })],
    };
  }
  if (!learner.check.ok) {
    const kind = c.duplicated > 0 ? "duplicated" : c.lostAcknowledged > 0 ? "lost-acknowledged" : "reordered";
    return { ok: false, referenceFails: false, kind, problems: learner.check.problems.slice(0, 5).map(problemText) };
  }
  const gaveUp = failedOf(learner);
  const referenceGaveUp = failedOf(reference).length;
  if (gaveUp.length > referenceGaveUp || c.lostUnacknowledged > reference.check.counts.lostUnacknowledged) {
    const ids = gaveUp.slice(0, 6).map((h) => `${h.id} (${h.error ?? "failed"})`);
    return {
      ok: false, referenceFails: false, kind: "gave-up",
      problems: [tr({
        en: `the producer was told ${gaveUp.length} record(s) failed that Kafka's rules acknowledge (${referenceGaveUp} with the reference): ${ids.join(", ")}${gaveUp.length > 6 ? ", …" : ""}. ` +
          "An application resends what failed, so these would be duplicated, or lost if it gives up.",
        ko: `Kafka 규칙이라면 확인 응답을 보낼 레코드 ${gaveUp.length}개를 프로듀서는 실패로 전달받았습니다 (참고 구현에서는 ${referenceGaveUp}개): ${ids.join(", ")}${gaveUp.length > 6 ? ", …" : ""}. ` +
          "애플리케이션은 실패한 것을 다시 보내므로 이 레코드들은 중복되거나, 포기하면 유실됩니다.",
      })],
    };
  }
  return { ok: true, referenceFails: false, problems: [] };
}

const KAFKA: Record<NonNullable<Verdict["kind"]>, Text> = {
  threw: {
    en: "Kafka's broker answers every batch: append, duplicate, or an error code.",
    ko: "Kafka 브로커는 모든 배치에 답합니다: append, duplicate, 또는 에러 코드.",
  },
  crashed: {
    en: "With Kafka's rules (the library's own ProducerStateManager) the same scenario runs to the end.",
    ko: "Kafka 규칙(라이브러리 자체의 ProducerStateManager)으로는 같은 시나리오가 끝까지 실행됩니다.",
  },
  duplicated: {
    en: "With Kafka's rules (the library's own ProducerStateManager) every record of this scenario is written exactly once: a retry of a retained batch is answered as a duplicate.",
    ko: "Kafka 규칙(라이브러리 자체의 ProducerStateManager)으로는 이 시나리오의 모든 레코드가 정확히 한 번 적재됩니다. 보관 중인 배치의 재시도에는 중복으로 답합니다.",
  },
  reordered: {
    en: "With Kafka's rules (the library's own ProducerStateManager) the records of this scenario are written in the order they were sent.",
    ko: "Kafka 규칙(라이브러리 자체의 ProducerStateManager)으로는 이 시나리오의 레코드가 보낸 순서대로 적재됩니다.",
  },
  "lost-acknowledged": {
    en: "With Kafka's rules (the library's own ProducerStateManager) every acknowledged record of this scenario is in the log.",
    ko: "Kafka 규칙(라이브러리 자체의 ProducerStateManager)으로는 이 시나리오에서 확인 응답을 받은 레코드가 모두 로그에 있습니다.",
  },
  "gave-up": {
    en: "With Kafka's rules (the library's own ProducerStateManager) the producer is told these records were written: a retry of a retained batch is acknowledged as a duplicate, with its original offsets.",
    ko: "Kafka 규칙(라이브러리 자체의 ProducerStateManager)으로는 프로듀서가 이 레코드들이 적재되었다고 전달받습니다. 보관 중인 배치의 재시도에는 원래 오프셋과 함께 중복으로 확인 응답을 보냅니다.",
  },
};

const HINTS: Record<NonNullable<Verdict["kind"]>, Text> = {
  threw: {
    en: "The broker calls append() for every batch it leads; it must answer, not throw. Look at the error above.",
    ko: "브로커는 자기가 리더인 배치마다 append()를 호출합니다. 예외를 던지지 말고 답해야 합니다. 위의 오류를 보세요.",
  },
  crashed: {
    en: "Your table made the simulation itself fail; look at the error above.",
    ko: "여러분의 테이블 때문에 시뮬레이션 자체가 실패했습니다. 위의 오류를 보세요.",
  },
  duplicated: {
    en: "A retry was written a second time. Check for a duplicate first, against every retained batch (up to 5) of the same epoch, and answer it with the original offsets.",
    ko: "재시도가 두 번째로 적재되었습니다. 같은 에포크에서 보관 중인 배치(최대 5개) 전부와 비교해 중복부터 확인하고, 원래 오프셋으로 답하세요.",
  },
  reordered: {
    en: "A batch was written out of sequence. In the same epoch accept only firstSeq == lastSeq of the newest batch + 1 (0 after 2147483647); refuse anything else with OUT_OF_ORDER_SEQUENCE_NUMBER.",
    ko: "배치가 순서에 맞지 않게 적재되었습니다. 같은 에포크에서는 firstSeq == 가장 최근 배치의 lastSeq + 1(2147483647 다음은 0)만 받아들이세요. 나머지는 OUT_OF_ORDER_SEQUENCE_NUMBER로 거부합니다.",
  },
  "lost-acknowledged": {
    en: "A record the producer was told is written is missing: a duplicate was probably answered with the wrong offsets, or a batch was acknowledged without being written.",
    ko: "프로듀서가 적재되었다고 전달받은 레코드가 없습니다. 아마 중복에 틀린 오프셋으로 답했거나, 적재하지 않은 배치에 확인 응답을 보냈을 것입니다.",
  },
  "gave-up": {
    en: "Your table refused batches Kafka accepts (often a retry answered with an error instead of \"duplicate\"), so the producer gave up on them. Check the duplicate window (5 batches), the epoch rules (a new epoch starting at 0 is fine), and the no-state rule (any sequence).",
    ko: "여러분의 테이블이 Kafka라면 받아들일 배치를 거부했습니다 (흔히 재시도에 \"duplicate\" 대신 오류로 답한 경우입니다). 그래서 프로듀서가 포기했습니다. 중복 확인 범위(배치 5개), 에포크 규칙(0에서 시작하는 새 에포크는 괜찮음), 프로듀서 상태가 없을 때의 규칙(어떤 시퀀스 번호든 됨)을 확인하세요.",
  },
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
    // The event types are the trace's own names; offsets and notes are in the reader's language (course/trace-notes.ts).
    const offset = e.offset !== undefined ? `${tr({ en: "offset", ko: "오프셋" })} ${e.offset}` : "";
    const extra = [offset, e.error && e.error !== "NONE" ? e.error : "", e.note ? noteText(e.note) : ""].filter(Boolean).join(", ");
    lines.push(`${e.atMs.toFixed(1).padStart(8)} ms  ${e.type.padEnd(16)}${where}${who}${seq}${ids}${extra ? `  (${extra})` : ""}`);
  }
  if (lines.length > limit) return [...lines.slice(0, limit), tr({ en: `… ${lines.length - limit} more events`, ko: `… 이벤트 ${lines.length - limit}개 더` })];
  return lines;
}

/** The notebook cell that replays `spec` with the learner's table. */
export function replayLine(spec: PlainSpec, notebookPath: string): string {
  const body = JSON.stringify(spec).replace(/^\{/, "{ ").replace(/\}$/, "");
  return [
    'import { runScenario, loadStateTableModule } from "kafka-sim";',
    `const learner = loadStateTableModule(${JSON.stringify(notebookPath)});`,
    `const result = runScenario(${body}, "stateTable": learner.createStateTable });`,
    tr({ en: "result.check.problems;   // and result.trace for the timeline", ko: "result.check.problems;   // 타임라인은 result.trace" }),
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

/**
 * The learner's table as the simulated broker uses it, when the table lives in the sandboxed child. A follower
 * replaying a batch calls append() and ignores the answer (Partition.recordProducerState); given a record()
 * method the broker calls that instead, so record() here is the learner's append() without waiting for the answer
 * (deferred: sent before the next call that waits). Same calls, same order, far fewer round trips. A table with a
 * record() of its own is used as it is.
 */
function simulatorTable(mod: LearnerExports, Table: TableClass): TableClass {
  const remote = (mod as Record<symbol, unknown>)[REMOTE] as RemoteModule | undefined;
  if (!remote) return Table;
  return function SimulatorTable() {
    const table = new Table() as unknown as Record<string, unknown>;
    if (typeof table.record === "function") return table;
    const wrapped: Record<string, unknown> = {
      get: (pid: number) => (table.get as (p: number) => unknown)(pid),
      append: (batch: unknown, offset: number) => (table.append as (b: unknown, o: number) => unknown)(batch, offset),
      record: (batch: unknown, offset: number) => remote.defer(table, "append", [batch, offset]),
    };
    if (typeof table.markTransactionEnd === "function") wrapped.markTransactionEnd = table.markTransactionEnd;
    return wrapped;
  } as unknown as TableClass;
}

export function scenarioGroupTest(stem: string, group: ScenarioGroup): GraderTest {
  return {
    name: `simulated broker: ${group.name} (${group.seeds} seeds from ${group.firstSeed})`,
    nameKo: `시뮬레이션 브로커: ${group.nameKo} (${group.firstSeed}부터 시드 ${group.seeds}개)`,
    points: group.points,
    steps: group.seeds,
    timeoutMs: 4000,
    maxStepTimeouts: 1,
    finishTimeoutMs: 20000,
    run(mod: LearnerExports, step: number): TestOutcome {
      const Table = simulatorTable(mod, need<TableClass>(mod, "ProducerStateTable", stem, "class"));
      const spec = groupSpec(group, step);
      const v = judge(spec, Table);
      const seed = `${tr({ en: "seed", ko: "시드" })} ${spec.seed}`;
      if (v.ok) return { fraction: 1, output: v.referenceFails ? tr({ en: `${seed}: not counted (the reference fails it too)`, ko: `${seed}: 세지 않음 (참고 구현도 실패합니다)` }) : "", data: { seed: spec.seed } };
      return { fraction: 0, output: `${seed}: ${v.problems[0] ?? tr({ en: "failed", ko: "실패" })}`, data: { seed: spec.seed, problems: v.problems, kind: v.kind } };
    },
    finish(mod: LearnerExports, steps: StepRecord[], env: TestEnv): TestOutcome {
      const passedSteps = steps.filter((s) => s.fraction === 1).length;
      const fraction = passedSteps / group.seeds;
      const failedSteps = steps.filter((s) => s.fraction < 1);
      if (failedSteps.length === 0) return { fraction: 1, output: "" };
      const summary = tr({ en: `${passedSteps} of ${group.seeds} seeds passed.`, ko: `시드 ${group.seeds}개 중 ${passedSteps}개 통과.` });
      const first = failedSteps.find((s) => !s.failure) ?? failedSteps[0]!;
      const failedSeeds = failedSteps.map((s) => group.firstSeed + s.step);
      const seeds = `${failedSeeds.slice(0, 12).join(", ")}${failedSeeds.length > 12 ? `, … (${failedSeeds.length})` : ""}`;
      const seedList = tr({ en: `Failing seeds: ${seeds}.`, ko: `실패한 시드: ${seeds}.` });
      const seedWord = tr({ en: "seed", ko: "시드" });
      if (first.failure) {
        return { fraction, output: `${summary} ${seedList}\n${seedWord} ${group.firstSeed + first.step}: ${first.failure}` };
      }
      const Table = simulatorTable(mod, need<TableClass>(mod, "ProducerStateTable", stem, "class"));
      const failingSpecs = failedSteps.filter((s) => !s.failure).map((s) => groupSpec(group, s.step));
      const { spec, verdict } = shrinkScenario(failingSpecs, Table);
      let history: string[] = [];
      try {
        history = formatHistory(run(spec, () => new Table(), true).trace);
      } catch (error) {
        history = [tr({ en: `(the history could not be recorded: ${describeThrow(error)})`, ko: `(이력을 기록하지 못했습니다: ${describeThrow(error)})` })];
      }
      const records = spec.workload.records;
      const faults = JSON.stringify(spec.faults);
      const feedback = formatFeedback({
        sent: [
          tr({
            en: `seed ${spec.seed}: the smallest failing scenario found among the failing seeds (${records} record${records === 1 ? "" : "s"}, faults ${faults}).`,
            ko: `시드 ${spec.seed}: 실패한 시드 가운데 찾은 가장 작은 실패 시나리오입니다 (레코드 ${records}개, 장애 주입 ${faults}).`,
          }),
          tr({
            en: "Its history (virtual time, event, nodes, producer id/epoch, sequences, record ids):",
            ko: "이 시나리오의 이력 (가상 시간, 이벤트, 노드, 프로듀서 ID/에포크, 시퀀스 번호, 레코드 id):",
          }),
          ...history.map((l) => `  ${l}`),
          tr({ en: "Replay it in a notebook:", ko: "노트북에서 다시 실행하기:" }),
          ...replayLine(spec, env.notebookPath).split("\n").map((l) => `  ${l}`),
        ].join("\n"),
        got: verdict.problems.join("\n") || tr({ en: "(passes when run alone: see the failing seeds above)", ko: "(따로 실행하면 통과합니다. 위의 실패한 시드를 보세요)" }),
        kafka: tr(KAFKA[verdict.kind ?? "duplicated"]),
        hint: tr(verdict.kind ? HINTS[verdict.kind] : HINTS.reordered),
      });
      return { fraction, output: `${summary} ${seedList}\n${feedback}` };
    },
  };
}

export function scenarioTests(stem: string): GraderTest[] {
  return SCENARIO_GROUPS.map((g) => scenarioGroupTest(stem, g));
}
