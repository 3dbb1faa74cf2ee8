"""Every record kind through its form: create, edit, delete and undo; wrong fields; child rows."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from borderdesk.services import records, registry
from borderdesk.store.models import DB
from tests.ui_helpers import save_with_keyboard, type_into

#: for each kind, one of its bilingual fields and what an officer types in it
TEXT = {
    "hotline_call": ("subject", "Thông báo người vượt biên trái phép", "通报非法越境人员"),
    "letter": ("subject", "Đề nghị xác minh nhân thân", "请求核查身份"),
    "talks": ("place", "Nhà hội đàm cửa khẩu Lào Cai", "河口口岸会谈室"),
    "meeting": ("place", "Mốc 102", "102号界碑"),
    "patrol": ("section", "Đoạn mốc 95 đến mốc 102", "95号至102号界碑段"),
    "handover": ("verification_result", "Đúng là công dân Việt Nam", "确为越南公民"),
    "case": ("summary", "Vận chuyển trái phép pháo nổ", "非法运输烟花爆竹"),
    "friendship": ("place", "Đồn Biên phòng Pha Long", "越南巴龙边防站"),
}


@pytest.mark.parametrize("kind", list(TEXT))
def test_each_kind_is_created_edited_deleted_and_brought_back(window, hekou, qtbot, kind):
    base, vi, zh = TEXT[kind]
    page = window.show_page(kind)
    page.new_record()
    form = page.form
    type_into(form, "date", "05/03/2025")
    type_into(form, f"{base}_vi", vi)
    type_into(form, f"{base}_zh", zh)
    form.editors["counterpart"].set_value(hekou.uuid)
    save_with_keyboard(qtbot, window)
    rows = records.list_records(kind)
    assert len(rows) == 1, form.general_error.text()
    row = rows[0]
    assert (getattr(row, f"{base}_vi"), getattr(row, f"{base}_zh")) == (vi, zh)
    assert row.date == dt.date(2025, 3, 5) and row.counterpart == hekou.uuid
    assert page.list.model.rowCount() == 1 and page.list.current_uuid() == row.uuid

    # a mistake fixed: the Chinese text, saved with the button
    type_into(form, f"{base}_zh", zh + "。")
    qtbot.mouseClick(form.save_button, Qt.LeftButton)
    assert getattr(records.get(kind, row.uuid), f"{base}_zh") == zh + "。"

    # Delete on the list, then Ctrl+Z
    page.list.table.setFocus()
    qtbot.keyClick(page.list.table, Qt.Key_Delete)
    assert records.count(kind) == 0 and page.list.model.rowCount() == 0
    assert window._undo_box.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert records.count(kind) == 1 and page.list.model.rowCount() == 1
    assert form.uuid == row.uuid


@pytest.mark.parametrize("kind", ["hotline_call", "handover", "case"])
def test_a_wrong_date_is_shown_on_its_field_and_nothing_is_saved(window, qtbot, kind):
    page = window.show_page(kind)
    page.new_record()
    type_into(page.form, "date", "31/02/2025")
    save_with_keyboard(qtbot, window)
    assert records.count(kind) == 0
    # the format was right: the message says what is wrong with the date itself
    assert page.form.field_error("date") == "Month 2 of 2025 has only 28 days."
    assert page.form.editors["date"].edit.property("bad") is True
    # corrected, the message goes away and the record is saved
    type_into(page.form, "date", "28/02/2025")
    save_with_keyboard(qtbot, window)
    assert records.count(kind) == 1
    assert page.form.field_error("date") == ""


def test_a_handover_of_three_persons(window, hekou, qtbot):
    page = window.show_page("handover")
    page.new_record()
    form = page.form
    type_into(form, "date", "10/03/2025")
    type_into(form, "direction", "received")
    type_into(form, "verification_requested", "10/03/2025")
    people = form.children_table
    for name, sex, year in (("Vàng A Pao", "M", "1990"), ("Giàng Thị Mai", "F", "1995"), ("Lù Văn Sáng", "M", "1800")):
        qtbot.mouseClick(people.add_buttons[0], Qt.LeftButton)
        r = people.table.rowCount() - 1
        people.set_cell(r, "name", name)
        people.set_cell(r, "sex", sex)
        people.set_cell(r, "birth_year", year)
    assert form.editors["persons"].value() == 3
    # 10/03/2025 + 7 working days in Vietnam's calendar: 19/03/2025
    assert "19 Mar 2025" in form.infos["deadline"].text()

    save_with_keyboard(qtbot, window)
    assert records.count("handover") == 0
    msg = form.field_error("people.2.birth_year")
    assert msg.startswith("Row 3, Year of birth") and "1900" in msg

    people.set_cell(2, "birth_year", "1988")
    save_with_keyboard(qtbot, window)
    row = records.list_records("handover")[0]
    assert row.persons == 3 and row.verification_due == dt.date(2025, 3, 19)
    assert [p["name"] for p in records.children_of(row)] == ["Vàng A Pao", "Giàng Thị Mai", "Lù Văn Sáng"]

    # a person removed
    people.table.selectRow(1)
    qtbot.mouseClick(people.remove_button, Qt.LeftButton)
    save_with_keyboard(qtbot, window)
    row = records.get("handover", row.uuid)
    assert row.persons == 2 and len(records.children_of(row)) == 2

    # found again by part of a person's name, typed without accents
    page.list.filter_bar.search.setText("lu van")
    page.list.filter_bar.flush()
    assert page.list.model.rowCount() == 1 and page.list.model.uuid_at(0) == row.uuid


def test_talks_with_both_delegations(window, hekou, qtbot):
    page = window.show_page("talks")
    page.new_record()
    form = page.form
    type_into(form, "date", "15/01/2025")
    type_into(form, "talks_type", "quarterly")
    members = form.children_table
    qtbot.mouseClick(members.add_buttons[0], Qt.LeftButton)
    members.set_cell(0, "name_vi", "Nguyễn Văn An")
    members.set_cell(0, "is_head", True)
    members.set_cell(0, "rank", "lieutenant_colonel")
    # only our side: the service asks for the other delegation
    save_with_keyboard(qtbot, window)
    assert records.count("talks") == 0
    assert "Chinese side" in form.field_error("members")

    qtbot.mouseClick(members.add_buttons[1], Qt.LeftButton)
    members.set_cell(1, "name_zh", "王建国")
    members.set_cell(1, "name_vi", "Vương Kiến Quốc")
    members.set_cell(1, "is_head", True)
    members.set_cell(1, "rank", "Thượng tá")  # free text where the list has no fit
    members.set_cell(1, "role_zh", "所长")
    save_with_keyboard(qtbot, window)
    row = records.list_records("talks")[0]
    kids = records.children_of(row)
    assert [(k["side"], k["is_head"]) for k in kids] == [("vn", True), ("cn", True)]
    assert kids[0]["rank"] == "lieutenant_colonel" and kids[1]["rank"] == "Thượng tá"
    assert row.participants == 2

    # the head of the other delegation, typed in Chinese, finds the talks
    page.list.filter_bar.search.setText("王建国")
    page.list.filter_bar.flush()
    assert page.list.model.rowCount() == 1


def test_leaving_unsaved_changes_asks_first(window, qtbot):
    page = window.show_page("case")
    page.new_record()
    type_into(page.form, "summary_vi", "Bắt giữ vụ vận chuyển ma túy")
    answers = ["cancel"]
    page.form.ask_unsaved = lambda: answers.pop(0)
    window.show_page("dashboard")
    assert window.current_key() == "case"  # cancelled: still editing
    answers.append("save")
    window.show_page("dashboard")
    assert window.current_key() == "dashboard"
    assert records.count("case") == 1


def test_escape_forgets_the_edits(window, qtbot):
    page = window.show_page("friendship")
    page.new_record()
    type_into(page.form, "place_vi", "Cửa khẩu")
    assert page.form.is_dirty()
    page.form.editors["place_vi"].input_for("place_vi").setFocus()
    qtbot.keyClick(page.form.editors["place_vi"].input_for("place_vi"), Qt.Key_Escape)
    assert not page.form.is_dirty() and page.form.editors["place_vi"].values()["place_vi"] == ""


def test_duplicate_as_new_starts_from_a_saved_record(window, hekou, qtbot):
    for number in ("95", "102"):  # the markers a form names are the registry's
        registry.create("marker", {"number": number})
    page = window.show_page("patrol")
    page.new_record()
    type_into(page.form, "section_vi", "Đoạn mốc 95–102")
    page.form.children_table.add_row({"marker": "95"})
    page.form.children_table.add_row({"marker": "102"})
    save_with_keyboard(qtbot, window)
    first = page.form.uuid
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    assert page.form.uuid is None and page.form.is_dirty()
    save_with_keyboard(qtbot, window)
    assert records.count("patrol") == 2 and page.form.uuid != first
    assert [m["marker"] for m in records.children_of(records.get("patrol", page.form.uuid))] == ["95", "102"]


def _bulk_calls(n: int) -> None:
    """*n* hotline calls written straight to the table (a test of the list, not of the form)."""
    first = records.create("hotline_call", {"date": "2025-01-01", "direction": "incoming",
                                            "subject_vi": "Cuộc gọi mẫu"})
    d = {k: v for k, v in first.__data__.items()}
    cols = list(d)
    rows = []
    for i in range(n - 1):
        d2 = dict(d, uuid=f"bulk-{i:06d}", date=(dt.date(2024, 1, 1) + dt.timedelta(days=i % 700)).isoformat())
        rows.append(tuple(str(d2[c]) if isinstance(d2[c], (dt.date, dt.datetime)) else d2[c] for c in cols))
    DB.execute_sql("BEGIN")
    DB.cursor().executemany(f"INSERT INTO hotline_call ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    DB.execute_sql("COMMIT")


def test_a_long_list_reads_only_the_pages_it_shows(window, qtbot):
    _bulk_calls(2000)
    page = window.show_page("hotline_call")
    page.list.refresh()
    model = page.list.model
    assert model.rowCount() == 2000
    qtbot.waitUntil(lambda: model.fetched_rows() > 0)  # the view asked for what it paints
    assert model.fetched_rows() < 2000
    page.list.table.scrollToBottom()
    qtbot.wait(10)
    assert model.fetched_rows() < 2000
    # sorting by date, oldest first, asks the database again
    page.list.table.sortByColumn(0, Qt.AscendingOrder)
    assert model.order == "date"
    assert model.uuid_at(0) is not None and model.rowCount() == 2000


def test_the_filters_narrow_the_list(window, hekou, qtbot):
    for day, direction, answered in (("2025-03-01", "received", None), ("2025-03-10", "handed_over", None),
                                     ("2025-04-02", "received", "2025-04-05")):
        records.create("handover", {"date": day, "direction": direction, "counterpart": hekou.uuid if answered else None,
                                    "verification_requested": day, "verification_answered": answered})
    page = window.show_page("handover")
    bar, model = page.list.filter_bar, page.list.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)  # the list heard of the new records
    bar.combos["direction"][0].setCurrentIndex(bar.combos["direction"][0].findData("received"))
    assert model.rowCount() == 2
    bar.combos["status"][0].setCurrentIndex(bar.combos["status"][0].findData("answered"))
    assert model.rowCount() == 1
    bar.combos["status"][0].setCurrentIndex(0)
    bar.date_from.setText("02/03/2025")
    bar.date_from.editingFinished.emit()
    assert model.rowCount() == 1
    bar.date_from.setText("")
    bar.date_from.editingFinished.emit()
    bar.counterpart.set_uuid(hekou.uuid)
    assert model.rowCount() == 1 and page.list.count_label.text() == "1 record"

    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert bar.search.hasFocus()


def test_cases_filter_by_category(window, qtbot):
    records.create("case", {"date": "2025-03-01", "category": "smuggling", "persons": 2})
    records.create("case", {"date": "2025-03-02", "category": "drugs", "outcome": "criminal_proceedings"})
    page = window.show_page("case")
    bar, model = page.list.filter_bar, page.list.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    bar.combos["category"][0].setCurrentIndex(bar.combos["category"][0].findData("drugs"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, 1)) == "Drugs"
    assert model.data(model.index(0, 2)) == "Criminal proceedings opened"


def test_a_choice_column_is_as_wide_as_its_labels_in_the_language_shown(window, hekou, qtbot):
    """The handover list's direction column: "Tiếp nhận từ phía bạn" needs twice the room of 从对方接收;
    in Chinese the room goes to the columns beside it, in both languages no label is cut."""
    from borderdesk.domain import kinds as K
    from borderdesk.i18n import _
    from borderdesk.ui import language

    records.create("handover", {"date": "2025-03-05", "direction": "received", "handover_type": "handover",
                                "counterpart": hekou.uuid, "persons": 1, "verification_requested": "2025-03-05",
                                "verification_answered": "2025-03-12"})
    window.resize(1366, 768)
    page = window.show_page("handover")
    table = page.list.table
    cols = page.list.model.columns
    col = next(i for i, c in enumerate(cols) if c.key == "direction")
    status = next(i for i, c in enumerate(cols) if c.key == "verification_due")
    widths = {}
    try:
        for lang in ("vi", "zh"):
            language.switch_language(lang, remember=False)
            qtbot.wait(10)
            fm = table.fontMetrics()
            widest = max(fm.horizontalAdvance(_(v)) for v in K.HANDOVER_DIRECTIONS.values())
            assert not table.isColumnHidden(col)
            assert table.columnWidth(col) >= widest + 8, lang  # the label and the cell's margins
            widths[lang] = table.columnWidth(col)
            # the deadline's status, what an officer reads the list for, is whole too
            answered = page.list.model.data(page.list.model.index(0, status))
            assert answered.startswith(_("Answered {date}").split("{")[0])
            assert not table.isColumnHidden(status) and table.columnWidth(status) >= fm.horizontalAdvance(answered)
    finally:
        language.switch_language("en", remember=False)
    assert widths["zh"] < widths["vi"] * 0.75
