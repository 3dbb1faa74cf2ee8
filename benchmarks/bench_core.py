"""The records database at a million: search, stats, the first page of a list, counts.

Run: ``python benchmarks/bench_core.py [--records N]`` (``make bench`` runs every benchmark).
Prints Markdown table rows: what, median time, goal, note.
"""
from __future__ import annotations

import argparse
import datetime as dt

from common import TODAY, million_db, row, timed

from borderdesk.services import records, session, stats
from borderdesk.store import search_index
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB, RECORD_MODELS


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
        lines.append(row(f"build {n:,} records (demo generator, bulk executemany, with search index)",
                         built, "", f"{n / built:,.0f} records/s", unit="s"))
    ten_years = (TODAY.replace(year=TODAY.year - 10), TODAY)
    year = (dt.date(TODAY.year - 1, 1, 1), dt.date(TODAY.year - 1, 12, 31))
    lines.append(row(f"stats over all {n:,} records (10 years, 12 posts)", timed(lambda: stats.stats(*ten_years)),
                     "≤ 300 ms"))
    lines.append(row("stats of a province-year", timed(lambda: stats.stats(*year)), "≤ 300 ms"))
    lines.append(row("stats of one post's year", timed(lambda: stats.stats(*year, post="P03")), "≤ 300 ms"))
    lines.append(row("compare a year with the year before", timed(lambda: stats.compare(*year)), "—"))
    for q in ("bien phong", "河口", "Nguyen Van", "Vàng Thị"):
        hits = len(search_index.search(DB, q, limit=50))
        lines.append(row(f"search “{q}” (first 50 of all kinds)", timed(lambda: search_index.search(DB, q, limit=50)),
                         "≤ 100 ms", f"{hits} shown"))
    for kind in ("hotline_call", "handover"):
        lines.append(row(f"first page of the {kind} list (50 rows, newest first)",
                         timed(lambda: records.list_records(kind, limit=50)), "≤ 100 ms"))
        lines.append(row(f"count of the {kind} list", timed(lambda: records.count(kind)), "≤ 100 ms"))
    lines.append(row("first page of the handover list filtered by text “nguyen”",
                     timed(lambda: records.list_records("handover", text="nguyen", limit=50)), "≤ 100 ms"))
    lines.append(row("page 2,000 of the hotline_call list (offset 100,000)",
                     timed(lambda: records.list_records("hotline_call", offset=100_000, limit=50)), "≤ 100 ms"))
    close_db()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
