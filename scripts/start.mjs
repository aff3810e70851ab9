#!/usr/bin/env node
// `npm start [-- --lang en|ko] [-- jupyter lab options]`: JupyterLab from the project's .venv on notebooks/, bound to
// 127.0.0.1. `--lang ko` (or KAFKA_SIM_LANG=ko, or a ko_* system locale) opens the Korean edition, notebooks/ko/, with
// Korean kernels; scripts/start-options.mjs reads the command line. Every other option goes to `jupyter lab` as it
// is (e.g. `npm start -- --no-browser --port 9999`).
// Ctrl-C stops the server and its kernels (no "Shutdown this Jupyter server?" question) and exits cleanly.
// The server logs warnings and errors only (its [I …] lines are noise to a learner); `npm start -- --log-level=INFO`
// (or DEBUG, or `--debug`) brings them back. The course's server config (one entry per lesson in the file browser,
// TypeScript kernel only) is in scripts/jupyter/jupyter_server_config.json, installed into .venv by the set-up.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { jupyterCommand } from "./start-options.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const jupyter = join(root, ".venv/bin/jupyter");
if (!existsSync(jupyter)) {
  console.error("[start] .venv/bin/jupyter is missing: run `npm run setup` first (it creates .venv with JupyterLab and the tslab kernel).");
  process.exit(1);
}

let command;
try {
  command = jupyterCommand({ argv: process.argv.slice(2), env: process.env, root, isRoot: process.getuid?.() === 0 });
} catch (e) {
  console.error(`[start] ${e.message}`);
  process.exit(2);
}
const { args, env, quietLog } = command;
for (const note of command.notes) console.log(note);

// The server runs in its own process group: a terminal's Ctrl-C reaches only this script, which then
// stops the server with SIGTERM, the one signal on which it shuts its kernels down before exiting
// (on SIGINT it either asks to confirm or, without a terminal, exits leaving tslab kernels running).
const child = spawn(jupyter, args, { cwd: root, env, stdio: ["ignore", "inherit", "pipe"], detached: true });

let announced = false;
createInterface({ input: child.stderr }).on("line", (line) => {
  process.stderr.write(`${line}\n`);
  const url = /(https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|[\w.-]+):\d+\/lab\S*)/.exec(line)?.[1];
  if (url && !announced) {
    announced = true;
    const rule = `[start] ${"─".repeat(Math.min(72, Math.max(40, url.length + 30)))}`;
    const color = process.stdout.isTTY && !process.env.NO_COLOR;
    const bold = (t) => (color ? `\x1b[1m${t}\x1b[22m` : t);
    console.log(`\n${rule}\n${bold(`[start] JupyterLab is running: ${url}`)}\n[start] open that URL in a browser; Ctrl-C stops the server.\n${quietLog ? "[start] (the server logs warnings only: npm start -- --log-level=INFO shows everything)\n" : ""}${rule}\n`);
  }
});

// First Ctrl-C: clean stop (kernels shut down). A second one: stop now.
let stopping = false;
const stop = () => {
  if (stopping) {
    child.kill("SIGKILL");
    return;
  }
  stopping = true;
  console.log("\n[start] stopping JupyterLab and its kernels (Ctrl-C again to kill it at once)");
  child.kill("SIGTERM");
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
child.on("error", (e) => {
  console.error(`[start] could not run ${jupyter}: ${e.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (stopping) console.log("[start] JupyterLab stopped.");
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
