#!/usr/bin/env node
// The Korean edition's twins: notebooks/ko/NN-name.md beside every English notebooks/NN-name.md, with the SAME code
// cells (comments may be translated, nothing else may change), a 핵심 정리 box, and Korean `✓` claim lines in the
// executed notebooks/ko/NN-name.ipynb. test/notebooks-ko.test.ts checks these; translators run it on their lessons:
//
//   node scripts/ko-twins.mjs                          # every lesson (a missing twin is a problem)
//   node scripts/ko-twins.mjs notebooks/ko/03-*.md     # only these Korean lessons
//
// Code cells are compared token by token with the TypeScript scanner of the project's own `typescript` package,
// skipping trivia (whitespace, line breaks, comments): a changed string, number, identifier or operator differs;
// a translated `// comment` or `/* comment */` does not. Template literals and regular expressions are re-scanned
// the way the parser would, so `//` inside them is never mistaken for a comment.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { cellsFromMarkdown } from "./build-notebook.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const EN_DIR = join(root, "notebooks");
export const KO_DIR = join(root, "notebooks", "ko");
/** A lesson source: NN-name.md (the same pattern as build-notebook.mjs and the notebook test). */
export const LESSON_SOURCE = /^\d\d-.+\.md$/;
/** Besides the lessons, the Korean edition has these pages of its own. */
export const KO_EXTRAS = ["glossary.md", "errata.md", "용어.md"];
const HANGUL = /[\uAC00-\uD7A3]/;
export const KEY_POINTS = "> **핵심 정리**";

const K = ts.SyntaxKind;
/** After these tokens a `/` divides; after anything else it starts a regular expression. */
const ENDS_EXPRESSION = new Set([
  K.Identifier, K.PrivateIdentifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.NoSubstitutionTemplateLiteral,
  K.TemplateTail, K.RegularExpressionLiteral, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken,
  K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.PlusPlusToken, K.MinusMinusToken,
]);

/**
 * The tokens of a piece of TypeScript, without trivia: [{ kind, text, start, line }] (start: offset in `source`; line: 1-based).
 * Template literals are followed across `${ … }` (reScanTemplateToken) and regular expressions are re-scanned
 * (reScanSlashToken), as the parser does.
 */
export function codeTokens(source) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, source);
  const tokens = [];
  const templates = []; // the brace depth at which each open `${` started
  let depth = 0;
  let previous;
  for (;;) {
    let kind = scanner.scan();
    if (kind === K.EndOfFileToken) break;
    if (kind === K.OpenBraceToken) depth++;
    else if (kind === K.CloseBraceToken) {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        kind = scanner.reScanTemplateToken(false);
        if (kind === K.TemplateMiddle) templates.push(depth);
      } else depth--;
    } else if (kind === K.TemplateHead) templates.push(depth);
    else if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) kind = scanner.reScanSlashToken();
    const start = scanner.getTokenStart();
    tokens.push({ kind, text: scanner.getTokenText(), start, line: source.slice(0, start).split("\n").length });
    previous = kind;
  }
  return tokens;
}

/** The code cells of a lesson's Markdown (the cells build-notebook.mjs runs), as source strings. */
export function codeCells(markdown) {
  return cellsFromMarkdown(markdown).filter((c) => c.type === "code").map((c) => c.source);
}

/**
 * Compares the code cells of an English lesson and its Korean twin. Returns one sentence per difference
 * (empty: the same code, comments and layout aside).
 */
export function compareCodeCells(englishMarkdown, koreanMarkdown) {
  const en = codeCells(englishMarkdown);
  const ko = codeCells(koreanMarkdown);
  const problems = [];
  if (en.length !== ko.length) {
    problems.push(`${ko.length} code cells where the English lesson has ${en.length}: copy every \`\`\`ts block of the English lesson, in order (other fences, e.g. \`\`\`ts static, are not code cells)`);
  }
  for (let i = 0; i < Math.min(en.length, ko.length); i++) {
    const a = codeTokens(en[i]);
    const b = codeTokens(ko[i]);
    const at = a.findIndex((t, j) => b[j] === undefined || b[j].kind !== t.kind || b[j].text !== t.text);
    const first = at >= 0 ? at : a.length < b.length ? a.length : -1;
    if (first < 0) continue;
    const show = (tokens) => (tokens[first] ? `\`${tokens[first].text}\` (line ${tokens[first].line} of the cell)` : "the end of the cell");
    const context = a.slice(Math.max(0, first - 4), first).map((t) => t.text).join(" ");
    problems.push(`code cell ${i + 1}: the English has ${show(a)} where the Korean has ${show(b)}${context ? `, after \`${context}\`` : ""}. Only comments may differ.`);
  }
  return problems;
}

/** The stdout lines of a notebook that are claims (`✓ sentence` at the start of a line), cell by cell. */
export function claimLines(notebook) {
  const text = (v) => (Array.isArray(v) ? v.join("") : (v ?? ""));
  return notebook.cells.map((cell) =>
    (cell.outputs ?? [])
      .filter((o) => o.output_type === "stream" && o.name === "stdout")
      .flatMap((o) => text(o.text).split("\n"))
      .filter((line) => line.startsWith("✓ ")),
  );
}

/** Problems of a Korean lesson's 핵심 정리 box: present once, then 5–8 bullets (`> - …`), each with Hangul. */
export function keyPointsProblems(markdown) {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const at = lines.findIndex((l) => l.trim() === KEY_POINTS);
  if (at < 0) return [`no key-points box: end the lesson's teaching with a line \`${KEY_POINTS}\`, a line \`>\` and 5–8 bullets \`> - …\``];
  const box = [];
  for (let i = at + 1; i < lines.length && lines[i].startsWith(">"); i++) box.push(lines[i]);
  const bullets = box.filter((l) => /^>\s*[-*]\s+\S/.test(l));
  const problems = [];
  if (bullets.length < 5 || bullets.length > 8) problems.push(`the 핵심 정리 box has ${bullets.length} bullets (\`> - …\`); write 5–8`);
  for (const b of bullets) if (!HANGUL.test(b)) problems.push(`a 핵심 정리 bullet without Korean: ${b}`);
  return problems;
}

/** Problems of a Korean notebook's claim lines: each Korean, and as many per cell as in the English notebook. */
export function claimProblems(englishNotebook, koreanNotebook) {
  const en = claimLines(englishNotebook);
  const ko = claimLines(koreanNotebook);
  const problems = [];
  ko.flat().filter((l) => !HANGUL.test(l)).forEach((l) => problems.push(`a claim line with no Korean (add it to lib/src/course/claims-ko/, then npm run build and rebuild the notebook): ${l}`));
  const count = (cells) => cells.reduce((n, c) => n + c.length, 0);
  if (count(en) !== count(ko)) problems.push(`${count(ko)} claim lines (✓) where the English notebook has ${count(en)}`);
  return problems;
}

export const hasHangul = (s) => HANGUL.test(s);

/** The English lesson sources, NN-name.md. */
export function englishLessons(dir = EN_DIR) {
  return readdirSync(dir).filter((f) => LESSON_SOURCE.test(f)).sort();
}

/** Every problem of the Korean edition in `koDir` against the English one in `enDir` (all lessons, or `only`). */
export function checkTwins({ enDir = EN_DIR, koDir = KO_DIR, only } = {}) {
  const problems = [];
  const add = (file, list) => list.forEach((p) => problems.push(`${file}: ${p}`));
  const names = only ?? englishLessons(enDir);
  if (!only) {
    for (const extra of KO_EXTRAS) if (!existsSync(join(koDir, extra))) problems.push(`notebooks/ko/${extra} is missing`);
    const orphans = existsSync(koDir) ? readdirSync(koDir).filter((f) => LESSON_SOURCE.test(f) && !existsSync(join(enDir, f))) : [];
    for (const o of orphans) problems.push(`notebooks/ko/${o} has no English lesson of that name (the twins keep the English file names)`);
  }
  for (const name of names) {
    const ko = join(koDir, name);
    if (!existsSync(join(enDir, name))) {
      problems.push(`notebooks/ko/${name}: there is no English notebooks/${name}`);
      continue;
    }
    if (!existsSync(ko)) {
      problems.push(`notebooks/ko/${name} is missing (the Korean twin of notebooks/${name})`);
      continue;
    }
    const koText = readFileSync(ko, "utf8");
    add(`notebooks/ko/${name}`, compareCodeCells(readFileSync(join(enDir, name), "utf8"), koText));
    add(`notebooks/ko/${name}`, keyPointsProblems(koText));
    const koNb = ko.replace(/\.md$/, ".ipynb");
    const enNb = join(enDir, name.replace(/\.md$/, ".ipynb"));
    if (!existsSync(koNb)) problems.push(`notebooks/ko/${basename(koNb)} is missing: node scripts/build-notebook.mjs notebooks/ko/${name}`);
    else if (existsSync(enNb)) add(`notebooks/ko/${basename(koNb)}`, claimProblems(JSON.parse(readFileSync(enNb, "utf8")), JSON.parse(readFileSync(koNb, "utf8"))));
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const bad = args.find((a) => !a.endsWith(".md") || !LESSON_SOURCE.test(basename(a)));
  if (bad) {
    console.error(`ko-twins: ${bad} is not a lesson source; usage: node scripts/ko-twins.mjs [notebooks/ko/NN-name.md ...]`);
    process.exit(2);
  }
  const problems = checkTwins({ only: args.length ? args.map((a) => basename(a)) : undefined });
  for (const p of problems) console.log(p);
  console.log(problems.length ? `ko-twins: ${problems.length} problem(s)` : "ko-twins: ok");
  process.exit(problems.length ? 1 : 0);
}
