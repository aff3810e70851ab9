import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { addPartitionsToTxn, fencedForOldClients } from "../../../lib/src/wire/api/24-add-partitions-to-txn.js";
import { Long } from "../kafkajs-internals.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("AddPartitionsToTxn (key 24)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("addPartitionsToTxn"));
    expect(highest).toBeGreaterThanOrEqual(addPartitionsToTxn.minVersion);
    expect(highest).toBeLessThanOrEqual(addPartitionsToTxn.maxVersion);
  });

  it("answers PRODUCER_FENCED as INVALID_PRODUCER_EPOCH only below the first version that knows it", () => {
    expect(fencedForOldClients("PRODUCER_FENCED", 1, 2)).toBe("INVALID_PRODUCER_EPOCH");
    expect(fencedForOldClients("PRODUCER_FENCED", 2, 2)).toBe("PRODUCER_FENCED");
    expect(fencedForOldClients("CONCURRENT_TRANSACTIONS", 0, 2)).toBe("CONCURRENT_TRANSACTIONS");
  });

  describe.each(kafkajsServed(addPartitionsToTxn, "addPartitionsToTxn"))("v%i", (version) => {
    it("decodes kafkajs' request: transactional id, producer id and epoch, partitions by topic", async () => {
      const d = await decodeKafkajsRequest(addPartitionsToTxn, "addPartitionsToTxn", version, {
        transactionalId: "tx-1",
        producerId: Long.fromString("1234567890123"),
        producerEpoch: 7,
        topics: [
          { topic: "a", partitions: [0, 2] },
          { topic: "b-c", partitions: [1] },
        ],
      });
      expect(d.request).toEqual({
        api: "AddPartitionsToTxn",
        transactionalId: "tx-1",
        producerId: 1_234_567_890_123,
        producerEpoch: 7,
        topics: [
          { topic: "a", partitions: [0, 2] },
          { topic: "b-c", partitions: [1] },
        ],
      });
    });

    it("encodes per-partition errors as kafkajs reads them; PRODUCER_FENCED reaches it as INVALID_PRODUCER_EPOCH", async () => {
      const ok = await kafkajsDecodeResponse(addPartitionsToTxn, "addPartitionsToTxn", version, {
        api: "AddPartitionsToTxn",
        throttleTimeMs: 0,
        topics: [{ topic: "a", partitions: [{ partition: 0, error: "NONE" }, { partition: 2, error: "OPERATION_NOT_ATTEMPTED" }] }],
      });
      expect(ok.errors).toEqual([{ topic: "a", partitionErrors: [{ partition: 0, errorCode: 0 }, { partition: 2, errorCode: Errors.OPERATION_NOT_ATTEMPTED }] }]);
      const fenced = await kafkajsDecodeResponse(addPartitionsToTxn, "addPartitionsToTxn", version, {
        api: "AddPartitionsToTxn",
        throttleTimeMs: 0,
        topics: [{ topic: "a", partitions: [{ partition: 0, error: "PRODUCER_FENCED" }] }],
      });
      expect(fenced.errors[0].partitionErrors[0].errorCode).toBe(Errors.INVALID_PRODUCER_EPOCH);
    });
  });
});
