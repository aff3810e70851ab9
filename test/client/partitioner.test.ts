/**
 * Keyed partitioning: murmur2 of the key bytes, made positive, modulo the partition count
 * (Kafka's Utils.murmur2 / Utils.toPositive; kafkajs's default partitioner).
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { murmur2, partitionForKey } from "../../lib/src/client/partitioner.js";

const require = createRequire(import.meta.url);
/** kafkajs 2.2.4's Java-compatible murmur2 (the DefaultPartitioner's; the LegacyPartitioner's differs). */
const kafkajsMurmur2 = require("kafkajs/src/producer/partitioners/default/murmur2.js") as (key: Buffer | string) => number;
/** kafkajs's DefaultPartitioner factory: () => ({ topic, partitionMetadata, message }) => partition. */
const kafkajsDefaultPartitioner = require("kafkajs/src/producer/partitioners/default/index.js") as () => (args: {
  topic: string;
  partitionMetadata: Array<{ partitionId: number; leader: number }>;
  message: { key?: Buffer | string | null; partition?: number | null };
}) => number;

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed);

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("murmur2", () => {
  it("matches the values in Kafka's own UtilsTest.testMurmur2 (Java client)", () => {
    const cases: Array<[Uint8Array, number]> = [
      [utf8("21"), -973932308],
      [utf8("foobar"), -790332482],
      [utf8("a-little-bit-long-string"), -985981536],
      [utf8("a-little-bit-longer-string"), -1486304829],
      [utf8("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971],
      [new Uint8Array([0x61, 0x62, 0x63]), 479470107],
    ];
    for (const [key, expected] of cases) expect(murmur2(key), new TextDecoder().decode(key)).toBe(expected);
  });

  it("returns a signed 32-bit integer, like Java's int", () => {
    for (const s of ["", "a", "ab", "abc", "abcd", "order-17", "키"]) {
      const h = murmur2(utf8(s));
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBe(h | 0);
    }
  });

  it("property: equals kafkajs's murmur2 for any bytes (every length mod 4, every byte value)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
      }),
      { seed, numRuns: 2000 },
    );
  });

  it("property: equals kafkajs's murmur2 for any string key (UTF-8, including non-ASCII)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (key) => {
        expect(murmur2(utf8(key))).toBe(kafkajsMurmur2(key));
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe("partitionForKey", () => {
  it("property: picks the partition kafkajs's DefaultPartitioner picks for a keyed record", () => {
    const partitioner = kafkajsDefaultPartitioner();
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
        fc.integer({ min: 1, max: 200 }),
        (key, numPartitions) => {
          const partitionMetadata = Array.from({ length: numPartitions }, (_, i) => ({ partitionId: i, leader: 0 }));
          const theirs = partitioner({ topic: "t", partitionMetadata, message: { key: typeof key === "string" ? key : Buffer.from(key) } });
          const ours = partitionForKey(key, numPartitions);
          expect(ours).toBe(theirs);
          expect(ours).toBeGreaterThanOrEqual(0);
          expect(ours).toBeLessThan(numPartitions);
        },
      ),
      { seed, numRuns: 2000 },
    );
  });

  it("makes a negative hash positive with & 0x7fffffff (Utils.toPositive), not Math.abs", () => {
    // murmur2("21") is -973932308; toPositive gives 1173551340, Math.abs would give 973932308
    expect(partitionForKey("21", 1000)).toBe(340);
    expect(partitionForKey("21", 1000)).not.toBe(973932308 % 1000);
    expect(partitionForKey(utf8("21"), 1000)).toBe(340);
  });

  it("refuses a partition count that is not a positive integer instead of answering NaN", () => {
    for (const bad of [0, -3, 2.5, Number.NaN]) {
      expect(() => partitionForKey("k", bad), String(bad)).toThrow(RangeError);
    }
    expect(() => partitionForKey("k", 0)).toThrow(/numPartitions must be an integer >= 1, got 0/);
  });

  it("the same key always goes to the same partition; one partition takes everything", () => {
    for (const key of ["user-1", "user-2", "주문-42"]) {
      expect(partitionForKey(key, 6)).toBe(partitionForKey(key, 6));
      expect(partitionForKey(key, 1)).toBe(0);
    }
  });
});
