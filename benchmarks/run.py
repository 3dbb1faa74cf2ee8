"""Every benchmark in one run, one table: ``make bench`` (or ``python benchmarks/run.py [NAME …]``).

Each ``benchmarks/bench_*.py`` is a module of its own, run in its own process, that
prints rows of the shared table (``common.result``: what, measured, goal, met or
missed), or a table of its own (its header line first, e.g. plain beside encrypted).
A new area adds its file beside the others and is picked up here: the
module's ``TITLE`` names its section, ``ORDER`` places it, ``ARGS`` are its command-line
arguments (read from the file without importing it). The million-record database is
built once into ``benchmarks/out/`` (about 5 minutes) and reused by every module.
The whole table, with the machine and the load it ran under, goes to
``benchmarks/out/results.md``; ``python benchmarks/run.py bench_import`` runs one module.
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import HEADER, OUT, machine  # noqa: E402


def modules() -> list[tuple[int, str, str, list[str]]]:
    """``(order, title, file name, args)`` of every ``bench_*.py``, in order."""
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        meta = {"TITLE": path.stem, "ORDER": 100, "ARGS": []}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id in meta:
                    meta[node.targets[0].id] = ast.literal_eval(node.value)
        found.append((meta["ORDER"], meta["TITLE"], path.name, [str(a) for a in meta["ARGS"]]))
    return sorted(found)


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = [m for m in modules() if not argv or Path(m[2]).stem in argv or m[2] in argv]
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    started = time.strftime("%Y-%m-%d %H:%M")
    parts, failed = [], []
    for _order, title, script, args in chosen:
        print(f"== {title} ({script})", flush=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(HERE.parent)})
        took = time.perf_counter() - t
        print(proc.stdout, flush=True)
        if proc.returncode:
            print(proc.stderr[-3000:], flush=True)
            failed.append(script)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("|")]
        own_header = len(lines) > 1 and lines[1].startswith("|--")
        parts += [f"### {title} ({took:.0f} s)", ""] + ([] if own_header else [HEADER]) + lines + [""]
    end_load = os.getloadavg() if hasattr(os, "getloadavg") else None
    loads = f"load average {load[0]:.1f} at the start, {end_load[0]:.1f} at the end" if load and end_load else ""
    text = "\n".join([f"Measured {started} on {machine()}; {loads}.", "", *parts])
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)
    print(f"results: {OUT / 'results.md'}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
