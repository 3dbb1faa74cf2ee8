"""The desk at a million records: cold start against a bare PySide6 window, peak memory,
the first page of a list and a search typed into it, through the real Qt model.

Run: ``python benchmarks/bench_gui.py [--records N]``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import million_db, row, timed

HERE = Path(__file__).resolve().parent


def cold_start(*args: str, runs: int = 5) -> tuple[float, float]:
    """Median wall seconds from launching the process to an idle window, and peak MB."""
    walls, peaks = [], []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, str(HERE / "gui_start.py"), *args], capture_output=True, text=True,
                             env=env, check=True).stdout.split()
        walls.append(time.perf_counter() - t)
        peaks.append(float(out[1]))
    return statistics.median(walls), max(peaks)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    args = ap.parse_args()
    path, _built = million_db(args.records)
    bare, bare_mb = cold_start("bare")
    app, app_mb = cold_start("app", str(path))
    lines = [
        row("cold start of a bare PySide6 window (baseline)", bare, "", f"peak {bare_mb:.0f} MB", unit="s"),
        row(f"cold start to an idle main window, {args.records:,} records", app, "≤ 1.5× bare",
            f"{app / bare:.2f}× bare", unit="s"),
        row("peak memory with the million open (main window)", None, "≤ 300 MB", f"{app_mb:.0f} MB"),
    ]

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from borderdesk.services import session
    from borderdesk.app import open_database
    from borderdesk.ui.records.model import PagedRecordModel

    QApplication.instance() or QApplication([])
    open_database(path)
    session.open_session("bench")

    def first_page(**filters):
        model = PagedRecordModel("hotline_call")
        if filters:
            model.set_filters(filters)
        model.rowCount()
        model.data(model.index(0, 0))
        return model

    lines.append(row("list model: first page of hotline calls shown", timed(first_page), "≤ 100 ms"))
    lines.append(row("list model: search typed “bien phong”", timed(lambda: first_page(text="bien phong")), "≤ 100 ms"))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
