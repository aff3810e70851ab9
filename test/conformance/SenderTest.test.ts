/**
 * Conformance: Apache Kafka's clients/src/test/java/org/apache/kafka/clients/producer/internals/SenderTest, replayed
 * through the public API: a simulated cluster, a Producer, and faults as data (a refused produce, a lost response, a
 * delayed request, a crashed leader). Each case names the SenderTest method whose situation it replays and checks
 * Kafka 4.x's outcome (Sender, TransactionManager.canRetry / maybeResolveSequences, RecordAccumulator, NetworkClient).
 */
import { describe, expect, it } from "vitest";
import { TOPIC, events, fault, logBatches, logValues, makeCluster, makeProducer, readyIdempotentProducer, readyTransactionalProducer, runFor, runUntil, sendMany } from "./harness.js";

/** Times at which the producer sent a produce request (trace "request" events from it). */
function requestTimes(c: ReturnType<typeof makeCluster>, from = "producer"): number[] {
  return events(c, "request", from).filter((e) => e.api === "Produce").map((e) => e.atMs);
}

describe("SenderTest", () => {
  // SenderTest.testSimple
  it("testSimple: one record is acknowledged at offset 0 under producer id/epoch 0 and sequence 0", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c);
    const [r] = sendMany(p, 1);
    runFor(c, 100);
    expect(r).toMatchObject({ status: "acknowledged", offset: 0, attempts: 1 });
    expect(logBatches(c)).toEqual([{ producerId: p.producerId, epoch: 0, baseSequence: 0, count: 1, isControl: false, controlType: undefined }]);
  });

  // SenderTest.testSequenceNumberIncrement / TransactionManagerTest.testDefaultSequenceNumber: sequences go up by the
  // number of records per batch.
  it("testSequenceNumberIncrement: batches of 3 and 2 records get base sequences 0 and 3", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 10 });
    sendMany(p, 3, 0, "a");
    runFor(c, 50);
    sendMany(p, 2, 0, "b");
    runFor(c, 50);
    expect(logBatches(c).map((b) => [b.baseSequence, b.count])).toEqual([[0, 3], [3, 2]]);
  });

  // SenderTest.testRetries: without idempotence, a retriable error is retried `retries` times, then the batch fails.
  it("testRetries: retries=1 and two NOT_LEADER_OR_FOLLOWER answers: two attempts, then failed", () => {
    const c = makeCluster();
    const p = makeProducer(c, { "enable.idempotence": false, retries: 1, "linger.ms": 0 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER", count: 2 });
    const [r] = sendMany(p, 1);
    runFor(c, 5_000);
    expect(r).toMatchObject({ status: "failed", error: "NOT_LEADER_OR_FOLLOWER", attempts: 2 });
  });

  // SenderTest.testSenderShouldRetryWithBackoffOnRetriableError: the retry waits retry.backoff.ms after the failure.
  it("testSenderShouldRetryWithBackoffOnRetriableError: the retry goes out retry.backoff.ms after the error", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 250 });
    const t0 = c.sim.nowMs;
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" });
    const [r] = sendMany(p, 1);
    runFor(c, 2_000);
    expect(r!.status).toBe("acknowledged");
    const [first, second] = requestTimes(c);
    expect(first).toBe(t0);
    // sent at t0, refused at t0+1, answer back at t0+2: the retry leaves 250 ms later
    expect(second).toBe(t0 + 2 + 250);
  });

  // SenderTest.testBumpEpochWhenOutOfOrderSequenceReceived (KIP-360, TransactionManager.canRetry): an idempotent producer
  // that gets OUT_OF_ORDER_SEQUENCE_NUMBER for the batch next in line bumps its epoch and retries the batch; the send
  // is not failed.
  it("testBumpEpochWhenOutOfOrderSequenceReceived: the batch is retried under epoch 1 from sequence 0 and succeeds", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0 });
    fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    const [r] = sendMany(p, 1);
    runFor(c, 2_000);
    expect(r).toMatchObject({ status: "acknowledged", attempts: 2 });
    expect(r!.error).toBeUndefined();
    expect(p.epoch).toBe(1);
    expect(logBatches(c).map((b) => [b.epoch, b.baseSequence])).toEqual([[1, 0]]);
    expect(events(c, "fail")).toEqual([]);
  });

  // SenderTest.testEpochBumpOnOutOfOrderSequenceForNextBatch: the first batch (2 records) is acknowledged, the next one
  // gets OUT_OF_ORDER_SEQUENCE_NUMBER: the epoch goes to 1 and that batch is renumbered from 0 and retried.
  it("testEpochBumpOnOutOfOrderSequenceForNextBatch: epoch 1, the second batch renumbered from 0, both delivered once", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "a0" });
    p.send({ topic: TOPIC, partition: 0, value: "a1" });
    runFor(c, 100);
    fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    const r = p.send({ topic: TOPIC, partition: 0, value: "b0" });
    runFor(c, 2_000);
    expect(r.status).toBe("acknowledged");
    expect(p.epoch).toBe(1);
    expect(logBatches(c).map((b) => [b.epoch, b.baseSequence, b.count])).toEqual([[0, 0, 2], [1, 0, 1]]);
    expect(logValues(c)).toEqual(["a0", "a1", "b0"]);
  });

  // SenderTest.testCorrectHandlingOfOutOfOrderResponses: a batch refused with OUT_OF_ORDER_SEQUENCE_NUMBER because an
  // earlier batch is still on its way is not next in line: it is retried without an epoch bump.
  it("testCorrectHandlingOfOutOfOrderResponses: the overtaking batch is retried, no epoch bump, the log in send order", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0 });
    sendMany(p, 1, 0, "a");
    runFor(c, 100);
    fault(c, { action: "delay-next-produce-request", extraMs: 50 });
    const b = p.send({ topic: TOPIC, partition: 0, value: "b" });
    runFor(c, 5);
    const d = p.send({ topic: TOPIC, partition: 0, value: "d" });
    runFor(c, 2_000);
    expect([b.status, d.status]).toEqual(["acknowledged", "acknowledged"]);
    expect(p.epoch).toBe(0);
    expect(events(c, "reject").map((e) => e.error)).toEqual(["OUT_OF_ORDER_SEQUENCE_NUMBER"]);
    expect(logValues(c)).toEqual(["a0", "b", "d"]);
  });

  // SenderTest.testIdempotenceWithMultipleInflightsRetriedInOrder: several batches in flight, the first answer lost;
  // the retries go in sequence order and the broker recognises the ones it already has.
  it("testIdempotenceWithMultipleInflightsRetriedInOrder: a lost answer with 3 batches in flight: log once each, in order", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "request.timeout.ms": 1_000, "delivery.timeout.ms": 10_000 });
    fault(c, { action: "drop-next-produce-response" });
    for (let i = 0; i < 3; i++) {
      p.send({ topic: TOPIC, partition: 0, value: `v${i}` });
      runFor(c, 1);
    }
    runFor(c, 5_000);
    expect(p.results.every((r) => r.status === "acknowledged")).toBe(true);
    expect(logValues(c)).toEqual(["v0", "v1", "v2"]);
  });

  // SenderTest.testCanRetryWithoutIdempotence: without idempotence a retry goes to the head of the queue while later
  // batches already went out, so the log can be reordered (RecordAccumulator.reenqueue: addFirst).
  it("testCanRetryWithoutIdempotence: the first batch fails once, the second lands first: log reordered", () => {
    const c = makeCluster();
    const p = makeProducer(c, { "enable.idempotence": false, "linger.ms": 0 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" });
    p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 1);
    p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 2_000);
    expect(p.results.map((r) => r.status)).toEqual(["acknowledged", "acknowledged"]);
    expect(logValues(c)).toEqual(["v1", "v0"]);
  });

  // NetworkClient.handleTimedOutRequests + Sender.handleProduceResponse (wasTimedOut): when one request times out the
  // connection is closed and every request in flight on it fails as timed out (REQUEST_TIMED_OUT), then is retried.
  it("request timeout: every request in flight on the connection fails with REQUEST_TIMED_OUT and is retried", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "request.timeout.ms": 1_000, "delivery.timeout.ms": 10_000 });
    fault(c, { action: "drop-next-produce-response" });
    p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 1);
    p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 5_000);
    const timedOut = events(c, "retry").filter((e) => e.error !== undefined);
    expect(timedOut.map((e) => [e.recordIds?.[0], e.error])).toEqual([["v0", "REQUEST_TIMED_OUT"], ["v1", "REQUEST_TIMED_OUT"]]);
    expect(logValues(c)).toEqual(["v0", "v1"]);
  });

  // SenderTest.testExpiryOfUnsentBatchesShouldNotCauseUnresolvedSequences: a batch that was never sent (its partition
  // has no leader) expires without marking the sequence unresolved: no epoch bump.
  it("testExpiryOfUnsentBatchesShouldNotCauseUnresolvedSequences: never sent, expired, epoch unchanged", () => {
    const c = makeCluster({ brokers: 2, topics: { [TOPIC]: 2 } });
    const p = readyIdempotentProducer(c, { "delivery.timeout.ms": 20_000, "request.timeout.ms": 5_000 });
    c.crashBroker(1);
    runFor(c, 10_000); // the controller fences broker 1: partition 1 (replica on broker 1 only) has no leader
    expect(c.partitionState(TOPIC, 1)!.leader).toBe(-1);
    const r = p.send({ topic: TOPIC, partition: 1, value: "x" });
    runFor(c, 30_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT", attempts: 0 });
    expect(p.epoch).toBe(0);
    expect(events(c, "epoch-bump")).toEqual([]);
  });

  // SenderTest.testExpiryOfFirstBatchShouldNotCauseUnresolvedSequencesIfFutureBatchesSucceed
  // (TransactionManager.maybeResolveSequences): the first batch, retried, expires; a later batch of the partition is
  // acknowledged, so the gap is resolved without an epoch bump.
  it("testExpiryOfFirstBatchShouldNotCauseUnresolvedSequencesIfFutureBatchesSucceed: no epoch bump", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 2_000, "request.timeout.ms": 1_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER", count: 1000, recordId: "v0" });
    const a = p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 10);
    const b = p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 5_000);
    expect(a).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(b.status).toBe("acknowledged");
    expect(p.epoch).toBe(0);
    expect(events(c, "epoch-bump")).toEqual([]);
  });

  // SenderTest.testExpiryOfFirstBatchShouldCauseEpochBumpIfFutureBatchesFail: every batch sent expires after being
  // retried; nothing after them was acknowledged, so the idempotent producer bumps its epoch; the next batch goes out
  // under the new epoch from sequence 0.
  it("testExpiryOfFirstBatchShouldCauseEpochBumpIfFutureBatchesFail: epoch bump, then sequence 0 under epoch 1", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 2_000, "request.timeout.ms": 1_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER", count: 1000, recordId: "v0" });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER", count: 1000, recordId: "v1" });
    const a = p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 10);
    const b = p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 5_000);
    expect([a.error, b.error]).toEqual(["TIMEOUT", "TIMEOUT"]);
    expect(p.epoch).toBe(1);
    const d = p.send({ topic: TOPIC, partition: 0, value: "v2" });
    runFor(c, 1_000);
    expect(d.status).toBe("acknowledged");
    expect(logBatches(c).map((x) => [x.epoch, x.baseSequence])).toEqual([[1, 0]]);
  });

  // SenderTest.testExpiryOfAllSentBatchesShouldCauseUnresolvedSequences: one batch, refused with a retriable error and
  // then expired in the accumulator: its sequence is unresolved, and with nothing in flight the epoch is bumped.
  it("testExpiryOfAllSentBatchesShouldCauseUnresolvedSequences: the retried batch expires, the epoch is bumped", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 1_500, "request.timeout.ms": 1_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER", count: 1000 });
    const [r] = sendMany(p, 1);
    runFor(c, 3_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(p.epoch).toBe(1);
  });

  // SenderTest.testInflightBatchesExpireOnDeliveryTimeout (Sender.getExpiredInflightBatches): a batch whose request is
  // still in flight at its delivery deadline fails then, with a timeout, not when the request ends.
  it("testInflightBatchesExpireOnDeliveryTimeout: the in-flight retry fails at createdMs + delivery.timeout.ms", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 30_000, "request.timeout.ms": 30_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" });
    const [r] = sendMany(p, 1);
    runFor(c, 50); // refused; the retry waits for its backoff
    fault(c, { action: "delay-next-produce-request", extraMs: 40_000 });
    runFor(c, 31_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(r!.resolvedAtMs! - r!.sentAtMs).toBe(30_000);
  });

  // SenderTest.testProducerBatchRetriesWhenPartitionLeaderChanges (KAFKA-15415, RecordAccumulator.shouldBackoff): a
  // batch waiting to be retried is sent as soon as its partition has a new leader, without waiting for its backoff.
  it("testProducerBatchRetriesWhenPartitionLeaderChanges: the retry follows the leader change at once", () => {
    const c = makeCluster({ brokers: 2, replicationFactor: 2 });
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 3_000, "retry.backoff.max.ms": 3_000 });
    runFor(c, 500);
    const before = c.partitionState(TOPIC, 0)!.leader;
    c.crashBroker(before);
    runFor(c, 100);
    const [r] = sendMany(p, 1);
    runUntil(c, () => r!.status !== "pending", 60_000);
    expect(r!.status).toBe("acknowledged");
    const change = events(c, "leader-change").find((e) => !/no leader/.test(e.note ?? ""))!;
    const last = requestTimes(c).at(-1)!;
    expect(last - change.atMs).toBeLessThan(10);
  });

  // SenderTest.testWhenProduceResponseReturnsWithALeaderShipChangeErrorButNoNewLeaderInformation: NOT_LEADER_OR_FOLLOWER
  // without a new leader known: the retry waits for its backoff.
  it("testWhenProduceResponseReturnsWithALeaderShipChangeErrorButNoNewLeaderInformation: backoff applies", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "retry.backoff.ms": 500, "retry.backoff.max.ms": 500 });
    fault(c, { action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" });
    sendMany(p, 1);
    runFor(c, 2_000);
    const [first, second] = requestTimes(c);
    expect(second! - first!).toBe(2 + 500);
  });

  // SenderTest.testInvalidTxnStateIsAnAbortableError: INVALID_TXN_STATE on a transactional produce fails the batch
  // and puts the producer in an abortable (not fatal) error; the abort succeeds and a new transaction can begin.
  it("testInvalidTxnStateIsAnAbortableError: abortable at once, abort succeeds, next transaction begins", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-invalid-state", { "linger.ms": 0 });
    p.beginTransaction();
    fault(c, { action: "fail-next-produce", error: "INVALID_TXN_STATE" });
    const [r] = sendMany(p, 1);
    runFor(c, 500);
    expect(r).toMatchObject({ status: "failed", error: "INVALID_TXN_STATE" });
    expect(p.txnState).toBe("AbortableError");
    let aborted: string | undefined;
    p.abortTransaction((e) => (aborted = e));
    runUntil(c, () => p.txnState === "Ready", 10_000);
    expect(aborted).toBe("NONE");
    expect(() => p.beginTransaction()).not.toThrow();
  });

  // SenderTest.testAwaitPendingRecordsBeforeCommittingTransaction: EndTxn(commit) is sent only after every record of
  // the transaction is acknowledged.
  it("testAwaitPendingRecordsBeforeCommittingTransaction: the commit waits for the in-flight produce", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-await", { "linger.ms": 0 });
    p.beginTransaction();
    fault(c, { action: "delay-next-produce-request", extraMs: 300 });
    const [r] = sendMany(p, 1);
    let committedAt = -1;
    p.commitTransaction((e) => {
      if (e === "NONE") committedAt = c.sim.nowMs;
    });
    runFor(c, 2_000);
    expect(r!.status).toBe("acknowledged");
    expect(committedAt).toBeGreaterThan(r!.resolvedAtMs!);
  });
});
