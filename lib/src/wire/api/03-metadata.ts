/**
 * Metadata (API key 3), versions 0–6 (v7 adds leader epochs, v9 is flexible). kafkajs 2.2.4 uses v6.
 *
 * Metadata Request (Version: 0-6) => [topics] allow_auto_topic_creation
 *   topics => name
 *     name => STRING                        v0: an empty array means all topics; v1+: null means all topics
 *   allow_auto_topic_creation => BOOLEAN    v4+ (before: the broker's auto.create.topics.enable decides alone)
 *
 * Metadata Response (Version: 0-6) => throttle_time_ms [brokers] cluster_id controller_id [topics]
 *   throttle_time_ms => INT32               v3+
 *   brokers => node_id host port rack
 *     node_id => INT32
 *     host => STRING
 *     port => INT32
 *     rack => NULLABLE_STRING               v1+
 *   cluster_id => NULLABLE_STRING           v2+
 *   controller_id => INT32                  v1+
 *   topics => error_code name is_internal [partitions]
 *     error_code => INT16
 *     name => STRING
 *     is_internal => BOOLEAN                v1+
 *     partitions => error_code partition_index leader_id [replica_nodes] [isr_nodes] [offline_replicas]
 *       error_code => INT16
 *       partition_index => INT32
 *       leader_id => INT32
 *       replica_nodes => INT32
 *       isr_nodes => INT32
 *       offline_replicas => INT32           v5+
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const metadata: CoreApi<"Metadata"> = {
  kind: "core",
  apiKey: 3,
  name: "Metadata",
  minVersion: 0,
  maxVersion: 6,

  decodeRequest(r: Reader, version: number) {
    let topics: string[] | null;
    if (version === 0) {
      const all = r.array((t) => t.string("topics.name"), "topics", 2);
      topics = all.length === 0 ? null : all;
    } else {
      topics = r.nullableArray((t) => t.string("topics.name"), "topics", 2);
    }
    const allowAutoTopicCreation = version >= 4 ? r.boolean("allow_auto_topic_creation") : true;
    r.expectEnd("Metadata request");
    return { request: { api: "Metadata" as const, topics, allowAutoTopicCreation } };
  },

  encodeResponse(response, version) {
    const int32 = (w: { int32(v: number): unknown }, v: number) => void w.int32(v);
    return encodeWith((w) => {
      if (version >= 3) w.int32(0);
      w.array(response.brokers, (w, b) => {
        w.int32(b.nodeId).string(b.host).int32(b.port);
        if (version >= 1) w.nullableString(b.rack);
      });
      if (version >= 2) w.nullableString(response.clusterId);
      if (version >= 1) w.int32(response.controllerId);
      w.array(response.topics, (w, t) => {
        w.int16(code(t.error)).string(t.topic);
        if (version >= 1) w.boolean(t.isInternal);
        w.array(t.partitions, (w, p) => {
          w.int16(code(p.error)).int32(p.partition).int32(p.leader).array(p.replicas, int32).array(p.isr, int32);
          if (version >= 5) w.array(p.offlineReplicas, int32);
        });
      });
    });
  },
};
