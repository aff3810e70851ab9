/**
 * Grade a submission: stage a copy of its folder (stage.ts), and for each exercise bundle <stem>.ts in a sandboxed
 * bundler process, refuse it when it imports what it may not, and judge its tests: the judge (judge.ts, a worker
 * thread of this process) decides every score, while the learner's code runs only in a sandboxed child (child.ts,
 * sandbox.ts) that answers the calls the judge makes. Exercises run in parallel, one judge and one child each,
 * under one time cap for the whole submission.
 */
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { currentLang, parseLang, type Lang } from "../kernel/locale.js";
import { forbiddenReason } from "../scenario/learner.js";
import { bundleInSandbox, LIBRARY_DIR, runJudged, submissionBudget, type SubmissionBudget } from "./host.js";
import { EXERCISES } from "./registry.js";
import { describeIsolation, sandboxPlan, type IsolationOptions, type SandboxPlan } from "./sandbox.js";
import { cleanText } from "./sanitize.js";
import { stageSubmission, type StagedSubmission } from "./stage.js";
import type { ExerciseDefinition, TestEnv, Text } from "./types.js";
import type { BundleAnswer } from "./bundler.js";

export const REPO_ROOT = resolve(LIBRARY_DIR, "..");

/** A bad request to the grader (no such folder, unknown exercise): reported without a stack trace. */
export class GraderInputError extends Error {
  override name = "GraderInputError";
}

export interface TestResult {
  /** "<stem>: <test name>", in the report's language. */
  name: string;
  /** "<stem>: <English test name>": the same in every language (test filters, comparing editions). */
  id: string;
  score: number;
  maxScore: number;
  output: string;
}

export interface ExerciseResult {
  stem: string;
  /** In the report's language. */
  title: string;
  /** 1-based position in the course. */
  number: number;
  file: string;
  score: number;
  maxScore: number;
  tests: TestResult[];
  /** Why the whole exercise scored 0 without running (missing file, compile error, forbidden import). */
  refused?: string;
  /** Limits the submission hit in this exercise (time limit of a test, memory, submission time cap, …). */
  limits: string[];
  durationMs: number;
}

export interface GradeReport {
  /** The language of every text in the report (feedback, titles, test names); the scores do not depend on it. */
  lang: Lang;
  submission: string;
  exercises: ExerciseResult[];
  score: number;
  maxScore: number;
  durationMs: number;
  /** What was isolated, and what was not, on this machine. */
  isolation: string;
  /** Files of the submission the grader left out (links out of the folder, too large). */
  skipped: string[];
  /** Every limit hit, as "<stem>: <limit>". */
  limits: string[];
}

export interface RunnerOptions {
  /** Multiply every time limit (slow machines, CI). Default 1. */
  timeScale?: number;
  /** Time limit for starting a child and loading the learner's module, ms. Default 15000 (scaled only upwards). */
  loadTimeoutMs?: number;
  /** Time cap for a whole submission (every exercise), ms. Default 60000 (scaled only upwards). */
  submissionCapMs?: number;
  /** Which isolation layers to use (default: every one this machine has). */
  isolation?: IsolationOptions;
  /** Run only the tests whose full English name ("<stem>: <name>") passes this filter (default: all). */
  testFilter?: (name: string) => boolean;
  /**
   * The language of the feedback: "en" or "ko" (default: currentLang(), i.e. KAFKA_SIM_LANG or English). Only the
   * words change: the same tests run with the same inputs and give the same scores.
   */
  lang?: Lang;
}

export interface GradeOptions extends RunnerOptions {
  /**
   * The folder holding the learner's files (named as in exercises/). Default: the edition's stubs, exercises/ in
   * English and exercises/ko/ in Korean.
   */
  submission?: string;
  /** Grade only these exercise stems. */
  only?: readonly string[];
  /** How many exercises to grade at once. Default: min(6, CPUs + 2). */
  concurrency?: number;
}

/** Round to 2 decimals (scores are sums of fractions of points). */
export function roundScore(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The edition's exercise stubs: exercises/ (English) or exercises/ko/ (Korean), with the same file names. */
export function exercisesFolder(lang: Lang): string {
  return lang === "ko" ? join(REPO_ROOT, "exercises", "ko") : join(REPO_ROOT, "exercises");
}

/** The learner's file as a lesson notebook names it: notebooks/ (English) or notebooks/ko/ (Korean, one level deeper). */
function notebookPath(file: string, lang: Lang): string {
  const rel = relative(join(REPO_ROOT, "exercises"), file);
  const up = lang === "ko" ? "../../" : "../";
  return !rel.startsWith("..") && !isAbsolute(rel) ? `${up}exercises/${rel.split("\\").join("/")}` : file;
}

function say(lang: Lang, text: Text): string {
  return text[lang];
}

/** stage.ts's reason for leaving a file out ("<file>: <why>") in the report's language. */
export function skippedText(reason: string, lang: Lang): string {
  if (lang === "en") return reason;
  const m = /^(.*?): (.*)$/s.exec(reason);
  if (!m) return reason;
  const [, file, why] = m as unknown as [string, string, string];
  let x: RegExpExecArray | null;
  if (why === "a symbolic link that leads nowhere") return `${file}: 가리키는 곳이 없는 심볼릭 링크입니다`;
  if ((x = /^(a symbolic link to|resolves to) (.*), outside the submission folder$/s.exec(why))) {
    return `${file}: 제출 폴더 밖의 ${x[2]}${x[1] === "a symbolic link to" ? "을(를) 가리키는 심볼릭 링크입니다" : "(으)로 이어집니다"}`;
  }
  if ((x = /^larger than (\d+) bytes$/.exec(why))) return `${file}: ${x[1]}바이트보다 큽니다`;
  if (why === "the submission has more files than the grader copies") return `${file}: 채점기가 복사하는 파일 수보다 제출물의 파일이 많습니다`;
  return reason;
}

/** forbiddenReason's English sentence (scenario/learner.ts) in the report's language. */
function forbiddenText(reason: string, lang: Lang): string {
  if (lang === "en") return reason;
  const own = "Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다";
  let m: RegExpMatchArray | null;
  if (/^it (imports|reaches) the library kafka-sim/.test(reason)) return "kafka-sim 라이브러리를 가져옵니다. 이 라이브러리에는 프로듀서 상태의 자체 구현이 들어 있습니다";
  if (/^it reaches the reference solutions/.test(reason)) return "참고 답안(solutions/)에 접근합니다. 제출물은 참고 답안을 쓸 수 없습니다";
  if (/^it reaches an installed package/.test(reason)) return `설치된 패키지에 접근합니다. ${own}`;
  if ((m = /^it imports the package (".*"); only/.exec(reason))) return `패키지 ${m[1]}을(를) 가져옵니다. ${own}`;
  if ((m = /^it reaches a file outside your folder \((.*)\); only/.exec(reason))) return `폴더(${m[1]}) 밖의 파일에 접근합니다. ${own}`;
  if (reason === "it reaches a file outside your folder") return "폴더 밖의 파일에 접근합니다";
  return reason;
}

function selectedTests(exercise: ExerciseDefinition, options: RunnerOptions): number[] {
  return exercise.tests.flatMap((t, i) => (!options.testFilter || options.testFilter(`${exercise.stem}: ${t.name}`) ? [i] : []));
}

function testNames(exercise: ExerciseDefinition, i: number, lang: Lang): { name: string; id: string } {
  const t = exercise.tests[i]!;
  return { name: `${exercise.stem}: ${lang === "ko" ? t.nameKo : t.name}`, id: `${exercise.stem}: ${t.name}` };
}

function refusedResult(exercise: ExerciseDefinition, number: number, file: string, reason: string, startedMs: number, options: RunnerOptions, lang: Lang): ExerciseResult {
  const clean = cleanText(reason);
  const tests = selectedTests(exercise, options).map((i) => ({ ...testNames(exercise, i, lang), score: 0, maxScore: exercise.tests[i]!.points, output: clean }));
  return {
    stem: exercise.stem, title: exercise.title[lang], number, file: cleanText(file), score: 0,
    maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0), refused: clean, tests, limits: [], durationMs: performance.now() - startedMs,
  };
}

interface Context {
  submission: string;
  bundles: Promise<Map<string, BundleAnswer>>;
  staged: StagedSubmission;
  plan: SandboxPlan;
  budget: SubmissionBudget;
  lang: Lang;
}

async function gradeExercise(exercise: ExerciseDefinition, ctx: Context, options: RunnerOptions): Promise<ExerciseResult> {
  const started = performance.now();
  const lang = ctx.lang;
  const number = EXERCISES.indexOf(exercise) + 1;
  const name = `${exercise.stem}.ts`;
  const file = join(ctx.submission, name);
  if (!existsSync(file)) {
    const stub = lang === "ko" ? `exercises/ko/${name}` : `exercises/${name}`;
    return refusedResult(exercise, number, file, say(lang, {
      en: `No file ${name} in ${ctx.submission}: this exercise scores 0. Submit a file named ${name} (start from exercises/${name}).`,
      ko: `${ctx.submission}에 ${name} 파일이 없어서 이 연습 문제는 0점입니다. ${name}라는 이름의 파일을 제출하세요 (${stub}에서 시작하세요).`,
    }), started, options, lang);
  }
  if (!existsSync(join(ctx.staged.dir, name))) {
    const skipped = ctx.staged.skipped.find((s) => s.startsWith(`${name}:`));
    const why = skipped ? skippedText(skipped, lang) : say(lang, { en: `${name}: not a file the grader copies`, ko: `${name}: 채점기가 복사하는 파일이 아닙니다` });
    return refusedResult(exercise, number, file, say(lang, {
      en: `${exercise.stem} scores 0: ${why}. Only files inside your folder are graded.`,
      ko: `${exercise.stem}은(는) 0점입니다: ${why}. 폴더 안의 파일만 채점합니다.`,
    }), started, options, lang);
  }
  const isolation = options.isolation ?? {};
  const env: TestEnv = { file, notebookPath: notebookPath(file, lang) };
  const indices = selectedTests(exercise, options);
  const noAnswer = say(lang, { en: "the bundler gave no answer for this file", ko: "번들러가 이 파일에 대해 아무 답도 주지 않았습니다" });
  const bundled = ctx.bundles.then((m) => m.get(exercise.stem) ?? { ok: false, error: noAnswer, files: [], imports: [], forbidden: [] } as BundleAnswer);
  const code = bundled.then((b) => (b.ok && b.forbidden.length === 0 ? b.code : undefined));
  // The judges and their children start now, while the file is being bundled; they wait for the bundle.
  const running = runJudged(exercise.stem, indices, { code, file: `/submission/${name}`, env }, {
    plan: ctx.plan, isolation, timeScale: options.timeScale ?? 1, loadTimeoutMs: options.loadTimeoutMs ?? 15_000, budget: ctx.budget, lang,
  });
  const bundle = await bundled;
  if (bundle.forbidden.length > 0) {
    await running;
    const lines = bundle.forbidden.map((f) => {
      const from = join(ctx.submission, f.file);
      const reason = forbiddenText(forbiddenReason(f.specifier, from, ctx.submission) ?? "it reaches a file outside your folder", lang);
      return say(lang, { en: `${f.file} imports "${f.specifier}": ${reason}.`, ko: `${f.file}이(가) "${f.specifier}"을(를) import합니다: ${reason}.` });
    });
    return refusedResult(exercise, number, file, say(lang, {
      en: `${name} scores 0: only Node built-ins and relative files of your own may be imported.`,
      ko: `${name}은(는) 0점입니다. Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다.`,
    }) + `\n${[...new Set(lines)].join("\n")}`, started, options, lang);
  }
  if (!bundle.ok || bundle.code === undefined) {
    await running;
    return refusedResult(exercise, number, file, say(lang, {
      en: `${name} could not be compiled, so this exercise scores 0:`,
      ko: `${name}을(를) 컴파일하지 못해서 이 연습 문제는 0점입니다:`,
    }) + `\n${bundle.error ?? say(lang, { en: "no output", ko: "출력 없음" })}`, started, options, lang);
  }
  const run = await running;
  const tests = indices.map((i) => {
    const t = exercise.tests[i]!;
    const r = run.results.find((x) => x.index === i);
    // The judge is trusted, but a score is still clamped to [0, points].
    const fraction = r && Number.isFinite(r.fraction) ? Math.min(1, Math.max(0, r.fraction)) : 0;
    const output = r?.output ?? say(lang, { en: "not run", ko: "실행하지 않음" });
    return { ...testNames(exercise, i, lang), score: roundScore(fraction * t.points), maxScore: t.points, output: cleanText(output) };
  });
  return {
    stem: exercise.stem, title: exercise.title[lang], number, file: cleanText(file),
    score: roundScore(tests.reduce((s, t) => s + t.score, 0)), maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0),
    tests, limits: run.limits, durationMs: performance.now() - started,
  };
}

function weight(exercise: ExerciseDefinition): number {
  return exercise.tests.reduce((sum, t) => sum + (t.steps ?? 1), 0);
}

/** Grade every exercise (or `only` some) of a submission folder. Throws only for the grader's own problems. */
export async function gradeSubmission(options: GradeOptions = {}): Promise<GradeReport> {
  const started = performance.now();
  // Checked here too (not only by the CLI): a bad value names itself and what is allowed.
  const lang = options.lang === undefined ? currentLang() : parseLang(options.lang, "the grader's language (lang)");
  const submission = resolve(options.submission ?? exercisesFolder(lang));
  if (!existsSync(submission) || !statSync(submission).isDirectory()) {
    throw new GraderInputError(`--submission ${submission}: no such folder`);
  }
  const unknown = (options.only ?? []).filter((s) => !EXERCISES.some((e) => e.stem === s));
  if (unknown.length > 0) {
    throw new GraderInputError(`unknown exercise ${unknown.join(", ")}; the exercises are: ${EXERCISES.map((e) => e.stem).join(", ")}`);
  }
  const chosen = EXERCISES.filter((e) => !options.only || options.only.length === 0 || options.only.includes(e.stem));
  const concurrency = Math.max(1, options.concurrency ?? Number(process.env.GRADER_CONCURRENCY ?? Math.min(6, availableParallelism() + 2)));
  const plan = sandboxPlan(options.isolation);
  const staged = stageSubmission(submission);
  const scale = Math.max(1, options.timeScale ?? 1);
  const results: ExerciseResult[] = new Array(chosen.length);
  try {
    const present = chosen.filter((e) => existsSync(join(staged.dir, `${e.stem}.ts`))).map((e) => e.stem);
    const bundles = bundleInSandbox(plan, options.isolation ?? {}, staged.dir, present);
    const ctx: Context = { submission, bundles, staged, plan, budget: submissionBudget((options.submissionCapMs ?? 60_000) * scale), lang };
    // The exercise with the most work (stepped tests: the simulated broker) starts first; the report keeps the
    // course's order.
    const order = chosen.map((_, i) => i).sort((a, b) => weight(chosen[b]!) - weight(chosen[a]!));
    let next = 0;
    const worker = async () => {
      while (next < order.length) {
        const i = order[next++]!;
        results[i] = await gradeExercise(chosen[i]!, ctx, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chosen.length) }, worker));
  } finally {
    staged.remove();
  }
  return {
    lang,
    submission: cleanText(submission),
    exercises: results,
    score: roundScore(results.reduce((s, r) => s + r.score, 0)),
    maxScore: results.reduce((s, r) => s + r.maxScore, 0),
    durationMs: performance.now() - started,
    isolation: describeIsolation(plan),
    skipped: staged.skipped.map((s) => cleanText(skippedText(s, lang))),
    limits: results.flatMap((r) => r.limits.map((l) => `${r.stem}: ${l}`)),
  };
}
