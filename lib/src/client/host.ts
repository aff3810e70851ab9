/**
 * What a producer needs from the cluster it talks to, and nothing more: time, a trace, the metadata a client learns
 * (partitions of a topic, who leads each, which broker coordinates), and a way to send a request over a connection
 * (and to give up on one). The simulated cluster implements it; the client never names the cluster or a broker.
 */
import type { ClientRequest, ClientResponse } from "../protocol/messages.js";
import type { Clock } from "../kernel/sim.js";
import type { Trace } from "../kernel/trace.js";

/** What a client learns from Metadata (in the simulation: the controller's own view, always current). */
export interface ClientMetadata {
  /** The partitions of a topic (created on first use, as a client's Metadata request with auto-creation does). */
  ensureTopic(topic: string): readonly unknown[];
  /** The partition's current leader (-1: none), as the client's metadata has it. */
  partitionState(topic: string, partition: number): { readonly leader: number } | undefined;
  /** The broker that answers InitProducerId and the transactional APIs. */
  controllerId(): number;
}

/** A client's connections to brokers. */
export interface ClientNetwork {
  /**
   * Send a request on this client's connection to a broker. `onResponse` gets the answer, or "NETWORK_EXCEPTION"
   * when the connection breaks, or is never called when a message is lost (the client's own timeout handles that).
   */
  clientRequest(from: string, brokerId: number, request: ClientRequest, onResponse: (r: ClientResponse | "NETWORK_EXCEPTION") => void): void;
  /** The client closes its connection to a broker (request.timeout.ms passed); the next request opens a new one. */
  resetConnection(from: string, brokerId: number): void;
}

export interface ProducerHost {
  readonly clock: Clock;
  readonly trace: Trace;
  readonly controller: ClientMetadata;
  readonly network: ClientNetwork;
}
