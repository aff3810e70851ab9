/**
 * The sender: a loop woken when there may be work, which drains ready batches into one Produce request per broker
 * (at most max.in.flight.requests.per.connection in flight per broker), and handles each answer: acknowledged,
 * retried, or failed (Sender.completeBatch).
 *
 * Kafka 4.x: Sender (runOnce, sendProducerData, getExpiredInflightBatches, completeBatch, canRetry, failBatch),
 * NetworkClient's request timeout. Rules followed:
 *  - every poll first resolves unknown sequences and makes a pending epoch bump (TransactionManager
 *    .maybeResolveSequences, bumpIdempotentEpochAndResetIdIfNeeded), then drains;
 *  - a retry keeps its sequence numbers (unless an epoch bump renumbered them); an idempotent retry is drained only as
 *    the first batch of its partition in flight (RecordAccumulator.shouldStopDrainBatchesForPartition), so order
 *    holds; without idempotence a retry goes back to the head of the queue and may land after later batches;
 *  - a batch is retried while delivery.timeout.ms has not passed, retries are left and the error allows it
 *    (TransactionManager.canRetry for an idempotent producer: OUT_OF_ORDER_SEQUENCE_NUMBER is retried, with an
 *    epoch bump when the batch was next in line, KIP-360); otherwise it fails (failBatch → handleFailedBatch);
 *  - batches expire at createdMs + delivery.timeout.ms, queued or in flight (getExpiredInflightBatches); the sender
 *    wakes at the next deadline (its poll timeout includes RecordAccumulator.nextExpiryTimeMs); an expired batch
 *    that had been retried leaves its partition's sequence unresolved;
 *  - request.timeout.ms without an answer closes the connection: every request in flight on it fails as timed out
 *    (REQUEST_TIMED_OUT) and is retried;
 *  - acks=0: a batch counts as sent the moment it is written to the socket; no response comes.
 * Simplifications: the producer always knows the current partition leaders (no stale metadata: it is woken at a
 * leader change); a response to a batch that already expired counts only for the sequence bookkeeping.
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
  private readonly requestsByBroker = new Map<number, Set<() => void>>();
  /** Batches in flight on the network, for their delivery deadline (Sender.inFlightBatches). */
  private readonly inFlightBatches = new Set<ProducerBatch>();
  private pollScheduled = false;
  private wakeAtMs = Infinity;
  /** When the next delivery deadline wakes the sender (Infinity: no such wake-up scheduled). */
  private expiryWakeAtMs = Infinity;

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
    if (idempotent) {
      txn.maybeResolveSequences();
      txn.bumpIdempotentEpochAndResetIdIfNeeded();
      if (txn.producerId < 0) return; // waiting for InitProducerId
    }
    this.expireBatches(now);
    const completing = transactional && txn.endTxn !== undefined;
    const v1Transactions = transactional && !txn.transactionsV2;
    let nextWake = Infinity;
    // Group ready batches by the broker that leads their partition (the Map is made once one is ready: most polls find none).
    let byBroker: Map<number, ProducerBatch[]> | undefined;
    for (const queue of accumulator.queues.values()) {
      const first = queue[0];
      if (!first) continue;
      const key = first.key;
      const state = host.controller.partitionState(first.topic, first.partition);
      const leaderChanged = state !== undefined && state.leader >= 0 && first.leaderChangedForRetry(state.leaderEpoch);
      const readyAt = accumulator.readyAtMs(first, queue.length > 1, leaderChanged, completing);
      if (readyAt > now) {
        nextWake = Math.min(nextWake, readyAt);
        continue;
      }
      if (!state || state.leader < 0) {
        nextWake = Math.min(nextWake, now + cfg.retryBackoffMs);
        continue;
      }
      if (v1Transactions && !txn.txnPartitions.has(key)) {
        txn.addPartitionToTxn(first.topic, first.partition, key); // sent once AddPartitionsToTxn succeeds
        continue;
      }
      if (idempotent && !(first.baseSequence < 0 ? txn.canDrainNew(key) : txn.canDrainRetry(first))) continue; // wait: retries go first, one at a time
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
    this.scheduleExpiryWake();
    if (txn.endTxn) txn.maybeEndTransaction();
  }

  /** Wake up at the next delivery deadline, queued or in flight (Sender's poll timeout includes nextExpiryTimeMs). */
  private scheduleExpiryWake(): void {
    // A wake-up already due is never later than a deadline still to come: it was set for the earliest deadline of the
    // batches then pending, and every batch made since was created later (so expires later). It re-arms when it fires.
    if (this.expiryWakeAtMs !== Infinity) return;
    let at = this.producer.accumulator.nextExpiryMs();
    for (const b of this.inFlightBatches) at = Math.min(at, b.createdMs + this.producer.config.deliveryTimeoutMs);
    if (at === Infinity || at >= this.expiryWakeAtMs) return;
    this.expiryWakeAtMs = at;
    this.producer.host.clock.scheduleAt(at, () => {
      if (this.expiryWakeAtMs === at) this.expiryWakeAtMs = Infinity;
      this.poll();
    });
  }

  private prepare(b: ProducerBatch): void {
    const producer = this.producer;
    if (producer.config.enableIdempotence && b.baseSequence < 0) producer.transactions.assignSequence(b);
    if (producer.transactions.transactionsV2) producer.transactions.batchSentInTransaction();
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
    if (producer.transactions.transactionsV2) request.transactionVersion = 2;

    if (cfg.acks === 0) {
      // Fire and forget: the producer counts the records as sent now and never hears back.
      host.network.clientRequest(producer.name, brokerId, request, () => {});
      for (const b of batches) producer.settle(b, "assumed");
      return;
    }

    this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 0) + 1);
    for (const b of batches) {
      b.inFlight = true;
      this.inFlightBatches.add(b);
    }
    let answered = false;
    let timeout: Timer | undefined;
    const onDone = (response: ClientResponse | "NETWORK_EXCEPTION" | "TIMEOUT"): void => {
      if (answered) return;
      answered = true;
      timeout?.cancel(); // its event stays queued as a no-op; the request it held can be collected
      this.requestsByBroker.get(brokerId)?.delete(timedOut);
      this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 1) - 1);
      if (producer.closed) return;
      for (const b of batches) {
        b.inFlight = false;
        this.inFlightBatches.delete(b);
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
    const timedOut = (): void => onDone("TIMEOUT");
    pending.add(timedOut);
    host.network.clientRequest(producer.name, brokerId, request, onDone);
    // request.timeout.ms: no answer by then, so the client closes the connection; every request in flight on it fails
    // as timed out (NetworkClient.handleTimedOutRequests → processTimeoutDisconnection).
    timeout = host.clock.schedule(cfg.requestTimeoutMs, () => {
      if (answered) return;
      onDone("TIMEOUT");
      host.network.resetConnection(producer.name, brokerId);
      for (const other of [...pending!]) other();
    });
  }

  /** Sender.completeBatch: success, retry, or failure. */
  private completeBatch(b: ProducerBatch, error: ErrorName, baseOffset: number): void {
    const producer = this.producer;
    const host = producer.host;
    const txn = producer.transactions;
    const idempotent = producer.config.enableIdempotence;
    if (b.done) {
      // Expired (or aborted) while in flight: the application has heard already; a success still counts for the
      // sequence bookkeeping (Sender.completeBatch → TransactionManager.handleCompletedBatch).
      if (error === "NONE" && idempotent) txn.handleCompletedBatch(b);
      return;
    }
    const now = host.clock.nowMs;
    if (error === "NONE") {
      if (idempotent) txn.handleCompletedBatch(b);
      b.records.forEach((r, i) => (r.offset = baseOffset + i));
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "ack", from: producer.name, topic: b.topic, partition: b.partition, producerId: b.producerId, epoch: b.epoch, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), offset: baseOffset });
      return producer.settle(b, "acknowledged");
    }
    // Sender.canRetry: time and attempts left, and an error that allows it (TransactionManager.canRetry when idempotent).
    const retriesLeft = b.attempts <= producer.config.retries;
    const canRetry = now - b.createdMs < producer.config.deliveryTimeoutMs && retriesLeft && (idempotent ? txn.canRetry(error, b) : isRetriable(error));
    if (canRetry) {
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "retry", from: producer.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error, attempt: b.attempts, note: `will retry after ${producer.accumulator.backoffMs(b.attempts)} ms` });
      producer.accumulator.reenqueue(b, now, idempotent);
      return;
    }
    // Sequence numbers are adjusted only if retries were left: otherwise nobody knows whether the broker took it.
    this.failBatch(b, error, b.attempts - 1 < producer.config.retries, undefined);
  }

  /** Sender.failBatch: the application hears; the transaction manager updates its state (handleFailedBatch). */
  private failBatch(b: ProducerBatch, error: ErrorName | "TIMEOUT", adjustSequenceNumbers: boolean, note: string | undefined): void {
    const producer = this.producer;
    const host = producer.host;
    if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "fail", from: producer.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error, ...(note ? { note } : {}) });
    producer.settle(b, "failed", error);
    if (producer.config.enableIdempotence) producer.transactions.handleFailedBatch(b, error, adjustSequenceNumbers);
  }

  /**
   * Fail the batches whose delivery.timeout.ms has passed, queued (RecordAccumulator.expiredBatches) or in flight
   * (Sender.getExpiredInflightBatches). One that had been retried leaves its partition's sequence unresolved.
   */
  private expireBatches(now: number): void {
    const producer = this.producer;
    const limit = producer.config.deliveryTimeoutMs;
    producer.accumulator.expire(now, (b) => this.expire(b, b.attempts > 0, "delivery.timeout.ms expired"));
    if (this.inFlightBatches.size === 0) return;
    for (const b of this.inFlightBatches) {
      if (now - b.createdMs < limit) continue;
      this.inFlightBatches.delete(b);
      b.inFlight = false;
      this.expire(b, b.attempts > 1, "delivery.timeout.ms expired in flight");
    }
  }

  private expire(b: ProducerBatch, inRetry: boolean, note: string): void {
    this.failBatch(b, "TIMEOUT", false, note);
    if (inRetry && this.producer.config.enableIdempotence && b.baseSequence >= 0) this.producer.transactions.markSequenceUnresolved(b);
  }
}
