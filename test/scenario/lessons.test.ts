/**
 * The lesson registry: every named scenario shows the lesson it is named for, under its default seed and, where
 * the lesson is about chance (lost responses), across seeds.
 */
import { describe, expect, test } from "vitest";
import {
  ConfigException,
  LESSONS,
  LESSON_SCENARIOS,
  getLessonScenario,
  lessonScenario,
  lessonScenarioNames,
  runScenario,
  sweep,
  type ScenarioResult,
} from "kafka-sim";

const REQUIRED = [
  "at-most-once",
  "at-least-once",
  "reordering",
  "idempotent",
  "idempotent-reordering",
  "acks1-failover",
  "acks-all-failover",
  "min-insync",
  "not-enough-replicas",
  "producer-restart",
  "sequence-gap",
  "epoch-bump",
];

const run = (name: string, seed?: number): ScenarioResult => runScenario(lessonScenario(name, seed === undefined ? {} : { seed }));
const rejected = (r: ScenarioResult, error: string) => r.trace.filter((e) => e.type === "reject" && e.error === error).length;

describe("the registry", () => {
  test("holds every lesson scenario the course names, once, each with a title, a description and a known lesson", () => {
    const names = lessonScenarioNames();
    for (const n of REQUIRED) expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
    const lessonIds = LESSONS.map((l) => l.id as string);
    for (const s of LESSON_SCENARIOS) {
      expect(s.title.length, s.name).toBeGreaterThan(5);
      expect(s.description.length, s.name).toBeGreaterThan(20);
      expect(s.description, s.name).not.toContain("\n");
      expect(lessonIds, s.name).toContain(s.lesson);
    }
  });

  test("an unknown name is refused with the list of known names", () => {
    expect(() => lessonScenario("exactly-once")).toThrow(/Unknown lesson scenario "exactly-once"\. Known scenarios: at-most-once, at-least-once, .*epoch-bump\./);
    expect(() => getLessonScenario("")).toThrow(/Known scenarios:/);
  });

  test.each([
    [{ acks: "2" }, /acks must be "0", "1" or "all", got "2"/],
    [{ dropResponseRate: 1.5 }, /dropResponseRate must be a probability between 0 and 1, got 1.5/],
    [{ dropRequestRate: -0.1 }, /dropRequestRate must be a probability/],
    [{ records: 0 }, /records must be a whole number >= 1, got 0/],
    [{ seed: 1.5 }, /seed must be an integer/],
    [{ idempotence: "yes" }, /idempotence must be true or false/],
    [{ retries: 3 }, /Unknown lesson override "retries". Allowed: seed, acks, idempotence/],
  ] as Array<[Record<string, unknown>, RegExp]>)("override %j is refused with a clear error", (overrides, message) => {
    expect(() => lessonScenario("at-least-once", overrides as never)).toThrow(message);
  });

  test("overrides are merged into a copy: the registry's spec is left as it was", () => {
    const before = JSON.stringify(getLessonScenario("at-least-once").spec);
    const spec = lessonScenario("at-least-once", { seed: 9, acks: "1", idempotence: false, dropResponseRate: 0.2, dropRequestRate: 0.05, records: 30 });
    expect(spec).toMatchObject({
      name: "at-least-once",
      seed: 9,
      producer: { acks: "1", "enable.idempotence": false },
      faults: { dropResponseRate: 0.2, dropRequestRate: 0.05 },
      workload: { records: 30 },
    });
    expect(spec.faults!.plan).toEqual(getLessonScenario("at-least-once").spec.faults!.plan);
    expect(JSON.stringify(getLessonScenario("at-least-once").spec)).toBe(before);
    expect(runScenario(spec).check.rows).toHaveLength(30);
  });

  test("turning idempotence on explicitly for acks=0 is refused with Kafka's ConfigException", () => {
    expect(() => runScenario(lessonScenario("at-most-once", { idempotence: true }))).toThrow(ConfigException);
    expect(() => runScenario(lessonScenario("at-most-once", { idempotence: true }))).toThrow("Must set acks to all in order to use the idempotent producer.");
  });
});

describe("each scenario shows its lesson", () => {
  test("at-most-once: a lost request, the producer believed it sent, no retry", () => {
    const r = run("at-most-once");
    expect(r.check.counts.lostAcknowledged).toBeGreaterThan(0);
    expect(r.check.counts.duplicated).toBe(0);
    expect(r.history.every((h) => h.status === "assumed")).toBe(true);
    expect(r.trace.some((e) => e.type === "retry")).toBe(false);
  });

  test("at-least-once: a duplicate, nothing lost; and duplicates for some seed under random response loss", () => {
    const r = run("at-least-once");
    expect(r.check.counts.duplicated).toBeGreaterThan(0);
    expect(r.check.counts.lostAcknowledged + r.check.counts.lostUnacknowledged).toBe(0);
    const rows = sweep(lessonScenario("at-least-once", { dropResponseRate: 0.1, records: 30 }), { seeds: 20 });
    expect(rows.some((row) => row.duplicated > 0)).toBe(true);
    expect(rows.every((row) => row.lostAcknowledged === 0)).toBe(true);
  });

  test("reordering: the retried batch lands after later ones; no duplicate, no loss", () => {
    const r = run("reordering");
    expect(r.check.counts.reordered).toBeGreaterThan(0);
    expect(r.check.counts.duplicated).toBe(0);
    expect(r.check.counts.lostAcknowledged + r.check.counts.lostUnacknowledged).toBe(0);
  });

  test("idempotent: the retried batch is answered as a duplicate; no duplicates for any of 20 seeds with random response loss", () => {
    const r = run("idempotent");
    expect(r.trace.some((e) => e.type === "duplicate")).toBe(true);
    expect(r.check.ok).toBe(true);
    const rows = sweep(lessonScenario("idempotent", { dropResponseRate: 0.1, records: 30 }), { seeds: 20 });
    expect(rows.every((row) => row.duplicated === 0 && row.reordered === 0 && row.lostAcknowledged === 0)).toBe(true);
    // The same sweep without idempotence does duplicate: the comparison is not vacuous.
    const off = sweep(lessonScenario("idempotent", { idempotence: false, dropResponseRate: 0.1, records: 30 }), { seeds: 20 });
    expect(off.some((row) => row.duplicated > 0)).toBe(true);
  });

  test("idempotent-reordering: later batches refused with OUT_OF_ORDER_SEQUENCE_NUMBER, the log in send order", () => {
    const r = run("idempotent-reordering");
    expect(rejected(r, "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBeGreaterThan(0);
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.deliveredOnce).toBe(r.check.rows.length);
  });

  test("acks1-failover: an acknowledged record lost after a leader change and a truncation", () => {
    const r = run("acks1-failover");
    expect(r.check.counts.lostAcknowledged).toBeGreaterThan(0);
    const types = new Set(r.trace.map((e) => e.type));
    for (const t of ["crash", "leader-change", "truncate"] as const) expect(types).toContain(t);
  });

  test("acks-all-failover: the same crash, nothing acknowledged lost", () => {
    const r = run("acks-all-failover");
    expect(r.trace.some((e) => e.type === "leader-change")).toBe(true);
    expect(r.check.counts.lostAcknowledged).toBe(0);
    expect(r.check.ok).toBe(true);
  });

  test("min-insync: one broker down, every record acknowledged, no NOT_ENOUGH_REPLICAS", () => {
    const r = run("min-insync");
    expect(r.trace.some((e) => e.type === "crash")).toBe(true);
    expect(rejected(r, "NOT_ENOUGH_REPLICAS")).toBe(0);
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.deliveredOnce).toBe(r.check.rows.length);
  });

  test("not-enough-replicas: refused with NOT_ENOUGH_REPLICAS, the producer says so, nothing acknowledged is lost", () => {
    const r = run("not-enough-replicas");
    expect(rejected(r, "NOT_ENOUGH_REPLICAS")).toBeGreaterThan(0);
    expect(r.check.counts.lostAcknowledged).toBe(0);
    expect(r.history.some((h) => h.status === "failed")).toBe(true);
  });

  test("producer-restart: a new producer id and duplicates despite idempotence", () => {
    const r = run("producer-restart");
    expect(r.producers).toHaveLength(2);
    expect(r.producers[1]!.producerId).not.toBe(r.producers[0]!.producerId);
    expect(r.check.counts.duplicated).toBeGreaterThan(0);
  });

  test("sequence-gap: OUT_OF_ORDER_SEQUENCE_NUMBER, and the log still ends exactly once and in order", () => {
    const r = run("sequence-gap");
    expect(rejected(r, "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBeGreaterThan(0);
    expect(r.check.ok).toBe(true);
  });

  test("epoch-bump: after the bump, batches carry epoch 1 and restart at sequence 0, and are accepted", () => {
    const r = run("epoch-bump");
    const bump = r.trace.findIndex((e) => e.type === "epoch-bump");
    expect(bump).toBeGreaterThanOrEqual(0);
    const after = r.trace.slice(bump).filter((e) => e.type === "append");
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]).toMatchObject({ epoch: 1, baseSequence: 0 });
    expect(r.trace.slice(0, bump).some((e) => e.type === "append" && e.epoch === 0)).toBe(true);
    expect(r.check.ok).toBe(true);
  });

  test("a scenario is decided by its seed: the same seed gives the same trace", () => {
    const spec = lessonScenario("at-least-once", { seed: 5, dropResponseRate: 0.2 });
    expect(JSON.stringify(runScenario(spec).trace)).toBe(JSON.stringify(runScenario(spec).trace));
  });
});
