/**
 * Conformance: Apache Kafka's clients/src/test/java/org/apache/kafka/clients/producer/internals/TransactionManagerTest
 * (the idempotent and transactional producer's state: sequences, epoch bumps, error classes, transactions v1 and v2),
 * replayed through the public API: Producers on a simulated cluster, faults as data, and the requests a producer
 * sends (observed on the cluster's client-request path).
 */
import { describe, expect, it } from "vitest";
import { IllegalStateError, visibleLog, type Cluster, type Producer } from "kafka-sim";
import { TOPIC, abort, commit, events, fault, logBatches, makeCluster, makeProducer, readyIdempotentProducer, readyTransactionalProducer, runFor, runUntil, sendMany } from "./harness.js";

/** Record the API of every request a producer (any instance) sends from now on. */
function watchApis(c: Cluster): string[] {
  const apis: string[] = [];
  // Every client request goes through the simulated network (the producer's host.network).
  const original = c.network.clientRequest.bind(c.network);
  c.network.clientRequest = (from, brokerId, request, onResponse) => {
    if (from.startsWith("producer")) apis.push(request.api);
    original(from, brokerId, request, onResponse);
  };
  return apis;
}

function inTransaction(c: Cluster, p: Producer, values: string[], partition = 0): void {
  p.beginTransaction();
  for (const v of values) p.send({ topic: TOPIC, partition, value: v });
  runFor(c, 100);
}

describe("TransactionManagerTest", () => {
  // TransactionManagerTest.testBasicTransaction: records sent in a committed transaction become visible to
  // read_committed consumers.
  it("testBasicTransaction: commit makes the records visible to read_committed", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-basic");
    inTransaction(c, p, ["a", "b"]);
    expect(visibleLog(c, TOPIC, "read_committed")).toEqual([]);
    expect(commit(c, p)).toBe("NONE");
    expect(p.txnState).toBe("Ready");
    expect(visibleLog(c, TOPIC, "read_committed").map((r) => r.id)).toEqual(["a", "b"]);
  });

  // TransactionManagerTest.testTransactionManagerEnablesV2 (KIP-890, transaction.version=2, the 4.x default): no
  // AddPartitionsToTxn / AddOffsetsToTxn from the client; every transaction's end bumps the epoch, and the next
  // transaction starts at sequence 0 under it.
  it("testTransactionManagerEnablesV2: no AddPartitionsToTxn/AddOffsetsToTxn, epoch + 1 per transaction, sequence 0 again", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const apis = watchApis(c);
    const p = readyTransactionalProducer(c, "tx-v2");
    const epoch = p.epoch;
    inTransaction(c, p, ["a"]);
    let offsets: string | undefined;
    p.sendOffsetsToTransaction("group", [{ topic: "input", partition: 0, offset: 1 }], (e) => (offsets = e));
    runFor(c, 100);
    expect(offsets).toBe("NONE");
    expect(commit(c, p)).toBe("NONE");
    expect(p.epoch).toBe(epoch + 1);
    inTransaction(c, p, ["b"]);
    expect(commit(c, p)).toBe("NONE");
    expect(apis).not.toContain("AddPartitionsToTxn");
    expect(apis).not.toContain("AddOffsetsToTxn");
    expect(logBatches(c).filter((b) => !b.isControl).map((b) => [b.epoch, b.baseSequence])).toEqual([[epoch, 0], [epoch + 1, 0]]);
    expect(c.transactions.committedOffsets.get("group")?.get("input-0")).toBe(1);
  });

  // TransactionManagerTest.testBasicTransaction under transaction.version=1: the client adds partitions and offsets
  // itself, the epoch stays, and sequences continue across transactions.
  it("transaction.version=1: AddPartitionsToTxn is sent, the epoch stays, sequences continue", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const apis = watchApis(c);
    const p = readyTransactionalProducer(c, "tx-v1");
    inTransaction(c, p, ["a"]);
    expect(commit(c, p)).toBe("NONE");
    inTransaction(c, p, ["b"]);
    expect(commit(c, p)).toBe("NONE");
    expect(apis).toContain("AddPartitionsToTxn");
    expect(p.epoch).toBe(0);
    expect(logBatches(c).filter((b) => !b.isControl).map((b) => [b.epoch, b.baseSequence])).toEqual([[0, 0], [0, 1]]);
  });

  // TransactionManagerTest.testNotReadyForSendBeforeBeginTransaction
  it("testNotReadyForSendBeforeBeginTransaction: send() outside a transaction throws", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-not-begun");
    expect(() => p.send({ topic: TOPIC, value: "x" })).toThrow(IllegalStateError);
  });

  // TransactionManagerTest.testDisallowCommitOnProduceFailure: OUT_OF_ORDER_SEQUENCE_NUMBER for the batch next in line
  // of a transactional producer fails it and makes the transaction abortable; it cannot be committed.
  it("testDisallowCommitOnProduceFailure: a refused batch makes the transaction abortable, commit is refused", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-oos", { "linger.ms": 0 });
    p.beginTransaction();
    fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    const [r] = sendMany(p, 1);
    runFor(c, 500);
    expect(r).toMatchObject({ status: "failed", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(p.txnState).toBe("AbortableError");
    expect(() => p.commitTransaction()).toThrow(IllegalStateError);
  });

  // TransactionManagerTest.testAllowAbortOnProduceFailure + testBumpTransactionalEpochOnAbortableError: the abort
  // succeeds and the producer continues under a bumped epoch (InitProducerId after the abort in v1; the EndTxn answer
  // in v2).
  for (const version of [1, 2] as const) {
    it(`testAllowAbortOnProduceFailure (transaction.version=${version}): abort succeeds, epoch + 1, next transaction commits`, () => {
      const c = makeCluster({ transactionVersion: version });
      const apis = watchApis(c);
      const p = readyTransactionalProducer(c, `tx-abort-${version}`, { "linger.ms": 0 });
      const epoch = p.epoch;
      p.beginTransaction();
      fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
      sendMany(p, 1);
      runFor(c, 500);
      expect(abort(c, p)).toBe("NONE");
      runUntil(c, () => p.txnState === "Ready", 10_000);
      if (version === 1) {
        expect(p.epoch).toBe(epoch + 1);
        expect(apis.filter((a) => a === "InitProducerId").length).toBe(2);
      } else expect(p.epoch).toBeGreaterThan(epoch);
      inTransaction(c, p, ["again"]);
      expect(commit(c, p)).toBe("NONE");
      expect(visibleLog(c, TOPIC, "read_committed").map((x) => x.id)).toEqual(["again"]);
    });
  }

  // TransactionManagerTest.testInvalidProducerEpochFromProduce (KIP-588): INVALID_PRODUCER_EPOCH on a produce is an
  // abortable error, not a fatal one; after the abort the producer goes on.
  it("testInvalidProducerEpochFromProduce: abortable, the abort succeeds and the producer is Ready again", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-ipe", { "linger.ms": 0 });
    p.beginTransaction();
    fault(c, { action: "fail-next-produce", error: "INVALID_PRODUCER_EPOCH" });
    const [r] = sendMany(p, 1);
    runFor(c, 500);
    expect(r).toMatchObject({ status: "failed", error: "INVALID_PRODUCER_EPOCH" });
    expect(p.txnState).toBe("AbortableError");
    expect(abort(c, p)).toBe("NONE");
    runUntil(c, () => p.txnState === "Ready", 10_000);
    expect(p.txnState).toBe("Ready");
  });

  // KIP-588 + TransactionManager.EndTxnHandler: a fenced instance first sees INVALID_PRODUCER_EPOCH on a produce
  // (abortable); its abort's EndTxn answers PRODUCER_FENCED, and only then is the error fatal.
  it("a zombie: INVALID_PRODUCER_EPOCH on produce is abortable; the abort's PRODUCER_FENCED makes it fatal", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const zombie = readyTransactionalProducer(c, "tx-zombie", { "linger.ms": 0 }, "producer");
    inTransaction(c, zombie, ["z1"]);
    const fresh = readyTransactionalProducer(c, "tx-zombie", { "linger.ms": 0 }, "producer#2");
    expect(fresh.epoch).toBeGreaterThanOrEqual(zombie.epoch + 2);
    const late = zombie.send({ topic: TOPIC, partition: 0, value: "z2" });
    runFor(c, 500);
    expect(late).toMatchObject({ status: "failed", error: "INVALID_PRODUCER_EPOCH" });
    expect(zombie.txnState).toBe("AbortableError");
    expect(abort(c, zombie)).toBe("PRODUCER_FENCED");
    expect(zombie.txnState).toBe("FatalError");
    expect(zombie.txnError).toBe("PRODUCER_FENCED");
  });

  // TransactionManagerTest.testProducerFencedInAddPartitionToTxn (transaction.version=1): PRODUCER_FENCED from
  // AddPartitionsToTxn is fatal at once.
  it("testProducerFencedInAddPartitionToTxn (v1): fatal at once", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const zombie = readyTransactionalProducer(c, "tx-fenced-v1", { "linger.ms": 0 }, "producer");
    zombie.beginTransaction();
    readyTransactionalProducer(c, "tx-fenced-v1", {}, "producer#2");
    const r = zombie.send({ topic: TOPIC, partition: 0, value: "z" });
    runFor(c, 500);
    expect(zombie.txnState).toBe("FatalError");
    expect(zombie.txnError).toBe("PRODUCER_FENCED");
    expect(r).toMatchObject({ status: "failed", error: "PRODUCER_FENCED" });
  });

  // TransactionManagerTest.testInvalidTxnStateInAddPartitions: INVALID_TXN_STATE from the coordinator is fatal.
  it("testInvalidTxnStateInAddPartitions: fatal", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const p = readyTransactionalProducer(c, "tx-its", { "linger.ms": 0 });
    fault(c, { action: "fail-next-coordinator-request", api: "AddPartitionsToTxn", error: "INVALID_TXN_STATE" });
    p.beginTransaction();
    sendMany(p, 1);
    runFor(c, 500);
    expect(p.txnState).toBe("FatalError");
    expect(p.txnError).toBe("INVALID_TXN_STATE");
  });

  // TransactionManager.AddPartitionsToTxnHandler (abortableErrorIfPossible): INVALID_PRODUCER_ID_MAPPING is abortable.
  it("INVALID_PRODUCER_ID_MAPPING from AddPartitionsToTxn is abortable", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const p = readyTransactionalProducer(c, "tx-ipm", { "linger.ms": 0 });
    fault(c, { action: "fail-next-coordinator-request", api: "AddPartitionsToTxn", error: "INVALID_PRODUCER_ID_MAPPING" });
    p.beginTransaction();
    sendMany(p, 1);
    runFor(c, 500);
    expect(p.txnState).toBe("AbortableError");
    expect(p.txnError).toBe("INVALID_PRODUCER_ID_MAPPING");
  });

  // TransactionManagerTest.testInvalidProducerEpochConvertToProducerFencedInEndTxn: INVALID_PRODUCER_EPOCH from EndTxn
  // is treated as PRODUCER_FENCED: fatal.
  it("testInvalidProducerEpochConvertToProducerFencedInEndTxn: fatal, reported as PRODUCER_FENCED", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-endtxn-ipe", { "linger.ms": 0 });
    inTransaction(c, p, ["a"]);
    fault(c, { action: "fail-next-coordinator-request", api: "EndTxn", error: "INVALID_PRODUCER_EPOCH" });
    expect(commit(c, p)).toBe("PRODUCER_FENCED");
    expect(p.txnState).toBe("FatalError");
    expect(() => p.beginTransaction()).toThrow(IllegalStateError);
  });

  // TransactionManagerTest.testRetriableErrors: CONCURRENT_TRANSACTIONS (and other retriable coordinator errors) are
  // retried; the transaction then commits.
  it("testRetriableErrors: CONCURRENT_TRANSACTIONS twice on AddPartitionsToTxn, then the commit succeeds", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const p = readyTransactionalProducer(c, "tx-retriable", { "linger.ms": 0 });
    fault(c, { action: "fail-next-coordinator-request", api: "AddPartitionsToTxn", error: "CONCURRENT_TRANSACTIONS", count: 2 });
    inTransaction(c, p, ["a"]);
    expect(commit(c, p)).toBe("NONE");
    expect(visibleLog(c, TOPIC, "read_committed").map((x) => x.id)).toEqual(["a"]);
  });

  // TransactionManagerTest.testTransitionToAbortableErrorOnBatchExpiry: a transactional batch that expires puts the
  // producer in an abortable error at once.
  it("testTransitionToAbortableErrorOnBatchExpiry: the expired batch makes the transaction abortable", () => {
    const c = makeCluster({ brokers: 2, topics: { [TOPIC]: 2 } });
    const p = readyTransactionalProducer(c, "tx-expiry", { "delivery.timeout.ms": 10_000, "request.timeout.ms": 5_000, "linger.ms": 0 });
    c.crashBroker(1);
    runFor(c, 10_000);
    p.beginTransaction();
    const r = p.send({ topic: TOPIC, partition: 1, value: "x" });
    runFor(c, 11_000);
    expect(r).toMatchObject({ status: "failed", error: "TIMEOUT" });
    expect(p.txnState).toBe("AbortableError");
  });

  // TransactionManagerTest.testCancelUnsentAddPartitionsAndProduceOnAbort: abort drops the records not yet sent.
  it("testCancelUnsentAddPartitionsAndProduceOnAbort: unsent records fail as aborted and never reach the log", () => {
    const c = makeCluster();
    const p = readyTransactionalProducer(c, "tx-cancel", { "linger.ms": 1_000 });
    p.beginTransaction();
    const [r] = sendMany(p, 1);
    expect(abort(c, p)).toBe("NONE");
    expect(r).toMatchObject({ status: "failed", error: "TRANSACTION_ABORTED" });
    expect(logBatches(c).filter((b) => !b.isControl)).toEqual([]);
  });

  // TransactionManagerTest.testBumpEpochAfterTimeoutWithoutPendingInflightRequests: an idempotent producer whose retried
  // batch expired, with nothing else in flight, bumps its epoch.
  it("testBumpEpochAfterTimeoutWithoutPendingInflightRequests: epoch + 1", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 2_000, "request.timeout.ms": 1_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 1000 });
    sendMany(p, 1);
    runFor(c, 5_000);
    expect(p.epoch).toBe(1);
    expect(events(c, "epoch-bump").length).toBe(1);
  });

  // TransactionManagerTest.testNoProducerIdResetAfterLastInFlightBatchSucceeds: the first batch expires while a later
  // one is still in flight; that one succeeds, so the gap is resolved without a bump.
  it("testNoProducerIdResetAfterLastInFlightBatchSucceeds: the later in-flight batch succeeds, no bump", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 5_000, "request.timeout.ms": 5_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 1000, recordId: "v0" });
    const a = p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 500);
    // v1 waits behind v0's retries (drain takes the head of the queue), goes out with v0's third attempt (~710 ms),
    // and arrives late (~5.2 s): after v0 expired (5 s), before its own deadline (5.5 s).
    fault(c, { action: "delay-next-produce-request", extraMs: 4_500, recordId: "v1" });
    const b = p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 8_000);
    expect(a.error).toBe("TIMEOUT");
    expect(b.status).toBe("acknowledged");
    expect(b.resolvedAtMs!).toBeGreaterThan(a.resolvedAtMs!);
    expect(p.epoch).toBe(0);
  });

  // TransactionManagerTest.testEpochBumpAfterLastInflightBatchFails: the first batch expires and the one still in
  // flight fails too: the epoch is bumped.
  it("testEpochBumpAfterLastInflightBatchFails: both fail, the epoch is bumped", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0, "delivery.timeout.ms": 5_000, "request.timeout.ms": 5_000 });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 1000, recordId: "v0" });
    fault(c, { action: "fail-next-produce", error: "NOT_ENOUGH_REPLICAS", count: 1000, recordId: "v1" });
    const a = p.send({ topic: TOPIC, partition: 0, value: "v0" });
    runFor(c, 10);
    const b = p.send({ topic: TOPIC, partition: 0, value: "v1" });
    runFor(c, 8_000);
    expect([a.error, b.error]).toEqual(["TIMEOUT", "TIMEOUT"]);
    expect(p.epoch).toBe(1);
  });

  // TransactionManagerTest.testProducerIdReset / TransactionManager.bumpIdempotentProducerEpoch: an idempotent producer
  // that must bump past epoch 32767 gets a new producer id (epoch 0) instead, and the batch goes through under it.
  it("testProducerIdReset: at epoch 32767 a bump resets the producer id; the batch succeeds under the new id", () => {
    const c = makeCluster();
    const p = readyIdempotentProducer(c, { "linger.ms": 0 });
    const oldId = p.producerId;
    // Up to the last epoch through the public API (the "bump-producer-epoch" fault is requestEpochBump()).
    while (p.epoch < 32767) {
      p.requestEpochBump();
      runFor(c, 0);
    }
    fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    const [r] = sendMany(p, 1);
    runFor(c, 2_000);
    expect(r!.status).toBe("acknowledged");
    expect(p.producerId).not.toBe(oldId);
    expect(p.epoch).toBe(0);
    expect(logBatches(c).map((b) => [b.producerId, b.epoch, b.baseSequence])).toEqual([[p.producerId, 0, 0]]);
  });

  // TransactionManagerTest.testHealthyPartitionRetriesDuringEpochBump / testProducerIdReset (tp1 keeps its sequence):
  // the bump renumbers the partition that needed it; another partition's batch in flight keeps its numbers, and its
  // next new batch starts at 0 under the new epoch.
  it("testHealthyPartitionRetriesDuringEpochBump: the healthy partition's batch keeps epoch 0, its next starts at 0 under epoch 1", () => {
    const c = makeCluster({ topics: { [TOPIC]: 2 } });
    const p = readyIdempotentProducer(c, { "linger.ms": 0 });
    fault(c, { action: "fail-next-produce", error: "OUT_OF_ORDER_SEQUENCE_NUMBER", recordId: "p0" });
    p.send({ topic: TOPIC, partition: 0, value: "p0" });
    p.send({ topic: TOPIC, partition: 1, value: "q0" });
    runFor(c, 500);
    p.send({ topic: TOPIC, partition: 1, value: "q1" });
    runFor(c, 500);
    expect(p.results.every((r) => r.status === "acknowledged")).toBe(true);
    expect(logBatches(c, 0).map((b) => [b.epoch, b.baseSequence])).toEqual([[1, 0]]);
    expect(logBatches(c, 1).map((b) => [b.epoch, b.baseSequence])).toEqual([[0, 0], [1, 0]]);
  });
});
