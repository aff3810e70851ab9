// Set-up step: headless Chromium for the course site's browser test (test/site.test.ts).
// Called by scripts/setup.mjs. Uses Debian's `chromium` package; never downloads a browser build of its own
// (no `npx playwright install`). Installs it with apt-get when running as root; otherwise says how to.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

export const CHROMIUM_PATH = "/usr/bin/chromium";
export const INSTALL_HINT = "sudo apt-get update && sudo apt-get install -y chromium";

export default async function setupBrowser(ctx) {
  const { log } = ctx;
  if (existsSync(CHROMIUM_PATH)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.warn(`[setup] Chromium (${CHROMIUM_PATH}) is missing; the site's browser test needs it. Install it with:\n  ${INSTALL_HINT}`);
    return;
  }
  log("installing Chromium for the site's browser test (apt-get install chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const stdio = ["ignore", ctx.quiet ? "ignore" : "inherit", "inherit"];
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio, env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio, env });
  } catch (e) {
    // Do not stop the whole set-up: the other tests can run; the site test fails and repeats this hint.
    console.warn(`[setup] installing Chromium failed (${e.message}). Install it with:\n  apt-get update && apt-get install -y chromium`);
    return;
  }
  if (!existsSync(CHROMIUM_PATH)) console.warn(`[setup] apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
}
