/**
 * OffsetCommit (API key 8), versions 2–5 (Kafka 4.x no longer serves v0–v1, KIP-896; v6 adds leader epochs).
 *
 * OffsetCommit Request (Version: 2-5) => group_id generation_id member_id retention_time_ms [topics]
 *   group_id => STRING
 *   generation_id => INT32                  -1 for a commit from outside group management
 *   member_id => STRING
 *   retention_time_ms => INT64              v2-v4 only (v5 removed it: offsets.retention.minutes decides)
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index committed_offset committed_metadata
 *       partition_index => INT32
 *       committed_offset => INT64
 *       committed_metadata => NULLABLE_STRING
 *
 * OffsetCommit Response (Version: 2-5) => throttle_time_ms [topics]
 *   throttle_time_ms => INT32               v3+
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index error_code
 *       partition_index => INT32
 *       error_code => INT16
 *
 * Simplification: retention_time_ms is read and ignored (offsets never expire in the simulation).
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

/**
 * The committed offsets of a commit request: [topics] of name [partitions] of partition_index, committed_offset,
 * committed_metadata. The same fields in OffsetCommit v2–5 and TxnOffsetCommit v0–1.
 */
export function readCommittedOffsets(r: Reader) {
  return r.array(
    (t) => ({
      topic: t.string("name"),
      partitions: t.array(
        (p) => ({ partition: p.int32("partition_index"), offset: p.int64("committed_offset"), metadata: p.nullableString("committed_metadata") }),
        "partitions",
        14,
      ),
    }),
    "topics",
    6,
  );
}

export const offsetCommit: CoreApi<"OffsetCommit"> = {
  kind: "core",
  apiKey: 8,
  name: "OffsetCommit",
  minVersion: 2,
  maxVersion: 5,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const generationId = r.int32("generation_id");
    const memberId = r.string("member_id");
    if (version <= 4) r.int64("retention_time_ms");
    const topics = readCommittedOffsets(r);
    r.expectEnd("OffsetCommit request");
    return { request: { api: "OffsetCommit" as const, groupId, generationId, memberId, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      if (version >= 3) w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => w.int32(p.partition).int16(code(p.error)));
      });
    });
  },
};
