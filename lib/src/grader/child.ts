/**
 * A grading child process: loads one learner module (a CommonJS bundle sent by the parent, never read from disk)
 * and runs the tests the parent asks for, one at a time. The parent enforces every time limit by killing this
 * process; a loop in learner code therefore costs only the test that was running.
 *
 * It runs under Node's permission model (see runner.ts): it can read the library's build and nothing else, so a
 * submission cannot see solutions/, and cannot start processes or workers.
 * `process.exit` is replaced: in learner code it throws, so the test that called it fails and the rest go on.
 */
import { describeThrow, show } from "./feedback.js";
import { evaluateLearnerBundle } from "../scenario/learner.js";
import type { ChildMessage, ParentMessage } from "./protocol.js";
import type { ExerciseDefinition, LearnerExports, TestEnv, TestOutcome } from "./types.js";

process.setSourceMapsEnabled(true);

class ProcessExitCalled extends Error {
  override name = "ProcessExitCalled";
}

const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  throw new ProcessExitCalled(`process.exit(${code ?? ""}) was called; a submission may not end the process`);
}) as typeof process.exit;

/** What the learner's code printed during the current test: shown with a failed test, to help debugging. */
let printed: string[] = [];
let printedChars = 0;
for (const level of ["log", "info", "warn", "error", "debug"] as const) {
  console[level] = (...args: unknown[]) => {
    if (printedChars > 4000) return;
    const line = args.map((a) => (typeof a === "string" ? a : show(a, 300))).join(" ");
    printed.push(line);
    printedChars += line.length;
  };
}

let asyncErrors: string[] = [];
process.on("uncaughtException", (error) => asyncErrors.push(describeThrow(error)));
process.on("unhandledRejection", (error) => asyncErrors.push(describeThrow(error)));
process.on("disconnect", () => realExit(0));

/** Each child loads only its own exercise's tests (the scenario tests pull in the whole simulator). */
const LOADERS: Record<string, () => Promise<ExerciseDefinition>> = {
  "in-sequence": async () => (await import("./exercises/in-sequence.js")).inSequenceExercise,
  "delivery-check": async () => (await import("./exercises/delivery-check.js")).deliveryCheckExercise,
  "producer-config": async () => (await import("./exercises/producer-config.js")).producerConfigExercise,
  "sequence-validation": async () => (await import("./exercises/sequence-validation.js")).sequenceValidationExercise,
  "producer-sequences": async () => (await import("./exercises/producer-sequences.js")).producerSequencesExercise,
  "transactional-fencing": async () => (await import("./exercises/transactional-fencing.js")).transactionalFencingExercise,
};

let exercise: ExerciseDefinition | undefined;
let learner: LearnerExports | undefined;
let env: TestEnv | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function sanitize(outcome: TestOutcome): TestOutcome {
  const fraction = Number.isFinite(outcome.fraction) ? Math.min(1, Math.max(0, outcome.fraction)) : 0;
  let output = typeof outcome.output === "string" ? outcome.output : String(outcome.output);
  if (printed.length > 0 && fraction < 1) {
    const lines = printed.slice(0, 40);
    output += `${output ? "\n" : ""}Your code printed:\n${lines.map((l) => `  | ${l}`).join("\n")}${printed.length > lines.length ? `\n  | … (${printed.length - lines.length} more lines)` : ""}`;
  }
  printed = [];
  printedChars = 0;
  if (asyncErrors.length > 0) {
    output += `${output ? "\n" : ""}(Also thrown asynchronously, outside any call the grader made: ${asyncErrors.slice(0, 3).join("; ")})`;
    asyncErrors = [];
  }
  let data: unknown;
  try {
    data = outcome.data === undefined ? undefined : JSON.parse(JSON.stringify(outcome.data));
  } catch {
    data = undefined;
  }
  return { fraction, output, data };
}

async function runTest(message: Extract<ParentMessage, { t: "run" | "finish" }>): Promise<TestOutcome> {
  const test = exercise?.tests[message.test];
  if (!exercise || !learner || !env || !test) return { fraction: 0, output: "The grader could not run this test: no module loaded." };
  try {
    if (message.t === "run") return await test.run(learner, message.step, env);
    if (!test.finish) return { fraction: 0, output: "The grader could not run this test: it has no finish step." };
    return await test.finish(learner, message.steps, env);
  } catch (error) {
    const own = error instanceof Error && error.name === "MissingExport";
    return { fraction: 0, output: own ? (error as Error).message : `The test stopped: your code ${describeThrow(error)}` };
  }
}

process.on("message", (raw: unknown) => {
  const message = raw as ParentMessage;
  if (message.t === "load") {
    env = message.env;
    const loader = LOADERS[message.stem];
    if (!loader) {
      send({ t: "loaded", ok: false, error: `the grader knows no exercise named ${message.stem}` });
      return;
    }
    void loader().then((definition) => {
      exercise = definition;
      try {
        learner = evaluateLearnerBundle(message.code, message.file);
        send({ t: "loaded", ok: true });
      } catch (error) {
        const stack = error instanceof Error && error.stack ? `\n${error.stack.split("\n").slice(1, 4).join("\n")}` : "";
        send({ t: "loaded", ok: false, error: `loading ${message.file} ${describeThrow(error)}${stack}` });
      }
    });
    return;
  }
  void runTest(message).then((outcome) => send({ t: "result", id: message.id, outcome: sanitize(outcome) }));
});
