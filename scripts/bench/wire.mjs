// Wire benchmark, in its own process:
//   node scripts/bench/wire.mjs '{"lib":"lib/dist","batches":50,"runs":3}'
// kafkajs' idempotent producer sends `batches` batches of 100 records (acks=all, one request at a time, as
// `await producer.send` does) to the embedded simulated cluster (3 brokers, RF=3) and to a broker that only
// acknowledges (ack-only-broker.mjs: node:net and Buffer alone, none of the project's code); then a kafkajs consumer
// reads every record back from the simulated cluster. @platformatic/kafka's idempotent producer does the same
// sends against both brokers (its flexible versions: Produce v11, Metadata v12).
// Prints one JSON line: records/s for each, per run.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { Kafka, logLevel, Partitioners } from "kafkajs";
import { Producer as PltProducer, ProduceAcks, stringSerializers } from "@platformatic/kafka";
import { startAckOnlyBroker } from "./ack-only-broker.mjs";

const args = JSON.parse(process.argv[2] ?? "{}");
const lib = await import(pathToFileURL(resolve(args.lib, "index.js")).href);
const BATCH = 100;
const WARMUP = 30;

function kafkaFor(server, clientId) {
  return new Kafka({ clientId, brokers: [server.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 50, maxRetryTime: 500 } });
}

/**
 * Records per second of `batches` sequential acks=all sends of 100 records each, by the wall clock and by this
 * process's CPU time (client and broker both run here, so CPU time counts all the work and none of the waiting for
 * other processes on a shared machine).
 */
async function produceRate(server, topic, batches) {
  const producer = kafkaFor(server, "bench-producer").producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const messages = (b) => Array.from({ length: BATCH }, (_, i) => ({ value: `r${b * BATCH + i}` }));
    // Warm-up, not timed: metadata, producer id, connections, and the JIT on both sides.
    for (let b = -WARMUP; b < 0; b++) await producer.send({ topic, acks: -1, messages: messages(b) });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let b = 0; b < batches; b++) await producer.send({ topic, acks: -1, messages: messages(b) });
    return rates(batches * BATCH, performance.now() - t0, process.cpuUsage(c0));
  } finally {
    await producer.disconnect();
  }
}

function rates(records, wallMs, cpu) {
  return { wall: records / (wallMs / 1000), cpu: records / ((cpu.user + cpu.system) / 1e6) };
}

/** The same sequential sends with @platformatic/kafka's idempotent producer. */
async function pltProduceRate(server, topic, batches) {
  const producer = new PltProducer({ clientId: "bench-plt", bootstrapBrokers: [server.bootstrap], idempotent: true, acks: ProduceAcks.ALL, autocreateTopics: true, serializers: stringSerializers });
  try {
    const messages = (b) => Array.from({ length: BATCH }, (_, i) => ({ topic, partition: 0, value: `r${b * BATCH + i}` }));
    for (let b = -WARMUP; b < 0; b++) await producer.send({ messages: messages(b) });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let b = 0; b < batches; b++) await producer.send({ messages: messages(b) });
    return rates(batches * BATCH, performance.now() - t0, process.cpuUsage(c0));
  } finally {
    await producer.close(true);
  }
}

/** Records per second for a kafkajs consumer group to read `expected` records from the beginning. */
async function consumeRate(server, topic, expected) {
  const consumer = kafkaFor(server, "bench-consumer").consumer({ groupId: `bench-${topic}`, maxWaitTimeInMs: 100, sessionTimeout: 6000, heartbeatInterval: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let got = 0;
    const t0 = performance.now(); // from the start: joining the group is part of reading back
    await new Promise((resolveRead, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            got += batch.messages.length;
            if (got >= expected) resolveRead();
          },
        })
        .catch(reject);
    });
    const ms = performance.now() - t0;
    return got / (ms / 1000);
  } finally {
    await consumer.disconnect();
  }
}

const quiet = () => {};
const out = { simulated: [], ackOnly: [], consume: [], platformaticSimulated: [], platformaticAckOnly: [] };
for (let run = 0; run < args.runs; run++) {
  // Configured as the embedded broker (npm run broker): in-process replication takes no simulated time.
  const cluster = new lib.Cluster({ seed: run + 1, cluster: { brokers: 3, partitions: 1, replicationFactor: 3 }, faults: { latencyMs: 0 } });
  const sim = await lib.serveCluster(cluster, { log: quiet, coordinator: { groupInitialRebalanceDelayMs: 0 }, ...(args.tickIntervalMs ? { tickIntervalMs: args.tickIntervalMs } : {}) });
  try {
    out.simulated.push(await produceRate(sim, "bench", args.batches));
    out.consume.push(await consumeRate(sim, "bench", (args.batches + WARMUP) * BATCH));
    out.platformaticSimulated.push(await pltProduceRate(sim, "bench-plt", args.batches));
  } finally {
    await sim.close();
  }
  const ackOnly = await startAckOnlyBroker();
  try {
    out.ackOnly.push(await produceRate(ackOnly, "bench", args.batches));
    out.platformaticAckOnly.push(await pltProduceRate(ackOnly, "bench-plt", args.batches));
  } finally {
    await ackOnly.close();
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
