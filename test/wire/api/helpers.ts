/** Shared by the per-API tests: run kafkajs' request encoder into our decoder, our encoder into kafkajs' decoder. */
import { expect } from "vitest";
import type { ApiName } from "../../../lib/src/protocol/messages.js";
import type { CoreApi, Decoded, ResponseOf } from "../../../lib/src/wire/api/types.js";
import { Reader } from "../../../lib/src/wire/codec/reader.js";
import { kafkajs, kafkajsRequestBody } from "../kafkajs-internals.js";

export function versionsOf(api: { minVersion: number; maxVersion: number }): number[] {
  return Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => api.minVersion + i);
}

/** The versions kafkajs 2.2.4 implements for a request directory (e.g. "produce"). */
export function kafkajsVersions(dir: string): number[] {
  return (kafkajs(`protocol/requests/${dir}`).versions as string[]).map(Number);
}

/** The bytes kafkajs would send for this request, decoded by our API file. */
export async function decodeKafkajsRequest<A extends ApiName>(api: CoreApi<A>, dir: string, version: number, args: object): Promise<Decoded<A>> {
  const req = kafkajs(`protocol/requests/${dir}/v${version}/request`)(args);
  expect(req.apiKey).toBe(api.apiKey);
  expect(req.apiVersion).toBe(version);
  const body = await kafkajsRequestBody(req);
  return api.decodeRequest(new Reader(body), version);
}

/** Our encoding of a response, as kafkajs' own decoder for that version reads it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function kafkajsDecodeResponse<A extends ApiName>(api: CoreApi<A>, dir: string, version: number, response: ResponseOf<A>): Promise<any> {
  const bytes = api.encodeResponse(response, version);
  return kafkajs(`protocol/requests/${dir}/v${version}/response`).decode(Buffer.from(bytes));
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: unknown): string => (b === null || b === undefined ? "" : new TextDecoder().decode(b as Uint8Array));

/** The versions this broker serves that kafkajs 2.2.4 also implements (none of them flexible). */
export function kafkajsServed(api: { minVersion: number; maxVersion: number }, dir: string): number[] {
  const theirs = new Set(kafkajsVersions(dir));
  return versionsOf(api).filter((v) => theirs.has(v));
}
