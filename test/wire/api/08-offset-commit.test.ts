import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { offsetCommit } from "../../../lib/src/wire/api/08-offset-commit.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("OffsetCommit (key 8)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("offsetCommit"));
    expect(highest).toBeGreaterThanOrEqual(offsetCommit.minVersion);
    expect(highest).toBeLessThanOrEqual(offsetCommit.maxVersion);
  });

  describe.each(kafkajsServed(offsetCommit, "offsetCommit"))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(offsetCommit, "offsetCommit", version, {
        groupId: "g",
        groupGenerationId: 4,
        memberId: "m-1",
        retentionTime: -1,
        topics: [{ topic: "orders", partitions: [{ partition: 0, offset: "42" }, { partition: 1, offset: "7", metadata: "note" }] }],
      });
      expect(request).toEqual({
        api: "OffsetCommit",
        groupId: "g",
        generationId: 4,
        memberId: "m-1",
        topics: [{ topic: "orders", partitions: [{ partition: 0, offset: 42, metadata: null }, { partition: 1, offset: 7, metadata: "note" }] }],
      });
      const d = await kafkajsDecodeResponse(offsetCommit, "offsetCommit", version, {
        api: "OffsetCommit",
        throttleTimeMs: 0,
        topics: [{ topic: "orders", partitions: [{ partition: 0, error: "NONE" }, { partition: 1, error: "ILLEGAL_GENERATION" }] }],
      });
      expect(d.responses).toEqual([{ topic: "orders", partitions: [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: Errors.ILLEGAL_GENERATION }] }]);
    });
  });
});
