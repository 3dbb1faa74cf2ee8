"""The desk: cold start against a bare PySide6 window measured in the same run, on the demo database
and on the million, then the first page of a list and a search typed into it through the real Qt model.

Run: ``python benchmarks/bench_gui.py [--records N]``. Each start is a new process
(``gui_start.py``) with its own settings file, so the dashboard is the page shown first.
Two moments: the first paint of the window with its navigation, and the dashboard's
figures shown (read on a worker thread after the paint). When ``make build`` has made the
frozen desk (``dist/BorderDesk``), its starts are timed too, from inside
(``BORDERDESK_START_PROBE``: from the process's creation, the frozen app's unpacking included).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import OUT, fmt_seconds, million_db, result, timed

HERE = Path(__file__).resolve().parent
TITLE = "the desk: start and lists"
ORDER = 20


def demo_db() -> Path:
    """The demo's database (three years of one post), made once into benchmarks/out/."""
    path = OUT / "demo.sqlite"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        cli = [sys.executable, "-m", "borderdesk", "--db", str(path), "--lang", "en"]
        subprocess.run(cli + ["init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long",
                              "--no-encryption"], check=True,
                       capture_output=True, cwd=HERE.parent)
        subprocess.run(cli + ["demo"], check=True, capture_output=True, cwd=HERE.parent)
    return path


def start_env(tmp: str) -> dict[str, str]:
    """A start as an installed desk makes it: its own settings, and the modules' bytecode cached
    (pip and PyInstaller compile it; a shell with PYTHONDONTWRITEBYTECODE would compile every module
    at every start), kept in benchmarks/out/ rather than beside the sources."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORDERDESK_SETTINGS": str(Path(tmp) / "s.ini"),
           "PYTHONPATH": str(HERE.parent), "PYTHONPYCACHEPREFIX": str(OUT / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def one_start(*args: str) -> tuple[float, float, float]:
    """One start in a process of its own: the first paint, the figures shown (seconds from the
    process's start) and the peak resident MB."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, str(HERE / "gui_start.py"), *args], capture_output=True, text=True,
                             env=start_env(tmp), check=True, cwd=HERE.parent).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


#: the frozen desk ``make build`` makes (PyInstaller, one folder)
FROZEN = HERE.parent / "dist" / "BorderDesk" / "BorderDesk"


def one_frozen_start(db: str) -> tuple[float, float, float]:
    """One start of the frozen desk, timed from inside by ``BORDERDESK_START_PROBE`` (ui/start_probe.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = start_env(tmp)
        env["BORDERDESK_START_PROBE"] = probe = str(Path(tmp) / "probe.txt")
        subprocess.run([str(FROZEN), "--db", db], env=env, check=True, capture_output=True, timeout=180)
        out = Path(probe).read_text(encoding="ascii").split()
    return float(out[0]), float(out[1]), float(out[2])


def cold_starts(configs: dict[str, tuple[str, ...]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Medians of the first paint and of the figures, and the peak MB, of each start in *configs*.

    The starts take turns (bare, demo, million, bare, …) so that the load of a shared machine
    weighs on each alike; one round before the timed ones writes the bytecode cache.
    """
    seen: dict[str, list[tuple[float, float, float]]] = {k: [] for k in configs}
    for n in range(runs + 1):
        for key, args in configs.items():
            got = one_frozen_start(args[1]) if args[0] == "frozen" else one_start(*args)
            if n:
                seen[key].append(got)
    return {k: (statistics.median(v[0] for v in got), statistics.median(v[1] for v in got), max(v[2] for v in got))
            for k, got in seen.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path, _built = million_db(args.records)
    demo = demo_db()
    million = f"{args.records:,} records"
    configs = {"bare": ("bare",), "demo database": ("app", str(demo)), million: ("app", str(path))}
    if FROZEN.exists():  # made by `make build`: the same two starts of the frozen desk
        configs.update({"frozen app, demo database": ("frozen", str(demo)),
                        f"frozen app, {million}": ("frozen", str(path))})
    got = cold_starts(configs, args.runs)
    bare, _f, bare_mb = got.pop("bare")
    lines = [result("cold start: a bare PySide6 window painted (the floor, same run)", fmt_seconds(bare), "", None,
                    f"peak {bare_mb:.0f} MB")]
    for label, (paint, figures, mb) in got.items():
        lines.append(result(f"cold start, {label}: main window painted with its navigation",
                            f"{fmt_seconds(paint)} ({paint / bare:.2f}× bare)", "≤ 1.5× bare", paint <= 1.5 * bare))
        lines.append(result(f"cold start, {label}: dashboard figures shown", fmt_seconds(figures), "≤ 0.8 s",
                            figures <= 0.8, f"peak memory {mb:.0f} MB"))

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

    for what, fn in (("desk list model: first page of hotline calls shown", first_page),
                     ("desk list model: search typed “bien phong”", lambda: first_page(text="bien phong"))):
        t = timed(fn)
        lines.append(result(what, fmt_seconds(t), "≤ 100 ms", t <= 0.1))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
