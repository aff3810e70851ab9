/**
 * Broker-side idempotence: per partition, per producer id, the epoch and the last 5 batches written.
 *
 * Follows Kafka 4.x: `ProducerStateManager`, `ProducerStateEntry` and `ProducerAppendInfo`
 * (storage/src/main/java/org/apache/kafka/storage/internals/log/). The checks, in order:
 *  1. duplicate: same epoch and (firstSeq, lastSeq) equal to a retained batch -> success with its original offsets;
 *  2. stale epoch -> INVALID_PRODUCER_EPOCH;
 *  3. newer epoch -> firstSeq must be 0 (else OUT_OF_ORDER_SEQUENCE_NUMBER); the old batches are dropped;
 *  4. same epoch -> firstSeq must follow the newest retained lastSeq (wrapping after Int32 max);
 *  5. no state for the producer -> any sequence is accepted (Kafka >= 2.5).
 *
 * Simplifications: no `producer.id.expiration.ms` expiry, no snapshots, no transactional state
 * (coordinator epochs, first unstable offsets) here; the transaction layer keeps that itself.
 */
import { INT32_MAX, NUM_BATCHES_TO_RETAIN } from "../protocol/constants.js";

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
}

export interface ProducerStateEntry {
  epoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
}

export interface IncomingBatch {
  producerId: number;
  epoch: number;
  firstSeq: number;
  lastSeq: number;
}

export type ValidationResult =
  | { kind: "append" }
  | { kind: "duplicate"; firstOffset: number; lastOffset: number }
  | { kind: "error"; error: "OUT_OF_ORDER_SEQUENCE_NUMBER" | "INVALID_PRODUCER_EPOCH" };

/**
 * One partition's producer-state table, as the broker uses it. The learner's `ProducerStateTable`
 * (exercises/sequence-validation.ts) has exactly this shape and can be swapped in.
 */
export interface ProducerStateTableLike {
  get(producerId: number): ProducerStateEntry | undefined;
  append(batch: IncomingBatch, firstOffset: number): ValidationResult;
}

/** The last sequence number of a batch of `count` records starting at `firstSeq`, wrapping after Int32 max. */
export function lastSequence(firstSeq: number, count: number): number {
  const last = firstSeq + count - 1;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

/** The sequence after `seq`, wrapping after Int32 max (ProducerStateEntry / DefaultRecordBatch.incrementSequence). */
export function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

/** Is `nextSeq` the sequence that must follow `lastSeq`? (ProducerAppendInfo.inSequence) */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

/** Decide what to do with a batch, given the producer's state (undefined = no state). Pure. */
export function validateBatch(state: ProducerStateEntry | undefined, batch: IncomingBatch): ValidationResult {
  if (state === undefined) return { kind: "append" };
  if (batch.epoch === state.epoch) {
    const dup = state.batches.find((b) => b.firstSeq === batch.firstSeq && b.lastSeq === batch.lastSeq);
    if (dup) return { kind: "duplicate", firstOffset: dup.firstOffset, lastOffset: dup.lastOffset };
  }
  if (batch.epoch < state.epoch) return { kind: "error", error: "INVALID_PRODUCER_EPOCH" };
  if (batch.epoch > state.epoch) {
    return batch.firstSeq === 0 ? { kind: "append" } : { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" };
  }
  const newest = state.batches[state.batches.length - 1];
  const lastSeq = newest ? newest.lastSeq : -1;
  return inSequence(lastSeq, batch.firstSeq) ? { kind: "append" } : { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" };
}

/** Kafka's ProducerStateManager for one partition. */
export class ProducerStateManager implements ProducerStateTableLike {
  private readonly producers = new Map<number, ProducerStateEntry>();

  get(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  /** Validate and, when accepted, record the batch as written at firstOffset…firstOffset+count−1. */
  append(batch: IncomingBatch, firstOffset: number): ValidationResult {
    const result = validateBatch(this.producers.get(batch.producerId), batch);
    if (result.kind === "append") this.record(batch, firstOffset);
    return result;
  }

  /**
   * Record a batch without validating it: what followers do when they replicate (Kafka validates only on the
   * leader; followers rebuild the same state from the log so that a new leader can take over).
   */
  record(batch: IncomingBatch, firstOffset: number): void {
    const count = batch.lastSeq >= batch.firstSeq
      ? batch.lastSeq - batch.firstSeq + 1
      : INT32_MAX - batch.firstSeq + 1 + batch.lastSeq + 1;
    let entry = this.producers.get(batch.producerId);
    if (!entry || batch.epoch !== entry.epoch) {
      entry = { epoch: batch.epoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    }
    entry.batches.push({ firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, firstOffset, lastOffset: firstOffset + count - 1 });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /**
   * A transaction marker was written for this producer with `epoch`: a newer epoch is adopted and the old
   * batches dropped (ProducerStateEntry.maybeUpdateProducerEpoch, called from appendEndTxnMarker).
   */
  markTransactionEnd(producerId: number, epoch: number): void {
    const entry = this.producers.get(producerId);
    if (!entry) this.producers.set(producerId, { epoch, batches: [] });
    else if (entry.epoch !== epoch) {
      entry.epoch = epoch;
      entry.batches = [];
    }
  }

  /** Producer ids with state, for display. */
  producerIds(): number[] {
    return [...this.producers.keys()].sort((a, b) => a - b);
  }

  clear(): void {
    this.producers.clear();
  }
}
