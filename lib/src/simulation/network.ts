/**
 * The simulated network between clients and brokers, and between brokers: latency and jitter, lost messages,
 * network partitions, and Kafka's connection rules (one connection's requests are handled and answered in order).
 * It carries requests to the broker core through `dispatch` (KafkaApis) and answers back; it holds no broker state.
 *
 * Kafka: NetworkClient (client side), SocketServer / RequestChannel (broker side).
 * Simplifications: a connection is opened at once (no handshake, no ApiVersions); a lost message silences its
 * connection until the client's request.timeout.ms closes it, as TCP would; brokers' replication traffic is never
 * dropped by the fault rates (isolation and crashes still apply).
 */
import { SimulationInputError } from "../protocol/errors.js";
import type { ClientRequest, ClientResponse, ProduceRequest, ProduceResponse } from "../protocol/messages.js";
import type { Simulation } from "../kernel/sim.js";
import type { Trace } from "../kernel/trace.js";
import type { Broker } from "../broker/broker.js";
import type { FaultInjector } from "./fault-injector.js";

export type ClientCallback = (response: ClientResponse | "NETWORK_EXCEPTION") => void;

/**
 * A client's connection to a broker. Kafka's SocketServer mutes a connection while one of its requests is being
 * handled and until its response is sent, so a broker handles one connection's requests one at a time, in order,
 * and answers them in order; the others wait in `waiting`.
 */
class Connection {
  id = 0;
  dead = false;
  busy = false;
  waiting = new Array<Exchange>(); // not []: see "Memory" in kernel/sim.ts
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

/** Where a request that reached a broker goes: the broker core's one router (KafkaApis). */
export interface Dispatcher {
  handle(broker: Broker, request: ClientRequest, reply: (r: ClientResponse) => void): void;
}

export class SimulatedNetwork {
  /** Requests a broker has received and not answered, per broker (a crash fails them all). */
  private readonly inFlight = new Map<number, Set<Exchange>>();

  constructor(
    private readonly sim: Simulation,
    private readonly trace: Trace,
    private readonly faults: FaultInjector,
    private readonly brokers: readonly Broker[],
    /** Names ("broker-N") cut off by a network partition: shared with the cluster that isolates and heals them. */
    private readonly isolated: ReadonlySet<string>,
    private readonly apis: Dispatcher,
  ) {}

  private brokerOf(brokerId: number): Broker {
    const b = this.brokers[brokerId];
    if (!b) throw new SimulationInputError(`No broker ${brokerId}: this cluster has brokers 0 to ${this.brokers.length - 1}.`);
    return b;
  }

  /** A broker crashed: the clients' connections break, and every request waiting on it fails (NetworkException). */
  failInFlight(brokerId: number): void {
    const pending = this.inFlight.get(brokerId);
    if (!pending) return;
    for (const f of pending) this.sendBack(`broker-${brokerId}`, f, "NETWORK_EXCEPTION", true);
    pending.clear();
  }


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
    const broker = this.brokerOf(brokerId);
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
    this.apis.handle(ex.broker, ex.request, (response) => this.brokerReplied(ex, response));
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

}
