/**
 * JoinGroup (API key 11), versions 2–5 (Kafka 4.x no longer serves v0–v1, KIP-896; v6 is flexible).
 * v4 added KIP-394: a new member joining with an empty member_id is answered MEMBER_ID_REQUIRED together with
 * the id to rejoin with. v5 added static membership (group_instance_id, KIP-345).
 *
 * JoinGroup Request (Version: 2-5) => group_id session_timeout_ms rebalance_timeout_ms member_id
 *                                     group_instance_id protocol_type [protocols]
 *   group_id => STRING
 *   session_timeout_ms => INT32
 *   rebalance_timeout_ms => INT32
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v5+
 *   protocol_type => STRING
 *   protocols => name metadata
 *     name => STRING
 *     metadata => BYTES
 *
 * JoinGroup Response (Version: 2-5) => throttle_time_ms error_code generation_id protocol_name leader
 *                                      member_id [members]
 *   throttle_time_ms => INT32
 *   error_code => INT16
 *   generation_id => INT32
 *   protocol_name => STRING
 *   leader => STRING
 *   member_id => STRING
 *   members => member_id group_instance_id metadata
 *     member_id => STRING
 *     group_instance_id => NULLABLE_STRING  v5+
 *     metadata => BYTES
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const joinGroup: CoreApi<"JoinGroup"> = {
  kind: "core",
  apiKey: 11,
  name: "JoinGroup",
  minVersion: 2,
  maxVersion: 5,

  decodeRequest(r: Reader, version: number) {
    const groupId = r.string("group_id");
    const sessionTimeoutMs = r.int32("session_timeout_ms");
    const rebalanceTimeoutMs = r.int32("rebalance_timeout_ms");
    const memberId = r.string("member_id");
    const groupInstanceId = version >= 5 ? r.nullableString("group_instance_id") : null;
    const protocolType = r.string("protocol_type");
    const protocols = r.array((p) => ({ name: p.string("protocols.name"), metadata: p.bytes("protocols.metadata") }), "protocols", 6);
    r.expectEnd("JoinGroup request");
    return {
      request: {
        api: "JoinGroup" as const,
        groupId,
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        memberId,
        groupInstanceId,
        protocolType,
        protocols,
        requireKnownMemberId: version >= 4,
      },
    };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      w.int32(response.throttleTimeMs)
        .int16(code(response.error))
        .int32(response.generationId)
        .string(response.protocolName)
        .string(response.leader)
        .string(response.memberId)
        .array(response.members, (w, m) => {
          w.string(m.memberId);
          if (version >= 5) w.nullableString(m.groupInstanceId);
          w.bytes(m.metadata);
        });
    });
  },
};
