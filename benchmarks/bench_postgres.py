"""SQLite beside PostgreSQL: the same headquarters' database on both backends, in the same run.

    python benchmarks/bench_postgres.py [N] [BUNDLE]    # default 1,000,000 records, a 100,000-record bundle

A headquarters of 12 posts over ten years (the demo's generator, ``demo.fill_bulk``) is built on
SQLite (a file in benchmarks/out/) and on PostgreSQL (a private cluster the benchmark starts,
commits waiting for the disk as SQLite's ``synchronous=full`` does). On each:

* **build**: writing the N records, their children and their search index;
* **stats**: ten years, all posts; and one year;
* **search**: "bien phong" (Vietnamese typed without accents), "边境" (a Chinese word), "d" (a
  one-letter prefix: the worst case), newest 50 first;
* **first page**: a list's first 50 letters, and its first 50 matching "bien phong";
* **year report**: the province's last full year as a bilingual PDF;
* **bundle import**: a post's BUNDLE records (signed, encrypted) imported at headquarters;
* **concurrency**: four analysts (four processes) running a year's stats again and again, idle
  and then while another bundle imports: their median query time both ways.

Prints a Markdown table: one row per measure, SQLite and PostgreSQL side by side.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, POSTS, TODAY, fmt_seconds, machine, timed  # noqa: E402

TITLE = "SQLite beside PostgreSQL (a headquarters)"
ORDER = 80
ARGS = [1000000, 100000]

YEAR = (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year - 1, 12, 31))
TEN = (dt.date(TODAY.year - 10, 1, 1), TODAY)


def _open(target) -> None:
    from borderdesk.app import open_database
    from borderdesk.services import session

    open_database(target)
    session.open_session("bench")


def _build(target, n: int) -> float:
    from borderdesk.services import demo, registry, site
    from borderdesk.store.connection import close_db
    from borderdesk.sync import keys

    t = time.perf_counter()
    _open(target)
    site.init_site("HQ", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai", "老街省边防部队指挥部", "headquarters", "Lào Cai")
    keys.ensure_site_keys()  # now, so that both backends can be given the same ones
    for code in POSTS:
        registry.create("post", {"code": code, "name_vi": f"Đồn Biên phòng {code}", "name_zh": f"{code}边防站",
                                 "province": "Lào Cai", "kind": "post"})
    demo.fill_bulk(n, years=10, sites=POSTS, today=TODAY)
    close_db()
    return time.perf_counter() - t


def _timed(fn) -> float:
    return timed(fn, repeat=3)


def _reads(target) -> dict[str, float]:
    from borderdesk.documents import report
    from borderdesk.services import records, stats
    from borderdesk.store import search_index
    from borderdesk.store.connection import close_db
    from borderdesk.store.models import DB

    _open(target)
    out = {
        "stats, ten years, all posts": _timed(lambda: stats.stats(*TEN)),
        "stats, one year": _timed(lambda: stats.stats(*YEAR)),
        "search \"bien phong\" (newest 50)": _timed(lambda: search_index.search(DB, "bien phong", 50)),
        "search \"边境\" (newest 50)": _timed(lambda: search_index.search(DB, "边境", 50)),
        "search \"d\" (a one-letter prefix)": _timed(lambda: search_index.search(DB, "d", 50)),
        "first page of letters (50)": _timed(lambda: records.list_records("letter", limit=50)),
        "first page of letters matching \"bien phong\"": _timed(
            lambda: records.list_records("letter", text="bien phong", limit=50)),
        "year report, all posts (PDF, vi and zh)": _timed(
            lambda: report.render_report(report.gather(*YEAR, posts=None), ("vi", "zh")), repeat=1),
    }
    close_db()
    return out


def _post_bundles(tmp: Path, hq_identity: Path, n: int) -> tuple[Path, Path, Path]:
    """Two posts' bundles for headquarters: PX with *n* records (timed), PY with n/5 (the concurrency run)."""
    from borderdesk.services import demo, site
    from borderdesk.store.connection import close_db
    from borderdesk.sync import exporter, sites

    made = []
    for code, count in (("PX", n), ("PY", max(n // 5, 1000))):
        path = tmp / f"{code}.sqlite"
        _open(path)
        site.init_site(code, f"Đồn {code}", "", "post", "Lào Cai")
        sites.write_identity(tmp / f"{code}.json")
        sites.enrol(sites.read_identity(hq_identity))
        demo.fill_bulk(count, years=1, sites=[code], today=TODAY, seed=11 if code == "PX" else 13)
        exporter.export_bundle("HQ", tmp / f"{code}.bdsync")
        close_db()
        made.append(tmp / f"{code}.bdsync")
    return made[0], made[1], tmp


def _share_identity(src, dst) -> None:
    from borderdesk.store.connection import close_db
    from borderdesk.store.models import DB

    _open(src)
    keys = DB.execute_sql("SELECT purpose, private_key, public_key, created_at FROM sync_key").fetchall()
    close_db()
    _open(dst)
    with DB.atomic():
        DB.execute_sql("DELETE FROM sync_key")
        DB.cursor().executemany("INSERT INTO sync_key (purpose, private_key, public_key, created_at) "
                                "VALUES (?, ?, ?, ?)", keys)
    close_db()


def _identity(target, out: Path) -> None:
    from borderdesk.store.connection import close_db
    from borderdesk.sync import sites

    _open(target)
    sites.write_identity(out)
    close_db()


def _import(target, bundle: Path, tmp: Path) -> float:
    from borderdesk.store.connection import close_db
    from borderdesk.sync import importer, sites

    _open(target)
    for code in ("PX", "PY"):
        if sites.get_peer(code) is None:
            sites.enrol(sites.read_identity(tmp / f"{code}.json"))
    t = time.perf_counter()
    importer.import_bundle(bundle)
    took = time.perf_counter() - t
    close_db()
    return took


def _analyst(target, stop, results) -> None:
    from borderdesk.services import stats

    _open(target)
    times = []
    while not stop.is_set():
        t = time.perf_counter()
        stats.stats(*YEAR)
        times.append(time.perf_counter() - t)
    results.put(times)


def _concurrency(target, bundle: Path, tmp: Path) -> tuple[float, float, float]:
    """Four analysts' median year-stats time idle, then during a bundle import; and the import's time."""
    ctx = mp.get_context("spawn")

    def run(seconds: float | None) -> tuple[list[float], float]:
        stop, results = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_analyst, args=(target, stop, results)) for _ in range(4)]
        for p in procs:
            p.start()
        time.sleep(6)  # they have opened the database and warmed up
        took = 0.0
        if seconds is None:
            took = _import(target, bundle, tmp)
        else:
            time.sleep(seconds)
        stop.set()
        times = [t for _ in procs for t in results.get()[2:]]
        for p in procs:
            p.join()
        return times, took

    idle, _ = run(4.0)
    busy, took = run(None)
    return statistics.median(idle), statistics.median(busy), took


def main(n: int = 1_000_000, bundle: int = 100_000) -> None:
    from tests.pg_cluster import Cluster

    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-pg-", dir=OUT))
    cluster = Cluster(parent="/tmp").start(durable=True)
    try:
        cluster.sql('CREATE DATABASE "hq"')
        backends = {"SQLite": tmp / "hq.sqlite", "PostgreSQL": cluster.url("hq")}
        rows: dict[str, dict[str, str]] = {}

        def put(what, name, value):
            rows.setdefault(what, {})[name] = value

        for name, target in backends.items():
            put(f"build: {n:,} records of 12 posts over ten years", name, fmt_seconds(_build(target, n)))
        for name, target in backends.items():
            for what, secs in _reads(target).items():
                put(what, name, fmt_seconds(secs))
        _share_identity(backends["SQLite"], backends["PostgreSQL"])  # one headquarters: the same keys on both
        _identity(backends["SQLite"], tmp / "hq.json")
        px, py, _ = _post_bundles(tmp, tmp / "hq.json", bundle)
        for name, target in backends.items():
            put(f"bundle import, {bundle:,} records of a post", name, fmt_seconds(_import(target, px, tmp)))
        for name, target in backends.items():
            idle, busy, took = _concurrency(target, py, tmp)
            other = f"{max(bundle // 5, 1000):,}-record bundle"
            put("4 analysts' year stats (4 processes), median, idle", name, fmt_seconds(idle))
            put(f"the same while a {other} imports", name, fmt_seconds(busy))
            put(f"that {other}'s import, the 4 analysts running", name, fmt_seconds(took))
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{machine()}, PostgreSQL {_pg_version()}; {n:,} records\n")
    print("| what | SQLite | PostgreSQL |\n|---|---:|---:|")
    for what, by in rows.items():
        print(f"| {what} | {by.get('SQLite', '—')} | {by.get('PostgreSQL', '—')} |")


def _pg_version() -> str:
    import subprocess

    from tests.pg_cluster import find_bin

    return subprocess.run([find_bin("postgres"), "--version"], capture_output=True, text=True).stdout.split()[2]


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
