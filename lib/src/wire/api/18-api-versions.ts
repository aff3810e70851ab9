/**
 * ApiVersions (API key 18), versions 0–2 (v3 is flexible). Answered by the wire layer itself from the registry
 * of API files: it describes the adapter, not the broker core.
 *
 * ApiVersions Request (Version: 0-2) => (empty body)
 *
 * ApiVersions Response (Version: 0-2) => error_code [api_keys] throttle_time_ms
 *   error_code => INT16
 *   api_keys => api_key min_version max_version
 *     api_key => INT16
 *     min_version => INT16
 *     max_version => INT16
 *   throttle_time_ms => INT32               v1+
 *
 * A request for a version the broker does not serve (e.g. v3+ from a newer client) is still answered, in the
 * v0 format, with UNSUPPORTED_VERSION and the full api_keys list, so the client can pick a version it shares
 * (Kafka: KIP-511, SocketServer / ApiVersionsRequest.getErrorResponse). Every other API with an unsupported
 * version gets the connection closed.
 */
import type { ErrorName } from "../../protocol/errors.js";
import type { Reader } from "../codec/reader.js";
import { code, encodeWith, type LocalApi } from "./types.js";

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResponse {
  error: ErrorName;
  apiKeys: ApiVersionRange[];
  throttleTimeMs: number;
}

export const apiVersions: LocalApi & {
  decodeRequest(r: Reader, version: number): void;
  encodeResponse(response: ApiVersionsResponse, version: number): Uint8Array;
} = {
  kind: "local",
  apiKey: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 2,

  decodeRequest(r: Reader) {
    r.expectEnd("ApiVersions request");
  },

  encodeResponse(response, version) {
    return encodeWith((w) => {
      w.int16(code(response.error)).array(response.apiKeys, (w, k) => w.int16(k.apiKey).int16(k.minVersion).int16(k.maxVersion));
      if (version >= 1) w.int32(response.throttleTimeMs);
    });
  },
};
