/**
 * AddOffsetsToTxn (API key 25), versions 0–1 (v1 only changed throttling; v2 knows PRODUCER_FENCED, v3 is
 * flexible). `sendOffsets` sends it to the transaction coordinator first, so the group's offsets ride on the
 * transaction; the offsets themselves follow in TxnOffsetCommit to the group coordinator.
 *
 * AddOffsetsToTxn Request (Version: 0-1) => transactional_id producer_id producer_epoch group_id
 *   transactional_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   group_id => STRING
 *
 * AddOffsetsToTxn Response (Version: 0-1) => throttle_time_ms error_code
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *
 * Below v2, PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH (see fencedForOldClients in 24-add-partitions-to-txn.ts).
 */
import type { Reader } from "../codec/reader.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const addOffsetsToTxn: CoreApi<"AddOffsetsToTxn"> = {
  kind: "core",
  apiKey: 25,
  name: "AddOffsetsToTxn",
  minVersion: 0,
  maxVersion: 1,

  decodeRequest(r: Reader) {
    const transactionalId = r.string("transactional_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    const groupId = r.string("group_id");
    r.expectEnd("AddOffsetsToTxn request");
    return { request: { api: "AddOffsetsToTxn" as const, transactionalId, producerId, producerEpoch, groupId } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs).int16(code(fencedForOldClients(response.error, version, 2)));
    });
  },
};
