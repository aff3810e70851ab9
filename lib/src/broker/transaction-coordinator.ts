/**
 * The transaction coordinator: transactional ids, producer epochs and fencing, transactions that span
 * partitions, and the commit/abort markers that make them visible (or not) to read_committed consumers.
 *
 * Kafka 4.x: TransactionCoordinator, TransactionMetadata, TransactionStateManager, TransactionMarkerChannelManager,
 * AddPartitionsToTxnManager. Rules followed:
 *  - InitProducerId with a transactional.id keeps the producer id and bumps the epoch (a new producer id at epoch 0 once
 *    the epoch is exhausted, >= 32766: TransactionMetadata.isEpochExhausted). Over an Ongoing transaction it fences
 *    instead (prepareInitProducerIdTransit → prepareFenceProducerEpoch): epoch + 1, the open transaction aborted with
 *    it, and CONCURRENT_TRANSACTIONS for an answer; the client's retry bumps again (so at 32766 the abort carries
 *    32767 and the retry gets a new producer id).
 *  - Requests of a running producer with an epoch other than the stored one are PRODUCER_FENCED (lower or higher);
 *    a producer id other than the stored one is INVALID_PRODUCER_ID_MAPPING; while markers are being written
 *    (PrepareCommit/PrepareAbort) the answer is CONCURRENT_TRANSACTIONS.
 *  - A transaction moves Empty → Ongoing → PrepareCommit | PrepareAbort (EndTxn) → CompleteCommit | CompleteAbort (all
 *    markers written). EndTxn with the outcome under way again: CONCURRENT_TRANSACTIONS; the other outcome:
 *    INVALID_TXN_STATE; the outcome just completed: NONE (a retry).
 *  - Transactions v2 (KIP-890; `transaction.version=2`, the 4.x default, used by clients whose EndTxn is v5+): every
 *    EndTxn bumps the epoch (TransactionMetadata.prepareAbortOrCommit), the markers carry the new epoch and the answer
 *    returns it; at an exhausted epoch the transaction ends with a new producer id at epoch 0 (prepareComplete). An
 *    EndTxn retried with the epoch before the bump is recognised (endTxnEpochBumped); the stored epoch after the
 *    transaction completed is PRODUCER_FENCED. The partition leader adds a partition to the transaction when it
 *    accepts a v2 transactional produce (the coordinator's PRODUCER_FENCED reaches the producer as
 *    INVALID_PRODUCER_EPOCH), and a v2 TxnOffsetCommit adds its group: no AddPartitionsToTxn/AddOffsetsToTxn.
 *    Clients whose EndTxn is below v5 keep the v1 protocol on the same cluster.
 *  - A transaction open longer than transaction.timeout.ms is aborted by the coordinator with epoch + 1, which fences
 *    the hung producer.
 *  - Offsets committed in a transaction (TxnOffsetCommit) become the group's offsets only if it commits.
 * Simplifications: one coordinator for all transactional ids, never failing (Kafka keeps this state in the replicated
 * __transaction_state topic and moves coordinators on failure); markers are written to the partition leaders directly
 * (Kafka sends WriteTxnMarkers requests), retried while a partition has no leader; a fencing abort (InitProducerId over
 * an open transaction, or a timeout) writes its markers with epoch + 1 in both versions (the exact epoch of a v2
 * fencing abort was not checked against a 4.x release); a v2 abort of a transaction the coordinator never heard of
 * (its first produce failed before the leader added a partition) is answered with a new epoch (how 4.x releases
 * answer this race was not checked); v1 clients' produces are not verified against the
 * transaction's partitions (Kafka 3.6+ does, transaction.partition.verification.enable); InitProducerId carries no
 * expected producer id and epoch (KIP-360's recovery from the client's side is an epoch bump like any other).
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
  Empty: ["Ongoing", "Empty", "PrepareAbort"],
  Ongoing: ["Ongoing", "PrepareCommit", "PrepareAbort"],
  PrepareCommit: ["CompleteCommit"],
  PrepareAbort: ["CompleteAbort"],
  CompleteCommit: ["Ongoing", "Empty", "PrepareAbort"],
  CompleteAbort: ["Ongoing", "Empty", "PrepareAbort"],
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
  /** The protocol of the transaction under way or just ended (Kafka's clientTransactionVersion): 1 or 2. */
  transactionVersion: 1 | 2;
  /** The producer id before the last rotation (-1 if none): a v2 EndTxn retried across the rotation is recognised. */
  previousProducerId: number;
  /** v2: the producer id the ending transaction moves to (its epoch was exhausted), -1 if none. */
  nextProducerId: number;
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

/** The last epoch a producer id can have (Short.MAX_VALUE): kept for fencing at an exhausted epoch. */
const MAX_EPOCH = 32767;

/** The transactional APIs a fault may target (faults as data: "the coordinator answers the next AddPartitionsToTxn with …"). */
export type TransactionalApi = "InitProducerId" | "AddPartitionsToTxn" | "AddOffsetsToTxn" | "EndTxn" | "TxnOffsetCommit";

/** What the transaction coordinator needs from the world around it. */
export interface TransactionCoordinatorHost {
  readonly clock: Clock;
  readonly trace: Trace;
  /** A planned error to answer the next request of this API with (faults as data), if any. */
  coordinatorErrorFor?(api: TransactionalApi): ErrorName | undefined;
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
   * With one (TransactionCoordinator.prepareInitProducerIdTransit): the same producer id, epoch + 1 (a new producer id
   * at an exhausted epoch); over an Ongoing transaction: fence, abort, CONCURRENT_TRANSACTIONS.
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
      producerId: error === "NONE" && txn ? txn.producerId : -1,
      producerEpoch: error === "NONE" && txn ? txn.producerEpoch : -1,
      throttleTimeMs: 0,
    });
    const injected = this.host.coordinatorErrorFor?.("InitProducerId");
    if (injected) return answer(injected);
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
        transactionVersion: 1,
        previousProducerId: -1,
        nextProducerId: -1,
      };
      this.transactions.set(id, txn);
      this.note(txn, "new transactional id, epoch 0");
      return answer("NONE", txn);
    }
    if (txn.state === "PrepareCommit" || txn.state === "PrepareAbort") return answer("CONCURRENT_TRANSACTIONS");
    if (txn.state === "Ongoing") {
      // prepareFenceProducerEpoch: the previous instance left a transaction open. Abort it under epoch + 1 (which fences
      // that instance) and let the client retry: its retry bumps the epoch again (or rotates the producer id).
      txn.producerEpoch = Math.min(txn.producerEpoch + 1, MAX_EPOCH);
      this.complete(txn, false, `fenced by InitProducerId: epoch ${txn.producerEpoch}; a new instance with the same transactional.id started`);
      return answer("CONCURRENT_TRANSACTIONS");
    }
    if (txn.producerEpoch >= EXHAUSTED_EPOCH) {
      // prepareProducerIdRotation
      txn.previousProducerId = txn.producerId;
      txn.producerId = this.host.allocateProducerId();
      txn.producerEpoch = 0;
    } else txn.producerEpoch++;
    txn.transactionVersion = 1; // Kafka resets clientTransactionVersion on InitProducerId
    txn.timeoutMs = request.transactionTimeoutMs;
    this.note(txn, `new instance: producer id ${txn.producerId}, epoch ${txn.producerEpoch}; older instances are fenced`);
    return answer("NONE", txn);
  }

  /** Checks common to AddPartitionsToTxn, AddOffsetsToTxn and TxnOffsetCommit of a running producer. */
  private check(transactionalId: string, producerId: number, producerEpoch: number): { error: ErrorName; txn?: TransactionMetadata } {
    const txn = this.transactions.get(transactionalId);
    if (!txn || txn.producerId !== producerId) return { error: "INVALID_PRODUCER_ID_MAPPING" };
    // TransactionCoordinator.handleAddPartitionsToTransaction: any epoch but the stored one is fenced.
    if (producerEpoch !== txn.producerEpoch) return { error: "PRODUCER_FENCED" };
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
    const injected = this.host.coordinatorErrorFor?.("AddPartitionsToTxn");
    const { error, txn } = injected ? { error: injected, txn: undefined } : this.check(request.transactionalId, request.producerId, request.producerEpoch);
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

  /**
   * Transactions v2: the partition leader adds a partition to the transaction when it accepts a transactional produce
   * (KIP-890 part 2; Kafka: the leader's AddPartitionsToTxn through AddPartitionsToTxnManager). The coordinator's
   * PRODUCER_FENCED is answered to the producer as INVALID_PRODUCER_EPOCH, as AddPartitionsToTxnManager does.
   */
  addPartitionFromLeader(transactionalId: string, producerId: number, producerEpoch: number, topic: string, partition: number): ErrorName {
    const { error, txn } = this.check(transactionalId, producerId, producerEpoch);
    if (error !== "NONE") return error === "PRODUCER_FENCED" ? "INVALID_PRODUCER_EPOCH" : error;
    this.begin(txn!);
    txn!.partitions.set(`${topic}-${partition}`, { topic, partition });
    return "NONE";
  }

  addOffsets(request: AddOffsetsToTxnRequest): AddOffsetsToTxnResponse {
    const injected = this.host.coordinatorErrorFor?.("AddOffsetsToTxn");
    const { error, txn } = injected ? { error: injected, txn: undefined } : this.check(request.transactionalId, request.producerId, request.producerEpoch);
    if (error !== "NONE") return { api: "AddOffsetsToTxn", throttleTimeMs: 0, error };
    this.begin(txn!);
    txn!.groups.add(request.groupId);
    return { api: "AddOffsetsToTxn", throttleTimeMs: 0, error: "NONE" };
  }

  txnOffsetCommit(request: TxnOffsetCommitRequest): TxnOffsetCommitResponse {
    const injected = this.host.coordinatorErrorFor?.("TxnOffsetCommit");
    const { error, txn } = injected ? { error: injected, txn: undefined } : this.check(request.transactionalId, request.producerId, request.producerEpoch);
    if (error === "NONE" && request.transactionVersion === 2) {
      // v2: no AddOffsetsToTxn; the group joins the transaction here (Kafka: the group coordinator's verification).
      this.begin(txn!);
      txn!.groups.add(request.groupId);
    }
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

  /** EndTxn from a client (TransactionCoordinator.endTransaction with isFromClient = true). */
  endTxn(request: EndTxnRequest): EndTxnResponse {
    const answer = (e: ErrorName, t?: TransactionMetadata): EndTxnResponse => ({
      api: "EndTxn",
      throttleTimeMs: 0,
      error: e,
      producerId: e === "NONE" && t && request.transactionVersion === 2 ? (t.nextProducerId >= 0 ? t.nextProducerId : t.producerId) : -1,
      producerEpoch: e === "NONE" && t && request.transactionVersion === 2 ? (t.nextProducerId >= 0 ? 0 : t.producerEpoch) : -1,
    });
    const injected = this.host.coordinatorErrorFor?.("EndTxn");
    if (injected) return answer(injected);
    const t = this.transactions.get(request.transactionalId);
    if (!t) return answer("INVALID_PRODUCER_ID_MAPPING");
    const { producerId, producerEpoch, committed } = request;
    const v2Metadata = t.transactionVersion === 2;
    // A v2 EndTxn retried after the transaction moved to a new producer id (its epoch was exhausted).
    const retryOnOverflow = v2Metadata && t.previousProducerId === producerId && producerEpoch === MAX_EPOCH - 1 && t.producerEpoch === 0;
    // A v2 EndTxn retried after it bumped the epoch (TransactionCoordinator.endTxnEpochBumped).
    const retryOnEpochBump = v2Metadata && t.producerEpoch === producerEpoch + 1;
    // A v2 client aborting a transaction the coordinator never saw (its first produce failed before the leader added
    // the partition): it cannot know, so the abort is answered with a new epoch like any other.
    const emptyAbortV2 = request.transactionVersion === 2 && !committed && !retryOnEpochBump && (t.state === "Empty" || t.state === "CompleteCommit" || t.state === "CompleteAbort");
    let validEpoch: boolean;
    if (v2Metadata) {
      // In v2 the same epoch after PrepareX/CompleteX is not a retry but the next EndTxn: fenced.
      if (t.state === "Ongoing" || t.state === "Empty") validEpoch = producerEpoch === t.producerEpoch;
      else if (t.state === "PrepareCommit" || t.state === "PrepareAbort") validEpoch = retryOnEpochBump;
      else validEpoch = retryOnEpochBump || retryOnOverflow || (emptyAbortV2 && producerEpoch === t.producerEpoch);
    } else validEpoch = producerEpoch === t.producerEpoch;
    if (t.producerId !== producerId && !retryOnOverflow) return answer("INVALID_PRODUCER_ID_MAPPING");
    if (!validEpoch) return answer("PRODUCER_FENCED");
    if (emptyAbortV2 && producerEpoch === t.producerEpoch) {
      if (t.producerEpoch >= EXHAUSTED_EPOCH) t.nextProducerId = this.host.allocateProducerId();
      t.producerEpoch++;
      t.transactionVersion = 2;
      const response = answer("NONE", t);
      this.complete(t, false, "abort requested (no partition was added)");
      return response;
    }
    switch (t.state) {
      case "Ongoing": {
        if (request.transactionVersion === 2) {
          // TransactionMetadata.prepareAbortOrCommit (v2): the epoch goes up at every transaction's end; an exhausted
          // epoch moves to a new producer id when the transaction completes (prepareComplete).
          if (t.producerEpoch >= EXHAUSTED_EPOCH) t.nextProducerId = this.host.allocateProducerId();
          t.producerEpoch++;
        }
        t.transactionVersion = request.transactionVersion === 2 ? 2 : 1;
        const response = answer("NONE", t);
        this.complete(t, committed, committed ? "commit requested" : "abort requested");
        return response;
      }
      case "CompleteCommit":
        return committed ? answer("NONE", t) : answer("INVALID_TXN_STATE");
      case "CompleteAbort":
        return committed ? answer("INVALID_TXN_STATE") : answer("NONE", t);
      case "PrepareCommit":
        return answer(committed ? "CONCURRENT_TRANSACTIONS" : "INVALID_TXN_STATE");
      case "PrepareAbort":
        return answer(committed ? "INVALID_TXN_STATE" : "CONCURRENT_TRANSACTIONS");
      case "Empty":
        return answer("INVALID_TXN_STATE");
    }
  }

  /** PrepareCommit/PrepareAbort, then write a marker to every partition of the transaction (with the current epoch). */
  private complete(txn: TransactionMetadata, commit: boolean, why: string): void {
    this.transition(txn, commit ? "PrepareCommit" : "PrepareAbort");
    this.note(txn, `${commit ? "PrepareCommit" : "PrepareAbort"} (${why})`);
    const partitions = [...txn.partitions.values()];
    txn.markersPending = partitions.length;
    const producerId = txn.producerId;
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
      if (txn.nextProducerId >= 0) {
        // TransactionMetadata.prepareComplete: the v2 transaction that exhausted the epoch hands over to the new id.
        txn.previousProducerId = txn.producerId;
        txn.producerId = txn.nextProducerId;
        txn.producerEpoch = 0;
        txn.nextProducerId = -1;
      }
      this.transition(txn, commit ? "CompleteCommit" : "CompleteAbort");
      this.note(txn, commit ? "CompleteCommit: markers written, records visible to read_committed" : "CompleteAbort: markers written, records skipped by read_committed");
    };
    if (partitions.length === 0) return finish();
    const epoch = txn.producerEpoch;
    for (const p of partitions) {
      this.writeMarker(producerId, p.topic, p.partition, epoch, commit, () => {
        if (--txn.markersPending === 0) finish();
      });
    }
  }

  private writeMarker(producerId: number, topic: string, partition: number, epoch: number, commit: boolean, done: () => void): void {
    const c = this.host;
    if (c.writeTxnMarker(topic, partition, producerId, epoch, commit ? "COMMIT" : "ABORT")) return done();
    // No leader right now: try again shortly (Kafka's marker channel retries until the partition is available).
    c.clock.schedule(100, () => this.writeMarker(producerId, topic, partition, epoch, commit, done));
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
          // abortTimedOutTransactions → prepareFenceProducerEpoch: epoch + 1 fences the hung producer.
          txn.producerEpoch = Math.min(txn.producerEpoch + 1, MAX_EPOCH);
          this.complete(txn, false, `transaction.timeout.ms=${txn.timeoutMs} expired; epoch bumped to ${txn.producerEpoch}, fencing the producer`);
        } else open = true;
      }
      if (open) this.scheduleTimeoutCheck();
    };
    // Kafka checks every transaction.abort.timed.out.transaction.cleanup.interval.ms (10 s by default).
    c.clock.schedule(10_000, check);
  }
}
