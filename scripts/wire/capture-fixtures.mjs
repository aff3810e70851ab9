#!/usr/bin/env node
// Captures golden fixtures: the bytes real clients send to the embedded broker and the bytes they accept back.
// Each broker of a 3-broker embedded cluster gets a capture proxy (scripts/wire/capture-proxy.mjs), and the cluster
// advertises the proxies, so every connection of every client goes through one. Then each client runs a short
// scenario (idempotent produce, a committed and an aborted transaction, a consumer group reading back).
//
//   node scripts/wire/capture-fixtures.mjs [platformatic] [kafkajs] [kcat] [confluent-kafka]
//
// Writes test/wire/fixtures/<client>.json: request/response pairs (frames without the size prefix, hex), at most
// a few per API version. test/wire/fixtures.test.ts decodes them. Needs `npm run build` first; kcat and
// confluent-kafka need Debian's kcat and python3-confluent-kafka.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startCaptureProxy } from "./capture-proxy.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const { startEmbeddedBroker } = await import(join(root, "lib/dist/index.js"));
const PER_VERSION = 3;

/** Run a command without blocking this process's event loop (the broker it talks to runs here). */
function run(cmd, args, { input, timeout = 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

async function withCapture(run) {
  const broker = await startEmbeddedBroker({ seed: 5, brokers: 3, partitions: 2 });
  const proxies = [];
  for (const [i, address] of broker.brokers.entries()) {
    const [host, port] = address.split(":");
    const proxy = await startCaptureProxy({ targetHost: host, targetPort: Number(port) });
    proxies.push(proxy);
    broker.cluster.advertised.set(i, { host: "127.0.0.1", port: proxy.port });
  }
  try {
    await run(`127.0.0.1:${proxies[0].port}`);
  } finally {
    await new Promise((r) => setTimeout(r, 200));
    for (const p of proxies) await p.close();
    await broker.close();
  }
  // Pair requests and responses by proxy, connection and correlation id.
  const exchanges = [];
  for (const [b, proxy] of proxies.entries()) {
    const open = new Map();
    for (const f of proxy.frames) {
      const bytes = Buffer.from(f.hex, "hex");
      if (f.direction === "request") {
        const entry = { apiKey: bytes.readInt16BE(0), apiVersion: bytes.readInt16BE(2), request: f.hex, response: null };
        exchanges.push(entry);
        open.set(`${b}/${f.connection}/${bytes.readInt32BE(4)}`, entry);
      } else {
        const entry = open.get(`${b}/${f.connection}/${bytes.readInt32BE(0)}`);
        if (entry) entry.response = f.hex;
      }
    }
  }
  const kept = new Map();
  for (const e of exchanges) {
    const k = `${e.apiKey}/${e.apiVersion}`;
    const list = kept.get(k) ?? [];
    if (list.length < PER_VERSION) list.push(e);
    kept.set(k, list);
  }
  return [...kept.values()].flat().sort((a, b) => a.apiKey - b.apiKey || a.apiVersion - b.apiVersion);
}

const clients = {
  async platformatic(bootstrap) {
    const { Producer, Consumer, stringSerializers, stringDeserializers } = await import("@platformatic/kafka");
    const version = JSON.parse(readFileSync(join(root, "node_modules/@platformatic/kafka/package.json"), "utf8")).version;
    const p = new Producer({ clientId: "capture", bootstrapBrokers: [bootstrap], idempotent: true, autocreateTopics: true, serializers: stringSerializers });
    await p.send({ messages: [{ topic: "capture", key: "k1", value: "v1", headers: new Map([["h", "x"]]) }, { topic: "capture", key: "k2", value: "v2" }] });
    const t = new Producer({ clientId: "capture-tx", bootstrapBrokers: [bootstrap], idempotent: true, transactionalId: "capture-tx", serializers: stringSerializers });
    const ok = await t.beginTransaction();
    await ok.send({ messages: [{ topic: "capture", key: "k3", value: "committed" }] });
    await ok.commit();
    const bad = await t.beginTransaction();
    await bad.send({ messages: [{ topic: "capture", key: "k4", value: "aborted" }] });
    await bad.abort();
    const c = new Consumer({ groupId: "capture-group", clientId: "capture-c", bootstrapBrokers: [bootstrap], deserializers: stringDeserializers, maxWaitTime: 100 });
    const stream = await c.consume({ topics: ["capture"], mode: "earliest", autocommit: true });
    let n = 0;
    for await (const _ of stream) if (++n >= 3) break;
    await stream.close();
    await c.close(true);
    await t.close(true);
    await p.close(true);
    return { client: "@platformatic/kafka", version };
  },
  async kafkajs(bootstrap) {
    const { Kafka, logLevel } = await import("kafkajs");
    const version = JSON.parse(readFileSync(join(root, "node_modules/kafkajs/package.json"), "utf8")).version;
    const kafka = new Kafka({ clientId: "capture", brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const p = kafka.producer({ idempotent: true });
    await p.connect();
    await p.send({ topic: "capture", messages: [{ key: "k1", value: "v1", headers: { h: "x" } }] });
    await p.disconnect();
    const t = kafka.producer({ transactionalId: "capture-tx", idempotent: true, maxInFlightRequests: 1 });
    await t.connect();
    const tx = await t.transaction();
    await tx.send({ topic: "capture", messages: [{ key: "k3", value: "committed" }] });
    await tx.commit();
    await t.disconnect();
    const c = kafka.consumer({ groupId: "capture-group", maxWaitTimeInMs: 100 });
    await c.connect();
    await c.subscribe({ topic: "capture", fromBeginning: true });
    await new Promise((resolve) => { let n = 0; c.run({ eachMessage: async () => { if (++n >= 2) resolve(); } }); });
    await c.disconnect();
    return { client: "kafkajs", version };
  },
  async kcat(bootstrap) {
    const v = spawnSync("kcat", ["-V"], { encoding: "utf8" });
    if (v.status !== 0) throw new Error("kcat is not installed (Debian: apt-get install kcat)");
    const version = `kcat ${v.stdout.match(/Version ([\d.]+)/)?.[1] ?? "?"}, librdkafka ${v.stdout.match(/librdkafka ([\d.]+)/)?.[1] ?? "?"}`;
    const produce = await run("kcat", ["-P", "-b", bootstrap, "-t", "capture", "-K:", "-X", "enable.idempotence=true", "-X", "acks=all"], { input: "k1:v1\nk2:v2\n" });
    if (produce.status !== 0) throw new Error(`kcat -P failed: ${produce.stderr}`);
    const consume = await run("kcat", ["-C", "-b", bootstrap, "-G", "capture-group", "capture", "-c", "2", "-X", "auto.offset.reset=earliest"]);
    if (consume.status !== 0) throw new Error(`kcat -G failed: ${consume.stderr}`);
    return { client: "kcat (librdkafka)", version };
  },
  async "confluent-kafka"(bootstrap) {
    const script = `
import sys, confluent_kafka
from confluent_kafka import Producer, Consumer
b = sys.argv[1]
p = Producer({"bootstrap.servers": b, "enable.idempotence": True, "transactional.id": "capture-py"})
p.init_transactions(); p.begin_transaction(); p.produce("capture", key="k5", value="py-committed"); p.commit_transaction()
c = Consumer({"bootstrap.servers": b, "group.id": "capture-py", "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
c.subscribe(["capture"]); n = 0
while n < 1:
    m = c.poll(5)
    if m is not None and m.error() is None: n += 1
c.close()
print(confluent_kafka.libversion()[0])`;
    const r = await run("/usr/bin/python3", ["-c", script, bootstrap]); // Debian's python3-confluent-kafka
    if (r.status !== 0) throw new Error(`confluent-kafka failed: ${r.stderr}`);
    return { client: "confluent-kafka-python (librdkafka)", version: r.stdout.trim() };
  },
};

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(clients);
mkdirSync(join(root, "test/wire/fixtures"), { recursive: true });
for (const name of wanted) {
  if (!clients[name]) {
    console.error(`unknown client ${JSON.stringify(name)}; known: ${Object.keys(clients).join(", ")}`);
    process.exit(2);
  }
  let who;
  const exchanges = await withCapture(async (bootstrap) => { who = await clients[name](bootstrap); });
  const file = join(root, `test/wire/fixtures/${name}.json`);
  writeFileSync(file, JSON.stringify({ ...who, note: "frames without the size prefix, hex; captured by scripts/wire/capture-fixtures.mjs", exchanges }, null, 1) + "\n");
  console.log(`${name}: ${exchanges.length} exchanges -> ${file}`);
}
