import fc from "fast-check";
import { Kafka, logLevel, Partitioners, type Consumer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { API_REGISTRY } from "../../lib/src/wire/api/index.js";
import { encodeRequestFrame } from "../../lib/src/wire/codec/frame.js";
import { Writer } from "../../lib/src/wire/codec/writer.js";
import { startWireServer, type WireServer } from "../../lib/src/wire/server.js";
import { FakeCluster } from "./fake-cluster.js";
import { kafkajs, kafkajsRequestBody } from "./kafkajs-internals.js";
import { RawClient } from "./raw-client.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/server.test.ts)");

let server: WireServer | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  cleanups.length = 0;
  await server?.close();
  server = undefined;
});

function client(s: WireServer, retry = { retries: 10, initialRetryTime: 20, maxRetryTime: 200 }) {
  return new Kafka({ clientId: "wire-test", brokers: [s.bootstrap], logLevel: logLevel.NOTHING, retry });
}

/** Consume until `count` messages arrived; returns the values in arrival order. */
async function consumeAll(consumer: Consumer, topic: string, count: number): Promise<string[]> {
  const got: string[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          got.push(message.value!.toString());
          if (got.length >= count) resolve();
        },
      })
      .catch(reject);
  });
  return got;
}

describe("startWireServer", () => {
  it("gives each broker its own listener on 127.0.0.1 and advertises those ports", async () => {
    let advertised: ReadonlyMap<number, { host: string; port: number }> | undefined;
    const cluster = new FakeCluster({ brokers: 3 });
    const set = cluster.setAdvertisedListeners.bind(cluster);
    cluster.setAdvertisedListeners = (m) => {
      advertised = m;
      set(m);
    };
    server = await startWireServer({ cluster, log: () => {} });
    expect(server.ports).toHaveLength(3);
    expect(new Set(server.ports).size).toBe(3);
    expect(server.bootstrap).toBe(`127.0.0.1:${server.ports[0]}`);
    expect([...advertised!].map(([id, a]) => [id, a.host, a.port])).toEqual(server.ports.map((p, i) => [i, "127.0.0.1", p]));
  });

  it("refuses a drop rate that is not a probability", async () => {
    await expect(startWireServer({ cluster: new FakeCluster(), dropProduceResponseRate: 1.5 })).rejects.toThrow(/dropProduceResponseRate must be a probability in \[0, 1\], got 1.5/);
  });

  it("end to end: kafkajs' idempotent producer writes to 3 brokers, a consumer group reads every record back once", async () => {
    const cluster = new FakeCluster({ brokers: 3, partitions: 3 });
    server = await startWireServer({ cluster, log: () => {} });
    const kafka = client(server);
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const sent = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (let i = 0; i < sent.length; i += 10) {
      await producer.send({ topic: "orders", messages: sent.slice(i, i + 10).map((v) => ({ key: v, value: v })) });
    }
    // The records landed on all three partitions, led by three different brokers.
    const perPartition = [0, 1, 2].map((p) => cluster.values("orders", p).length);
    expect(perPartition.reduce((a, b) => a + b)).toBe(30);
    expect(perPartition.filter((n) => n > 0).length).toBeGreaterThan(1);
    // kafkajs asked for a producer id and used it in every batch.
    const produced = cluster.received.filter((r) => r.request.api === "Produce").flatMap((r) => (r.request.api === "Produce" ? r.request.topics.flatMap((t) => t.partitions) : []));
    expect(new Set(produced.map((p) => p.batch.producerId))).toEqual(new Set([1000]));

    const consumer = kafka.consumer({ groupId: "readers", maxWaitTimeInMs: 50, sessionTimeout: 6000, heartbeatInterval: 100 });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    const got = await consumeAll(consumer, "orders", 30);
    expect([...got].sort()).toEqual([...sent].sort());
    expect(cluster.coordinator.describeGroup("readers")!.state).toBe("Stable");
  });

  it("two consumers in one group split the partitions and together read everything", async () => {
    const cluster = new FakeCluster({ brokers: 2, partitions: 4 });
    server = await startWireServer({ cluster, log: () => {} });
    const kafka = client(server);
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const sent = Array.from({ length: 40 }, (_, i) => `r${i}`);
    await producer.send({ topic: "pay", messages: sent.map((v) => ({ key: v, value: v })) });

    const seen = new Map<string, string[]>();
    const consumers = ["c1", "c2"].map((name) => {
      const c = kafka.consumer({ groupId: "split", maxWaitTimeInMs: 50, sessionTimeout: 6000, heartbeatInterval: 100, rebalanceTimeout: 6000 });
      seen.set(name, []);
      return { name, c };
    });
    for (const { c } of consumers) {
      await c.connect();
      cleanups.push(() => c.disconnect());
      await c.subscribe({ topic: "pay", fromBeginning: true });
    }
    for (const { name, c } of consumers) void c.run({ eachMessage: async ({ message }) => void seen.get(name)!.push(message.value!.toString()) });
    // Wait until the group is Stable with both members holding an assignment, and everything was read.
    await waitFor(() => {
      const g = cluster.coordinator.describeGroup("split");
      const all = [...seen.values()].flat();
      return g?.state === "Stable" && g.members.length === 2 && new Set(all).size === sent.length;
    });
    const g = cluster.coordinator.describeGroup("split")!;
    expect(g.members.every((m) => m.assignment.byteLength > 0)).toBe(true);
    expect(new Set([...seen.values()].flat())).toEqual(new Set(sent));
  });

  it("with produce responses dropped after the append, the idempotent producer's retries leave no duplicate; a plain producer's do", async () => {
    const logs: string[] = [];
    const cluster = new FakeCluster({ brokers: 1, partitions: 1 });
    server = await startWireServer({ cluster, log: (l) => logs.push(l), dropProduceResponseRate: 0.3, seed });
    const kafka = client(server);
    const run = async (topic: string, idempotent: boolean) => {
      const producer = kafka.producer({ idempotent, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      cleanups.push(() => producer.disconnect());
      for (let i = 0; i < 25; i++) await producer.send({ topic, acks: -1, messages: [{ value: `${topic}-${i}` }] });
    };
    await run("idem", true);
    const dropsIdem = logs.filter((l) => l.includes("dropProduceResponseRate")).length;
    console.log(`seed ${seed}: ${dropsIdem} produce responses dropped for the idempotent producer`);
    expect(cluster.values("idem")).toEqual(Array.from({ length: 25 }, (_, i) => `idem-${i}`));
    await run("plain", false);
    const dropsPlain = logs.filter((l) => l.includes("dropProduceResponseRate")).length - dropsIdem;
    const plain = cluster.values("plain");
    // Every dropped response was for a batch already written: a plain producer's retry writes it again.
    expect(plain.length).toBe(25 + dropsPlain);
    expect(new Set(plain).size).toBe(25);
    if (dropsIdem === 0 || dropsPlain === 0) console.log("note: this seed dropped nothing for one of the producers; the property still held");
  });

  it("fuzz: garbage, bad sizes, unknown keys, bad versions, absurd lengths, truncation and abrupt disconnects never take the server down", async () => {
    const logs: string[] = [];
    const cluster = new FakeCluster({ brokers: 2, partitions: 2 });
    server = await startWireServer({ cluster, log: (l) => logs.push(l), maxFrameBytes: 1 << 20 });
    const s = server;
    // A well-behaved client connected before, during and after the attacks.
    const kafka = client(s);
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    await producer.send({ topic: "steady", messages: [{ value: "before" }] });

    const validMetadata = await kafkajsRequestBody(kafkajs("protocol/requests/metadata/v6/request")({ topics: ["steady"], allowAutoTopicCreation: true }));
    const apis = API_REGISTRY.map((a) => ({ key: a.apiKey, min: a.minVersion, max: a.maxVersion }));
    const flexibleApis = API_REGISTRY.filter((a) => a.maxVersion >= a.firstFlexibleVersion).map((a) => ({ key: a.apiKey, version: a.maxVersion }));
    const attack = fc.oneof(
      fc.record({ kind: fc.constant("random bytes" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }) }),
      fc.record({ kind: fc.constant("bad size" as const), size: fc.oneof(fc.integer({ min: -(2 ** 31), max: -1 }), fc.integer({ min: (1 << 20) + 1, max: 2 ** 31 - 1 })) }),
      fc.record({ kind: fc.constant("unknown key" as const), key: fc.integer({ min: 23, max: 32767 }), version: fc.integer({ min: -1, max: 20 }) }),
      fc.record({ kind: fc.constant("bad version" as const), api: fc.constantFrom(...apis), above: fc.boolean(), by: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant("garbage body" as const), api: fc.constantFrom(...apis), body: fc.uint8Array({ maxLength: 200 }) }),
      fc.record({ kind: fc.constant("absurd array" as const), api: fc.constantFrom(...apis), prefix: fc.nat(12), n: fc.constantFrom(0x7fffffff, 0x10000000, 123456) }),
      fc.record({ kind: fc.constant("truncated frame" as const), keep: fc.nat(100) }),
      fc.record({
        kind: fc.constant("flexible garbage" as const),
        api: fc.constantFrom(...flexibleApis),
        prefix: fc.uint8Array({ maxLength: 12 }),
        splice: fc.constantFrom([0xff, 0xff, 0xff, 0xff, 0x0f], [0x81, 0x80, 0x80, 0x80, 0x08], [0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x02, 0x05, 0x00, 0x01, 0x00]),
      }),
      fc.record({ kind: fc.constant("disconnect mid-request" as const), pipelined: fc.integer({ min: 1, max: 5 }) }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(attack, fc.nat(1), async (a, broker) => {
        runs++;
        const c = await RawClient.connect(s.ports[broker]!);
        const header = (apiKey: number, apiVersion: number) => ({ apiKey, apiVersion, correlationId: runs, clientId: "fuzz" });
        switch (a.kind) {
          case "random bytes":
            c.writeRaw(a.bytes);
            break;
          case "bad size":
            c.writeRaw(new Writer().int32(a.size).finish());
            await c.closedByServer();
            break;
          case "unknown key":
            c.send(header(a.key, a.version));
            await c.closedByServer();
            break;
          case "bad version": {
            const v = a.above ? a.api.max + a.by : a.api.min - a.by;
            c.send(header(a.api.key, Math.max(-32768, Math.min(32767, v))));
            if (a.api.key === 18) expect((await c.responses(1)).length).toBe(1);
            else await c.closedByServer();
            break;
          }
          case "garbage body": {
            const v = a.api.min + ((a.body[0] ?? 0) % (a.api.max - a.api.min + 1));
            c.send(header(a.api.key, v), a.body);
            break;
          }
          case "absurd array": {
            const body = new Uint8Array([...new Uint8Array(a.prefix), ...new Writer().int32(a.n).finish()]);
            c.send(header(a.api.key, a.api.max), body);
            break;
          }
          case "flexible garbage": {
            // Request header v2 (tagged fields), then a body with a huge unsigned-varint length or out-of-order tags.
            c.writeRaw(encodeRequestFrame(header(a.api.key, a.api.version), new Uint8Array([...a.prefix, ...a.splice]), 2));
            break;
          }
          case "truncated frame": {
            const frame = encodeRequestFrame(header(3, 6), validMetadata);
            c.writeRaw(frame.subarray(0, Math.min(a.keep, frame.byteLength - 1)));
            break;
          }
          case "disconnect mid-request":
            for (let i = 0; i < a.pipelined; i++) c.send({ ...header(3, 6), correlationId: i }, validMetadata);
            break;
        }
        c.destroy();
      }),
      { seed, numRuns: 150 },
    );
    expect(runs).toBe(150);
    // Nothing the attacks did reached a decoder bug.
    expect(logs.filter((l) => l.includes("internal error"))).toEqual([]);
    // The well-behaved client still works: produce, then read back with a consumer group.
    await producer.send({ topic: "steady", messages: [{ value: "after" }] });
    const consumer = kafka.consumer({ groupId: "after-fuzz", maxWaitTimeInMs: 50, sessionTimeout: 6000, heartbeatInterval: 100 });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    const got = await consumeAll(consumer, "steady", 2);
    expect([...got].sort()).toEqual(["after", "before"]);
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}
