/**
 * The broker core on its own: no cluster, no network. Requests go in through handleProduce / handleFetch, answers
 * come out through `reply`, and time passes only when the test moves the clock (a Simulation used as a clock).
 * The host is a hand-made stand-in for the controller and the fault hooks (broker/host.ts).
 */
import { describe, expect, it } from "vitest";
import { Broker } from "../../lib/src/broker/broker.js";
import type { BrokerHost, PartitionState } from "../../lib/src/broker/host.js";
import { defaultStateTableFactory } from "../../lib/src/broker/partition.js";
import { Simulation } from "../../lib/src/kernel/sim.js";
import { Trace } from "../../lib/src/kernel/trace.js";
import type { ErrorName } from "../../lib/src/protocol/errors.js";
import type { ClientResponse, FetchRequest, FetchResponse, ProduceRequest, ProduceResponse } from "../../lib/src/protocol/messages.js";

const TOPIC = "events";

/** One broker (id 0) leading partition 0 of TOPIC, with the given ISR; records what it asks of its host. */
function leaderOf(isr: number[], opts: { minInsyncReplicas?: number; injected?: ErrorName[] } = {}) {
  const clock = new Simulation(1);
  const state: PartitionState = { topic: TOPIC, partition: 0, replicas: [0, 1, 2], leader: 0, leaderEpoch: 1, isr: [...isr] };
  const isrChanges: number[][] = [];
  const injected = [...(opts.injected ?? [])];
  const host: BrokerHost = {
    clock,
    trace: new Trace(true),
    config: { minInsyncReplicas: opts.minInsyncReplicas ?? 1, replicaLagTimeMaxMs: 30_000, replicaFetchWaitMaxMs: 500, replicaFetchBackoffMs: 1_000 },
    faults: { produceErrorFor: () => injected.shift(), takeCrashAfterAppend: () => false },
    stateTableFactory: defaultStateTableFactory,
    controller: {
      partitionState: (t, p) => (t === TOPIC && p === 0 ? state : undefined),
      topicExists: (t, p) => t === TOPIC && p === 0,
      alterIsr: (_t, _p, next) => {
        state.isr = next;
        isrChanges.push(next);
      },
    },
    sendBrokerRequest: () => {
      throw new Error("a leader sends no requests in these tests");
    },
    crashBroker: () => {
      throw new Error("no crash planned");
    },
    reportStateTableError: (e) => {
      throw e;
    },
  };
  const broker = new Broker(0, host);
  broker.becomeLeader(TOPIC, 0, 1);
  return { broker, clock, state, isrChanges, host };
}

function produce(acks: -1 | 0 | 1, producerId: number, baseSequence: number, values: string[], producerEpoch = 0): ProduceRequest {
  return {
    api: "Produce",
    transactionalId: null,
    acks,
    timeoutMs: 30_000,
    topics: [{ topic: TOPIC, partitions: [{ partition: 0, batch: { producerId, producerEpoch, baseSequence, isTransactional: false, records: values.map((value) => ({ key: null, value, headers: [], timestampMs: 0 })) } }] }],
  };
}

/** Send a produce and collect its answer (undefined while it waits). */
function send(broker: Broker, request: ProduceRequest): { answer?: { error: ErrorName; baseOffset: number } } {
  const out: { answer?: { error: ErrorName; baseOffset: number } } = {};
  broker.handleProduce(request, (r: ClientResponse) => {
    const p = (r as ProduceResponse).topics[0]!.partitions[0]!;
    out.answer = { error: p.error, baseOffset: p.baseOffset };
  });
  return out;
}

function followerFetch(broker: Broker, followerId: number, fetchOffset: number): FetchResponse | undefined {
  const request: FetchRequest = { api: "Fetch", replicaId: followerId, maxWaitMs: 500, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, topics: [{ topic: TOPIC, partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: 1 << 20, lastFetchedEpoch: -1 }] }] };
  let answer: FetchResponse | undefined;
  broker.handleFetch(request, (r) => (answer = r as FetchResponse));
  return answer;
}

describe("Broker without a cluster: requests in, responses out, time passed in", () => {
  it("appends acks=1 batches at consecutive offsets and answers at once", () => {
    const { broker } = leaderOf([0]);
    expect(send(broker, produce(1, -1, -1, ["a", "b"])).answer).toEqual({ error: "NONE", baseOffset: 0 });
    expect(send(broker, produce(1, -1, -1, ["c"])).answer).toEqual({ error: "NONE", baseOffset: 2 });
    expect(broker.logOf(TOPIC, 0).map((b) => b.records.map((r) => r.value))).toEqual([["a", "b"], ["c"]]);
  });

  it("answers an idempotent retry of a retained batch with its original offset and writes nothing (ProducerStateManager)", () => {
    const { broker } = leaderOf([0]);
    expect(send(broker, produce(1, 7, 0, ["a"])).answer).toEqual({ error: "NONE", baseOffset: 0 });
    expect(send(broker, produce(1, 7, 1, ["b"])).answer).toEqual({ error: "NONE", baseOffset: 1 });
    expect(send(broker, produce(1, 7, 0, ["a"])).answer).toEqual({ error: "NONE", baseOffset: 0 });
    expect(send(broker, produce(1, 7, 5, ["z"])).answer).toEqual({ error: "OUT_OF_ORDER_SEQUENCE_NUMBER", baseOffset: -1 });
    expect(broker.logOf(TOPIC, 0)).toHaveLength(2);
  });

  it("holds an acks=all produce until the follower in the ISR has fetched past it (DelayedProduce)", () => {
    const { broker, clock } = leaderOf([0, 1]);
    const pending = send(broker, produce(-1, 3, 0, ["a"]));
    expect(pending.answer).toBeUndefined();
    clock.runUntil(1_000); // time alone changes nothing
    expect(pending.answer).toBeUndefined();
    followerFetch(broker, 1, 0); // the follower asks from 0: gets the batch, has not got it yet
    expect(pending.answer).toBeUndefined();
    followerFetch(broker, 1, 1); // asking from 1 says it has offset 0: the high watermark moves
    expect(pending.answer).toEqual({ error: "NONE", baseOffset: 0 });
    expect(broker.replica(TOPIC, 0)!.highWatermark).toBe(1);
  });

  it("times an acks=all produce out after its request timeout when the ISR never catches up", () => {
    const { broker, clock } = leaderOf([0, 1]);
    const pending = send(broker, produce(-1, 3, 0, ["a"]));
    clock.runUntil(29_999);
    expect(pending.answer).toBeUndefined();
    clock.runUntil(30_000);
    expect(pending.answer).toEqual({ error: "REQUEST_TIMED_OUT", baseOffset: -1 });
  });

  it("refuses acks=all with NOT_ENOUGH_REPLICAS while the ISR is smaller than min.insync.replicas, but takes acks=1", () => {
    const { broker } = leaderOf([0], { minInsyncReplicas: 2 });
    expect(send(broker, produce(-1, -1, -1, ["a"])).answer).toEqual({ error: "NOT_ENOUGH_REPLICAS", baseOffset: -1 });
    expect(send(broker, produce(1, -1, -1, ["b"])).answer).toEqual({ error: "NONE", baseOffset: 0 });
  });

  it("drops a follower that has not caught up for replica.lag.time.max.ms from the ISR (through the host's alterIsr)", () => {
    const { broker, clock, isrChanges } = leaderOf([0, 1]);
    send(broker, produce(1, -1, -1, ["a"]));
    clock.runUntil(30_000);
    broker.checkIsrExpiry();
    expect(isrChanges).toEqual([]);
    clock.runUntil(30_001);
    broker.checkIsrExpiry();
    expect(isrChanges).toEqual([[0]]);
  });

  it("answers with the error a fault hook injects, without appending", () => {
    const { broker } = leaderOf([0], { injected: ["NOT_LEADER_OR_FOLLOWER"] });
    expect(send(broker, produce(1, -1, -1, ["a"])).answer).toEqual({ error: "NOT_LEADER_OR_FOLLOWER", baseOffset: -1 });
    expect(broker.logOf(TOPIC, 0)).toHaveLength(0);
    expect(send(broker, produce(1, -1, -1, ["a"])).answer).toEqual({ error: "NONE", baseOffset: 0 });
  });

  it("stops answering as leader once told to follow (NOT_LEADER_OR_FOLLOWER), and completes waiting produces with it", () => {
    const { broker, host } = leaderOf([0, 1]);
    (host as { sendBrokerRequest: BrokerHost["sendBrokerRequest"] }).sendBrokerRequest = () => {}; // the new follower's fetches go nowhere
    const pending = send(broker, produce(-1, -1, -1, ["a"]));
    broker.becomeFollower(TOPIC, 0, 1, 2);
    expect(pending.answer).toEqual({ error: "NOT_LEADER_OR_FOLLOWER", baseOffset: -1 });
    expect(send(broker, produce(1, -1, -1, ["b"])).answer).toEqual({ error: "NOT_LEADER_OR_FOLLOWER", baseOffset: -1 });
  });
});
