/**
 * Numbers that the client and the broker share, each where Kafka keeps it.
 */

/**
 * How many batches the broker remembers per producer and partition (ProducerStateEntry.NUM_BATCHES_TO_RETAIN): a
 * retry is recognised as a duplicate only while its batch is among the last five. That is why an idempotent
 * producer keeps at most 5 requests in flight (ProducerConfig: max.in.flight.requests.per.connection <= 5).
 */
export const NUM_BATCHES_TO_RETAIN = 5;

/** Sequence numbers are Int32 and wrap to 0 after this (DefaultRecordBatch.incrementSequence). */
export const INT32_MAX = 2147483647;
