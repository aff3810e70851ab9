// Test-only set-up: Debian's bubblewrap (bwrap), which the grader uses to give a submission no network, its own
// pid namespace and a file system holding only what it needs. Called by scripts/test.mjs (npm test), never by
// npm start: the grader works without it and says what is then not isolated; the grader's tests check each layer.
// Installs with apt-get when running as root; otherwise says how to.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

function has(cmd) {
  return (process.env.PATH ?? "/usr/bin:/bin").split(":").some((dir) => existsSync(`${dir}/${cmd}`));
}

export default function setupSandbox({ quiet = false } = {}) {
  if (has("bwrap")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.warn("[setup] bubblewrap (bwrap) is missing: the grader's network and file-system isolation tests will report it as not isolated. Install with:\n  sudo apt-get update && sudo apt-get install -y bubblewrap");
    return;
  }
  if (!quiet) console.log("[setup] installing bubblewrap for the grader's isolation (apt-get, test only)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const stdio = ["ignore", quiet ? "ignore" : "inherit", "inherit"];
  try {
    try {
      execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "bubblewrap"], { stdio, env });
    } catch {
      execFileSync("apt-get", ["update", "-qq"], { stdio, env });
      execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "bubblewrap"], { stdio, env });
    }
  } catch (e) {
    console.warn(`[setup] installing bubblewrap failed (${e.message}); the grader's tests run without it. Install with:\n  apt-get update && apt-get install -y bubblewrap`);
  }
}
