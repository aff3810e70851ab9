/**
 * README.ko.md, the Korean README: linked from the top of README.md and linking back; the same two-command quick
 * start (`npm start`, `npm test`); the Korean edition's commands (`npm start -- --lang ko`, `npm run grade -- --lang
 * ko`); every relative link leads to a file of the repository, and every #anchor into README.md to one of its headings.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const en = readFileSync(join(root, "README.md"), "utf8");
const ko = readFileSync(join(root, "README.ko.md"), "utf8");

/** The commands of the first ```sh block after a heading. */
function quickStart(text: string, heading: string): string[] {
  const after = text.slice(text.indexOf(`\n## ${heading}\n`));
  const block = /```sh\n([\s\S]*?)```/.exec(after)?.[1] ?? "";
  return block.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
}

/** GitHub's heading ids of a Markdown file (lower case, punctuation dropped, spaces to hyphens). */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) ids.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "").replace(/\s/g, "-"));
  return ids;
}

describe("README.ko.md", () => {
  it("each README links to the other on its first line", () => {
    expect(en.split("\n")[0]).toBe("**English** · [한국어](README.ko.md)");
    expect(ko.split("\n")[0]).toBe("[English](README.md) · **한국어**");
  });

  it("has the same two-command quick start as README.md", () => {
    expect(quickStart(en, "Quick start")).toEqual(["npm start", "npm test"]);
    expect(quickStart(ko, "빠른 시작")).toEqual(["npm start", "npm test"]);
  });

  it("says how to open the Korean edition and grade in Korean, and is written in Korean", () => {
    expect(ko).toContain("npm start -- --lang ko");
    expect(ko).toContain("npm run grade -- --lang ko");
    expect(ko).toContain("exercises/ko/");
    const prose = ko.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
    const hangul = (prose.match(/[\uAC00-\uD7A3]/g) ?? []).length;
    const latin = (prose.match(/[A-Za-z]/g) ?? []).length;
    expect(hangul, "Hangul letters against Latin ones in the prose").toBeGreaterThan(latin);
  });

  it("every relative link leads to a file, and every anchor into README.md to a heading", () => {
    const ids = headingIds(en);
    const links = [...ko.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((h) => !/^[a-z]+:/i.test(h));
    expect(links.length).toBeGreaterThan(3);
    for (const href of links) {
      const [path, hash] = href.split("#") as [string, string | undefined];
      expect(existsSync(join(root, decodeURI(path))), `README.ko.md links to ${href}`).toBe(true);
      if (hash && path === "README.md") expect(ids.has(hash), `README.md has no heading #${hash}`).toBe(true);
    }
    expect(dirname(join(root, "README.ko.md"))).toBe(root.replace(/\/$/, ""));
  });
});
