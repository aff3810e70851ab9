import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { Cluster } from "../../lib/src/simulation/cluster.js";
import type { ClientResponse } from "../../lib/src/protocol/messages.js";
import { serveCluster } from "../../lib/src/serve/serve-cluster.js";
import type { WireServer } from "../../lib/src/wire/server.js";

let server: (WireServer & Awaited<ReturnType<typeof serveCluster>>) | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  cleanups.length = 0;
  await server?.close();
  server = undefined;
});

async function start(seed: number, partitions = 2): Promise<{ kafka: Kafka; cluster: Cluster; logs: string[] }> {
  const cluster = new Cluster({ seed, cluster: { brokers: 3, partitions, replicationFactor: 3, minInsyncReplicas: 2 } });
  const logs: string[] = [];
  server = await serveCluster(cluster, { log: (l) => logs.push(l), coordinator: { groupInitialRebalanceDelayMs: 0 } });
  const kafka = new Kafka({ clientId: "txn", brokers: [server.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 50, maxRetryTime: 500 } });
  return { kafka, cluster, logs };
}

async function txProducer(kafka: Kafka, transactionalId: string): Promise<Producer> {
  const p = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  cleanups.push(() => p.disconnect());
  return p;
}

/** Read `topic` from the beginning until `until` holds for what was read; returns the values in read order. */
async function consumeAll(kafka: Kafka, topic: string, groupId: string, readUncommitted: boolean, until: (values: string[]) => boolean): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 200 });
  await consumer.connect();
  cleanups.push(() => consumer.disconnect());
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          got.push(message.value!.toString());
          if (until(got)) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.stop();
  return got;
}

const noInternalErrors = (logs: string[]): string[] => logs.filter((l) => l.includes("internal error") || l.includes("threw"));

describe("kafkajs transactions against the simulated cluster", () => {
  it("a committed transaction across 2 partitions is seen by a read_committed consumer", async () => {
    const { kafka, cluster, logs } = await start(21);
    const producer = await txProducer(kafka, "tx-commit");
    const txn = await producer.transaction();
    await txn.send({ topic: "orders", messages: [{ partition: 0, value: "p0-a" }, { partition: 1, value: "p1-a" }, { partition: 0, value: "p0-b" }] });
    await txn.commit();
    const got = await consumeAll(kafka, "orders", "reader", false, (v) => v.length >= 3);
    expect([...got].sort()).toEqual(["p0-a", "p0-b", "p1-a"]);
    // Each partition holds the records and one COMMIT marker (a control batch).
    for (const p of [0, 1]) {
      const batches = cluster.leaderReplica("orders", p)!.batches;
      expect(batches.some((b) => b.isControl)).toBe(true);
    }
    expect(cluster.transactions.transactions.get("tx-commit")?.state).toBe("CompleteCommit");
    expect(noInternalErrors(logs)).toEqual([]);
  });

  it("an aborted transaction's records are skipped by read_committed and seen by read_uncommitted", async () => {
    const { kafka, cluster, logs } = await start(22);
    const producer = await txProducer(kafka, "tx-abort");
    const aborted = await producer.transaction();
    await aborted.send({ topic: "t", messages: [{ partition: 0, value: "gone-0" }, { partition: 1, value: "gone-1" }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic: "t", messages: [{ partition: 0, value: "kept-0" }, { partition: 1, value: "kept-1" }] });
    await committed.commit();
    // read_committed stops once both committed records arrived; had it returned an aborted one it would be in `got`.
    const readCommitted = await consumeAll(kafka, "t", "committed-reader", false, (v) => v.filter((x) => x.startsWith("kept")).length >= 2);
    expect([...readCommitted].sort()).toEqual(["kept-0", "kept-1"]);
    const readUncommitted = await consumeAll(kafka, "t", "uncommitted-reader", true, (v) => v.length >= 4);
    expect([...readUncommitted].sort()).toEqual(["gone-0", "gone-1", "kept-0", "kept-1"]);
    // The log really holds the aborted records: read_committed skipped them using the fetch's aborted transactions.
    const values = cluster.leaderReplica("t", 0)!.batches.filter((b) => !b.isControl).flatMap((b) => b.records.map((r) => new TextDecoder().decode(r.value as Uint8Array)));
    expect(values).toEqual(["gone-0", "kept-0"]);
    expect(noInternalErrors(logs)).toEqual([]);
  });

  it("a second producer with the same transactional.id fences the first: its commit rejects with INVALID_PRODUCER_EPOCH", async () => {
    const { kafka, cluster, logs } = await start(23);
    const first = await txProducer(kafka, "tx-zombie");
    const zombie = await first.transaction();
    await zombie.send({ topic: "z", messages: [{ partition: 0, value: "zombie" }] });
    const epochBefore = cluster.transactions.transactions.get("tx-zombie")!.producerEpoch;

    const second = await txProducer(kafka, "tx-zombie");
    const fresh = await second.transaction(); // InitProducerId: epoch + 1, the first one's open transaction is aborted
    expect(cluster.transactions.transactions.get("tx-zombie")!.producerEpoch).toBe(epochBefore + 1);

    const commit = zombie.commit().then(
      () => "committed",
      (e: { name?: string; type?: string; retriable?: boolean }) => e,
    );
    // kafkajs 2.2.4 has no code 90 (PRODUCER_FENCED): EndTxn v1 answers 47 as Kafka does for EndTxn < v2.
    expect(await commit).toMatchObject({ name: "KafkaJSProtocolError", type: "INVALID_PRODUCER_EPOCH", retriable: false });

    await fresh.send({ topic: "z", messages: [{ partition: 0, value: "fresh" }] });
    await fresh.commit();
    const got = await consumeAll(kafka, "z", "z-reader", false, (v) => v.includes("fresh"));
    expect(got).toEqual(["fresh"]);
    expect(noInternalErrors(logs)).toEqual([]);
  });

  it("the fenced producer's next send and sendOffsets reject too (AddPartitionsToTxn / AddOffsetsToTxn carry the old epoch)", async () => {
    const { kafka, logs } = await start(24);
    const first = await txProducer(kafka, "tx-zombie-send");
    const zombie = await first.transaction();
    await zombie.send({ topic: "z", messages: [{ partition: 0, value: "zombie-0" }] });
    const second = await txProducer(kafka, "tx-zombie-send");
    await second.transaction();
    const send = zombie.send({ topic: "z", messages: [{ partition: 1, value: "zombie-1" }] }).then(
      () => "sent",
      (e: { name?: string; type?: string }) => e,
    );
    expect(await send).toMatchObject({ type: "INVALID_PRODUCER_EPOCH" });
    const offsets = zombie.sendOffsets({ consumerGroupId: "g", topics: [{ topic: "z", partitions: [{ partition: 0, offset: "1" }] }] }).then(
      () => "sent",
      (e: { type?: string }) => e,
    );
    expect(await offsets).toMatchObject({ type: "INVALID_PRODUCER_EPOCH" }); // AddOffsetsToTxn v1 refuses the old epoch
    expect(noInternalErrors(logs)).toEqual([]);
  });

  it("sendOffsets inside a transaction: the group's offsets appear in OffsetFetch only once it commits", async () => {
    const { kafka, cluster, logs } = await start(25);
    const producer = await txProducer(kafka, "tx-offsets");
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    const fetchOffsets = async (): Promise<Array<{ partition: number; offset: string }>> =>
      (await admin.fetchOffsets({ groupId: "pipeline", topics: ["in"] }))[0]!.partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);

    await admin.createTopics({ topics: [{ topic: "in", numPartitions: 2 }] });
    const aborted = await producer.transaction();
    await aborted.send({ topic: "out", messages: [{ partition: 0, value: "o1" }] });
    await aborted.sendOffsets({ consumerGroupId: "pipeline", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "3" }] }] });
    expect(await fetchOffsets()).toEqual([{ partition: 0, offset: "-1" }, { partition: 1, offset: "-1" }]); // pending, not committed
    await aborted.abort();
    expect(await fetchOffsets()).toEqual([{ partition: 0, offset: "-1" }, { partition: 1, offset: "-1" }]);

    const txn = await producer.transaction();
    await txn.send({ topic: "out", messages: [{ partition: 0, value: "o2" }] });
    await txn.sendOffsets({ consumerGroupId: "pipeline", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "5" }, { partition: 1, offset: "2" }] }] });
    await txn.commit();
    expect(await fetchOffsets()).toEqual([{ partition: 0, offset: "5" }, { partition: 1, offset: "2" }]);
    expect(cluster.transactions.committedOffsets.get("pipeline")?.get("in-0")).toBe(5);

    // One offsets map per group, as in Kafka: a later plain OffsetCommit wins, and a later transaction wins back.
    // (kafkajs' admin.setOffsets needs DescribeGroups, which is not served: commit through broker 0's endpoint instead.)
    const plain = await new Promise<ClientResponse>((resolve) =>
      cluster.endpoint(0).handle({ api: "OffsetCommit", groupId: "pipeline", generationId: -1, memberId: "", topics: [{ topic: "in", partitions: [{ partition: 0, offset: 7, metadata: null }] }] }, resolve),
    );
    expect(plain).toMatchObject({ topics: [{ partitions: [{ partition: 0, error: "NONE" }] }] });
    expect(await fetchOffsets()).toEqual([{ partition: 0, offset: "7" }, { partition: 1, offset: "2" }]);
    const again = await producer.transaction();
    await again.sendOffsets({ consumerGroupId: "pipeline", topics: [{ topic: "in", partitions: [{ partition: 0, offset: "9" }] }] });
    await again.commit();
    expect(await fetchOffsets()).toEqual([{ partition: 0, offset: "9" }, { partition: 1, offset: "2" }]);
    expect(noInternalErrors(logs)).toEqual([]);
  });
});
