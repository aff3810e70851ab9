/**
 * CreateTopics (API key 19), versions 2–7 (Kafka 4.x no longer serves v0–v1, KIP-896; v5+ flexible).
 *
 * CreateTopics Request (Version: 2-7) => [topics] timeout_ms validate_only TAG_BUFFER (v5+)
 *   topics => name num_partitions replication_factor [assignments] [configs] TAG_BUFFER (v5+)
 *     name => STRING
 *     num_partitions => INT32               -1: the broker's num.partitions
 *     replication_factor => INT16           -1: the broker's default.replication.factor
 *     assignments => partition_index [broker_ids] TAG_BUFFER (v5+)
 *       partition_index => INT32
 *       broker_ids => INT32
 *     configs => name value TAG_BUFFER (v5+)
 *       name => STRING
 *       value => NULLABLE_STRING
 *   timeout_ms => INT32
 *   validate_only => BOOLEAN
 *
 * CreateTopics Response (Version: 2-7) => throttle_time_ms [topics] TAG_BUFFER (v5+)
 *   throttle_time_ms => INT32
 *   topics => name topic_id error_code error_message num_partitions replication_factor [configs] TAG_BUFFER (v5+)
 *     name => STRING
 *     topic_id => UUID                      v7+ (../topic-id.ts; zero on an error)
 *     error_code => INT16
 *     error_message => NULLABLE_STRING
 *     num_partitions => INT32               v5+ (KIP-525; -1 when not known, as Kafka answers on an error)
 *     replication_factor => INT16           v5+
 *     configs => ...                        v5+, nullable: null here (the topic's configs are not described)
 *
 * v4 lets num_partitions and replication_factor be -1 (the broker's defaults), which the core accepts from any
 * version; v6 and v7 add only a throttling error and the topic id.
 *
 * Simplification: manual replica assignments are not modelled; a topic that asks for one is refused with
 * INVALID_REQUEST and a message saying so (the other topics proceed).
 */
import type { CreateTopicsRequest, CreateTopicsResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { topicIdOf, ZERO_UUID } from "../topic-id.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 5;
const NO_MANUAL_ASSIGNMENT = "kafka-sim does not model manual replica assignment: give num_partitions and replication_factor instead";

/** The core's answer plus the counts each topic asked for (v5+ responses repeat them). */
type Answer = CreateTopicsResponse & { asked?: ReadonlyMap<string, { numPartitions: number; replicationFactor: number }> };

export const createTopics: CoreApi<"CreateTopics"> = {
  kind: "core",
  apiKey: 19,
  name: "CreateTopics",
  minVersion: 2,
  maxVersion: 7,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"CreateTopics"> {
    const raw = r.array(
      (t) => {
        const name = t.string("topics.name");
        const numPartitions = t.int32("num_partitions");
        const replicationFactor = t.int16("replication_factor");
        const assignments = t.array((a) => {
          const assignment = { partition: a.int32("partition_index"), brokerIds: a.array((b) => b.int32("broker_ids"), "broker_ids", 4) };
          a.tags();
          return assignment;
        }, "assignments", 8);
        const configs = t.array((c) => {
          const config = { name: c.string("configs.name"), value: c.nullableString("configs.value") };
          c.tags();
          return config;
        }, "configs", 4);
        t.tags();
        return { name, numPartitions, replicationFactor, assignments, configs };
      },
      "topics",
      16,
    );
    const timeoutMs = r.int32("timeout_ms");
    const validateOnly = r.boolean("validate_only");
    r.tags();
    r.expectEnd("CreateTopics request");

    const asked = new Map(raw.map((t) => [t.name, { numPartitions: t.numPartitions, replicationFactor: t.replicationFactor }]));
    const refused = raw.filter((t) => t.assignments.length > 0).map((t) => t.name);
    const topics: CreateTopicsRequest["topics"] = raw
      .filter((t) => t.assignments.length === 0)
      .map(({ name, numPartitions, replicationFactor, configs }) => ({ name, numPartitions, replicationFactor, configs }));
    const request: CreateTopicsRequest = { api: "CreateTopics", topics, timeoutMs, validateOnly };
    const merge = (response: CreateTopicsResponse): Answer => ({
      ...response,
      topics: [...response.topics, ...refused.map((name) => ({ name, error: "INVALID_REQUEST" as const, errorMessage: NO_MANUAL_ASSIGNMENT }))],
      asked,
    });
    const warnings = refused.map((name) => `CreateTopics ${name} refused with INVALID_REQUEST: ${NO_MANUAL_ASSIGNMENT}`);
    if (refused.length === 0 && version < FLEXIBLE) return { request };
    return topics.length === 0
      ? { request, answer: merge({ api: "CreateTopics", topics: [] }), warnings }
      : { request, amend: merge, warnings };
  },

  encodeResponse(response: Answer, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(0).array(response.topics, (w, t) => {
        w.string(t.name);
        const ok = t.error === "NONE";
        if (version >= 7) w.uuid(ok ? topicIdOf(t.name) : ZERO_UUID);
        w.int16(code(t.error)).nullableString(t.errorMessage);
        if (version >= 5) {
          const a = ok ? response.asked?.get(t.name) : undefined;
          w.int32(a && a.numPartitions > 0 ? a.numPartitions : -1).int16(a && a.replicationFactor > 0 ? a.replicationFactor : -1).nullableArray(null, () => {});
        }
        w.tags();
      });
      w.tags();
    });
  },
};
