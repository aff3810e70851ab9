import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXERCISES } from "../../lib/src/grader/registry.js";
import { LANG_ENV, withLang } from "../../lib/src/kernel/locale.js";
import { EXERCISE_NAMES, exerciseFile, findCourseRoot } from "../../lib/src/scenario/learner.js";
import { ROOT } from "../grader/helpers.js";

const NOTEBOOKS = join(ROOT, "notebooks");
const NOTEBOOKS_KO = join(ROOT, "notebooks", "ko");

describe("exerciseFile", () => {
  const startDir = process.cwd();
  const startEnv = process.env[LANG_ENV];
  beforeEach(() => {
    delete process.env[LANG_ENV];
  });
  afterEach(() => {
    process.chdir(startDir);
    if (startEnv === undefined) delete process.env[LANG_ENV];
    else process.env[LANG_ENV] = startEnv;
  });

  it("knows exactly the six exercises of exercises/ and of the grader, in the grader's order", () => {
    const stubs = readdirSync(join(ROOT, "exercises")).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3));
    expect([...EXERCISE_NAMES].sort()).toEqual(stubs.sort());
    expect([...EXERCISE_NAMES]).toEqual(EXERCISES.map((e) => e.stem));
  });

  it("from notebooks/ (an English kernel) gives ../exercises/<name>.ts, a file that exists", () => {
    process.chdir(NOTEBOOKS);
    for (const name of EXERCISE_NAMES) {
      const path = exerciseFile(name);
      expect(path).toBe(`../exercises/${name}.ts`);
      expect(existsSync(resolve(NOTEBOOKS, path))).toBe(true);
    }
  });

  it("from notebooks/ko (a Korean kernel) gives the Korean stubs, ../../exercises/ko/<name>.ts, files that exist", () => {
    process.chdir(NOTEBOOKS_KO);
    expect(exerciseFile("sequence-validation")).toBe("../../exercises/ko/sequence-validation.ts");
    expect(resolve(NOTEBOOKS_KO, exerciseFile("in-sequence"))).toBe(join(ROOT, "exercises", "ko", "in-sequence.ts"));
    for (const name of EXERCISE_NAMES) expect(existsSync(resolve(NOTEBOOKS_KO, exerciseFile(name)))).toBe(true);
  });

  it("follows the language in effect: setLang wherever the kernel runs; the edition's folder before KAFKA_SIM_LANG", () => {
    process.chdir(NOTEBOOKS);
    expect(withLang("ko", () => exerciseFile("delivery-check"))).toBe("../exercises/ko/delivery-check.ts");
    // An English lesson stays English in a Korean session (its stored outputs name exercises/).
    process.env[LANG_ENV] = "ko";
    expect(exerciseFile("delivery-check")).toBe("../exercises/delivery-check.ts");
    process.chdir(NOTEBOOKS_KO);
    process.env[LANG_ENV] = "en";
    expect(exerciseFile("delivery-check")).toBe("../../exercises/ko/delivery-check.ts");
    expect(withLang("en", () => exerciseFile("delivery-check"))).toBe("../../exercises/delivery-check.ts");
    // Elsewhere (a learner's own notebook), KAFKA_SIM_LANG decides.
    process.chdir(ROOT);
    process.env[LANG_ENV] = "ko";
    expect(exerciseFile("delivery-check")).toBe(join("exercises", "ko", "delivery-check.ts"));
    process.env[LANG_ENV] = "en";
    expect(exerciseFile("delivery-check")).toBe(join("exercises", "delivery-check.ts"));
  });

  it("takes the folder and the language as options, from the root or deeper, past another package.json", () => {
    expect(exerciseFile("producer-config", { cwd: ROOT, lang: "en" })).toBe(join("exercises", "producer-config.ts"));
    expect(exerciseFile("producer-config", { cwd: ROOT, lang: "ko" })).toBe(join("exercises", "ko", "producer-config.ts"));
    // lib/ has its own package.json (kafka-sim): the walk goes on up to the course's.
    expect(existsSync(join(ROOT, "lib", "package.json"))).toBe(true);
    expect(exerciseFile("transactional-fencing", { cwd: join(ROOT, "lib", "src"), lang: "en" })).toBe("../../exercises/transactional-fencing.ts");
  });

  it("refuses an unknown exercise, naming it and listing the six", () => {
    expect(() => exerciseFile("sequence-validaton", { cwd: NOTEBOOKS })).toThrow(RangeError);
    expect(() => exerciseFile("sequence-validaton", { cwd: NOTEBOOKS })).toThrow(
      '"sequence-validaton" is not an exercise of this course; use one of in-sequence, delivery-check, producer-config, sequence-validation, producer-sequences, transactional-fencing',
    );
    expect(() => exerciseFile("exercises/in-sequence.ts", { cwd: NOTEBOOKS })).toThrow(/not an exercise/);
    expect(() => exerciseFile("in-sequence", { cwd: NOTEBOOKS, lang: "fr" as never })).toThrow(/"fr" is not a language/);
  });

  it("says so when the working folder is not inside the course", () => {
    const outside = mkdtempSync(join(tmpdir(), "exercise-file-"));
    writeFileSync(join(outside, "package.json"), JSON.stringify({ name: "something-else" }));
    mkdirSync(join(outside, "notebooks"));
    expect(findCourseRoot(join(outside, "notebooks"))).toBeUndefined();
    expect(() => exerciseFile("in-sequence", { cwd: join(outside, "notebooks") })).toThrow(/is not inside the course/);
    expect(findCourseRoot(NOTEBOOKS_KO)).toBe(ROOT);
  });
});
