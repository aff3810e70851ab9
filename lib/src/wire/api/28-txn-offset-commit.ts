/**
 * TxnOffsetCommit (API key 28), versions 0–1 (v1 only changed throttling; v2 adds the leader epoch, v3 the group
 * generation and member (KIP-447), and is flexible). `sendOffsets` sends it to the group's coordinator, after
 * AddOffsetsToTxn: the offsets become the group's committed offsets only if the transaction commits.
 *
 * TxnOffsetCommit Request (Version: 0-1) => transactional_id group_id producer_id producer_epoch [topics]
 *   transactional_id => STRING
 *   group_id => STRING
 *   producer_id => INT64
 *   producer_epoch => INT16
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index committed_offset committed_metadata
 *       partition_index => INT32
 *       committed_offset => INT64
 *       committed_metadata => NULLABLE_STRING
 *
 * TxnOffsetCommit Response (Version: 0-1) => throttle_time_ms [topics]
 *   throttle_time_ms => INT32
 *   topics => name [partitions]
 *     name => STRING
 *     partitions => partition_index error_code
 *       partition_index => INT32
 *       error_code => INT16
 *
 * A fenced producer gets INVALID_PRODUCER_EPOCH here at every version we serve: in Kafka the group coordinator
 * writes the offsets into __consumer_offsets as a transactional batch, and the log refuses an old epoch with
 * INVALID_PRODUCER_EPOCH (ProducerStateManager, since KIP-588); kafkajs has no code 90 either (see fencedForOldClients in 24-add-partitions-to-txn.ts).
 */
import type { Reader } from "../codec/reader.js";
import { readCommittedOffsets } from "./08-offset-commit.js";
import { fencedForOldClients } from "./24-add-partitions-to-txn.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const txnOffsetCommit: CoreApi<"TxnOffsetCommit"> = {
  kind: "core",
  apiKey: 28,
  name: "TxnOffsetCommit",
  minVersion: 0,
  maxVersion: 1,

  decodeRequest(r: Reader) {
    const transactionalId = r.string("transactional_id");
    const groupId = r.string("group_id");
    const producerId = r.int64("producer_id");
    const producerEpoch = r.int16("producer_epoch");
    const topics = readCommittedOffsets(r);
    r.expectEnd("TxnOffsetCommit request");
    return { request: { api: "TxnOffsetCommit" as const, transactionalId, groupId, producerId, producerEpoch, topics } };
  },

  encodeResponse(response) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs);
      w.array(response.topics, (w, t) => {
        w.string(t.topic);
        w.array(t.partitions, (w, p) => w.int32(p.partition).int16(code(fencedForOldClients(p.error, 0, Infinity))));
      });
    });
  },
};
