import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { API_REGISTRY, apiVersions, supportedApiVersions } from "../../../lib/src/wire/api/index.js";
import { Reader } from "../../../lib/src/wire/codec/reader.js";
import { kafkajs, kafkajsRequestBody } from "../kafkajs-internals.js";
import { versionsOf } from "./helpers.js";

const apiKeys = kafkajs("protocol/requests/apiKeys");

describe("ApiVersions (key 18)", () => {
  it("serves v0-v4 (v3+ flexible), and v2, what kafkajs asks first, is among them", () => {
    expect([apiVersions.minVersion, apiVersions.maxVersion, apiVersions.firstFlexibleVersion]).toEqual([0, 4, 3]);
    expect(Math.max(...kafkajs("protocol/requests/apiVersions").versions.map(Number))).toBe(2);
  });

  it("lists every API file in the registry, once, with the key kafkajs knows it by", () => {
    const list = supportedApiVersions();
    expect(list.map((v) => v.apiKey)).toEqual([0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 18, 19, 22, 24, 25, 26, 28, 61]);
    for (const api of API_REGISTRY.filter((a) => a.name !== "DescribeProducers")) expect(apiKeys[api.name === "FindCoordinator" ? "GroupCoordinator" : api.name]).toBe(api.apiKey);
  });

  describe.each(versionsOf(apiVersions).filter((v) => v < apiVersions.firstFlexibleVersion))("v%i", (version) => {
    it("kafkajs' request has an empty body; kafkajs reads our list", async () => {
      const body = await kafkajsRequestBody(kafkajs(`protocol/requests/apiVersions/v${version}/request`)());
      expect(() => apiVersions.decodeRequest(new Reader(body), version)).not.toThrow();
      const bytes = apiVersions.encodeResponse({ error: "NONE", apiKeys: supportedApiVersions(), throttleTimeMs: 0 }, version);
      const d = await kafkajs(`protocol/requests/apiVersions/v${version}/response`).decode(Buffer.from(bytes));
      expect(d.errorCode).toBe(0);
      expect(d.apiVersions).toEqual(supportedApiVersions());
    });
  });

  it("the UNSUPPORTED_VERSION answer is the v0 format, which kafkajs' v0 decoder reads as error 35", async () => {
    const bytes = apiVersions.encodeResponse({ error: "UNSUPPORTED_VERSION", apiKeys: supportedApiVersions(), throttleTimeMs: 0 }, 0);
    await expect(kafkajs("protocol/requests/apiVersions/v0/response").decode(Buffer.from(bytes))).rejects.toMatchObject({ type: "UNSUPPORTED_VERSION" });
    const r = new Reader(bytes);
    expect(r.int16()).toBe(Errors.UNSUPPORTED_VERSION);
    expect(r.array((x) => ({ apiKey: x.int16(), minVersion: x.int16(), maxVersion: x.int16() }))).toEqual(supportedApiVersions());
    r.expectEnd("v0 response");
  });
});
