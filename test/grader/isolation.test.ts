/**
 * Submissions that loop, throw, call process.exit, kill their process, or misbehave while loading: the grader
 * finishes, fails only the tests they spoil, and grades the rest.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission, type ExerciseResult } from "../../lib/src/grader/grade.js";
import { ensureBuilt, FAST, FIXTURES, ROOT, tempSubmission } from "./helpers.js";

beforeAll(() => ensureBuilt());

async function grade(fixture: string): Promise<ExerciseResult> {
  const report = await gradeSubmission({ submission: join(FIXTURES, "misbehaving", fixture), only: ["sequence-validation"], ...FAST });
  return report.exercises[0]!;
}

const test = (e: ExerciseResult, fragment: string) => {
  const t = e.tests.find((x) => x.name.includes(fragment));
  if (!t) throw new Error(`no test named like ${fragment}`);
  return t;
};

describe("isolation of learner code", () => {
  it("a loop fails only the tests that reach it, as 'timed out'; the rest is graded", async () => {
    const e = await grade("looping");
    const wrap = test(e, "ProducerStateTable: sequences wrap after 2147483647");
    expect(wrap.score).toBe(0);
    expect(wrap.output).toMatch(/^timed out/);
    const dup = test(e, "duplicate of a retained batch returns its original offsets");
    expect(dup.score).toBe(dup.maxScore);
    for (const t of e.tests.filter((x) => x.name.includes("simulated broker"))) expect(t.score).toBe(t.maxScore);
    expect(e.score).toBeGreaterThan(0);
    expect(e.score).toBeLessThan(e.maxScore);
  });

  it("a throw fails only the tests that reach it, with the error", async () => {
    const e = await grade("throwing");
    const bump = test(e, "an epoch bump starts afresh");
    expect(bump.score).toBe(0);
    expect(bump.output).toContain("threw TypeError: epochs above 0 are not supported by this table");
    const keep = test(e, "keeps the last 5 batches");
    expect(keep.score).toBe(keep.maxScore);
    const epochScenarios = test(e, "simulated broker: epoch bumps");
    expect(epochScenarios.score).toBeLessThan(epochScenarios.maxScore);
    expect(epochScenarios.output).toContain("your ProducerStateTable threw");
    expect(test(e, "simulated broker: lost responses").score).toBe(4);
  });

  it("process.exit fails only the test that called it", async () => {
    const e = await grade("exiting");
    const stale = test(e, "a stale epoch is INVALID_PRODUCER_EPOCH");
    expect(stale.score).toBe(0);
    expect(stale.output).toContain("process.exit(3) was called");
    const gap = test(e, "a gap is OUT_OF_ORDER_SEQUENCE_NUMBER");
    expect(gap.score).toBe(gap.maxScore);
    expect(e.score).toBeGreaterThan(0);
  });

  it("a process that kills itself fails the running test; a fresh process grades the rest", async () => {
    const e = await grade("killing");
    const wrap = test(e, "a batch that wraps gets the right lastOffset");
    expect(wrap.score).toBe(0);
    expect(wrap.output).toContain("The process running your code ended during this test");
    const next = test(e, "sequences wrap after 2147483647");
    expect(next.output).toContain("ended during this test");
    for (const t of e.tests.filter((x) => x.name.includes("simulated broker"))) expect(t.score).toBe(t.maxScore);
    expect(e.score).toBeGreaterThan(e.maxScore / 2);
  });

  it("a loop at the top level of the file fails every test of the exercise, once, after the load time limit", async () => {
    const report = await gradeSubmission({
      submission: join(FIXTURES, "misbehaving", "top-level-loop"), only: ["sequence-validation"], loadTimeoutMs: 1500,
    });
    const e = report.exercises[0]!;
    expect(e.score).toBe(0);
    for (const t of e.tests) expect(t.output).toContain("loading the file took longer than 1500 ms");
  });

  it("a throw at the top level fails every test with the error", async () => {
    const e = await grade("top-level-throw");
    expect(e.score).toBe(0);
    for (const t of e.tests) expect(t.output).toContain("threw Error: this module refuses to load");
  });

  it("a submission cannot read solutions/ or start processes (the children run under Node's permission model)", async () => {
    const solution = join(ROOT, "solutions", "in-sequence.ts").replace(/\\/g, "/");
    const dir = tempSubmission({
      "in-sequence.ts": [
        'import { readFileSync } from "node:fs";',
        'import { execFileSync } from "node:child_process";',
        "export function nextSequence(seq: number): number {",
        `  readFileSync(${JSON.stringify(solution)}, "utf8");`,
        "  return seq + 1;",
        "}",
        "export function lastSequence(first: number, n: number): number {",
        '  execFileSync("true");',
        "  return first + n - 1;",
        "}",
      ].join("\n"),
    });
    const report = await gradeSubmission({ submission: dir, only: ["in-sequence"] });
    const e = report.exercises[0]!;
    const read = e.tests.find((t) => t.name === "in-sequence: nextSequence adds one")!;
    expect(read.score).toBe(0);
    expect(read.output).toMatch(/threw Error: Access to this API has been restricted/);
    const spawn = e.tests.find((t) => t.name === "in-sequence: lastSequence of a batch that does not wrap")!;
    expect(spawn.score).toBe(0);
    expect(spawn.output).toMatch(/Access to this API has been restricted/);
  });
});
