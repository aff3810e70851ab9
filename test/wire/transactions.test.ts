import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { Cluster } from "../../lib/src/cluster.js";
import { serveCluster } from "../../lib/src/wire/serve-cluster.js";
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
});
