/**
 * The record accumulator: per partition, a queue of batches waiting to be sent (new records join the last batch
 * while it has room), and the rules for when a batch is ready (full, lingered enough, or backed off enough).
 *
 * Kafka: RecordAccumulator (append, ready, drain's ordering rules, reenqueue, expiredBatches), ProducerBatch,
 * ExponentialBackoff. Rules followed:
 *  - a batch is ready when full (or another batch waits behind it), when linger.ms has passed since it was created,
 *    or when the transaction is being committed or aborted (RecordAccumulator.batchReady: transactionCompleting);
 *  - a retry waits retry.backoff.ms × 2^(attempts−1), capped at retry.backoff.max.ms, or a constant
 *    retry.backoff.max.ms when retry.backoff.ms is larger (ExponentialBackoff); a retry towards a new partition
 *    leader goes at once (shouldBackoff, KAFKA-15415, Kafka 3.7+);
 *  - a retried batch of an idempotent producer goes back in sequence order, any other to the head of its queue;
 *  - batches expire at the head of their queues once delivery.timeout.ms has passed since they were created.
 * Simplifications: record sizes are estimated as key + value length + 10 bytes (plus 61 per batch); no compression,
 * no buffer memory limit (send() never blocks); the backoff has no jitter (Kafka multiplies it by a random factor
 * between 0.8 and 1.2), so runs stay reproducible from the seed alone.
 */
import type { KafkaRecord } from "../protocol/messages.js";
import type { ProducerConfig } from "./config.js";
import { ProducerBatch, RECORD_OVERHEAD_BYTES, type SendResult } from "./producer-batch.js";

/** Records sent without headers share this empty list (read by brokers and encoders, never changed). */
const NO_HEADERS: KafkaRecord["headers"] = [];

export class RecordAccumulator {
  /** Per partition ("topic-partition"), the batches not in flight, oldest first. */
  readonly queues = new Map<string, ProducerBatch[]>();

  constructor(private readonly config: ProducerConfig) {}

  /**
   * Add a record to its partition's last batch, or to a new one when that is full, already sent, or numbered.
   * Returns the batch, whether it is new, and how many batches wait in the partition's queue.
   */
  append(result: SendResult, key: string, nowMs: number): { batch: ProducerBatch; fresh: boolean; queued: number } {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new Array<ProducerBatch>()));
    const size = RECORD_OVERHEAD_BYTES + result.value.length + (result.key?.length ?? 0);
    let batch = queue[queue.length - 1];
    let fresh = false;
    if (!batch || batch.attempts > 0 || batch.baseSequence >= 0 || batch.sizeBytes + size > this.config.batchSize) {
      batch = new ProducerBatch(result.topic, result.partition, key, nowMs);
      queue.push(batch);
      fresh = true;
    }
    batch.records.push(result);
    batch.wire.push({ key: result.key, value: result.value, headers: NO_HEADERS, timestampMs: nowMs });
    batch.sizeBytes += size;
    return { batch, fresh, queued: queue.length };
  }

  /**
   * When a batch may be sent (RecordAccumulator.ready): full, lingered enough, the transaction completing, or backed off
   * enough after a failure (no backoff when the retry goes to a new leader: `leaderChanged`).
   */
  readyAtMs(b: ProducerBatch, full: boolean, leaderChanged = false, transactionCompleting = false): number {
    if (b.attempts > 0) return leaderChanged ? b.lastAttemptMs : b.lastAttemptMs + this.backoffMs(b.attempts);
    if (full || transactionCompleting || b.sizeBytes >= this.config.batchSize) return b.createdMs;
    return b.createdMs + this.config.lingerMs;
  }

  /**
   * ExponentialBackoff(retry.backoff.ms, 2, retry.backoff.max.ms) for the attempt after `attempts` sends (KIP-580):
   * retry.backoff.ms × 2^(attempts−1) capped at retry.backoff.max.ms; a constant retry.backoff.max.ms when
   * retry.backoff.ms is not below it. Deterministic (no jitter).
   */
  backoffMs(attempts: number): number {
    const cfg = this.config;
    const max = cfg.retryBackoffMaxMs;
    const initial = Math.min(cfg.retryBackoffMs, max);
    if (max <= cfg.retryBackoffMs) return initial;
    return Math.min(initial * 2 ** Math.max(0, attempts - 1), max);
  }

  /**
   * Put a batch back for a retry (RecordAccumulator.reenqueue): a numbered batch of an idempotent producer goes back
   * in sequence order; any other goes to the head of its queue, where it may be sent after later batches.
   */
  reenqueue(b: ProducerBatch, nowMs: number, idempotent: boolean): void {
    // The backoff runs from the failure (ProducerBatch.reenqueued(now)), not from the last send.
    b.lastAttemptMs = nowMs;
    let q = this.queues.get(b.key);
    if (!q) this.queues.set(b.key, (q = []));
    if (idempotent && b.baseSequence >= 0) {
      let i = 0;
      while (i < q.length && q[i]!.baseSequence >= 0 && q[i]!.baseSequence < b.baseSequence) i++;
      q.splice(i, 0, b);
    } else {
      q.unshift(b);
    }
  }

  /** Take out the batches older than delivery.timeout.ms at the head of their queues, each handed to `expired`. */
  expire(nowMs: number, expired: (b: ProducerBatch) => void): void {
    const limit = this.config.deliveryTimeoutMs;
    for (const q of this.queues.values()) {
      while (q.length > 0 && nowMs - q[0]!.createdMs >= limit) expired(q.shift()!);
    }
  }

  /** The earliest delivery deadline among the batches at the head of their queues (Infinity if none). */
  nextExpiryMs(): number {
    let first = Infinity;
    for (const q of this.queues.values()) {
      const b = q[0];
      if (b && b.createdMs < first) first = b.createdMs;
    }
    return first + this.config.deliveryTimeoutMs;
  }

  hasQueuedRetry(): boolean {
    for (const q of this.queues.values()) for (const b of q) if (b.attempts > 0) return true;
    return false;
  }

  /** After the partition's batches were renumbered (an epoch bump): numbered batches back in sequence order. */
  resort(key: string): void {
    const q = this.queues.get(key);
    if (!q || q.length < 2) return;
    const numbered = q.filter((b) => b.baseSequence >= 0).sort((a, b) => a.baseSequence - b.baseSequence);
    if (numbered.length === 0) return;
    const rest = q.filter((b) => b.baseSequence < 0);
    q.length = 0;
    q.push(...numbered, ...rest);
  }

  /** Hand every batch not yet settled to `drop` and empty the queues (an abort keeps the partitions' entries). */
  dropAll(drop: (b: ProducerBatch) => void, keepEntries: boolean): void {
    for (const [key, q] of this.queues) {
      for (const b of q) if (!b.done) drop(b);
      if (keepEntries) this.queues.set(key, []);
    }
    if (!keepEntries) this.queues.clear();
  }
}
