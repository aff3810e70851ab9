/**
 * The producer's idempotence and transaction state: its producer id and epoch, per-partition sequence numbers (the
 * next to assign, the last acknowledged, the batches in flight in sequence order), the epoch bump, and the
 * transactional state machine with the coordinator requests that drive it.
 *
 * Kafka: TransactionManager (TxnPartitionMap, the idempotent and transactional parts), TransactionManager.State.
 * Rules followed:
 *  - sequences are per (producer id, epoch, partition), assigned per batch when it is first drained:
 *    baseSequence = next; next += recordCount, wrapping after Int32 max (TransactionManager.sequenceNumber /
 *    incrementSequenceNumber, DefaultRecordBatch.incrementSequence);
 *  - an epoch bump restarts every partition's sequences at 0 (KIP-360);
 *  - a transactional producer goes Uninitialized → Initializing → Ready → InTransaction → Committing | Aborting →
 *    Ready; an error the application can recover from by aborting is AbortableError; fencing is FatalError.
 * Simplifications: an epoch bump waits for a moment with no batch in flight and no retry queued (see sender.ts);
 * the coordinator is whichever broker the host names (no FindCoordinator round trip in the simulation).
 */
import { IllegalStateError, type ErrorName } from "../protocol/errors.js";
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
  Aborting: ["Ready", "FatalError"],
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

export class TransactionManager {
  producerId = -1;
  epoch = -1;
  epochBumpPending = false;
  private initInFlight = false;
  /** Idempotent bookkeeping per partition. */
  private readonly nextSeq = new Map<string, number>();
  private readonly lastAckedSeq = new Map<string, number>();
  /** Per partition, the batches in flight, in sequence order. */
  readonly inFlightBatches = new Map<string, ProducerBatch[]>();
  /** Transactions (only with transactional.id). */
  txnState: TransactionClientState = "Uninitialized";
  /** The error that ended this producer (e.g. PRODUCER_FENCED), or the one that made the transaction abortable. */
  txnError?: ErrorName;
  /** Partitions the coordinator has added to the current transaction. */
  readonly txnPartitions = new Set<string>();
  /** Did the coordinator hear of this transaction (a partition or offsets added)? If not, ending it needs no EndTxn. */
  private txnStarted = false;
  private readonly txnAddPending = new Set<string>();
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
      if (r.error !== "NONE") {
        host.clock.schedule(p.config.retryBackoffMs, () => this.initProducerId());
        return;
      }
      this.producerId = r.producerId;
      this.epoch = r.producerEpoch;
      if (this.transactional) this.txnTransition("Ready");
      if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "init-producer-id", from: p.name, producerId: r.producerId, epoch: r.producerEpoch });
      p.wake();
    });
  }

  /** Number a batch the first time it is drained (its retries keep the numbers). */
  assignSequence(b: ProducerBatch): void {
    const next = this.nextSeq.get(b.key) ?? 0;
    b.baseSequence = next;
    b.producerId = this.producerId;
    b.epoch = this.epoch;
    // sequences wrap after Int32 max (DefaultRecordBatch.incrementSequence)
    const after = next + b.records.length;
    this.nextSeq.set(b.key, after > 2147483647 ? after - 2147483648 : after);
  }

  /** A batch goes out: keep its partition's in-flight list in sequence order (a retry goes before batches sent after it). */
  addInFlight(b: ProducerBatch): void {
    let list = this.inFlightBatches.get(b.key);
    if (!list) this.inFlightBatches.set(b.key, (list = new Array<ProducerBatch>()));
    let at = list.length;
    while (at > 0 && list[at - 1]!.baseSequence > b.baseSequence) at--;
    list.splice(at, 0, b);
  }

  removeInFlight(b: ProducerBatch): void {
    const list = this.inFlightBatches.get(b.key);
    if (!list) return;
    const i = list.indexOf(b);
    if (i >= 0) list.splice(i, 1);
  }

  /** A batch of the current epoch was acknowledged. */
  acknowledged(b: ProducerBatch): void {
    if (b.epoch !== this.epoch) return;
    const last = b.baseSequence + b.records.length - 1;
    this.lastAckedSeq.set(b.key, Math.max(this.lastAckedSeq.get(b.key) ?? -1, last));
  }

  /** Is this the batch the broker expects next for its partition (TransactionManager.isNextSequence)? */
  isNextInLine(b: ProducerBatch): boolean {
    return b.epoch === this.epoch && b.baseSequence === (this.lastAckedSeq.get(b.key) ?? -1) + 1;
  }

  /** Force an epoch bump (what Kafka does after a delivery timeout or a fatal sequence error). */
  requestEpochBump(): void {
    if (!this.idempotent || this.producer.closed) return;
    this.epochBumpPending = true;
    this.producer.wake();
  }

  bumpEpoch(): void {
    const p = this.producer;
    this.epochBumpPending = false;
    this.epoch++;
    this.nextSeq.clear();
    this.lastAckedSeq.clear();
    p.accumulator.forgetSequences();
    if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "epoch-bump", from: p.name, producerId: this.producerId, epoch: this.epoch, note: "sequences restart at 0 (KIP-360)" });
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

  /** Add the consumer group's offsets to the transaction (KafkaProducer.sendOffsetsToTransaction). */
  sendOffsetsToTransaction(groupId: string, offsets: Array<{ topic: string; partition: number; offset: number }>, onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("sendOffsetsToTransaction()");
    if (this.txnState !== "InTransaction") throw new IllegalStateError(`${this.producer.name}: sendOffsetsToTransaction() in state ${this.txnState}`);
    const base = { transactionalId: this.producer.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch };
    this.coordinatorRequest({ api: "AddOffsetsToTxn", ...base, groupId }, (r) => {
      const error = (r as AddOffsetsToTxnResponse).error;
      if (error !== "NONE") return this.coordinatorError(error, onDone);
      this.txnStarted = true;
      const byTopic = new Map<string, Array<{ partition: number; offset: number; metadata: string | null }>>();
      for (const o of offsets) {
        let list = byTopic.get(o.topic);
        if (!list) byTopic.set(o.topic, (list = []));
        list.push({ partition: o.partition, offset: o.offset, metadata: null });
      }
      this.coordinatorRequest({ api: "TxnOffsetCommit", ...base, groupId, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) }, (r2) => {
        const e2 = (r2 as TxnOffsetCommitResponse).topics.flatMap((t) => t.partitions).find((p) => p.error !== "NONE")?.error ?? "NONE";
        if (e2 !== "NONE") return this.coordinatorError(e2, onDone);
        onDone?.("NONE");
      });
    });
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

  private coordinatorError(error: ErrorName, onDone?: (error: ErrorName | "NONE") => void): void {
    if (error === "PRODUCER_FENCED" || error === "INVALID_PRODUCER_EPOCH" || error === "INVALID_PRODUCER_ID_MAPPING") this.fence(error);
    else this.abortableError(error);
    onDone?.(error);
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
    if (!this.txnStarted) {
      // The coordinator never heard of this transaction: nothing to end there (TransactionManager skips EndTxn too).
      this.endTxn = undefined;
      this.txnRecords = [];
      this.txnTransition("Ready");
      return end.onDone?.("NONE");
    }
    const p = this.producer;
    this.coordinatorRequest(
      { api: "EndTxn", transactionalId: p.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch, committed: end.commit },
      (r) => {
        this.endTxn = undefined;
        const error = (r as EndTxnResponse).error;
        if (error !== "NONE") return this.coordinatorError(error, end.onDone);
        if (!end.commit) {
          for (const rec of this.txnRecords) {
            if (rec.status === "acknowledged") {
              rec.status = "failed";
              rec.error = "TRANSACTION_ABORTED";
            }
          }
        }
        this.txnRecords = [];
        this.txnPartitions.clear();
        this.txnError = undefined;
        this.txnTransition("Ready");
        if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "transaction", from: p.name, producerId: this.producerId, epoch: this.epoch, note: end.commit ? "committed" : "aborted" });
        end.onDone?.("NONE");
      },
    );
  }

  abortableError(error: ErrorName): void {
    if (this.txnState === "FatalError" || this.txnState === "AbortableError" || this.txnState === "Aborting") return;
    this.txnError = error;
    this.txnTransition("AbortableError");
  }

  /** Fenced by a newer instance (or the coordinator's timeout): fatal; every record not yet settled fails. */
  fence(error: ErrorName): void {
    if (this.txnState === "FatalError") return;
    const p = this.producer;
    this.txnError = error;
    this.txnState = "FatalError";
    p.accumulator.dropAll((b) => p.settle(b, "failed", error), false);
    if (p.host.trace.enabled) p.host.trace.add({ atMs: p.host.clock.nowMs, type: "transaction", from: p.name, producerId: this.producerId, epoch: this.epoch, error, note: "fenced: a newer instance with the same transactional.id exists" });
    const end = this.endTxn;
    this.endTxn = undefined;
    end?.onDone?.(error);
  }
}
