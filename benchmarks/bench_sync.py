"""Sync bundles: export and import of N changed records against raw ``executemany`` (goal: import ≤ 4×).

    python benchmarks/bench_sync.py [N]        # default 100000 records, all kinds, children included

A post's database is filled with N records (the demo's generator, all kinds
in a post's proportions, with delegation members, persons and markers), and
headquarters is enrolled. Measured:

* **export**: ``exporter.export_bundle`` — select every changed row and its
  children, JSON lines, zip, sign, encrypt, write atomically.
* **import**: ``importer.import_bundle`` into headquarters' fresh database —
  read, decrypt, verify signature and hashes, check every row, classify
  against what is held, write in one transaction, fill the search index.
* **raw**: the same rows (as tuples, children included) inserted with one
  ``executemany`` per table into a fresh database of the same schema, in one
  transaction, with no search index.
* **raw + index**: the same, plus the search index rows (computed beforehand)
  written with the same ``index_rows`` every write uses.
* **re-import**: the same bundle again (everything unchanged).

Prints a Markdown table.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from borderdesk.services import demo, indexing, session, site  # noqa: E402
from borderdesk.store import search_index  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.connection import close_db  # noqa: E402
from borderdesk.store.models import DB  # noqa: E402
from borderdesk.sync import exporter, importer, sites  # noqa: E402
from borderdesk.sync.tables import TABLES  # noqa: E402


def _site(path: Path, code: str, kind: str) -> None:
    open_database(path)
    session.open_session()
    site.init_site(code, f"Site {code}", "", kind, "Lào Cai")


def _use(path: Path) -> None:
    open_database(path)
    session.open_session()


def _all_rows() -> list[tuple[str, list[str], list[tuple]]]:
    out = []
    for spec in TABLES:
        cols = list(spec.columns) + ["seq"]
        rows = DB.execute_sql(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{spec.table}"').fetchall()
        out.append((spec.table, cols, rows))
        if spec.child:
            c = spec.child
            ccols = [c.fk] + list(c.columns)
            crows = DB.execute_sql(
                f'SELECT {", ".join(chr(34) + x + chr(34) for x in ccols)} FROM "{c.model._meta.table_name}"').fetchall()
            out.append((c.model._meta.table_name, ccols, crows))
    return out


def main(n: int = 100_000) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    post, hq, raw = tmp / "post.sqlite", tmp / "hq.sqlite", tmp / "raw.sqlite"
    _site(hq, "LC", "headquarters")
    sites.write_identity(tmp / "hq.json")
    _site(raw, "LC", "headquarters")
    _site(post, "PL", "post")
    sites.write_identity(tmp / "pl.json")
    sites.enrol(sites.read_identity(tmp / "hq.json"))
    demo.fill_bulk(n, sites=["PL"])
    total = sum(t.model.select().count() for t in TABLES if t.is_record)
    rows = _all_rows()
    children = sum(len(r) for t, _c, r in rows if t in ("delegation_member", "handover_person", "patrol_marker"))

    t0 = time.perf_counter()
    res = exporter.export_bundle("LC", tmp / "b.bdsync")
    t_export = time.perf_counter() - t0
    close_db()

    _use(hq)
    sites.enrol(sites.read_identity(tmp / "pl.json"))
    t0 = time.perf_counter()
    preview = importer.import_bundle(tmp / "b.bdsync")
    t_import = time.perf_counter() - t0
    assert preview.total("new") == res.total, (preview.total("new"), res.total)
    t0 = time.perf_counter()
    again = importer.import_bundle(tmp / "b.bdsync")
    t_again = time.perf_counter() - t0
    assert again.changes == 0
    close_db()

    _use(raw)
    DB.execute_sql("DELETE FROM post")
    t0 = time.perf_counter()
    with DB.atomic():
        cur = DB.cursor()
        for table, cols, data in rows:
            if data:
                cur.executemany(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                                f'VALUES ({", ".join("?" * len(cols))})', data)
    t_raw = time.perf_counter() - t0
    # The same, plus the search index rows every write must also feed (computed beforehand).
    index_rows = list(indexing.all_index_rows(DB))
    DB.execute_sql("DELETE FROM search_doc")
    DB.execute_sql("INSERT INTO search_fts(search_fts) VALUES('delete-all')")
    for table, _cols, _data in rows:
        DB.execute_sql(f'DELETE FROM "{table}"')
    t0 = time.perf_counter()
    with DB.atomic():
        cur = DB.cursor()
        for table, cols, data in rows:
            if data:
                cur.executemany(f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                                f'VALUES ({", ".join("?" * len(cols))})', data)
        search_index.index_rows(DB, index_rows, fresh=True)
    t_raw_index = time.perf_counter() - t0
    close_db()

    print(f"{total} records ({children} child rows), bundle {res.size / 1e6:.1f} MB")
    print()
    print("| step | seconds | × raw |")
    print("|---|---:|---:|")
    print(f"| raw executemany (same rows, no search index) | {t_raw:.2f} | 1.0 |")
    print(f"| raw executemany + search index (same rows) | {t_raw_index:.2f} | {t_raw_index / t_raw:.1f} |")
    print(f"| export (select, zip, sign, encrypt, write) | {t_export:.2f} | {t_export / t_raw:.1f} |")
    print(f"| import (verify, preview, apply, index) | {t_import:.2f} | {t_import / t_raw:.1f} |")
    print(f"| import again (all unchanged) | {t_again:.2f} | {t_again / t_raw:.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
