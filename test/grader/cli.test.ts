import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../lib/src/grader/cli.js";
import { ensureBuilt, ROOT } from "./helpers.js";

const CLI = join(ROOT, "lib", "dist", "grader", "cli.js");

function grade(args: string[]) {
  // English whatever the machine's locale (a Korean LANG would choose Korean: test/grader/korean.test.ts).
  return spawnSync(process.execPath, [CLI, "--no-color", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, KAFKA_SIM_LANG: "en" } });
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

  it("grades a class (--submissions): a CSV gradebook, one results file per student, a histogram and the list of limits hit", () => {
    const classDir = mkdtempSync(join(tmpdir(), "grader-class-"));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(classDir, rel)), { recursive: true });
      writeFileSync(join(classDir, rel), text);
    };
    write("alice/in-sequence.ts", readFileSync(join(ROOT, "solutions", "in-sequence.ts"), "utf8"));
    write("bob/exercises/in-sequence.ts", "export function nextSequence(s: number): number { return s + 1; }\nexport function lastSequence(): number { for (;;) {} }\n");
    write("=HYPERLINK(\"x\")/in-sequence.ts", "export {};\n");
    const out = join(mkdtempSync(join(tmpdir(), "grader-class-out-")), "grades");
    const r = grade(["--submissions", classDir, "--out-dir", out, "--only", "in-sequence"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("alice: 15/15");
    expect(r.stdout).toMatch(/Graded 3 submissions in [\d.]+ s; 1 hit a limit/);
    const csv = readFileSync(join(out, "gradebook.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("student,score,max_score,in-sequence,limits_hit,seconds,results_file,error");
    expect(csv.length).toBe(4);
    const row = (name: string) => csv.find((l) => l.startsWith(name))!;
    expect(row("alice,15,15,15,")).toBeDefined();
    expect(row("bob,")).toMatch(/^bob,1,15,1,in-sequence: time limit of a test,/);
    // A folder name is never a spreadsheet formula.
    expect(csv.some((l) => l.startsWith("\"'=HYPERLINK(\"\"x\"\")\",0,15,0,"))).toBe(true);
    const alice = JSON.parse(readFileSync(join(out, "results", "alice.json"), "utf8"));
    expect(alice.score).toBe(15);
    expect(alice.tests.length).toBe(10);
    expect(readdirSync(join(out, "results")).sort()).toEqual(["_HYPERLINK__x__.json", "alice.json", "bob.json"]);
    const svg = readFileSync(join(out, "histogram.svg"), "utf8");
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("3 submissions, mean 5.33/15");
    expect(svg.match(/<rect /g)!.length).toBe(10);
    expect(readFileSync(join(out, "limits.txt"), "utf8")).toBe("bob: in-sequence: time limit of a test\n");
  }, 120_000);

  it("parses its options", () => {
    const o = parseArgs(["--submission=sub", "--out", "/abs/results.json", "--only", "in-sequence.ts, producer-config", "--verbose", "--time-scale", "2"], "/from/here");
    expect(o.submission).toBe(join("/from/here", "sub"));
    expect(o.out).toBe("/abs/results.json");
    expect(o.only).toEqual(["in-sequence", "producer-config"]);
    expect(o.verbose).toBe(true);
    expect(o.timeScale).toBe(2);
    expect(() => parseArgs(["--time-scale", "0"])).toThrow(/--time-scale must be a number in \(0, 100\]/);
    expect(() => parseArgs(["--out"])).toThrow(/--out needs a value/);
    expect(parseArgs(["--submissions", "class"], "/from/here").outDir).toBe(join("/from/here", "grades"));
    expect(parseArgs(["--cap", "30", "--no-bwrap"]).submissionCapMs).toBe(30_000);
    expect(parseArgs(["--no-bwrap"]).isolation).toEqual({ bwrap: false });
    expect(() => parseArgs(["--submissions", "a", "--submission", "b"])).toThrow(/either --submission/);
    expect(() => parseArgs(["--cap", "0"])).toThrow(/--cap must be/);
  });
});
