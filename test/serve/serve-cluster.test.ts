import { Kafka, logLevel, Partitioners } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { Cluster } from "../../lib/src/simulation/cluster.js";
import { serveCluster } from "../../lib/src/serve/serve-cluster.js";
import type { WireServer } from "../../lib/src/wire/server.js";

let server: WireServer | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  cleanups.length = 0;
  await server?.close();
  server = undefined;
});

describe("serveCluster: the simulated cluster behind the wire adapter", () => {
  it("kafkajs' idempotent producer writes through the simulated brokers (acks=all, 3 replicas) and a consumer group reads it back", async () => {
    const cluster = new Cluster({ seed: 7, cluster: { brokers: 3, partitions: 2, replicationFactor: 3, minInsyncReplicas: 2 } });
    const logs: string[] = [];
    const s = await serveCluster(cluster, { log: (l) => logs.push(l), coordinator: { groupInitialRebalanceDelayMs: 0 } });
    server = s;
    const kafka = new Kafka({ clientId: "real", brokers: [s.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 50, maxRetryTime: 500 } });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const sent = Array.from({ length: 20 }, (_, i) => `e${i}`);
    const acks = await producer.send({ topic: "events", acks: -1, messages: sent.map((v) => ({ key: v, value: v })) });
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const consumer = kafka.consumer({ groupId: "g", maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 200 });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    await consumer.subscribe({ topic: "events", fromBeginning: true });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => void (got.push(message.value!.toString()) >= sent.length && resolve()) }).catch(reject);
    });
    expect([...got].sort()).toEqual([...sent].sort());
    expect(s.served.coordinator.describeGroup("g")?.state).toBe("Stable");
    expect(logs.filter((l) => l.includes("internal error") || l.includes("threw"))).toEqual([]);
  });

  it("a crashed broker's connections are closed and refused; kafkajs fails over and the idempotent log has no duplicates", async () => {
    const cluster = new Cluster({ seed: 11, cluster: { brokers: 3, partitions: 1, replicationFactor: 3, minInsyncReplicas: 2, brokerSessionTimeoutMs: 300 } });
    const logs: string[] = [];
    const s = await serveCluster(cluster, { log: (l) => logs.push(l), dropProduceResponseRate: 0.2, seed: 3 });
    server = s;
    const kafka = new Kafka({ clientId: "crash", brokers: s.ports.map((p) => `127.0.0.1:${p}`), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 300 } });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    for (let i = 0; i < 10; i++) await producer.send({ topic: "t", acks: -1, messages: [{ value: `a${i}` }] });
    const leader = cluster.partitionState("t", 0)!.leader;
    cluster.crashBroker(leader, "test: crash the leader");
    for (let i = 0; i < 10; i++) await producer.send({ topic: "t", acks: -1, messages: [{ value: `b${i}` }] });
    expect(cluster.partitionState("t", 0)!.leader).not.toBe(leader);
    const drops = logs.filter((l) => l.includes("dropProduceResponseRate")).length;
    console.log(`${drops} produce responses dropped; leader ${leader} crashed`);
    expect(drops).toBeGreaterThan(0); // seed 3 drops some: the retries below were real retries
    expect(logs.some((l) => l.includes(`broker ${leader} is down`))).toBe(true);
    const log = cluster.leaderReplica("t", 0)!;
    const values = log.batches.flatMap((b) => b.records.map((r) => (typeof r.value === "string" ? r.value : new TextDecoder().decode(r.value ?? undefined))));
    expect(values).toEqual([...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)]);
  });
});
