import { symlinkSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { withLang } from "../../lib/src/kernel/locale.js";
import { bundleLearnerFile, evaluateLearnerBundle, forbiddenReason, LearnerModuleError, loadLearnerModule, loadStateTableModule } from "../../lib/src/scenario/learner.js";
import { ROOT, tempSubmission } from "../grader/helpers.js";

const SOLUTION = join(ROOT, "solutions", "sequence-validation.ts");

describe("bundleLearnerFile", () => {
  it("allows Node built-ins and relative files of the learner's own, type-only ones included", () => {
    const dir = tempSubmission({
      "main.ts": [
        'import { readFileSync } from "node:fs";',
        'import path from "path";',
        'import { double, type Shape } from "./lib/helpers.js";',
        'import type { Other } from "./types.js";',
        "export const f = (s: Shape, o: Other) => double(s.n + o.m) + path.sep.length + (readFileSync ? 0 : 1);",
      ].join("\n"),
      "lib/helpers.ts": "export interface Shape { n: number }\nexport const double = (n: number) => 2 * n;\n",
      "types.ts": "export interface Other { m: number }\n",
    });
    const b = bundleLearnerFile(join(dir, "main.ts"));
    expect(b.forbiddenImports).toEqual([]);
    expect(b.imports.map((i) => i.specifier).sort()).toEqual(["./lib/helpers.js", "./types.js", "node:fs", "path"]);
    expect(b.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["lib/helpers.ts", "main.ts"]);
    const mod = evaluateLearnerBundle(b.code, b.file) as { f: (s: { n: number }, o: { m: number }) => number };
    expect(mod.f({ n: 1 }, { m: 2 })).toBe(2 * (1 + 2) + sep.length);
  });

  it("reports the library, the solutions, other packages and files outside the folder, type-only imports too", () => {
    const dir = tempSubmission({
      "a.ts": [
        'import { ProducerStateManager } from "kafka-sim";',
        'import type { ValidationResult } from "kafka-sim";',
        `import * as ref from "${join(ROOT, "solutions", "sequence-validation.js").replace(/\\/g, "/")}";`,
        'import fc from "fast-check";',
        'import { x } from "../outside.js";',
        "export const all = [ProducerStateManager, ref, fc, x] as unknown as ValidationResult;",
      ].join("\n"),
    });
    const b = bundleLearnerFile(join(dir, "a.ts"));
    const reasons = Object.fromEntries(b.forbiddenImports.map((f) => [f.specifier, f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(["../outside.js", "fast-check", "kafka-sim", join(ROOT, "solutions", "sequence-validation.js").replace(/\\/g, "/")].sort());
    expect(b.forbiddenImports.filter((f) => f.specifier === "kafka-sim")).toHaveLength(2);
    expect(reasons["kafka-sim"]).toContain("the library kafka-sim, which contains the library's own producer-state implementation");
    expect(reasons["fast-check"]).toContain('the package "fast-check"');
    expect(reasons["../outside.js"]).toContain("outside your folder");
  });

  it("sees through a symbolic link that leads out of the folder", () => {
    const dir = tempSubmission({ "main.ts": 'export * from "./linked/sequence-validation.js";\n' });
    symlinkSync(join(ROOT, "solutions"), join(dir, "linked"), "dir");
    const b = bundleLearnerFile(join(dir, "main.ts"));
    expect(b.forbiddenImports.map((f) => f.reason).join("\n")).toContain("reference solutions");
  });

  it("classifies single specifiers", () => {
    const root = "/course/exercises";
    expect(forbiddenReason("node:crypto", `${root}/x.ts`, root)).toBeUndefined();
    expect(forbiddenReason("./y.js", `${root}/x.ts`, root)).toBeUndefined();
    expect(forbiddenReason("../solutions/x.js", `${root}/x.ts`, root)).toContain("reference solutions");
    expect(forbiddenReason("kafka-sim/dist/producer-state.js", `${root}/x.ts`, root)).toContain("the library kafka-sim");
  });

  it("throws LearnerModuleError naming the file and line for code that does not compile, and for a missing file", () => {
    const dir = tempSubmission({ "bad.ts": "export const a = 1;\nexport const b = ;\n" });
    expect(() => bundleLearnerFile(join(dir, "bad.ts"))).toThrow(LearnerModuleError);
    expect(() => bundleLearnerFile(join(dir, "bad.ts"))).toThrow(/bad\.ts:2:\d+: /);
    expect(() => bundleLearnerFile(join(dir, "nope.ts"))).toThrow(/no such file: .*nope\.ts/);
  });
});

describe("loadLearnerModule / loadStateTableModule", () => {
  it("loads the reference sequence-validation and gives a working state table", () => {
    const m = loadStateTableModule(SOLUTION);
    expect(m.forbiddenImports).toEqual([]);
    const t = m.createStateTable();
    expect(t.append({ producerId: 1, epoch: 0, firstSeq: 0, lastSeq: 4 }, 0)).toEqual({ kind: "append" });
    expect(t.append({ producerId: 1, epoch: 0, firstSeq: 0, lastSeq: 4 }, 5)).toEqual({ kind: "duplicate", firstOffset: 0, lastOffset: 4 });
    expect(m.validateBatch(undefined, { producerId: 1, epoch: 0, firstSeq: 7, lastSeq: 7 })).toEqual({ kind: "append" });
  });

  it("refuses a file with forbidden imports unless asked to load it anyway, and reports them either way", () => {
    const dir = tempSubmission({ "t.ts": 'import type { ProducerStateEntry } from "kafka-sim";\nexport const n: ProducerStateEntry | number = 1;\n' });
    expect(() => loadLearnerModule(join(dir, "t.ts"))).toThrow(/was not loaded:\nt\.ts imports "kafka-sim": it imports the library kafka-sim/);
    const loaded = loadLearnerModule(join(dir, "t.ts"), { allowForbidden: true });
    expect(loaded.exports.n).toBe(1);
    expect(loaded.forbiddenImports.map((f) => f.specifier)).toEqual(["kafka-sim"]);
  });

  it("gives learner code a require that serves Node built-ins only", () => {
    const dir = tempSubmission({ "r.ts": 'const name = ["kafka", "sim"].join("-");\nexport const load = () => require(name);\nexport const os = () => require("node:os").EOL;\n' });
    const m = loadLearnerModule(join(dir, "r.ts")).exports as { load: () => unknown; os: () => string };
    expect(m.os()).toBe("\n");
    expect(() => m.load()).toThrow(/require\("kafka-sim"\) is not allowed/);
  });

  it("names missing exports", () => {
    const dir = tempSubmission({ "sequence-validation.ts": "export function validateBatch() { return { kind: \"append\" }; }\n" });
    expect(() => loadStateTableModule(join(dir, "sequence-validation.ts"))).toThrow(/must export class ProducerStateTable/);
  });
});

describe("in the Korean edition", () => {
  it("the course's words are Korean; file names, import specifiers and the compiler's own messages stay as they are", () => {
    withLang("ko", () => {
      const dir = tempSubmission({
        "t.ts": 'import type { ProducerStateEntry } from "kafka-sim";\nexport const n: ProducerStateEntry | number = 1;\n',
        "bad.ts": "export const a = 1;\nexport const b = ;\n",
        "sequence-validation.ts": 'export function validateBatch() { return { kind: "append" }; }\n',
        "r.ts": 'const name = ["kafka", "sim"].join("-");\nexport const load = () => require(name);\n',
      });
      expect(() => loadLearnerModule(join(dir, "t.ts"))).toThrow(/t\.ts을\(를\) 불러오지 않았습니다:\nt\.ts "kafka-sim"을\(를\) import함: kafka-sim 라이브러리를 import합니다/);
      expect(() => loadLearnerModule(join(dir, "t.ts"))).toThrow(/Node 내장 모듈과 내 폴더의 상대 경로 파일만 import할 수 있습니다\.$/);
      expect(() => bundleLearnerFile(join(dir, "bad.ts"))).toThrow(/bad\.ts: 컴파일되지 않습니다:\n.*bad\.ts:2:\d+: /);
      expect(() => bundleLearnerFile(join(dir, "nope.ts"))).toThrow(/파일이 없습니다: .*nope\.ts/);
      expect(() => loadStateTableModule(join(dir, "sequence-validation.ts"))).toThrow(/class ProducerStateTable를 export해야 합니다/);
      const m = loadLearnerModule(join(dir, "r.ts")).exports as { load: () => unknown };
      expect(() => m.load()).toThrow(/require\("kafka-sim"\)는 쓸 수 없습니다/);
      expect(forbiddenReason("../solutions/x.js", `${dir}/x.ts`, dir)).toContain("참고 답안(solutions/)");
      expect(forbiddenReason("fast-check", `${dir}/x.ts`, dir)).toBe('패키지 "fast-check"를 import합니다. Node 내장 모듈과 내 폴더의 상대 경로 파일만 import할 수 있습니다');
    });
    // And back in English afterwards.
    expect(forbiddenReason("fast-check", "/x/x.ts", "/x")).toBe('it imports the package "fast-check"; only Node built-ins and relative files of your own are allowed');
  });
});
