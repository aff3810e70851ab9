/**
 * Golden fixtures: the bytes four real clients sent to the embedded broker and the bytes they accepted back,
 * captured by scripts/wire/capture-fixtures.mjs through a proxy that knows nothing of the protocol but the size
 * prefix (test/wire/fixtures/*.json). Every request must decode with this broker's decoders, to the values the
 * capture scenario sent; every response must be read, to its last byte, by an independent decoder
 * (@platformatic/kafka's for the versions it has, kafkajs' for the others).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as platformatic from "@platformatic/kafka";
import { describe, expect, it } from "vitest";
import type { ProduceRequest } from "../../lib/src/protocol/messages.js";
import { apiByKey, apiVersions } from "../../lib/src/wire/api/index.js";
import type { CoreApi } from "../../lib/src/wire/api/types.js";
import { readRequestHeader, readRequestHeaderTags } from "../../lib/src/wire/codec/frame.js";
import { Reader } from "../../lib/src/wire/codec/reader.js";
import { kafkajs } from "./kafkajs-internals.js";

interface Exchange {
  apiKey: number;
  apiVersion: number;
  request: string;
  response: string | null;
}
interface Fixture {
  client: string;
  version: string;
  exchanges: Exchange[];
}

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(dir, f), "utf8")) as Fixture] as const);

/** The name both client libraries give each API (platformatic: `${name}V${n}`, kafkajs: protocol/requests/${name}). */
const names: Record<number, string> = {
  0: "produce", 1: "fetch", 2: "listOffsets", 3: "metadata", 8: "offsetCommit", 9: "offsetFetch", 10: "findCoordinator", 11: "joinGroup",
  12: "heartbeat", 13: "leaveGroup", 14: "syncGroup", 18: "apiVersions", 19: "createTopics", 22: "initProducerId", 24: "addPartitionsToTxn",
  25: "addOffsetsToTxn", 26: "endTxn", 28: "txnOffsetCommit",
};

const text = (b: unknown) => (b === null || b === undefined ? null : typeof b === "string" ? b : new TextDecoder().decode(b as Uint8Array));

/** Decode one captured request with this broker's own header reader and API decoder. */
function decodeRequest(e: Exchange) {
  const r = new Reader(Buffer.from(e.request, "hex"));
  const header = readRequestHeader(r);
  const api = apiByKey(header.apiKey)!;
  expect(api, `API key ${header.apiKey}`).toBeDefined();
  expect([header.apiKey, header.apiVersion]).toEqual([e.apiKey, e.apiVersion]);
  expect(header.apiVersion).toBeGreaterThanOrEqual(api.minVersion);
  expect(header.apiVersion).toBeLessThanOrEqual(api.maxVersion);
  if (header.apiVersion >= api.firstFlexibleVersion) readRequestHeaderTags(r);
  if (api.kind === "local") return { header, decoded: apiVersions.decodeRequest(r, header.apiVersion) };
  return { header, decoded: (api as CoreApi).decodeRequest(r, header.apiVersion) };
}

/** Read one captured response with an independent decoder; returns which one read it. */
async function readResponse(e: Exchange): Promise<string> {
  const api = apiByKey(e.apiKey)!;
  const bytes = Buffer.from(e.response!, "hex");
  const flexible = e.apiVersion >= api.firstFlexibleVersion;
  // Response header: correlation id, then (v1, flexible versions except ApiVersions) an empty tagged-field section.
  const headerBytes = flexible && e.apiKey !== 18 ? 5 : 4;
  if (headerBytes === 5) expect(bytes[4]).toBe(0);
  const body = bytes.subarray(headerBytes);
  const theirs = (platformatic as unknown as Record<string, { parseResponse?: (c: number, k: number, v: number, r: unknown) => unknown }>)[`${names[e.apiKey]}V${e.apiVersion}`];
  if (theirs?.parseResponse) {
    const reader = platformatic.Reader.from(Buffer.from(body));
    try {
      theirs.parseResponse(bytes.readInt32BE(0), e.apiKey, e.apiVersion, reader);
    } catch (err) {
      // platformatic throws a ResponseError for a response carrying an error code; it has been read all the same.
      expect((err as { response?: unknown }).response, String(err)).toBeDefined();
    }
    // Some of platformatic's parsers (Produce) stop before the message's final tagged-field section, which is then the
    // one byte 0 (no tagged fields); anything else left over is a field they did not expect.
    const left = body.subarray(body.byteLength - reader.remaining);
    expect([...left], `${names[e.apiKey]} v${e.apiVersion}: bytes left after platformatic's parser`).toEqual(flexible && left.byteLength === 1 ? [0] : []);
    return "platformatic";
  }
  const kafkajsVersions = (kafkajs(`protocol/requests/${names[e.apiKey]}`).versions as string[]).map(Number);
  if (flexible || !kafkajsVersions.includes(e.apiVersion)) return "none"; // only the capturing client read it
  const decoded = await kafkajs(`protocol/requests/${names[e.apiKey]}/v${e.apiVersion}/response`).decode(Buffer.from(body));
  expect(decoded).toBeTypeOf("object");
  return "kafkajs";
}

describe.each(fixtures)("golden fixtures: %s", (_name, fixture) => {
  it("was captured from a named client version, with requests of several APIs", () => {
    expect(fixture.version).toMatch(/\d+\.\d+/);
    expect(new Set(fixture.exchanges.map((e) => e.apiKey)).size).toBeGreaterThanOrEqual(8);
  });

  it("every request decodes with this broker's decoders, exactly to its last byte", () => {
    for (const e of fixture.exchanges) expect(() => decodeRequest(e), `${names[e.apiKey]} v${e.apiVersion}`).not.toThrow();
  });

  it("the produce requests carry what the capture scenario wrote, as idempotent record batch v2", () => {
    const produced = fixture.exchanges.filter((e) => e.apiKey === 0).map((e) => decodeRequest(e).decoded as { request: ProduceRequest });
    expect(produced.length).toBeGreaterThan(0);
    const values: string[] = [];
    for (const { request } of produced) {
      for (const t of request.topics) {
        expect(t.topic).toBe("capture");
        for (const p of t.partitions) {
          expect(p.batch.producerId).toBeGreaterThanOrEqual(0); // idempotent: the broker gave it an id
          expect(p.batch.baseSequence).toBeGreaterThanOrEqual(0);
          for (const r of p.batch.records) values.push(`${text(r.key)}=${text(r.value)}`);
        }
      }
    }
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(["k1=v1", "k2=v2", "k3=committed", "k4=aborted", "k5=py-committed"]).toContain(v);
  });

  it("every response that platformatic or kafkajs implements is read to its last byte by that decoder", async () => {
    const readBy = new Map<string, string[]>();
    for (const e of fixture.exchanges.filter((x) => x.response !== null)) {
      const who = await readResponse(e);
      readBy.set(who, [...(readBy.get(who) ?? []), `${names[e.apiKey]} v${e.apiVersion}`]);
    }
    // Versions only librdkafka uses (e.g. Metadata v4, OffsetCommit v7) were read by librdkafka itself at capture.
    const independent = (readBy.get("platformatic")?.length ?? 0) + (readBy.get("kafkajs")?.length ?? 0);
    expect(independent).toBeGreaterThanOrEqual(Math.ceil(fixture.exchanges.filter((x) => x.response !== null).length / 2));
  });
});

describe("golden fixtures: coverage", () => {
  it("include a maintained flexible-only client and librdkafka, and every flexible request header they used", () => {
    const byName = new Map(fixtures);
    expect([...byName.keys()].sort()).toEqual(expect.arrayContaining(["confluent-kafka", "kafkajs", "kcat", "platformatic"]));
    const flexible = fixtures.flatMap(([, f]) => f.exchanges).filter((e) => e.apiVersion >= apiByKey(e.apiKey)!.firstFlexibleVersion);
    expect(new Set(flexible.map((e) => e.apiKey)).size).toBeGreaterThanOrEqual(10);
  });
});
