import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { leaveGroup } from "../../../lib/src/wire/api/13-leave-group.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("LeaveGroup (key 13)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("leaveGroup"));
    expect(highest).toBeGreaterThanOrEqual(leaveGroup.minVersion);
    expect(highest).toBeLessThanOrEqual(leaveGroup.maxVersion);
  });

  describe.each(kafkajsServed(leaveGroup, "leaveGroup"))("v%i", (version) => {
    it("round-trips with kafkajs (v3 as a one-member batch)", async () => {
      const args = version >= 3 ? { groupId: "g", members: [{ memberId: "m-1", groupInstanceId: null }] } : { groupId: "g", memberId: "m-1" };
      const { request } = await decodeKafkajsRequest(leaveGroup, "leaveGroup", version, args);
      expect(request).toEqual(version >= 3
        ? { api: "LeaveGroup", groupId: "g", memberId: "m-1", members: [{ memberId: "m-1", groupInstanceId: null }] }
        : { api: "LeaveGroup", groupId: "g", memberId: "m-1" });
      const d = await kafkajsDecodeResponse(leaveGroup, "leaveGroup", version, {
        api: "LeaveGroup", error: "NONE", throttleTimeMs: 0, members: [{ memberId: "m-1", groupInstanceId: null, error: "UNKNOWN_MEMBER_ID" }],
      });
      expect(d.errorCode).toBe(0);
      if (version >= 3) expect(d.members).toEqual([{ memberId: "m-1", groupInstanceId: null, errorCode: Errors.UNKNOWN_MEMBER_ID }]);
    });
  });
});
