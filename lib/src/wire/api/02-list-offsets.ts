/**
 * ListOffsets (API key 2), versions 1–9 (Kafka 4.x no longer serves v0, KIP-896; v6+ flexible).
 *
 * ListOffsets Request (Version: 1-9) => replica_id isolation_level [topics] TAG_BUFFER (v6+)
 *   replica_id => INT32
 *   isolation_level => INT8                 v2+ (v1: read_uncommitted)
 *   topics => name [partitions] TAG_BUFFER (v6+)
 *     name => STRING
 *     partitions => partition_index current_leader_epoch timestamp TAG_BUFFER (v6+)
 *       partition_index => INT32
 *       current_leader_epoch => INT32       v4+ (read and ignored)
 *       timestamp => INT64                  -1 latest, -2 earliest, -3 max timestamp (v7+),
 *                                           -4 earliest local (v8+), -5 latest tiered (v9+)
 *
 * ListOffsets Response (Version: 1-9) => throttle_time_ms [topics] TAG_BUFFER (v6+)
 *   throttle_time_ms => INT32               v2+
 *   topics => name [partitions] TAG_BUFFER (v6+)
 *     name => STRING
 *     partitions => partition_index error_code timestamp offset leader_epoch TAG_BUFFER (v6+)
 *       partition_index => INT32
 *       error_code => INT16
 *       timestamp => INT64
 *       offset => INT64
 *       leader_epoch => INT32               v4+ (-1 here: the core does not say which epoch wrote the offset)
 *
 * There is no tiered storage here, so the earliest local offset (-4) is the earliest offset, and the latest tiered
 * offset (-5) is answered with offset -1, as Kafka answers it without remote storage (KIP-1005). Simplification:
 * -3 (the offset of the largest timestamp) and lookups by timestamp are answered as "latest" by the core.
 * v10 (a timeout for remote lookups, KIP-1075) is not served.
 */
import type { ListOffsetsResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 6;
const EARLIEST = -2;
const EARLIEST_LOCAL = -4;
const LATEST_TIERED = -5;

export const listOffsets: CoreApi<"ListOffsets"> = {
  kind: "core",
  apiKey: 2,
  name: "ListOffsets",
  minVersion: 1,
  maxVersion: 9,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"ListOffsets"> {
    const replicaId = r.int32("replica_id");
    const isolationLevel = version >= 2 ? r.int8("isolation_level") : 0;
    if (isolationLevel !== 0 && isolationLevel !== 1) r.fail(`isolation_level ${isolationLevel} is not 0 (read_uncommitted) or 1 (read_committed)`);
    const latestTiered = new Set<string>();
    const topics = r.array(
      (t) => {
        const topic = t.string("name");
        const partitions = t.array((p) => {
          const partition = p.int32("partition_index");
          if (version >= 4) p.int32("current_leader_epoch");
          let timestamp = p.int64("timestamp");
          p.tags();
          if (timestamp === EARLIEST_LOCAL) timestamp = EARLIEST;
          if (timestamp === LATEST_TIERED) latestTiered.add(`${topic}\u0000${partition}`);
          return { partition, timestamp };
        }, "partitions", 12);
        t.tags();
        return { topic, partitions };
      },
      "topics",
      6,
    );
    r.tags();
    r.expectEnd("ListOffsets request");
    const request = { api: "ListOffsets" as const, replicaId, isolationLevel: isolationLevel as 0 | 1, topics };
    if (latestTiered.size === 0) return { request };
    const amend = (response: ListOffsetsResponse): ListOffsetsResponse => ({
      ...response,
      topics: response.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => (p.error === "NONE" && latestTiered.has(`${t.topic}\u0000${p.partition}`) ? { ...p, timestamp: -1, offset: -1 } : p)),
      })),
    });
    return { request, amend };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 2) w.int32(0);
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).int64(p.timestamp).int64(p.offset);
          if (version >= 4) w.int32(-1);
          w.tags();
        });
        w.tags();
      });
      w.tags();
    });
  },
};
