/**
 * JoinGroup (API key 11), versions 0–9 (v6+ flexible). Kafka 4.0 removed v0–v1 (KIP-896) and 4.0.1/4.1 put them back
 * (KAFKA-19444: librdkafka before 2.11 needs v0 to enable its consumer-group feature), so a 4.x broker serves 0–9.
 * v4 added KIP-394: a new member joining with an empty member_id is answered MEMBER_ID_REQUIRED together with
 * the id to rejoin with. v5 added static membership (group_instance_id, KIP-345).
 *
 * JoinGroup Request (Version: 0-9) => group_id session_timeout_ms rebalance_timeout_ms member_id
 *                                     group_instance_id protocol_type [protocols] reason TAG_BUFFER (v6+)
 *   group_id => STRING
 *   session_timeout_ms => INT32
 *   rebalance_timeout_ms => INT32           v1+ (v0: the session timeout is the rebalance timeout)
 *   member_id => STRING
 *   group_instance_id => NULLABLE_STRING    v5+
 *   protocol_type => STRING
 *   protocols => name metadata TAG_BUFFER (v6+)
 *     name => STRING
 *     metadata => BYTES
 *   reason => NULLABLE_STRING               v8+ (KIP-800; logged by Kafka, ignored here)
 *
 * JoinGroup Response (Version: 0-9) => throttle_time_ms error_code generation_id protocol_type protocol_name
 *                                      leader skip_assignment member_id [members] TAG_BUFFER (v6+)
 *   throttle_time_ms => INT32               v2+
 *   error_code => INT16
 *   generation_id => INT32
 *   protocol_type => NULLABLE_STRING        v7+ (KIP-559: the group's protocol type, here the member's own)
 *   protocol_name => STRING                 nullable v7+ (null when no protocol was chosen, e.g. on an error)
 *   leader => STRING
 *   skip_assignment => BOOLEAN              v9+ (false: the classic protocol's leader always assigns)
 *   member_id => STRING
 *   members => member_id group_instance_id metadata TAG_BUFFER (v6+)
 *     member_id => STRING
 *     group_instance_id => NULLABLE_STRING  v5+
 *     metadata => BYTES
 */
import type { JoinGroupResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 6;

/** The core's answer plus the protocol type the member asked for (v7+ responses carry it). */
type Answer = JoinGroupResponse & { protocolType?: string };

export const joinGroup: CoreApi<"JoinGroup"> = {
  kind: "core",
  apiKey: 11,
  name: "JoinGroup",
  minVersion: 0,
  maxVersion: 9,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"JoinGroup"> {
    const groupId = r.string("group_id");
    const sessionTimeoutMs = r.int32("session_timeout_ms");
    const rebalanceTimeoutMs = version >= 1 ? r.int32("rebalance_timeout_ms") : sessionTimeoutMs;
    const memberId = r.string("member_id");
    const groupInstanceId = version >= 5 ? r.nullableString("group_instance_id") : null;
    const protocolType = r.string("protocol_type");
    const protocols = r.array((p) => {
      const protocol = { name: p.string("protocols.name"), metadata: p.bytes("protocols.metadata") };
      p.tags();
      return protocol;
    }, "protocols", 6);
    if (version >= 8) r.nullableString("reason");
    r.tags();
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
      amend: (response): Answer => ({ ...response, protocolType }),
    };
  },

  encodeResponse(response: Answer, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 2) w.int32(response.throttleTimeMs);
      w.int16(code(response.error)).int32(response.generationId);
      const chosen = response.protocolName === "" ? null : response.protocolName;
      if (version >= 7) w.nullableString(chosen === null ? null : (response.protocolType ?? null)).nullableString(chosen);
      else w.string(response.protocolName);
      w.string(response.leader);
      if (version >= 9) w.boolean(false);
      w.string(response.memberId).array(response.members, (w, m) => {
        w.string(m.memberId);
        if (version >= 5) w.nullableString(m.groupInstanceId);
        w.bytes(m.metadata).tags();
      });
      w.tags();
    });
  },
};
