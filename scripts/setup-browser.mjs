// Set-up step: headless Chromium for the course site's browser test (test/site.test.ts), and a Korean font
// so its screenshots show the study note's terms (the glossary) instead of empty boxes.
// Called by scripts/setup.mjs. Uses Debian's `chromium` and `fonts-nanum` packages; never downloads a browser
// build of its own (no `npx playwright install`). Installs them with apt-get when running as root; otherwise
// says how to.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

export const CHROMIUM_PATH = "/usr/bin/chromium";

function hasKoreanFont() {
  try {
    return execFileSync("fc-list", [":lang=ko", "family"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
  } catch {
    return true; // no fontconfig to ask: do not guess
  }
}

export default async function setupBrowser(ctx) {
  const { log } = ctx;
  const wanted = [];
  if (!existsSync(CHROMIUM_PATH)) wanted.push("chromium");
  if (!hasKoreanFont()) wanted.push("fonts-nanum");
  if (wanted.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    const what = wanted.includes("chromium") ? `Chromium (${CHROMIUM_PATH}) is missing; the site's browser test needs it.` : "No Korean font: the site's screenshots will show boxes for Korean text.";
    console.warn(`[setup] ${what} Install with:\n  sudo apt-get update && sudo apt-get install -y ${wanted.join(" ")}`);
    return;
  }
  log(`installing ${wanted.join(" and ")} for the site's browser test (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const stdio = ["ignore", ctx.quiet ? "ignore" : "inherit", "inherit"];
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio, env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...wanted], { stdio, env });
  } catch (e) {
    // Do not stop the whole set-up: the other tests can run; the site test fails and repeats this hint.
    console.warn(`[setup] installing ${wanted.join(" ")} failed (${e.message}). Install with:\n  apt-get update && apt-get install -y ${wanted.join(" ")}`);
    return;
  }
  if (wanted.includes("chromium") && !existsSync(CHROMIUM_PATH)) console.warn(`[setup] apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
}
