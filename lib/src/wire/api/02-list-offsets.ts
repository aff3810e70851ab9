/**
 * ListOffsets (API key 2), versions 1–3 (Kafka 4.x no longer serves v0, KIP-896; v4 adds leader epochs).
 *
 * ListOffsets Request (Version: 1-3) => replica_id isolation_level [topics]
 *   replica_id => INT32
 *   isolation_level => INT8                 v2+ (v1: read_uncommitted)
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index timestamp
 *       partition_index => INT32
 *       timestamp => INT64                  -1 = latest, -2 = earliest, else the first offset at/after it
 *
 * ListOffsets Response (Version: 1-3) => throttle_time_ms [topics]
 *   throttle_time_ms => INT32               v2+
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index error_code timestamp offset
 *       partition_index => INT32
 *       error_code => INT16
 *       timestamp => INT64
 *       offset => INT64
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const listOffsets: CoreApi<"ListOffsets"> = {
  kind: "core",
  apiKey: 2,
  name: "ListOffsets",
  minVersion: 1,
  maxVersion: 3,

  decodeRequest(r: Reader, version: number) {
    const replicaId = r.int32("replica_id");
    const isolationLevel = version >= 2 ? r.int8("isolation_level") : 0;
    if (isolationLevel !== 0 && isolationLevel !== 1) r.fail(`isolation_level ${isolationLevel} is not 0 (read_uncommitted) or 1 (read_committed)`);
    const topics = r.array(
      (t) => ({
        topic: t.string("name"),
        partitions: t.array((p) => ({ partition: p.int32("partition_index"), timestamp: p.int64("timestamp") }), "partitions", 12),
      }),
      "topics",
      6,
    );
    r.expectEnd("ListOffsets request");
    return { request: { api: "ListOffsets" as const, replicaId, isolationLevel, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      if (version >= 2) w.int32(0);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).int64(p.timestamp).int64(p.offset);
        });
      });
    });
  },
};
