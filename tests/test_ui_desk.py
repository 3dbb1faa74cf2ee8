"""The desk as an officer uses it: record a hotline call, find it, fix it, delete it and undo."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from borderdesk.services import records
from tests.ui_helpers import save_with_keyboard, type_into


def test_an_officer_records_a_hotline_call_and_finds_it_again(window, hekou, qtbot):
    page = window.show_page("hotline_call")
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    form = page.form
    type_into(form, "date", "14/03/2025")
    type_into(form, "time", "08:30")
    type_into(form, "direction", "incoming")
    form.editors["counterpart"].set_value(hekou.uuid)
    type_into(form, "subject_vi", "Thông báo tuần tra song phương")
    type_into(form, "subject_zh", "通报双边巡逻")
    type_into(form, "counterpart_officer", "Lý Minh")
    assert form.is_dirty()
    save_with_keyboard(qtbot, window)
    assert not form.is_dirty()
    saved = records.list_records("hotline_call")
    assert len(saved) == 1 and saved[0].subject_zh == "通报双边巡逻"
    assert saved[0].date == dt.date(2025, 3, 14)
    assert page.list.model.rowCount() == 1

    # typed without accents, part of a word
    page.list.filter_bar.search.setText("tuan tra")
    qtbot.waitUntil(lambda: page.list.model.filters.get("text") == "tuan tra", timeout=2000)
    assert page.list.model.rowCount() == 1
    page.list.filter_bar.search.setText("khong co gi")
    page.list.filter_bar.flush()
    assert page.list.model.rowCount() == 0


def test_the_dashboard_shows_what_falls_due_and_opens_it(window, hekou, qtbot):
    today = dt.date.today()
    late = records.create("handover", {"date": today - dt.timedelta(days=30), "direction": "received",
                                       "counterpart": hekou.uuid,
                                       "verification_requested": today - dt.timedelta(days=30)},
                          [{"name": "Vàng A Pao"}])
    records.create("letter", {"date": today, "direction": "incoming", "subject_vi": "Đề nghị trao đổi",
                              "reply_due": today + dt.timedelta(days=90)})
    dash = window.pages["dashboard"]
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: dash.due.rowCount() == 1)  # refreshed on the change signal
    assert "overdue" in dash.due.item(0, 3).text()
    letters = dash.cards.cards["letter"]
    assert letters.name.text() == "Letters" and letters.figure.text() == "1"  # this quarter
    assert letters.month.text() == "This month: 1 (same month last year: 0)"
    assert letters.change.text().startswith("▲ 1 more")  # said in words, not by colour alone
    assert letters.chart.now[-1] == 1 and sum(letters.chart.before) == 0
    assert dash.latest.rowCount() == 2

    dash.due.setCurrentCell(0, 0)
    qtbot.keyClick(dash.due, Qt.Key_Return)
    assert window.current_key() == "handover"
    assert window.pages["handover"].form.uuid == late.uuid


def test_the_menus_follow_a_language_switch(window, qtbot):
    page = window.show_page("talks")
    window.change_language("zh")
    assert window.lang_actions["zh"].isChecked()
    # texts are set again from the catalog (English where a string is not translated yet)
    assert page.form.save_button.text()
    assert page.list.model.headerData(0, Qt.Horizontal) == page.list.model.headerData(0, Qt.Horizontal)
    window.change_language("en")
    assert window.file_menu.title() == "&File"
    assert page.form.title.text().startswith("New: Talks")


def test_ctrl_p_on_talks_opens_the_minutes(window, monkeypatch, qtbot):
    import borderdesk.ui.documents as docs

    opened = []
    monkeypatch.setattr(docs, "open_minutes_preview", lambda parent, uuid: opened.append(uuid))
    page = window.show_page("talks")
    page.new_record()
    type_into(page.form, "agenda_vi", "Trao đổi tình hình")
    save_with_keyboard(qtbot, window)
    qtbot.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    assert opened == [page.form.uuid]


def test_in_vietnamese_the_deadline_reads_in_working_days(window, qtbot):
    window.change_language("vi")
    page = window.show_page("handover")
    page.new_record()
    type_into(page.form, "verification_requested", "10/03/2025")
    assert page.form.infos["deadline"].text() == "Hạn 19/03/2025 — quá hạn {n} ngày làm việc".format(
        n=_working_days_since(dt.date(2025, 3, 19)))
    assert page.form.save_button.text() == "&Lưu"


def _working_days_since(due: dt.date) -> int:
    from borderdesk.services import calendar

    return -calendar.calendar_for_side("vn").working_days_between(dt.date.today(), due)


def test_window_size_and_filters_are_remembered(post_db, own_settings, qtbot):
    from borderdesk.ui.app import create_main_window

    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    w.resize(1111, 777)
    page = w.show_page("handover")
    page.list.filter_bar.combos["status"][0].setCurrentIndex(2)
    w.close()
    again = create_main_window()
    qtbot.addWidget(again)
    again.show()
    from borderdesk.ui import settings as ui_settings

    assert ui_settings.value("geometry/main_window") is not None  # the offscreen screen clamps sizes
    assert again.pages["handover"].list.filter_bar.filters()["status"] == "overdue"
    assert again.pages["handover"].list.model.filters == {"status": "overdue"}


def test_ctrl_and_a_digit_moves_between_pages(window, qtbot):
    qtbot.keyClick(window, Qt.Key_2, Qt.ControlModifier)
    assert window.current_key() == "hotline_call"
    qtbot.keyClick(window, Qt.Key_1, Qt.ControlModifier)
    assert window.current_key() == "dashboard"


def test_a_record_changed_elsewhere_shows_its_new_text(window, qtbot):
    row = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Cũ"})
    page = window.show_page("hotline_call")
    page.open_record(row.uuid, refresh=True)
    records.update("hotline_call", row.uuid, {"subject_vi": "Mới"})
    qtbot.waitUntil(lambda: page.form.collect()[0]["subject_vi"] == "Mới")


def test_enter_on_a_row_puts_the_cursor_in_its_form(window, qtbot):
    row = records.create("case", {"date": "2025-03-14", "category": "drugs"})
    page = window.show_page("case")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1)
    page.list.table.setFocus()
    page.list.table.setCurrentIndex(page.list.model.index(0, 0))
    assert page.form.uuid == row.uuid
    qtbot.keyClick(page.list.table, Qt.Key_Return)
    assert page.form.editors["date"].edit.hasFocus()


def test_every_page_of_the_window_is_its_real_class(window, qtbot):
    """No page stands in for another: a page whose module is broken fails here, not silently."""
    from borderdesk.ui.dashboard import Dashboard
    from borderdesk.ui.documents.reports_view import ReportsView
    from borderdesk.ui.records.page import RecordPage
    from borderdesk.ui.registry import RegistryView
    from borderdesk.ui.sync import SyncView
    from borderdesk.ui.trust import AuditView

    expected = {"dashboard": Dashboard, "registry": RegistryView, "reports": ReportsView, "sync": SyncView,
                "audit": AuditView}
    expected.update({kind: RecordPage for kind in records.KINDS})
    assert set(window.pages) == set(expected)
    for key, cls in expected.items():
        page = window.page(key)
        assert type(page) is cls, key
        window.show_page(key)
        assert window.current_page() is page


def test_a_page_whose_module_is_broken_is_an_error(window, monkeypatch):
    import importlib

    import pytest

    real = importlib.import_module

    def broken(name, *args):
        if name == "borderdesk.ui.registry":
            raise ImportError("broken on purpose")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ImportError, match="on purpose"):
        window.page("registry")


def test_the_navigation_counts_the_overdue_verifications_until_one_is_answered(window, hekou, qtbot):
    """Finding 8: the navigation says where something waits (a count beside the entry, its meaning
    in the tooltip), and the count follows what the officer does in the form."""
    from borderdesk.ui.navigation import BADGE_ROLE

    long_ago = dt.date.today() - dt.timedelta(days=60)
    row = records.create("handover", {"date": long_ago.isoformat(), "direction": "handed_over",
                                      "counterpart": hekou.uuid, "persons": 1, "verification_side": "cn",
                                      "verification_requested": long_ago.isoformat()})
    nav = window.nav
    item = next(nav.item(i) for i in range(nav.count()) if nav.item(i).data(Qt.UserRole) == "handover")
    window.refresh_badges()
    qtbot.waitUntil(lambda: item.data(BADGE_ROLE) == 1, timeout=10000)
    assert item.toolTip() == "1 verifications overdue"

    page = window.show_page("handover")
    page.open_record(row.uuid)
    type_into(page.form, "verification_answered", dt.date.today().strftime("%d/%m/%Y"))
    save_with_keyboard(qtbot, window)
    qtbot.waitUntil(lambda: item.data(BADGE_ROLE) == 0, timeout=10000)
    assert item.toolTip() == item.text()
