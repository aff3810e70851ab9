/**
 * DescribeProducers (KIP-664): what a partition's leader knows of the producers writing to it — producer id, epoch,
 * last sequence, last timestamp, and the start of an open transaction — as `kafka-transactions.sh describe-producers`
 * prints it on a real cluster (Kafka: ReplicaManager.activeProducerState → ProducerStateManager.activeProducers).
 *
 * The producer ids come from the state table when it can list them (the library's ProducerStateManager), else from
 * the log (a learner's table need only answer `get`); the epoch and the last sequence come from the table, so a
 * learner's table is what is described. Simplification: coordinator epochs are not tracked, and are given as -1.
 */
import type { Replica } from "./partition.js";
import type { ProducerStateSummary } from "../protocol/messages.js";

export function describeProducers(replica: Replica): ProducerStateSummary[] {
  const table = replica.producerState as typeof replica.producerState & { producerIds?: () => number[] };
  const lastTimestamp = new Map<number, number>();
  for (const b of replica.batches) {
    if (b.producerId < 0 || b.records.length === 0) continue;
    lastTimestamp.set(b.producerId, Math.floor(Math.max(...b.records.map((r) => r.timestampMs))));
  }
  const ids = table.producerIds ? table.producerIds() : [...lastTimestamp.keys()].sort((a, b) => a - b);
  const out: ProducerStateSummary[] = [];
  for (const producerId of ids) {
    const entry = table.get(producerId);
    if (!entry) continue;
    const last = entry.batches[entry.batches.length - 1];
    out.push({
      producerId,
      producerEpoch: entry.epoch,
      lastSequence: last ? last.lastSeq : -1,
      lastTimestampMs: lastTimestamp.get(producerId) ?? -1,
      coordinatorEpoch: -1,
      currentTxnStartOffset: replica.ongoingTxns.get(producerId) ?? -1,
    });
  }
  return out;
}
