#!/usr/bin/env node
// `npm run demo`: the real-client lesson in the terminal. A kafkajs producer sends 30 records, without and with
// `idempotent: true`, to the embedded simulated cluster, which withholds 10% of produce responses (seeded); a kafkajs
// consumer reads the topic back and the course's checker counts what happened to each record.
//
//   npm run demo                     embedded broker, faults on (seed 1)
//   npm run demo -- --seed 7         another seed
//   KAFKA_BROKERS=host:9092 npm run demo   a real cluster instead: no injected faults, so expect no duplicates
import { startEmbeddedBroker, runRealClientRound } from "kafka-sim";

function usage(message) {
  if (message) console.error(`demo: ${message}`);
  console.error("Usage: npm run demo -- [--seed N] [--records N]   (KAFKA_BROKERS=host:port,… uses a real cluster)");
  process.exit(2);
}

const argv = process.argv.slice(2);
const flags = { seed: 1, records: 30 };
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split("=", 2);
  if (flag === "--help") usage();
  if (flag !== "--seed" && flag !== "--records") usage(`unknown option ${flag}; allowed: --seed, --records`);
  const value = inline ?? argv[++i];
  if (value === undefined || !/^-?\d+$/.test(value)) usage(`${flag} needs a whole number, got ${JSON.stringify(value ?? null)}`);
  flags[flag.slice(2)] = Number(value);
}
if (flags.records < 1) usage(`--records must be at least 1, got ${flags.records}`);

const external = process.env.KAFKA_BROKERS?.trim();
const rows = [];
for (const idempotent of [false, true]) {
  let broker;
  let brokers;
  let topic = "demo-events";
  if (external) {
    brokers = external.split(",").map((b) => b.trim()).filter(Boolean);
    topic = `kafka-sim-demo-${idempotent ? "idempotent" : "plain"}`;
  } else {
    broker = await startEmbeddedBroker({ seed: flags.seed, dropProduceResponses: 0.1 });
    brokers = [broker.bootstrap];
  }
  try {
    const r = await runRealClientRound({ brokers, topic, records: flags.records, idempotent, seed: flags.seed });
    rows.push(r.row);
    for (const e of r.sendErrors) console.log(`  ${r.label}: a send failed: ${e}`);
  } catch (e) {
    console.error(`demo: ${e instanceof Error ? e.message : String(e)}${external ? ` (KAFKA_BROKERS=${external})` : ""}`);
    process.exitCode = 1;
    break;
  } finally {
    await broker?.close();
  }
}

if (process.exitCode) process.exit();
console.log(external ? `Cluster: ${external} (no injected faults)` : `Cluster: embedded kafka-sim, seed ${flags.seed}, 10% of produce responses withheld after the append`);
console.log("");
const columns = [
  ["producer", (r) => r.scenario],
  ["sent", (r) => String(r.records)],
  ["delivered once", (r) => String(r.deliveredOnce)],
  ["duplicated", (r) => String(r.duplicated)],
  ["lost (acked)", (r) => String(r.lostAcknowledged)],
  ["lost (failed send)", (r) => String(r.lostUnacknowledged)],
];
const widths = columns.map(([h, f]) => Math.max(h.length, ...rows.map((r) => f(r).length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(columns.map(([h]) => h)));
for (const r of rows) console.log(line(columns.map(([, f]) => f(r))));
console.log("");
console.log(
  external
    ? "Without faults both producers should deliver every record once. Run without KAFKA_BROKERS to see the embedded broker's lost responses."
    : "Without idempotence every withheld response is retried and written again (a duplicate); with idempotent: true the broker recognises the retry.",
);
