/**
 * `npm start` and the Korean edition, without a browser: how scripts/start-options.mjs reads `--lang`, the
 * environment and the system locale; what it passes to `jupyter lab` (never `--lang`) and to the kernels
 * (KAFKA_SIM_LANG); where JupyterLab opens; a bad value is an error before any server starts. And the server config
 * (scripts/jupyter/jupyter_server_config.json), loaded into jupyter_server's own contents manager from .venv: the
 * lesson sources NN-name.md are hidden in notebooks/ and in notebooks/ko/, the notebooks and other pages are listed.
 * (test/jupyterlab.test.ts runs the real server in Chromium.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a JavaScript module of the course's scripts, without type declarations
import * as startOptions from "../scripts/start-options.mjs";

type Env = Record<string, string | undefined>;
interface Command { lang: string; from: string; args: string[]; env: Env; opens?: string; notes: string[] }
const { chooseLang, jupyterCommand } = startOptions as {
  chooseLang(argv: string[], env: Env): { lang: string; from: string; rest: string[] };
  jupyterCommand(o: { argv: string[]; env: Env; root: string; isRoot?: boolean }): Command;
};

const root = fileURLToPath(new URL("..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "start-options-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A course checkout with (or without) a Korean edition. */
function course(name: string, korean: "welcome" | "folder" | "none"): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, "notebooks"), { recursive: true });
  writeFileSync(join(dir, "notebooks", "00-welcome.ipynb"), "{}");
  if (korean !== "none") mkdirSync(join(dir, "notebooks", "ko"));
  if (korean === "welcome") writeFileSync(join(dir, "notebooks", "ko", "00-welcome.ipynb"), "{}");
  return dir;
}

describe("choosing the edition", () => {
  it("--lang (both spellings, or a locale) wins over KAFKA_SIM_LANG, which wins over the system locale", () => {
    const env = { KAFKA_SIM_LANG: "en", LANG: "en_US.UTF-8" };
    expect(chooseLang(["--lang", "ko", "--no-browser"], env)).toEqual({ lang: "ko", from: "--lang", rest: ["--no-browser"] });
    expect(chooseLang(["--port", "9999", "--lang=ko"], env)).toEqual({ lang: "ko", from: "--lang", rest: ["--port", "9999"] });
    expect(chooseLang(["--lang", "ko_KR.UTF-8"], {}).lang).toBe("ko");
    expect(chooseLang(["--lang", "en"], { KAFKA_SIM_LANG: "ko" }).lang).toBe("en");
    expect(chooseLang([], { KAFKA_SIM_LANG: "ko", LANG: "en_US.UTF-8" })).toEqual({ lang: "ko", from: "KAFKA_SIM_LANG", rest: [] });
  });

  it("without either, the system locale decides: LC_ALL, then LC_MESSAGES, then LANG; ko_* is Korean, anything else English", () => {
    expect(chooseLang([], { LANG: "ko_KR.UTF-8" })).toEqual({ lang: "ko", from: "LANG", rest: [] });
    expect(chooseLang([], { LC_ALL: "en_US.UTF-8", LANG: "ko_KR.UTF-8" })).toEqual({ lang: "en", from: "LC_ALL", rest: [] });
    expect(chooseLang([], { LC_ALL: "", LC_MESSAGES: "ko_KR.eucKR", LANG: "en_US.UTF-8" })).toEqual({ lang: "ko", from: "LC_MESSAGES", rest: [] });
    expect(chooseLang([], { LANG: "fr_FR.UTF-8" }).lang).toBe("en");
    expect(chooseLang([], { LANG: "C.UTF-8" }).lang).toBe("en");
    expect(chooseLang([], { KAFKA_SIM_LANG: "", LANG: "ko_KR" }).lang).toBe("ko");
    expect(chooseLang([], {})).toEqual({ lang: "en", from: "default", rest: [] });
  });

  it("a bad --lang or KAFKA_SIM_LANG is an error naming the value and what is allowed", () => {
    expect(() => chooseLang(["--lang", "fr"], {})).toThrow('--lang: "fr" is not a language of this course; use one of en, ko');
    expect(() => chooseLang(["--lang=kr"], {})).toThrow('--lang: "kr" is not a language of this course');
    expect(() => chooseLang(["--lang"], {})).toThrow("--lang needs a language: --lang en or --lang ko");
    expect(() => chooseLang(["--lang", "--no-browser"], {})).toThrow("--lang needs a language");
    expect(() => chooseLang([], { KAFKA_SIM_LANG: "japanese" })).toThrow('KAFKA_SIM_LANG: "japanese" is not a language of this course');
  });
});

describe("the jupyter lab command", () => {
  it("Korean: opens notebooks/ko/00-welcome.ipynb, kernels get KAFKA_SIM_LANG=ko, --lang is not passed on", () => {
    const dir = course("ko-welcome", "welcome");
    const c = jupyterCommand({ argv: ["--lang", "ko", "--no-browser", "--port", "9999"], env: { PATH: "/usr/bin" }, root: dir });
    expect(c.lang).toBe("ko");
    expect(c.args).toEqual(["lab", `--ServerApp.root_dir=${join(dir, "notebooks")}`, "--ServerApp.ip=127.0.0.1", "--log-level=WARN", "--LabApp.log_level=WARN",
      "--LabApp.default_url=/lab/tree/ko/00-welcome.ipynb", "--no-browser", "--port", "9999"]);
    expect(c.args.join(" ")).not.toContain("lang ko");
    expect(c.env).toEqual({ PATH: "/usr/bin", JUPYTER_PREFER_ENV_PATH: "1", KAFKA_SIM_LANG: "ko" });
    expect(c.notes.join("\n")).toContain("한국어판");
  });

  it("the system locale alone opens the Korean edition too; a folder without 00-welcome opens the folder", () => {
    const dir = course("ko-folder", "folder");
    const c = jupyterCommand({ argv: [], env: { LANG: "ko_KR.UTF-8" }, root: dir, isRoot: true });
    expect(c.opens).toBe("ko");
    expect(c.args).toContain("--LabApp.default_url=/lab/tree/ko");
    expect(c.args).toContain("--allow-root");
    expect(c.env.KAFKA_SIM_LANG).toBe("ko");
  });

  it("Korean without a Korean edition: says so and opens notebooks/", () => {
    const dir = course("no-ko", "none");
    const c = jupyterCommand({ argv: ["--lang=ko"], env: {}, root: dir });
    expect(c.opens).toBeUndefined();
    expect(c.args.some((a) => a.includes("default_url"))).toBe(false);
    expect(c.notes.join("\n")).toMatch(/there is no Korean edition in .*no-ko\/notebooks\/ko yet/);
  });

  it("English: no default_url, and no KAFKA_SIM_LANG for the kernels (each notebook's folder decides)", () => {
    const dir = course("en", "welcome");
    const c = jupyterCommand({ argv: ["--lang", "en"], env: { KAFKA_SIM_LANG: "ko", LANG: "ko_KR.UTF-8" }, root: dir });
    expect(c.lang).toBe("en");
    expect(c.args.some((a) => a.includes("default_url"))).toBe(false);
    expect(c.env.KAFKA_SIM_LANG).toBeUndefined();
  });

  it("the learner's own root folder and default URL are kept", () => {
    const dir = course("own-root", "none");
    const other = course("other-root", "welcome");
    const c = jupyterCommand({ argv: ["--lang", "ko", `--ServerApp.root_dir=${join(other, "notebooks")}`], env: {}, root: dir });
    expect(c.args.filter((a) => a.includes("root_dir"))).toEqual([`--ServerApp.root_dir=${join(other, "notebooks")}`]);
    expect(c.opens).toBe("ko/00-welcome.ipynb");
    const d = jupyterCommand({ argv: ["--lang", "ko", "--LabApp.default_url=/lab/tree/mine.ipynb"], env: {}, root: other });
    expect(d.args.filter((a) => a.includes("default_url"))).toEqual(["--LabApp.default_url=/lab/tree/mine.ipynb"]);
  });

  it("npm start with a bad --lang stops with the reason and exit status 2, before any server starts", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts/start.mjs"), "--lang", "fr", "--no-browser"], { encoding: "utf8", timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[start] --lang: "fr" is not a language of this course; use one of en, ko');
    expect(r.stdout).not.toContain("JupyterLab is running");
  });
});

describe("the server config hides the lesson sources in both editions", () => {
  it("jupyter_server's contents manager, with scripts/jupyter/jupyter_server_config.json, lists notebooks but not NN-name.md", () => {
    const dir = join(tmp, "contents");
    for (const sub of ["", "ko"]) {
      mkdirSync(join(dir, sub), { recursive: true });
      for (const f of ["00-welcome.md", "00-welcome.ipynb", "11-in-production.md", "11-in-production.ipynb", "glossary.md", "errata.md", "Untitled.ipynb"]) writeFileSync(join(dir, sub, f), f.endsWith(".ipynb") ? '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}' : "# x\n");
    }
    writeFileSync(join(dir, "ko", "용어.md"), "# 용어표\n");
    const script = `
import asyncio, json, sys
from traitlets.config import Config
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
config = Config(json.load(open(sys.argv[1])))
cm = AsyncLargeFileManager(config=config, root_dir=sys.argv[2])
async def names(path):
    model = await cm.get(path, content=True)
    return sorted(item["name"] for item in model["content"])
print(json.dumps({"root": asyncio.run(names("")), "ko": asyncio.run(names("ko"))}))
`;
    const out = execFileSync(join(root, ".venv/bin/python"), ["-c", script, join(root, "scripts/jupyter/jupyter_server_config.json"), dir], { encoding: "utf8" });
    const listed = JSON.parse(out) as { root: string[]; ko: string[] };
    expect(listed.root).toEqual(["00-welcome.ipynb", "11-in-production.ipynb", "Untitled.ipynb", "errata.md", "glossary.md", "ko"]);
    expect(listed.ko).toEqual(["00-welcome.ipynb", "11-in-production.ipynb", "Untitled.ipynb", "errata.md", "glossary.md", "용어.md"]);
  });
});
