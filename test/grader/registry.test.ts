import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXERCISES } from "../../lib/src/grader/registry.js";
import { ROOT } from "./helpers.js";

describe("the exercise registry", () => {
  it("lists every exercise in the child's loaders too (a child loads only its own exercise)", () => {
    const child = readFileSync(join(ROOT, "lib", "src", "grader", "child.ts"), "utf8");
    for (const e of EXERCISES) expect(child).toContain(`"${e.stem}": async () => (await import("./exercises/${e.stem}.js"))`);
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
