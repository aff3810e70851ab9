/**
 * AddOffsetsToTxn (API key 25), versions 0–4 (v2 knows PRODUCER_FENCED, v3+ flexible, v4 adds only
 * TRANSACTION_ABORTABLE, KIP-890, never returned here). `sendOffsets` sends it to the transaction coordinator first, so the group's offsets ride on the
 * transaction; the offsets themselves follow in TxnOffsetCommit to the group coordinator.
 *
 * AddOffsetsToTxn Request (Version: 0-4) => transactional_id producer_id producer_epoch group_id TAG_BUFFER (v3+)
 *   transactional_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   group_id => STRING
 *
 * AddOffsetsToTxn Response (Version: 0-4) => throttle_time_ms error_code TAG_BUFFER (v3+)
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *
 * Below v2, PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH (see fencedForOldClients in 24-add-partitions-to-txn.ts).
 */
import type { Reader } from "../codec/reader.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 3;

export const addOffsetsToTxn: CoreApi<"AddOffsetsToTxn"> = {
  kind: "core",
  apiKey: 25,
  name: "AddOffsetsToTxn",
  minVersion: 0,
  maxVersion: 4,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader) {
    const transactionalId = r.string("transactional_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    const groupId = r.string("group_id");
    r.tags();
    r.expectEnd("AddOffsetsToTxn request");
    return { request: { api: "AddOffsetsToTxn" as const, transactionalId, producerId, producerEpoch, groupId } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs).int16(code(fencedForOldClients(response.error, version, 2))).tags();
    });
  },
};
