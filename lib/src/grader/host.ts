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
import type { Lang } from "../kernel/locale.js";
import type { TestEnv, Text } from "./types.js";
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

/**
 * The limits, as the grader names them (in results, the gradebook's limits_hit column and limits.txt): English
 * identifiers, whatever the feedback language. LIMIT_TEXT has the words a learner reads for each.
 */
export const LIMIT_TEXT: Record<string, Text> = {
  [LIMIT.test]: { en: LIMIT.test, ko: "테스트 하나의 시간 한도" },
  [LIMIT.submission]: { en: LIMIT.submission, ko: "제출물 전체의 시간 한도" },
  [LIMIT.memory]: { en: LIMIT.memory, ko: "메모리" },
  [LIMIT.cpu]: { en: LIMIT.cpu, ko: "CPU 시간" },
  [LIMIT.load]: { en: LIMIT.load, ko: "파일을 불러오는 시간" },
  [LIMIT.protocol]: { en: LIMIT.protocol, ko: "프로토콜" },
};

/** A limit as a report lists it ("<stem>: <limit>", or the limit alone) in `lang`. */
export function limitInLang(entry: string, lang: Lang): string {
  const at = entry.lastIndexOf(": ");
  const text = LIMIT_TEXT[at < 0 ? entry : entry.slice(at + 2)];
  return text ? `${at < 0 ? "" : entry.slice(0, at + 2)}${text[lang]}` : entry;
}

export function timedOut(ms: number, lang: Lang = "en"): string {
  return {
    en: `timed out: no answer within ${Math.round(ms)} ms (an endless loop?). This test fails; the others still run.`,
    ko: `시간 초과: ${Math.round(ms)} ms 안에 응답이 없습니다 (무한 루프일까요?). 이 테스트는 실패입니다. 나머지 테스트는 그대로 실행합니다.`,
  }[lang];
}

function budgetMessage(budget: SubmissionBudget, lang: Lang): string {
  const s = Math.round(budget.capMs / 1000);
  return {
    en: `not run: this submission used up its time cap of ${s} s${budget.exhaustedBy ? ` (the cap was reached during ${budget.exhaustedBy})` : ""}.`,
    ko: `실행하지 않음: 이 제출물은 시간 한도 ${s}초를 다 썼습니다${budget.exhaustedBy ? ` (${budget.exhaustedBy}을(를) 채점하던 중 한도에 도달했습니다)` : ""}.`,
  }[lang];
}

function describeError(e: Enc, lang: Lang): string {
  const v = decode(e);
  const threw = { en: "threw ", ko: "예외 발생: " }[lang];
  if (v instanceof Error) return `${threw}${v.name}: ${v.message}`;
  return `${threw}${typeof v === "string" ? JSON.stringify(v) : String(v)}`;
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

  constructor(private readonly plan: SandboxPlan, private readonly isolation: IsolationOptions, private readonly heapMiB: number, private readonly lang: Lang = "en") {}

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
    const ko = this.lang === "ko";
    if (/heap limit|Allocation failed|out of memory|Cannot allocate memory|OOM/i.test(err)) {
      const all = Math.round((this.isolation.memoryBytes ?? 2 * 1024 ** 3) / 1024 ** 2);
      return {
        why: ko ? `메모리가 바닥났습니다 (한도는 힙 ${this.heapMiB} MiB, 전체 ${all} MiB)` : `it ran out of memory (the limit is ${this.heapMiB} MiB of heap and ${all} MiB in all)`,
        limit: LIMIT.memory,
      };
    }
    if (signal === "SIGXCPU") return { why: ko ? "CPU 시간을 다 썼습니다" : "it used up its CPU time", limit: LIMIT.cpu };
    const last = err.trim().split("\n").filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l)).slice(-8).join("\n");
    const ended = signal
      ? (ko ? `프로세스가 ${signal} 신호로 종료되었습니다` : `the process was killed by ${signal}`)
      : (ko ? `프로세스가 종료 코드 ${code}(으)로 끝났습니다` : `the process exited with code ${code}`);
    return { why: `${ended}${last ? `:\n${last}` : ""}` };
  }

  /** Start the process (before the bundle is ready: Node starts while esbuild works). */
  spawn(): void {
    if (this.proc) return;
    const c = sandboxCommand(this.plan, { kind: "child" }, this.isolation);
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
    proc.on("error", (error) => this.fail({ kind: "died", why: this.lang === "ko" ? `프로세스를 시작하지 못했습니다: ${error.message}` : `the process could not start: ${error.message}` }));
    // "close", not "exit": the last of stderr (a heap-limit message is written just before the end) is read by then.
    proc.on("close", (code, signal) => {
      const d = this.deathReason(code, signal);
      this.exited ??= { kind: "died", ...d };
      this.answer(this.exited);
    });
  }

  /** Load the bundle; resolves with the exports, or why not. */
  load(code: string, file: string, ms: number): Promise<Answer & { elapsedMs: number }> {
    this.spawn();
    const proc = this.proc!;
    const started = performance.now();
    if (this.exited) return Promise.resolve({ ...this.exited, elapsedMs: 0 });
    return new Promise((resolvePromise) => {
      const why = this.lang === "ko"
        ? `파일을 불러오는 데 ${Math.round(ms)} ms보다 오래 걸렸습니다 (최상위 코드의 무한 루프일까요?)`
        : `loading the file took longer than ${Math.round(ms)} ms (an endless loop at the top level?)`;
      const timer = setTimeout(() => this.fail({ kind: "died", why, limit: LIMIT.load }), ms);
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
  /** The feedback's language (default English); the judge gets it too, the child never does. */
  lang?: Lang;
}

export interface ExerciseRun {
  results: JudgedResult[];
  /** Limits hit while grading this exercise. */
  limits: string[];
}

/** Judge the tests `indices` of exercise `stem` against a bundle, with a judge worker and sandboxed children. */
export function runJudged(stem: string, indices: number[], bundle: { code: Promise<string | undefined>; file: string; env: TestEnv }, o: ExerciseRunOptions): Promise<ExerciseRun> {
  const heap = o.isolation.heapMiB ?? 384;
  const lang: Lang = o.lang ?? "en";
  const t = (text: Text) => text[lang];
  const limits = new Set<string>();
  const flag = new SharedArrayBuffer(4);
  const flagView = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const data: JudgeData = { stem, lang, indices, env: bundle.env, flag, port: port2 };
  const worker = new Worker(JUDGE_SCRIPT, { workerData: data, transferList: [port2] });
  // The first child starts now, while the bundle is being made.
  let spare: LearnerProcess | undefined = new LearnerProcess(o.plan, o.isolation, heap, lang);
  spare.spawn();
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
    return { kind: "failed", failure: "budget", message: budgetMessage(o.budget, lang), limit: LIMIT.submission };
  };

  /** A loaded child, or the reply that says why there is none. */
  const ensure = async (): Promise<HostReply | undefined> => {
    if (child?.alive && exports) return undefined;
    if (loadFailure) return loadFailure;
    const code = await bundle.code;
    if (code === undefined) {
      loadFailure = { kind: "failed", failure: "load", message: t({ en: "the file was not bundled", ko: "파일을 번들링하지 못했습니다" }) };
      return loadFailure;
    }
    for (let attempt = 0; ; attempt++) {
      if (o.budget.remainingMs <= 0) return budgetFailure();
      child = spare ?? new LearnerProcess(o.plan, o.isolation, heap, lang);
      spare = undefined;
      const loadMs = Math.min(o.loadTimeoutMs * Math.max(1, o.timeScale), o.budget.remainingMs);
      const a = await child.load(code, bundle.file, loadMs);
      spend(a.elapsedMs);
      if (a.kind === "message" && a.message.t === "ready") {
        exports = a.message.exports;
        return undefined;
      }
      child.kill();
      if (a.kind === "message" && a.message.t === "loadError") {
        const error = describeError(a.message.e, lang);
        loadFailure = { kind: "failed", failure: "load", message: t({ en: `loading ${bundle.file} ${error}`, ko: `${bundle.file}을(를) 불러오다가 ${error}` }) };
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
        loadFailure = {
          kind: "failed", failure: "load", limit: LIMIT.protocol,
          message: t({ en: `the process running your file sent a message the grader does not accept (${a.why})`, ko: `파일을 실행하던 프로세스가 채점기가 받지 않는 메시지를 보냈습니다 (${a.why})` }),
        };
        return loadFailure;
      }
      // Died while starting, not because of the file: a busy machine can fail to start Node. Retry twice.
      if (attempt >= 2) {
        loadFailure = { kind: "failed", failure: "load", message: a.kind === "died" ? a.why : t({ en: "the process did not start", ko: "프로세스가 시작되지 않았습니다" }) };
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
      return reply({ kind: "failed", failure: "timeout", message: timedOut(testMs, lang), limit: LIMIT.test });
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
      return reply({ kind: "failed", failure: "timeout", message: timedOut(testMs, lang), limit: LIMIT.test });
    }
    if (a.kind === "protocol") {
      limits.add(LIMIT.protocol);
      return reply({ kind: "failed", failure: "protocol", message: a.why, limit: LIMIT.protocol });
    }
    if (a.kind === "died" && a.limit) limits.add(a.limit);
    return reply({ kind: "failed", failure: "died", message: a.kind === "died" ? a.why : t({ en: "the process ended", ko: "프로세스가 끝났습니다" }), limit: a.kind === "died" ? a.limit : undefined });
  };

  return new Promise((resolvePromise) => {
    let queue = Promise.resolve();
    let settled = false;
    const finish = (results: JudgedResult[]) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      child?.kill();
      spare?.kill();
      port1.close();
      void worker.terminate();
      resolvePromise({ results, limits: [...limits] });
    };
    const crashed = (why: string) => {
      if (settled) return;
      process.stderr.write(`grade: the judge of ${stem} failed: ${why}\n`);
      const output = t({ en: "The grader itself failed on this exercise (not your code)", ko: "이 연습 문제에서 채점기 자체가 실패했습니다 (여러분의 코드 탓이 아닙니다)" });
      finish(indices.map((index) => ({ index, fraction: 0, output: `${output}: ${why.split("\n")[0]}` })));
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

function bundlerRun(plan: SandboxPlan, isolation: IsolationOptions, staged: string, entries: string[], timeoutMs: number): Promise<Record<string, BundleAnswer> | string> {
  const c = sandboxCommand(plan, { kind: "bundler", submission: staged }, isolation);
  return new Promise((resolvePromise) => {
    const proc = spawn(c.command, c.args, { env: c.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let done = false;
    const end = (a: Record<string, BundleAnswer> | string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      resolvePromise(a);
    };
    const timer = setTimeout(() => end(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    proc.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.length > 64 * 1024 * 1024) end("an answer that is too large");
    });
    proc.stderr!.on("data", (chunk: Buffer) => { err = (err + chunk.toString("utf8")).slice(-2000); });
    proc.on("error", (e) => end(e.message));
    proc.on("close", (code, signal) => {
      try {
        const a = (JSON.parse(out) as { answers: Record<string, BundleAnswer> }).answers;
        for (const entry of entries) {
          const x = a[entry];
          if (!x || typeof x.ok !== "boolean" || !Array.isArray(x.forbidden) || !Array.isArray(x.files) || (x.ok && typeof x.code !== "string")) throw new Error("bad answer");
        }
        end(a);
      } catch {
        const last = err.trim().split("\n").slice(-3).join(" ").slice(0, 500);
        end(signal ? `killed by ${signal}` : `exit code ${code}${last ? `: ${last}` : ""}`);
      }
    });
    proc.stdin!.on("error", () => undefined);
    proc.stdin!.end(JSON.stringify({ root: submissionMount(plan, staged), entries }));
  });
}

const ESBUILD_DIED = /esbuild stopped|service (was|is no longer) (stopped|running)/i;

/**
 * Bundle `<stem>.ts` for every stem of a staged submission, in a sandboxed bundler process. When that process
 * fails, or esbuild dies on a file (which stops it for every later file of that process), each exercise without a
 * good answer is bundled again in a fresh process of its own: a file that crashes esbuild costs only its exercise.
 */
export async function bundleInSandbox(plan: SandboxPlan, isolation: IsolationOptions, staged: string, stems: string[], timeoutMs = 30_000): Promise<Map<string, BundleAnswer>> {
  const entries = stems.map((s) => `${s}.ts`);
  const result = new Map<string, BundleAnswer>();
  if (entries.length === 0) return result;
  const first = await bundlerRun(plan, isolation, staged, entries, timeoutMs);
  const again: string[] = [];
  for (const entry of entries) {
    const a = typeof first === "string" ? undefined : first[entry];
    if (a && !(a.ok === false && ESBUILD_DIED.test(a.error ?? ""))) result.set(entry.slice(0, -3), a);
    else again.push(entry);
  }
  if (again.length === 1 && typeof first !== "string" && entries.length === 1) {
    result.set(again[0]!.slice(0, -3), first[again[0]!]!);
    return result;
  }
  await Promise.all(again.map(async (entry) => {
    const alone = await bundlerRun(plan, isolation, staged, [entry], timeoutMs);
    const a = typeof alone === "string"
      ? { ok: false, error: `the bundler failed on this file (${alone}); only this exercise is affected`, files: [], imports: [], forbidden: [] }
      : alone[entry]!;
    result.set(entry.slice(0, -3), a);
  }));
  return result;
}
