// Instructions per scenario of the sweep, counted by valgrind: a measure that shared, noisy machines do not
// disturb (wall times here swing by 30% or more from one minute to the next; these counts repeat within about 1%).
//
//   node scripts/bench/instructions.mjs [--seeds N] [DIR …]      (DIR: built libraries, default lib/dist)
//
// For each DIR: V8 runs single-threaded (no helper threads, so the garbage collector and the compiler are counted
// and their timing does not vary), the sweep is warmed up (400 seeds), then N more seeds (default 1000) are run; the
// same warm-up alone is counted too and subtracted. Compare two builds: build the old commit into another folder
// (`node node_modules/typescript/bin/tsc -p lib/tsconfig.json --outDir lib/.old` on a checkout of it) and pass both.
// Needs valgrind (apt-get install valgrind); a development tool, not part of `npm run bench`. About 30 s per DIR.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
let seeds = 1000;
const dirs = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--seeds") {
    seeds = Number(argv[++i]);
    if (!Number.isInteger(seeds) || seeds < 1) fail(`--seeds needs a whole number >= 1, got ${JSON.stringify(argv[i])}`);
  } else if (argv[i].startsWith("--")) fail(`unknown argument ${JSON.stringify(argv[i])}`);
  else dirs.push(resolve(argv[i]));
}
if (dirs.length === 0) dirs.push(resolve("lib/dist"));
for (const d of dirs) if (!existsSync(join(d, "index.js"))) fail(`no built library at ${d} (no index.js there)`);
if (spawnSync("valgrind", ["--version"]).error) fail("valgrind is not installed (apt-get install valgrind)");

function fail(message) {
  console.error(`instructions: ${message}`);
  console.error("usage: node scripts/bench/instructions.mjs [--seeds N] [DIR …]");
  process.exit(2);
}

const script = join(mkdtempSync(join(tmpdir(), "kafka-sim-instr-")), "sweep.mjs");
writeFileSync(
  script,
  `const lib = await import(process.argv[2]);
const spec = { cluster: { replicationFactor: 3 }, producer: { acks: "all", "enable.idempotence": true }, faults: { dropResponseRate: 0.1 }, workload: { records: 100 } };
lib.sweep(spec, { seeds: 400 });
const n = Number(process.argv[3]);
if (n > 0) lib.sweep(spec, { seeds: n });
`,
);

/** Instructions executed by the whole process (valgrind's callgrind, "I refs"). */
function count(dir, n) {
  const r = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", "--smc-check=all-non-file", process.execPath, "--single-threaded", script, pathToFileURL(join(dir, "index.js")).href, String(n)],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) fail(`valgrind run failed for ${dir}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return Number(m[1].replaceAll(",", ""));
}

for (const dir of dirs) {
  const base = count(dir, 0);
  const total = count(dir, seeds);
  const perScenario = (total - base) / seeds;
  console.log(`${dir}: ${Math.round(perScenario).toLocaleString("en-US")} instructions per scenario (${seeds} seeds after a 400-seed warm-up)`);
}
