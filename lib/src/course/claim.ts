/**
 * Claims: a lesson's sentences, checked against the output they describe.
 *
 * A lesson that says "3 records are duplicated" or "no consumer reads it" under a table calls `claim` in the
 * cell that makes the table, with the condition computed from the rows it shows:
 *
 *   claim(totals.duplicated === 3, "3 records are duplicated");
 *   claimEqual(readBack.length, 1, "a consumer reads 1 record");
 *
 * A true claim prints one line, `✓ <sentence>`, so a reader sees which sentence the cell backs. A false one
 * throws a `ClaimError` naming the sentence (and, for `claimEqual`, both values): the notebook run stops there,
 * and so does `npm test`, which re-executes every notebook. When a claim fails after the simulation changed,
 * fix the sentence (and the claim with it), never the check alone.
 */
import { inspect, isDeepStrictEqual } from "node:util";
import { currentLang } from "../kernel/locale.js";
import { koreanClaim } from "./claims-ko/index.js";

/** Thrown by a false claim: the sentence no longer says what the output shows. */
export class ClaimError extends Error {
  override readonly name = "ClaimError";
  constructor(
    /** The lesson's sentence that is not true of its output. */
    readonly sentence: string,
    /** What the output shows, when the claim compared values. */
    readonly actual?: unknown,
    /** What the sentence says, when the claim compared values. */
    readonly expected?: unknown,
    compared = false,
  ) {
    super(
      `The lesson says "${sentence}", but the output shows otherwise` +
        (compared ? ` (the sentence says ${show(expected)}, the output has ${show(actual)})` : "") +
        ". Make the sentence say what the output shows.",
    );
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity, maxArrayLength: 20 });
}

function checkSentence(sentence: unknown, fn: string): asserts sentence is string {
  if (typeof sentence !== "string" || sentence.trim() === "") {
    throw new TypeError(`${fn}() needs the sentence it checks as a non-empty string, got ${show(sentence)}`);
  }
}

/** The sentence as the edition in effect prints it: the Korean lessons share the English code cells. */
export function claimSentence(sentence: string): string {
  return currentLang() === "ko" ? (koreanClaim(sentence) ?? sentence) : sentence;
}

function confirm(sentence: string): void {
  console.log(`✓ ${claimSentence(sentence)}`);
}

/**
 * Checks one sentence of a lesson: `condition` is computed from the data the cell shows. Prints `✓ sentence`
 * when it holds; throws a `ClaimError` naming the sentence when it does not. Only a real boolean is accepted
 * (a count or an array is a mistake: compare it with what the sentence says).
 */
export function claim(condition: boolean, sentence: string): asserts condition {
  checkSentence(sentence, "claim");
  if (typeof condition !== "boolean") {
    throw new TypeError(`claim() needs a boolean condition for "${sentence}", got ${show(condition)}: compare the value with what the sentence says`);
  }
  if (!condition) throw new ClaimError(sentence);
  confirm(sentence);
}

/**
 * Checks a sentence that states a value: `actual` (from the data the cell shows) must deeply equal `expected`
 * (what the sentence says). Prints `✓ sentence` when it does; otherwise throws a `ClaimError` with both values.
 */
export function claimEqual<T>(actual: T, expected: T, sentence: string): void {
  checkSentence(sentence, "claimEqual");
  if (!isDeepStrictEqual(actual, expected)) throw new ClaimError(sentence, actual, expected, true);
  confirm(sentence);
}
