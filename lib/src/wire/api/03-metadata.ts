/**
 * Metadata (API key 3), versions 4–12 (Kafka 4.x no longer serves v0–v3, KIP-896; v9+ flexible). kafkajs 2.2.4
 * uses v6, librdkafka 2.0 v9 (it asks for up to v12), `@platformatic/kafka` v12.
 *
 * Metadata Request (Version: 4-12) => [topics] allow_auto_topic_creation include_cluster_authorized_operations
 *                                     include_topic_authorized_operations TAG_BUFFER (v9+)
 *   topics => topic_id name TAG_BUFFER (v9+)  (nullable array: null means all topics)
 *     topic_id => UUID                      v10+ (v10–11 clients send zero; v12 may name a topic by id alone)
 *     name => STRING                        nullable v10+
 *   allow_auto_topic_creation => BOOLEAN
 *   include_cluster_authorized_operations => BOOLEAN   v8–10 (read and ignored: no ACLs here)
 *   include_topic_authorized_operations => BOOLEAN     v8+   (read and ignored)
 *
 * Metadata Response (Version: 4-12) => throttle_time_ms [brokers] cluster_id controller_id [topics]
 *                                      cluster_authorized_operations TAG_BUFFER (v9+)
 *   throttle_time_ms => INT32
 *   brokers => node_id host port rack TAG_BUFFER (v9+)
 *   cluster_id => NULLABLE_STRING
 *   controller_id => INT32
 *   topics => error_code name topic_id is_internal [partitions] topic_authorized_operations TAG_BUFFER (v9+)
 *     error_code => INT16
 *     name => STRING                        nullable v12+
 *     topic_id => UUID                      v10+
 *     is_internal => BOOLEAN
 *     partitions => error_code partition_index leader_id leader_epoch [replica_nodes] [isr_nodes]
 *                   [offline_replicas] TAG_BUFFER (v9+)
 *       leader_epoch => INT32               v7+
 *       offline_replicas => INT32           v5+
 *     topic_authorized_operations => INT32  v8+ (-2147483648: not requested / unknown)
 *   cluster_authorized_operations => INT32  v8–10
 *
 * Topic ids come from ../topic-id.ts (stable per name). A v12 request naming a topic only by an id this broker never
 * gave out is answered UNKNOWN_TOPIC_ID for that topic, as Kafka does.
 */
import type { MetadataResponse } from "../../protocol.js";
import type { Reader } from "../codec/reader.js";
import { topicIdOf, topicNameOf, ZERO_UUID } from "../topic-id.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 9;

/** A topic of the response; the wire layer adds those a v12 request named by an id it does not know. */
type ResponseTopic = MetadataResponse["topics"][number] & { unknownTopicId?: string };
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

export const metadata: CoreApi<"Metadata"> = {
  kind: "core",
  apiKey: 3,
  name: "Metadata",
  minVersion: 4,
  maxVersion: 12,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"Metadata"> {
    const unknownIds: string[] = [];
    const requested = r.nullableArray((t) => {
      const id = version >= 10 ? t.uuid("topics.topic_id") : ZERO_UUID;
      const name = version >= 10 ? t.nullableString("topics.name") : t.string("topics.name");
      t.tags();
      if (name !== null) return name;
      const known = id === ZERO_UUID ? undefined : topicNameOf(id);
      if (known === undefined) unknownIds.push(id);
      return known ?? null;
    }, "topics", 1);
    const allowAutoTopicCreation = r.boolean("allow_auto_topic_creation");
    if (version >= 8 && version <= 10) r.boolean("include_cluster_authorized_operations");
    if (version >= 8) r.boolean("include_topic_authorized_operations");
    r.tags();
    r.expectEnd("Metadata request");
    const topics = requested === null ? null : requested.filter((n): n is string => n !== null);
    const request = { api: "Metadata" as const, topics, allowAutoTopicCreation };
    if (unknownIds.length === 0) return { request };
    const amend = (response: MetadataResponse): MetadataResponse => ({
      ...response,
      topics: [...response.topics, ...unknownIds.map((id): ResponseTopic => ({ topic: "", unknownTopicId: id, error: "UNKNOWN_TOPIC_ID", isInternal: false, partitions: [] }))],
    });
    return { request, amend };
  },

  encodeResponse(response, version) {
    const int32 = (w: { int32(v: number): unknown }, v: number) => void w.int32(v);
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(0);
      w.array(response.brokers, (w, b) => w.int32(b.nodeId).string(b.host).int32(b.port).nullableString(b.rack).tags());
      w.nullableString(response.clusterId);
      w.int32(response.controllerId);
      w.array(response.topics as ResponseTopic[], (w, t) => {
        w.int16(code(t.error));
        const unknownId = t.unknownTopicId;
        if (version >= 12 && unknownId !== undefined) w.nullableString(null);
        else w.string(t.topic);
        if (version >= 10) w.uuid(unknownId ?? topicIdOf(t.topic));
        w.boolean(t.isInternal);
        w.array(t.partitions, (w, p) => {
          w.int16(code(p.error)).int32(p.partition).int32(p.leader);
          if (version >= 7) w.int32(p.leaderEpoch);
          w.array(p.replicas, int32).array(p.isr, int32);
          if (version >= 5) w.array(p.offlineReplicas, int32);
          w.tags();
        });
        if (version >= 8) w.int32(AUTHORIZED_OPERATIONS_OMITTED);
        w.tags();
      });
      if (version >= 8 && version <= 10) w.int32(AUTHORIZED_OPERATIONS_OMITTED);
      w.tags();
    });
  },
};
