/**
 * Exercise 4 of 6 — sequence-validation: the broker's duplicate and ordering check for idempotent producers.
 *
 * An idempotent producer stamps every batch with its producer id (PID), its epoch, and the sequence numbers of its
 * records (firstSeq … lastSeq). A retry resends the same numbers. For each PID, a partition keeps the producer's
 * epoch and the last 5 batches it wrote (Kafka: NUM_BATCHES_TO_RETAIN = 5 — that is why a producer may have at most
 * 5 requests in flight). For an incoming batch, Kafka 4.x decides, in this order:
 *
 *  1. Duplicate: same epoch as stored, and (firstSeq, lastSeq) equal to one of the retained batches →
 *     { kind: "duplicate", firstOffset, lastOffset } with THAT batch's original offsets; nothing is written.
 *     (Not an error: modern Kafka acknowledges a duplicate as a success.)
 *  2. Stale epoch: epoch lower than stored → error INVALID_PRODUCER_EPOCH.
 *  3. New epoch: epoch higher than stored → firstSeq must be 0, else OUT_OF_ORDER_SEQUENCE_NUMBER. When written, the
 *     new epoch replaces the old one and the old batches are forgotten.
 *  4. Same epoch: let last = lastSeq of the newest retained batch (-1 if none). Write it only when
 *     firstSeq == last + 1, or firstSeq == 0 when last == 2147483647 (sequences wrap after Int32 max). Anything
 *     else — a gap, a partial overlap with a retained batch, an old batch no longer retained — is
 *     OUT_OF_ORDER_SEQUENCE_NUMBER.
 *  5. No state for this PID (`state` is undefined: a new producer, or its state expired): any sequence is written.
 *     (Kafka ≥ 2.5. Kafka 0.11 demanded 0; 1.0–2.4 answered UNKNOWN_PRODUCER_ID.)
 * Only firstSeq is compared with what is expected; lastSeq may be smaller than firstSeq when the batch wraps.
 * (Kafka: ProducerStateManager, ProducerStateEntry, ProducerAppendInfo.)
 *
 * `ProducerStateTable` is one partition's table. `append(batch, firstOffset)` validates the batch against the
 * producer's state; on "append" it records the batch as written at offsets firstOffset … firstOffset+count−1
 * (count = number of records, counting across the wrap) and keeps only the 5 newest batches, oldest first.
 * A duplicate or an error changes nothing.
 *
 * The grader also plugs your ProducerStateTable into the simulated broker and runs hundreds of seeded scenarios
 * with lost responses, retries, 5 requests in flight and epoch bumps: nothing may be duplicated, reordered or lost.
 * Keep the exports below exactly as they are (other tools load this file); you may add helpers.
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only sequence-validation        (every exercise: npm run grade)
 */

export type ValidationResult =
  | { kind: "append" }                                              // write the batch
  | { kind: "duplicate"; firstOffset: number; lastOffset: number }  // already written: acknowledge with its original offsets
  | { kind: "error"; error: "OUT_OF_ORDER_SEQUENCE_NUMBER" | "INVALID_PRODUCER_EPOCH" };
export interface BatchMetadata { firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number; }
export interface ProducerState { epoch: number; batches: BatchMetadata[]; }   // oldest first, at most 5
export interface IncomingBatch { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

/** Decide what to do with `batch`, given its producer's state (undefined = no state). Must not change `state`. */
export function validateBatch(state: ProducerState | undefined, batch: IncomingBatch): ValidationResult {
  void state; void batch;
  throw new Error("not implemented yet: validateBatch (exercises/sequence-validation.ts)");
}

/** One partition's producer states, by producer id. */
export class ProducerStateTable {
  /** The producer's state, or undefined when this partition has none for it. */
  get(producerId: number): ProducerState | undefined {
    void producerId;
    throw new Error("not implemented yet: ProducerStateTable.get (exercises/sequence-validation.ts)");
  }

  /** Validate `batch`; on "append", record it as written at offsets firstOffset…firstOffset+count−1. */
  append(batch: IncomingBatch, firstOffset: number): ValidationResult {
    void batch; void firstOffset;
    throw new Error("not implemented yet: ProducerStateTable.append (exercises/sequence-validation.ts)");
  }
}
