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

/** The lessons the scenarios belong to, in teaching order. */
export const LESSONS = [
  { id: "delivery-semantics", title: "Delivery semantics: at most once, at least once" },
  { id: "idempotence", title: "The idempotent producer: PID, epoch, sequence numbers" },
  { id: "acks-and-replication", title: "acks, replication and min.insync.replicas" },
  { id: "idempotence-limits", title: "Where idempotence stops: a restarted producer" },
  { id: "sequence-errors", title: "Sequence errors and epoch bumps" },
] as const;

export type LessonId = (typeof LESSONS)[number]["id"];

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

const SCENARIOS: readonly LessonScenario[] = [
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

/** Every lesson scenario, in teaching order. */
export const LESSON_SCENARIOS: readonly LessonScenario[] = SCENARIOS;

export function lessonScenarioNames(): string[] {
  return SCENARIOS.map((s) => s.name);
}

/** The registry entry (title, description, lesson, spec) for a name; throws naming the known names. */
export function getLessonScenario(name: string): LessonScenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) {
    throw new SimulationInputError(`Unknown lesson scenario ${JSON.stringify(name)}. Known scenarios: ${lessonScenarioNames().join(", ")}.`);
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
    if (!OVERRIDE_KEYS.includes(key)) throw new SimulationInputError(`Unknown lesson override "${key}". Allowed: ${OVERRIDE_KEYS.join(", ")}.`);
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new SimulationInputError(`seed must be an integer, got ${JSON.stringify(o.seed)}.`);
  if (o.acks !== undefined && !["0", "1", "all"].includes(o.acks)) throw new SimulationInputError(`acks must be "0", "1" or "all", got ${JSON.stringify(o.acks)}.`);
  if (o.idempotence !== undefined && typeof o.idempotence !== "boolean") throw new SimulationInputError(`idempotence must be true or false, got ${JSON.stringify(o.idempotence)}.`);
  for (const k of ["dropResponseRate", "dropRequestRate"] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0 && v <= 1))) throw new SimulationInputError(`${k} must be a probability between 0 and 1, got ${JSON.stringify(v)}.`);
  }
  if (o.records !== undefined && (!Number.isInteger(o.records) || o.records < 1)) throw new SimulationInputError(`records must be a whole number >= 1, got ${JSON.stringify(o.records)}.`);
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
