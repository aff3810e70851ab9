/**
 * Grader tests for exercise 2, delivery-check: the history checker (duplicated, lost, reordered, unexpected).
 * Lists are compared as sets: the order inside each list does not matter, but each id must appear once.
 */
import { tr } from "../../kernel/locale.js";
import { callTest, need, show, type Check } from "../feedback.js";
import type { ExerciseDefinition, LearnerExports, Text } from "../types.js";

const stem = "delivery-check";
const KEYS = ["duplicated", "lost", "reordered", "unexpected"] as const;
type Report = Record<(typeof KEYS)[number], string[]>;

function sameSet(got: unknown, expected: string[]): boolean {
  if (!Array.isArray(got) || got.length !== expected.length) return false;
  return [...got].map(String).sort().join("\u0000") === [...expected].sort().join("\u0000");
}

function check(sent: string[], acknowledged: string[], log: string[], expected: Partial<Report>, why: Text): Check<LearnerExports> {
  const full: Report = { duplicated: [], lost: [], reordered: [], unexpected: [], ...expected };
  return {
    sent: `checkDelivery(${show(sent)}, ${show(acknowledged)}, ${show(log)})`,
    call: (m) => need<(s: string[], a: string[], l: string[]) => unknown>(m, "checkDelivery", stem)([...sent], [...acknowledged], [...log]),
    verify: (got) => {
      if (typeof got !== "object" || got === null) return `${show(full)} — ${tr(why)}`;
      const wrong = KEYS.filter((k) => !sameSet((got as Record<string, unknown>)[k], full[k]));
      return wrong.length === 0 ? undefined : `${show(full)} (${tr({ en: "wrong", ko: "틀림" })}: ${wrong.join(", ")}) — ${tr(why)}`;
    },
  };
}

const ids = (n: number, prefix = "r") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export const deliveryCheckExercise: ExerciseDefinition = {
  stem,
  title: { en: "a history checker: duplicated, lost, reordered, unexpected", ko: "이력 검사기: 중복, 유실, 순서 역전, 보낸 적 없는 레코드" },
  tests: [
    callTest({
      stem, name: { en: "a clean history reports nothing", ko: "깨끗한 이력에서는 아무것도 보고하지 않습니다" }, points: 1,
      hint: { en: "When the log holds exactly what was sent, once each and in order, every list is empty.", ko: "로그에 보낸 레코드가 정확히 한 번씩, 순서대로 있으면 모든 목록이 비어 있습니다." },
      checks: [
        check(["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"], {}, { en: "every record exactly once, in order", ko: "모든 레코드가 정확히 한 번씩, 순서대로 있습니다" }),
        check([], [], [], {}, { en: "nothing sent, nothing written", ko: "보낸 것도 적재된 것도 없습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "duplicates are listed once each", ko: "중복은 레코드마다 한 번씩만 나열합니다" }, points: 2,
      hint: { en: "Count how often each id appears in the log; list every id seen more than once, once.", ko: "id마다 로그에 몇 번 나오는지 세세요. 두 번 이상 나온 id를 한 번씩 나열합니다." },
      checks: [
        check(["a", "b"], ["a", "b"], ["a", "b", "b"], { duplicated: ["b"] }, { en: "b was written twice (a retry the broker did not recognise)", ko: "b가 두 번 적재되었습니다 (브로커가 알아보지 못한 재시도)" }),
        check(["a", "b"], ["a", "b"], ["a", "a", "a", "b", "b"], { duplicated: ["a", "b"] }, { en: "a three times and b twice: each listed once", ko: "a는 세 번, b는 두 번 있습니다. 각각 한 번씩 나열합니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "an acknowledged record missing from the log is lost", ko: "확인 응답을 받았는데 로그에 없는 레코드는 유실입니다" }, points: 2,
      hint: { en: "Lost means the producer was told \"written\" and the record is not there.", ko: "유실은 프로듀서가 \"적재됨\" 응답을 받았는데 레코드가 로그에 없다는 뜻입니다." },
      checks: [check(["a", "b", "c"], ["a", "b", "c"], ["a", "c"], { lost: ["b"] }, { en: "b was acknowledged but is not in the log", ko: "b는 확인 응답을 받았지만 로그에 없습니다" })],
    }),
    callTest({
      stem, name: { en: "a missing record that was never acknowledged is not lost", ko: "확인 응답을 받지 않은 레코드가 없으면 유실이 아닙니다" }, points: 2,
      hint: { en: "If the producer never got a success for it, the application knows it failed: that is not a lost write.", ko: "프로듀서가 성공 응답을 받지 못했다면 애플리케이션은 실패를 압니다. 이것은 유실이 아닙니다." },
      checks: [
        check(["a", "b", "c"], ["a", "c"], ["a", "c"], {}, { en: "b failed and the producer was told so (at-most-once may drop it)", ko: "b는 실패했고 프로듀서도 그렇게 전달받았습니다 (최대 한 번에서는 버려질 수 있습니다)" }),
        check(["a", "b"], [], [], {}, { en: "nothing acknowledged: nothing can be lost", ko: "확인 응답을 받은 것이 없으니 유실될 것도 없습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "a record after one sent later is reordered", ko: "나중에 보낸 레코드 뒤에 있는 레코드는 순서 역전입니다" }, points: 2,
      hint: { en: "Walk the log in order, remembering the latest send position seen so far; a record sent before that is out of order.", ko: "로그를 앞에서부터 읽으면서 지금까지 본 가장 늦은 전송 위치를 기억하세요. 그보다 먼저 보낸 레코드는 순서가 뒤바뀐 것입니다." },
      checks: [
        check(["a", "b", "c"], ["a", "b", "c"], ["b", "a", "c"], { reordered: ["a"] }, { en: "b was sent after a but written before it", ko: "b는 a보다 나중에 보냈지만 먼저 적재되었습니다" }),
        check(["a", "b", "c"], ["a", "b", "c"], ["c", "a", "b"], { reordered: ["a", "b"] }, { en: "c came first, so a and b are both behind a later record", ko: "c가 먼저 왔습니다. 그래서 a와 b는 둘 다 나중에 보낸 레코드 뒤에 있습니다" }),
      ],
    }),
    callTest({
      stem, name: { en: "order is judged by first appearances", ko: "순서는 처음 나온 위치로 판단합니다" }, points: 1,
      hint: { en: "A duplicate later in the log does not make the record reordered: use where each id first appears.", ko: "로그 뒤쪽의 중복 때문에 순서 역전이 되지는 않습니다. id마다 처음 나온 위치를 쓰세요." },
      checks: [check(["a", "b"], ["a", "b"], ["a", "b", "a"], { duplicated: ["a"] }, { en: "a first appears before b: in order, but duplicated", ko: "a는 b보다 먼저 처음 나옵니다. 순서는 맞지만 중복입니다" })],
    }),
    callTest({
      stem, name: { en: "records never sent are unexpected", ko: "보낸 적 없는 레코드는 unexpected입니다" }, points: 1,
      hint: { en: "Anything in the log that is not in `sent` is unexpected (listed once).", ko: "로그에 있지만 `sent`에 없는 것은 unexpected입니다 (한 번만 나열합니다)." },
      checks: [check(["a"], ["a"], ["a", "x", "x"], { unexpected: ["x"], duplicated: ["x"] }, { en: "x was never sent (and it is there twice)", ko: "x는 보낸 적이 없습니다 (그런데 두 번 있습니다)" })],
    }),
    callTest({
      stem, name: { en: "everything at once", ko: "모든 경우를 한꺼번에" }, points: 2,
      hint: { en: "The four lists are independent: check each one on its own.", ko: "네 목록은 서로 독립입니다. 하나씩 따로 검사하세요." },
      checks: [
        check(
          ["a", "b", "c", "d", "e"], ["a", "b", "d", "e"], ["a", "d", "b", "d", "z"],
          { duplicated: ["d"], lost: ["e"], reordered: ["b"], unexpected: ["z"] },
          { en: "d twice; e acknowledged but missing (c was never acknowledged); b after d; z never sent", ko: "d는 두 번, e는 확인 응답을 받았지만 없음 (c는 확인 응답을 받지 않음), b는 d 뒤, z는 보낸 적 없음" },
        ),
      ],
    }),
    callTest({
      stem, name: { en: "a long clean history is checked quickly and correctly", ko: "긴 깨끗한 이력도 빠르고 정확하게 검사합니다" }, points: 1,
      hint: { en: "Use a Map or Set: checking 20000 records must not compare every pair.", ko: "Map이나 Set을 쓰세요. 레코드 20000개를 검사할 때 모든 쌍을 비교하면 안 됩니다." },
      timeoutMs: 4000,
      checks: [check(ids(20000), ids(20000), ids(20000), {}, { en: "20000 records, each once and in order", ko: "레코드 20000개가 한 번씩, 순서대로 있습니다" })],
    }),
  ],
};
