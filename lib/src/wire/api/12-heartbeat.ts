/**
 * Heartbeat (API key 12), versions 0–4 (v4 is flexible).
 *
 * Heartbeat Request (Version: 0-4) => group_id generation_id member_id group_instance_id TAG_BUFFER (v4)
 *   group_id => STRING
 *   generation_id => INT32
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v3+
 *
 * Heartbeat Response (Version: 0-4) => throttle_time_ms error_code TAG_BUFFER (v4)
 *   throttle_time_ms => INT32               v1+
 *   error_code => INT16
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

const FLEXIBLE = 4;

export const heartbeat: CoreApi<"Heartbeat"> = {
  kind: "core",
  apiKey: 12,
  name: "Heartbeat",
  minVersion: 0,
  maxVersion: 4,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const generationId = r.int32("generation_id");
    const memberId = r.string("member_id");
    const groupInstanceId = version >= 3 ? r.nullableString("group_instance_id") : null;
    r.tags();
    r.expectEnd("Heartbeat request");
    return { request: { api: "Heartbeat" as const, groupId, generationId, memberId, groupInstanceId } };
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.int16(code(response.error)).tags();
    });
  },
};
