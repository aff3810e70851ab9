/**
 * AddPartitionsToTxn (API key 24), versions 0–1 (v1 only changed throttling; v2 knows PRODUCER_FENCED, v3 is
 * flexible, v4 batches transactions for brokers). A transactional producer sends it to its transaction coordinator
 * before the first record it writes to a partition in a transaction.
 *
 * AddPartitionsToTxn Request (Version: 0-1) => transactional_id producer_id producer_epoch [topics]
 *   transactional_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => INT32
 *
 * AddPartitionsToTxn Response (Version: 0-1) => throttle_time_ms [results]
 *   throttle_time_ms => INT32
 *   results => name [results]
 *     name => STRING
 *     results => partition_index error_code
 *       partition_index => INT32
 *       error_code => INT16
 *
 * Clients older than v2 do not know PRODUCER_FENCED (90): Kafka answers them INVALID_PRODUCER_EPOCH (47) instead
 * (KafkaApis.handleAddPartitionsToTxnRequest, KIP-588), and so do we: see fencedForOldClients below.
 */
import type { ErrorName } from "../../protocol/errors.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const addPartitionsToTxn: CoreApi<"AddPartitionsToTxn"> = {
  kind: "core",
  apiKey: 24,
  name: "AddPartitionsToTxn",
  minVersion: 0,
  maxVersion: 1,

  decodeRequest(r: Reader) {
    const transactionalId = r.string("transactional_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    const topics = r.array((t) => ({ topic: t.string("name"), partitions: t.array((p) => p.int32("partition"), "partitions", 4) }), "topics", 6);
    r.expectEnd("AddPartitionsToTxn request");
    return { request: { api: "AddPartitionsToTxn" as const, transactionalId, producerId, producerEpoch, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (w, p) => w.int32(p.partition).int16(code(fencedForOldClients(p.error, version, 2))));
      });
    });
  },
};

/**
 * PRODUCER_FENCED (90) arrived with KIP-588 (Kafka 2.7). A client on an older version of a transaction API cannot
 * read it, so Kafka answers those versions INVALID_PRODUCER_EPOCH (47), which they already treat as "fenced"
 * (KafkaApis: handleEndTxnRequest and handleAddPartitionsToTxnRequest below v2, handleAddOffsetsToTxnRequest below
 * v2, handleInitProducerIdRequest below v4). kafkajs 2.2.4 speaks only the older versions and has no code 90.
 */
export function fencedForOldClients(error: ErrorName, version: number, firstVersionKnowingFenced: number): ErrorName {
  return error === "PRODUCER_FENCED" && version < firstVersionKnowingFenced ? "INVALID_PRODUCER_EPOCH" : error;
}
