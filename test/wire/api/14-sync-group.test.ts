import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { syncGroup } from "../../../lib/src/wire/api/14-sync-group.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions, text, utf8 } from "./helpers.js";

describe("SyncGroup (key 14)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("syncGroup"));
    expect(highest).toBeGreaterThanOrEqual(syncGroup.minVersion);
    expect(highest).toBeLessThanOrEqual(syncGroup.maxVersion);
  });

  describe.each(kafkajsServed(syncGroup, "syncGroup"))("v%i", (version) => {
    it("round-trips with kafkajs", async () => {
      const { request } = await decodeKafkajsRequest(syncGroup, "syncGroup", version, {
        groupId: "g",
        generationId: 2,
        memberId: "m-1",
        groupInstanceId: null,
        groupAssignment: [{ memberId: "m-1", memberAssignment: Buffer.from("p0") }, { memberId: "m-2", memberAssignment: Buffer.from("p1") }],
      });
      expect(request).toEqual({
        api: "SyncGroup",
        groupId: "g",
        generationId: 2,
        memberId: "m-1",
        groupInstanceId: null,
        assignments: [{ memberId: "m-1", assignment: utf8("p0") }, { memberId: "m-2", assignment: utf8("p1") }],
      });
      const d = await kafkajsDecodeResponse(syncGroup, "syncGroup", version, { api: "SyncGroup", error: "NONE", assignment: utf8("p0"), throttleTimeMs: 0 });
      expect(d.errorCode).toBe(0);
      expect(text(d.memberAssignment)).toBe("p0");
      const e = await kafkajsDecodeResponse(syncGroup, "syncGroup", version, { api: "SyncGroup", error: "REBALANCE_IN_PROGRESS", assignment: new Uint8Array(), throttleTimeMs: 0 });
      expect(e.errorCode).toBe(Errors.REBALANCE_IN_PROGRESS);
    });
  });
});
