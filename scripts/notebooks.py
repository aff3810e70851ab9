#!/usr/bin/env python3
"""Executes the course notebooks with the tslab kernel of the project's .venv and checks them.

Usage (run with the venv's Python; `npm run setup` creates it):
  .venv/bin/python scripts/notebooks.py check [--report FILE] [--timeout S] [--jobs N] [NOTEBOOK ...]
  .venv/bin/python scripts/notebooks.py write [--timeout S] [--jobs N] [NOTEBOOK ...]

Default notebooks: the lessons of both editions, notebooks/NN-name.ipynb and notebooks/ko/NN-name.ipynb (scratch
notebooks such as Untitled.ipynb are left out). All of them run in this one process, up to --jobs kernels at once,
the two editions interleaved (a lesson and its Korean twin run side by side). Each kernel runs in its notebook's
folder: that folder chooses the edition (notebooks/ko → Korean output), so KAFKA_SIM_LANG is removed from the
kernels' environment.

check: runs each notebook on a fresh kernel and prints a JSON report (or writes it to --report):
  per notebook, the cells that failed (a thrown error is stderr output plus an "error" reply in tslab,
  not an error output), other stderr output, tslab's type-check diagnostics (stderr lines like
  "1:7 - Type 'string' is not assignable to type 'number'."), and whether the fresh outputs equal the
  committed ones (output types and content; execution counts and metadata ignored).
write: runs each notebook and stores the fresh outputs in it, as deterministic JSON (sorted keys,
  no timing metadata, cell ids and execution counts by position), so running it twice changes nothing.

Exit status: 0 when every notebook is clean (check: also unchanged), 1 otherwise, 2 on bad usage.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import glob
import json
import os
import re
import sys
import time

# Kernel specs of this venv (sys.prefix) win over any in the user's ~/.local/share/jupyter.
os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
# The edition comes from the notebook's folder (lib/src/kernel/locale.ts): a KAFKA_SIM_LANG set by the caller
# (e.g. a shell where `npm start -- --lang ko` was run) would turn the English lessons' outputs Korean.
os.environ.pop("KAFKA_SIM_LANG", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_NAME = "tslab"
# tslab prints type-check diagnostics to stderr as "LINE:COLUMN - message".
DIAGNOSTIC = re.compile(r"^\d+:\d+ - ")
# After a failed cell tslab aborts every request that arrives within 200 ms (tslab jupyter.js);
# waiting a little longer lets the following cells run, so one report shows every problem.
ABORT_WINDOW_S = 0.3


def lessons() -> list[str]:
    """The lesson notebooks of both editions, interleaved: notebooks/00-….ipynb, notebooks/ko/00-….ipynb, 01, …
    (any other notebook there is a learner's scratch work)."""
    english = sorted(glob.glob(os.path.join(ROOT, "notebooks", "[0-9][0-9]-*.ipynb")))
    korean = sorted(glob.glob(os.path.join(ROOT, "notebooks", "ko", "[0-9][0-9]-*.ipynb")))
    return sorted(english + korean, key=lambda p: (os.path.basename(p), p))


def cell_id(index: int) -> str:
    """Cell ids by position (nbformat 4.5 wants ids; random ones would change on every build)."""
    return f"cell-{index:03d}"


def text_of(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def normalize_outputs(outputs) -> list:
    """Outputs reduced to what a reader sees: consecutive streams merged, metadata and counts dropped."""
    result: list = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            name, text = out.get("name"), text_of(out.get("text"))
            if result and result[-1]["type"] == "stream" and result[-1]["name"] == name:
                result[-1]["text"] += text
            else:
                result.append({"type": "stream", "name": name, "text": text})
        elif kind in ("display_data", "execute_result"):
            data = {mime: text_of(v) if isinstance(v, (str, list)) else v for mime, v in out.get("data", {}).items()}
            result.append({"type": "display", "data": data})
        elif kind == "error":
            result.append({"type": "error", "ename": out.get("ename"), "evalue": out.get("evalue")})
        else:
            result.append({"type": kind})
    return result


def stored_outputs(outputs) -> list:
    """The normalized outputs written back as nbformat outputs (deterministic: no metadata, no transient)."""
    stored = []
    for out in normalize_outputs(outputs):
        if out["type"] == "stream":
            stored.append(nbformat.v4.new_output("stream", name=out["name"], text=out["text"]))
        elif out["type"] == "display":
            stored.append(nbformat.v4.new_output("display_data", data=out["data"], metadata={}))
        elif out["type"] == "error":
            stored.append(nbformat.v4.new_output("error", ename=out["ename"], evalue=out["evalue"], traceback=[]))
    return stored


def short(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"


async def run_notebook(path: str, timeout: int, mode: str) -> dict:
    rel = os.path.relpath(path, ROOT)
    report = {
        "path": rel,
        "seconds": 0.0,
        "ok": False,
        "failedCells": [],
        "stderr": [],
        "diagnostics": [],
        "outputsMatch": None,
        "differences": [],
    }
    started = time.monotonic()
    try:
        committed = nbformat.read(path, as_version=4)
    except Exception as e:  # unreadable JSON, wrong format
        report["failedCells"].append({"cell": None, "status": "unreadable", "text": f"{type(e).__name__}: {e}"})
        return report
    nb = copy.deepcopy(committed)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    replies: dict[int, str] = {}

    async def on_cell_executed(cell, cell_index, execute_reply):
        status = execute_reply.get("content", {}).get("status", "unknown")
        replies[cell_index] = status
        if status == "error":
            await asyncio.sleep(ABORT_WINDOW_S)

    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        startup_timeout=180,
        allow_errors=True,
        record_timing=False,
        on_cell_executed=on_cell_executed,
        resources={"metadata": {"path": os.path.dirname(path)}},
    )
    try:
        await client.async_execute()
    except CellTimeoutError as e:
        report["failedCells"].append({"cell": None, "status": "timeout", "text": short(str(e))})
    except DeadKernelError as e:
        report["failedCells"].append({"cell": None, "status": "dead-kernel", "text": short(str(e))})
    except Exception as e:  # kernel missing or failed to start, etc.
        report["failedCells"].append({"cell": None, "status": "exception", "text": short(f"{type(e).__name__}: {e}")})

    code_number = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        code_number += 1
        status = replies.get(index)
        stderr_text = "".join(
            text_of(o.get("text")) for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"
        )
        diagnostics = [line for line in stderr_text.splitlines() if DIAGNOSTIC.match(line)]
        other_stderr = "\n".join(line for line in stderr_text.splitlines() if not DIAGNOSTIC.match(line)).strip()
        error_outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if status != "ok" or error_outputs:
            text = other_stderr or "; ".join(f"{o.get('ename')}: {o.get('evalue')}" for o in error_outputs) or "\n".join(diagnostics)
            report["failedCells"].append({"cell": index, "status": status or "not run", "text": short(text)})
        if diagnostics:
            report["diagnostics"].append({"cell": index, "text": "\n".join(diagnostics)})
        if other_stderr:
            report["stderr"].append({"cell": index, "text": short(other_stderr)})
        cell.execution_count = code_number if status in ("ok", "error") else None
        cell.outputs = stored_outputs(cell.get("outputs", []))

    # Fresh outputs against the committed ones, cell by cell.
    if len(committed.cells) != len(nb.cells):
        report["differences"].append({"cell": None, "text": "cell count changed"})
    for index, (old, new) in enumerate(zip(committed.cells, nb.cells)):
        if old.cell_type != "code":
            continue
        before, after = normalize_outputs(old.get("outputs", [])), normalize_outputs(new.get("outputs", []))
        if before != after:
            report["differences"].append(
                {"cell": index, "committed": short(json.dumps(before)), "fresh": short(json.dumps(after))}
            )
    report["outputsMatch"] = not report["differences"]

    if mode == "write":
        # Keep the notebook's own metadata (from build-notebook.mjs), not what the kernel reported.
        nb.metadata = committed.metadata
        for index, cell in enumerate(nb.cells):
            cell.id = cell_id(index)
            cell.metadata = {k: v for k, v in cell.get("metadata", {}).items() if k != "execution"}
        nb.nbformat, nb.nbformat_minor = 4, 5
        # nbformat.write, as Jupyter's server saves a notebook (sorted keys, indent 1, a final newline): what
        # JupyterLab would write on save, so opening a lesson leaves it unmodified.
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            nbformat.write(nb, f)

    clean = not report["failedCells"] and not report["stderr"] and not report["diagnostics"]
    report["ok"] = clean and (mode == "write" or report["outputsMatch"])
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


async def run_all(paths: list[str], timeout: int, mode: str, jobs: int) -> list[dict]:
    gate = asyncio.Semaphore(jobs)

    async def one(path: str) -> dict:
        async with gate:
            return await run_notebook(path, timeout, mode)

    return list(await asyncio.gather(*(one(p) for p in paths)))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run the course notebooks with the tslab kernel.")
    parser.add_argument("mode", choices=["check", "write"])
    parser.add_argument("notebooks", nargs="*", help="default: the lessons, notebooks/NN-*.ipynb and notebooks/ko/NN-*.ipynb")
    parser.add_argument("--report", help="write the JSON report to this file instead of stdout")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="kernels at once (default 2)")
    args = parser.parse_intermixed_args(argv)
    if args.timeout <= 0 or args.jobs <= 0:
        parser.error("--timeout and --jobs must be positive")
    paths = [os.path.abspath(p) for p in args.notebooks] or lessons()
    for p in paths:
        if not p.endswith(".ipynb") or not os.path.isfile(p):
            parser.error(f"not a notebook file: {p} (expected an existing .ipynb)")

    started = time.monotonic()
    reports = asyncio.run(run_all(paths, args.timeout, args.mode, args.jobs))
    result = {
        "mode": args.mode,
        "ok": all(r["ok"] for r in reports),
        "seconds": round(time.monotonic() - started, 1),
        "notebooks": reports,
    }
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text)
    elif args.mode == "check":
        sys.stdout.write(text)
    for r in reports:
        problems = len(r["failedCells"]) + len(r["stderr"]) + len(r["diagnostics"])
        changed = "" if r["outputsMatch"] or args.mode == "write" else ", outputs changed"
        verdict = "ok" if r["ok"] else f"{problems} problem(s){changed}"
        print(f"[notebooks] {args.mode} {r['path']}: {verdict} ({r['seconds']} s)", file=sys.stderr)
        if args.mode == "write":
            for item in r["failedCells"] + r["stderr"] + r["diagnostics"]:
                print(f"  cell {item['cell']}: {item['text']}", file=sys.stderr)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
