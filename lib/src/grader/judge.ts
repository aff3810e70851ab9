/**
 * The trusted judge: a worker thread in the grader's own process that runs one exercise's tests. Its learner
 * module is a stand-in: every function, class and method call becomes a request to the sandboxed child (through
 * the grader's main thread, host.ts, which owns the child, its time limits and the message checks) and waits for
 * the answer. Expected values, comparisons, the simulated broker, the reference implementations, scores and
 * feedback all live here; the child only ever sees inputs.
 *
 * Messages to the main thread: {t:"budget", ms} (a new test or step starts), {t:"exports"}, {t:"call", calls},
 * {t:"done", results}. Answers come back on `port`, with `flag` (a shared Int32) set to wake this thread.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { decode, encode, type Call, type CallResult, type Enc, type ExportInfo } from "./codec.js";
import { describeThrow, MissingExport } from "./feedback.js";
import { exerciseByStem } from "./registry.js";
import { COUNTER, LearnerCallFailure, REMOTE, type Counter, type RemoteModule, type ScriptCall, type ScriptResult } from "./remote.js";
import { DEFAULT_TEST_TIMEOUT_MS, type LearnerExports, type StepRecord, type TestEnv, type TestOutcome } from "./types.js";

export interface JudgeData {
  stem: string;
  /** Indices of the tests to run. */
  indices: number[];
  env: TestEnv;
  flag: SharedArrayBuffer;
  port: MessagePort;
}

/** What the main thread answers to "exports" and "call". */
export type HostReply =
  | { kind: "exports"; exports: ExportInfo[] }
  | { kind: "ok"; results: CallResult[]; printed: string[]; async: string[] }
  | { kind: "failed"; failure: "timeout" | "died" | "protocol" | "budget" | "load"; message: string; limit?: string };

export interface JudgedResult {
  index: number;
  fraction: number;
  output: string;
  /** A limit this test hit (time, memory, …). */
  limit?: string;
}

const data = workerData as JudgeData;
const flag = new Int32Array(data.flag);

function ask(message: object): HostReply {
  parentPort!.postMessage(message);
  Atomics.wait(flag, 0, 0);
  Atomics.store(flag, 0, 0);
  const got = receiveMessageOnPort(data.port);
  if (!got) throw new Error("the grader's main thread woke the judge without an answer");
  return got.message as HostReply;
}

// ---------------------------------------------------------------- per-test state

let failure: LearnerCallFailure | undefined;
let printed: string[] = [];
let asyncErrors: string[] = [];

function send(calls: Call[]): CallResult[] {
  if (failure) throw failure;
  const reply = ask({ t: "call", calls });
  if (reply.kind === "failed") {
    failure = new LearnerCallFailure(reply.failure, reply.message, reply.limit);
    throw failure;
  }
  if (reply.kind !== "ok") throw new Error("the grader's main thread answered a call with a list of exports");
  for (const line of reply.printed) if (printed.length < 40) printed.push(line);
  for (const e of reply.async) if (asyncErrors.length < 3) asyncErrors.push(e);
  return reply.results;
}

function encodeArgs(args: unknown[]): { encoded: Enc[]; counters: Counter[] } {
  const counters: Counter[] = [];
  const encoded = args.map((a) => {
    if (typeof a === "function" && COUNTER in a) {
      counters.push(a as Counter);
      return { $: "counter", start: (a as Counter)[COUNTER].start() };
    }
    return encode(a);
  });
  return { encoded, counters };
}

function settle(result: CallResult, counters: Counter[]): { ok: true; value: unknown } | { ok: false; error: unknown } {
  if (!result.ok) return { ok: false, error: decode(result.e) };
  counters.forEach((c, i) => c[COUNTER].add(result.counters?.[i] ?? 0));
  return { ok: true, value: decode(result.v) };
}

/** An object standing in for an instance the child made: its methods call into the child. */
function instance(h: number, methods: string[]): object {
  const obj: Record<string, unknown> = {};
  for (const method of methods) {
    if (method === "then") continue; // never look like a promise
    obj[method] = (...args: unknown[]) => {
      const { encoded, counters } = encodeArgs(args);
      const r = settle(send([{ op: "invoke", h, method, args: encoded }])[0]!, counters);
      if (!r.ok) throw r.error;
      return r.value;
    };
  }
  return obj;
}

function remoteFunction(name: string): (...args: unknown[]) => unknown {
  const f = function (this: unknown, ...args: unknown[]): unknown {
    const { encoded, counters } = encodeArgs(args);
    const result = send([{ op: new.target ? "new" : "call", name, args: encoded }])[0]!;
    if (new.target) {
      if (!result.ok) throw decode(result.e);
      return instance(result.h ?? 0, result.methods ?? []);
    }
    const r = settle(result, counters);
    if (!r.ok) throw r.error;
    return r.value;
  };
  Object.defineProperty(f, "name", { value: name });
  return f;
}

function runScript(calls: ScriptCall[]): ScriptResult[] {
  const wire: Call[] = calls.map((c) => (c.op === "invoke"
    ? { op: "invoke", h: { r: c.target }, method: c.method, args: c.args.map((a) => encode(a)) }
    : { op: c.op, name: c.name, args: c.args.map((a) => encode(a)) }));
  return send(wire).map((r) => (r.ok ? { ok: true, value: decode(r.v) } : { ok: false, error: decode(r.e) }));
}

function learnerModule(exports: ExportInfo[]): LearnerExports {
  const mod: Record<string | symbol, unknown> = {};
  for (const ex of exports) mod[ex.name] = ex.kind === "function" ? remoteFunction(ex.name) : decode(ex.v as Enc);
  const remote: RemoteModule = { runScript };
  mod[REMOTE] = remote;
  return mod as LearnerExports;
}

// ---------------------------------------------------------------- running tests

function describeFailure(f: LearnerCallFailure, inStep: boolean): string {
  switch (f.kind) {
    case "timeout": return f.message;
    case "died": return inStep ? `the process running your code ended (${f.message})` : `The process running your code ended during this test (${f.message}). This test fails; the others still run.`;
    case "protocol": return `The process running your code sent an answer the grader does not accept (${f.message}). This test fails; the others still run.`;
    case "budget": return f.message;
    case "load": return `Your file could not be loaded: ${f.message}`;
  }
}

/** Run one test body (or step) with the time budget `ms`; learner failures become outcomes. */
async function guarded(ms: number, body: () => TestOutcome | Promise<TestOutcome>): Promise<TestOutcome & { failure?: LearnerCallFailure }> {
  failure = undefined;
  printed = [];
  asyncErrors = [];
  parentPort!.postMessage({ t: "budget", ms });
  let outcome: TestOutcome;
  try {
    outcome = await body();
  } catch (error) {
    if (error instanceof LearnerCallFailure) failure = error;
    const own = error instanceof MissingExport;
    outcome = { fraction: 0, output: own ? (error as Error).message : `The test stopped: your code ${describeThrow(error)}` };
  }
  // A failure swallowed on the way (the simulated broker catches what a table throws) still fails the test.
  if (failure) return { fraction: 0, output: "", failure };
  let fraction = Number.isFinite(outcome.fraction) ? Math.min(1, Math.max(0, outcome.fraction)) : 0;
  let output = typeof outcome.output === "string" ? outcome.output : "";
  if (printed.length > 0 && fraction < 1) {
    output += `${output ? "\n" : ""}Your code printed:\n${printed.map((l) => `  | ${l}`).join("\n")}`;
  }
  if (asyncErrors.length > 0) output += `${output ? "\n" : ""}(Also thrown asynchronously, outside any call the grader made: ${asyncErrors.join("; ")})`;
  if (fraction !== fraction) fraction = 0;
  return { fraction, output, data: outcome.data };
}

function summarizeSteps(steps: StepRecord[]): TestOutcome {
  const passedSteps = steps.filter((s) => s.fraction >= 1).length;
  const fraction = steps.length === 0 ? 0 : steps.reduce((sum, s) => sum + s.fraction, 0) / steps.length;
  const failed = steps.filter((s) => s.fraction < 1);
  if (failed.length === 0) return { fraction, output: "" };
  const lines = failed.slice(0, 3).map((s) => `step ${s.step}: ${s.failure ?? s.output}`);
  return { fraction, output: [`${passedSteps} of ${steps.length} passed.`, ...lines, failed.length > 3 ? `… and ${failed.length - 3} more` : ""].filter(Boolean).join("\n") };
}

async function main(): Promise<JudgedResult[]> {
  const exercise = exerciseByStem(data.stem);
  if (!exercise) throw new Error(`the grader knows no exercise named ${data.stem}`);
  const results: JudgedResult[] = [];
  const first = ask({ t: "exports" });
  if (first.kind === "failed") {
    for (const index of data.indices) results.push({ index, fraction: 0, output: describeFailure(new LearnerCallFailure(first.failure, first.message), false), limit: first.limit });
    return results;
  }
  if (first.kind !== "exports") throw new Error("the grader's main thread did not send the exports");
  const mod = learnerModule(first.exports);
  for (const index of data.indices) {
    const test = exercise.tests[index]!;
    const ms = test.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
    if (!test.steps) {
      const o = await guarded(ms, () => test.run(mod, 0, data.env));
      results.push(o.failure ? { index, fraction: 0, output: describeFailure(o.failure, false), limit: o.failure.limit } : { index, fraction: o.fraction, output: o.output });
      continue;
    }
    const steps: StepRecord[] = [];
    let timeouts = 0;
    let limit: string | undefined;
    for (let step = 0; step < test.steps; step++) {
      if (timeouts >= (test.maxStepTimeouts ?? 1) || limit === "submission time cap") {
        steps.push({ step, fraction: 0, output: "", failure: `not run: ${limit === "submission time cap" ? "the submission's time cap was reached" : "an earlier step timed out"}` });
        continue;
      }
      const o = await guarded(ms, () => test.run(mod, step, data.env));
      if (o.failure) {
        if (o.failure.kind === "timeout") timeouts++;
        limit ??= o.failure.limit;
        steps.push({ step, fraction: 0, output: "", failure: describeFailure(o.failure, true) });
      } else steps.push({ step, fraction: o.fraction, output: o.output, data: o.data });
    }
    let outcome: TestOutcome | undefined;
    if (test.finish && limit !== "submission time cap") {
      const o = await guarded(test.finishTimeoutMs ?? ms, () => test.finish!(mod, steps, data.env));
      if (!o.failure) outcome = o;
    }
    const final = outcome ?? summarizeSteps(steps);
    results.push({ index, fraction: final.fraction, output: final.output, limit });
  }
  return results;
}

main().then(
  (results) => parentPort!.postMessage({ t: "done", results }),
  (error: unknown) => parentPort!.postMessage({ t: "crash", message: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
