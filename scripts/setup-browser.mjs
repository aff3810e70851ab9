// Test-only set-up step: headless Chromium for the browser tests (test/site.test.ts, test/jupyterlab.test.ts), and a
// Korean font so their screenshots show the study note's terms (the glossary) instead of empty boxes.
// Called by scripts/setup.mjs --test (that is, by `npm test` only: `npm start` and the CLIs never run it). Uses Debian's `chromium` and `fonts-nanum` packages; never downloads a browser
// build of its own (no `npx playwright install`). Installs them with apt-get when running as root; otherwise
// says how to.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Whether fontconfig knows a font with Hangul. No fontconfig at all (fc-list comes with the `fontconfig` package, which
 * chromium pulls in) means a fresh machine where chromium is about to be installed: count that as no Korean font, so
 * the same run installs fonts-nanum too (the site test checks every Korean page for tofu; apt-get skips a package that
 * is already there).
 */
export function hasKoreanFont(run = execFileSync) {
  try {
    return run("fc-list", [":lang=ko", "family"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
  } catch {
    return false;
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
    const what = wanted.includes("chromium") ? `Chromium (${CHROMIUM_PATH}) is missing; npm test's browser tests need it.` : "No Korean font: npm test's browser screenshots will show boxes for Korean text.";
    const hasApt = (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(`${dir}/apt-get`));
    const how = hasApt
      ? `Install with:\n  sudo apt-get update && sudo apt-get install -y ${wanted.join(" ")}`
      : `Install ${wanted.includes("chromium") ? `Chromium (at ${CHROMIUM_PATH})${wanted.length > 1 ? " and " : ""}` : ""}${wanted.includes("fonts-nanum") ? "a Korean font" : ""} with your system's package manager.`;
    console.warn(`[setup] ${what} ${how}`);
    return;
  }
  // Said even with --quiet: this is the one step that changes the system.
  console.log(`[setup] npm test only: installing the Debian package${wanted.length > 1 ? "s" : ""} ${wanted.join(" and ")} system-wide for the browser tests (apt-get update, apt-get install; npm start never does this)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const stdio = ["ignore", "inherit", "inherit"];
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio, env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...wanted], { stdio, env });
  } catch (e) {
    // Do not stop the whole set-up: the other tests can run; the site test fails and repeats this hint.
    console.warn(`[setup] installing ${wanted.join(" ")} failed (${e.message}). Install with:\n  apt-get update && apt-get install -y ${wanted.join(" ")}`);
    return;
  }
  if (wanted.includes("chromium") && !existsSync(CHROMIUM_PATH)) console.warn(`[setup] apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
  else console.log(`[setup] installed ${wanted.join(" and ")}`);
}
