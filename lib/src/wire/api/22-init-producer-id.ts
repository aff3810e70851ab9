/**
 * InitProducerId (API key 22), versions 0–5 (v2+ flexible). An idempotent producer without transactional.id calls
 * it once to get its producer id and epoch; a transactional producer calls it to fence older instances.
 *
 * InitProducerId Request (Version: 0-5) => transactional_id transaction_timeout_ms producer_id producer_epoch
 *                                          TAG_BUFFER (v2+)
 *   transactional_id => NULLABLE_STRING
 *   transaction_timeout_ms => INT32
 *   producer_id => INT64                    v3+ (KIP-360: the id and epoch the producer has, -1 if none)
 *   producer_epoch => INT16                 v3+
 *
 * InitProducerId Response (Version: 0-5) => throttle_time_ms error_code producer_id producer_epoch TAG_BUFFER (v2+)
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *   producer_id => INT64
 *   producer_epoch => INT16
 *
 * v4 knows PRODUCER_FENCED; below v4 it is answered INVALID_PRODUCER_EPOCH (fencedForOldClients). v5 only adds
 * TRANSACTION_ABORTABLE (KIP-890), which this broker never returns.
 * Simplification: the v3+ producer_id/producer_epoch are read and not checked; the coordinator bumps the epoch
 * of the transactional id it holds (as after a fresh start), and an idempotent producer gets a new producer id,
 * as Kafka's ProducerIdManager gives one whenever there is no transactional id.
 */
import type { Reader } from "../codec/reader.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 2;

export const initProducerId: CoreApi<"InitProducerId"> = {
  kind: "core",
  apiKey: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 5,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    const transactionalId = r.nullableString("transactional_id");
    const transactionTimeoutMs = r.int32("transaction_timeout_ms");
    if (version >= 3) {
      r.int64("producer_id");
      r.int16("producer_epoch");
    }
    r.tags();
    r.expectEnd("InitProducerId request");
    return { request: { api: "InitProducerId" as const, transactionalId, transactionTimeoutMs } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs).int16(code(fencedForOldClients(response.error, version, 4))).int64(response.producerId).int16(response.producerEpoch).tags();
    });
  },
};
