import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { addOffsetsToTxn } from "../../../lib/src/wire/api/25-add-offsets-to-txn.js";
import { Long } from "../kafkajs-internals.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("AddOffsetsToTxn (key 25)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("addOffsetsToTxn"));
    expect(highest).toBeGreaterThanOrEqual(addOffsetsToTxn.minVersion);
    expect(highest).toBeLessThanOrEqual(addOffsetsToTxn.maxVersion);
  });

  describe.each(kafkajsServed(addOffsetsToTxn, "addOffsetsToTxn"))("v%i", (version) => {
    it("decodes kafkajs' request and encodes errors as kafkajs reads them", async () => {
      const d = await decodeKafkajsRequest(addOffsetsToTxn, "addOffsetsToTxn", version, { transactionalId: "tx-1", producerId: Long.fromNumber(42), producerEpoch: 3, groupId: "group-x" });
      expect(d.request).toEqual({ api: "AddOffsetsToTxn", transactionalId: "tx-1", producerId: 42, producerEpoch: 3, groupId: "group-x" });
      const ok = await kafkajsDecodeResponse(addOffsetsToTxn, "addOffsetsToTxn", version, { api: "AddOffsetsToTxn", throttleTimeMs: 0, error: "NONE" });
      expect(ok.errorCode).toBe(0);
      const busy = await kafkajsDecodeResponse(addOffsetsToTxn, "addOffsetsToTxn", version, { api: "AddOffsetsToTxn", throttleTimeMs: 0, error: "CONCURRENT_TRANSACTIONS" });
      expect(busy.errorCode).toBe(Errors.CONCURRENT_TRANSACTIONS);
      const fenced = await kafkajsDecodeResponse(addOffsetsToTxn, "addOffsetsToTxn", version, { api: "AddOffsetsToTxn", throttleTimeMs: 0, error: "PRODUCER_FENCED" });
      expect(fenced.errorCode).toBe(Errors.INVALID_PRODUCER_EPOCH);
    });
  });
});
