/**
 * The broker core assembled by hand, without the simulated Cluster: one Broker, the Controller, the
 * TransactionCoordinator and KafkaApis, on a Simulation used only as a clock. Shows that every API the wire serves
 * is answered by the core itself (the simulation and the TCP adapter only carry requests to KafkaApis.handle).
 */
import { describe, expect, it } from "vitest";
import { Broker } from "../../lib/src/broker/broker.js";
import { Controller } from "../../lib/src/broker/controller.js";
import type { BrokerHost } from "../../lib/src/broker/host.js";
import { KafkaApis } from "../../lib/src/broker/kafka-apis.js";
import { defaultStateTableFactory } from "../../lib/src/broker/partition.js";
import { TransactionCoordinator } from "../../lib/src/broker/transaction-coordinator.js";
import { Simulation } from "../../lib/src/kernel/sim.js";
import { Trace } from "../../lib/src/kernel/trace.js";
import type { ClientRequest, ClientResponse } from "../../lib/src/protocol/messages.js";

function core() {
  const clock = new Simulation(1);
  const trace = new Trace(false);
  const brokers: Broker[] = [];
  const config = { brokers: 1, partitions: 2, replicationFactor: 1, uncleanLeaderElection: false, replicaLagTimeMaxMs: 30_000, autoCreateTopics: true };
  const controller = new Controller(config, brokers, trace, { clock, isIsolated: () => false });
  const host: BrokerHost = {
    clock,
    trace,
    config: { minInsyncReplicas: 1, replicaLagTimeMaxMs: 30_000, replicaFetchWaitMaxMs: 500, replicaFetchBackoffMs: 1_000 },
    faults: { produceErrorFor: () => undefined, takeCrashAfterAppend: () => false },
    stateTableFactory: defaultStateTableFactory,
    controller,
    sendBrokerRequest: () => {},
    crashBroker: () => {},
    reportStateTableError: () => {},
  };
  brokers.push(new Broker(0, host));
  const transactions = new TransactionCoordinator({
    clock,
    trace,
    allocateProducerId: () => controller.allocateProducerId(),
    topicExists: (t, p) => controller.topicExists(t, p),
    writeTxnMarker: (t, p, pid, epoch, type) => brokers[0]!.writeTxnMarker(t, p, pid, epoch, type),
  });
  const apis = new KafkaApis(controller, transactions, clock, 1);
  const call = (request: ClientRequest): ClientResponse => {
    let answer: ClientResponse | undefined;
    apis.handle(brokers[0]!, request, (r) => (answer = r));
    if (!answer) throw new Error(`${request.api} was not answered at once`);
    return answer;
  };
  return { clock, controller, transactions, apis, broker: brokers[0]!, call };
}

describe("KafkaApis: the one dispatch point of the broker core", () => {
  it("routes Metadata (with auto-creation) and CreateTopics to the controller", () => {
    const { call } = core();
    const md = call({ api: "Metadata", topics: ["a"], allowAutoTopicCreation: true }) as Extract<ClientResponse, { api: "Metadata" }>;
    expect(md.topics.map((t) => [t.topic, t.error, t.partitions.length])).toEqual([["a", "NONE", 2]]);
    const ct = call({ api: "CreateTopics", topics: [{ name: "a", numPartitions: 1, replicationFactor: 1 }, { name: "b", numPartitions: 3, replicationFactor: -1 }], timeoutMs: 1000, validateOnly: false }) as Extract<ClientResponse, { api: "CreateTopics" }>;
    expect(ct.topics.map((t) => [t.name, t.error])).toEqual([["a", "TOPIC_ALREADY_EXISTS"], ["b", "NONE"]]);
  });

  it("routes Produce and Fetch to the broker, InitProducerId to the transaction coordinator", () => {
    const { call } = core();
    call({ api: "Metadata", topics: ["a"], allowAutoTopicCreation: true });
    const init = call({ api: "InitProducerId", transactionalId: null, transactionTimeoutMs: 60_000 }) as Extract<ClientResponse, { api: "InitProducerId" }>;
    expect([init.error, init.producerId, init.producerEpoch]).toEqual(["NONE", 0, 0]);
    const batch = { producerId: 0, producerEpoch: 0, baseSequence: 0, isTransactional: false, records: [{ key: null, value: "x", headers: [], timestampMs: 0 }] };
    const produced = call({ api: "Produce", transactionalId: null, acks: -1, timeoutMs: 1000, topics: [{ topic: "a", partitions: [{ partition: 1, batch }] }] });
    expect(produced).toMatchObject({ topics: [{ topic: "a", partitions: [{ partition: 1, error: "NONE", baseOffset: 0 }] }] });
    const fetched = call({ api: "Fetch", replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, topics: [{ topic: "a", partitions: [{ partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }] });
    expect(fetched).toMatchObject({ topics: [{ partitions: [{ partition: 1, error: "NONE", highWatermark: 1 }] }] });
  });

  it("answers the consumer-group APIs from the core's own group coordinator, with transactional offsets in OffsetFetch", () => {
    const { call, apis } = core();
    call({ api: "Metadata", topics: ["in"], allowAutoTopicCreation: true });
    expect(call({ api: "FindCoordinator", key: "g", keyType: 0 })).toMatchObject({ error: "NONE", nodeId: 0 });
    // A transaction commits an offset for group g: OffsetFetch sees it (one offsets map, as __consumer_offsets).
    const init = call({ api: "InitProducerId", transactionalId: "t", transactionTimeoutMs: 60_000 }) as Extract<ClientResponse, { api: "InitProducerId" }>;
    const ids = { transactionalId: "t", producerId: init.producerId, producerEpoch: init.producerEpoch };
    expect(call({ api: "AddOffsetsToTxn", ...ids, groupId: "g" })).toMatchObject({ error: "NONE" });
    expect(call({ api: "TxnOffsetCommit", ...ids, groupId: "g", topics: [{ topic: "in", partitions: [{ partition: 0, offset: 42, metadata: null }] }] })).toMatchObject({ topics: [{ partitions: [{ error: "NONE" }] }] });
    expect(call({ api: "EndTxn", ...ids, committed: true })).toMatchObject({ error: "NONE" });
    const fetched = call({ api: "OffsetFetch", groupId: "g", topics: [{ topic: "in", partitions: [0] }] });
    expect(fetched).toMatchObject({ error: "NONE", topics: [{ topic: "in", partitions: [{ partition: 0, offset: 42 }] }] });
    expect(apis.groupCoordinator()).toBe(apis.groupCoordinator());
    expect(() => apis.groupCoordinator({ sessionTimeoutMs: 1 } as never)).toThrow(/already running/);
  });

  it("a dead broker answers nothing", () => {
    const { apis, broker } = core();
    broker.crash();
    let answered = false;
    apis.handle(broker, { api: "Metadata", topics: null, allowAutoTopicCreation: false }, () => (answered = true));
    expect(answered).toBe(false);
  });
});
