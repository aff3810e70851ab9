import type { Localized } from "../kernel/locale.js";

/** A text the learner reads, in every language of the course (English and Korean): resolved with `tr()`. */
export type Text = Localized<string>;

/**
 * The grader's vocabulary: an exercise is a list of named, weighted tests; a test runs in a child process against
 * the learner's module and comes back as an outcome (a share of its points and the text the learner reads).
 */

/** The learner's module: whatever their file exports. */
export type LearnerExports = Record<string, unknown>;

/** What one test (or one step of a test) earned. */
export interface TestOutcome {
  /** Share of the test's points earned, 0…1. */
  fraction: number;
  /** Feedback for the learner; empty when there is nothing to say. */
  output: string;
  /** Plain JSON, handed to the test's `finish` (for example a failing scenario's spec). */
  data?: unknown;
}

/** A step's outcome as the parent recorded it (it may have timed out or crashed instead of answering). */
export interface StepRecord extends TestOutcome {
  step: number;
  /** Set when the step did not answer: "timed out", or what ended the child process. */
  failure?: string;
}

export interface GraderTest {
  /**
   * The test's name without the exercise prefix, in English: its id (`--only`, test filters, logs) and what the
   * English edition reports as "<stem>: <name>".
   */
  name: string;
  /** The same name in Korean: what the Korean edition reports. */
  nameKo: string;
  points: number;
  /** Time limit for one run (or one step), in milliseconds. Default: DEFAULT_TEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * Tests with many independent runs (seeded scenarios) have `steps`: each step is one child call with its own time
   * limit, so a loop in one scenario costs only that scenario. The test earns the share of steps that passed,
   * unless `finish` says otherwise.
   */
  steps?: number;
  /** Stop running further steps after this many time-outs (they fail as "not run"). Default 1. */
  maxStepTimeouts?: number;
  run(mod: LearnerExports, step: number, env: TestEnv): TestOutcome | Promise<TestOutcome>;
  /** After all steps: combine them (runs in a child, with the learner's module, under `finishTimeoutMs`). */
  finish?(mod: LearnerExports, steps: StepRecord[], env: TestEnv): TestOutcome | Promise<TestOutcome>;
  finishTimeoutMs?: number;
}

/** Where the learner's code came from (for replay lines in feedback). */
export interface TestEnv {
  /** The learner's file, absolute. */
  file: string;
  /** The same file as a notebook in notebooks/ would name it (relative when it is in the course's exercises/). */
  notebookPath: string;
}

export interface ExerciseDefinition {
  /** The file stem: exercises/<stem>.ts. Test names start with "<stem>: ". */
  stem: string;
  /** One line: what the learner implements. */
  title: Text;
  tests: GraderTest[];
}

export const DEFAULT_TEST_TIMEOUT_MS = 2000;
