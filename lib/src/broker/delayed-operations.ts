/**
 * The state a broker keeps per partition beside its replica: the leader's view of its followers, the produce and
 * fetch requests waiting for the high watermark or for data (Kafka's purgatory), and the follower's fetch state.
 *
 * Kafka: DelayedProduce, DelayedFetch, Replica (the leader's record of a follower: LEO, lastCaughtUpTimeMs).
 */
import type { ErrorName } from "../protocol/errors.js";
import type { FetchPartitionResponse, FetchResponse, ProducePartitionResponse, StoredBatch } from "../protocol/messages.js";

/** Shared empty lists for fetch answers that carry none (never mutated: answers are read, not edited). */
export const NO_BATCHES: StoredBatch[] = [];
export const NO_ABORTED: FetchPartitionResponse["abortedTransactions"] = [];

/** One partition of a fetch answer (every field set at once, so all answers share one object shape). */
export function fetchAnswer(
  partition: number,
  error: ErrorName,
  highWatermark: number,
  lastStableOffset: number,
  abortedTransactions: FetchPartitionResponse["abortedTransactions"],
  batches: StoredBatch[],
): FetchPartitionResponse {
  return { partition, error, highWatermark, lastStableOffset, logStartOffset: 0, abortedTransactions, batches, divergingEpoch: undefined };
}

/** Does a fetch answer carry anything (records, an error, a divergence)? If not, the fetch may wait (DelayedFetch). */
export function hasFetchData(r: FetchResponse): boolean {
  for (const t of r.topics) for (const p of t.partitions) if (p.batches.length > 0 || p.error !== "NONE" || p.divergingEpoch) return true;
  return false;
}

export interface FollowerProgress {
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

/**
 * One partition of an acks=all produce, waiting until the high watermark reaches `requiredOffset` (DelayedProduce).
 * The request it belongs to says where the answer goes (`awaitedBy`); a completion before that does nothing.
 */
export class PendingProduce {
  done = false;
  private entry?: ProducePartitionResponse;
  private onSettled?: () => void;

  constructor(
    readonly requiredOffset: number,
    readonly baseOffset: number,
  ) {}

  awaitedBy(entry: ProducePartitionResponse, onSettled: () => void): void {
    this.entry = entry;
    this.onSettled = onSettled;
  }

  complete(error: ErrorName, baseOffset: number): void {
    if (!this.entry || this.done) return;
    this.done = true;
    this.entry.error = error;
    this.entry.baseOffset = error === "NONE" ? baseOffset : -1;
    this.onSettled!();
  }

  /** The request's timeout came first. */
  expire(): void {
    if (this.done) return;
    this.done = true;
    this.entry!.error = "REQUEST_TIMED_OUT";
    this.entry!.baseOffset = -1;
  }
}

export class PendingFetch {
  constructor(
    readonly wake: () => void,
    /** A follower's fetch (woken by new data only); consumers' fetches are also woken when the high watermark moves. */
    readonly follower: boolean,
  ) {}
}

/** Leader-only state of a partition. Its arrays are made with new Array(), not []: see "Memory" in kernel/sim.ts. */
export class LeaderState {
  constructor(
    readonly leaderEpoch: number,
    readonly followers: Map<number, FollowerProgress>,
    public pendingProduces: PendingProduce[],
    public pendingFetches: PendingFetch[],
    readonly becameLeaderAtMs: number,
  ) {}
}

export interface FollowerState {
  leaderId: number;
  leaderEpoch: number;
  /** Bumped whenever the follower must forget an in-flight fetch (leader change, crash). */
  generation: number;
  fetching: boolean;
}
