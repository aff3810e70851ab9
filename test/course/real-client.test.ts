/**
 * runRealClientRound: a kafkajs producer and consumer against the embedded broker, judged by checkHistory.
 * Dropped produce responses: duplicates without idempotence (one per withheld response), none with it; the same
 * seed gives the same rows (the lesson's outputs depend on it); kafkajs' partitioner is asked again on a retry.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { setLang } from "../../lib/src/kernel/locale.js";
import { describeSendError, realClientLabel, roundRobinPartitioner, runRealClientRound, type RealClientRoundOptions } from "../../lib/src/course/real-client.js";
import { startEmbeddedBroker, type EmbeddedBroker, type EmbeddedBrokerOptions } from "../../lib/src/serve/embedded.js";

const open: EmbeddedBroker[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.close();
});

async function broker(options: EmbeddedBrokerOptions): Promise<{ broker: EmbeddedBroker; drops: () => number }> {
  const lines: string[] = [];
  const b = await startEmbeddedBroker({ ...options, log: (l) => lines.push(l) });
  open.push(b);
  return { broker: b, drops: () => lines.filter((l) => l.includes("dropProduceResponseRate")).length };
}

describe("options", () => {
  it.each([
    [{ topic: "t" }, /option brokers must be "host:port" or a non-empty list of them, got undefined/],
    [{ brokers: [], topic: "t" }, /option brokers must be "host:port"/],
    [{ brokers: "localhost", topic: "t" }, /option brokers must be "host:port"/],
    [{ brokers: "127.0.0.1:1", topic: "a topic" }, /option topic must be a topic name .* got "a topic"/],
    [{ brokers: "127.0.0.1:1", topic: "t", records: 0 }, /option records must be a whole number from 1 to 1000000, got 0/],
    [{ brokers: "127.0.0.1:1", topic: "t", acks: "all" }, /option acks must be -1 \(all\), 0 or 1, got "all"/],
    [{ brokers: "127.0.0.1:1", topic: "t", idempotent: true, acks: 1 }, /an idempotent producer needs acks -1 \(all\), got 1/],
    [{ brokers: "127.0.0.1:1", topic: "t", idempotent: true, retries: 0 }, /an idempotent producer needs retries >= 1/],
    [{ brokers: "127.0.0.1:1", topic: "t", partitioning: "random" }, /option partitioning must be "message" or "partitioner", got "random"/],
    [{ brokers: "127.0.0.1:1", topic: "t", concurrentSends: 0 }, /option concurrentSends must be a whole number from 1 to 1000, got 0/],
    [{ brokers: "127.0.0.1:1", topic: "t", enableIdempotence: true }, /unknown option "enableIdempotence"\. Allowed: brokers, topic, /],
  ])("refuses %j", async (options, message) => {
    await expect(runRealClientRound(options as unknown as RealClientRoundOptions)).rejects.toThrow(message);
  });

  it.each([
    [{ topic: "t" }, /옵션 brokers는 "host:port"이거나/],
    [{ brokers: "127.0.0.1:1", topic: "a topic" }, /옵션 topic은 토픽 이름.* 받은 값: "a topic"/],
    [{ brokers: "127.0.0.1:1", topic: "t", records: 0 }, /옵션 records은\(는\) 1부터 1000000까지의 정수여야 합니다\. 받은 값: 0/],
    [{ brokers: "127.0.0.1:1", topic: "t", idempotent: true, acks: 1 }, /멱등성 프로듀서에는 acks -1\(all\)이 필요합니다/],
    [{ brokers: "127.0.0.1:1", topic: "t", enableIdempotence: true }, /"enableIdempotence": 이런 옵션은 없습니다\. 쓸 수 있는 옵션: brokers, topic, /],
  ])("refuses %j in Korean in the Korean edition", async (options, message) => {
    setLang("ko");
    try {
      await expect(runRealClientRound(options as unknown as RealClientRoundOptions)).rejects.toThrow(message);
    } finally {
      setLang(undefined);
    }
  });

  it("labels and error descriptions", () => {
    expect(realClientLabel({ idempotent: true })).toBe("kafkajs, idempotent");
    expect(realClientLabel({ idempotent: false, acks: 1 })).toBe("kafkajs, not idempotent, acks=1");
    expect(describeSendError(Object.assign(new Error("boom"), { name: "KafkaJSNonRetriableError", cause: { type: "UNKNOWN" } }))).toBe("KafkaJSNonRetriableError: boom [UNKNOWN]");
  });

  it("roundRobinPartitioner starts at the lowest partition and keeps a counter per topic", () => {
    const next = roundRobinPartitioner();
    const partitionMetadata = [2, 0, 1].map((partitionId) => ({ partitionId, leader: 0 }));
    const picks = Array.from({ length: 5 }, () => next({ topic: "a", partitionMetadata, message: {} }));
    expect(picks).toEqual([0, 1, 2, 0, 1]);
    expect(next({ topic: "b", partitionMetadata, message: {} })).toBe(0);
    expect(next({ topic: "a", partitionMetadata, message: { partition: 2 } })).toBe(2);
  });
});

describe("against the embedded broker with dropped produce responses", () => {
  it("not idempotent: every withheld response becomes one duplicate; nothing is lost", async () => {
    const seed = 1;
    console.log("seed", seed);
    const { broker: b, drops } = await broker({ seed, dropProduceResponses: 0.15 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "events", records: 30, idempotent: false, seed });
    console.log(`${drops()} responses dropped`, r.row);
    expect(drops()).toBeGreaterThan(0);
    expect(r.row).toMatchObject({ seed, scenario: "kafkajs, not idempotent", records: 30, lostAcknowledged: 0, lostUnacknowledged: 0, reordered: 0, producerBelievesAllSent: true, ok: false });
    // Each withheld response was for a record already written; its retry wrote it again (a second drop, a third copy).
    const extraCopies = r.check.rows.reduce((n, row) => n + row.copies - 1, 0);
    expect(extraCopies).toBe(drops());
    expect(r.log).toHaveLength(30 + drops());
    expect(r.partitions).toBe(3);
    expect(r.sendErrors).toEqual([]);
  });

  it("idempotent: the same faults, every record exactly once and in order", async () => {
    const seed = 1;
    const { broker: b, drops } = await broker({ seed, dropProduceResponses: 0.15 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "events", records: 30, idempotent: true, seed });
    expect(drops()).toBeGreaterThan(0);
    expect(r.row).toMatchObject({ scenario: "kafkajs, idempotent", deliveredOnce: 30, duplicated: 0, reordered: 0, lostAcknowledged: 0, ok: true });
    expect(r.log.map((l) => l.id).sort()).toEqual(r.sent.map((s) => s.id).sort());
    // A retried record is acknowledged with its original offset.
    for (const s of r.sent) expect(r.log.find((l) => l.id === s.id)).toMatchObject({ partition: s.partition, offset: s.offset });
  });

  it("the same seed gives the same rows (one send at a time: the fault draws fall on the same responses)", async () => {
    const seed = 3;
    console.log("seed", seed);
    const rows = [];
    for (let i = 0; i < 2; i++) {
      const { broker: b } = await broker({ seed, dropProduceResponses: 0.2 });
      const r = await runRealClientRound({ brokers: b.bootstrap, topic: "events", records: 20, seed });
      rows.push({ row: r.row, log: r.log });
      await b.close();
    }
    expect(rows[0]!.row.duplicated).toBeGreaterThan(0);
    expect(rows[1]).toEqual(rows[0]);
  });

  it("a second round on the same topic counts only its own records", async () => {
    const { broker: b } = await broker({ seed: 2 });
    await runRealClientRound({ brokers: b.bootstrap, topic: "again", records: 5 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "again", records: 4 });
    expect(r.log).toHaveLength(4);
    expect(r.row).toMatchObject({ records: 4, deliveredOnce: 4, ok: true });
  });

  it("keyless records through kafkajs' partitioner, idempotent: a retry moves to another partition — a duplicate there, and a later record acknowledged but never written", async () => {
    const seed = 1;
    console.log("seed", seed);
    const { broker: b, drops } = await broker({ seed, dropProduceResponses: 0.15 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "keyless", records: 30, idempotent: true, partitioning: "partitioner", seed });
    console.log(`${drops()} responses dropped`, r.row, r.check.problems);
    expect(drops()).toBeGreaterThan(0);
    // The first attempt was written on partition p and its sequence number rolled back there; the retry went to
    // p+1 (a second copy); the next record for p reused the rolled-back sequence and the broker answered
    // "duplicate" with the first copy's offset.
    expect(r.row.duplicated).toBeGreaterThan(0);
    expect(r.row.lostAcknowledged).toBeGreaterThan(0);
    expect(r.row.producerBelievesAllSent).toBe(true);
    const lost = r.check.rows.filter((row) => row.outcome === "lost-acknowledged");
    for (const row of lost) {
      const ack = r.sent.find((s) => s.id === row.id)!;
      const there = r.log.find((l) => l.partition === ack.partition && l.offset === ack.offset)!;
      expect(there.id).not.toBe(row.id); // acknowledged with an offset that holds another record
      expect(r.check.rows.find((x) => x.id === there.id)!.outcome).toBe("duplicated");
    }
  });

  it("several idempotent sends in flight to one partition (kafkajs 2.2.4): a lost response costs a duplicate and an acknowledged record never written", async () => {
    const seed = 1;
    console.log("seed", seed);
    const { broker: b, drops } = await broker({ seed, dropProduceResponses: 0.1 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "concurrent", records: 30, idempotent: true, concurrentSends: 3, partitions: 1, seed });
    console.log(`${drops()} responses dropped`, r.row);
    expect(drops()).toBeGreaterThan(0);
    expect(r.partitions).toBe(1);
    // kafkajs rolls the partition's sequence back by the failed batch's size (eosManager.updateSequence(-n)) while the
    // next send, waiting on the broker lock, is numbered from there: it gets the failed batch's sequence, which the
    // leader holds, so it is acknowledged with that batch's offset and never written; the failed send's retry is
    // numbered after it and written again.
    expect(r.row.duplicated).toBeGreaterThan(0);
    expect(r.row.lostAcknowledged).toBeGreaterThan(0);
    expect(r.row.producerBelievesAllSent).toBe(true);
    for (const row of r.check.rows.filter((x) => x.outcome === "lost-acknowledged")) {
      const ack = r.sent.find((s) => s.id === row.id)!;
      const there = r.log.find((l) => l.partition === ack.partition && l.offset === ack.offset)!;
      expect(r.check.rows.find((x) => x.id === there.id)!.outcome).toBe("duplicated");
    }
    // The same records one send at a time: exactly once.
    const { broker: b2 } = await broker({ seed, dropProduceResponses: 0.1 });
    const one = await runRealClientRound({ brokers: b2.bootstrap, topic: "concurrent", records: 30, idempotent: true, partitions: 1, seed });
    expect(one.row).toMatchObject({ deliveredOnce: 30, duplicated: 0, lostAcknowledged: 0 });
  });

  it("the exercise stub as the broker's state table: every idempotent send fails (UNKNOWN_SERVER_ERROR), nothing is written", async () => {
    const stub = fileURLToPath(new URL("../../exercises/sequence-validation.ts", import.meta.url));
    const { broker: b } = await broker({ seed: 1, stateTable: stub, brokers: 1, replicationFactor: 1, minInsyncReplicas: 1 });
    const r = await runRealClientRound({ brokers: b.bootstrap, topic: "stub", records: 3, idempotent: true });
    expect(r.row).toMatchObject({ records: 3, lostUnacknowledged: 3, deliveredOnce: 0, producerBelievesAllSent: false, ok: true });
    expect(r.sendErrors).toHaveLength(1);
    expect(r.sendErrors[0]).toMatch(/\[UNKNOWN\]$/);
  });
});
