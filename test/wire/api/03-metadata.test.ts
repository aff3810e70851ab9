import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import type { MetadataResponse } from "../../../lib/src/protocol/messages.js";
import { metadata } from "../../../lib/src/wire/api/03-metadata.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

const response: MetadataResponse = {
  api: "Metadata",
  brokers: [{ nodeId: 0, host: "127.0.0.1", port: 40001, rack: null }, { nodeId: 1, host: "127.0.0.1", port: 40002, rack: "r1" }],
  clusterId: "sim-cluster",
  controllerId: 1,
  topics: [
    { topic: "orders", error: "NONE", isInternal: false, partitions: [{ partition: 0, error: "NONE", leader: 1, leaderEpoch: 3, replicas: [1, 0], isr: [1], offlineReplicas: [0] }] },
    { topic: "nope", error: "UNKNOWN_TOPIC_OR_PARTITION", isInternal: false, partitions: [] },
  ],
};

describe("Metadata (key 3)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("metadata"));
    expect(highest).toBeGreaterThanOrEqual(metadata.minVersion);
    expect(highest).toBeLessThanOrEqual(metadata.maxVersion);
  });

  describe.each(kafkajsServed(metadata, "metadata"))("v%i", (version) => {
    it("decodes a request for named topics, and kafkajs' empty list as 'all topics'", async () => {
      const named = await decodeKafkajsRequest(metadata, "metadata", version, { topics: ["orders", "nope"], allowAutoTopicCreation: false });
      expect(named.request).toEqual({ api: "Metadata", topics: ["orders", "nope"], allowAutoTopicCreation: version < 4 });
      const all = await decodeKafkajsRequest(metadata, "metadata", version, { topics: [], allowAutoTopicCreation: true });
      expect(all.request).toEqual({ api: "Metadata", topics: null, allowAutoTopicCreation: true });
    });

    it("encodes brokers, controller and partitions as kafkajs reads them", async () => {
      const d = await kafkajsDecodeResponse(metadata, "metadata", version, response);
      expect(d.brokers.map((b: { nodeId: number; port: number }) => [b.nodeId, b.port])).toEqual([[0, 40001], [1, 40002]]);
      if (version >= 1) expect(d.controllerId).toBe(1);
      if (version >= 1) expect(d.brokers[1].rack).toBe("r1");
      if (version >= 2) expect(d.clusterId).toBe("sim-cluster");
      const [orders, nope] = d.topicMetadata;
      expect(orders).toMatchObject({ topicErrorCode: 0, topic: "orders" });
      expect(orders.partitionMetadata[0]).toMatchObject({ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1, 0], isr: [1] });
      if (version >= 5) expect(orders.partitionMetadata[0].offlineReplicas).toEqual([0]);
      expect(nope).toMatchObject({ topicErrorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION, topic: "nope", partitionMetadata: [] });
    });
  });
});
