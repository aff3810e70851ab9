import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../lib/src/grader/cli.js";
import { ensureBuilt, ROOT } from "./helpers.js";

const CLI = join(ROOT, "lib", "dist", "grader", "cli.js");

function grade(args: string[]) {
  return spawnSync(process.execPath, [CLI, "--no-color", ...args], { cwd: ROOT, encoding: "utf8" });
}

beforeAll(() => ensureBuilt());

describe("grader CLI", () => {
  it("grades a submission folder, prints 'Score: X/Y' last, exits 0, and writes Gradescope's results.json", () => {
    const out = join(mkdtempSync(join(tmpdir(), "grader-cli-")), "results.json");
    const r = grade(["--submission", "solutions", "--only", "in-sequence,delivery-check", "--out", out]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines.at(-2)).toBe(`Wrote ${out}`);
    const scoreLine = lines.at(-1)!;
    expect(scoreLine).toMatch(/^Score: (\d+)\/\1$/);
    const results = JSON.parse(readFileSync(out, "utf8"));
    expect(typeof results.execution_time).toBe("number");
    expect(results.score).toBe(Number(scoreLine.split(" ")[1]!.split("/")[0]));
    expect(results.tests.length).toBeGreaterThanOrEqual(16);
    for (const t of results.tests) {
      expect(Object.keys(t).sort()).toEqual(["max_score", "name", "output", "score", "status", "visibility"]);
      expect(t.name).toMatch(/^(in-sequence|delivery-check): /);
      expect(t.score).toBe(t.max_score);
      expect(t.visibility).toBe("visible");
    }
  });

  it("exits 0 for a submission that scores 0, with per-exercise tables", () => {
    const r = grade(["--only", "in-sequence"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("1. in-sequence — sequence numbers that wrap after 2147483647");
    expect(r.stdout).toMatch(/✗ 0\/1  in-sequence: nextSequence adds one/);
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^Score: 0\/\d+$/);
  });

  it("writes the GitHub Classroom reporter's result (base64 JSON with per-test scores)", () => {
    const out = join(mkdtempSync(join(tmpdir(), "grader-cli-")), "classroom.b64");
    const r = grade(["--submission", "solutions", "--only", "in-sequence", "--classroom-out", out]);
    expect(r.status).toBe(0);
    const decoded = JSON.parse(Buffer.from(readFileSync(out, "utf8"), "base64").toString("utf8"));
    expect(decoded.version).toBe(1);
    expect(decoded.status).toBe("pass");
    expect(decoded.tests.reduce((s: number, t: { score: number }) => s + t.score, 0)).toBe(decoded.max_score);
  });

  it("exits non-zero only for its own failures: a bad option or a missing folder (2)", () => {
    const bad = grade(["--frobnicate"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("grade: unknown option --frobnicate");
    const missing = grade(["--submission", "no/such/folder"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`grade: --submission ${join(ROOT, "no/such/folder")}: no such folder`);
  });

  it("parses its options", () => {
    const o = parseArgs(["--submission=sub", "--out", "/abs/results.json", "--only", "in-sequence.ts, producer-config", "--verbose", "--time-scale", "2"], "/from/here");
    expect(o.submission).toBe(join("/from/here", "sub"));
    expect(o.out).toBe("/abs/results.json");
    expect(o.only).toEqual(["in-sequence", "producer-config"]);
    expect(o.verbose).toBe(true);
    expect(o.timeScale).toBe(2);
    expect(() => parseArgs(["--time-scale", "0"])).toThrow(/--time-scale must be a number in \(0, 100\]/);
    expect(() => parseArgs(["--out"])).toThrow(/--out needs a value/);
  });
});
