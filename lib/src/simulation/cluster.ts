/**
 * A simulated Kafka cluster: brokers, a controller, and the network between them and their clients,
 * all driven by one Simulation (one seed, one virtual clock).
 *
 * Kafka: the KRaft controller (QuorumController, PartitionChangeBuilder), ReplicaManager.
 * Simplifications: the controller is not itself simulated (no quorum, no metadata log): it sees brokers
 * crash after `broker.session.timeout.ms`, elects leaders from the ISR (or from any live replica when
 * unclean leader election is on), and tells every broker at once. Topic metadata is known to clients
 * without a round trip. Replica placement is round-robin.
 */
import { Broker, tpKey } from "../broker/broker.js";
import { Errors, SimulationInputError, type ErrorName } from "../protocol/errors.js";
import type {
  BrokerEndpoint,
  ClientRequest,
  ClientResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
  MetadataRequest,
  MetadataResponse,
  PartitionMetadata,
  ProduceRequest,
  ProduceResponse,
} from "../protocol/messages.js";
import { defaultStateTableFactory, type StateTableFactory } from "../broker/partition.js";
import { resolveFaults, type FaultAction, type FaultOptions } from "./faults.js";
import { Simulation } from "../kernel/sim.js";
import { TransactionCoordinator } from "../broker/transaction-coordinator.js";
import { Trace } from "../kernel/trace.js";

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

/** The controller's view of one partition. */
export interface PartitionState {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number; // -1 = offline
  leaderEpoch: number;
  isr: number[];
}

type ClientCallback = (response: ClientResponse | "NETWORK_EXCEPTION") => void;

/**
 * A client's connection to a broker. Kafka's SocketServer mutes a connection while one of its requests is being
 * handled and until its response is sent, so a broker handles one connection's requests one at a time, in order,
 * and answers them in order; the others wait in `waiting`.
 */
class Connection {
  id = 0;
  dead = false;
  busy = false;
  waiting = new Array<Exchange>(); // not []: see "Memory" in sim.ts
}

/**
 * One request on its way: through the network, a broker's queue and handling, and its answer back.
 * Its steps are Cluster methods taking the exchange (rather than closures made per request: a sweep makes
 * millions of requests, and every closure and its captured context is garbage to collect).
 */
class Exchange {
  /** Answered, failed or lost: the callback will not be called (again). */
  done = false;
  /** The broker replied (or will not: acks=0); a later reply is ignored. */
  replied = false;
  /** The broker's requests-in-flight set this exchange joined on delivery (a crash fails them all). */
  inFlightSet?: Set<Exchange>;
  constructor(
    readonly from: string,
    readonly to: string,
    readonly brokerId: number,
    readonly broker: Broker,
    readonly request: ClientRequest,
    readonly callback: ClientCallback,
    readonly fromClient: boolean,
    readonly conn: Connection | undefined,
    readonly connId: number,
    readonly message: number | undefined,
  ) {}
}

export interface ClusterInit {
  seed?: number;
  sim?: Simulation;
  cluster?: Partial<ClusterOptions>;
  faults?: Partial<FaultOptions>;
  trace?: boolean;
  /** Replace every partition's producer-state table (e.g. with a learner's ProducerStateTable). */
  stateTable?: StateTableFactory;
  /**
   * Options already resolved and validated (by resolveClusterOptions and resolveFaults), used instead of `cluster`
   * and `faults`: a sweep resolves them once for all its scenarios. Never changed by the cluster.
   */
  resolved?: { cluster: ClusterOptions; faults: FaultOptions };
}

export class Cluster {
  readonly sim: Simulation;
  readonly config: ClusterOptions;
  readonly trace: Trace;
  readonly faults: FaultInjector;
  readonly brokers: Broker[];
  readonly stateTableFactory: StateTableFactory;
  /** The transaction coordinator (transactional ids, epochs, markers). */
  readonly transactions: TransactionCoordinator;
  readonly clusterId = "sim-cluster";
  private readonly topics = new Map<string, PartitionState[]>();
  private readonly isolated = new Set<string>();
  private readonly inFlight = new Map<number, Set<Exchange>>();
  private nextProducerId = 0;
  /** Errors thrown by a swapped-in producer-state table (the broker answered UNKNOWN_SERVER_ERROR). */
  readonly stateTableErrors: string[] = [];
  /** Where brokers are reachable over TCP, when served by the wire adapter (for Metadata). */
  advertised = new Map<number, { host: string; port: number }>();
  /** Called whenever a broker is crashed or isolated (a scenario waits for the failover before it ends). */
  readonly disruptionListeners = new Array<() => void>(); // not []: see "Memory" in sim.ts
  /** Consumer-group APIs are answered by this handler when set (lib/src/group-coordinator.ts). */
  groupHandler?: (broker: Broker, request: ClientRequest, reply: (r: ClientResponse) => void) => void;

  constructor(init: ClusterInit = {}) {
    this.sim = init.sim ?? new Simulation(init.seed ?? 1);
    this.config = init.resolved?.cluster ?? resolveClusterOptions(init.cluster);
    this.trace = new Trace(init.trace ?? false);
    this.stateTableFactory = init.stateTable ?? defaultStateTableFactory;
    this.faults = new FaultInjector(this, init.resolved?.faults ?? resolveFaults(init.faults));
    this.transactions = new TransactionCoordinator(this);
    this.brokers = Array.from({ length: this.config.brokers }, (_, id) => new Broker(id, this));
    for (const [name, n] of Object.entries(this.config.topics)) this.createTopic(name, n);
    this.scheduleIsrChecks();
    this.faults.schedulePlan();
  }

  // ---------------------------------------------------------------- topics and metadata

  createTopic(name: string, partitions = this.config.partitions, replicationFactor = this.config.replicationFactor): PartitionState[] {
    const err = this.topicCreationError(name, partitions, replicationFactor);
    if (err) throw new SimulationInputError(err.message);
    const n = this.config.brokers;
    const states: PartitionState[] = [];
    for (let p = 0; p < partitions; p++) {
      const replicas = Array.from({ length: replicationFactor }, (_, i) => (p + i) % n);
      const leader = replicas.find((id) => this.brokers[id]!.alive && !this.isolated.has(`broker-${id}`)) ?? -1;
      states.push({ topic: name, partition: p, replicas, leader, leaderEpoch: 0, isr: leader === -1 ? [] : [...replicas].sort((a, b) => a - b) });
    }
    this.topics.set(name, states);
    for (const s of states) this.announce(s);
    return states;
  }

  private topicCreationError(name: string, partitions: number, rf: number): { error: ErrorName; message: string } | undefined {
    if (typeof name !== "string" || !/^[a-zA-Z0-9._-]{1,249}$/.test(name)) {
      return { error: "INVALID_TOPIC_EXCEPTION", message: `Invalid topic name ${JSON.stringify(name)}: use 1-249 characters from a-z, A-Z, 0-9, '.', '_' and '-'.` };
    }
    if (this.topics.has(name)) return { error: "TOPIC_ALREADY_EXISTS", message: `Topic '${name}' already exists.` };
    if (!Number.isInteger(partitions) || partitions < 1) return { error: "INVALID_PARTITIONS", message: `Number of partitions must be an integer >= 1, got ${partitions}.` };
    if (!Number.isInteger(rf) || rf < 1 || rf > this.config.brokers) {
      return { error: "INVALID_REPLICATION_FACTOR", message: `Replication factor must be an integer from 1 to the number of brokers (${this.config.brokers}), got ${rf}.` };
    }
    return undefined;
  }

  partitionState(topic: string, partition: number): PartitionState | undefined {
    if (topic === this.lastTopic) return this.lastTopicStates![partition]; // the usual single topic: no Map lookup
    const states = this.topics.get(topic);
    if (!states) return undefined;
    this.lastTopic = topic;
    this.lastTopicStates = states;
    return states[partition];
  }
  private lastTopic?: string;
  private lastTopicStates?: PartitionState[];

  partitionsOf(topic: string): PartitionState[] {
    const t = this.topics.get(topic);
    if (!t) throw new SimulationInputError(`Unknown topic "${topic}". Topics: ${[...this.topics.keys()].join(", ") || "(none)"}.`);
    return t;
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  topicExists(topic: string, partition: number): boolean {
    const t = this.topics.get(topic);
    return t !== undefined && partition >= 0 && partition < t.length;
  }

  /** Auto-create on first use, as a client's metadata request would. */
  ensureTopic(topic: string): PartitionState[] {
    if (topic === this.lastTopic) return this.lastTopicStates!;
    return this.topics.get(topic) ?? this.createTopic(topic);
  }

  /** The current leader's replica of a partition (undefined while offline). */
  leaderReplica(topic: string, partition: number) {
    const s = this.partitionState(topic, partition);
    if (!s || s.leader < 0) return undefined;
    return this.brokers[s.leader]!.replica(topic, partition);
  }

  metadata(request: MetadataRequest): MetadataResponse {
    const names = request.topics ?? [...this.topics.keys()];
    const topics: MetadataResponse["topics"] = [];
    for (const name of names) {
      if (!this.topics.has(name) && request.allowAutoTopicCreation && this.config.autoCreateTopics && !this.topicCreationError(name, this.config.partitions, this.config.replicationFactor)) {
        this.createTopic(name);
      }
      const states = this.topics.get(name);
      if (!states) {
        topics.push({ topic: name, error: "UNKNOWN_TOPIC_OR_PARTITION", isInternal: false, partitions: [] });
        continue;
      }
      topics.push({
        topic: name,
        error: "NONE",
        isInternal: false,
        partitions: states.map((s): PartitionMetadata => ({
          partition: s.partition,
          error: s.leader < 0 ? "LEADER_NOT_AVAILABLE" : "NONE",
          leader: s.leader,
          leaderEpoch: s.leaderEpoch,
          replicas: [...s.replicas],
          isr: [...s.isr],
          offlineReplicas: s.replicas.filter((id) => !this.brokers[id]!.alive),
        })),
      });
    }
    return { api: "Metadata", brokers: this.brokerEndpoints(), clusterId: this.clusterId, controllerId: this.controllerId(), topics };
  }

  brokerEndpoints(): BrokerEndpoint[] {
    return this.brokers
      .filter((b) => b.alive)
      .map((b) => {
        const a = this.advertised.get(b.brokerId);
        return { nodeId: b.brokerId, host: a?.host ?? `broker-${b.brokerId}`, port: a?.port ?? 9092, rack: null };
      });
  }

  controllerId(): number {
    return this.brokers.find((b) => b.alive)?.brokerId ?? -1;
  }

  initProducerId(request: InitProducerIdRequest): InitProducerIdResponse {
    if (request.transactionalId !== null && request.transactionalId !== undefined) return this.transactions.initProducerId(request);
    const producerId = this.allocateProducerId();
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "init-producer-id", producerId, epoch: 0 });
    return { api: "InitProducerId", error: "NONE", producerId, producerEpoch: 0, throttleTimeMs: 0 };
  }

  /** A fresh producer id (Kafka: ProducerIdManager). */
  allocateProducerId(): number {
    return this.nextProducerId++;
  }

  createTopicsRequest(request: CreateTopicsRequest): CreateTopicsResponse {
    return {
      api: "CreateTopics",
      topics: request.topics.map((t) => {
        const partitions = t.numPartitions === -1 ? this.config.partitions : t.numPartitions;
        const rf = t.replicationFactor === -1 ? this.config.replicationFactor : t.replicationFactor;
        const err = this.topicCreationError(t.name, partitions, rf);
        if (err) return { name: t.name, error: err.error, errorMessage: err.message };
        if (!request.validateOnly) this.createTopic(t.name, partitions, rf);
        return { name: t.name, error: "NONE" as ErrorName, errorMessage: null };
      }),
    };
  }

  handleGroupRequest(broker: Broker, request: ClientRequest, reply: (r: ClientResponse) => void): void {
    if (this.groupHandler) return this.groupHandler(broker, request, reply);
    throw new SimulationInputError(`Broker ${broker.brokerId} cannot answer ${request.api}: no group coordinator is attached to this cluster.`);
  }

  reportStateTableError(e: unknown): void {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (this.stateTableErrors.length < 100) this.stateTableErrors.push(msg);
  }

  // ---------------------------------------------------------------- the controller

  /** Tell every broker its role for a partition (Kafka: the brokers replay the partition-change record). */
  private announce(s: PartitionState): void {
    for (const id of s.replicas) {
      const b = this.brokers[id]!;
      if (!b.alive) continue;
      if (id === s.leader) b.becomeLeader(s.topic, s.partition, s.leaderEpoch);
      else if (s.leader >= 0) b.becomeFollower(s.topic, s.partition, s.leader, s.leaderEpoch);
      else b.becomeOffline(s.topic, s.partition);
    }
  }

  /** A leader changes the ISR (Kafka's AlterPartition, applied at once). */
  alterIsr(topic: string, partition: number, isr: number[], reason: string): void {
    const s = this.partitionState(topic, partition)!;
    if (s.isr.length === isr.length && s.isr.every((id, i) => id === isr[i])) return;
    s.isr = isr;
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "isr-change", topic, partition, note: `ISR ${JSON.stringify(isr)}: ${reason}` });
  }

  /** The controller notices a broker is gone (session timeout): it leaves every ISR and loses its leaderships. */
  private fence(brokerId: number): void {
    for (const states of this.topics.values()) {
      for (const s of states) {
        if (!s.replicas.includes(brokerId)) continue;
        const wasLeader = s.leader === brokerId;
        if (s.isr.includes(brokerId) && (s.isr.length > 1 || !wasLeader)) s.isr = s.isr.filter((id) => id !== brokerId);
        if (wasLeader || s.leader < 0) this.elect(s, `broker ${brokerId} fenced`);
        else {
          this.trace.add({ atMs: this.sim.nowMs, type: "isr-change", topic: s.topic, partition: s.partition, note: `ISR ${JSON.stringify(s.isr)}: broker ${brokerId} fenced` });
          // A smaller ISR may let the high watermark move and release acks=all produces (Partition.maybeIncrementLeaderHW).
          this.brokers[s.leader]!.maybeAdvanceHighWatermark(s.topic, s.partition);
        }
      }
    }
  }

  private reachable(id: number): boolean {
    return this.brokers[id]!.alive && !this.isolated.has(`broker-${id}`);
  }

  /** Elect a leader: the first live ISR member in replica order; else, only if unclean election is on, any live replica. */
  private elect(s: PartitionState, reason: string): void {
    let leader = s.replicas.find((id) => s.isr.includes(id) && this.reachable(id)) ?? -1;
    let unclean = false;
    if (leader === -1 && this.config.uncleanLeaderElection) {
      leader = s.replicas.find((id) => this.reachable(id)) ?? -1;
      unclean = leader !== -1;
    }
    const previous = s.leader;
    s.leader = leader;
    if (leader >= 0) {
      s.leaderEpoch++;
      if (unclean) s.isr = [leader];
    }
    if (previous !== leader) {
      if (this.trace.enabled) this.trace.add({
        atMs: this.sim.nowMs,
        type: "leader-change",
        topic: s.topic,
        partition: s.partition,
        note: leader >= 0 ? `broker ${leader} leads (epoch ${s.leaderEpoch})${unclean ? ", UNCLEAN election: it was not in the ISR" : ""}: ${reason}` : `no leader (no live in-sync replica): ${reason}`,
      });
    }
    this.announce(s);
  }

  private scheduleIsrChecks(): void {
    const every = Math.max(1, Math.floor(this.config.replicaLagTimeMaxMs / 2));
    const tick = (): void => {
      for (const b of this.brokers) if (b.alive) b.checkIsrExpiry();
      this.sim.schedule(every, tick);
    };
    this.sim.schedule(every, tick);
  }

  // ---------------------------------------------------------------- failures

  crashBroker(brokerId: number, reason = "crash"): void {
    for (const l of this.disruptionListeners) l();
    const b = this.broker(brokerId);
    if (!b.alive) return;
    b.crash();
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "crash", from: b.name, note: reason });
    const pending = this.inFlight.get(brokerId);
    if (pending) {
      // The clients' connections break: every request waiting on this broker fails (NetworkException).
      for (const f of pending) this.sendBack(`broker-${brokerId}`, f, "NETWORK_EXCEPTION", true);
      pending.clear();
    }
    this.sim.schedule(this.config.brokerSessionTimeoutMs, () => {
      if (!b.alive) this.fence(brokerId);
    });
  }

  restartBroker(brokerId: number): void {
    const b = this.broker(brokerId);
    if (b.alive) return;
    b.restart();
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "restart", from: b.name });
    this.rejoin(brokerId);
  }

  isolateBroker(brokerId: number): void {
    for (const l of this.disruptionListeners) l();
    const b = this.broker(brokerId);
    this.isolated.add(b.name);
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "isolate", from: b.name });
    this.sim.schedule(this.config.brokerSessionTimeoutMs, () => {
      if (this.isolated.has(b.name)) this.fence(brokerId);
    });
  }

  healBroker(brokerId: number): void {
    const b = this.broker(brokerId);
    if (!this.isolated.delete(b.name)) return;
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "heal", from: b.name });
    if (b.alive) this.rejoin(brokerId);
  }

  /** A broker comes back: it follows the current leaders (truncating where its log diverged), or leads offline partitions it can. */
  private rejoin(brokerId: number): void {
    for (const states of this.topics.values()) {
      for (const s of states) {
        if (!s.replicas.includes(brokerId)) continue;
        if (s.leader < 0) this.elect(s, `broker ${brokerId} is back`);
        else if (s.leader === brokerId) this.brokers[brokerId]!.becomeLeader(s.topic, s.partition, s.leaderEpoch);
        else this.brokers[brokerId]!.becomeFollower(s.topic, s.partition, s.leader, s.leaderEpoch);
      }
    }
  }

  isIsolated(brokerId: number): boolean {
    return this.isolated.has(`broker-${brokerId}`);
  }

  broker(brokerId: number): Broker {
    const b = this.brokers[brokerId];
    if (!b) throw new SimulationInputError(`No broker ${brokerId}: this cluster has brokers 0 to ${this.brokers.length - 1}.`);
    return b;
  }

  // ---------------------------------------------------------------- the network

  /** Per link, when the last message sent on it arrives: TCP keeps the order of one connection. */
  private readonly linkArrivalMs = new Map<string, number>();

  /** Delay for a message from → to: latency plus jitter, but never overtaking an earlier message on the same link. */
  private latency(from: string, to: string): number {
    const f = this.faults.options;
    if (f.jitterMs <= 0) return f.latencyMs;
    const now = this.sim.nowMs;
    const link = `${from}>${to}`;
    const arrival = Math.max(now + f.latencyMs + this.sim.random.next() * f.jitterMs, this.linkArrivalMs.get(link) ?? 0);
    this.linkArrivalMs.set(link, arrival);
    return arrival - now;
  }

  /** Replication traffic between brokers (no injected drops; isolation and crashes apply). */
  sendBrokerRequest(fromId: number, toId: number, request: ClientRequest, onResponse: ClientCallback): void {
    this.clientRequest(`broker-${fromId}`, toId, request, onResponse);
  }

  /** Client connections to brokers (client name → by broker id): a lost message leaves one silent until the client closes it. */
  private readonly connections = new Map<string, Connection[]>();

  private connection(from: string, brokerId: number): Connection {
    let byBroker = this.connections.get(from);
    if (!byBroker) this.connections.set(from, (byBroker = new Array<Connection>()));
    return (byBroker[brokerId] ??= new Connection());
  }

  /** The client gave up on a connection (request.timeout.ms): it opens a fresh one for what it sends next. */
  resetConnection(from: string, brokerId: number): void {
    const c = this.connection(from, brokerId);
    c.id++;
    c.dead = false;
    c.busy = false;
    c.waiting = new Array<Exchange>();
  }

  /**
   * A client (or a follower) sends a request to a broker; `onResponse` gets the response, or "NETWORK_EXCEPTION"
   * when the connection breaks, or nothing at all when a message is lost (the sender times out by itself).
   *
   * Faithful to TCP: messages on one connection arrive in order, so a lost produce request or response means
   * the connection went silent: later requests on it are lost too and no later response arrives, until the
   * client times out and reconnects (Kafka's NetworkClient then fails every request in flight on it).
   * acks=0 is the exception: nothing is read back, so the client reconnects at once and only that request is lost.
   */
  clientRequest(from: string, brokerId: number, request: ClientRequest, onResponse: ClientCallback): void {
    const broker = this.broker(brokerId);
    const to = broker.name;
    const isProduce = request.api === "Produce";
    const fromClient = !from.startsWith("broker-");
    const conn = fromClient ? this.connection(from, brokerId) : undefined;
    const message = isProduce && this.trace.enabled ? ++this.messageSeq : undefined;
    const ex = new Exchange(from, to, brokerId, broker, request, onResponse, fromClient, conn, conn?.id ?? 0, message);
    if (isProduce) this.traceProduce("request", from, to, request as ProduceRequest, undefined, message);
    if (this.isolated.size > 0 && (this.isolated.has(from) || this.isolated.has(to))) {
      if (isProduce) this.traceProduce("drop", from, to, request as ProduceRequest, "network partition", message);
      return;
    }
    if (!broker.alive) {
      this.sendBack(to, ex, "NETWORK_EXCEPTION", false);
      return;
    }
    if (conn?.dead) {
      if (isProduce) this.traceProduce("drop", from, to, request as ProduceRequest, "the connection is silent since an earlier message was lost", message);
      return;
    }
    let delay = this.latency(from, to);
    if (isProduce && fromClient) {
      const fate = this.faults.produceRequestFate();
      if (fate.drop) {
        if ((request as ProduceRequest).acks !== 0) conn!.dead = true;
        this.traceProduce("drop", from, to, request as ProduceRequest, fate.note, message);
        return;
      }
      delay += fate.extraDelayMs;
    }
    this.sim.schedule(delay, () => this.deliver(ex));
  }

  /** The request arrives at the broker: it joins the broker's in-flight set and waits for its connection to be unmuted. */
  private deliver(ex: Exchange): void {
    if (this.isolated.size > 0 && (this.isolated.has(ex.from) || this.isolated.has(ex.to))) return;
    if (!ex.broker.alive) return this.sendBack(ex.to, ex, "NETWORK_EXCEPTION", false);
    if (ex.request.api === "Produce") this.traceProduce("deliver", ex.from, ex.to, ex.request as ProduceRequest, undefined, ex.message);
    let set = this.inFlight.get(ex.brokerId);
    if (!set) this.inFlight.set(ex.brokerId, (set = new Set()));
    set.add(ex);
    ex.inFlightSet = set;
    if (ex.conn?.busy) ex.conn.waiting.push(ex);
    else this.handleExchange(ex);
  }

  /** The connection is unmuted: the next request waiting on it may be handled. */
  private unmute(ex: Exchange): void {
    const conn = ex.conn;
    if (!conn || conn.id !== ex.connId) return;
    conn.busy = false;
    const next = conn.waiting.shift();
    if (next) this.handleExchange(next);
  }

  /** The broker handles the request (its connection muted until the answer is sent). */
  private handleExchange(ex: Exchange): void {
    const conn = ex.conn;
    if (ex.done || !ex.broker.alive || (conn && conn.id !== ex.connId)) return this.unmute(ex);
    if (conn) conn.busy = true;
    ex.broker.handle(ex.request, (response) => this.brokerReplied(ex, response));
    // acks=0: no response will come; nothing stays in flight and the connection is unmuted at once.
    if (ex.request.api === "Produce" && ex.request.acks === 0) {
      ex.inFlightSet!.delete(ex);
      ex.replied = true;
      this.unmute(ex);
    }
  }

  private brokerReplied(ex: Exchange, response: ClientResponse): void {
    if (ex.replied) return;
    ex.replied = true;
    // The answer goes out first; only then is the connection unmuted, so the next request's answer follows it.
    try {
      this.answer(ex, response);
    } finally {
      this.unmute(ex);
    }
  }

  private answer(ex: Exchange, response: ClientResponse): void {
    if (ex.done) return;
    ex.inFlightSet!.delete(ex);
    const reply = response.api === "Produce" && this.trace.enabled ? ++this.messageSeq : undefined;
    const conn = ex.conn;
    if (conn && (conn.dead || conn.id !== ex.connId)) {
      // Written (perhaps), but the answer has nowhere to go: the connection is silent or already closed.
      ex.done = true;
      if (response.api === "Produce") this.traceProduceResponse("drop", ex.to, ex.from, response, conn.dead ? "the connection is silent since an earlier message was lost" : "the client closed that connection", reply);
      return;
    }
    if (response.api === "Produce" && ex.fromClient) {
      const note = this.faults.produceResponseDropNote();
      if (note) {
        ex.done = true;
        conn!.dead = true;
        this.traceProduceResponse("drop", ex.to, ex.from, response, note, reply);
        return;
      }
      this.traceProduceResponse("response", ex.to, ex.from, response, undefined, reply);
    }
    this.sendBack(ex.to, ex, response, false, reply);
  }

  private sendBack(from: string, f: Exchange, response: ClientResponse | "NETWORK_EXCEPTION", brokenConnection: boolean, message?: number): void {
    if (f.done) return;
    f.done = true;
    const delay = brokenConnection ? this.faults.options.latencyMs : this.latency(from, f.from);
    this.sim.schedule(delay, () => {
      if (response !== "NETWORK_EXCEPTION" && this.isolated.size > 0 && (this.isolated.has(from) || this.isolated.has(f.from))) return;
      if (message !== undefined && response !== "NETWORK_EXCEPTION" && response.api === "Produce") this.traceProduceResponse("deliver", from, f.from, response, undefined, message);
      f.callback(response);
    });
  }

  private messageSeq = 0;

  private traceProduce(type: "request" | "drop" | "deliver", from: string, to: string, r: ProduceRequest, note?: string, message?: number): void {
    if (!this.trace.enabled) return;
    for (const t of r.topics) {
      for (const p of t.partitions) {
        if (this.trace.enabled) this.trace.add({
          atMs: this.sim.nowMs,
          type,
          api: "Produce",
          from,
          to,
          topic: t.topic,
          partition: p.partition,
          producerId: p.batch.producerId,
          epoch: p.batch.producerEpoch,
          baseSequence: p.batch.baseSequence,
          count: p.batch.records.length,
          recordIds: p.batch.records.map((x) => String(x.value)),
          ...(note ? { note } : {}),
          ...(message !== undefined ? { message } : {}),
        });
      }
    }
  }

  private traceProduceResponse(type: "response" | "drop" | "deliver", from: string, to: string, r: ProduceResponse, note?: string, message?: number): void {
    if (!this.trace.enabled) return;
    for (const t of r.topics) {
      for (const p of t.partitions) {
        if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type, api: "Produce", from, to, topic: t.topic, partition: p.partition, offset: p.baseOffset, error: p.error, ...(note ? { note } : {}), ...(message !== undefined ? { message } : {}) });
      }
    }
  }

  /** The broker endpoint a transport (the TCP adapter) hands requests to. */
  endpoint(brokerId: number): { brokerId: number; handle: (request: ClientRequest, reply: (r: ClientResponse) => void) => void } {
    const broker = this.broker(brokerId);
    return { brokerId, handle: (request, reply) => broker.handle(request, reply) };
  }

  errorCode(name: ErrorName): number {
    return Errors[name];
  }
}

/** Applies FaultOptions: per-message probabilities and the plan's one-shot hooks. */
export class FaultInjector {
  private dropNextRequests = 0;
  private dropNextResponses = 0;
  private failNext: Array<{ error: ErrorName; count: number }> = [];
  private crashAfterNextAppend = 0;
  private delayNext: number[] = [];
  /** Listeners for producer-level plan actions (restart-producer, bump-producer-epoch). */
  readonly producerActions = new Array<(action: FaultAction) => void>(); // not []: see "Memory" in sim.ts

  constructor(
    private readonly cluster: Cluster,
    readonly options: FaultOptions,
  ) {}

  schedulePlan(): void {
    const sim = this.cluster.sim;
    for (const action of this.options.plan) {
      sim.scheduleAt(action.atMs ?? 0, () => this.apply(action));
    }
    if (this.options.epochBumpEveryMs > 0) {
      const every = this.options.epochBumpEveryMs;
      const tick = (): void => {
        this.emitProducerAction({ atMs: sim.nowMs, action: "bump-producer-epoch" });
        sim.schedule(every, tick);
      };
      sim.schedule(every, tick);
    }
  }

  private emitProducerAction(action: FaultAction): void {
    for (const l of this.producerActions) l(action);
  }

  apply(action: FaultAction): void {
    const c = this.cluster;
    switch (action.action) {
      case "crash-broker":
        return c.crashBroker(action.broker, "planned crash");
      case "restart-broker":
        return c.restartBroker(action.broker);
      case "crash-leader": {
        const topic = c.topicNames()[0];
        if (!topic) return;
        const s = c.partitionState(topic, action.partition ?? 0);
        if (s && s.leader >= 0) c.crashBroker(s.leader, `planned crash of partition ${s.partition}'s leader`);
        return;
      }
      case "isolate-broker":
        return c.isolateBroker(action.broker);
      case "heal-broker":
        return c.healBroker(action.broker);
      case "drop-next-produce-request":
        this.dropNextRequests += action.count ?? 1;
        return;
      case "drop-next-produce-response":
        this.dropNextResponses += action.count ?? 1;
        return;
      case "fail-next-produce":
        this.failNext.push({ error: action.error, count: action.count ?? 1 });
        return;
      case "crash-leader-after-next-append":
        this.crashAfterNextAppend++;
        return;
      case "delay-next-produce-request":
        this.delayNext.push(action.extraMs);
        return;
      case "restart-producer":
      case "bump-producer-epoch":
        return this.emitProducerAction(action);
      default: {
        const unknown: never = action;
        throw new SimulationInputError(`Unknown fault action ${JSON.stringify((unknown as { action: string }).action)}.`);
      }
    }
  }

  /** Decide what happens to a client's produce request on its way to the broker. */
  produceRequestFate(): { drop: boolean; note?: string; extraDelayMs: number } {
    if (this.dropNextRequests > 0) {
      this.dropNextRequests--;
      return { drop: true, note: "planned: drop the next produce request", extraDelayMs: 0 };
    }
    if (this.cluster.sim.random.chance(this.options.dropRequestRate)) return { drop: true, note: "request lost (dropRequestRate)", extraDelayMs: 0 };
    const extra = this.delayNext.shift() ?? 0;
    return { drop: false, extraDelayMs: extra };
  }

  /** Should this produce response be lost? Returns why, or undefined. */
  produceResponseDropNote(): string | undefined {
    if (this.dropNextResponses > 0) {
      this.dropNextResponses--;
      return "planned: lose the next produce response";
    }
    if (this.cluster.sim.random.chance(this.options.dropResponseRate)) return "response lost (dropResponseRate)";
    return undefined;
  }

  /** An injected produce error for the leader to answer with, if any. */
  produceErrorFor(_brokerId: number): ErrorName | undefined {
    const next = this.failNext[0];
    if (next) {
      if (--next.count <= 0) this.failNext.shift();
      return next.error;
    }
    if (this.cluster.sim.random.chance(this.options.transientErrorRate)) return "NOT_LEADER_OR_FOLLOWER";
    return undefined;
  }

  takeCrashAfterAppend(): boolean {
    if (this.crashAfterNextAppend > 0) {
      this.crashAfterNextAppend--;
      return true;
    }
    return false;
  }
}

export { tpKey };
