/**
 * LeaveGroup (API key 13), versions 0–5 (v4+ flexible). v3 (KIP-345) lets several members leave at once.
 *
 * LeaveGroup Request (Version: 0-2) => group_id member_id
 *   group_id => STRING
 *   member_id => STRING
 * LeaveGroup Request (Version: 3-5) => group_id [members] TAG_BUFFER (v4+)
 *   group_id => STRING
 *   members => member_id group_instance_id reason TAG_BUFFER (v4+)
 *     member_id => STRING
 *     group_instance_id => NULLABLE_STRING
 *     reason => NULLABLE_STRING             v5+ (KIP-800; ignored here)
 *
 * LeaveGroup Response (Version: 0-5) => throttle_time_ms error_code [members] TAG_BUFFER (v4+)
 *   throttle_time_ms => INT32               v1+
 *   error_code => INT16
 *   members => member_id group_instance_id error_code TAG_BUFFER (v4+)    v3+
 *     member_id => STRING
 *     group_instance_id => NULLABLE_STRING
 *     error_code => INT16
 */
import type { LeaveGroupRequest } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 4;

export const leaveGroup: CoreApi<"LeaveGroup"> = {
  kind: "core",
  apiKey: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 5,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    let request: LeaveGroupRequest;
    if (version >= 3) {
      const members = r.array((m) => {
        const member = { memberId: m.string("members.member_id"), groupInstanceId: m.nullableString("members.group_instance_id") };
        if (version >= 5) m.nullableString("members.reason");
        m.tags();
        return member;
      }, "members", 4);
      request = { api: "LeaveGroup", groupId, memberId: members[0]?.memberId ?? "", members };
    } else {
      request = { api: "LeaveGroup", groupId, memberId: r.string("member_id") };
    }
    r.tags();
    r.expectEnd("LeaveGroup request");
    return { request };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.int16(code(response.error));
      if (version >= 3) {
        w.array(response.members ?? [], (w, m) => w.string(m.memberId).nullableString(m.groupInstanceId).int16(code(m.error)).tags());
      }
      w.tags();
    });
  },
};
