/**
 * FindCoordinator (API key 10), versions 0–6, as Kafka 4.x (v3+ flexible; v4+ batch several keys of one type in
 * one request, KIP-699). KIP-896 proposed dropping v0; Kafka 4.0 kept it (librdkafka before 2.11 looks for it).
 *
 * FindCoordinator Request (Version: 0-3) => key key_type TAG_BUFFER (v3+)
 *   key => STRING                           the group id (or transactional id)
 *   key_type => INT8                        v1+: 0 = group, 1 = transaction (2 = share group, v6: not served here)
 * FindCoordinator Request (Version: 4-6) => key_type [coordinator_keys] TAG_BUFFER
 *   coordinator_keys => STRING
 *
 * FindCoordinator Response (Version: 0-3) => throttle_time_ms error_code error_message node_id host port TAG_BUFFER (v3+)
 *   throttle_time_ms => INT32               v1+
 *   error_message => NULLABLE_STRING        v1+
 * FindCoordinator Response (Version: 4-6) => throttle_time_ms [coordinators] TAG_BUFFER
 *   coordinators => key node_id host port error_code error_message TAG_BUFFER
 *
 * Each key of a v4+ request is looked up by the core on its own, and the answers go back in the request's order.
 */
import type { FindCoordinatorRequest, FindCoordinatorResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi, type Decoded } from "./types.js";

const FLEXIBLE = 3;
const BATCHED = 4;

type BatchedResponse = FindCoordinatorResponse & { coordinators?: Array<{ key: string; response: FindCoordinatorResponse }> };

export const findCoordinator: CoreApi<"FindCoordinator"> = {
  kind: "core",
  apiKey: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 6,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number): Decoded<"FindCoordinator"> {
    const key = version < BATCHED ? r.string("key") : "";
    const keyType = version >= 1 ? r.int8("key_type") : 0;
    if (keyType !== 0 && keyType !== 1) r.fail(`key_type ${keyType} is not 0 (group) or 1 (transaction); share groups (2) are not served here`);
    const keys = version >= BATCHED ? r.array((k) => k.string("coordinator_keys"), "coordinator_keys", 1) : [key];
    r.tags();
    r.expectEnd("FindCoordinator request");
    const requests = keys.map((k): FindCoordinatorRequest => ({ api: "FindCoordinator", key: k, keyType }));
    const empty: BatchedResponse = { api: "FindCoordinator", error: "NONE", errorMessage: null, nodeId: -1, host: "", port: -1, throttleTimeMs: 0, coordinators: [] };
    if (requests.length === 0) return { request: { api: "FindCoordinator", key: "", keyType }, answer: empty };
    if (version < BATCHED) return { request: requests[0]! };
    const combine = (responses: FindCoordinatorResponse[]): BatchedResponse => ({
      ...empty,
      coordinators: responses.map((response, i) => ({ key: keys[i]!, response })),
    });
    return { request: requests[0]!, fanOut: { requests, combine } };
  },

  encodeResponse(response: BatchedResponse, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      if (version >= BATCHED) {
        w.array(response.coordinators ?? [], (w, { key, response: c }) => {
          w.string(key).int32(c.nodeId).string(c.host).int32(c.port).int16(code(c.error)).nullableString(c.errorMessage).tags();
        });
      } else {
        w.int16(code(response.error));
        if (version >= 1) w.nullableString(response.errorMessage);
        w.int32(response.nodeId).string(response.host).int32(response.port);
      }
      w.tags();
    });
  },
};
