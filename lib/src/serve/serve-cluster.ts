/**
 * Serve the simulated Cluster (lib/src/cluster.ts) to real Kafka clients over TCP: the adapter between the
 * one broker core and the wire server. It attaches a GroupCoordinator for consumer groups, answers
 * FindCoordinator, lets the simulation's virtual clock follow wall-clock time, and closes the connections of
 * brokers that crashed (as their sockets would be reset in Kafka).
 *
 * Simplifications: one GroupCoordinator serves every group from whichever broker is asked (Kafka routes a group
 * to the leader of its __consumer_offsets partition and answers NOT_COORDINATOR elsewhere); FindCoordinator names
 * the lowest-numbered live broker, for a group (key type 0) and for a transactional id (key type 1) alike: the
 * transaction coordinator is cluster.transactions, which every broker's handle() reaches. Group state survives broker
 * crashes, as Kafka's does through __consumer_offsets.
 * Offsets committed by a transaction (TxnOffsetCommit, applied by cluster.transactions when it commits) reach the
 * group's OffsetFetch through TxnOffsets below; in Kafka both kinds of commit land in the same __consumer_offsets map.
 */
import type { Cluster } from "../simulation/cluster.js";
import { GroupCoordinator, isGroupRequest, type GroupCoordinatorOptions } from "../broker/group-coordinator.js";
import type { ClientResponse, FindCoordinatorResponse, OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, OffsetFetchResponse } from "../protocol/messages.js";
import { startWireServer, type WireCluster, type WireServer, type WireServerOptions } from "../wire/server.js";

export interface ServedCluster extends WireCluster {
  readonly cluster: Cluster;
  readonly coordinator: GroupCoordinator;
}

/** Adapt a simulated Cluster to the wire server's WireCluster interface (and attach a group coordinator). */
export function wireClusterOf(cluster: Cluster, coordinatorOptions: Partial<GroupCoordinatorOptions> = {}): ServedCluster {
  // Seeded from the simulation's seed without drawing from its stream, so serving a cluster does not change its history.
  const coordinator = new GroupCoordinator({ seed: cluster.sim.random.seed, ...coordinatorOptions });
  const txnOffsets = new TxnOffsets(cluster);
  cluster.groupHandler = (_broker, request, reply) => {
    if (request.api === "FindCoordinator") return reply(findCoordinator(cluster, request.keyType));
    if (isGroupRequest(request)) {
      txnOffsets.pull();
      return coordinator.handle(request, txnOffsets.amend(request, reply as (r: ClientResponse) => void), cluster.sim.nowMs);
    }
    throw new Error(`the group handler was given ${request.api}, which is not a group request`);
  };
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

function findCoordinator(cluster: Cluster, keyType: 0 | 1): FindCoordinatorResponse {
  const node = cluster.brokers.find((b) => b.alive);
  const where = node && cluster.advertised.get(node.brokerId);
  if (!node || !where) {
    return { api: "FindCoordinator", error: "COORDINATOR_NOT_AVAILABLE", errorMessage: `no live broker to coordinate the ${keyType === 1 ? "transactional id" : "group"}`, nodeId: -1, host: "", port: -1, throttleTimeMs: 0 };
  }
  return { api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: node.brokerId, host: where.host, port: where.port, throttleTimeMs: 0 };
}

/**
 * The group offsets that transactions committed, laid over the GroupCoordinator's own: the later of the two wins, as
 * in Kafka's single offsets map (GroupMetadata.onTxnOffsetCommitAppend / onOffsetCommitAppend).
 * Simplification: a transaction is seen as newer only if it changed an offset, so a transaction that commits the same
 * offset again after a plain OffsetCommit moved it does not win back (the value differs in no other way).
 */
class TxnOffsets {
  /** What was last taken from cluster.transactions.committedOffsets: group → "topic-partition" → offset. */
  private readonly seen = new Map<string, Map<string, number>>();
  /** Transactional offsets newer than the group's plain commits: group → topic → partition → offset. */
  private readonly overlay = new Map<string, Map<string, Map<number, number>>>();

  constructor(private readonly cluster: Cluster) {}

  /** Take the offsets transactions committed since the last look. */
  pull(): void {
    for (const [group, offsets] of this.cluster.transactions.committedOffsets) {
      let seen = this.seen.get(group);
      if (!seen) this.seen.set(group, (seen = new Map()));
      for (const [key, offset] of offsets) {
        if (seen.get(key) === offset) continue;
        seen.set(key, offset);
        const cut = key.lastIndexOf("-"); // "topic-partition"; a topic name may itself contain '-'
        const topic = key.slice(0, cut);
        const partition = Number(key.slice(cut + 1));
        let byTopic = this.overlay.get(group);
        if (!byTopic) this.overlay.set(group, (byTopic = new Map()));
        let parts = byTopic.get(topic);
        if (!parts) byTopic.set(topic, (parts = new Map()));
        parts.set(partition, offset);
      }
    }
  }

  /** Wrap a group request's reply: OffsetFetch sees the overlay; a successful OffsetCommit supersedes it. */
  amend(request: { api: string }, reply: (r: ClientResponse) => void): (r: ClientResponse) => void {
    if (request.api === "OffsetCommit") {
      const groupId = (request as OffsetCommitRequest).groupId;
      return (r) => {
        for (const t of (r as OffsetCommitResponse).topics) {
          for (const p of t.partitions) if (p.error === "NONE") this.overlay.get(groupId)?.get(t.topic)?.delete(p.partition);
        }
        reply(r);
      };
    }
    if (request.api === "OffsetFetch") {
      const req = request as OffsetFetchRequest;
      const byTopic = this.overlay.get(req.groupId);
      if (!byTopic) return reply;
      return (r) => {
        const res = r as OffsetFetchResponse;
        if (res.error !== "NONE") return reply(r);
        const topics = res.topics.map((t) => ({
          topic: t.topic,
          partitions: t.partitions.map((p) => {
            const o = byTopic.get(t.topic)?.get(p.partition);
            return o === undefined || p.error !== "NONE" ? p : { ...p, offset: o, metadata: "" };
          }),
        }));
        if (req.topics === null) {
          // "All partitions the group has offsets for": add those only a transaction committed.
          for (const [topic, parts] of byTopic) {
            let t = topics.find((x) => x.topic === topic);
            if (!t) topics.push((t = { topic, partitions: [] }));
            for (const [partition, offset] of [...parts].sort((a, b) => a[0] - b[0])) {
              if (!t.partitions.some((p) => p.partition === partition)) t.partitions.push({ partition, offset, metadata: "", error: "NONE" });
            }
          }
        }
        reply({ ...res, topics });
      };
    }
    return reply;
  }
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
