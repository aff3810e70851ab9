/**
 * The first hour of a learner, without a browser (test/jupyterlab.test.ts drives JupyterLab itself):
 *  - set-up: `npm start`, `npm run grade` and the other CLIs install no system package and say nothing about
 *    browsers; only `npm test` does (and says so). apt-get, sudo and fc-list are replaced by recording shims.
 *  - npm: every dependency with an install script has an explicit allowScripts decision (npm 11 warns otherwise).
 *  - committed lessons are what JupyterLab writes on save: the installed tslab kernel's language_info, and bytes
 *    equal to a save through the installed jupyter_server's FileContentsManager (nbformat.write).
 *  - scratch notebooks (Untitled.ipynb from the Launcher) are ignored by git, the site, the notebook runner.
 *  - the server config: one file-browser entry per lesson, the TypeScript kernel only.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const python = join(root, ".venv/bin/python");
const work = mkdtempSync(join(tmpdir(), "first-hour-"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; allowScripts?: Record<string, boolean> };
const lessons = readdirSync(join(root, "notebooks")).filter((f) => /^\d\d-.+\.ipynb$/.test(f)).sort();

afterAll(() => rmSync(work, { recursive: true, force: true }));

function py(script: string, args: string[] = []): string {
  if (!existsSync(python)) throw new Error(".venv/bin/python is missing: run `npm run setup`");
  const r = spawnSync(python, ["-c", script, ...args], { cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, JUPYTER_PREFER_ENV_PATH: "1" } });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

describe("set-up does only what the command is for", () => {
  // Shims that record their calls: a machine with no Korean font (fc-list prints nothing), where apt-get and sudo
  // would install whatever is asked.
  const bin = join(work, "bin");
  const calls = join(work, "calls.log");
  mkdirSync(bin, { recursive: true });
  for (const name of ["apt-get", "apt", "sudo", "dpkg"]) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${calls}"\nexit 0\n`);
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(bin, "fc-list"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(bin, "fc-list"), 0o755);

  /** The set-up part of an npm script (what runs before `&&`), run with the shims first on PATH. */
  function runSetupOf(script: string) {
    const command = pkg.scripts[script]!.split("&&")[0]!.trim();
    expect(command).toMatch(/^node scripts\/setup\.mjs\b/);
    rmSync(calls, { force: true });
    const r = spawnSync("sh", ["-c", command], { cwd: root, encoding: "utf8", timeout: 300_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    return { status: r.status, output: `${r.stdout}${r.stderr}`, calls: existsSync(calls) ? readFileSync(calls, "utf8") : "" };
  }

  const isRoot = process.getuid?.() === 0;
  test.each(["start", "setup", "grade", "scenario", "site", "broker", "demo", "bench"])("npm run %s installs no system package and says nothing about browsers", (script) => {
    const r = runSetupOf(script);
    expect(r.status, r.output).toBe(0);
    expect(r.calls, "system package commands run by the set-up").toBe("");
    expect(r.output).not.toMatch(/chromium|browser|font|apt-get|sudo/i);
  }, 300_000);

  test("the CLIs' set-up is Node-only and quiet: no Python venv step, no output at all", () => {
    for (const script of ["grade", "scenario", "site", "broker", "demo"]) expect(pkg.scripts[script]).toMatch(/^node scripts\/setup\.mjs --quiet --node-only && /);
    expect(runSetupOf("grade").output).toBe("");
  }, 300_000);

  test("npm test installs the test-only packages (as root) or says how (otherwise), and says it is for the tests", () => {
    const r = runSetupOf("test");
    expect(r.status, r.output).toBe(0);
    if (isRoot) {
      expect(r.calls).toMatch(/^apt-get update/m);
      expect(r.calls).toMatch(/^apt-get install .*fonts-nanum/m);
      expect(r.output).toMatch(/\[setup\] npm test only: installing the Debian package fonts-nanum system-wide for the browser tests/);
    } else {
      expect(r.calls).toBe("");
      expect(r.output).toMatch(/sudo apt-get install -y fonts-nanum/);
    }
  }, 300_000);

  test("an unknown set-up option is refused with the allowed ones", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts/setup.mjs"), "--tests"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option --tests; allowed: --quiet, --test, --node-only");
  });
});

describe("npm install scripts", () => {
  test("every dependency with an install script has an explicit allowScripts decision", () => {
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.split("node_modules/").pop()!).sort();
    expect(withScripts.length).toBeGreaterThan(0);
    const decided = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(?<=.)@[^@]*$/, ""));
    expect(withScripts.filter((name) => !decided.includes(name)), "install scripts with no allowScripts entry").toEqual([]);
    // zeromq (tslab's kernel transport) must work without its install script: it ships a prebuilt addon.
    const r = spawnSync(process.execPath, ["-e", 'require("zeromq"); console.log("ok")'], { cwd: join(root, "node_modules/tslab"), encoding: "utf8" });
    expect(r.stdout.trim(), r.stderr).toBe("ok");
  });
});

describe("committed lessons are what JupyterLab writes", () => {
  test("their language_info is exactly what the installed tslab kernel reports", async () => {
    const reported = JSON.parse(py(`
import json
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=120)
try:
    print(json.dumps(kc.kernel_info(reply=True, timeout=60)["content"]["language_info"]))
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
`)) as unknown;
    const build = (await import(pathToFileURL(join(root, "scripts/build-notebook.mjs")).href)) as { LANGUAGE_INFO: unknown };
    expect(build.LANGUAGE_INFO).toEqual(reported);
    for (const f of lessons) {
      const nb = JSON.parse(readFileSync(join(root, "notebooks", f), "utf8")) as { metadata: { language_info: unknown } };
      expect(nb.metadata.language_info, f).toEqual(reported);
    }
  }, 150_000);

  test("saving each lesson through the installed jupyter_server gives its committed bytes", () => {
    const copy = join(work, "saved");
    mkdirSync(copy, { recursive: true });
    for (const f of lessons) copyFileSync(join(root, "notebooks", f), join(copy, f));
    // As JupyterLab saves: GET the model, PUT it back (the server validates and writes it with nbformat).
    py(`
import sys
from jupyter_server.services.contents.filemanager import FileContentsManager
cm = FileContentsManager(root_dir=sys.argv[1])
for name in sys.argv[2:]:
    model = cm.get(name, content=True)
    cm.save({"type": "notebook", "format": "json", "content": model["content"]}, name)
`, [copy, ...lessons]);
    for (const f of lessons) expect(readFileSync(join(copy, f), "utf8"), `${f} changes when saved`).toBe(readFileSync(join(root, "notebooks", f), "utf8"));
  }, 120_000);

  test("the check can fail: an old lesson (no final newline, short language_info) is rewritten by a save", () => {
    const copy = join(work, "old");
    mkdirSync(copy, { recursive: true });
    const nb = JSON.parse(readFileSync(join(root, "notebooks", lessons[0]!), "utf8")) as { metadata: { language_info: Record<string, unknown> } };
    const text = JSON.stringify(nb, null, 1);
    writeFileSync(join(copy, "00-old.ipynb"), text);
    py(`
import sys
from jupyter_server.services.contents.filemanager import FileContentsManager
cm = FileContentsManager(root_dir=sys.argv[1])
m = cm.get("00-old.ipynb", content=True)
cm.save({"type": "notebook", "format": "json", "content": m["content"]}, "00-old.ipynb")
`, [copy]);
    expect(readFileSync(join(copy, "00-old.ipynb"), "utf8")).not.toBe(text);
  }, 120_000);
});

describe("scratch notebooks", () => {
  const scratch = { cells: [{ cell_type: "code", execution_count: null, id: "x", metadata: {}, outputs: [], source: "print('hi')" }], metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } }, nbformat: 4, nbformat_minor: 5 };

  test("git ignores Untitled.ipynb and any non-lesson notebook in notebooks/, never a lesson", () => {
    const r = spawnSync("git", ["check-ignore", "--no-index", "-v", "notebooks/Untitled.ipynb", "notebooks/Untitled1.ipynb", "notebooks/my-try.ipynb", "notebooks/untitled.md"], { cwd: root, encoding: "utf8" });
    expect(r.stdout.trim().split("\n")).toHaveLength(4);
    for (const f of lessons) {
      const l = spawnSync("git", ["check-ignore", "--no-index", `notebooks/${f}`], { cwd: root, encoding: "utf8" });
      expect(l.status, `${f} is ignored by git`).toBe(1);
    }
  });

  test("the site leaves scratch notebooks out (a Python one, an empty one, a broken one)", () => {
    const dir = join(work, "site-notebooks");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, "notebooks", lessons[0]!), join(dir, lessons[0]!));
    writeFileSync(join(dir, "Untitled.ipynb"), JSON.stringify(scratch));
    writeFileSync(join(dir, "Untitled1.ipynb"), "");
    writeFileSync(join(dir, "scratch.ipynb"), '{"cells": [');
    const out = join(work, "site");
    const r = spawnSync(process.execPath, [join(root, "scripts/build-site.mjs"), "--notebooks", dir, "--out", out, "--quiet"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const pages = readdirSync(out).filter((f) => f.endsWith(".html")).sort();
    // The lesson and the index, and no page for a scratch notebook (pages that are not lessons, such as the
    // playground, come from the site build itself).
    expect(pages).toEqual(expect.arrayContaining([lessons[0]!.replace(".ipynb", ".html"), "index.html"]));
    expect(pages.filter((p) => /untitled|scratch/i.test(p))).toEqual([]);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toMatch(/Untitled|scratch|being written/);
  });

  test("the notebook runner and the notebook tests run the lessons only", () => {
    const listed = JSON.parse(py(`
import json, os, sys
sys.path.insert(0, "scripts")
import notebooks
print(json.dumps([os.path.relpath(p, "notebooks") for p in notebooks.lessons()]))
`)) as string[];
    // Both editions, each lesson beside its Korean twin (notebooks/ko/NN-name.ipynb), and nothing else.
    const korean = readdirSync(join(root, "notebooks", "ko")).filter((f) => /^\d\d-.+\.ipynb$/.test(f)).sort();
    expect(listed).toEqual(lessons.flatMap((l) => (korean.includes(l) ? [l, `ko/${l}`] : [l])).concat(korean.filter((k) => !lessons.includes(k)).map((k) => `ko/${k}`)));
    expect(readFileSync(join(root, "test/notebooks.test.ts"), "utf8")).toContain("filter((f) => /^\\d\\d-/.test(f) && f.endsWith(ext))");
  });
});

describe("the course's Jupyter server config", () => {
  test("the server .venv runs hides the lessons' Markdown sources and offers only the tslab kernel", () => {
    const shown = JSON.parse(py(`
import json, sys, tempfile, os
from jupyter_server.serverapp import ServerApp
app = ServerApp()
app.load_config_file()
from jupyter_server.services.contents.filemanager import FileContentsManager
from jupyter_client.kernelspec import KernelSpecManager
cm = FileContentsManager(parent=app, root_dir=os.path.join(os.getcwd(), "notebooks"))
ksm = KernelSpecManager(parent=app)
listing = sorted(n for n in os.listdir(cm.root_dir) if cm.should_list(n))  # the filter the file browser's listing uses
print(json.dumps({"listing": listing, "kernels": sorted(ksm.get_all_specs())}))
`)) as { listing: string[]; kernels: string[] };
    expect(shown.kernels).toEqual(["tslab"]);
    expect(shown.listing.filter((f) => /^\d\d-.+\.md$/.test(f)), "lesson sources shown in the file browser").toEqual([]);
    expect(shown.listing.filter((f) => /^\d\d-.+\.ipynb$/.test(f))).toEqual(lessons);
    expect(shown.listing).toEqual(expect.arrayContaining(["glossary.md", "errata.md"]));
  });
});
