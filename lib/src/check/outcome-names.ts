/**
 * What each outcome is called where a reader sees it. The data keep their names — the checker's `Outcome`
 * values (`"lost-acknowledged"`) and the figures' outcome labels (`"lost (acknowledged)"`, OUTCOME_COLORS' keys) —
 * because programs compare them; a table or a figure translates them when it draws, with `outcomeText`.
 * The Korean words are those of the term table, notebooks/ko/용어.md.
 */
import { currentLang } from "../kernel/locale.js";
import type { Outcome } from "./checker.js";

/** The Korean word for each outcome, under the checker's name and under the figures' label. */
const KOREAN: Readonly<Record<string, string>> = {
  "delivered-once": "정확히 한 번 적재됨",
  "delivered once": "정확히 한 번 적재됨",
  duplicated: "중복",
  reordered: "순서 역전",
  "lost-acknowledged": "확인 응답 후 유실",
  "lost (acknowledged)": "확인 응답 후 유실",
  "lost-unacknowledged": "확인 응답 없이 유실",
  "lost (unacknowledged)": "확인 응답 없이 유실",
};

/**
 * An outcome as the reader's language writes it: in English the name as given (`"lost-acknowledged"`,
 * `"lost (acknowledged)"`), in Korean the term table's word (확인 응답 후 유실). A value that is no outcome is
 * returned as it is.
 */
export function outcomeText(value: Outcome | string): string {
  if (currentLang() !== "ko") return value;
  return Object.prototype.hasOwnProperty.call(KOREAN, value) ? KOREAN[value]! : value;
}

/** The checker's problem sentences (CheckResult.problems, English: they are part of a run's history) in Korean. */
const PROBLEM_RULES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^record (\S+) \(sent before (\S+)\) is at offset (\d+) of (\S+), after \2 at offset (\d+)$/, (m) => `레코드 ${m[1]}: ${m[2]}보다 먼저 보냈지만 ${m[4]}의 오프셋 ${m[3]}에 있음. ${m[2]}의 오프셋은 ${m[5]} (순서 역전)`],
  [/^record (\S+) appears (\d+) times, at offsets (.+) of (\S+)$/, (m) => `레코드 ${m[1]}: ${m[4]}에 ${m[2]}번 있음, 오프셋 ${m[3]} (중복)`],
  [/^record (\S+) was assumed sent \(acks=0\) but is not in the log$/, (m) => `레코드 ${m[1]}: 보낸 것으로 간주했지만(acks=0) 로그에 없음 (확인 응답 후 유실)`],
  [/^record (\S+) was acknowledged but is not in the log$/, (m) => `레코드 ${m[1]}: 확인 응답을 받았지만 로그에 없음 (확인 응답 후 유실)`],
  [/^offset (\d+) of (\S+) holds (\S+), which was never sent$/, (m) => `${m[2]}의 오프셋 ${m[1]}: 보낸 적 없는 레코드 ${m[3]}`],
];

/**
 * One of the checker's problem sentences as the reader's language writes it: as given in English, in Korean the
 * term table's words (a sentence no rule knows is returned as it is). For feedback and tables that show
 * `check.problems`; the problems themselves stay English, like the rest of a run's history.
 */
export function problemText(problem: string): string {
  if (currentLang() !== "ko") return problem;
  for (const [pattern, korean] of PROBLEM_RULES) {
    const m = pattern.exec(problem);
    if (m) return korean(m);
  }
  return problem;
}
