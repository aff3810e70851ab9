// How `npm start` reads its command line (scripts/start.mjs runs it; test/start-options.test.ts tests it without a
// browser): the course's own `--lang en|ko` option, taken out before the rest goes to `jupyter lab` unchanged.
//
// The edition, first match wins:
//   1. `--lang ko` / `--lang=ko` (also a locale: `--lang ko_KR.UTF-8`);
//   2. the environment variable KAFKA_SIM_LANG;
//   3. the system locale: the first set of LC_ALL, LC_MESSAGES, LANG (`ko_KR.UTF-8` → Korean; any other → English);
//   4. English.
// A bad --lang or KAFKA_SIM_LANG is an error naming the value and what is allowed (lib/src/kernel/locale.ts's
// parseLang); a system locale the course has no edition for (fr_FR, C.UTF-8) just means English.
//
// Korean: JupyterLab opens notebooks/ko/00-welcome.ipynb (or the notebooks/ko folder), and the kernels get
// KAFKA_SIM_LANG=ko, so a learner's own notebook elsewhere writes Korean; the lessons follow their folder first
// (notebooks/ko/ Korean, notebooks/ English: lib/src/kernel/locale.ts). English: the kernels get no KAFKA_SIM_LANG.
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { LANG_ENV, envLang, parseLang } from "../lib/dist/kernel/locale.js";

/** The first lesson of the Korean edition, relative to notebooks/. */
export const KO_WELCOME = "ko/00-welcome.ipynb";

/** A `--name=value` or `--name value` option of `args`: its value, or undefined. */
function optionValue(args, names) {
  for (let i = args.length - 1; i >= 0; i--) {
    for (const name of names) {
      if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
      if (args[i] === `--${name}` && i + 1 < args.length && !args[i + 1].startsWith("--")) return args[i + 1];
    }
  }
  return undefined;
}

/**
 * Takes `--lang` out of the command line and chooses the edition.
 * Returns { lang, from, rest } (`from`: "--lang", "KAFKA_SIM_LANG", "LC_ALL", "LC_MESSAGES", "LANG" or "default").
 * Throws a RangeError (a sentence for the learner) on a bad value or a `--lang` without one.
 */
export function chooseLang(argv, env = process.env) {
  const rest = [];
  let given;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--lang") {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("-")) throw new RangeError("--lang needs a language: --lang en or --lang ko");
      given = v;
      i++;
    } else if (a.startsWith("--lang=")) given = a.slice("--lang=".length);
    else rest.push(a);
  }
  if (given !== undefined) return { lang: parseLang(given, "--lang"), from: "--lang", rest };
  return { ...envLang(env), rest };
}

/**
 * The `jupyter lab` arguments and environment for `npm start [-- options]`.
 * Returns { lang, from, args, env, opens, notes } (`opens`: the path JupyterLab shows first, relative to its root;
 * `notes`: lines to print). Throws as chooseLang does.
 */
export function jupyterCommand({ argv, env = process.env, root, isRoot = false }) {
  const { lang, from, rest: extra } = chooseLang(argv, env);
  const given = (name) => extra.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const args = ["lab"];
  const notesDir = join(root, "notebooks");
  const rootGiven = optionValue(extra, ["ServerApp.root_dir", "notebook-dir", "ServerApp.notebook_dir"]);
  const labRoot = rootGiven === undefined ? notesDir : isAbsolute(rootGiven) ? rootGiven : resolve(root, rootGiven);
  if (rootGiven === undefined) args.push(`--ServerApp.root_dir=${notesDir}`);
  if (!given("ip") && !given("ServerApp.ip")) args.push("--ServerApp.ip=127.0.0.1");
  // Jupyter refuses to run as root (containers, CI machines) unless told it may.
  if (isRoot && !given("allow-root") && !given("ServerApp.allow_root")) args.push("--allow-root");
  // Quiet by default: warnings and errors only. The JupyterLab extension has a log level of its own.
  const quietLog = !given("log-level") && !given("debug") && !extra.some((a) => /^--\w+\.log_level(=|$)/.test(a));
  if (quietLog) args.push("--log-level=WARN", "--LabApp.log_level=WARN");
  const notes = [];
  let opens;
  if (lang === "ko") {
    opens = existsSync(join(labRoot, KO_WELCOME)) ? KO_WELCOME : existsSync(join(labRoot, "ko")) ? "ko" : undefined;
    if (opens === undefined) notes.push(`[start] --lang ko: there is no Korean edition in ${join(labRoot, "ko")} yet; JupyterLab opens on ${labRoot}.`);
    else notes.push(`[start] 한국어판 (the Korean edition): JupyterLab opens on notebooks/${opens}; every kernel writes Korean (${LANG_ENV}=ko). English: npm start -- --lang en`);
    if (opens !== undefined && !given("LabApp.default_url") && !given("ServerApp.default_url")) args.push(`--LabApp.default_url=/lab/tree/${opens}`);
  }
  args.push(...extra);
  // Kernel specs of .venv win over any the user installed in ~/.local/share/jupyter.
  const childEnv = { ...env, JUPYTER_PREFER_ENV_PATH: "1" };
  if (lang === "ko") childEnv[LANG_ENV] = "ko";
  else delete childEnv[LANG_ENV]; // each notebook's folder decides: notebooks/ko/*.ipynb stay Korean
  return { lang, from, args, env: childEnv, opens, notes, quietLog };
}
