/**
 * Shared set-up for the conformance suite: each file replays the situations of one Apache Kafka test class
 * (ProducerStateManagerTest, TransactionManagerTest, SenderTest, RecordAccumulatorTest, PartitionTest,
 * TransactionCoordinatorTest, ProducerConfigTest) through the library's public API only (`import … from "kafka-sim"`):
 * a cluster, producers, requests as a client would send them, and faults as data. No internals are reached into,
 * so the cases keep working while the library's files move.
 */
import {
  Cluster,
  Producer,
  type ClientRequest,
  type ClientResponse,
  type ClusterOptions,
  type FaultAction,
  type FaultOptions,
  type ProducerConfigInput,
  type SendResult,
  type TraceEvent,
} from "kafka-sim";

export const TOPIC = "t";

/** A cluster with one broker, RF=1 and topic TOPIC unless told otherwise; 1 ms latency, trace on. */
export function makeCluster(options: Partial<ClusterOptions> = {}, faults: Partial<FaultOptions> = {}, seed = 1): Cluster {
  return new Cluster({ seed, cluster: { brokers: 1, replicationFactor: 1, topics: { [TOPIC]: options.partitions ?? 1 }, ...options }, faults: { latencyMs: 1, ...faults }, trace: true });
}

export function makeProducer(cluster: Cluster, config: ProducerConfigInput = {}, name = "producer"): Producer {
  return new Producer(cluster, config, { name });
}

/** Run the simulation for `ms` more virtual milliseconds. */
export function runFor(cluster: Cluster, ms: number): void {
  cluster.sim.runUntil(cluster.sim.nowMs + ms);
}

/** Run until `done()` holds (checked after every event) or `limitMs` more virtual milliseconds pass. */
export function runUntil(cluster: Cluster, done: () => boolean, limitMs = 300_000): void {
  const sim = cluster.sim;
  const limit = sim.nowMs + limitMs;
  while (!done()) {
    const next = sim.peekTimeMs();
    if (next === undefined || next > limit) break;
    sim.step();
  }
}

/** Send `n` records ("v0", "v1", … unless a prefix is given) to one partition. */
export function sendMany(p: Producer, n: number, partition = 0, prefix = "v", topic = TOPIC): SendResult[] {
  const out: SendResult[] = [];
  for (let i = 0; i < n; i++) out.push(p.send({ topic, partition, value: `${prefix}${i}` }));
  return out;
}

/** Apply a fault now (the plan's one-shot hooks, armed at once). */
export function fault(cluster: Cluster, action: FaultAction): void {
  cluster.faults.apply(action);
}

export function events(cluster: Cluster, type: TraceEvent["type"], from?: string): TraceEvent[] {
  return cluster.trace.events.filter((e) => e.type === type && (from === undefined || e.from === from));
}

/** The record values in the partition leader's log (data batches only), in offset order. */
export function logValues(cluster: Cluster, partition = 0, topic = TOPIC): string[] {
  const replica = cluster.leaderReplica(topic, partition);
  if (!replica) return [];
  const out: string[] = [];
  for (const b of replica.batches) if (!b.isControl) for (const r of b.records) out.push(String(r.value));
  return out;
}

/** The leader's data batches of a partition: producer id, epoch, base sequence and size of each. */
export function logBatches(cluster: Cluster, partition = 0, topic = TOPIC): Array<{ producerId: number; epoch: number; baseSequence: number; count: number; isControl: boolean; controlType?: string }> {
  const replica = cluster.leaderReplica(topic, partition);
  return (replica?.batches ?? []).map((b) => ({ producerId: b.producerId, epoch: b.producerEpoch, baseSequence: b.baseSequence, count: b.records.length, isControl: b.isControl, controlType: b.controlType }));
}

/**
 * Send one request to a broker as a client would (KafkaApis handles it) and run the simulation until the answer
 * comes back. Throws if none comes within `limitMs`.
 */
export function call<R extends ClientResponse>(cluster: Cluster, request: ClientRequest, brokerId = 0, limitMs = 60_000): R {
  let answer: ClientResponse | "NETWORK_EXCEPTION" | undefined;
  cluster.clientRequest("test-client", brokerId, request, (r) => (answer = r));
  runUntil(cluster, () => answer !== undefined, limitMs);
  if (answer === undefined) throw new Error(`no answer to ${request.api} within ${limitMs} ms`);
  if (answer === "NETWORK_EXCEPTION") throw new Error(`${request.api}: the connection broke`);
  return answer as R;
}

/** A transactional producer that has finished InitProducerId. */
export function readyTransactionalProducer(cluster: Cluster, transactionalId: string, config: ProducerConfigInput = {}, name = "producer"): Producer {
  const p = makeProducer(cluster, { "transactional.id": transactionalId, ...config }, name);
  runUntil(cluster, () => p.txnState === "Ready");
  if (p.txnState !== "Ready") throw new Error(`${name} did not become Ready (state ${p.txnState})`);
  return p;
}

/** Commit and run until the callback reports; returns the error ("NONE" on success). */
export function commit(cluster: Cluster, p: Producer, limitMs = 300_000): string {
  let result: string | undefined;
  p.commitTransaction((e) => (result = e));
  runUntil(cluster, () => result !== undefined, limitMs);
  return result ?? "NO ANSWER";
}

export function abort(cluster: Cluster, p: Producer, limitMs = 300_000): string {
  let result: string | undefined;
  p.abortTransaction((e) => (result = e));
  runUntil(cluster, () => result !== undefined, limitMs);
  return result ?? "NO ANSWER";
}

/** An idempotent producer whose InitProducerId has been answered. */
export function readyIdempotentProducer(cluster: Cluster, config: ProducerConfigInput = {}, name = "producer"): Producer {
  const p = makeProducer(cluster, config, name);
  runUntil(cluster, () => p.producerId >= 0);
  return p;
}
