import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission } from "../../lib/src/grader/grade.js";
import { EXERCISES, maxScoreOf } from "../../lib/src/grader/registry.js";
import { formatConsoleReport } from "../../lib/src/grader/report.js";
import { ensureBuilt, ROOT, tempSubmission } from "./helpers.js";

beforeAll(() => ensureBuilt());

describe("gradeSubmission", () => {
  it("gives the reference solutions full marks on every test of every exercise", async () => {
    const report = await gradeSubmission({ submission: join(ROOT, "solutions") });
    const failing = report.exercises.flatMap((e) => e.tests.filter((t) => t.score < t.maxScore).map((t) => `${t.name}\n${t.output}`));
    expect(failing).toEqual([]);
    expect(report.score).toBe(report.maxScore);
    expect(report.exercises.map((e) => e.stem)).toEqual(EXERCISES.map((e) => e.stem));
  });

  it("gives the untouched exercise stubs 0 on every test, and says they are not started", async () => {
    const report = await gradeSubmission({ submission: join(ROOT, "exercises") });
    const scored = report.exercises.flatMap((e) => e.tests.filter((t) => t.score > 0).map((t) => t.name));
    expect(scored).toEqual([]);
    expect(report.score).toBe(0);
    expect(report.maxScore).toBe(EXERCISES.reduce((s, e) => s + maxScoreOf(e), 0));
    const text = formatConsoleReport(report);
    for (const e of EXERCISES) expect(text).toContain(`Not started: the file still throws "not implemented yet". Open ${join(ROOT, "exercises", `${e.stem}.ts`)}`);
    expect(text.trim().split("\n").at(-1)).toBe(`Score: 0/${report.maxScore}`);
  });

  it("names every test '<stem>: …' with at least 8 tests per exercise, and the fixed file keeps the issue's example name", () => {
    expect(EXERCISES.length).toBeGreaterThanOrEqual(5);
    for (const e of EXERCISES) expect(e.tests.length).toBeGreaterThanOrEqual(8);
    const names = EXERCISES.flatMap((e) => e.tests.map((t) => `${e.stem}: ${t.name}`));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("sequence-validation: duplicate of a retained batch returns its original offsets");
  });

  it("scores a missing file 0 for its exercise with a message, and grades the files that are there", async () => {
    const dir = tempSubmission({ "in-sequence.ts": readFileSync(join(ROOT, "solutions", "in-sequence.ts"), "utf8") });
    const report = await gradeSubmission({ submission: dir });
    const byStem = new Map(report.exercises.map((e) => [e.stem, e]));
    expect(byStem.get("in-sequence")!.score).toBe(byStem.get("in-sequence")!.maxScore);
    for (const stem of ["delivery-check", "producer-config", "sequence-validation", "producer-sequences"]) {
      const e = byStem.get(stem)!;
      expect(e.score).toBe(0);
      expect(e.refused).toContain(`No file ${stem}.ts in ${dir}`);
      for (const t of e.tests) expect(t.output).toContain(`No file ${stem}.ts`);
    }
  });

  it("scores 0, with the reason, a file that imports the library or the reference solutions", async () => {
    const solution = readFileSync(join(ROOT, "solutions", "sequence-validation.ts"), "utf8");
    const viaLibrary = tempSubmission({
      "sequence-validation.ts": `import { ProducerStateManager } from "kafka-sim";\n${solution}\nexport const cheat = ProducerStateManager;\n`,
    });
    const viaSolutions = tempSubmission({
      "sequence-validation.ts": `export * from "${join(ROOT, "solutions", "sequence-validation.js").replace(/\\/g, "/")}";\n`,
    });
    const typeOnly = tempSubmission({ "sequence-validation.ts": `import type { ProducerStateEntry } from "kafka-sim";\n${solution}\nexport type S = ProducerStateEntry;\n` });
    for (const [dir, reason] of [
      [viaLibrary, "the library kafka-sim"],
      [viaSolutions, "the reference solutions (solutions/)"],
      [typeOnly, "the library kafka-sim"],
    ] as const) {
      const report = await gradeSubmission({ submission: dir, only: ["sequence-validation"] });
      const e = report.exercises[0]!;
      expect(e.score).toBe(0);
      expect(e.refused).toContain("only Node built-ins and relative files of your own may be imported");
      expect(e.refused).toContain(reason);
    }
  });

  it("reports a file that does not compile with its line, and scores it 0", async () => {
    const dir = tempSubmission({ "in-sequence.ts": "export function nextSequence(seq: number): number {\n  return seq +;\n}\n" });
    const report = await gradeSubmission({ submission: dir, only: ["in-sequence"] });
    expect(report.exercises[0]!.score).toBe(0);
    expect(report.exercises[0]!.refused).toMatch(/in-sequence\.ts:2:\d+/);
  });

  it("refuses an unknown exercise or a missing folder (the grader's own error, not a score)", async () => {
    await expect(gradeSubmission({ only: ["no-such-exercise"] })).rejects.toThrow(/unknown exercise no-such-exercise; the exercises are: in-sequence/);
    await expect(gradeSubmission({ submission: join(ROOT, "no-such-folder") })).rejects.toThrow(/no such folder/);
  });
});
