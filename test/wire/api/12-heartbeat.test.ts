import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { heartbeat } from "../../../lib/src/wire/api/12-heartbeat.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("Heartbeat (key 12)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("heartbeat"));
    expect(highest).toBeGreaterThanOrEqual(heartbeat.minVersion);
    expect(highest).toBeLessThanOrEqual(heartbeat.maxVersion);
  });

  describe.each(kafkajsServed(heartbeat, "heartbeat"))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(heartbeat, "heartbeat", version, { groupId: "g", groupGenerationId: 5, memberId: "m-1", groupInstanceId: null });
      expect(request).toEqual({ api: "Heartbeat", groupId: "g", generationId: 5, memberId: "m-1", groupInstanceId: null });
      const d = await kafkajsDecodeResponse(heartbeat, "heartbeat", version, { api: "Heartbeat", error: "REBALANCE_IN_PROGRESS", throttleTimeMs: 0 });
      expect(d.errorCode).toBe(Errors.REBALANCE_IN_PROGRESS);
    });
  });
});
