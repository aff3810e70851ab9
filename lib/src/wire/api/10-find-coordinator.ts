/**
 * FindCoordinator (API key 10), versions 0–2 (v3 is flexible, v4 batches keys).
 *
 * FindCoordinator Request (Version: 0-2) => key key_type
 *   key => STRING                           the group id (or transactional id)
 *   key_type => INT8                        v1+: 0 = group, 1 = transaction (v0: always a group)
 *
 * FindCoordinator Response (Version: 0-2) => throttle_time_ms error_code error_message node_id host port
 *   throttle_time_ms => INT32               v1+
 *   error_code => INT16
 *   error_message => NULLABLE_STRING        v1+
 *   node_id => INT32
 *   host => STRING
 *   port => INT32
 */
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type CoreApi } from "./types.js";

export const findCoordinator: CoreApi<"FindCoordinator"> = {
  kind: "core",
  apiKey: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 2,

  decodeRequest(r: Reader, version: number) {
    const key = r.string("key");
    const keyType = version >= 1 ? r.int8("key_type") : 0;
    if (keyType !== 0 && keyType !== 1) r.fail(`key_type ${keyType} is not 0 (group) or 1 (transaction)`);
    r.expectEnd("FindCoordinator request");
    return { request: { api: "FindCoordinator" as const, key, keyType } };
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.int16(code(response.error));
      if (version >= 1) w.nullableString(response.errorMessage);
      w.int32(response.nodeId).string(response.host).int32(response.port);
    });
  },
};
