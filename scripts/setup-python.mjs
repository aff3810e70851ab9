// Set-up step (called by scripts/setup.mjs): the project-local Python venv with JupyterLab and
// nbclient (requirements.txt), and the tslab kernel registered inside that venv only.
//   .venv/                                   created with python3 if missing
//   pip install -r requirements.txt          when requirements.txt or the venv changed (stamp)
//   .venv/share/jupyter/kernels/tslab/       kernel "tslab", rewritten when missing or different
//   .venv/etc/jupyter/jupyter_server_config.json
//                                            the course's server config (scripts/jupyter/jupyter_server_config.json):
//                                            the file browser hides the lessons' Markdown sources (NN-name.md: one
//                                            entry per lesson, its .ipynb), and only the TypeScript kernel is offered
//                                            (JupyterLab's own Python kernel would fail on every cell of a lesson)
//   .venv/share/jupyter/lab/settings/overrides.json   JupyterLab defaults (scripts/jupyter/overrides.json): no news pop-up
// Nothing is installed system-wide or per user. A failure prints what to do and does not stop the
// rest of the set-up: the notebook tests then fail with the same hint.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const KERNEL_NAME = "tslab";

/** The kernel spec: this Node runs the project's own tslab, so no PATH lookup can pick another. */
export function kernelSpec(root) {
  const tslab = realpathSync(join(root, "node_modules/tslab/bin/tslab"));
  return {
    argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
  };
}

function capture(cmd, args, cwd) {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

function tail(text, lines = 30) {
  return text.trim().split("\n").slice(-lines).join("\n");
}

function findPython(root) {
  for (const cmd of ["python3", "python"]) {
    const r = capture(cmd, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], root);
    if (r.status === 0) {
      const [major, minor] = r.stdout.trim().split(".").map(Number);
      if (major === 3 && minor >= 9) return cmd;
    }
  }
  return null;
}

export const SERVER_CONFIG_SOURCE = "scripts/jupyter/jupyter_server_config.json";
// A main config file of the venv (traitlets reads only the server-extension list from jupyter_server_config.d/).
export const SERVER_CONFIG_TARGET = ".venv/etc/jupyter/jupyter_server_config.json";

// JupyterLab's default settings for this venv: no "official Jupyter news?" pop-up, no update check (the course
// works offline; a learner's first screen shows the lessons, not a question).
export const LAB_OVERRIDES_SOURCE = "scripts/jupyter/overrides.json";
export const LAB_OVERRIDES_TARGET = ".venv/share/jupyter/lab/settings/overrides.json";

/** The course's Jupyter server config and JupyterLab defaults, as sys-prefix files of .venv (read by every server it runs). */
function installServerConfig(root, log) {
  let wrote = false;
  for (const [source, target] of [[SERVER_CONFIG_SOURCE, SERVER_CONFIG_TARGET], [LAB_OVERRIDES_SOURCE, LAB_OVERRIDES_TARGET]]) {
    const want = readFileSync(join(root, source), "utf8");
    const path = join(root, target);
    if (existsSync(path) && readFileSync(path, "utf8") === want) continue;
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, want);
    wrote = true;
  }
  if (wrote) log("writing the course's Jupyter config into .venv (one entry per lesson, TypeScript kernel only, no news pop-up)");
}

export default async function setupPython(ctx) {
  const { root, log } = ctx;
  const warn = (msg) => console.warn(`[setup] ${msg}`);
  const venv = join(root, ".venv");
  const python = join(venv, "bin/python");

  // 1. the venv
  if (!existsSync(python)) {
    const base = findPython(root);
    if (!base) {
      warn("Python 3.9+ with the venv module was not found; the notebooks need it. Install it (Debian: apt-get install python3 python3-venv) and run `npm run setup` again.");
      return;
    }
    log(`creating .venv (${base} -m venv)`);
    const r = capture(base, ["-m", "venv", venv], root);
    if (r.status !== 0) {
      warn(`\`${base} -m venv .venv\` failed (Debian needs python3-venv):\n${tail(r.stderr + r.stdout)}`);
      return;
    }
  }

  // .venv lies inside this "type": "module" package: without a package.json of its own, Node would
  // load the CommonJS scripts that Python packages ship (JupyterLab's yarn.js) as ES modules, and fail.
  const venvPackage = join(venv, "package.json");
  const venvPackageText = '{ "private": true, "type": "commonjs" }\n';
  if (!existsSync(venvPackage) || readFileSync(venvPackage, "utf8") !== venvPackageText) writeFileSync(venvPackage, venvPackageText);

  // 2. the packages, when requirements.txt or the venv itself (re-created: new pyvenv.cfg) changed
  const hash = `${ctx.hashOf("requirements.txt")}:${statSync(join(venv, "pyvenv.cfg")).mtimeMs}`;
  const installed = existsSync(join(venv, "bin/jupyter-lab")) && existsSync(join(venv, "bin/jupyter-execute"));
  if (!installed || !ctx.stamped("python", hash)) {
    log("installing JupyterLab and nbclient into .venv (pip install -r requirements.txt; about a minute)");
    const started = Date.now();
    // --retries 1: where only a local package mirror answers, pip would otherwise wait through five
    // retries of the unreachable default index for every package (minutes instead of seconds).
    const retries = process.env.PIP_RETRIES ? [] : ["--retries", "1"];
    const r = capture(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", ...retries, "-r", "requirements.txt"], root);
    if (r.status !== 0) {
      warn(`pip install -r requirements.txt failed:\n${tail(r.stderr + r.stdout)}\nFix the cause and run \`npm run setup\` again.`);
      return;
    }
    ctx.stamp("python", hash);
    log(`Python packages installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  // 3. the tslab kernel, inside the venv (jupyter looks in .venv/share/jupyter/kernels)
  const specDir = join(venv, "share/jupyter/kernels", KERNEL_NAME);
  const specFile = join(specDir, "kernel.json");
  if (!existsSync(join(root, "node_modules/tslab/bin/tslab"))) {
    warn("node_modules/tslab is missing (npm dependencies not installed?); the notebook kernel cannot be registered.");
    return;
  }
  installServerConfig(root, log);
  const want = JSON.stringify(kernelSpec(root), null, 1) + "\n";
  const have = existsSync(specFile) ? readFileSync(specFile, "utf8") : null;
  if (have !== want) {
    log(`registering the tslab kernel in .venv (${have === null ? "new" : "it pointed elsewhere"})`);
    mkdirSync(specDir, { recursive: true });
    writeFileSync(specFile, want);
  }
}
