/**
 * The record accumulator: per partition, a queue of batches waiting to be sent (new records join the last batch
 * while it has room), and the rules for when a batch is ready (full, lingered enough, or backed off enough).
 *
 * Kafka: RecordAccumulator (append, ready, drain's ordering rules), ProducerBatch.
 * Simplifications: record sizes are estimated as key + value length + 10 bytes (plus 61 per batch); no compression,
 * no buffer memory limit (send() never blocks).
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
   * Returns the batch (new when it holds this one record only).
   */
  append(result: SendResult, key: string, nowMs: number): ProducerBatch {
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new Array<ProducerBatch>()));
    const size = RECORD_OVERHEAD_BYTES + result.value.length + (result.key?.length ?? 0);
    let batch = queue[queue.length - 1];
    if (!batch || batch.attempts > 0 || batch.baseSequence >= 0 || batch.sizeBytes + size > this.config.batchSize) {
      batch = new ProducerBatch(result.topic, result.partition, key, nowMs);
      queue.push(batch);
    }
    batch.records.push(result);
    batch.wire.push({ key: result.key, value: result.value, headers: NO_HEADERS, timestampMs: nowMs });
    batch.sizeBytes += size;
    return batch;
  }

  /** When a batch may be sent (RecordAccumulator.ready): full, lingered enough, or backed off enough after a failure. */
  readyAtMs(b: ProducerBatch, full: boolean): number {
    if (b.attempts > 0) return b.lastAttemptMs + this.backoffMs(b.attempts);
    if (full || b.sizeBytes >= this.config.batchSize) return b.createdMs;
    return b.createdMs + this.config.lingerMs;
  }

  /** Exponential backoff (KIP-580): retry.backoff.ms × 2^(attempts−1), capped at retry.backoff.max.ms. Deterministic (no jitter). */
  backoffMs(attempts: number): number {
    const cfg = this.config;
    return Math.min(cfg.retryBackoffMs * 2 ** Math.max(0, attempts - 1), Math.max(cfg.retryBackoffMs, cfg.retryBackoffMaxMs));
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

  hasQueuedRetry(): boolean {
    for (const q of this.queues.values()) for (const b of q) if (b.attempts > 0) return true;
    return false;
  }

  /** After an epoch bump: queued batches get new sequence numbers when they are drained. */
  forgetSequences(): void {
    for (const q of this.queues.values()) for (const b of q) b.baseSequence = -1;
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
