/**
 * Transactions: transactional ids, fencing, markers, read_committed, consume-transform-produce.
 * Randomized tests print their seed; replay with FC_SEED=<seed>.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { Cluster, IllegalStateError, Producer, TRANSACTION_TRANSITIONS, createScenario, runScenario, visibleLog, type ScenarioSpec } from "kafka-sim";

const FC_SEED = Number(process.env.FC_SEED ?? (Date.now() % 2 ** 31));
const fcParams = (numRuns: number) => {
  console.log(`fast-check seed ${FC_SEED} (replay: FC_SEED=${FC_SEED} npx vitest run test/transactions.test.ts)`);
  return { seed: FC_SEED, numRuns };
};

function coordinatorOf(seed = 1) {
  const cluster = new Cluster({ seed, cluster: { topics: { out: 2 } } });
  return { cluster, tc: cluster.transactions };
}

describe("the transaction coordinator", () => {
  test("InitProducerId with a transactional id keeps the producer id and bumps the epoch each time", () => {
    const { tc } = coordinatorOf();
    const a = tc.initProducerId({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 });
    const b = tc.initProducerId({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 });
    const other = tc.initProducerId({ api: "InitProducerId", transactionalId: "u", transactionTimeoutMs: 60_000 });
    expect([a.error, b.error]).toEqual(["NONE", "NONE"]);
    expect(b.producerId).toBe(a.producerId);
    expect(b.producerEpoch).toBe(a.producerEpoch + 1);
    expect(other.producerId).not.toBe(a.producerId);
  });
  test("an older epoch is fenced (PRODUCER_FENCED); an unknown id is INVALID_PRODUCER_ID_MAPPING", () => {
    const { tc } = coordinatorOf();
    const a = tc.initProducerId({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 });
    tc.initProducerId({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 });
    const add = (epoch: number, pid = a.producerId) => tc.addPartitions({ api: "AddPartitionsToTxn", transactionalId: "t", producerId: pid, producerEpoch: epoch, topics: [{ topic: "out", partitions: [0] }] }).topics[0]!.partitions[0]!.error;
    expect(add(a.producerEpoch)).toBe("PRODUCER_FENCED");
    expect(add(a.producerEpoch + 1)).toBe("NONE");
    expect(add(a.producerEpoch + 1, 999)).toBe("INVALID_PRODUCER_ID_MAPPING");
    expect(tc.endTxn({ api: "EndTxn", transactionalId: "t", producerId: a.producerId, producerEpoch: a.producerEpoch, committed: true }).error).toBe("PRODUCER_FENCED");
  });
  test("a partition that does not exist fails the whole AddPartitionsToTxn", () => {
    const { tc } = coordinatorOf();
    const a = tc.initProducerId({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 });
    const r = tc.addPartitions({ api: "AddPartitionsToTxn", transactionalId: "t", producerId: a.producerId, producerEpoch: a.producerEpoch, topics: [{ topic: "out", partitions: [0, 7] }] });
    expect(r.topics[0]!.partitions.map((p) => p.error)).toEqual(["OPERATION_NOT_ATTEMPTED", "UNKNOWN_TOPIC_OR_PARTITION"]);
  });
  test("the state machine only allows Kafka's transitions", () => {
    expect(TRANSACTION_TRANSITIONS.Empty).toContain("Ongoing");
    expect(TRANSACTION_TRANSITIONS.Ongoing).not.toContain("CompleteCommit");
    expect(TRANSACTION_TRANSITIONS.PrepareCommit).toEqual(["CompleteCommit"]);
  });
  test("a transaction open longer than transaction.timeout.ms is aborted and its producer fenced", () => {
    const cluster = new Cluster({ seed: 1, trace: true, cluster: { topics: { events: 1 } } });
    const p = new Producer(cluster, { "transactional.id": "slow", "transaction.timeout.ms": 1000 });
    cluster.sim.runUntil(50);
    p.beginTransaction();
    p.send({ topic: "events", value: "never-committed" });
    cluster.sim.runUntil(20_000);
    expect(visibleLog(cluster, "events", "read_uncommitted").map((r) => r.id)).toEqual(["never-committed"]);
    expect(visibleLog(cluster, "events", "read_committed")).toEqual([]);
    expect(cluster.trace.events.some((e) => e.type === "transaction" && /transaction.timeout.ms=1000 expired/.test(e.note ?? ""))).toBe(true);
    let answer: string | undefined;
    p.commitTransaction((e) => (answer = e));
    cluster.sim.runUntil(21_000);
    expect(answer).toBe("PRODUCER_FENCED");
    expect(p.txnState).toBe("FatalError");
  });
});

describe("the transactional producer", () => {
  test("send outside a transaction is the application's error", () => {
    const run = createScenario({ seed: 1, producer: { "transactional.id": "t" }, workload: { records: 0 } });
    run.runUntil(50);
    expect(() => run.producer.send({ topic: "events", value: "x" })).toThrow(IllegalStateError);
    expect(() => run.producer.send({ topic: "events", value: "x" })).toThrow(/beginTransaction/);
    expect(() => run.producer.commitTransaction()).toThrow(/commitTransaction\(\) in state Ready/);
  });
  test("read_committed stops at the last stable offset and skips aborted transactions; read_uncommitted sees everything", () => {
    const cluster = new Cluster({ seed: 1, cluster: { topics: { out: 1 } } });
    const p = new Producer(cluster, { "transactional.id": "t" });
    cluster.sim.runUntil(50);
    p.beginTransaction();
    p.send({ topic: "out", value: "a1" });
    p.send({ topic: "out", value: "a2" });
    p.abortTransaction();
    cluster.sim.runUntil(2000);
    p.beginTransaction();
    p.send({ topic: "out", value: "c1" });
    p.commitTransaction();
    cluster.sim.runUntil(4000);
    p.beginTransaction();
    p.send({ topic: "out", value: "open" });
    cluster.sim.runUntil(6000);
    const ids = (iso: "read_committed" | "read_uncommitted") => visibleLog(cluster, "out", iso).map((r) => r.id);
    expect(ids("read_uncommitted")).toEqual(["c1", "open"]); // aborted records were never sent: abort dropped them unsent
    expect(ids("read_committed")).toEqual(["c1"]);
    const leader = cluster.leaderReplica("out", 0)!;
    expect(leader.lastStableOffset()).toBeLessThan(leader.highWatermark);
  });
  test("records written then aborted are visible to read_uncommitted only", () => {
    const cluster = new Cluster({ seed: 1, cluster: { topics: { out: 1 } } });
    const p = new Producer(cluster, { "transactional.id": "t" });
    cluster.sim.runUntil(50);
    p.beginTransaction();
    p.send({ topic: "out", value: "x1" });
    cluster.sim.runUntil(500); // written and acknowledged
    p.abortTransaction();
    cluster.sim.runUntil(2000);
    expect(visibleLog(cluster, "out", "read_uncommitted").map((r) => r.id)).toEqual(["x1"]);
    expect(visibleLog(cluster, "out", "read_committed")).toEqual([]);
    expect(cluster.leaderReplica("out", 0)!.abortedTransactionsIn(0, 10)).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
    expect(p.results[0]!.status).toBe("failed");
    expect(p.results[0]!.error).toBe("TRANSACTION_ABORTED");
  });
});

describe("beyond the session limit: restarts", () => {
  const restartSpec = (seed: number, atMs: number, zombie: boolean, dropResponseRate: number, transactional: boolean): ScenarioSpec => ({
    seed,
    trace: false,
    producer: transactional ? { "transactional.id": "app", "request.timeout.ms": 2000 } : { "request.timeout.ms": 2000 },
    faults: { latencyMs: 5, dropResponseRate, plan: [{ atMs, action: "restart-producer", zombie }] },
    workload: { records: 40, transactionRecords: 8, intervalMs: 2 },
  });
  test("property: transactions + read_committed show no duplicate and no aborted record under any crash/restart schedule", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 200 }), fc.boolean(), fc.double({ min: 0, max: 0.15, noNaN: true }), (seed, atMs, zombie, drop) => {
        const r = runScenario(restartSpec(seed, atMs, zombie, drop, true));
        if (!r.check.ok || r.check.counts.deliveredOnce !== 40) {
          throw new Error(`seed ${seed} at ${atMs} zombie=${zombie}: ${JSON.stringify(r.check.counts)} ${r.check.problems.slice(0, 3).join("; ")}`);
        }
      }),
      fcParams(1000),
    );
  });
  test("the same schedules with idempotence alone duplicate records (the study note's limit)", () => {
    let duplicated = 0;
    let runs = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = runScenario(restartSpec(seed, 20 + seed, false, 0.05, false));
      duplicated += r.check.counts.duplicated;
      runs += r.check.counts.duplicated > 0 ? 1 : 0;
    }
    expect(duplicated).toBeGreaterThan(0);
    expect(runs).toBeGreaterThan(10);
  });
  test("a zombie that keeps running after its replacement started is fenced", () => {
    const r = runScenario({ seed: 1, producer: { "transactional.id": "app" }, faults: { latencyMs: 5, plan: [{ atMs: 37, action: "restart-producer", zombie: true }] }, workload: { records: 30, transactionRecords: 10 } });
    expect(r.producers[0]!.txnState).toBe("FatalError");
    expect(["PRODUCER_FENCED", "INVALID_PRODUCER_EPOCH"]).toContain(r.producers[0]!.txnError);
    expect(r.producers[1]!.epoch).toBe(r.producers[0]!.epoch + 1);
    expect(r.check.ok).toBe(true);
  });
  test("consume-transform-produce: the input position is committed with the transaction, and only then", () => {
    const run = createScenario({ seed: 1, producer: { "transactional.id": "app" }, faults: { latencyMs: 5 }, workload: { records: 25, transactionRecords: 10 } });
    const positions: number[] = [];
    while (!run.done) {
      run.step();
      const p = run.committedPosition();
      if (positions[positions.length - 1] !== p) positions.push(p);
    }
    expect(positions).toEqual([0, 10, 20, 25]);
  });
});
