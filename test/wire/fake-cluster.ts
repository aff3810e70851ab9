/**
 * A tiny stand-in cluster for the wire adapter's tests, until the real simulated cluster (lib/src/simulation/cluster.ts)
 * is plugged in: one in-memory log per partition, no replication, idempotence through the project's
 * ProducerStateManager, consumer groups through the project's GroupCoordinator. It lives in test/ on purpose:
 * the wire layer itself keeps no partitions and no producer state.
 */
import type { ErrorName } from "../../lib/src/protocol/errors.js";
import { GroupCoordinator, isGroupRequest } from "../../lib/src/broker/group-coordinator.js";
import { lastSequence, ProducerStateManager } from "../../lib/src/broker/producer-state.js";
import type {
  BrokerEndpointHandler,
  ClientRequest,
  ClientResponse,
  FetchRequest,
  FetchResponse,
  ProduceRequest,
  ProduceResponse,
  StoredBatch,
} from "../../lib/src/protocol/messages.js";
import type { WireCluster } from "../../lib/src/wire/server.js";

interface PartitionLog {
  leader: number;
  batches: StoredBatch[];
  nextOffset: number;
  producers: ProducerStateManager;
}

interface ParkedFetch {
  brokerId: number;
  request: FetchRequest;
  reply: (r: ClientResponse) => void;
  deadlineMs: number;
}

export interface FakeClusterOptions {
  brokers: number;
  partitions: number;
  groupInitialRebalanceDelayMs: number;
}

export class FakeCluster implements WireCluster {
  nowMs = 0;
  readonly options: FakeClusterOptions;
  readonly coordinator: GroupCoordinator;
  readonly topics = new Map<string, PartitionLog[]>();
  /** Every request each broker was handed, in order (tests look at what kafkajs sent). */
  readonly received: Array<{ brokerId: number; request: ClientRequest }> = [];
  private advertised = new Map<number, { host: string; port: number }>();
  private parked: ParkedFetch[] = [];
  private nextProducerId = 1000;

  constructor(options: Partial<FakeClusterOptions> = {}) {
    this.options = { brokers: 1, partitions: 1, groupInitialRebalanceDelayMs: 0, ...options };
    this.coordinator = new GroupCoordinator({ groupInitialRebalanceDelayMs: this.options.groupInitialRebalanceDelayMs });
  }

  brokerIds(): number[] {
    return Array.from({ length: this.options.brokers }, (_, i) => i);
  }

  endpoint(brokerId: number): BrokerEndpointHandler {
    return { brokerId, handle: (request, reply) => this.handle(brokerId, request, reply) };
  }

  setAdvertisedListeners(listeners: ReadonlyMap<number, { host: string; port: number }>): void {
    this.advertised = new Map(listeners);
  }

  advanceTime(elapsedMs: number): void {
    this.nowMs += elapsedMs;
    this.coordinator.advanceTo(this.nowMs);
    this.wakeFetches();
  }

  createTopic(name: string, partitions = this.options.partitions): PartitionLog[] {
    const logs = Array.from({ length: partitions }, (_, p) => ({ leader: p % this.options.brokers, batches: [], nextOffset: 0, producers: new ProducerStateManager() }));
    this.topics.set(name, logs);
    return logs;
  }

  /** All records of a partition's log, values as strings. */
  values(topic: string, partition = 0): string[] {
    const log = this.topics.get(topic)?.[partition];
    return (log?.batches ?? []).flatMap((b) => b.records.map((r) => (typeof r.value === "string" ? r.value : new TextDecoder().decode(r.value ?? new Uint8Array()))));
  }

  handle(brokerId: number, request: ClientRequest, reply: (r: ClientResponse) => void): void {
    this.received.push({ brokerId, request });
    if (isGroupRequest(request)) return this.coordinator.handle(request, reply, this.nowMs);
    switch (request.api) {
      case "Produce":
        return this.produce(brokerId, request, reply);
      case "Fetch": {
        const response = this.fetch(brokerId, request);
        const hasData = response.topics.some((t) => t.partitions.some((p) => p.batches.length > 0 || p.error !== "NONE"));
        if (hasData || request.maxWaitMs <= 0) return reply(response);
        this.parked.push({ brokerId, request, reply, deadlineMs: this.nowMs + request.maxWaitMs });
        return;
      }
      case "ListOffsets":
        return reply({
          api: "ListOffsets",
          topics: request.topics.map((t) => ({
            topic: t.topic,
            partitions: t.partitions.map((p) => {
              const log = this.topics.get(t.topic)?.[p.partition];
              if (!log) return { partition: p.partition, error: "UNKNOWN_TOPIC_OR_PARTITION" as const, timestamp: -1, offset: -1 };
              return { partition: p.partition, error: "NONE" as const, timestamp: -1, offset: p.timestamp === -2 ? 0 : log.nextOffset };
            }),
          })),
        });
      case "Metadata": {
        const names = request.topics ?? [...this.topics.keys()];
        return reply({
          api: "Metadata",
          brokers: this.brokerIds().map((nodeId) => ({ nodeId, host: this.advertised.get(nodeId)?.host ?? "", port: this.advertised.get(nodeId)?.port ?? -1, rack: null })),
          clusterId: "fake-cluster",
          controllerId: 0,
          topics: names.map((topic) => {
            let logs = this.topics.get(topic);
            if (!logs && request.allowAutoTopicCreation) logs = this.createTopic(topic);
            if (!logs) return { topic, error: "UNKNOWN_TOPIC_OR_PARTITION" as const, isInternal: false, partitions: [] };
            return {
              topic,
              error: "NONE" as const,
              isInternal: false,
              partitions: logs.map((l, partition) => ({ partition, error: "NONE" as const, leader: l.leader, leaderEpoch: 0, replicas: [l.leader], isr: [l.leader], offlineReplicas: [] })),
            };
          }),
        });
      }
      case "InitProducerId":
        return reply({ api: "InitProducerId", error: "NONE", producerId: this.nextProducerId++, producerEpoch: 0, throttleTimeMs: 0 });
      case "CreateTopics":
        return reply({
          api: "CreateTopics",
          topics: request.topics.map((t) => {
            if (this.topics.has(t.name)) return { name: t.name, error: "TOPIC_ALREADY_EXISTS" as const, errorMessage: `Topic '${t.name}' already exists.` };
            if (!request.validateOnly) this.createTopic(t.name, t.numPartitions > 0 ? t.numPartitions : this.options.partitions);
            return { name: t.name, error: "NONE" as const, errorMessage: null };
          }),
        });
      case "FindCoordinator": {
        const a = this.advertised.get(0)!;
        return reply({ api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: 0, host: a.host, port: a.port, throttleTimeMs: 0 });
      }
    }
  }

  private produce(brokerId: number, request: ProduceRequest, reply: (r: ClientResponse) => void): void {
    const response: ProduceResponse = {
      api: "Produce",
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map(({ partition, batch }) => {
          const answer = (error: ErrorName, baseOffset = -1) => ({ partition, error, baseOffset, logAppendTimeMs: -1, logStartOffset: 0 });
          const log = this.topics.get(t.topic)?.[partition];
          if (!log) return answer("UNKNOWN_TOPIC_OR_PARTITION");
          if (log.leader !== brokerId) return answer("NOT_LEADER_OR_FOLLOWER");
          const count = batch.records.length;
          if (batch.producerId >= 0) {
            const v = log.producers.append(
              { producerId: batch.producerId, epoch: batch.producerEpoch, firstSeq: batch.baseSequence, lastSeq: lastSequence(batch.baseSequence, count) },
              log.nextOffset,
            );
            if (v.kind === "duplicate") return answer("NONE", v.firstOffset);
            if (v.kind === "error") return answer(v.error);
          }
          const baseOffset = log.nextOffset;
          log.batches.push({ ...batch, baseOffset, partitionLeaderEpoch: 0, isControl: false });
          log.nextOffset += count;
          return answer("NONE", baseOffset);
        }),
      })),
    };
    this.wakeFetches();
    if (request.acks !== 0) reply(response);
  }

  private fetch(brokerId: number, request: FetchRequest): FetchResponse {
    return {
      api: "Fetch",
      error: "NONE",
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const log = this.topics.get(t.topic)?.[p.partition];
          const base = { partition: p.partition, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], batches: [] };
          if (!log) return { ...base, error: "UNKNOWN_TOPIC_OR_PARTITION" as const };
          if (log.leader !== brokerId) return { ...base, error: "NOT_LEADER_OR_FOLLOWER" as const };
          if (p.fetchOffset > log.nextOffset || p.fetchOffset < 0) return { ...base, error: "OFFSET_OUT_OF_RANGE" as const };
          return {
            ...base,
            error: "NONE" as const,
            highWatermark: log.nextOffset,
            lastStableOffset: log.nextOffset,
            logStartOffset: 0,
            batches: log.batches.filter((b) => b.baseOffset + b.records.length > p.fetchOffset),
          };
        }),
      })),
    };
  }

  private wakeFetches(): void {
    const still: ParkedFetch[] = [];
    for (const f of this.parked) {
      const response = this.fetch(f.brokerId, f.request);
      const hasData = response.topics.some((t) => t.partitions.some((p) => p.batches.length > 0 || p.error !== "NONE"));
      if (hasData || f.deadlineMs <= this.nowMs) f.reply(response);
      else still.push(f);
    }
    this.parked = still;
  }
}
