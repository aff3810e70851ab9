/**
 * The grader's expected answers are Kafka's: the hand-written sequence-validation and in-sequence cases pass
 * against the library's own implementation (ProducerStateManager and friends), and every exercise's tests pass
 * against the reference solutions, run in this process (without the child processes the grader uses).
 */
import { describe, expect, it } from "vitest";
import { inSequence, lastSequence, nextSequence, ProducerStateManager, validateBatch } from "../../lib/src/broker/producer-state.js";
import { EXERCISES, exerciseByStem } from "../../lib/src/grader/registry.js";
import type { LearnerExports, TestEnv } from "../../lib/src/grader/types.js";
import * as deliveryCheck from "../../solutions/delivery-check.js";
import * as inSeq from "../../solutions/in-sequence.js";
import * as producerConfig from "../../solutions/producer-config.js";
import * as producerSequences from "../../solutions/producer-sequences.js";
import * as sequenceValidation from "../../solutions/sequence-validation.js";
import * as transactionalFencing from "../../solutions/transactional-fencing.js";

const env: TestEnv = { file: "in-process", notebookPath: "in-process" };

async function failures(stem: string, mod: LearnerExports, include: (name: string) => boolean = () => true): Promise<string[]> {
  const exercise = exerciseByStem(stem)!;
  const out: string[] = [];
  for (const test of exercise.tests.filter((t) => include(t.name))) {
    const steps = test.steps ?? 0;
    if (steps > 0) {
      const records = [];
      for (let step = 0; step < steps; step++) records.push({ step, ...(await test.run(mod, step, env)) });
      const outcome = test.finish ? await test.finish(mod, records, env) : { fraction: records.every((r) => r.fraction === 1) ? 1 : 0, output: "" };
      if (outcome.fraction !== 1) out.push(`${test.name}\n${outcome.output}`);
    } else {
      const outcome = await test.run(mod, 0, env);
      if (outcome.fraction !== 1) out.push(`${test.name}\n${outcome.output}`);
    }
  }
  return out;
}

describe("the grader's expectations", () => {
  it("sequence-validation: every hand-written case and random history agrees with the library's ProducerStateManager", async () => {
    const library = { validateBatch, ProducerStateTable: ProducerStateManager };
    expect(await failures("sequence-validation", library, (n) => !n.startsWith("simulated broker"))).toEqual([]);
  });

  it("in-sequence: every case agrees with the library's sequence helpers", async () => {
    const count = (first: number, last: number) => (last >= first ? last - first + 1 : 2147483647 - first + last + 2);
    const library = { nextSequence, lastSequence, inSequence, recordCount: count };
    expect(await failures("in-sequence", library)).toEqual([]);
  });

  it("every exercise's tests pass against its reference solution (in process)", async () => {
    const solutions: Record<string, LearnerExports> = {
      "in-sequence": inSeq, "delivery-check": deliveryCheck, "producer-config": producerConfig,
      "sequence-validation": sequenceValidation, "producer-sequences": producerSequences,
      "transactional-fencing": transactionalFencing,
    };
    for (const e of EXERCISES) {
      const include = e.stem === "sequence-validation" ? (n: string) => !n.startsWith("simulated broker") : undefined;
      expect(await failures(e.stem, solutions[e.stem]!, include), e.stem).toEqual([]);
    }
  });

  it("a wrong answer fails with what was sent, what came back, what Kafka does and a hint", async () => {
    const broken = { ...sequenceValidation, validateBatch: () => ({ kind: "append" }) };
    const test = exerciseByStem("sequence-validation")!.tests.find((t) => t.name === "validateBatch: a stale epoch is INVALID_PRODUCER_EPOCH")!;
    const outcome = await test.run(broken, 0, env);
    expect(outcome.fraction).toBe(0);
    expect(outcome.output).toBe([
      "Sent:  validateBatch({ epoch: 2, batches: [{ firstSeq: 0, lastSeq: 4, firstOffset: 100, lastOffset: 104 }] }, { producerId: 1, epoch: 1, firstSeq: 5, lastSeq: 9 })",
      'Got:   { kind: "append" }',
      'Kafka: { kind: "error", error: "INVALID_PRODUCER_EPOCH" } — epoch 1 < stored epoch 2',
      "Hint:  A batch from an older epoch comes from a producer instance that has been superseded (a zombie).",
    ].join("\n"));
  });
});
