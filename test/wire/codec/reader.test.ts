import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolDecodeError, Reader } from "../../../lib/src/wire/codec/reader.js";
import { Writer } from "../../../lib/src/wire/codec/writer.js";
import { kafkajs } from "../kafkajs-internals.js";

const Encoder = kafkajs("protocol/encoder");
const Decoder = kafkajs("protocol/decoder");
const Long = kafkajs("utils/long");

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/codec/reader.test.ts)");
const params = { seed, numRuns: 300 };

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe("Reader/Writer primitives", () => {
  it("round-trip every primitive type", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -128, max: 127 }),
        fc.integer({ min: -32768, max: 32767 }),
        int32,
        safeInt,
        int32,
        safeInt,
        fc.option(fc.string({ maxLength: 40 })),
        fc.option(fc.uint8Array({ maxLength: 40 })),
        fc.array(int32, { maxLength: 10 }),
        (i8, i16, i32, i64, vi, vl, s, b, arr) => {
          const w = new Writer(8);
          w.int8(i8).int16(i16).int32(i32).int64(i64).varint(vi).varlong(vl).nullableString(s).nullableBytes(b).varintBytes(b);
          w.array(arr, (w, x) => w.int32(x)).boolean(true);
          const r = new Reader(w.finish());
          expect(r.int8()).toBe(i8);
          expect(r.int16()).toBe(i16);
          expect(r.int32()).toBe(i32);
          expect(r.int64()).toBe(i64);
          expect(r.varint()).toBe(vi);
          expect(r.varlong()).toBe(vl);
          expect(r.nullableString()).toBe(s);
          expect(r.nullableBytes()).toEqual(b);
          expect(r.varintBytes()).toEqual(b);
          expect(r.array((r) => r.int32())).toEqual(arr);
          expect(r.boolean()).toBe(true);
          r.expectEnd("test");
        },
      ),
      params,
    );
  });

  it("varints and varlongs match kafkajs' encoding byte for byte, both ways", () => {
    fc.assert(
      fc.property(int32, safeInt, (vi, vl) => {
        const ours = new Writer().varint(vi).varlong(vl).finish();
        const theirs = new Encoder().writeVarInt(vi).writeVarLong(Long.fromString(String(vl)));
        expect(Buffer.from(ours).equals(theirs.buffer)).toBe(true);
        const d = new Decoder(Buffer.from(ours));
        expect(d.readVarInt()).toBe(vi);
        expect(d.readVarLong().toString()).toBe(String(vl));
      }),
      params,
    );
  });

  it("every truncation of a valid encoding throws ProtocolDecodeError, never another error", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.uint8Array({ minLength: 1, maxLength: 20 }), safeInt, (s, b, n) => {
        const full = new Writer().string(s).bytes(b).int64(n).varlong(n).finish();
        for (let cut = 0; cut < full.byteLength; cut++) {
          const r = new Reader(full.subarray(0, cut));
          expect(() => {
            r.string();
            r.bytes();
            r.int64();
            r.varlong();
          }).toThrow(ProtocolDecodeError);
        }
      }),
      params,
    );
  });

  it("an absurd array length fails before allocating, naming the field and the bytes left", () => {
    const bytes = new Writer().int32(2147483647).int32(1).finish();
    expect(() => new Reader(bytes).array((r) => r.int32(), "topics", 4)).toThrow(
      /topics: array length 2147483647 cannot fit in the 4 byte\(s\) left/,
    );
    expect(() => new Reader(new Writer().int32(-7).finish()).array((r) => r.int32(), "topics")).toThrow(/invalid array length -7/);
  });

  it("absurd string and bytes lengths, and invalid UTF-8, are refused", () => {
    expect(() => new Reader(new Writer().int16(32000).finish()).string("client_id")).toThrow(/client_id: needs 32000 byte\(s\) but only 0 left/);
    expect(() => new Reader(new Writer().int32(2 ** 31 - 1).finish()).bytes("records")).toThrow(ProtocolDecodeError);
    expect(() => new Reader(new Writer().int16(-5).finish()).nullableString("s")).toThrow(/invalid string length -5/);
    expect(() => new Reader(new Writer().int16(1).raw(new Uint8Array([0xff])).finish()).string("s")).toThrow(/not valid UTF-8/);
    expect(() => new Reader(new Writer().int16(-1).finish()).string("group_id")).toThrow(/group_id: null where a non-nullable string/);
  });

  it("varints longer than their type allows are refused", () => {
    expect(() => new Reader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).varint()).toThrow(/varint/);
    expect(() => new Reader(new Uint8Array(11).fill(0xff)).varlong()).toThrow(/varlong longer than 10 bytes/);
  });

  it("int64 values beyond ±2^53 are refused rather than rounded", () => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, 2n ** 60n);
    expect(() => new Reader(bytes).int64("producer_id")).toThrow(/producer_id: int64 value 1152921504606846976 is outside/);
  });

  it("the writer refuses values that do not fit the type", () => {
    expect(() => new Writer().int16(40000)).toThrow(/cannot write 40000 as int16/);
    expect(() => new Writer().int32(1.5)).toThrow(RangeError);
  });
});
