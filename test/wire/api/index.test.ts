import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { API_REGISTRY, apiByKey, apiVersions } from "../../../lib/src/wire/api/index.js";
import type { CoreApi } from "../../../lib/src/wire/api/types.js";
import { ProtocolDecodeError, Reader } from "../../../lib/src/wire/codec/reader.js";
import { Writer } from "../../../lib/src/wire/codec/writer.js";
import { kafkajs, kafkajsRequestBody, Long } from "../kafkajs-internals.js";
import { kafkajsServed, versionsOf } from "./helpers.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/api/index.test.ts)");

const coreApis = API_REGISTRY.filter((a): a is CoreApi => a.kind === "core");

/** One valid kafkajs request per API (the highest version), to mutate. */
const samples: Record<string, { dir: string; args: object }> = {
  Produce: { dir: "produce", args: { acks: -1, timeout: 1000, producerId: Long.fromNumber(3), producerEpoch: 0, topicData: [{ topic: "t", partitions: [{ partition: 0, firstSequence: 0, messages: [{ key: "k", value: "v", headers: { a: "b" } }] }] }] } },
  Fetch: { dir: "fetch", args: { replicaId: -1, maxWaitTime: 10, minBytes: 1, maxBytes: 1000, topics: [{ topic: "t", partitions: [{ partition: 0, fetchOffset: "0", maxBytes: 100 }] }] } },
  ListOffsets: { dir: "listOffsets", args: { replicaId: -1, isolationLevel: 1, topics: [{ topic: "t", partitions: [{ partition: 0, timestamp: -1 }] }] } },
  Metadata: { dir: "metadata", args: { topics: ["t", "u"], allowAutoTopicCreation: true } },
  OffsetCommit: { dir: "offsetCommit", args: { groupId: "g", groupGenerationId: 1, memberId: "m", topics: [{ topic: "t", partitions: [{ partition: 0, offset: "1" }] }] } },
  OffsetFetch: { dir: "offsetFetch", args: { groupId: "g", topics: [{ topic: "t", partitions: [{ partition: 0 }] }] } },
  FindCoordinator: { dir: "findCoordinator", args: { coordinatorKey: "g", coordinatorType: 0 } },
  JoinGroup: { dir: "joinGroup", args: { groupId: "g", sessionTimeout: 6000, rebalanceTimeout: 6000, memberId: "", groupInstanceId: null, protocolType: "consumer", groupProtocols: [{ name: "rr", metadata: Buffer.from("x") }] } },
  Heartbeat: { dir: "heartbeat", args: { groupId: "g", groupGenerationId: 1, memberId: "m", groupInstanceId: null } },
  LeaveGroup: { dir: "leaveGroup", args: { groupId: "g", members: [{ memberId: "m", groupInstanceId: null }] } },
  SyncGroup: { dir: "syncGroup", args: { groupId: "g", generationId: 1, memberId: "m", groupInstanceId: null, groupAssignment: [{ memberId: "m", memberAssignment: Buffer.from("a") }] } },
  CreateTopics: { dir: "createTopics", args: { topics: [{ topic: "t", numPartitions: 1, replicationFactor: 1 }] } },
  InitProducerId: { dir: "initProducerId", args: { transactionalId: null, transactionTimeout: 1000 } },
  AddPartitionsToTxn: { dir: "addPartitionsToTxn", args: { transactionalId: "tx", producerId: Long.fromNumber(3), producerEpoch: 0, topics: [{ topic: "t", partitions: [0, 1] }] } },
  AddOffsetsToTxn: { dir: "addOffsetsToTxn", args: { transactionalId: "tx", producerId: Long.fromNumber(3), producerEpoch: 0, groupId: "g" } },
  EndTxn: { dir: "endTxn", args: { transactionalId: "tx", producerId: Long.fromNumber(3), producerEpoch: 0, transactionResult: true } },
  TxnOffsetCommit: { dir: "txnOffsetCommit", args: { transactionalId: "tx", groupId: "g", producerId: Long.fromNumber(3), producerEpoch: 0, topics: [{ topic: "t", partitions: [{ partition: 0, offset: "5", metadata: null }] }] } },
};

/** Decoding must end in a request or a ProtocolDecodeError: any other exception is a decoder bug. */
function decodeOrRefuse(api: CoreApi, version: number, body: Uint8Array): "decoded" | "refused" {
  try {
    api.decodeRequest(new Reader(body, { flexible: version >= api.firstFlexibleVersion }), version);
    return "decoded";
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return "refused";
    throw e;
  }
}

describe("API registry", () => {
  it("has one file per key, and every key resolves", () => {
    const keys = API_REGISTRY.map((a) => a.apiKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of API_REGISTRY) expect(apiByKey(a.apiKey)).toBe(a);
    expect(apiByKey(27)).toBeUndefined(); // WriteTxnMarkers: broker-to-broker, not served
    expect(apiVersions.kind).toBe("local");
  });

  it("has a kafkajs sample for every core API kafkajs implements (so the mutation property covers all of them)", () => {
    expect(coreApis.map((a) => a.name).filter((n) => n !== "DescribeProducers").sort()).toEqual(Object.keys(samples).sort());
  });

  it("random bytes, for every API and version, decode to a request or a ProtocolDecodeError — nothing else", () => {
    const cases = coreApis.flatMap((api) => versionsOf(api).map((v) => [api, v] as const));
    fc.assert(
      fc.property(fc.nat(cases.length - 1), fc.uint8Array({ maxLength: 120 }), (i, body) => {
        const [api, version] = cases[i]!;
        decodeOrRefuse(api, version, body);
      }),
      { seed, numRuns: 3000 },
    );
  });

  it("kafkajs requests with bytes flipped, truncated or with absurd counts spliced in decode or are refused cleanly", async () => {
    const bodies = await Promise.all(
      coreApis.filter((api) => samples[api.name]).map(async (api) => {
        const { dir, args } = samples[api.name]!;
        const version = Math.max(...kafkajsServed(api, dir));
        return { api, version, body: await kafkajsRequestBody(kafkajs(`protocol/requests/${dir}/v${version}/request`)(args)) };
      }),
    );
    for (const { api, version, body } of bodies) expect(decodeOrRefuse(api, version, body)).toBe("decoded");
    let refused = 0;
    fc.assert(
      fc.property(
        fc.nat(bodies.length - 1),
        fc.oneof(
          fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
          fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
          fc.record({ kind: fc.constant("huge" as const), at: fc.nat(), n: fc.constantFrom(0x7fffffff, -2, 0x40000000, 65535) }),
        ),
        (i, m) => {
          const { api, version, body } = bodies[i]!;
          let bad: Uint8Array;
          const at = m.at % body.byteLength;
          if (m.kind === "flip") {
            bad = body.slice();
            bad[at]! ^= m.xor;
          } else if (m.kind === "truncate") {
            bad = body.subarray(0, at);
          } else {
            bad = new Uint8Array([...body.subarray(0, at), ...new Writer().int32(m.n).finish(), ...body.subarray(at + 4)]);
          }
          if (decodeOrRefuse(api, version, bad) === "refused") refused++;
        },
      ),
      { seed, numRuns: 3000 },
    );
    expect(refused).toBeGreaterThan(100);
  });
});
