import { describe, expect, test } from "vitest";
import { logRows, producerStateRows, replicaRows, runScenario } from "kafka-sim";

describe("inspect: tables of the cluster's insides", () => {
  test("the leader's log lists every record with its producer id, epoch and sequence; all committed at the end", () => {
    const r = runScenario({ seed: 1, workload: { records: 12 } });
    const rows = logRows(r.cluster, "events");
    expect(rows.map((x) => x.offset)).toEqual([...Array(12).keys()]);
    expect(rows.map((x) => x.sequence)).toEqual([...Array(12).keys()]);
    expect(rows.every((x) => x.committed && x.producerId === r.producers[0]!.producerId)).toBe(true);
  });
  test("the producer-state table retains at most 5 batches, oldest first, with their offsets", () => {
    const r = runScenario({ seed: 1, workload: { records: 60, intervalMs: 3 } });
    const rows = producerStateRows(r.cluster, "events");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.firstSeq).toBe(rows[i - 1]!.lastSeq + 1);
    expect(rows[rows.length - 1]!.lastOffset).toBe(59);
  });
  test("replica rows show a crashed broker offline and out of the ISR after failover", () => {
    const r = runScenario({ seed: 1, workload: { records: 10 }, faults: { plan: [{ atMs: 30, action: "crash-broker", broker: 0 }] } });
    const rows = replicaRows(r.cluster, "events");
    expect(rows.find((x) => x.broker === 0)).toMatchObject({ role: "offline", alive: false, inIsr: false });
    expect(rows.filter((x) => x.role === "leader")).toHaveLength(1);
  });
  test("asking for a replica a broker does not hold is a clear error", () => {
    const r = runScenario({ seed: 1, workload: { records: 1 }, cluster: { replicationFactor: 1 } });
    expect(() => logRows(r.cluster, "events", 0, 2)).toThrow(/Broker 2 holds no replica of events-0/);
    expect(() => logRows(r.cluster, "events", 3)).toThrow(/Partition 3 does not exist/);
  });
});
