import { describe, expect, it } from "vitest";
import { Errors } from "../../../lib/src/protocol/errors.js";
import { initProducerId } from "../../../lib/src/wire/api/22-init-producer-id.js";
import { decodeKafkajsRequest, kafkajsDecodeResponse, kafkajsServed, kafkajsVersions } from "./helpers.js";

describe("InitProducerId (key 22)", () => {
  it("serves the version kafkajs 2.2.4 uses (its highest); the whole range is checked in ../kafka4-versions.test.ts", () => {
    const highest = Math.max(...kafkajsVersions("initProducerId"));
    expect(highest).toBeGreaterThanOrEqual(initProducerId.minVersion);
    expect(highest).toBeLessThanOrEqual(initProducerId.maxVersion);
  });

  describe.each(kafkajsServed(initProducerId, "initProducerId"))("v%i", (version) => {
    it("round-trips with kafkajs, for an idempotent and a transactional producer", async () => {
      const idem = await decodeKafkajsRequest(initProducerId, "initProducerId", version, { transactionalId: null, transactionTimeout: 60000 });
      expect(idem.request).toEqual({ api: "InitProducerId", transactionalId: null, transactionTimeoutMs: 60000 });
      const tx = await decodeKafkajsRequest(initProducerId, "initProducerId", version, { transactionalId: "tx-1", transactionTimeout: 30000 });
      expect(tx.request.transactionalId).toBe("tx-1");
      const d = await kafkajsDecodeResponse(initProducerId, "initProducerId", version, { api: "InitProducerId", error: "NONE", producerId: 1_234_567_890_123, producerEpoch: 4, throttleTimeMs: 0 });
      expect(d).toMatchObject({ errorCode: 0, producerId: "1234567890123", producerEpoch: 4 });
      const e = await kafkajsDecodeResponse(initProducerId, "initProducerId", version, { api: "InitProducerId", error: "CONCURRENT_TRANSACTIONS", producerId: -1, producerEpoch: -1, throttleTimeMs: 0 });
      expect(e.errorCode).toBe(Errors.CONCURRENT_TRANSACTIONS);
    });
  });
});
