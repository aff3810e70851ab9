/**
 * The sender: a loop woken when there may be work, which drains ready batches into one Produce request per broker
 * (at most max.in.flight.requests.per.connection in flight per broker), and handles each answer: acknowledged,
 * retried, or failed (Sender.completeBatch).
 *
 * Kafka: Sender (runOnce, sendProducerData, completeBatch, failBatch), NetworkClient's request timeout.
 * Rules followed:
 *  - a retry keeps its sequence numbers; an idempotent retry is drained only when it is the first batch of its
 *    partition in flight (RecordAccumulator.shouldStopDrainBatchesForPartition), so order holds; without idempotence
 *    a retry goes back to the head of the queue and may land after later batches;
 *  - OUT_OF_ORDER_SEQUENCE_NUMBER on a batch that is not next in line is retried; on the batch that is next in line
 *    it fails that batch and bumps the epoch locally, restarting sequences at 0 (KIP-360);
 *  - request.timeout.ms without an answer closes the connection: every request in flight on it fails;
 *  - acks=0: a batch counts as sent the moment it is written to the socket; no response comes.
 * Simplifications: the producer always knows the current partition leaders (no stale metadata); an epoch bump waits
 * for a moment with no batch in flight and no retry queued (Kafka resolves unknown sequences first), so a bump never
 * re-sends a batch of unknown outcome under new numbers.
 */
import { isRetriable, type ErrorName } from "../protocol/errors.js";
import type { ClientResponse, ProduceRequest, ProduceResponse } from "../protocol/messages.js";
import type { Timer } from "../kernel/sim.js";
import type { ProducerBatch } from "./producer-batch.js";
import type { ProducerCore } from "./transaction-manager.js";

/** A produce response's entry for one partition (loops, not find(): one call per batch answered). */
function partitionAnswer(r: ProduceResponse, topic: string, partition: number): ProduceResponse["topics"][number]["partitions"][number] | undefined {
  for (const t of r.topics) {
    if (t.topic !== topic) continue;
    for (const p of t.partitions) if (p.partition === partition) return p;
  }
  return undefined;
}

export class Sender {
  private readonly inFlightByBroker = new Map<number, number>();
  /** Requests in flight per broker connection: a timeout closes the connection and fails them all. */
  private readonly requestsByBroker = new Map<number, Set<(r: "NETWORK_EXCEPTION") => void>>();
  private pollScheduled = false;
  private wakeAtMs = Infinity;

  constructor(private readonly producer: ProducerCore) {}

  /** Ask for a poll in this instant (coalesced). */
  wake(): void {
    if (this.pollScheduled || this.producer.closed) return;
    this.pollScheduled = true;
    this.producer.host.clock.schedule(0, () => {
      this.pollScheduled = false;
      this.poll();
    });
  }

  /** Poll at a later time (a linger or a backoff ends then). */
  wakeAt(atMs: number): void {
    const clock = this.producer.host.clock;
    if (atMs >= this.wakeAtMs && this.wakeAtMs > clock.nowMs) return;
    this.wakeAtMs = atMs;
    clock.scheduleAt(atMs, () => {
      if (this.wakeAtMs === atMs) this.wakeAtMs = Infinity;
      this.poll();
    });
  }

  private totalInFlight(): number {
    let n = 0;
    for (const v of this.inFlightByBroker.values()) n += v;
    return n;
  }

  private poll(): void {
    const producer = this.producer;
    if (producer.closed) return;
    const host = producer.host;
    const now = host.clock.nowMs;
    const cfg = producer.config;
    const txn = producer.transactions;
    const accumulator = producer.accumulator;
    const idempotent = cfg.enableIdempotence;
    const transactional = cfg.transactionalId !== null;
    this.expireBatches(now);
    // While an epoch bump waits for a quiet moment, only retries go out (no new batches under the old epoch).
    let retriesOnly = false;
    if (idempotent) {
      if (txn.producerId < 0) return; // waiting for InitProducerId
      if (txn.epochBumpPending) {
        if (this.totalInFlight() > 0 || accumulator.hasQueuedRetry()) retriesOnly = true;
        else txn.bumpEpoch();
      }
    }
    let nextWake = Infinity;
    // Group ready batches by the broker that leads their partition (the Map is made once one is ready: most polls find none).
    let byBroker: Map<number, ProducerBatch[]> | undefined;
    for (const queue of accumulator.queues.values()) {
      const first = queue[0];
      if (!first || (retriesOnly && first.attempts === 0)) continue;
      const key = first.key;
      const readyAt = accumulator.readyAtMs(first, queue.length > 1);
      if (readyAt > now) {
        nextWake = Math.min(nextWake, readyAt);
        continue;
      }
      const state = host.controller.partitionState(first.topic, first.partition);
      if (!state || state.leader < 0) {
        nextWake = Math.min(nextWake, now + cfg.retryBackoffMs);
        continue;
      }
      if (transactional && !txn.txnPartitions.has(key)) {
        txn.addPartitionToTxn(first.topic, first.partition, key); // sent once AddPartitionsToTxn succeeds
        continue;
      }
      if (idempotent && first.baseSequence >= 0) {
        const inflight = txn.inFlightBatches.get(key);
        if (inflight && inflight.length > 0 && inflight[0]!.baseSequence !== first.baseSequence) continue; // wait: retries go first
      }
      if (!idempotent && cfg.maxInFlightRequestsPerConnection === 1 && (txn.inFlightBatches.get(key)?.length ?? 0) > 0) continue;
      byBroker ??= new Map();
      let list = byBroker.get(state.leader);
      if (!list) byBroker.set(state.leader, (list = []));
      list.push(first);
    }
    for (const [brokerId, batches] of byBroker ?? []) {
      if ((this.inFlightByBroker.get(brokerId) ?? 0) >= cfg.maxInFlightRequestsPerConnection) continue;
      for (const b of batches) {
        const q = accumulator.queues.get(b.key)!;
        q.shift();
        this.prepare(b);
      }
      this.sendRequest(brokerId, batches);
      // More may be ready behind these.
      this.wake();
    }
    if (nextWake < Infinity) this.wakeAt(nextWake);
    if (txn.endTxn) txn.maybeEndTransaction();
  }

  private prepare(b: ProducerBatch): void {
    const producer = this.producer;
    if (producer.config.enableIdempotence && b.baseSequence < 0) producer.transactions.assignSequence(b);
    b.attempts++;
    b.lastAttemptMs = producer.host.clock.nowMs;
    for (const r of b.records) r.attempts = b.attempts;
  }

  private sendRequest(brokerId: number, batches: ProducerBatch[]): void {
    const producer = this.producer;
    const host = producer.host;
    const cfg = producer.config;
    const idempotent = cfg.enableIdempotence;
    // Grouped by topic in order of first appearance (a scan: a request has a few topics at most).
    const topics = new Array<ProduceRequest["topics"][number]>();
    for (const b of batches) {
      let t: ProduceRequest["topics"][number] | undefined;
      for (const x of topics) if (x.topic === b.topic) t = x;
      if (!t) topics.push((t = { topic: b.topic, partitions: [] }));
      t.partitions.push({
        partition: b.partition,
        batch: {
          producerId: idempotent ? b.producerId : -1,
          producerEpoch: idempotent ? b.epoch : -1,
          baseSequence: idempotent ? b.baseSequence : -1,
          isTransactional: cfg.transactionalId !== null,
          records: b.wire,
        },
      });
      if (b.attempts > 1) {
        if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "retry", from: producer.name, topic: b.topic, partition: b.partition, producerId: b.producerId, epoch: b.epoch, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), attempt: b.attempts });
      }
    }
    const request: ProduceRequest = { api: "Produce", transactionalId: cfg.transactionalId, acks: cfg.acks, timeoutMs: cfg.requestTimeoutMs, topics };

    if (cfg.acks === 0) {
      // Fire and forget: the producer counts the records as sent now and never hears back.
      host.network.clientRequest(producer.name, brokerId, request, () => {});
      for (const b of batches) producer.settle(b, "assumed");
      return;
    }

    this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 0) + 1);
    for (const b of batches) {
      b.inFlight = true;
      if (idempotent) producer.transactions.addInFlight(b);
    }
    let answered = false;
    let timeout: Timer | undefined;
    const onDone = (response: ClientResponse | "NETWORK_EXCEPTION" | "TIMEOUT"): void => {
      if (answered) return;
      answered = true;
      timeout?.cancel(); // its event stays queued as a no-op; the request it held can be collected
      this.requestsByBroker.get(brokerId)?.delete(failOnDisconnect);
      this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 1) - 1);
      if (producer.closed) return;
      for (const b of batches) {
        b.inFlight = false;
        producer.transactions.removeInFlight(b);
      }
      if (response === "NETWORK_EXCEPTION" || response === "TIMEOUT") {
        const error: ErrorName = response === "TIMEOUT" ? "REQUEST_TIMED_OUT" : "NETWORK_EXCEPTION";
        for (const b of batches) this.completeBatch(b, error, -1);
      } else {
        const r = response as ProduceResponse;
        for (const b of batches) {
          const p = partitionAnswer(r, b.topic, b.partition);
          this.completeBatch(b, p ? p.error : "UNKNOWN_SERVER_ERROR", p ? p.baseOffset : -1);
        }
      }
      this.wake();
    };
    let pending = this.requestsByBroker.get(brokerId);
    if (!pending) this.requestsByBroker.set(brokerId, (pending = new Set()));
    const failOnDisconnect = (r: "NETWORK_EXCEPTION"): void => onDone(r);
    pending.add(failOnDisconnect);
    host.network.clientRequest(producer.name, brokerId, request, onDone);
    // request.timeout.ms: no answer by then, so the client closes the connection; every request in flight on it fails.
    timeout = host.clock.schedule(cfg.requestTimeoutMs, () => {
      if (answered) return;
      onDone("TIMEOUT");
      host.network.resetConnection(producer.name, brokerId);
      for (const other of [...pending!]) other("NETWORK_EXCEPTION");
    });
  }

  /** Sender.completeBatch: success, retry, or failure. */
  private completeBatch(b: ProducerBatch, error: ErrorName, baseOffset: number): void {
    if (b.done) return;
    const producer = this.producer;
    const host = producer.host;
    const txn = producer.transactions;
    const idempotent = producer.config.enableIdempotence;
    const transactional = producer.config.transactionalId !== null;
    const now = host.clock.nowMs;
    if (error === "NONE") {
      if (idempotent) txn.acknowledged(b);
      b.records.forEach((r, i) => (r.offset = baseOffset + i));
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "ack", from: producer.name, topic: b.topic, partition: b.partition, producerId: b.producerId, epoch: b.epoch, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), offset: baseOffset });
      return producer.settle(b, "acknowledged");
    }
    const deliveryExpired = now - b.createdMs >= producer.config.deliveryTimeoutMs;
    let retry = b.attempts <= producer.config.retries && !deliveryExpired;
    let bump = false;
    if (transactional && (error === "INVALID_PRODUCER_EPOCH" || error === "PRODUCER_FENCED")) {
      producer.settle(b, "failed", error);
      return txn.fence(error);
    }
    if (transactional && error === "OUT_OF_ORDER_SEQUENCE_NUMBER") {
      // A transactional producer does not bump its epoch on its own: the transaction must be aborted (abortable error).
      producer.settle(b, "failed", error);
      return txn.abortableError(error);
    }
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER" && idempotent) {
      if (txn.isNextInLine(b)) {
        retry = false; // the broker truly lost track of us: fail this batch and start a new epoch (KIP-360)
        bump = true;
      }
    } else if (!isRetriable(error)) {
      retry = false;
    }
    if (retry) {
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "retry", from: producer.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error, attempt: b.attempts, note: `will retry after ${producer.accumulator.backoffMs(b.attempts)} ms` });
      if (idempotent && b.epoch !== txn.epoch) {
        b.baseSequence = -1; // sent under an old epoch: new numbers when it goes again
      }
      producer.accumulator.reenqueue(b, host.clock.nowMs, idempotent);
      return;
    }
    if (host.trace.enabled) host.trace.add({ atMs: now, type: "fail", from: producer.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error: deliveryExpired ? "TIMEOUT" : error });
    producer.settle(b, "failed", deliveryExpired ? "TIMEOUT" : error);
    if (bump || (deliveryExpired && idempotent)) txn.requestEpochBump();
  }

  /** Fail batches older than delivery.timeout.ms that are still queued (in-flight ones fail when their request ends). */
  private expireBatches(now: number): void {
    const producer = this.producer;
    const limit = producer.config.deliveryTimeoutMs;
    for (const q of producer.accumulator.queues.values()) {
      while (q.length > 0 && now - q[0]!.createdMs >= limit) this.expired(q.shift()!, now);
    }
  }

  private expired(b: ProducerBatch, now: number): void {
    const producer = this.producer;
    const host = producer.host;
    if (host.trace.enabled) host.trace.add({ atMs: now, type: "fail", from: producer.name, topic: b.topic, partition: b.partition, count: b.records.length, recordIds: b.records.map((r) => r.id), error: "TIMEOUT", note: "delivery.timeout.ms expired" });
    producer.settle(b, "failed", "TIMEOUT");
    if (producer.config.enableIdempotence && b.baseSequence >= 0) producer.transactions.requestEpochBump();
  }
}
