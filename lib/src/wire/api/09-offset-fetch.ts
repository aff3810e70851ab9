/**
 * OffsetFetch (API key 9), versions 1–4 (v0 read offsets from ZooKeeper and is gone in Kafka 4.x, KIP-896;
 * v5 adds leader epochs).
 *
 * OffsetFetch Request (Version: 1-4) => group_id [topics]
 *   group_id => STRING
 *   topics => name [partition_indexes]      v2+: null means every partition the group has committed
 *     name => STRING
 *     partition_indexes => INT32
 *
 * OffsetFetch Response (Version: 1-4) => throttle_time_ms [topics] error_code
 *   throttle_time_ms => INT32               v3+
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index committed_offset metadata error_code
 *       partition_index => INT32
 *       committed_offset => INT64           -1 when the group has no offset for the partition
 *       metadata => NULLABLE_STRING
 *       error_code => INT16
 *   error_code => INT16                     v2+ (v1: a group-level error is repeated on each partition)
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const offsetFetch: CoreApi<"OffsetFetch"> = {
  kind: "core",
  apiKey: 9,
  name: "OffsetFetch",
  minVersion: 1,
  maxVersion: 4,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const readTopic = (t: Reader) => ({ topic: t.string("name"), partitions: t.array((p) => p.int32("partition_indexes"), "partition_indexes", 4) });
    const topics = version >= 2 ? r.nullableArray(readTopic, "topics", 6) : r.array(readTopic, "topics", 6);
    r.expectEnd("OffsetFetch request");
    return { request: { api: "OffsetFetch" as const, groupId, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      if (version >= 3) w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          const error = version < 2 && response.error !== "NONE" ? response.error : p.error;
          w.int32(p.partition).int64(p.offset).nullableString(p.metadata).int16(code(error));
        });
      });
      if (version >= 2) w.int16(code(response.error));
    });
  },
};
