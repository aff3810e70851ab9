/**
 * Reference solution — exercise 6, transactional-fencing: the transaction coordinator's InitProducerId and its
 * epoch check for a running producer (Kafka: TransactionCoordinator.handleInitProducerId, TransactionMetadata;
 * this course's lib/src/broker/transaction-coordinator.ts).
 */

export type TransactionState = "Empty" | "Ongoing" | "PrepareCommit" | "PrepareAbort" | "CompleteCommit" | "CompleteAbort";

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
  producerId: number;
  epoch: number;
  abortOpenTransaction: boolean;
}

export type EpochCheck = "NONE" | "INVALID_PRODUCER_ID_MAPPING" | "PRODUCER_FENCED" | "CONCURRENT_TRANSACTIONS";

export const MAX_EPOCH = 32767;

const MAX_TRANSACTION_TIMEOUT_MS = 900_000;

function refused(error: InitProducerIdError): InitProducerIdResult {
  return { error, producerId: -1, epoch: -1, abortOpenTransaction: false };
}

const completing = (state: TransactionState): boolean => state === "PrepareCommit" || state === "PrepareAbort";

export function initProducerId(
  current: TransactionalIdState | undefined,
  request: InitProducerIdRequest,
  allocateProducerId: () => number,
): InitProducerIdResult {
  if (typeof request.transactionalId !== "string" || request.transactionalId.length === 0) return refused("INVALID_REQUEST");
  const timeout = request.transactionTimeoutMs;
  if (!(timeout > 0 && timeout <= MAX_TRANSACTION_TIMEOUT_MS)) return refused("INVALID_TRANSACTION_TIMEOUT");
  if (!current) return { error: "NONE", producerId: allocateProducerId(), epoch: 0, abortOpenTransaction: false };
  if (completing(current.state)) return refused("CONCURRENT_TRANSACTIONS");
  // Kafka 4.x (prepareInitProducerIdTransit, Ongoing → prepareFenceProducerEpoch): fence with epoch + 1, abort the open
  // transaction with it, and answer CONCURRENT_TRANSACTIONS; the client's retry then bumps the epoch again.
  if (current.state === "Ongoing") return { error: "CONCURRENT_TRANSACTIONS", producerId: -1, epoch: -1, abortOpenTransaction: true };
  // TransactionMetadata.isEpochExhausted: epoch >= Short.MAX_VALUE - 1 (32767 is kept for fencing).
  const exhausted = current.epoch >= MAX_EPOCH - 1;
  return {
    error: "NONE",
    producerId: exhausted ? allocateProducerId() : current.producerId,
    epoch: exhausted ? 0 : current.epoch + 1,
    abortOpenTransaction: false,
  };
}

export function checkEpoch(current: TransactionalIdState | undefined, producerId: number, epoch: number): EpochCheck {
  if (!current || current.producerId !== producerId) return "INVALID_PRODUCER_ID_MAPPING";
  // Kafka 4.x (TransactionCoordinator.handleAddPartitionsToTransaction, endTransaction): any other epoch is fenced.
  if (epoch !== current.epoch) return "PRODUCER_FENCED";
  if (completing(current.state)) return "CONCURRENT_TRANSACTIONS";
  return "NONE";
}
