/**
 * A broker: a plain state machine. Requests come in through handleProduce / handleFetch / handleListOffsets; replies go out through
 * `reply`, now or later (acks=all waits for the in-sync replicas; acks=0 gets none). Followers copy from
 * leaders with long-polling Fetch requests sent through the cluster's network. Time is the simulation's clock.
 * KafkaApis (kafka-apis.ts) hands it Produce, Fetch and ListOffsets; both transports, the simulated network
 * (lib/src/simulation/network.ts) and the TCP adapter (lib/src/serve/), drive that one router.
 *
 * Kafka: ReplicaManager, Partition, DelayedProduce, DelayedFetch, ReplicaFetcherThread.
 * Rules followed (Kafka 4.x):
 *  - the high watermark is the smallest log end offset in the ISR, and does not move while the ISR is smaller than the
 *    effective min.insync.replicas (KAFKA-15583, Partition.maybeIncrementLeaderHW); effective min ISR =
 *    min(min.insync.replicas, replication factor) (Partition.effectiveMinIsr);
 *  - acks=all under min ISR is NOT_ENOUGH_REPLICAS, checked before the log's duplicate detection
 *    (Partition.appendRecordsToLeader);
 *  - a broker the controller has fenced never joins an ISR (Partition.isReplicaIsrEligible);
 *  - transactions v2: the leader adds the partition to the transaction before a transactional append
 *    (AddPartitionsToTxnManager; PRODUCER_FENCED becomes INVALID_PRODUCER_EPOCH).
 * Simplifications (said in the course where they matter):
 *  - brokers read partition leadership and ISR from the controller directly instead of through
 *    metadata records; ISR changes (Kafka's AlterPartition) take effect at once;
 *  - the high watermark waits only for ISR members (Kafka also waits for a caught-up replica about to join the ISR);
 *  - a follower fetches each partition with its own Fetch request (Kafka batches partitions per leader);
 *  - the follower's last-fetched epoch check (KIP-320) replaces OffsetsForLeaderEpoch at start-up;
 *  - v1 transactional produces are not verified against the transaction's partitions (Kafka 3.6+ verifies them).
 */
import type { BrokerHost } from "./host.js";
import type { Timer } from "../kernel/sim.js";
import type { ErrorName } from "../protocol/errors.js";
import type {
  ClientResponse,
  FetchPartitionResponse,
  FetchRequest,
  FetchResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
  DescribeProducersRequest,
  DescribeProducersResponse,
  ProducePartitionResponse,
  ProduceRequest,
  StoredBatch,
} from "../protocol/messages.js";
import { lastSequence, type ValidationResult } from "./producer-state.js";
import { Replica } from "./partition.js";
import { tpKey } from "../protocol/topic-partition.js";
import { fetchAnswer, hasFetchData, LeaderState, NO_ABORTED, NO_BATCHES, PendingFetch, PendingProduce, type FollowerProgress, type FollowerState } from "./delayed-operations.js";
import { describeProducers } from "./describe-producers.js";

/**
 * Partition.effectiveMinIsr: min(min.insync.replicas, replication factor). Kafka puts no upper bound on
 * min.insync.replicas, so a partition with fewer replicas than that needs all of them, not more.
 */
export function effectiveMinIsr(state: { readonly replicas: readonly number[] }, minInsyncReplicas: number): number {
  return Math.min(minInsyncReplicas, state.replicas.length);
}

export class Broker {
  alive = true;
  readonly replicas = new Map<string, Replica>();
  private readonly leading = new Map<string, LeaderState>();
  private readonly following = new Map<string, FollowerState>();
  /** Incremented on crash, so callbacks scheduled before a crash do nothing after it. */
  private incarnation = 0;

  /** "broker-N": made once (it names the broker's end of every message). */
  readonly name: string;

  constructor(
    readonly brokerId: number,
    private readonly host: BrokerHost,
  ) {
    this.name = `broker-${brokerId}`;
  }


  replica(topic: string, partition: number): Replica | undefined {
    return this.replicas.get(tpKey(topic, partition));
  }

  isLeader(topic: string, partition: number): boolean {
    return this.alive && this.leading.has(tpKey(topic, partition));
  }

  // ---------------------------------------------------------------- requests

  /** Produce (Kafka: ReplicaManager.appendRecords): answered now, or when the ISR has the records (acks=all). */
  handleProduce(request: ProduceRequest, reply: (response: ClientResponse) => void): void {
    const clock = this.host.clock;
    const results: Array<{ topic: string; partitions: ProducePartitionResponse[] }> = [];
    let waiting = 0;
    let finished = false;
    const pendings = new Array<PendingProduce>();
    const incarnation = this.incarnation;
    let expiry: Timer | undefined;
    const finish = (): void => {
      if (finished || incarnation !== this.incarnation) return;
      finished = true;
      expiry?.cancel(); // its event stays queued as a no-op; the request it held can be collected
      if (request.acks !== 0) reply({ api: "Produce", topics: results, throttleTimeMs: 0 });
    };
    const settled = (): void => {
      if (--waiting === 0) finish();
    };

    for (const t of request.topics) {
      const out: ProducePartitionResponse[] = [];
      results.push({ topic: t.topic, partitions: out });
      for (const p of t.partitions) {
        const entry: ProducePartitionResponse = {
          partition: p.partition,
          error: "NONE",
          baseOffset: -1,
          logAppendTimeMs: -1,
          logStartOffset: 0,
        };
        out.push(entry);
        const outcome = this.produceToPartition(t.topic, p.partition, p.batch, request.acks, request.transactionalId, request.transactionVersion ?? 1);
        if (outcome.kind === "done") {
          entry.error = outcome.error;
          entry.baseOffset = outcome.baseOffset;
        } else {
          waiting++;
          const pending = outcome.pending;
          entry.baseOffset = pending.baseOffset;
          pendings.push(pending);
          pending.awaitedBy(entry, settled);
        }
      }
    }
    if (waiting === 0) {
      finish();
      return;
    }
    // DelayedProduce expires after the request's timeout: what has not reached the ISR by then times out.
    expiry = clock.schedule(request.timeoutMs, () => {
      if (finished || incarnation !== this.incarnation) return;
      for (const pending of pendings) pending.expire();
      finish();
    });
  }

  private produceToPartition(
    topic: string,
    partition: number,
    batch: ProduceRequest["topics"][number]["partitions"][number]["batch"],
    acks: -1 | 0 | 1,
    transactionalId: string | null = null,
    transactionVersion: 1 | 2 = 1,
  ): { kind: "done"; error: ErrorName; baseOffset: number } | { kind: "pending"; pending: PendingProduce } {
    const key = tpKey(topic, partition);
    const replica = this.replicas.get(key);
    const leader = this.leading.get(key);
    const host = this.host;
    const trace = host.trace;
    const traceBase = trace.enabled
      ? { from: this.name, topic, partition, producerId: batch.producerId, epoch: batch.producerEpoch, baseSequence: batch.baseSequence, count: batch.records.length, recordIds: batch.records.map((r) => String(r.value)) }
      : undefined;
    if (!host.controller.topicExists(topic, partition)) return { kind: "done", error: "UNKNOWN_TOPIC_OR_PARTITION", baseOffset: -1 };
    if (!replica || !leader) return { kind: "done", error: "NOT_LEADER_OR_FOLLOWER", baseOffset: -1 };
    const injected = host.faults.produceErrorFor(this.brokerId, batch.records);
    if (injected) {
      if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "reject", ...traceBase, error: injected, note: "injected fault" });
      return { kind: "done", error: injected, baseOffset: -1 };
    }
    if (transactionVersion === 2 && batch.isTransactional && transactionalId) {
      // KIP-890 (transactions v2): the leader adds the partition to the transaction itself (ReplicaManager.appendRecords
      // → AddPartitionsToTxnManager); a fenced producer learns it here as INVALID_PRODUCER_EPOCH.
      const verified = host.addPartitionToTransaction(transactionalId, batch.producerId, batch.producerEpoch, topic, partition);
      if (verified !== "NONE") {
        if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "reject", ...traceBase, error: verified, note: "transaction verification (KIP-890)" });
        return { kind: "done", error: verified, baseOffset: -1 };
      }
    }
    const state = host.controller.partitionState(topic, partition)!;
    // Partition.appendRecordsToLeader: the min-ISR check comes before the log's duplicate detection, so a retried
    // duplicate is refused like any other batch while the ISR is too small (it is not answered with its offsets).
    const minIsr = effectiveMinIsr(state, host.config.minInsyncReplicas);
    if (acks === -1 && state.isr.length < minIsr) {
      if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "reject", ...traceBase, error: "NOT_ENOUGH_REPLICAS", note: `ISR ${JSON.stringify(state.isr)} < min.insync.replicas=${minIsr}` });
      return { kind: "done", error: "NOT_ENOUGH_REPLICAS", baseOffset: -1 };
    }

    let baseOffset: number;
    let requiredOffset: number;
    if (batch.producerId >= 0) {
      let verdict: ValidationResult;
      try {
        verdict = replica.producerState.append(
          { producerId: batch.producerId, epoch: batch.producerEpoch, firstSeq: batch.baseSequence, lastSeq: lastSequence(batch.baseSequence, batch.records.length) },
          replica.logEndOffset,
        );
      } catch (e) {
        host.reportStateTableError(e);
        if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "reject", ...traceBase, error: "UNKNOWN_SERVER_ERROR", note: `producer-state table threw: ${String((e as Error)?.message ?? e)}` });
        return { kind: "done", error: "UNKNOWN_SERVER_ERROR", baseOffset: -1 };
      }
      if (verdict.kind === "error") {
        if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "reject", ...traceBase, error: verdict.error });
        return { kind: "done", error: verdict.error, baseOffset: -1 };
      }
      if (verdict.kind === "duplicate") {
        if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "duplicate", ...traceBase, offset: verdict.firstOffset });
        baseOffset = verdict.firstOffset;
        requiredOffset = verdict.lastOffset + 1;
      } else {
        const stored = replica.appendAsLeader(batch, leader.leaderEpoch, host.clock.nowMs);
        if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "append", ...traceBase, offset: stored.baseOffset });
        baseOffset = stored.baseOffset;
        requiredOffset = replica.logEndOffset;
      }
    } else {
      const stored = replica.appendAsLeader(batch, leader.leaderEpoch, host.clock.nowMs);
      if (trace.enabled) trace.add({ atMs: host.clock.nowMs, type: "append", ...traceBase, offset: stored.baseOffset });
      baseOffset = stored.baseOffset;
      requiredOffset = replica.logEndOffset;
    }

    // A planned crash right after the append: the leader answers acks=1 first (it already did its part),
    // then dies before any follower can copy the batch.
    const crashAfter = host.faults.takeCrashAfterAppend();
    if (acks !== -1 || requiredOffset <= replica.highWatermark) {
      if (crashAfter) host.clock.schedule(0, () => host.crashBroker(this.brokerId, "planned crash right after an append"));
      else {
        this.afterLeaderWrite(topic, partition);
        this.maybeAdvanceHighWatermark(topic, partition); // with the leader alone in the ISR, the HW moves now
      }
      return { kind: "done", error: "NONE", baseOffset };
    }
    const pending = new PendingProduce(requiredOffset, baseOffset);
    if (crashAfter) {
      leader.pendingProduces.push(pending);
      host.crashBroker(this.brokerId, "planned crash right after an append");
      return { kind: "pending", pending };
    }
    this.afterLeaderWrite(topic, partition);
    // With the leader alone in the ISR (replication factor 1, or followers dropped), the HW moves now.
    this.maybeAdvanceHighWatermark(topic, partition);
    if (requiredOffset <= replica.highWatermark) {
      const isr = host.controller.partitionState(topic, partition)!.isr.length;
      return { kind: "done", error: isr >= minIsr ? "NONE" : "NOT_ENOUGH_REPLICAS_AFTER_APPEND", baseOffset };
    }
    leader.pendingProduces.push(pending);
    return { kind: "pending", pending };
  }

  /** The transaction coordinator writes a commit/abort marker here, when this broker leads the partition. */
  writeTxnMarker(topic: string, partition: number, producerId: number, producerEpoch: number, type: "COMMIT" | "ABORT"): boolean {
    const key = tpKey(topic, partition);
    const replica = this.replicas.get(key);
    const leader = this.leading.get(key);
    if (!this.alive || !replica || !leader) return false;
    const stored = replica.appendControlAsLeader(producerId, producerEpoch, type, leader.leaderEpoch, this.host.clock.nowMs);
    if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "append", from: this.name, topic, partition, producerId, epoch: producerEpoch, offset: stored.baseOffset, count: 1, note: `${type} marker` });
    this.afterLeaderWrite(topic, partition);
    this.maybeAdvanceHighWatermark(topic, partition);
    return true;
  }

  /** New data on a leader: wake long-polling fetches (followers' and consumers'); `consumersOnly` when only the HW moved. */
  private afterLeaderWrite(topic: string, partition: number, consumersOnly = false): void {
    const leader = this.leading.get(tpKey(topic, partition));
    if (!leader || leader.pendingFetches.length === 0) return;
    const waiting = leader.pendingFetches;
    if (consumersOnly) {
      leader.pendingFetches = waiting.filter((f) => f.follower);
      for (const f of waiting) if (!f.follower) f.wake();
      return;
    }
    leader.pendingFetches = new Array<PendingFetch>();
    for (const f of waiting) f.wake();
  }

  handleFetch(request: FetchRequest, reply: (response: ClientResponse) => void): void {
    const incarnation = this.incarnation;
    let answered = false;
    const respond = (): void => {
      if (answered || incarnation !== this.incarnation || !this.alive) return;
      answered = true;
      reply(this.readForFetch(request));
    };
    const first = this.readForFetch(request);
    if (hasFetchData(first) || request.maxWaitMs <= 0) {
      answered = true;
      reply(first);
      return;
    }
    // DelayedFetch: wait for data or maxWaitMs.
    const follower = request.replicaId >= 0;
    for (const t of request.topics) {
      for (const p of t.partitions) {
        const leader = this.leading.get(tpKey(t.topic, p.partition));
        leader?.pendingFetches.push(new PendingFetch(respond, follower));
      }
    }
    // Simplification: a caught-up follower's fetch stays parked until there is data (Kafka answers it empty after
    // replica.fetch.wait.max.ms and the follower asks again at once: the same state, many more events).
    if (!follower) this.host.clock.schedule(request.maxWaitMs, respond);
  }

  private readForFetch(request: FetchRequest): FetchResponse {
    const now = this.host.clock.nowMs;
    // Loops rather than map(): a sweep reads thousands of fetches per second (each allocation counts).
    const topics = new Array<FetchResponse["topics"][number]>(request.topics.length);
    for (let i = 0; i < request.topics.length; i++) {
      const t = request.topics[i]!;
      const partitions = new Array<FetchPartitionResponse>(t.partitions.length);
      for (let j = 0; j < t.partitions.length; j++) partitions[j] = this.readPartition(request, t.topic, t.partitions[j]!, now);
      topics[i] = { topic: t.topic, partitions };
    }
    return { api: "Fetch", error: "NONE", throttleTimeMs: 0, topics };
  }

  private readPartition(request: FetchRequest, topic: string, p: FetchRequest["topics"][number]["partitions"][number], now: number): FetchPartitionResponse {
    const key = tpKey(topic, p.partition);
    const replica = this.replicas.get(key);
    const leader = this.leading.get(key);
    if (!this.host.controller.topicExists(topic, p.partition)) return fetchAnswer(p.partition, "UNKNOWN_TOPIC_OR_PARTITION", -1, -1, NO_ABORTED, NO_BATCHES);
    if (!replica || !leader) return fetchAnswer(p.partition, "NOT_LEADER_OR_FOLLOWER", -1, -1, NO_ABORTED, NO_BATCHES);
    let batches = NO_BATCHES;
    let aborted = NO_ABORTED;
    let error: ErrorName = "NONE";
    if (request.replicaId >= 0) {
      // A follower: check its log agrees with ours (KIP-320), then record its progress.
      if (p.lastFetchedEpoch !== undefined && p.lastFetchedEpoch >= 0) {
        const end = replica.endOffsetForEpoch(p.lastFetchedEpoch);
        if (end.epoch < p.lastFetchedEpoch || end.endOffset < p.fetchOffset) {
          const out = fetchAnswer(p.partition, "NONE", replica.highWatermark, replica.highWatermark, NO_ABORTED, NO_BATCHES);
          out.divergingEpoch = end;
          return out;
        }
      }
      this.updateFollower(leader, replica, topic, p.partition, request.replicaId, p.fetchOffset, now);
      batches = replica.read(p.fetchOffset, replica.logEndOffset, 64);
    } else if (p.fetchOffset > replica.logEndOffset || p.fetchOffset < 0) {
      error = "OFFSET_OUT_OF_RANGE";
    } else if (request.isolationLevel === 1) {
      // read_committed: stop at the last stable offset and list the aborted transactions in range.
      const lso = replica.lastStableOffset();
      batches = replica.read(p.fetchOffset, lso, 64);
      aborted = replica.abortedTransactionsIn(p.fetchOffset, lso);
    } else {
      batches = replica.read(p.fetchOffset, replica.highWatermark, 64);
    }
    return fetchAnswer(p.partition, error, replica.highWatermark, replica.lastStableOffset(), aborted, batches);
  }

  /** DescribeProducers: only the partition's leader answers (NOT_LEADER_OR_FOLLOWER elsewhere), as in Kafka. */
  handleDescribeProducers(request: DescribeProducersRequest): DescribeProducersResponse {
    return {
      api: "DescribeProducers",
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((partition) => {
          const none = { partition, errorMessage: null, activeProducers: [] };
          if (!this.host.controller.topicExists(t.topic, partition)) return { ...none, error: "UNKNOWN_TOPIC_OR_PARTITION" as ErrorName };
          const replica = this.replicas.get(tpKey(t.topic, partition));
          if (!replica || !this.leading.has(tpKey(t.topic, partition))) return { ...none, error: "NOT_LEADER_OR_FOLLOWER" as ErrorName };
          return { ...none, error: "NONE" as ErrorName, activeProducers: describeProducers(replica) };
        }),
      })),
    };
  }

  handleListOffsets(request: ListOffsetsRequest): ListOffsetsResponse {
    return {
      api: "ListOffsets",
      topics: request.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const replica = this.replicas.get(tpKey(t.topic, p.partition));
          if (!this.host.controller.topicExists(t.topic, p.partition)) return { partition: p.partition, error: "UNKNOWN_TOPIC_OR_PARTITION" as ErrorName, timestamp: -1, offset: -1 };
          if (!replica || !this.leading.has(tpKey(t.topic, p.partition))) return { partition: p.partition, error: "NOT_LEADER_OR_FOLLOWER" as ErrorName, timestamp: -1, offset: -1 };
          const offset = p.timestamp === -2 ? 0 : replica.highWatermark;
          return { partition: p.partition, error: "NONE" as ErrorName, timestamp: -1, offset };
        }),
      })),
    };
  }

  // ---------------------------------------------------------------- leader bookkeeping

  /** A follower fetched from `fetchOffset`: record its progress (`leader` and `replica`: this partition's, just looked up). */
  private updateFollower(leader: LeaderState, replica: Replica, topic: string, partition: number, followerId: number, fetchOffset: number, now: number): void {
    let f = leader.followers.get(followerId);
    if (!f) {
      f = { logEndOffset: 0, lastCaughtUpTimeMs: -Infinity, lastFetchLeaderLogEndOffset: 0, lastFetchTimeMs: now };
      leader.followers.set(followerId, f);
    }
    f.logEndOffset = fetchOffset;
    // Kafka's Replica.updateFetchState: caught up now, or caught up to where the leader was at the previous fetch.
    if (fetchOffset >= replica.logEndOffset) f.lastCaughtUpTimeMs = now;
    else if (fetchOffset >= f.lastFetchLeaderLogEndOffset) f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, f.lastFetchTimeMs);
    f.lastFetchLeaderLogEndOffset = replica.logEndOffset;
    f.lastFetchTimeMs = now;

    const state = this.host.controller.partitionState(topic, partition)!;
    const leaderEpochStart = replica.endOffsetForEpoch(leader.leaderEpoch - 1).endOffset;
    // Partition.isReplicaIsrEligible: a broker the controller has fenced never joins the ISR (a fetch it sent before it
    // died may still be answered now, when a new append wakes it at the leader).
    if (!state.isr.includes(followerId) && fetchOffset >= replica.highWatermark && fetchOffset >= Math.max(0, leaderEpochStart) && this.host.controller.isReplicaIsrEligible(followerId)) {
      this.host.controller.alterIsr(topic, partition, [...state.isr, followerId].sort((a, b) => a - b), `broker ${followerId} caught up`);
    }
    this.maybeAdvanceHighWatermark(topic, partition);
  }

  /**
   * Leader: HW = the smallest log end offset among the in-sync replicas (Partition.maybeIncrementLeaderHW), and only
   * while the ISR has at least the effective min.insync.replicas members: under min ISR the high watermark stays put
   * (KAFKA-15583, Kafka 3.7+), so an acks=1 write then is acknowledged but not visible to consumers. Completes
   * waiting produces.
   */
  maybeAdvanceHighWatermark(topic: string, partition: number): void {
    const key = tpKey(topic, partition);
    const leader = this.leading.get(key);
    const replica = this.replicas.get(key);
    if (!leader || !replica) return;
    const state = this.host.controller.partitionState(topic, partition)!;
    const minIsr = effectiveMinIsr(state, this.host.config.minInsyncReplicas);
    let hw = replica.logEndOffset;
    for (const id of state.isr) {
      if (id === this.brokerId) continue;
      const f = leader.followers.get(id);
      hw = Math.min(hw, f ? f.logEndOffset : 0);
    }
    if (hw > replica.highWatermark && state.isr.length >= minIsr) {
      replica.highWatermark = hw;
      if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "high-watermark", from: this.name, topic, partition, offset: hw });
      this.afterLeaderWrite(topic, partition, true); // consumers waiting for visible data
    }
    if (leader.pendingProduces.length > 0 && this.anyProduceToSettle(leader.pendingProduces, replica.highWatermark)) {
      // Completing a produce answers it, which unmutes its connection and may hand the broker the next request
      // at once (re-entrantly): take the list out first so that produces registered meanwhile are kept.
      const waiting = leader.pendingProduces;
      leader.pendingProduces = new Array<PendingProduce>();
      const still = new Array<PendingProduce>();
      for (const p of waiting) {
        if (p.done) continue;
        if (p.requiredOffset <= replica.highWatermark) {
          // DelayedProduce.checkEnoughReplicasReachOffset
          p.complete(state.isr.length >= minIsr ? "NONE" : "NOT_ENOUGH_REPLICAS_AFTER_APPEND", p.baseOffset);
        } else still.push(p);
      }
      leader.pendingProduces = still.concat(leader.pendingProduces);
    }
  }

  /** Is a waiting produce complete (HW reached) or done already? Most HW checks find none: then nothing is reallocated. */
  private anyProduceToSettle(waiting: readonly PendingProduce[], highWatermark: number): boolean {
    for (const p of waiting) if (p.done || p.requiredOffset <= highWatermark) return true;
    return false;
  }

  /** Leader: drop followers that have not caught up within replica.lag.time.max.ms from the ISR. */
  checkIsrExpiry(): void {
    if (!this.alive) return;
    const now = this.host.clock.nowMs;
    const lagMaxMs = this.host.config.replicaLagTimeMaxMs;
    for (const [key, leader] of this.leading) {
      const replica = this.replicas.get(key)!;
      const state = this.host.controller.partitionState(replica.topic, replica.partition)!;
      const keep = state.isr.filter((id) => {
        if (id === this.brokerId) return true;
        const f = leader.followers.get(id);
        const caughtUp = f ? f.lastCaughtUpTimeMs : leader.becameLeaderAtMs;
        return now - caughtUp <= lagMaxMs || (f !== undefined && f.logEndOffset >= replica.logEndOffset);
      });
      if (keep.length !== state.isr.length) {
        this.host.controller.alterIsr(replica.topic, replica.partition, keep, `followers fell more than replica.lag.time.max.ms=${lagMaxMs} behind`);
        this.maybeAdvanceHighWatermark(replica.topic, replica.partition);
      }
    }
  }

  // ---------------------------------------------------------------- role changes (from the controller)

  ensureReplica(topic: string, partition: number): Replica {
    const key = tpKey(topic, partition);
    let r = this.replicas.get(key);
    if (!r) {
      r = new Replica(topic, partition, this.brokerId, this.host.stateTableFactory);
      this.replicas.set(key, r);
    }
    return r;
  }

  becomeLeader(topic: string, partition: number, leaderEpoch: number): void {
    const key = tpKey(topic, partition);
    this.ensureReplica(topic, partition);
    this.following.delete(key);
    const previous = this.leading.get(key);
    const followers = new Map<number, FollowerProgress>();
    if (previous) for (const [id, f] of previous.followers) followers.set(id, f);
    const pendingProduces = previous?.pendingProduces ?? new Array<PendingProduce>();
    const pendingFetches = previous?.pendingFetches ?? new Array<PendingFetch>();
    const state = new LeaderState(leaderEpoch, followers, pendingProduces, pendingFetches, this.host.clock.nowMs);
    this.leading.set(key, state);
    this.maybeAdvanceHighWatermark(topic, partition);
  }

  becomeFollower(topic: string, partition: number, leaderId: number, leaderEpoch: number): void {
    const key = tpKey(topic, partition);
    this.ensureReplica(topic, partition);
    const wasLeader = this.leading.get(key);
    if (wasLeader) {
      this.leading.delete(key);
      for (const p of wasLeader.pendingProduces) p.complete("NOT_LEADER_OR_FOLLOWER", -1);
      for (const f of wasLeader.pendingFetches) f.wake();
    }
    const prev = this.following.get(key);
    const fs: FollowerState = { leaderId, leaderEpoch, generation: (prev?.generation ?? 0) + 1, fetching: false };
    this.following.set(key, fs);
    if (leaderId >= 0 && this.alive) this.fetchLoop(topic, partition, fs.generation);
  }

  /** Partition offline (no leader): stop leading and fetching. */
  becomeOffline(topic: string, partition: number): void {
    const key = tpKey(topic, partition);
    const wasLeader = this.leading.get(key);
    if (wasLeader) {
      this.leading.delete(key);
      for (const p of wasLeader.pendingProduces) p.complete("NOT_LEADER_OR_FOLLOWER", -1);
    }
    const prev = this.following.get(key);
    this.following.set(key, { leaderId: -1, leaderEpoch: -1, generation: (prev?.generation ?? 0) + 1, fetching: false });
  }

  // ---------------------------------------------------------------- follower fetching

  private fetchLoop(topic: string, partition: number, generation: number): void {
    const key = tpKey(topic, partition);
    const fs = this.following.get(key);
    if (!fs || fs.generation !== generation || !this.alive || fs.leaderId < 0) return;
    const replica = this.replicas.get(key)!;
    const cfg = this.host.config;
    const request: FetchRequest = {
      api: "Fetch",
      replicaId: this.brokerId,
      maxWaitMs: cfg.replicaFetchWaitMaxMs,
      minBytes: 1,
      maxBytes: 10 * 1024 * 1024,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition, fetchOffset: replica.logEndOffset, partitionMaxBytes: 1024 * 1024, lastFetchedEpoch: replica.lastEpoch() }] }],
    };
    fs.fetching = true;
    const incarnation = this.incarnation;
    let done = false;
    this.host.sendBrokerRequest(this.brokerId, fs.leaderId, request, (response) => {
      if (done) return;
      done = true;
      if (incarnation !== this.incarnation || fs.generation !== generation || !this.alive) return;
      if (response === "NETWORK_EXCEPTION") return this.fetchLater(topic, partition, generation);
      const p = (response as FetchResponse).topics[0]?.partitions[0];
      if (!p || p.error !== "NONE") return this.fetchLater(topic, partition, generation);
      if (p.divergingEpoch) {
        const cut = Math.min(p.divergingEpoch.endOffset < 0 ? 0 : p.divergingEpoch.endOffset, replica.logEndOffset);
        const removed = replica.truncateTo(cut);
        if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "truncate", from: this.name, topic, partition, offset: replica.logEndOffset, count: removed, note: `log diverged from leader ${fs.leaderId}'s at epoch ${p.divergingEpoch.epoch}` });
        return this.fetchLoop(topic, partition, generation);
      }
      if (p.batches.length > 0) {
        const before = replica.logEndOffset;
        replica.appendAsFollower(p.batches);
        if (replica.logEndOffset > before) {
          if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "replicate", from: this.name, to: `broker-${fs.leaderId}`, topic, partition, offset: before, count: replica.logEndOffset - before });
        }
      }
      replica.highWatermark = Math.max(replica.highWatermark, Math.min(p.highWatermark, replica.logEndOffset));
      this.fetchLoop(topic, partition, generation);
    });
    // No socket timeout is modelled for followers: a leader that stops answering (crash, isolation) is replaced
    // by the controller, and the new role starts a new fetch loop.
  }

  /** After a failed fetch: again after replica.fetch.backoff.ms. */
  private fetchLater(topic: string, partition: number, generation: number): void {
    this.host.clock.schedule(this.host.config.replicaFetchBackoffMs, () => this.fetchLoop(topic, partition, generation));
  }

  // ---------------------------------------------------------------- crash and restart

  crash(): void {
    this.alive = false;
    this.incarnation++;
    for (const leader of this.leading.values()) {
      leader.pendingProduces = new Array<PendingProduce>();
      leader.pendingFetches = new Array<PendingFetch>();
    }
    this.leading.clear();
    for (const fs of this.following.values()) fs.generation++;
  }

  restart(): void {
    this.alive = true;
    this.incarnation++;
  }

  /** All replicas' logs, for display. */
  logOf(topic: string, partition: number): StoredBatch[] {
    return this.replicas.get(tpKey(topic, partition))?.batches ?? [];
  }
}
