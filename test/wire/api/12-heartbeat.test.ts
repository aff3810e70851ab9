import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { heartbeat } from "../../../lib/src/wire/api/12-heartbeat.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsVersions, versionsOf } from "./helpers.js";

describe("Heartbeat (key 12)", () => {
  it("serves v0-v3, and v3 is kafkajs' highest", () => {
    expect([heartbeat.minVersion, heartbeat.maxVersion]).toEqual([0, 3]);
    expect(Math.max(...kafkajsVersions("heartbeat"))).toBe(heartbeat.maxVersion);
  });

  describe.each(versionsOf(heartbeat))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(heartbeat, "heartbeat", version, { groupId: "g", groupGenerationId: 5, memberId: "m-1", groupInstanceId: null });
      expect(request).toEqual({ api: "Heartbeat", groupId: "g", generationId: 5, memberId: "m-1", groupInstanceId: null });
      const d = await kafkajsDecodeResponse(heartbeat, "heartbeat", version, { api: "Heartbeat", error: "REBALANCE_IN_PROGRESS", throttleTimeMs: 0 });
      expect(d.errorCode).toBe(Errors.REBALANCE_IN_PROGRESS);
    });
  });
});
