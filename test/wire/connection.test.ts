import { afterEach, describe, expect, it } from "vitest";
import { Errors } from "../../lib/src/protocol/errors.js";
import type { BrokerEndpointHandler, ClientRequest, ClientResponse } from "../../lib/src/protocol/messages.js";
import { metadata } from "../../lib/src/wire/api/03-metadata.js";
import { supportedApiVersions } from "../../lib/src/wire/api/index.js";
import { Reader } from "../../lib/src/wire/codec/reader.js";
import { Writer } from "../../lib/src/wire/codec/writer.js";
import { startWireServer, type WireCluster, type WireServer } from "../../lib/src/wire/server.js";
import { kafkajs, kafkajsRequestBody, Long } from "./kafkajs-internals.js";
import { RawClient } from "./raw-client.js";

/** A one-broker cluster whose answers the test releases by hand, in any order. */
class ScriptedCluster implements WireCluster {
  readonly pending: Array<{ request: ClientRequest; reply: (r: ClientResponse) => void }> = [];
  throwOn?: string;
  brokerIds() {
    return [0];
  }
  endpoint(brokerId: number): BrokerEndpointHandler {
    return {
      brokerId,
      handle: (request, reply) => {
        if (this.throwOn === request.api) throw new Error("boom");
        this.pending.push({ request, reply });
      },
    };
  }
  setAdvertisedListeners() {}
}

const metadataResponse = (topic: string): ClientResponse => ({ api: "Metadata", brokers: [], clusterId: "c", controllerId: 0, topics: [{ topic, error: "NONE", isInternal: false, partitions: [] }] });
const metadataBody = (topic: string) => new Writer().array([topic], (w, t) => w.string(t)).boolean(true).finish();
const topicOf = (body: Uint8Array) => {
  const r = new Reader(body);
  r.int32(); // throttle
  r.array((b) => [b.int32(), b.string(), b.int32(), b.nullableString()]);
  r.nullableString();
  r.int32();
  return r.array((t) => (t.int16(), t.string()))[0];
};

/** Poll until the condition holds (the test's own timeout bounds it). */
async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

let server: WireServer | undefined;
let logs: string[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients) c.destroy();
  clients.length = 0;
  await server?.close();
  server = undefined;
  logs = [];
});

async function start(cluster: WireCluster, extra: { dropProduceResponseRate?: number; maxFrameBytes?: number } = {}) {
  server = await startWireServer({ cluster, log: (l) => logs.push(l), ...extra });
  const c = await RawClient.connect(server.ports[0]!);
  clients.push(c);
  return c;
}

describe("WireConnection", () => {
  it("answers pipelined requests in request order even when the core answers them in reverse", async () => {
    const cluster = new ScriptedCluster();
    const c = await start(cluster);
    for (let i = 0; i < 5; i++) c.send({ apiKey: 3, apiVersion: 6, correlationId: 100 + i, clientId: "t" }, metadataBody(`t${i}`));
    await waitFor(() => cluster.pending.length === 5);
    expect(cluster.pending.map((p) => (p.request as { topics: string[] }).topics[0])).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    for (const p of [...cluster.pending].reverse()) p.reply(metadataResponse((p.request as { topics: string[] }).topics[0]!));
    const got = await c.responses(5);
    expect(got.map((r) => r.correlationId)).toEqual([100, 101, 102, 103, 104]);
    expect(got.map((r) => topicOf(r.body))).toEqual(["t0", "t1", "t2", "t3", "t4"]);
  });

  it("a response released early waits for the one before it", async () => {
    const cluster = new ScriptedCluster();
    const c = await start(cluster);
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 1, clientId: "t" }, metadataBody("a"));
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 2, clientId: "t" }, metadataBody("b"));
    await waitFor(() => cluster.pending.length === 2);
    cluster.pending[1]!.reply(metadataResponse("b"));
    await new Promise((r) => setTimeout(r, 30)); // give a wrongly early answer the chance to arrive
    expect(await c.responses(0)).toEqual([]);
    cluster.pending[0]!.reply(metadataResponse("a"));
    expect((await c.responses(2)).map((r) => r.correlationId)).toEqual([1, 2]);
  });

  it("Produce with acks=0 gets no response slot: the next request's answer is not held behind it", async () => {
    const cluster = new ScriptedCluster();
    const c = await start(cluster);
    const produce = kafkajs("protocol/requests/produce/v7/request")({ acks: 0, timeout: 1000, producerId: Long.fromNumber(-1), producerEpoch: -1, topicData: [{ topic: "t", partitions: [{ partition: 0, firstSequence: -1, messages: [{ value: "x" }] }] }] });
    c.send({ apiKey: 0, apiVersion: 7, correlationId: 1, clientId: "t" }, await kafkajsRequestBody(produce));
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 2, clientId: "t" }, metadataBody("a"));
    await waitFor(() => cluster.pending.length === 2);
    expect(cluster.pending.map((p) => p.request.api)).toEqual(["Produce", "Metadata"]);
    cluster.pending[1]!.reply(metadataResponse("a"));
    expect((await c.responses(1)).map((r) => r.correlationId)).toEqual([2]);
  });

  it("ApiVersions v5 (unsupported, newer than Kafka 4.x) is answered in the v0 format with UNSUPPORTED_VERSION and the list", async () => {
    const c = await start(new ScriptedCluster());
    c.send({ apiKey: 18, apiVersion: 5, correlationId: 9, clientId: "t" }, new Uint8Array([0, 0, 0]));
    const [r] = await c.responses(1);
    expect(r!.correlationId).toBe(9);
    const rd = new Reader(r!.body);
    expect(rd.int16()).toBe(Errors.UNSUPPORTED_VERSION);
    expect(rd.array((x) => ({ apiKey: x.int16(), minVersion: x.int16(), maxVersion: x.int16() }))).toEqual(supportedApiVersions());
    expect(rd.remaining).toBe(0);
    expect(c.closed).toBe(false);
  });

  it.each([
    ["an unknown API key", { apiKey: 999, apiVersion: 0 }, /unknown API key 999/],
    ["an API this broker does not serve (WriteTxnMarkers, broker to broker)", { apiKey: 27, apiVersion: 0 }, /unknown API key 27/],
    ["Produce v2 (below the range Kafka 4 serves)", { apiKey: 0, apiVersion: 2 }, /Produce v2 \(correlation id 5\) is not supported: this broker serves Produce v3-v11/],
    ["Fetch v3 (removed in Kafka 4.0, KIP-896)", { apiKey: 1, apiVersion: 3 }, /Fetch v3 .* is not supported: this broker serves Fetch v4-v17/],
    ["Metadata v14 (above the range served)", { apiKey: 3, apiVersion: 14 }, /Metadata v14 .* is not supported: this broker serves Metadata v0-v13/],
  ])("%s: the connection is closed with one log line", async (_what, h, message) => {
    const c = await start(new ScriptedCluster());
    c.send({ ...h, correlationId: 5, clientId: "t" }, metadataBody("x"));
    await c.closedByServer();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(message);
  });

  it("a body that does not parse closes the connection and names the field", async () => {
    const c = await start(new ScriptedCluster());
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 5, clientId: "t" }, new Writer().int32(1_000_000).finish());
    await c.closedByServer();
    expect(logs[0]).toMatch(/Metadata v6 \(correlation id 5\): topics: array length 1000000 cannot fit/);
  });

  it("trailing bytes after a valid body close the connection too", async () => {
    const c = await start(new ScriptedCluster());
    const body = new Uint8Array([...metadataBody("a"), 0xaa]);
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 5, clientId: "t" }, body);
    await c.closedByServer();
    expect(logs[0]).toMatch(/1 unexpected trailing byte/);
  });

  it.each([
    ["negative", -1, /frame size -1 is negative/],
    ["larger than the limit", 2000, /frame size 2000 bytes exceeds the limit of 1024 bytes/],
  ])("a %s frame size closes the connection", async (_what, size, message) => {
    const c = await start(new ScriptedCluster(), { maxFrameBytes: 1024 });
    c.writeRaw(new Writer().int32(size).finish());
    await c.closedByServer();
    expect(logs).toEqual([expect.stringMatching(message)]);
  });

  it("a core that throws closes that connection only", async () => {
    const cluster = new ScriptedCluster();
    cluster.throwOn = "Metadata";
    const c = await start(cluster);
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 5, clientId: "t" }, metadataBody("a"));
    await c.closedByServer();
    expect(logs[0]).toMatch(/the broker core threw Error: boom/);
  });

  it("dropProduceResponseRate = 1: the produce is applied, its response withheld, the connection closed", async () => {
    const cluster = new ScriptedCluster();
    const c = await start(cluster, { dropProduceResponseRate: 1 });
    const produce = kafkajs("protocol/requests/produce/v7/request")({ acks: -1, timeout: 1000, topicData: [{ topic: "t", partitions: [{ partition: 0, firstSequence: 0, messages: [{ value: "x" }] }] }] });
    c.send({ apiKey: 3, apiVersion: 6, correlationId: 1, clientId: "t" }, metadataBody("a"));
    c.send({ apiKey: 0, apiVersion: 7, correlationId: 2, clientId: "t" }, await kafkajsRequestBody(produce));
    await waitFor(() => cluster.pending.length === 2);
    cluster.pending[1]!.reply({ api: "Produce", throttleTimeMs: 0, topics: [{ topic: "t", partitions: [{ partition: 0, error: "NONE", baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0 }] }] });
    cluster.pending[0]!.reply(metadataResponse("a"));
    await c.closedByServer();
    // The answer before the dropped one still went out.
    expect((await c.responses(1)).map((r) => r.correlationId)).toEqual([1]);
    expect(logs).toEqual([expect.stringMatching(/produce response withheld after the append \(dropProduceResponseRate fault\)/)]);
  });

  it("the metadata encoder used above is the registered one (sanity: the test decodes what the server encodes)", () => {
    const bytes = metadata.encodeResponse(metadataResponse("zz") as never, 6);
    expect(topicOf(bytes)).toBe("zz");
  });
});
