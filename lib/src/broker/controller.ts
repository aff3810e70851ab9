/**
 * The controller: topics, partition leadership and the ISR, producer ids; it elects leaders and tells every broker
 * its role.
 *
 * Kafka: the KRaft controller (QuorumController, ReplicationControlManager, PartitionChangeBuilder) and
 * ProducerIdManager.
 * Simplifications: the controller is not itself simulated (no quorum, no metadata log): it sees a broker gone after
 * `broker.session.timeout.ms` (its host tells it, through `fence`), elects leaders from the ISR (or from any live
 * replica when unclean leader election is on), and tells every broker at once. Topic metadata is known to clients
 * without a round trip. Replica placement is round-robin. Kafka 4.x also elects from Eligible Leader Replicas
 * (KIP-966) when the ISR is empty; this model does not: with unclean election off, a partition whose ISR is all gone
 * stays offline until one of them returns.
 */
import { SimulationInputError, type ErrorName } from "../protocol/errors.js";
import type { BrokerEndpoint, CreateTopicsRequest, CreateTopicsResponse, FindCoordinatorResponse, MetadataRequest, MetadataResponse, PartitionMetadata } from "../protocol/messages.js";
import type { Clock } from "../kernel/sim.js";
import type { Trace } from "../kernel/trace.js";
import type { Broker } from "./broker.js";
import type { PartitionState } from "./host.js";

/** The cluster settings the controller reads (see simulation/options.ts for their defaults). */
export interface ControllerConfig {
  readonly brokers: number;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly uncleanLeaderElection: boolean;
  readonly replicaLagTimeMaxMs: number;
  readonly autoCreateTopics: boolean;
}

/** What the controller needs from the world around it. */
export interface ControllerHost {
  readonly clock: Clock;
  /** Is this broker cut off from the others (a network partition)? It cannot lead then. */
  isIsolated(brokerId: number): boolean;
}

export class Controller {
  readonly clusterId = "sim-cluster";
  private readonly topics = new Map<string, PartitionState[]>();
  private nextProducerId = 0;
  /** Where brokers are reachable over TCP, when served by the wire adapter (for Metadata and FindCoordinator). */
  advertised = new Map<number, { host: string; port: number }>();

  constructor(
    private readonly config: ControllerConfig,
    private readonly brokers: readonly Broker[],
    private readonly trace: Trace,
    private readonly host: ControllerHost,
  ) {}

  createTopic(name: string, partitions = this.config.partitions, replicationFactor = this.config.replicationFactor): PartitionState[] {
    const err = this.topicCreationError(name, partitions, replicationFactor);
    if (err) throw new SimulationInputError(err.message);
    const n = this.config.brokers;
    const states: PartitionState[] = [];
    for (let p = 0; p < partitions; p++) {
      const replicas = Array.from({ length: replicationFactor }, (_, i) => (p + i) % n);
      const leader = replicas.find((id) => this.brokers[id]!.alive && !this.host.isIsolated(id)) ?? -1;
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
      .map((b) => ({ nodeId: b.brokerId, ...this.endpointOf(b.brokerId), rack: null }));
  }

  /** Where clients reach a broker: its advertised listener when served over TCP, else its simulated name. */
  private endpointOf(brokerId: number): { host: string; port: number } {
    const a = this.advertised.get(brokerId);
    return { host: a?.host ?? `broker-${brokerId}`, port: a?.port ?? 9092 };
  }

  controllerId(): number {
    return this.brokers.find((b) => b.alive)?.brokerId ?? -1;
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
    if (this.trace.enabled) this.trace.add({ atMs: this.host.clock.nowMs, type: "isr-change", topic, partition, note: `ISR ${JSON.stringify(isr)}: ${reason}` });
  }

  /** The controller notices a broker is gone (session timeout): it leaves every ISR and loses its leaderships. */
  fence(brokerId: number): void {
    for (const states of this.topics.values()) {
      for (const s of states) {
        if (!s.replicas.includes(brokerId)) continue;
        const wasLeader = s.leader === brokerId;
        if (s.isr.includes(brokerId) && (s.isr.length > 1 || !wasLeader)) s.isr = s.isr.filter((id) => id !== brokerId);
        if (wasLeader || s.leader < 0) this.elect(s, `broker ${brokerId} fenced`);
        else {
          this.trace.add({ atMs: this.host.clock.nowMs, type: "isr-change", topic: s.topic, partition: s.partition, note: `ISR ${JSON.stringify(s.isr)}: broker ${brokerId} fenced` });
          // A smaller ISR may let the high watermark move and release acks=all produces (Partition.maybeIncrementLeaderHW).
          this.brokers[s.leader]!.maybeAdvanceHighWatermark(s.topic, s.partition);
        }
      }
    }
  }

  private reachable(id: number): boolean {
    return this.brokers[id]!.alive && !this.host.isIsolated(id);
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
        atMs: this.host.clock.nowMs,
        type: "leader-change",
        topic: s.topic,
        partition: s.partition,
        note: leader >= 0 ? `broker ${leader} leads (epoch ${s.leaderEpoch})${unclean ? ", UNCLEAN election: it was not in the ISR" : ""}: ${reason}` : `no leader (no live in-sync replica): ${reason}`,
      });
    }
    this.announce(s);
  }

  scheduleIsrChecks(): void {
    const every = Math.max(1, Math.floor(this.config.replicaLagTimeMaxMs / 2));
    const tick = (): void => {
      for (const b of this.brokers) if (b.alive) b.checkIsrExpiry();
      this.host.clock.schedule(every, tick);
    };
    this.host.clock.schedule(every, tick);
  }

  /** A broker comes back: it follows the current leaders (truncating where its log diverged), or leads offline partitions it can. */
  rejoin(brokerId: number): void {
    for (const states of this.topics.values()) {
      for (const s of states) {
        if (!s.replicas.includes(brokerId)) continue;
        if (s.leader < 0) this.elect(s, `broker ${brokerId} is back`);
        else if (s.leader === brokerId) this.brokers[brokerId]!.becomeLeader(s.topic, s.partition, s.leaderEpoch);
        else this.brokers[brokerId]!.becomeFollower(s.topic, s.partition, s.leader, s.leaderEpoch);
      }
    }
  }

  /**
   * FindCoordinator. Simplification: the lowest-numbered live broker coordinates every group (key type 0) and every
   * transactional id (key type 1); Kafka routes each to the leader of its __consumer_offsets or __transaction_state
   * partition and answers NOT_COORDINATOR elsewhere.
   */
  findCoordinator(keyType: 0 | 1): FindCoordinatorResponse {
    const node = this.brokers.find((b) => b.alive);
    if (!node) {
      return { api: "FindCoordinator", error: "COORDINATOR_NOT_AVAILABLE", errorMessage: `no live broker to coordinate the ${keyType === 1 ? "transactional id" : "group"}`, nodeId: -1, host: "", port: -1, throttleTimeMs: 0 };
    }
    const where = this.endpointOf(node.brokerId);
    return { api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: node.brokerId, host: where.host, port: where.port, throttleTimeMs: 0 };
  }
}
