/**
 * CreateTopics (API key 19), versions 2–3 (Kafka 4.x no longer serves v0–v1, KIP-896; v4 makes the counts
 * optional, v5 is flexible).
 *
 * CreateTopics Request (Version: 2-3) => [topics] timeout_ms validate_only
 *   topics => name num_partitions replication_factor [assignments] [configs]
 *     name => STRING
 *     num_partitions => INT32               -1: the broker's num.partitions
 *     replication_factor => INT16           -1: the broker's default.replication.factor
 *     assignments => partition_index [broker_ids]
 *       partition_index => INT32
 *       broker_ids => INT32
 *     configs => name value
 *       name => STRING
 *       value => NULLABLE_STRING
 *   timeout_ms => INT32
 *   validate_only => BOOLEAN
 *
 * CreateTopics Response (Version: 2-3) => throttle_time_ms [topics]
 *   throttle_time_ms => INT32
 *   topics => name error_code error_message
 *     name => STRING
 *     error_code => INT16
 *     error_message => NULLABLE_STRING
 *
 * Simplification: manual replica assignments are not modelled; a topic that asks for one is refused with
 * INVALID_REQUEST and a message saying so (the other topics proceed).
 */
import type { CreateTopicsRequest, CreateTopicsResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const NO_MANUAL_ASSIGNMENT = "kafka-sim does not model manual replica assignment: give num_partitions and replication_factor instead";

export const createTopics: CoreApi<"CreateTopics"> = {
  kind: "core",
  apiKey: 19,
  name: "CreateTopics",
  minVersion: 2,
  maxVersion: 3,

  decodeRequest(r: Reader): Decoded<"CreateTopics"> {
    const raw = r.array(
      (t) => ({
        name: t.string("topics.name"),
        numPartitions: t.int32("num_partitions"),
        replicationFactor: t.int16("replication_factor"),
        assignments: t.array((a) => ({ partition: a.int32("partition_index"), brokerIds: a.array((b) => b.int32("broker_ids"), "broker_ids", 4) }), "assignments", 8),
        configs: t.array((c) => ({ name: c.string("configs.name"), value: c.nullableString("configs.value") }), "configs", 4),
      }),
      "topics",
      16,
    );
    const timeoutMs = r.int32("timeout_ms");
    const validateOnly = r.boolean("validate_only");
    r.expectEnd("CreateTopics request");

    const refused = raw.filter((t) => t.assignments.length > 0).map((t) => t.name);
    const topics: CreateTopicsRequest["topics"] = raw
      .filter((t) => t.assignments.length === 0)
      .map(({ name, numPartitions, replicationFactor, configs }) => ({ name, numPartitions, replicationFactor, configs }));
    const request: CreateTopicsRequest = { api: "CreateTopics", topics, timeoutMs, validateOnly };
    if (refused.length === 0) return { request };
    const merge = (response: CreateTopicsResponse): CreateTopicsResponse => ({
      ...response,
      topics: [...response.topics, ...refused.map((name) => ({ name, error: "INVALID_REQUEST" as const, errorMessage: NO_MANUAL_ASSIGNMENT }))],
    });
    const warnings = refused.map((name) => `CreateTopics ${name} refused with INVALID_REQUEST: ${NO_MANUAL_ASSIGNMENT}`);
    return topics.length === 0
      ? { request, answer: merge({ api: "CreateTopics", topics: [] }), warnings }
      : { request, amend: merge, warnings };
  },

  encodeResponse(response) {
    return encodeWith((w) => {
      w.int32(0).array(response.topics, (w, t) => w.string(t.name).int16(code(t.error)).nullableString(t.errorMessage));
    });
  },
};
