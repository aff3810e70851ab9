/**
 * The process that runs a submission, inside the sandbox (sandbox.ts): it loads one bundled learner file and makes
 * the calls the grader sends, answering with plain encoded data. It knows no test, no expected value and no score:
 * the grader (judge.ts, in the grader's own process) decides everything from the answers.
 *
 * It imports only Node built-ins and ./codec.js, both copied beside it into the sandbox: nothing of the library or
 * the grader is there to be reached. Requests arrive as JSON lines on stdin; answers leave as JSON lines on fd 3
 * (so a submission's own writes to stdout do not garble them). The grader enforces every time limit by killing
 * this process.
 */
import { writeSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import vm from "node:vm";
import { decode, encode, LIMITS, type Call, type CallResult, type ChildMessage, type Enc, type ExportInfo, type ParentMessage } from "./codec.js";

const OUT_FD = 3;
const hostRequire = createRequire(import.meta.url);

function writeAll(text: string): void {
  const buf = Buffer.from(`${text}\n`);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(OUT_FD, buf, off);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
const send = (m: ChildMessage) => writeAll(JSON.stringify(m));

class ProcessExitCalled extends Error {
  override name = "ProcessExitCalled";
}
process.exit = ((code?: number | string | null) => {
  throw new ProcessExitCalled(`process.exit(${code ?? ""}) was called; a submission may not end the process`);
}) as typeof process.exit;

let printed: string[] = [];
let printedChars = 0;
for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
  console[level] = (...args: unknown[]) => {
    if (printed.length > LIMITS.printedLines || printedChars > 8000) return;
    const line = args.map((a) => (typeof a === "string" ? a : safeText(a))).join(" ");
    const cut = line.length > LIMITS.printedChars ? `${line.slice(0, LIMITS.printedChars)}…` : line;
    printed.push(cut);
    printedChars += cut.length;
  };
}

function safeText(v: unknown): string {
  try {
    return JSON.stringify(encode(v, { nodes: 200 })).slice(0, LIMITS.printedChars);
  } catch {
    return "[value]";
  }
}

let asyncErrors: string[] = [];
const describe = (error: unknown) => {
  try {
    return error instanceof Error ? `${String(error.name)}: ${String(error.message)}`.slice(0, 4000) : safeText(error);
  } catch {
    return "[a value that cannot be shown]";
  }
};
process.on("uncaughtException", (error) => { if (asyncErrors.length < 3) asyncErrors.push(describe(error)); });
process.on("unhandledRejection", (error) => { if (asyncErrors.length < 3) asyncErrors.push(describe(error)); });

/** Node built-ins only: a bundle's require of anything else fails, and nothing else is in the sandbox anyway. */
function builtinsOnlyRequire(id: string): unknown {
  if (isBuiltin(id)) return hostRequire(id);
  throw new Error(`require("${id}") is not allowed: a submission may use only Node built-ins and its own files`);
}

let learner: Record<string, unknown> = {};
const handles = new Map<number, object>();
let nextHandle = 1;

function load(code: string, file: string): void {
  try {
    const fn = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file }) as (
      e: object, r: (id: string) => unknown, m: { exports: object }, f: string, d: string) => void;
    const module = { exports: {} as Record<string, unknown> };
    fn(module.exports, builtinsOnlyRequire, module, file, file.replace(/\/[^/]*$/, ""));
    learner = module.exports;
    const exports: ExportInfo[] = Object.keys(learner).slice(0, 200).map((name) => {
      const value = learner[name];
      return typeof value === "function" ? { name, kind: "function" } : { name, kind: "value", v: encode(value, { nodes: 2000 }) };
    });
    send({ t: "ready", exports });
  } catch (error) {
    send({ t: "loadError", e: encode(error, { nodes: 200 }) });
  }
}

/** The method names an instance answers to (own and inherited, not Object's). */
function methodsOf(obj: object): string[] {
  const names = new Set<string>();
  for (let p: object | null = obj; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertyNames(p)) {
      if (key === "constructor" || names.size >= 200) continue;
      try {
        if (typeof (obj as Record<string, unknown>)[key] === "function") names.add(key.slice(0, 200));
      } catch {
        // a getter that throws is not a method
      }
    }
  }
  return [...names];
}

function decodeArgs(args: Enc[]): { values: unknown[]; counters: { calls: number }[] } {
  const counters: { calls: number }[] = [];
  const values = args.map((a) => {
    if (a !== null && typeof a === "object" && a.$ === "counter") {
      const c = { calls: 0 };
      counters.push(c);
      let next = Number(a.start);
      return () => (c.calls++, next++);
    }
    return decode(a);
  });
  return { values, counters };
}

function runCall(call: Call, made: (number | undefined)[]): CallResult {
  try {
    const { values, counters } = decodeArgs(call.args);
    const withCounters = (r: CallResult & { ok: true }): CallResult => (counters.length ? { ...r, counters: counters.map((c) => c.calls) } : r);
    if (call.op === "invoke") {
      const h = typeof call.h === "number" ? call.h : made[call.h.r];
      const target = h === undefined ? undefined : handles.get(h);
      if (!target) throw new Error("the object this call was made on could not be created");
      const method = (target as Record<string, unknown>)[call.method];
      if (typeof method !== "function") throw new TypeError(`${call.method} is not a function`);
      return withCounters({ ok: true, v: encode(Reflect.apply(method, target, values)) });
    }
    const fn = learner[call.name];
    if (typeof fn !== "function") throw new TypeError(`${call.name} is not ${call.op === "new" ? "a constructor" : "a function"}`);
    if (call.op === "call") return withCounters({ ok: true, v: encode(Reflect.apply(fn, undefined, values)) });
    const instance = Reflect.construct(fn, values) as object;
    const h = nextHandle++;
    handles.set(h, instance);
    return withCounters({ ok: true, v: { $: "u" }, h, methods: methodsOf(instance) });
  } catch (error) {
    return { ok: false, e: encode(error, { nodes: 200 }) };
  }
}

function run(id: number, calls: Call[]): void {
  printed = [];
  printedChars = 0;
  const results: CallResult[] = [];
  const made: (number | undefined)[] = [];
  for (const call of calls) {
    const r = runCall(call, made);
    made.push(r.ok ? r.h : undefined);
    results.push(r);
  }
  const reply: ChildMessage = { t: "reply", id, results, printed, async: asyncErrors };
  asyncErrors = [];
  send(reply);
}

let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffered += chunk;
  let nl: number;
  while ((nl = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const m = JSON.parse(line) as ParentMessage;
    if (m.t === "load") load(m.code, m.file);
    else if (m.t === "run") run(m.id, m.calls);
  }
});
process.stdin.on("end", () => process.kill(process.pid, "SIGKILL"));
