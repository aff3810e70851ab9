/**
 * Exercise 1 of 6 — in-sequence: sequence numbers that wrap around.
 *
 * A Kafka producer numbers the records it sends to a partition 0, 1, 2, … A batch of n records starting at
 * `firstSeq` covers firstSeq … firstSeq+n−1. Sequence numbers are Java ints: after 2147483647 (Int32 max) the next
 * one is 0, so a batch may start near the top and end near 0 (its lastSeq is then smaller than its firstSeq).
 * The broker writes a batch only if it starts right after the last batch it wrote for that producer
 * (Kafka: ProducerAppendInfo.inSequence, DefaultRecordBatch.incrementSequence).
 *
 * Implement the four functions below. Examples:
 *   nextSequence(41) === 42            nextSequence(2147483647) === 0
 *   lastSequence(10, 5) === 14         lastSequence(2147483646, 4) === 1
 *   recordCount(10, 14) === 5          recordCount(2147483646, 1) === 4
 *   inSequence(14, 15) === true        inSequence(2147483647, 0) === true     inSequence(-1, 0) === true
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only in-sequence        (every exercise: npm run grade)
 */

/** Sequence numbers are Java ints: after 2147483647 comes 0. */
export const INT32_MAX = 2147483647;

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: ${what} (exercises/in-sequence.ts)`);
}

/** The sequence that follows `seq` (0 after INT32_MAX). */
export function nextSequence(seq: number): number {
  return notImplemented(`nextSequence(${seq})`);
}

/** The last sequence of a batch of `recordCount` (≥ 1) records that starts at `firstSeq`, wrapping after INT32_MAX. */
export function lastSequence(firstSeq: number, recordCount: number): number {
  return notImplemented(`lastSequence(${firstSeq}, ${recordCount})`);
}

/** How many records a batch from `firstSeq` to `lastSeq` (both included, possibly wrapping) holds. */
export function recordCount(firstSeq: number, lastSeq: number): number {
  return notImplemented(`recordCount(${firstSeq}, ${lastSeq})`);
}

/**
 * Does a batch starting at `nextSeq` directly follow a batch that ended at `lastSeq`?
 * `lastSeq` is -1 when nothing has been written yet (then only 0 follows).
 */
export function inSequence(lastSeq: number, nextSeq: number): boolean {
  return notImplemented(`inSequence(${lastSeq}, ${nextSeq})`);
}
