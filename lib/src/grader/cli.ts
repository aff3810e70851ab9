#!/usr/bin/env node
/**
 * The grader's command line.
 *   npm run grade                                   grade exercises/
 *   npm run grade -- --submission DIR               grade DIR/<stem>.ts for every exercise
 *   npm run grade -- --out results.json             also write Gradescope's results.json
 *   npm run grade -- --submissions DIR [--out-dir OUT]   a whole class: one folder per student in DIR; writes
 *                                                   OUT/gradebook.csv, OUT/results/<student>.json, OUT/histogram.svg
 *                                                   and OUT/limits.txt (default OUT: ./grades)
 * Other options: --only STEM[,STEM], --verbose, --classroom-out FILE (GitHub Classroom reporter result, base64),
 * --time-scale N (multiply time limits), --cap SECONDS (time cap per submission, default 60), --no-color,
 * --no-bwrap (do without bubblewrap, for a machine where it does not work; the report says what is then not isolated).
 * Exit status 0 whatever the score; 1 when the grader itself fails, 2 for a bad command line (unknown option,
 * no such folder, unknown exercise).
 */
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { existsSync, statSync } from "node:fs";
import { gradeClass } from "./batch.js";
import { GraderInputError, gradeSubmission, type GradeOptions } from "./grade.js";
import { classroomResultsBase64, formatConsoleReport, gradescopeResults } from "./report.js";
import { EXERCISES } from "./registry.js";

const USAGE = `Usage: npm run grade -- [--submission DIR] [--out results.json] [--only STEM[,STEM…]] [--verbose]
                        [--classroom-out FILE] [--time-scale N] [--cap SECONDS] [--no-color] [--no-bwrap]
       npm run grade -- --submissions DIR [--out-dir OUT] [--only …] [--time-scale N] [--cap SECONDS]
Exercises: ${EXERCISES.map((e) => e.stem).join(", ")}`;

class UsageError extends Error {}

interface CliOptions extends GradeOptions {
  out?: string;
  submissions?: string;
  outDir?: string;
  classroomOut?: string;
  verbose: boolean;
  color: boolean;
}

/**
 * Relative paths are taken from where the user ran the command: `npm run` moves to the project root but keeps the
 * original folder in INIT_CWD.
 */
export function parseArgs(argv: readonly string[], base = process.env.INIT_CWD ?? process.cwd()): CliOptions {
  const options: CliOptions = { verbose: false, color: process.stdout.isTTY === true };
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--submission": options.submission = resolve(base, value()); break;
      case "--out": options.out = resolve(base, value()); break;
      case "--classroom-out": options.classroomOut = resolve(base, value()); break;
      case "--submissions": options.submissions = resolve(base, value()); break;
      case "--out-dir": options.outDir = resolve(base, value()); break;
      case "--cap": {
        const n = Number(value());
        if (!(n >= 1 && n <= 3600)) throw new UsageError(`--cap must be a number of seconds in [1, 3600], got ${argv[i]}`);
        options.submissionCapMs = n * 1000;
        break;
      }
      case "--only": only.push(...value().split(",").map((s) => s.trim().replace(/\.ts$/, "")).filter(Boolean)); break;
      case "--time-scale": {
        const n = Number(value());
        if (!(n > 0 && n <= 100)) throw new UsageError(`--time-scale must be a number in (0, 100], got ${argv[i]}`);
        options.timeScale = n;
        break;
      }
      case "--verbose": options.verbose = true; break;
      case "--no-color": options.color = false; break;
      case "--no-bwrap": options.isolation = { ...options.isolation, bwrap: false }; break;
      case "--help": case "-h": throw new UsageError("");
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (only.length > 0) options.only = only;
  if (options.submissions && options.submission) throw new UsageError("give either --submission (one student) or --submissions (a class), not both");
  if (options.outDir && !options.submissions) throw new UsageError("--out-dir goes with --submissions");
  options.outDir ??= options.submissions ? resolve(base, "grades") : undefined;
  return options;
}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`grade: ${error.message}`);
      console.error(USAGE);
      return error.message ? 2 : 0;
    }
    throw error;
  }
  if (options.submissions) return gradeClassCli(options);
  let report;
  try {
    report = await gradeSubmission(options);
  } catch (error) {
    if (error instanceof GraderInputError) {
      console.error(`grade: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const wrote: string[] = [];
  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(gradescopeResults(report), null, 2)}\n`);
    wrote.push(`Wrote ${options.out}`);
  }
  if (options.classroomOut) {
    mkdirSync(dirname(options.classroomOut), { recursive: true });
    writeFileSync(options.classroomOut, classroomResultsBase64(report));
    wrote.push(`Wrote ${options.classroomOut}`);
  }
  // The score is the last line, after the notes about files written.
  const text = formatConsoleReport(report, { verbose: options.verbose, color: options.color }).split("\n");
  console.log([...text.slice(0, -1), ...wrote, text[text.length - 1]].join("\n"));
  return 0;
}

async function gradeClassCli(options: CliOptions): Promise<number> {
  const dir = options.submissions!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`grade: --submissions ${dir}: no such folder`);
    return 2;
  }
  const { submissions: _s, outDir: _o, out: _out, classroomOut: _c, ...gradeOptions } = options;
  const started = performance.now();
  const report = await gradeClass(dir, options.outDir!, gradeOptions, (e) => {
    const r = e.report;
    const limits = r && r.limits.length > 0 ? `  (limits: ${r.limits.join("; ")})` : "";
    console.log(r ? `${e.student}: ${r.score}/${r.maxScore}${limits}` : `${e.student}: not graded (${e.error})`);
  });
  const hit = report.entries.filter((e) => e.error || (e.report?.limits.length ?? 0) > 0).length;
  console.log([
    `Graded ${report.entries.length} submissions in ${((performance.now() - started) / 1000).toFixed(1)} s; ${hit} hit a limit (${report.files.limits}).`,
    `Wrote ${report.files.gradebook}, ${report.files.histogram} and one results file per student in ${report.files.results}.`,
  ].join("\n"));
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`grade: the grader itself failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
