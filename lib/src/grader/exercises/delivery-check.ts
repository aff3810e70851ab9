/**
 * Grader tests for exercise 2, delivery-check: the history checker (duplicated, lost, reordered, unexpected).
 * Lists are compared as sets: the order inside each list does not matter, but each id must appear once.
 */
import { callTest, need, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, LearnerExports } from "../types.js";

const stem = "delivery-check";
const KEYS = ["duplicated", "lost", "reordered", "unexpected"] as const;
type Report = Record<(typeof KEYS)[number], string[]>;

function sameSet(got: unknown, expected: string[]): boolean {
  if (!Array.isArray(got) || got.length !== expected.length) return false;
  return [...got].map(String).sort().join("\u0000") === [...expected].sort().join("\u0000");
}

function check(sent: string[], acknowledged: string[], log: string[], expected: Partial<Report>, why: string): Check<LearnerExports> {
  const full: Report = { duplicated: [], lost: [], reordered: [], unexpected: [], ...expected };
  return {
    sent: `checkDelivery(${show(sent)}, ${show(acknowledged)}, ${show(log)})`,
    call: (m) => need<(s: string[], a: string[], l: string[]) => unknown>(m, "checkDelivery", stem)([...sent], [...acknowledged], [...log]),
    verify: (got) => {
      if (typeof got !== "object" || got === null) return `${show(full)} — ${why}`;
      const wrong = KEYS.filter((k) => !sameSet((got as Record<string, unknown>)[k], full[k]));
      return wrong.length === 0 ? undefined : `${show(full)} (wrong: ${wrong.join(", ")}) — ${why}`;
    },
  };
}

const ids = (n: number, prefix = "r") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export const deliveryCheckExercise: ExerciseDefinition = {
  stem,
  title: "a history checker: duplicated, lost, reordered, unexpected",
  tests: [
    callTest({
      stem, name: "a clean history reports nothing", points: 1,
      hint: "When the log holds exactly what was sent, once each and in order, every list is empty.",
      checks: [
        check(["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"], {}, "every record exactly once, in order"),
        check([], [], [], {}, "nothing sent, nothing written"),
      ],
    }),
    callTest({
      stem, name: "duplicates are listed once each", points: 2,
      hint: "Count how often each id appears in the log; list every id seen more than once, once.",
      checks: [
        check(["a", "b"], ["a", "b"], ["a", "b", "b"], { duplicated: ["b"] }, "b was written twice (a retry the broker did not recognise)"),
        check(["a", "b"], ["a", "b"], ["a", "a", "a", "b", "b"], { duplicated: ["a", "b"] }, "a three times and b twice: each listed once"),
      ],
    }),
    callTest({
      stem, name: "an acknowledged record missing from the log is lost", points: 2,
      hint: "Lost means the producer was told \"written\" and the record is not there.",
      checks: [check(["a", "b", "c"], ["a", "b", "c"], ["a", "c"], { lost: ["b"] }, "b was acknowledged but is not in the log")],
    }),
    callTest({
      stem, name: "a missing record that was never acknowledged is not lost", points: 2,
      hint: "If the producer never got a success for it, the application knows it failed: that is not a lost write.",
      checks: [
        check(["a", "b", "c"], ["a", "c"], ["a", "c"], {}, "b failed and the producer was told so (at-most-once may drop it)"),
        check(["a", "b"], [], [], {}, "nothing acknowledged: nothing can be lost"),
      ],
    }),
    callTest({
      stem, name: "a record after one sent later is reordered", points: 2,
      hint: "Walk the log in order, remembering the latest send position seen so far; a record sent before that is out of order.",
      checks: [
        check(["a", "b", "c"], ["a", "b", "c"], ["b", "a", "c"], { reordered: ["a"] }, "b was sent after a but written before it"),
        check(["a", "b", "c"], ["a", "b", "c"], ["c", "a", "b"], { reordered: ["a", "b"] }, "c came first, so a and b are both behind a later record"),
      ],
    }),
    callTest({
      stem, name: "order is judged by first appearances", points: 1,
      hint: "A duplicate later in the log does not make the record reordered: use where each id first appears.",
      checks: [check(["a", "b"], ["a", "b"], ["a", "b", "a"], { duplicated: ["a"] }, "a first appears before b: in order, but duplicated")],
    }),
    callTest({
      stem, name: "records never sent are unexpected", points: 1,
      hint: "Anything in the log that is not in `sent` is unexpected (listed once).",
      checks: [check(["a"], ["a"], ["a", "x", "x"], { unexpected: ["x"], duplicated: ["x"] }, "x was never sent (and it is there twice)")],
    }),
    callTest({
      stem, name: "everything at once", points: 2,
      hint: "The four lists are independent: check each one on its own.",
      checks: [
        check(
          ["a", "b", "c", "d", "e"], ["a", "b", "d", "e"], ["a", "d", "b", "d", "z"],
          { duplicated: ["d"], lost: ["e"], reordered: ["b"], unexpected: ["z"] },
          "d twice; e acknowledged but missing (c was never acknowledged); b after d; z never sent",
        ),
      ],
    }),
    callTest({
      stem, name: "a long clean history is checked quickly and correctly", points: 1,
      hint: "Use a Map or Set: checking 20000 records must not compare every pair.",
      timeoutMs: 4000,
      checks: [check(ids(20000), ids(20000), ids(20000), {}, "20000 records, each once and in order")],
    }),
  ],
};
