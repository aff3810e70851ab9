import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXERCISES } from "../../lib/src/grader/registry.js";
import { ROOT } from "./helpers.js";

describe("the exercise registry", () => {
  it("keeps the sandboxed child and bundler free of the library: they import only Node built-ins, ./codec.js and esbuild", () => {
    const importsOf = (file: string) => [...readFileSync(join(ROOT, "lib", "src", "grader", file), "utf8").matchAll(/^import[^"]*"([^"]+)"/gm)].map((m) => m[1]!);
    expect(importsOf("child.ts").filter((s) => !s.startsWith("node:"))).toEqual(["./codec.js"]);
    expect(importsOf("codec.ts")).toEqual([]);
    expect(importsOf("bundler.ts").filter((s) => !s.startsWith("node:") && !s.startsWith("esbuild"))).toEqual([]);
  });

  it("has a stub in exercises/ and a reference in solutions/ for every exercise, the stub stating the import rule", () => {
    for (const e of EXERCISES) {
      const stub = readFileSync(join(ROOT, "exercises", `${e.stem}.ts`), "utf8");
      expect(stub).toContain("only Node built-ins and relative files of your own");
      expect(stub).toContain("not implemented yet");
      expect(stub).not.toMatch(/^\s*import\s/m);
      expect(readFileSync(join(ROOT, "solutions", `${e.stem}.ts`), "utf8")).not.toMatch(/^\s*import\s/m);
    }
  });
});
