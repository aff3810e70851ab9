import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { joinGroup } from "../../../lib/src/wire/api/11-join-group.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions, text, utf8 } from "./helpers.js";

describe("JoinGroup (key 11)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("joinGroup"));
    expect(highest).toBeGreaterThanOrEqual(joinGroup.minVersion);
    expect(highest).toBeLessThanOrEqual(joinGroup.maxVersion);
  });

  describe.each(kafkajsServed(joinGroup, "joinGroup"))("v%i", (version) => {
    it("decodes kafkajs' request; v4+ asks for MEMBER_ID_REQUIRED on a first join", async () => {
      const { request } = await decodeKafkajsRequest(joinGroup, "joinGroup", version, {
        groupId: "g",
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: "",
        groupInstanceId: null,
        protocolType: "consumer",
        groupProtocols: [{ name: "RoundRobinAssigner", metadata: Buffer.from("sub") }],
      });
      expect(request).toEqual({
        api: "JoinGroup",
        groupId: "g",
        sessionTimeoutMs: 30000,
        rebalanceTimeoutMs: version >= 1 ? 60000 : 30000, // v0 has no rebalance timeout: the session timeout serves
        memberId: "",
        groupInstanceId: null,
        protocolType: "consumer",
        protocols: [{ name: "RoundRobinAssigner", metadata: utf8("sub") }],
        requireKnownMemberId: version >= 4,
      });
    });

    it("encodes the leader's answer (with members) and MEMBER_ID_REQUIRED as kafkajs reads them", async () => {
      const d = await kafkajsDecodeResponse(joinGroup, "joinGroup", version, {
        api: "JoinGroup",
        error: "NONE",
        generationId: 3,
        protocolName: "RoundRobinAssigner",
        leader: "m-1",
        memberId: "m-1",
        members: [{ memberId: "m-1", groupInstanceId: null, metadata: utf8("a") }, { memberId: "m-2", groupInstanceId: null, metadata: utf8("b") }],
        throttleTimeMs: 0,
      });
      expect(d).toMatchObject({ errorCode: 0, generationId: 3, groupProtocol: "RoundRobinAssigner", leaderId: "m-1", memberId: "m-1" });
      expect(d.members.map((m: { memberId: string; memberMetadata: Buffer }) => [m.memberId, text(m.memberMetadata)])).toEqual([["m-1", "a"], ["m-2", "b"]]);
      const required = await kafkajsDecodeResponse(joinGroup, "joinGroup", version, {
        api: "JoinGroup", error: "MEMBER_ID_REQUIRED", generationId: -1, protocolName: "", leader: "", memberId: "consumer-1-abc", members: [], throttleTimeMs: 0,
      });
      expect(required).toMatchObject({ errorCode: Errors.MEMBER_ID_REQUIRED, memberId: "consumer-1-abc" });
    });
  });
});
