/**
 * The embedded broker: a simulated Kafka cluster served over the Kafka protocol in one call, for real clients
 * (kafkajs, @platformatic/kafka, the Java client) in tests, notebooks and `npm run broker`.
 *
 *   const broker = await startEmbeddedBroker({ dropProduceResponses: 0.1, seed: 7 });
 *   const kafka = new Kafka({ brokers: [broker.bootstrap] });
 *   …
 *   await broker.close();
 *
 * The cluster is lib/src/simulation/cluster.ts (replication, ISR, min.insync.replicas, the producer-state check), the wire
 * adapter is serve-cluster.ts. `stateTable` swaps every partition's producer-state table for a learner's
 * `ProducerStateTable` (exercises/sequence-validation.ts): a table that throws costs the produce request that
 * hit it (the client sees UNKNOWN_SERVER_ERROR), never the broker.
 *
 * Defaults follow a small production-like cluster: 3 brokers, topics auto-created with 3 partitions and 3
 * replicas, min.insync.replicas=2. group.initial.rebalance.delay.ms is 0, as in the config/server.properties
 * that ships with Kafka (the broker's own default is 3000 ms), so a consumer group is ready at once.
 */
import { tr } from "../kernel/locale.js";
import { resolve } from "node:path";
import { Cluster } from "../simulation/cluster.js";
import { SimulationInputError } from "../protocol/errors.js";
import { loadStateTableModule } from "../scenario/learner.js";
import type { StateTableFactory } from "../broker/partition.js";
import type { IncomingBatch, ProducerStateTableLike } from "../broker/producer-state.js";
import { serveCluster, type ServedCluster } from "./serve-cluster.js";
import { advertisedHostRefusal } from "../wire/server.js";

export interface EmbeddedBrokerOptions {
  /** Port of the first broker (0 = any free port); the other brokers take the next free ports. */
  port?: number;
  /** Number of brokers (1 to 100). */
  brokers?: number;
  /** Partitions of an auto-created topic (num.partitions). */
  partitions?: number;
  /** Replicas of an auto-created topic (default.replication.factor), 1 to `brokers`. */
  replicationFactor?: number;
  /** min.insync.replicas: how many in-sync replicas an acks=all write needs. */
  minInsyncReplicas?: number;
  /** Seed of the cluster and of the fault draws. */
  seed?: number;
  /** Probability (0 to 1) that a produce response is withheld after the append and its connection closed. */
  dropProduceResponses?: number;
  /**
   * Every partition's producer-state table: a path to a learner's sequence-validation.ts (its exported
   * `ProducerStateTable` is used; relative paths start at the current directory), or a factory.
   */
  stateTable?: string | StateTableFactory;
  /** Address to bind (default 127.0.0.1; anything else only when given here), and to advertise unless advertisedHost is given. */
  host?: string;
  /** The address clients are told to use (default: host). Required when host is a wildcard such as 0.0.0.0. */
  advertisedHost?: string;
  /** group.initial.rebalance.delay.ms (default 0, as in Kafka's shipped server.properties). */
  groupInitialRebalanceDelayMs?: number;
  /** Where notable events go, one line each (connections closed for a reason, dropped responses, table errors). Default: nowhere. */
  log?: (line: string) => void;
}

export const EMBEDDED_BROKER_DEFAULTS = {
  port: 0,
  brokers: 3,
  partitions: 3,
  replicationFactor: 3,
  minInsyncReplicas: 2,
  seed: 1,
  dropProduceResponses: 0,
  host: "127.0.0.1",
  groupInitialRebalanceDelayMs: 0,
} as const;

export interface EmbeddedBroker {
  /** "HOST:PORT" of the first broker: a client's bootstrap list. */
  bootstrap: string;
  /** "HOST:PORT" of every broker, by broker id. */
  brokers: string[];
  /** The simulated cluster behind the listeners (inspect its logs, crash a broker, …). */
  cluster: Cluster;
  /** The wire adapter (group coordinator included). */
  served: ServedCluster;
  /** Live fault settings: change `dropProduceResponseRate` while clients run. */
  faults: { dropProduceResponseRate: number };
  /** The file the producer-state table came from, when `stateTable` was a path. */
  stateTableFile?: string;
  /** Close every listener and connection. Safe to call twice. */
  close(): Promise<void>;
}

const OPTION_NAMES = [...Object.keys(EMBEDDED_BROKER_DEFAULTS), "advertisedHost", "stateTable", "log"];

function fail(message: string): never {
  throw new SimulationInputError(`startEmbeddedBroker: ${message}`);
}

function wholeNumber(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(tr({ en: `option ${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`, ko: `옵션 ${name}은(는) ${min}부터 ${max}까지의 정수여야 합니다. 받은 값: ${JSON.stringify(value)}.` }));
  }
  return value;
}

interface Resolved {
  port: number;
  brokers: number;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  seed: number;
  dropProduceResponses: number;
  host: string;
  advertisedHost: string;
  groupInitialRebalanceDelayMs: number;
}

/** Check the options and fill in the defaults; the error names the option and what is allowed. */
export function resolveEmbeddedBrokerOptions(options: EmbeddedBrokerOptions = {}): Resolved {
  if (typeof options !== "object" || options === null) fail(tr({ en: `options must be an object, got ${JSON.stringify(options)}.`, ko: `options는 객체여야 합니다. 받은 값: ${JSON.stringify(options)}.` }));
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      const dotted = key.includes(".") || key.includes("-");
      fail(
        tr({
          en: `unknown option "${key}"${dotted ? " (options use camelCase, e.g. minInsyncReplicas for min.insync.replicas)" : ""}. Allowed: ${OPTION_NAMES.join(", ")}.`,
          ko: `"${key}": 이런 옵션은 없습니다${dotted ? " (옵션은 camelCase로 씁니다. 예: min.insync.replicas는 minInsyncReplicas)" : ""}. 쓸 수 있는 옵션: ${OPTION_NAMES.join(", ")}.`,
        }),
      );
    }
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...EMBEDDED_BROKER_DEFAULTS, ...defined } as Resolved & EmbeddedBrokerOptions;
  wholeNumber("port", o.port, 0, 65535);
  wholeNumber("brokers", o.brokers, 1, 100);
  wholeNumber("partitions", o.partitions, 1, 10_000);
  wholeNumber("replicationFactor", o.replicationFactor, 1, o.brokers);
  wholeNumber("minInsyncReplicas", o.minInsyncReplicas, 1, o.replicationFactor);
  wholeNumber("seed", o.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  wholeNumber("groupInitialRebalanceDelayMs", o.groupInitialRebalanceDelayMs, 0, 300_000);
  const rate = o.dropProduceResponses;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    fail(tr({ en: `option dropProduceResponses must be a probability from 0 to 1 (e.g. 0.1), got ${JSON.stringify(rate)}.`, ko: `옵션 dropProduceResponses는 0에서 1 사이의 확률이어야 합니다(예: 0.1). 받은 값: ${JSON.stringify(rate)}.` }));
  }
  if (typeof o.host !== "string" || o.host.trim() === "") {
    fail(tr({ en: `option host must be an address to bind such as "127.0.0.1", got ${JSON.stringify(o.host)}.`, ko: `옵션 host는 "127.0.0.1" 같은 바인드 주소여야 합니다. 받은 값: ${JSON.stringify(o.host)}.` }));
  }
  const refusal = advertisedHostRefusal(o.host, o.advertisedHost);
  if (refusal) fail(`option ${refusal}`);
  if (o.stateTable !== undefined && typeof o.stateTable !== "string" && typeof o.stateTable !== "function") {
    const got = JSON.stringify(o.stateTable);
    fail(tr({ en: `option stateTable must be a path to a sequence-validation.ts file or a function returning a table, got ${got}.`, ko: `옵션 stateTable은 sequence-validation.ts 파일의 경로나 표를 돌려주는 함수여야 합니다. 받은 값: ${got}.` }));
  }
  if (typeof o.stateTable === "string" && o.stateTable.trim() === "") {
    fail(tr({ en: "option stateTable must be a path to a sequence-validation.ts file, got an empty string.", ko: "옵션 stateTable은 sequence-validation.ts 파일의 경로여야 합니다. 받은 값: 빈 문자열." }));
  }
  if (o.log !== undefined && typeof o.log !== "function") fail(tr({ en: "option log must be a function (line: string) => void.", ko: "옵션 log는 (line: string) => void 함수여야 합니다." }));
  return {
    port: o.port,
    brokers: o.brokers,
    partitions: o.partitions,
    replicationFactor: o.replicationFactor,
    minInsyncReplicas: o.minInsyncReplicas,
    seed: o.seed,
    dropProduceResponses: rate,
    host: o.host,
    advertisedHost: o.advertisedHost ?? o.host,
    groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs,
  };
}

/** At most this many table errors are logged one by one; after that they are only counted. */
const MAX_LOGGED_TABLE_ERRORS = 20;

/**
 * Wrap a producer-state table factory so that whatever the table does wrong is logged and thrown back to the
 * broker core, which answers the produce request with UNKNOWN_SERVER_ERROR (broker/broker.ts produceToPartition): a
 * constructor that throws, or a `get`/`append` that throws, fails requests, not the broker.
 */
export function guardStateTable(factory: StateTableFactory, log: (line: string) => void, source: string): StateTableFactory {
  let logged = 0;
  const report = (what: string, e: unknown): void => {
    logged++;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (logged <= MAX_LOGGED_TABLE_ERRORS) log(`producer-state table (${source}) threw in ${what}: ${msg}; the produce request gets UNKNOWN_SERVER_ERROR`);
    if (logged === MAX_LOGGED_TABLE_ERRORS) log(`producer-state table (${source}): further errors are not logged`);
  };
  return () => {
    let table: ProducerStateTableLike;
    try {
      table = factory();
      if (typeof table !== "object" || table === null || typeof table.append !== "function" || typeof table.get !== "function") {
        throw new TypeError("the table must be an object with methods get(producerId) and append(batch, firstOffset)");
      }
    } catch (e) {
      report("its constructor", e);
      const broken = e;
      return {
        get: () => {
          throw broken;
        },
        append: () => {
          throw broken;
        },
      };
    }
    const get = (producerId: number) => {
      try {
        return table.get(producerId);
      } catch (e) {
        report("get", e);
        throw e;
      }
    };
    const append = (batch: IncomingBatch, firstOffset: number) => {
      try {
        return table.append(batch, firstOffset);
      } catch (e) {
        report("append", e);
        throw e;
      }
    };
    // Only get and append are guarded; anything else the table has (the library's record(), producerIds()) is its own.
    return new Proxy(table, {
      get(target, prop) {
        if (prop === "get") return get;
        if (prop === "append") return append;
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

/** Start a simulated cluster and serve it over the Kafka protocol. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const o = resolveEmbeddedBrokerOptions(options);
  const log = options.log ?? (() => {});
  let stateTable: StateTableFactory | undefined;
  let stateTableFile: string | undefined;
  if (typeof options.stateTable === "string") {
    stateTableFile = resolve(options.stateTable);
    // Refuses a file that imports solutions/ or the library (LearnerModuleError names the import and why).
    const mod = loadStateTableModule(stateTableFile);
    stateTable = guardStateTable(() => mod.createStateTable(), log, options.stateTable);
  } else if (typeof options.stateTable === "function") {
    stateTable = guardStateTable(options.stateTable, log, "stateTable option");
  }
  const cluster = new Cluster({
    seed: o.seed,
    cluster: { brokers: o.brokers, partitions: o.partitions, replicationFactor: o.replicationFactor, minInsyncReplicas: o.minInsyncReplicas },
    // The brokers share one process: replication between them takes no simulated time (clients pay real TCP latency).
    faults: { latencyMs: 0 },
    ...(stateTable ? { stateTable } : {}),
  });
  const server = await serveCluster(cluster, {
    host: o.host,
    advertisedHost: o.advertisedHost,
    port: o.port,
    seed: o.seed,
    dropProduceResponseRate: o.dropProduceResponses,
    log,
    coordinator: { groupInitialRebalanceDelayMs: o.groupInitialRebalanceDelayMs },
  });
  let closing: Promise<void> | undefined;
  return {
    bootstrap: server.bootstrap,
    brokers: server.ports.map((p) => `${o.advertisedHost}:${p}`),
    cluster,
    served: server.served,
    faults: server.faults,
    ...(stateTableFile ? { stateTableFile } : {}),
    close: () => (closing ??= server.close()),
  };
}
