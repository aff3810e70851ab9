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
