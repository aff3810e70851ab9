/**
 * Grader tests for exercise 1, in-sequence: sequence arithmetic that wraps after Int32 max
 * (Kafka: DefaultRecordBatch.incrementSequence, ProducerAppendInfo.inSequence).
 */
import { callTest, need, type Check } from "../feedback.js";
import { runScript, type ScriptResult } from "../remote.js";
import type { ExerciseDefinition, LearnerExports } from "../types.js";

const stem = "in-sequence";
const MAX = 2147483647;

type Fn = (a: number, b?: number) => unknown;
const fn = (m: LearnerExports, name: string) => need<Fn>(m, name, stem);

function call(name: string, args: number[], expect: unknown, why: string): Check<LearnerExports> {
  return { sent: `${name}(${args.join(", ")})`, call: (m) => fn(m, name)(...(args as [number, number])), expect, why };
}

export const inSequenceExercise: ExerciseDefinition = {
  stem,
  title: "sequence numbers that wrap after 2147483647",
  tests: [
    callTest({
      stem, name: "nextSequence adds one", points: 1,
      hint: "The next sequence is one more than the current one, as long as that stays a Java int.",
      checks: [call("nextSequence", [41], 42, "sequences go up by one"), call("nextSequence", [0], 1, "sequences go up by one")],
    }),
    callTest({
      stem, name: "nextSequence wraps to 0 after 2147483647", points: 1,
      hint: "Sequence numbers are Java ints: 2147483647 + 1 overflows, and Kafka wraps to 0 (not to a negative number).",
      checks: [
        call("nextSequence", [MAX], 0, "after Int32 max the sequence starts again at 0"),
        call("nextSequence", [MAX - 1], MAX, "2147483647 itself is still a valid sequence"),
      ],
    }),
    callTest({
      stem, name: "lastSequence of a batch that does not wrap", points: 1,
      hint: "A batch of n records starting at s covers s, s+1, …, s+n−1.",
      checks: [
        call("lastSequence", [10, 5], 14, "5 records from 10 are 10, 11, 12, 13, 14"),
        call("lastSequence", [0, 1], 0, "a single record starts and ends at the same sequence"),
      ],
    }),
    callTest({
      stem, name: "lastSequence wraps after 2147483647", points: 2,
      hint: "Count past 2147483647 and continue from 0: 2147483646, 2147483647, 0, 1 are four records.",
      checks: [
        call("lastSequence", [MAX - 1, 4], 1, "2147483646, 2147483647, 0, 1"),
        call("lastSequence", [MAX, 1], MAX, "one record at 2147483647 ends there"),
        call("lastSequence", [MAX - 4, 5], MAX, "the batch ends exactly at Int32 max: no wrap yet"),
        call("lastSequence", [MAX, 2], 0, "2147483647 then 0"),
      ],
    }),
    callTest({
      stem, name: "recordCount of a batch that does not wrap", points: 1,
      hint: "Both ends are included: from 10 to 14 is 5 records.",
      checks: [call("recordCount", [10, 14], 5, "10…14 inclusive"), call("recordCount", [7, 7], 1, "one record")],
    }),
    callTest({
      stem, name: "recordCount of a batch that wraps", points: 2,
      hint: "When lastSeq < firstSeq the batch went through 2147483647 and on from 0: count both parts.",
      checks: [
        call("recordCount", [MAX - 1, 1], 4, "2147483646, 2147483647, 0, 1"),
        call("recordCount", [MAX, 0], 2, "2147483647, 0"),
      ],
    }),
    callTest({
      stem, name: "inSequence accepts exactly the next sequence", points: 1,
      hint: "The broker writes a batch only when it starts right after the last one it wrote.",
      checks: [
        call("inSequence", [14, 15], true, "15 follows 14"),
        call("inSequence", [-1, 0], true, "with nothing written yet (-1), the first batch starts at 0"),
      ],
    }),
    callTest({
      stem, name: "inSequence refuses gaps and repeats", points: 2,
      hint: "Only lastSeq + 1 is in sequence: a gap means records are missing, a repeat or an overlap means they are resent.",
      checks: [
        call("inSequence", [14, 16], false, "a gap: sequence 15 is missing"),
        call("inSequence", [14, 14], false, "a repeat, not the next one"),
        call("inSequence", [14, 10], false, "going back: an overlap"),
        call("inSequence", [-1, 5], false, "after -1 only 0 follows"),
      ],
    }),
    callTest({
      stem, name: "inSequence: 0 follows 2147483647", points: 2,
      hint: "After Int32 max the next sequence is 0, so 0 is in sequence after 2147483647 (and only after it, or after -1).",
      checks: [
        call("inSequence", [MAX, 0], true, "the sequence wrapped"),
        call("inSequence", [MAX - 1, MAX], true, "2147483647 follows 2147483646"),
        call("inSequence", [MAX - 1, 0], false, "0 follows only 2147483647 (or -1)"),
        call("inSequence", [MAX, 1], false, "after 2147483647 comes 0, not 1"),
      ],
    }),
    callTest({
      stem, name: "the four functions agree across the wrap", points: 2,
      hint: "lastSequence and recordCount are inverses; the batch after [first…last] starts at nextSequence(last).",
      checks: [
        {
          sent: "for each (first, n) near the wrap: recordCount(first, lastSequence(first, n)) and inSequence(lastSequence(first, n), nextSequence(lastSequence(first, n)))",
          call: (m) => {
            for (const name of ["lastSequence", "recordCount", "nextSequence", "inSequence"]) fn(m, name);
            const pairs: [number, number][] = [];
            for (const first of [0, 1, 1000, MAX - 10, MAX - 1, MAX]) for (const n of [1, 2, 5, 11, 12, 100]) pairs.push([first, n]);
            // Three round trips, each built from the answers of the one before.
            const values = (answers: ScriptResult[]) => answers.map((a) => {
              if (!a.ok) throw a.error;
              return a.value;
            });
            const call = (name: string, ...args: unknown[]) => ({ op: "call" as const, name, args });
            const lasts = values(runScript(m, pairs.map(([first, n]) => call("lastSequence", first, n)))) as number[];
            const counted = values(runScript(m, pairs.flatMap(([first], i) => [call("recordCount", first, lasts[i]), call("nextSequence", lasts[i])])));
            const follows = values(runScript(m, pairs.map((_, i) => call("inSequence", lasts[i], counted[2 * i + 1]))));
            const wrong: string[] = [];
            pairs.forEach(([first, n], i) => {
              const l = lasts[i]!;
              if (counted[2 * i] !== n) wrong.push(`recordCount(${first}, lastSequence(${first}, ${n}) = ${l}) = ${String(counted[2 * i])}, not ${n}`);
              if (follows[i] !== true) wrong.push(`inSequence(${l}, nextSequence(${l})) is not true`);
            });
            return wrong;
          },
          expect: [],
          why: "no wrong combination",
        },
      ],
    }),
  ],
};
