/**
 * startEmbeddedBroker: option checks, kafkajs against the default cluster, and a learner's producer-state table
 * plugged into every partition (the exercise stub fails requests, not the broker; the reference solution gives
 * exactly once with dropped responses).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { LearnerModuleError } from "../../lib/src/scenario/learner.js";
import { setLang } from "../../lib/src/kernel/locale.js";
import { ProducerStateManager } from "../../lib/src/broker/producer-state.js";
import { resolveEmbeddedBrokerOptions, startEmbeddedBroker, type EmbeddedBroker } from "../../lib/src/serve/embedded.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const stub = join(root, "exercises/sequence-validation.ts");
const solution = join(root, "solutions/sequence-validation.ts");

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const c of open.reverse()) await c.close().catch(() => {});
  open.length = 0;
});

async function start(options: Parameters<typeof startEmbeddedBroker>[0]): Promise<EmbeddedBroker> {
  const broker = await startEmbeddedBroker(options);
  open.push(broker);
  return broker;
}

function client(broker: EmbeddedBroker, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 50, maxRetryTime: 500 } });
}

async function producer(kafka: Kafka, idempotent: boolean): Promise<Producer> {
  const p = kafka.producer({ idempotent, retry: { retries: idempotent ? 20 : 5, initialRetryTime: 50, maxRetryTime: 500 } });
  await p.connect();
  open.push({ close: () => p.disconnect() });
  return p;
}

/** Every record value in the leaders' logs of `topic`, partition by partition (what a consumer would read). */
function logValues(broker: EmbeddedBroker, topic: string): string[] {
  return broker.cluster.partitionsOf(topic).flatMap((s) =>
    broker.cluster.leaderReplica(topic, s.partition)!.batches.flatMap((b) => b.records.map((r) => (typeof r.value === "string" ? r.value : new TextDecoder().decode(r.value ?? undefined)))),
  );
}

describe("options", () => {
  it("defaults: 3 brokers, 3 partitions, 3 replicas, min.insync.replicas=2, 127.0.0.1, no faults", () => {
    expect(resolveEmbeddedBrokerOptions()).toEqual({
      port: 0, brokers: 3, partitions: 3, replicationFactor: 3, minInsyncReplicas: 2, seed: 1, dropProduceResponses: 0, host: "127.0.0.1", advertisedHost: "127.0.0.1", groupInitialRebalanceDelayMs: 0,
    });
    expect(resolveEmbeddedBrokerOptions({ seed: undefined, brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 })).toMatchObject({ seed: 1, brokers: 1 });
  });

  it.each([
    [{ prot: 9092 }, /unknown option "prot"\. Allowed: port, brokers, .*stateTable, log/],
    [{ "min.insync.replicas": 2 }, /unknown option "min\.insync\.replicas" \(options use camelCase/],
    [{ port: -1 }, /option port must be a whole number from 0 to 65535, got -1/],
    [{ port: 70000 }, /option port must be a whole number from 0 to 65535, got 70000/],
    [{ brokers: 0 }, /option brokers must be a whole number from 1 to 100, got 0/],
    [{ partitions: 1.5 }, /option partitions must be a whole number from 1 to 10000, got 1\.5/],
    [{ brokers: 2, replicationFactor: 3 }, /option replicationFactor must be a whole number from 1 to 2, got 3/],
    [{ replicationFactor: 2, minInsyncReplicas: 3 }, /option minInsyncReplicas must be a whole number from 1 to 2, got 3/],
    [{ seed: "7" }, /option seed must be a whole number .* got "7"/],
    [{ dropProduceResponses: 1.5 }, /option dropProduceResponses must be a probability from 0 to 1 \(e\.g\. 0\.1\), got 1\.5/],
    [{ dropProduceResponses: Number.NaN }, /option dropProduceResponses must be a probability/],
    [{ host: "" }, /option host must be an address to bind such as "127\.0\.0\.1", got ""/],
    [{ stateTable: 5 }, /option stateTable must be a path to a sequence-validation\.ts file or a function/],
    [{ host: "0.0.0.0" }, /option host "0\.0\.0\.0" binds every interface but is not an address a client can connect to: also give advertisedHost/],
    [{ host: "::" }, /option host "::" binds every interface/],
    [{ advertisedHost: "0.0.0.0" }, /option advertisedHost "0\.0\.0\.0" is not an address a client can connect to/],
    [{ advertisedHost: " " }, /option advertisedHost must be an address clients can connect to/],
  ])("refuses %j", async (options, message) => {
    await expect(startEmbeddedBroker(options as never)).rejects.toThrow(message);
  });

  it.each([
    [{ prot: 9092 }, /"prot": 이런 옵션은 없습니다\. 쓸 수 있는 옵션: port, brokers, /],
    [{ "min.insync.replicas": 2 }, /"min\.insync\.replicas": 이런 옵션은 없습니다 \(옵션은 camelCase로 씁니다/],
    [{ port: -1 }, /옵션 port은\(는\) 0부터 65535까지의 정수여야 합니다\. 받은 값: -1/],
    [{ dropProduceResponses: 1.5 }, /옵션 dropProduceResponses는 0에서 1 사이의 확률이어야 합니다\(예: 0\.1\)\. 받은 값: 1\.5/],
    [{ stateTable: 5 }, /옵션 stateTable은 sequence-validation\.ts 파일의 경로나/],
  ])("refuses %j in Korean in the Korean edition", async (options, message) => {
    setLang("ko");
    try {
      await expect(startEmbeddedBroker(options as never)).rejects.toThrow(message);
    } finally {
      setLang(undefined);
    }
  });

  it("a state-table path that does not exist is refused before anything listens", async () => {
    await expect(startEmbeddedBroker({ stateTable: join(root, "exercises/no-such-file.ts") })).rejects.toThrow(/no such file: .*no-such-file\.ts/);
  });

  it("a state-table file that imports the reference solution or the library is refused, with the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "embedded-learner-"));
    const cheat = join(dir, "sequence-validation.ts");
    writeFileSync(cheat, `export { validateBatch, ProducerStateTable } from ${JSON.stringify(solution)};\n`);
    const err = await startEmbeddedBroker({ stateTable: cheat }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LearnerModuleError);
    expect((err as Error).message).toMatch(/was not loaded:\n.*reaches the reference solutions \(solutions\/\)/);

    const library = join(dir, "library.ts");
    writeFileSync(library, `import { ProducerStateManager } from "kafka-sim";\nexport const validateBatch = () => ({ kind: "append" });\nexport class ProducerStateTable extends ProducerStateManager {}\n`);
    await expect(startEmbeddedBroker({ stateTable: library })).rejects.toThrow(/imports "kafka-sim": it imports the library kafka-sim/);
  });
});

describe("serving", () => {
  it("a wildcard bind address is accepted with an advertised address, which Metadata and the bootstrap string give", async () => {
    // Resolved only (tests bind 127.0.0.1): 0.0.0.0 with an address clients can use.
    expect(resolveEmbeddedBrokerOptions({ host: "0.0.0.0", advertisedHost: "192.0.2.10" })).toMatchObject({ host: "0.0.0.0", advertisedHost: "192.0.2.10" });
    const b = await startEmbeddedBroker({ advertisedHost: "localhost" });
    try {
      const port = Number(b.bootstrap.split(":")[1]);
      expect(b.bootstrap).toBe(`localhost:${port}`);
      expect(b.brokers.every((a) => a.startsWith("localhost:"))).toBe(true);
      const metadata = b.cluster.metadata({ api: "Metadata", topics: null, allowAutoTopicCreation: false });
      expect(metadata.brokers.map((x) => x.host)).toEqual(["localhost", "localhost", "localhost"]);
      expect(metadata.brokers[0]!.port).toBe(port);
    } finally {
      await b.close();
    }
  });

  it("binds 127.0.0.1, one listener per broker, the first on the port asked for; close() twice is fine", async () => {
    const port = await freePort();
    const broker = await start({ port });
    expect(broker.bootstrap).toBe(`127.0.0.1:${port}`);
    expect(broker.brokers).toHaveLength(3);
    expect(broker.brokers[0]).toBe(broker.bootstrap);
    expect(new Set(broker.brokers).size).toBe(3);
    expect(broker.cluster.config).toMatchObject({ brokers: 3, partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    await broker.close();
    await broker.close();
    // The port is free again.
    expect(await freePort(port)).toBe(port);
  });

  it("kafkajs writes to an auto-created topic (3 partitions, 3 replicas) and a consumer group reads it back", async () => {
    const broker = await start({ seed: 5 });
    const kafka = client(broker, "embedded-roundtrip");
    const p = await producer(kafka, true);
    const values = Array.from({ length: 12 }, (_, i) => `v${i}`);
    for (const v of values) await p.send({ topic: "orders", acks: -1, messages: [{ key: v, value: v }] });
    const states = broker.cluster.partitionsOf("orders");
    expect(states).toHaveLength(3);
    expect(states.every((s) => s.replicas.length === 3)).toBe(true);

    const consumer = kafka.consumer({ groupId: "readers", maxWaitTimeInMs: 100 });
    await consumer.connect();
    open.push({ close: () => consumer.disconnect() });
    await consumer.subscribe({ topic: "orders", fromBeginning: true });
    const got: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => void (got.push(message.value!.toString()) >= values.length && resolve()) }).catch(reject);
    });
    expect([...got].sort()).toEqual([...values].sort());
  });

  it("live faults: dropProduceResponseRate can be changed while clients run", async () => {
    const lines: string[] = [];
    const broker = await start({ seed: 2, log: (l) => lines.push(l) });
    const p = await producer(client(broker, "live-faults"), false);
    await p.send({ topic: "t", acks: -1, messages: [{ value: "before" }] });
    expect(lines.filter((l) => l.includes("dropProduceResponseRate"))).toEqual([]);
    broker.faults.dropProduceResponseRate = 1;
    const failed = await p.send({ topic: "t", acks: -1, messages: [{ value: "while-dropping" }] }).then(() => "sent", () => "failed");
    expect(failed).toBe("failed");
    expect(lines.filter((l) => l.includes("dropProduceResponseRate")).length).toBeGreaterThan(1);
    broker.faults.dropProduceResponseRate = 0;
    await p.send({ topic: "t", acks: -1, messages: [{ value: "after" }] });
    // Every withheld response was for a record the leader had written: the retries wrote it again.
    const values = logValues(broker, "t");
    expect(values.filter((v) => v === "while-dropping").length).toBe(lines.filter((l) => l.includes("dropProduceResponseRate")).length);
  });
});

describe("a learner's producer-state table (stateTable)", () => {
  it("the exercise stub throws: the idempotent producer's send fails with UNKNOWN_SERVER_ERROR, and the broker keeps serving", async () => {
    const lines: string[] = [];
    const broker = await start({ stateTable: stub, log: (l) => lines.push(l) });
    expect(broker.stateTableFile).toBe(stub);
    const kafka = client(broker, "stub");
    const idem = await producer(kafka, true);
    const err = await idem.send({ topic: "t", acks: -1, messages: [{ value: "x" }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(errorCode(err)).toEqual({ code: -1, type: "UNKNOWN" }); // kafkajs' name for UNKNOWN_SERVER_ERROR
    expect(broker.cluster.stateTableErrors[0]).toMatch(/not implemented yet: ProducerStateTable\.append/);
    expect(lines.some((l) => /producer-state table \(.*sequence-validation\.ts\) threw in append: Error: not implemented yet/.test(l))).toBe(true);

    // The broker still serves: a producer without idempotence never reaches the table, and a second send of the
    // idempotent producer is answered (and refused) again.
    const plain = await producer(kafka, false);
    const [meta] = await plain.send({ topic: "t", acks: -1, messages: [{ value: "plain" }] });
    expect(meta!.errorCode).toBe(0);
    await expect(idem.send({ topic: "t", acks: -1, messages: [{ value: "y" }] })).rejects.toThrow();
    expect(logValues(broker, "t")).toEqual(["plain"]);
  });

  it("a table whose constructor throws fails produce requests the same way", async () => {
    const broker = await start({
      stateTable: () => {
        throw new Error("constructor exploded");
      },
      brokers: 1, replicationFactor: 1, minInsyncReplicas: 1,
    });
    const kafka = client(broker, "ctor");
    const idem = await producer(kafka, true);
    const err = await idem.send({ topic: "t", acks: -1, messages: [{ value: "x" }] }).catch((e: unknown) => e);
    expect(errorCode(err)).toEqual({ code: -1, type: "UNKNOWN" });
    expect(broker.cluster.stateTableErrors.some((e) => e.includes("constructor exploded"))).toBe(true);
  });

  it("the reference solution with dropped produce responses: kafkajs' idempotent producer writes every record exactly once", async () => {
    const seed = 4;
    console.log("seed", seed);
    const lines: string[] = [];
    const broker = await start({ stateTable: solution, dropProduceResponses: 0.2, seed, log: (l) => lines.push(l) });
    const p = await producer(client(broker, "solution"), true);
    const values = Array.from({ length: 30 }, (_, i) => `s${i}`);
    // Keyed records: kafkajs picks a keyless record's partition again on every retry (see course/real-client.ts).
    for (const v of values) await p.send({ topic: "t", acks: -1, messages: [{ key: v, value: v }] });
    const drops = lines.filter((l) => l.includes("dropProduceResponseRate")).length;
    console.log(`${drops} produce responses dropped`);
    expect(drops).toBeGreaterThan(0); // the retries were real retries, answered by the learner's table as duplicates
    expect(broker.cluster.stateTableErrors).toEqual([]);
    expect([...logValues(broker, "t")].sort()).toEqual([...values].sort());
    // Per partition, in send order.
    for (const s of broker.cluster.partitionsOf("t")) {
      const got = broker.cluster.leaderReplica("t", s.partition)!.batches.flatMap((b) => b.records.map((r) => String(r.value)));
      expect(got).toEqual([...got].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    }
  });

  it("the library's own table passed as a factory behaves like the default", async () => {
    const lines: string[] = [];
    const broker = await start({ stateTable: () => new ProducerStateManager(), dropProduceResponses: 0.3, seed: 9, log: (l) => lines.push(l) });
    const p = await producer(client(broker, "factory"), true);
    for (let i = 0; i < 10; i++) await p.send({ topic: "t", acks: -1, messages: [{ key: `f${i}`, value: `f${i}` }] });
    expect(lines.filter((l) => l.includes("dropProduceResponseRate")).length).toBeGreaterThan(0);
    expect(logValues(broker, "t").sort()).toEqual(Array.from({ length: 10 }, (_, i) => `f${i}`).sort());
  });
});

/** The Kafka error code and kafkajs' type of a send error (kafkajs wraps non-retriable errors; the cause has them). */
function errorCode(e: unknown): { code?: number; type?: string } {
  const err = e as { code?: number; type?: string; cause?: { code?: number; type?: string } };
  return { code: err.code ?? err.cause?.code, type: err.type ?? err.cause?.type };
}

/** A port nobody listens on (the one asked for when it is free). */
function freePort(wanted = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen({ host: "127.0.0.1", port: wanted, exclusive: true }, () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}
