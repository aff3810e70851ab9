/**
 * Deliberately wrong sequence-validation implementations, one classic mistake each: every one must lose points,
 * and on the test that names its mistake.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../../lib/src/grader/grade.js";
import { ensureBuilt, FIXTURES } from "./helpers.js";

/** Fixture folder → a test (name fragment) that must fail for that mistake. */
const MISTAKES: Record<string, string> = {
  "retains-one-batch": "keeps the last 5 batches",
  "retains-four-batches": "a retry of a batch no longer retained",
  "never-evicts": "a retry of a batch no longer retained is OUT_OF_ORDER_SEQUENCE_NUMBER",
  "ignores-epoch": "a stale epoch is INVALID_PRODUCER_EPOCH",
  "accepts-gaps": "a gap is OUT_OF_ORDER_SEQUENCE_NUMBER",
  "duplicate-as-error": "duplicate of a retained batch returns its original offsets",
  "duplicate-newest-offsets": "a duplicate of an older retained batch returns its original offsets",
  "no-wraparound": "0 follows 2147483647",
  "new-epoch-any-sequence": "a new epoch must start at sequence 0",
  "unknown-producer-needs-zero": "no state accepts any first sequence",
  "duplicate-by-first-seq": "a partial overlap is OUT_OF_ORDER_SEQUENCE_NUMBER",
  "keeps-old-epoch-batches": "old-epoch batches are not duplicates after a bump",
  "stale-epoch-out-of-order": "a stale epoch is INVALID_PRODUCER_EPOCH",
  "records-duplicates": "a duplicate or an error records nothing",
};

beforeAll(() => ensureBuilt());

describe("wrong sequence-validation implementations", () => {
  it("has a fixture for every mistake listed, and at least 8 of them", () => {
    expect(readdirSync(join(FIXTURES, "wrong")).sort()).toEqual(Object.keys(MISTAKES).sort());
    expect(Object.keys(MISTAKES).length).toBeGreaterThanOrEqual(8);
  });

  for (const [mistake, failingTest] of Object.entries(MISTAKES)) {
    it(`${mistake}: scores less than full, failing "${failingTest}" with feedback`, async () => {
      // The hand-written tests name each mistake; the simulated-broker tests are checked once, below.
      const report = await gradeSubmission({
        submission: join(FIXTURES, "wrong", mistake), only: ["sequence-validation"], testFilter: (n) => !n.includes("simulated broker"),
      });
      const e = report.exercises[0]!;
      expect(e.refused).toBeUndefined();
      expect(e.score).toBeLessThan(e.maxScore);
      const named = e.tests.filter((t) => t.name.includes(failingTest));
      expect(named.length).toBeGreaterThan(0);
      const failed = named.filter((t) => t.score < t.maxScore);
      expect(failed.length).toBeGreaterThan(0);
      for (const t of failed) expect(t.output).toMatch(/Sent: [\s\S]*Got: [\s\S]*Kafka: [\s\S]*Hint: /);
    });
  }

  it("the simulated broker catches a table that answers retries with an error, and shows a shrunk, replayable history", async () => {
    const report = await gradeSubmission({ submission: join(FIXTURES, "wrong", "duplicate-as-error"), only: ["sequence-validation"] });
    const scenarioTests = report.exercises[0]!.tests.filter((t) => t.name.includes("simulated broker"));
    expect(scenarioTests.length).toBe(4);
    const failed = scenarioTests.filter((t) => t.score < t.maxScore);
    expect(failed.length).toBeGreaterThan(0);
    const out = failed[0]!.output;
    expect(out).toMatch(/seeds passed\. Failing seeds: \d+/);
    expect(out).toMatch(/Sent:  seed \d+: the smallest failing scenario found/);
    expect(out).toContain("runScenario({");
    expect(out).toContain('"stateTable": learner.createStateTable');
    expect(out).toMatch(/request +producer → broker-\d/);
  });
});
