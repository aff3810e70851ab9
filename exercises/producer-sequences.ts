/**
 * Exercise 5 of 6 — producer-sequences: the producer's side of idempotence, through retries and an epoch bump.
 *
 * For each partition, an idempotent producer numbers its batches (Kafka: TransactionManager's per-partition entry):
 *  - send: a NEW batch of n records gets firstSeq = nextSequence, lastSeq = firstSeq + n − 1 (wrapping after
 *    2147483647 to 0), and nextSequence moves past it. Sequences are per batch of records, not per send() call.
 *  - resend: a retry (lost response, retriable error) goes out with EXACTLY the same epoch and sequences, so that
 *    the broker can recognise it as a duplicate.
 *  - acknowledge: the broker answered success (written, or a duplicate). The batch is no longer in flight, and
 *    lastAckedSequence becomes its lastSeq — unless a batch sent later was acknowledged already (responses to
 *    retries can arrive late): lastAckedSequence never goes back. It is -1 before anything is acknowledged.
 *  - onOutOfOrderSequence: the broker answered OUT_OF_ORDER_SEQUENCE_NUMBER. If the batch is the one right after the
 *    last acknowledged sequence (firstSeq == lastAckedSequence + 1, wrapping), there is a real gap the broker will
 *    never fill: answer "bump-epoch". Otherwise an earlier batch is still unresolved and this one was refused
 *    because of it: answer "retry" (Kafka: TransactionManager.canRetry).
 *  - bumpEpoch (KIP-360; the Java idempotent producer does this locally): epoch + 1, and the batches still in
 *    flight are renumbered from 0, in the order they were first sent, back to back; nextSequence follows them;
 *    lastAckedSequence is -1 again (Kafka: TransactionManager.startSequencesAtBeginning). The next resend of such a
 *    batch carries its new epoch and sequences.
 * Throw an Error for a send() of an id already in flight, for resend/acknowledge/onOutOfOrderSequence of an id
 * that is not in flight, and for a recordCount that is not a positive integer.
 *
 * Example: const p = new PartitionSequences(7);           // producer id 7, epoch 0, nextSequence 0
 *   p.send("a", 3) → { producerId: 7, epoch: 0, firstSeq: 0, lastSeq: 2 }
 *   p.send("b", 2) → { producerId: 7, epoch: 0, firstSeq: 3, lastSeq: 4 }
 *   p.resend("a")  → { producerId: 7, epoch: 0, firstSeq: 0, lastSeq: 2 }
 *   p.acknowledge("a"); p.lastAckedSequence() → 2;  p.onOutOfOrderSequence("b") → "bump-epoch"
 *   p.bumpEpoch();  p.resend("b") → { producerId: 7, epoch: 1, firstSeq: 0, lastSeq: 1 };  p.nextSequence() → 2
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only producer-sequences        (every exercise: npm run grade)
 */

export const INT32_MAX = 2147483647;

/** What goes in a batch's header on the wire. */
export interface BatchHeader { producerId: number; epoch: number; firstSeq: number; lastSeq: number; }

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: PartitionSequences.${what} (exercises/producer-sequences.ts)`);
}

/** One partition's sequence numbers, for one producer. */
export class PartitionSequences {
  /**
   * @param producerId   the producer id (PID) the broker gave this producer
   * @param epoch        its epoch (default 0)
   * @param nextSequence where numbering starts (default 0; tests use it to start near the wrap). Everything before
   *                     it counts as acknowledged: lastAckedSequence starts at nextSequence − 1 (−1 when it is 0).
   */
  constructor(producerId: number, epoch = 0, nextSequence = 0) {
    void producerId; void epoch; void nextSequence;
  }

  /** A new batch of `recordCount` records leaves for the first time: its header. */
  send(batchId: string, recordCount: number): BatchHeader {
    void batchId; void recordCount;
    return notImplemented("send");
  }

  /** The header to send batch `batchId` again with. */
  resend(batchId: string): BatchHeader {
    void batchId;
    return notImplemented("resend");
  }

  /** The broker acknowledged batch `batchId` (written, or recognised as a duplicate). */
  acknowledge(batchId: string): void {
    void batchId;
    notImplemented("acknowledge");
  }

  /** The broker answered OUT_OF_ORDER_SEQUENCE_NUMBER for batch `batchId`: what does the producer do? */
  onOutOfOrderSequence(batchId: string): "retry" | "bump-epoch" {
    void batchId;
    return notImplemented("onOutOfOrderSequence");
  }

  /** Bump the epoch and renumber the batches in flight from 0. */
  bumpEpoch(): void {
    notImplemented("bumpEpoch");
  }

  /** The current epoch. */
  epoch(): number {
    return notImplemented("epoch");
  }

  /** The firstSeq the next new batch will get. */
  nextSequence(): number {
    return notImplemented("nextSequence");
  }

  /** lastSeq of the latest-sent acknowledged batch in this epoch; −1 when none. */
  lastAckedSequence(): number {
    return notImplemented("lastAckedSequence");
  }

  /** Ids of the batches sent and not yet acknowledged, in the order they were first sent. */
  inFlight(): string[] {
    return notImplemented("inFlight");
  }
}
