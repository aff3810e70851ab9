/**
 * Consumer groups' committed offsets, as one map: what OffsetCommit wrote (the GroupCoordinator's) and what
 * transactions committed (TxnOffsetCommit, applied by the TransactionCoordinator when the transaction commits).
 * In Kafka both kinds of commit land in the same __consumer_offsets map.
 */
import type { ClientResponse, OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, OffsetFetchResponse } from "../protocol/messages.js";
import type { TransactionCoordinator } from "./transaction-coordinator.js";

/**
 * The group offsets that transactions committed, laid over the GroupCoordinator's own: the later of the two wins, as
 * in Kafka's single offsets map (GroupMetadata.onTxnOffsetCommitAppend / onOffsetCommitAppend).
 * Simplification: a transaction is seen as newer only if it changed an offset, so a transaction that commits the same
 * offset again after a plain OffsetCommit moved it does not win back (the value differs in no other way).
 */
export class TxnOffsets {
  /** What was last taken from the transaction coordinator's committedOffsets: group → "topic-partition" → offset. */
  private readonly seen = new Map<string, Map<string, number>>();
  /** Transactional offsets newer than the group's plain commits: group → topic → partition → offset. */
  private readonly overlay = new Map<string, Map<string, Map<number, number>>>();

  constructor(private readonly transactions: TransactionCoordinator) {}

  /** Take the offsets transactions committed since the last look. */
  pull(): void {
    for (const [group, offsets] of this.transactions.committedOffsets) {
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
