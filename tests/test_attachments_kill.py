"""A process killed (SIGKILL) in the middle of attaching large files loses nothing it reported saved
and leaves no half-stored file: every attachment row has all its bytes, every stored byte has its row."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from borderdesk.services import records, session
from borderdesk.services.site import init_site
from borderdesk.store.connection import close_db, init_db
from trust_helpers import ROOT, cli_env

RUNS = 8


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kills_during_large_attaches_leave_whole_files_or_nothing(db_path, tmp_path):
    init_db(db_path)
    init_site("PL", "Đồn Biên phòng Pha Long")
    session.open_session()
    record = records.create("talks", {"date": "2025-03-14"}).uuid
    close_db()
    rnd = random.Random(17)
    reported: dict[str, str] = {}
    killed_mid_write = 0
    for run in range(RUNS):
        errors = open(tmp_path / f"errors-{run}.txt", "w")
        child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "attachment_kill_child.py"), str(db_path),
                                  record, str(tmp_path), str(run)],
                                 cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=errors)
        assert child.stdout.readline().strip() == b"ready", (tmp_path / f"errors-{run}.txt").read_text()
        time.sleep(rnd.uniform(0.3, 2.5))  # somewhere inside reading, hashing or writing a 8-20 MB file
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        errors.close()
        assert child.returncode == -signal.SIGKILL, (tmp_path / f"errors-{run}.txt").read_text()
        for line in out.decode().splitlines():
            what, uuid, sha = line.split()
            assert what == "attached"
            reported[uuid] = sha
        killed_mid_write += 1
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = dict(con.execute("SELECT uuid, sha256 FROM attachment").fetchall())
    assert {u: rows.get(u) for u in reported} == reported, "a reported attachment was lost"
    blobs = dict(con.execute("SELECT sha256, size FROM attachment_blob").fetchall())
    assert set(blobs) == set(rows.values()), "bytes without their row, or a row without its bytes"
    orphans = con.execute("SELECT count(*) FROM attachment_chunk WHERE sha256 NOT IN "
                          "(SELECT sha256 FROM attachment_blob)").fetchone()[0]
    assert orphans == 0
    for sha, size in blobs.items():
        h = hashlib.sha256()
        for (piece,) in con.execute("SELECT data FROM attachment_chunk WHERE sha256 = ? ORDER BY n", (sha,)):
            h.update(piece)
        assert h.hexdigest() == sha
    con.close()
    print(f"attachment kill test: {RUNS} kills, {len(reported)} attaches reported and kept, "
          f"{sum(blobs.values()) / 1024 / 1024:.0f} MB stored")
    assert len(reported) >= 1  # the kills landed while work was going on, after some had committed
