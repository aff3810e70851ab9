/**
 * AddPartitionsToTxn (API key 24), versions 0–5 (v2 knows PRODUCER_FENCED, v3+ flexible, v4+ batch transactions
 * (KIP-890: brokers verify partitions with it; a client may send one transaction)). A transactional producer sends it
 * to its transaction coordinator before the first record it writes to a partition in a transaction.
 *
 * AddPartitionsToTxn Request (Version: 0-3) => transactional_id producer_id producer_epoch [topics] TAG_BUFFER (v3)
 *   transactional_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   topics => name [partitions] TAG_BUFFER (v3)
 *     name => STRING
 *     partitions => INT32
 * AddPartitionsToTxn Request (Version: 4-5) => [transactions] TAG_BUFFER
 *   transactions => transactional_id producer_id producer_epoch verify_only [topics] TAG_BUFFER
 *     verify_only => BOOLEAN                (a broker asking whether the partitions are already in the transaction)
 *
 * AddPartitionsToTxn Response (Version: 0-3) => throttle_time_ms [results] TAG_BUFFER (v3)
 *   throttle_time_ms => INT32
 *   results => name [results] TAG_BUFFER (v3)
 *     name => STRING
 *     results => partition_index error_code TAG_BUFFER (v3)
 * AddPartitionsToTxn Response (Version: 4-5) => throttle_time_ms error_code [results_by_transaction] TAG_BUFFER
 *   results_by_transaction => transactional_id [topic_results] TAG_BUFFER   (topic_results as results above)
 *
 * Clients older than v2 do not know PRODUCER_FENCED (90): Kafka answers them INVALID_PRODUCER_EPOCH (47) instead
 * (KafkaApis.handleAddPartitionsToTxnRequest, KIP-588), and so do we: see fencedForOldClients below.
 * Each transaction of a v4+ request goes to the coordinator as its own request, answered in the request's order.
 * Simplification: verify_only (broker-to-broker, KIP-890 part 1) is not served: such a request is refused as
 * malformed for a client of this broker.
 */
import type { ErrorName } from "../../protocol/errors.js";
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import type { Writer } from "../codec/writer.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 3;
const BATCHED = 4;

type BatchedResponse = AddPartitionsToTxnResponse & { transactions?: Array<{ transactionalId: string; response: AddPartitionsToTxnResponse }> };

function readTopics(r: Reader): AddPartitionsToTxnRequest["topics"] {
  return r.array((t) => {
    const topic = t.string("name");
    const partitions = t.array((p) => p.int32("partition"), "partitions", 4);
    t.tags();
    return { topic, partitions };
  }, "topics", 6);
}

function writeTopics(w: Writer, response: AddPartitionsToTxnResponse, version: number): void {
  w.array(response.topics, (w, t) => {
    w.string(t.topic);
    w.array(t.partitions, (w, p) => w.int32(p.partition).int16(code(fencedForOldClients(p.error, version, 2))).tags());
    w.tags();
  });
}

export const addPartitionsToTxn: CoreApi<"AddPartitionsToTxn"> = {
  kind: "core",
  apiKey: 24,
  name: "AddPartitionsToTxn",
  minVersion: 0,
  maxVersion: 5,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"AddPartitionsToTxn"> {
    if (version < BATCHED) {
      const transactionalId = r.string("transactional_id");
      const producerId = r.int64("producer_id");
      const producerEpoch = r.int16("producer_epoch");
      const topics = readTopics(r);
      r.tags();
      r.expectEnd("AddPartitionsToTxn request");
      return { request: { api: "AddPartitionsToTxn" as const, transactionalId, producerId, producerEpoch, topics } };
    }
    const requests = r.array((t): AddPartitionsToTxnRequest => {
      const transactionalId = t.string("transactions.transactional_id");
      const producerId = t.int64("transactions.producer_id");
      const producerEpoch = t.int16("transactions.producer_epoch");
      if (t.boolean("transactions.verify_only")) t.fail("verify_only is a broker-to-broker check (KIP-890) that this broker does not serve; a producer sends verify_only = false");
      const topics = readTopics(t);
      t.tags();
      return { api: "AddPartitionsToTxn", transactionalId, producerId, producerEpoch, topics };
    }, "transactions", 16);
    r.tags();
    r.expectEnd("AddPartitionsToTxn request");
    const empty: BatchedResponse = { api: "AddPartitionsToTxn", throttleTimeMs: 0, topics: [], transactions: [] };
    if (requests.length === 0) return { request: { api: "AddPartitionsToTxn", transactionalId: "", producerId: -1, producerEpoch: -1, topics: [] }, answer: empty };
    const combine = (responses: AddPartitionsToTxnResponse[]): BatchedResponse => ({
      ...empty,
      transactions: responses.map((response, i) => ({ transactionalId: requests[i]!.transactionalId, response })),
    });
    return { request: requests[0]!, fanOut: { requests, combine } };
  },

  encodeResponse(response: BatchedResponse, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs);
      if (version >= BATCHED) {
        w.int16(0);
        w.array(response.transactions ?? [], (w, t) => {
          w.string(t.transactionalId);
          writeTopics(w, t.response, version);
          w.tags();
        });
      } else {
        writeTopics(w, response, version);
      }
      w.tags();
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
