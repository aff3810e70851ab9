/**
 * The test-only browser set-up (scripts/setup-browser.mjs, run by `npm test` only): it installs a Korean font
 * (Debian's fonts-nanum) when fontconfig knows none, and also when there is no fontconfig yet (a fresh machine where
 * chromium, which brings fontconfig, is installed in the same run), so the site test's tofu check has a font to find.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a JavaScript module of the course's scripts, without type declarations
import { hasKoreanFont } from "../scripts/setup-browser.mjs";

const check = hasKoreanFont as (run: (cmd: string, args: string[]) => string) => boolean;

describe("the Korean font check of the browser set-up", () => {
  it("asks fontconfig for a font with Hangul (fc-list :lang=ko)", () => {
    const calls: string[][] = [];
    expect(check((cmd, args) => (calls.push([cmd, ...args]), "NanumGothic,나눔고딕\n"))).toBe(true);
    expect(calls).toEqual([["fc-list", ":lang=ko", "family"]]);
  });

  it("no Korean font, or no fontconfig at all, means: install one", () => {
    expect(check(() => "\n")).toBe(false);
    expect(check(() => {
      throw Object.assign(new Error("spawnSync fc-list ENOENT"), { code: "ENOENT" });
    })).toBe(false);
  });
});
