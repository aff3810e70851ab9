/**
 * The grader's main thread, between the trusted judge (a worker thread, judge.ts) and the untrusted child that runs
 * the submission (child.ts, started through sandbox.ts). It owns the child: starts it, loads the bundle, forwards
 * each call, enforces the time limits (per call, per test, per submission) by killing it, reads its answers with a
 * size cap, checks every message (codec.ts: schema, types, sizes) before the judge sees it, and starts a fresh
 * child after a failure. It also runs the bundler, in the same sandbox, one process per exercise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { checkChildMessage, decode, LIMITS, type Call, type ChildMessage, type Enc, type ExportInfo } from "./codec.js";
import type { HostReply, JudgeData, JudgedResult } from "./judge.js";
import { sandboxCommand, submissionMount, type IsolationOptions, type SandboxPlan } from "./sandbox.js";
import type { TestEnv } from "./types.js";
import type { BundleAnswer } from "./bundler.js";

const here = dirname(fileURLToPath(import.meta.url));
/** lib/ (this file is lib/src/grader/host.ts or lib/dist/grader/host.js). */
export const LIBRARY_DIR = resolve(here, "..", "..");
/** The judge is always the built one (tests that import the grader from source use it too). */
export const JUDGE_SCRIPT = join(LIBRARY_DIR, "dist", "grader", "judge.js");

export interface SubmissionBudget {
  capMs: number;
  remainingMs: number;
  usedMs: Map<string, number>;
  /** The exercise that was running when the cap was reached. */
  exhaustedBy?: string;
}

export function submissionBudget(capMs: number): SubmissionBudget {
  return { capMs, remainingMs: capMs, usedMs: new Map() };
}

export const LIMIT = {
  test: "time limit of a test",
  submission: "submission time cap",
  memory: "memory",
  cpu: "CPU time",
  load: "load time",
  protocol: "protocol",
} as const;

export function timedOut(ms: number): string {
  return `timed out: no answer within ${Math.round(ms)} ms (an endless loop?). This test fails; the others still run.`;
}

function budgetMessage(budget: SubmissionBudget): string {
  return `not run: this submission used up its time cap of ${Math.round(budget.capMs / 1000)} s${budget.exhaustedBy ? ` (the cap was reached during ${budget.exhaustedBy})` : ""}.`;
}

function describeError(e: Enc): string {
  const v = decode(e);
  if (v instanceof Error) return `threw ${v.name}: ${v.message}`;
  return `threw ${typeof v === "string" ? JSON.stringify(v) : String(v)}`;
}

type Answer =
  | { kind: "message"; message: ChildMessage }
  | { kind: "died"; why: string; limit?: string }
  | { kind: "protocol"; why: string };

/** One sandboxed child with one learner module loaded. */
class LearnerProcess {
  private proc: ChildProcess | undefined;
  private buffered = "";
  private stderr = "";
  private waiter: { expect?: { id: number; calls: number }; resolve: (a: Answer) => void } | undefined;
  private nextId = 1;
  private exited: Answer | undefined;

  constructor(private readonly plan: SandboxPlan, private readonly isolation: IsolationOptions, private readonly heapMiB: number) {}

  get alive(): boolean {
    return this.proc !== undefined && this.exited === undefined;
  }

  private answer(a: Answer): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve(a);
  }

  private fail(a: Answer): void {
    this.exited ??= a;
    this.kill();
    this.answer(a);
  }

  private onLine(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.fail({ kind: "protocol", why: "a line that is not JSON" });
      return;
    }
    const expect = this.waiter?.expect;
    const why = this.waiter ? checkChildMessage(parsed, expect) : "a message nobody asked for";
    if (why) {
      this.fail({ kind: "protocol", why });
      return;
    }
    const m = parsed as ChildMessage;
    if (!expect && m.t === "reply") {
      this.fail({ kind: "protocol", why: "an answer before the file was loaded" });
      return;
    }
    if (expect && m.t !== "reply") {
      this.fail({ kind: "protocol", why: `a ${m.t} message instead of an answer` });
      return;
    }
    this.answer({ kind: "message", message: m });
  }

  private deathReason(code: number | null, signal: string | null): { why: string; limit?: string } {
    const err = this.stderr;
    if (/heap limit|Allocation failed|out of memory|Cannot allocate memory|OOM/i.test(err)) {
      return { why: `it ran out of memory (the limit is ${this.heapMiB} MiB of heap and ${Math.round((this.isolation.memoryBytes ?? 2 * 1024 ** 3) / 1024 ** 2)} MiB in all)`, limit: LIMIT.memory };
    }
    if (signal === "SIGXCPU") return { why: "it used up its CPU time", limit: LIMIT.cpu };
    const last = err.trim().split("\n").filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l)).slice(-8).join("\n");
    return { why: `${signal ? `the process was killed by ${signal}` : `the process exited with code ${code}`}${last ? `:\n${last}` : ""}` };
  }

  /** Start and load; resolves with the exports, or why not. */
  start(code: string, file: string, ms: number): Promise<Answer & { elapsedMs: number }> {
    const c = sandboxCommand(this.plan, { kind: "child" }, this.isolation);
    const started = performance.now();
    const proc = spawn(c.command, c.args, { env: c.env, stdio: ["pipe", "pipe", "pipe", "pipe"], detached: false });
    this.proc = proc;
    proc.stdout!.resume();
    proc.stderr!.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000);
    });
    const out = proc.stdio[3] as NodeJS.ReadableStream;
    out.on("data", (chunk: Buffer) => {
      this.buffered += chunk.toString("utf8");
      let nl: number;
      while ((nl = this.buffered.indexOf("\n")) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.onLine(line);
        if (!this.alive) return;
      }
      if (this.buffered.length > LIMITS.messageBytes) this.fail({ kind: "protocol", why: `an answer larger than ${LIMITS.messageBytes} bytes` });
    });
    out.on("error", () => undefined);
    proc.stdin!.on("error", () => undefined);
    proc.on("error", (error) => this.fail({ kind: "died", why: `the process could not start: ${error.message}` }));
    // "close", not "exit": the last of stderr (a heap-limit message is written just before the end) is read by then.
    proc.on("close", (code, signal) => {
      const d = this.deathReason(code, signal);
      this.exited ??= { kind: "died", ...d };
      this.answer(this.exited);
    });
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => this.fail({ kind: "died", why: `loading the file took longer than ${Math.round(ms)} ms (an endless loop at the top level?)`, limit: LIMIT.load }), ms);
      this.waiter = {
        resolve: (a) => {
          clearTimeout(timer);
          resolvePromise({ ...a, elapsedMs: performance.now() - started });
        },
      };
      proc.stdin!.write(`${JSON.stringify({ t: "load", code, file })}\n`);
    });
  }

  /** Send calls; resolves with the checked answer, or why there is none. `ms`: the time limit. */
  request(calls: Call[], ms: number, onTimeout: () => Answer): Promise<Answer & { elapsedMs: number }> {
    if (!this.alive) return Promise.resolve({ ...(this.exited ?? { kind: "died", why: "the process is not running" }), elapsedMs: 0 });
    const id = this.nextId++;
    const started = performance.now();
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => this.fail(onTimeout()), Math.max(1, ms));
      this.waiter = {
        expect: { id, calls: calls.length },
        resolve: (a) => {
          clearTimeout(timer);
          resolvePromise({ ...a, elapsedMs: performance.now() - started });
        },
      };
      this.proc!.stdin!.write(`${JSON.stringify({ t: "run", id, calls })}\n`);
    });
  }

  kill(): void {
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    this.exited ??= { kind: "died", why: "stopped by the grader" };
  }
}

export interface ExerciseRunOptions {
  plan: SandboxPlan;
  isolation: IsolationOptions;
  timeScale: number;
  loadTimeoutMs: number;
  budget: SubmissionBudget;
}

export interface ExerciseRun {
  results: JudgedResult[];
  /** Limits hit while grading this exercise. */
  limits: string[];
}

/** Judge the tests `indices` of exercise `stem` against a bundle, with a judge worker and sandboxed children. */
export function runJudged(stem: string, indices: number[], bundle: { code: string; file: string; env: TestEnv }, o: ExerciseRunOptions): Promise<ExerciseRun> {
  const heap = o.isolation.heapMiB ?? 384;
  const limits = new Set<string>();
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const data: JudgeData = { stem, indices, env: bundle.env, flag, port: port2 };
  const worker = new Worker(JUDGE_SCRIPT, { workerData: data, transferList: [port2] });
  let child: LearnerProcess | undefined;
  let loadFailure: HostReply | undefined;
  let exports: ExportInfo[] | undefined;
  let testMs = 0;
  let testRemaining = 0;

  const reply = (r: HostReply) => {
    port1.postMessage(r);
    Atomics.store(flagView, 0, 1);
    Atomics.notify(flagView, 0);
  };
  const spend = (ms: number) => {
    o.budget.remainingMs -= ms;
    o.budget.usedMs.set(stem, (o.budget.usedMs.get(stem) ?? 0) + ms);
    if (o.budget.remainingMs <= 0) o.budget.exhaustedBy ??= stem;
  };
  const budgetFailure = (): HostReply => {
    limits.add(LIMIT.submission);
    return { kind: "failed", failure: "budget", message: budgetMessage(o.budget), limit: LIMIT.submission };
  };

  /** A loaded child, or the reply that says why there is none. */
  const ensure = async (): Promise<HostReply | undefined> => {
    if (child?.alive && exports) return undefined;
    if (loadFailure) return loadFailure;
    for (let attempt = 0; ; attempt++) {
      if (o.budget.remainingMs <= 0) return budgetFailure();
      child = new LearnerProcess(o.plan, o.isolation, heap);
      const loadMs = Math.min(o.loadTimeoutMs * Math.max(1, o.timeScale), o.budget.remainingMs);
      const a = await child.start(bundle.code, bundle.file, loadMs);
      spend(a.elapsedMs);
      if (a.kind === "message" && a.message.t === "ready") {
        exports = a.message.exports;
        return undefined;
      }
      child.kill();
      if (a.kind === "message" && a.message.t === "loadError") {
        loadFailure = { kind: "failed", failure: "load", message: `loading ${bundle.file} ${describeError(a.message.e)}` };
        return loadFailure;
      }
      if (a.kind === "died" && a.limit) {
        limits.add(a.limit);
        loadFailure = a.limit === LIMIT.load && o.budget.remainingMs <= 0
          ? budgetFailure()
          : { kind: "failed", failure: "load", message: a.why, limit: a.limit };
        return loadFailure;
      }
      if (a.kind === "protocol") {
        limits.add(LIMIT.protocol);
        loadFailure = { kind: "failed", failure: "load", message: `the process running your file sent a message the grader does not accept (${a.why})`, limit: LIMIT.protocol };
        return loadFailure;
      }
      // Died while starting, not because of the file: a busy machine can fail to start Node. Retry twice.
      if (attempt >= 2) {
        loadFailure = { kind: "failed", failure: "load", message: a.kind === "died" ? a.why : "the process did not start" };
        return loadFailure;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const handle = async (m: { t: string; ms?: number; calls?: Call[] }): Promise<void> => {
    if (m.t === "budget") {
      testMs = (m.ms ?? 0) * o.timeScale;
      testRemaining = testMs;
      return;
    }
    if (m.t === "exports") {
      const failed = await ensure();
      reply(failed ?? { kind: "exports", exports: exports! });
      return;
    }
    if (m.t !== "call") return;
    const failed = await ensure();
    if (failed) return reply(failed);
    if (o.budget.remainingMs <= 0) return reply(budgetFailure());
    if (testRemaining <= 0) {
      limits.add(LIMIT.test);
      return reply({ kind: "failed", failure: "timeout", message: timedOut(testMs), limit: LIMIT.test });
    }
    const budgetBinds = o.budget.remainingMs < testRemaining;
    const ms = Math.min(o.budget.remainingMs, testRemaining);
    const a = await child!.request(m.calls ?? [], ms, () => ({ kind: "died", why: budgetBinds ? "budget" : "timeout" }));
    spend(a.elapsedMs);
    testRemaining -= a.elapsedMs;
    if (a.kind === "message" && a.message.t === "reply") {
      return reply({ kind: "ok", results: a.message.results, printed: a.message.printed, async: a.message.async });
    }
    child!.kill();
    if (a.kind === "died" && a.why === "budget") return reply(budgetFailure());
    if (a.kind === "died" && a.why === "timeout") {
      limits.add(LIMIT.test);
      return reply({ kind: "failed", failure: "timeout", message: timedOut(testMs), limit: LIMIT.test });
    }
    if (a.kind === "protocol") {
      limits.add(LIMIT.protocol);
      return reply({ kind: "failed", failure: "protocol", message: a.why, limit: LIMIT.protocol });
    }
    if (a.kind === "died" && a.limit) limits.add(a.limit);
    return reply({ kind: "failed", failure: "died", message: a.kind === "died" ? a.why : "the process ended", limit: a.kind === "died" ? a.limit : undefined });
  };

  return new Promise((resolvePromise) => {
    let queue = Promise.resolve();
    let settled = false;
    const finish = (results: JudgedResult[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      child?.kill();
      port1.close();
      void worker.terminate();
      resolvePromise({ results, limits: [...limits] });
    };
    const crashed = (why: string) => {
      if (settled) return;
      process.stderr.write(`grade: the judge of ${stem} failed: ${why}\n`);
      finish(indices.map((index) => ({ index, fraction: 0, output: `The grader itself failed on this exercise (not your code): ${why.split("\n")[0]}` })));
    };
    // The judge is trusted, but a bug must not hang the grader: it gets the submission's cap and a minute more.
    const watchdog = setTimeout(() => crashed("the judge did not finish in time"), o.budget.capMs * Math.max(1, o.timeScale) + 60_000);
    worker.on("message", (m: { t: string; results?: JudgedResult[]; message?: string }) => {
      if (m.t === "done") finish(m.results ?? []);
      else if (m.t === "crash") crashed(m.message ?? "unknown");
      else queue = queue.then(() => handle(m)).catch((e: unknown) => crashed(String((e as Error)?.stack ?? e)));
    });
    worker.on("error", (e) => crashed(e.stack ?? e.message));
    worker.on("exit", () => crashed("the judge ended without results"));
  });
}

// ---------------------------------------------------------------- bundling

/** Bundle `<stem>.ts` of a staged submission in a sandboxed bundler process. */
export function bundleInSandbox(plan: SandboxPlan, isolation: IsolationOptions, staged: string, stem: string, timeoutMs = 30_000): Promise<BundleAnswer> {
  const c = sandboxCommand(plan, { kind: "bundler", submission: staged }, isolation);
  return new Promise((resolvePromise) => {
    const proc = spawn(c.command, c.args, { env: c.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    const end = (a: BundleAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      resolvePromise(a);
    };
    const broken = (why: string): BundleAnswer => ({ ok: false, error: `the bundler failed on this file (${why}); only this exercise is affected`, files: [], imports: [], forbidden: [] });
    const timer = setTimeout(() => end(broken(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    proc.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.length > 64 * 1024 * 1024) end(broken("an answer that is too large"));
    });
    proc.stderr!.on("data", (chunk: Buffer) => { err = (err + chunk.toString("utf8")).slice(-2000); });
    proc.on("error", (e) => end(broken(e.message)));
    proc.on("close", (code, signal) => {
      try {
        const a = JSON.parse(out) as BundleAnswer;
        if (typeof a.ok !== "boolean" || !Array.isArray(a.forbidden) || !Array.isArray(a.files) || (a.ok && typeof a.code !== "string")) throw new Error("bad answer");
        end(a);
      } catch {
        const last = err.trim().split("\n").slice(-3).join(" ").slice(0, 500);
        end(broken(signal ? `killed by ${signal}` : `exit code ${code}${last ? `: ${last}` : ""}`));
      }
    });
    proc.stdin!.on("error", () => undefined);
    proc.stdin!.end(JSON.stringify({ root: submissionMount(plan, staged), entry: `${stem}.ts` }));
  });
}
