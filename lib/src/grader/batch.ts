/**
 * Batch grading of a whole class, on the instructor's machine: one folder per student (as `gh classroom clone
 * student-repos` makes them; a folder with an exercises/ folder inside is graded there, or its exercises/ko/ when
 * grading in Korean). Writes a CSV gradebook,
 * one Gradescope-style results file per student, a histogram of scores (SVG) and the list of submissions that hit
 * a limit. Every student-chosen name is escaped (cleanText), made a safe file name, and kept from being read as a
 * spreadsheet formula.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { currentLang, parseLang, type Lang } from "../kernel/locale.js";
import { limitInLang } from "./host.js";
import { gradeSubmission, roundScore, type GradeOptions, type GradeReport } from "./grade.js";
import { EXERCISES } from "./registry.js";
import { gradescopeResults } from "./report.js";
import { cleanText } from "./sanitize.js";

export interface ClassEntry {
  student: string;
  /** The results file, relative to the output folder. */
  resultsFile: string;
  report?: GradeReport;
  error?: string;
}

export interface ClassReport {
  entries: ClassEntry[];
  outDir: string;
  files: { gradebook: string; histogram: string; limits: string; results: string };
  maxScore: number;
}

/** A value for one CSV cell: quoted when needed, and never a formula (=, +, -, @ start a formula in spreadsheets). */
export function csvCell(value: string | number): string {
  let s = typeof value === "number" ? String(value) : cleanText(value, 500).replace(/\n/g, " ");
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Scores as a bar chart: ten bins of 10 % of the maximum (the last includes full marks); axis labels in `lang`. */
export function histogramSvg(scores: number[], maxScore: number, title: string, lang: Lang = "en"): string {
  const axis = lang === "ko"
    ? { x: `점수 (만점 ${maxScore}점에 대한 비율)`, y: "학생 수" }
    : { x: `score (share of ${maxScore} points)`, y: "students" };
  const bins = new Array(10).fill(0) as number[];
  for (const s of scores) bins[Math.min(9, Math.floor((maxScore > 0 ? s / maxScore : 0) * 10))]!++;
  const W = 640, H = 320, left = 48, bottom = 48, top = 40, right = 16;
  const tallest = Math.max(1, ...bins);
  const bw = (W - left - right) / bins.length;
  const y = (n: number) => H - bottom - (n / tallest) * (H - bottom - top);
  const bars = bins.map((n, i) => {
    const x = left + i * bw;
    const label = i === 9 ? `90–100%` : `${i * 10}–${i * 10 + 9}%`;
    return `<rect x="${(x + 2).toFixed(1)}" y="${y(n).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${(H - bottom - y(n)).toFixed(1)}" fill="#4c78a8"><title>${label}: ${n}</title></rect>` +
      `<text x="${(x + bw / 2).toFixed(1)}" y="${(y(n) - 4).toFixed(1)}" text-anchor="middle" font-size="12">${n}</text>` +
      `<text x="${(x + bw / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle" font-size="10">${label}</text>`;
  }).join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<text x="${W / 2}" y="24" text-anchor="middle" font-size="15">${xml(title)}</text>
<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#333"/>
${bars}
<text x="${W / 2}" y="${H - 10}" text-anchor="middle" font-size="12">${xml(axis.x)}</text>
<text x="14" y="${(H - bottom + top) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${(H - bottom + top) / 2})">${xml(axis.y)}</text>
</svg>
`;
}

function safeFileName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_").slice(0, 100) || "student";
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${base}-${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * Grade every student folder in `dir`, one after the other, and write the class's files to `outDir`. The
 * gradebook's column names and limits_hit values stay English identifiers (spreadsheets and scripts read them); the
 * results files, histogram and limits.txt are in `options.lang`.
 */
export async function gradeClass(dir: string, outDir: string, options: Omit<GradeOptions, "submission"> = {}, onStudent?: (e: ClassEntry) => void): Promise<ClassReport> {
  const lang = options.lang === undefined ? currentLang() : parseLang(options.lang, "the grader's language (lang)");
  const students = readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith(".") && (d.isDirectory() || (d.isSymbolicLink() && statSync(join(dir, d.name)).isDirectory())))
    .map((d) => d.name)
    .sort();
  const resultsDir = join(outDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  const taken = new Set<string>();
  const entries: ClassEntry[] = [];
  for (const name of students) {
    // A student's repository: its exercises/ folder (exercises/ko/, the Korean edition's stubs, in Korean).
    const edition = lang === "ko" && existsSync(join(dir, name, "exercises", "ko")) ? join(dir, name, "exercises", "ko") : join(dir, name, "exercises");
    const folder = existsSync(edition) ? edition : join(dir, name);
    const entry: ClassEntry = { student: cleanText(name, 200), resultsFile: join("results", `${safeFileName(name, taken)}.json`) };
    try {
      entry.report = await gradeSubmission({ ...options, lang, submission: folder });
      writeFileSync(join(outDir, entry.resultsFile), `${JSON.stringify(gradescopeResults(entry.report), null, 2)}\n`);
    } catch (error) {
      entry.error = cleanText(error instanceof Error ? error.message : String(error), 500);
      const output = lang === "ko" ? `채점하지 못함: ${entry.error}` : `Not graded: ${entry.error}`;
      writeFileSync(join(outDir, entry.resultsFile), `${JSON.stringify({ score: 0, output, tests: [] }, null, 2)}\n`);
    }
    entries.push(entry);
    onStudent?.(entry);
  }
  const stems = (options.only && options.only.length > 0 ? EXERCISES.filter((e) => options.only!.includes(e.stem)) : EXERCISES).map((e) => e.stem);
  const maxScore = entries.find((e) => e.report)?.report?.maxScore ?? 0;
  const rows = [["student", "score", "max_score", ...stems, "limits_hit", "seconds", "results_file", "error"].join(",")];
  for (const e of entries) {
    const r = e.report;
    const per = stems.map((s) => r?.exercises.find((x) => x.stem === s)?.score ?? 0);
    rows.push([csvCell(e.student), r ? r.score : 0, r ? r.maxScore : maxScore, ...per, csvCell((r?.limits ?? []).join("; ")),
      r ? (Math.round(r.durationMs / 100) / 10) : 0, csvCell(e.resultsFile), csvCell(e.error ?? "")].join(","));
  }
  const files = {
    gradebook: join(outDir, "gradebook.csv"),
    histogram: join(outDir, "histogram.svg"),
    limits: join(outDir, "limits.txt"),
    results: resultsDir,
  };
  writeFileSync(files.gradebook, `${rows.join("\n")}\n`);
  const scores = entries.map((e) => e.report?.score ?? 0);
  const mean = scores.length ? roundScore(scores.reduce((a, b) => a + b, 0) / scores.length) : 0;
  const title = lang === "ko" ? `제출물 ${entries.length}개, 평균 ${mean}/${maxScore}` : `${entries.length} submissions, mean ${mean}/${maxScore}`;
  writeFileSync(files.histogram, histogramSvg(scores, maxScore, title, lang));
  const notGraded = (error: string) => (lang === "ko" ? `채점하지 못함 (${error})` : `not graded (${error})`);
  const limitLines = entries.filter((e) => e.error || (e.report?.limits.length ?? 0) > 0)
    .map((e) => `${e.student}: ${e.error ? notGraded(e.error) : e.report!.limits.map((l) => limitInLang(l, lang)).join("; ")}`);
  const none = lang === "ko" ? "한도에 걸린 제출물이 없습니다.\n" : "No submission hit a limit.\n";
  writeFileSync(files.limits, limitLines.length ? `${limitLines.join("\n")}\n` : none);
  return { entries, outDir, files, maxScore };
}
