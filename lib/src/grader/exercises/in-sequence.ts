/**
 * Grader tests for exercise 1, in-sequence: sequence arithmetic that wraps after Int32 max
 * (Kafka: DefaultRecordBatch.incrementSequence, ProducerAppendInfo.inSequence).
 */
import { tr } from "../../kernel/locale.js";
import { callTest, need, type Check } from "../feedback.js";
import { runScript, type ScriptResult } from "../remote.js";
import type { ExerciseDefinition, LearnerExports, Text } from "../types.js";

const stem = "in-sequence";
const MAX = 2147483647;

type Fn = (a: number, b?: number) => unknown;
const fn = (m: LearnerExports, name: string) => need<Fn>(m, name, stem);

function call(name: string, args: number[], expect: unknown, why: Text): Check<LearnerExports> {
  return { sent: `${name}(${args.join(", ")})`, call: (m) => fn(m, name)(...(args as [number, number])), expect, why };
}

export const inSequenceExercise: ExerciseDefinition = {
  stem,
  title: { en: "sequence numbers that wrap after 2147483647", ko: "2147483647 다음에 되돌아가는 시퀀스 번호" },
  tests: [
    callTest({
      stem, name: { en: "nextSequence adds one", ko: "nextSequence는 1을 더합니다" }, points: 1,
      hint: { en: "The next sequence is one more than the current one, as long as that stays a Java int.", ko: "다음 시퀀스 번호는 지금 번호보다 1 큽니다. 단, Java int 범위 안에서만 그렇습니다." },
      checks: [call("nextSequence", [41], 42, { en: "sequences go up by one", ko: "시퀀스 번호는 1씩 올라갑니다" }), call("nextSequence", [0], 1, { en: "sequences go up by one", ko: "시퀀스 번호는 1씩 올라갑니다" })],
    }),
    callTest({
      stem, name: { en: "nextSequence wraps to 0 after 2147483647", ko: "nextSequence는 2147483647 다음에 0으로 되돌아갑니다" }, points: 1,
      hint: { en: "Sequence numbers are Java ints: 2147483647 + 1 overflows, and Kafka wraps to 0 (not to a negative number).", ko: "시퀀스 번호는 Java int입니다. 2147483647 + 1은 넘칩니다. Kafka는 음수가 아니라 0으로 되돌아갑니다." },
      checks: [
        call("nextSequence", [MAX], 0, { en: "after Int32 max the sequence starts again at 0", ko: "Int32 최댓값 다음에는 시퀀스 번호가 0부터 다시 시작합니다" }),
        call("nextSequence", [MAX - 1], MAX, { en: "2147483647 itself is still a valid sequence", ko: "2147483647 자체는 아직 올바른 시퀀스 번호입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "lastSequence of a batch that does not wrap", ko: "되돌아가지 않는 배치의 lastSequence" }, points: 1,
      hint: { en: "A batch of n records starting at s covers s, s+1, …, s+n−1.", ko: "s에서 시작하는 레코드 n개짜리 배치는 s, s+1, …, s+n−1을 차지합니다." },
      checks: [
        call("lastSequence", [10, 5], 14, { en: "5 records from 10 are 10, 11, 12, 13, 14", ko: "10부터 레코드 5개는 10, 11, 12, 13, 14입니다" }),
        call("lastSequence", [0, 1], 0, { en: "a single record starts and ends at the same sequence", ko: "레코드가 하나면 같은 시퀀스 번호에서 시작하고 끝납니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "lastSequence wraps after 2147483647", ko: "lastSequence는 2147483647 다음에 되돌아갑니다" }, points: 2,
      hint: { en: "Count past 2147483647 and continue from 0: 2147483646, 2147483647, 0, 1 are four records.", ko: "2147483647을 넘으면 0부터 이어서 셉니다. 2147483646, 2147483647, 0, 1은 레코드 4개입니다." },
      checks: [
        call("lastSequence", [MAX - 1, 4], 1, { en: "2147483646, 2147483647, 0, 1", ko: "2147483646, 2147483647, 0, 1" }),
        call("lastSequence", [MAX, 1], MAX, { en: "one record at 2147483647 ends there", ko: "2147483647에 있는 레코드 하나는 거기서 끝납니다" }),
        call("lastSequence", [MAX - 4, 5], MAX, { en: "the batch ends exactly at Int32 max: no wrap yet", ko: "배치가 정확히 Int32 최댓값에서 끝납니다. 아직 되돌아가지 않습니다" }),
        call("lastSequence", [MAX, 2], 0, { en: "2147483647 then 0", ko: "2147483647 다음은 0입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "recordCount of a batch that does not wrap", ko: "되돌아가지 않는 배치의 recordCount" }, points: 1,
      hint: { en: "Both ends are included: from 10 to 14 is 5 records.", ko: "양 끝을 모두 셉니다. 10부터 14까지는 레코드 5개입니다." },
      checks: [call("recordCount", [10, 14], 5, { en: "10…14 inclusive", ko: "10…14, 양 끝 포함" }), call("recordCount", [7, 7], 1, { en: "one record", ko: "레코드 하나" })],
    }),
    callTest({
      stem, name: { en: "recordCount of a batch that wraps", ko: "되돌아가는 배치의 recordCount" }, points: 2,
      hint: { en: "When lastSeq < firstSeq the batch went through 2147483647 and on from 0: count both parts.", ko: "lastSeq < firstSeq이면 배치가 2147483647을 지나 0부터 이어진 것입니다. 두 부분을 모두 세세요." },
      checks: [
        call("recordCount", [MAX - 1, 1], 4, { en: "2147483646, 2147483647, 0, 1", ko: "2147483646, 2147483647, 0, 1" }),
        call("recordCount", [MAX, 0], 2, { en: "2147483647, 0", ko: "2147483647, 0" }),
      ],
    }),
    callTest({
      stem, name: { en: "inSequence accepts exactly the next sequence", ko: "inSequence는 정확히 다음 시퀀스 번호만 받아들입니다" }, points: 1,
      hint: { en: "The broker writes a batch only when it starts right after the last one it wrote.", ko: "브로커는 마지막으로 적재한 배치 바로 다음에서 시작하는 배치만 적재합니다." },
      checks: [
        call("inSequence", [14, 15], true, { en: "15 follows 14", ko: "14 다음은 15입니다" }),
        call("inSequence", [-1, 0], true, { en: "with nothing written yet (-1), the first batch starts at 0", ko: "아직 적재한 것이 없으면(-1) 첫 배치는 0에서 시작합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "inSequence refuses gaps and repeats", ko: "inSequence는 빈틈과 반복을 거부합니다" }, points: 2,
      hint: { en: "Only lastSeq + 1 is in sequence: a gap means records are missing, a repeat or an overlap means they are resent.", ko: "lastSeq + 1만 순서에 맞습니다. 빈틈은 레코드가 빠졌다는 뜻이고, 반복이나 겹침은 재전송되었다는 뜻입니다." },
      checks: [
        call("inSequence", [14, 16], false, { en: "a gap: sequence 15 is missing", ko: "빈틈입니다. 시퀀스 번호 15가 빠졌습니다" }),
        call("inSequence", [14, 14], false, { en: "a repeat, not the next one", ko: "반복입니다. 다음 번호가 아닙니다" }),
        call("inSequence", [14, 10], false, { en: "going back: an overlap", ko: "뒤로 갑니다. 겹침입니다" }),
        call("inSequence", [-1, 5], false, { en: "after -1 only 0 follows", ko: "-1 다음에는 0만 올 수 있습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "inSequence: 0 follows 2147483647", ko: "inSequence: 2147483647 다음은 0입니다" }, points: 2,
      hint: { en: "After Int32 max the next sequence is 0, so 0 is in sequence after 2147483647 (and only after it, or after -1).", ko: "Int32 최댓값 다음 시퀀스 번호는 0입니다. 그래서 0은 2147483647 다음에 순서가 맞습니다 (그 뒤나 -1 뒤에서만 그렇습니다)." },
      checks: [
        call("inSequence", [MAX, 0], true, { en: "the sequence wrapped", ko: "시퀀스 번호가 되돌아갔습니다" }),
        call("inSequence", [MAX - 1, MAX], true, { en: "2147483647 follows 2147483646", ko: "2147483646 다음은 2147483647입니다" }),
        call("inSequence", [MAX - 1, 0], false, { en: "0 follows only 2147483647 (or -1)", ko: "0은 2147483647(또는 -1) 다음에만 옵니다" }),
        call("inSequence", [MAX, 1], false, { en: "after 2147483647 comes 0, not 1", ko: "2147483647 다음은 1이 아니라 0입니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "the four functions agree across the wrap", ko: "네 함수는 되돌아가는 지점에서도 서로 맞아떨어집니다" }, points: 2,
      hint: { en: "lastSequence and recordCount are inverses; the batch after [first…last] starts at nextSequence(last).", ko: "lastSequence와 recordCount는 서로 역함수입니다. [first…last] 다음 배치는 nextSequence(last)에서 시작합니다." },
      checks: [
        {
          get sent() {
            return tr({
            en: "for each (first, n) near the wrap: recordCount(first, lastSequence(first, n)) and inSequence(lastSequence(first, n), nextSequence(lastSequence(first, n)))",
            ko: "되돌아가는 지점 근처의 (first, n)마다: recordCount(first, lastSequence(first, n))와 inSequence(lastSequence(first, n), nextSequence(lastSequence(first, n)))",
            });
          },
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
              const count = `recordCount(${first}, lastSequence(${first}, ${n}) = ${l}) = ${String(counted[2 * i])}`;
              if (counted[2 * i] !== n) wrong.push(tr({ en: `${count}, not ${n}`, ko: `${count}, ${n}이(가) 아닙니다` }));
              if (follows[i] !== true) wrong.push(tr({ en: `inSequence(${l}, nextSequence(${l})) is not true`, ko: `inSequence(${l}, nextSequence(${l}))가 true가 아닙니다` }));
            });
            return wrong;
          },
          expect: [],
          why: { en: "no wrong combination", ko: "틀린 조합이 없어야 합니다" },
        },
      ],
    }),
  ],
};
