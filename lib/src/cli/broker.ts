#!/usr/bin/env node
/**
 * `npm run broker -- [options]`: the simulated Kafka cluster served over the Kafka protocol, for real clients
 * (kafkajs, @platformatic/kafka, the Java client, kcat). Prints `bootstrap: HOST:PORT`, then one line per notable
 * event (a connection closed for a reason, a produce response withheld, a learner's table throwing), and stops
 * cleanly on Ctrl-C or SIGTERM.
 *
 * Exit codes: 0 stopped by a signal, 1 could not start (e.g. the port is taken), 2 bad input (a flag, or a
 * --state-table file that does not load).
 */
import { pathToFileURL } from "node:url";
import { isAbsolute, relative, resolve } from "node:path";
import { SimulationInputError } from "../protocol/errors.js";
import { LearnerModuleError } from "../scenario/learner.js";
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from "../serve/embedded.js";
import { advertisedHostRefusal, type HostNames } from "../wire/server.js";
import { flagValue, UsageError } from "./usage.js";

export const USAGE = `Usage: npm run broker -- [options]

Serves the simulated Kafka cluster on 127.0.0.1 for real Kafka clients.

Options:
  --port N                     port of the first broker (default 9092; 0 = any free port); the other
                               brokers take the next free ports
  --brokers N                  number of brokers (default 3)
  --partitions N               partitions of an auto-created topic (default 3)
  --replication-factor N       replicas of an auto-created topic (default 3, or --brokers if fewer)
  --min-insync-replicas N      min.insync.replicas for acks=all (default 2, or --replication-factor
                               if fewer)
  --seed N                     the seed of the cluster and of the fault draws (default 1)
  --drop-produce-responses P   probability (0 to 1) that a produce response is withheld after the append
                               and its connection closed (default 0)
  --state-table FILE           run every partition's idempotence check with the ProducerStateTable
                               exported by FILE (your exercises/sequence-validation.ts)
  --host ADDR                  address to bind (default 127.0.0.1), and to advertise unless --advertise
                               is given; a wildcard such as 0.0.0.0 needs --advertise
  --advertise ADDR             address clients are told to connect to (default: --host)
  --help                       this text`;

export { UsageError };

/** --host and --advertise, as the refusals of a wildcard address name them. */
const HOST_FLAG_NAMES: HostNames = { host: "--host", advertised: "--advertise", addAdvertised: "add --advertise ADDR", example: "127.0.0.1", quote: (a) => a };

export interface BrokerArgs {
  help: boolean;
  options: EmbeddedBrokerOptions & { port: number };
}

const VALUE_FLAGS: Record<string, keyof EmbeddedBrokerOptions> = {
  "--port": "port",
  "--brokers": "brokers",
  "--partitions": "partitions",
  "--replication-factor": "replicationFactor",
  "--min-insync-replicas": "minInsyncReplicas",
  "--seed": "seed",
  "--drop-produce-responses": "dropProduceResponses",
  "--state-table": "stateTable",
  "--host": "host",
  "--advertise": "advertisedHost",
};

export const CLI_DEFAULT_PORT = 9092;

function whole(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === Number.MIN_SAFE_INTEGER ? "" : ` >= ${min}`) : ` from ${min} to ${max}`;
    throw new UsageError(`${flag} must be a whole number${range}, got "${value}".`);
  }
  return n;
}

/** Parse the flags (no I/O). Cross-flag limits (replication factor ≤ brokers, …) are checked here too. */
export function parseBrokerArgs(argv: readonly string[]): BrokerArgs {
  const args: BrokerArgs = { help: false, options: { port: CLI_DEFAULT_PORT } };
  const o = args.options;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    if (!raw.startsWith("--")) throw new UsageError(`Unexpected argument "${raw}": every option is a flag (see --help).`);
    const eq = raw.indexOf("=");
    const flag = eq >= 0 ? raw.slice(0, eq) : raw;
    if (flag === "--help") {
      if (eq >= 0) throw new UsageError(`--help takes no value, got "${raw}".`);
      args.help = true;
      continue;
    }
    if (!(flag in VALUE_FLAGS)) throw new UsageError(`Unknown option ${flag}. Allowed: ${[...Object.keys(VALUE_FLAGS), "--help"].join(", ")}.`);
    if (seen.has(flag)) throw new UsageError(`${flag} is given twice.`);
    seen.add(flag);
    const { value, last } = flagValue(argv, i, flag, eq >= 0 ? raw.slice(eq + 1) : undefined);
    i = last;
    switch (flag) {
      case "--port":
        o.port = whole(flag, value, 0, 65535);
        break;
      case "--brokers":
        o.brokers = whole(flag, value, 1, 100);
        break;
      case "--partitions":
        o.partitions = whole(flag, value, 1, 10_000);
        break;
      case "--replication-factor":
        o.replicationFactor = whole(flag, value, 1, 100);
        break;
      case "--min-insync-replicas":
        o.minInsyncReplicas = whole(flag, value, 1, 100);
        break;
      case "--seed":
        o.seed = whole(flag, value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        break;
      case "--drop-produce-responses": {
        const n = Number(value);
        if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
          throw new UsageError(`--drop-produce-responses must be a probability from 0 to 1 (e.g. 0.1), got "${value}".`);
        }
        o.dropProduceResponses = n;
        break;
      }
      case "--state-table":
        if (value.trim() === "") throw new UsageError("--state-table needs a file, e.g. exercises/sequence-validation.ts.");
        o.stateTable = value;
        break;
      case "--host":
        if (value.trim() === "") throw new UsageError(`--host needs an address such as 127.0.0.1, got "${value}".`);
        o.host = value;
        break;
      case "--advertise":
        if (value.trim() === "") throw new UsageError(`--advertise needs an address clients can connect to, such as 127.0.0.1, got "${value}".`);
        o.advertisedHost = value;
        break;
    }
  }
  const brokers = o.brokers ?? 3;
  const rf = o.replicationFactor ?? Math.min(3, brokers);
  if (o.replicationFactor === undefined && o.brokers !== undefined) o.replicationFactor = rf;
  if (rf > brokers) throw new UsageError(`--replication-factor must be at most --brokers (${brokers}), got ${rf}.`);
  const minIsr = o.minInsyncReplicas ?? Math.min(2, rf);
  if (o.minInsyncReplicas === undefined && o.replicationFactor !== undefined) o.minInsyncReplicas = minIsr;
  if (minIsr > rf) throw new UsageError(`--min-insync-replicas must be at most --replication-factor (${rf}), got ${minIsr}.`);
  const refusal = advertisedHostRefusal(o.host ?? "127.0.0.1", o.advertisedHost, HOST_FLAG_NAMES);
  if (refusal) throw new UsageError(refusal);
  return args;
}

interface Io {
  argv: readonly string[];
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** Where a relative --state-table path starts (npm run: the directory npm was started in). */
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>;
  /** Wall-clock time for log lines (HH:MM:SS.mmm). */
  clock?: () => string;
}

function timeOfDay(): string {
  return new Date().toISOString().slice(11, 23);
}

export async function main(io: Io): Promise<number> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  let args: BrokerArgs;
  try {
    args = parseBrokerArgs(io.argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`broker: ${e.message}\nRun \`npm run broker -- --help\` for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }
  const clock = io.clock ?? timeOfDay;
  const o = { ...args.options };
  const tableFile = typeof o.stateTable === "string" ? resolve(io.cwd, o.stateTable) : undefined;
  if (tableFile) o.stateTable = tableFile;
  let broker: EmbeddedBroker;
  try {
    broker = await startEmbeddedBroker({ ...o, log: (line) => out(`[${clock()}] ${line}`) });
  } catch (e) {
    if (e instanceof LearnerModuleError) {
      io.stderr.write(`broker: --state-table: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SimulationInputError) {
      io.stderr.write(`broker: ${e.message.replace(/^startEmbeddedBroker: /, "")}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      io.stderr.write(`broker: port ${o.port} is in use: choose another with --port N, or --port 0 for any free port.\n`);
      return 1;
    }
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EACCES") {
      io.stderr.write(`broker: cannot listen on ${o.host ?? "127.0.0.1"}:${o.port} (${code}): ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
  const c = broker.cluster.config;
  out(`kafka-sim broker: ${c.brokers} broker${c.brokers === 1 ? "" : "s"}; topics are created on first use with ${c.partitions} partition${c.partitions === 1 ? "" : "s"} × ${c.replicationFactor} replica${c.replicationFactor === 1 ? "" : "s"}; min.insync.replicas=${c.minInsyncReplicas}; seed ${o.seed ?? 1}`);
  out(`bootstrap: ${broker.bootstrap}`);
  out(`brokers: ${broker.brokers.map((b, id) => `${id}=${b}`).join(" ")}`);
  if (tableFile) {
    const shown = relative(io.cwd, tableFile);
    out(`producer-state table: ProducerStateTable from ${shown && !shown.startsWith("..") && !isAbsolute(shown) ? shown : tableFile} (a throw fails that produce request with UNKNOWN_SERVER_ERROR)`);
  }
  if (broker.faults.dropProduceResponseRate > 0) {
    out(`faults: ${broker.faults.dropProduceResponseRate * 100}% of produce responses are withheld after the append (the connection is closed)`);
  }
  out("Ctrl-C stops the broker.");
  const signal = await io.stopSignal;
  out(`[${clock()}] ${signal}: closing the listeners`);
  await broker.close();
  out(`[${clock()}] stopped`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") return; // the reader has gone; keep serving until a signal
    throw e;
  });
  let stopping = false;
  const stopSignal = new Promise<string>((resolveStop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        if (stopping) process.exit(130); // a second Ctrl-C: do not wait for the close
        stopping = true;
        resolveStop(signal);
      });
    }
  });
  main({ argv: process.argv.slice(2), stdout: process.stdout, stderr: process.stderr, cwd: process.env.INIT_CWD ?? process.cwd(), stopSignal }).then(
    (code) => {
      process.exitCode = code;
      // The listeners are closed; nothing else should keep the process alive, but do not wait for stray handles.
      if (code !== 0 || stopping) setImmediate(() => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(`broker: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
