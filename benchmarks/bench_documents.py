"""Time the periodic report: a post's year, a province's year (12 posts), ten years over a million records.

Run: ``python benchmarks/bench_documents.py [--records 1000000] [--out DIR]``. Each figure is the
time from the database to the finished PDF (gather + render, both languages), best of 3.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from borderdesk.documents import report  # noqa: E402
from borderdesk.services import demo, registry, session, site  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.connection import close_db  # noqa: E402

POSTS = [f"P{i:02d}" for i in range(1, 13)]


def _timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _report(start, end, posts, langs=("vi", "zh")) -> int:
    return len(report.render_report(report.gather(start, end, posts=posts), langs))


def _headquarters(path: Path, per_year: int, years: int, today: dt.date) -> int:
    open_database(path)
    session.open_session("bench")
    site.init_site("HQ", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lào Cai", "老街省边防部队指挥部", "headquarters", "Lào Cai")
    for code in POSTS:
        registry.create("post", {"code": code, "name_vi": f"Đồn Biên phòng {code}", "name_zh": f"{code}边防站",
                                 "province": "Lào Cai", "kind": "post"})
    return demo.fill_bulk(per_year * years, years=years, sites=POSTS, today=today)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--province-year", type=int, default=6000, help="records in a province's year")
    args = ap.parse_args()
    today = dt.date(2026, 1, 10)
    y25 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        n = _headquarters(Path(tmp) / "province.sqlite", args.province_year, 1, today)
        rows.append((f"post year report ({n // 12:,} records of one post)", _timed(lambda: _report(*y25, [POSTS[0]]))))
        rows.append((f"province year report, all posts ({n:,} records)", _timed(lambda: _report(*y25, None))))
        rows.append(("province year report, 12 posts listed", _timed(lambda: _report(*y25, POSTS))))
        close_db()
    # The million is the shared one of the other benchmarks (built once, reused).
    from common import TODAY, million_db

    path, _built = million_db(args.records)
    open_database(path)
    session.open_session("bench")
    year = (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year - 1, 12, 31))
    ten = (TODAY.replace(year=TODAY.year - 10), TODAY)
    rows.append((f"year report over all 12 posts in a {args.records:,}-record database (~100,000 records in the year)",
                 _timed(lambda: _report(*year, None), repeat=2)))
    rows.append((f"ten-year report over {args.records:,} records", _timed(lambda: _report(*ten, None), repeat=1)))
    close_db()
    print("| document | time |\n|---|---|")
    for name, secs in rows:
        print(f"| {name} | {secs:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
