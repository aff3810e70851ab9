/**
 * The parent side of isolation: one child process per exercise, every test (or scenario step) under a time limit
 * enforced from here. A test that loops is killed and fails alone ("timed out"); a child that dies (process.kill,
 * a crash) fails the test it was running; either way a fresh child is started for the remaining tests.
 *
 * Children run under Node's permission model: they may read the library's build (lib/dist, lib/package.json) and
 * the installed packages, and nothing else (so never solutions/); they may not start processes or workers.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ParentMessage } from "./protocol.js";
import { DEFAULT_TEST_TIMEOUT_MS, type ExerciseDefinition, type StepRecord, type TestEnv, type TestOutcome } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url));
/** lib/ (this file is lib/src/grader/runner.ts or lib/dist/grader/runner.js). */
export const LIBRARY_DIR = resolve(here, "..", "..");
export const REPO_ROOT = resolve(LIBRARY_DIR, "..");
/** The child script is always the built one (tests that import this file from source use it too). */
export const CHILD_SCRIPT = join(LIBRARY_DIR, "dist", "grader", "child.js");

export interface RunnerOptions {
  /** Multiply every time limit (slow machines, CI). Default 1. */
  timeScale?: number;
  /**
   * Time limit for starting a child and loading the learner's module, ms. Default 15000: generous, because it
   * includes starting Node on a possibly busy machine; only a loop at the top level of the file reaches it.
   * Scaled by timeScale only upwards.
   */
  loadTimeoutMs?: number;
  /** Use Node's permission model in children (default true when this Node supports it). */
  sandbox?: boolean;
  /** Run only the tests whose full name ("<stem>: <name>") passes this filter (default: all). */
  testFilter?: (name: string) => boolean;
}

type CallResult = { kind: "result"; outcome: TestOutcome } | { kind: "timeout"; ms: number } | { kind: "died"; why: string };

function permissionFlags(): string[] {
  const major = Number(process.versions.node.split(".")[0]);
  const flag = major >= 23 ? "--permission" : "--experimental-permission";
  const reads = [
    join(LIBRARY_DIR, "dist", "*"),
    join(LIBRARY_DIR, "package.json"),
    join(REPO_ROOT, "package.json"),
    join(REPO_ROOT, "node_modules", "*"),
  ];
  // node_modules may be a symbolic link (a shared install): allow where it really is too.
  try {
    const real = realpathSync(join(REPO_ROOT, "node_modules"));
    if (real !== join(REPO_ROOT, "node_modules")) reads.push(join(real, "*"));
  } catch {
    // no node_modules: nothing to add
  }
  return [flag, ...reads.map((p) => `--allow-fs-read=${p}`), "--disable-warning=ExperimentalWarning"];
}

function supportsPermissions(): boolean {
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  return major > 20 || (major === 20 && minor >= 0);
}

/** One child process with one learner module loaded. */
class ChildSession {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (r: CallResult) => void; timer?: NodeJS.Timeout } | undefined;
  private stderr = "";
  private deathReason: string | undefined;

  constructor(private readonly options: Required<Omit<RunnerOptions, "testFilter">>) {}

  /**
   * Spawn and load the module. Resolves to undefined when loaded, or why it could not be: "learner" when the
   * learner's module threw or timed out while loading, "process" when the child died first.
   */
  start(load: Extract<ParentMessage, { t: "load" }>): Promise<{ kind: "learner" | "process"; message: string } | undefined> {
    const execArgv = this.options.sandbox ? permissionFlags() : [];
    const child = fork(CHILD_SCRIPT, [], { execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"], serialization: "json" });
    this.child = child;
    this.deathReason = undefined;
    child.stdout?.resume(); // the learner's console output is not graded
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on("exit", (code, signal) => {
      this.deathReason = signal ? `the grading process was killed by ${signal}` : `the grading process exited with code ${code}`;
      this.settle({ kind: "died", why: this.describeDeath() });
      this.child = undefined;
    });
    child.on("error", (error) => {
      this.deathReason = `the grading process failed: ${error.message}`;
      this.settle({ kind: "died", why: this.describeDeath() });
    });
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => {
        this.kill();
        resolvePromise({ kind: "learner", message: `loading the file took longer than ${this.loadLimitMs()} ms (an endless loop at the top level?)` });
      }, this.loadLimitMs());
      const onMessage = (raw: unknown) => {
        const message = raw as ChildMessage;
        if (message.t !== "loaded") return;
        clearTimeout(timer);
        child.off("message", onMessage);
        resolvePromise(message.ok ? undefined : { kind: "learner", message: message.error });
      };
      child.on("message", onMessage);
      child.on("message", (raw: unknown) => {
        const message = raw as ChildMessage;
        if (message.t === "result" && this.pending?.id === message.id) this.settle({ kind: "result", outcome: message.outcome });
      });
      child.once("exit", () => {
        clearTimeout(timer);
        resolvePromise({ kind: "process", message: this.describeDeath() });
      });
      child.send(load);
    });
  }

  private loadLimitMs(): number {
    return this.options.loadTimeoutMs * Math.max(1, this.options.timeScale);
  }

  private describeDeath(): string {
    const lastLines = this.stderr.trim().split("\n").filter((l) => !l.includes("ExperimentalWarning") && !l.includes("--trace-warnings")).slice(-12).join("\n");
    return `${this.deathReason ?? "the grading process ended"}${lastLines ? `:\n${lastLines}` : ""}`;
  }

  private settle(result: CallResult): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    if (pending.timer) clearTimeout(pending.timer);
    pending.resolve(result);
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  call(message: Omit<Extract<ParentMessage, { t: "run" }>, "id"> | Omit<Extract<ParentMessage, { t: "finish" }>, "id">, timeoutMs: number): Promise<CallResult> {
    const child = this.child;
    if (!child || !this.alive) return Promise.resolve({ kind: "died", why: this.describeDeath() });
    const id = this.nextId++;
    const ms = timeoutMs * this.options.timeScale;
    return new Promise((resolvePromise) => {
      this.pending = { id, resolve: resolvePromise };
      this.pending.timer = setTimeout(() => {
        this.settle({ kind: "timeout", ms });
        this.kill();
      }, ms);
      child.send({ ...message, id } as ParentMessage);
    });
  }

  kill(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.removeAllListeners("exit");
      child.kill("SIGKILL");
    }
  }
}

export interface RawTestResult {
  /** Index in the exercise's tests. */
  index: number;
  fraction: number;
  output: string;
}

function timedOut(ms: number): string {
  return `timed out: no answer within ${Math.round(ms)} ms (an endless loop?). This test fails; the others still run.`;
}

/**
 * Run every test of `exercise` against a bundled learner module, each in isolation as described above.
 * Never throws for anything the learner's code does.
 */
export async function runExercise(
  exercise: ExerciseDefinition,
  bundle: { code: string; file: string; env: TestEnv },
  options: RunnerOptions = {},
): Promise<RawTestResult[]> {
  if (!existsSync(CHILD_SCRIPT)) throw new Error(`the grader is not built: ${CHILD_SCRIPT} is missing (run npm run build)`);
  const opts: Required<Omit<RunnerOptions, "testFilter">> = {
    timeScale: options.timeScale ?? 1,
    loadTimeoutMs: options.loadTimeoutMs ?? 15000,
    sandbox: options.sandbox ?? supportsPermissions(),
  };
  const load = { t: "load" as const, stem: exercise.stem, code: bundle.code, file: bundle.file, env: bundle.env };
  const results: RawTestResult[] = [];
  let session: ChildSession | undefined;
  let loadError: string | undefined;

  /** A live session, starting a fresh child when needed; undefined (with loadError set) when loading fails. */
  const ensure = async (): Promise<ChildSession | undefined> => {
    if (loadError) return undefined;
    if (session?.alive) return session;
    // A child that dies while starting (before the learner's module answered) is retried twice: on a busy
    // machine, or while lib/dist is being rebuilt, Node itself can fail to start it.
    for (let attempt = 0; ; attempt++) {
      session = new ChildSession(opts);
      const result = await session.start(load);
      if (result === undefined) return session;
      session.kill();
      if (result.kind === "learner" || attempt >= 2) {
        loadError = result.message;
        return undefined;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const call = async (message: Parameters<ChildSession["call"]>[0], timeoutMs: number): Promise<CallResult> => {
    const s = await ensure();
    if (!s) return { kind: "died", why: loadError! };
    return s.call(message, timeoutMs);
  };

  try {
    for (let index = 0; index < exercise.tests.length; index++) {
      const test = exercise.tests[index]!;
      if (options.testFilter && !options.testFilter(`${exercise.stem}: ${test.name}`)) continue;
      const timeoutMs = test.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
      if (await ensure() === undefined) {
        results.push({ index, fraction: 0, output: `Your file could not be loaded: ${loadError}` });
        continue;
      }
      if (!test.steps) {
        const r = await call({ t: "run", test: index, step: 0 }, timeoutMs);
        if (r.kind === "result") results.push({ index, ...r.outcome });
        else if (r.kind === "timeout") results.push({ index, fraction: 0, output: timedOut(r.ms) });
        else results.push({ index, fraction: 0, output: `The process running your code ended during this test (${r.why}). This test fails; the others still run.` });
        continue;
      }
      const steps: StepRecord[] = [];
      let timeouts = 0;
      for (let step = 0; step < test.steps; step++) {
        if (timeouts >= (test.maxStepTimeouts ?? 1)) {
          steps.push({ step, fraction: 0, output: "", failure: "not run: an earlier step timed out" });
          continue;
        }
        const r = await call({ t: "run", test: index, step }, timeoutMs);
        if (r.kind === "result") steps.push({ step, ...r.outcome });
        else if (r.kind === "timeout") {
          timeouts++;
          steps.push({ step, fraction: 0, output: "", failure: timedOut(r.ms) });
        } else steps.push({ step, fraction: 0, output: "", failure: `the process running your code ended (${r.why})` });
      }
      let outcome: TestOutcome | undefined;
      if (test.finish) {
        const r = await call({ t: "finish", test: index, steps }, test.finishTimeoutMs ?? timeoutMs);
        if (r.kind === "result") outcome = r.outcome;
      }
      results.push({ index, ...(outcome ?? summarizeSteps(steps)) });
    }
  } finally {
    session?.kill();
  }
  return results;
}

/** The default for a stepped test: the share of steps that passed, and the first few failures. */
export function summarizeSteps(steps: StepRecord[]): TestOutcome {
  const passedSteps = steps.filter((s) => s.fraction >= 1).length;
  const fraction = steps.length === 0 ? 0 : steps.reduce((sum, s) => sum + s.fraction, 0) / steps.length;
  const failed = steps.filter((s) => s.fraction < 1);
  if (failed.length === 0) return { fraction, output: "" };
  const lines = failed.slice(0, 3).map((s) => `step ${s.step}: ${s.failure ?? s.output}`);
  return { fraction, output: [`${passedSteps} of ${steps.length} passed.`, ...lines, failed.length > 3 ? `… and ${failed.length - 3} more` : ""].filter(Boolean).join("\n") };
}
