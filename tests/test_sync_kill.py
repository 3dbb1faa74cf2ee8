"""A laptop switched off in the middle of an import: the database is as before, or fully imported."""
from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from sync_sites import Site, dump, enrol

from borderdesk.services import records
from borderdesk.store.connection import close_db

#: The child imports the bundle with every bulk statement slowed down, so the
#: kill lands between writes of the same transaction.
_SLOW_IMPORT = r'''
import sys, time
from borderdesk.app import open_database
from borderdesk.services import session
from borderdesk.sync import importer

class SlowCursor:
    def __init__(self, cur):
        self._cur = cur
    def executemany(self, sql, rows):
        time.sleep(0.03)
        return self._cur.executemany(sql, rows)
    def execute(self, *args):
        time.sleep(0.01)
        return self._cur.execute(*args)
    def __getattr__(self, name):
        return getattr(self._cur, name)

class SlowDB:
    def __init__(self, db):
        self._db = db
    def cursor(self, *a, **k):
        return SlowCursor(self._db.cursor(*a, **k))
    def __getattr__(self, name):
        return getattr(self._db, name)

open_database(sys.argv[1]); session.open_session()
opened = importer.open_and_check(sys.argv[2])
importer.DB = SlowDB(importer.DB)
_reindex = importer._reindex
def slow_reindex(spec, rows, chunk=5000):
    for i in range(0, len(rows), 20):
        time.sleep(0.01)
        _reindex(spec, rows[i:i + 20], chunk)
importer._reindex = slow_reindex
print("START", flush=True)
importer.import_bundle(opened)
print("DONE", flush=True)
'''


def _fill(n: int) -> None:
    for i in range(n):
        records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": f"Cuộc gọi {i}"})
        if i % 4 == 0:
            records.create("handover", {"date": "2025-03-15", "direction": "received", "persons": 1},
                           [{"name": f"Người {i}", "sex": "F"}])
        if i % 5 == 0:
            records.create("case", {"date": "2025-04-01", "category": "smuggling", "persons": 2})


@pytest.mark.slow
def test_an_import_killed_at_random_points_leaves_all_or_nothing(tmp_path):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters")
    pl = Site(tmp_path, "PL", "Đồn Pha Long")
    enrol(pl, hq)
    pl.use()
    _fill(60)
    bundle = pl.export_to(hq)
    before = dump(hq)
    close_db()
    pristine = tmp_path / "pristine.sqlite"
    shutil.copy(hq.path, pristine)
    hq.take(bundle)
    after = dump(hq)
    assert after != before
    close_db()

    rng = random.Random(5)
    outcomes = {"before": 0, "after": 0}
    for run in range(20):
        shutil.copy(pristine, hq.path)
        for suffix in ("-wal", "-shm"):
            (hq.path.parent / (hq.path.name + suffix)).unlink(missing_ok=True)
        proc = subprocess.Popen([sys.executable, "-c", _SLOW_IMPORT, str(hq.path), str(bundle)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "START", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 1.2))
        proc.kill()
        proc.wait(timeout=30)
        con = sqlite3.connect(hq.path)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
        state = dump(hq.use())
        close_db()
        assert state in (before, after), f"run {run}: partial import"
        outcomes["before" if state == before else "after"] += 1
    # The random delays should land both inside and after the transaction.
    assert outcomes["before"] > 0
