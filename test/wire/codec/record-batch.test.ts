import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  crc32cOf,
  decodeRecordBatches,
  encodeRecordSet,
  RecordBatchError,
  toProducedBatch,
  type EncodableBatch,
} from "../../../lib/src/wire/codec/record-batch.js";
import { kafkajs } from "../kafkajs-internals.js";

const { RecordBatch } = kafkajs("protocol/recordBatch/v0");
const Record = kafkajs("protocol/recordBatch/record/v0");
const RecordBatchDecoder = kafkajs("protocol/recordBatch/v0/decoder");
const kafkajsCrc32C = kafkajs("protocol/recordBatch/crc32C");
const Decoder = kafkajs("protocol/decoder");
const Long = kafkajs("utils/long");

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/codec/record-batch.test.ts)");
const params = { seed, numRuns: 100 };

const utf8 = (s: string) => new TextEncoder().encode(s);

/** A batch the way kafkajs' producer builds it (idempotent: producerId/epoch/firstSequence set). */
async function kafkajsBatch(opts: { compression?: number; messages: Array<{ key: string | null; value: string; headers?: Record<string, string> }>; producerId?: number; epoch?: number; firstSequence?: number; transactional?: boolean }) {
  const ts = 1_700_000_000_000;
  const records = opts.messages.map((m, i) => Record({ offsetDelta: i, timestampDelta: i * 3, key: m.key === null ? null : Buffer.from(m.key), value: Buffer.from(m.value), headers: m.headers ?? {} }));
  const batch = await RecordBatch({
    compression: opts.compression ?? 0,
    records,
    firstTimestamp: ts,
    maxTimestamp: ts + (opts.messages.length - 1) * 3,
    producerId: Long.fromNumber(opts.producerId ?? 7),
    producerEpoch: opts.epoch ?? 0,
    firstSequence: opts.firstSequence ?? 0,
    transactional: opts.transactional ?? false,
    lastOffsetDelta: records.length - 1,
  });
  return new Uint8Array(batch.buffer);
}

const record = fc.record({
  key: fc.option(fc.string({ maxLength: 12 })),
  value: fc.string({ maxLength: 30 }),
  headers: fc.array(fc.record({ key: fc.string({ maxLength: 6 }), value: fc.option(fc.string({ maxLength: 6 })) }), { maxLength: 3 }),
  timestampMs: fc.integer({ min: 0, max: 2_000_000_000_000 }),
});

const storedBatch: fc.Arbitrary<EncodableBatch> = fc.record({
  baseOffset: fc.integer({ min: 0, max: 2 ** 40 }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 1000 }),
  producerId: fc.integer({ min: -1, max: 2 ** 40 }),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  isTransactional: fc.boolean(),
  isControl: fc.constant(false),
  records: fc.array(record, { minLength: 1, maxLength: 6 }).map((rs) =>
    rs.map((r) => ({ key: r.key === null ? null : utf8(r.key), value: utf8(r.value), headers: r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : utf8(h.value) })), timestampMs: r.timestampMs })),
  ),
});

describe("record batch v2", () => {
  it("decodes kafkajs' idempotent batches: producer id, epoch, sequence, keys, values, headers, timestamps", async () => {
    const bytes = await kafkajsBatch({ producerId: 42, epoch: 3, firstSequence: 10, messages: [{ key: "k1", value: "v1", headers: { h: "x" } }, { key: null, value: "v2" }] });
    const [b] = decodeRecordBatches(bytes);
    const produced = toProducedBatch(b!);
    expect(produced).toMatchObject({ producerId: 42, producerEpoch: 3, baseSequence: 10, isTransactional: false });
    expect(produced.records.map((r) => [new TextDecoder().decode(r.key as Uint8Array | undefined ?? new Uint8Array()), new TextDecoder().decode(r.value as Uint8Array)])).toEqual([["k1", "v1"], ["", "v2"]]);
    expect(produced.records[1]!.key).toBeNull();
    expect(produced.records[0]!.headers).toEqual([{ key: "h", value: utf8("x") }]);
    expect(produced.records.map((r) => r.timestampMs)).toEqual([1_700_000_000_000, 1_700_000_000_003]);
  });

  it("encode → kafkajs decode gives the same batch, and our CRC equals kafkajs' CRC-32C of the same bytes", () => {
    fc.assert(
      fc.asyncProperty(storedBatch, async (batch) => {
        const bytes = encodeRecordSet([batch]);
        const decoded = await RecordBatchDecoder(new Decoder(Buffer.from(bytes)));
        expect(decoded.firstOffset).toBe(String(batch.baseOffset));
        expect(decoded.partitionLeaderEpoch).toBe(batch.partitionLeaderEpoch);
        expect(decoded.producerId).toBe(String(batch.producerId));
        expect(decoded.producerEpoch).toBe(batch.producerEpoch);
        expect(decoded.firstSequence).toBe(batch.baseSequence);
        expect(decoded.inTransaction).toBe(batch.isTransactional);
        expect(decoded.records.map((r: { offset: string }) => r.offset)).toEqual(batch.records.map((_, i) => String(batch.baseOffset! + i)));
        expect(decoded.records.map((r: { timestamp: string }) => r.timestamp)).toEqual(batch.records.map((r) => String(r.timestampMs)));
        expect(decoded.records.map((r: { value: Buffer }) => new Uint8Array(r.value))).toEqual(batch.records.map((r) => r.value));
        const crc = new DataView(bytes.buffer, bytes.byteOffset).getUint32(17);
        expect(kafkajsCrc32C(Buffer.from(bytes.subarray(21)))).toBe(crc);
        expect(crc32cOf(bytes.subarray(21))).toBe(crc);
      }),
      params,
    );
  });

  it("encode → decode round-trips every field", () => {
    fc.assert(
      fc.property(storedBatch, (batch) => {
        const [b] = decodeRecordBatches(encodeRecordSet([batch]));
        expect(b).toMatchObject({ baseOffset: batch.baseOffset, partitionLeaderEpoch: batch.partitionLeaderEpoch, producerId: batch.producerId, producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence, isTransactional: batch.isTransactional, isControl: false });
        expect(b!.records.map(({ offsetDelta, ...r }) => r)).toEqual(batch.records);
      }),
      params,
    );
  });

  it("a batch with any one byte changed inside the CRC's range, or in its header, is refused; baseOffset and partitionLeaderEpoch are outside the CRC", () => {
    fc.assert(
      fc.property(storedBatch, fc.nat(), fc.integer({ min: 1, max: 255 }), (batch, where, xor) => {
        const bytes = encodeRecordSet([batch]);
        const at = where % bytes.byteLength;
        const bad = bytes.slice();
        bad[at]! ^= xor;
        // The top 2 bytes of baseOffset can push it past 2^53, which the reader refuses on its own.
        if (at < 2) return;
        const outsideCrc = at < 8 || (at >= 12 && at < 16);
        if (outsideCrc) {
          expect(() => decodeRecordBatches(bad)).not.toThrow();
        } else {
          expect(() => decodeRecordBatches(bad)).toThrow(RecordBatchError);
        }
      }),
      params,
    );
  });

  it("a CRC mismatch is CORRUPT_MESSAGE and says both checksums", async () => {
    const bytes = await kafkajsBatch({ messages: [{ key: "k", value: "hello" }] });
    bytes[bytes.byteLength - 3]! ^= 0x01;
    try {
      decodeRecordBatches(bytes);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RecordBatchError);
      expect((e as RecordBatchError).error).toBe("CORRUPT_MESSAGE");
      expect((e as Error).message).toMatch(/CRC mismatch: the batch says 0x[0-9a-f]{8}, its bytes give 0x[0-9a-f]{8}/);
    }
  });

  it("a gzip-compressed batch (as kafkajs sends with compression: GZIP) is refused with a message naming the codec", async () => {
    const bytes = await kafkajsBatch({ compression: 1, messages: [{ key: "k", value: "hello" }] });
    expect(() => decodeRecordBatches(bytes)).toThrow(/compression gzip is not supported by kafka-sim/);
  });

  it("truncated record sets, wrong magic, control batches and miscounted records are refused with RecordBatchError", async () => {
    const good = await kafkajsBatch({ messages: [{ key: "a", value: "b" }, { key: "c", value: "d" }] });
    for (let cut = 1; cut < good.byteLength; cut++) {
      expect(() => decodeRecordBatches(good.subarray(0, cut))).toThrow(RecordBatchError);
    }
    const magic1 = good.slice();
    magic1[16] = 1;
    expect(() => decodeRecordBatches(magic1)).toThrow(/magic 1 is not supported/);
    const control = encodeRecordSet([{ producerId: 1, producerEpoch: 0, baseSequence: -1, isTransactional: true, isControl: true, controlType: "COMMIT", records: [] }]);
    expect(() => toProducedBatch(decodeRecordBatches(control)[0]!)).toThrow(/control batches/);
    const [b] = decodeRecordBatches(good);
    expect(() => toProducedBatch({ ...b!, lastOffsetDelta: 5 })).toThrow(/record count 2 does not match lastOffsetDelta 5/);
  });

  it("control batches (transaction markers) encode as one control record that kafkajs reads as a control batch", async () => {
    const bytes = encodeRecordSet([{ baseOffset: 9, partitionLeaderEpoch: 0, producerId: 5, producerEpoch: 1, baseSequence: -1, isTransactional: true, isControl: true, controlType: "ABORT", records: [] }]);
    const decoded = await RecordBatchDecoder(new Decoder(Buffer.from(bytes)));
    expect(decoded.isControlBatch).toBe(true);
    expect(decoded.inTransaction).toBe(true);
    expect(decoded.records).toHaveLength(1);
    expect([...decoded.records[0].key]).toEqual([0, 0, 0, 0]); // version 0, type 0 = ABORT
  });
});
