"""Logging in: an unknown name and a wrong password must answer alike, in the same time.

    python benchmarks/bench_login.py [N]       # default 25 attempts of each, interleaved

A database with one account; N attempts with a name nobody has and N with the
right name and a wrong password, alternating (so load on the machine falls on
both alike), each a fresh name or counter so no lockout interferes. Prints the
median time of each, their difference (goal: within 10 ms) and the answers.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from borderdesk.services import session  # noqa: E402
from borderdesk.services import site as site_service  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.models import DB  # noqa: E402
from borderdesk.trust import accounts  # noqa: E402


def main(n: int = 25) -> None:
    folder = Path(tempfile.mkdtemp())
    open_database(folder / "login.sqlite")
    session.open_session()
    site_service.init_site("PL", "Đồn Pha Long")
    accounts.create_user("chihuy", "mat-khau-dung-1", "administrator")
    times = {"unknown name": [], "wrong password": []}
    answers = {k: set() for k in times}
    for i in range(n):
        for label, name in (("unknown name", f"khong-co-{i}"), ("wrong password", "chihuy")):
            DB.execute_sql("UPDATE account SET failed_attempts = 0, locked_until = NULL")
            start = time.perf_counter()
            try:
                accounts.authenticate(name, f"sai-{i}")
            except accounts.AuthError as exc:
                answers[label].add(str(exc))
            times[label].append(time.perf_counter() - start)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print("| attempt | median ms | answers |\n|---|---:|---|")
    for k in times:
        print(f"| {k} | {med[k]:.2f} | {' / '.join(sorted(answers[k]))} |")
    print(f"\ndifference of the medians: {abs(med['unknown name'] - med['wrong password']):.2f} ms (goal: within 10)")
    # Argon2id's time depends on what else runs: the figures mean nothing without the load they were taken at.
    print(f"measured at a load average of {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
