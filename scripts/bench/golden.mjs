// Fingerprints of simulation histories, to check that a performance change changes nothing:
//   node scripts/bench/golden.mjs [--lib DIR] > before.json      (build, change, build again)
//   node scripts/bench/golden.mjs [--lib DIR] --compare before.json
//   --outcomes: fingerprint only the records' fates and the logs (not the trace, event count or end time)
// For each spec × seed (with and without trace): a hash of the run's trace, history, logs (every replica), check,
// controller state, end time and event count; plus sweeps. --compare exits 1 and names the specs that differ.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const lib = await import(pathToFileURL(resolve(opt("--lib") ?? "lib/dist", "index.js")).href);
const { runScenario, sweep, sweepRecords } = lib;

// Lessons' behaviours and their faults, keyed records and partitions, isolation, unclean election, epoch bumps,
// linger, timeouts, transactions (with zombies and crashes).
const specs = {
  a0: { producer: { acks: "0", "enable.idempotence": false }, faults: { dropRequestRate: 0.1 } },
  b1: { producer: { acks: "1", "enable.idempotence": false }, faults: { dropResponseRate: 0.1 } },
  ball: { producer: { acks: "all", "enable.idempotence": false }, faults: { dropResponseRate: 0.1 } },
  c5: { producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 5 }, faults: { latencyMs: 10, plan: [{ atMs: 20, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }] } },
  c1: { producer: { "enable.idempotence": false, "max.in.flight.requests.per.connection": 1 }, faults: { latencyMs: 10, plan: [{ atMs: 20, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }] } },
  didem: { producer: { "max.in.flight.requests.per.connection": 5, "request.timeout.ms": 2000 }, faults: { latencyMs: 10, plan: [{ atMs: 77, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }], dropResponseRate: 0.2, jitterMs: 5 }, workload: { records: 60 } },
  sweepSpec: { cluster: { replicationFactor: 3 }, producer: { acks: "all", "enable.idempotence": true }, faults: { dropResponseRate: 0.1 }, workload: { records: 100 } },
  e1: { producer: { acks: "1" }, faults: { plan: [{ atMs: 50, action: "crash-leader-after-next-append" }, { atMs: 20000, action: "restart-broker", broker: 0 }] } },
  eall: { producer: {}, cluster: { minInsyncReplicas: 2 }, faults: { plan: [{ atMs: 50, action: "crash-leader-after-next-append" }, { atMs: 20000, action: "restart-broker", broker: 0 }] } },
  f1: { cluster: { replicationFactor: 3, minInsyncReplicas: 2 }, producer: { acks: "all" }, workload: { records: 30, intervalMs: 10 }, faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 2 }] } },
  f2: { cluster: { replicationFactor: 3, minInsyncReplicas: 2 }, producer: { acks: "all" }, workload: { records: 30, intervalMs: 10 }, faults: { plan: [{ atMs: 5, action: "crash-broker", broker: 1 }, { atMs: 5, action: "crash-broker", broker: 2 }] } },
  fprop: { cluster: { replicationFactor: 3, minInsyncReplicas: 2 }, producer: { acks: "all" }, workload: { records: 30, intervalMs: 10 }, faults: { plan: [{ atMs: 120, action: "crash-broker", broker: 0 }, { atMs: 15120, action: "restart-broker", broker: 0 }], dropResponseRate: 0.05 } },
  g: { faults: { latencyMs: 5, plan: [{ atMs: 30, action: "drop-next-produce-response" }, { atMs: 40, action: "restart-producer" }] } },
  h1: { faults: { latencyMs: 10, plan: [{ atMs: 40, action: "delay-next-produce-request", extraMs: 30 }] } },
  h3: { faults: { latencyMs: 10, plan: [{ atMs: 0, action: "delay-next-produce-request", extraMs: 30 }] }, producer: { "delivery.timeout.ms": 40000, "request.timeout.ms": 5000 } },
  iRetries0: { producer: { retries: 0 }, faults: { plan: [{ atMs: 20, action: "drop-next-produce-response" }] } },
  keys: { cluster: { partitions: 4, brokers: 4 }, workload: { records: 200, keys: 7, intervalMs: 0 }, faults: { dropResponseRate: 0.05, dropRequestRate: 0.05, jitterMs: 3, transientErrorRate: 0.05 } },
  isolate: { cluster: { minInsyncReplicas: 2 }, faults: { plan: [{ atMs: 30, action: "isolate-broker", broker: 0 }, { atMs: 12000, action: "heal-broker", broker: 0 }] }, workload: { records: 150, intervalMs: 2 } },
  unclean: { cluster: { uncleanLeaderElection: true }, producer: { acks: "1" }, faults: { plan: [{ atMs: 10, action: "crash-broker", broker: 1 }, { atMs: 10, action: "crash-broker", broker: 2 }, { atMs: 40, action: "crash-broker", broker: 0 }, { atMs: 100, action: "restart-broker", broker: 1 }, { atMs: 30000, action: "restart-broker", broker: 0 }] } },
  bumps: { faults: { epochBumpEveryMs: 17, dropResponseRate: 0.1, jitterMs: 4 }, workload: { records: 120 } },
  bumpPlan: { faults: { plan: [{ atMs: 25, action: "bump-producer-epoch" }, { atMs: 60, action: "crash-leader" }] } },
  linger: { producer: { "linger.ms": 5, "batch.size": 200 }, faults: { dropRequestRate: 0.1, latencyMs: 3 }, workload: { records: 150, intervalMs: 0 } },
  dropReq: { faults: { dropRequestRate: 0.15, dropResponseRate: 0.15 }, producer: { "request.timeout.ms": 3000 } },
  bigBatch: { workload: { records: 500, intervalMs: 0 }, faults: { dropResponseRate: 0.1 } },
  rf1: { cluster: { replicationFactor: 1, brokers: 1 }, faults: { transientErrorRate: 0.1 } },
  ackAllNoIdemCrash: { producer: { "enable.idempotence": false, acks: "all" }, faults: { plan: [{ atMs: 30, action: "crash-leader" }] , dropResponseRate: 0.05} },
  timeouts: { producer: { "delivery.timeout.ms": 5000, "request.timeout.ms": 1000, "linger.ms": 0 }, faults: { dropResponseRate: 0.3, latencyMs: 20 } },
  consumerless: { workload: { records: 0 } },
  txn: { producer: { "transactional.id": "app", "request.timeout.ms": 2000 }, faults: { latencyMs: 5, dropResponseRate: 0.1, plan: [{ atMs: 33, action: "restart-producer", zombie: true }] }, workload: { records: 40, transactionRecords: 8, intervalMs: 2 } },
  txnCrash: { producer: { "transactional.id": "app" }, faults: { plan: [{ atMs: 40, action: "crash-leader" }, { atMs: 15000, action: "restart-broker", broker: 0 }] }, workload: { records: 60, transactionRecords: 10 } },
  txnRestart: { producer: { "transactional.id": "app", "request.timeout.ms": 2000 }, faults: { latencyMs: 5, plan: [{ atMs: 50, action: "restart-producer", zombie: false }] }, workload: { records: 40, transactionRecords: 8, intervalMs: 2 } },
};
const seeds = [1, 2, 3, 7, 42];
const hash = (value) => createHash("sha256").update(typeof value === "string" ? value : JSON.stringify(value)).digest("hex").slice(0, 16);

function fingerprint(r) {
  const logs = r.cluster.brokers.map((b) =>
    [...b.replicas.values()].map((rep) => ({
      key: `${rep.topic}-${rep.partition}`,
      leo: rep.logEndOffset,
      hw: rep.highWatermark,
      epochs: rep.epochStarts,
      batches: rep.batches.map((x) => [x.baseOffset, x.producerId, x.producerEpoch, x.baseSequence, x.partitionLeaderEpoch, x.isControl, x.records.map((y) => [y.value, y.timestampMs, y.key])]),
    })),
  );
  const states = r.cluster.topicNames().map((t) => r.cluster.partitionsOf(t));
  const producers = r.producers.map((p) => [p.producerId, p.epoch, p.pendingCount]);
  // --outcomes: only what happened to the records (sends' fates, the logs, the check), not how many events, polls or
  // trace lines it took: tells a rule that changed the outcome from one that changed only the event count.
  if (outcomesOnly) return hash({ history: r.history.map((h) => [h.id, h.status, h.error, h.offset, h.partition]), log: r.log, check: r.check.counts, logs });
  return hash({ history: r.history, log: r.log, check: r.check, trace: r.trace, endMs: r.endMs, events: r.events, errors: r.stateTableErrors, logs, states, producers });
}
const outcomesOnly = argv.includes("--outcomes");

const out = {};
for (const [name, spec] of Object.entries(specs)) {
  for (const seed of seeds) for (const trace of [true, false]) out[`${name}/${seed}/${trace}`] = fingerprint(runScenario({ ...spec, seed, trace }));
  out[`${name}/sweep`] = hash(sweep(spec, { seeds: 20 }).map((row) => (outcomesOnly ? { ...row, endMs: undefined } : row)));
  out[`${name}/sweepRecords`] = hash(sweepRecords(spec, { seeds: 5 }));
}
out.bigSweep = hash(sweep(specs.sweepSpec, { seeds: 500 }).map((row) => (outcomesOnly ? { ...row, endMs: undefined } : row)));

const compare = opt("--compare");
if (!compare) {
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
} else {
  const before = JSON.parse(readFileSync(compare, "utf8"));
  const differ = Object.keys({ ...before, ...out }).filter((k) => before[k] !== out[k]);
  if (differ.length === 0) {
    console.log(`identical: ${Object.keys(out).length} fingerprints`);
  } else {
    console.log(`${differ.length} of ${Object.keys(out).length} fingerprints differ: ${differ.slice(0, 20).join(", ")}${differ.length > 20 ? ", …" : ""}`);
    const bySpec = new Map();
    for (const k of differ) bySpec.set(k.split("/")[0], (bySpec.get(k.split("/")[0]) ?? 0) + 1);
    console.log(`by spec: ${[...bySpec].map(([spec, n]) => `${spec} (${n})`).join(", ")}`);
    process.exitCode = 1;
  }
}
