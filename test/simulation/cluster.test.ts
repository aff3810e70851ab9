import { describe, expect, test } from "vitest";
import { Cluster, type ProduceRequest } from "kafka-sim";

const produce = (value: string): ProduceRequest => ({
  api: "Produce",
  transactionalId: null,
  acks: -1,
  timeoutMs: 30_000,
  topics: [{ topic: "t", partitions: [{ partition: 0, batch: { producerId: -1, producerEpoch: -1, baseSequence: -1, isTransactional: false, records: [{ key: null, value, headers: [], timestampMs: 0 }] } }] }],
});

describe("one connection, requests in order (Kafka's SocketServer mutes a connection until its answer is sent)", () => {
  test("a request refused at once is answered after an earlier acks=all request that waits for the replicas", () => {
    const cluster = new Cluster({ seed: 1, cluster: { topics: { t: 1 } }, faults: { latencyMs: 5 } });
    const answers: string[] = [];
    cluster.clientRequest("client", 0, produce("first"), (r) => answers.push(`first:${r === "NETWORK_EXCEPTION" ? r : (r as { topics: { partitions: { error: string }[] }[] }).topics[0]!.partitions[0]!.error}`));
    // Armed once the first has been appended (it then waits for the followers): the fault hits the second, which the
    // broker handles only after the first is answered.
    cluster.sim.scheduleAt(6, () => cluster.faults.apply({ atMs: 6, action: "fail-next-produce", error: "NOT_LEADER_OR_FOLLOWER" }));
    cluster.clientRequest("client", 0, produce("second"), (r) => answers.push(`second:${r === "NETWORK_EXCEPTION" ? r : (r as { topics: { partitions: { error: string }[] }[] }).topics[0]!.partitions[0]!.error}`));
    cluster.sim.runUntil(1_000);
    expect(answers).toEqual(["first:NONE", "second:NOT_LEADER_OR_FOLLOWER"]);
  });
  test("another connection is not held up by a busy one", () => {
    const cluster = new Cluster({ seed: 1, cluster: { topics: { t: 1 } }, faults: { latencyMs: 5 } });
    const answers: string[] = [];
    cluster.clientRequest("slow", 0, produce("a"), () => answers.push("slow"));
    cluster.clientRequest("other", 0, { api: "Metadata", topics: ["t"], allowAutoTopicCreation: false }, () => answers.push("other"));
    cluster.sim.runUntil(1_000);
    expect(answers).toEqual(["other", "slow"]);
  });
});
