/**
 * The producer client, as the application sees it (KafkaProducer): send() hands a record to the accumulator and
 * wakes the sender when there is something to send; the transaction methods go to the transaction manager; each
 * record's SendResult is updated in place when its fate is known.
 *
 * The parts: accumulator.ts (batches waiting to be sent), sender.ts (requests, answers, retries, timeouts),
 * transaction-manager.ts (producer id, epoch, sequence numbers, transactions).
 * Kafka: KafkaProducer (doSend, the transaction API).
 */
import type { ErrorName } from "../protocol/errors.js";
import { IllegalStateError } from "../protocol/errors.js";
import { tpKey } from "../protocol/topic-partition.js";
import { RecordAccumulator } from "./accumulator.js";
import { resolveProducerConfig, type ProducerConfig, type ProducerConfigInput } from "./config.js";
import type { ProducerHost } from "./host.js";
import { partitionForKey } from "./partitioner.js";
import type { ProducerBatch, RecordToSend, SendError, SendResult, SendStatus } from "./producer-batch.js";
import { Sender } from "./sender.js";
import { TransactionManager, type ProducerCore, type TransactionClientState } from "./transaction-manager.js";

export type { RecordToSend, SendError, SendResult, SendStatus } from "./producer-batch.js";
export { TRANSACTION_CLIENT_TRANSITIONS, type TransactionClientState } from "./transaction-manager.js";

export interface ProducerOptions {
  name?: string;
  /** Called whenever a record's status is settled (acknowledged, failed or assumed). */
  onResult?: (result: SendResult) => void;
  /** The configuration already resolved by resolveProducerConfig (used instead of `config`; a sweep resolves it once). */
  resolvedConfig?: ProducerConfig;
}

export class Producer implements ProducerCore {
  readonly name: string;
  readonly config: ProducerConfig;
  closed = false;
  /** Every record handed to send(), in order. */
  readonly results = new Array<SendResult>(); // not []: see "Memory" in kernel/sim.ts
  readonly accumulator: RecordAccumulator;
  readonly transactions: TransactionManager;
  private readonly sender: Sender;
  private roundRobin = 0;
  private pending = 0;
  private readonly onResult?: (result: SendResult) => void;

  constructor(
    readonly host: ProducerHost,
    config: ProducerConfigInput = {},
    options: ProducerOptions = {},
  ) {
    this.config = options.resolvedConfig ?? resolveProducerConfig(config);
    this.name = options.name ?? "producer";
    this.onResult = options.onResult;
    this.accumulator = new RecordAccumulator(this.config);
    this.transactions = new TransactionManager(this);
    this.sender = new Sender(this);
    if (this.config.enableIdempotence) {
      if (this.transactional) this.transactions.txnTransition("Initializing");
      this.transactions.initProducerId();
    }
  }

  get transactional(): boolean {
    return this.config.transactionalId !== null;
  }

  get idempotent(): boolean {
    return this.config.enableIdempotence;
  }

  /** The producer id (-1 until InitProducerId answered, and without idempotence). */
  get producerId(): number {
    return this.transactions.producerId;
  }

  /** The producer epoch (-1 until InitProducerId answered, and without idempotence). */
  get epoch(): number {
    return this.transactions.epoch;
  }

  /** A transactional producer's state (TransactionManager.State). */
  get txnState(): TransactionClientState {
    return this.transactions.txnState;
  }

  /** The error that ended this producer (e.g. PRODUCER_FENCED), or the one that made the transaction abortable. */
  get txnError(): ErrorName | undefined {
    return this.transactions.txnError;
  }

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
    const partitions = host.controller.ensureTopic(record.topic).length;
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
    if (this.transactional) this.transactions.txnRecords.push(result);
    if (host.trace.enabled) host.trace.add({ atMs: now, type: "send", from: this.name, topic: record.topic, partition, recordIds: [result.id] });

    const key = tpKey(record.topic, partition);
    const batch = this.accumulator.append(result, key, now);
    // Wake the sender only when something can change: a new batch (its linger starts) or a full one.
    if (batch.sizeBytes >= this.config.batchSize || this.accumulator.queues.get(key)!.length > 1 || this.config.lingerMs === 0) this.wake();
    else if (batch.records.length === 1) this.sender.wakeAt(now + this.config.lingerMs);
    return result;
  }

  /** Stop: nothing more is sent; records not yet settled stay pending (the application never hears). */
  close(): void {
    this.closed = true;
  }

  /** Force an epoch bump (what Kafka does after a delivery timeout or a fatal sequence error). */
  requestEpochBump(): void {
    this.transactions.requestEpochBump();
  }

  /** Begin a transaction (KafkaProducer.beginTransaction). */
  beginTransaction(): void {
    this.transactions.beginTransaction();
  }

  /** Commit: wait until every record of the transaction is acknowledged, then EndTxn(commit). */
  commitTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.transactions.commitTransaction(onDone);
  }

  /** Abort: records not yet sent are dropped, in-flight ones awaited, then EndTxn(abort). */
  abortTransaction(onDone?: (error: ErrorName | "NONE") => void): void {
    this.transactions.abortTransaction(onDone);
  }

  /** Add the consumer group's offsets to the transaction (KafkaProducer.sendOffsetsToTransaction). */
  sendOffsetsToTransaction(groupId: string, offsets: Array<{ topic: string; partition: number; offset: number }>, onDone?: (error: ErrorName | "NONE") => void): void {
    this.transactions.sendOffsetsToTransaction(groupId, offsets, onDone);
  }

  /** Ask the sender for a poll in this instant (coalesced). */
  wake(): void {
    this.sender.wake();
  }

  /** The records of a batch get their final status; the application hears of each. */
  settle(b: ProducerBatch, status: SendStatus, error?: SendError): void {
    b.done = true;
    const host = this.host;
    const now = host.clock.nowMs;
    if (status === "assumed") {
      if (host.trace.enabled) host.trace.add({ atMs: now, type: "assume", from: this.name, topic: b.topic, partition: b.partition, count: b.records.length, recordIds: b.records.map((r) => r.id) });
    }
    for (const r of b.records) {
      if (r.status === "pending") this.pending--;
      r.status = status;
      r.resolvedAtMs = now;
      if (error) r.error = error;
      this.onResult?.(r);
    }
    if (this.transactions.endTxn) this.wake();
  }
}
