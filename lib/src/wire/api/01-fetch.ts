/**
 * Fetch (API key 1), versions 4–17, as Kafka 4.x (v0–v3 are gone, KIP-896). v12 is flexible and adds
 * last_fetched_epoch; v13+ name topics by topic id (KIP-516), resolved here through ../topic-id.ts (the ids
 * Metadata hands out); v15 moves replica_id into the tagged replica_state; v16–17 add only tagged fields.
 *
 * Fetch Request (Version: 4-17) => replica_id max_wait_ms min_bytes max_bytes isolation_level
 *                                  session_id session_epoch [topics] [forgotten_topics_data] rack_id
 *   replica_id => INT32                     v4–14 (v15+: tagged replica_state, tag 1: replica_id INT32, replica_epoch INT64)
 *   max_wait_ms => INT32
 *   min_bytes => INT32
 *   max_bytes => INT32
 *   isolation_level => INT8                 (0 read_uncommitted, 1 read_committed)
 *   session_id => INT32                     v7+
 *   session_epoch => INT32                  v7+
 *   topics => topic [partitions]
 *     topic => STRING                       v4–12 (v13+: topic_id => UUID; an unknown id gets UNKNOWN_TOPIC_ID)
 *     partitions => partition current_leader_epoch fetch_offset log_start_offset partition_max_bytes
 *       partition => INT32
 *       current_leader_epoch => INT32       v9+
 *       fetch_offset => INT64
 *       last_fetched_epoch => INT32         v12+ (KIP-595: the leader answers a diverging epoch if the log differs)
 *       log_start_offset => INT64           v5+
 *       partition_max_bytes => INT32
 *   forgotten_topics_data => topic [partitions]   v7+
 *     topic => STRING                       v7–12 (v13+: topic_id => UUID)
 *     partitions => INT32
 *   rack_id => STRING                       v11+
 *   (v12: every struct ends with TAG_BUFFER; tag 0 at the top is cluster_id, skipped)
 *
 * Fetch Response (Version: 4-11) => throttle_time_ms error_code session_id [responses]
 *   throttle_time_ms => INT32
 *   error_code => INT16                     v7+
 *   session_id => INT32                     v7+
 *   responses => topic [partitions]
 *     topic => STRING                       v4–12 (v13+: topic_id => UUID)
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
 *       (v12 tagged: 0 diverging_epoch => epoch INT32, end_offset INT64 — sent when the log diverged;
 *        1 current_leader, 2 snapshot_id — not sent; v16 top-level tag 0 node_endpoints — not sent)
 *
 * Simplifications: no incremental fetch sessions (KIP-227): every fetch is a full fetch and the response's
 * session_id is 0, which Kafka also answers when it declines to create a session; forgotten_topics_data,
 * current_leader_epoch and rack_id are read and ignored; preferred_read_replica is always -1.
 */
import type { FetchPartitionRequest, FetchResponse } from "../../protocol/messages.js";
import { topicIdOf, topicNameOf } from "../topic-id.js";
import { encodeRecordBatch } from "../codec/record-batch.js";
import { Reader } from "../codec/reader.js";
import { Writer } from "../codec/writer.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 12;
const TOPIC_IDS = 13;
const REPLICA_STATE = 15;

/** A topic of the response; the wire layer adds those a v13+ request named by an id it does not know. */
type ResponseTopic = FetchResponse["topics"][number] & { unknownTopicId?: string };

export const fetch: CoreApi<"Fetch"> = {
  kind: "core",
  apiKey: 1,
  name: "Fetch",
  minVersion: 4,
  maxVersion: 17,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"Fetch"> {
    let replicaId = version < REPLICA_STATE ? r.int32("replica_id") : -1;
    const maxWaitMs = r.int32("max_wait_ms");
    const minBytes = r.int32("min_bytes");
    const maxBytes = r.int32("max_bytes");
    const isolationLevel = r.int8("isolation_level");
    if (isolationLevel !== 0 && isolationLevel !== 1) r.fail(`isolation_level ${isolationLevel} is not 0 (read_uncommitted) or 1 (read_committed)`);
    if (version >= 7) {
      r.int32("session_id");
      r.int32("session_epoch");
    }
    const unknown: Array<{ id: string; partitions: number[] }> = [];
    const all = r.array(
      (t) => {
        let topic: string | undefined;
        let id = "";
        if (version >= TOPIC_IDS) {
          id = t.uuid("topic_id");
          topic = topicNameOf(id);
        } else {
          topic = t.string("topic");
        }
        const partitions = t.array((p): FetchPartitionRequest => {
          const partition = p.int32("partition");
          if (version >= 9) p.int32("current_leader_epoch");
          const fetchOffset = p.int64("fetch_offset");
          const lastFetchedEpoch = version >= 12 ? p.int32("last_fetched_epoch") : -1;
          if (version >= 5) p.int64("log_start_offset");
          const partitionMaxBytes = p.int32("partition_max_bytes");
          p.tags(); // v17: tag 0 replica_directory_id, skipped
          return lastFetchedEpoch >= 0 ? { partition, fetchOffset, partitionMaxBytes, lastFetchedEpoch } : { partition, fetchOffset, partitionMaxBytes };
        }, "partitions", 16);
        t.tags();
        if (topic === undefined) unknown.push({ id, partitions: partitions.map((p) => p.partition) });
        return { topic: topic ?? "", partitions };
      },
      "topics",
      6,
    );
    if (version >= 7) {
      r.array((t) => {
        const forgotten = {
          topic: version >= TOPIC_IDS ? t.uuid("forgotten topic_id") : t.string("forgotten topic"),
          partitions: t.array((p) => p.int32("forgotten partition"), "forgotten partitions", 4),
        };
        t.tags();
        return forgotten;
      }, "forgotten_topics_data", 6);
    }
    if (version >= 11) r.string("rack_id");
    const tags = r.tags(); // tag 0: cluster_id (ignored); tag 1 (v15+): replica_state
    r.expectEnd("Fetch request");
    const replicaState = version >= REPLICA_STATE ? tags.get(1) : undefined;
    if (replicaState) {
      const s = new Reader(replicaState, { flexible: true });
      replicaId = s.int32("replica_state.replica_id");
      s.int64("replica_state.replica_epoch");
      s.tags();
      s.expectEnd("Fetch replica_state");
    }
    const topics = unknown.length === 0 ? all : all.filter((t) => t.topic !== "" || version < TOPIC_IDS);
    const request = { api: "Fetch" as const, replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel: isolationLevel as 0 | 1, topics };
    if (unknown.length === 0) return { request };
    // Kafka answers a topic id it does not know with UNKNOWN_TOPIC_ID on each of its partitions.
    const amend = (response: FetchResponse): FetchResponse => ({
      ...response,
      topics: [
        ...response.topics,
        ...unknown.map(({ id, partitions }): ResponseTopic => ({
          topic: "",
          unknownTopicId: id,
          partitions: partitions.map((partition) => ({ partition, error: "UNKNOWN_TOPIC_ID", highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], batches: [] })),
        })),
      ],
    });
    if (topics.length > 0) return { request, amend };
    return { request, answer: amend({ api: "Fetch", error: "NONE", throttleTimeMs: 0, topics: [] }) };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs);
      if (version >= 7) w.int16(code(response.error)).int32(0);
      w.array(response.topics as ResponseTopic[], (w, t) => {
        if (version >= TOPIC_IDS) w.uuid(t.unknownTopicId ?? topicIdOf(t.topic));
        else w.string(t.topic);
        w.array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).int64(p.highWatermark).int64(p.lastStableOffset);
          if (version >= 5) w.int64(p.logStartOffset);
          w.array(p.abortedTransactions, (w, a) => w.int64(a.producerId).int64(a.firstOffset).tags());
          if (version >= 11) w.int32(-1);
          const records = new Writer(256);
          for (const b of p.batches) encodeRecordBatch(records, wholeMilliseconds(b));
          w.bytes(records.finish());
          w.tags(p.divergingEpoch ? [[0, divergingEpochField(p.divergingEpoch)]] : []);
        });
        w.tags();
      });
      w.tags();
    });
  },
};

/** The diverging_epoch tagged field (tag 0): epoch INT32, end_offset INT64, and its own empty tagged fields. */
function divergingEpochField(d: { epoch: number; endOffset: number }): Uint8Array {
  return new Writer(16, { flexible: true }).int32(d.epoch).int64(d.endOffset).tags().finish();
}

/**
 * Kafka timestamps are whole milliseconds (int64). The broker stamps a transaction marker with the simulation's
 * clock, which the wire server advances by fractional wall-clock milliseconds, so round such a time down here.
 */
function wholeMilliseconds<B extends { records: ReadonlyArray<{ timestampMs: number }> }>(batch: B): B {
  if (batch.records.every((r) => Number.isInteger(r.timestampMs))) return batch;
  return { ...batch, records: batch.records.map((r) => ({ ...r, timestampMs: Math.floor(r.timestampMs) })) };
}
