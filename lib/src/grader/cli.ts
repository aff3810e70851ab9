#!/usr/bin/env node
/**
 * The grader's command line.
 *   npm run grade                                   grade exercises/
 *   npm run grade -- --submission DIR               grade DIR/<stem>.ts for every exercise
 *   npm run grade -- --out results.json             also write Gradescope's results.json
 *   npm run grade -- --submissions DIR [--out-dir OUT]   a whole class: one folder per student in DIR; writes
 *                                                   OUT/gradebook.csv, OUT/results/<student>.json, OUT/histogram.svg
 *                                                   and OUT/limits.txt (default OUT: ./grades)
 * Language: --lang en|ko (feedback, hints, summaries, Gradescope/Classroom results); else the environment variable
 * KAFKA_SIM_LANG; else the system locale (LC_ALL, LC_MESSAGES, LANG) when it is Korean; else English. In Korean, with
 * no --submission, the Korean edition's stubs exercises/ko/ are graded. A bad value is a usage error (exit 2).
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
import { LANG_ENV, LANGS, envLang, parseLang, setLang, type Lang } from "../kernel/locale.js";
import { gradeClass } from "./batch.js";
import { GraderInputError, gradeSubmission, type GradeOptions } from "./grade.js";
import { classroomResultsBase64, formatConsoleReport, gradescopeResults } from "./report.js";
import { EXERCISES } from "./registry.js";
import { limitInLang } from "./host.js";

const USAGE = `Usage: npm run grade -- [--submission DIR] [--out results.json] [--only STEM[,STEM…]] [--verbose]
                        [--classroom-out FILE] [--time-scale N] [--cap SECONDS] [--no-color] [--no-bwrap] [--lang en|ko]
       npm run grade -- --submissions DIR [--out-dir OUT] [--only …] [--time-scale N] [--cap SECONDS] [--lang en|ko]
Exercises: ${EXERCISES.map((e) => e.stem).join(", ")}
Language (${LANGS.join(", ")}): --lang, else ${LANG_ENV}, else the system locale (LC_ALL, LC_MESSAGES, LANG) when Korean, else en.`;

class UsageError extends Error {}

interface CliOptions extends GradeOptions {
  lang: Lang;
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
/**
 * The grader's language: `--lang` if given, else KAFKA_SIM_LANG (both must name a language of the course, or a
 * locale such as ko_KR.UTF-8; anything else is an error naming the value), else the system locale: the first set
 * of LC_ALL, LC_MESSAGES and LANG, Korean when it is a Korean locale and English otherwise (C.UTF-8, fr_FR, …).
 */
export function graderLang(flag: string | undefined, env: Record<string, string | undefined> = process.env): Lang {
  if (flag !== undefined) return parseLang(flag, "--lang");
  return envLang(env).lang;
}

export function parseArgs(argv: readonly string[], base = process.env.INIT_CWD ?? process.cwd(), env: Record<string, string | undefined> = process.env): CliOptions {
  const options: CliOptions = { verbose: false, color: process.stdout.isTTY === true, lang: "en" };
  const only: string[] = [];
  let langFlag: string | undefined;
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
      case "--lang": langFlag = value(); break;
      case "--verbose": options.verbose = true; break;
      case "--no-color": options.color = false; break;
      case "--no-bwrap": options.isolation = { ...options.isolation, bwrap: false }; break;
      case "--help": case "-h": throw new UsageError("");
      default: throw new UsageError(`unknown option ${arg}`);
    }
  }
  try {
    options.lang = graderLang(langFlag, env);
  } catch (error) {
    throw new UsageError((error as Error).message);
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
  // Everything this process writes follows the chosen language; the judges are told it too (never the child).
  setLang(options.lang);
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
    wrote.push(wroteLine(options.lang, options.out));
  }
  if (options.classroomOut) {
    mkdirSync(dirname(options.classroomOut), { recursive: true });
    writeFileSync(options.classroomOut, classroomResultsBase64(report));
    wrote.push(wroteLine(options.lang, options.classroomOut));
  }
  // The score is the last line (or two: "점수: X/Y" then "Score: X/Y" in Korean), after the notes about files written.
  const text = formatConsoleReport(report, { verbose: options.verbose, color: options.color }).split("\n");
  const tail = options.lang === "ko" ? 2 : 1;
  console.log([...text.slice(0, -tail), ...wrote, ...text.slice(-tail)].join("\n"));
  return 0;
}

function wroteLine(lang: Lang, file: string): string {
  return lang === "ko" ? `${file} 파일을 썼습니다.` : `Wrote ${file}`;
}

async function gradeClassCli(options: CliOptions): Promise<number> {
  const dir = options.submissions!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`grade: --submissions ${dir}: no such folder`);
    return 2;
  }
  const { submissions: _s, outDir: _o, out: _out, classroomOut: _c, ...gradeOptions } = options;
  const ko = options.lang === "ko";
  const started = performance.now();
  const report = await gradeClass(dir, options.outDir!, gradeOptions, (e) => {
    const r = e.report;
    const list = r ? r.limits.map((l) => limitInLang(l, options.lang)).join("; ") : "";
    const limits = r && r.limits.length > 0 ? (ko ? `  (걸린 한도: ${list})` : `  (limits: ${list})`) : "";
    console.log(r ? `${e.student}: ${r.score}/${r.maxScore}${limits}` : ko ? `${e.student}: 채점하지 못함 (${e.error})` : `${e.student}: not graded (${e.error})`);
  });
  const hit = report.entries.filter((e) => e.error || (e.report?.limits.length ?? 0) > 0).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { gradebook, histogram, limits, results } = report.files;
  console.log((ko
    ? [
      `제출물 ${report.entries.length}개를 ${seconds}초에 채점했습니다. 한도에 걸린 제출물: ${hit}개 (${limits}).`,
      `${gradebook}, ${histogram} 파일과 학생마다 결과 파일 하나를 ${results}에 썼습니다.`,
    ]
    : [
      `Graded ${report.entries.length} submissions in ${seconds} s; ${hit} hit a limit (${limits}).`,
      `Wrote ${gradebook}, ${histogram} and one results file per student in ${results}.`,
    ]).join("\n"));
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
