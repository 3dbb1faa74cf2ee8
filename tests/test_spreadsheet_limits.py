"""Spreadsheets of any size: read as streams with bounded memory, absurd files refused early and clearly."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from borderdesk import i18n
from borderdesk.services import session, site, spreadsheet
from borderdesk.store import models as m
from borderdesk.store.connection import close_db, init_db

ROOT = Path(__file__).resolve().parents[1]
HEADERS = ["date", "time", "direction", "counterpart", "counterpart_zh", "subject_vi", "subject_zh", "content_vi"]


def call_row(i: int) -> list[str]:
    unit = ("Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu", "河口出入境边防检查站") if i % 2 else \
        ("Đồn Công an Biên phòng Mã Bảo", "马堡边境派出所")
    return [f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"{8 + i % 10:02d}:{i % 60:02d}",
            "incoming" if i % 3 else "outgoing", *unit, "Thông báo tình hình an ninh trật tự khu vực biên giới",
            "通报边境地区治安情况", f"Hai bên thống nhất phối hợp kiểm tra, cuộc gọi số {i}."]


def write_calls(path: Path, n: int, bad_last: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for i in range(n - 1 if bad_last else n):
            w.writerow(call_row(i))
        if bad_last:
            w.writerow(["2024-13-45", "08:00", "sideways", "Trạm", "", "x", "", ""])
    return path


def write_xlsx_rows(path: Path, n: int, cell: str = "1", header: str = "date") -> Path:
    """A minimal workbook of *n* one-cell rows, written straight as XML (openpyxl would take minutes)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
        'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="records" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData>')
            fh.write(f'<row><c t="inlineStr"><is><t>{header}</t></is></c></row>'.encode())
            # rows without an r= attribute are numbered in order, as Excel reads them
            body = f'<row><c t="inlineStr"><is><t>{cell}</t></is></c></row>'.encode()
            step = 100_000
            for start in range(1, n, step):
                fh.write(body * (min(start + step, n) - start))
            fh.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture
def post(tmp_path):
    i18n.set_language("en")
    init_db(tmp_path / "pl.sqlite")
    session.open_session("officer1")
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    yield tmp_path
    close_db()


def test_a_file_past_the_row_limit_is_refused_before_anything_is_checked(post):
    path = write_calls(post / "calls.csv", 1201)
    with pytest.raises(spreadsheet.TooLarge, match=r"calls\.csv holds more than 1,200 rows"):
        spreadsheet.import_file(path, "hotline_call", limits=spreadsheet.Limits(rows=1200))
    assert m.HotlineCall.select().count() == 0
    assert spreadsheet.import_file(path, "hotline_call", limits=spreadsheet.Limits(rows=1201)).created == 1201


def test_a_quoted_cell_over_several_lines_does_not_count_as_rows(post):
    path = post / "multi.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for i in range(10):
            row = call_row(i)
            row[-1] = "\n".join(f"dòng {j}" for j in range(20))
            w.writerow(row)
    assert spreadsheet.import_file(path, "hotline_call", limits=spreadsheet.Limits(rows=10)).created == 10


def test_a_workbook_of_three_million_rows_is_refused_within_seconds(post):
    path = write_xlsx_rows(post / "huge.xlsx", 3_000_000)
    assert path.stat().st_size < 5_000_000  # small on disk, absurd inside
    t = time.perf_counter()
    with pytest.raises(spreadsheet.TooLarge, match=r"huge\.xlsx holds more than 1,000,000 rows"):
        spreadsheet.preview(path, "hotline_call")
    assert time.perf_counter() - t < 5
    assert m.HotlineCall.select().count() == 0


def test_an_oversized_cell_is_named_by_row_and_column(post):
    path = write_calls(post / "calls.csv", 5)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        row = call_row(9)
        row[5] = "x" * 40_000
        csv.writer(fh).writerow(row)
    with pytest.raises(spreadsheet.TooLarge, match=r"calls\.csv: row 7 holds a cell of more than 32,767 characters"):
        spreadsheet.import_file(path, "hotline_call")
    assert m.HotlineCall.select().count() == 0
    book = write_xlsx_rows(post / "big-cell.xlsx", 3, header="y" * 40_000)
    with pytest.raises(spreadsheet.TooLarge, match=r"big-cell\.xlsx: row 1, column 1 holds more than 32,767 char"):
        spreadsheet.preview(book, "hotline_call")


def test_the_command_line_names_the_limit_in_one_line(post):
    path = write_calls(post / "calls.csv", 30)
    close_db()
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    cmd = [sys.executable, "-m", "borderdesk", "--db", str(post / "pl.sqlite"), "--lang", "en", "import", str(path),
           "--kind", "hotline_call"]
    done = subprocess.run(cmd + ["--max-rows", "20"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == ["borderdesk: calls.csv holds more than 20 rows, the most one import "
                                                "takes: split it into smaller files."]
    done = subprocess.run(cmd, capture_output=True, text=True, env={**env, "BORDERDESK_IMPORT_MAX_ROWS": "25"},
                          cwd=ROOT)
    assert done.returncode == 1 and "more than 25 rows" in done.stderr
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr


_MEASURE = """
import sys
from borderdesk import i18n
from borderdesk.services import session, spreadsheet
from borderdesk.store.connection import init_db
from borderdesk.store import models as m
i18n.set_language("en")
init_db(sys.argv[1]); session.open_session("officer1")
def peak_mb():
    # VmHWM: this process's own peak (ru_maxrss keeps the parent's across fork and exec)
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) // 1024
base = peak_mb()
try:
    spreadsheet.import_file(sys.argv[2], "hotline_call")
    outcome = "imported"
except spreadsheet.ImportFailed as exc:
    outcome = str(exc)
print(base, peak_mb(), m.HotlineCall.select().count())
print(outcome)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc (Linux)")
def test_peak_memory_of_a_200000_row_import_stays_bounded(post):
    """The whole file is read, checked and written in batches (the last row is bad, so all is rolled back)."""
    path = write_calls(post / "calls.csv", 200_000, bad_last=True)
    assert path.stat().st_size > 30_000_000
    close_db()
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(post / "pl.sqlite"), str(path)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    figures, outcome = done.stdout.strip().splitlines()
    base_mb, peak_mb, held = map(int, figures.split())
    assert outcome.startswith("row 200001, column date:") and held == 0  # all or nothing
    assert peak_mb <= 250, f"peak {peak_mb} MB (after imports {base_mb} MB)"
