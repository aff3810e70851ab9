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
import { forbiddenReason } from "../scenario/learner.js";
import { bundleInSandbox, LIBRARY_DIR, runJudged, submissionBudget, type SubmissionBudget } from "./host.js";
import { EXERCISES } from "./registry.js";
import { describeIsolation, sandboxPlan, type IsolationOptions, type SandboxPlan } from "./sandbox.js";
import { cleanText } from "./sanitize.js";
import { stageSubmission, type StagedSubmission } from "./stage.js";
import type { ExerciseDefinition, TestEnv } from "./types.js";

export const REPO_ROOT = resolve(LIBRARY_DIR, "..");

/** A bad request to the grader (no such folder, unknown exercise): reported without a stack trace. */
export class GraderInputError extends Error {
  override name = "GraderInputError";
}

export interface TestResult {
  /** "<stem>: <test name>". */
  name: string;
  score: number;
  maxScore: number;
  output: string;
}

export interface ExerciseResult {
  stem: string;
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
  /** Run only the tests whose full name ("<stem>: <name>") passes this filter (default: all). */
  testFilter?: (name: string) => boolean;
}

export interface GradeOptions extends RunnerOptions {
  /** The folder holding the learner's files (named as in exercises/). Default: the course's exercises/. */
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

function notebookPath(file: string): string {
  const rel = relative(join(REPO_ROOT, "exercises"), file);
  return !rel.startsWith("..") && !isAbsolute(rel) ? `../exercises/${rel.split("\\").join("/")}` : file;
}

function selectedTests(exercise: ExerciseDefinition, options: RunnerOptions): number[] {
  return exercise.tests.flatMap((t, i) => (!options.testFilter || options.testFilter(`${exercise.stem}: ${t.name}`) ? [i] : []));
}

function refusedResult(exercise: ExerciseDefinition, number: number, file: string, reason: string, startedMs: number, options: RunnerOptions): ExerciseResult {
  const clean = cleanText(reason);
  const tests = selectedTests(exercise, options).map((i) => ({ name: `${exercise.stem}: ${exercise.tests[i]!.name}`, score: 0, maxScore: exercise.tests[i]!.points, output: clean }));
  return {
    stem: exercise.stem, title: exercise.title, number, file: cleanText(file), score: 0,
    maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0), refused: clean, tests, limits: [], durationMs: performance.now() - startedMs,
  };
}

interface Context {
  submission: string;
  staged: StagedSubmission;
  plan: SandboxPlan;
  budget: SubmissionBudget;
}

async function gradeExercise(exercise: ExerciseDefinition, ctx: Context, options: RunnerOptions): Promise<ExerciseResult> {
  const started = performance.now();
  const number = EXERCISES.indexOf(exercise) + 1;
  const name = `${exercise.stem}.ts`;
  const file = join(ctx.submission, name);
  if (!existsSync(file)) {
    return refusedResult(exercise, number, file, `No file ${name} in ${ctx.submission}: this exercise scores 0. Submit a file named ${name} (start from exercises/${name}).`, started, options);
  }
  if (!existsSync(join(ctx.staged.dir, name))) {
    const why = ctx.staged.skipped.find((s) => s.startsWith(`${name}:`)) ?? `${name}: not a file the grader copies`;
    return refusedResult(exercise, number, file, `${exercise.stem} scores 0: ${why}. Only files inside your folder are graded.`, started, options);
  }
  const isolation = options.isolation ?? {};
  const bundle = await bundleInSandbox(ctx.plan, isolation, ctx.staged.dir, exercise.stem);
  if (bundle.forbidden.length > 0) {
    const lines = bundle.forbidden.map((f) => {
      const from = join(ctx.submission, f.file);
      const reason = forbiddenReason(f.specifier, from, ctx.submission) ?? "it reaches a file outside your folder";
      return `${f.file} imports "${f.specifier}": ${reason}.`;
    });
    return refusedResult(exercise, number, file, `${name} scores 0: only Node built-ins and relative files of your own may be imported.\n${[...new Set(lines)].join("\n")}`, started, options);
  }
  if (!bundle.ok || bundle.code === undefined) {
    return refusedResult(exercise, number, file, `${name} could not be compiled, so this exercise scores 0:\n${bundle.error ?? "no output"}`, started, options);
  }
  const env: TestEnv = { file, notebookPath: notebookPath(file) };
  const indices = selectedTests(exercise, options);
  const run = await runJudged(exercise.stem, indices, { code: bundle.code, file: `/submission/${name}`, env }, {
    plan: ctx.plan, isolation, timeScale: options.timeScale ?? 1, loadTimeoutMs: options.loadTimeoutMs ?? 15_000, budget: ctx.budget,
  });
  const tests = indices.map((i) => {
    const t = exercise.tests[i]!;
    const r = run.results.find((x) => x.index === i);
    // The judge is trusted, but a score is still clamped to [0, points].
    const fraction = r && Number.isFinite(r.fraction) ? Math.min(1, Math.max(0, r.fraction)) : 0;
    return { name: `${exercise.stem}: ${t.name}`, score: roundScore(fraction * t.points), maxScore: t.points, output: cleanText(r?.output ?? "not run") };
  });
  return {
    stem: exercise.stem, title: exercise.title, number, file: cleanText(file),
    score: roundScore(tests.reduce((s, t) => s + t.score, 0)), maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0),
    tests, limits: run.limits, durationMs: performance.now() - started,
  };
}

/** Grade every exercise (or `only` some) of a submission folder. Throws only for the grader's own problems. */
export async function gradeSubmission(options: GradeOptions = {}): Promise<GradeReport> {
  const started = performance.now();
  const submission = resolve(options.submission ?? join(REPO_ROOT, "exercises"));
  if (!existsSync(submission) || !statSync(submission).isDirectory()) {
    throw new GraderInputError(`--submission ${submission}: no such folder`);
  }
  const unknown = (options.only ?? []).filter((s) => !EXERCISES.some((e) => e.stem === s));
  if (unknown.length > 0) {
    throw new GraderInputError(`unknown exercise ${unknown.join(", ")}; the exercises are: ${EXERCISES.map((e) => e.stem).join(", ")}`);
  }
  const chosen = EXERCISES.filter((e) => !options.only || options.only.length === 0 || options.only.includes(e.stem));
  const concurrency = Math.max(1, options.concurrency ?? Math.min(6, availableParallelism() + 2));
  const plan = sandboxPlan(options.isolation);
  const staged = stageSubmission(submission);
  const scale = Math.max(1, options.timeScale ?? 1);
  const ctx: Context = { submission, staged, plan, budget: submissionBudget((options.submissionCapMs ?? 60_000) * scale) };
  const results: ExerciseResult[] = new Array(chosen.length);
  try {
    let next = 0;
    const worker = async () => {
      while (next < chosen.length) {
        const i = next++;
        results[i] = await gradeExercise(chosen[i]!, ctx, options);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chosen.length) }, worker));
  } finally {
    staged.remove();
  }
  return {
    submission: cleanText(submission),
    exercises: results,
    score: roundScore(results.reduce((s, r) => s + r.score, 0)),
    maxScore: results.reduce((s, r) => s + r.maxScore, 0),
    durationMs: performance.now() - started,
    isolation: describeIsolation(plan),
    skipped: staged.skipped.map((s) => cleanText(s)),
    limits: results.flatMap((r) => r.limits.map((l) => `${r.stem}: ${l}`)),
  };
}
