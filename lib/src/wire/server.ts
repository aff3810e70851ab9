/**
 * The TCP adapter: real Kafka clients (kafkajs, the Java client, …) talk to the simulated cluster over the Kafka
 * wire protocol. Each simulated broker gets its own listener on 127.0.0.1; Metadata and FindCoordinator hand
 * out those real ports. The server is also the cluster's real-time driver: it tells the cluster how much wall
 * time has passed, every `tickIntervalMs` (the only real timer in lib/src).
 *
 * Faults: `dropProduceResponseRate` withholds a produce response after the core has applied the request and
 * closes that connection (so an idempotent producer retries a batch that was in fact written). The draws come
 * from the project's seeded PRNG; which response a draw lands on still depends on real network timing.
 */
import { createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { BrokerEndpointHandler } from "../protocol/messages.js";
import { Random } from "../kernel/random.js";
import { MAX_FRAME_BYTES } from "./codec/frame.js";
import { WireConnection } from "./connection.js";

/** What the wire server needs from a cluster. */
export interface WireCluster {
  /** The brokers to serve, one listener each. */
  brokerIds(): number[];
  /** The broker core's request handler for one broker. */
  endpoint(brokerId: number): BrokerEndpointHandler;
  /** Where each broker is reachable, so Metadata and FindCoordinator answer with real host:port. */
  setAdvertisedListeners(listeners: ReadonlyMap<number, { host: string; port: number }>): void;
  /** Wall-clock time passed since the last call (ms); a simulated cluster advances its virtual clock by it. */
  advanceTime?(elapsedMs: number): void;
  /**
   * False while a broker is down (crashed, isolated): its connections are closed and new ones refused, as a dead
   * Kafka broker's would be. Checked on every connection and every tick. Default: always reachable.
   */
  isBrokerReachable?(brokerId: number): boolean;
}

export interface WireServerOptions {
  cluster: WireCluster;
  /** Address to bind (default 127.0.0.1). Anything else only when asked for explicitly. */
  host?: string;
  /**
   * The address clients are told to use (Metadata, FindCoordinator, the bootstrap string): default `host`. Needed
   * when `host` is a wildcard such as 0.0.0.0, which binds every interface but is not an address to connect to
   * (Kafka likewise refuses 0.0.0.0 in advertised.listeners).
   */
  advertisedHost?: string;
  /** Port of the first broker's listener (0 = any free port); the others take the next free ports. */
  port?: number;
  /** Probability that a produce response is withheld after the append and its connection closed. */
  dropProduceResponseRate?: number;
  /** Seed of the wire layer's own fault draws. */
  seed?: number;
  /** socket.request.max.bytes: larger frames close the connection (default 100 MiB). */
  maxFrameBytes?: number;
  /** How often the server advances the cluster's clock (ms). */
  tickIntervalMs?: number;
  /** Where one-line connection events go (default: console.warn with a prefix). */
  log?: (line: string) => void;
}

export const WIRE_SERVER_DEFAULTS = {
  host: "127.0.0.1",
  port: 0,
  dropProduceResponseRate: 0,
  seed: 1,
  maxFrameBytes: MAX_FRAME_BYTES,
  tickIntervalMs: 10,
} as const;

export interface WireServer {
  /** "127.0.0.1:PORT" of the first broker: what a client's `brokers` list needs. */
  bootstrap: string;
  /** Listener ports, in the order of `cluster.brokerIds()`. */
  ports: number[];
  /** brokerId → port. */
  portByBroker: ReadonlyMap<number, number>;
  /** Live fault settings (a notebook may change them while clients run). */
  faults: { dropProduceResponseRate: number };
  /** Connections currently open. */
  connectionCount(): number;
  close(): Promise<void>;
}

function checkRate(rate: number): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`dropProduceResponseRate must be a probability in [0, 1], got ${rate}`);
  return rate;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once("error", onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", onError);
      const address = server.address();
      if (address === null || typeof address === "string") return reject(new Error("listener has no TCP address"));
      resolve(address.port);
    });
  });
}

/** Addresses that bind every interface: a listener may use one, a client cannot connect to it. */
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"]);

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host.trim());
}

/** How a refusal names the two addresses: as options (the API) or as flags (npm run broker). */
export interface HostNames {
  host: string;
  advertised: string;
  /** How the message tells the user to add an advertised address. */
  addAdvertised: string;
  /** An address clients can use, as the user would write it. */
  example: string;
  /** How a given address is quoted. */
  quote: (address: string) => string;
}

export const HOST_OPTION_NAMES: HostNames = {
  host: "host",
  advertised: "advertisedHost",
  addAdvertised: "also give advertisedHost",
  example: '"127.0.0.1"',
  quote: (a) => JSON.stringify(a),
};

/**
 * Why this bind address / advertised address pair cannot be served, or undefined if it can: a wildcard bind address
 * needs an advertised address clients can reach, and the advertised address may not be a wildcard itself.
 */
export function advertisedHostRefusal(host: string, advertisedHost: string | undefined, names: HostNames = HOST_OPTION_NAMES): string | undefined {
  if (advertisedHost !== undefined && (typeof advertisedHost !== "string" || advertisedHost.trim() === "")) {
    return `${names.advertised} must be an address clients can connect to, such as ${names.example} or this machine's LAN address, got ${JSON.stringify(advertisedHost)}.`;
  }
  if (advertisedHost !== undefined) {
    if (!isWildcardHost(advertisedHost)) return undefined;
    return `${names.advertised} ${names.quote(advertisedHost)} is not an address a client can connect to: give the address clients should use (e.g. ${names.example} or this machine's LAN address).`;
  }
  if (!isWildcardHost(host)) return undefined;
  return `${names.host} ${names.quote(host)} binds every interface but is not an address a client can connect to: ${names.addAdvertised}, the address clients should use (e.g. this machine's LAN address), as Kafka asks for advertised.listeners with a 0.0.0.0 listener.`;
}

/** Start one TCP listener per broker and serve the Kafka protocol until `close()`. */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const o = { ...WIRE_SERVER_DEFAULTS, ...options };
  const { cluster, host } = o;
  const advertised = o.advertisedHost ?? host;
  const refusal = advertisedHostRefusal(host, o.advertisedHost);
  if (refusal) throw new RangeError(refusal);
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new RangeError(`port must be an integer in [0, 65535], got ${o.port}`);
  if (!Number.isInteger(o.maxFrameBytes) || o.maxFrameBytes < 1) throw new RangeError(`maxFrameBytes must be a positive integer, got ${o.maxFrameBytes}`);
  const log = o.log ?? ((line: string) => console.warn(`[kafka-sim wire] ${line}`));
  const faults = { dropProduceResponseRate: checkRate(o.dropProduceResponseRate) };
  const random = new Random(o.seed);
  const brokerIds = cluster.brokerIds();
  if (brokerIds.length === 0) throw new RangeError("the cluster has no brokers to serve");

  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const connections = new Map<number, Set<WireConnection>>(brokerIds.map((id) => [id, new Set()]));
  const reachable = (brokerId: number) => cluster.isBrokerReachable?.(brokerId) ?? true;
  const portByBroker = new Map<number, number>();
  let connectionSeq = 0;

  const closeAll = async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  };

  try {
    let nextPort = o.port;
    for (const brokerId of brokerIds) {
      const endpoint = cluster.endpoint(brokerId);
      const server = createServer({ noDelay: true }, (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        const label = `broker ${brokerId} connection #${++connectionSeq} from ${socket.remoteAddress}:${socket.remotePort}`;
        if (!reachable(brokerId)) {
          log(`${label}: refused: broker ${brokerId} is down`);
          socket.destroy();
          return;
        }
        const connection = new WireConnection(socket, {
          endpoint,
          maxFrameBytes: o.maxFrameBytes,
          log,
          dropProduceResponse: () => random.chance(checkRate(faults.dropProduceResponseRate)),
        }, label);
        const live = connections.get(brokerId)!;
        live.add(connection);
        socket.on("close", () => live.delete(connection));
      });
      servers.push(server);
      for (;;) {
        try {
          const port = await listen(server, host, nextPort);
          portByBroker.set(brokerId, port);
          nextPort = nextPort === 0 ? 0 : port + 1;
          break;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // The first broker takes exactly the port asked for; the others move on to the next free one.
          if (code === "EADDRINUSE" && servers.length > 1 && nextPort !== 0 && nextPort < 65535) {
            nextPort++;
            continue;
          }
          throw e;
        }
      }
    }
  } catch (e) {
    await closeAll();
    throw e;
  }

  cluster.setAdvertisedListeners(new Map([...portByBroker].map(([id, port]) => [id, { host: advertised, port }])));

  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    try {
      cluster.advanceTime?.(elapsed);
      for (const [brokerId, live] of connections) {
        if (live.size === 0 || reachable(brokerId)) continue;
        for (const c of live) c.close(`broker ${brokerId} is down`);
        live.clear();
      }
    } catch (e) {
      log(`the cluster threw while advancing time: ${(e as Error).message}`);
    }
  }, o.tickIntervalMs);
  timer.unref();

  const ports = brokerIds.map((id) => portByBroker.get(id)!);
  return {
    bootstrap: `${advertised}:${ports[0]}`,
    ports,
    portByBroker,
    faults,
    connectionCount: () => sockets.size,
    close: async () => {
      clearInterval(timer);
      await closeAll();
    },
  };
}
