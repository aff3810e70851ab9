/**
 * DescribeProducers (API key 61), version 0 (flexible from v0; KIP-664). An admin client asks each partition's
 * leader for the producers it has state for: the id, epoch and last sequence the duplicate check uses, as
 * `kafka-transactions.sh describe-producers` prints them.
 *
 * DescribeProducers Request (Version: 0) => [topics] TAG_BUFFER
 *   topics => name [partition_indexes] TAG_BUFFER
 *     name => COMPACT_STRING
 *     partition_indexes => INT32
 *
 * DescribeProducers Response (Version: 0) => throttle_time_ms [topics] TAG_BUFFER
 *   topics => name [partitions] TAG_BUFFER
 *     partitions => partition_index error_code error_message [active_producers] TAG_BUFFER
 *       error_message => COMPACT_NULLABLE_STRING
 *       active_producers => producer_id producer_epoch last_sequence last_timestamp coordinator_epoch
 *                           current_txn_start_offset TAG_BUFFER
 *         producer_id => INT64
 *         producer_epoch => INT32
 *         last_sequence => INT32
 *         last_timestamp => INT64
 *         coordinator_epoch => INT32
 *         current_txn_start_offset => INT64
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const describeProducers: CoreApi<"DescribeProducers"> = {
  kind: "core",
  apiKey: 61,
  name: "DescribeProducers",
  minVersion: 0,
  maxVersion: 0,
  firstFlexibleVersion: 0,

  decodeRequest(r: Reader) {
    const topics = r.array((t) => {
      const topic = t.string("topics.name");
      const partitions = t.array((p) => p.int32("partition_indexes"), "partition_indexes", 4);
      t.tags();
      return { topic, partitions };
    }, "topics", 3);
    r.tags();
    r.expectEnd("DescribeProducers request");
    return { request: { api: "DescribeProducers" as const, topics } };
  },

  encodeResponse(response) {
    return encodeWith(true, (w) => {
      w.int32(response.throttleTimeMs).array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).nullableString(p.errorMessage);
          w.array(p.activeProducers, (w, a) => {
            w.int64(a.producerId).int32(a.producerEpoch).int32(a.lastSequence).int64(a.lastTimestampMs).int32(a.coordinatorEpoch).int64(a.currentTxnStartOffset).tags();
          });
          w.tags();
        });
        w.tags();
      });
      w.tags();
    });
  },
};
