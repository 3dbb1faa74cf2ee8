"""Shared by the benchmarks: the million-record database, timing, and the table rows they print."""
from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
POSTS = [f"P{i:02d}" for i in range(1, 13)]
#: a fixed "today" so that the database built once is reused and the figures compare across runs
TODAY = dt.date(2026, 11, 23)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import sqlite3

    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def timed(fn, repeat: int = 5, stat=statistics.median) -> float:
    """Seconds of *repeat* calls (after one warm-up call), summed up by *stat* (the median by default)."""
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return stat(runs)


def million_db(n: int = 1_000_000, rebuild: bool = False) -> tuple[Path, float | None]:
    """A headquarters database holding *n* records of 12 posts over ten years (built once, reused).

    Returns the path and the seconds the build took (None when reused).
    """
    from borderdesk.services import demo, registry, session, site
    from borderdesk.app import open_database
    from borderdesk.store.connection import close_db

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"hq-{n}.sqlite"
    if path.exists() and not rebuild:
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    open_database(path)
    session.open_session("bench")
    site.init_site("HQ", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai", "老街省边防部队指挥部", "headquarters", "Lào Cai")
    for code in POSTS:
        registry.create("post", {"code": code, "name_vi": f"Đồn Biên phòng {code}", "name_zh": f"{code}边防站",
                                 "province": "Lào Cai", "kind": "post"})
    demo.fill_bulk(n, years=10, sites=POSTS, today=TODAY)
    close_db()
    return path, time.perf_counter() - t


#: the one table every module prints rows of
HEADER = "| what | measured | goal | |\n|---|---:|---:|---|"


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def result(what: str, measured: str, goal: str = "", met: bool | None = None, note: str = "") -> str:
    """One row of the table: *met* None for a figure without a goal (a reference, a floor)."""
    verdict = "" if met is None else ("met" if met else "**missed**")
    if note:
        verdict = f"{verdict}; {note}" if verdict else note
    return f"| {what} | {measured} | {goal} | {verdict} |"


def row(name: str, seconds: float | None, goal: str = "", note: str = "", unit: str = "ms") -> str:
    if seconds is None:
        value = "—"
    elif unit == "ms":
        value = f"{seconds * 1000:.1f} ms"
    else:
        value = f"{seconds:.2f} {unit}"
    return f"| {name} | {value} | {goal} | {note} |"
