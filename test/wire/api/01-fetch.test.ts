import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import type { FetchResponse } from "../../../lib/src/protocol/messages.js";
import { fetch } from "../../../lib/src/wire/api/01-fetch.js";
import { Reader } from "../../../lib/src/wire/codec/reader.js";
import { Writer } from "../../../lib/src/wire/codec/writer.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions, text, utf8 } from "./helpers.js";

const request = {
  replicaId: -1,
  maxWaitTime: 500,
  minBytes: 1,
  maxBytes: 10485760,
  isolationLevel: 1,
  topics: [{ topic: "orders", partitions: [{ partition: 0, fetchOffset: "17", maxBytes: 1048576 }, { partition: 1, fetchOffset: "0", maxBytes: 2048 }] }],
};

const response: FetchResponse = {
  api: "Fetch",
  error: "NONE",
  throttleTimeMs: 0,
  topics: [
    {
      topic: "orders",
      partitions: [
        {
          partition: 0,
          error: "NONE",
          highWatermark: 20,
          lastStableOffset: 19,
          logStartOffset: 3,
          abortedTransactions: [{ producerId: 77, firstOffset: 15 }],
          batches: [
            { baseOffset: 17, partitionLeaderEpoch: 2, producerId: 9, producerEpoch: 0, baseSequence: 4, isTransactional: false, isControl: false, records: [
              { key: utf8("a"), value: utf8("one"), headers: [{ key: "h", value: utf8("x") }], timestampMs: 1_700_000_000_000 },
              { key: null, value: "two", headers: [], timestampMs: 1_700_000_000_001 },
            ] },
            { baseOffset: 19, partitionLeaderEpoch: 2, producerId: 77, producerEpoch: 0, baseSequence: -1, isTransactional: true, isControl: true, controlType: "ABORT", records: [] },
          ],
        },
        { partition: 1, error: "NOT_LEADER_OR_FOLLOWER", highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], batches: [] },
      ],
    },
  ],
};

describe("Fetch (key 1)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("fetch"));
    expect(highest).toBeGreaterThanOrEqual(fetch.minVersion);
    expect(highest).toBeLessThanOrEqual(fetch.maxVersion);
  });

  describe.each(kafkajsServed(fetch, "fetch"))("v%i", (version) => {
    it("decodes kafkajs' fetch request", async () => {
      const { request: r } = await decodeKafkajsRequest(fetch, "fetch", version, request);
      expect(r).toEqual({
        api: "Fetch",
        replicaId: -1,
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 10485760,
        isolationLevel: 1,
        topics: [{ topic: "orders", partitions: [{ partition: 0, fetchOffset: 17, partitionMaxBytes: 1048576 }, { partition: 1, fetchOffset: 0, partitionMaxBytes: 2048 }] }],
      });
    });

    it("encodes record batches, watermarks and aborted transactions that kafkajs reads", async () => {
      const d = await kafkajsDecodeResponse(fetch, "fetch", version, response);
      if (version >= 7) expect(d).toMatchObject({ errorCode: 0, sessionId: 0 });
      const [p0, p1] = d.responses[0].partitions;
      expect(d.responses[0].topicName).toBe("orders");
      expect(p0).toMatchObject({ partition: 0, errorCode: 0, highWatermark: "20", lastStableOffset: "19", abortedTransactions: [{ producerId: "77", firstOffset: "15" }] });
      if (version >= 5) expect(p0.lastStartOffset).toBe("3");
      if (version >= 11) expect(p0.preferredReadReplica).toBe(-1);
      const data = p0.messages.filter((m: { isControlRecord: boolean }) => !m.isControlRecord);
      expect(data.map((m: { offset: string; key: unknown; value: unknown }) => [m.offset, m.key === null ? null : text(m.key), text(m.value)])).toEqual([
        ["17", "a", "one"],
        ["18", null, "two"],
      ]);
      expect(text(data[0].headers.h)).toBe("x");
      expect(data[0].batchContext).toMatchObject({ producerId: "9", firstSequence: 4, partitionLeaderEpoch: 2 });
      const control = p0.messages.filter((m: { isControlRecord: boolean }) => m.isControlRecord);
      expect(control.map((m: { offset: string }) => m.offset)).toEqual(["19"]);
      expect(p1).toMatchObject({ partition: 1, errorCode: Errors.NOT_LEADER_OR_FOLLOWER, messages: [] });
    });
  });

  it("an isolation level other than 0 or 1 is a decode error", () => {
    const w = new Writer().int32(-1).int32(0).int32(1).int32(100).int8(3).int32(0).int32(-1).int32(0).int32(0).string("");
    expect(() => fetch.decodeRequest(new Reader(w.finish()), 11)).toThrow(/isolation_level 3/);
  });

  it("a transaction marker stamped at a fractional simulation time is sent with whole milliseconds (kafkajs reads it)", async () => {
    const marker = { baseOffset: 3, partitionLeaderEpoch: 0, producerId: 5, producerEpoch: 1, baseSequence: -1, isTransactional: true, isControl: true, controlType: "COMMIT" as const, records: [{ key: null, value: null, headers: [], timestampMs: 683.75 }] };
    const withMarker: FetchResponse = {
      ...response,
      topics: [{ topic: "t", partitions: [{ partition: 0, error: "NONE", highWatermark: 4, lastStableOffset: 4, logStartOffset: 0, abortedTransactions: [], batches: [marker] }] }],
    };
    const d = await kafkajsDecodeResponse(fetch, "fetch", 11, withMarker);
    const [m] = d.responses[0].partitions[0].messages;
    expect(m).toMatchObject({ isControlRecord: true, offset: "3", timestamp: "683" });
  });
});
