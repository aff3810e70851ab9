/**
 * Grade a submission: for each exercise, find <submission>/<stem>.ts, bundle it (lib/src/scenario/learner.ts), refuse it
 * when it imports what it may not, and run its tests in isolated child processes (runner.ts). Exercises run in
 * parallel, one child each.
 */
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { bundleLearnerFile, describeForbiddenImports, LearnerModuleError } from "../scenario/learner.js";
import { EXERCISES } from "./registry.js";
import { REPO_ROOT, runExercise, type RunnerOptions } from "./runner.js";
import type { ExerciseDefinition, TestEnv } from "./types.js";

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
  durationMs: number;
}

export interface GradeReport {
  submission: string;
  exercises: ExerciseResult[];
  score: number;
  maxScore: number;
  durationMs: number;
}

export interface GradeOptions extends RunnerOptions {
  /** The folder holding the learner's files (named as in exercises/). Default: the course's exercises/. */
  submission?: string;
  /** Grade only these exercise stems. */
  only?: readonly string[];
  /** How many exercises to grade at once. Default: min(5, CPUs). */
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

function refusedResult(exercise: ExerciseDefinition, number: number, file: string, reason: string, startedMs: number, options: RunnerOptions): ExerciseResult {
  const tests = exercise.tests
    .map((t) => ({ name: `${exercise.stem}: ${t.name}`, score: 0, maxScore: t.points, output: reason }))
    .filter((t) => !options.testFilter || options.testFilter(t.name));
  return {
    stem: exercise.stem,
    title: exercise.title,
    number,
    file,
    score: 0,
    maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0),
    refused: reason,
    tests,
    durationMs: performance.now() - startedMs,
  };
}

export async function gradeExercise(exercise: ExerciseDefinition, submission: string, options: RunnerOptions = {}): Promise<ExerciseResult> {
  const started = performance.now();
  const number = EXERCISES.indexOf(exercise) + 1;
  const file = join(submission, `${exercise.stem}.ts`);
  if (!existsSync(file)) {
    return refusedResult(exercise, number, file, `No file ${exercise.stem}.ts in ${submission}: this exercise scores 0. Submit a file named ${exercise.stem}.ts (start from exercises/${exercise.stem}.ts).`, started, options);
  }
  let bundle;
  try {
    bundle = bundleLearnerFile(file, { root: submission });
  } catch (error) {
    const message = error instanceof LearnerModuleError ? error.message : String(error);
    return refusedResult(exercise, number, file, `${exercise.stem}.ts could not be compiled, so this exercise scores 0:\n${message}`, started, options);
  }
  if (bundle.forbiddenImports.length > 0) {
    return refusedResult(
      exercise, number, file,
      `${exercise.stem}.ts scores 0: only Node built-ins and relative files of your own may be imported.\n${describeForbiddenImports(bundle.forbiddenImports, submission)}`,
      started,
      options,
    );
  }
  const env: TestEnv = { file, notebookPath: notebookPath(file) };
  const raw = await runExercise(exercise, { code: bundle.code, file, env }, options);
  const tests: TestResult[] = exercise.tests.flatMap((t, i) => {
    const name = `${exercise.stem}: ${t.name}`;
    if (options.testFilter && !options.testFilter(name)) return [];
    const r = raw.find((x) => x.index === i);
    return [{ name, score: roundScore((r?.fraction ?? 0) * t.points), maxScore: t.points, output: r?.output ?? "not run" }];
  });
  return {
    stem: exercise.stem,
    title: exercise.title,
    number,
    file,
    score: roundScore(tests.reduce((s, t) => s + t.score, 0)),
    maxScore: tests.reduce((sum, t) => sum + t.maxScore, 0),
    tests,
    durationMs: performance.now() - started,
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
  const concurrency = Math.max(1, options.concurrency ?? Math.min(5, availableParallelism()));
  const results: ExerciseResult[] = new Array(chosen.length);
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const i = next++;
      results[i] = await gradeExercise(chosen[i]!, submission, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chosen.length) }, worker));
  return {
    submission,
    exercises: results,
    score: roundScore(results.reduce((s, r) => s + r.score, 0)),
    maxScore: results.reduce((s, r) => s + r.maxScore, 0),
    durationMs: performance.now() - started,
  };
}
