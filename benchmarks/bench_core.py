"""The records database at a million: stats and their breakdowns, search, the first page of a list, counts.

Run: ``python benchmarks/bench_core.py [--records N]`` (``make bench`` runs every benchmark).
"""
from __future__ import annotations

import argparse
import datetime as dt

from common import TODAY, fmt_seconds, million_db, result, timed

from borderdesk.services import records, session, stats
from borderdesk.store import search_index
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB, RECORD_MODELS

TITLE = "records database at a million"
ORDER = 10


def check(what: str, seconds: float, goal_ms: float | None, note: str = "") -> str:
    if goal_ms is None:
        return result(what, fmt_seconds(seconds), "", None, note)
    return result(what, fmt_seconds(seconds), f"≤ {goal_ms:.0f} ms", seconds * 1000 <= goal_ms, note)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    args = ap.parse_args()
    path, built = million_db(args.records)
    open_database(path)
    session.open_session("bench")
    n = sum(model.select().count() for model in RECORD_MODELS)
    lines = []
    if built is not None:
        lines.append(result(f"build {n:,} records (demo generator, bulk executemany, with search index)",
                            f"{built:.0f} s", "", None, f"{n / built:,.0f} records/s"))
    ten = (TODAY.replace(year=TODAY.year - 10), TODAY)
    year = (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year - 1, 12, 31))
    lines.append(check(f"stats over all {n:,} records (10 years, 12 posts)", timed(lambda: stats.stats(*ten)), 300))
    lines.append(check("stats by counterpart over ten years", timed(lambda: stats.stats_by_counterpart(*ten)), 300))
    lines.append(check("stats by month over ten years (120 months)", timed(lambda: stats.stats_by_month(*ten)), 300))
    lines.append(check("cases by outcome over ten years", timed(lambda: stats.cases_by_outcome(*ten)), 300))
    lines.append(check("stats of a province-year", timed(lambda: stats.stats(*year)), 300))
    lines.append(check("stats of one post's year", timed(lambda: stats.stats(*year, post="P03")), 300))
    lines.append(check("compare a year with the year before", timed(lambda: stats.compare(*year)), None))
    for q in ("bien phong", "河口", "Nguyen Van", "Vàng Thị"):
        hits = len(search_index.search(DB, q, limit=50))
        lines.append(check(f"search “{q}” (first 50 of all kinds)",
                           timed(lambda: search_index.search(DB, q, limit=50)), 100, f"{hits} shown"))
    for kind in ("hotline_call", "handover"):
        lines.append(check(f"first page of the {kind} list (50 rows, newest first)",
                           timed(lambda: records.list_records(kind, limit=50)), 100))
        lines.append(check(f"count of the {kind} list", timed(lambda: records.count(kind)), 100))
    lines.append(check("first page of the handover list filtered by text “nguyen”",
                       timed(lambda: records.list_records("handover", text="nguyen", limit=50)), 100))
    lines.append(check("page 2,000 of the hotline_call list (offset 100,000)",
                       timed(lambda: records.list_records("hotline_call", offset=100_000, limit=50)), 100))
    close_db()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
