/**
 * The data that crosses between the grader and the sandboxed process running a submission: values as tagged JSON
 * (so undefined, -0, NaN, Map, Set, thrown errors survive the trip), and a strict checker the trusted side runs on
 * everything it receives before it believes any of it.
 *
 * This file imports nothing: it is copied into the sandbox beside the child script (child.ts) and must run there
 * without the library. The child encodes; the grader checks (checkMessage) and decodes. A submission may patch the
 * child's copy of this code, which only changes the answers it sends, never how they are judged.
 *
 * Encoded value (`Enc`): a string, a finite number other than -0, a boolean, null, or an object with a tag `$`:
 *   u (undefined) · num {v: "NaN"|"Infinity"|"-Infinity"|"-0"} · big {v: digits} · fn {name} · sym {v}
 *   arr {v: Enc[]} · obj {v: [key, Enc][]} · map {v: [Enc, Enc][]} · set {v: Enc[]} · err {name, message, ctor}
 *   cut (too deep, circular or too large) · counter {start} (parent → child only: a counting function argument)
 */
export type Enc = string | number | boolean | null | { $: string; [k: string]: unknown };

export const LIMITS = {
  /** Nesting depth of one value. */
  depth: 24,
  /** Nodes (values) in one message. */
  nodes: 400_000,
  /** Characters in one string. */
  string: 1_000_000,
  /** Bytes of one message line (either direction). */
  messageBytes: 24 * 1024 * 1024,
  /** Calls in one script. */
  calls: 20_000,
  /** Lines of printed output kept per reply, and characters per line. */
  printedLines: 40,
  printedChars: 500,
};

const SPECIAL_NUMBERS = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

/** Encode any value the submission produced (child side). Never throws. */
export function encode(value: unknown, budget = { nodes: LIMITS.nodes }): Enc {
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): Enc => {
    if (--budget.nodes < 0) return { $: "cut" };
    switch (typeof v) {
      case "undefined": return { $: "u" };
      case "string": return v.length > LIMITS.string ? v.slice(0, LIMITS.string) : v;
      case "boolean": return v;
      case "number":
        if (Object.is(v, -0)) return { $: "num", v: "-0" };
        return Number.isFinite(v) ? v : { $: "num", v: String(v) };
      case "bigint": return { $: "big", v: v.toString() };
      case "symbol": return { $: "sym", v: String(v.description ?? "").slice(0, 200) };
      case "function": return { $: "fn", name: String((v as { name?: unknown }).name ?? "").slice(0, 200) };
    }
    if (v === null) return null;
    if (depth >= LIMITS.depth || seen.has(v)) return { $: "cut" };
    seen.add(v);
    try {
      if (Array.isArray(v)) return { $: "arr", v: Array.from(v, (x) => walk(x, depth + 1)) };
      if (v instanceof Map) return { $: "map", v: Array.from(v, ([k, x]) => [walk(k, depth + 1), walk(x, depth + 1)]) };
      if (v instanceof Set) return { $: "set", v: Array.from(v, (x) => walk(x, depth + 1)) };
      if (v instanceof Error) {
        return { $: "err", name: String(v.name).slice(0, 200), message: String(v.message).slice(0, 4000), ctor: String(v.constructor?.name ?? "").slice(0, 200) };
      }
      return { $: "obj", v: Object.entries(v as object).map(([k, x]) => [k.slice(0, 1000), walk(x, depth + 1)]) };
    } catch {
      return { $: "cut" };
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0);
}

/** A value the grader cannot show any other way (cut off, circular, too deep). */
export const CUT = Object.freeze({ "[cut: too deep, circular or too large]": true });

/** A function the submission returned, as the grader sees it. */
export class ReturnedFunction {
  constructor(readonly name: string) {}
}

/**
 * Decode a value that checkValue accepted (grader side). Objects are built with defineProperty, so a key such as
 * "__proto__" is only a key.
 */
export function decode(e: Enc): unknown {
  if (e === null || typeof e !== "object") return e;
  switch (e.$) {
    case "u": return undefined;
    case "num": return e.v === "-0" ? -0 : Number(e.v);
    case "big": return BigInt(e.v as string);
    case "fn": return new ReturnedFunction(e.name as string);
    case "sym": return Symbol(e.v as string);
    case "arr": return (e.v as Enc[]).map(decode);
    case "set": return new Set((e.v as Enc[]).map(decode));
    case "map": return new Map((e.v as [Enc, Enc][]).map(([k, x]) => [decode(k), decode(x)]));
    case "err": {
      const error = Object.assign(new Error(e.message as string), { name: e.name as string });
      // The class name the submission gave its error (ConfigException), as error.constructor.name.
      if (typeof e.ctor === "string" && e.ctor) Object.defineProperty(error, "constructor", { value: { name: e.ctor }, enumerable: false });
      return error;
    }
    case "obj": {
      const out: Record<string, unknown> = {};
      for (const [k, x] of e.v as [string, Enc][]) Object.defineProperty(out, k, { value: decode(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    default: return CUT;
  }
}

/** Why `e` is not a well-formed encoded value, or undefined when it is. `budget.nodes` counts down across a message. */
export function checkValue(e: unknown, budget: { nodes: number }, depth = 0): string | undefined {
  if (--budget.nodes < 0) return "too many values";
  if (depth > LIMITS.depth + 2) return "nested too deeply";
  if (e === null || typeof e === "boolean") return undefined;
  if (typeof e === "string") return e.length > LIMITS.string ? "a string too long" : undefined;
  if (typeof e === "number") return Number.isFinite(e) && !Object.is(e, -0) ? undefined : "a bare non-finite number";
  if (typeof e !== "object" || Array.isArray(e)) return `a ${Array.isArray(e) ? "bare array" : typeof e}`;
  const o = e as Record<string, unknown>;
  const keys = Object.keys(o);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k)) ? undefined : `unexpected fields in a ${String(o.$)} value`;
  const str = (v: unknown, max: number) => typeof v === "string" && v.length <= max;
  switch (o.$) {
    case "u": case "cut": return only("$");
    case "num": return only("$", "v") ?? (SPECIAL_NUMBERS.has(o.v as string) ? undefined : "a bad special number");
    case "big": return only("$", "v") ?? (typeof o.v === "string" && /^-?\d{1,400}$/.test(o.v) ? undefined : "a bad bigint");
    case "fn": return only("$", "name") ?? (str(o.name, 200) ? undefined : "a bad function name");
    case "sym": return only("$", "v") ?? (str(o.v, 200) ? undefined : "a bad symbol");
    case "err": return only("$", "name", "message", "ctor") ?? (str(o.name, 200) && str(o.message, 4000) && (o.ctor === undefined || str(o.ctor, 200)) ? undefined : "a bad error");
    case "arr": case "set": {
      if (only("$", "v") || !Array.isArray(o.v)) return `a bad ${o.$}`;
      for (const x of o.v) { const why = checkValue(x, budget, depth + 1); if (why) return why; }
      return undefined;
    }
    case "map": case "obj": {
      if (only("$", "v") || !Array.isArray(o.v)) return `a bad ${o.$}`;
      for (const pair of o.v) {
        if (!Array.isArray(pair) || pair.length !== 2) return `a bad ${o.$} entry`;
        if (o.$ === "obj" && !str(pair[0], 1000)) return "a bad object key";
        const why = (o.$ === "map" ? checkValue(pair[0], budget, depth + 1) : undefined) ?? checkValue(pair[1], budget, depth + 1);
        if (why) return why;
      }
      return undefined;
    }
    default: return "an unknown tag";
  }
}

// ---------------------------------------------------------------- messages

/** A call the grader asks the child to make. `h` is a handle number, or {r: k}: the instance made by call k of this script. */
export type Call =
  | { op: "call"; name: string; args: Enc[] }
  | { op: "new"; name: string; args: Enc[] }
  | { op: "invoke"; h: number | { r: number }; method: string; args: Enc[] };

export type ParentMessage = { t: "load"; code: string; file: string } | { t: "run"; id: number; calls: Call[] };

/** One call's answer: a value (with the handle of a new instance and its method names), or what it threw. */
export type CallResult =
  | { ok: true; v: Enc; h?: number; methods?: string[]; counters?: number[] }
  | { ok: false; e: Enc };

export interface ExportInfo { name: string; kind: "function" | "value"; v?: Enc }

export type ChildMessage =
  | { t: "ready"; exports: ExportInfo[] }
  | { t: "loadError"; e: Enc }
  | { t: "reply"; id: number; results: CallResult[]; printed: string[]; async: string[] };

const isName = (v: unknown) => typeof v === "string" && v.length > 0 && v.length <= 200;

function checkStrings(v: unknown, maxItems: number, maxChars: number): boolean {
  return Array.isArray(v) && v.length <= maxItems && v.every((s) => typeof s === "string" && s.length <= maxChars);
}

/**
 * Why a parsed message from the child is not one the grader accepts (schema, types, sizes), or undefined.
 * `expected`: the id of the pending request and how many calls it had.
 */
export function checkChildMessage(m: unknown, expected?: { id: number; calls: number }): string | undefined {
  if (typeof m !== "object" || m === null || Array.isArray(m)) return "not an object";
  const o = m as Record<string, unknown>;
  const budget = { nodes: LIMITS.nodes };
  switch (o.t) {
    case "ready": {
      if (!Array.isArray(o.exports) || o.exports.length > 200) return "a bad list of exports";
      for (const x of o.exports as unknown[]) {
        if (typeof x !== "object" || x === null) return "a bad export";
        const ex = x as Record<string, unknown>;
        if (!isName(ex.name) || (ex.kind !== "function" && ex.kind !== "value")) return "a bad export";
        if (ex.kind === "value") { const why = checkValue(ex.v, budget); if (why) return `export ${String(ex.name)}: ${why}`; }
      }
      return undefined;
    }
    case "loadError": return checkValue(o.e, budget);
    case "reply": {
      if (!expected) return "an answer nobody asked for";
      if (o.id !== expected.id) return `an answer to request ${String(o.id)}, not ${expected.id}`;
      if (!Array.isArray(o.results) || o.results.length !== expected.calls) return "the wrong number of results";
      if (!checkStrings(o.printed, LIMITS.printedLines + 1, LIMITS.printedChars + 40)) return "bad printed output";
      if (!checkStrings(o.async, 4, 4200)) return "bad asynchronous errors";
      for (const r of o.results as unknown[]) {
        if (typeof r !== "object" || r === null) return "a bad result";
        const x = r as Record<string, unknown>;
        if (x.ok === true) {
          if (x.h !== undefined && !(Number.isSafeInteger(x.h) && (x.h as number) > 0)) return "a bad handle";
          if (x.methods !== undefined && !checkStrings(x.methods, 200, 200)) return "a bad method list";
          if (x.counters !== undefined && !(Array.isArray(x.counters) && x.counters.length <= 8 && x.counters.every((n) => Number.isSafeInteger(n) && n >= 0 && n <= 1e9))) return "bad counters";
          const why = checkValue(x.v, budget);
          if (why) return why;
        } else if (x.ok === false) {
          const why = checkValue(x.e, budget);
          if (why) return why;
        } else return "a result that is neither a value nor a throw";
      }
      return undefined;
    }
    default: return "an unknown kind of message";
  }
}
