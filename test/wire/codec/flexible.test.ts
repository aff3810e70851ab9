/**
 * Flexible versions (KIP-482) in the codec: unsigned varints against the byte vectors of Kafka's own
 * ByteUtilsTest.testUnsignedVarintSerde, compact strings/bytes/arrays and tagged fields against the bytes
 * @platformatic/kafka's independent Writer produces, request header v2 / response header v1, and the refusals
 * (overlong varints, lengths past Int32, tags out of order, sizes past the end).
 */
import { Writer as TheirWriter } from "@platformatic/kafka";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRequestFrame, encodeResponseFrame, readRequestHeader, readRequestHeaderTags } from "../../../lib/src/wire/codec/frame.js";
import { ProtocolDecodeError, Reader, uuidFromString, uuidToString } from "../../../lib/src/wire/codec/reader.js";
import { Writer } from "../../../lib/src/wire/codec/writer.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/codec/flexible.test.ts)");

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (...b: number[]) => new Uint8Array(b);
const theirs = (build: (w: ReturnType<typeof TheirWriter.create>) => unknown): Uint8Array => {
  const w = TheirWriter.create();
  build(w);
  return new Uint8Array(w.buffer);
};

describe("unsigned varint (Kafka's ByteUtilsTest vectors; Java's negative ints are the uint32 with the same bits)", () => {
  const vectors: Array<[number, number[]]> = [
    [0, [0x00]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]], // -1
    [1, [0x01]],
    [63, [0x3f]],
    [2 ** 32 - 64, [0xc0, 0xff, 0xff, 0xff, 0x0f]], // -64
    [64, [0x40]],
    [8191, [0xff, 0x3f]],
    [2 ** 32 - 8192, [0x80, 0xc0, 0xff, 0xff, 0x0f]], // -8192
    [8192, [0x80, 0x40]],
    [2 ** 32 - 8193, [0xff, 0xbf, 0xff, 0xff, 0x0f]], // -8193
    [1048575, [0xff, 0xff, 0x3f]],
    [1048576, [0x80, 0x80, 0x40]],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [2 ** 31, [0x80, 0x80, 0x80, 0x80, 0x08]], // Integer.MIN_VALUE
  ];
  it.each(vectors)("%d <-> %j", (value, encoded) => {
    expect([...new Writer().uvarint(value).finish()]).toEqual(encoded);
    const r = new Reader(new Uint8Array(encoded));
    expect(r.uvarint()).toBe(value);
    expect(r.remaining).toBe(0);
  });

  it("refuses a sixth byte and a fifth byte above 0x0f (more than 32 bits), and a truncated varint", () => {
    expect(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).uvarint("n")).toThrow(/n: unsigned varint does not fit 32 bits/);
    expect(() => new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x10)).uvarint("n")).toThrow(/does not fit 32 bits/);
    expect(() => new Reader(bytes(0x80, 0x80)).uvarint("n")).toThrow(ProtocolDecodeError);
  });
});

describe("compact types and tagged fields", () => {
  it("strings, nullable strings, bytes and arrays are byte-for-byte what @platformatic/kafka's Writer writes", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.option(fc.string({ maxLength: 20 })),
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 200 }),
        (s, ns, b, ints) => {
          const ours = new Writer(16, { flexible: true }).string(s).nullableString(ns).bytes(b).array(ints, (w, n) => w.int32(n)).tags().finish();
          const ref = theirs((w) => w.appendString(s).appendString(ns).appendBytes(Buffer.from(b)).appendArray(ints, (w, n) => w.appendInt32(n), true, false).appendTaggedFields());
          expect(hex(ours)).toBe(hex(ref));
          const r = new Reader(ours, { flexible: true });
          expect([r.string(), r.nullableString(), [...r.bytes()], r.array((x) => x.int32()), r.tags().size]).toEqual([s, ns, [...b], ints, 0]);
          expect(r.remaining).toBe(0);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it("null compact string, bytes and array are the single byte 0; empty ones the byte 1", () => {
    const w = new Writer(8, { flexible: true }).nullableString(null).nullableBytes(null).nullableArray(null, () => {}).string("").bytes(new Uint8Array()).array([], () => {});
    expect(hex(w.finish())).toBe("000000010101");
  });

  it("unknown tagged fields are skipped (KIP-482), in any number, and their bytes are kept by tag", () => {
    const body = bytes(0x03, 0x00, 0x02, 0xaa, 0xbb, 0x05, 0x00, 0x7f, 0x01, 0x42);
    const r = new Reader(new Uint8Array([...body, 0x2a]), { flexible: true });
    const tags = r.tags();
    expect([...tags.keys()]).toEqual([0, 5, 127]);
    expect([...tags.get(0)!]).toEqual([0xaa, 0xbb]);
    expect(tags.get(5)!.byteLength).toBe(0);
    expect([...tags.get(127)!]).toEqual([0x42]);
    expect(r.int8()).toBe(0x2a);
  });

  it("refuses tags out of order or repeated, a tag size past the end, a count that cannot fit, and a length past Int32", () => {
    const refuse = (b: number[], message: RegExp) => expect(() => new Reader(new Uint8Array(b), { flexible: true }).tags("tf")).toThrow(message);
    refuse([0x02, 0x05, 0x00, 0x03, 0x00], /tf: tag 3 follows tag 5; tags must be strictly increasing/);
    refuse([0x02, 0x05, 0x00, 0x05, 0x00], /tag 5 follows tag 5/);
    refuse([0x01, 0x00, 0x10, 0x01], /tf tag 0: needs 16 byte\(s\) but only 1 left/);
    refuse([0xff, 0xff, 0xff, 0x7f], /cannot fit/);
    expect(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x0f), { flexible: true }).string("name")).toThrow(/name: compact length 4294967294 is beyond the largest allowed/);
    expect(() => new Reader(bytes(0x81, 0x80, 0x80, 0x80, 0x08), { flexible: true }).bytes("b")).toThrow(/b: compact length 2147483648 is beyond/);
    expect(() => new Reader(bytes(0x80, 0x80, 0x80, 0x80, 0x08), { flexible: true }).bytes("b")).toThrow(/b: needs 2147483647 byte\(s\) but only 0 left/);
    expect(() => new Reader(bytes(0x90, 0x80, 0x04), { flexible: true }).array((x) => x.int8(), "a")).toThrow(/a: array length 65551 cannot fit/);
  });

  it("writes tagged fields in increasing tag order and refuses any other order", () => {
    expect(hex(new Writer(8, { flexible: true }).tags([[0, bytes(1)], [3, bytes()]]).finish())).toBe("020001010300");
    expect(() => new Writer(8, { flexible: true }).tags([[3, bytes()], [0, bytes()]])).toThrow(/increasing tag order/);
    expect(new Writer(8).tags([[0, bytes(1)]]).length).toBe(0); // not flexible: nothing
  });

  it("UUIDs print as Kafka's Uuid.toString (URL-safe base64, 22 characters) and round-trip", () => {
    const id = bytes(0xdb, 0x5d, 0xe5, 0x50, 0x0f, 0x4e, 0x43, 0x7b, 0x92, 0x2a, 0x5a, 0xdd, 0xc2, 0x14, 0x60, 0x39);
    expect(uuidToString(id)).toBe(Buffer.from(id).toString("base64url"));
    expect([...uuidFromString(uuidToString(id))]).toEqual([...id]);
    expect(uuidToString(new Uint8Array(16))).toBe("AAAAAAAAAAAAAAAAAAAAAA");
    expect(() => uuidFromString("not-a-uuid")).toThrow(/is not a Kafka UUID/);
  });
});

describe("headers", () => {
  it("request header v2 keeps a classic (int16) client id, then tagged fields; v1 has none", () => {
    const frame = encodeRequestFrame({ apiKey: 3, apiVersion: 12, correlationId: 7, clientId: "plt" }, bytes(0xee), 2);
    expect(hex(frame)).toBe("0000000f" + "0003" + "000c" + "00000007" + "0003706c74" + "00" + "ee");
    const r = new Reader(frame.subarray(4));
    expect(readRequestHeader(r)).toEqual({ apiKey: 3, apiVersion: 12, correlationId: 7, clientId: "plt" });
    readRequestHeaderTags(r);
    expect(r.flexible).toBe(true);
    expect(r.int8()).toBe(-18);
  });

  it("response header v1 adds one byte (no tagged fields) after the correlation id", () => {
    expect(hex(encodeResponseFrame(9, bytes(1, 2), 1))).toBe("00000007" + "00000009" + "00" + "0102");
    expect(hex(encodeResponseFrame(9, bytes(1, 2), 0))).toBe("00000006" + "00000009" + "0102");
  });
});
