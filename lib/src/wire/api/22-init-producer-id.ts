/**
 * InitProducerId (API key 22), versions 0–1 (v1 only changed throttling; v2 is flexible). An idempotent
 * producer without transactional.id calls it once to get its producer id and epoch.
 *
 * InitProducerId Request (Version: 0-1) => transactional_id transaction_timeout_ms
 *   transactional_id => NULLABLE_STRING
 *   transaction_timeout_ms => INT32
 *
 * InitProducerId Response (Version: 0-1) => throttle_time_ms error_code producer_id producer_epoch
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *   producer_id => INT64
 *   producer_epoch => INT16
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const initProducerId: CoreApi<"InitProducerId"> = {
  kind: "core",
  apiKey: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 1,

  decodeRequest(r: Reader) {
    const transactionalId = r.nullableString("transactional_id");
    const transactionTimeoutMs = r.int32("transaction_timeout_ms");
    r.expectEnd("InitProducerId request");
    return { request: { api: "InitProducerId" as const, transactionalId, transactionTimeoutMs } };
  },

  encodeResponse(response) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs).int16(code(response.error)).int64(response.producerId).int16(response.producerEpoch);
    });
  },
};
