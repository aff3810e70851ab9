/**
 * One replica of one partition on one broker: its log of record batches, its high watermark, its
 * leader-epoch cache and its producer-state table. Leader-only bookkeeping (followers' progress,
 * produce requests waiting for the ISR) lives in broker.ts and delayed-operations.ts.
 *
 * Kafka: UnifiedLog, LocalLog, LeaderEpochFileCache, Partition.
 * Simplifications: the log is an in-memory array of batches (no segments, no retention, no compaction);
 * truncation cuts at batch boundaries, as Kafka's replication does; producer state is rebuilt by replaying
 * the retained log after a truncation (Kafka reloads it from a snapshot plus the log); the transaction indexes
 * (open transactions, aborted transactions) are kept in memory and rebuilt the same way.
 */
import type { RecordBatch, StoredBatch } from "../protocol/messages.js";
import { lastSequence, ProducerStateManager, type ProducerStateTableLike } from "./producer-state.js";

export type StateTableFactory = () => ProducerStateTableLike;

export const defaultStateTableFactory: StateTableFactory = () => new ProducerStateManager();

export class Replica {
  /** Batches in offset order. */
  readonly batches = new Array<StoredBatch>(); // not []: see "Memory" in kernel/sim.ts
  logEndOffset = 0;
  highWatermark = 0;
  /** Kafka's LeaderEpochFileCache: each leader epoch and the first offset written in it. */
  readonly epochStarts: Array<{ epoch: number; startOffset: number }> = [];
  producerState: ProducerStateTableLike;
  /** Open transactions: producer id → offset of its first record in this partition (Kafka's ongoing txn index). */
  readonly ongoingTxns = new Map<number, number>();
  /** Aborted transactions, for read_committed fetches (Kafka's aborted transaction index). */
  readonly abortedTxns: Array<{ producerId: number; firstOffset: number; lastOffset: number }> = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly brokerId: number,
    private readonly tableFactory: StateTableFactory,
  ) {
    this.producerState = tableFactory();
  }

  get recordCount(): number {
    return this.logEndOffset;
  }

  /** The leader epoch of the last batch in the log (-1 if empty). */
  lastEpoch(): number {
    const last = this.epochStarts[this.epochStarts.length - 1];
    return last ? last.epoch : -1;
  }

  /**
   * Kafka's LeaderEpochFileCache.endOffsetFor: the end offset of `epoch` in this log, i.e. the start offset
   * of the next larger epoch (or the log end offset), and the largest epoch <= `epoch` that this log has.
   */
  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number } {
    let found = -1;
    for (let i = this.epochStarts.length - 1; i >= 0; i--) {
      if (this.epochStarts[i]!.epoch <= epoch) {
        found = i;
        break;
      }
    }
    if (found === -1) {
      // Below every epoch this log knows (Kafka: floorEntry == null): the requested epoch ends where the first
      // known epoch starts. UNDEFINED_EPOCH (-1) and an empty cache answer (-1, -1).
      const first = this.epochStarts[0];
      return epoch < 0 || !first ? { epoch: -1, endOffset: -1 } : { epoch, endOffset: first.startOffset };
    }
    const next = this.epochStarts[found + 1];
    return { epoch: this.epochStarts[found]!.epoch, endOffset: next ? next.startOffset : this.logEndOffset };
  }

  /** Leader append: assign offsets; the caller has already validated the batch. */
  appendAsLeader(batch: RecordBatch, leaderEpoch: number, nowMs: number): StoredBatch {
    const stored: StoredBatch = {
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
      isTransactional: batch.isTransactional,
      records: batch.records.every((r) => r.timestampMs >= 0) ? batch.records : batch.records.map((r) => (r.timestampMs >= 0 ? r : { ...r, timestampMs: nowMs })),
      baseOffset: this.logEndOffset,
      partitionLeaderEpoch: leaderEpoch,
      isControl: false,
    };
    this.push(stored);
    return stored;
  }

  /** Follower append: copy the leader's batches as they are (no validation, Kafka does none on followers). */
  appendAsFollower(batches: StoredBatch[]): number {
    let copied = 0;
    for (const b of batches) {
      if (b.baseOffset + b.records.length <= this.logEndOffset) continue; // already have it
      if (b.baseOffset !== this.logEndOffset) {
        throw new Error(
          `replica ${this.topic}-${this.partition} on broker ${this.brokerId}: batch at offset ${b.baseOffset} does not follow log end offset ${this.logEndOffset}`,
        );
      }
      this.push(b);
      this.recordProducerState(b);
      copied++;
    }
    return copied;
  }

  /**
   * Leader: write a transaction marker (a control batch of one control record) for a producer
   * (Kafka: the coordinator's WriteTxnMarkers, UnifiedLog.appendAsLeader with origin COORDINATOR).
   */
  appendControlAsLeader(producerId: number, producerEpoch: number, type: "COMMIT" | "ABORT", leaderEpoch: number, nowMs: number): StoredBatch {
    const stored: StoredBatch = {
      producerId,
      producerEpoch,
      baseSequence: -1,
      isTransactional: true,
      isControl: true,
      controlType: type,
      records: [{ key: null, value: null, headers: [], timestampMs: nowMs }],
      baseOffset: this.logEndOffset,
      partitionLeaderEpoch: leaderEpoch,
    };
    this.push(stored);
    this.recordProducerState(stored);
    return stored;
  }

  /** The last stable offset: below it, every transaction is decided (min of the HW and the first open transaction). */
  lastStableOffset(): number {
    let lso = this.highWatermark;
    if (this.ongoingTxns.size === 0) return lso; // no transaction open (the usual case): no iterator to make
    for (const first of this.ongoingTxns.values()) if (first < lso) lso = first;
    return lso;
  }

  /** Aborted transactions overlapping [fromOffset, untilOffset), for a read_committed fetch. */
  abortedTransactionsIn(fromOffset: number, untilOffset: number): Array<{ producerId: number; firstOffset: number }> {
    return this.abortedTxns
      .filter((a) => a.lastOffset >= fromOffset && a.firstOffset < untilOffset)
      .map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset }));
  }

  private push(b: StoredBatch): void {
    this.batches.push(b);
    this.logEndOffset = b.baseOffset + b.records.length;
    if (this.lastEpoch() < b.partitionLeaderEpoch) {
      this.epochStarts.push({ epoch: b.partitionLeaderEpoch, startOffset: b.baseOffset });
    }
    if (b.producerId >= 0 && (b.isTransactional || b.isControl)) this.indexTransaction(b);
  }

  private indexTransaction(b: StoredBatch): void {
    if (b.isControl) {
      const first = this.ongoingTxns.get(b.producerId);
      this.ongoingTxns.delete(b.producerId);
      if (b.controlType === "ABORT" && first !== undefined) this.abortedTxns.push({ producerId: b.producerId, firstOffset: first, lastOffset: b.baseOffset });
    } else if (!this.ongoingTxns.has(b.producerId)) {
      this.ongoingTxns.set(b.producerId, b.baseOffset);
    }
  }

  private recordProducerState(b: StoredBatch): void {
    if (b.producerId < 0) return;
    if (b.isControl) {
      // A marker carries the producer's current epoch (ProducerAppendInfo.appendEndTxnMarker).
      const t = this.producerState as ProducerStateTableLike & { markTransactionEnd?: (pid: number, epoch: number) => void };
      if (typeof t.markTransactionEnd === "function") t.markTransactionEnd(b.producerId, b.producerEpoch);
      return;
    }
    const incoming = {
      producerId: b.producerId,
      epoch: b.producerEpoch,
      firstSeq: b.baseSequence,
      lastSeq: lastSequence(b.baseSequence, b.records.length),
    };
    const table = this.producerState as ProducerStateTableLike & { record?: (i: typeof incoming, o: number) => void };
    // The library's table records without validating, like Kafka's followers. A learner's table has only
    // append(); its verdict is ignored here because the leader already accepted the batch.
    if (typeof table.record === "function") table.record(incoming, b.baseOffset);
    else {
      try {
        table.append(incoming, b.baseOffset);
      } catch {
        /* a learner's table that throws while replaying: the leader's verdict stands */
      }
    }
  }

  /** Drop everything at and after `offset` (rounded down to a batch boundary) and rebuild producer state. */
  truncateTo(offset: number): number {
    if (offset >= this.logEndOffset) return 0;
    let keep = this.batches.length;
    while (keep > 0 && this.batches[keep - 1]!.baseOffset >= offset) keep--;
    // A batch straddling the offset is dropped whole (replication works in whole batches).
    if (keep > 0) {
      const b = this.batches[keep - 1]!;
      if (b.baseOffset + b.records.length > offset) keep--;
    }
    const removed = this.batches.length - keep;
    this.batches.length = keep;
    const last = this.batches[keep - 1];
    this.logEndOffset = last ? last.baseOffset + last.records.length : 0;
    while (this.epochStarts.length > 0 && this.epochStarts[this.epochStarts.length - 1]!.startOffset >= this.logEndOffset) {
      this.epochStarts.pop();
    }
    if (this.highWatermark > this.logEndOffset) this.highWatermark = this.logEndOffset;
    this.producerState = this.tableFactory();
    this.ongoingTxns.clear();
    this.abortedTxns.length = 0;
    for (const b of this.batches) {
      this.recordProducerState(b);
      if (b.producerId >= 0 && (b.isTransactional || b.isControl)) this.indexTransaction(b);
    }
    return removed;
  }

  /** Index of the batch containing `offset` (or the first batch after it). */
  private batchIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.batches[mid]!;
      if (b.baseOffset + b.records.length <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whole batches holding offsets in [fromOffset, untilOffset), at most maxBatches of them. */
  read(fromOffset: number, untilOffset: number, maxBatches = Infinity): StoredBatch[] {
    const first = this.batchIndexFor(fromOffset);
    let end = first;
    while (end < this.batches.length && end - first < maxBatches) {
      const b = this.batches[end]!;
      if (b.baseOffset >= untilOffset) break;
      if (b.baseOffset + b.records.length > untilOffset) break; // only whole batches below the limit
      end++;
    }
    return this.batches.slice(first, end);
  }
}
