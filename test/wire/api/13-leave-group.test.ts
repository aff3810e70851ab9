import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { leaveGroup } from "../../../lib/src/wire/api/13-leave-group.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsVersions, versionsOf } from "./helpers.js";

describe("LeaveGroup (key 13)", () => {
  it("serves v0-v3, and v3 is kafkajs' highest", () => {
    expect([leaveGroup.minVersion, leaveGroup.maxVersion]).toEqual([0, 3]);
    expect(Math.max(...kafkajsVersions("leaveGroup"))).toBe(leaveGroup.maxVersion);
  });

  describe.each(versionsOf(leaveGroup))("v%i", (version) => {
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
