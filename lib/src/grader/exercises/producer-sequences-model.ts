/**
 * The grader's own model of the producer's per-partition sequence bookkeeping (Kafka: TransactionManager's
 * TopicPartitionEntry; startSequencesAtBeginning on an epoch bump, KIP-360; canRetry for OUT_OF_ORDER_SEQUENCE_NUMBER).
 * Used as the oracle for exercise 5's random histories.
 */
import { lastSequence, nextSequence } from "../../broker/producer-state.js";
import { INT32_MAX } from "../../protocol/constants.js";

export interface BatchHeader { producerId: number; epoch: number; firstSeq: number; lastSeq: number }

interface Tracked { id: string; count: number; firstSeq: number; lastSeq: number; order: number }

export class SequenceModel {
  private epochNow: number;
  private next: number;
  private lastAcked: number;
  private lastAckedOrder = -1;
  private sentCount = 0;
  private readonly inflight: Tracked[] = [];

  constructor(readonly producerId: number, epoch = 0, next = 0) {
    if (next < 0 || next > INT32_MAX) throw new RangeError(`nextSequence must be in 0…${INT32_MAX}`);
    this.epochNow = epoch;
    this.next = next;
    this.lastAcked = next - 1;
  }

  private header(t: Tracked): BatchHeader {
    return { producerId: this.producerId, epoch: this.epochNow, firstSeq: t.firstSeq, lastSeq: t.lastSeq };
  }

  has(id: string): boolean {
    return this.inflight.some((t) => t.id === id);
  }

  private get(id: string): Tracked {
    const t = this.inflight.find((x) => x.id === id);
    if (!t) throw new Error(`${id} is not in flight`);
    return t;
  }

  send(id: string, count: number): BatchHeader {
    if (this.has(id)) throw new Error(`${id} already in flight`);
    const t = { id, count, firstSeq: this.next, lastSeq: lastSequence(this.next, count), order: this.sentCount++ };
    this.next = nextSequence(t.lastSeq);
    this.inflight.push(t);
    return this.header(t);
  }

  resend(id: string): BatchHeader {
    return this.header(this.get(id));
  }

  acknowledge(id: string): void {
    const t = this.get(id);
    this.inflight.splice(this.inflight.indexOf(t), 1);
    if (t.order > this.lastAckedOrder) {
      this.lastAckedOrder = t.order;
      this.lastAcked = t.lastSeq;
    }
  }

  onOutOfOrderSequence(id: string): "retry" | "bump-epoch" {
    return this.get(id).firstSeq === nextSequence(this.lastAcked) ? "bump-epoch" : "retry";
  }

  bumpEpoch(): void {
    this.epochNow++;
    let seq = 0;
    for (const t of this.inflight) {
      t.firstSeq = seq;
      t.lastSeq = lastSequence(seq, t.count);
      seq = nextSequence(t.lastSeq);
    }
    this.next = seq;
    this.lastAcked = -1;
    this.lastAckedOrder = -1;
  }

  epoch(): number { return this.epochNow; }
  nextSequence(): number { return this.next; }
  lastAckedSequence(): number { return this.lastAcked; }
  inFlight(): string[] { return this.inflight.map((t) => t.id); }
}
