/**
 * Reference solution — exercise 5, producer-sequences: the producer's side of idempotence for one partition.
 * Kafka keeps this in TransactionManager (its TopicPartitionEntry: nextSequence, lastAckedSequence, the batches
 * in flight) and renumbers in-flight batches when it bumps the epoch (startSequencesAtBeginning, KIP-360).
 */

export const INT32_MAX = 2147483647;

/** What goes in a batch's header on the wire. */
export interface BatchHeader { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

interface TrackedBatch { id: string; recordCount: number; firstSeq: number; lastSeq: number; order: number; }

function lastSequence(firstSeq: number, recordCount: number): number {
  const last = firstSeq + recordCount - 1;
  return last > INT32_MAX ? last - (INT32_MAX + 1) : last;
}

function nextAfter(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

export class PartitionSequences {
  private readonly producerId: number;
  private currentEpoch: number;
  private next: number;
  private lastAcked: number;
  private lastAckedOrder = -1;
  private sent = 0;
  /** Batches sent and not yet acknowledged, in the order they were first sent (= sequence order). */
  private readonly inflight: TrackedBatch[] = [];

  constructor(producerId: number, epoch = 0, nextSequence = 0) {
    this.producerId = producerId;
    this.currentEpoch = epoch;
    this.next = nextSequence;
    this.lastAcked = nextSequence === 0 ? -1 : nextSequence - 1;
  }

  private header(batch: TrackedBatch): BatchHeader {
    return { producerId: this.producerId, epoch: this.currentEpoch, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq };
  }

  private find(batchId: string): TrackedBatch {
    const batch = this.inflight.find((b) => b.id === batchId);
    if (!batch) throw new Error(`batch ${batchId} is not in flight (never sent, or already acknowledged)`);
    return batch;
  }

  send(batchId: string, recordCount: number): BatchHeader {
    if (!Number.isInteger(recordCount) || recordCount < 1) throw new RangeError(`recordCount must be a positive integer, got ${recordCount}`);
    if (this.inflight.some((b) => b.id === batchId)) throw new Error(`batch ${batchId} was already sent; use resend()`);
    const batch = { id: batchId, recordCount, firstSeq: this.next, lastSeq: lastSequence(this.next, recordCount), order: this.sent++ };
    this.next = nextAfter(batch.lastSeq);
    this.inflight.push(batch);
    return this.header(batch);
  }

  resend(batchId: string): BatchHeader {
    return this.header(this.find(batchId));
  }

  acknowledge(batchId: string): void {
    const batch = this.find(batchId);
    this.inflight.splice(this.inflight.indexOf(batch), 1);
    if (batch.order > this.lastAckedOrder) {
      this.lastAckedOrder = batch.order;
      this.lastAcked = batch.lastSeq;
    }
  }

  onOutOfOrderSequence(batchId: string): "retry" | "bump-epoch" {
    const batch = this.find(batchId);
    // The batch right after the last acknowledged one was refused: a real gap the broker will not fill. Anything
    // later is refused because an earlier batch is still unresolved; it is retried once that one is through.
    return batch.firstSeq === nextAfter(this.lastAcked) ? "bump-epoch" : "retry";
  }

  bumpEpoch(): void {
    this.currentEpoch += 1;
    let seq = 0;
    for (const batch of this.inflight) {
      batch.firstSeq = seq;
      batch.lastSeq = lastSequence(seq, batch.recordCount);
      seq = nextAfter(batch.lastSeq);
    }
    this.next = seq;
    this.lastAcked = -1;
    this.lastAckedOrder = -1;
  }

  epoch(): number { return this.currentEpoch; }
  nextSequence(): number { return this.next; }
  lastAckedSequence(): number { return this.lastAcked; }
  inFlight(): string[] { return this.inflight.map((b) => b.id); }
}
