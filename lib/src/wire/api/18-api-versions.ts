/**
 * ApiVersions (API key 18), versions 0–4 (v3+ flexible). Answered by the wire layer itself from the registry of
 * API files: it describes the adapter, not the broker core.
 *
 * ApiVersions Request (Version: 0-2) => (empty body)
 * ApiVersions Request (Version: 3-4) => client_software_name client_software_version TAG_BUFFER
 *   client_software_name => COMPACT_STRING
 *   client_software_version => COMPACT_STRING
 *
 * ApiVersions Response (Version: 0-4) => error_code [api_keys] throttle_time_ms TAG_BUFFER
 *   error_code => INT16
 *   api_keys => api_key min_version max_version TAG_BUFFER
 *     api_key => INT16
 *     min_version => INT16
 *     max_version => INT16
 *   throttle_time_ms => INT32               v1+
 *   (tagged, v3+: supported_features, finalized_features_epoch, finalized_features, zk_migration_ready; not sent,
 *    so a client sees no finalized transaction.version and uses the transaction protocol v1 this broker models)
 *
 * The response header is always v0, even for v3+ (KIP-511: a client must be able to read the answer before it
 * knows which versions the broker has). A request for a version the broker does not serve (e.g. v5 from a newer
 * client) is still answered, in the v0 format, with UNSUPPORTED_VERSION and the full api_keys list, so the client
 * can pick a version it shares (Kafka: SocketServer / ApiVersionsRequest.getErrorResponse). Every other API with
 * an unsupported version gets the connection closed.
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

export interface ApiVersionsRequest {
  /** v3+: what the client says it is (e.g. "apache-kafka-java", "librdkafka"); null before v3. */
  clientSoftwareName: string | null;
  clientSoftwareVersion: string | null;
}

const FLEXIBLE = 3;

export const apiVersions: LocalApi & {
  decodeRequest(r: Reader, version: number): ApiVersionsRequest;
  encodeResponse(response: ApiVersionsResponse, version: number): Uint8Array;
} = {
  kind: "local",
  apiKey: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 4,
  firstFlexibleVersion: FLEXIBLE,

  decodeRequest(r: Reader, version: number) {
    let request: ApiVersionsRequest = { clientSoftwareName: null, clientSoftwareVersion: null };
    if (version >= FLEXIBLE) {
      request = { clientSoftwareName: r.string("client_software_name"), clientSoftwareVersion: r.string("client_software_version") };
      r.tags();
    }
    r.expectEnd("ApiVersions request");
    return request;
  },

  encodeResponse(response, version) {
    return encodeWith(version >= FLEXIBLE, (w) => {
      w.int16(code(response.error)).array(response.apiKeys, (w, k) => w.int16(k.apiKey).int16(k.minVersion).int16(k.maxVersion).tags());
      if (version >= 1) w.int32(response.throttleTimeMs);
      w.tags();
    });
  },
};
