import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { findCoordinator } from "../../../lib/src/wire/api/10-find-coordinator.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("FindCoordinator (key 10)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("findCoordinator"));
    expect(highest).toBeGreaterThanOrEqual(findCoordinator.minVersion);
    expect(highest).toBeLessThanOrEqual(findCoordinator.maxVersion);
  });

  describe.each(kafkajsServed(findCoordinator, "findCoordinator"))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(findCoordinator, "findCoordinator", version, { groupId: "g", coordinatorKey: "g", coordinatorType: 0 });
      expect(request).toEqual({ api: "FindCoordinator", key: "g", keyType: 0 });
      const ok = await kafkajsDecodeResponse(findCoordinator, "findCoordinator", version, { api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: 2, host: "127.0.0.1", port: 40003, throttleTimeMs: 0 });
      expect(ok.errorCode).toBe(0);
      expect(ok.coordinator).toEqual({ nodeId: 2, host: "127.0.0.1", port: 40003 });
      const err = await kafkajsDecodeResponse(findCoordinator, "findCoordinator", version, { api: "FindCoordinator", error: "COORDINATOR_NOT_AVAILABLE", errorMessage: "not yet", nodeId: -1, host: "", port: -1, throttleTimeMs: 0 });
      expect(err.errorCode).toBe(Errors.COORDINATOR_NOT_AVAILABLE);
      if (version >= 1) expect(err.errorMessage).toBe("not yet");
    });
  });

  it("v1+ carries the key type (1 = transaction)", async () => {
    const { request } = await decodeKafkajsRequest(findCoordinator, "findCoordinator", 2, { coordinatorKey: "tx-1", coordinatorType: 1 });
    expect(request).toEqual({ api: "FindCoordinator", key: "tx-1", keyType: 1 });
  });
});
