import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { listOffsets } from "../../../lib/src/wire/api/02-list-offsets.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("ListOffsets (key 2)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("listOffsets"));
    expect(highest).toBeGreaterThanOrEqual(listOffsets.minVersion);
    expect(highest).toBeLessThanOrEqual(listOffsets.maxVersion);
  });

  describe.each(kafkajsServed(listOffsets, "listOffsets"))("v%i", (version) => {
    it("decodes kafkajs' request (earliest, latest) and encodes a response kafkajs reads", async () => {
      const { request } = await decodeKafkajsRequest(listOffsets, "listOffsets", version, {
        replicaId: -1,
        isolationLevel: 1,
        topics: [{ topic: "orders", partitions: [{ partition: 0, timestamp: -2 }, { partition: 1, timestamp: -1 }] }],
      });
      expect(request).toEqual({
        api: "ListOffsets",
        replicaId: -1,
        isolationLevel: version >= 2 ? 1 : 0,
        topics: [{ topic: "orders", partitions: [{ partition: 0, timestamp: -2 }, { partition: 1, timestamp: -1 }] }],
      });
      const d = await kafkajsDecodeResponse(listOffsets, "listOffsets", version, {
        api: "ListOffsets",
        topics: [{ topic: "orders", partitions: [{ partition: 0, error: "NONE", timestamp: -1, offset: 0 }, { partition: 1, error: "UNKNOWN_TOPIC_OR_PARTITION", timestamp: -1, offset: -1 }] }],
      });
      expect(d.responses).toEqual([
        { topic: "orders", partitions: [
          { partition: 0, errorCode: 0, timestamp: "-1", offset: "0" },
          { partition: 1, errorCode: Errors.UNKNOWN_TOPIC_OR_PARTITION, timestamp: "-1", offset: "-1" },
        ] },
      ]);
    });
  });
});
