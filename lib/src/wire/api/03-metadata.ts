/**
 * Metadata (API key 3), versions 0–13, as Kafka 4.x (KIP-896 proposed dropping v0–v3, but 4.0 kept them for the
 * clients it lists; v9+ flexible). kafkajs 2.2.4 uses v6, librdkafka 2.0 v4, `@platformatic/kafka` v12.
 *
 * Metadata Request (Version: 0-13) => [topics] allow_auto_topic_creation include_cluster_authorized_operations
 *                                     include_topic_authorized_operations TAG_BUFFER (v9+)
 *   topics => topic_id name TAG_BUFFER (v9+)  (v0: an empty array means all topics; v1+: null means all topics)
 *     topic_id => UUID                      v10+ (v10–11 clients send zero; v12 may name a topic by id alone)
 *     name => STRING                        nullable v10+
 *   allow_auto_topic_creation => BOOLEAN    v4+ (before: the broker's auto.create.topics.enable decides alone)
 *   include_cluster_authorized_operations => BOOLEAN   v8–10 (read and ignored: no ACLs here)
 *   include_topic_authorized_operations => BOOLEAN     v8+   (read and ignored)
 *
 * Metadata Response (Version: 0-13) => throttle_time_ms [brokers] cluster_id controller_id [topics]
 *                                      cluster_authorized_operations error_code TAG_BUFFER (v9+)
 *   throttle_time_ms => INT32               v3+
 *   brokers => node_id host port rack TAG_BUFFER (v9+)
 *     rack => NULLABLE_STRING               v1+
 *   cluster_id => NULLABLE_STRING           v2+
 *   controller_id => INT32                  v1+
 *   topics => error_code name topic_id is_internal [partitions] topic_authorized_operations TAG_BUFFER (v9+)
 *     error_code => INT16
 *     name => STRING                        nullable v12+
 *     topic_id => UUID                      v10+
 *     is_internal => BOOLEAN                v1+
 *     partitions => error_code partition_index leader_id leader_epoch [replica_nodes] [isr_nodes]
 *                   [offline_replicas] TAG_BUFFER (v9+)
 *       leader_epoch => INT32               v7+
 *       offline_replicas => INT32           v5+
 *     topic_authorized_operations => INT32  v8+ (-2147483648: not requested / unknown)
 *   cluster_authorized_operations => INT32  v8–10
 *   error_code => INT16                     v13+ (a top-level error, e.g. REBOOTSTRAP_REQUIRED; always 0 here)
 *
 * Topic ids come from ../topic-id.ts (stable per name). A v12 request naming a topic only by an id this broker never
 * gave out is answered UNKNOWN_TOPIC_ID for that topic, as Kafka does.
 */
import type { MetadataResponse } from "../../protocol/messages.js";
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
  minVersion: 0,
  maxVersion: 13,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"Metadata"> {
    const unknownIds: string[] = [];
    const readTopic = (t: Reader): string | null => {
      const id = version >= 10 ? t.uuid("topics.topic_id") : ZERO_UUID;
      const name = version >= 10 ? t.nullableString("topics.name") : t.string("topics.name");
      t.tags();
      if (name !== null) return name;
      const known = id === ZERO_UUID ? undefined : topicNameOf(id);
      if (known === undefined) unknownIds.push(id);
      return known ?? null;
    };
    let requested: Array<string | null> | null;
    if (version === 0) {
      const all = r.array(readTopic, "topics", 2);
      requested = all.length === 0 ? null : all;
    } else {
      requested = r.nullableArray(readTopic, "topics", 1);
    }
    const allowAutoTopicCreation = version >= 4 ? r.boolean("allow_auto_topic_creation") : true;
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
      if (version >= 3) w.int32(0);
      w.array(response.brokers, (w, b) => {
        w.int32(b.nodeId).string(b.host).int32(b.port);
        if (version >= 1) w.nullableString(b.rack);
        w.tags();
      });
      if (version >= 2) w.nullableString(response.clusterId);
      if (version >= 1) w.int32(response.controllerId);
      w.array(response.topics as ResponseTopic[], (w, t) => {
        w.int16(code(t.error));
        const unknownId = t.unknownTopicId;
        if (version >= 12 && unknownId !== undefined) w.nullableString(null);
        else w.string(t.topic);
        if (version >= 10) w.uuid(unknownId ?? topicIdOf(t.topic));
        if (version >= 1) w.boolean(t.isInternal);
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
      if (version >= 13) w.int16(0);
      w.tags();
    });
  },
};
