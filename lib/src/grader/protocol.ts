/** Messages between the grader (parent) and a grading child process. Plain JSON over Node's IPC channel. */
import type { StepRecord, TestEnv, TestOutcome } from "./types.js";

export type ParentMessage =
  | { t: "load"; stem: string; code: string; file: string; env: TestEnv }
  | { t: "run"; id: number; test: number; step: number }
  | { t: "finish"; id: number; test: number; steps: StepRecord[] };

export type ChildMessage =
  | { t: "loaded"; ok: true }
  | { t: "loaded"; ok: false; error: string }
  | { t: "result"; id: number; outcome: TestOutcome };
