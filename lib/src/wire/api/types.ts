/**
 * What one file per Kafka API registers: its key, the versions it serves, a request decoder into the broker
 * core's objects (lib/src/protocol/messages.ts) and a response encoder from them. The server does the rest.
 */
import { Errors, type ErrorName } from "../../protocol/errors.js";
import type { ApiName, ClientRequest, ClientResponse } from "../../protocol/messages.js";
import type { Reader } from "../codec/reader.js";
import { Writer } from "../codec/writer.js";

export type RequestOf<A extends ApiName> = Extract<ClientRequest, { api: A }>;
export type ResponseOf<A extends ApiName> = Extract<ClientResponse, { api: A }>;

/** A decoded request, plus whatever the wire layer had to answer itself (e.g. a batch whose CRC is wrong). */
export interface Decoded<A extends ApiName> {
  request: RequestOf<A>;
  /** Merge the wire layer's own partition-level answers into the core's response. */
  amend?: (response: ResponseOf<A>) => ResponseOf<A>;
  /** Nothing is left for the core to do: answer with this and do not call it. */
  answer?: ResponseOf<A>;
  /** One line each, for the server's log (why a partition was refused). */
  warnings?: string[];
  /**
   * A batched request (FindCoordinator v4+ keys, OffsetFetch v8+ groups, AddPartitionsToTxn v4+ transactions): the
   * core answers one request per entry, in order, and `combine` makes the single response. `request` is then the
   * first entry. With no entries at all, give `answer` instead.
   */
  fanOut?: { requests: Array<RequestOf<A>>; combine(responses: Array<ResponseOf<A>>): ResponseOf<A> };
  /**
   * Close the connection once the request has been handed on (Kafka does this for a Produce with acks=0 that
   * fails, since it has no response to carry the error). The reason is logged.
   */
  closeConnection?: string;
}

/** An API served by the broker core: decode → core.handle() → encode. */
export interface CoreApi<A extends ApiName = ApiName> {
  readonly kind: "core";
  readonly apiKey: number;
  readonly name: A;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first flexible version (request header v2, response header v1, compact types, tagged fields); Infinity if none. */
  readonly firstFlexibleVersion: number;
  /**
   * The lowest version ApiVersions lists when that differs from `minVersion` (Produce: Kafka 4.x lists v0 but refuses
   * v0–v2, KAFKA-18659, because librdkafka's feature detection looks for v0).
   */
  readonly advertisedMinVersion?: number;
  decodeRequest(r: Reader, version: number): Decoded<A>;
  /** The response body (without the response header). */
  encodeResponse(response: ResponseOf<A>, version: number): Uint8Array;
  /** False when Kafka sends no response at all (Produce with acks=0). Default true. */
  expectsResponse?(request: RequestOf<A>): boolean;
}

/** An API the wire layer answers itself, without the core (only ApiVersions). */
export interface LocalApi {
  readonly kind: "local";
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly firstFlexibleVersion: number;
}

export type WireApi = CoreApi<any> | LocalApi; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Kafka's numeric code for an error name. */
export function code(error: ErrorName): number {
  return Errors[error];
}

/** Encode a response body with a fresh writer (compact types and tagged fields when `flexible`). */
export function encodeWith(flexible: boolean, write: (w: Writer) => void): Uint8Array {
  const w = new Writer(256, { flexible });
  write(w);
  return w.finish();
}

/** A request with a version below this API's first flexible version uses the classic layout. */
export function isFlexible(api: { firstFlexibleVersion: number }, version: number): boolean {
  return version >= api.firstFlexibleVersion;
}
