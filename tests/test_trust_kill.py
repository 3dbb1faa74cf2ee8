"""Kill the process at random points while it saves, imports and makes backups: nothing committed is lost.

A worker process works on one database in a loop and reports, flushed, each
commit as soon as it returns. The test kills it with SIGKILL (no clean-up of
any kind) after a random delay, 100 times over the same database (each
worker is forked from a process that imported everything once, so a run
costs a fork rather than a Python start-up), then
checks that every reported record is there, the file passes
``PRAGMA integrity_check``, every finished backup is sound and the audit
trail still verifies.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from borderdesk.services.site import init_site
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.services import session
from borderdesk.trust import audit

from trust_helpers import ROOT, cli_env

RUNS = 100
TABLES = ("hotline_call", "letter", "talks", "joint_patrol", "handover", "case", "friendship_activity")


def _run_once(server, rnd: random.Random, run: int) -> list[str]:
    server.stdin.write(f"run {run * 7}\n")
    server.stdin.flush()
    lines, pid, ready = [], None, False
    while pid is None or not ready:  # the fork's "pid" and the worker's "ready" may come in either order
        line = server.stdout.readline().strip()
        assert line, "the worker server died"
        if line.startswith("pid "):
            pid = int(line[4:])
        elif line == "ready":
            ready = True
        else:
            lines.append(line)
    time.sleep(rnd.uniform(0.0, 0.3))  # somewhere inside a save, an import or a backup
    os.kill(pid, signal.SIGKILL)
    while True:
        line = server.stdout.readline().strip()
        if line.startswith("done "):
            status = int(line[5:])
            break
        lines.append(line)
    # Killed while working, not dead by itself.
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (status, lines[-3:])
    return lines


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_every_committed_record_survives_100_kills(db_path, tmp_path):
    open_database(db_path)
    init_site("PL", "Đồn Biên phòng Pha Long")
    close_db()
    sheet = tmp_path / "calls.csv"
    sheet.write_text("date,direction,subject_vi,subject_zh\n" + "".join(
        f"2025-03-{d:02d},incoming,Trao đổi tình hình số {d},边境情况 {d}\n" for d in range(1, 26)), encoding="utf-8")
    rnd = random.Random(20250314)
    saved, backups, bulk_total = [], [], 0
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "trust_kill_child.py"), str(db_path), str(sheet)],
        cwd=ROOT, env=cli_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=open(tmp_path / "worker-errors.txt", "w"), text=True,
    )
    assert server.stdout.readline().strip() == "up", (tmp_path / "worker-errors.txt").read_text()
    try:
        runs = [_run_once(server, rnd, run) for run in range(RUNS)]
    finally:
        server.stdin.close()
        server.wait(30)
    for lines in runs:
        for line in lines:
            what, _, value = line.partition(" ")
            if what == "saved":
                saved.append(value)
            elif what == "backup":
                backups.append(value)
            elif what == "bulk":
                bulk_total = max(bulk_total, int(value))
    elapsed = time.monotonic() - started

    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    held = {r[0] for r in con.execute("SELECT uuid FROM hotline_call")}
    missing = [u for u in saved if u not in held]
    assert not missing, f"{len(missing)} committed records lost"
    total = sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in TABLES)
    assert total >= bulk_total
    # The index follows the records: every saved call is found.
    indexed = con.execute("SELECT COUNT(*) FROM search_doc WHERE kind = 'hotline_call'").fetchone()[0]
    assert indexed == len(held)
    con.close()
    for b in backups:
        assert sqlite3.connect(b).execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    open_database(db_path)
    session.open_session()
    assert audit.verify() is None
    print(f"kill test: {RUNS}/{RUNS} runs, {len(saved)} saves, {bulk_total} records after imports, "
          f"{len(backups)} backups, {elapsed:.1f} s")
    assert len(saved) > RUNS  # the kills really landed in the middle of work
