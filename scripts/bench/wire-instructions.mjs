// Instructions per record for the wire row's two clients, counted by valgrind (callgrind "I refs"), against the
// embedded broker and against the independent ack-only broker: a measure of the wire benchmark's ratio that a
// shared, overloaded machine does not disturb (wall and even CPU times here swing by 30% and more).
//
//   node scripts/bench/wire-instructions.mjs [--sends N] [--lib DIR] [--client kafkajs|platformatic]
//
// Client and broker run in one process (V8 single-threaded, so the collector and the compiler are counted and their
// timing does not vary). Each (client, broker) pair is counted twice — the warm-up alone (30 sends) and the warm-up
// plus N sends of 100 records (default 60) — and the difference divided by the records. The ratio
// ack-only / embedded of these counts is the share of the ack-only broker's throughput the embedded one reaches when
// the machine is CPU-bound. Needs valgrind; a development tool, not part of `npm run bench`. Several minutes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const sends = Number(arg("sends", "60"));
const lib = resolve(arg("lib", "lib/dist"));
const clients = arg("client") ? [arg("client")] : ["kafkajs", "platformatic"];
if (clients.some((c) => c !== "kafkajs" && c !== "platformatic")) {
  console.error(`wire-instructions: --client must be kafkajs or platformatic, got ${JSON.stringify(arg("client"))}`);
  process.exit(2);
}
if (!Number.isInteger(sends) || sends < 1) {
  console.error(`wire-instructions: --sends needs a whole number >= 1\nusage: node scripts/bench/wire-instructions.mjs [--sends N] [--lib DIR]`);
  process.exit(2);
}
const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const script = join(mkdtempSync(join(tmpdir(), "kafka-sim-wire-instr-")), "run.mjs");
writeFileSync(
  script,
  `import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(join(root, "package.json"))});
const [libUrl, client, brokerKind, n] = process.argv.slice(2);
const lib = await import(libUrl);
const { startAckOnlyBroker } = await import(${JSON.stringify(pathToFileURL(join(root, "scripts/bench/ack-only-broker.mjs")).href)});
const broker = brokerKind === "ack-only"
  ? await startAckOnlyBroker()
  : await lib.serveCluster(new lib.Cluster({ seed: 1, cluster: { brokers: 3, partitions: 1, replicationFactor: 3 }, faults: { latencyMs: 0 } }), { log: () => {} });
const total = 30 + Number(n);
if (client === "kafkajs") {
  const { Kafka, logLevel, Partitioners } = require("kafkajs");
  const p = new Kafka({ clientId: "i", brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await p.connect();
  for (let b = 0; b < total; b++) await p.send({ topic: "bench", acks: -1, messages: Array.from({ length: 100 }, (_, i) => ({ value: "r" + (b * 100 + i) })) });
  await p.disconnect();
} else {
  const { Producer, ProduceAcks, stringSerializers } = await import(${JSON.stringify(pathToFileURL(join(root, "node_modules/@platformatic/kafka/dist/index.js")).href)});
  const p = new Producer({ clientId: "i", bootstrapBrokers: [broker.bootstrap], idempotent: true, acks: ProduceAcks.ALL, autocreateTopics: true, serializers: stringSerializers });
  for (let b = 0; b < total; b++) await p.send({ messages: Array.from({ length: 100 }, (_, i) => ({ topic: "bench", partition: 0, value: "r" + (b * 100 + i) })) });
  await p.close(true);
}
await broker.close();
`,
);

function count(client, broker, n) {
  const r = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file", process.execPath, "--single-threaded", script, pathToFileURL(join(lib, "index.js")).href, client, broker, String(n)],
    { encoding: "utf8", maxBuffer: 64 << 20, cwd: root },
  );
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    console.error(`valgrind run failed (${client}, ${broker}): ${r.stderr.trim().split("\n").slice(-5).join(" | ")}`);
    process.exit(1);
  }
  return Number(m[1].replaceAll(",", ""));
}

const out = {};
for (const client of clients) {
  const per = {};
  for (const broker of ["embedded", "ack-only"]) per[broker] = (count(client, broker, sends) - count(client, broker, 0)) / (sends * 100);
  out[client] = { embeddedPerRecord: Math.round(per.embedded), ackOnlyPerRecord: Math.round(per["ack-only"]), ratio: Number((per["ack-only"] / per.embedded).toFixed(3)) };
  console.log(`${client}: ${out[client].embeddedPerRecord} instructions per record with the embedded broker, ${out[client].ackOnlyPerRecord} with the ack-only broker: ratio ${out[client].ratio}`);
}
