import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeRequestFrame, encodeResponseFrame, FrameDecoder, FrameSizeError, readRequestHeader } from "../../../lib/src/wire/codec/frame.js";
import { Reader } from "../../../lib/src/wire/codec/reader.js";
import { kafkajs } from "../kafkajs-internals.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/wire/codec/frame.test.ts)");

describe("framing", () => {
  it("however the stream is cut into chunks, the same frames come out", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }), (bodies, cuts) => {
        const stream = Buffer.concat(bodies.map((b) => encodeResponseFrame(7, b)));
        const d = new FrameDecoder();
        const out: Uint8Array[] = [];
        let at = 0;
        let i = 0;
        while (at < stream.length) {
          const n = cuts[i++ % cuts.length]!;
          out.push(...d.push(stream.subarray(at, at + n)));
          at += n;
        }
        expect(out.map((f) => Buffer.from(f.subarray(4)))).toEqual(bodies.map((b) => Buffer.from(b)));
        expect(d.pendingBytes).toBe(0);
      }),
      { seed, numRuns: 200 },
    );
  });

  it("negative and oversized frame sizes are refused before any buffer is allocated", () => {
    const neg = new Uint8Array([0xff, 0xff, 0xff, 0xfe]);
    expect(() => new FrameDecoder().push(neg)).toThrow(FrameSizeError);
    expect(() => new FrameDecoder().push(neg)).toThrow(/frame size -2 is negative/);
    const big = new Uint8Array(4);
    new DataView(big.buffer).setInt32(0, 100 * 1024 * 1024 + 1);
    expect(() => new FrameDecoder().push(big)).toThrow(/exceeds the limit of 104857600 bytes/);
    expect(() => new FrameDecoder(1000).push(new Uint8Array([0, 0, 3, 233]))).toThrow(/1001 bytes exceeds the limit of 1000/);
  });

  it("reads kafkajs' request header v1 (api key, version, correlation id, client id)", async () => {
    const encodeRequest = kafkajs("protocol/request");
    const apiVersionsRequest = kafkajs("protocol/requests/apiVersions/v2/request")();
    const frame = await encodeRequest({ correlationId: 41, clientId: "my-app", request: apiVersionsRequest });
    const frames = new FrameDecoder().push(new Uint8Array(frame.buffer));
    expect(frames).toHaveLength(1);
    const r = new Reader(frames[0]!);
    expect(readRequestHeader(r)).toEqual({ apiKey: 18, apiVersion: 2, correlationId: 41, clientId: "my-app" });
    expect(r.remaining).toBe(0);
    const ours = encodeRequestFrame({ apiKey: 18, apiVersion: 2, correlationId: 41, clientId: "my-app" }, new Uint8Array());
    expect(Buffer.from(ours).equals(frame.buffer)).toBe(true);
  });
});
