/**
 * Tables of what is inside the simulated cluster, for notebooks and live coding: a replica's log,
 * a partition's producer-state table, and every replica's log end offset and high watermark.
 * Plain rows (arrays of objects) so they show as tables and feed Observable Plot.
 */
import type { Cluster } from "../simulation/cluster.js";
import { tr } from "../kernel/locale.js";
import { lastSequence } from "../broker/producer-state.js";

export interface LogRow {
  offset: number;
  value: string;
  key: string | null;
  producerId: number;
  epoch: number;
  sequence: number;
  /** The leader epoch under which the leader wrote it. */
  leaderEpoch: number;
  /** Below the high watermark: visible to consumers. */
  committed: boolean;
}

function text(v: string | Uint8Array | null): string | null {
  if (v === null) return null;
  return typeof v === "string" ? v : new TextDecoder().decode(v);
}

function brokerFor(cluster: Cluster, topic: string, partition: number, brokerId?: number): number {
  const state = cluster.partitionsOf(topic)[partition];
  if (!state) {
    const last = cluster.partitionsOf(topic).length - 1;
    throw new RangeError(
      tr({ en: `Partition ${partition} does not exist: topic "${topic}" has partitions 0 to ${last}.`, ko: `파티션 ${partition}은(는) 없습니다. 토픽 "${topic}"의 파티션은 0부터 ${last}까지입니다.` }),
    );
  }
  const id = brokerId ?? state.leader;
  const replicas = state.replicas.join(", ");
  if (id < 0) {
    throw new RangeError(
      tr({ en: `Partition ${topic}-${partition} has no leader right now: pass a brokerId (replicas: ${replicas}).`, ko: `파티션 ${topic}-${partition}에는 지금 리더가 없습니다. brokerId를 넘기세요 (레플리카: ${replicas}).` }),
    );
  }
  if (!state.replicas.includes(id)) {
    throw new RangeError(tr({ en: `Broker ${id} holds no replica of ${topic}-${partition} (replicas: ${replicas}).`, ko: `브로커 ${id}에는 ${topic}-${partition}의 레플리카가 없습니다 (레플리카: ${replicas}).` }));
  }
  return id;
}

/** One replica's log, record by record (default: the current leader's). */
export function logRows(cluster: Cluster, topic: string, partition = 0, brokerId?: number): LogRow[] {
  const id = brokerFor(cluster, topic, partition, brokerId);
  const replica = cluster.broker(id).replica(topic, partition);
  if (!replica) return [];
  const rows: LogRow[] = [];
  for (const b of replica.batches) {
    b.records.forEach((r, i) => {
      const offset = b.baseOffset + i;
      rows.push({
        offset,
        value: text(r.value) ?? "",
        key: text(r.key),
        producerId: b.producerId,
        epoch: b.producerEpoch,
        sequence: b.baseSequence < 0 ? -1 : lastSequence(b.baseSequence, i + 1),
        leaderEpoch: b.partitionLeaderEpoch,
        committed: offset < replica.highWatermark,
      });
    });
  }
  return rows;
}

export interface ProducerStateRow {
  producerId: number;
  epoch: number;
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
}

/** The producer-state table of one replica (default: the leader's): per producer id, the retained batches, oldest first. */
export function producerStateRows(cluster: Cluster, topic: string, partition = 0, brokerId?: number): ProducerStateRow[] {
  const id = brokerFor(cluster, topic, partition, brokerId);
  const replica = cluster.broker(id).replica(topic, partition);
  if (!replica) return [];
  const table = replica.producerState as { producerIds?: () => number[]; get: (pid: number) => { epoch: number; batches: Array<{ firstSeq: number; lastSeq: number; firstOffset: number; lastOffset: number }> } | undefined };
  // A learner's table may not list its producers: fall back to the producer ids found in the log.
  const ids = typeof table.producerIds === "function" ? table.producerIds() : [...new Set(replica.batches.map((b) => b.producerId).filter((p) => p >= 0))].sort((a, b) => a - b);
  const rows: ProducerStateRow[] = [];
  for (const pid of ids) {
    const entry = table.get(pid);
    if (!entry) continue;
    for (const b of entry.batches) rows.push({ producerId: pid, epoch: entry.epoch, ...b });
  }
  return rows;
}

export interface ReplicaRow {
  broker: number;
  role: "leader" | "follower" | "offline";
  alive: boolean;
  inIsr: boolean;
  logEndOffset: number;
  highWatermark: number;
  leaderEpoch: number;
}

/** Every replica of a partition: who leads, who is in sync, how far each log goes. */
export function replicaRows(cluster: Cluster, topic: string, partition = 0): ReplicaRow[] {
  const state = cluster.partitionsOf(topic)[partition];
  if (!state) throw new RangeError(tr({ en: `Partition ${partition} does not exist in topic "${topic}".`, ko: `토픽 "${topic}"에 파티션 ${partition}은(는) 없습니다.` }));
  return state.replicas.map((id) => {
    const broker = cluster.broker(id);
    const replica = broker.replica(topic, partition);
    return {
      broker: id,
      role: !broker.alive ? "offline" : id === state.leader ? "leader" : "follower",
      alive: broker.alive,
      inIsr: state.isr.includes(id),
      logEndOffset: replica?.logEndOffset ?? 0,
      highWatermark: replica?.highWatermark ?? 0,
      leaderEpoch: state.leaderEpoch,
    };
  });
}
