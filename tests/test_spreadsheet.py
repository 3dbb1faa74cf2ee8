"""The officers' spreadsheets come in and go out: every kind, CSV and XLSX, all rows or none."""
from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from borderdesk import i18n
from borderdesk.domain.kinds import CLI_KINDS
from borderdesk.services import events, records, registry, session, site, spreadsheet, stats
from borderdesk.services.records import IDENTITY_FIELDS
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB

ROOT = Path(__file__).resolve().parents[1]
YEAR = (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
HEKOU_VI = "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu"
HEKOU_ZH = "河口出入境边防检查站"


def open_post(path: Path, code: str = "PL", name: str = "Đồn Biên phòng Pha Long") -> None:
    open_database(path)
    session.open_session("officer1")
    site.init_site(code, name, "", "post", "Lào Cai")


@pytest.fixture
def post(tmp_path, any_db):
    """Pha Long's database, a file and the same on a PostgreSQL server (conftest's ``any_db``);
    yields the test's folder (the files it writes and reads)."""
    i18n.set_language("en")  # the messages compared below are the English ones
    open_post(any_db)
    yield tmp_path
    close_db()


def fresh_post(tmp_path: Path, name: str = "kl.sqlite") -> None:
    """Another post's empty database (the one a spreadsheet is carried to)."""
    close_db()
    open_post(tmp_path / name, "KL", "Đồn Biên phòng Kim Thành")


def fill() -> None:
    """A few records of every kind, both languages, with child rows and references."""
    hekou = registry.create("counterpart", {"name_vi": HEKOU_VI, "name_zh": HEKOU_ZH})
    mapo = registry.create("counterpart", {"name_vi": "Đồn Công an Biên phòng Mã Bảo", "name_zh": "马堡边境派出所"})
    gate = registry.create("gate", {"name_vi": "Cửa khẩu quốc tế Lào Cai", "name_zh": "河口口岸"})
    cp = hekou.uuid
    records.create("hotline_call", {"date": "2025-03-14", "time": "08:30", "direction": "incoming", "counterpart": cp,
                                    "subject_vi": "Thông báo tình hình", "subject_zh": "通报情况",
                                    "content_vi": "Dòng một\nDòng hai", "follow_up_due": "2025-03-20",
                                    "notes": "=SUM(A1) is text, not a formula"})
    records.create("hotline_call", {"date": "2025-03-15", "direction": "outgoing", "counterpart": mapo.uuid,
                                    "subject_vi": "Hỏi về người vượt biên", "our_officer": "Thiếu tá Lê Văn Cường"})
    asked = records.create("letter", {"date": "2025-02-01", "direction": "incoming", "counterpart": cp,
                                      "their_ref": "0123", "subject_vi": "Đề nghị xác minh", "subject_zh": "请求核查",
                                      "reply_due": "2025-02-15"})
    records.create("letter", {"date": "2025-02-10", "direction": "outgoing", "counterpart": cp,
                              "our_ref": "45/BP", "subject_vi": "Trả lời", "in_reply_to": asked.uuid})
    records.create("talks", {"date": "2025-03-20", "counterpart": cp, "talks_type": "quarterly",
                             "place_vi": "Cửa khẩu Lào Cai", "place_zh": "河口口岸", "agreed_vi": "Điểm một\nĐiểm hai"},
                   [{"side": "vn", "name_vi": "Nguyễn Văn An", "is_head": True, "rank": "colonel"},
                    {"side": "cn", "name_zh": "王建国", "is_head": True, "role_zh": "站长"}])
    records.create("meeting", {"date": "2025-04-02", "counterpart": mapo.uuid, "participants": 6,
                               "purpose_vi": "Gặp gỡ đầu năm"})
    records.create("patrol", {"date": "2025-04-10", "counterpart": cp, "teams": 2, "personnel": 14,
                              "section_vi": "Mốc 102 – 104"}, ["102", "103(2)", "104"])
    records.create("handover", {"date": "2025-04-15", "counterpart": cp, "direction": "received", "gate": gate.uuid,
                                "verification_requested": "2025-04-15"},
                   [{"name": "Lý Thị Mai", "sex": "F", "birth_year": 1990, "nationality": "VN"},
                    {"name": "Vàng A Sáng", "sex": "M", "document": "B1234567", "address": "Bát Xát, Lào Cai"}])
    records.create("handover", {"date": "2025-04-16", "direction": "handed_over", "persons": 3})
    records.create("case", {"date": "2025-05-05", "category": "smuggling", "persons": 4,
                            "outcome": "administrative_handling", "summary_vi": "Buôn lậu thuốc lá", "summary_zh": "走私香烟"})
    records.create("case", {"date": "2025-05-06", "category": "drugs", "persons": 1,
                            "outcome": "criminal_proceedings", "counterpart": mapo.uuid})
    records.create("friendship", {"date": "2025-01-25", "counterpart": cp, "activity_type": "holiday_visit",
                                  "participants": 12, "description_vi": "Chúc Tết", "description_zh": "拜年"})


def snapshot() -> dict[str, list[dict]]:
    """Every live record as plain data, identity aside, its counterpart by name (uuids differ per database)."""
    names = registry.counterpart_names()
    gates = {g.uuid: g.name_vi for g in m.BorderGate.select()}
    letters = {u: (d.isoformat(), s) for u, d, s in m.Letter.select(m.Letter.uuid, m.Letter.date,
                                                                     m.Letter.subject_vi).tuples()}
    out = {}
    for kind in CLI_KINDS:
        rows = []
        for r in records.list_records(kind, order="date", limit=None):
            d = records.to_dict(r)
            for k in IDENTITY_FIELDS + ("id",):
                d.pop(k)
            d["counterpart"] = names.get(d["counterpart"])
            if "gate" in d:
                d["gate"] = gates.get(d["gate"])
            if d.get("in_reply_to"):
                d["in_reply_to"] = letters[d["in_reply_to"]]
            rows.append(d)
        out[kind] = rows
    return out


def record_count() -> int:
    return sum(model.select().count() for model in m.RECORD_MODELS + m.CHILD_MODELS + (m.CounterpartUnit,))


def write_csv(path: Path, rows: list[list], *, bom: bool = False, delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


# --- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_kind_exported_and_imported_at_another_post_gives_the_same_records(post, fmt):
    fill()
    before, counts = snapshot(), stats.stats(*YEAR, include_friendship=True)
    for kind in CLI_KINDS:
        assert spreadsheet.export_file(post / f"{kind}.{fmt}", kind) == len(before[kind])
    if fmt == "csv":
        assert (post / "talks.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    fresh_post(post)
    for kind in ("letter",) + tuple(k for k in CLI_KINDS if k != "letter"):
        result = spreadsheet.import_file(post / f"{kind}.{fmt}", kind)
        assert result.created == len(before[kind]) and result.updated == 0
    assert snapshot() == before
    assert stats.stats(*YEAR, include_friendship=True) == counts
    # The counterparts came with them, with both names, and only once each.
    units = {(c.name_vi, c.name_zh) for c in m.CounterpartUnit.select()}
    assert (HEKOU_VI, HEKOU_ZH) in units and len(units) == 2


def test_a_csv_without_bom_is_read_the_same(post):
    fill()
    before = snapshot()["hotline_call"]
    spreadsheet.export_file(post / "calls.csv", "hotline_call")
    raw = (post / "calls.csv").read_bytes()
    (post / "calls.csv").write_bytes(raw[3:])  # as a program other than Excel writes it
    fresh_post(post)
    assert spreadsheet.import_file(post / "calls.csv", "hotline_call").created == 2
    assert snapshot()["hotline_call"] == before


def test_reimporting_an_edited_export_updates_the_same_records(post):
    fill()
    spreadsheet.export_file(post / "cases.csv", "case")
    rows = list(csv.reader(open(post / "cases.csv", encoding="utf-8-sig", newline="")))
    head = rows[0]
    rows[1][head.index("persons")] = "5"
    write_csv(post / "cases.csv", rows, bom=True)
    old = records.list_records("case", order="date")[0]
    result = spreadsheet.import_file(post / "cases.csv", "case")
    assert (result.created, result.updated) == (0, 2)
    assert records.count("case") == 2
    new = records.get("case", old.uuid)
    assert new.persons == 5 and new.version > old.version and new.seq > old.seq and new.created_at == old.created_at


def test_an_update_keeps_the_columns_the_file_does_not_have(post):
    fill()
    call = records.list_records("hotline_call", order="date")[0]
    write_csv(post / "c.csv", [["id", "date", "direction"], [call.uuid, "2025-03-14", "outgoing"]])
    spreadsheet.import_file(post / "c.csv", "hotline_call")
    again = records.get("hotline_call", call.uuid)
    assert again.direction == "outgoing" and again.subject_zh == "通报情况"
    assert again.counterpart == call.counterpart


# --- what the officers' own sheets look like ------------------------------------------------


def test_the_minimum_columns_of_every_kind_with_dates_in_both_formats(post):
    registry.create("counterpart", {"name_vi": HEKOU_VI, "name_zh": HEKOU_ZH})
    sheets = {
        "hotline_call": [["Date", "Direction", "Counterpart", "Subject"],
                         ["14/03/2025", "incoming", HEKOU_ZH, "Thông báo"], ["2025-03-15", "Outgoing", HEKOU_VI, ""]],
        "letter": [["date", "direction", "counterpart", "subject"], ["1/2/2025", "incoming", HEKOU_ZH, "Thư"]],
        "talks": [["date", "counterpart", "members"], ["20/03/2025", HEKOU_ZH, "9"]],
        "meeting": [["date", "counterpart", "persons"], ["2025-04-02", HEKOU_ZH, "6"]],
        "patrol": [["date", "counterpart", "teams", "personnel"], ["10/04/2025", HEKOU_ZH, "2", "14"]],
        "handover": [["date", "counterpart", "direction", "persons"], ["15/04/2025", HEKOU_ZH, "received", "3"]],
        "case": [["date", "category", "persons", "outcome"], ["05/05/2025", "smuggling", "4", "handed_over"],
                 ["06/05/2025", "drugs", "1", "criminal_proceedings"]],
        "friendship": [["date", "counterpart", "participants", "activity_type"], ["25/01/2025", HEKOU_ZH, "12", "award"]],
    }
    for kind, rows in sheets.items():
        assert spreadsheet.import_file(write_csv(post / f"{kind}.csv", rows), kind).created == len(rows) - 1
    got = stats.stats(*YEAR, include_friendship=True)
    assert got["talks"] == {"count": 1, "members": 9}
    assert got["meetings"] == {"count": 1, "persons": 6}
    assert got["patrols"] == {"count": 1, "teams": 2, "personnel": 14}
    assert got["handovers"] == {"count": 1, "persons": 3}
    assert got["cases"]["by_category"] == {"smuggling": {"count": 1, "persons": 4}, "drugs": {"count": 1, "persons": 1}}
    assert got["friendship"] == {"count": 1, "participants": 12}
    calls = records.list_records("hotline_call", order="date")
    assert [c.date for c in calls] == [dt.date(2025, 3, 14), dt.date(2025, 3, 15)]
    assert calls[1].direction == "outgoing"
    assert m.CounterpartUnit.select().count() == 1  # matched by the Chinese and the Vietnamese name


def test_semicolons_blank_lines_and_odd_headers(post):
    path = post / "calls.csv"
    path.write_text("\ufeffDATE ; Direction;COUNTERPART;Subject ZH;STT\n\n14/03/2025;incoming;Trạm Hà Khẩu;通报;1\n"
                    ";;;;\n15/03/2025;outgoing;Trạm Hà Khẩu;;2\n", encoding="utf-8")
    pv = spreadsheet.preview(path, "hotline_call")
    assert pv.ok and [r.number for r in pv.rows] == [3, 5] and pv.ignored == ["STT"]
    assert pv.new_counterparts == ["Trạm Hà Khẩu"]
    assert records.count("hotline_call") == 0  # a preview writes nothing
    assert spreadsheet.import_file(path, "hotline_call").created == 2
    assert records.list_records("hotline_call", order="date")[0].subject_zh == "通报"


def test_a_new_counterpart_is_created_once_and_matched_by_its_chinese_name_next_time(post):
    write_csv(post / "a.csv", [["date", "direction", "counterpart", "counterpart_zh"],
                               ["2025-03-14", "incoming", "Trạm Thiên Bảo", "天保站"],
                               ["2025-03-15", "incoming", "trạm thiên bảo", ""]])
    result = spreadsheet.import_file(post / "a.csv", "hotline_call")
    assert result.counterparts_created == ["Trạm Thiên Bảo"]
    unit = registry.find_counterpart("天保站")
    assert unit.name_vi == "Trạm Thiên Bảo"
    write_csv(post / "b.csv", [["date", "direction", "counterpart"], ["2025-03-16", "outgoing", "天保站"],
                               ["2025-03-17", "outgoing", "TRẠM THIÊN BẢO"]])
    assert spreadsheet.import_file(post / "b.csv", "hotline_call").counterparts_created == []
    assert {c.counterpart for c in records.list_records("hotline_call")} == {unit.uuid}
    # The new unit is in the registry's search, like one typed in by hand.
    assert any(h["id"] == unit.uuid for h in search_index.search(DB, "thien bao"))


def test_a_chinese_only_counterpart_keeps_its_chinese_name(post):
    write_csv(post / "a.csv", [["date", "direction", "counterpart"], ["2025-03-14", "incoming", "那坡边境管理大队"]])
    spreadsheet.import_file(post / "a.csv", "hotline_call")
    unit = m.CounterpartUnit.get()
    assert unit.name_zh == "那坡边境管理大队"


def test_child_rows_typed_in_short(post):
    write_csv(post / "t.csv", [["date", "delegation"], ["2025-03-20", "vn: Nguyễn Văn An; cn: 王建国; cn: 李明"]])
    spreadsheet.import_file(post / "t.csv", "talks")
    talks = records.list_records("talks")[0]
    assert talks.participants == 3
    assert [(c["side"], c["name_vi"] or c["name_zh"]) for c in records.children_of(talks)] == [
        ("vn", "Nguyễn Văn An"), ("cn", "王建国"), ("cn", "李明")]
    write_csv(post / "h.csv", [["date", "direction", "people"], ["2025-03-21", "received", "Lý Thị Mai; Vàng A Sáng"]])
    spreadsheet.import_file(post / "h.csv", "handover")
    assert records.list_records("handover")[0].persons == 2
    write_csv(post / "p.csv", [["date", "markers"], ["2025-03-22", "102; 103"]])
    spreadsheet.import_file(post / "p.csv", "patrol")
    assert [c["marker"] for c in records.children_of(records.list_records("patrol")[0])] == ["102", "103"]
    # Found by a name without its accents, like any record saved from a form.
    assert search_index.search(DB, "vang a sang")[0]["kind"] == "handover"


def test_an_xlsx_from_excel_with_real_dates_numbers_and_times(post):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Time", "Direction", "Counterpart", "Subject", "Our ref"])
    ws.append([dt.datetime(2025, 3, 14), dt.time(8, 30), "incoming", HEKOU_VI, "Thông báo", None])
    ws.append([])
    ws.append(["15/03/2025", "14:05", "outgoing", HEKOU_VI, "Hỏi", None])
    wb.save(post / "calls.xlsx")
    assert spreadsheet.import_file(post / "calls.xlsx", "hotline_call").created == 2
    first = records.list_records("hotline_call", order="date")[0]
    assert (first.date, first.time) == (dt.date(2025, 3, 14), "08:30")
    wb = Workbook()
    wb.active.append(["date", "category", "persons", "outcome"])
    wb.active.append([dt.date(2025, 5, 5), "Smuggling", 4.0, "other"])
    wb.save(post / "cases.xlsx")
    spreadsheet.import_file(post / "cases.xlsx", "case")
    case = records.list_records("case")[0]
    assert (case.category, case.persons) == ("smuggling", 4)


# --- all or nothing ---------------------------------------------------------------------------


def test_a_bad_row_in_the_middle_writes_nothing_and_is_named(post):
    fill()
    before, index = record_count(), DB.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0]
    seen = []
    undo = events.subscribe(seen.append)
    rows = [["date", "direction", "counterpart", "subject"]]
    rows += [["2025-03-%02d" % d, "incoming", "Trạm mới", f"Cuộc gọi {d}"] for d in range(1, 6)]
    rows += [["2025-03-06", "sideways", "Trạm mới", "Sai"]]
    rows += [["2025-03-%02d" % d, "outgoing", "Trạm mới", f"Cuộc gọi {d}"] for d in range(7, 12)]
    write_csv(post / "calls.csv", rows)
    with pytest.raises(spreadsheet.ImportFailed) as info:
        spreadsheet.import_file(post / "calls.csv", "hotline_call")
    undo()
    [problem] = info.value.problems
    assert (problem.row, problem.column) == (7, "direction")
    assert "incoming, outgoing" in problem.reason
    assert str(problem).startswith("row 7, column direction: ")
    assert record_count() == before
    assert DB.execute_sql("SELECT count(*) FROM search_doc").fetchone()[0] == index
    assert registry.find_counterpart("Trạm mới") is None and seen == []


def test_every_problem_of_a_file_is_listed_with_row_column_and_reason(post):
    write_csv(post / "cases.csv", [
        ["Date", "Category", "Persons", "Outcome", "people"],
        ["31/02/2025", "smuggling", "1", "other", ""],
        ["2025-03-01", "piracy", "-2", "other", ""],
        ["2025-03-02", "drugs", "1", "jailed", ""],
        ["2099-03-03", "drugs", "1", "other", ""],
    ])
    pv = spreadsheet.preview(post / "cases.csv", "case")
    got = {(p.row, p.column) for p in pv.problems}
    assert got == {(2, "Date"), (3, "Category"), (3, "Persons"), (4, "Outcome"), (5, "Date")}
    assert pv.ignored == ["people"] and not pv.ok
    assert "criminal_proceedings" in next(p.reason for p in pv.problems if p.column == "Outcome")


def test_child_row_problems_name_the_entry(post):
    write_csv(post / "h.csv", [["date", "direction", "persons", "people"],
                               ["2025-03-21", "received", "3", '[{"name": "A"}, {"name": "B", "birth_year": 1800}]'],
                               ["2025-03-22", "received", "", "[{broken"]])
    problems = spreadsheet.preview(post / "h.csv", "handover").problems
    assert sorted((p.row, p.column) for p in problems) == [(2, "people"), (2, "persons"), (3, "people")]
    assert any(p.reason.startswith("entry 2 (birth_year): ") for p in problems)


def test_missing_required_columns_and_unreadable_files(post):
    write_csv(post / "x.csv", [["day", "counterpart"], ["2025-03-01", "A"]])
    problems = spreadsheet.preview(post / "x.csv", "hotline_call").problems
    assert {(p.row, p.column) for p in problems} == {(1, "date"), (1, "direction")}
    # Excel's plain "CSV" on a Chinese Windows writes GBK.
    (post / "gbk.csv").write_bytes("date,direction,subject\n2025-03-01,incoming,通报情况\n".encode("gbk"))
    with pytest.raises(spreadsheet.BorderDeskError, match="UTF-8"):
        spreadsheet.preview(post / "gbk.csv", "hotline_call")
    (post / "x.xls").write_bytes(b"old")
    with pytest.raises(spreadsheet.BorderDeskError, match=".xlsx"):
        spreadsheet.preview(post / "x.xls", "hotline_call")
    (post / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(spreadsheet.BorderDeskError, match="Excel"):
        spreadsheet.preview(post / "fake.xlsx", "hotline_call")


def test_an_id_of_another_kind_or_twice_in_the_file_is_refused(post):
    fill()
    case = records.list_records("case")[0]
    write_csv(post / "c.csv", [["id", "date", "direction"], [case.uuid, "2025-03-01", "incoming"],
                               ["5b0c8f0e-0000-4000-8000-000000000001", "2025-03-02", "incoming"],
                               ["5b0c8f0e-0000-4000-8000-000000000001", "2025-03-03", "incoming"],
                               ["not-an-id", "2025-03-03", "incoming"]])
    problems = spreadsheet.preview(post / "c.csv", "hotline_call").problems
    assert [(p.row, p.column) for p in problems] == [(2, "id"), (4, "id"), (5, "id")]


def test_an_import_is_one_change_event_and_stamps_every_row(post):
    seen = []
    undo = events.subscribe(seen.append)
    write_csv(post / "c.csv", [["date", "direction"]] + [["2025-03-01", "incoming"]] * 3)
    spreadsheet.import_file(post / "c.csv", "hotline_call")
    undo()
    assert [c.action for c in seen] == ["import"] and seen[0].kind == "hotline_call"
    calls = records.list_records("hotline_call", order="date")
    assert {c.site for c in calls} == {"PL"} and {c.changed_by for c in calls} == {"officer1"}
    assert len({c.version for c in calls}) == 3 and len({c.seq for c in calls}) == 3
    # Later saves keep counting from where the import stopped.
    later = records.create("hotline_call", {"date": "2025-03-02", "direction": "incoming"})
    assert later.seq > max(c.seq for c in calls) and later.version > max(c.version for c in calls)


def test_progress_is_reported_and_cancel_writes_nothing(post):
    write_csv(post / "c.csv", [["date", "direction"]] + [["2025-03-01", "incoming"]] * 30)
    calls = []
    spreadsheet.import_file(post / "c.csv", "hotline_call", progress=lambda *a: calls.append(a))
    assert calls[-1][0] == calls[-1][1] == 30
    with pytest.raises(spreadsheet.Cancelled):
        spreadsheet.import_file(post / "c.csv", "hotline_call", progress=lambda *a: False)
    assert records.count("hotline_call") == 30


def test_export_a_date_range(post):
    fill()
    n = spreadsheet.export_file(post / "calls.xlsx", "hotline_call", dt.date(2025, 3, 15), dt.date(2025, 3, 31))
    assert n == 1


# --- the command line, as headquarters' scripts run it ----------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "borderdesk", "--lang", "en", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_imports_exports_and_names_bad_rows(tmp_path):
    db = str(tmp_path / "pl.sqlite")
    assert run("--db", db, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long",
               "--no-encryption").returncode == 0
    good = write_csv(tmp_path / "calls.csv", [["date", "direction", "counterpart", "subject"],
                                              ["14/03/2025", "incoming", HEKOU_ZH, "Thông báo"],
                                              ["2025-03-15", "outgoing", HEKOU_ZH, "Hỏi"]], bom=True)
    dry = run("--db", db, "import", str(good), "--kind", "hotline_call", "--dry-run")
    assert dry.returncode == 0 and "nothing was written" in dry.stdout
    done = run("--db", db, "import", str(good), "--kind", "hotline_call")
    assert done.returncode == 0, done.stderr
    assert "Imported 2 rows" in done.stdout and HEKOU_ZH in done.stdout
    bad = write_csv(tmp_path / "bad.csv", [["date", "direction", "subject"], ["2025-03-16", "incoming", "a"],
                                           ["2025-03-17", "upward", "b"], ["2025-13-01", "incoming", "c"]])
    failed = run("--db", db, "import", str(bad), "--kind", "hotline_call")
    assert failed.returncode == 1 and failed.stdout == ""
    lines = failed.stderr.strip().splitlines()
    assert lines[0] == "borderdesk: row 3, column direction: Not one of the allowed values: incoming, outgoing."
    assert lines[1].startswith("borderdesk: row 4, column date: ") and "Traceback" not in failed.stderr
    out = tmp_path / "out.xlsx"
    exported = run("--db", db, "export", str(out), "--kind", "hotline_call", "--from", "2025-03-01", "--to", "15/03/2025")
    assert exported.returncode == 0 and "Exported 2 records" in exported.stdout
    listed = run("--db", db, "list", "--kind", "hotline_call", "--json")
    assert listed.stdout.count('"id"') == 2  # the failed import left nothing behind
    missing = run("--db", db, "import", str(tmp_path / "nope.csv"), "--kind", "case")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_an_officer_imports_and_a_new_counterpart_comes_with_the_records(post):
    from borderdesk.trust import accounts

    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("officer2", "officer-pass-1", "officer")
    accounts.authenticate("officer2", "officer-pass-1")
    write_csv(post / "c.csv", [["date", "direction", "counterpart"], ["2025-03-14", "incoming", "Trạm Thiên Bảo"]])
    result = spreadsheet.import_file(post / "c.csv", "hotline_call")
    assert result.counterparts_created == ["Trạm Thiên Bảo"]
    assert records.list_records("hotline_call")[0].changed_by == "officer2"
    accounts.logout()
    with pytest.raises(accounts.PermissionDenied):
        spreadsheet.import_file(post / "c.csv", "hotline_call")
    assert records.count("hotline_call") == 1


def test_excel_sep_hint_line_and_tabs(post):
    (post / "a.csv").write_text("sep=;\ndate;direction;subject\n14/03/2025;incoming;a;b\n", encoding="utf-8")
    pv = spreadsheet.preview(post / "a.csv", "hotline_call")
    assert pv.ok and [r.number for r in pv.rows] == [2]
    (post / "b.csv").write_text("date\tdirection\tsubject\n2025-03-14\tsideways\tx\n", encoding="utf-8")
    assert [(p.row, p.column) for p in spreadsheet.preview(post / "b.csv", "hotline_call").problems] == [
        (2, "direction")]


def test_an_imported_reply_marks_the_letter_it_answers(post):
    asked = records.create("letter", {"date": "2025-02-01", "direction": "incoming", "reply_due": "2025-02-15"})
    write_csv(post / "l.csv", [["date", "direction", "subject", "in_reply_to"],
                               ["2025-02-10", "outgoing", "Trả lời", asked.uuid]])
    spreadsheet.import_file(post / "l.csv", "letter")
    again = records.get("letter", asked.uuid)
    assert again.answered_on == dt.date(2025, 2, 10) and again.version > asked.version
    assert records.count("letter", status="overdue", today=dt.date(2025, 3, 1)) == 0


def test_markers_named_in_a_sheet_are_the_registrys_as_in_a_form(post, tmp_path):
    """A marker cell is matched to the registry like a form's marker box (its number, a name, any
    accents or Unicode form); a marker number the registry lacks is added to it; other text that
    names no marker is refused in one line and nothing is written."""
    import unicodedata

    registry.create("marker", {"number": "97", "name_vi": "Cột mốc 97", "name_zh": "97号界碑"})
    nfd = unicodedata.normalize("NFD", "Cột mốc 97")
    write_csv(post / "h.csv", [["date", "direction", "marker"], ["2025-03-21", "received", nfd],
                               ["2025-03-22", "received", "97号界碑"], ["2025-03-23", "handed_over", "Mốc 1118"]])
    preview = spreadsheet.preview(post / "h.csv", "handover")
    assert preview.ok and preview.new_markers == ["1118"]
    result = spreadsheet.import_file(post / "h.csv", "handover")
    assert result.markers_created == ["1118"]
    assert sorted(r.marker for r in records.list_records("handover")) == ["1118", "97", "97"]
    assert registry.match("marker", "1118").number == "1118"
    # a patrol's markers: one known by its name without accents, one new, one already planned
    write_csv(post / "p.csv", [["date", "markers"], ["2025-03-24", "cot moc 97; 1119; Mốc 1119"]])
    result = spreadsheet.import_file(post / "p.csv", "patrol")
    assert result.markers_created == ["1119"]
    assert [c["marker"] for c in records.children_of(records.list_records("patrol")[0])] == ["97", "1119", "1119"]
    assert m.BoundaryMarker.select().where(m.BoundaryMarker.number == "1119").count() == 1
    # text that is no marker: the row is named, nothing of the file is written
    before = m.Handover.select().count()
    write_csv(post / "bad.csv", [["date", "direction", "marker"], ["2025-03-25", "received", "97"],
                                 ["2025-03-26", "received", "gốc cây đa đầu bản"]])
    with pytest.raises(spreadsheet.ImportFailed) as failed:
        spreadsheet.import_file(post / "bad.csv", "handover")
    (problem,) = failed.value.problems
    assert problem.row == 3 and "gốc cây đa đầu bản" in problem.reason and "1118 or 94/1" in problem.reason
    assert m.Handover.select().count() == before


def test_older_free_text_markers_survive_their_own_export_imported_again(post, tmp_path):
    """A record saved before markers were checked may hold free text: its own export imports again."""
    rec = records.create("handover", {"date": dt.date(2025, 3, 1), "direction": "received",
                                      "marker": "khu vực mốc 97"})
    out = tmp_path / "h.csv"
    spreadsheet.export_file(out, "handover")
    result = spreadsheet.import_file(out, "handover")
    assert result.updated == 1 and records.get("handover", rec.uuid).marker == "khu vực mốc 97"
