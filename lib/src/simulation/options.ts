/**
 * The simulated cluster's settings: Kafka's broker and topic settings (camelCase), their Kafka defaults, and their
 * validation (a wrong name or value is refused with a message that names what is allowed).
 */
import { SimulationInputError } from "../protocol/errors.js";

export interface ClusterOptions {
  /** Number of brokers (ids 0…brokers−1). */
  brokers: number;
  /** Partitions of topics created on first use. */
  partitions: number;
  /** Replicas per partition (default.replication.factor). */
  replicationFactor: number;
  /** min.insync.replicas: a broker/topic setting (Kafka default 1). acks=all needs this many in-sync replicas. */
  minInsyncReplicas: number;
  /** unclean.leader.election.enable (Kafka default false). */
  uncleanLeaderElection: boolean;
  /** replica.lag.time.max.ms (Kafka default 30000). */
  replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms (Kafka default 500): how long a follower's fetch waits at the leader for data. */
  replicaFetchWaitMaxMs: number;
  /** replica.fetch.backoff.ms (Kafka default 1000). */
  replicaFetchBackoffMs: number;
  /** replica.socket.timeout.ms (Kafka default 30000). */
  replicaSocketTimeoutMs: number;
  /** broker.session.timeout.ms (Kafka default 9000): how long the controller waits before fencing a silent broker. */
  brokerSessionTimeoutMs: number;
  /** auto.create.topics.enable (Kafka default true). */
  autoCreateTopics: boolean;
  /** Topics to create at start: name → partitions. */
  topics: Record<string, number>;
}

export const CLUSTER_DEFAULTS: ClusterOptions = {
  brokers: 3,
  partitions: 1,
  replicationFactor: 3,
  minInsyncReplicas: 1,
  uncleanLeaderElection: false,
  replicaLagTimeMaxMs: 30_000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchBackoffMs: 1_000,
  replicaSocketTimeoutMs: 30_000,
  brokerSessionTimeoutMs: 9_000,
  autoCreateTopics: true,
  topics: {},
};

export function resolveClusterOptions(input: Partial<ClusterOptions> = {}): ClusterOptions {
  const allowed = Object.keys(CLUSTER_DEFAULTS);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      const hint = key.includes(".") ? " (cluster options use camelCase, e.g. minInsyncReplicas for min.insync.replicas)" : "";
      throw new SimulationInputError(`Unknown cluster option "${key}"${hint}. Allowed: ${allowed.join(", ")}.`);
    }
  }
  const o: ClusterOptions = { ...CLUSTER_DEFAULTS, ...input, topics: { ...(input.topics ?? {}) } };
  const int = (name: keyof ClusterOptions, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new SimulationInputError(`Cluster option ${name} must be an integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? "any" : max}, got ${JSON.stringify(v)}.`);
    }
  };
  int("brokers", 1, 100);
  int("partitions", 1, 10_000);
  int("replicationFactor", 1, o.brokers);
  int("minInsyncReplicas", 1);
  for (const k of ["replicaLagTimeMaxMs", "replicaFetchWaitMaxMs", "replicaFetchBackoffMs", "replicaSocketTimeoutMs", "brokerSessionTimeoutMs"] as const) int(k, 0);
  for (const k of ["uncleanLeaderElection", "autoCreateTopics"] as const) {
    if (typeof o[k] !== "boolean") throw new SimulationInputError(`Cluster option ${k} must be true or false, got ${JSON.stringify(o[k])}.`);
  }
  for (const [name, n] of Object.entries(o.topics)) {
    if (!Number.isInteger(n) || n < 1) throw new SimulationInputError(`Topic "${name}" needs a whole number of partitions >= 1, got ${JSON.stringify(n)}.`);
  }
  return o;
}
