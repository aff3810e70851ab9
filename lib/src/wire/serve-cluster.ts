/**
 * Serve the simulated Cluster (lib/src/cluster.ts) to real Kafka clients over TCP: the adapter between the
 * one broker core and the wire server. It attaches a GroupCoordinator for consumer groups, answers
 * FindCoordinator, lets the simulation's virtual clock follow wall-clock time, and closes the connections of
 * brokers that crashed (as their sockets would be reset in Kafka).
 *
 * Simplifications: one GroupCoordinator serves every group from whichever broker is asked (Kafka routes a group
 * to the leader of its __consumer_offsets partition and answers NOT_COORDINATOR elsewhere); FindCoordinator names
 * the lowest-numbered live broker. Group state survives broker crashes, as Kafka's does through __consumer_offsets.
 */
import type { Cluster } from "../cluster.js";
import { GroupCoordinator, isGroupRequest, type GroupCoordinatorOptions } from "../group-coordinator.js";
import type { ClientResponse, FindCoordinatorResponse } from "../protocol.js";
import { startWireServer, type WireCluster, type WireServer, type WireServerOptions } from "./server.js";

export interface ServedCluster extends WireCluster {
  readonly cluster: Cluster;
  readonly coordinator: GroupCoordinator;
}

/** Adapt a simulated Cluster to the wire server's WireCluster interface (and attach a group coordinator). */
export function wireClusterOf(cluster: Cluster, coordinatorOptions: Partial<GroupCoordinatorOptions> = {}): ServedCluster {
  // Seeded from the simulation's seed without drawing from its stream, so serving a cluster does not change its history.
  const coordinator = new GroupCoordinator({ seed: cluster.sim.random.seed, ...coordinatorOptions });
  cluster.groupHandler = (_broker, request, reply) => {
    if (request.api === "FindCoordinator") return reply(findCoordinator(cluster));
    if (isGroupRequest(request)) return coordinator.handle(request, reply as (r: ClientResponse) => void, cluster.sim.nowMs);
    throw new Error(`the group handler was given ${request.api}, which is not a group request`);
  };
  return {
    cluster,
    coordinator,
    brokerIds: () => cluster.brokers.map((b) => b.brokerId),
    endpoint: (brokerId) => cluster.endpoint(brokerId),
    setAdvertisedListeners: (listeners) => {
      cluster.advertised = new Map(listeners);
    },
    advanceTime: (elapsedMs) => {
      cluster.sim.runUntil(cluster.sim.nowMs + elapsedMs);
      coordinator.advanceTo(cluster.sim.nowMs);
    },
    isBrokerReachable: (brokerId) => cluster.brokers[brokerId]?.alive ?? false,
  };
}

function findCoordinator(cluster: Cluster): FindCoordinatorResponse {
  const node = cluster.brokers.find((b) => b.alive);
  const where = node && cluster.advertised.get(node.brokerId);
  if (!node || !where) {
    return { api: "FindCoordinator", error: "COORDINATOR_NOT_AVAILABLE", errorMessage: "no live broker to coordinate the group", nodeId: -1, host: "", port: -1, throttleTimeMs: 0 };
  }
  return { api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: node.brokerId, host: where.host, port: where.port, throttleTimeMs: 0 };
}

/** Start a wire server for a simulated Cluster. */
export async function serveCluster(
  cluster: Cluster,
  options: Omit<WireServerOptions, "cluster"> & { coordinator?: Partial<GroupCoordinatorOptions> } = {},
): Promise<WireServer & { served: ServedCluster }> {
  const { coordinator, ...rest } = options;
  const served = wireClusterOf(cluster, coordinator);
  const server = await startWireServer({ ...rest, cluster: served });
  return { ...server, served };
}
