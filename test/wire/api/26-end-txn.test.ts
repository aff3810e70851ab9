import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { endTxn } from "../../../lib/src/wire/api/26-end-txn.js";
import { Long } from "../kafkajs-internals.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("EndTxn (key 26)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("endTxn"));
    expect(highest).toBeGreaterThanOrEqual(endTxn.minVersion);
    expect(highest).toBeLessThanOrEqual(endTxn.maxVersion);
  });

  describe.each(kafkajsServed(endTxn, "endTxn"))("v%i", (version) => {
    it("decodes kafkajs' commit and abort", async () => {
      for (const transactionResult of [true, false]) {
        const d = await decodeKafkajsRequest(endTxn, "endTxn", version, { transactionalId: "tx-1", producerId: Long.fromNumber(9), producerEpoch: 2, transactionResult });
        expect(d.request).toEqual({ api: "EndTxn", transactionalId: "tx-1", producerId: 9, producerEpoch: 2, committed: transactionResult });
      }
    });

    it("encodes errors as kafkajs reads them; PRODUCER_FENCED reaches it as INVALID_PRODUCER_EPOCH", async () => {
      expect((await kafkajsDecodeResponse(endTxn, "endTxn", version, { api: "EndTxn", throttleTimeMs: 0, error: "NONE" })).errorCode).toBe(0);
      expect((await kafkajsDecodeResponse(endTxn, "endTxn", version, { api: "EndTxn", throttleTimeMs: 0, error: "INVALID_TXN_STATE" })).errorCode).toBe(Errors.INVALID_TXN_STATE);
      expect((await kafkajsDecodeResponse(endTxn, "endTxn", version, { api: "EndTxn", throttleTimeMs: 0, error: "PRODUCER_FENCED" })).errorCode).toBe(Errors.INVALID_PRODUCER_EPOCH);
    });
  });
});
