"""The desk as an officer uses it: record a hotline call, find it, fix it, delete it and undo."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from borderdesk.services import records
from tests.ui_helpers import hekou, own_settings, save_with_keyboard, type_into, window  # noqa: F401


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
