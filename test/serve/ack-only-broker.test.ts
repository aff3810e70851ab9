/**
 * The wire benchmark's baseline (scripts/bench/ack-only-broker.mjs) must be independent of the code it judges: it
 * imports nothing but node: modules, and both benchmark clients get their sends acknowledged by it, with the next
 * offsets, for exactly the records they sent.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Producer, ProduceAcks, stringSerializers } from "@platformatic/kafka";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { startAckOnlyBroker } from "../../scripts/bench/ack-only-broker.mjs";

const file = fileURLToPath(new URL("../../scripts/bench/ack-only-broker.mjs", import.meta.url));

describe("the ack-only benchmark broker", () => {
  it("imports only node: modules (none of the project's codec, server or cluster)", () => {
    const imports = [...readFileSync(file, "utf8").matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec).toMatch(/^node:/);
    expect(readFileSync(file, "utf8")).not.toMatch(/import\(/);
  });

  it("acknowledges kafkajs (Produce v7) and @platformatic/kafka (Produce v11, flexible) with consecutive offsets", async () => {
    const broker = await startAckOnlyBroker();
    try {
      const k = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING }).producer({ idempotent: true });
      await k.connect();
      const [first] = await k.send({ topic: "t", acks: -1, messages: [{ value: "a" }, { value: "b" }, { value: "c" }] });
      await k.disconnect();
      expect(first).toMatchObject({ partition: 0, errorCode: 0, baseOffset: "0" });
      const p = new Producer({ clientId: "x", bootstrapBrokers: [broker.bootstrap], idempotent: true, acks: ProduceAcks.ALL, autocreateTopics: true, serializers: stringSerializers });
      const r = await p.send({ messages: [{ topic: "t", partition: 0, value: "d" }, { topic: "t", partition: 0, value: "e" }] });
      await p.close();
      expect(r.offsets).toEqual([{ topic: "t", partition: 0, offset: 3n }]);
      expect(broker.recordsAcknowledged).toBe(5);
    } finally {
      await broker.close();
    }
  });
});
