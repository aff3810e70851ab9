/**
 * Conformance: Apache Kafka's storage/src/test/java/org/apache/kafka/storage/internals/log/ProducerStateManagerTest
 * (and the duplicate handling its class feeds in UnifiedLog), replayed through the public API: Produce requests as a
 * client sends them to a partition leader, transaction markers written by the leader, and follower appends.
 * Each case names the Kafka test method whose situation it replays; the expected outcome is Kafka's.
 */
import { describe, expect, it } from "vitest";
import { INT32_MAX, NUM_BATCHES_TO_RETAIN, ProducerStateManager, Replica, defaultStateTableFactory, type Cluster, type ProduceResponse } from "kafka-sim";
import { TOPIC, call, makeCluster } from "./harness.js";

/** A Produce of `count` records from (producerId, epoch) starting at `seq`, acks=all, answered by the leader. */
function produce(c: Cluster, producerId: number, epoch: number, seq: number, count = 1, transactional = false): { error: string; baseOffset: number } {
  const records = Array.from({ length: count }, (_, i) => ({ key: null, value: `p${producerId}e${epoch}s${seq + i}`, headers: [], timestampMs: c.sim.nowMs }));
  const r = call<ProduceResponse>(c, {
    api: "Produce",
    transactionalId: transactional ? "tx" : null,
    acks: -1,
    timeoutMs: 30_000,
    topics: [{ topic: TOPIC, partitions: [{ partition: 0, batch: { producerId, producerEpoch: epoch, baseSequence: seq, isTransactional: transactional, records } }] }],
  });
  const p = r.topics[0]!.partitions[0]!;
  return { error: p.error, baseOffset: p.baseOffset };
}

function leader(c: Cluster) {
  c.ensureTopic(TOPIC);
  return c.brokers[c.partitionState(TOPIC, 0)!.leader]!;
}

describe("ProducerStateManagerTest", () => {
  // ProducerStateManagerTest.testBasicIdMapping: sequences must follow on from the last one, per producer and epoch.
  it("testBasicIdMapping: in-sequence appends are accepted, a gap is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const c = makeCluster();
    expect(produce(c, 7, 0, 0)).toEqual({ error: "NONE", baseOffset: 0 });
    expect(produce(c, 7, 0, 1)).toEqual({ error: "NONE", baseOffset: 1 });
    expect(produce(c, 7, 0, 3).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(produce(c, 7, 0, 2)).toEqual({ error: "NONE", baseOffset: 2 });
  });

  // ProducerStateManagerTest.testBasicIdMapping (the epoch part): a new epoch must start at sequence 0.
  it("testBasicIdMapping: a newer epoch starting at 0 is accepted; one starting elsewhere is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const c = makeCluster();
    produce(c, 7, 0, 0);
    produce(c, 7, 0, 1);
    expect(produce(c, 7, 1, 5).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(produce(c, 7, 1, 0).error).toBe("NONE");
    expect(produce(c, 7, 1, 1).error).toBe("NONE");
  });

  // UnifiedLog.analyzeAndValidateProducerState + ProducerStateEntry.findDuplicateBatch (UnifiedLogTest.testDuplicateAppends):
  // a retried batch equal to a retained one is answered with success and its original offsets, and not written again.
  it("a duplicate of a retained batch is success with the original offsets, nothing written", () => {
    const c = makeCluster();
    expect(produce(c, 3, 0, 0, 2)).toEqual({ error: "NONE", baseOffset: 0 });
    expect(produce(c, 3, 0, 2, 2)).toEqual({ error: "NONE", baseOffset: 2 });
    expect(produce(c, 3, 0, 0, 2)).toEqual({ error: "NONE", baseOffset: 0 });
    expect(c.leaderReplica(TOPIC, 0)!.logEndOffset).toBe(4);
  });

  // ProducerStateEntry.NUM_BATCHES_TO_RETAIN (UnifiedLogTest.testDuplicateAppends): only the last 5 batches are kept; a
  // retry of an older one is no longer recognised and is OUT_OF_ORDER_SEQUENCE_NUMBER.
  it("only the last NUM_BATCHES_TO_RETAIN (5) batches are recognised as duplicates", () => {
    expect(NUM_BATCHES_TO_RETAIN).toBe(5);
    const c = makeCluster();
    for (let s = 0; s < 6; s++) expect(produce(c, 3, 0, s).error).toBe("NONE");
    expect(produce(c, 3, 0, 0).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(produce(c, 3, 0, 1)).toEqual({ error: "NONE", baseOffset: 1 });
  });

  // ProducerAppendInfo.checkSequence: a batch overlapping a retained one without being equal to it is out of order.
  it("a partial overlap with a retained batch is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const c = makeCluster();
    produce(c, 3, 0, 0, 3);
    expect(produce(c, 3, 0, 1, 3).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  // ProducerStateManagerTest.testProducerSequenceWrapAround: after Int.MaxValue the sequence goes on at 0.
  it("testProducerSequenceWrapAround: after sequence 2147483647 the next batch starts at 0", () => {
    const c = makeCluster();
    expect(produce(c, 9, 15, INT32_MAX - 1, 2).error).toBe("NONE");
    expect(produce(c, 9, 15, 0).error).toBe("NONE");
  });

  // ProducerStateManagerTest.testProducerSequenceWithWrapAroundBatchRecord: one batch may wrap; the next follows its last.
  it("testProducerSequenceWithWrapAroundBatchRecord: a batch that wraps is followed by its last sequence + 1", () => {
    const c = makeCluster();
    expect(produce(c, 9, 15, INT32_MAX - 10, 21).error).toBe("NONE"); // INT32_MAX-10 … INT32_MAX, then 0 … 9
    expect(produce(c, 9, 15, 11).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(produce(c, 9, 15, 10).error).toBe("NONE");
  });

  // ProducerStateManagerTest.testProducerSequenceInvalidWrapAround: 0 follows only Int.MaxValue, not any sequence.
  it("testProducerSequenceInvalidWrapAround: sequence 0 after 16 (same epoch) is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const c = makeCluster();
    produce(c, 9, 15, 16);
    expect(produce(c, 9, 15, 0).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  // ProducerStateManagerTest.testNoValidationOnFirstEntryWhenLoadingLog and ProducerAppendInfo.checkSequence (Kafka >= 2.5):
  // with no state for the producer id, any sequence is accepted.
  it("no state for the producer id: any first sequence is accepted", () => {
    const c = makeCluster();
    expect(produce(c, 42, 3, 17).error).toBe("NONE");
    expect(produce(c, 42, 3, 18).error).toBe("NONE");
  });

  // ProducerStateManagerTest.testControlRecordBumpsProducerEpoch: a marker with a newer epoch fences the older epoch.
  it("testControlRecordBumpsProducerEpoch: after a marker at epoch 1, epoch 0 is INVALID_PRODUCER_EPOCH and epoch 1 starts at 0", () => {
    const c = makeCluster();
    expect(produce(c, 5, 0, 0, 1, true).error).toBe("NONE");
    expect(leader(c).writeTxnMarker(TOPIC, 0, 5, 1, "ABORT")).toBe(true);
    expect(produce(c, 5, 0, 1, 1, true).error).toBe("INVALID_PRODUCER_EPOCH");
    expect(produce(c, 5, 1, 0, 1, true).error).toBe("NONE");
  });

  // ProducerStateManagerTest.testOutOfSequenceAfterControlRecordEpochBump: the new epoch must start at sequence 0.
  it("testOutOfSequenceAfterControlRecordEpochBump: after the marker's epoch bump, sequence 1 is OUT_OF_ORDER_SEQUENCE_NUMBER", () => {
    const c = makeCluster();
    produce(c, 5, 0, 0, 1, true);
    produce(c, 5, 0, 1, 1, true);
    leader(c).writeTxnMarker(TOPIC, 0, 5, 1, "COMMIT");
    expect(produce(c, 5, 1, 1, 1, true).error).toBe("OUT_OF_ORDER_SEQUENCE_NUMBER");
  });

  // ProducerStateManagerTest.testProducerStateAfterFencingAbortMarker: an abort marker from the coordinator fences the epoch.
  it("testProducerStateAfterFencingAbortMarker: the marker's epoch is adopted, the old batches are forgotten", () => {
    const t = new ProducerStateManager();
    t.append({ producerId: 1, epoch: 0, firstSeq: 0, lastSeq: 0 }, 0);
    t.markTransactionEnd(1, 1);
    expect(t.get(1)).toEqual({ epoch: 1, batches: [] });
    expect(t.append({ producerId: 1, epoch: 0, firstSeq: 1, lastSeq: 1 }, 2)).toEqual({ kind: "error", error: "INVALID_PRODUCER_EPOCH" });
  });

  // ProducerStateManagerTest.testAppendTxnMarkerWithNoProducerState: a marker for an unknown producer creates its state.
  it("testAppendTxnMarkerWithNoProducerState: a marker for an unknown producer id records its epoch", () => {
    const t = new ProducerStateManager();
    t.markTransactionEnd(2, 4);
    expect(t.get(2)?.epoch).toBe(4);
    expect(t.append({ producerId: 2, epoch: 3, firstSeq: 0, lastSeq: 0 }, 0)).toEqual({ kind: "error", error: "INVALID_PRODUCER_EPOCH" });
  });

  // ProducerStateManagerTest.testAcceptAppendWithSequenceGapsOnReplica (and ...WithoutProducerStateOnReplica):
  // followers copy the leader's batches without validating sequences.
  it("testAcceptAppendWithSequenceGapsOnReplica: a follower accepts a sequence gap and records the state", () => {
    const r = new Replica(TOPIC, 0, 1, defaultStateTableFactory);
    const batch = (seq: number, offset: number) => ({
      producerId: 8, producerEpoch: 0, baseSequence: seq, isTransactional: false, isControl: false,
      records: [{ key: null, value: `s${seq}`, headers: [], timestampMs: 0 }], baseOffset: offset, partitionLeaderEpoch: 0,
    });
    r.appendAsFollower([batch(0, 0), batch(5, 1)]);
    expect(r.logEndOffset).toBe(2);
    expect(r.producerState.get(8)?.batches.map((b) => b.firstSeq)).toEqual([0, 5]);
  });
});
