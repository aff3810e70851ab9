/**
 * The simulated cluster's settings: Kafka's broker and topic settings (camelCase), their Kafka defaults, and their
 * validation (a wrong name or value is refused with a message that names what is allowed).
 */
import { tr } from "../kernel/locale.js";
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
  /**
   * transaction.version, the cluster's finalized feature (Kafka 4.x default 2): 2 = transactions v2 (KIP-890) for
   * clients that speak it (the simulated producer does; clients whose EndTxn is below v5 keep v1), 1 = v1 for all.
   */
  transactionVersion: 1 | 2;
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
  transactionVersion: 2,
  topics: {},
};

export function resolveClusterOptions(input: Partial<ClusterOptions> = {}): ClusterOptions {
  const allowed = Object.keys(CLUSTER_DEFAULTS);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      const dotted = key.includes(".");
      throw new SimulationInputError(
        tr({
          en: `Unknown cluster option "${key}"${dotted ? " (cluster options use camelCase, e.g. minInsyncReplicas for min.insync.replicas)" : ""}. Allowed: ${allowed.join(", ")}.`,
          ko: `"${key}": 이런 클러스터 옵션은 없습니다${dotted ? " (클러스터 옵션은 camelCase로 씁니다. 예: min.insync.replicas는 minInsyncReplicas)" : ""}. 쓸 수 있는 옵션: ${allowed.join(", ")}.`,
        }),
      );
    }
  }
  const o: ClusterOptions = { ...CLUSTER_DEFAULTS, ...input, topics: { ...(input.topics ?? {}) } };
  const int = (name: keyof ClusterOptions, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      const any = max === Number.MAX_SAFE_INTEGER;
      throw new SimulationInputError(
        tr({
          en: `Cluster option ${name} must be an integer from ${min} to ${any ? "any" : max}, got ${JSON.stringify(v)}.`,
          ko: `클러스터 옵션 ${name}은(는) ${any ? `${min} 이상의` : `${min}부터 ${max}까지의`} 정수여야 합니다. 받은 값: ${JSON.stringify(v)}.`,
        }),
      );
    }
  };
  int("brokers", 1, 100);
  int("partitions", 1, 10_000);
  int("replicationFactor", 1, o.brokers);
  int("minInsyncReplicas", 1);
  for (const k of ["replicaLagTimeMaxMs", "replicaFetchWaitMaxMs", "replicaFetchBackoffMs", "replicaSocketTimeoutMs", "brokerSessionTimeoutMs"] as const) int(k, 0);
  for (const k of ["uncleanLeaderElection", "autoCreateTopics"] as const) {
    if (typeof o[k] !== "boolean") {
      throw new SimulationInputError(tr({ en: `Cluster option ${k} must be true or false, got ${JSON.stringify(o[k])}.`, ko: `클러스터 옵션 ${k}은(는) true 또는 false여야 합니다. 받은 값: ${JSON.stringify(o[k])}.` }));
    }
  }
  if (o.transactionVersion !== 1 && o.transactionVersion !== 2) {
    const got = JSON.stringify(o.transactionVersion);
    throw new SimulationInputError(
      tr({
        en: `Cluster option transactionVersion must be 1 or 2 (Kafka's transaction.version feature), got ${got}.`,
        ko: `클러스터 옵션 transactionVersion은 1 또는 2(Kafka의 transaction.version 기능)여야 합니다. 받은 값: ${got}.`,
      }),
    );
  }
  for (const [name, n] of Object.entries(o.topics)) {
    if (!Number.isInteger(n) || n < 1) {
      throw new SimulationInputError(tr({ en: `Topic "${name}" needs a whole number of partitions >= 1, got ${JSON.stringify(n)}.`, ko: `토픽 "${name}"의 파티션 수는 1 이상의 정수여야 합니다. 받은 값: ${JSON.stringify(n)}.` }));
    }
  }
  return o;
}
