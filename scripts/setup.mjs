#!/usr/bin/env node
// Idempotent set-up from a fresh clone: npm dependencies, the `kafka-sim` library build,
// the project-local Python venv with JupyterLab and the tslab kernel.
// Each step is skipped when its inputs have not changed since it last ran.
//
//   node scripts/setup.mjs              npm start, npm run setup: npm packages, lib build, .venv (all project-local)
//   node scripts/setup.mjs --node-only  the CLIs (grade, scenario, site, broker, demo): npm packages and lib build only
//   node scripts/setup.mjs --test       npm test: as above, plus the test-only system packages (Chromium and a
//                                       Korean font for the browser tests; apt-get as root, a hint otherwise)
// Only --test may touch the system; without it nothing outside the project is installed or mentioned.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const flags = process.argv.slice(2);
const known = new Set(["--quiet", "--test", "--node-only"]);
for (const f of flags) {
  if (!known.has(f)) {
    console.error(`[setup] unknown option ${f}; allowed: ${[...known].join(", ")}`);
    process.exit(2);
  }
}
const quiet = flags.includes("--quiet");
const forTest = flags.includes("--test");
const nodeOnly = flags.includes("--node-only");
const log = (msg) => { if (!quiet) console.log(`[setup] ${msg}`); };

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { cwd: root, stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", ...opts });
}
function hashOf(...files) {
  const h = createHash("sha256");
  for (const f of files) h.update(existsSync(join(root, f)) ? readFileSync(join(root, f)) : `missing:${f}`);
  return h.digest("hex");
}
function stamped(name, hash) {
  const p = join(root, `.setup-stamp-${name}`);
  return existsSync(p) && readFileSync(p, "utf8") === hash;
}
function stamp(name, hash) { writeFileSync(join(root, `.setup-stamp-${name}`), hash); }
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// 1. npm dependencies
// The lockfile alone decides what npm ci installs (editing a script line must not reinstall).
const lockHash = hashOf("package-lock.json");
if (!existsSync(join(root, "node_modules")) || !stamped("npm", lockHash)) {
  log("installing npm dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  stamp("npm", lockHash);
}

// 2. the library: compile lib/src to lib/dist with the project's own TypeScript
const distIndex = join(root, "lib/dist/index.js");
const srcNewest = Math.max(newestMtime(join(root, "lib/src")), statSync(join(root, "lib/tsconfig.json")).mtimeMs);
if (!existsSync(distIndex) || statSync(distIndex).mtimeMs < srcNewest) {
  log("building lib/ (kafka-sim)");
  run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "lib/tsconfig.json"]);
}

// 3. further steps live in their own modules: the Python venv and Jupyter kernel (not for the Node-only CLIs),
// and the test-only system packages (only for `npm test`)
const steps = [...(nodeOnly ? [] : ["setup-python.mjs"]), ...(forTest ? ["setup-browser.mjs"] : [])];
for (const step of steps) {
  const p = join(root, "scripts", step);
  if (existsSync(p)) {
    const mod = await import(p);
    await mod.default({ root, log, run, hashOf, stamped, stamp, quiet });
  }
}
log("ready");
