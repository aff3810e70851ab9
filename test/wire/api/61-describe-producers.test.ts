/**
 * DescribeProducers (API 61): a client sees producer ids, epochs and last sequences the way
 * `kafka-transactions.sh describe-producers` shows them. The request is @platformatic/kafka's own encoding and the
 * answer is read with its own parser; the producers are real ones (an idempotent and a transactional
 * @platformatic/kafka producer) writing to the embedded broker.
 */
import { describeProducersV0, Producer, Reader as TheirReader, stringSerializers } from "@platformatic/kafka";
import { afterEach, describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { describeProducers } from "../../../lib/src/wire/api/61-describe-producers.js";
import { encodeRequestFrame } from "../../../lib/src/wire/codec/frame.js";
import { startEmbeddedBroker, type EmbeddedBroker } from "../../../lib/src/serve/embedded.js";
import { RawClient } from "../raw-client.js";

const open: Array<{ close(): Promise<unknown> | void }> = [];
afterEach(async () => {
  for (const c of open.reverse()) await c.close();
  open.length = 0;
});

interface Described {
  partitionIndex: number;
  errorCode: number;
  activeProducers: Array<{ producerId: bigint; producerEpoch: number; lastSequence: number; lastTimestamp: bigint; currentTxnStartOffset: bigint }>;
}

/** Ask one broker, with platformatic's request bytes, and read the answer with platformatic's parser. */
async function ask(broker: EmbeddedBroker, brokerIndex: number, topic: string, partitions: number[]): Promise<Described[]> {
  const [host, port] = broker.brokers[brokerIndex]!.split(":");
  const c = await RawClient.connect(Number(port), host);
  open.push({ close: () => c.destroy() });
  const body = new Uint8Array(describeProducersV0.createRequest([{ name: topic, partitionIndexes: partitions }]).buffer);
  c.writeRaw(encodeRequestFrame({ apiKey: 61, apiVersion: 0, correlationId: 1, clientId: "admin" }, body, 2));
  const [r] = await c.responses(1);
  expect(r!.body[0]).toBe(0); // response header v1: no tagged fields
  const reader = TheirReader.from(Buffer.from(r!.body.subarray(1)));
  let parsed: { topics: Array<{ partitions: Described[] }> };
  try {
    parsed = describeProducersV0.parseResponse(1, 61, 0, reader) as typeof parsed;
  } catch (e) {
    parsed = (e as { response: typeof parsed }).response; // a partition with an error code (not the leader)
  }
  return parsed.topics[0]!.partitions;
}

describe("DescribeProducers (key 61)", () => {
  it("serves v0 only, flexible", () => {
    expect([describeProducers.minVersion, describeProducers.maxVersion, describeProducers.firstFlexibleVersion]).toEqual([0, 0, 0]);
  });

  it("the leader of each partition lists its producers: id, epoch, last sequence, and an open transaction's first offset", async () => {
    const broker = await startEmbeddedBroker({ seed: 31, partitions: 1 });
    open.push(broker);
    const idem = new Producer({ clientId: "idem", bootstrapBrokers: [broker.bootstrap], idempotent: true, autocreateTopics: true, serializers: stringSerializers });
    open.push({ close: () => idem.close(true) });
    for (let i = 0; i < 3; i++) await idem.send({ messages: [{ topic: "described", key: "k", value: `v${i}` }, { topic: "described", key: "k", value: `w${i}` }] });
    const tx = new Producer({ clientId: "tx", bootstrapBrokers: [broker.bootstrap], idempotent: true, transactionalId: "tx-described", serializers: stringSerializers });
    open.push({ close: () => tx.close(true) });
    const txn = await tx.beginTransaction();
    await txn.send({ messages: [{ topic: "described", key: "k", value: "in-txn" }] }); // left open

    const answers = await Promise.all(broker.brokers.map((_, i) => ask(broker, i, "described", [0])));
    const leaders = answers.filter(([p]) => p!.errorCode === 0);
    expect(leaders).toHaveLength(1); // the others say NOT_LEADER_OR_FOLLOWER
    expect(answers.filter(([p]) => p!.errorCode === Errors.NOT_LEADER_OR_FOLLOWER)).toHaveLength(broker.brokers.length - 1);
    const producers = leaders[0]![0]!.activeProducers;
    const leader = broker.cluster.leaderReplica("described", 0)!;
    const ids = [...new Set(leader.batches.filter((b) => b.producerId >= 0).map((b) => b.producerId))].sort((a, b) => a - b);
    expect(producers.map((p) => Number(p.producerId)).sort((a, b) => a - b)).toEqual(ids);
    const [idemId, txId] = [leader.batches[0]!.producerId, leader.batches[leader.batches.length - 1]!.producerId];
    const byId = new Map(producers.map((p) => [Number(p.producerId), p]));
    expect(byId.get(idemId)).toMatchObject({ producerEpoch: 0, lastSequence: 5, currentTxnStartOffset: -1n }); // 6 records: sequences 0..5
    expect(Number(byId.get(idemId)!.lastTimestamp)).toBeGreaterThan(0);
    expect(byId.get(txId)).toMatchObject({ lastSequence: 0, currentTxnStartOffset: 6n }); // the open transaction starts at offset 6
  });

  it("an unknown partition is answered UNKNOWN_TOPIC_OR_PARTITION", async () => {
    const broker = await startEmbeddedBroker({ seed: 32, brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 });
    open.push(broker);
    const [p] = await ask(broker, 0, "no-such-topic", [0]);
    expect(p).toMatchObject({ partitionIndex: 0, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION, activeProducers: [] });
  });
});
