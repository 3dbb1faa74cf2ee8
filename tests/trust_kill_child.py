"""The worker of the kill test: saves, imports and backups in a loop until it is killed.

Run as ``trust_kill_child.py DB SHEET.csv``: a parent process that imports everything
once, then forks one worker per line ``run SEED`` it reads (so that a run
costs a fork, not a Python start-up) and reports ``pid N`` and, when the
worker has died, ``done STATUS``. The worker never returns: after each
commit returns it prints (flushed, one write) what is now durable:
``saved UUID``, ``bulk TOTAL`` (records held after a bulk import),
``backup PATH``.
"""
from __future__ import annotations

import os
import sys

from borderdesk.services import records, session, spreadsheet
from borderdesk.app import open_database
from borderdesk.store.models import DB, RECORD_MODELS
from borderdesk.trust import backup


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def total() -> int:
    return sum(DB.execute_sql(f'SELECT COUNT(*) FROM "{m._meta.table_name}"').fetchone()[0] for m in RECORD_MODELS)


def work(path: str, sheet: str, seed: int) -> None:
    open_database(path)
    session.open_session()
    say("ready")
    i = seed
    while True:
        i += 1
        if i % 9 == 0:
            # A spreadsheet import: the bulk path (raw executemany in one transaction).
            spreadsheet.import_file(sheet, "hotline_call")
            say(f"bulk {total()}")
        elif i % 13 == 0:
            say(f"backup {backup.make_backup()}")
        else:
            row = records.create("hotline_call", {
                "date": "2025-03-14", "time": "08:30", "direction": "incoming",
                "subject_vi": f"Trao đổi tình hình biên giới số {i}", "subject_zh": f"边境情况交换 {i}",
                "content_vi": "Nội dung " * 40,
            })
            say(f"saved {row.uuid}")


def serve(path: str, sheet: str) -> None:
    say("up")
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                work(path, sheet, int(arg))
            finally:
                os._exit(3)  # only reached when the worker failed on its own
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"done {status}")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2])
