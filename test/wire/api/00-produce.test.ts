import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { produce } from "../../../lib/src/wire/api/00-produce.js";
import { Reader } from "../../../lib/src/wire/codec/reader.js";
import { Writer } from "../../../lib/src/wire/codec/writer.js";
import { kafkajs, kafkajsRequestBody, Long } from "../kafkajs-internals.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions, text } from "./helpers.js";

const topicData = [
  {
    topic: "orders",
    partitions: [
      { partition: 0, firstSequence: 5, messages: [{ key: "k0", value: "v0", timestamp: 1_700_000_000_000 }, { key: null, value: "v1", headers: { trace: "abc" }, timestamp: 1_700_000_000_004 }] },
      { partition: 2, firstSequence: 0, messages: [{ key: "k2", value: "v2", timestamp: 1_700_000_000_010 }] },
    ],
  },
];
const args = { acks: -1, timeout: 30000, transactionalId: null, producerId: Long.fromNumber(4001), producerEpoch: 2, topicData };

describe("Produce (key 0)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("produce"));
    expect(highest).toBeGreaterThanOrEqual(produce.minVersion);
    expect(highest).toBeLessThanOrEqual(produce.maxVersion);
  });

  describe.each(kafkajsServed(produce, "produce"))("v%i", (version) => {
    it("decodes kafkajs' idempotent produce request into the core's ProduceRequest", async () => {
      const d = await decodeKafkajsRequest(produce, "produce", version, args);
      expect(d.answer).toBeUndefined();
      expect(d.amend).toBeUndefined();
      const r = d.request;
      expect(r).toMatchObject({ api: "Produce", transactionalId: null, acks: -1, timeoutMs: 30000 });
      expect(r.topics).toHaveLength(1);
      const [p0, p2] = r.topics[0]!.partitions;
      expect(p0!.partition).toBe(0);
      expect(p0!.batch).toMatchObject({ producerId: 4001, producerEpoch: 2, baseSequence: 5, isTransactional: false });
      expect(p0!.batch.records.map((x) => [x.key === null ? null : text(x.key), text(x.value), x.timestampMs])).toEqual([
        ["k0", "v0", 1_700_000_000_000],
        [null, "v1", 1_700_000_000_004],
      ]);
      expect(p0!.batch.records[1]!.headers.map((h) => [h.key, text(h.value)])).toEqual([["trace", "abc"]]);
      expect(p2).toMatchObject({ partition: 2, batch: { baseSequence: 0 } });
      expect(produce.expectsResponse!(r)).toBe(true);
    });

    it("encodes a response kafkajs reads: errors, base offsets, log start offset (v5+)", async () => {
      const decoded = await kafkajsDecodeResponse(produce, "produce", version, {
        api: "Produce",
        throttleTimeMs: 0,
        topics: [{ topic: "orders", partitions: [
          { partition: 0, error: "NONE", baseOffset: 120, logAppendTimeMs: -1, logStartOffset: 7 },
          { partition: 2, error: "OUT_OF_ORDER_SEQUENCE_NUMBER", baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 },
        ] }],
      });
      expect(decoded.topics[0].topicName).toBe("orders");
      const [a, b] = decoded.topics[0].partitions;
      expect(a).toMatchObject({ partition: 0, errorCode: 0, baseOffset: "120", logAppendTime: "-1" });
      expect(b).toMatchObject({ partition: 2, errorCode: Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: "-1" });
      if (version >= 5) expect(a.logStartOffset).toBe("7");
    });
  });

  it("acks=0 expects no response", async () => {
    const d = await decodeKafkajsRequest(produce, "produce", 7, { ...args, acks: 0 });
    expect(produce.expectsResponse!(d.request)).toBe(false);
  });

  it("a partition whose batch fails its CRC is answered CORRUPT_MESSAGE by the wire layer; the other partition goes to the core", async () => {
    const body = await kafkajsRequestBody(kafkajs("protocol/requests/produce/v7/request")(args));
    // Flip the last byte: the last record of partition 2's batch (inside the CRC-covered range).
    body[body.byteLength - 1]! ^= 0xff;
    const d = produce.decodeRequest(new Reader(body), 7);
    expect(d.request.topics[0]!.partitions.map((p) => p.partition)).toEqual([0]);
    expect(d.warnings!.join()).toMatch(/orders-2 refused with CORRUPT_MESSAGE: record batch CRC mismatch/);
    const merged = d.amend!({ api: "Produce", throttleTimeMs: 0, topics: [{ topic: "orders", partitions: [{ partition: 0, error: "NONE", baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0 }] }] });
    expect(merged.topics[0]!.partitions.map((p) => [p.partition, p.error])).toEqual([[0, "NONE"], [2, "CORRUPT_MESSAGE"]]);
  });

  it("invalid acks are answered INVALID_REQUIRED_ACKS without reaching the core", () => {
    const w = new Writer().nullableString(null).int16(2).int32(1000).array([0], (w) => w.string("t").array([0], (w) => w.int32(0).nullableBytes(null)));
    const d = produce.decodeRequest(new Reader(w.finish()), 7);
    expect(d.answer!.topics[0]!.partitions[0]!.error).toBe("INVALID_REQUIRED_ACKS");
  });

  it("an empty (null) record set and two batches in one partition are refused per partition", async () => {
    const oneBatch = await kafkajsRequestBody(kafkajs("protocol/requests/produce/v7/request")({ ...args, topicData: [{ topic: "t", partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: "a", value: "b" }] }] }] }));
    // Pull the record set out of kafkajs' bytes and put it twice into one partition.
    const r = new Reader(oneBatch);
    r.nullableString();
    r.int16();
    r.int32();
    r.int32();
    r.string();
    r.int32();
    r.int32();
    const batch = r.bytes();
    const twice = new Uint8Array([...batch, ...batch]);
    const w = new Writer().nullableString(null).int16(-1).int32(1000).array([0], (w) => w.string("t").array([0, 1], (w, p) => w.int32(p).nullableBytes(p === 0 ? twice : null)));
    const d = produce.decodeRequest(new Reader(w.finish()), 7);
    expect(d.answer!.topics[0]!.partitions.map((p) => [p.partition, p.error])).toEqual([[0, "CORRUPT_MESSAGE"], [1, "CORRUPT_MESSAGE"]]);
    expect(d.warnings!.join("\n")).toMatch(/exactly one record batch per partition, this one has 2/);
  });
});
