/**
 * SyncGroup (API key 14), versions 0–3 (v4 is flexible).
 *
 * SyncGroup Request (Version: 0-3) => group_id generation_id member_id group_instance_id [assignments]
 *   group_id => STRING
 *   generation_id => INT32
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v3+
 *   assignments => member_id assignment     (only the leader sends them)
 *     member_id => STRING
 *     assignment => BYTES
 *
 * SyncGroup Response (Version: 0-3) => throttle_time_ms error_code assignment
 *   throttle_time_ms => INT32               v1+
 *   error_code => INT16
 *   assignment => BYTES
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const syncGroup: CoreApi<"SyncGroup"> = {
  kind: "core",
  apiKey: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 3,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const generationId = r.int32("generation_id");
    const memberId = r.string("member_id");
    const groupInstanceId = version >= 3 ? r.nullableString("group_instance_id") : null;
    const assignments = r.array((a) => ({ memberId: a.string("assignments.member_id"), assignment: a.bytes("assignments.assignment") }), "assignments", 6);
    r.expectEnd("SyncGroup request");
    return { request: { api: "SyncGroup" as const, groupId, generationId, memberId, groupInstanceId, assignments } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.int16(code(response.error)).bytes(response.assignment);
    });
  },
};
