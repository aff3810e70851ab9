/**
 * A simulated Kafka cluster: the broker core (brokers, the controller, the transaction and group coordinators,
 * KafkaApis) put together with the simulated network, failures and faults, all driven by one Simulation (one seed,
 * one virtual clock). This file only assembles the parts and implements the small host interfaces through which the
 * broker core sees the world (BrokerHost, ControllerHost, TransactionCoordinatorHost); it holds no broker rules.
 *
 * Kafka: a KRaft cluster (brokers and their controller quorum).
 * Simplifications: see broker/controller.ts (leadership and the ISR), simulation/network.ts (connections) and
 * broker/broker.ts (replication).
 */
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
} from "../protocol/messages.js";
import { Simulation } from "../kernel/sim.js";
import { Trace } from "../kernel/trace.js";
import { Broker } from "../broker/broker.js";
import { Controller } from "../broker/controller.js";
import type { BrokerHost, PartitionState } from "../broker/host.js";
import { KafkaApis } from "../broker/kafka-apis.js";
import { defaultStateTableFactory, type Replica, type StateTableFactory } from "../broker/partition.js";
import { TransactionCoordinator, type TransactionCoordinatorHost } from "../broker/transaction-coordinator.js";
import { FaultInjector } from "./fault-injector.js";
import { resolveFaults, type FaultOptions } from "./faults.js";
import { SimulatedNetwork, type ClientCallback } from "./network.js";
import { resolveClusterOptions, type ClusterOptions } from "./options.js";

export { CLUSTER_DEFAULTS, resolveClusterOptions, type ClusterOptions } from "./options.js";
export type { PartitionState } from "../broker/host.js";

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

export class Cluster implements BrokerHost, TransactionCoordinatorHost {
  readonly sim: Simulation;
  /** The same object as `sim`, as the broker core sees it: only time. */
  readonly clock: Simulation;
  readonly config: ClusterOptions;
  readonly trace: Trace;
  readonly faults: FaultInjector;
  readonly brokers: Broker[];
  readonly stateTableFactory: StateTableFactory;
  /** Topics, leaders, the ISR, producer ids. */
  readonly controller: Controller;
  /** The transaction coordinator (transactional ids, epochs, markers). */
  readonly transactions: TransactionCoordinator;
  /** Where every request to a broker is dispatched, from the simulated network and from the TCP adapter alike. */
  readonly apis: KafkaApis;
  readonly network: SimulatedNetwork;
  /** Names ("broker-N") of the brokers cut off by a network partition. */
  private readonly isolated = new Set<string>();
  /** Errors thrown by a swapped-in producer-state table (the broker answered UNKNOWN_SERVER_ERROR). */
  readonly stateTableErrors: string[] = [];
  /** Called whenever a broker is crashed or isolated (a scenario waits for the failover before it ends). */
  readonly disruptionListeners = new Array<() => void>(); // not []: see "Memory" in kernel/sim.ts

  constructor(init: ClusterInit = {}) {
    this.sim = this.clock = init.sim ?? new Simulation(init.seed ?? 1);
    this.config = init.resolved?.cluster ?? resolveClusterOptions(init.cluster);
    this.trace = new Trace(init.trace ?? false);
    this.stateTableFactory = init.stateTable ?? defaultStateTableFactory;
    this.faults = new FaultInjector(this, init.resolved?.faults ?? resolveFaults(init.faults));
    this.transactions = new TransactionCoordinator(this);
    this.brokers = Array.from({ length: this.config.brokers }, (_, id) => new Broker(id, this));
    this.controller = new Controller(this.config, this.brokers, this.trace, this);
    this.apis = new KafkaApis(this.controller, this.transactions, this.sim, this.sim.random.seed);
    this.network = new SimulatedNetwork(this.sim, this.trace, this.faults, this.brokers, this.isolated, this.apis);
    for (const [name, n] of Object.entries(this.config.topics)) this.controller.createTopic(name, n);
    this.controller.scheduleIsrChecks();
    this.faults.schedulePlan();
  }

  // ---------------------------------------------------------------- the controller's answers (BrokerHost and the public API)

  get clusterId(): string {
    return this.controller.clusterId;
  }
  /** Where brokers are reachable over TCP, when served by the wire adapter (for Metadata and FindCoordinator). */
  get advertised(): Map<number, { host: string; port: number }> {
    return this.controller.advertised;
  }
  set advertised(listeners: Map<number, { host: string; port: number }>) {
    this.controller.advertised = listeners;
  }
  createTopic(name: string, partitions?: number, replicationFactor?: number): PartitionState[] {
    return this.controller.createTopic(name, partitions, replicationFactor);
  }
  partitionState(topic: string, partition: number): PartitionState | undefined {
    return this.controller.partitionState(topic, partition);
  }
  partitionsOf(topic: string): PartitionState[] {
    return this.controller.partitionsOf(topic);
  }
  topicNames(): string[] {
    return this.controller.topicNames();
  }
  topicExists(topic: string, partition: number): boolean {
    return this.controller.topicExists(topic, partition);
  }
  /** Auto-create on first use, as a client's metadata request would. */
  ensureTopic(topic: string): PartitionState[] {
    return this.controller.ensureTopic(topic);
  }
  /** The current leader's replica of a partition (undefined while offline). */
  leaderReplica(topic: string, partition: number): Replica | undefined {
    return this.controller.leaderReplica(topic, partition);
  }
  metadata(request: MetadataRequest): MetadataResponse {
    return this.controller.metadata(request);
  }
  brokerEndpoints(): BrokerEndpoint[] {
    return this.controller.brokerEndpoints();
  }
  controllerId(): number {
    return this.controller.controllerId();
  }
  allocateProducerId(): number {
    return this.controller.allocateProducerId();
  }
  createTopicsRequest(request: CreateTopicsRequest): CreateTopicsResponse {
    return this.controller.createTopicsRequest(request);
  }
  alterIsr(topic: string, partition: number, isr: number[], reason: string): void {
    this.controller.alterIsr(topic, partition, isr, reason);
  }
  initProducerId(request: InitProducerIdRequest): InitProducerIdResponse {
    return this.transactions.initProducerId(request);
  }

  /** TransactionCoordinatorHost: a marker goes to the partition's current leader, if it has a live one. */
  writeTxnMarker(topic: string, partition: number, producerId: number, producerEpoch: number, type: "COMMIT" | "ABORT"): boolean {
    const state = this.controller.partitionState(topic, partition);
    const leader = state && state.leader >= 0 ? this.brokers[state.leader] : undefined;
    return leader !== undefined && leader.alive && leader.writeTxnMarker(topic, partition, producerId, producerEpoch, type);
  }

  reportStateTableError(e: unknown): void {
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    if (this.stateTableErrors.length < 100) this.stateTableErrors.push(msg);
  }

  // ---------------------------------------------------------------- failures

  crashBroker(brokerId: number, reason = "crash"): void {
    for (const l of this.disruptionListeners) l();
    const b = this.broker(brokerId);
    if (!b.alive) return;
    b.crash();
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "crash", from: b.name, note: reason });
    this.network.failInFlight(brokerId);
    this.sim.schedule(this.config.brokerSessionTimeoutMs, () => {
      if (!b.alive) this.controller.fence(brokerId);
    });
  }

  restartBroker(brokerId: number): void {
    const b = this.broker(brokerId);
    if (b.alive) return;
    b.restart();
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "restart", from: b.name });
    this.controller.rejoin(brokerId);
  }

  isolateBroker(brokerId: number): void {
    for (const l of this.disruptionListeners) l();
    const b = this.broker(brokerId);
    this.isolated.add(b.name);
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "isolate", from: b.name });
    this.sim.schedule(this.config.brokerSessionTimeoutMs, () => {
      if (this.isolated.has(b.name)) this.controller.fence(brokerId);
    });
  }

  healBroker(brokerId: number): void {
    const b = this.broker(brokerId);
    if (!this.isolated.delete(b.name)) return;
    if (this.trace.enabled) this.trace.add({ atMs: this.sim.nowMs, type: "heal", from: b.name });
    if (b.alive) this.controller.rejoin(brokerId);
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

  /** A client (or a follower) sends a request to a broker: see SimulatedNetwork.clientRequest. */
  clientRequest(from: string, brokerId: number, request: ClientRequest, onResponse: ClientCallback): void {
    this.network.clientRequest(from, brokerId, request, onResponse);
  }
  /** Replication traffic between brokers (no injected drops; isolation and crashes apply). */
  sendBrokerRequest(fromId: number, toId: number, request: ClientRequest, onResponse: ClientCallback): void {
    this.network.clientRequest(`broker-${fromId}`, toId, request, onResponse);
  }
  /** The client gave up on a connection (request.timeout.ms): it opens a fresh one for what it sends next. */
  resetConnection(from: string, brokerId: number): void {
    this.network.resetConnection(from, brokerId);
  }

  /** The broker endpoint a transport (the TCP adapter) hands requests to: KafkaApis, for that broker. */
  endpoint(brokerId: number): { brokerId: number; handle: (request: ClientRequest, reply: (r: ClientResponse) => void) => void } {
    const broker = this.broker(brokerId);
    return { brokerId, handle: (request, reply) => this.apis.handle(broker, request, reply) };
  }

  errorCode(name: ErrorName): number {
    return Errors[name];
  }
}
