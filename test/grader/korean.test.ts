/**
 * The grader in Korean (issue 18): `--lang ko` / KAFKA_SIM_LANG / a Korean system locale change the words only.
 * The same tests run with the same inputs, so every submission gets the same scores in both languages; the Korean
 * edition's stubs (exercises/ko/) are the English stubs with Korean instructions, graded identically.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gradeClass } from "../../lib/src/grader/batch.js";
import { graderLang, parseArgs } from "../../lib/src/grader/cli.js";
import { gradeSubmission, type GradeReport } from "../../lib/src/grader/grade.js";
import { EXERCISES } from "../../lib/src/grader/registry.js";
import { formatConsoleReport, gradescopeResults } from "../../lib/src/grader/report.js";
import { sandboxCommand, sandboxPlan } from "../../lib/src/grader/sandbox.js";
import { ensureBuilt, FIXTURES, ROOT } from "./helpers.js";

const HANGUL = /[\uac00-\ud7a3]/;
const CLI = join(ROOT, "lib", "dist", "grader", "cli.js");
const STEMS = EXERCISES.map((e) => e.stem);

beforeAll(() => ensureBuilt());

/** Scores by test id ("<stem>: <English name>"), the same key in both languages. */
function scores(report: GradeReport): Record<string, number> {
  return Object.fromEntries(report.exercises.flatMap((e) => e.tests.map((t) => [t.id, t.score])));
}

const LABEL = /^(Sent|Got|Kafka|Hint|호출|결과|힌트):\s+/;
/** Four or more English words in a row: a sentence, not code, an error code or a number. */
const SENTENCE = /[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){3,}/;

/**
 * Lines of Korean feedback that are still English prose. Allowed: Kafka's own exception texts (they stay as Kafka
 * prints them), what the submission threw (after "예외 발생:"), quoted strings, code comments, and the simulator's
 * trace records ("  12.0 ms  retry  producer … (its note)"), which are data, shown as the trace has them.
 */
function untranslated(output: string): string[] {
  return output.split("\n").map((l) => l.trim().replace(LABEL, "")).filter((line) => {
    if (HANGUL.test(line)) return false;
    if (/^[\d.]+ ms {2}\S/.test(line)) return false;
    if (/ConfigException|Invalid value .* for configuration/.test(line)) return false;
    const prose = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\*.*?\*\//g, "").replace(/\/\/.*$/, "");
    return SENTENCE.test(prose);
  });
}

/** Every failed test of a Korean report has Korean feedback, with no English sentence left in it. */
function expectKoreanFeedback(report: GradeReport): void {
  const failing = report.exercises.flatMap((e) => e.tests.filter((t) => t.score < t.maxScore));
  expect(failing.length).toBeGreaterThan(0);
  for (const t of failing) {
    expect(t.output, t.id).toMatch(HANGUL);
    expect(untranslated(t.output), `${t.id}\n${t.output}`).toEqual([]);
    expect(t.name, t.id).toMatch(HANGUL);
  }
  const text = formatConsoleReport(report, { verbose: true });
  expect(text.split("\n").at(-1)).toMatch(/^Score: [\d.]+\/\d+$/);
  expect(text.split("\n").at(-2)).toMatch(/^점수: [\d.]+\/\d+$/);
  expect(untranslated(text.split("\n").filter((l) => !/^\s*[✓~✗] /.test(l) || HANGUL.test(l)).join("\n"))).toEqual([]);
}

function copyAsKoreanLearner(from: string): string {
  // A Korean learner's repository: the Korean stubs' folder, their answers written into it.
  const repo = mkdtempSync(join(tmpdir(), "grader-ko-learner-"));
  const folder = join(repo, "exercises", "ko");
  mkdirSync(folder, { recursive: true });
  for (const f of readdirSync(from).filter((x) => x.endsWith(".ts"))) cpSync(join(from, f), join(folder, f));
  return folder;
}

describe("the grader's language", () => {
  it("is --lang, else KAFKA_SIM_LANG, else a Korean system locale (LC_ALL, LC_MESSAGES, LANG), else English", () => {
    expect(graderLang("ko", {})).toBe("ko");
    expect(graderLang("en", { KAFKA_SIM_LANG: "ko" })).toBe("en");
    expect(graderLang("ko_KR.UTF-8", {})).toBe("ko");
    expect(graderLang(undefined, { KAFKA_SIM_LANG: "ko", LANG: "en_US.UTF-8" })).toBe("ko");
    expect(graderLang(undefined, { LANG: "ko_KR.UTF-8" })).toBe("ko");
    expect(graderLang(undefined, { LC_MESSAGES: "ko_KR.UTF-8", LANG: "en_US.UTF-8" })).toBe("ko");
    expect(graderLang(undefined, { LC_ALL: "C.UTF-8", LANG: "ko_KR.UTF-8" })).toBe("en");
    expect(graderLang(undefined, { LANG: "fr_FR.UTF-8" })).toBe("en");
    expect(graderLang(undefined, { KAFKA_SIM_LANG: "", LANG: "C" })).toBe("en");
    expect(graderLang(undefined, {})).toBe("en");
  });

  it("refuses a bad value, naming it and what is allowed", () => {
    expect(() => graderLang("klingon", {})).toThrow(/--lang: "klingon" is not a language of this course; use one of en, ko/);
    expect(() => graderLang(undefined, { KAFKA_SIM_LANG: "fr" })).toThrow(/KAFKA_SIM_LANG: "fr" is not a language of this course; use one of en, ko/);
    expect(() => parseArgs(["--lang", "xx"], "/", {})).toThrow(/--lang: "xx" is not a language/);
    expect(() => parseArgs(["--lang"], "/", {})).toThrow(/--lang needs a value/);
    expect(parseArgs(["--lang=ko"], "/", {}).lang).toBe("ko");
    expect(parseArgs([], "/", { LANG: "ko_KR.UTF-8" }).lang).toBe("ko");
  });

  it("is the grader's alone: the submission's process gets a clean environment, without KAFKA_SIM_LANG", () => {
    const before = process.env.KAFKA_SIM_LANG;
    process.env.KAFKA_SIM_LANG = "ko";
    try {
      const c = sandboxCommand(sandboxPlan(), { kind: "child" });
      expect(c.env.KAFKA_SIM_LANG).toBeUndefined();
      expect(JSON.stringify([c.command, ...c.args])).not.toContain("KAFKA_SIM_LANG");
    } finally {
      if (before === undefined) delete process.env.KAFKA_SIM_LANG;
      else process.env.KAFKA_SIM_LANG = before;
    }
  });

  it("names every exercise and every test in Korean too (the English name stays the test's id)", () => {
    for (const e of EXERCISES) {
      expect(e.title.ko, e.stem).toMatch(HANGUL);
      expect(e.title.en).not.toMatch(HANGUL);
      const ko = e.tests.map((t) => t.nameKo);
      expect(new Set(ko).size, e.stem).toBe(ko.length);
      for (const t of e.tests) {
        expect(t.nameKo, t.name).toMatch(HANGUL);
        expect(t.name, t.nameKo).not.toMatch(HANGUL);
      }
    }
  });
});

describe("exercises/ko: the Korean edition's stubs", () => {
  /** The code without comments, and the stub's own path in its messages made edition-neutral. */
  const code = (text: string) => text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n"`]*$/gm, "")
    .replace(/exercises\/ko\//g, "exercises/")
    .split("\n").map((l) => l.trimEnd()).filter((l) => l.trim() !== "").join("\n");

  it("has exactly the English stubs' file names, one per exercise", () => {
    const ts = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
    expect(ts(join(ROOT, "exercises", "ko"))).toEqual(ts(join(ROOT, "exercises")));
    expect(ts(join(ROOT, "exercises", "ko"))).toEqual(STEMS.map((s) => `${s}.ts`).sort());
  });

  for (const stem of STEMS) {
    it(`${stem}.ts: the same code and exports, with the instructions in Korean`, () => {
      const en = readFileSync(join(ROOT, "exercises", `${stem}.ts`), "utf8");
      const ko = readFileSync(join(ROOT, "exercises", "ko", `${stem}.ts`), "utf8");
      expect(code(ko)).toBe(code(en));
      const comments = ko.match(/\/\*[\s\S]*?\*\//g)!.join("\n");
      expect(comments).toMatch(HANGUL);
      expect(comments).toContain("Node 내장 모듈과 자기 폴더의 상대 경로 파일만 import할 수 있습니다");
      expect(comments).toContain(`npm run grade -- --lang ko --only ${stem}`);
      expect(ko).toContain(`not implemented yet`);
      expect(ko).toContain(`exercises/ko/${stem}.ts`);
      expect(ko).not.toMatch(/^\s*import\s/m);
    });
  }
});

describe("grading in Korean gives the same scores as in English", () => {
  it("(a) the English stubs and the Korean stubs (the default folder in Korean) both score 0, test by test", async () => {
    const en = await gradeSubmission({ lang: "en" });
    const ko = await gradeSubmission({ lang: "ko" });
    expect(basename(dirname(ko.submission)) + "/" + basename(ko.submission)).toBe("exercises/ko");
    expect(ko.lang).toBe("ko");
    expect(en.score).toBe(0);
    expect(ko.score).toBe(0);
    expect(ko.maxScore).toBe(en.maxScore);
    expect(scores(ko)).toEqual(scores(en));
    expect(ko.exercises.map((e) => e.tests.map((t) => t.id))).toEqual(en.exercises.map((e) => e.tests.map((t) => t.id)));
    for (const e of ko.exercises) {
      expect(e.title).toMatch(HANGUL);
      for (const t of e.tests) expect(t.output).toContain(`exercises/ko/${e.stem}.ts`);
    }
    expectKoreanFeedback(ko);
    const text = formatConsoleReport(ko);
    expect(text).toContain("아직 시작하지 않았습니다");
    expect(text).toContain("격리(Isolation):");
  }, 240_000);

  it("(b) the reference solutions, placed in exercises/ko/ as a Korean learner would, score full marks", async () => {
    const folder = copyAsKoreanLearner(join(ROOT, "solutions"));
    const ko = await gradeSubmission({ lang: "ko", submission: folder });
    const failing = ko.exercises.flatMap((e) => e.tests.filter((t) => t.score < t.maxScore).map((t) => `${t.name}\n${t.output}`));
    expect(failing).toEqual([]);
    expect(ko.score).toBe(ko.maxScore);
    expect(ko.maxScore).toBe(EXERCISES.reduce((s, e) => s + e.tests.reduce((x, t) => x + t.points, 0), 0));
    const results = gradescopeResults(ko);
    expect(results.output.split("\n").slice(-2)).toEqual([`점수: ${ko.maxScore}/${ko.maxScore}`, `Score: ${ko.maxScore}/${ko.maxScore}`]);
    expect(results.tests.every((t) => HANGUL.test(t.name) && t.status === "passed")).toBe(true);
  }, 300_000);

  it("(c) wrong implementations lose the same points in both languages, with Korean feedback", async () => {
    // duplicate-as-error: every sequence-validation test, the simulated broker's too (its feedback: the smallest
    // failing scenario, its history and the checker's problems). ignores-epoch: the hand-written tests.
    const cases = [
      { fixture: "duplicate-as-error", filter: undefined },
      { fixture: "ignores-epoch", filter: (n: string) => !n.includes("simulated broker") },
    ];
    for (const { fixture, filter } of cases) {
      const english = join(FIXTURES, "wrong", fixture);
      const korean = copyAsKoreanLearner(english);
      const options = { only: ["sequence-validation"], testFilter: filter };
      const en = await gradeSubmission({ ...options, lang: "en", submission: english });
      const ko = await gradeSubmission({ ...options, lang: "ko", submission: korean });
      expect(en.score, fixture).toBeLessThan(en.maxScore);
      expect(en.score, fixture).toBeGreaterThan(0);
      expect(scores(ko), fixture).toEqual(scores(en));
      expect(ko.score).toBe(en.score);
      expectKoreanFeedback(ko);
      // The English report stays English.
      for (const t of en.exercises[0]!.tests) expect(t.output + t.name).not.toMatch(HANGUL);
    }
  }, 600_000);
});

/** A submission that answers every call, always wrongly: every test fails on its first check, with its own hint. */
const WRONG_EVERYWHERE: Record<string, string> = {
  "in-sequence.ts": "export const nextSequence = () => -7, lastSequence = () => -7, recordCount = () => -7, inSequence = () => 3;\n",
  "delivery-check.ts": "export function checkDelivery() { return { duplicated: [\"zz\"], lost: [], reordered: [], unexpected: [] }; }\n",
  "producer-config.ts": "export class ConfigException extends Error {}\nexport function validateProducerConfig() { return { acks: 2 }; }\n",
  "sequence-validation.ts": "export const validateBatch = () => ({ kind: \"nope\" });\nexport class ProducerStateTable { get() { return { epoch: -9, batches: [] }; } append() { return { kind: \"nope\" }; } }\n",
  "producer-sequences.ts": "export class PartitionSequences { send() { return null; } resend() { return null; } acknowledge() {} onOutOfOrderSequence() { return \"nope\"; } bumpEpoch() {} epoch() { return -9; } nextSequence() { return -9; } lastAckedSequence() { return -9; } inFlight() { return [\"zz\"]; } }\n",
  "transactional-fencing.ts": "export const initProducerId = () => ({ error: \"NOPE\" }), checkEpoch = () => \"NOPE\";\n",
};

describe("every test's own feedback in Korean", () => {
  it("a submission wrong everywhere loses the same points in both languages, every hint and verdict in Korean", async () => {
    const english = mkdtempSync(join(tmpdir(), "grader-wrong-everywhere-"));
    for (const [name, text] of Object.entries(WRONG_EVERYWHERE)) writeFileSync(join(english, name), text);
    const korean = copyAsKoreanLearner(english);
    const options = { testFilter: (n: string) => !n.includes("simulated broker") };
    const en = await gradeSubmission({ ...options, lang: "en", submission: english });
    const ko = await gradeSubmission({ ...options, lang: "ko", submission: korean });
    expect(scores(ko)).toEqual(scores(en));
    expect(ko.score).toBe(en.score);
    expect(en.score).toBeLessThan(en.maxScore / 4);
    expectKoreanFeedback(ko);
    // Each failed test's hint is its own: no two tests of an exercise share a Korean feedback text.
    for (const e of ko.exercises) {
      const outputs = e.tests.filter((t) => t.score < t.maxScore).map((t) => t.output);
      expect(new Set(outputs).size, e.stem).toBe(outputs.length);
    }
  }, 240_000);
});

describe("the CLI and batch grading in Korean", () => {
  const run = (args: string[], env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [CLI, "--no-color", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, KAFKA_SIM_LANG: undefined, LC_ALL: undefined, LC_MESSAGES: undefined, ...env } });

  it("--lang ko, KAFKA_SIM_LANG=ko and LANG=ko_KR.UTF-8 report in Korean, keeping 'Score: X/Y' last; a bad value exits 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "grader-ko-cli-")), "results.json");
    const byFlag = run(["--lang", "ko", "--only", "in-sequence", "--out", out], { LANG: "C" });
    expect(byFlag.status).toBe(0);
    const lines = byFlag.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("Score: 0/15");
    expect(lines.at(-2)).toBe("점수: 0/15");
    expect(lines.at(-3)).toBe(`${out} 파일을 썼습니다.`);
    expect(byFlag.stdout).toContain("1. in-sequence — 2147483647 다음에 되돌아가는 시퀀스 번호");
    expect(byFlag.stdout).toContain(join(ROOT, "exercises", "ko"));
    const results = JSON.parse(readFileSync(out, "utf8"));
    expect(results.tests[0].name).toBe("in-sequence: nextSequence는 1을 더합니다");
    expect(results.tests[0].output).toMatch(/힌트: /);
    for (const env of [{ KAFKA_SIM_LANG: "ko", LANG: "C" }, { LANG: "ko_KR.UTF-8" }]) {
      const r = run(["--only", "in-sequence"], env);
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split("\n").slice(-2)).toEqual(["점수: 0/15", "Score: 0/15"]);
    }
    const english = run(["--only", "in-sequence"], { LANG: "en_US.UTF-8" });
    expect(english.stdout).not.toMatch(HANGUL);
    const bad = run(["--lang", "fr", "--only", "in-sequence"], {});
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('grade: --lang: "fr" is not a language of this course; use one of en, ko');
    const badEnv = run(["--only", "in-sequence"], { KAFKA_SIM_LANG: "jp" });
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toContain('KAFKA_SIM_LANG: "jp" is not a language of this course');
  }, 120_000);

  it("batch grading writes Korean results, histogram and limits, and grades a repository's exercises/ko/", async () => {
    const classDir = mkdtempSync(join(tmpdir(), "grader-ko-class-"));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(classDir, rel)), { recursive: true });
      writeFileSync(join(classDir, rel), text);
    };
    write("minji/exercises/ko/in-sequence.ts", readFileSync(join(ROOT, "solutions", "in-sequence.ts"), "utf8"));
    write("minji/exercises/in-sequence.ts", readFileSync(join(ROOT, "exercises", "in-sequence.ts"), "utf8"));
    write("jun/in-sequence.ts", "export function nextSequence(s: number): number { return s + 1; }\nexport function lastSequence(): number { for (;;) {} }\n");
    const out = join(mkdtempSync(join(tmpdir(), "grader-ko-class-out-")), "grades");
    const report = await gradeClass(classDir, out, { lang: "ko", only: ["in-sequence"] });
    expect(report.entries.map((e) => [e.student, e.report?.score])).toEqual([["jun", 1], ["minji", 15]]);
    const csv = readFileSync(join(out, "gradebook.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe("student,score,max_score,in-sequence,limits_hit,seconds,results_file,error");
    expect(csv).toMatch(/^jun,1,15,1,in-sequence: time limit of a test,/m);
    expect(readFileSync(join(out, "limits.txt"), "utf8")).toBe("jun: in-sequence: 테스트 하나의 시간 한도\n");
    const svg = readFileSync(join(out, "histogram.svg"), "utf8");
    expect(svg).toContain("제출물 2개, 평균 8/15");
    expect(svg).toContain("학생 수");
    const jun = JSON.parse(readFileSync(join(out, "results", "jun.json"), "utf8"));
    expect(jun.output).toContain("걸린 한도: in-sequence: 테스트 하나의 시간 한도");
    expect(jun.tests.find((t: { name: string }) => t.name === "in-sequence: nextSequence는 1을 더합니다").score).toBe(1);
    expect(jun.tests.some((t: { output: string }) => /시간 초과: .* ms 안에 응답이 없습니다/.test(t.output))).toBe(true);
  }, 180_000);

  it("Gradescope: run_autograder reads the zip's grader-lang (KAFKA_SIM_LANG overrides it) and grades exercises/ko/ in Korean", () => {
    const root = mkdtempSync(join(tmpdir(), "grader-ko-gradescope-"));
    mkdirSync(join(root, "source"));
    for (const f of ["lib", "node_modules", "package.json"]) symlinkSync(join(ROOT, f), join(root, "source", f));
    writeFileSync(join(root, "source", "grader-lang"), "ko\n");
    mkdirSync(join(root, "submission", "exercises", "ko"), { recursive: true });
    cpSync(join(ROOT, "solutions", "in-sequence.ts"), join(root, "submission", "exercises", "ko", "in-sequence.ts"));
    cpSync(join(ROOT, "exercises", "in-sequence.ts"), join(root, "submission", "exercises", "in-sequence.ts"));
    const autograde = (env: Record<string, string | undefined>) => {
      const r = spawnSync("bash", [join(ROOT, "gradescope", "run_autograder")], { encoding: "utf8", env: { ...process.env, AUTOGRADER_ROOT: root, KAFKA_SIM_LANG: undefined, ...env } });
      expect(r.status).toBe(0);
      return JSON.parse(readFileSync(join(root, "results", "results.json"), "utf8")) as { score: number; output: string; tests: { name: string }[] };
    };
    const ko = autograde({});
    expect(ko.score).toBe(15);
    expect(ko.tests[0]!.name).toBe("in-sequence: nextSequence는 1을 더합니다");
    expect(ko.output.split("\n").slice(-2)).toEqual(["점수: 15/157", "Score: 15/157"]);
    const en = autograde({ KAFKA_SIM_LANG: "en" });
    expect(en.score).toBe(0); // exercises/: the untouched English stub
    expect(en.tests[0]!.name).toBe("in-sequence: nextSequence adds one");
    const bad = spawnSync("bash", [join(ROOT, "gradescope", "build-autograder-zip.sh"), "--lang", "fr", join(root, "a.zip")], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--lang must be en or ko, got "fr"');
  }, 120_000);

  it("GitHub Classroom: the workflow takes the language from the repository variable and grades the edition's stubs", () => {
    const workflow = readFileSync(join(ROOT, ".github", "workflows", "classroom.yml"), "utf8");
    expect(workflow).toContain("KAFKA_SIM_LANG: ${{ vars.KAFKA_SIM_LANG || 'en' }}");
    const step = workflow.slice(workflow.indexOf("id: grader"), workflow.indexOf("Keep results.json"));
    expect(step).toContain("node lib/dist/grader/cli.js --no-color");
    expect(step).not.toContain("--submission");
  });
});
