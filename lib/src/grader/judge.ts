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
import { setLang, tr, type Lang } from "../kernel/locale.js";
import { decode, encode, type Call, type CallResult, type Enc, type ExportInfo } from "./codec.js";
import { describeThrow, MissingExport } from "./feedback.js";
import { COUNTER, LearnerCallFailure, REMOTE, type Counter, type RemoteModule, type ScriptCall, type ScriptResult } from "./remote.js";
import { DEFAULT_TEST_TIMEOUT_MS, type ExerciseDefinition, type LearnerExports, type StepRecord, type TestEnv, type TestOutcome } from "./types.js";

/** Each judge loads only its own exercise's tests (the scenario tests pull in the whole simulator). */
export const LOADERS: Record<string, () => Promise<ExerciseDefinition>> = {
  "in-sequence": async () => (await import("./exercises/in-sequence.js")).inSequenceExercise,
  "delivery-check": async () => (await import("./exercises/delivery-check.js")).deliveryCheckExercise,
  "producer-config": async () => (await import("./exercises/producer-config.js")).producerConfigExercise,
  "sequence-validation": async () => (await import("./exercises/sequence-validation.js")).sequenceValidationExercise,
  "producer-sequences": async () => (await import("./exercises/producer-sequences.js")).producerSequencesExercise,
  "transactional-fencing": async () => (await import("./exercises/transactional-fencing.js")).transactionalFencingExercise,
};

export interface JudgeData {
  stem: string;
  /**
   * The language of the feedback, chosen by whoever runs the grader (never by the submission): every text this judge
   * writes is in it. The exercise's tests are loaded after it is set.
   */
  lang: Lang;
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
const flag = data?.flag ? new Int32Array(data.flag) : new Int32Array(1);

const stats = { asks: 0, waitMs: 0, late: 0 };
function ask(message: object): HostReply {
  stats.asks++;
  const t0 = performance.now();
  parentPort!.postMessage(message);
  Atomics.wait(flag, 0, 0);
  Atomics.store(flag, 0, 0);
  // The answer is posted before the flag is raised; should it not be readable yet, look again shortly.
  for (let tries = 0; ; tries++) {
    const got = receiveMessageOnPort(data.port);
    if (got) {
      stats.waitMs += performance.now() - t0;
      return got.message as HostReply;
    }
    if (tries === 0) stats.late++;
    if (tries > 60_000) throw new Error("the grader's main thread woke the judge without an answer");
    Atomics.wait(flag, 0, 0, 1);
    Atomics.store(flag, 0, 0);
  }
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

// ---------------------------------------------------------------- instances and the call queue

/** An instance of a learner class, as the judge holds it: made in the child now, or with its first call. */
interface RemoteInstance {
  name: string;
  args: Enc[];
  /** Its handle in the child, once made. */
  h?: number;
  /** Index of its `new` in the queue, while that is not sent yet. */
  queuedAt?: number;
  /** What its constructor threw. */
  failed?: { error: unknown };
}

/**
 * Calls whose answers nobody waits for (deferred: a follower replaying a batch, whose verdict the simulated broker
 * ignores; and the `new` of a lazily made instance). They go to the child in order, in front of the next call that
 * needs an answer: nothing is sent ahead of time, so the child never sees an input before the ones it precedes.
 */
let queue: { call: Call; done?: (r: CallResult | undefined) => void }[] = [];
const instances = new WeakMap<object, RemoteInstance>();
const methodsByClass = new Map<string, string[]>();

function refFor(inst: RemoteInstance): number | { r: number } {
  if (inst.h !== undefined) return inst.h;
  if (inst.queuedAt === undefined) {
    inst.queuedAt = queue.length;
    queue.push({
      call: { op: "new", name: inst.name, args: inst.args },
      done: (r) => {
        inst.queuedAt = undefined;
        if (r?.ok) inst.h = r.h;
        else inst.failed = { error: r ? decode(r.e) : new Error("the object could not be made") };
      },
    });
  }
  return { r: inst.queuedAt };
}

/** Send the queue, then `live` (if any) in the same round trip; the answer to `live`. */
function flush(live?: Call): CallResult | undefined {
  const pending = queue;
  queue = [];
  if (pending.length === 0 && !live) return undefined;
  const calls = pending.map((q) => q.call);
  if (live) calls.push(live);
  let results: CallResult[];
  try {
    results = send(calls);
  } catch (error) {
    pending.forEach((q) => q.done?.(undefined));
    throw error;
  }
  pending.forEach((q, i) => q.done?.(results[i]));
  return live ? results[results.length - 1] : undefined;
}

function invoke(inst: RemoteInstance, method: string, args: unknown[], deferred: boolean): unknown {
  if (inst.failed) throw inst.failed.error;
  const { encoded, counters } = encodeArgs(args);
  const call: Call = { op: "invoke", h: refFor(inst), method, args: encoded };
  if (deferred && counters.length === 0) {
    queue.push({ call });
    return undefined;
  }
  const result = flush(call)!;
  const failedNow = inst.failed as { error: unknown } | undefined; // set by the flush when its `new` threw
  if (failedNow) throw failedNow.error;
  const r = settle(result, counters);
  if (!r.ok) throw r.error;
  return r.value;
}

/** An object standing in for an instance in the child: its methods call into the child. */
function standIn(inst: RemoteInstance, methods: string[]): object {
  const obj: Record<string, unknown> = {};
  for (const method of methods) {
    if (method === "then") continue; // never look like a promise
    obj[method] = (...args: unknown[]) => invoke(inst, method, args, false);
  }
  instances.set(obj, inst);
  return obj;
}

function remoteFunction(name: string): (...args: unknown[]) => unknown {
  const f = function (this: unknown, ...args: unknown[]): unknown {
    const { encoded, counters } = encodeArgs(args);
    if (new.target) {
      // The class's methods are known from its first instance: later ones are made with their first call.
      const known = methodsByClass.get(name);
      if (known && counters.length === 0) return standIn({ name, args: encoded }, known);
      const result = flush({ op: "new", name, args: encoded })!;
      if (!result.ok) throw decode(result.e);
      methodsByClass.set(name, result.methods ?? []);
      return standIn({ name, args: encoded, h: result.h }, result.methods ?? []);
    }
    const r = settle(flush({ op: "call", name, args: encoded })!, counters);
    if (!r.ok) throw r.error;
    return r.value;
  };
  Object.defineProperty(f, "name", { value: name });
  return f;
}

function runScript(calls: ScriptCall[]): ScriptResult[] {
  flush();
  const counters: Counter[][] = [];
  const wire: Call[] = calls.map((c) => {
    const { encoded, counters: mine } = encodeArgs(c.args);
    counters.push(mine);
    return c.op === "invoke" ? { op: "invoke", h: { r: c.target }, method: c.method, args: encoded } : { op: c.op, name: c.name, args: encoded };
  });
  return send(wire).map((r, i) => {
    const x = settle(r, counters[i]!);
    return x.ok ? { ok: true, value: x.value } : { ok: false, error: x.error };
  });
}

function defer(target: object, method: string, args: unknown[]): void {
  const inst = instances.get(target);
  if (!inst) {
    (target as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    return;
  }
  invoke(inst, method, args, true);
}

function learnerModule(exports: ExportInfo[]): LearnerExports {
  const mod: Record<string | symbol, unknown> = {};
  for (const ex of exports) {
    // defineProperty: an export named "__proto__" is only a name.
    Object.defineProperty(mod, ex.name, { value: ex.kind === "function" ? remoteFunction(ex.name) : decode(ex.v as Enc), enumerable: true, writable: true, configurable: true });
  }
  const remote: RemoteModule = { runScript, defer };
  mod[REMOTE] = remote;
  return mod as LearnerExports;
}

// ---------------------------------------------------------------- running tests

function describeFailure(f: LearnerCallFailure, inStep: boolean): string {
  switch (f.kind) {
    case "timeout": return f.message;
    case "died": return inStep
      ? tr({ en: `the process running your code ended (${f.message})`, ko: `코드를 실행하던 프로세스가 끝났습니다 (${f.message})` })
      : tr({ en: `The process running your code ended during this test (${f.message}). This test fails; the others still run.`, ko: `이 테스트 도중 코드를 실행하던 프로세스가 끝났습니다 (${f.message}). 이 테스트는 실패입니다. 나머지 테스트는 그대로 실행합니다.` });
    case "protocol": return tr({ en: `The process running your code sent an answer the grader does not accept (${f.message}). This test fails; the others still run.`, ko: `코드를 실행하던 프로세스가 채점기가 받지 않는 응답을 보냈습니다 (${f.message}). 이 테스트는 실패입니다. 나머지 테스트는 그대로 실행합니다.` });
    case "budget": return f.message;
    case "load": return tr({ en: `Your file could not be loaded: ${f.message}`, ko: `파일을 불러오지 못했습니다: ${f.message}` });
  }
}

/** Run one test body (or step) with the time budget `ms`; learner failures become outcomes. */
async function guarded(ms: number, body: () => TestOutcome | Promise<TestOutcome>): Promise<TestOutcome & { failure?: LearnerCallFailure }> {
  failure = undefined;
  printed = [];
  asyncErrors = [];
  queue = [];
  parentPort!.postMessage({ t: "budget", ms });
  let outcome: TestOutcome;
  try {
    outcome = await body();
    flush(); // deferred calls belong to this test
  } catch (error) {
    if (error instanceof LearnerCallFailure) failure = error;
    const own = error instanceof MissingExport;
    outcome = { fraction: 0, output: own ? (error as Error).message : tr({ en: `The test stopped: your code ${describeThrow(error)}`, ko: `테스트가 멈췄습니다. 코드에서 ${describeThrow(error)}` }) };
  }
  // A failure swallowed on the way (the simulated broker catches what a table throws) still fails the test.
  if (failure) return { fraction: 0, output: "", failure };
  let fraction = Number.isFinite(outcome.fraction) ? Math.min(1, Math.max(0, outcome.fraction)) : 0;
  let output = typeof outcome.output === "string" ? outcome.output : "";
  if (printed.length > 0 && fraction < 1) {
    output += `${output ? "\n" : ""}${tr({ en: "Your code printed:", ko: "코드가 출력한 내용:" })}\n${printed.map((l) => `  | ${l}`).join("\n")}`;
  }
  if (asyncErrors.length > 0) {
    const also = tr({ en: "Also thrown asynchronously, outside any call the grader made", ko: "채점기가 한 호출 밖에서 비동기로 던진 예외도 있습니다" });
    output += `${output ? "\n" : ""}(${also}: ${asyncErrors.join("; ")})`;
  }
  if (fraction !== fraction) fraction = 0;
  return { fraction, output, data: outcome.data };
}

function summarizeSteps(steps: StepRecord[]): TestOutcome {
  const passedSteps = steps.filter((s) => s.fraction >= 1).length;
  const fraction = steps.length === 0 ? 0 : steps.reduce((sum, s) => sum + s.fraction, 0) / steps.length;
  const failed = steps.filter((s) => s.fraction < 1);
  if (failed.length === 0) return { fraction, output: "" };
  const lines = failed.slice(0, 3).map((s) => `${tr({ en: "step", ko: "단계" })} ${s.step}: ${s.failure ?? s.output}`);
  return {
    fraction,
    output: [
      tr({ en: `${passedSteps} of ${steps.length} passed.`, ko: `${steps.length}개 중 ${passedSteps}개 통과.` }),
      ...lines,
      failed.length > 3 ? tr({ en: `… and ${failed.length - 3} more`, ko: `… 그리고 ${failed.length - 3}개 더` }) : "",
    ].filter(Boolean).join("\n"),
  };
}

async function main(): Promise<JudgedResult[]> {
  // The language comes from the grader's main thread (its command line or environment), never from the child.
  setLang(data.lang ?? "en");
  const loader = LOADERS[data.stem];
  if (!loader) throw new Error(`the grader knows no exercise named ${data.stem}`);
  const exercise = await loader();
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
        const notRun = limit === "submission time cap"
          ? tr({ en: "not run: the submission's time cap was reached", ko: "실행하지 않음: 제출물의 시간 한도에 도달했습니다" })
          : tr({ en: "not run: an earlier step timed out", ko: "실행하지 않음: 앞 단계가 시간 초과되었습니다" });
        steps.push({ step, fraction: 0, output: "", failure: notRun });
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

if (parentPort && (workerData as JudgeData | undefined)?.flag) main().then(
  (results) => {
    if (process.env.GRADER_DEBUG) process.stderr.write(`judge ${data.stem}: ${stats.asks} round trips, ${Math.round(stats.waitMs)} ms waiting (${stats.late} answers late), ${Math.round(performance.now())} ms alive\n`);
    parentPort!.postMessage({ t: "done", results });
  },
  (error: unknown) => parentPort!.postMessage({ t: "crash", message: error instanceof Error ? error.stack ?? error.message : String(error) }),
);
