/**
 * SyncGroup (API key 14), versions 0–5 (v4+ flexible).
 *
 * SyncGroup Request (Version: 0-5) => group_id generation_id member_id group_instance_id protocol_type
 *                                     protocol_name [assignments] TAG_BUFFER (v4+)
 *   group_id => STRING
 *   generation_id => INT32
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v3+
 *   protocol_type => NULLABLE_STRING        v5+ (KIP-559)
 *   protocol_name => NULLABLE_STRING        v5+
 *   assignments => member_id assignment TAG_BUFFER (v4+)    (only the leader sends them)
 *     member_id => STRING
 *     assignment => BYTES
 *
 * SyncGroup Response (Version: 0-5) => throttle_time_ms error_code protocol_type protocol_name assignment TAG_BUFFER (v4+)
 *   throttle_time_ms => INT32               v1+
 *   error_code => INT16
 *   protocol_type => NULLABLE_STRING        v5+
 *   protocol_name => NULLABLE_STRING        v5+
 *   assignment => BYTES
 *
 * Simplification: Kafka checks a v5 member's protocol_type and protocol_name against the group's and answers
 * INCONSISTENT_GROUP_PROTOCOL if they differ; here they are not checked, and the response repeats the member's.
 */
import type { SyncGroupResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 4;

/** The core's answer plus the protocol the member named (v5+ responses carry it). */
type Answer = SyncGroupResponse & { protocolType?: string | null; protocolName?: string | null };

export const syncGroup: CoreApi<"SyncGroup"> = {
  kind: "core",
  apiKey: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 5,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"SyncGroup"> {
    const groupId = r.string("group_id");
    const generationId = r.int32("generation_id");
    const memberId = r.string("member_id");
    const groupInstanceId = version >= 3 ? r.nullableString("group_instance_id") : null;
    const protocolType = version >= 5 ? r.nullableString("protocol_type") : null;
    const protocolName = version >= 5 ? r.nullableString("protocol_name") : null;
    const assignments = r.array((a) => {
      const assignment = { memberId: a.string("assignments.member_id"), assignment: a.bytes("assignments.assignment") };
      a.tags();
      return assignment;
    }, "assignments", 6);
    r.tags();
    r.expectEnd("SyncGroup request");
    return {
      request: { api: "SyncGroup" as const, groupId, generationId, memberId, groupInstanceId, assignments },
      amend: (response): Answer => ({ ...response, protocolType, protocolName }),
    };
  },

  encodeResponse(response: Answer, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.int16(code(response.error));
      if (version >= 5) {
        const ok = response.error === "NONE";
        w.nullableString(ok ? (response.protocolType ?? null) : null).nullableString(ok ? (response.protocolName ?? null) : null);
      }
      w.bytes(response.assignment).tags();
    });
  },
};
