import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import type { OffsetFetchResponse } from "../../../lib/src/protocol/messages.js";
import { offsetFetch } from "../../../lib/src/wire/api/09-offset-fetch.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

const response = (error: OffsetFetchResponse["error"]): OffsetFetchResponse => ({
  api: "OffsetFetch",
  error,
  throttleTimeMs: 0,
  topics: [{ topic: "orders", partitions: [{ partition: 0, offset: 42, metadata: "", error: "NONE" }, { partition: 1, offset: -1, metadata: "", error: "NONE" }] }],
});

describe("OffsetFetch (key 9)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("offsetFetch"));
    expect(highest).toBeGreaterThanOrEqual(offsetFetch.minVersion);
    expect(highest).toBeLessThanOrEqual(offsetFetch.maxVersion);
  });

  describe.each(kafkajsServed(offsetFetch, "offsetFetch"))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(offsetFetch, "offsetFetch", version, { groupId: "g", topics: [{ topic: "orders", partitions: [{ partition: 0 }, { partition: 1 }] }] });
      expect(request).toEqual({ api: "OffsetFetch", groupId: "g", topics: [{ topic: "orders", partitions: [0, 1] }] });
      const d = await kafkajsDecodeResponse(offsetFetch, "offsetFetch", version, response("NONE"));
      expect(d.responses).toEqual([{ topic: "orders", partitions: [{ partition: 0, offset: "42", metadata: "", errorCode: 0 }, { partition: 1, offset: "-1", metadata: "", errorCode: 0 }] }]);
    });

    it("a group-level error is top-level from v2, and repeated on every partition in v1", async () => {
      const d = await kafkajsDecodeResponse(offsetFetch, "offsetFetch", version, response("COORDINATOR_NOT_AVAILABLE"));
      if (version >= 2) expect(d.errorCode).toBe(Errors.COORDINATOR_NOT_AVAILABLE);
      else expect(d.responses[0].partitions.map((p: { errorCode: number }) => p.errorCode)).toEqual([Errors.COORDINATOR_NOT_AVAILABLE, Errors.COORDINATOR_NOT_AVAILABLE]);
    });
  });

  it("v2+ may ask for all committed partitions with a null topic list", async () => {
    const { request } = await decodeKafkajsRequest(offsetFetch, "offsetFetch", 3, { groupId: "g", topics: [] });
    expect(request.topics).toBeNull();
  });
});
