/**
 * TxnOffsetCommit (API key 28), versions 0–4 (v2 adds the leader epoch, v3 the group generation and member
 * (KIP-447) and is flexible, v4 adds only TRANSACTION_ABORTABLE). `sendOffsets` sends it to the group's coordinator, after
 * AddOffsetsToTxn: the offsets become the group's committed offsets only if the transaction commits.
 *
 * TxnOffsetCommit Request (Version: 0-4) => transactional_id group_id producer_id producer_epoch generation_id
 *                                           member_id group_instance_id [topics] TAG_BUFFER (v3+)
 *   transactional_id => STRING
 *   group_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   generation_id => INT32                  v3+ (KIP-447; read, not checked: see below)
 *   member_id => STRING                     v3+
 *   group_instance_id => NULLABLE_STRING    v3+
 *   topics => name [partitions] TAG_BUFFER (v3+)
 *     name => STRING
 *     partitions => partition_index committed_offset committed_leader_epoch committed_metadata TAG_BUFFER (v3+)
 *       partition_index => INT32
 *       committed_offset => INT64
 *       committed_leader_epoch => INT32     v2+ (read and ignored)
 *       committed_metadata => NULLABLE_STRING
 *
 * TxnOffsetCommit Response (Version: 0-4) => throttle_time_ms [topics] TAG_BUFFER (v3+)
 *   throttle_time_ms => INT32
 *   topics => name [partitions] TAG_BUFFER (v3+)
 *     name => STRING
 *     partitions => partition_index error_code TAG_BUFFER (v3+)
 *       partition_index => INT32
 *       error_code => INT16
 *
 * A fenced producer gets INVALID_PRODUCER_EPOCH here at every version we serve: in Kafka the group coordinator
 * writes the offsets into __consumer_offsets as a transactional batch, and the log refuses an old epoch with
 * INVALID_PRODUCER_EPOCH (ProducerStateManager, since KIP-588); kafkajs has no code 90 either (see fencedForOldClients in 24-add-partitions-to-txn.ts).
 * Simplification: Kafka checks a v3+ commit's generation and member against the group (a zombie consumer's offsets
 * are refused with ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID); here they are read and not checked.
 */
import type { Reader } from "../codec/reader.js";
import { readCommittedOffsets } from "./08-offset-commit.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 3;

export const txnOffsetCommit: CoreApi<"TxnOffsetCommit"> = {
  kind: "core",
  apiKey: 28,
  name: "TxnOffsetCommit",
  minVersion: 0,
  maxVersion: 4,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    const transactionalId = r.string("transactional_id");
    const groupId = r.string("group_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    if (version >= 3) {
      r.int32("generation_id");
      r.string("member_id");
      r.nullableString("group_instance_id");
    }
    const topics = readCommittedOffsets(r, version >= 2);
    r.tags();
    r.expectEnd("TxnOffsetCommit request");
    return { request: { api: "TxnOffsetCommit" as const, transactionalId, groupId, producerId, producerEpoch, topics } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (w, p) => w.int32(p.partition).int16(code(fencedForOldClients(p.error, 0, Infinity))).tags());
        w.tags();
      });
      w.tags();
    });
  },
};
