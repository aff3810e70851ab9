/**
 * Record batch v2 ("magic 2"), the only message format Kafka 4.x accepts, encoded and decoded.
 * (Kafka: org.apache.kafka.common.record.DefaultRecordBatch and DefaultRecord.)
 *
 *   baseOffset: int64
 *   batchLength: int32             bytes after this field
 *   partitionLeaderEpoch: int32
 *   magic: int8 (= 2)
 *   crc: uint32                    CRC-32C of everything from `attributes` to the end of the batch
 *   attributes: int16              bit 0-2 compression, 3 timestampType, 4 isTransactional, 5 isControl
 *   lastOffsetDelta: int32
 *   baseTimestamp: int64
 *   maxTimestamp: int64
 *   producerId: int64
 *   producerEpoch: int16
 *   baseSequence: int32
 *   records: [Record]              int32 count
 *
 *   Record =>
 *     length: varint  attributes: int8  timestampDelta: varlong  offsetDelta: varint
 *     keyLength: varint  key: bytes  valueLength: varint  value: bytes
 *     headers: [varint count] headerKeyLength: varint headerKey: string headerValueLength: varint headerValue: bytes
 *
 * baseOffset and partitionLeaderEpoch lie outside the CRC, so the broker can rewrite them without re-checksumming.
 * A broken batch is the producing partition's problem, not the connection's: it is reported as a
 * `RecordBatchError` carrying Kafka's error for that partition (CORRUPT_MESSAGE).
 *
 * Simplifications: only compression "none" (attributes bits 0-2 = 0) is supported; a compressed batch is refused
 * with CORRUPT_MESSAGE and a message naming the codec (a real broker would decompress it).
 */
import crc32c from "crc-32/crc32c.js";
import type { ErrorName } from "../../protocol/errors.js";
import type { Bytes, KafkaRecord, RecordBatch, RecordHeader, StoredBatch } from "../../protocol/messages.js";
import { ProtocolDecodeError, Reader } from "./reader.js";
import { utf8, Writer } from "./writer.js";

export const MAGIC_V2 = 2;
/** Bytes from baseOffset to the record count inclusive (Kafka: DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
export const RECORD_BATCH_OVERHEAD = 61;
/** Offset of the batchLength field's end: batchLength counts the bytes after it. */
export const LOG_OVERHEAD = 12;
/** Position of `attributes` within a batch: the CRC covers from here to the end. */
const ATTRIBUTES_OFFSET = 21;

export const COMPRESSION_CODEC_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_FLAG_MASK = 0x10;
export const CONTROL_FLAG_MASK = 0x20;

export const COMPRESSION_NAMES = ["none", "gzip", "snappy", "lz4", "zstd"] as const;

/** CRC-32C (Castagnoli), as an unsigned 32-bit number. */
export function crc32cOf(bytes: Uint8Array): number {
  return crc32c.buf(bytes) >>> 0;
}

/** A batch whose bytes Kafka would refuse; `error` is the partition-level error Kafka answers with. */
export class RecordBatchError extends Error {
  override name = "RecordBatchError";
  constructor(
    message: string,
    readonly error: ErrorName = "CORRUPT_MESSAGE",
  ) {
    super(message);
  }
}

export interface DecodedRecord extends KafkaRecord {
  offsetDelta: number;
}

/** Every field of a v2 batch as it was on the wire. */
export interface DecodedRecordBatch {
  baseOffset: number;
  partitionLeaderEpoch: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  isTransactional: boolean;
  isControl: boolean;
  records: DecodedRecord[];
}

/**
 * Decode all batches in a record set (the RECORDS field of Produce and Fetch). Throws RecordBatchError
 * (never anything else) for a record set Kafka would refuse.
 */
export function decodeRecordBatches(recordSet: Uint8Array): DecodedRecordBatch[] {
  const r = new Reader(recordSet);
  const batches: DecodedRecordBatch[] = [];
  while (r.remaining > 0) batches.push(decodeRecordBatch(r));
  return batches;
}

/** Decode one batch from the reader's position. Throws RecordBatchError. */
export function decodeRecordBatch(r: Reader): DecodedRecordBatch {
  const start = r.offset;
  try {
    if (r.remaining < RECORD_BATCH_OVERHEAD) {
      throw new RecordBatchError(
        `record batch truncated: ${r.remaining} byte(s) left, a v2 batch header alone is ${RECORD_BATCH_OVERHEAD}`,
      );
    }
    const baseOffset = r.int64("baseOffset");
    const batchLength = r.int32("batchLength");
    if (batchLength < RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) {
      throw new RecordBatchError(`record batch length ${batchLength} is smaller than the v2 header (${RECORD_BATCH_OVERHEAD - LOG_OVERHEAD})`);
    }
    if (batchLength > r.remaining) {
      throw new RecordBatchError(`record batch length ${batchLength} exceeds the ${r.remaining} byte(s) in the record set`);
    }
    const body = r.sub(batchLength, "record batch");
    const partitionLeaderEpoch = body.int32("partitionLeaderEpoch");
    const magic = body.int8("magic");
    if (magic !== MAGIC_V2) {
      throw new RecordBatchError(`record batch magic ${magic} is not supported: Kafka 4.x accepts only magic 2 (record batch v2)`);
    }
    const crc = body.uint32("crc");
    const computed = crc32cOf(body.window(ATTRIBUTES_OFFSET - LOG_OVERHEAD, batchLength));
    if (computed !== crc) {
      throw new RecordBatchError(
        `record batch CRC mismatch: the batch says 0x${crc.toString(16).padStart(8, "0")}, its bytes give 0x${computed.toString(16).padStart(8, "0")}`,
      );
    }
    const attributes = body.int16("attributes");
    const codec = attributes & COMPRESSION_CODEC_MASK;
    if (codec !== 0) {
      const name = COMPRESSION_NAMES[codec] ?? `unknown codec id ${codec}`;
      throw new RecordBatchError(`record batch compression ${name} is not supported by kafka-sim: produce with compression none`);
    }
    const lastOffsetDelta = body.int32("lastOffsetDelta");
    const baseTimestamp = body.int64("baseTimestamp");
    const maxTimestamp = body.int64("maxTimestamp");
    const producerId = body.int64("producerId");
    const producerEpoch = body.int16("producerEpoch");
    const baseSequence = body.int32("baseSequence");
    const records = body.array((rr, i) => decodeRecord(rr, i, baseTimestamp), "records", 7);
    if (body.remaining !== 0) {
      throw new RecordBatchError(`record batch has ${body.remaining} byte(s) after its last record`);
    }
    return {
      baseOffset,
      partitionLeaderEpoch,
      crc,
      attributes,
      lastOffsetDelta,
      baseTimestamp,
      maxTimestamp,
      producerId,
      producerEpoch,
      baseSequence,
      isTransactional: (attributes & TRANSACTIONAL_FLAG_MASK) !== 0,
      isControl: (attributes & CONTROL_FLAG_MASK) !== 0,
      records,
    };
  } catch (e) {
    if (e instanceof ProtocolDecodeError) {
      throw new RecordBatchError(`record batch starting at byte ${start} is malformed: ${e.message}`);
    }
    throw e;
  }
}

function decodeRecord(r: Reader, index: number, baseTimestamp: number): DecodedRecord {
  // Field names are constants on this per-record path (no string is built unless a read fails); a failure is
  // renamed with the record's index below. The record is read in place (no sub-reader per record): its length is
  // checked to be there first, and the fields must end exactly where the length says.
  try {
    const length = r.varint("length");
    if (length < 0) r.fail(`negative record length ${length}`);
    if (length > r.remaining) r.fail(`record length ${length} exceeds the ${r.remaining} byte(s) left`);
    const end = r.offset + length;
    r.int8("attributes");
    const timestampDelta = r.varlong("timestampDelta");
    const offsetDelta = r.varint("offsetDelta");
    const key = r.varintBytes("key");
    const value = r.varintBytes("value");
    const headers = r.varintArray(readHeader, "headers", 2);
    if (r.offset !== end) r.fail(r.offset < end ? `${end - r.offset} byte(s) beyond the record's fields` : `the record's fields run ${r.offset - end} byte(s) past its length ${length}`);
    return { key, value, headers, timestampMs: baseTimestamp + timestampDelta, offsetDelta };
  } catch (e) {
    if (e instanceof ProtocolDecodeError) throw new ProtocolDecodeError(`records[${index}]: ${e.message.replace(/ \(at byte \d+\)$/, "")}`, e.offset);
    throw e;
  }
}

function readHeader(h: Reader): RecordHeader {
  return { key: h.varintString("header key"), value: h.varintBytes("header value") };
}

/**
 * The checks Kafka's LogValidator makes on a batch a client produced (beyond the CRC), then the batch in the
 * broker core's terms. Throws RecordBatchError.
 */
export function toProducedBatch(b: DecodedRecordBatch): RecordBatch {
  if (b.isControl) throw new RecordBatchError("clients may not produce control batches (the isControl attribute is set)");
  if (b.records.length === 0) throw new RecordBatchError("record batch has no records");
  if (b.lastOffsetDelta !== b.records.length - 1) {
    throw new RecordBatchError(`record count ${b.records.length} does not match lastOffsetDelta ${b.lastOffsetDelta} + 1`);
  }
  b.records.forEach((rec, i) => {
    if (rec.offsetDelta !== i) throw new RecordBatchError(`record ${i} has offsetDelta ${rec.offsetDelta}; a produced batch numbers its records 0, 1, 2, …`);
  });
  return {
    producerId: b.producerId,
    producerEpoch: b.producerEpoch,
    baseSequence: b.baseSequence,
    isTransactional: b.isTransactional,
    records: b.records.map(({ key, value, headers, timestampMs }) => ({ key, value, headers, timestampMs })),
  };
}

const toBytes = (b: Bytes | null): Uint8Array | null => (b === null ? null : typeof b === "string" ? utf8(b) : b);

/** A batch to encode: a stored batch, or a producer's batch (baseOffset 0, epoch -1: what a client sends). */
export type EncodableBatch = RecordBatch & Partial<Pick<StoredBatch, "baseOffset" | "partitionLeaderEpoch" | "isControl" | "controlType">>;

/** Control record key/value (Kafka: ControlRecordType and EndTransactionMarker): version 0, ABORT = 0, COMMIT = 1. */
function controlRecord(type: "COMMIT" | "ABORT", timestampMs: number): KafkaRecord {
  const key = new Writer(4).int16(0).int16(type === "COMMIT" ? 1 : 0).finish();
  const value = new Writer(6).int16(0).int32(0).finish(); // coordinatorEpoch: not modelled, 0
  return { key, value, headers: [], timestampMs };
}

/** Encode one batch (record batch v2, compression none) into the writer. */
export function encodeRecordBatch(w: Writer, batch: EncodableBatch): void {
  const isControl = batch.isControl ?? false;
  let records: readonly KafkaRecord[] = batch.records;
  if (isControl) {
    // The simulation stores a marker as one placeholder record (it takes one offset): on the wire it is the control record.
    if (!batch.controlType) throw new RangeError("a control batch needs controlType (COMMIT or ABORT)");
    records = [controlRecord(batch.controlType, records[0]?.timestampMs ?? -1)];
  }
  if (records.length === 0) throw new RangeError("cannot encode a record batch with no records");
  const baseTimestamp = records[0]!.timestampMs;
  const maxTimestamp = Math.max(...records.map((r) => r.timestampMs));
  const attributes = (batch.isTransactional ? TRANSACTIONAL_FLAG_MASK : 0) | (isControl ? CONTROL_FLAG_MASK : 0);

  const start = w.length;
  w.int64(batch.baseOffset ?? 0);
  const lengthAt = w.reserveInt32();
  w.int32(batch.partitionLeaderEpoch ?? -1);
  w.int8(MAGIC_V2);
  const crcAt = w.reserveInt32();
  w.int16(attributes)
    .int32(records.length - 1)
    .int64(baseTimestamp)
    .int64(maxTimestamp)
    .int64(batch.producerId)
    .int16(batch.producerEpoch)
    .int32(batch.baseSequence)
    .int32(records.length);
  records.forEach((rec, i) => encodeRecord(w, rec, i, baseTimestamp));
  const end = w.length;
  w.patchInt32(lengthAt, end - start - LOG_OVERHEAD);
  w.patchUint32(crcAt, crc32cOf(w.slice(start + ATTRIBUTES_OFFSET, end)));
}

function encodeRecord(w: Writer, rec: KafkaRecord, offsetDelta: number, baseTimestamp: number): void {
  const body = new Writer(64);
  body
    .int8(0)
    .varlong(rec.timestampMs - baseTimestamp)
    .varint(offsetDelta)
    .varintBytes(toBytes(rec.key))
    .varintBytes(toBytes(rec.value))
    .varint(rec.headers.length);
  for (const h of rec.headers) body.varintString(h.key).varintBytes(toBytes(h.value));
  w.varint(body.length).raw(body.slice(0));
}

/** Encode batches back to back: a record set. */
export function encodeRecordSet(batches: readonly EncodableBatch[]): Uint8Array {
  const w = new Writer(256);
  for (const b of batches) encodeRecordBatch(w, b);
  return w.finish();
}
