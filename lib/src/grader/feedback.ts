/**
 * Feedback for the learner: every failed check says what was sent, what came back, what Kafka does, and a hint.
 * Also the small helpers the exercise tests share (calling learner code safely, printing values, comparing).
 */
import { tr } from "../kernel/locale.js";
import { ReturnedFunction } from "./codec.js";
import { LearnerCallFailure } from "./remote.js";
import type { GraderTest, LearnerExports, TestOutcome, Text } from "./types.js";

/**
 * Every text below is resolved in the judge (a thread of the grader's own process) with `tr()`, in the language the
 * grader was asked for: the submission's process never chooses or sees it.
 */
export interface Feedback {
  /** The call(s) made, as code. */
  sent: string;
  /** What the learner's code answered (or threw). */
  got: string;
  /** What Kafka does, and why. */
  kafka: string;
  /** A nudge in plain words. */
  hint: string;
}

const NOT_IMPLEMENTED = "not implemented yet";

/** Raised when the learner's module lacks an export a test needs. */
export class MissingExport extends Error {
  override name = "MissingExport";
}

function indentRest(text: string, pad: string): string {
  return text.split("\n").join(`\n${pad}`);
}

/** The four labels of a feedback block, each 7 columns wide (a Hangul syllable takes two columns in a terminal). */
export const FEEDBACK_LABELS: Text = {
  en: "Sent:  |Got:   |Kafka: |Hint:  ",
  ko: "호출:  |결과:  |Kafka: |힌트:  ",
};

export function formatFeedback(f: Feedback): string {
  const [sent, got, kafka, hint] = tr(FEEDBACK_LABELS).split("|") as [string, string, string, string];
  return [
    `${sent}${indentRest(f.sent, "       ")}`,
    `${got}${indentRest(f.got, "       ")}`,
    `${kafka}${indentRest(f.kafka, "       ")}`,
    `${hint}${indentRest(f.hint, "       ")}`,
  ].join("\n");
}

/** "This is still the stub: implement it in <stem>.ts." */
export function stillTheStub(stem: string): string {
  return tr({ en: `This is still the stub: implement it in ${stem}.ts.`, ko: `아직 뼈대 코드 그대로입니다. ${stem}.ts를 구현하세요.` });
}

export function passed(output = ""): TestOutcome {
  return { fraction: 1, output };
}

export function failed(feedback: Feedback | string, data?: unknown): TestOutcome {
  return { fraction: 0, output: typeof feedback === "string" ? feedback : formatFeedback(feedback), data };
}

/** A compact, JS-like rendering of a value: { kind: "append" }, [1, 2], "text". */
export function show(value: unknown, maxLength = 400): string {
  const seen = new Set<unknown>();
  const render = (v: unknown, depth: number): string => {
    if (v === undefined) return "undefined";
    if (v === null) return "null";
    if (typeof v === "string") return JSON.stringify(v);
    if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
    if (typeof v === "bigint") return `${v}n`;
    if (typeof v === "boolean") return String(v);
    if (typeof v === "function") return `[function ${v.name || "anonymous"}]`;
    if (typeof v === "symbol") return v.toString();
    if (v instanceof ReturnedFunction) return `[function ${v.name || "anonymous"}]`;
    if (seen.has(v)) return "[circular]";
    if (depth > 6) return "…";
    seen.add(v);
    try {
      if (Array.isArray(v)) return `[${v.map((x) => render(x, depth + 1)).join(", ")}]`;
      if (v instanceof Map) return `Map(${v.size}) {${[...v].map(([k, x]) => ` ${render(k, depth + 1)} => ${render(x, depth + 1)}`).join(",")} }`;
      if (v instanceof Set) return `Set(${v.size}) {${[...v].map((x) => ` ${render(x, depth + 1)}`).join(",")} }`;
      if (v instanceof Error) return `${v.name}: ${v.message}`;
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) return "{}";
      return `{ ${entries.map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(x, depth + 1)}`).join(", ")} }`;
    } finally {
      seen.delete(v);
    }
  };
  let text: string;
  try {
    text = render(value, 0);
  } catch (err) {
    text = tr({ en: `[a value that cannot be shown: ${(err as Error).message}]`, ko: `[보여 줄 수 없는 값: ${(err as Error).message}]` });
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

export function isNotImplemented(error: unknown): boolean {
  return error instanceof Error && typeof error.message === "string" && error.message.includes(NOT_IMPLEMENTED);
}

/** "threw Error: message" for a thrown value (Korean: "예외 발생: Error: message"; the message is the code's own). */
export function describeThrow(error: unknown): string {
  const threw = tr({ en: "threw ", ko: "예외 발생: " });
  if (error instanceof Error) {
    const name = error.name || error.constructor?.name || "Error";
    return `${threw}${name}: ${harnessText(error.message)}`;
  }
  return `${threw}${show(error)}`;
}

/**
 * The two sentences the submission's process itself writes (child.ts, which knows no language) in the language in
 * effect; anything else a submission threw is shown as it is.
 */
function harnessText(message: string): string {
  if (tr({ en: true, ko: false })) return message;
  let m: RegExpExecArray | null;
  if ((m = /^process\.exit\((.*)\) was called; a submission may not end the process$/.exec(message))) {
    return `process.exit(${m[1]})을 호출했습니다. 제출물은 프로세스를 끝낼 수 없습니다`;
  }
  if ((m = /^require\("(.*)"\) is not allowed: a submission may use only Node built-ins and its own files$/.exec(message))) {
    return `require("${m[1]}")은 쓸 수 없습니다. 제출물은 Node 내장 모듈과 자기 파일만 쓸 수 있습니다`;
  }
  return message;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Run learner code, catching what it throws (not the grader's own LearnerCallFailure: no answer came at all). */
export function attempt<T>(fn: () => T): Attempt<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof LearnerCallFailure) throw error;
    return { ok: false, error };
  }
}

/** The export `name` of the learner's module, which must be a function (or class). */
export function need<T = (...args: never[]) => unknown>(mod: LearnerExports, name: string, stem: string, what = "function"): T {
  const value = mod[name];
  if (typeof value !== "function") {
    const declared = `export ${what === "class" ? "class" : "function"} ${name} …`;
    throw new MissingExport(tr({
      en: `${stem}.ts does not export a ${what} named ${name}` +
        (value === undefined ? "" : ` (it exports ${name} as ${show(value, 80)})`) +
        `. Keep the export as the stub declares it: ${declared}`,
      ko: `${stem}.ts가 ${name}라는 ${what === "class" ? "클래스" : "함수"}를 export하지 않습니다` +
        (value === undefined ? "" : ` (${name}을(를) ${show(value, 80)}(으)로 export합니다)`) +
        `. 뼈대 코드에 선언된 그대로 export하세요: ${declared}`,
    }));
  }
  return value as T;
}

/** Deep "matches": every key of `expected` is equal in `got` (extra keys are ignored); arrays must match in full. */
export function matches(got: unknown, expected: unknown): boolean {
  if (Object.is(got, expected)) return true;
  if (typeof expected !== "object" || expected === null) return false;
  if (typeof got !== "object" || got === null) return false;
  if (Array.isArray(expected)) {
    return Array.isArray(got) && got.length === expected.length && expected.every((e, i) => matches(got[i], e));
  }
  return Object.entries(expected as Record<string, unknown>).every(([k, e]) => matches((got as Record<string, unknown>)[k], e));
}

/** A checked step of a test: one call, its expected answer, and why Kafka answers that. */
export interface Check<C> {
  /** The call as code, for the feedback. */
  sent: string;
  call: (ctx: C) => unknown;
  /** The expected answer (compared with `matches`), unless `verify` or `throws` is given. */
  expect?: unknown;
  /** Own verdict: undefined when right, else what Kafka does (with why), in the language in effect. */
  verify?: (got: unknown) => string | undefined;
  /**
   * The call must throw: `expect` says what Kafka throws (shown when it does not); `verify` checks the error and
   * returns undefined when it is right (default: any error other than the stub's "not implemented yet").
   */
  throws?: { expect: Text; verify?: (error: unknown) => string | undefined };
  /** The call returns nothing worth showing (shown as "done" in the history of calls). */
  returnsNothing?: true;
  /** How to show the expected answer, instead of show(expect). */
  expectText?: Text;
  /** Why Kafka answers `expect` (shown after it). */
  why?: Text;
  /** A hint for this step, instead of the test's. */
  hint?: Text;
}

export interface ScriptSpec<C> {
  name: Text;
  points: number;
  /** The hint shown when the test fails. */
  hint: Text;
  /** Creates the context (an instance of the learner's class, or just the module). */
  setup: (mod: LearnerExports) => C;
  /** The set-up as code (shown before the calls), e.g. "const t = new ProducerStateTable();". */
  setupSent?: string;
  checks: Check<C>[];
  /** The exercise stem, for messages. */
  stem: string;
  timeoutMs?: number;
}

/**
 * A test made of checks run in order on one context; the first wrong answer fails it, and the feedback shows every
 * call up to that one.
 */
export function scriptTest<C>(spec: ScriptSpec<C>): GraderTest {
  return {
    name: spec.name.en,
    nameKo: spec.name.ko,
    points: spec.points,
    timeoutMs: spec.timeoutMs,
    run(mod) {
      const shownCalls: string[] = spec.setupSent ? [spec.setupSent] : [];
      const thisCall = tr({ en: "   ← this call", ko: "   ← 이 호출" });
      const sentSoFar = (current: string) => [...shownCalls, `${current}${shownCalls.length > 0 ? thisCall : ""}`].join("\n");
      let ctx: C;
      try {
        ctx = spec.setup(mod);
      } catch (error) {
        if (error instanceof MissingExport) return failed(error.message);
        if (error instanceof LearnerCallFailure) throw error;
        return failed({
          sent: spec.setupSent ?? tr({ en: "(setting up)", ko: "(준비 중)" }),
          got: describeThrow(error),
          kafka: tr({ en: "(nothing to refuse yet: creating the object must work)", ko: "(아직 거부할 것이 없습니다. 객체 생성은 성공해야 합니다)" }),
          hint: isNotImplemented(error) ? stillTheStub(spec.stem) : tr(spec.hint),
        });
      }
      for (const check of spec.checks) {
        const result = attempt(() => check.call(ctx));
        let verdict: string | undefined;
        let gotText: string;
        if (!result.ok) {
          if (result.error instanceof MissingExport) return failed(result.error.message);
          gotText = describeThrow(result.error);
          if (check.throws && !isNotImplemented(result.error)) verdict = check.throws.verify?.(result.error);
          else verdict = check.throws ? tr(check.throws.expect) : expectedText(check);
        } else {
          gotText = show(result.value);
          if (check.throws) verdict = tr(check.throws.expect);
          else if (check.verify) verdict = check.verify(result.value);
          else verdict = matches(result.value, check.expect) ? undefined : expectedText(check);
        }
        if (verdict !== undefined) {
          const stub = !result.ok && isNotImplemented(result.error);
          const why = check.why && tr(check.why);
          return failed({
            sent: sentSoFar(check.sent),
            got: gotText,
            kafka: why && !verdict.includes(why) ? `${verdict} — ${why}` : verdict,
            hint: stub ? stillTheStub(spec.stem) : tr(check.hint ?? spec.hint),
          });
        }
        shownCalls.push(check.returnsNothing && result.ok && result.value === undefined ? `${check.sent}` : `${check.sent}   → ${gotText}`);
      }
      return passed();
    },
  };
}

function expectedText<C>(check: Check<C>): string {
  return check.expectText ? tr(check.expectText) : show(check.expect);
}

/** A test of one call (pure functions): a script with no context. */
export function callTest(spec: {
  stem: string;
  name: Text;
  points: number;
  hint: Text;
  checks: Check<LearnerExports>[];
  timeoutMs?: number;
}): GraderTest {
  return scriptTest<LearnerExports>({ ...spec, setup: (mod) => mod });
}
