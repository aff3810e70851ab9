// One benchmark measurement in a fresh process (so one row's garbage and JIT state do not leak into the next):
//   node scripts/bench/child.mjs <task> '<json args>'
// prints one JSON line with the raw timings; scripts/bench.mjs turns them into the table.
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [task, argsJson] = process.argv.slice(2);
const args = JSON.parse(argsJson ?? "{}");
const lib = await import(pathToFileURL(resolve(args.lib, "index.js")).href);

/** The scenario: RF=3, acks=all, idempotent, optionally 10% of produce responses lost. */
function spec(records, faults) {
  return {
    cluster: { replicationFactor: 3 },
    producer: { acks: "all", "enable.idempotence": true },
    faults: faults ? { dropResponseRate: 0.1 } : {},
    workload: { records },
  };
}

/** Wall and CPU time of fn, in ms. */
function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

const recordValues = new Map();
/** The same record values the simulation's workload sends ("r0", "r1", …), made once, outside the timings. */
function valuesFor(n) {
  let v = recordValues.get(n);
  if (!v) recordValues.set(n, (v = Array.from({ length: n }, (_, i) => `r${i}`)));
  return v;
}

/**
 * The bare work of a replicated idempotent write: for each batch, check the producer's next sequence in a Map
 * (what the leader's producer-state table does) and append the records to three arrays (three replicas' logs).
 * No network, no events, no followers, no acknowledgements: what a simulation could not do with less.
 */
function bareWork(records, batchSize, runs = 1) {
  const values = valuesFor(records);
  let appended = 0;
  for (let run = 0; run < runs; run++) {
    const logs = [[], [], []];
    const nextSeq = new Map();
    for (let first = 0; first < records; first += batchSize) {
      const count = Math.min(batchSize, records - first);
      const expected = nextSeq.get(1) ?? 0;
      if (expected !== first) throw new Error("bare work: out of sequence");
      nextSeq.set(1, first + count);
      for (const log of logs) for (let i = first; i < first + count; i++) log.push(values[i]);
    }
    appended += logs[0].length;
  }
  return appended;
}

/** Average records per batch the simulation wrote (the leader's log), so the baseline batches alike. */
function batchSizeOf(result, topic) {
  const replica = result.cluster.leaderReplica(topic, 0);
  const batches = replica?.batches.length ?? 0;
  return batches > 0 ? Math.max(1, Math.round(replica.logEndOffset / batches)) : 1;
}

const tasks = {
  /** One long run: records through RF=3, acks=all, idempotent; and the bare loop on the same records, alternately. */
  throughput({ records, faults, runs }) {
    const s = { ...spec(records, faults), trace: false };
    lib.runScenario({ ...s, workload: { records: Math.min(records, 2000) } }); // warm up the JIT
    const sim = [];
    const bare = [];
    let events = 0;
    let batchSize = 1;
    let delivered = 0;
    for (let i = 0; i < runs; i++) {
      const t = timed(() => lib.runScenario({ ...s, seed: i + 1 }));
      sim.push(t);
      events = t.value.events;
      delivered = t.value.check.counts.deliveredOnce;
      batchSize = batchSizeOf(t.value, "events");
      bare.push(timed(() => bareWork(records, batchSize, 1)));
    }
    return { sim: sim.map(({ wallMs, cpuMs }) => ({ wallMs, cpuMs })), bare: bare.map(({ wallMs, cpuMs }) => ({ wallMs, cpuMs })), events, batchSize, delivered };
  },

  /** The sweep: `seeds` scenarios of `records` records; and the bare loop over the same seeds. */
  sweep({ seeds, records = 100, runs }) {
    const s = spec(records, true);
    lib.sweep(s, { seeds: Math.min(seeds, 300) }); // warm up the JIT
    const sample = lib.runScenario({ ...s, seed: 1, trace: false });
    const batchSize = batchSizeOf(sample, "events");
    let events = 0;
    for (let seed = 1; seed <= 200; seed++) events += lib.runScenario({ ...s, seed, trace: false }).events;
    const sim = [];
    const bare = [];
    let ok = 0;
    for (let i = 0; i < runs; i++) {
      const t = timed(() => lib.sweep(s, { seeds }));
      ok = t.value.filter((r) => r.ok).length;
      sim.push({ wallMs: t.wallMs, cpuMs: t.cpuMs });
      const b = timed(() => bareWork(records, batchSize, seeds));
      bare.push({ wallMs: b.wallMs, cpuMs: b.cpuMs });
    }
    return { sim, bare, eventsPerScenario: events / 200, batchSize, ok };
  },

  /** Bytes retained per simulated record (logs, history, and the trace when on): heap after a GC, before and after. */
  memory({ records, trace }) {
    if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
    const heap = () => {
      globalThis.gc();
      globalThis.gc();
      return process.memoryUsage().heapUsed;
    };
    lib.runScenario({ ...spec(1000, false), trace }); // load and warm up
    const before = heap();
    const t = timed(() => lib.runScenario({ ...spec(records, false), trace }));
    const after = heap();
    const r = t.value;
    const out = { bytes: after - before, records, traceEvents: r.trace.length, delivered: r.check.counts.deliveredOnce, wallMs: t.wallMs };
    if (r.history.length !== records) throw new Error("memory: the result lost records");
    return out;
  },
};

const result = await tasks[task](args);
process.stdout.write(`${JSON.stringify(result)}\n`);
