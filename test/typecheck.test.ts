/** The whole project type-checks under strict TypeScript: the library, the exercise stubs, the solutions and the tests. */
import { expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test("tsc --noEmit reports no error for lib/, exercises/, solutions/ and test/", () => {
  // The project's own TypeScript, never node_modules/.bin/tsc (which may be tslab's bundled one).
  const r = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit", "--pretty", "false"], { cwd: root, encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 180_000);
