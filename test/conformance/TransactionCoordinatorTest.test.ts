/**
 * Conformance: Apache Kafka's core/src/test/scala/unit/kafka/coordinator/transaction/TransactionCoordinatorTest
 * (TransactionCoordinator, TransactionMetadata; transactions v1 and v2, KIP-890), replayed through the public API:
 * InitProducerId, AddPartitionsToTxn, EndTxn and Produce requests sent to a simulated cluster's brokers as a client
 * sends them. `transactionVersion` on an EndTxn request says which protocol the client speaks (EndTxn v5+ = 2; the
 * wire adapter's EndTxn v0–1 clients leave it out, = 1).
 */
import { describe, expect, it } from "vitest";
import {
  apiByKey,
  type AddPartitionsToTxnResponse,
  type Cluster,
  type EndTxnRequest,
  type EndTxnResponse,
  type InitProducerIdResponse,
  type ProduceResponse,
} from "kafka-sim";
import { TOPIC, call, logBatches, makeCluster, runFor } from "./harness.js";

function init(c: Cluster, transactionalId: string | null, transactionTimeoutMs = 60_000): InitProducerIdResponse {
  return call<InitProducerIdResponse>(c, { api: "InitProducerId", transactionalId, transactionTimeoutMs });
}

function addPartitions(c: Cluster, transactionalId: string, producerId: number, producerEpoch: number, partitions = [0]): string {
  const r = call<AddPartitionsToTxnResponse>(c, { api: "AddPartitionsToTxn", transactionalId, producerId, producerEpoch, topics: [{ topic: TOPIC, partitions }] });
  return r.topics[0]!.partitions[0]!.error;
}

function endTxn(c: Cluster, transactionalId: string, producerId: number, producerEpoch: number, committed: boolean, transactionVersion?: 1 | 2): EndTxnResponse {
  const request: EndTxnRequest = { api: "EndTxn", transactionalId, producerId, producerEpoch, committed };
  if (transactionVersion !== undefined) request.transactionVersion = transactionVersion;
  return call<EndTxnResponse>(c, request);
}

/**
 * A transactional produce of one record to partition `partition`, as a client speaking `transactionVersion` sends it
 * (default: the cluster's; with 2 the leader adds the partition to the transaction itself).
 */
function produceTxn(c: Cluster, transactionalId: string, producerId: number, producerEpoch: number, seq: number, partition = 0, transactionVersion: 1 | 2 = c.config.transactionVersion): string {
  const leader = c.partitionState(TOPIC, partition)!.leader;
  const r = call<ProduceResponse>(c, {
    api: "Produce", transactionalId, transactionVersion, acks: -1, timeoutMs: 30_000,
    topics: [{ topic: TOPIC, partitions: [{ partition, batch: { producerId, producerEpoch, baseSequence: seq, isTransactional: true, records: [{ key: null, value: `s${seq}`, headers: [], timestampMs: 0 }] } }] }],
  }, leader);
  return r.topics[0]!.partitions[0]!.error;
}

/** InitProducerId `times` times on broker 0, without the network (fast), returning the last answer. */
function initRepeatedly(c: Cluster, transactionalId: string, times: number): InitProducerIdResponse {
  let last: InitProducerIdResponse | undefined;
  for (let i = 0; i < times; i++) c.endpoint(0).handle({ api: "InitProducerId", transactionalId, transactionTimeoutMs: 60_000 }, (r) => (last = r as InitProducerIdResponse));
  return last!;
}

/** Two brokers, RF=1: partition 1 lives on broker 1 only, the coordinator answers on broker 0. */
function twoBrokers(transactionVersion: 1 | 2 = 1): Cluster {
  return makeCluster({ brokers: 2, topics: { [TOPIC]: 2 }, transactionVersion });
}

describe("TransactionCoordinatorTest", () => {
  // TransactionCoordinatorTest.shouldInitPidWithEpochZeroForNewTransactionalId
  it("shouldInitPidWithEpochZeroForNewTransactionalId", () => {
    const c = makeCluster();
    expect(init(c, "tx")).toMatchObject({ error: "NONE", producerEpoch: 0 });
  });

  // TransactionCoordinatorTest.shouldAcceptInitPidAndReturnNextPidWhenTransactionalIdIsNull
  it("shouldAcceptInitPidAndReturnNextPidWhenTransactionalIdIsNull: a new producer id each time, epoch 0", () => {
    const c = makeCluster();
    const a = init(c, null);
    const b = init(c, null);
    expect([a.error, b.error, a.producerEpoch, b.producerEpoch]).toEqual(["NONE", "NONE", 0, 0]);
    expect(b.producerId).not.toBe(a.producerId);
  });

  // TransactionCoordinatorTest.shouldReturnInvalidRequestWhenTransactionalIdIsEmpty
  it("shouldReturnInvalidRequestWhenTransactionalIdIsEmpty", () => {
    expect(init(makeCluster(), "").error).toBe("INVALID_REQUEST");
  });

  // TransactionCoordinatorTest.shouldIncrementEpochAndUpdateMetadataOnHandleInitPidWhenExistingEmptyTransaction
  it("shouldIncrementEpochAndUpdateMetadataOnHandleInitPidWhenExistingEmptyTransaction: same id, epoch + 1", () => {
    const c = makeCluster();
    const a = init(c, "tx");
    const b = init(c, "tx");
    expect(b).toMatchObject({ error: "NONE", producerId: a.producerId, producerEpoch: 1 });
  });

  // TransactionCoordinatorTest.shouldAbortTransactionOnHandleInitPidWhenExistingTransactionInOngoingState
  // (prepareInitProducerIdTransit, Ongoing → PrepareEpochFence): the coordinator fences with epoch + 1, aborts the open
  // transaction with it and answers CONCURRENT_TRANSACTIONS; the client's retry bumps the epoch again.
  it("shouldAbortTransactionOnHandleInitPidWhenExistingTransactionInOngoingState: CONCURRENT_TRANSACTIONS, abort at e+1, retry e+2", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const a = init(c, "tx");
    expect(addPartitions(c, "tx", a.producerId, 0)).toBe("NONE");
    expect(produceTxn(c, "tx", a.producerId, 0, 0)).toBe("NONE");
    expect(init(c, "tx").error).toBe("CONCURRENT_TRANSACTIONS");
    runFor(c, 100);
    const marker = logBatches(c).find((b) => b.isControl)!;
    expect(marker).toMatchObject({ controlType: "ABORT", epoch: 1 });
    expect(init(c, "tx")).toMatchObject({ error: "NONE", producerId: a.producerId, producerEpoch: 2 });
  });

  // TransactionCoordinatorTest.shouldUseLastEpochToFenceWhenEpochsAreExhausted: at epoch 32766 the open transaction is
  // aborted with the last epoch, 32767; the retried InitProducerId gets a new producer id at epoch 0.
  it("shouldUseLastEpochToFenceWhenEpochsAreExhausted: abort at 32767, then a new producer id at epoch 0", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const a = initRepeatedly(c, "tx", 32767);
    expect(a.producerEpoch).toBe(32766);
    expect(addPartitions(c, "tx", a.producerId, 32766)).toBe("NONE");
    expect(init(c, "tx").error).toBe("CONCURRENT_TRANSACTIONS");
    runFor(c, 100);
    expect(logBatches(c).find((b) => b.isControl)).toMatchObject({ controlType: "ABORT", epoch: 32767, producerId: a.producerId });
    const b = init(c, "tx");
    expect(b.error).toBe("NONE");
    expect(b.producerId).not.toBe(a.producerId);
    expect(b.producerEpoch).toBe(0);
  });

  // TransactionCoordinatorTest.shouldGenerateNewProducerIdIfEpochsExhausted: with no transaction open, an exhausted
  // epoch (32766) gives a new producer id at epoch 0.
  it("shouldGenerateNewProducerIdIfEpochsExhausted", () => {
    const c = makeCluster();
    const a = initRepeatedly(c, "tx", 32767);
    const b = init(c, "tx");
    expect(b.producerId).not.toBe(a.producerId);
    expect(b.producerEpoch).toBe(0);
  });

  // TransactionCoordinatorTest.shouldRespondWithProducerFencedOnAddPartitionsWhenEpochsAreDifferent: any epoch other
  // than the stored one, lower or higher, is PRODUCER_FENCED.
  it("shouldRespondWithProducerFencedOnAddPartitionsWhenEpochsAreDifferent: lower and higher epochs", () => {
    const c = makeCluster({ transactionVersion: 1 });
    init(c, "tx");
    const a = init(c, "tx"); // epoch 1
    expect(addPartitions(c, "tx", a.producerId, 0)).toBe("PRODUCER_FENCED");
    expect(addPartitions(c, "tx", a.producerId, 2)).toBe("PRODUCER_FENCED");
    expect(addPartitions(c, "tx", a.producerId, 1)).toBe("NONE");
  });

  // TransactionCoordinatorTest.shouldRespondWithInvalidPidMappingOnAddPartitionsToTransactionWhenTransactionalIdNotPresent
  it("shouldRespondWithInvalidPidMappingOnAddPartitionsToTransactionWhenTransactionalIdNotPresent", () => {
    expect(addPartitions(makeCluster(), "unknown", 0, 0)).toBe("INVALID_PRODUCER_ID_MAPPING");
  });

  // TransactionCoordinatorTest.shouldReplyWithInvalidPidMappingOnEndTxnWhenTxnIdDoesntExist and ...WhenPidDosentMatchMapped
  it("shouldReplyWithInvalidPidMappingOnEndTxnWhenTxnIdDoesntExist / WhenPidDosentMatchMapped", () => {
    const c = makeCluster();
    expect(endTxn(c, "unknown", 0, 0, true).error).toBe("INVALID_PRODUCER_ID_MAPPING");
    const a = init(c, "tx");
    expect(endTxn(c, "tx", a.producerId + 100, 0, true).error).toBe("INVALID_PRODUCER_ID_MAPPING");
  });

  // TransactionCoordinatorTest.shouldReplyWithProducerFencedOnEndTxnWhenEpochIsNotSameAsTransaction and
  // shouldReturnInvalidEpochOnEndTxnWhenEpochIsLarger / ...Smaller (v1): both are PRODUCER_FENCED.
  it("shouldReplyWithProducerFencedOnEndTxnWhenEpochIsNotSameAsTransaction (v1): lower and higher", () => {
    const c = makeCluster({ transactionVersion: 1 });
    init(c, "tx");
    const a = init(c, "tx"); // epoch 1
    addPartitions(c, "tx", a.producerId, 1);
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("PRODUCER_FENCED");
    expect(endTxn(c, "tx", a.producerId, 2, true, 1).error).toBe("PRODUCER_FENCED");
  });

  // TransactionCoordinatorTest.shouldReturnOkOnEndTxnWhenStatusIsCompleteCommitAndResultIsCommit and
  // shouldReturnInvalidTxnRequestOnEndTxnRequestWhenStatusIsCompleteCommitAndResultIsNotCommit (v1)
  it("v1: a repeated commit after CompleteCommit is NONE; an abort then is INVALID_TXN_STATE", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const a = init(c, "tx");
    addPartitions(c, "tx", a.producerId, 0);
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("NONE");
    runFor(c, 100);
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("NONE");
    expect(endTxn(c, "tx", a.producerId, 0, false, 1).error).toBe("INVALID_TXN_STATE");
  });

  // TransactionCoordinatorTest.shouldReturnConcurrentTransactionsOnEndTxnRequestWhenStatusIsPrepareCommit,
  // shouldReturnInvalidTxnRequestOnEndTxnRequestWhenStatusIsPrepareAbort (the mirror case: ABORT during PrepareCommit),
  // shouldRespondWithConcurrentTransactionsOnAddPartitionsWhenStateIsPrepareCommit and
  // shouldWaitForCommitToCompleteOnHandleInitPidAndExistingTransactionInPrepareCommitState
  it("PrepareCommit (markers pending): same result again CONCURRENT_TRANSACTIONS, abort INVALID_TXN_STATE, AddPartitions and InitProducerId CONCURRENT_TRANSACTIONS", () => {
    const c = twoBrokers(1);
    const a = init(c, "tx");
    expect(addPartitions(c, "tx", a.producerId, 0, [1])).toBe("NONE");
    c.crashBroker(1); // partition 1's only replica: the COMMIT marker cannot be written yet
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("NONE");
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("CONCURRENT_TRANSACTIONS");
    expect(endTxn(c, "tx", a.producerId, 0, false, 1).error).toBe("INVALID_TXN_STATE");
    expect(addPartitions(c, "tx", a.producerId, 0, [0])).toBe("CONCURRENT_TRANSACTIONS");
    expect(init(c, "tx").error).toBe("CONCURRENT_TRANSACTIONS");
  });

  // TransactionCoordinatorTest.shouldAppendPrepareCommitToLogOnEndTxnWhenStatusIsOngoingAndResultIsCommit (TV_2) and
  // TransactionMetadata.prepareAbortOrCommit: in v2 ending a transaction bumps the epoch; the EndTxn answer carries it
  // and the markers are written with it.
  it("v2: EndTxn bumps the epoch, returns it, and the COMMIT marker carries it", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    expect(produceTxn(c, "tx", a.producerId, 0, 0)).toBe("NONE");
    const r = endTxn(c, "tx", a.producerId, 0, true, 2);
    expect(r).toMatchObject({ error: "NONE", producerId: a.producerId, producerEpoch: 1 });
    runFor(c, 100);
    expect(logBatches(c).find((b) => b.isControl)).toMatchObject({ controlType: "COMMIT", epoch: 1 });
  });

  // TransactionCoordinatorTest.shouldReturnInvalidTxnRequestOnEndTxnV2IfNotEndTxnV2Retry: in v2, an EndTxn at the
  // stored (already bumped) epoch after the transaction completed is not a retry but a fenced request.
  it("shouldReturnInvalidTxnRequestOnEndTxnV2IfNotEndTxnV2Retry: PRODUCER_FENCED", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    produceTxn(c, "tx", a.producerId, 0, 0);
    endTxn(c, "tx", a.producerId, 0, true, 2);
    runFor(c, 100);
    expect(endTxn(c, "tx", a.producerId, 1, true, 2).error).toBe("PRODUCER_FENCED");
  });

  // TransactionCoordinator.endTransaction (v2, retryOnEpochBump): a retried EndTxn with the epoch before the bump is
  // answered NONE with the bumped epoch; the other outcome is INVALID_TXN_STATE.
  it("v2 retry of EndTxn with the pre-bump epoch: NONE and the bumped epoch; the other outcome INVALID_TXN_STATE", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    produceTxn(c, "tx", a.producerId, 0, 0);
    endTxn(c, "tx", a.producerId, 0, true, 2);
    runFor(c, 100);
    expect(endTxn(c, "tx", a.producerId, 0, true, 2)).toMatchObject({ error: "NONE", producerEpoch: 1 });
    expect(endTxn(c, "tx", a.producerId, 0, false, 2).error).toBe("INVALID_TXN_STATE");
  });

  // TransactionCoordinatorTest.shouldReturnOkOnEndTxnV2IfEndTxnV2RetryEpochOverflow: ending a v2 transaction at epoch
  // 32766 moves to a new producer id at epoch 0, returned by EndTxn (the marker keeps the old id).
  it("shouldReturnOkOnEndTxnV2IfEndTxnV2RetryEpochOverflow: a new producer id at epoch 0 after ending at 32766", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = initRepeatedly(c, "tx", 32767);
    expect(a.producerEpoch).toBe(32766);
    expect(produceTxn(c, "tx", a.producerId, 32766, 0)).toBe("NONE");
    const r = endTxn(c, "tx", a.producerId, 32766, true, 2);
    expect(r.error).toBe("NONE");
    expect(r.producerId).not.toBe(a.producerId);
    expect(r.producerEpoch).toBe(0);
    runFor(c, 100);
    expect(logBatches(c).find((b) => b.isControl)).toMatchObject({ producerId: a.producerId, controlType: "COMMIT" });
  });

  // TransactionCoordinatorTest.shouldAbortExpiredTransactionsInOngoingStateAndBumpEpoch: a transaction open longer than
  // its timeout is aborted with epoch + 1, which fences the producer.
  it("shouldAbortExpiredTransactionsInOngoingStateAndBumpEpoch: abort marker at e+1; the old epoch is fenced", () => {
    const c = makeCluster({ transactionVersion: 1 });
    const a = init(c, "tx", 1_000);
    addPartitions(c, "tx", a.producerId, 0);
    produceTxn(c, "tx", a.producerId, 0, 0);
    runFor(c, 15_000);
    expect(logBatches(c).find((b) => b.isControl)).toMatchObject({ controlType: "ABORT", epoch: 1 });
    expect(endTxn(c, "tx", a.producerId, 0, true, 1).error).toBe("PRODUCER_FENCED");
    expect(produceTxn(c, "tx", a.producerId, 0, 1)).toBe("INVALID_PRODUCER_EPOCH");
  });

  // KIP-890 part 2 (AddPartitionsToTxnManager / ReplicaManager transaction verification): in v2 the partition leader
  // adds the partition to the transaction when it accepts the first transactional produce.
  it("v2: the partition leader adds the partition to the transaction on the first transactional produce", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    expect(produceTxn(c, "tx", a.producerId, 0, 0)).toBe("NONE");
    const txn = c.transactions.transactions.get("tx")!;
    expect(txn.state).toBe("Ongoing");
    expect([...txn.partitions.keys()]).toEqual([`${TOPIC}-0`]);
  });

  // AddPartitionsToTxnManager: the coordinator's PRODUCER_FENCED during produce verification reaches the producer as
  // INVALID_PRODUCER_EPOCH.
  it("v2: a produce from a fenced epoch is INVALID_PRODUCER_EPOCH", () => {
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    init(c, "tx"); // epoch 1: epoch 0 is fenced
    expect(produceTxn(c, "tx", a.producerId, 0, 0)).toBe("INVALID_PRODUCER_EPOCH");
  });

  // A 4.x broker keeps serving transactions v1 to clients whose EndTxn is below v5 (kafkajs 2.2.4, librdkafka 2.0):
  // the wire adapter's EndTxn (v0–1) decodes without a transaction version, and such an EndTxn does not bump the epoch.
  it("EndTxn below v5 (the wire path): transactions v1 on a v2 cluster, no epoch bump", () => {
    const api = apiByKey(26)!;
    expect(api.maxVersion).toBeLessThan(5);
    const c = makeCluster({ transactionVersion: 2 });
    const a = init(c, "tx");
    expect(addPartitions(c, "tx", a.producerId, 0)).toBe("NONE");
    expect(produceTxn(c, "tx", a.producerId, 0, 0, 0, 1)).toBe("NONE");
    const r = endTxn(c, "tx", a.producerId, 0, true);
    expect(r.error).toBe("NONE");
    runFor(c, 100);
    expect(logBatches(c).find((b) => b.isControl)).toMatchObject({ controlType: "COMMIT", epoch: 0 });
    expect(addPartitions(c, "tx", a.producerId, 0)).toBe("NONE"); // still epoch 0: the next transaction
  });
});
