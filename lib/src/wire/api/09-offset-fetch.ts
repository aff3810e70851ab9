/**
 * OffsetFetch (API key 9), versions 1–9 (v0 read offsets from ZooKeeper and is gone in Kafka 4.x, KIP-896;
 * v6+ flexible; v8+ batch several groups in one request).
 *
 * OffsetFetch Request (Version: 1-7) => group_id [topics] require_stable TAG_BUFFER (v6+)
 *   group_id => STRING
 *   topics => name [partition_indexes] TAG_BUFFER (v6+)   v2+: null means every partition the group has committed
 *     name => STRING
 *     partition_indexes => INT32
 *   require_stable => BOOLEAN               v7+ (KIP-447; read and ignored, see below)
 * OffsetFetch Request (Version: 8-9) => [groups] require_stable TAG_BUFFER
 *   groups => group_id member_id member_epoch [topics] TAG_BUFFER
 *     member_id => NULLABLE_STRING          v9+ (KIP-848 members; read and ignored)
 *     member_epoch => INT32                 v9+
 *     topics => as above (nullable)
 *
 * OffsetFetch Response (Version: 1-7) => throttle_time_ms [topics] error_code TAG_BUFFER (v6+)
 *   throttle_time_ms => INT32               v3+
 *   topics => name [partitions] TAG_BUFFER (v6+)
 *     partitions => partition_index committed_offset committed_leader_epoch metadata error_code TAG_BUFFER (v6+)
 *       committed_offset => INT64           -1 when the group has no offset for the partition
 *       committed_leader_epoch => INT32     v5+ (-1: not kept here)
 *       metadata => NULLABLE_STRING
 *       error_code => INT16
 *   error_code => INT16                     v2+ (v1: a group-level error is repeated on each partition)
 * OffsetFetch Response (Version: 8-9) => throttle_time_ms [groups] TAG_BUFFER
 *   groups => group_id [topics] error_code TAG_BUFFER      (topics and partitions as in v7)
 *
 * Each group of a v8+ request goes to the core as its own OffsetFetch, and the answers are put together in the
 * request's order. Simplification: require_stable is ignored; the group coordinator here has no pending
 * transactional offsets to wait for when the client asks.
 */
import type { OffsetFetchRequest, OffsetFetchResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import type { Writer } from "../codec/writer.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 6;
const BATCHED = 8;

/** The answer to a v8+ request: one core answer per group, by group id. */
type BatchedResponse = OffsetFetchResponse & { groups?: Array<{ groupId: string; response: OffsetFetchResponse }> };

function readTopics(r: Reader, nullable: boolean): OffsetFetchRequest["topics"] {
  const readTopic = (t: Reader) => {
    const topic = t.string("name");
    const partitions = t.array((p) => p.int32("partition_indexes"), "partition_indexes", 4);
    t.tags();
    return { topic, partitions };
  };
  return nullable ? r.nullableArray(readTopic, "topics", 6) : r.array(readTopic, "topics", 6);
}

function writeTopics(w: Writer, response: OffsetFetchResponse, version: number): void {
  w.array(response.topics, (w, t) => {
    w.string(t.topic).array(t.partitions, (w, p) => {
      const error = version < 2 && response.error !== "NONE" ? response.error : p.error;
      w.int32(p.partition).int64(p.offset);
      if (version >= 5) w.int32(-1);
      w.nullableString(p.metadata).int16(code(error)).tags();
    });
    w.tags();
  });
}

export const offsetFetch: CoreApi<"OffsetFetch"> = {
  kind: "core",
  apiKey: 9,
  name: "OffsetFetch",
  minVersion: 1,
  maxVersion: 9,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"OffsetFetch"> {
    if (version < BATCHED) {
      const groupId = r.string("group_id");
      const topics = readTopics(r, version >= 2);
      if (version >= 7) r.boolean("require_stable");
      r.tags();
      r.expectEnd("OffsetFetch request");
      return { request: { api: "OffsetFetch" as const, groupId, topics } };
    }
    const requests = r.array((g): OffsetFetchRequest => {
      const groupId = g.string("groups.group_id");
      if (version >= 9) {
        g.nullableString("groups.member_id");
        g.int32("groups.member_epoch");
      }
      const topics = readTopics(g, true);
      g.tags();
      return { api: "OffsetFetch", groupId, topics };
    }, "groups", 3);
    r.boolean("require_stable");
    r.tags();
    r.expectEnd("OffsetFetch request");
    const empty: BatchedResponse = { api: "OffsetFetch", error: "NONE", topics: [], throttleTimeMs: 0, groups: [] };
    if (requests.length === 0) return { request: { api: "OffsetFetch", groupId: "", topics: [] }, answer: empty };
    const combine = (responses: OffsetFetchResponse[]): BatchedResponse => ({
      ...empty,
      groups: responses.map((response, i) => ({ groupId: requests[i]!.groupId, response })),
    });
    return { request: requests[0]!, fanOut: { requests, combine } };
  },

  encodeResponse(response: BatchedResponse, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 3) w.int32(response.throttleTimeMs);
      if (version >= BATCHED) {
        const groups = response.groups ?? [{ groupId: "", response }];
        w.array(groups, (w, g) => {
          w.string(g.groupId);
          writeTopics(w, g.response, version);
          w.int16(code(g.response.error)).tags();
        });
      } else {
        writeTopics(w, response, version);
        if (version >= 2) w.int16(code(response.error));
      }
      w.tags();
    });
  },
};
