/**
 * The lesson scenarios by name: one registry that the notebooks, the terminal demo (`npm run scenario`) and the
 * tests share, so "at-least-once" means the same run everywhere.
 *
 * Each scenario is small (a handful of records) so that its timeline fits on a screen, and its fault plan is
 * targeted ("lose the next produce response at 20 ms"), so the default seed shows the lesson every time.
 * Overrides (seed, acks, idempotence, drop rates, records) let a learner ask "and what if…?".
 *
 * Producer settings use Kafka's config names (ProducerConfig); cluster settings are the broker/topic ones
 * (min.insync.replicas is `cluster.minInsyncReplicas`: a broker/topic setting, never a producer one).
 */
import { SimulationInputError } from "../protocol/errors.js";
import type { FaultOptions } from "../simulation/faults.js";
import type { ScenarioSpec } from "./scenario.js";
import { fill, tr } from "../kernel/locale.js";

const LESSON_IDS = ["delivery-semantics", "idempotence", "acks-and-replication", "idempotence-limits", "sequence-errors"] as const;

export type LessonId = (typeof LESSON_IDS)[number];

/** Each lesson's title in English and Korean (the Korean words are notebooks/ko/용어.md's). */
const LESSON_TITLES: Record<LessonId, { en: string; ko: string }> = {
  "delivery-semantics": { en: "Delivery semantics: at most once, at least once", ko: "메시지 전송 방식: 최대 한 번, 최소 한 번" },
  idempotence: { en: "The idempotent producer: PID, epoch, sequence numbers", ko: "멱등성 프로듀서: PID, 에포크, 시퀀스 번호" },
  "acks-and-replication": { en: "acks, replication and min.insync.replicas", ko: "acks, 복제, min.insync.replicas" },
  "idempotence-limits": { en: "Where idempotence stops: a restarted producer", ko: "멱등성이 멈추는 곳: 재시작한 프로듀서" },
  "sequence-errors": { en: "Sequence errors and epoch bumps", ko: "시퀀스 오류와 에포크 올리기" },
};

/** The lessons the scenarios belong to, in teaching order; `title` is in the language in effect when read. */
export const LESSONS: ReadonlyArray<{ readonly id: LessonId; readonly title: string }> = LESSON_IDS.map((id) => ({
  id,
  get title(): string {
    return tr(LESSON_TITLES[id]);
  },
}));

export interface LessonScenario {
  /** The name on the command line and in notebooks: `lessonScenario("at-least-once")`. */
  name: string;
  title: string;
  /** One line: what happens in this run. */
  description: string;
  lesson: LessonId;
  /** One line for the narrator: what to watch for in the timeline. */
  lookFor: string;
  spec: ScenarioSpec;
}

/** A transient error on one early (not the first) batch while later batches are in flight. */
const transientErrorAt = (atMs: number): Partial<FaultOptions> => ({
  latencyMs: 10,
  plan: [{ atMs, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }],
});

const leaderCrashAfterAppend: Partial<FaultOptions> = {
  plan: [
    { atMs: 50, action: "crash-leader-after-next-append" },
    { atMs: 20_000, action: "restart-broker", broker: 0 },
  ],
};

const ENGLISH_SCENARIOS: readonly LessonScenario[] = [
  {
    name: "at-most-once",
    title: "At most once: acks=0",
    description: "acks=0 and one produce request lost on the way: the producer counts it as sent, the log never gets it.",
    lesson: "delivery-semantics",
    lookFor: "a request marked ✗ and 'assumed sent' for it: no response, no retry, the record is lost.",
    spec: { producer: { acks: "0", "enable.idempotence": false }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-request" }] }, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "at-least-once",
    title: "At least once: retries without idempotence",
    description: "acks=all, idempotence off, one produce response lost: the producer retries a batch the leader already wrote.",
    lesson: "delivery-semantics",
    lookFor: "a response marked ✗, a retry after request.timeout.ms, and the same record appended twice.",
    spec: { producer: { acks: "all", "enable.idempotence": false }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] }, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "reordering",
    title: "Reordering: 5 requests in flight, idempotence off",
    description: "A transient NOT_LEADER_OR_FOLLOWER on an early batch while later batches are in flight: the retry lands after them.",
    lesson: "delivery-semantics",
    lookFor: "the rejected batch is retried and appended after batches the application sent later.",
    spec: { producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 5 }, faults: transientErrorAt(40), workload: { records: 12, intervalMs: 4 } },
  },
  {
    name: "idempotent",
    title: "Idempotence on: the lost response, again",
    description: "The at-least-once run with enable.idempotence=true (the default): the leader recognises the retried batch.",
    lesson: "idempotence",
    lookFor: "the retry carries the same seq, and the leader answers 'duplicate' with the original offset instead of writing.",
    spec: { producer: { acks: "all", "enable.idempotence": true }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] }, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "idempotent-reordering",
    title: "Idempotence on: the transient error, again",
    description: "The reordering run with idempotence: later batches are refused (OUT_OF_ORDER_SEQUENCE_NUMBER) until the retried one is in.",
    lesson: "idempotence",
    lookFor: "batches after the gap are refused and retried; the log ends in send order.",
    spec: { producer: { "enable.idempotence": true, "max.in.flight.requests.per.connection": 5 }, faults: transientErrorAt(40), workload: { records: 12, intervalMs: 4 } },
  },
  {
    name: "acks1-failover",
    title: "acks=1 loses an acknowledged record",
    description: "The leader acknowledges after its own append and crashes before a follower copies the batch; a new leader never had it.",
    lesson: "acks-and-replication",
    lookFor: "an ack, the leader's crash, a leader change, and the old leader truncating its log when it returns.",
    spec: { producer: { acks: "1" }, faults: leaderCrashAfterAppend, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "acks-all-failover",
    title: "acks=all survives the same crash",
    description: "The same leader crash with acks=all and min.insync.replicas=2: no acknowledgement before the followers have the batch.",
    lesson: "acks-and-replication",
    lookFor: "no ack for the batch the leader crashed with: the producer retries it on the new leader; nothing acknowledged is lost.",
    spec: { producer: { acks: "all" }, cluster: { minInsyncReplicas: 2 }, faults: leaderCrashAfterAppend, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "min-insync",
    title: "RF=3, min.insync.replicas=2: one broker down",
    description: "A follower crashes; once it leaves the ISR the leader and the other follower are still 2 in sync: writes go on.",
    lesson: "acks-and-replication",
    lookFor: "acks=all waits for the dead follower until it leaves the ISR (replica.lag.time.max.ms), then every record is acknowledged.",
    spec: { cluster: { replicationFactor: 3, minInsyncReplicas: 2 }, producer: { acks: "all" }, faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 2 }] }, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "not-enough-replicas",
    title: "RF=3, min.insync.replicas=2: two brokers down",
    description: "Both followers crash: the ISR shrinks to the leader alone and acks=all writes are refused with NOT_ENOUGH_REPLICAS.",
    lesson: "acks-and-replication",
    lookFor: "rejections with NOT_ENOUGH_REPLICAS, retries, and the producer failing the sends at delivery.timeout.ms: refused, not lost silently.",
    spec: {
      cluster: { replicationFactor: 3, minInsyncReplicas: 2 },
      producer: { acks: "all", "delivery.timeout.ms": 15_000, "request.timeout.ms": 5_000 },
      faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 1 }, { atMs: 5, action: "crash-broker", broker: 2 }] },
      workload: { records: 4, intervalMs: 10 },
    },
  },
  {
    name: "producer-restart",
    title: "A restarted producer gets a new PID",
    description: "A response is lost, then the application restarts its (idempotent) producer and resends what was not acknowledged.",
    lesson: "idempotence-limits",
    lookFor: "a second InitProducerId with a new producer id: the broker cannot tell the resend from new data, so it is written twice.",
    spec: { faults: { latencyMs: 5, plan: [{ atMs: 30, action: "drop-next-produce-response" }, { atMs: 40, action: "restart-producer" }] }, workload: { records: 8, intervalMs: 10 } },
  },
  {
    name: "sequence-gap",
    title: "A sequence gap: OUT_OF_ORDER_SEQUENCE_NUMBER",
    description: "One request is held back (as if resent on a new connection) and later batches overtake it: they arrive with a gap.",
    lesson: "sequence-errors",
    lookFor: "the overtaking batch refused with OUT_OF_ORDER_SEQUENCE_NUMBER, then accepted once the held-back batch is in.",
    spec: { faults: { latencyMs: 10, plan: [{ atMs: 30, action: "delay-next-produce-request", extraMs: 30 }] }, workload: { records: 10, intervalMs: 10 } },
  },
  {
    name: "epoch-bump",
    title: "An epoch bump restarts the sequences",
    description: "The idempotent producer bumps its epoch (as after a delivery timeout, KIP-360): same PID, epoch+1, sequences from 0.",
    lesson: "sequence-errors",
    lookFor: "after the epoch bump, batches carry epoch=1 and seq=0 again, and the leader accepts them.",
    spec: { faults: { plan: [{ atMs: 30, action: "bump-producer-epoch" }] }, workload: { records: 8, intervalMs: 10 } },
  },
];

/** The Korean title, description and what to look for of each scenario (the words of notebooks/ko/용어.md). */
type KoreanText = Pick<LessonScenario, "title" | "description" | "lookFor">;
const KOREAN_SCENARIOS: Readonly<Record<string, KoreanText>> = {
  "at-most-once": {
    title: "최대 한 번: acks=0",
    description: "acks=0에서 produce 요청 하나가 가는 길에 유실됩니다. 프로듀서는 보낸 것으로 세지만 로그에는 끝내 들어가지 않습니다.",
    lookFor: "✗ 표시된 요청과 그 요청의 '보낸 것으로 간주'. 응답도 재시도도 없이 레코드가 유실됩니다.",
  },
  "at-least-once": {
    title: "최소 한 번: 멱등성 없이 재시도",
    description: "acks=all, 멱등성 끔, produce 응답 하나가 유실됩니다. 프로듀서는 리더가 이미 적재한 배치를 재시도합니다.",
    lookFor: "✗ 표시된 응답, request.timeout.ms 뒤의 재시도, 그리고 두 번 적재되는 같은 레코드.",
  },
  reordering: {
    title: "순서 역전: 전송 중인 요청 5개, 멱등성 끔",
    description: "뒤의 배치들이 전송 중일 때 앞의 배치 하나가 일시적 오류 NOT_LEADER_OR_FOLLOWER를 받습니다. 재시도한 배치는 그 배치들 뒤에 적재됩니다.",
    lookFor: "거부된 배치가 재시도되어, 애플리케이션이 나중에 보낸 배치들 뒤에 적재됩니다.",
  },
  idempotent: {
    title: "멱등성 켬: 유실된 응답, 다시",
    description: "최소 한 번 실행을 enable.idempotence=true(기본값)로 다시 합니다. 리더가 재시도한 배치를 알아봅니다.",
    lookFor: "재시도에도 같은 seq가 실리고, 리더는 다시 쓰지 않고 원래 오프셋으로 '중복 배치'라고 답합니다.",
  },
  "idempotent-reordering": {
    title: "멱등성 켬: 일시적 오류, 다시",
    description: "순서 역전 실행을 멱등성을 켜고 다시 합니다. 재시도한 배치가 들어갈 때까지 뒤의 배치들은 거부됩니다(OUT_OF_ORDER_SEQUENCE_NUMBER).",
    lookFor: "빈틈 뒤의 배치들이 거부되고 재시도됩니다. 로그는 보낸 순서대로 끝납니다.",
  },
  "acks1-failover": {
    title: "acks=1에서는 확인 응답한 레코드가 유실된다",
    description: "리더가 자기 로그에 적재한 뒤 확인 응답을 보내고, 팔로워가 배치를 복사하기 전에 크래시합니다. 새 리더에는 그 배치가 없습니다.",
    lookFor: "확인 응답, 리더의 크래시, 리더 교체, 그리고 돌아온 옛 리더가 로그를 잘라내는 것.",
  },
  "acks-all-failover": {
    title: "acks=all은 같은 크래시를 견딘다",
    description: "같은 리더 크래시를 acks=all, min.insync.replicas=2로 다시 합니다. 팔로워들이 배치를 받기 전에는 확인 응답이 없습니다.",
    lookFor: "리더가 크래시할 때 갖고 있던 배치에는 확인 응답이 없습니다. 프로듀서는 새 리더에 재시도하고, 확인 응답한 레코드는 하나도 유실되지 않습니다.",
  },
  "min-insync": {
    title: "RF=3, min.insync.replicas=2: 브로커 하나 다운",
    description: "팔로워 하나가 크래시합니다. 그 팔로워가 ISR에서 빠지면 리더와 다른 팔로워, 둘이 여전히 동기화되어 있으므로 쓰기가 계속됩니다.",
    lookFor: "acks=all은 죽은 팔로워가 ISR에서 빠질 때까지(replica.lag.time.max.ms) 기다리고, 그 뒤 모든 레코드가 확인 응답을 받습니다.",
  },
  "not-enough-replicas": {
    title: "RF=3, min.insync.replicas=2: 브로커 둘 다운",
    description: "두 팔로워가 모두 크래시합니다. ISR이 리더 하나로 줄고, acks=all 쓰기는 NOT_ENOUGH_REPLICAS로 거부됩니다.",
    lookFor: "NOT_ENOUGH_REPLICAS 거부, 재시도, 그리고 delivery.timeout.ms가 지나 프로듀서가 전송을 실패로 끝내는 것. 조용히 유실되지 않고 거부됩니다.",
  },
  "producer-restart": {
    title: "재시작한 프로듀서는 새 PID를 받는다",
    description: "응답 하나가 유실된 뒤 애플리케이션이 (멱등성) 프로듀서를 재시작하고, 확인 응답을 받지 못한 레코드를 다시 보냅니다.",
    lookFor: "새 프로듀서 ID를 받는 두 번째 InitProducerId. 브로커는 재전송과 새 데이터를 구별하지 못해 두 번 적재합니다.",
  },
  "sequence-gap": {
    title: "시퀀스 빈틈: OUT_OF_ORDER_SEQUENCE_NUMBER",
    description: "요청 하나가 (새 연결로 재전송된 것처럼) 늦어지고 뒤의 배치들이 그 요청을 앞지릅니다. 그 배치들은 빈틈을 두고 도착합니다.",
    lookFor: "앞지른 배치가 OUT_OF_ORDER_SEQUENCE_NUMBER로 거부되고, 늦은 배치가 들어간 뒤에 받아들여집니다.",
  },
  "epoch-bump": {
    title: "에포크 올리기는 시퀀스를 다시 시작한다",
    description: "멱등성 프로듀서가 에포크를 올립니다(전송 타임아웃 뒤처럼, KIP-360). PID는 같고 에포크는 +1, 시퀀스 번호는 0부터 다시 셉니다.",
    lookFor: "에포크를 올린 뒤 배치에는 다시 epoch=1, seq=0이 실리고, 리더는 그 배치를 받아들입니다.",
  },
};

/** A scenario whose title, description and lookFor are read in the language in effect (the rest is data). */
function localized(entry: LessonScenario): LessonScenario {
  const ko = KOREAN_SCENARIOS[entry.name] ?? entry;
  return {
    name: entry.name,
    get title(): string {
      return tr({ en: entry.title, ko: ko.title });
    },
    get description(): string {
      return tr({ en: entry.description, ko: ko.description });
    },
    lesson: entry.lesson,
    get lookFor(): string {
      return tr({ en: entry.lookFor, ko: ko.lookFor });
    },
    spec: entry.spec,
  };
}

const SCENARIOS: readonly LessonScenario[] = ENGLISH_SCENARIOS.map(localized);

/** Every lesson scenario, in teaching order. Titles, descriptions and lookFor are in the language in effect. */
export const LESSON_SCENARIOS: readonly LessonScenario[] = SCENARIOS;

export function lessonScenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

/** The registry entry (title, description, lesson, spec) for a name; throws naming the known names. */
export function getLessonScenario(name: string): LessonScenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) {
    throw new SimulationInputError(
      fill(tr({ en: "Unknown lesson scenario {name}. Known scenarios: {known}.", ko: "{name}: 이런 레슨 시나리오는 없습니다. 있는 시나리오: {known}." }), { name: JSON.stringify(name), known: lessonScenarioNames().join(", ") }),
    );
  }
  return found;
}

/** What a learner may change on a lesson scenario. */
export interface LessonOverrides {
  seed?: number;
  /** Producer `acks`. */
  acks?: "0" | "1" | "all";
  /** Producer `enable.idempotence`, set explicitly (so Kafka's ConfigException rules apply). */
  idempotence?: boolean;
  /** Probability that a produce response is lost (FaultOptions.dropResponseRate). */
  dropResponseRate?: number;
  /** Probability that a produce request is lost (FaultOptions.dropRequestRate). */
  dropRequestRate?: number;
  /** How many records the application sends (workload.records). */
  records?: number;
  /** Record every event (default true). */
  trace?: boolean;
}

const OVERRIDE_KEYS = ["seed", "acks", "idempotence", "dropResponseRate", "dropRequestRate", "records", "trace"];

function checkOverrides(o: LessonOverrides): void {
  for (const key of Object.keys(o)) {
    if (!OVERRIDE_KEYS.includes(key)) {
      throw new SimulationInputError(fill(tr({ en: 'Unknown lesson override "{key}". Allowed: {allowed}.', ko: '"{key}": 이런 레슨 설정은 없습니다. 쓸 수 있는 것: {allowed}.' }), { key, allowed: OVERRIDE_KEYS.join(", ") }));
    }
  }
  const bad = (en: string, ko: string, got: unknown): SimulationInputError => new SimulationInputError(fill(tr({ en, ko }), { got: JSON.stringify(got) }));
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw bad("seed must be an integer, got {got}.", "seed는 정수여야 합니다. 받은 값: {got}.", o.seed);
  if (o.acks !== undefined && !["0", "1", "all"].includes(o.acks)) throw bad('acks must be "0", "1" or "all", got {got}.', 'acks는 "0", "1", "all" 중 하나여야 합니다. 받은 값: {got}.', o.acks);
  if (o.idempotence !== undefined && typeof o.idempotence !== "boolean") throw bad("idempotence must be true or false, got {got}.", "idempotence는 true 또는 false여야 합니다. 받은 값: {got}.", o.idempotence);
  for (const k of ["dropResponseRate", "dropRequestRate"] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0 && v <= 1))) throw bad(`${k} must be a probability between 0 and 1, got {got}.`, `${k}는 0과 1 사이의 확률이어야 합니다. 받은 값: {got}.`, v);
  }
  if (o.records !== undefined && (!Number.isInteger(o.records) || o.records < 1)) throw bad("records must be a whole number >= 1, got {got}.", "records는 1 이상의 정수여야 합니다. 받은 값: {got}.", o.records);
}

/**
 * A lesson scenario's spec, with a learner's overrides merged in: ready for runScenario, createScenario or sweep.
 *   runScenario(lessonScenario("at-least-once", { seed: 7 }))
 *   sweep(lessonScenario("at-least-once", { dropResponseRate: 0.1 }), { seeds: 100 })
 */
export function lessonScenario(name: string, overrides: LessonOverrides = {}): ScenarioSpec {
  const entry = getLessonScenario(name);
  checkOverrides(overrides);
  const base = entry.spec;
  const producer = { ...(base.producer ?? {}) };
  if (overrides.acks !== undefined) producer.acks = overrides.acks;
  if (overrides.idempotence !== undefined) producer["enable.idempotence"] = overrides.idempotence;
  const faults: Partial<FaultOptions> = { ...(base.faults ?? {}), plan: [...(base.faults?.plan ?? [])] };
  if (overrides.dropResponseRate !== undefined) faults.dropResponseRate = overrides.dropResponseRate;
  if (overrides.dropRequestRate !== undefined) faults.dropRequestRate = overrides.dropRequestRate;
  const workload = { ...(base.workload ?? {}) };
  if (overrides.records !== undefined) workload.records = overrides.records;
  const spec: ScenarioSpec = { name: entry.name, seed: overrides.seed ?? 1, producer, faults, workload };
  if (base.cluster) spec.cluster = { ...base.cluster };
  if (overrides.trace !== undefined) spec.trace = overrides.trace;
  return spec;
}
