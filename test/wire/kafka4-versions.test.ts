/**
 * The version ranges a Kafka 4.x broker serves, API by API, and where this broker stops short of them and why.
 * Sources: the message schemas of Kafka 4.x (clients/src/main/resources/common/message/*.json: validVersions,
 * flexibleVersions, and the notes "Versions 0-N were removed in Apache Kafka 4.0" of KIP-896), KAFKA-18659 (Produce
 * is listed from v0 for librdkafka's sake, but v0-v2 are refused) and KAFKA-19444 (JoinGroup v0-v1 put back in 4.0.1
 * and 4.1 for librdkafka before 2.11).
 */
import { describe, expect, it } from "vitest";
import { API_REGISTRY, supportedApiVersions } from "../../lib/src/wire/api/index.js";

/** [key, name, first served, last served, first flexible, Kafka 4.x last, why this broker stops earlier]. */
const table: Array<[number, string, number, number, number, number, string?]> = [
  [0, "Produce", 3, 11, 9, 12, "v12 means transactions v2 (KIP-890), not modelled"],
  [1, "Fetch", 4, 17, 12, 17],
  [2, "ListOffsets", 1, 9, 6, 10, "v10 adds a timeout for remote (tiered) lookups"],
  [3, "Metadata", 0, 13, 9, 13],
  [8, "OffsetCommit", 2, 9, 8, 9],
  [9, "OffsetFetch", 1, 9, 6, 9],
  [10, "FindCoordinator", 0, 6, 3, 6],
  [11, "JoinGroup", 0, 9, 6, 9],
  [12, "Heartbeat", 0, 4, 4, 4],
  [13, "LeaveGroup", 0, 5, 4, 5],
  [14, "SyncGroup", 0, 5, 4, 5],
  [18, "ApiVersions", 0, 4, 3, 4],
  [19, "CreateTopics", 2, 7, 5, 7],
  [22, "InitProducerId", 0, 5, 2, 5],
  [24, "AddPartitionsToTxn", 0, 5, 3, 5],
  [25, "AddOffsetsToTxn", 0, 4, 3, 4],
  [26, "EndTxn", 0, 4, 3, 5, "v5 returns the epoch bumped at every transaction's end (transactions v2)"],
  [28, "TxnOffsetCommit", 0, 4, 3, 4],
  [61, "DescribeProducers", 0, 0, 0, 0],
];

describe("Kafka 4.x version ranges", () => {
  it.each(table)("API %i %s: v%i-v%i, flexible from v%i (Kafka 4.x: up to v%i)", (key, name, min, max, flexible, kafkaMax, why) => {
    const api = API_REGISTRY.find((a) => a.apiKey === key)!;
    expect(api.name).toBe(name);
    expect([api.minVersion, api.maxVersion, api.firstFlexibleVersion]).toEqual([min, max, flexible]);
    expect(max).toBeLessThanOrEqual(kafkaMax);
    if (max < kafkaMax) expect(why).toBeTruthy(); // every shortfall is explained
  });

  it("serves nothing else, and ApiVersions lists Produce from v0 as Kafka 4.x does (KAFKA-18659)", () => {
    expect(API_REGISTRY.map((a) => a.apiKey).sort((a, b) => a - b)).toEqual(table.map(([k]) => k).filter((k) => API_REGISTRY.some((a) => a.apiKey === k)).sort((a, b) => a - b));
    const listed = supportedApiVersions();
    expect(listed.find((v) => v.apiKey === 0)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 11 });
    for (const [key, , min, max] of table.filter(([k]) => k !== 0)) expect(listed.find((v) => v.apiKey === key)).toEqual({ apiKey: key, minVersion: min, maxVersion: max });
  });
});
