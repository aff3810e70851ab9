/**
 * What happened, in order: the events a timeline figure or a text sequence diagram is drawn from.
 * Recording is off in sweeps (thousands of seeds) and on for single runs.
 */
import type { ErrorName } from "../protocol/errors.js";

export type TraceEventType =
  | "request" // a request left a node
  | "response" // a response left a node
  | "deliver" // a message arrived
  | "drop" // the network lost a message
  | "append" // a leader wrote a batch
  | "duplicate" // a leader recognised a retried batch and answered with its original offsets
  | "reject" // a leader refused a batch (error)
  | "replicate" // a follower copied batches
  | "high-watermark" // a leader's high watermark moved
  | "ack" // the producer learned a batch succeeded
  | "assume" // acks=0: the producer counted a batch as sent
  | "retry" // the producer will send a batch again
  | "fail" // the producer gave up on a batch
  | "crash"
  | "restart"
  | "isolate"
  | "heal"
  | "leader-change"
  | "isr-change"
  | "truncate"
  | "init-producer-id"
  | "epoch-bump"
  | "producer-restart"
  | "transaction" // the transaction coordinator changed a transaction's state
  | "send"; // the application handed a record to the producer

export interface TraceEvent {
  atMs: number;
  type: TraceEventType;
  /** Node names: "producer", "producer#2" after a restart, "broker-0", … */
  from?: string;
  to?: string;
  api?: string;
  topic?: string;
  partition?: number;
  producerId?: number;
  epoch?: number;
  baseSequence?: number;
  /** Records in the batch, and the ids the application gave them. */
  count?: number;
  recordIds?: string[];
  offset?: number;
  error?: ErrorName | "TIMEOUT";
  attempt?: number;
  note?: string;
  /** Links a message's send ("request"/"response") with its arrival ("deliver") or loss ("drop"). */
  message?: number;
}

export class Trace {
  readonly events: TraceEvent[] = [];
  constructor(readonly enabled: boolean) {}

  add(event: TraceEvent): void {
    if (this.enabled) this.events.push(event);
  }
}
