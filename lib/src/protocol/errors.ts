/**
 * Kafka's error codes, with Kafka's names (org.apache.kafka.common.protocol.Errors).
 * Only the codes the course uses are listed; `errorName` falls back to `UNKNOWN_SERVER_ERROR`.
 */
export const Errors = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_FETCH_SIZE: 4,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  BROKER_NOT_AVAILABLE: 8,
  REPLICA_NOT_AVAILABLE: 9,
  MESSAGE_TOO_LARGE: 10,
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC_EXCEPTION: 17,
  NOT_ENOUGH_REPLICAS: 19,
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 20,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_COMMIT_OFFSET_SIZE: 28,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REQUEST: 42,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_PRODUCER_EPOCH: 47,
  INVALID_TXN_STATE: 48,
  INVALID_PRODUCER_ID_MAPPING: 49,
  INVALID_TRANSACTION_TIMEOUT: 50,
  CONCURRENT_TRANSACTIONS: 51,
  TRANSACTION_COORDINATOR_FENCED: 52,
  OPERATION_NOT_ATTEMPTED: 55,
  UNKNOWN_PRODUCER_ID: 59,
  MEMBER_ID_REQUIRED: 79,
  PRODUCER_FENCED: 90,
  UNKNOWN_TOPIC_ID: 100,
} as const;

export type ErrorName = keyof typeof Errors;
export type ErrorCode = (typeof Errors)[ErrorName];

const byCode = new Map<number, ErrorName>(
  (Object.entries(Errors) as [ErrorName, number][]).map(([name, code]) => [code, name]),
);

/** Kafka's name for an error code; unknown codes are reported as UNKNOWN_SERVER_ERROR. */
export function errorName(code: number): ErrorName {
  return byCode.get(code) ?? "UNKNOWN_SERVER_ERROR";
}

/**
 * Errors the Java producer retries (they extend RetriableException in Kafka).
 * OUT_OF_ORDER_SEQUENCE_NUMBER and INVALID_PRODUCER_EPOCH are not retriable.
 */
export const RETRIABLE_ERRORS: ReadonlySet<ErrorName> = new Set<ErrorName>([
  "CORRUPT_MESSAGE",
  "NETWORK_EXCEPTION",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_OR_FOLLOWER",
  "REQUEST_TIMED_OUT",
  "NOT_ENOUGH_REPLICAS",
  "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "COORDINATOR_NOT_AVAILABLE",
  "NOT_COORDINATOR",
  "CONCURRENT_TRANSACTIONS",
]);

export function isRetriable(error: ErrorName): boolean {
  return RETRIABLE_ERRORS.has(error);
}

/** Thrown for input the simulation cannot accept: the message names the value and what is allowed. */
export class SimulationInputError extends Error {
  override name = "SimulationInputError";
}

/** Thrown when a state machine is asked for a transition its table does not allow. */
export class IllegalStateError extends Error {
  override name = "IllegalStateError";
}
