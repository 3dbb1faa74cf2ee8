"""Defaults that follow the record, the report page's periods, and a handover made with the
keyboard alone."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from borderdesk.services import records
from borderdesk.ui.documents.reports_view import ReportsView, quick_period
from tests.ui_helpers import type_into


def test_the_report_page_opens_on_this_quarter_with_quick_choices_and_several_posts(post_db, own_settings, qtbot):  # noqa: F811
    from borderdesk.services import registry

    registry.create("post", {"code": "TT", "name_vi": "Đồn Biên phòng Thanh Thủy"})
    view = ReportsView()
    qtbot.addWidget(view)
    today = dt.date.today()
    quarter = (today.month - 1) // 3 + 1
    assert view.period.currentData() == "quarter" and view.year.value() == today.year
    assert view.index.currentData() == quarter
    start, end = view.bounds()
    assert start == dt.date(today.year, 3 * quarter - 2, 1) and start <= today <= end
    # switching to months opens on this month, not January
    view.period.setCurrentIndex(view.period.findData("month"))
    assert view.index.currentData() == today.month
    # one click for last quarter, last year
    view.quick.setCurrentIndex(view.quick.findData("last_year"))
    view.quick.activated.emit(view.quick.currentIndex())
    assert view.bounds() == (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    assert quick_period("last_quarter", dt.date(2025, 2, 10)) == ("quarter", 2024, 4)
    # several posts at once
    view.post.setCurrentIndex(view.post.findData("__several__"))
    assert not view.posts_list.isHidden()
    for i in range(view.posts_list.count()):
        view.posts_list.item(i).setCheckState(Qt.Checked)
    assert sorted(view.posts()) == ["PL", "TT"]


def test_the_answering_side_follows_the_direction(window, qtbot):  # noqa: F811
    page = window.show_page("handover")
    page.new_record()
    form = page.form
    combo = form.editors["direction"].combo
    assert form.editors["verification_side"].value() == "vn"  # received: we answer
    combo.setFocus()
    combo.setCurrentIndex(combo.findData("handed_over"))
    combo.activated.emit(combo.currentIndex())  # the officer's choice
    assert form.editors["verification_side"].value() == "cn"
    type_into(form, "verification_requested", "02/10/2025")
    form._on_edited()
    # the deadline is counted in the Chinese calendar: National Day week is not working days
    assert "2025" in form.infos["deadline"].text()
    # still the officer's to change
    type_into(form, "verification_side", "vn")
    assert form.editors["verification_side"].value() == "vn"


def test_a_new_record_starts_with_today_the_usual_counterpart_and_the_officer(window, hekou):  # noqa: F811
    for n in range(3):
        records.create("hotline_call", {"date": dt.date.today() - dt.timedelta(days=n + 1), "direction": "incoming",
                                        "counterpart": hekou.uuid, "our_officer": "Thiếu tá Lò Văn Minh"})
    page = window.show_page("hotline_call")
    page.new_record()
    data, _kids = page.form.collect()
    assert data["date"] == dt.date.today()
    assert data["counterpart"] == hekou.uuid
    assert data["our_officer"] == "Thiếu tá Lò Văn Minh"
    assert not page.form.is_dirty()  # defaults are not unsaved changes


def _type(qtbot, text: str) -> None:
    """Key by key into whatever has the focus (the first key in a cell opens its editor)."""
    for ch in text:
        QTest.keyClicks(QApplication.focusWidget(), ch)


def test_a_handover_of_three_persons_without_the_mouse(window, qtbot, hekou):  # noqa: F811
    page = window.show_page("handover")
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)  # New: the cursor is in the first field
    form = page.form
    assert QApplication.focusWidget() is form.editors["date"].edit
    QApplication.focusWidget().selectAll()
    _type(qtbot, "01/10/2025")
    # Tab through the form to the persons table: every field is on the way, none is skipped
    table = form.children_table.table
    passed = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        passed.append(QApplication.focusWidget())
        if QApplication.focusWidget() is table:
            break
    assert QApplication.focusWidget() is table
    assert form.editors["persons"].edit in passed and form.editors["notes"].edit in passed
    for name in ("Nguyen Van An", "Lo Thi Binh", "Vang A Chu"):
        qtbot.keyClick(table, Qt.Key_Return)  # Enter on the last row adds a row, cursor in its name
        _type(qtbot, name)  # typing opens the cell's editor
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)  # and Enter closes it
        qtbot.waitUntil(lambda: table.state() != table.State.EditingState)  # Qt commits the cell queued
    assert table.rowCount() == 3
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert form.uuid is not None, form.general_error.text()
    row = records.get("handover", form.uuid)
    assert row.persons == 3 and row.date == dt.date(2025, 10, 1)
    assert [p["name"] for p in records.children_of(row)] == ["Nguyen Van An", "Lo Thi Binh", "Vang A Chu"]
    # the shortcuts are shown where the officer looks
    assert "Ctrl+S" in form.save_button.toolTip()
    assert "Enter" in form.children_table.add_buttons[0].toolTip()


def test_status_lines_follow_a_language_switch(window, qtbot, hekou):  # noqa: F811
    from borderdesk import i18n

    page = window.show_page("hotline_call")
    page.new_record()
    type_into(page.form, "direction", "incoming")
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Saved."
    page.delete()
    assert window._undo_label.text().startswith("Deleted: Hotline call of")
    window.change_language("vi")
    try:
        assert window.statusBar().currentMessage() == i18n.gettext_for("vi", "Saved.") != "Saved."
        assert window._undo_label.text().startswith("Đã xóa: ")
        assert "Hotline" not in window._undo_label.text()
    finally:
        window.change_language("en")
