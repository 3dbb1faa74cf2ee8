"""Spreadsheet import against raw sqlite3 ``executemany`` of the same rows (goal: at most 2.5×),
its peak memory on a file of 200,000 rows, and the refusal of an absurd workbook.

    python benchmarks/bench_import.py [N]      # N hotline calls, default 100000

The import side is the whole of ``spreadsheet.import_file`` on a CSV of N
calls: reading the file, checking every row with the records' rules,
matching the counterparts, stamping, writing in one transaction and filling
the search index. The raw side inserts the same N rows, already made into
tuples, with one ``executemany`` into a table of the same shape (the
``hotline_call`` DDL and indexes of a real database, the same pragmas), in
one transaction. A second raw figure adds the rows' search-index entries (``search_doc``
and the FTS5 table, text prepared beforehand): the SQL any import that keeps search in
step must do. Then a 200,000-row CSV whose last row is bad is imported in a process of
its own (peak memory, VmHWM), and a small XLSX holding 3,000,000 rows is offered (time to
the refusal). Prints rows of the benchmark table.
"""
from __future__ import annotations

import csv
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from borderdesk import i18n  # noqa: E402
from borderdesk.services import session, site, spreadsheet  # noqa: E402
from borderdesk.store import search_index  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.connection import PRAGMAS, close_db  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import result  # noqa: E402

TITLE = "spreadsheet import"
ORDER = 30
ARGS = [100000]
ROOT = Path(__file__).resolve().parents[1]

UNITS = [("Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu", "河口出入境边防检查站"),
         ("Đồn Công an Biên phòng Mã Bảo", "马堡边境派出所"),
         ("Đại đội Quản lý Biên giới Kim Bình", "金平边境管理大队")]
SUBJECTS = [("Thông báo tình hình an ninh trật tự khu vực biên giới", "通报边境地区治安情况"),
            ("Đề nghị xác minh người xuất nhập cảnh trái phép", "请求核查非法出入境人员"),
            ("Trao đổi về kế hoạch tuần tra song phương tháng tới", "交流下月双边巡逻计划")]
HEADERS = ["date", "time", "direction", "counterpart", "counterpart_zh", "subject_vi", "subject_zh",
           "content_vi", "our_officer"]


def make_rows(n: int) -> list[list[str]]:
    rnd = random.Random(7)
    rows = []
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        vi, zh = SUBJECTS[rnd.randrange(len(SUBJECTS))]
        rows.append([f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"{8 + i % 10:02d}:{i % 60:02d}",
                     "incoming" if i % 3 else "outgoing", unit[0], unit[1], vi, zh,
                     f"Hai bên thống nhất phối hợp kiểm tra, cuộc gọi số {i}.", "Thiếu tá Lê Văn Cường"])
    return rows


def time_import(folder: Path, rows: list[list[str]]) -> tuple[float, float]:
    path = folder / "calls.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        w.writerows(rows)
    open_database(folder / "import.sqlite")
    session.open_session("bench")
    site.init_site("PL", "Đồn Biên phòng Pha Long")
    i18n.set_language("en")
    t0 = time.perf_counter()
    spreadsheet.preview(path, "hotline_call")
    t_check = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = spreadsheet.import_file(path, "hotline_call")
    t_import = time.perf_counter() - t0
    assert result.created == len(rows)
    close_db()
    return t_import, t_check


def time_raw(folder: Path, rows: list[list[str]], with_index: bool = False) -> float:
    """Raw ``executemany`` of the rows; ``with_index``: also their search-index rows (the
    SQL floor of any import that keeps search in step), their text prepared beforehand."""
    # The tables' DDL and indexes exactly as a real database has them.
    open_database(folder / f"shape{int(with_index)}.sqlite")
    from borderdesk.store.models import DB

    tables = ("hotline_call", "search_doc") if with_index else ("hotline_call",)
    ddl = [r[0] for r in DB.execute_sql(
        f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({', '.join('?' * len(tables))}) AND sql IS NOT NULL"
        " ORDER BY type DESC", tables).fetchall()]
    if with_index:
        ddl += list(search_index.DDL[1:])
    cols = [r[1] for r in DB.execute_sql("PRAGMA table_info(hotline_call)").fetchall()]
    close_db()
    con = sqlite3.connect(folder / f"raw{int(with_index)}.sqlite", isolation_level=None)
    for k, v in PRAGMAS.items():
        con.execute(f"PRAGMA {k} = {v}")
    for stmt in ddl:
        con.execute(stmt)
    now = "2025-01-01 00:00:00.000000"
    unit_ids = {u[0]: str(uuid.uuid4()) for u in UNITS}
    tuples = []
    for i, r in enumerate(rows):
        d = {"uuid": str(uuid.uuid4()), "site": "PL", "created_at": now, "updated_at": now,
             "version": f"{1735689600000 + i:013d}.00000@PL", "changed_by": "bench", "deleted": 0, "seq": i + 1,
             "date": r[0], "counterpart": unit_ids[r[3]], "notes": "", "time": r[1], "direction": r[2],
             "counterpart_officer": "", "our_officer": r[8], "interpreter": "", "subject_vi": r[5],
             "subject_zh": r[6], "content_vi": r[7], "content_zh": "", "follow_up_vi": "", "follow_up_zh": "",
             "follow_up_due": None}
        tuples.append(tuple(d[c] for c in cols))
    sql = f"INSERT INTO hotline_call ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    docs = []
    if with_index:
        for t, r in zip(tuples, rows):
            text = " ".join([r[5], r[6], r[7], r[8], r[3], r[4]])
            docs.append((t[0], "hotline_call", r[0], "PL", text, search_index.prepare(text)))
    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(sql, tuples)
    if with_index:
        con.executemany("INSERT INTO search_doc (uuid, kind, date, site, display, body) VALUES (?, ?, ?, ?, ?, ?)",
                        docs)
        con.execute("INSERT INTO search_fts(rowid, body) SELECT id, body FROM search_doc")
    con.execute("COMMIT")
    t = time.perf_counter() - t0
    con.close()
    return t


_PEAK = """
import sys
from borderdesk.services import session, spreadsheet
from borderdesk.app import open_database
open_database(sys.argv[1]); session.open_session("bench")
try:
    spreadsheet.import_file(sys.argv[2], "hotline_call")
except spreadsheet.ImportFailed as exc:
    print(str(exc)[:60], file=sys.stderr)
with open("/proc/self/status") as fh:
    print(next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) // 1024)
"""


def peak_of_import(folder: Path, n: int) -> tuple[int, float, float]:
    """Peak MB of importing *n* rows, the last one bad (all rolled back), in a process of its own."""
    import subprocess

    sys.path.insert(0, str(ROOT / "tests"))
    from test_spreadsheet_limits import write_calls

    path = write_calls(folder / "big.csv", n, bad_last=True)
    db = folder / "peak.sqlite"
    open_database(db)
    session.open_session("bench")
    site.init_site("PL", "Đồn Biên phòng Pha Long")
    close_db()
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PEAK, str(db), str(path)], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(out.stdout.split()[-1]), time.perf_counter() - t0, path.stat().st_size / 1e6


def refusal_of_workbook(folder: Path, n: int) -> tuple[float, float, str]:
    from test_spreadsheet_limits import write_xlsx_rows

    path = write_xlsx_rows(folder / "huge.xlsx", n)
    open_database(folder / "refuse.sqlite")
    session.open_session("bench")
    site.init_site("PL", "Đồn Biên phòng Pha Long")
    t0 = time.perf_counter()
    try:
        spreadsheet.import_file(path, "hotline_call")
        message = "imported!"
    except spreadsheet.TooLarge as exc:
        message = str(exc)
    took = time.perf_counter() - t0
    close_db()
    return took, path.stat().st_size / 1e6, message


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 100000
    rows = make_rows(n)
    with tempfile.TemporaryDirectory(prefix="bd-bench-") as tmp:
        folder = Path(tmp)
        raw = time_raw(folder, rows)
        raw_ix = time_raw(folder, rows, with_index=True)
        imp, check = time_import(folder, rows)
        size = os.path.getsize(folder / "calls.csv") / 1e6
        print(result(f"raw `executemany` of {n:,} calls into the record table (reference, same run)",
                     f"{raw:.2f} s"))
        print(result("… plus their search-index rows (reference)", f"{raw_ix:.2f} s", "", None,
                     f"{raw_ix / raw:.1f}× raw"))
        print(result(f"spreadsheet import of {n:,} calls ({size:.1f} MB CSV: read, check, write, index)",
                     f"{imp:.2f} s ({imp / raw:.1f}× raw)", "≤ 2.5× raw", imp / raw <= 2.5,
                     f"{imp / raw_ix:.1f}× raw + index; check alone {check:.2f} s"), flush=True)
        peak, peak_took, peak_size = peak_of_import(folder, 200_000)
        refuse, xlsx_size, message = refusal_of_workbook(folder, 3_000_000)
    print(result(f"peak memory, a 200,000-row CSV ({peak_size:.0f} MB) whose last row is bad",
                 f"{peak} MB", "≤ 250 MB", peak <= 250, f"{peak_took:.0f} s, all rolled back"))
    print(result(f"a {xlsx_size:.1f} MB XLSX holding 3,000,000 rows", f"refused in {refuse:.2f} s", "≤ 5 s",
                 refuse <= 5 and "rows" in message, f"“{message}”"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
