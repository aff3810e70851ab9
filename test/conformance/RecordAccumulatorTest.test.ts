/**
 * Conformance: Apache Kafka's clients/src/test/java/org/apache/kafka/clients/producer/internals/RecordAccumulatorTest,
 * replayed through the public API (a Producer on a simulated cluster; the times at which produce requests leave it).
 * Kafka's RecordAccumulator decides when a batch is ready (full, lingered, backed off), how retries back off
 * (ExponentialBackoff, KIP-580; no backoff after a leader change, KAFKA-15415) and when batches expire.
 * Simplification checked here: the backoff has no jitter (Kafka multiplies it by a random factor in [0.8, 1.2]).
 */
import { describe, expect, it } from "vitest";
import { TOPIC, events, fault, makeCluster, makeProducer, readyIdempotentProducer, readyTransactionalProducer, runFor, runUntil, sendMany } from "./harness.js";

function requestTimes(c: ReturnType<typeof makeCluster>, from = "producer"): number[] {
  return events(c, "request", from).filter((e) => e.api === "Produce").map((e) => e.atMs);
}

/** Gaps between each failed attempt's answer (2 ms after it left, at 1 ms latency) and the next attempt. */
function backoffs(c: ReturnType<typeof makeCluster>): number[] {
  const t = requestTimes(c);
  return t.slice(1).map((x, i) => x - (t[i]! + 2));
}

describe("RecordAccumulatorTest", () => {
  // RecordAccumulatorTest.testLinger: a batch that is not full is sent linger.ms after it was created.
  it("testLinger: a lone record leaves after linger.ms", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 10 });
    const t0 = c.sim.nowMs;
    sendMany(p, 1);
    runFor(c, 100);
    expect(requestTimes(c)).toEqual([t0 + 10]);
  });

  // RecordAccumulatorTest.testFull: a full batch is ready at once, whatever linger.ms says.
  it("testFull: a batch filled to batch.size is sent at once, before linger.ms", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 1_000, "batch.size": 200 });
    const t0 = c.sim.nowMs;
    sendMany(p, 20); // 20 records of ~12 bytes + 61 bytes of batch overhead: more than one full batch
    runFor(c, 50);
    expect(requestTimes(c)[0]).toBe(t0);
  });

  // RecordAccumulatorTest.testDrainBatches: batches of several partitions led by the same broker go in one request.
  it("testDrainBatches: two partitions on one leader share one Produce request", () => {
    const c = makeCluster({ topics: { [TOPIC]: 2 } });
    const p = readyIdempotentProducer(c, { "linger.ms": 5 });
    p.send({ topic: TOPIC, partition: 0, value: "a" });
    p.send({ topic: TOPIC, partition: 1, value: "b" });
    runFor(c, 100);
    const reqs = events(c, "request", "producer").filter((e) => e.api === "Produce");
    expect(reqs.map((e) => e.message)).toEqual([reqs[0]!.message, reqs[0]!.message]);
    expect(reqs.map((e) => e.partition).sort()).toEqual([0, 1]);
  });

  // RecordAccumulatorTest.testMutedPartitions: with max.in.flight.requests.per.connection=1 (no idempotence) the
  // partition is muted while its batch is in flight; the next batch waits for the answer.
  it("testMutedPartitions: max.in.flight=1: the second batch leaves only after the first is answered", () => {
    const c = makeCluster({}, { latencyMs: 10 });
    const p = makeProducer(c, { "enable.idempotence": false, "max.in.flight.requests.per.connection": 1, "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "a" });
    runFor(c, 1);
    p.send({ topic: TOPIC, partition: 0, value: "b" });
    runFor(c, 200);
    const [first, second] = requestTimes(c);
    expect(second! - first!).toBeGreaterThanOrEqual(20);
  });

  // RecordAccumulatorTest.testRetryBackoff: a retried batch is not ready before retry.backoff.ms has passed.
  it("testRetryBackoff: the first retry waits retry.backoff.ms", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 100 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS" });
    sendMany(p, 1);
    runFor(c, 1_000);
    expect(backoffs(c)).toEqual([100]);
  });

  // RecordAccumulatorTest.testExponentialRetryBackoff (KIP-580): retry.backoff.ms × 2^(attempts−1), capped at
  // retry.backoff.max.ms (jitter left out, see the header).
  it("testExponentialRetryBackoff: 100, 200, 400, 800, then 1000 ms (retry.backoff.max.ms)", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 100, "retry.backoff.max.ms": 1_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 6 });
    const [r] = sendMany(p, 1);
    runFor(c, 10_000);
    expect(r!.status).toBe("acknowledged");
    expect(backoffs(c)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  // ExponentialBackoff (used by RecordAccumulator): when retry.backoff.ms exceeds retry.backoff.max.ms the backoff is a
  // constant retry.backoff.max.ms (CommonClientConfigs.RETRY_BACKOFF_MAX_MS_DOC says the same).
  it("ExponentialBackoff: retry.backoff.ms=500 above retry.backoff.max.ms=200 gives a constant 200 ms", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 500, "retry.backoff.max.ms": 200 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 3 });
    sendMany(p, 1);
    runFor(c, 5_000);
    expect(backoffs(c)).toEqual([200, 200, 200]);
  });

  // RecordAccumulatorTest.testExponentialRetryBackoffLeaderChange (KAFKA-15415): a retry towards a new leader skips
  // the backoff; later retries to that same leader back off again.
  it("testExponentialRetryBackoffLeaderChange: no backoff for the first retry after a leader change", () => {
    const c = makeCluster({ brokers: 2, replicationFactor: 2 });
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 100, "retry.backoff.max.ms": 5_000 });
    runFor(c, 500);
    c.crashBroker(c.partitionState(TOPIC, 0)!.leader);
    runFor(c, 10);
    const [r] = sendMany(p, 1);
    runUntil(c, () => r!.status !== "pending", 60_000);
    const change = events(c, "leader-change").find((e) => !/no leader/.test(e.note ?? ""))!;
    expect(r!.status).toBe("acknowledged");
    expect(requestTimes(c).at(-1)! - change.atMs).toBeLessThan(5);
  });

  // RecordAccumulatorTest.testExpiredBatchSingle: a batch that cannot be sent (no leader) expires at delivery.timeout.ms.
  it("testExpiredBatchSingle: an unsendable batch fails with a timeout exactly delivery.timeout.ms after it was created", () => {
    const c = makeCluster({ brokers: 2, topics: { [TOPIC]: 2 } });
    const p = readyIdempotentProducer(c, { "delivery.timeout.ms": 12_345, "request.timeout.ms": 5_000 });
    c.crashBroker(1);
    runFor(c, 10_000);
    const r = p.send({ topic: TOPIC, partition: 1, value: "x" });
    runFor(c, 20_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(r.resolvedAtMs! - r.sentAtMs).toBe(12_345);
  });

  // RecordAccumulatorTest.testSoonToExpireBatchesArePickedUpForExpiry (the Sender's poll timeout includes
  // RecordAccumulator.nextExpiryTimeMs): a queued batch expires at its own deadline even when the sender has nothing
  // else to wake up for (here it would look for a leader again only after retry.backoff.ms = 5 s).
  it("testSoonToExpireBatchesArePickedUpForExpiry: the batch expires at its deadline, not at the next wake-up", () => {
    const c = makeCluster({ brokers: 2, topics: { [TOPIC]: 2 } });
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 1_234, "request.timeout.ms": 1_000, "retry.backoff.ms": 5_000, "retry.backoff.max.ms": 5_000 });
    c.crashBroker(1);
    runFor(c, 10_000);
    const r = p.send({ topic: TOPIC, partition: 1, value: "x" });
    runFor(c, 20_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(r.resolvedAtMs! - r.sentAtMs).toBe(1_234);
  });

  // RecordAccumulatorTest.testRecordsDrainedWhenTransactionCompleting: once the transaction is committing, lingering
  // batches are sendable at once.
  it("testRecordsDrainedWhenTransactionCompleting: commit sends the lingering batch without waiting for linger.ms", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-linger", { "linger.ms": 1_000 });
    p.beginTransaction();
    const t0 = c.sim.nowMs;
    sendMany(p, 1);
    let done: string | undefined;
    p.commitTransaction((e) => (done = e));
    runUntil(c, () => done !== undefined, 5_000);
    expect(done).toBe("NONE");
    expect(requestTimes(c)[0]! - t0).toBeLessThan(100);
  });
});
