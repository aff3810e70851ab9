/**
 * Reference solution — exercise 4, sequence-validation: how a Kafka 4.x broker decides whether an idempotent batch
 * is written, acknowledged as a duplicate, or refused (ProducerStateManager, ProducerStateEntry, ProducerAppendInfo).
 */

export type ValidationResult =
  | { kind: "append" }                                              // write the batch
  | { kind: "duplicate"; firstOffset: number; lastOffset: number }  // already written: acknowledge with its original offsets
  | { kind: "error"; error: "OUT_OF_ORDER_SEQUENCE_NUMBER" | "INVALID_PRODUCER_EPOCH" };
export interface BatchMetadata { firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number; }
export interface ProducerState { epoch: number; batches: BatchMetadata[]; }   // oldest first, at most 5
export interface IncomingBatch { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
const NUM_BATCHES_TO_RETAIN = 5;
const INT32_MAX = 2147483647;

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}

function recordCount(firstSeq: number, lastSeq: number): number {
  return lastSeq >= firstSeq ? lastSeq - firstSeq + 1 : INT32_MAX - firstSeq + 1 + lastSeq + 1;
}

const outOfOrder: ValidationResult = { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" };

export function validateBatch(state: ProducerState | undefined, batch: IncomingBatch): ValidationResult {
  // No state: a new producer, or one whose state expired. Kafka >= 2.5 accepts any sequence.
  if (state === undefined) return { kind: "append" };

  // 1. A retry of a batch still retained: acknowledge it again with the offsets it was written at.
  if (batch.epoch === state.epoch) {
    const dup = state.batches.find((b) => b.firstSeq === batch.firstSeq && b.lastSeq === batch.lastSeq);
    if (dup) return { kind: "duplicate", firstOffset: dup.firstOffset, lastOffset: dup.lastOffset };
  }
  // 2. A zombie from an older epoch.
  if (batch.epoch < state.epoch) return { kind: "error", error: "INVALID_PRODUCER_EPOCH" };
  // 3. A new epoch starts its sequences at 0.
  if (batch.epoch > state.epoch) return batch.firstSeq === 0 ? { kind: "append" } : outOfOrder;
  // 4. Same epoch: only the batch right after the newest one is written.
  const newest = state.batches[state.batches.length - 1];
  return inSequence(newest ? newest.lastSeq : -1, batch.firstSeq) ? { kind: "append" } : outOfOrder;
}

/** One partition's producer states, by producer id. */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerState>();

  get(producerId: number): ProducerState | undefined {
    return this.producers.get(producerId);
  }

  append(batch: IncomingBatch, firstOffset: number): ValidationResult {
    const current = this.producers.get(batch.producerId);
    const result = validateBatch(current, batch);
    if (result.kind !== "append") return result;

    const state = current && current.epoch === batch.epoch ? current : { epoch: batch.epoch, batches: [] };
    const count = recordCount(batch.firstSeq, batch.lastSeq);
    state.batches.push({ firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, firstOffset, lastOffset: firstOffset + count - 1 });
    if (state.batches.length > NUM_BATCHES_TO_RETAIN) state.batches.shift();
    this.producers.set(batch.producerId, state);
    return result;
  }
}
