/**
 * The lessons, as behaviour of the simulated cluster (issue "Simulation library", a–i).
 * Randomized tests print their seed; replay one with FC_SEED=<seed>.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { ConfigException, createScenario, parsePlaygroundHash, runScenario, sweep, withLang, type ScenarioSpec } from "kafka-sim";

const FC_SEED = Number(process.env.FC_SEED ?? (Date.now() % 2 ** 31));
const fcParams = (numRuns: number) => {
  console.log(`fast-check seed ${FC_SEED} (replay: FC_SEED=${FC_SEED} npx vitest run test/scenario.test.ts)`);
  return { seed: FC_SEED, numRuns };
};

describe("a. at-most-once: acks=0 with dropped requests", () => {
  const spec: ScenarioSpec = { producer: { acks: "0", "enable.idempotence": false }, faults: { dropRequestRate: 0.1 } };
  test("records are lost, none duplicated, and the producer believes every send succeeded", () => {
    const rows = sweep(spec, { seeds: 50 });
    const lost = rows.reduce((n, r) => n + r.lostAcknowledged, 0);
    expect(lost).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.duplicated).toBe(0);
      expect(r.lostUnacknowledged).toBe(0);
      expect(r.producerBelievesAllSent).toBe(true);
    }
  });
  test("every lost record was 'assumed' sent, never acknowledged", () => {
    const r = runScenario({ ...spec, seed: 3, faults: { plan: [{ atMs: 10, action: "drop-next-produce-request", count: 2 }] } });
    expect(r.check.counts.lostAcknowledged).toBeGreaterThan(0);
    expect(r.history.every((h) => h.status === "assumed")).toBe(true);
    expect(r.check.counts.lostAcknowledged).toBe(r.history.length - r.log.length);
    expect(r.trace.some((e) => e.type === "drop" && e.api === "Produce")).toBe(true);
  });
});

describe("b. at-least-once: retries after lost acknowledgements", () => {
  for (const acks of ["1", "all"] as const) {
    test(`acks=${acks}, idempotence off, dropped responses: duplicates and no loss`, () => {
      const rows = sweep({ producer: { acks, "enable.idempotence": false }, faults: { dropResponseRate: 0.1 } }, { seeds: 30 });
      expect(rows.reduce((n, r) => n + r.duplicated, 0)).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.lostAcknowledged).toBe(0);
        expect(r.lostUnacknowledged).toBe(0);
      }
    });
  }
  test("a duplicate is the same record written twice: the retry of a batch whose response was lost", () => {
    const r = runScenario({ seed: 1, producer: { "enable.idempotence": false }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] } });
    expect(r.check.counts.duplicated).toBeGreaterThan(0);
    const dropped = r.trace.find((e) => e.type === "drop" && e.api === "Produce")!;
    expect(dropped.note).toContain("lose the next produce response");
    const dupIds = r.check.rows.filter((x) => x.outcome === "duplicated").map((x) => x.id);
    const retried = r.trace.filter((e) => e.type === "retry" && e.attempt === 2).flatMap((e) => e.recordIds ?? []);
    expect(dupIds.every((id) => retried.includes(id))).toBe(true);
  });
});

/** A transient error on one early (not the first) batch while later batches are in flight. */
const transientEarlyError = (atMs: number): ScenarioSpec["faults"] => ({
  latencyMs: 10,
  plan: [{ atMs, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }],
});

describe("c. reordering: idempotence off, 5 in flight, a transient error on an early batch", () => {
  test("the retried batch lands after batches sent later", () => {
    const r = runScenario({ seed: 1, producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 5 }, faults: transientEarlyError(20) });
    expect(r.check.counts.reordered).toBeGreaterThan(0);
    expect(r.check.counts.duplicated).toBe(0);
    expect(r.check.counts.lostAcknowledged + r.check.counts.lostUnacknowledged).toBe(0);
    expect(r.check.problems.some((p) => /sent before/.test(p))).toBe(true);
  });
  test("with max.in.flight.requests.per.connection=1 the same fault keeps order", () => {
    const r = runScenario({ seed: 1, producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 1 }, faults: transientEarlyError(20) });
    expect(r.check.counts.reordered).toBe(0);
    expect(r.check.ok).toBe(true);
  });
});

describe("d. idempotence on: exactly once and in order under the same faults", () => {
  test("property: with idempotence, every record is written exactly once, in send order, and acknowledged", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 50, max: 150 }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, errorAtMs, dropResponseRate) => {
        const r = runScenario({
          seed,
          trace: false,
          // A short request timeout keeps retries of lost responses well inside delivery.timeout.ms.
          producer: { "max.in.flight.requests.per.connection": 5, "request.timeout.ms": 2000 },
          faults: { ...transientEarlyError(errorAtMs), dropResponseRate, jitterMs: 5 },
          workload: { records: 60 },
        });
        if (!r.check.ok || r.check.counts.deliveredOnce !== 60) {
          throw new Error(`seed ${seed}: ${JSON.stringify(r.check.counts)} ${r.check.problems.slice(0, 3).join("; ")}`);
        }
      }),
      fcParams(2000),
    );
  });
  test("the same faults without idempotence do produce duplicates and reordering (the property is not vacuous)", () => {
    const rows = sweep({ producer: { "enable.idempotence": false }, faults: { ...transientEarlyError(20), dropResponseRate: 0.2 }, workload: { records: 60 } }, { seeds: 40 });
    expect(rows.some((r) => r.duplicated > 0)).toBe(true);
    expect(rows.some((r) => r.reordered > 0)).toBe(true);
  });
  test("a retried batch is answered with its original offsets (a duplicate, not an error)", () => {
    const r = runScenario({ seed: 2, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] } });
    const dup = r.trace.find((e) => e.type === "duplicate")!;
    expect(dup).toBeDefined();
    const original = r.trace.find((e) => e.type === "append" && e.baseSequence === dup.baseSequence)!;
    expect(dup.offset).toBe(original.offset);
    expect(r.check.ok).toBe(true);
  });
});

describe("e. acks=1 loses an acknowledged record on leader failover", () => {
  const spec: ScenarioSpec = {
    seed: 1,
    producer: { acks: "1" },
    faults: { plan: [{ atMs: 50, action: "crash-leader-after-next-append" }, { atMs: 20_000, action: "restart-broker", broker: 0 }] },
  };
  test("the leader acknowledged, crashed before a follower copied, a new leader took over without the record", () => {
    const r = runScenario(spec);
    expect(r.check.counts.lostAcknowledged).toBeGreaterThan(0);
    const types = r.trace.map((e) => e.type);
    expect(types).toContain("crash");
    expect(types).toContain("leader-change");
    expect(types).toContain("truncate"); // the old leader, back, drops what the new leader never had
    expect(r.producers[0]!.config.enableIdempotence).toBe(false); // acks=1 silently turned defaulted idempotence off
  });
  test("acks=all with the same crash loses nothing acknowledged", () => {
    const r = runScenario({ ...spec, producer: {}, cluster: { minInsyncReplicas: 2 } });
    expect(r.check.counts.lostAcknowledged).toBe(0);
    expect(r.check.ok).toBe(true);
  });
});

describe("f. RF=3, min.insync.replicas=2, acks=all", () => {
  const base = { cluster: { replicationFactor: 3, minInsyncReplicas: 2 }, producer: { acks: "all" as const }, workload: { records: 30, intervalMs: 10 } };
  test("one broker down: writes are still accepted", () => {
    const r = runScenario({ ...base, seed: 1, faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 2 }] } });
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.deliveredOnce).toBe(30);
    expect(r.trace.some((e) => e.type === "reject" && e.error === "NOT_ENOUGH_REPLICAS")).toBe(false);
  });
  test("two brokers down: the leader refuses with NOT_ENOUGH_REPLICAS", () => {
    const r = runScenario({ ...base, seed: 1, faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 1 }, { atMs: 5, action: "crash-broker", broker: 2 }] } });
    const rejects = r.trace.filter((e) => e.type === "reject" && e.error === "NOT_ENOUGH_REPLICAS");
    expect(rejects.length).toBeGreaterThan(0);
    expect(r.check.counts.lostAcknowledged).toBe(0);
    expect(r.check.counts.lostUnacknowledged).toBeGreaterThan(0); // they timed out, and the producer said so
  });
  test("property: no acknowledged record is lost under any single-broker crash", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 300 }), fc.boolean(), fc.boolean(), (seed, broker, atMs, afterAppend, restart) => {
        const plan: NonNullable<NonNullable<ScenarioSpec["faults"]>["plan"]> = afterAppend
          ? [{ atMs, action: "crash-leader-after-next-append" }]
          : [{ atMs, action: "crash-broker", broker }];
        if (restart) plan.push({ atMs: atMs + 15_000, action: "restart-broker", broker: afterAppend ? 0 : broker });
        const r = runScenario({ ...base, seed, trace: false, faults: { plan, dropResponseRate: 0.05 } });
        if (r.check.counts.lostAcknowledged > 0 || r.check.counts.duplicated > 0) {
          throw new Error(`seed ${seed}: ${JSON.stringify(r.check.counts)} ${r.check.problems.slice(0, 3).join("; ")}`);
        }
      }),
      fcParams(300),
    );
  });
});

describe("g. a producer restart: new producer id, duplicates despite idempotence", () => {
  test("records resent by the restarted application are written again", () => {
    const r = runScenario({ seed: 1, faults: { latencyMs: 5, plan: [{ atMs: 30, action: "drop-next-produce-response" }, { atMs: 40, action: "restart-producer" }] } });
    expect(r.producers).toHaveLength(2);
    expect(r.producers[0]!.producerId).not.toBe(r.producers[1]!.producerId);
    expect(r.check.counts.duplicated).toBeGreaterThan(0);
    expect(r.trace.some((e) => e.type === "producer-restart")).toBe(true);
  });
  test("without the restart, the same lost response causes no duplicate", () => {
    const r = runScenario({ seed: 1, faults: { latencyMs: 5, plan: [{ atMs: 30, action: "drop-next-produce-response" }] } });
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.duplicated).toBe(0);
  });
});

describe("h. sequence errors", () => {
  test("a sequence gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER and the producer recovers by bumping its epoch", () => {
    // Hold one request back (as if resent on a new connection) while later ones overtake it: they arrive with a gap.
    const r = runScenario({ seed: 1, faults: { latencyMs: 10, plan: [{ atMs: 40, action: "delay-next-produce-request", extraMs: 30 }] } });
    expect(r.trace.some((e) => e.type === "reject" && e.error === "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBe(true);
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.deliveredOnce).toBe(100);
  });
  test("a batch with a stale epoch is refused with INVALID_PRODUCER_EPOCH", () => {
    const run = createScenario({ seed: 1, workload: { records: 10 } });
    const result = run.runToEnd();
    const leader = result.cluster.brokers[result.cluster.partitionState("events", 0)!.leader]!;
    const producerId = result.producers[0]!.producerId;
    let answer: unknown;
    const sendBatch = (epoch: number, seq: number) =>
      result.cluster.endpoint(leader.brokerId).handle(
        { api: "Produce", transactionalId: null, acks: 1, timeoutMs: 1000, topics: [{ topic: "events", partitions: [{ partition: 0, batch: { producerId, producerEpoch: epoch, baseSequence: seq, isTransactional: false, records: [{ key: null, value: "x", headers: [], timestampMs: 0 }] } }] }] },
        (resp) => (answer = resp),
      );
    sendBatch(1, 0); // a new epoch starting at 0 is adopted
    expect(JSON.stringify(answer)).toContain('"error":"NONE"');
    sendBatch(0, 10); // the old epoch is now stale
    expect(JSON.stringify(answer)).toContain('"error":"INVALID_PRODUCER_EPOCH"');
    sendBatch(1, 5); // a gap in the current epoch
    expect(JSON.stringify(answer)).toContain('"error":"OUT_OF_ORDER_SEQUENCE_NUMBER"');
  });
  test("Kafka >= 2.5 accepts any sequence from a producer it has no state for: losing the very first batch strands it", () => {
    const r = runScenario({ seed: 1, faults: { latencyMs: 10, plan: [{ atMs: 0, action: "delay-next-produce-request", extraMs: 30 }] }, producer: { "delivery.timeout.ms": 40_000, "request.timeout.ms": 5_000 } });
    // The second batch was accepted first (no state yet); the first batch can never follow it.
    expect(r.check.counts.lostUnacknowledged).toBeGreaterThan(0);
    expect(r.history.some((h) => h.status === "failed" && h.error === "TIMEOUT")).toBe(true);
    expect(r.check.counts.duplicated).toBe(0);
  });
});

describe("i. producer config validation in scenarios", () => {
  test("an explicit idempotent producer with acks=1 throws Kafka's ConfigException", () => {
    expect(() => runScenario({ producer: { "enable.idempotence": true, acks: "1" } })).toThrow(ConfigException);
    expect(() => runScenario({ producer: { "enable.idempotence": true, acks: "1" } })).toThrow("Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
  });
  test("defaulted idempotence with retries=0 is silently turned off, and lost responses then lose records", () => {
    const r = runScenario({ seed: 1, producer: { retries: 0 }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] } });
    expect(r.producers[0]!.config.enableIdempotence).toBe(false);
    expect(r.producers[0]!.config.warnings.join(" ")).toMatch(/idempoten/i);
    expect(r.history.some((h) => h.status === "failed")).toBe(true);
  });
});

describe("determinism and bad input", () => {
  test("same seed, same history; another seed, another history", () => {
    const spec: ScenarioSpec = { producer: { "enable.idempotence": false }, faults: { dropResponseRate: 0.2, jitterMs: 10 } };
    const a = runScenario({ ...spec, seed: 11 });
    const b = runScenario({ ...spec, seed: 11 });
    const c = runScenario({ ...spec, seed: 12 });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(JSON.stringify(a.trace)).not.toBe(JSON.stringify(c.trace));
  });
  test.each([
    [{ cluster: { brokers: 0 } }, /brokers must be an integer from 1/],
    [{ cluster: { replicationFactor: 4 } }, /replicationFactor must be an integer from 1 to 3/],
    [{ cluster: { "min.insync.replicas": 2 } }, /Unknown cluster option "min.insync.replicas".*camelCase/],
    [{ workload: { records: -1 } }, /workload.records must be a whole number >= 0/],
    [{ faults: { dropResponseRate: 2 } }, /dropResponseRate must be a probability between 0 and 1/],
    [{ faults: { dropRate: 0.1 } }, /Unknown fault option "dropRate"/],
    [{ seed: 1.5 }, /seed must be an integer/],
    [{ producer: { "min.insync.replicas": 2 } }, /broker\/topic/],
    [{ bogus: 1 }, /Unknown scenario option "bogus"/],
  ] as Array<[Record<string, unknown>, RegExp]>)("%j is refused with a clear error", (spec, message) => {
    expect(() => runScenario(spec as ScenarioSpec)).toThrow(message);
  });
  test("an unknown topic or partition is named in the error", () => {
    const run = createScenario({ workload: { records: 0 } });
    expect(() => run.cluster.partitionsOf("nope")).toThrow(/Unknown topic "nope"/);
    expect(() => run.producer.send({ topic: "events", value: "x", partition: 7 })).toThrow(/Partition 7 does not exist.*0 to 0/);
  });
});

describe("a single replica", () => {
  test("replication factor 1 with acks=all: the leader alone is the ISR, so every record is acknowledged and readable", () => {
    const r = runScenario({ seed: 1, cluster: { brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 }, workload: { records: 20 } });
    expect(r.check.ok).toBe(true);
    expect(r.check.counts.deliveredOnce).toBe(20);
    expect(r.history.every((h) => h.status === "acknowledged")).toBe(true);
  });
});

describe("ISR shrink releases waiting produces", () => {
  test("when the controller fences a crashed follower, acks=all produces waiting for it complete at once", () => {
    const r = runScenario({ seed: 1, cluster: { minInsyncReplicas: 2 }, producer: { acks: "all" }, workload: { records: 5, intervalMs: 10 }, faults: { plan: [{ atMs: 0, action: "crash-broker", broker: 2 }] } });
    expect(r.check.ok).toBe(true);
    const fenced = r.trace.find((e) => e.type === "isr-change" && /broker 2 fenced/.test(e.note ?? ""))!;
    expect(fenced).toBeDefined();
    // Every record is acknowledged right after the fencing (not after request.timeout.ms).
    const lastAck = Math.max(...r.history.map((h) => h.resolvedAtMs ?? Infinity));
    expect(lastAck).toBeLessThan(fenced.atMs + 1_000);
  });
});

describe("sweep rows are the full check's counts (sweep keeps a summary, not the rows)", () => {
  const specs: Array<[string, ScenarioSpec, boolean]> = [
    ["acks=0, lost requests", { producer: { acks: "0", "enable.idempotence": false }, faults: { dropRequestRate: 0.1 } }, true],
    ["at least once, lost responses", { producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 5 }, faults: { dropResponseRate: 0.2 } }, true],
    ["idempotent, leader crash", { producer: {}, faults: { dropResponseRate: 0.05, plan: [{ atMs: 50, action: "crash-leader-after-next-append" }] } }, false],
    ["producer restart (resends: the same ids twice)", { producer: {}, faults: { latencyMs: 5, dropResponseRate: 0.1, plan: [{ atMs: 30, action: "drop-next-produce-response" }, { atMs: 40, action: "restart-producer" }] } }, true],
    ["transactions, restart with a zombie", { producer: { "transactional.id": "app" }, faults: { dropResponseRate: 0.1, plan: [{ atMs: 80, action: "restart-producer", zombie: true }] } }, false],
  ];
  test.each(specs)("%s", (_name, spec, somethingGoesWrong) => {
    const rows = sweep({ ...spec, workload: { records: 40 } }, { seeds: 15 });
    // Not a check of nothing: where the guarantee breaks, some run of the sweep shows it.
    expect(rows.some((r) => !r.ok)).toBe(somethingGoesWrong);
    for (const row of rows) {
      const r = runScenario({ ...spec, workload: { records: 40 }, seed: row.seed, trace: false });
      expect(row).toMatchObject({ ...r.check.counts, ok: r.check.ok, records: r.check.rows.length, endMs: r.endMs });
      expect(row.producerBelievesAllSent).toBe(r.history.every((h) => h.status === "acknowledged" || h.status === "assumed"));
    }
  });
});

describe("spec errors in the Korean edition", () => {
  const messageOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("no error");
  };
  test("scenario, workload, cluster, fault and playground options are refused in Korean, naming the value and what is allowed", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => runScenario({ colour: 1 } as unknown as ScenarioSpec), /^"colour": 이런 시나리오 옵션은 없습니다\. 쓸 수 있는 옵션: .*workload/],
      [() => runScenario({ workload: { records: -1 } }), /^workload\.records은\(는\) 0 이상의 정수여야 합니다\. 받은 값: -1\.$/],
      [() => runScenario({ workload: { recs: 1 } as never }), /^"recs": 이런 workload 옵션은 없습니다/],
      [() => runScenario({ cluster: { "min.insync.replicas": 2 } as never }), /^"min\.insync\.replicas": 이런 클러스터 옵션은 없습니다 \(클러스터 옵션은 camelCase로 씁니다\. 예: min\.insync\.replicas는 minInsyncReplicas\)/],
      [() => runScenario({ cluster: { brokers: 0 } }), /^클러스터 옵션 brokers은\(는\) 1부터 100까지의 정수여야 합니다\. 받은 값: 0\.$/],
      [() => runScenario({ faults: { dropRequestRate: 2 } }), /^장애 옵션 dropRequestRate은\(는\) 0과 1 사이의 확률이어야 합니다\. 받은 값: 2\.$/],
      [() => runScenario({ faults: { plan: [{ atMs: -1, action: "crash-leader" }] } }), /^장애 계획 항목 crash-leader: atMs는 0 이상의 수여야 합니다/],
      [() => runScenario({ seed: 1.5 }), /^seed는 정수여야 합니다\. 받은 값: 1\.5\.$/],
      [() => sweep({}, { seeds: -1 }), /^seeds는 0 이상의 정수나 정수의 목록이어야 합니다/],
      [() => createScenario({}).step(0), /^step에는 1 이상의 정수/],
      [() => parsePlaygroundHash("#bogus=1"), /^"bogus": 이런 플레이그라운드 설정은 없습니다\. 쓸 수 있는 설정: /],
      [() => parsePlaygroundHash("#run=acks:2;name:a"), /^실행 1: acks는 0, 1, all 중 하나여야 합니다\. 받은 값: "2"\.$/],
    ];
    for (const [f, ko] of cases) {
      const en = messageOf(f);
      expect(en).not.toMatch(/[\uac00-\ud7a3]/);
      expect(withLang("ko", () => messageOf(f))).toMatch(ko);
    }
  });
});
