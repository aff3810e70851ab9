/**
 * @platformatic/kafka (a maintained pure-JS client that speaks only flexible versions) against the embedded broker:
 * the same end-to-end checks kafkajs passes — the idempotent producer under dropped responses writes every record
 * exactly once and in order, a consumer group reads and commits, a transaction is seen by a read_committed consumer
 * only if it commits, and a second producer with the same transactional.id fences the first.
 */
import { Consumer, MessagesStreamModes, Producer, ProduceAcks, stringDeserializers, stringSerializers } from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import { Errors } from "../../lib/src/protocol/errors.js";
import type { EmbeddedBroker } from "../../lib/src/serve/embedded.js";
import { logValues, open, start } from "./real-clients.js";

function producer(broker: EmbeddedBroker, options: { clientId: string; transactionalId?: string }) {
  const p = new Producer({
    clientId: options.clientId,
    bootstrapBrokers: [broker.bootstrap],
    idempotent: true,
    autocreateTopics: true, // Metadata asks the broker to create the topic (auto.create.topics.enable, on here as in Kafka's default)
    acks: ProduceAcks.ALL,
    serializers: stringSerializers,
    retryDelay: 20,
    ...(options.transactionalId ? { transactionalId: options.transactionalId } : {}),
  });
  open.push({ close: () => new Promise((resolve) => p.close(true, () => resolve(undefined))) });
  return p;
}

/** Read `topic` from the start with a fresh member of `groupId` until `count` values arrived (or 15 s passed). */
async function consume(broker: EmbeddedBroker, topic: string, groupId: string, count: number, isolationLevel: 0 | 1 = 1, mode: string = MessagesStreamModes.EARLIEST): Promise<string[]> {
  const consumer = new Consumer({
    groupId,
    clientId: `${groupId}-member`,
    bootstrapBrokers: [broker.bootstrap],
    deserializers: stringDeserializers,
    isolationLevel,
    maxWaitTime: 100,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  open.push({ close: () => new Promise((resolve) => consumer.close(true, () => resolve(undefined))) });
  const stream = await consumer.consume({ topics: [topic], mode: mode as never, autocommit: true });
  const got: string[] = [];
  const timer = setTimeout(() => void stream.close(), 15_000);
  for await (const message of stream) {
    got.push(message.value as string);
    if (got.length >= count) break;
  }
  clearTimeout(timer);
  await stream.close().catch(() => {});
  await consumer.close(true);
  return got;
}

/** Every record value in the leaders' logs of `topic`, by partition. */
describe("@platformatic/kafka against the embedded broker", () => {
  it("idempotent producer with 25% of produce responses dropped: every record exactly once, in send order", async () => {
    const logs: string[] = [];
    const broker = await start({ seed: 11, dropProduceResponses: 0.25 }, logs);
    const p = producer(broker, { clientId: "idem" });
    const sent: string[] = [];
    for (let i = 0; i < 40; i++) {
      const value = `r${String(i).padStart(2, "0")}`;
      await p.send({ messages: [{ topic: "idem", key: "one-key", value }] });
      sent.push(value);
    }
    const dropped = logs.filter((l) => l.includes("withheld")).length;
    expect(dropped).toBeGreaterThan(3); // the fault really fired, and the retries met the duplicate check
    const written = logValues(broker, "idem").filter((values) => values.length > 0);
    expect(written).toEqual([sent]); // one partition (one key), no duplicate, no loss, in order
  });

  it("a consumer group reads every record once and commits; the next member of the group starts after the commit", async () => {
    const broker = await start({ seed: 12 });
    const p = producer(broker, { clientId: "orders" });
    const first = Array.from({ length: 12 }, (_, i) => `a${i}`);
    await p.send({ messages: first.map((value, i) => ({ topic: "orders", key: `k${i}`, value })) });
    const read = await consume(broker, "orders", "billing", first.length);
    expect([...read].sort()).toEqual([...first].sort());
    await p.send({ messages: [{ topic: "orders", key: "k-new", value: "b0" }] });
    expect(await consume(broker, "orders", "billing", 1, 1, MessagesStreamModes.COMMITTED)).toEqual(["b0"]);
  });

  it("transactions: a read_committed consumer sees the committed transaction and never the aborted one", async () => {
    const broker = await start({ seed: 13 });
    const p = producer(broker, { clientId: "tx", transactionalId: "tx-plt" });
    const ok = await p.beginTransaction();
    await ok.send({ messages: [{ topic: "payments", key: "a", value: "committed-1" }, { topic: "payments", key: "b", value: "committed-2" }] });
    await ok.commit();
    const bad = await p.beginTransaction();
    await bad.send({ messages: [{ topic: "payments", key: "a", value: "aborted-1" }] });
    await bad.abort();
    const last = await p.beginTransaction();
    await last.send({ messages: [{ topic: "payments", key: "c", value: "committed-3" }] });
    await last.commit();
    const committed = await consume(broker, "payments", "rc", 3, 1);
    expect([...committed].sort()).toEqual(["committed-1", "committed-2", "committed-3"]);
    const everything = await consume(broker, "payments", "ru", 4, 0);
    expect([...everything].sort()).toEqual(["aborted-1", "committed-1", "committed-2", "committed-3"]);
  });

  it("fencing: a second producer with the same transactional.id fences the first, whose commit then fails", async () => {
    const broker = await start({ seed: 14 });
    const zombie = producer(broker, { clientId: "zombie", transactionalId: "tx-fence" });
    const txn = await zombie.beginTransaction();
    await txn.send({ messages: [{ topic: "fence", key: "k", value: "from-zombie" }] });
    const successor = producer(broker, { clientId: "successor", transactionalId: "tx-fence" });
    const next = await successor.beginTransaction(); // InitProducerId: bumps the epoch, aborts the zombie's open transaction
    const fenced = await txn.commit().then(
      () => null,
      (e: Error & { response?: { errorCode?: number } }) => e,
    );
    expect(fenced?.message).toMatch(/EndTxn\(v4\)/);
    expect(fenced?.response?.errorCode).toBe(Errors.PRODUCER_FENCED); // EndTxn v2+ knows code 90 (KIP-588)
    await next.send({ messages: [{ topic: "fence", key: "k", value: "from-successor" }] });
    await next.commit();
    expect(await consume(broker, "fence", "rc-fence", 1, 1)).toEqual(["from-successor"]);
    expect(logValues(broker, "fence").flat().sort()).toEqual(["from-successor", "from-zombie"]); // written, then aborted
  });

  it("a client defect, kept visible: concurrent idempotent sends to one partition start from the same sequence number (1.35)", async () => {
    // Three send()s at once: @platformatic/kafka 1.35 numbers all three from the partition's current sequence, so
    // the leader takes the 2nd and 3rd for retries of the 1st (same producer, epoch and sequence: acknowledged,
    // not written, as Kafka does), and the next round's sequence 3 leaves a gap (OUT_OF_ORDER_SEQUENCE_NUMBER).
    // The broker is right on both counts; if a later release numbers them apart, this test says so.
    const broker = await start({ seed: 15, partitions: 1 });
    const p = producer(broker, { clientId: "concurrent" });
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 3) {
      await Promise.all([0, 1, 2].map((j) => p.send({ messages: [{ topic: "conc", partition: 0, value: `r${i + j}` }] }).catch((e: { errors?: Array<{ response?: { responses?: Array<{ partitionResponses?: Array<{ errorCode: number }> }> } }> }) => {
        codes.push(e.errors?.[0]?.response?.responses?.[0]?.partitionResponses?.[0]?.errorCode ?? -1);
      })));
    }
    const leader = broker.cluster.leaderReplica("conc", 0)!;
    expect(leader.batches.map((b) => [b.baseSequence, b.records.length])).toEqual([[0, 1]]); // only r0 was written
    expect(codes).toEqual([Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER]);
  });
});
