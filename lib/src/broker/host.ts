/**
 * What the broker core needs from the world around it, and nothing more (h11's "no I/O" rule): a clock, a trace,
 * the controller's answers about partitions, a way to send a request to another broker, and the fault hooks a test
 * may set. The simulated cluster (lib/src/simulation/) implements these; so can a unit test, with a hand-driven
 * clock and no network at all (test/broker/).
 */
import type { ErrorName } from "../protocol/errors.js";
import type { ClientRequest, ClientResponse } from "../protocol/messages.js";
import type { Clock } from "../kernel/sim.js";
import type { Trace } from "../kernel/trace.js";
import type { StateTableFactory } from "./partition.js";

/** The controller's view of one partition (Kafka: the partition record in the metadata log). */
export interface PartitionState {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number; // -1 = offline
  leaderEpoch: number;
  isr: number[];
}

/** The broker settings a Broker reads (Kafka's names in camelCase; defaults in simulation/options.ts). */
export interface BrokerConfig {
  /** min.insync.replicas: acks=all needs this many in-sync replicas. */
  readonly minInsyncReplicas: number;
  /** replica.lag.time.max.ms: a follower that has not caught up for this long leaves the ISR. */
  readonly replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms: how long a follower's fetch waits at the leader for data. */
  readonly replicaFetchWaitMaxMs: number;
  /** replica.fetch.backoff.ms: a follower's pause after a failed fetch. */
  readonly replicaFetchBackoffMs: number;
}

/** A response, or the connection broke. */
export type ResponseOrNetworkError = ClientResponse | "NETWORK_EXCEPTION";

/** Targeted faults a broker consults (faults as data: the simulation's FaultInjector; a test's stub). */
export interface BrokerFaultHooks {
  /** An error to answer the next produce with instead of appending, if one is planned. */
  produceErrorFor(brokerId: number): ErrorName | undefined;
  /** Crash right after the next leader append? (once per planned crash) */
  takeCrashAfterAppend(): boolean;
}

/** What a broker asks the controller (Kafka: the metadata it replays, and AlterPartition). */
export interface ControllerView {
  partitionState(topic: string, partition: number): PartitionState | undefined;
  topicExists(topic: string, partition: number): boolean;
  /** The leader changes the ISR (Kafka's AlterPartition, applied at once). */
  alterIsr(topic: string, partition: number, isr: number[], reason: string): void;
}

/** Everything a Broker uses that is not its own state. */
export interface BrokerHost {
  readonly clock: Clock;
  readonly trace: Trace;
  readonly config: BrokerConfig;
  readonly faults: BrokerFaultHooks;
  /** Makes each replica's producer-state table (a learner's table can be swapped in). */
  readonly stateTableFactory: StateTableFactory;
  /** The controller's answers about partitions, and where the leader reports ISR changes. */
  readonly controller: ControllerView;
  /** A follower's Fetch to its leader. The callback may never be called (the message was lost). */
  sendBrokerRequest(fromId: number, toId: number, request: ClientRequest, onResponse: (r: ResponseOrNetworkError) => void): void;
  /** The broker dies (a planned crash after an append). */
  crashBroker(brokerId: number, reason: string): void;
  /** A swapped-in producer-state table threw: keep the error for whoever runs the scenario. */
  reportStateTableError(e: unknown): void;
}
