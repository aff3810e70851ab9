/**
 * The decoders under attack in their flexible versions: one valid request per API at the highest version served,
 * encoded by @platformatic/kafka (an independent encoder), then mutated — bytes flipped, truncated, unsigned-varint
 * lengths spliced in (0, 2^31, 2^32 - 1: null, past Int32, the largest a varint holds) and tagged-field sections
 * made huge or out of order. Every mutation must decode or be refused with a ProtocolDecodeError, nothing else.
 * Seeded; the seed is printed.
 */
import * as plt from "@platformatic/kafka";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { API_REGISTRY } from "../../../lib/src/wire/api/index.js";
import type { CoreApi } from "../../../lib/src/wire/api/types.js";
import { ProtocolDecodeError, Reader } from "../../../lib/src/wire/codec/reader.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/api/flexible-fuzz.test.ts)");

const coreApis = API_REGISTRY.filter((a): a is CoreApi => a.kind === "core");
const body = (w: { buffer: Buffer }) => new Uint8Array(w.buffer);
const buf = (s: string) => Buffer.from(s);

/** @platformatic/kafka's encoding of one request per API, at the highest version both it and this broker have. */
const samples: Record<string, { version: number; bytes: Uint8Array }> = {
  Produce: { version: 11, bytes: body(plt.produceV11.createRequest(-1, 1000, [{ topic: "t", partition: 0, key: buf("k"), value: buf("v"), headers: new Map([[buf("h"), buf("x")]]) }], { producerId: 3n, producerEpoch: 0, sequences: new plt.NumericMap(), transactionalId: "tx" } as never)) },
  Fetch: { version: 17, bytes: body(plt.fetchV17.createRequest(100, 1, 1000, 1, 0, -1, [{ topicId: "db5de550-0f4e-437b-922a-5addc2146039", partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 100 }] }], [], "")) },
  ListOffsets: { version: 9, bytes: body(plt.listOffsetsV9.createRequest(-1, 1, [{ name: "t", partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }])) },
  Metadata: { version: 12, bytes: body(plt.metadataV12.createRequest(["t", "u"], true, false)) },
  OffsetCommit: { version: 9, bytes: body(plt.offsetCommitV9.createRequest("g", 1, "m", null, [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }] }])) },
  OffsetFetch: { version: 9, bytes: body(plt.offsetFetchV9.createRequest([{ groupId: "g", memberId: null, memberEpoch: -1, topics: [{ name: "t", partitionIndexes: [0, 1] }] }], false)) },
  FindCoordinator: { version: 6, bytes: body(plt.findCoordinatorV6.createRequest(0, ["g", "h"])) },
  JoinGroup: { version: 9, bytes: body(plt.joinGroupV9.createRequest("g", 6000, 6000, "", null, "consumer", [{ name: "roundrobin", metadata: buf("x") }], null)) },
  Heartbeat: { version: 4, bytes: body(plt.heartbeatV4.createRequest("g", 1, "m", null)) },
  LeaveGroup: { version: 5, bytes: body(plt.leaveGroupV5.createRequest("g", [{ memberId: "m", groupInstanceId: null, reason: "bye" }] as never)) },
  SyncGroup: { version: 5, bytes: body(plt.syncGroupV5.createRequest("g", 1, "m", null, "consumer", "roundrobin", [{ memberId: "m", assignment: buf("a") }])) },
  CreateTopics: { version: 7, bytes: body(plt.createTopicsV7.createRequest([{ name: "t", numPartitions: 3, replicationFactor: 3, assignments: [], configs: [{ name: "min.insync.replicas", value: "2" }] }], 1000, false)) },
  InitProducerId: { version: 5, bytes: body(plt.initProducerIdV5.createRequest("tx", 60000, -1n, -1)) },
  AddPartitionsToTxn: { version: 5, bytes: body(plt.addPartitionsToTxnV5.createRequest([{ transactionalId: "tx", producerId: 3n, producerEpoch: 0, verifyOnly: false, topics: [{ name: "t", partitions: [0, 1] }] }])) },
  AddOffsetsToTxn: { version: 4, bytes: body(plt.addOffsetsToTxnV4.createRequest("tx", 3n, 0, "g")) },
  EndTxn: { version: 4, bytes: body(plt.endTxnV4.createRequest("tx", 3n, 0, true)) },
  TxnOffsetCommit: { version: 4, bytes: body(plt.txnOffsetCommitV4.createRequest("tx", "g", 3n, 0, 1, "m", null, [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: null }] }])) },
  DescribeProducers: { version: 0, bytes: body(plt.describeProducersV0.createRequest([{ name: "t", partitionIndexes: [0, 1] }])) },
};

function decodeOrRefuse(api: CoreApi, version: number, bytes: Uint8Array): "decoded" | "refused" {
  try {
    api.decodeRequest(new Reader(bytes, { flexible: version >= api.firstFlexibleVersion }), version);
    return "decoded";
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return "refused";
    throw e;
  }
}

/** Unsigned varints to splice in: null (0), a length past Int32 (2^31 + 1), the largest 5-byte value, a sixth byte. */
const varints = [[0x00], [0x81, 0x80, 0x80, 0x80, 0x08], [0xff, 0xff, 0xff, 0xff, 0x0f], [0xff, 0xff, 0xff, 0xff, 0xff, 0x01]];
/** Tagged-field sections to splice in: many fields, out-of-order tags, a size past the end. */
const badTags = [[0xff, 0xff, 0x03], [0x02, 0x05, 0x00, 0x01, 0x00], [0x01, 0x00, 0xff, 0xff, 0x03]];

describe("flexible-version decoders under mutation", () => {
  it("every served API has a sample at its highest version, and every sample decodes unmutated", () => {
    expect(Object.keys(samples).sort()).toEqual(coreApis.map((a) => a.name).sort());
    for (const api of coreApis) {
      const s = samples[api.name]!;
      expect(s.version).toBeLessThanOrEqual(api.maxVersion); // Metadata: platformatic stops at v12 (v13's request is v12's)
      expect(s.version).toBeGreaterThanOrEqual(api.maxVersion - 1);
      expect(s.version).toBeGreaterThanOrEqual(api.firstFlexibleVersion);
      expect(decodeOrRefuse(api, s.version, s.bytes), api.name).toBe("decoded");
    }
  });

  it("flipped, truncated and spliced requests decode or are refused with ProtocolDecodeError", () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...coreApis),
        fc.nat(),
        fc.oneof(
          fc.record({ kind: fc.constant("flip" as const), xor: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant("truncate" as const) }),
          fc.record({ kind: fc.constant("varint" as const), which: fc.nat(varints.length - 1), replace: fc.nat(5) }),
          fc.record({ kind: fc.constant("tags" as const), which: fc.nat(badTags.length - 1) }),
        ),
        (api, position, m) => {
          const { version, bytes } = samples[api.name]!;
          const at = position % bytes.byteLength;
          let bad: Uint8Array;
          if (m.kind === "flip") {
            bad = bytes.slice();
            bad[at]! ^= m.xor;
          } else if (m.kind === "truncate") {
            bad = bytes.subarray(0, at);
          } else if (m.kind === "varint") {
            bad = new Uint8Array([...bytes.subarray(0, at), ...varints[m.which]!, ...bytes.subarray(at + m.replace)]);
          } else {
            bad = new Uint8Array([...bytes.subarray(0, at), ...badTags[m.which]!, ...bytes.subarray(at + 1)]);
          }
          if (decodeOrRefuse(api, version, bad) === "refused") refused++;
        },
      ),
      { seed, numRuns: 4000 },
    );
    expect(refused).toBeGreaterThan(1000);
  });

  it("random bytes in every flexible version decode or are refused", () => {
    const cases = coreApis.flatMap((api) => Array.from({ length: api.maxVersion - Math.max(api.minVersion, api.firstFlexibleVersion) + 1 }, (_, i) => [api, Math.max(api.minVersion, api.firstFlexibleVersion) + i] as const));
    fc.assert(
      fc.property(fc.nat(cases.length - 1), fc.uint8Array({ maxLength: 120 }), (i, bytes) => {
        const [api, version] = cases[i]!;
        decodeOrRefuse(api, version, bytes);
      }),
      { seed, numRuns: 3000 },
    );
  });
});
