/**
 * Shared by the grader's tests. The grader's child processes run the built library (lib/dist), so a test that
 * grades anything first makes sure the build is not older than lib/src (a lock keeps parallel test files from
 * building at the same time).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "test", "grader", "fixtures");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Build lib/ when lib/dist/grader/child.js is missing or older than lib/src. */
export function ensureBuilt(): void {
  const child = join(ROOT, "lib", "dist", "grader", "child.js");
  const stale = () => !existsSync(child) || statSync(child).mtimeMs < newestMtime(join(ROOT, "lib", "src"));
  if (!stale()) return;
  const lock = join(ROOT, "lib", ".grader-test-build.lock");
  for (let i = 0; i < 600; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      sleep(100);
      if (!stale()) return;
    }
  }
  try {
    if (stale()) {
      try {
        execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "lib/tsconfig.json"], { cwd: ROOT, stdio: "pipe" });
      } catch {
        // tsc still emits when another module of the library has a type error; the grader's files are what we need.
      }
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh temporary folder holding the given files (name → contents). */
export function tempSubmission(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "grader-test-"));
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return dir;
}

/** Speed up time limits in tests of misbehaving code (the limits stay far above what correct code needs). */
export const FAST = { timeScale: 0.25 };
