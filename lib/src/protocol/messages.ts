/**
 * The broker core's requests and responses: Kafka's APIs as plain objects, with Kafka's field names.
 * Both transports speak these: the simulated network (lib/src/simulation/network.ts) and the TCP adapter
 * (lib/src/wire/), which only frames, decodes into these objects, and encodes the answers.
 */
import type { ErrorName } from "./errors.js";

/** Record keys and values: strings in the simulation, bytes when they come over the wire. */
export type Bytes = string | Uint8Array;

export interface RecordHeader {
  key: string;
  value: Bytes | null;
}

export interface KafkaRecord {
  key: Bytes | null;
  value: Bytes | null;
  headers: RecordHeader[];
  timestampMs: number;
}

/** A record batch (magic v2) as the producer sends it. */
export interface RecordBatch {
  producerId: number; // -1 when not idempotent
  producerEpoch: number; // -1 when not idempotent
  baseSequence: number; // -1 when not idempotent
  isTransactional: boolean;
  records: KafkaRecord[];
}

/** A batch as stored in a replica's log: the producer's batch plus where it landed. */
export interface StoredBatch extends RecordBatch {
  baseOffset: number;
  /** The leader epoch under which the leader appended it (Kafka's partitionLeaderEpoch). */
  partitionLeaderEpoch: number;
  /** Control batches (transaction markers) carry no user records. */
  isControl: boolean;
  /** For control batches: commit or abort. */
  controlType?: "COMMIT" | "ABORT";
}

/** acks as Kafka carries it on the wire: 0, 1 or -1 (= "all"). */
export type Acks = -1 | 0 | 1;

export interface ProducePartitionData {
  partition: number;
  batch: RecordBatch;
}
export interface ProduceRequest {
  api: "Produce";
  transactionalId: string | null;
  /**
   * 2 when the client speaks transactions v2 (KIP-890; Kafka: Produce v12+): the partition leader then adds the
   * partition to the transaction itself. Absent for everyone else (the wire adapter's clients), as 1.
   */
  transactionVersion?: 1 | 2;
  acks: Acks;
  timeoutMs: number;
  topics: Array<{ topic: string; partitions: ProducePartitionData[] }>;
}
export interface ProducePartitionResponse {
  partition: number;
  error: ErrorName;
  baseOffset: number; // -1 on error
  logAppendTimeMs: number; // -1: CreateTime is used
  logStartOffset: number;
}
export interface ProduceResponse {
  api: "Produce";
  topics: Array<{ topic: string; partitions: ProducePartitionResponse[] }>;
  throttleTimeMs: number;
}

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
  /** Follower fetches: the epoch of the last record the follower has (KIP-320), -1 if unknown. */
  lastFetchedEpoch?: number;
}
export interface FetchRequest {
  api: "Fetch";
  /** -1 for consumers; the follower's broker id for replication. */
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 = read_uncommitted, 1 = read_committed. */
  isolationLevel: 0 | 1;
  topics: Array<{ topic: string; partitions: FetchPartitionRequest[] }>;
}
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}
export interface FetchPartitionResponse {
  partition: number;
  error: ErrorName;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: AbortedTransaction[];
  batches: StoredBatch[];
  /** For follower fetches whose log diverged from the leader's: truncate to this offset first. */
  divergingEpoch?: { epoch: number; endOffset: number };
}
export interface FetchResponse {
  api: "Fetch";
  error: ErrorName;
  throttleTimeMs: number;
  topics: Array<{ topic: string; partitions: FetchPartitionResponse[] }>;
}

export interface ListOffsetsRequest {
  api: "ListOffsets";
  replicaId: number;
  isolationLevel: 0 | 1;
  /** timestamp -1 = latest, -2 = earliest. */
  topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: number }> }>;
}
export interface ListOffsetsResponse {
  api: "ListOffsets";
  topics: Array<{
    topic: string;
    partitions: Array<{ partition: number; error: ErrorName; timestamp: number; offset: number }>;
  }>;
}

export interface MetadataRequest {
  api: "Metadata";
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}
export interface BrokerEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}
export interface PartitionMetadata {
  partition: number;
  error: ErrorName;
  leader: number; // -1 when none
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}
export interface MetadataResponse {
  api: "Metadata";
  brokers: BrokerEndpoint[];
  clusterId: string;
  controllerId: number;
  topics: Array<{ topic: string; error: ErrorName; isInternal: boolean; partitions: PartitionMetadata[] }>;
}

export interface InitProducerIdRequest {
  api: "InitProducerId";
  transactionalId: string | null;
  transactionTimeoutMs: number;
}
export interface InitProducerIdResponse {
  api: "InitProducerId";
  error: ErrorName;
  producerId: number;
  producerEpoch: number;
  throttleTimeMs: number;
}

export interface CreateTopicsRequest {
  api: "CreateTopics";
  topics: Array<{
    name: string;
    numPartitions: number;
    replicationFactor: number;
    /** Topic configs given at creation (e.g. min.insync.replicas), as the wire carries them. Optional. */
    configs?: Array<{ name: string; value: string | null }>;
  }>;
  timeoutMs: number;
  validateOnly: boolean;
}
export interface CreateTopicsResponse {
  api: "CreateTopics";
  topics: Array<{ name: string; error: ErrorName; errorMessage: string | null }>;
}

/** Consumer-group APIs (used by real clients over the wire; see lib/src/broker/group-coordinator.ts). */
export interface FindCoordinatorRequest {
  api: "FindCoordinator";
  key: string;
  keyType: 0 | 1; // 0 = group, 1 = transaction
}
export interface FindCoordinatorResponse {
  api: "FindCoordinator";
  error: ErrorName;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
  throttleTimeMs: number;
}
export interface JoinGroupRequest {
  api: "JoinGroup";
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: Array<{ name: string; metadata: Uint8Array }>;
  /** JoinGroup v4+: a member joining with an empty memberId is first given an id (MEMBER_ID_REQUIRED, KIP-394). */
  requireKnownMemberId?: boolean;
}
export interface JoinGroupResponse {
  api: "JoinGroup";
  error: ErrorName;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Uint8Array }>;
  throttleTimeMs: number;
}
export interface SyncGroupRequest {
  api: "SyncGroup";
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  assignments: Array<{ memberId: string; assignment: Uint8Array }>;
}
export interface SyncGroupResponse {
  api: "SyncGroup";
  error: ErrorName;
  assignment: Uint8Array;
  throttleTimeMs: number;
}
export interface HeartbeatRequest {
  api: "Heartbeat";
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}
export interface HeartbeatResponse {
  api: "Heartbeat";
  error: ErrorName;
  throttleTimeMs: number;
}
export interface LeaveGroupRequest {
  api: "LeaveGroup";
  groupId: string;
  memberId: string;
  /** LeaveGroup v3+ (KIP-345): several members leave in one request; when set, `memberId` is ignored. */
  members?: Array<{ memberId: string; groupInstanceId: string | null }>;
}
export interface LeaveGroupResponse {
  api: "LeaveGroup";
  error: ErrorName;
  throttleTimeMs: number;
  /** LeaveGroup v3+: one result per member of the request. */
  members?: Array<{ memberId: string; groupInstanceId: string | null; error: ErrorName }>;
}
export interface OffsetCommitRequest {
  api: "OffsetCommit";
  groupId: string;
  generationId: number;
  memberId: string;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: number; metadata: string | null }> }>;
}
export interface OffsetCommitResponse {
  api: "OffsetCommit";
  topics: Array<{ topic: string; partitions: Array<{ partition: number; error: ErrorName }> }>;
  throttleTimeMs: number;
}
export interface OffsetFetchRequest {
  api: "OffsetFetch";
  groupId: string;
  /** null = all partitions the group has offsets for. */
  topics: Array<{ topic: string; partitions: number[] }> | null;
}
export interface OffsetFetchResponse {
  api: "OffsetFetch";
  error: ErrorName;
  topics: Array<{
    topic: string;
    partitions: Array<{ partition: number; offset: number; metadata: string | null; error: ErrorName }>;
  }>;
  throttleTimeMs: number;
}

/** Transactions (Kafka's TransactionCoordinator APIs; see lib/src/broker/transaction-coordinator.ts). */
export interface AddPartitionsToTxnRequest {
  api: "AddPartitionsToTxn";
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  topics: Array<{ topic: string; partitions: number[] }>;
}
export interface AddPartitionsToTxnResponse {
  api: "AddPartitionsToTxn";
  throttleTimeMs: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; error: ErrorName }> }>;
}
export interface AddOffsetsToTxnRequest {
  api: "AddOffsetsToTxn";
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  groupId: string;
}
export interface AddOffsetsToTxnResponse {
  api: "AddOffsetsToTxn";
  throttleTimeMs: number;
  error: ErrorName;
}
export interface EndTxnRequest {
  api: "EndTxn";
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** true = commit, false = abort. */
  committed: boolean;
  /**
   * The transaction protocol the client speaks: 2 = KIP-890 (Kafka: EndTxn v5+, the epoch is bumped at every
   * transaction's end); absent or 1 = the v1 protocol (EndTxn v0–4: kafkajs 2.2.4, librdkafka 2.0, the wire adapter).
   */
  transactionVersion?: 1 | 2;
}
export interface EndTxnResponse {
  api: "EndTxn";
  throttleTimeMs: number;
  error: ErrorName;
  /** Transactions v2 (EndTxn v5+): the producer id and epoch to use from now on (-1 otherwise). */
  producerId?: number;
  producerEpoch?: number;
}
export interface TxnOffsetCommitRequest {
  api: "TxnOffsetCommit";
  transactionalId: string;
  /** 2: transactions v2 (KIP-890): no AddOffsetsToTxn first, the coordinator adds the group itself. */
  transactionVersion?: 1 | 2;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: number; metadata: string | null }> }>;
}
export interface TxnOffsetCommitResponse {
  api: "TxnOffsetCommit";
  throttleTimeMs: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; error: ErrorName }> }>;
}

/** DescribeProducers (API 61, KIP-664): the producer state a partition leader holds, as kafka-transactions.sh shows it. */
export interface DescribeProducersRequest {
  api: "DescribeProducers";
  topics: Array<{ topic: string; partitions: number[] }>;
}
export interface ProducerStateSummary {
  producerId: number;
  producerEpoch: number;
  /** Sequence number of the last record written, -1 if none is retained. */
  lastSequence: number;
  /** Timestamp of the last batch written (ms), -1 if unknown. */
  lastTimestampMs: number;
  /** Epoch of the transaction coordinator that wrote the last marker; -1 here (not tracked). */
  coordinatorEpoch: number;
  /** First offset of the producer's open transaction in this partition, -1 if none. */
  currentTxnStartOffset: number;
}
export interface DescribeProducersResponse {
  api: "DescribeProducers";
  throttleTimeMs: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; error: ErrorName; errorMessage: string | null; activeProducers: ProducerStateSummary[] }> }>;
}

export type ClientRequest =
  | DescribeProducersRequest
  | AddPartitionsToTxnRequest
  | AddOffsetsToTxnRequest
  | EndTxnRequest
  | TxnOffsetCommitRequest
  | ProduceRequest
  | FetchRequest
  | ListOffsetsRequest
  | MetadataRequest
  | InitProducerIdRequest
  | CreateTopicsRequest
  | FindCoordinatorRequest
  | JoinGroupRequest
  | SyncGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | OffsetCommitRequest
  | OffsetFetchRequest;

export type ClientResponse =
  | DescribeProducersResponse
  | AddPartitionsToTxnResponse
  | AddOffsetsToTxnResponse
  | EndTxnResponse
  | TxnOffsetCommitResponse
  | ProduceResponse
  | FetchResponse
  | ListOffsetsResponse
  | MetadataResponse
  | InitProducerIdResponse
  | CreateTopicsResponse
  | FindCoordinatorResponse
  | JoinGroupResponse
  | SyncGroupResponse
  | HeartbeatResponse
  | LeaveGroupResponse
  | OffsetCommitResponse
  | OffsetFetchResponse;

export type ApiName = ClientRequest["api"];
/** The response type that answers a request type. */
export type ResponseFor<R extends ClientRequest> = Extract<ClientResponse, { api: R["api"] }>;

/**
 * A broker as a transport sees it: requests in, responses out (possibly later: acks=all waits for the ISR;
 * possibly never: acks=0 produce gets no response). `reply` is called at most once.
 */
export interface BrokerEndpointHandler {
  readonly brokerId: number;
  handle(request: ClientRequest, reply: (response: ClientResponse) => void): void;
}
