/**
 * Reference solution — exercise 1, in-sequence: sequence arithmetic that wraps after Int32 max.
 * Kafka: DefaultRecordBatch.incrementSequence / decrementSequence, ProducerAppendInfo.inSequence.
 */

/** Sequence numbers are Java ints: after 2147483647 comes 0. */
export const INT32_MAX = 2147483647;

/** The sequence that follows `seq`. */
export function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

/** The last sequence of a batch of `recordCount` records that starts at `firstSeq`. */
export function lastSequence(firstSeq: number, recordCount: number): number {
  const last = firstSeq + recordCount - 1;
  return last > INT32_MAX ? last - (INT32_MAX + 1) : last;
}

/** How many records a batch from `firstSeq` to `lastSeq` (inclusive, possibly wrapping) holds. */
export function recordCount(firstSeq: number, lastSeq: number): number {
  return lastSeq >= firstSeq ? lastSeq - firstSeq + 1 : INT32_MAX - firstSeq + 1 + lastSeq + 1;
}

/** Does a batch starting at `nextSeq` directly follow a batch that ended at `lastSeq`? (-1 = nothing written yet) */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT32_MAX);
}
