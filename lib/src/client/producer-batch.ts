/**
 * What the application hands the producer and learns back (SendResult), and the batch the producer sends them in.
 *
 * Kafka: ProducerRecord, RecordMetadata / the send() callback, ProducerBatch.
 */
import type { ErrorName } from "../protocol/errors.js";
import type { KafkaRecord } from "../protocol/messages.js";

export type SendStatus = "pending" | "acknowledged" | "failed" | "assumed";

/** Why a send failed: a broker error, the delivery timeout, or (transactions) an aborted or fenced transaction. */
export type SendError = ErrorName | "TIMEOUT" | "TRANSACTION_ABORTED";

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

export const BATCH_OVERHEAD_BYTES = 61;
export const RECORD_OVERHEAD_BYTES = 10;

/** Records of one partition sent together. A class, and new Array() rather than []: see "Memory" in kernel/sim.ts. */
export class ProducerBatch {
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
