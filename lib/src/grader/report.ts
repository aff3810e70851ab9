/**
 * The grader's outputs: a table per exercise with feedback for the console, Gradescope's results.json, and the
 * GitHub Classroom reporter's runner result (classroom-resources/autograding-grading-reporter).
 */
import type { ExerciseResult, GradeReport } from "./grade.js";

function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, "");
}

function indent(text: string, pad: string): string {
  return text.split("\n").map((l) => (l ? pad + l : l)).join("\n");
}

function isStubOnly(exercise: ExerciseResult): boolean {
  const failedTests = exercise.tests.filter((t) => t.score < t.maxScore);
  return exercise.score === 0 && failedTests.length > 0 && failedTests.every((t) => /not implemented yet|still the stub/.test(t.output));
}

export interface ConsoleOptions {
  /** Show the feedback of every failed test (default: the first 5 per exercise). */
  verbose?: boolean;
  /** Colour (default: when stdout is a terminal). */
  color?: boolean;
}

/** The console report: per exercise a table of tests, then feedback for failed tests; last line "Score: X/Y". */
export function formatConsoleReport(report: GradeReport, options: ConsoleOptions = {}): string {
  const color = options.color ?? false;
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [`Grading ${report.submission}`, ""];
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
      out.push(`   Not started: the file still throws "not implemented yet". Open ${ex.file} and implement it.`);
    } else if (failed.length > 0) {
      const shown = options.verbose ? failed : failed.slice(0, 5);
      out.push("");
      for (const t of shown) out.push(`   ${paint("31", "✗")} ${t.name}`, indent(t.output, "       "), "");
      if (shown.length < failed.length) out.push(`   … ${failed.length - shown.length} more failed test(s): run with --verbose to see them all.`);
    }
    out.push("");
  }
  if (report.skipped.length > 0) out.push(`Left out of the submission: ${report.skipped.slice(0, 10).join("; ")}${report.skipped.length > 10 ? "; …" : ""}`);
  if (report.limits.length > 0) out.push(`Limits hit: ${report.limits.join("; ")}`);
  out.push(report.isolation);
  out.push(`Graded in ${(report.durationMs / 1000).toFixed(1)} s.`);
  out.push(`Score: ${points(report.score)}/${points(report.maxScore)}`);
  return out.join("\n");
}

/** Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/). */
export function gradescopeResults(report: GradeReport) {
  return {
    score: report.score,
    execution_time: Math.round(report.durationMs) / 1000,
    output: [
      ...report.exercises.map((e) => `${e.number}. ${e.stem}: ${points(e.score)}/${points(e.maxScore)}${e.refused ? ` — ${e.refused.split("\n")[0]}` : ""}`),
      ...(report.limits.length > 0 ? [`Limits hit: ${report.limits.join("; ")}`] : []),
      `Score: ${points(report.score)}/${points(report.maxScore)}`,
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
  };
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
