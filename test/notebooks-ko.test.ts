/**
 * The Korean edition's twins (issue 18): every English lesson notebooks/NN-name.md has its Korean twin
 * notebooks/ko/NN-name.md (and the Korean edition has glossary.md, errata.md and the term table 용어.md); the twin's
 * code cells are the English ones token by token, comments aside (TypeScript's own scanner, trivia skipped), so both
 * editions show the same runs; every `✓` claim line of a Korean notebook is Korean, as many as in the English one;
 * every Korean lesson ends its teaching with a 핵심 정리 box. The checker itself (scripts/ko-twins.mjs, also a CLI for
 * translators) is shown to fail on fixtures built from a real English lesson: a changed string, number or
 * identifier, a dropped cell, a `//` inside a template literal; and to pass translated comments.
 * That the Korean notebooks run clean and are current is test/notebooks.test.ts's job (both editions).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a JavaScript module of the course's scripts, without type declarations
import * as twins from "../scripts/ko-twins.mjs";

interface Token { kind: number; text: string; start: number; line: number }
interface Notebook { cells: Array<{ cell_type: string; outputs?: Array<{ output_type: string; name?: string; text?: string | string[] }> }> }
const t = twins as {
  codeTokens(source: string): Token[];
  codeCells(markdown: string): string[];
  compareCodeCells(en: string, ko: string): string[];
  keyPointsProblems(markdown: string): string[];
  claimProblems(en: Notebook, ko: Notebook): string[];
  checkTwins(o?: { enDir?: string; koDir?: string; only?: string[] }): string[];
  englishLessons(dir?: string): string[];
  KO_EXTRAS: string[];
};

const root = fileURLToPath(new URL("..", import.meta.url));
const en = join(root, "notebooks");
const lessons = t.englishLessons();
const tmp = mkdtempSync(join(tmpdir(), "ko-twins-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the Korean edition has every lesson, with the English code cells", () => {
  it("there are English lessons to twin", () => {
    expect(lessons.length).toBeGreaterThanOrEqual(12);
  });

  it.each(t.KO_EXTRAS)("notebooks/ko/%s exists", (name) => {
    expect(t.checkTwins().filter((p) => p.startsWith(`notebooks/ko/${name} `))).toEqual([]);
  });

  it("notebooks/ko holds no lesson without an English original (the twins keep the English file names)", () => {
    expect(t.checkTwins().filter((p) => p.includes("has no English lesson of that name"))).toEqual([]);
  });

  // One test per lesson: the twin exists and is built, its code cells are the English ones, it has its 핵심 정리 box,
  // and its notebook's claim lines are Korean (as many as the English notebook's).
  it.each(lessons)("notebooks/ko/%s: the twin, its code cells, its 핵심 정리 box, its Korean claims", (name) => {
    expect(t.checkTwins({ only: [name] })).toEqual([]);
  });
});

// ---- the checker, on fixtures made from a real English lesson -------------------------------------------------------

/** An English lesson whose code cells have comments, strings and numbers (lesson 01 has all three). */
const FIXTURE_LESSON = "01-idempotence-and-delivery-semantics.md";
const english = readFileSync(join(en, FIXTURE_LESSON), "utf8");
const KEY_POINTS_BOX = ["> **핵심 정리**", ">", "> - 멱등성 프로듀서는 재전송된 배치를 다시 적재하지 않는다.", "> - 최대 한 번은 유실을 낳는다.", "> - 최소 한 번은 중복을 낳는다.",
  "> - 정확히 한 번 적재됨은 유실도 중복도 없다는 뜻이다.", "> - 같은 시드는 같은 이력을 낳는다.", ""].join("\n");

/** Replaces the `index`-th code cell of a lesson's Markdown by `edit(cell)`. */
function editCell(markdown: string, index: number, edit: (cell: string) => string): string {
  const cell = t.codeCells(markdown)[index]!;
  expect(markdown.split(cell)).toHaveLength(2); // the cell's text occurs once, so the replacement is the cell's
  return markdown.replace(cell, () => edit(cell));
}

/** Every code cell's comments translated (`// …` to the end of a line, and a block comment added), code untouched. */
function translateComments(markdown: string): string {
  let out = markdown;
  t.codeCells(markdown).forEach((_, i) => {
    out = editCell(out, i, (cell) => {
      const tokens = t.codeTokens(cell);
      // A comment is whatever lies between two tokens and starts with //: replace its text, keep the code.
      let result = "";
      let at = 0;
      for (const token of tokens) {
        const gap = cell.slice(at, token.start).replace(/\/\/[^\n]*/g, "// 한국어로 옮긴 주석: 재전송, 중복");
        result += gap + token.text;
        at = token.start + token.text.length;
      }
      result += cell.slice(at).replace(/\/\/[^\n]*/g, "// 끝 주석");
      return `/* 블록 주석: 이 셀은 영어판과 같습니다 */\n${result}`;
    });
  });
  return out;
}

/** The `n`-th token of a kind (in any code cell) changed by `change`. */
function changeToken(markdown: string, kind: number, change: (text: string) => string): { markdown: string; before: string; after: string } {
  const cells = t.codeCells(markdown);
  for (let i = 0; i < cells.length; i++) {
    const token = t.codeTokens(cells[i]!).find((x) => x.kind === kind);
    if (!token) continue;
    const after = change(token.text);
    return { markdown: editCell(markdown, i, (c) => c.slice(0, token.start) + after + c.slice(token.start + token.text.length)), before: token.text, after };
  }
  throw new Error(`no token of kind ${kind} in ${FIXTURE_LESSON}`);
}

const SK = { StringLiteral: 11, NumericLiteral: 9, Identifier: 80 } as const;

describe("the same-code-cells check (fixtures from a real lesson)", () => {
  it("uses the project's TypeScript scanner: these kinds are what the fixture edits", async () => {
    const ts = (await import("typescript")).default;
    expect([ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.Identifier]).toEqual([SK.StringLiteral, SK.NumericLiteral, SK.Identifier]);
  });

  it("the lesson itself, and the lesson with every comment translated into Korean, pass", () => {
    expect(t.compareCodeCells(english, english)).toEqual([]);
    const translated = translateComments(english);
    expect(translated).not.toBe(english);
    expect(translated).toContain("// 한국어로 옮긴 주석");
    expect(t.compareCodeCells(english, translated)).toEqual([]);
    // Prose and non-code fences are not compared: a Korean paragraph and a ```text block change nothing.
    expect(t.compareCodeCells(english, `${translated}\n\n한국어 문단입니다.\n\n\`\`\`text\n다른 코드\n\`\`\`\n`)).toEqual([]);
  });

  it("a changed string fails, naming the cell and both tokens", () => {
    const { markdown, before, after } = changeToken(translateComments(english), SK.StringLiteral, (s) => s.slice(0, -1) + " (번역)" + s.slice(-1));
    const problems = t.compareCodeCells(english, markdown);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^code cell \d+: the English has `.+` \(line \d+ of the cell\) where the Korean has `.+`/);
    expect(problems[0]).toContain(before);
    expect(problems[0]).toContain(after);
  });

  it("a changed number fails", () => {
    const { markdown } = changeToken(translateComments(english), SK.NumericLiteral, (n) => String(Number(n.replace(/_/g, "")) + 1));
    expect(t.compareCodeCells(english, markdown)).toHaveLength(1);
  });

  it("a renamed identifier fails", () => {
    const { markdown } = changeToken(english, SK.Identifier, (id) => `${id}2`);
    expect(t.compareCodeCells(english, markdown)).toHaveLength(1);
  });

  it("a dropped, an added or a commented-out cell fails", () => {
    const cells = t.codeCells(english);
    const dropped = english.replace("```ts\n" + cells[cells.length - 1] + "\n```", "");
    expect(t.compareCodeCells(english, dropped).join("\n")).toMatch(/code cells where the English lesson has/);
    const added = `${english}\n\`\`\`ts\nconsole.log(1);\n\`\`\`\n`;
    expect(t.compareCodeCells(english, added).join("\n")).toMatch(/code cells where the English lesson has/);
    const commented = editCell(english, 0, (c) => c.split("\n").map((l) => `// ${l}`).join("\n"));
    expect(t.compareCodeCells(english, commented)).toHaveLength(1);
  });

  it("`//` inside a template literal or a regular expression is code, not a comment", () => {
    const cell = (body: string) => `# x\n\n\`\`\`ts\n${body}\n\`\`\`\n`;
    const a = cell("const u = `${host} // ${port}: http://a`; // 주석\nconst r = /https?:\\/\\/a/g;");
    expect(t.compareCodeCells(a, cell("const u = `${host} // ${port}: http://a`; // comment\nconst r = /https?:\\/\\/a/g;"))).toEqual([]);
    expect(t.compareCodeCells(a, cell("const u = `${host} // ${port}: http://b`; // 주석\nconst r = /https?:\\/\\/a/g;"))).toHaveLength(1);
    expect(t.compareCodeCells(a, cell("const u = `${host} // ${port}: http://a`; // 주석\nconst r = /https?:\\/\\/b/g;"))).toHaveLength(1);
    // Braces inside the ${ … } of a template do not end it early.
    const b = cell("const s = `${f({ a: 1 })} // x`;");
    expect(t.compareCodeCells(b, cell("const s = `${f({ a: 1 })} // y`;"))).toHaveLength(1);
    // Division stays division: `a / b // c` has a comment after b.
    expect(t.compareCodeCells(cell("const q = a / b; // 몫"), cell("const q = a / b; // quotient"))).toEqual([]);
  });
});

describe("the 핵심 정리 box and the claim lines (fixtures)", () => {
  it("a box with 5–8 Korean bullets passes; none, too few, or English bullets fail", () => {
    expect(t.keyPointsProblems(`# 레슨\n\n본문.\n\n${KEY_POINTS_BOX}\n다음 레슨으로.\n`)).toEqual([]);
    expect(t.keyPointsProblems("# 레슨\n\n본문.\n")[0]).toMatch(/no key-points box/);
    expect(t.keyPointsProblems("> **핵심 정리**\n>\n> - 하나.\n> - 둘.\n")[0]).toMatch(/has 2 bullets/);
    expect(t.keyPointsProblems(KEY_POINTS_BOX.replace("최대 한 번은 유실을 낳는다.", "At most once loses records.")).join("\n")).toMatch(/without Korean/);
  });

  const stdout = (...lines: string[]) => ({ cell_type: "code", outputs: [{ output_type: "stream", name: "stdout", text: lines.map((l) => `${l}\n`) }] });
  const englishNb = { cells: [stdout("  ✓ delivered once, in order     7", "✓ Nothing is lost"), stdout("✓ 3 duplicates")] };

  it("Korean claim lines pass; an English one, or a missing one, fails", () => {
    expect(t.claimProblems(englishNb, { cells: [stdout("  ✓ 정확히 한 번 적재됨     7", "✓ 유실이 없습니다"), stdout("✓ 중복 3개")] })).toEqual([]);
    expect(t.claimProblems(englishNb, { cells: [stdout("✓ 유실이 없습니다"), stdout("✓ 3 duplicates")] }).join("\n")).toMatch(/claim line with no Korean.*✓ 3 duplicates/);
    expect(t.claimProblems(englishNb, { cells: [stdout("✓ 유실이 없습니다"), stdout()] }).join("\n")).toMatch(/1 claim lines \(✓\) where the English notebook has 2/);
  });
});

describe("the whole check on a scratch edition (a twin made here, never committed)", () => {
  it("a good twin passes; a missing twin, missing extras, an unbuilt notebook and an orphan are named", () => {
    const enDir = join(tmp, "en");
    const koDir = join(tmp, "en", "ko");
    mkdirSync(koDir, { recursive: true });
    for (const f of [FIXTURE_LESSON, FIXTURE_LESSON.replace(/\.md$/, ".ipynb"), "02-at-most-once.md"]) copyFileSync(join(en, f), join(enDir, f));
    writeFileSync(join(koDir, FIXTURE_LESSON), `${translateComments(english)}\n${KEY_POINTS_BOX}`);
    const missingNotebook = t.checkTwins({ enDir, koDir, only: [FIXTURE_LESSON] });
    expect(missingNotebook).toEqual([`notebooks/ko/${FIXTURE_LESSON.replace(/\.md$/, ".ipynb")} is missing: node scripts/build-notebook.mjs notebooks/ko/${FIXTURE_LESSON}`]);
    // The "executed" twin: the English notebook with its claim lines in Korean.
    const nb = readFileSync(join(en, FIXTURE_LESSON.replace(/\.md$/, ".ipynb")), "utf8").replace(/✓ [^"\\]+/g, "✓ 한국어 문장");
    writeFileSync(join(koDir, FIXTURE_LESSON.replace(/\.md$/, ".ipynb")), nb);
    expect(t.checkTwins({ enDir, koDir, only: [FIXTURE_LESSON] })).toEqual([]);
    writeFileSync(join(koDir, "99-orphan.md"), "# 고아\n");
    expect(t.checkTwins({ enDir, koDir }).sort()).toEqual([
      "notebooks/ko/02-at-most-once.md is missing (the Korean twin of notebooks/02-at-most-once.md)",
      "notebooks/ko/99-orphan.md has no English lesson of that name (the twins keep the English file names)",
      "notebooks/ko/errata.md is missing",
      "notebooks/ko/glossary.md is missing",
      "notebooks/ko/용어.md is missing",
    ]);
  });
});
