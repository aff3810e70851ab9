import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { createTopics } from "../../../lib/src/wire/api/19-create-topics.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("CreateTopics (key 19)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("createTopics"));
    expect(highest).toBeGreaterThanOrEqual(createTopics.minVersion);
    expect(highest).toBeLessThanOrEqual(createTopics.maxVersion);
  });

  describe.each(kafkajsServed(createTopics, "createTopics"))("v%i", (version) => {
    it("decodes kafkajs' request with topic configs, and encodes a response kafkajs reads", async () => {
      const { request, amend, answer } = await decodeKafkajsRequest(createTopics, "createTopics", version, {
        topics: [{ topic: "orders", numPartitions: 3, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "2" }] }],
        validateOnly: false,
        timeout: 5000,
      });
      expect(amend).toBeUndefined();
      expect(answer).toBeUndefined();
      expect(request).toEqual({
        api: "CreateTopics",
        topics: [{ name: "orders", numPartitions: 3, replicationFactor: 3, configs: [{ name: "min.insync.replicas", value: "2" }] }],
        timeoutMs: 5000,
        validateOnly: false,
      });
      const d = await kafkajsDecodeResponse(createTopics, "createTopics", version, {
        api: "CreateTopics",
        topics: [{ name: "orders", error: "NONE", errorMessage: null }, { name: "dup", error: "TOPIC_ALREADY_EXISTS", errorMessage: "Topic 'dup' already exists." }],
      });
      expect(d.topicErrors).toEqual([
        { topic: "dup", errorCode: Errors.TOPIC_ALREADY_EXISTS, errorMessage: "Topic 'dup' already exists." },
        { topic: "orders", errorCode: 0, errorMessage: null },
      ]);
    });
  });

  it("a manual replica assignment is refused with INVALID_REQUEST, saying why; the other topics go to the core", async () => {
    const d = await decodeKafkajsRequest(createTopics, "createTopics", 3, {
      topics: [
        { topic: "manual", replicaAssignment: [{ partition: 0, replicas: [0, 1] }] },
        { topic: "auto", numPartitions: 1, replicationFactor: 1 },
      ],
    });
    expect(d.request.topics.map((t) => t.name)).toEqual(["auto"]);
    const merged = d.amend!({ api: "CreateTopics", topics: [{ name: "auto", error: "NONE", errorMessage: null }] });
    expect(merged.topics[1]).toMatchObject({ name: "manual", error: "INVALID_REQUEST", errorMessage: expect.stringMatching(/manual replica assignment/) });
  });
});
