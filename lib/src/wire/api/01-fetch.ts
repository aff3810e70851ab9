/**
 * Fetch (API key 1), versions 4–11 (Kafka 4.x no longer serves v0–v3, KIP-896). None of these is flexible:
 * v12 is the first with tagged fields.
 *
 * Fetch Request (Version: 4-11) => replica_id max_wait_ms min_bytes max_bytes isolation_level
 *                                  session_id session_epoch [topics] [forgotten_topics_data] rack_id
 *   replica_id => INT32
 *   max_wait_ms => INT32
 *   min_bytes => INT32
 *   max_bytes => INT32
 *   isolation_level => INT8                 (0 read_uncommitted, 1 read_committed)
 *   session_id => INT32                     v7+
 *   session_epoch => INT32                  v7+
 *   topics => topic [partitions]
 *     topic => STRING
 *     partitions => partition current_leader_epoch fetch_offset log_start_offset partition_max_bytes
 *       partition => INT32
 *       current_leader_epoch => INT32       v9+
 *       fetch_offset => INT64
 *       log_start_offset => INT64           v5+
 *       partition_max_bytes => INT32
 *   forgotten_topics_data => topic [partitions]   v7+
 *     topic => STRING
 *     partitions => INT32
 *   rack_id => STRING                       v11+
 *
 * Fetch Response (Version: 4-11) => throttle_time_ms error_code session_id [responses]
 *   throttle_time_ms => INT32
 *   error_code => INT16                     v7+
 *   session_id => INT32                     v7+
 *   responses => topic [partitions]
 *     topic => STRING
 *     partitions => partition_index error_code high_watermark last_stable_offset log_start_offset
 *                   [aborted_transactions] preferred_read_replica records
 *       partition_index => INT32
 *       error_code => INT16
 *       high_watermark => INT64
 *       last_stable_offset => INT64
 *       log_start_offset => INT64           v5+
 *       aborted_transactions => producer_id first_offset   (nullable array)
 *         producer_id => INT64
 *         first_offset => INT64
 *       preferred_read_replica => INT32     v11+
 *       records => RECORDS
 *
 * Simplifications: no incremental fetch sessions (KIP-227): every fetch is a full fetch and the response's
 * session_id is 0, which Kafka also answers when it declines to create a session; forgotten_topics_data,
 * current_leader_epoch and rack_id are read and ignored; preferred_read_replica is always -1.
 */
import type { FetchPartitionRequest } from "../../protocol/messages.js";
import { encodeRecordBatch } from "../codec/record-batch.js";
import type { Reader } from "../codec/reader.js";
import { Writer } from "../codec/writer.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const fetch: CoreApi<"Fetch"> = {
  kind: "core",
  apiKey: 1,
  name: "Fetch",
  minVersion: 4,
  maxVersion: 11,

  decodeRequest(r: Reader, version: number) {
    const replicaId = r.int32("replica_id");
    const maxWaitMs = r.int32("max_wait_ms");
    const minBytes = r.int32("min_bytes");
    const maxBytes = r.int32("max_bytes");
    const isolationLevel = r.int8("isolation_level");
    if (isolationLevel !== 0 && isolationLevel !== 1) r.fail(`isolation_level ${isolationLevel} is not 0 (read_uncommitted) or 1 (read_committed)`);
    if (version >= 7) {
      r.int32("session_id");
      r.int32("session_epoch");
    }
    const topics = r.array(
      (t) => ({
        topic: t.string("topic"),
        partitions: t.array((p): FetchPartitionRequest => {
          const partition = p.int32("partition");
          if (version >= 9) p.int32("current_leader_epoch");
          const fetchOffset = p.int64("fetch_offset");
          if (version >= 5) p.int64("log_start_offset");
          const partitionMaxBytes = p.int32("partition_max_bytes");
          return { partition, fetchOffset, partitionMaxBytes };
        }, "partitions", 16),
      }),
      "topics",
      6,
    );
    if (version >= 7) {
      r.array((t) => ({ topic: t.string("forgotten topic"), partitions: t.array((p) => p.int32("forgotten partition"), "forgotten partitions", 4) }), "forgotten_topics_data", 6);
    }
    if (version >= 11) r.string("rack_id");
    r.expectEnd("Fetch request");
    return { request: { api: "Fetch" as const, replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs);
      if (version >= 7) w.int16(code(response.error)).int32(0);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).int64(p.highWatermark).int64(p.lastStableOffset);
          if (version >= 5) w.int64(p.logStartOffset);
          w.array(p.abortedTransactions, (w, a) => w.int64(a.producerId).int64(a.firstOffset));
          if (version >= 11) w.int32(-1);
          const records = new Writer(256);
          for (const b of p.batches) encodeRecordBatch(records, wholeMilliseconds(b));
          w.bytes(records.finish());
        });
      });
    });
  },
};

/**
 * Kafka timestamps are whole milliseconds (int64). The broker stamps a transaction marker with the simulation's
 * clock, which the wire server advances by fractional wall-clock milliseconds, so round such a time down here.
 */
function wholeMilliseconds<B extends { records: ReadonlyArray<{ timestampMs: number }> }>(batch: B): B {
  if (batch.records.every((r) => Number.isInteger(r.timestampMs))) return batch;
  return { ...batch, records: batch.records.map((r) => ({ ...r, timestampMs: Math.floor(r.timestampMs) })) };
}
