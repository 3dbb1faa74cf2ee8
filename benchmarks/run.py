"""Every benchmark in one run, one table: ``make bench`` (or ``python benchmarks/run.py``).

The million-record database is built once into ``benchmarks/out/`` (about 6 minutes)
and reused. Each script prints Markdown rows; this collects them with the machine's
description into ``benchmarks/out/results.md``.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import OUT, machine  # noqa: E402

SCRIPTS = [
    ("records database", "bench_core.py", []),
    ("desk", "bench_gui.py", []),
    ("spreadsheet import", "bench_import.py", ["100000"]),
    ("sync bundles", "bench_sync.py", ["100000"]),
    ("documents", "bench_documents.py", []),
    ("encryption at rest", "bench_encryption.py", ["1000000", "100000"]),
    ("translation memory", "bench_translation.py", []),
    ("attachments", "bench_attachments.py", []),
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    parts = [f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.", ""]
    for title, script, args in SCRIPTS:
        print(f"== {title} ({script})", flush=True)
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(HERE / script), *args], cwd=HERE, capture_output=True, text=True)
        print(proc.stdout, proc.stderr[-2000:] if proc.returncode else "", flush=True)
        parts += [f"### {title} ({time.perf_counter() - t:.0f} s)", "", proc.stdout.strip(), ""]
    (OUT / "results.md").write_text("\n".join(parts), encoding="utf-8")
    print(f"results: {OUT / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
