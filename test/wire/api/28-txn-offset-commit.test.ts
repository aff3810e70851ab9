import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { txnOffsetCommit } from "../../../lib/src/wire/api/28-txn-offset-commit.js";
import { Long } from "../kafkajs-internals.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("TxnOffsetCommit (key 28)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("txnOffsetCommit"));
    expect(highest).toBeGreaterThanOrEqual(txnOffsetCommit.minVersion);
    expect(highest).toBeLessThanOrEqual(txnOffsetCommit.maxVersion);
  });

  describe.each(kafkajsServed(txnOffsetCommit, "txnOffsetCommit"))("v%i", (version) => {
    it("decodes kafkajs' request: group, producer, offsets (with and without metadata)", async () => {
      const d = await decodeKafkajsRequest(txnOffsetCommit, "txnOffsetCommit", version, {
        transactionalId: "tx-1",
        groupId: "g",
        producerId: Long.fromNumber(5),
        producerEpoch: 1,
        topics: [{ topic: "in", partitions: [{ partition: 0, offset: "17", metadata: null }, { partition: 1, offset: "9007199254740991", metadata: "m" }] }],
      });
      expect(d.request).toEqual({
        api: "TxnOffsetCommit",
        transactionalId: "tx-1",
        groupId: "g",
        producerId: 5,
        producerEpoch: 1,
        topics: [{ topic: "in", partitions: [{ partition: 0, offset: 17, metadata: null }, { partition: 1, offset: Number.MAX_SAFE_INTEGER, metadata: "m" }] }],
      });
    });

    it("encodes per-partition errors as kafkajs reads them; a fenced producer gets INVALID_PRODUCER_EPOCH", async () => {
      const d = await kafkajsDecodeResponse(txnOffsetCommit, "txnOffsetCommit", version, {
        api: "TxnOffsetCommit",
        throttleTimeMs: 0,
        topics: [{ topic: "in", partitions: [{ partition: 0, error: "NONE" }, { partition: 1, error: "INVALID_TXN_STATE" }, { partition: 2, error: "PRODUCER_FENCED" }] }],
      });
      expect(d.topics).toEqual([
        { topic: "in", partitions: [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: Errors.INVALID_TXN_STATE }, { partition: 2, errorCode: Errors.INVALID_PRODUCER_EPOCH }] },
      ]);
    });
  });
});
