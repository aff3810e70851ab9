/**
 * Exercise 6 — transactional-fencing: the transaction coordinator's producer ids, epochs and fencing.
 *
 * A producer with a `transactional.id` asks the transaction coordinator for its producer id (PID) with
 * InitProducerId. For a transactional id it has never seen, the coordinator allocates a new PID at epoch 0. For a
 * known one it keeps the PID and bumps the epoch by one: the new instance now owns the id, and every older
 * instance (a "zombie": a process that hung, was replaced, and woke up) is fenced — the coordinator answers its
 * requests with PRODUCER_FENCED. A transaction the previous instance left open (state Ongoing) is aborted first:
 * Kafka 4.x fences it with epoch + 1, aborts it under that epoch and answers CONCURRENT_TRANSACTIONS; the new
 * instance retries, and its retry bumps the epoch once more. (Kafka: TransactionCoordinator.handleInitProducerId,
 * prepareInitProducerIdTransit, TransactionMetadata.prepareFenceProducerEpoch.)
 *
 * Implement the two functions below, exactly as this course's coordinator (lib/src/broker/transaction-coordinator.ts) does:
 *
 * initProducerId(current, request, allocateProducerId)
 *   `current` is what the coordinator stores for request.transactionalId, or undefined if it has never seen it.
 *   Checks, in this order:
 *   1. request.transactionalId is not a non-empty string           → error "INVALID_REQUEST"
 *   2. request.transactionTimeoutMs is not in 1…900000 (ms; the broker's transaction.max.timeout.ms default is
 *      900000 = 15 minutes)                                         → error "INVALID_TRANSACTION_TIMEOUT"
 *   3. unknown id: a new PID from allocateProducerId(), epoch 0     → "NONE"
 *   4. state PrepareCommit or PrepareAbort (markers being written)  → error "CONCURRENT_TRANSACTIONS" (retry later)
 *   5. state Ongoing (the previous instance left a transaction open): the coordinator fences it (its stored epoch
 *      goes up by one) and aborts that transaction        → error "CONCURRENT_TRANSACTIONS" with
 *      abortOpenTransaction true (producerId and epoch -1: the client retries, and the retry is step 6)
 *   6. otherwise: same PID, epoch + 1, abortOpenTransaction false     → "NONE".
 *      The epoch is a Java short, and Kafka keeps its last value (32767) in hand to fence with: when the epoch is
 *      already 32766 or more (TransactionMetadata.isEpochExhausted: epoch >= Short.MAX_VALUE - 1) it is not bumped;
 *      the coordinator allocates a new PID (allocateProducerId()) at epoch 0 instead.
 *   On an error, producerId and epoch are -1 and abortOpenTransaction is false (except in step 5). Call allocateProducerId only when
 *   a new PID is needed (each call uses up a PID).
 *
 * checkEpoch(current, producerId, epoch) — the check before every request of a running transactional producer
 *   (AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn). In this order:
 *   1. unknown transactional id (current undefined), or producerId is not the stored PID
 *                                                                   → "INVALID_PRODUCER_ID_MAPPING"
 *   2. any epoch other than the stored one: older (a zombie) or newer (never handed out)
 *                                                                   → "PRODUCER_FENCED" (Kafka 4.x)
 *   3. state PrepareCommit or PrepareAbort                          → "CONCURRENT_TRANSACTIONS"
 *   4. otherwise                                                    → "NONE" (Kafka's name for "no error")
 *
 * Examples (allocate = a function returning 7, then 8, …):
 *   initProducerId(undefined, { transactionalId: "app", transactionTimeoutMs: 60000 }, allocate)
 *     → { error: "NONE", producerId: 7, epoch: 0, abortOpenTransaction: false }
 *   initProducerId({ producerId: 7, epoch: 0, state: "Ongoing" }, { transactionalId: "app", transactionTimeoutMs: 60000 }, allocate)
 *     → { error: "CONCURRENT_TRANSACTIONS", producerId: -1, epoch: -1, abortOpenTransaction: true }
 *   initProducerId({ producerId: 7, epoch: 1, state: "CompleteAbort" }, …)   // the retry, after the fencing abort
 *     → { error: "NONE", producerId: 7, epoch: 2, abortOpenTransaction: false }
 *   checkEpoch({ producerId: 7, epoch: 1, state: "Ongoing" }, 7, 0)  → "PRODUCER_FENCED"
 *
 * Rules: import only Node built-ins and relative files of your own. A file that imports from solutions/ or from
 * the library package kafka-sim (which contains the library's own implementation) scores 0 on this exercise.
 *
 * Check your work:  npm run grade -- --only transactional-fencing        (every exercise: npm run grade)
 */

/** The coordinator's transaction states (Kafka: TransactionState). */
export type TransactionState = "Empty" | "Ongoing" | "PrepareCommit" | "PrepareAbort" | "CompleteCommit" | "CompleteAbort";

/** What the coordinator stores for one transactional id. */
export interface TransactionalIdState {
  producerId: number;
  epoch: number;
  state: TransactionState;
}

export interface InitProducerIdRequest {
  transactionalId: string;
  transactionTimeoutMs: number;
}

export type InitProducerIdError = "NONE" | "INVALID_REQUEST" | "INVALID_TRANSACTION_TIMEOUT" | "CONCURRENT_TRANSACTIONS";

export interface InitProducerIdResult {
  error: InitProducerIdError;
  /** -1 on an error. */
  producerId: number;
  /** -1 on an error. */
  epoch: number;
  /** True when the previous instance's open transaction must be aborted (under the new epoch) first. */
  abortOpenTransaction: boolean;
}

export type EpochCheck = "NONE" | "INVALID_PRODUCER_ID_MAPPING" | "PRODUCER_FENCED" | "CONCURRENT_TRANSACTIONS";

/** The largest producer epoch (Java Short.MAX_VALUE). */
export const MAX_EPOCH = 32767;

function notImplemented(what: string): never {
  throw new Error(`not implemented yet: ${what} (exercises/transactional-fencing.ts)`);
}

/** The coordinator's answer to InitProducerId for a transactional id (see the rules above). */
export function initProducerId(
  current: TransactionalIdState | undefined,
  request: InitProducerIdRequest,
  allocateProducerId: () => number,
): InitProducerIdResult {
  void current;
  void allocateProducerId;
  return notImplemented(`initProducerId(…, { transactionalId: ${JSON.stringify(request?.transactionalId)} }, …)`);
}

/** The coordinator's check of a running producer's (producerId, epoch) against what it stores (see the rules above). */
export function checkEpoch(current: TransactionalIdState | undefined, producerId: number, epoch: number): EpochCheck {
  void current;
  return notImplemented(`checkEpoch(…, ${producerId}, ${epoch})`);
}
