/**
 * Produce (API key 0), versions 3–11 (v9+ flexible). v3 is the first to carry record batch v2 (producerId,
 * producerEpoch, baseSequence); v4–v11 have the same request body. Kafka 4.x no longer serves v0–v2 (KIP-896).
 * As Kafka 4.x, ApiVersions lists Produce from v0 (KAFKA-18659: librdkafka's feature detection wants v0) while a
 * v0–v2 request closes the connection like any unsupported version. Kafka 4.x also serves v12, which tells the broker the client uses transactions v2 (KIP-890: the partition
 * leader adds the partition to the transaction); this broker models the v1 transaction protocol, so it stops at 11.
 *
 * Produce Request (Version: 3-11) => transactional_id acks timeout_ms [topic_data] TAG_BUFFER (v9+)
 *   transactional_id => NULLABLE_STRING
 *   acks => INT16
 *   timeout_ms => INT32
 *   topic_data => name [partition_data]
 *     name => STRING
 *     partition_data => index records
 *       index => INT32
 *       records => RECORDS                  (NULLABLE_BYTES holding record batches)
 *
 * Produce Response (Version: 3-4) => [responses] throttle_time_ms
 *   responses => name [partition_responses]
 *     name => STRING
 *     partition_responses => index error_code base_offset log_append_time_ms
 *       index => INT32
 *       error_code => INT16
 *       base_offset => INT64
 *       log_append_time_ms => INT64
 *   throttle_time_ms => INT32
 * Produce Response (Version: 5-7) => as v3, plus log_start_offset => INT64 after log_append_time_ms
 * Produce Response (Version: 8-11) => as v5, plus per partition [record_errors] error_message (KIP-467):
 *   record_errors => batch_index batch_index_error_message      (always empty here: no per-record validation)
 *   error_message => NULLABLE_STRING
 * From v9 every struct ends with TAG_BUFFER (v10 defines tagged current_leader and node_endpoints; not sent).
 *
 * Kafka's checks done here, before the core sees the request: acks must be -1, 0 or 1 (else every partition
 * gets INVALID_REQUIRED_ACKS); each partition must carry exactly one valid v2 batch with a matching CRC-32C
 * (else that partition gets CORRUPT_MESSAGE and the others proceed). (Kafka: ReplicaManager.appendRecords,
 * LogValidator, DefaultRecordBatch.ensureValid.)
 */
import type { ErrorName } from "../../protocol/errors.js";
import type { Acks, ProducePartitionData, ProducePartitionResponse, ProduceResponse } from "../../protocol/messages.js";
import { decodeRecordBatches, RecordBatchError, toProducedBatch } from "../codec/record-batch.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 9;

interface Rejected {
  topic: string;
  partition: number;
  error: ErrorName;
}

function rejectedPartition(partition: number, error: ErrorName): ProducePartitionResponse {
  return { partition, error, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

/** Add the wire layer's own answers to the core's response. */
function merge(response: ProduceResponse, rejected: readonly Rejected[]): ProduceResponse {
  const topics = response.topics.map((t) => ({ topic: t.topic, partitions: [...t.partitions] }));
  for (const r of rejected) {
    let t = topics.find((x) => x.topic === r.topic);
    if (!t) topics.push((t = { topic: r.topic, partitions: [] }));
    t.partitions.push(rejectedPartition(r.partition, r.error));
  }
  return { ...response, topics };
}

export const produce: CoreApi<"Produce"> = {
  kind: "core",
  apiKey: 0,
  name: "Produce",
  minVersion: 3,
  maxVersion: 11,
  advertisedMinVersion: 0,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader): Decoded<"Produce"> {
    const transactionalId = r.nullableString("transactional_id");
    const acks = r.int16("acks");
    const timeoutMs = r.int32("timeout_ms");
    const warnings: string[] = [];
    const rejected: Rejected[] = [];
    const raw = r.array(
      (t) => {
        const topic = t.string("topic_data.name");
        const partitions = t.array((p) => {
          const partition = { index: p.int32("partition_data.index"), records: p.nullableBytes("records") };
          p.tags();
          return partition;
        }, "partition_data", 8);
        t.tags();
        return { topic, partitions };
      },
      "topic_data",
      6,
    );
    r.tags();
    r.expectEnd("Produce request");

    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const topics: Array<{ topic: string; partitions: ProducePartitionData[] }> = [];
    for (const t of raw) {
      const partitions: ProducePartitionData[] = [];
      for (const p of t.partitions) {
        if (!validAcks) {
          rejected.push({ topic: t.topic, partition: p.index, error: "INVALID_REQUIRED_ACKS" });
          continue;
        }
        try {
          if (p.records === null || p.records.byteLength === 0) throw new RecordBatchError("the partition's record set is empty");
          const batches = decodeRecordBatches(p.records);
          if (batches.length !== 1) {
            throw new RecordBatchError(`a produce request must carry exactly one record batch per partition, this one has ${batches.length}`);
          }
          partitions.push({ partition: p.index, batch: toProducedBatch(batches[0]!) });
        } catch (e) {
          if (!(e instanceof RecordBatchError)) throw e;
          rejected.push({ topic: t.topic, partition: p.index, error: e.error });
          warnings.push(`Produce ${t.topic}-${p.index} refused with ${e.error}: ${e.message}`);
        }
      }
      if (partitions.length > 0) topics.push({ topic: t.topic, partitions });
    }
    if (!validAcks) warnings.push(`Produce refused with INVALID_REQUIRED_ACKS: acks=${acks}, allowed are -1 (all), 0 and 1`);

    const request = { api: "Produce" as const, transactionalId, acks: (validAcks ? acks : -1) as Acks, timeoutMs, topics };
    const decoded: Decoded<"Produce"> = { request, warnings };
    if (rejected.length > 0) {
      if (topics.length === 0) decoded.answer = merge({ api: "Produce", topics: [], throttleTimeMs: 0 }, rejected);
      else decoded.amend = (response) => merge(response, rejected);
      if (acks === 0) decoded.closeConnection = "a Produce with acks=0 failed, and acks=0 has no response to carry the error";
    }
    return decoded;
  },

  expectsResponse: (request) => request.acks !== 0,

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.array(response.topics, (w, t) => {
        w.string(t.topic).array(t.partitions, (w, p) => {
          w.int32(p.partition).int16(code(p.error)).int64(p.baseOffset).int64(p.logAppendTimeMs);
          if (version >= 5) w.int64(p.logStartOffset);
          if (version >= 8) w.array([], () => {}).nullableString(null);
          w.tags();
        });
        w.tags();
      });
      w.int32(response.throttleTimeMs);
      w.tags();
    });
  },
};
