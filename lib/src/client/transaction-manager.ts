/**
 * The producer's idempotence and transaction state: its producer id and epoch, per-partition sequence numbers (the
 * next to assign, the last acknowledged, the batches in flight in sequence order), epoch bumps, and the transactional
 * state machine with the coordinator requests that drive it.
 *
 * Kafka 4.x: TransactionManager (with TxnPartitionMap / TxnPartitionEntry), TransactionManager.State.
 * Rules followed:
 *  - sequences are per (producer id, epoch, partition), assigned per batch when it is first drained:
 *    baseSequence = next; next += recordCount, wrapping after Int32 max (TransactionManager.sequenceNumber /
 *    incrementSequenceNumber, DefaultRecordBatch.incrementSequence); a batch is "in flight" for its partition from
 *    then until it is acknowledged or failed, retries included;
 *  - OUT_OF_ORDER_SEQUENCE_NUMBER (canRetry, KIP-360): a batch that is not next in line (its base sequence is not
 *    lastAcked + 1) is retried while no sequence of the partition is unresolved; otherwise an idempotent producer asks
 *    for an epoch bump for the partition and still retries the batch; a transactional one fails it (abortable error);
 *  - an epoch bump (bumpIdempotentProducerEpoch) renumbers the in-flight batches of the partitions that asked for it
 *    from 0 under the new epoch (startSequencesAtBeginning); other partitions keep the numbers of their batches in
 *    flight and start again at 0 with their next new batch, once nothing of theirs is in flight under the old epoch
 *    (maybeUpdateProducerIdAndEpoch); at epoch 32767 the producer id is reset instead (resetIdempotentProducerId: a new
 *    InitProducerId);
 *  - an expired batch that had been retried leaves its partition's sequence unresolved (markSequenceUnresolved); once
 *    nothing of the partition is in flight, maybeResolveSequences clears it without a bump if later batches were
 *    acknowledged (lastAcked + 1 == next), and otherwise bumps the epoch (idempotent) or makes the transaction
 *    abortable (transactional); no new batch of an unresolved partition is sent meanwhile;
 *  - error classes (maybeTransitionToErrorState and the request handlers): a failed batch of a transactional producer
 *    makes the transaction abortable (INVALID_PRODUCER_EPOCH included, KIP-588) unless it is PRODUCER_FENCED (fatal);
 *    from the coordinator, PRODUCER_FENCED and INVALID_PRODUCER_EPOCH are fatal (as PRODUCER_FENCED), INVALID_TXN_STATE
 *    is fatal, INVALID_PRODUCER_ID_MAPPING is abortable (the abort then skips EndTxn), CONCURRENT_TRANSACTIONS and
 *    coordinator unavailability are retried; after an abortable error the abort is followed by an epoch bump
 *    (InitProducerId in transactions v1; in v2 the EndTxn answer carries the new epoch);
 *  - transactions v2 (KIP-890, when the cluster's transaction.version is 2): no AddPartitionsToTxn / AddOffsetsToTxn
 *    (the partition leader and TxnOffsetCommit add them), and every EndTxn answer carries the epoch (or producer id) to
 *    go on with: the next transaction starts at sequence 0;
 *  - a transactional producer goes Uninitialized → Initializing → Ready → InTransaction → Committing | Aborting →
 *    Ready (through Initializing when an epoch bump follows an abort); an error the application can recover from by
 *    aborting is AbortableError; fencing is FatalError.
 * Simplifications: the coordinator is whichever broker the host names (no FindCoordinator round trip); InitProducerId
 * carries no current producer id and epoch (Kafka sends them for a KIP-360 bump; the coordinator here bumps any
 * known transactional id the same way); a transactional producer cannot bump its epoch on its own, so the
 * "bump-producer-epoch" fault does nothing to it; after a producer id reset the batches to renumber wait for the new
 * id; a late success of a batch that already expired counts towards the last acknowledged sequence only if its
 * partition has not been renumbered since (Kafka counts it regardless).
 */
import { IllegalStateError, isRetriable, type ErrorName } from "../protocol/errors.js";
import type { AddOffsetsToTxnResponse, AddPartitionsToTxnResponse, ClientRequest, ClientResponse, EndTxnResponse, InitProducerIdResponse, TxnOffsetCommitResponse } from "../protocol/messages.js";
import type { RecordAccumulator } from "./accumulator.js";
import type { ProducerConfig } from "./config.js";
import type { ProducerHost } from "./host.js";
import type { ProducerBatch, SendError, SendResult, SendStatus } from "./producer-batch.js";

/**
 * A transactional producer's states (Kafka's TransactionManager.State) and the allowed transitions.
 * An illegal call (send before beginTransaction, commit twice…) throws IllegalStateError: the application's fault.
 */
export type TransactionClientState = "Uninitialized" | "Initializing" | "Ready" | "InTransaction" | "Committing" | "Aborting" | "AbortableError" | "FatalError";

export const TRANSACTION_CLIENT_TRANSITIONS: Readonly<Record<TransactionClientState, readonly TransactionClientState[]>> = {
  Uninitialized: ["Initializing"],
  Initializing: ["Ready", "FatalError"],
  Ready: ["InTransaction", "FatalError"],
  InTransaction: ["Committing", "Aborting", "AbortableError", "FatalError"],
  Committing: ["Ready", "AbortableError", "FatalError"],
  Aborting: ["Ready", "Initializing", "FatalError"],
  AbortableError: ["Aborting", "FatalError"],
  FatalError: [],
};

/** What the transaction manager and the sender share of the producer they belong to (KafkaProducer's wiring). */
export interface ProducerCore {
  readonly name: string;
  readonly config: ProducerConfig;
  readonly host: ProducerHost;
  readonly closed: boolean;
  readonly accumulator: RecordAccumulator;
  readonly transactions: TransactionManager;
  /** The records of a batch get their final status (and the application hears). */
  settle(b: ProducerBatch, status: SendStatus, error?: SendError): void;
  /** Ask the sender for a poll in this instant. */
  wake(): void;
}

/** Sequence bookkeeping of one partition (Kafka's TxnPartitionEntry). */
class TxnPartitionEntry {
  /** The producer id and epoch this partition's sequences belong to (behind the producer's after a bump, for a while). */
  producerId = -1;
  epoch = -1;
  nextSequence = 0;
  lastAckedSequence = -1;
  /** Batches given a sequence and not yet acknowledged or failed, in sequence order (retries included). */
  readonly inFlight = new Array<ProducerBatch>(); // not []: see "Memory" in kernel/sim.ts
}

const INT32_MAX = 2147483647;
const MAX_EPOCH = 32767;

export class TransactionManager {
  producerId = -1;
  epoch = -1;
  private initInFlight = false;
  private readonly partitions = new Map<string, TxnPartitionEntry>();
  /** Partitions whose sequence is unknown after an expired batch: the sequence expected after it. */
  private readonly unresolved = new Map<string, number>();
  /** An epoch bump is due (idempotent producer), and the partitions whose in-flight batches it renumbers. */
  private epochBumpRequired = false;
  private readonly partitionsToRewrite = new Set<string>();
  /** Transactions (only with transactional.id). */
  txnState: TransactionClientState = "Uninitialized";
  /** The error that ended this producer (e.g. PRODUCER_FENCED), or the one that made the transaction abortable. */
  txnError?: ErrorName;
  /** Partitions the coordinator has added to the current transaction. */
  readonly txnPartitions = new Set<string>();
  /** Did the coordinator hear of this transaction (a partition or offsets added)? If not, ending it needs no EndTxn. */
  private txnStarted = false;
  private readonly txnAddPending = new Set<string>();
  /** An abortable error that needs a new epoch once the transaction is aborted (maybeTransitionToErrorState). */
  private txnEpochBumpRequired = false;
  /** The current transaction's records. */
  txnRecords: SendResult[] = [];
  /** A commit or abort asked for and not yet answered. */
  endTxn?: { commit: boolean; onDone?: (error: ErrorName | "NONE") => void; sent: boolean };

  constructor(private readonly producer: ProducerCore) {}

  get idempotent(): boolean {
    return this.producer.config.enableIdempotence;
  }

  get transactional(): boolean {
    return this.producer.config.transactionalId !== null;
  }

  /** Transactions v2 (KIP-890): a transactional producer on a cluster whose transaction.version is 2. */
  get transactionsV2(): boolean {
    return this.transactional && this.producer.host.controller.transactionVersion === 2;
  }

  /** Is an epoch bump waiting for the sender's next poll? */
  get epochBumpPending(): boolean {
    return this.epochBumpRequired;
  }

  // ---------------------------------------------------------------- producer id and sequences

  initProducerId(): void {
    const p = this.producer;
    if (this.initInFlight || p.closed) return;
    this.initInFlight = true;
    const host = p.host;
    // Lost connections, timeouts and a busy coordinator are retried by coordinatorRequest; any other error here too.
    this.coordinatorRequest({ api: "InitProducerId", transactionalId: p.config.transactionalId, transactionTimeoutMs: p.config.transactionTimeoutMs }, (response) => {
      const r = response as InitProducerIdResponse;
      this.initInFlight = false;
      if (r.error === "PRODUCER_FENCED" || r.error === "INVALID_PRODUCER_EPOCH") return this.fence("PRODUCER_FENCED");
      if (r.error !== "NONE") {
        host.clock.schedule(p.config.retryBackoffMs, () => this.initProducerId());
        return;
      }
      const bump = this.producerId >= 0 || this.partitionsToRewrite.size > 0;
      this.producerId = r.producerId;
      this.epoch = r.producerEpoch;
      if (this.transactional) {
        // InitProducerIdHandler: an epoch bump starts every partition's sequences again (resetSequenceNumbers).
        if (bump) this.resetSequenceNumbers();
        this.txnTransition("Ready");
      } else this.rewritePartitions(); // after a producer id reset (resetIdempotentProducerId)
      if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "init-producer-id", from: p.name, producerId: r.producerId, epoch: r.producerEpoch });
      p.wake();
    });
  }

  private entry(key: string): TxnPartitionEntry {
    let e = this.partitions.get(key);
    if (!e) {
      this.partitions.set(key, (e = new TxnPartitionEntry()));
      e.producerId = this.producerId;
      e.epoch = this.epoch;
    }
    return e;
  }

  private isStale(e: TxnPartitionEntry): boolean {
    return e.producerId !== this.producerId || e.epoch !== this.epoch;
  }

  /**
   * May a batch without a sequence be drained for this partition (RecordAccumulator.shouldStopDrainBatchesForPartition)?
   * Not while batches sent under an older producer id or epoch are in flight, nor while a sequence is unresolved.
   */
  canDrainNew(key: string): boolean {
    if (this.producerId < 0) return false;
    const e = this.partitions.get(key);
    if (e && e.inFlight.length > 0 && this.isStale(e)) return false;
    return !this.unresolved.has(key);
  }

  /** May this numbered batch (a retry) be drained? Only as the first of its partition in flight (one at a time, in order). */
  canDrainRetry(b: ProducerBatch): boolean {
    const e = this.partitions.get(b.key);
    const first = e?.inFlight[0];
    return first === undefined || first.baseSequence === b.baseSequence;
  }

  /** Number a batch the first time it is drained (its retries keep the numbers); it is in flight from now on. */
  assignSequence(b: ProducerBatch): void {
    const e = this.entry(b.key);
    // maybeUpdateProducerIdAndEpoch: nothing in flight under the old producer id / epoch, so start again at 0.
    if (this.isStale(e) && e.inFlight.length === 0) this.startSequencesAtBeginning(b.key, e);
    const next = e.nextSequence;
    b.baseSequence = next;
    b.producerId = this.producerId;
    b.epoch = this.epoch;
    // sequences wrap after Int32 max (DefaultRecordBatch.incrementSequence)
    const after = next + b.records.length;
    e.nextSequence = after > INT32_MAX ? after - INT32_MAX - 1 : after;
    this.insertInFlight(e, b);
  }

  private insertInFlight(e: TxnPartitionEntry, b: ProducerBatch): void {
    const list = e.inFlight;
    let at = list.length;
    while (at > 0 && list[at - 1]!.baseSequence > b.baseSequence) at--;
    list.splice(at, 0, b);
  }

  private removeInFlight(b: ProducerBatch): void {
    const list = this.partitions.get(b.key)?.inFlight;
    if (!list) return;
    const i = list.indexOf(b);
    if (i >= 0) list.splice(i, 1);
  }

  /** TransactionManager.handleCompletedBatch: the batch was acknowledged. */
  handleCompletedBatch(b: ProducerBatch): void {
    const e = this.partitions.get(b.key);
    if (e && b.producerId === e.producerId && b.epoch === e.epoch && b.lastSequence > e.lastAckedSequence) e.lastAckedSequence = b.lastSequence;
    this.removeInFlight(b);
  }

  /**
   * TransactionManager.handleFailedBatch: the batch failed. A transactional producer moves to an abortable (or, when
   * fenced, fatal) error; an idempotent one asks for an epoch bump after OUT_OF_ORDER_SEQUENCE_NUMBER, or when the
   * batch failed with retries left (its sequence cannot be reused: adjustSequenceNumbers).
   */
  handleFailedBatch(b: ProducerBatch, error: ErrorName | "TIMEOUT", adjustSequenceNumbers: boolean): void {
    if (this.transactional) {
      if (error === "PRODUCER_FENCED") this.fence(error);
      else this.abortableError(error === "TIMEOUT" ? "REQUEST_TIMED_OUT" : error, true);
    }
    this.removeInFlight(b);
    if (this.txnState === "FatalError" || b.baseSequence < 0) return;
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER" && !this.transactional) {
      this.requestEpochBumpForPartition(b.key);
    } else if (adjustSequenceNumbers) {
      if (!this.transactional) this.requestEpochBumpForPartition(b.key);
      else this.adjustSequencesDueToFailedBatch(b);
    }
  }

  /** TxnPartitionEntry.adjustSequencesDueToFailedBatch: the numbers after a failed transactional batch move down. */
  private adjustSequencesDueToFailedBatch(b: ProducerBatch): void {
    const e = this.partitions.get(b.key);
    if (!e || b.producerId !== e.producerId || b.epoch !== e.epoch) return;
    const n = b.records.length;
    e.nextSequence = e.nextSequence - n < 0 ? e.nextSequence - n + INT32_MAX + 1 : e.nextSequence - n;
    for (const x of e.inFlight) {
      if (x.baseSequence > b.baseSequence) {
        x.baseSequence -= n;
        x.sequenceReset = true;
      }
    }
  }

  /** Sender.sendProducerData: an expired batch that had been retried leaves its partition's sequence unknown. */
  markSequenceUnresolved(b: ProducerBatch): void {
    const next = b.lastSequence + 1;
    this.unresolved.set(b.key, Math.max(this.unresolved.get(b.key) ?? -1, next));
  }

  private isNextSequence(key: string, sequence: number): boolean {
    return sequence - (this.partitions.get(key)?.lastAckedSequence ?? -1) === 1;
  }

  /** TransactionManager.maybeResolveSequences, at the start of every sender poll. */
  maybeResolveSequences(): void {
    if (this.unresolved.size === 0) return;
    for (const key of [...this.unresolved.keys()]) {
      const e = this.partitions.get(key);
      if (e && e.inFlight.length > 0) continue;
      if (!this.isNextSequence(key, e?.nextSequence ?? 0)) {
        // Nothing after the expired batch was acknowledged: the gap is real.
        if (this.transactional) this.abortableError("REQUEST_TIMED_OUT", true);
        else this.requestEpochBumpForPartition(key);
      }
      this.unresolved.delete(key);
    }
  }

  /** TransactionManager.canRetry for an idempotent producer's produce error (Sender.canRetry checks attempts and time). */
  canRetry(error: ErrorName, b: ProducerBatch): boolean {
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER") {
      const unresolved = this.unresolved.get(b.key);
      if (unresolved === undefined && (b.sequenceReset || !this.isNextSequence(b.key, b.baseSequence))) return true; // an earlier batch is still on its way
      if (!this.transactional) {
        // The broker lost track of this producer (KIP-360): bump the epoch for the partition, and retry.
        if (unresolved === undefined || unresolved === b.baseSequence) this.requestEpochBumpForPartition(b.key);
        return true;
      }
      return false;
    }
    return isRetriable(error);
  }

  requestEpochBumpForPartition(key: string): void {
    if (this.transactional) return;
    this.epochBumpRequired = true;
    this.partitionsToRewrite.add(key);
  }

  /**
   * Force an epoch bump (the "bump-producer-epoch" fault: what Kafka does after a delivery timeout). No partition is
   * renumbered: each starts again at 0 under the new epoch once its batches in flight are done. Idempotent,
   * non-transactional producers only.
   */
  requestEpochBump(): void {
    if (!this.idempotent || this.transactional || this.producer.closed) return;
    this.epochBumpRequired = true;
    this.producer.wake();
  }

  /** TransactionManager.bumpIdempotentEpochAndResetIdIfNeeded, at the start of every sender poll. */
  bumpIdempotentEpochAndResetIdIfNeeded(): void {
    if (!this.epochBumpRequired || this.transactional || this.producerId < 0) return;
    const p = this.producer;
    const host = p.host;
    this.epochBumpRequired = false;
    if (this.epoch >= MAX_EPOCH) {
      // resetIdempotentProducerId: no epoch left; a new producer id (the renumbering waits for it).
      if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "epoch-bump", from: p.name, producerId: this.producerId, epoch: this.epoch, note: "epoch exhausted: the producer id is reset (InitProducerId)" });
      this.producerId = -1;
      this.epoch = -1;
      this.initProducerId();
      return;
    }
    this.epoch++;
    if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "epoch-bump", from: p.name, producerId: this.producerId, epoch: this.epoch, note: this.partitionsToRewrite.size > 0 ? "in-flight batches renumbered from sequence 0 (KIP-360)" : "sequences restart at 0 (KIP-360)" });
    this.rewritePartitions();
  }

  /** Renumber the in-flight batches of the partitions that asked for the bump (startSequencesAtBeginning). */
  private rewritePartitions(): void {
    for (const key of this.partitionsToRewrite) {
      this.startSequencesAtBeginning(key, this.entry(key));
      this.unresolved.delete(key);
    }
    this.partitionsToRewrite.clear();
  }

  /** TxnPartitionEntry.startSequencesAtBeginning: in-flight batches renumbered from 0 under the current id and epoch. */
  private startSequencesAtBeginning(key: string, e: TxnPartitionEntry): void {
    let sequence = 0;
    for (const b of e.inFlight) {
      b.baseSequence = sequence;
      b.producerId = this.producerId;
      b.epoch = this.epoch;
      b.sequenceReset = true;
      sequence += b.records.length;
    }
    e.producerId = this.producerId;
    e.epoch = this.epoch;
    e.nextSequence = sequence;
    e.lastAckedSequence = -1;
    this.producer.accumulator.resort(key);
  }

  /** TransactionManager.resetSequenceNumbers: every partition starts again (a transactional epoch bump). */
  private resetSequenceNumbers(): void {
    this.partitions.clear();
    this.unresolved.clear();
  }

  // ---------------------------------------------------------------- transactions (transactional.id set)

  txnTransition(to: TransactionClientState): void {
    if (!TRANSACTION_CLIENT_TRANSITIONS[this.txnState].includes(to)) {
      throw new IllegalStateError(`${this.producer.name}: cannot go from ${this.txnState} to ${to}`);
    }
    this.txnState = to;
  }

  private requireTransactional(what: string): void {
    const name = this.producer.name;
    if (!this.transactional) throw new IllegalStateError(`${name}: ${what} needs a transactional producer (set transactional.id)`);
    if (this.txnState === "FatalError") throw new IllegalStateError(`${name}: ${what} after a fatal error (${this.txnError ?? "fenced"}): this producer instance must be closed`);
  }

  /** Begin a transaction (KafkaProducer.beginTransaction). */
  beginTransaction(): void {
    this.requireTransactional("beginTransaction()");
    if (this.txnState !== "Ready") throw new IllegalStateError(`${this.producer.name}: beginTransaction() in state ${this.txnState}: wait until the producer is Ready (its producer id is known and no transaction is open)`);
    this.txnTransition("InTransaction");
    this.txnPartitions.clear();
    this.txnRecords = [];
    this.txnStarted = false;
  }

  /** Commit: wait until every record of the transaction is acknowledged, then EndTxn(commit). */
  commitTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("commitTransaction()");
    if (this.txnState !== "InTransaction") throw new IllegalStateError(`${this.producer.name}: commitTransaction() in state ${this.txnState}${this.txnState === "AbortableError" ? ` (${this.txnError}): abort the transaction instead` : ""}`);
    this.txnTransition("Committing");
    this.endTxn = { commit: true, onDone, sent: false };
    this.producer.wake();
  }

  /** Abort: records not yet sent are dropped, in-flight ones awaited, then EndTxn(abort). */
  abortTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("abortTransaction()");
    if (this.txnState !== "InTransaction" && this.txnState !== "AbortableError") throw new IllegalStateError(`${this.producer.name}: abortTransaction() in state ${this.txnState}`);
    this.txnTransition("Aborting");
    const p = this.producer;
    p.accumulator.dropAll((b) => p.settle(b, "failed", "TRANSACTION_ABORTED"), true);
    this.endTxn = { commit: false, onDone, sent: false };
    p.wake();
  }

  /**
   * Add the consumer group's offsets to the transaction (KafkaProducer.sendOffsetsToTransaction): AddOffsetsToTxn then
   * TxnOffsetCommit in transactions v1; TxnOffsetCommit alone in v2 (the coordinator adds the group itself).
   */
  sendOffsetsToTransaction(groupId: string, offsets: Array<{ topic: string; partition: number; offset: number }>, onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("sendOffsetsToTransaction()");
    if (this.txnState !== "InTransaction") throw new IllegalStateError(`${this.producer.name}: sendOffsetsToTransaction() in state ${this.txnState}`);
    const base = { transactionalId: this.producer.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch };
    const byTopic = new Map<string, Array<{ partition: number; offset: number; metadata: string | null }>>();
    for (const o of offsets) {
      let list = byTopic.get(o.topic);
      if (!list) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: o.offset, metadata: null });
    }
    const v2 = this.transactionsV2;
    const commitOffsets = (): void => {
      this.txnStarted = true;
      this.coordinatorRequest({ api: "TxnOffsetCommit", ...base, ...(v2 ? { transactionVersion: 2 as const } : {}), groupId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }, (r2) => {
        const e2 = (r2 as TxnOffsetCommitResponse).topics.flatMap((t) => t.partitions).find((p) => p.error !== "NONE")?.error ?? "NONE";
        if (isRetriable(e2)) return void this.producer.host.clock.schedule(this.producer.config.retryBackoffMs, commitOffsets);
        if (e2 !== "NONE") return this.coordinatorError(e2, onDone);
        onDone?.("NONE");
      });
    };
    if (v2) return commitOffsets();
    this.coordinatorRequest({ api: "AddOffsetsToTxn", ...base, groupId }, (r) => {
      const error = (r as AddOffsetsToTxnResponse).error;
      if (error !== "NONE") return this.coordinatorError(error, onDone);
      commitOffsets();
    });
  }

  /** Transactions v2: a batch of the transaction goes out (the partition leader adds the partition itself). */
  batchSentInTransaction(): void {
    this.txnStarted = true;
  }

  /**
   * Requests to the coordinator (InitProducerId and the transaction APIs; any live broker answers for it here), retried
   * after retry.backoff.ms on a lost connection, a request timeout (the connection is closed first) or a busy coordinator.
   */
  private coordinatorRequest(request: ClientRequest, onResponse: (r: ClientResponse) => void): void {
    const p = this.producer;
    const host = p.host;
    const target = host.controller.controllerId();
    const again = (): void => {
      host.clock.schedule(p.config.retryBackoffMs, () => {
        if (!p.closed) this.coordinatorRequest(request, onResponse);
      });
    };
    if (target < 0) return again();
    let answered = false;
    host.network.clientRequest(p.name, target, request, (response) => {
      if (answered || p.closed) return;
      answered = true;
      if (response === "NETWORK_EXCEPTION") return again();
      const error = (response as { error?: ErrorName }).error;
      if (error === "CONCURRENT_TRANSACTIONS" || error === "COORDINATOR_NOT_AVAILABLE" || error === "NOT_COORDINATOR") return again();
      onResponse(response);
    });
    // request.timeout.ms: the connection went silent; close it and ask again on a new one.
    host.clock.schedule(p.config.requestTimeoutMs, () => {
      if (answered || p.closed) return;
      answered = true;
      host.network.resetConnection(p.name, target);
      again();
    });
  }

  /**
   * An error from the coordinator (the AddPartitionsToTxn / AddOffsetsToTxn / TxnOffsetCommit / EndTxn handlers):
   * PRODUCER_FENCED and INVALID_PRODUCER_EPOCH (an older coordinator's word for it) are fatal as PRODUCER_FENCED;
   * INVALID_TXN_STATE is fatal; INVALID_PRODUCER_ID_MAPPING is abortable and needs a new epoch
   * (abortableErrorIfPossible); anything else is abortable.
   */
  private coordinatorError(error: ErrorName, onDone?: (error: ErrorName | "NONE") => void): void {
    let reported: ErrorName = error;
    if (error === "PRODUCER_FENCED" || error === "INVALID_PRODUCER_EPOCH") this.fence((reported = "PRODUCER_FENCED"));
    else if (error === "INVALID_TXN_STATE") this.fence(error);
    else this.abortableError(error, error === "INVALID_PRODUCER_ID_MAPPING" || error === "UNKNOWN_PRODUCER_ID");
    onDone?.(reported);
  }

  /** The partition joins the transaction (AddPartitionsToTxn) before its first batch is sent. */
  addPartitionToTxn(topic: string, partition: number, key: string): void {
    if (this.txnAddPending.has(key) || this.txnState !== "InTransaction" && this.txnState !== "Committing") return;
    this.txnAddPending.add(key);
    this.coordinatorRequest(
      { api: "AddPartitionsToTxn", transactionalId: this.producer.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch, topics: [{ topic, partitions: [partition] }] },
      (r) => {
        this.txnAddPending.delete(key);
        const error = (r as AddPartitionsToTxnResponse).topics[0]?.partitions[0]?.error ?? "UNKNOWN_SERVER_ERROR";
        // AddPartitionsToTxnHandler: CONCURRENT_TRANSACTIONS and the coordinator's other retriable errors are retried.
        if (isRetriable(error)) return void this.producer.host.clock.schedule(this.producer.config.retryBackoffMs, () => this.producer.wake());
        if (error !== "NONE") return this.coordinatorError(error);
        this.txnPartitions.add(key);
        this.txnStarted = true;
        this.producer.wake();
      },
    );
  }

  /** Called from the sender's poll: once the transaction's records are all settled, send EndTxn. */
  maybeEndTransaction(): void {
    const end = this.endTxn;
    if (!end || end.sent) return;
    if (this.txnRecords.some((r) => r.status === "pending")) return;
    if (end.commit && this.txnRecords.some((r) => r.status === "failed")) {
      // A record of the transaction failed: it cannot commit (KafkaProducer.commitTransaction throws; abort it).
      this.endTxn = undefined;
      this.abortableError(this.txnRecords.find((r) => r.status === "failed")?.error as ErrorName);
      return end.onDone?.(this.txnError ?? "UNKNOWN_SERVER_ERROR");
    }
    end.sent = true;
    if (!end.commit && this.txnError === "INVALID_PRODUCER_ID_MAPPING") {
      // TransactionManager.beginCompletingTransaction: the coordinator would refuse EndTxn; go straight to a new epoch.
      this.endTxn = undefined;
      this.finishTransaction(false);
      return end.onDone?.("NONE");
    }
    if (!this.txnStarted) {
      // The coordinator never heard of this transaction: nothing to end there (TransactionManager skips EndTxn too).
      this.endTxn = undefined;
      this.finishTransaction(true);
      return end.onDone?.("NONE");
    }
    const p = this.producer;
    const v2 = this.transactionsV2;
    this.coordinatorRequest(
      { api: "EndTxn", transactionalId: p.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch, committed: end.commit, ...(v2 ? { transactionVersion: 2 as const } : {}) },
      (r) => {
        this.endTxn = undefined;
        const answer = r as EndTxnResponse;
        const error = answer.error;
        if (error !== "NONE") return this.coordinatorError(error, end.onDone);
        if (!end.commit) {
          for (const rec of this.txnRecords) {
            if (rec.status === "acknowledged") {
              rec.status = "failed";
              rec.error = "TRANSACTION_ABORTED";
            }
          }
        }
        if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "transaction", from: p.name, producerId: this.producerId, epoch: this.epoch, note: end.commit ? "committed" : "aborted" });
        if (v2 && answer.producerId !== undefined && answer.producerId >= 0) {
          // EndTxn v5+ (KIP-890): the epoch was bumped (or a new producer id given); the next transaction starts at 0.
          this.producerId = answer.producerId;
          this.epoch = answer.producerEpoch!;
          this.resetSequenceNumbers();
          this.txnEpochBumpRequired = false;
          if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "epoch-bump", from: p.name, producerId: this.producerId, epoch: this.epoch, note: "transactions v2: every transaction ends with a new epoch" });
        }
        this.finishTransaction(true);
        end.onDone?.("NONE");
      },
    );
  }

  /** TransactionManager.completeTransaction: Ready, or (an abortable error asked for it) a new epoch first. */
  private finishTransaction(sentEndTxn: boolean): void {
    this.txnRecords = [];
    this.txnPartitions.clear();
    this.txnError = undefined;
    const bump = this.txnEpochBumpRequired || !sentEndTxn;
    this.txnEpochBumpRequired = false;
    if (bump) {
      this.txnTransition("Initializing");
      this.initProducerId();
    } else this.txnTransition("Ready");
  }

  /**
   * The transaction cannot commit any more; the application must abort it. `needsEpochBump`: after the abort the
   * producer takes a new epoch (maybeTransitionToErrorState sets epochBumpRequired for a failed batch).
   */
  abortableError(error: ErrorName, needsEpochBump = false): void {
    if (this.txnState === "FatalError") return;
    if (needsEpochBump && this.txnState !== "Committing" && this.txnState !== "Aborting") this.txnEpochBumpRequired = true;
    if (this.txnState === "AbortableError" || this.txnState === "Aborting") return;
    if (this.txnState !== "InTransaction" && this.txnState !== "Committing") return;
    this.txnError = error;
    this.txnTransition("AbortableError");
  }

  /** A fatal error: fenced by a newer instance (or the coordinator's timeout), or INVALID_TXN_STATE. Every record not yet settled fails. */
  fence(error: ErrorName): void {
    if (this.txnState === "FatalError") return;
    const p = this.producer;
    this.txnError = error;
    this.txnState = "FatalError";
    p.accumulator.dropAll((b) => p.settle(b, "failed", error), false);
    const note = error === "PRODUCER_FENCED" ? "fenced: a newer instance with the same transactional.id exists" : `fatal error ${error}: this producer instance must be closed`;
    if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "transaction", from: p.name, producerId: this.producerId, epoch: this.epoch, error, note });
    const end = this.endTxn;
    this.endTxn = undefined;
    end?.onDone?.(error);
  }
}
