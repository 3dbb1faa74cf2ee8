"""The cost of encryption at rest, side by side in one run (goal: at most 15 % slower), and the login.

    python benchmarks/bench_encryption.py [RECORDS] [ROWS]    # defaults 1000000 and 100000; RECORDS 0: imports only

Queries are timed as the best of 15 calls, three rounds interleaved plain/encrypted; imports once each,
with their CPU time beside the wall time (the verdict is on the CPU time: see :func:`_line`).

* **records**: the million-record database of the other benchmarks (built once, reused), and an
  encrypted copy of it made with ``sqlcipher_export`` (the same pages' content, so the same query
  plans): ``stats`` over all of it, the first page of a list, a search — each timed on both.
* **import**: ``spreadsheet.import_file`` of ROWS hotline calls into a fresh plain database and
  into a fresh encrypted one.
* **bundle import**: ``importer.import_bundle`` of a post's ROWS records into a fresh plain and a
  fresh encrypted headquarters.
* **login**: unwrapping a key slot with the default Argon2id cost (what every login costs).

Prints Markdown rows like the other scripts of ``benchmarks/run.py``.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
from common import OUT, million_db, timed  # noqa: E402

from borderdesk.services import records, session, stats  # noqa: E402
from borderdesk.store import search_index  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.connection import close_db  # noqa: E402
from borderdesk.store.models import DB  # noqa: E402
from borderdesk.trust import convert, encryption, keyslots  # noqa: E402

TITLE = "encryption at rest: plain beside encrypted"
ORDER = 60


def best(fn, repeat: int = 15) -> float:
    """The fastest of *repeat* calls after a warm-up: other jobs on a shared machine only ever add time,
    so the minimum is the figure that compares (the median swung 2–15 ms on the same query under load)."""
    return timed(fn, repeat, stat=min)


def _ratio(plain: float, enc: float) -> str:
    return f"{(enc / plain - 1) * 100:+.0f} %"


def _line(name: str, plain: float, enc: float, unit: str = "ms", cpu: tuple[float, float] | None = None) -> str:
    """A row; with *cpu* (the CPU seconds of each side) the verdict is on those: a one-off import's wall time
    on a shared machine is mostly the others' load (+44 % and −19 % in two runs of the same code), while
    the CPU time the import itself spent hardly moves with it."""
    fmt = (lambda s: f"{s * 1000:.1f} ms") if unit == "ms" else (lambda s: f"{s:.2f} s")
    if cpu is None:
        verdict = "met" if enc <= plain * 1.15 else "**missed**"
        return f"| {name} | {fmt(plain)} | {fmt(enc)} | {_ratio(plain, enc)} | {verdict} |"
    verdict = "met" if cpu[1] <= cpu[0] * 1.15 else "**missed**"
    return (f"| {name} | {fmt(plain)} (CPU {fmt(cpu[0])}) | {fmt(enc)} (CPU {fmt(cpu[1])}) | "
            f"{_ratio(plain, enc)} (CPU {_ratio(*cpu)}) | {verdict} |")


def _clocks(fn) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``fn()``, and its result."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def _open(path: Path) -> None:
    open_database(path)
    session.open_session("bench")


def records_rows(n: int) -> list[str]:
    plain, _built = million_db(n)
    enc = OUT / f"hq-{n}-encrypted.sqlite"
    recovery = keyslots.new_recovery_key()
    key = keyslots.database_key(recovery)
    if not enc.exists():
        _open(plain)
        close_db()  # checkpointed
        convert.export_encrypted(plain, enc, key)
        (OUT / f"hq-{n}-encrypted.recovery").write_text(keyslots.format_recovery(recovery))
    else:
        key = keyslots.database_key(keyslots.parse_recovery((OUT / f"hq-{n}-encrypted.recovery").read_text()))
    encryption.remember(enc, key)
    start, end = dt.date(2016, 11, 24), dt.date(2026, 11, 23)
    tasks = [
        (f"`stats` over all {n:,} records", lambda: stats.stats(start, end)),
        ("first page of a list (50 rows, newest first)", lambda: records.list_records("handover", limit=50)),
        ('search "bien phong", first 50', lambda: search_index.search(DB, "bien phong", limit=50)),
        ('search "Nguyen Van", first 50', lambda: search_index.search(DB, "Nguyen Van", limit=50)),
    ]
    out = []
    for name, fn in tasks:
        times = {plain: [], enc: []}
        for _round in range(3):  # interleaved, so a burst of load elsewhere hits both sides
            for path in (plain, enc):
                _open(path)
                times[path].append(best(fn))
                close_db()
        out.append(_line(name, min(times[plain]), min(times[enc])))
    return out


def import_rows(rows_n: int) -> list[str]:
    import bench_import

    import csv

    from borderdesk import i18n
    from borderdesk.services import site, spreadsheet

    rows = bench_import.make_rows(rows_n)
    times, cpu = [], []
    for encrypted in (False, True):
        folder = Path(tempfile.mkdtemp(prefix="bench-enc-import-"))
        if encrypted:
            encryption.prepare_new(folder / "import.sqlite")
        sheet = folder / "calls.csv"
        with open(sheet, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(bench_import.HEADERS)
            writer.writerows(rows)
        _open(folder / "import.sqlite")
        site.init_site("PL", "Đồn Biên phòng Pha Long")
        i18n.set_language("en")
        wall, used, result = _clocks(lambda: spreadsheet.import_file(sheet, "hotline_call"))
        assert result.created == rows_n
        close_db()
        times.append(wall)
        cpu.append(used)
        shutil.rmtree(folder)
    return [_line(f"spreadsheet import, {rows_n:,} calls", *times, unit="s", cpu=tuple(cpu))]


def bundle_rows(rows_n: int) -> list[str]:
    from borderdesk.services import demo, site
    from borderdesk.sync import exporter, importer, sites

    tmp = Path(tempfile.mkdtemp(prefix="bench-enc-sync-"))
    hqs = {False: tmp / "hq-plain.sqlite", True: tmp / "hq-enc.sqlite"}
    encryption.prepare_new(hqs[True])
    for path in hqs.values():
        _open(path)
        site.init_site("LC", "Site LC", "", "headquarters", "Lào Cai")
    sites.write_identity(tmp / "hq.json")  # the last one opened: both get the same identity below
    close_db()
    post = tmp / "post.sqlite"
    _open(post)
    site.init_site("PL", "Site PL", "", "post", "Lào Cai")
    sites.write_identity(tmp / "pl.json")
    sites.enrol(sites.read_identity(tmp / "hq.json"))
    demo.fill_bulk(rows_n, sites=["PL"])
    res = exporter.export_bundle("LC", tmp / "b.bdsync")
    close_db()
    # The plain headquarters takes the encrypted one's identity, so the bundle (made for it) opens in both.
    enc_key = encryption.key_for(hqs[True])
    con = encryption.connect_file(hqs[True], key=enc_key)
    keys = con.execute("SELECT purpose, private_key, public_key FROM sync_key").fetchall()
    con.close()
    _open(hqs[False])
    DB.execute_sql("DELETE FROM sync_key")
    for purpose, private, public in keys:
        DB.execute_sql("INSERT INTO sync_key (purpose, private_key, public_key) VALUES (?, ?, ?)",
                       (purpose, private, public))
    close_db()
    times, cpu = [], []
    for encrypted in (False, True):
        _open(hqs[encrypted])
        sites.enrol(sites.read_identity(tmp / "pl.json"))
        wall, used, preview = _clocks(lambda: importer.import_bundle(tmp / "b.bdsync"))
        times.append(wall)
        cpu.append(used)
        assert preview.total("new") == res.total
        close_db()
    shutil.rmtree(tmp)
    return [_line(f"bundle import, {res.total:,} records", *times, unit="s", cpu=tuple(cpu))]


def load() -> str:
    """The machine's 1-minute load average and cores: a login's time means nothing without them."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def login_row() -> str:
    """Unwrapping a slot at the default cost: RFC 9106's second recommended Argon2id (t=3, 64 MiB) with
    p=2 for two cores, above OWASP's minimum (19 MiB, t=2, p=1); the goal is about 0.3 s on a 2-core laptop.
    The median of 5, with the load average before and after (other work on the machine only adds time)."""
    before = load()
    tmp = Path(tempfile.mkdtemp(prefix="bench-enc-login-"))
    key = os.urandom(32)
    kf = keyslots.KeyFile.new(tmp / "x.sqlite", key)
    kf.set_password("chihuy", "núi rừng biên cương", key)
    kf.save()
    runs, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        assert encryption.unlock_with_password(tmp / "x.sqlite", "chihuy", "núi rừng biên cương") == key
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    shutil.rmtree(tmp)
    k = keyslots.KDF
    # The CPU time hardly depends on the load: spread over p lanes on p idle cores it is the idle wall time.
    idle = statistics.median(cpu) / min(k["p"], os.cpu_count() or 1)
    return (f"| login: unwrap a key slot, Argon2id t={k['t']} m={k['m'] // 1024} MiB p={k['p']} | — | "
            f"{statistics.median(runs):.2f} s (best {min(runs):.2f} s) at {before}, then {load()}; "
            f"CPU {statistics.median(cpu):.2f} s = ~{idle:.2f} s on idle cores | | goal ~0.3 s on an idle 2-core laptop |")


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 1_000_000
    rows_n = int(argv[2]) if len(argv) > 2 else 100_000
    print(f"<!-- {common.machine()}; started at {load()} -->")
    print("| what | plain | encrypted | cost | ≤ 15 % |")
    print("|---|---:|---:|---:|---|")
    print(login_row(), flush=True)
    parts = [lambda: import_rows(rows_n), lambda: bundle_rows(rows_n)]
    if n:  # 0: the imports alone (the million's records take an hour to build and copy on a busy machine)
        parts.append(lambda: records_rows(n))
    for part in parts:
        for line in part():
            print(line, flush=True)
        print(f"<!-- {load()} -->", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
