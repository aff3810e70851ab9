/**
 * OffsetCommit (API key 8), versions 2–9 (Kafka 4.x no longer serves v0–v1, KIP-896; v8+ flexible).
 *
 * OffsetCommit Request (Version: 2-9) => group_id generation_id member_id group_instance_id retention_time_ms
 *                                        [topics] TAG_BUFFER (v8+)
 *   group_id => STRING
 *   generation_id => INT32                  -1 for a commit from outside group management
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v7+ (static membership; read and ignored)
 *   retention_time_ms => INT64              v2-v4 only (v5 removed it: offsets.retention.minutes decides)
 *   topics => name [partitions] TAG_BUFFER (v8+)
 *     name => STRING
 *     partitions => partition_index committed_offset committed_leader_epoch committed_metadata TAG_BUFFER (v8+)
 *       partition_index => INT32
 *       committed_offset => INT64
 *       committed_leader_epoch => INT32     v6+ (read and ignored)
 *       committed_metadata => NULLABLE_STRING
 *
 * OffsetCommit Response (Version: 2-9) => throttle_time_ms [topics] TAG_BUFFER (v8+)
 *   throttle_time_ms => INT32               v3+
 *   topics => name [partitions] TAG_BUFFER (v8+)
 *     name => STRING
 *     partitions => partition_index error_code TAG_BUFFER (v8+)
 *
 * v9 is v8 for the KIP-848 consumer protocol, which this broker does not serve: the classic protocol's members
 * commit with v9 exactly as with v8. Simplification: retention_time_ms is read and ignored (offsets never expire).
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 8;

/**
 * The committed offsets of a commit request: [topics] of name [partitions] of partition_index, committed_offset,
 * committed_leader_epoch (when `withLeaderEpoch`), committed_metadata, with tagged fields in flexible versions. The
 * same fields in OffsetCommit and TxnOffsetCommit.
 */
export function readCommittedOffsets(r: Reader, withLeaderEpoch: boolean) {
  return r.array(
    (t) => {
      const topic = t.string("name");
      const partitions = t.array(
        (p) => {
          const partition = p.int32("partition_index");
          const offset = p.int64("committed_offset");
          if (withLeaderEpoch) p.int32("committed_leader_epoch");
          const metadata = p.nullableString("committed_metadata");
          p.tags();
          return { partition, offset, metadata };
        },
        "partitions",
        14,
      );
      t.tags();
      return { topic, partitions };
    },
    "topics",
    6,
  );
}

export const offsetCommit: CoreApi<"OffsetCommit"> = {
  kind: "core",
  apiKey: 8,
  name: "OffsetCommit",
  minVersion: 2,
  maxVersion: 9,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const generationId = r.int32("generation_id");
    const memberId = r.string("member_id");
    if (version >= 7) r.nullableString("group_instance_id");
    if (version <= 4) r.int64("retention_time_ms");
    const topics = readCommittedOffsets(r, version >= 6);
    r.tags();
    r.expectEnd("OffsetCommit request");
    return { request: { api: "OffsetCommit" as const, groupId, generationId, memberId, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 3) w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => w.int32(p.partition).int16(code(p.error)).tags()).tags();
      });
      w.tags();
    });
  },
};
