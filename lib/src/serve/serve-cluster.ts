/**
 * Serve the simulated Cluster (lib/src/simulation/cluster.ts) to real Kafka clients over TCP: the glue between the
 * wire server (transport only) and the one broker core. Requests go to the cluster's KafkaApis, as the simulated
 * network's do; this adds only what a real-time transport needs: the simulation's virtual clock follows wall-clock
 * time, the group coordinator's timers with it, and the advertised listeners go into Metadata and FindCoordinator.
 * Group state survives broker crashes, as Kafka's does through __consumer_offsets.
 */
import type { Cluster } from "../simulation/cluster.js";
import type { GroupCoordinator, GroupCoordinatorOptions } from "../broker/group-coordinator.js";
import { startWireServer, type WireCluster, type WireServer, type WireServerOptions } from "../wire/server.js";

export interface ServedCluster extends WireCluster {
  readonly cluster: Cluster;
  readonly coordinator: GroupCoordinator;
}

/** Adapt a simulated Cluster to the wire server's WireCluster interface (and start its group coordinator). */
export function wireClusterOf(cluster: Cluster, coordinatorOptions: Partial<GroupCoordinatorOptions> = {}): ServedCluster {
  const coordinator = cluster.apis.groupCoordinator(coordinatorOptions);
  return {
    cluster,
    coordinator,
    brokerIds: () => cluster.brokers.map((b) => b.brokerId),
    endpoint: (brokerId) => {
      const inner = cluster.endpoint(brokerId);
      return {
        brokerId,
        handle: (request, reply) => {
          inner.handle(request, reply);
          // Run what is due now (with no simulated latency, a whole replication round trip), so an acks=all answer
          // goes out with this request instead of at the next tick of the real-time driver.
          cluster.sim.runUntil(cluster.sim.nowMs);
        },
      };
    },
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
