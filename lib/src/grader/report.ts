/**
 * The grader's outputs: a table per exercise with feedback for the console, Gradescope's results.json, and the
 * GitHub Classroom reporter's runner result (classroom-resources/autograding-grading-reporter).
 */
import { currentLang, withLang, tr } from "../kernel/locale.js";
import type { ExerciseResult, GradeReport } from "./grade.js";
import { limitInLang } from "./host.js";
import { localizedIsolation } from "./sandbox.js";

function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, "");
}

function indent(text: string, pad: string): string {
  return text.split("\n").map((l) => (l ? pad + l : l)).join("\n");
}

function isStubOnly(exercise: ExerciseResult): boolean {
  const failedTests = exercise.tests.filter((t) => t.score < t.maxScore);
  return exercise.score === 0 && failedTests.length > 0 && failedTests.every((t) => /not implemented yet|still the stub|아직 뼈대 코드/.test(t.output));
}


/**
 * The last line of every report, in every language: "Score: X/Y". Tests, CI logs and scripts read it, so it keeps
 * this form; the Korean edition shows "점수: X/Y" on the line above it.
 */
export function scoreLine(report: GradeReport): string {
  return `Score: ${points(report.score)}/${points(report.maxScore)}`;
}

function scoreLines(report: GradeReport): string[] {
  return report.lang === "ko" ? [`점수: ${points(report.score)}/${points(report.maxScore)}`, scoreLine(report)] : [scoreLine(report)];
}

export interface ConsoleOptions {
  /** Show the feedback of every failed test (default: the first 5 per exercise). */
  verbose?: boolean;
  /** Colour (default: when stdout is a terminal). */
  color?: boolean;
}

/**
 * The console report, in the report's language: per exercise a table of tests, then feedback for failed tests; last
 * line "Score: X/Y" (the Korean edition: "점수: X/Y", then the same "Score: X/Y").
 */
export function formatConsoleReport(report: GradeReport, options: ConsoleOptions = {}): string {
  return withLang(report.lang ?? "en", () => consoleReport(report, options));
}

function consoleReport(report: GradeReport, options: ConsoleOptions): string {
  const color = options.color ?? false;
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [tr({ en: `Grading ${report.submission}`, ko: `채점: ${report.submission}` }), ""];
  for (const ex of report.exercises) {
    const header = `${ex.number}. ${ex.stem} — ${ex.title}`;
    out.push(`${paint("1", header)}   ${points(ex.score)}/${points(ex.maxScore)}`);
    if (ex.refused) {
      out.push(indent(ex.refused, "   "), "");
      continue;
    }
    const width = Math.max(...ex.tests.map((t) => `${points(t.score)}/${points(t.maxScore)}`.length));
    for (const t of ex.tests) {
      const mark = t.score >= t.maxScore ? paint("32", "✓") : t.score > 0 ? paint("33", "~") : paint("31", "✗");
      out.push(`   ${mark} ${`${points(t.score)}/${points(t.maxScore)}`.padStart(width)}  ${t.name}`);
    }
    const failed = ex.tests.filter((t) => t.score < t.maxScore && t.output);
    if (isStubOnly(ex)) {
      out.push(tr({
        en: `   Not started: the file still throws "not implemented yet". Open ${ex.file} and implement it.`,
        ko: `   아직 시작하지 않았습니다. 파일이 여전히 "not implemented yet"을 던집니다. ${ex.file}을(를) 열어 구현하세요.`,
      }));
    } else if (failed.length > 0) {
      const shown = options.verbose ? failed : failed.slice(0, 5);
      out.push("");
      for (const t of shown) out.push(`   ${paint("31", "✗")} ${t.name}`, indent(t.output, "       "), "");
      const more = failed.length - shown.length;
      if (more > 0) {
        out.push(tr({
          en: `   … ${more} more failed test(s): run with --verbose to see them all.`,
          ko: `   … 실패한 테스트가 ${more}개 더 있습니다. 모두 보려면 --verbose를 붙여 실행하세요.`,
        }));
      }
    }
    out.push("");
  }
  if (report.skipped.length > 0) {
    const list = `${report.skipped.slice(0, 10).join("; ")}${report.skipped.length > 10 ? "; …" : ""}`;
    out.push(tr({ en: `Left out of the submission: ${list}`, ko: `제출물에서 뺀 파일: ${list}` }));
  }
  if (report.limits.length > 0) out.push(limitsLine(report));
  out.push(localizedIsolation(report.isolation, report.lang ?? "en"));
  const seconds = (report.durationMs / 1000).toFixed(1);
  out.push(tr({ en: `Graded in ${seconds} s.`, ko: `채점 시간 ${seconds}초.` }));
  out.push(...scoreLines(report));
  return out.join("\n");
}

function limitsLine(report: GradeReport): string {
  const list = report.limits.map((l) => limitInLang(l, currentLang())).join("; ");
  return tr({ en: `Limits hit: ${list}`, ko: `걸린 한도: ${list}` });
}

/**
 * Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/), in the report's
 * language (test names, feedback and the summary); the field names and statuses are Gradescope's.
 */
export function gradescopeResults(report: GradeReport) {
  return withLang(report.lang ?? "en", () => ({
    score: report.score,
    execution_time: Math.round(report.durationMs) / 1000,
    output: [
      ...report.exercises.map((e) => `${e.number}. ${e.stem}: ${points(e.score)}/${points(e.maxScore)}${e.refused ? ` — ${e.refused.split("\n")[0]}` : ""}`),
      ...(report.limits.length > 0 ? [limitsLine(report)] : []),
      ...scoreLines(report),
    ].join("\n"),
    stdout_visibility: "visible",
    tests: report.exercises.flatMap((e) =>
      e.tests.map((t) => ({
        name: t.name,
        score: t.score,
        max_score: t.maxScore,
        status: t.score >= t.maxScore ? "passed" : "failed",
        output: t.output,
        visibility: "visible",
      })),
    ),
  }));
}

/**
 * The result a GitHub Classroom runner hands to classroom-resources/autograding-grading-reporter (which sums
 * tests[].score against max_score), base64-encoded as the reporter expects in <RUNNER>_RESULTS.
 */
export function classroomResults(report: GradeReport) {
  const full = report.score >= report.maxScore;
  return {
    version: 1,
    status: full ? "pass" : "fail",
    max_score: report.maxScore,
    tests: report.exercises.flatMap((e) =>
      e.tests.map((t) => ({
        name: t.name,
        status: t.score >= t.maxScore ? "pass" : "fail",
        score: t.score,
        // The result travels through a step output: keep each message short (the full text is in the log).
        message: t.output.length > 1500 ? `${t.output.slice(0, 1500)}…` : t.output,
        line_no: 0,
        execution_time: "",
      })),
    ),
  };
}

export function classroomResultsBase64(report: GradeReport): string {
  return Buffer.from(JSON.stringify(classroomResults(report))).toString("base64");
}
