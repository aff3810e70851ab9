/**
 * The benchmark script (scripts/bench.mjs) as `npm run bench` runs it, in its --quick smoke form: it completes and
 * prints every row. No timing is asserted (figures depend on the machine; they go to BENCHMARKS.md).
 * It measures the built library: `npm test` builds lib/dist first; run `npm run build` before running this file alone.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const script = join(root, "scripts/bench.mjs");

/** The row ids, read from the script itself so that a new row is checked without editing this test. */
const rowIds = [...readFileSync(script, "utf8").matchAll(/^ {4}id: "([a-z0-9-]+)",$/gm)].map((m) => m[1]!);

function bench(args: string[], timeoutMs: number) {
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: "utf8", timeout: timeoutMs });
}

describe("scripts/bench.mjs", () => {
  test("the script declares the rows the issue asks for", () => {
    expect(rowIds).toEqual(
      expect.arrayContaining(["sim-throughput", "sim-throughput-faults", "sweep-10k", "memory", "grader", "notebooks", "wire", "growth-seeds", "growth-records", "playground"]),
    );
  });

  test("--quick --no-write completes and prints every row, each with a result line", { timeout: 600_000 }, () => {
    const r = bench(["--quick", "--no-write"], 590_000);
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    for (const id of rowIds) {
      const block = r.stdout.split(/\n(?=\S)/).find((b) => b.startsWith(`${id} — `));
      expect(block, `row ${id} missing from:\n${r.stdout}`).toBeDefined();
      const resultLine = block!.split("\n")[1] ?? "";
      expect(resultLine.trim().length, `row ${id} has no result`).toBeGreaterThan(0);
      expect(resultLine).not.toMatch(/^\s*failed:/);
    }
    expect(r.stdout).not.toContain("wrote BENCHMARKS.md");
  });

  test("instructions.mjs (the valgrind instruction counter): bad arguments exit 2 and say what is wrong", () => {
    const instructions = join(root, "scripts/bench/instructions.mjs");
    const run = (args: string[]) => spawnSync(process.execPath, [instructions, ...args], { cwd: root, encoding: "utf8", timeout: 30_000 });
    const unknown = run(["--fast"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument "--fast"');
    expect(unknown.stderr).toContain("usage: node scripts/bench/instructions.mjs [--seeds N] [DIR …]");
    const seeds = run(["--seeds", "0"]);
    expect(seeds.status).toBe(2);
    expect(seeds.stderr).toContain('--seeds needs a whole number >= 1, got "0"');
    const noLib = run([join(root, "notebooks")]);
    expect(noLib.status).toBe(2);
    expect(noLib.stderr).toContain(`no built library at ${join(root, "notebooks")}`);
  });

  test("bad arguments exit 2 and name what is allowed", () => {
    const unknown = bench(["--fast"], 30_000);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument "--fast"');
    expect(unknown.stderr).toContain("usage: node scripts/bench.mjs");
    const row = bench(["--only", "nope", "--no-write"], 30_000);
    expect(row.status).toBe(2);
    expect(row.stderr).toMatch(/unknown row "nope"; rows: sim-throughput, /);
  });
});
