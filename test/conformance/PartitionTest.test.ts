/**
 * Conformance: Apache Kafka's core/src/test/scala/unit/kafka/cluster/PartitionTest (kafka.cluster.Partition: the
 * leader's high watermark, the ISR, min.insync.replicas) and the order of checks in Partition.appendRecordsToLeader /
 * ReplicaManager.appendRecordsToLeader, replayed on a simulated cluster through the public API.
 * Not modelled (said in the course): Kafka 4.x's Eligible Leader Replicas (KIP-966) in leader election.
 */
import { describe, expect, it } from "vitest";
import { visibleLog, type Cluster, type ProduceResponse } from "kafka-sim";
import { TOPIC, call, events, makeCluster, makeProducer, runFor, runUntil } from "./harness.js";

function produceBatch(c: Cluster, producerId: number, seq: number, acks: -1 | 1 = -1, timeoutMs = 30_000): { error: string; baseOffset: number } {
  const r = call<ProduceResponse>(c, {
    api: "Produce",
    transactionalId: null,
    acks,
    timeoutMs,
    topics: [{ topic: TOPIC, partitions: [{ partition: 0, batch: { producerId, producerEpoch: 0, baseSequence: seq, isTransactional: false, records: [{ key: null, value: `s${seq}`, headers: [], timestampMs: 0 }] } }] }],
  }, c.partitionState(TOPIC, 0)!.leader, 120_000);
  const p = r.topics[0]!.partitions[0]!;
  return { error: p.error, baseOffset: p.baseOffset };
}

/** RF=3 on 3 brokers, partition 0 led by broker 0; the followers (1, 2) crashed and fenced: ISR = [0]. */
function leaderAlone(minInsyncReplicas: number): Cluster {
  const c = makeCluster({ brokers: 3, replicationFactor: 3, minInsyncReplicas });
  runFor(c, 1_000);
  c.crashBroker(1);
  c.crashBroker(2);
  runFor(c, 10_000);
  expect(c.partitionState(TOPIC, 0)!.isr).toEqual([0]);
  return c;
}

describe("PartitionTest", () => {
  // PartitionTest.testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR (KAFKA-15583, Partition.maybeIncrementLeaderHW):
  // while the ISR is smaller than min.insync.replicas the high watermark stays put; an acks=1 write is acknowledged
  // by the leader but no consumer sees it until the ISR grows back.
  it("testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR: acks=1 acknowledged, invisible until the ISR is back", () => {
    const c = leaderAlone(2);
    const p = makeProducer(c, { acks: "1", "linger.ms": 0 });
    const r = p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 1_000);
    expect(r.status).toBe("acknowledged");
    expect(c.leaderReplica(TOPIC, 0)!.highWatermark).toBe(0);
    expect(visibleLog(c, TOPIC)).toEqual([]);
    c.restartBroker(1);
    runUntil(c, () => c.partitionState(TOPIC, 0)!.isr.length >= 2, 30_000);
    runFor(c, 1_000);
    expect(c.leaderReplica(TOPIC, 0)!.highWatermark).toBe(1);
    expect(visibleLog(c, TOPIC).map((x) => x.id)).toEqual(["x"]);
  });

  // Partition.maybeIncrementLeaderHW: at or above min.insync.replicas the leader alone moves the high watermark.
  it("testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR (control): with min.insync.replicas=1 the leader alone moves it", () => {
    const c = leaderAlone(1);
    const p = makeProducer(c, { acks: "1", "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 1_000);
    expect(c.leaderReplica(TOPIC, 0)!.highWatermark).toBe(1);
  });

  // Partition.effectiveMinIsr: min(min.insync.replicas, replication factor). RF=1 with min.insync.replicas=2 accepts
  // acks=all and its high watermark moves.
  it("effectiveMinIsr: RF=1 with min.insync.replicas=2 accepts acks=all", () => {
    const c = makeCluster({ brokers: 1, replicationFactor: 1, minInsyncReplicas: 2 });
    const p = makeProducer(c, { "linger.ms": 0 });
    const r = p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 1_000);
    expect(r.status).toBe("acknowledged");
    expect(visibleLog(c, TOPIC).map((x) => x.id)).toEqual(["x"]);
  });

  // PartitionTest.testIsUnderMinIsr + Partition.appendRecordsToLeader: acks=all with the ISR below min.insync.replicas
  // is refused with NOT_ENOUGH_REPLICAS before anything is written.
  it("appendRecordsToLeader: acks=all under min ISR is NOT_ENOUGH_REPLICAS and writes nothing", () => {
    const c = leaderAlone(2);
    expect(produceBatch(c, 4, 0).error).toBe("NOT_ENOUGH_REPLICAS");
    expect(c.leaderReplica(TOPIC, 0)!.logEndOffset).toBe(0);
  });

  // ReplicaManager.appendRecordsToLeader → Partition.appendRecordsToLeader checks min ISR before UnifiedLog's duplicate
  // detection: a retried duplicate while the ISR is too small gets NOT_ENOUGH_REPLICAS, not the duplicate's success.
  it("the min-ISR check comes before duplicate detection", () => {
    const c = makeCluster({ brokers: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    runFor(c, 1_000);
    expect(produceBatch(c, 4, 0)).toEqual({ error: "NONE", baseOffset: 0 });
    c.crashBroker(1);
    c.crashBroker(2);
    runFor(c, 10_000);
    expect(produceBatch(c, 4, 0).error).toBe("NOT_ENOUGH_REPLICAS");
  });

  // PartitionTest.testMaybeShrinkIsr: a follower that has not caught up for replica.lag.time.max.ms leaves the ISR.
  it("testMaybeShrinkIsr: a silent follower leaves the ISR after replica.lag.time.max.ms", () => {
    const c = makeCluster({ brokers: 3, replicationFactor: 3, replicaLagTimeMaxMs: 2_000, brokerSessionTimeoutMs: 600_000 });
    runFor(c, 1_000);
    c.isolateBroker(2);
    const p = makeProducer(c, { acks: "1", "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 5_000);
    expect(c.partitionState(TOPIC, 0)!.isr).toEqual([0, 1]);
    expect(events(c, "isr-change").some((e) => /replica\.lag\.time\.max\.ms/.test(e.note ?? ""))).toBe(true);
  });

  // PartitionTest.testIsrExpansion: a follower that catches up with the leader joins the ISR again.
  it("testIsrExpansion: the follower back and caught up rejoins the ISR", () => {
    const c = makeCluster({ brokers: 3, replicationFactor: 3, replicaLagTimeMaxMs: 2_000, brokerSessionTimeoutMs: 600_000 });
    runFor(c, 1_000);
    c.isolateBroker(2);
    const p = makeProducer(c, { acks: "1", "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 5_000);
    c.healBroker(2);
    runFor(c, 5_000);
    expect(c.partitionState(TOPIC, 0)!.isr).toEqual([0, 1, 2]);
    expect(c.brokers[2]!.replica(TOPIC, 0)!.logEndOffset).toBe(1);
  });

  // PartitionTest.testIsrNotExpandedIfReplicaIsFencedOrShutdown (Partition.isReplicaIsrEligible): a follower the
  // controller has fenced does not rejoin the ISR, even if a fetch it sent before it died is answered afterwards.
  it("testIsrNotExpandedIfReplicaIsFencedOrShutdown: crashed, fenced followers stay out of the ISR", () => {
    const c = leaderAlone(1);
    const p = makeProducer(c, { acks: "1", "linger.ms": 0 });
    p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 1_000);
    expect(c.partitionState(TOPIC, 0)!.isr).toEqual([0]);
  });

  // PartitionTest.testHighWatermarkIncreasesWithFencedOrShutdownFollower: a crashed follower holds the high watermark
  // (and acks=all) until the controller fences it and it leaves the ISR.
  it("testHighWatermarkIncreasesWithFencedOrShutdownFollower: acks=all completes once the dead follower is fenced", () => {
    const c = makeCluster({ brokers: 3, replicationFactor: 3, minInsyncReplicas: 1 });
    runFor(c, 1_000);
    c.crashBroker(2);
    const p = makeProducer(c, { "linger.ms": 0 });
    const r = p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 5_000);
    expect(r.status).toBe("pending");
    runUntil(c, () => r.status !== "pending", 30_000);
    expect(r.status).toBe("acknowledged");
    expect(r.resolvedAtMs!).toBeGreaterThanOrEqual(1_000 + c.config.brokerSessionTimeoutMs);
    expect(c.partitionState(TOPIC, 0)!.isr).toEqual([0, 1]);
  });

  // Partition.checkEnoughReplicasReachOffset (DelayedProduce): acks=all is answered once every ISR member has the batch.
  it("checkEnoughReplicasReachOffset: acks=all is answered after both followers copied the batch", () => {
    const c = makeCluster({ brokers: 3, replicationFactor: 3 }, { latencyMs: 5 });
    runFor(c, 1_000);
    const p = makeProducer(c, { "linger.ms": 0 });
    const r = p.send({ topic: TOPIC, partition: 0, value: "x" });
    runFor(c, 1_000);
    const copies = events(c, "replicate").filter((e) => e.topic === TOPIC).map((e) => e.atMs);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    expect(r.resolvedAtMs!).toBeGreaterThan(Math.max(...copies));
  });
});
