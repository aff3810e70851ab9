/**
 * EndTxn (API key 26), versions 0–4 (v2 knows PRODUCER_FENCED, v3+ flexible, v4 adds only TRANSACTION_ABORTABLE).
 * Kafka 4.x also serves v5, whose response carries the producer id and epoch after the epoch bump that ends every
 * transaction under transactions v2 (KIP-890); this broker models the v1 protocol, so it stops at v4.
 * `commit()` / `abort()`: the transaction coordinator writes a COMMIT or ABORT marker to every partition of the
 * transaction.
 *
 * EndTxn Request (Version: 0-4) => transactional_id producer_id producer_epoch committed TAG_BUFFER (v3+)
 *   transactional_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   committed => BOOLEAN                    true = commit, false = abort
 *
 * EndTxn Response (Version: 0-4) => throttle_time_ms error_code TAG_BUFFER (v3+)
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *
 * Below v2, PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH (see fencedForOldClients in 24-add-partitions-to-txn.ts).
 */
import type { Reader } from "../codec/reader.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 3;

export const endTxn: CoreApi<"EndTxn"> = {
  kind: "core",
  apiKey: 26,
  name: "EndTxn",
  minVersion: 0,
  maxVersion: 4,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader) {
    const transactionalId = r.string("transactional_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    const committed = r.boolean("committed");
    r.tags();
    r.expectEnd("EndTxn request");
    return { request: { api: "EndTxn" as const, transactionalId, producerId, producerEpoch, committed } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs).int16(code(fencedForOldClients(response.error, version, 2))).tags();
    });
  },
};
