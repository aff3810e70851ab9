/**
 * The transaction coordinator: transactional ids, producer epochs and fencing, transactions that span
 * partitions, and the commit/abort markers that make them visible (or not) to read_committed consumers.
 *
 * Kafka: TransactionCoordinator, TransactionMetadata, TransactionStateManager, TransactionMarkerChannelManager.
 * Rules followed:
 *  - InitProducerId with a transactional.id keeps the producer id and bumps the epoch; a transaction left open by the
 *    previous instance is aborted first. The previous instance is fenced: the coordinator answers its requests with
 *    PRODUCER_FENCED, and partition leaders refuse its batches with INVALID_PRODUCER_EPOCH (their state saw the new epoch
 *    in the abort marker).
 *  - A transaction moves Empty → Ongoing (AddPartitionsToTxn / AddOffsetsToTxn) → PrepareCommit | PrepareAbort (EndTxn)
 *    → CompleteCommit | CompleteAbort (all markers written) → Ongoing again with the next transaction.
 *  - A transaction open longer than transaction.timeout.ms is aborted by the coordinator, which bumps the epoch so the
 *    hung producer is fenced.
 *  - Offsets committed in a transaction (TxnOffsetCommit) become the group's offsets only if it commits.
 * Simplifications: one coordinator for all transactional ids, never failing (Kafka keeps this state in the replicated
 * __transaction_state topic and moves coordinators on failure); markers are written to the partition leaders directly
 * (Kafka sends WriteTxnMarkers requests), retried while a partition has no leader; no KIP-890 partition verification.
 */
import type { Clock } from "../kernel/sim.js";
import type { Trace } from "../kernel/trace.js";
import { IllegalStateError, type ErrorName } from "../protocol/errors.js";
import type {
  AddOffsetsToTxnRequest,
  AddOffsetsToTxnResponse,
  AddPartitionsToTxnRequest,
  AddPartitionsToTxnResponse,
  EndTxnRequest,
  EndTxnResponse,
  InitProducerIdRequest,
  InitProducerIdResponse,
  TxnOffsetCommitRequest,
  TxnOffsetCommitResponse,
} from "../protocol/messages.js";

export type TransactionState = "Empty" | "Ongoing" | "PrepareCommit" | "PrepareAbort" | "CompleteCommit" | "CompleteAbort";

/** The allowed transitions (TransactionMetadata.isValidTransition). */
export const TRANSACTION_TRANSITIONS: Readonly<Record<TransactionState, readonly TransactionState[]>> = {
  Empty: ["Ongoing", "Empty"],
  Ongoing: ["Ongoing", "PrepareCommit", "PrepareAbort"],
  PrepareCommit: ["CompleteCommit"],
  PrepareAbort: ["CompleteAbort"],
  CompleteCommit: ["Ongoing", "Empty"],
  CompleteAbort: ["Ongoing", "Empty"],
};

export interface TransactionMetadata {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  timeoutMs: number;
  state: TransactionState;
  /** Partitions in the current transaction, as "topic-partition". */
  partitions: Map<string, { topic: string; partition: number }>;
  /** Consumer groups whose offsets ride on the current transaction. */
  groups: Set<string>;
  /** Offsets committed inside the transaction, applied on commit: group → "topic-partition" → offset. */
  pendingOffsets: Map<string, Map<string, { topic: string; partition: number; offset: number }>>;
  startedAtMs: number;
  /** How many markers are still to be written for the transaction being completed. */
  markersPending: number;
}

export interface TransactionEvent {
  atMs: number;
  transactionalId: string;
  producerId: number;
  epoch: number;
  what: string;
}

/**
 * Kafka's TransactionMetadata.isEpochExhausted: epoch >= Short.MAX_VALUE - 1. The coordinator keeps the last epoch
 * (32767) in hand to fence with, so from 32766 on it rotates to a new producer id at epoch 0.
 */
const EXHAUSTED_EPOCH = 32766;

/** What the transaction coordinator needs from the world around it. */
export interface TransactionCoordinatorHost {
  readonly clock: Clock;
  readonly trace: Trace;
  /** A fresh producer id (Kafka: ProducerIdManager, kept by the controller). */
  allocateProducerId(): number;
  topicExists(topic: string, partition: number): boolean;
  /**
   * Write a COMMIT or ABORT marker at the partition's current leader (Kafka: a WriteTxnMarkers request); false when
   * the partition has no live leader right now (the coordinator tries again shortly).
   */
  writeTxnMarker(topic: string, partition: number, producerId: number, producerEpoch: number, type: "COMMIT" | "ABORT"): boolean;
}

export class TransactionCoordinator {
  readonly transactions = new Map<string, TransactionMetadata>();
  /** Committed consumer-group offsets (what OffsetFetch would return): group → "topic-partition" → offset. */
  readonly committedOffsets = new Map<string, Map<string, number>>();
  private timeoutCheckScheduled = false;

  constructor(private readonly host: TransactionCoordinatorHost) {}

  private transition(txn: TransactionMetadata, to: TransactionState): void {
    if (!TRANSACTION_TRANSITIONS[txn.state].includes(to)) {
      throw new IllegalStateError(`transaction ${txn.transactionalId}: ${txn.state} → ${to} is not a valid transition (coordinator bug)`);
    }
    txn.state = to;
  }

  private note(txn: TransactionMetadata, what: string): void {
    const c = this.host;
    if (c.trace.enabled) c.trace.add({ atMs: c.clock.nowMs, type: "transaction", producerId: txn.producerId, epoch: txn.producerEpoch, note: `${txn.transactionalId}: ${what}` });
  }

  /**
   * InitProducerId. Without a transactional.id: a fresh producer id at epoch 0 (an idempotent producer's session).
   * With one: the same producer id, epoch + 1; an open transaction is aborted first.
   */
  initProducerId(request: InitProducerIdRequest): InitProducerIdResponse {
    if (request.transactionalId === null || request.transactionalId === undefined) {
      const c = this.host;
      const producerId = c.allocateProducerId();
      if (c.trace.enabled) c.trace.add({ atMs: c.clock.nowMs, type: "init-producer-id", producerId, epoch: 0 });
      return { api: "InitProducerId", error: "NONE", producerId, producerEpoch: 0, throttleTimeMs: 0 };
    }
    const id = request.transactionalId;
    const answer = (error: ErrorName, txn?: TransactionMetadata): InitProducerIdResponse => ({
      api: "InitProducerId",
      error,
      producerId: txn?.producerId ?? -1,
      producerEpoch: txn?.producerEpoch ?? -1,
      throttleTimeMs: 0,
    });
    if (typeof id !== "string" || id.length === 0) return answer("INVALID_REQUEST");
    if (!(request.transactionTimeoutMs > 0 && request.transactionTimeoutMs <= 900_000)) return answer("INVALID_TRANSACTION_TIMEOUT");
    let txn = this.transactions.get(id);
    if (!txn) {
      txn = {
        transactionalId: id,
        producerId: this.host.allocateProducerId(),
        producerEpoch: 0,
        timeoutMs: request.transactionTimeoutMs,
        state: "Empty",
        partitions: new Map(),
        groups: new Set(),
        pendingOffsets: new Map(),
        startedAtMs: -1,
        markersPending: 0,
      };
      this.transactions.set(id, txn);
      this.note(txn, "new transactional id, epoch 0");
      return answer("NONE", txn);
    }
    if (txn.state === "PrepareCommit" || txn.state === "PrepareAbort") return answer("CONCURRENT_TRANSACTIONS");
    if (txn.state === "Ongoing") {
      // The previous instance left a transaction open: abort it under the new epoch (which fences that instance).
      this.bumpEpoch(txn);
      this.complete(txn, false, "aborted: a new instance with the same transactional.id started");
      if ((txn.state as TransactionState) === "PrepareAbort") return answer("CONCURRENT_TRANSACTIONS"); // markers still pending: the client retries
    } else {
      this.bumpEpoch(txn);
    }
    txn.timeoutMs = request.transactionTimeoutMs;
    this.note(txn, `new instance: epoch ${txn.producerEpoch}, older instances are fenced`);
    return answer("NONE", txn);
  }

  private bumpEpoch(txn: TransactionMetadata): void {
    if (txn.producerEpoch >= EXHAUSTED_EPOCH) {
      txn.producerId = this.host.allocateProducerId();
      txn.producerEpoch = 0;
    } else txn.producerEpoch++;
  }

  /** Checks common to the requests of a running producer. */
  private check(transactionalId: string, producerId: number, producerEpoch: number): { error: ErrorName; txn?: TransactionMetadata } {
    const txn = this.transactions.get(transactionalId);
    if (!txn || txn.producerId !== producerId) return { error: "INVALID_PRODUCER_ID_MAPPING" };
    if (producerEpoch < txn.producerEpoch) return { error: "PRODUCER_FENCED" };
    if (producerEpoch > txn.producerEpoch) return { error: "INVALID_PRODUCER_EPOCH" };
    if (txn.state === "PrepareCommit" || txn.state === "PrepareAbort") return { error: "CONCURRENT_TRANSACTIONS", txn };
    return { error: "NONE", txn };
  }

  private begin(txn: TransactionMetadata): void {
    if (txn.state !== "Ongoing") {
      this.transition(txn, "Ongoing");
      txn.startedAtMs = this.host.clock.nowMs;
      this.note(txn, "transaction begins");
      this.scheduleTimeoutCheck();
    }
  }

  addPartitions(request: AddPartitionsToTxnRequest): AddPartitionsToTxnResponse {
    const { error, txn } = this.check(request.transactionalId, request.producerId, request.producerEpoch);
    const answer = (e: (topic: string, partition: number) => ErrorName): AddPartitionsToTxnResponse => ({
      api: "AddPartitionsToTxn",
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p, error: e(t.topic, p) })) })),
    });
    if (error !== "NONE") return answer(() => error);
    const unknown = (topic: string, p: number): boolean => !this.host.topicExists(topic, p);
    if (request.topics.some((t) => t.partitions.some((p) => unknown(t.topic, p)))) {
      // Kafka refuses the whole request: the unknown partitions get UNKNOWN_TOPIC_OR_PARTITION, the others OPERATION_NOT_ATTEMPTED.
      return answer((t, p) => (unknown(t, p) ? "UNKNOWN_TOPIC_OR_PARTITION" : "OPERATION_NOT_ATTEMPTED"));
    }
    this.begin(txn!);
    for (const t of request.topics) for (const p of t.partitions) txn!.partitions.set(`${t.topic}-${p}`, { topic: t.topic, partition: p });
    return answer(() => "NONE");
  }

  addOffsets(request: AddOffsetsToTxnRequest): AddOffsetsToTxnResponse {
    const { error, txn } = this.check(request.transactionalId, request.producerId, request.producerEpoch);
    if (error !== "NONE") return { api: "AddOffsetsToTxn", throttleTimeMs: 0, error };
    this.begin(txn!);
    txn!.groups.add(request.groupId);
    return { api: "AddOffsetsToTxn", throttleTimeMs: 0, error: "NONE" };
  }

  txnOffsetCommit(request: TxnOffsetCommitRequest): TxnOffsetCommitResponse {
    const { error, txn } = this.check(request.transactionalId, request.producerId, request.producerEpoch);
    const bad: ErrorName | undefined = error !== "NONE" ? error : !txn!.groups.has(request.groupId) || txn!.state !== "Ongoing" ? "INVALID_TXN_STATE" : undefined;
    if (!bad) {
      let pending = txn!.pendingOffsets.get(request.groupId);
      if (!pending) txn!.pendingOffsets.set(request.groupId, (pending = new Map()));
      for (const t of request.topics) for (const p of t.partitions) pending.set(`${t.topic}-${p.partition}`, { topic: t.topic, partition: p.partition, offset: p.offset });
    }
    return {
      api: "TxnOffsetCommit",
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, error: bad ?? "NONE" })) })),
    };
  }

  endTxn(request: EndTxnRequest): EndTxnResponse {
    const { error, txn } = this.check(request.transactionalId, request.producerId, request.producerEpoch);
    const answer = (e: ErrorName): EndTxnResponse => ({ api: "EndTxn", throttleTimeMs: 0, error: e });
    if (error !== "NONE") return answer(error);
    const t = txn!;
    if (t.state === "Empty" || t.state === "CompleteCommit" || t.state === "CompleteAbort") {
      // Nothing open (TransactionCoordinator.handleEndTransaction): a repeated EndTxn with the outcome just completed is
      // a retry and succeeds; anything else, and any EndTxn in Empty, is INVALID_TXN_STATE.
      const same = (t.state === "CompleteCommit" && request.committed) || (t.state === "CompleteAbort" && !request.committed);
      return answer(same ? "NONE" : "INVALID_TXN_STATE");
    }
    this.complete(t, request.committed, request.committed ? "commit requested" : "abort requested");
    return answer("NONE");
  }

  /** PrepareCommit/PrepareAbort, then write a marker to every partition of the transaction. */
  private complete(txn: TransactionMetadata, commit: boolean, why: string): void {
    this.transition(txn, commit ? "PrepareCommit" : "PrepareAbort");
    this.note(txn, `${commit ? "PrepareCommit" : "PrepareAbort"} (${why})`);
    const partitions = [...txn.partitions.values()];
    txn.markersPending = partitions.length;
    const finish = (): void => {
      if (commit) {
        for (const [group, offsets] of txn.pendingOffsets) {
          let committed = this.committedOffsets.get(group);
          if (!committed) this.committedOffsets.set(group, (committed = new Map()));
          for (const [key, o] of offsets) committed.set(key, o.offset);
        }
      }
      txn.pendingOffsets.clear();
      txn.partitions.clear();
      txn.groups.clear();
      this.transition(txn, commit ? "CompleteCommit" : "CompleteAbort");
      this.note(txn, commit ? "CompleteCommit: markers written, records visible to read_committed" : "CompleteAbort: markers written, records skipped by read_committed");
    };
    if (partitions.length === 0) return finish();
    const epoch = txn.producerEpoch;
    for (const p of partitions) {
      this.writeMarker(txn, p.topic, p.partition, epoch, commit, () => {
        if (--txn.markersPending === 0) finish();
      });
    }
  }

  private writeMarker(txn: TransactionMetadata, topic: string, partition: number, epoch: number, commit: boolean, done: () => void): void {
    const c = this.host;
    if (c.writeTxnMarker(topic, partition, txn.producerId, epoch, commit ? "COMMIT" : "ABORT")) return done();
    // No leader right now: try again shortly (Kafka's marker channel retries until the partition is available).
    c.clock.schedule(100, () => this.writeMarker(txn, topic, partition, epoch, commit, done));
  }

  /** Abort transactions open longer than their timeout, bumping the epoch to fence the hung producer. */
  private scheduleTimeoutCheck(): void {
    if (this.timeoutCheckScheduled) return;
    this.timeoutCheckScheduled = true;
    const c = this.host;
    const check = (): void => {
      this.timeoutCheckScheduled = false;
      let open = false;
      for (const txn of this.transactions.values()) {
        if (txn.state !== "Ongoing") continue;
        if (c.clock.nowMs - txn.startedAtMs >= txn.timeoutMs) {
          this.bumpEpoch(txn);
          this.complete(txn, false, `transaction.timeout.ms=${txn.timeoutMs} expired; epoch bumped to ${txn.producerEpoch}, fencing the producer`);
        } else open = true;
      }
      if (open) this.scheduleTimeoutCheck();
    };
    // Kafka checks every transaction.abort.timed.out.transaction.cleanup.interval.ms (10 s by default).
    c.clock.schedule(10_000, check);
  }
}
