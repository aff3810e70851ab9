/**
 * The producer client: an accumulator of per-partition batches, a sender with an in-flight window per broker,
 * retries with backoff, delivery timeouts, and (when idempotence is on) a producer id, an epoch and
 * per-partition sequence numbers.
 *
 * Kafka: KafkaProducer, RecordAccumulator, Sender, TransactionManager (idempotent part), ProducerBatch.
 * Rules followed (see the Kafka classes named):
 *  - sequences are per (producer id, epoch, partition), assigned per batch when it is first drained:
 *    baseSequence = next; next += recordCount (TransactionManager.sequenceNumber / incrementSequenceNumber);
 *  - a retry keeps its sequence numbers; an idempotent retry is drained only when it is the first batch of
 *    its partition in flight (RecordAccumulator.shouldStopDrainBatchesForPartition), so order holds;
 *    without idempotence a retry goes back to the head of the queue and may land after later batches;
 *  - OUT_OF_ORDER_SEQUENCE_NUMBER on a batch that is not next in line is retried; on the batch that is next
 *    in line it fails that batch and bumps the epoch locally, restarting sequences at 0 (KIP-360);
 *  - acks=0: a batch counts as sent the moment it is written to the socket; no response comes.
 * Simplifications: the producer always knows the current partition leaders (no stale metadata);
 * record sizes are estimated as key + value length + 10 bytes; an epoch bump waits for a moment with no batch in
 * flight and no retry queued (Kafka resolves unknown sequences first), so a bump never re-sends a
 * batch of unknown outcome under new numbers.
 */
import type { ProducerHost } from "./host.js";
import type { Timer } from "../kernel/sim.js";
import { tpKey } from "../protocol/topic-partition.js";
import { IllegalStateError, isRetriable, type ErrorName } from "../protocol/errors.js";
import { resolveProducerConfig, type ProducerConfig, type ProducerConfigInput } from "./config.js";
import type {
  AddOffsetsToTxnResponse,
  AddPartitionsToTxnResponse,
  ClientRequest,
  ClientResponse,
  EndTxnResponse,
  InitProducerIdResponse,
  KafkaRecord,
  ProduceRequest,
  ProduceResponse,
  TxnOffsetCommitResponse,
} from "../protocol/messages.js";
import { partitionForKey } from "./partitioner.js";

export type SendStatus = "pending" | "acknowledged" | "failed" | "assumed";

/** Why a send failed: a broker error, the delivery timeout, or (transactions) an aborted or fenced transaction. */
export type SendError = ErrorName | "TIMEOUT" | "TRANSACTION_ABORTED";

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

/** What the application learns about one record it sent. */
export interface SendResult {
  /** The application's id for the record (the workload uses it as the record value). */
  id: string;
  topic: string;
  partition: number;
  key: string | null;
  value: string;
  status: SendStatus;
  /** Offset in the partition, once acknowledged. */
  offset?: number;
  error?: SendError;
  /** Which producer instance sent it ("producer", "producer#2" after a restart). */
  producer: string;
  sentAtMs: number;
  resolvedAtMs?: number;
  /** How many times its batch was sent. */
  attempts: number;
}

export interface RecordToSend {
  topic: string;
  value: string;
  key?: string | null;
  partition?: number;
  /** Defaults to the value. */
  id?: string;
}

/** Records sent without headers share this empty list (read by brokers and encoders, never changed). */
const NO_HEADERS: KafkaRecord["headers"] = [];

const BATCH_OVERHEAD_BYTES = 61;
const RECORD_OVERHEAD_BYTES = 10;

/** Records of one partition sent together. A class, and new Array() rather than []: see "Memory" in sim.ts. */
class ProducerBatch {
  readonly records = new Array<SendResult>();
  /** The same records as they go on the wire (built once, reused by retries). */
  readonly wire = new Array<KafkaRecord>();
  sizeBytes = BATCH_OVERHEAD_BYTES;
  lastAttemptMs: number;
  attempts = 0;
  baseSequence = -1; // -1 until drained by an idempotent producer
  producerId = -1;
  epoch = -1;
  inFlight = false;
  done = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly key: string,
    readonly createdMs: number,
  ) {
    this.lastAttemptMs = createdMs;
  }
}

export interface ProducerOptions {
  name?: string;
  /** Called whenever a record's status is settled (acknowledged, failed or assumed). */
  onResult?: (result: SendResult) => void;
  /** The configuration already resolved by resolveProducerConfig (used instead of `config`; a sweep resolves it once). */
  resolvedConfig?: ProducerConfig;
}

/** A produce response's entry for one partition (loops, not find(): one call per batch answered). */
function partitionAnswer(r: ProduceResponse, topic: string, partition: number): ProduceResponse["topics"][number]["partitions"][number] | undefined {
  for (const t of r.topics) {
    if (t.topic !== topic) continue;
    for (const p of t.partitions) if (p.partition === partition) return p;
  }
  return undefined;
}

export class Producer {
  readonly name: string;
  readonly config: ProducerConfig;
  producerId = -1;
  epoch = -1;
  closed = false;
  /** Every record handed to send(), in order. */
  readonly results = new Array<SendResult>(); // not []: see "Memory" in sim.ts
  private readonly queues = new Map<string, ProducerBatch[]>();
  private readonly inFlightByBroker = new Map<number, number>();
  /** Requests in flight per broker connection: a timeout closes the connection and fails them all. */
  private readonly requestsByBroker = new Map<number, Set<(r: "NETWORK_EXCEPTION") => void>>();
  /** Idempotent bookkeeping per partition. */
  private readonly nextSeq = new Map<string, number>();
  private readonly lastAckedSeq = new Map<string, number>();
  private readonly inFlightBatches = new Map<string, ProducerBatch[]>();
  private epochBumpPending = false;
  private initInFlight = false;
  private pollScheduled = false;
  private wakeAtMs = Infinity;
  private roundRobin = 0;
  private readonly onResult?: (result: SendResult) => void;
  /** Transactions (only with transactional.id). */
  txnState: TransactionClientState = "Uninitialized";
  /** The error that ended this producer (e.g. PRODUCER_FENCED), or the one that made the transaction abortable. */
  txnError?: ErrorName;
  private readonly txnPartitions = new Set<string>();
  /** Did the coordinator hear of this transaction (a partition or offsets added)? If not, ending it needs no EndTxn. */
  private txnStarted = false;
  private readonly txnAddPending = new Set<string>();
  private txnRecords: SendResult[] = [];
  private endTxn?: { commit: boolean; onDone?: (error: ErrorName | "NONE") => void; sent: boolean };

  constructor(
    private readonly host: ProducerHost,
    config: ProducerConfigInput = {},
    options: ProducerOptions = {},
  ) {
    this.config = options.resolvedConfig ?? resolveProducerConfig(config);
    this.name = options.name ?? "producer";
    this.onResult = options.onResult;
    if (this.config.enableIdempotence) {
      if (this.transactional) this.txnTransition("Initializing");
      this.initProducerId();
    }
  }

  get transactional(): boolean {
    return this.config.transactionalId !== null;
  }

  get idempotent(): boolean {
    return this.config.enableIdempotence;
  }

  private pending = 0;

  /** Records handed to send() whose fate the application does not know yet. */
  get pendingCount(): number {
    return this.pending;
  }

  /** Hand a record to the producer. The returned object is updated in place when its fate is known. */
  send(record: RecordToSend): SendResult {
    if (this.closed) throw new Error(`${this.name} is closed: create a new Producer to send more records`);
    if (this.transactional && this.txnState !== "InTransaction") {
      throw new IllegalStateError(`${this.name}: cannot send in state ${this.txnState}: a transactional producer sends only between beginTransaction() and commitTransaction()/abortTransaction()`);
    }
    const host = this.host;
    const partitions = host.ensureTopic(record.topic).length;
    let partition = record.partition;
    if (partition === undefined) {
      partition = record.key != null ? partitionForKey(record.key, partitions) : this.roundRobin++ % partitions;
    } else if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
      throw new RangeError(`Partition ${String(partition)} does not exist: topic "${record.topic}" has partitions 0 to ${partitions - 1}.`);
    }
    const now = host.clock.nowMs;
    const result: SendResult = {
      id: record.id ?? record.value,
      topic: record.topic,
      partition,
      key: record.key ?? null,
      value: record.value,
      status: "pending",
      producer: this.name,
      sentAtMs: now,
      attempts: 0,
    };
    this.results.push(result);
    this.pending++;
    if (this.transactional) this.txnRecords.push(result);
    if (host.trace.enabled) host.trace.add({ atMs: now, type: "send", from: this.name, topic: record.topic, partition, recordIds: [result.id] });

    const key = tpKey(record.topic, partition);
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new Array<ProducerBatch>()));
    const size = RECORD_OVERHEAD_BYTES + result.value.length + (result.key?.length ?? 0);
    let batch = queue[queue.length - 1];
    let fresh = false;
    if (!batch || batch.attempts > 0 || batch.baseSequence >= 0 || batch.sizeBytes + size > this.config.batchSize) {
      batch = new ProducerBatch(record.topic, partition, key, now);
      queue.push(batch);
      fresh = true;
    }
    batch.records.push(result);
    batch.wire.push({ key: result.key, value: result.value, headers: NO_HEADERS, timestampMs: now });
    batch.sizeBytes += size;
    // Wake the sender only when something can change: a new batch (its linger starts) or a full one.
    if (batch.sizeBytes >= this.config.batchSize || queue.length > 1 || this.config.lingerMs === 0) this.wake();
    else if (fresh) this.wakeAt(now + this.config.lingerMs);
    return result;
  }

  /** Stop: nothing more is sent; records not yet settled stay pending (the application never hears). */
  close(): void {
    this.closed = true;
  }

  /** Force an epoch bump (what Kafka does after a delivery timeout or a fatal sequence error). */
  requestEpochBump(): void {
    if (!this.idempotent || this.closed) return;
    this.epochBumpPending = true;
    this.wake();
  }

  // ---------------------------------------------------------------- InitProducerId

  private initProducerId(): void {
    if (this.initInFlight || this.closed) return;
    this.initInFlight = true;
    const host = this.host;
    // Lost connections, timeouts and a busy coordinator are retried by coordinatorRequest; any other error here too.
    this.coordinatorRequest({ api: "InitProducerId", transactionalId: this.config.transactionalId, transactionTimeoutMs: this.config.transactionTimeoutMs }, (response) => {
      const r = response as InitProducerIdResponse;
      this.initInFlight = false;
      if (r.error !== "NONE") {
        host.clock.schedule(this.config.retryBackoffMs, () => this.initProducerId());
        return;
      }
      this.producerId = r.producerId;
      this.epoch = r.producerEpoch;
      if (this.transactional) this.txnTransition("Ready");
      if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "init-producer-id", from: this.name, producerId: r.producerId, epoch: r.producerEpoch });
      this.wake();
    });
  }

  // ---------------------------------------------------------------- the sender loop

  /** Ask for a poll in this instant (coalesced). */
  private wake(): void {
    if (this.pollScheduled || this.closed) return;
    this.pollScheduled = true;
    this.host.clock.schedule(0, () => {
      this.pollScheduled = false;
      this.poll();
    });
  }

  private wakeAt(atMs: number): void {
    if (atMs >= this.wakeAtMs && this.wakeAtMs > this.host.clock.nowMs) return;
    this.wakeAtMs = atMs;
    this.host.clock.scheduleAt(atMs, () => {
      if (this.wakeAtMs === atMs) this.wakeAtMs = Infinity;
      this.poll();
    });
  }

  private totalInFlight(): number {
    let n = 0;
    for (const v of this.inFlightByBroker.values()) n += v;
    return n;
  }

  private hasQueuedRetry(): boolean {
    for (const q of this.queues.values()) for (const b of q) if (b.attempts > 0) return true;
    return false;
  }

  private poll(): void {
    if (this.closed) return;
    const host = this.host;
    const now = host.clock.nowMs;
    const cfg = this.config;
    this.expireBatches(now);
    // While an epoch bump waits for a quiet moment, only retries go out (no new batches under the old epoch).
    let retriesOnly = false;
    if (this.idempotent) {
      if (this.producerId < 0) return; // waiting for InitProducerId
      if (this.epochBumpPending) {
        if (this.totalInFlight() > 0 || this.hasQueuedRetry()) retriesOnly = true;
        else this.bumpEpoch();
      }
    }
    let nextWake = Infinity;
    // Group ready batches by the broker that leads their partition (the Map is made once one is ready: most polls find none).
    let byBroker: Map<number, ProducerBatch[]> | undefined;
    for (const queue of this.queues.values()) {
      const first = queue[0];
      if (!first || (retriesOnly && first.attempts === 0)) continue;
      const key = first.key;
      const readyAt = this.readyAtMs(first, queue.length > 1);
      if (readyAt > now) {
        nextWake = Math.min(nextWake, readyAt);
        continue;
      }
      const state = host.partitionState(first.topic, first.partition);
      if (!state || state.leader < 0) {
        nextWake = Math.min(nextWake, now + cfg.retryBackoffMs);
        continue;
      }
      if (this.transactional && !this.txnPartitions.has(key)) {
        this.addPartitionToTxn(first.topic, first.partition, key); // sent once AddPartitionsToTxn succeeds
        continue;
      }
      if (this.idempotent && first.baseSequence >= 0) {
        const inflight = this.inFlightBatches.get(key);
        if (inflight && inflight.length > 0 && inflight[0]!.baseSequence !== first.baseSequence) continue; // wait: retries go first
      }
      if (!this.idempotent && cfg.maxInFlightRequestsPerConnection === 1 && (this.inFlightBatches.get(key)?.length ?? 0) > 0) continue;
      byBroker ??= new Map();
      let list = byBroker.get(state.leader);
      if (!list) byBroker.set(state.leader, (list = []));
      list.push(first);
    }
    for (const [brokerId, batches] of byBroker ?? []) {
      if ((this.inFlightByBroker.get(brokerId) ?? 0) >= cfg.maxInFlightRequestsPerConnection) continue;
      for (const b of batches) {
        const q = this.queues.get(b.key)!;
        q.shift();
        this.prepare(b);
      }
      this.sendRequest(brokerId, batches);
      // More may be ready behind these.
      this.wake();
    }
    if (nextWake < Infinity) this.wakeAt(nextWake);
    if (this.endTxn) this.maybeEndTransaction();
  }

  /** When a batch may be sent (RecordAccumulator.ready): full, lingered enough, or backed off enough after a failure. */
  private readyAtMs(b: ProducerBatch, full: boolean): number {
    if (b.attempts > 0) return b.lastAttemptMs + this.backoffMs(b.attempts);
    if (full || b.sizeBytes >= this.config.batchSize) return b.createdMs;
    return b.createdMs + this.config.lingerMs;
  }

  /** Exponential backoff (KIP-580): retry.backoff.ms × 2^(attempts−1), capped at retry.backoff.max.ms. Deterministic (no jitter). */
  private backoffMs(attempts: number): number {
    const cfg = this.config;
    return Math.min(cfg.retryBackoffMs * 2 ** Math.max(0, attempts - 1), Math.max(cfg.retryBackoffMs, cfg.retryBackoffMaxMs));
  }

  private prepare(b: ProducerBatch): void {
    if (this.idempotent && b.baseSequence < 0) {
      const next = this.nextSeq.get(b.key) ?? 0;
      b.baseSequence = next;
      b.producerId = this.producerId;
      b.epoch = this.epoch;
      // sequences wrap after Int32 max (DefaultRecordBatch.incrementSequence)
      const after = next + b.records.length;
      this.nextSeq.set(b.key, after > 2147483647 ? after - 2147483648 : after);
    }
    b.attempts++;
    b.lastAttemptMs = this.host.clock.nowMs;
    for (const r of b.records) r.attempts = b.attempts;
  }

  private sendRequest(brokerId: number, batches: ProducerBatch[]): void {
    const host = this.host;
    const cfg = this.config;
    // Grouped by topic in order of first appearance (a scan: a request has a few topics at most).
    const topics = new Array<ProduceRequest["topics"][number]>();
    for (const b of batches) {
      let t: ProduceRequest["topics"][number] | undefined;
      for (const x of topics) if (x.topic === b.topic) t = x;
      if (!t) topics.push((t = { topic: b.topic, partitions: [] }));
      t.partitions.push({
        partition: b.partition,
        batch: {
          producerId: this.idempotent ? b.producerId : -1,
          producerEpoch: this.idempotent ? b.epoch : -1,
          baseSequence: this.idempotent ? b.baseSequence : -1,
          isTransactional: this.transactional,
          records: b.wire,
        },
      });
      if (b.attempts > 1) {
        if (host.trace.enabled) host.trace.add({ atMs: host.clock.nowMs, type: "retry", from: this.name, topic: b.topic, partition: b.partition, producerId: b.producerId, epoch: b.epoch, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), attempt: b.attempts });
      }
    }
    const request: ProduceRequest = { api: "Produce", transactionalId: this.config.transactionalId, acks: cfg.acks, timeoutMs: cfg.requestTimeoutMs, topics };

    if (cfg.acks === 0) {
      // Fire and forget: the producer counts the records as sent now and never hears back.
      host.clientRequest(this.name, brokerId, request, () => {});
      for (const b of batches) this.settle(b, "assumed");
      return;
    }

    this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 0) + 1);
    for (const b of batches) {
      b.inFlight = true;
      if (this.idempotent) {
        let list = this.inFlightBatches.get(b.key);
        if (!list) this.inFlightBatches.set(b.key, (list = new Array<ProducerBatch>()));
        // Keep the list in sequence order (it is in order already; a retry goes before batches sent after it).
        let at = list.length;
        while (at > 0 && list[at - 1]!.baseSequence > b.baseSequence) at--;
        list.splice(at, 0, b);
      }
    }
    let answered = false;
    let timeout: Timer | undefined;
    const onDone = (response: ClientResponse | "NETWORK_EXCEPTION" | "TIMEOUT"): void => {
      if (answered) return;
      answered = true;
      timeout?.cancel(); // its event stays queued as a no-op; the request it held can be collected
      this.requestsByBroker.get(brokerId)?.delete(failOnDisconnect);
      this.inFlightByBroker.set(brokerId, (this.inFlightByBroker.get(brokerId) ?? 1) - 1);
      if (this.closed) return;
      for (const b of batches) this.removeInFlight(b);
      if (response === "NETWORK_EXCEPTION" || response === "TIMEOUT") {
        const error: ErrorName = response === "TIMEOUT" ? "REQUEST_TIMED_OUT" : "NETWORK_EXCEPTION";
        for (const b of batches) this.completeBatch(b, error, -1);
      } else {
        const r = response as ProduceResponse;
        for (const b of batches) {
          const p = partitionAnswer(r, b.topic, b.partition);
          this.completeBatch(b, p ? p.error : "UNKNOWN_SERVER_ERROR", p ? p.baseOffset : -1);
        }
      }
      this.wake();
    };
    let pending = this.requestsByBroker.get(brokerId);
    if (!pending) this.requestsByBroker.set(brokerId, (pending = new Set()));
    const failOnDisconnect = (r: "NETWORK_EXCEPTION"): void => onDone(r);
    pending.add(failOnDisconnect);
    host.clientRequest(this.name, brokerId, request, onDone);
    // request.timeout.ms: no answer by then, so the client closes the connection; every request in flight on it fails.
    timeout = host.clock.schedule(cfg.requestTimeoutMs, () => {
      if (answered) return;
      onDone("TIMEOUT");
      host.resetConnection(this.name, brokerId);
      for (const other of [...pending!]) other("NETWORK_EXCEPTION");
    });
  }

  private removeInFlight(b: ProducerBatch): void {
    b.inFlight = false;
    const list = this.inFlightBatches.get(b.key);
    if (!list) return;
    const i = list.indexOf(b);
    if (i >= 0) list.splice(i, 1);
  }

  /** Sender.completeBatch: success, retry, or failure. */
  private completeBatch(b: ProducerBatch, error: ErrorName, baseOffset: number): void {
    if (b.done) return;
    const host = this.host;
    const now = host.clock.nowMs;
    if (error === "NONE") {
      if (this.idempotent && b.epoch === this.epoch) {
        const last = b.baseSequence + b.records.length - 1;
        this.lastAckedSeq.set(b.key, Math.max(this.lastAckedSeq.get(b.key) ?? -1, last));
      }
      b.records.forEach((r, i) => (r.offset = baseOffset + i));
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "ack", from: this.name, topic: b.topic, partition: b.partition, producerId: b.producerId, epoch: b.epoch, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), offset: baseOffset });
      return this.settle(b, "acknowledged");
    }
    const deliveryExpired = now - b.createdMs >= this.config.deliveryTimeoutMs;
    let retry = b.attempts <= this.config.retries && !deliveryExpired;
    let bump = false;
    if (this.transactional && (error === "INVALID_PRODUCER_EPOCH" || error === "PRODUCER_FENCED")) {
      this.settle(b, "failed", error);
      return this.fence(error);
    }
    if (this.transactional && error === "OUT_OF_ORDER_SEQUENCE_NUMBER") {
      // A transactional producer does not bump its epoch on its own: the transaction must be aborted (abortable error).
      this.settle(b, "failed", error);
      return this.abortableError(error);
    }
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER" && this.idempotent) {
      const nextInLine = (this.lastAckedSeq.get(b.key) ?? -1) + 1;
      if (b.epoch === this.epoch && b.baseSequence === nextInLine) {
        retry = false; // the broker truly lost track of us: fail this batch and start a new epoch (KIP-360)
        bump = true;
      }
    } else if (!isRetriable(error)) {
      retry = false;
    }
    if (retry) {
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "retry", from: this.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error, attempt: b.attempts, note: `will retry after ${this.backoffMs(b.attempts)} ms` });
      if (this.idempotent && b.epoch !== this.epoch) {
        b.baseSequence = -1; // sent under an old epoch: new numbers when it goes again
      }
      this.reenqueue(b);
      return;
    }
    if (host.trace.enabled) host.trace.add({ atMs: now, type: "fail", from: this.name, topic: b.topic, partition: b.partition, baseSequence: b.baseSequence, count: b.records.length, recordIds: b.records.map((r) => r.id), error: deliveryExpired ? "TIMEOUT" : error });
    this.settle(b, "failed", deliveryExpired ? "TIMEOUT" : error);
    if (bump || (deliveryExpired && this.idempotent)) this.requestEpochBump();
  }

  /** Put a batch back for a retry: idempotent producers keep sequence order, others put it at the head. */
  private reenqueue(b: ProducerBatch): void {
    // The backoff runs from the failure (ProducerBatch.reenqueued(now)), not from the last send.
    b.lastAttemptMs = this.host.clock.nowMs;
    let q = this.queues.get(b.key);
    if (!q) this.queues.set(b.key, (q = []));
    if (this.idempotent && b.baseSequence >= 0) {
      let i = 0;
      while (i < q.length && q[i]!.baseSequence >= 0 && q[i]!.baseSequence < b.baseSequence) i++;
      q.splice(i, 0, b);
    } else {
      q.unshift(b);
    }
  }

  /** Fail batches older than delivery.timeout.ms that are still queued (in-flight ones fail when their request ends). */
  private expireBatches(now: number): void {
    const limit = this.config.deliveryTimeoutMs;
    for (const q of this.queues.values()) {
      while (q.length > 0 && now - q[0]!.createdMs >= limit) {
        const b = q.shift()!;
        if (this.host.trace.enabled) this.host.trace.add({ atMs: now, type: "fail", from: this.name, topic: b.topic, partition: b.partition, count: b.records.length, recordIds: b.records.map((r) => r.id), error: "TIMEOUT", note: "delivery.timeout.ms expired" });
        this.settle(b, "failed", "TIMEOUT");
        if (this.idempotent && b.baseSequence >= 0) this.requestEpochBump();
      }
    }
  }

  private bumpEpoch(): void {
    this.epochBumpPending = false;
    this.epoch++;
    this.nextSeq.clear();
    this.lastAckedSeq.clear();
    for (const q of this.queues.values()) for (const b of q) b.baseSequence = -1;
    if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "epoch-bump", from: this.name, producerId: this.producerId, epoch: this.epoch, note: "sequences restart at 0 (KIP-360)" });
  }

  private settle(b: ProducerBatch, status: SendStatus, error?: SendError): void {
    b.done = true;
    const now = this.host.clock.nowMs;
    if (status === "assumed") {
      if (this.host.trace.enabled) this.host.trace.add({ atMs: now, type: "assume", from: this.name, topic: b.topic, partition: b.partition, count: b.records.length, recordIds: b.records.map((r) => r.id) });
    }
    for (const r of b.records) {
      if (r.status === "pending") this.pending--;
      r.status = status;
      r.resolvedAtMs = now;
      if (error) r.error = error;
      this.onResult?.(r);
    }
    if (this.endTxn) this.wake();
  }

  // ---------------------------------------------------------------- transactions (transactional.id set)

  private txnTransition(to: TransactionClientState): void {
    if (!TRANSACTION_CLIENT_TRANSITIONS[this.txnState].includes(to)) {
      throw new IllegalStateError(`${this.name}: cannot go from ${this.txnState} to ${to}`);
    }
    this.txnState = to;
  }

  private requireTransactional(what: string): void {
    if (!this.transactional) throw new IllegalStateError(`${this.name}: ${what} needs a transactional producer (set transactional.id)`);
    if (this.txnState === "FatalError") throw new IllegalStateError(`${this.name}: ${what} after a fatal error (${this.txnError ?? "fenced"}): this producer instance must be closed`);
  }

  /** Begin a transaction (KafkaProducer.beginTransaction). */
  beginTransaction(): void {
    this.requireTransactional("beginTransaction()");
    if (this.txnState !== "Ready") throw new IllegalStateError(`${this.name}: beginTransaction() in state ${this.txnState}: wait until the producer is Ready (its producer id is known and no transaction is open)`);
    this.txnTransition("InTransaction");
    this.txnPartitions.clear();
    this.txnRecords = [];
    this.txnStarted = false;
  }

  /** Commit: wait until every record of the transaction is acknowledged, then EndTxn(commit). */
  commitTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("commitTransaction()");
    if (this.txnState !== "InTransaction") throw new IllegalStateError(`${this.name}: commitTransaction() in state ${this.txnState}${this.txnState === "AbortableError" ? ` (${this.txnError}): abort the transaction instead` : ""}`);
    this.txnTransition("Committing");
    this.endTxn = { commit: true, onDone, sent: false };
    this.wake();
  }

  /** Abort: records not yet sent are dropped, in-flight ones awaited, then EndTxn(abort). */
  abortTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("abortTransaction()");
    if (this.txnState !== "InTransaction" && this.txnState !== "AbortableError") throw new IllegalStateError(`${this.name}: abortTransaction() in state ${this.txnState}`);
    this.txnTransition("Aborting");
    for (const [key, q] of this.queues) {
      for (const b of q) if (!b.done) this.settle(b, "failed", "TRANSACTION_ABORTED");
      this.queues.set(key, []);
    }
    this.endTxn = { commit: false, onDone, sent: false };
    this.wake();
  }

  /** Add the consumer group's offsets to the transaction (KafkaProducer.sendOffsetsToTransaction). */
  sendOffsetsToTransaction(groupId: string, offsets: Array<{ topic: string; partition: number; offset: number }>, onDone?: (error: ErrorName | "NONE") => void): void {
    this.requireTransactional("sendOffsetsToTransaction()");
    if (this.txnState !== "InTransaction") throw new IllegalStateError(`${this.name}: sendOffsetsToTransaction() in state ${this.txnState}`);
    const base = { transactionalId: this.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch };
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
    const host = this.host;
    const target = host.controllerId();
    const again = (): void => {
      host.clock.schedule(this.config.retryBackoffMs, () => {
        if (!this.closed) this.coordinatorRequest(request, onResponse);
      });
    };
    if (target < 0) return again();
    let answered = false;
    host.clientRequest(this.name, target, request, (response) => {
      if (answered || this.closed) return;
      answered = true;
      if (response === "NETWORK_EXCEPTION") return again();
      const error = (response as { error?: ErrorName }).error;
      if (error === "CONCURRENT_TRANSACTIONS" || error === "COORDINATOR_NOT_AVAILABLE" || error === "NOT_COORDINATOR") return again();
      onResponse(response);
    });
    // request.timeout.ms: the connection went silent; close it and ask again on a new one.
    host.clock.schedule(this.config.requestTimeoutMs, () => {
      if (answered || this.closed) return;
      answered = true;
      host.resetConnection(this.name, target);
      again();
    });
  }

  private coordinatorError(error: ErrorName, onDone?: (error: ErrorName | "NONE") => void): void {
    if (error === "PRODUCER_FENCED" || error === "INVALID_PRODUCER_EPOCH" || error === "INVALID_PRODUCER_ID_MAPPING") this.fence(error);
    else this.abortableError(error);
    onDone?.(error);
  }

  private addPartitionToTxn(topic: string, partition: number, key: string): void {
    if (this.txnAddPending.has(key) || this.txnState !== "InTransaction" && this.txnState !== "Committing") return;
    this.txnAddPending.add(key);
    this.coordinatorRequest(
      { api: "AddPartitionsToTxn", transactionalId: this.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch, topics: [{ topic, partitions: [partition] }] },
      (r) => {
        this.txnAddPending.delete(key);
        const error = (r as AddPartitionsToTxnResponse).topics[0]?.partitions[0]?.error ?? "UNKNOWN_SERVER_ERROR";
        if (error !== "NONE") return this.coordinatorError(error);
        this.txnPartitions.add(key);
        this.txnStarted = true;
        this.wake();
      },
    );
  }

  /** Called from poll(): once the transaction's records are all settled, send EndTxn. */
  private maybeEndTransaction(): void {
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
    this.coordinatorRequest(
      { api: "EndTxn", transactionalId: this.config.transactionalId!, producerId: this.producerId, producerEpoch: this.epoch, committed: end.commit },
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
        if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "transaction", from: this.name, producerId: this.producerId, epoch: this.epoch, note: end.commit ? "committed" : "aborted" });
        end.onDone?.("NONE");
      },
    );
  }

  private abortableError(error: ErrorName): void {
    if (this.txnState === "FatalError" || this.txnState === "AbortableError" || this.txnState === "Aborting") return;
    this.txnError = error;
    this.txnTransition("AbortableError");
  }

  /** Fenced by a newer instance (or the coordinator's timeout): fatal; every record not yet settled fails. */
  private fence(error: ErrorName): void {
    if (this.txnState === "FatalError") return;
    this.txnError = error;
    this.txnState = "FatalError";
    for (const q of this.queues.values()) for (const b of q) if (!b.done) this.settle(b, "failed", error);
    this.queues.clear();
    if (this.host.trace.enabled) this.host.trace.add({ atMs: this.host.clock.nowMs, type: "transaction", from: this.name, producerId: this.producerId, epoch: this.epoch, error, note: "fenced: a newer instance with the same transactional.id exists" });
    const end = this.endTxn;
    this.endTxn = undefined;
    end?.onDone?.(error);
  }
}
