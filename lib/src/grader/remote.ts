/**
 * What the exercise tests need to know about where the learner's module lives. In the grader it is a stand-in
 * (judge.ts) whose functions and classes call into the sandboxed child; in the grader's own tests it can be the
 * module itself. The same test code runs either way.
 *
 *  - LearnerCallFailure: the child did not answer (timed out, ended, broke the protocol, time cap reached). Test
 *    code never catches it as the learner's error: `attempt` and the judge let it through.
 *  - runScript: many calls in one round trip (the calls' inputs must not depend on the answers); each answer or
 *    throw comes back in order, and the test compares them itself.
 *  - counter: a function argument that counts its calls and returns start, start + 1, … (transactional-fencing's
 *    `allocate`); in the child it is rebuilt from its start value and the count comes back with the answer.
 */
import { decode, encode } from "./codec.js";

export class LearnerCallFailure extends Error {
  override name = "LearnerCallFailure";
  constructor(
    readonly kind: "timeout" | "died" | "protocol" | "budget" | "load",
    message: string,
    /** The limit that was hit, for the list of submissions that hit one. */
    readonly limit?: string,
  ) {
    super(message);
  }
}

export const REMOTE = Symbol.for("kafka-grader.remote");

export type ScriptCall =
  | { op: "call"; name: string; args: unknown[] }
  | { op: "new"; name: string; args: unknown[] }
  /** A method of the instance made by call number `target` of the same script. */
  | { op: "invoke"; target: number; method: string; args: unknown[] };

export type ScriptResult = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface RemoteModule {
  runScript(calls: ScriptCall[]): ScriptResult[];
}

/** The value as it is now, as plain data (the same trip a remote answer makes): later changes do not show. */
function snapshot(value: unknown): unknown {
  return decode(encode(value));
}

/** Run `calls` in order against the learner's module, in one round trip when it is remote. */
export function runScript(mod: Record<string | symbol, unknown>, calls: ScriptCall[]): ScriptResult[] {
  const remote = mod[REMOTE] as RemoteModule | undefined;
  if (remote) return remote.runScript(calls);
  const made: unknown[] = [];
  return calls.map((call, i): ScriptResult => {
    try {
      if (call.op === "invoke") {
        const target = made[call.target] as Record<string, unknown> | undefined;
        if (!target) throw new Error("the object this call was made on could not be created");
        const method = target[call.method];
        if (typeof method !== "function") throw new TypeError(`${call.method} is not a function`);
        return { ok: true, value: snapshot(Reflect.apply(method, target, structuredClone(call.args))) };
      }
      const fn = mod[call.name];
      if (typeof fn !== "function") throw new TypeError(`${call.name} is not a function`);
      if (call.op === "call") return { ok: true, value: snapshot(Reflect.apply(fn, undefined, structuredClone(call.args))) };
      made[i] = Reflect.construct(fn, structuredClone(call.args));
      return { ok: true, value: undefined };
    } catch (error) {
      if (error instanceof LearnerCallFailure) throw error;
      return { ok: false, error };
    }
  });
}

export const COUNTER = Symbol.for("kafka-grader.counter");

export interface Counter {
  (): number;
  [COUNTER]: { start: () => number; add: (calls: number) => void };
  calls(): number;
}

/** A function returning start, start + 1, … that counts its calls (also when the learner runs elsewhere). */
export function counter(start: number): Counter {
  let next = start;
  let calls = 0;
  const f = (() => (calls++, next++)) as Counter;
  f[COUNTER] = { start: () => next, add: (n) => { calls += n; next += n; } };
  f.calls = () => calls;
  return f;
}
