#!/usr/bin/env node
// Runs the whole suite with vitest and ends with the plain line `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import setupSandbox from "./setup-sandbox.mjs";
import setupTestClients from "./setup-test-clients.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// A test-only system package (npm start never installs it): the grader's sandbox.
setupSandbox();
// Test-only system packages (librdkafka clients from Debian), never installed by `npm start`.
setupTestClients();
const resultsFile = join(root, ".vitest-results.json");
rmSync(resultsFile, { force: true });
const extra = process.argv.slice(2);
const r = spawnSync(process.execPath, [
  join(root, "node_modules/vitest/vitest.mjs"), "run",
  "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...extra,
], { cwd: root, stdio: "inherit" });

let passed = 0, failed = 0, skipped = 0;
if (existsSync(resultsFile)) {
  const res = JSON.parse(readFileSync(resultsFile, "utf8"));
  passed = res.numPassedTests ?? 0;
  // Failed tests, plus test files that failed before running any test (a syntax error, a failing import or hook).
  const brokenFiles = (res.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).every((a) => a.status !== "failed")).length;
  failed = (res.numFailedTests ?? 0) + brokenFiles;
  skipped = (res.numPendingTests ?? 0) + (res.numTodoTests ?? 0);
} else {
  failed = 1;
  console.error("vitest wrote no results: the run itself failed");
}
if (passed === 0 && failed === 0) failed = 1; // a run that tested nothing is a failure
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || r.status !== 0 ? 1 : 0);
