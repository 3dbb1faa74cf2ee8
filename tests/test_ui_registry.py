"""The registry screens: an officer fixes a unit's Chinese name, merges a duplicate, corrects a holiday."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from borderdesk.services import calendar, records, registry
from borderdesk.ui.registry import RegistryView
from borderdesk.ui.registry.merge_dialog import MergeDialog


@pytest.fixture
def view(post_db, qtbot):
    v = RegistryView()
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    return v


def test_an_officer_adds_a_counterpart_unit_and_fixes_its_chinese_name(view, qtbot):
    tab = view.show_kind("counterpart")
    tab.new_entry()
    tab.form.editors["name_vi"].setText("Trạm Kiểm tra Biên phòng Cửa khẩu Hà Khẩu")
    tab.form.editors["name_zh"].setText("河口口岸")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert tab.row_count() == 1
    unit = registry.list_entries("counterpart")[0]
    assert unit.name_zh == "河口口岸"

    # Later: the full official name, typed into the same form.
    tab.select(unit.uuid)
    assert tab.form.editors["name_vi"].text().startswith("Trạm")
    tab.form.editors["name_zh"].setText("河口出入境边防检查站")
    tab.form.editors["name_zh"].textEdited.emit("河口出入境边防检查站")
    assert tab.dirty
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert registry.get("counterpart", unit.uuid).name_zh == "河口出入境边防检查站"
    assert tab.table.item(0, 1).text() == "河口出入境边防检查站"

    # Search finds it by a part of the Chinese name.
    tab.search.setText("边防")
    tab.refresh()
    assert tab.row_count() == 1
    tab.search.setText("Lào Cai")
    tab.refresh()
    assert tab.row_count() == 0


def test_a_post_without_a_name_shows_the_error_on_the_field_and_saves_nothing(view, qtbot):
    tab = view.show_kind("post")
    before = len(registry.list_entries("post"))
    tab.new_entry()
    tab.form.editors["code"].setText("BAD CODE")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert tab.form.error_text("name_vi")
    assert tab.form.error_text("code")
    assert tab.form.errors["name_vi"].isVisible()
    assert len(registry.list_entries("post")) == before
    # Fixed, it saves and the errors go away.
    tab.form.editors["code"].setText("PH")
    tab.form.editors["name_vi"].setText("Đồn Biên phòng Pò Hèn")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert not tab.form.error_text("name_vi")
    assert len(registry.list_entries("post")) == before + 1


def test_delete_an_officer_then_undo(view, qtbot):
    from borderdesk.i18n import _
    officer = registry.create("officer", {"name_vi": "Nguyễn Văn An", "rank": "major"})
    tab = view.show_kind("officer")
    tab.refresh()
    assert tab.select(officer.uuid)
    assert tab.form.editors["rank"].currentText() == _("Major")  # in the interface's language
    qtbot.mouseClick(tab.delete_button, Qt.LeftButton)
    assert tab.row_count() == 0
    assert tab.undo_button.isVisibleTo(tab)
    qtbot.mouseClick(tab.undo_button, Qt.LeftButton)
    assert tab.row_count() == 1
    assert not registry.get("officer", officer.uuid).deleted


def test_merging_a_duplicate_unit_moves_its_records(view, qtbot, monkeypatch):
    keep = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu", "name_zh": "河口出入境边防检查站"})
    dup = registry.create("counterpart", {"name_vi": "Tram Ha Khau"})
    for day in ("2025-03-01", "2025-03-02"):
        records.create("hotline_call", {"date": day, "direction": "incoming", "counterpart": dup.uuid})
    records.create("letter", {"date": "2025-03-03", "direction": "incoming", "counterpart": dup.uuid})
    records.create("hotline_call", {"date": "2025-03-04", "direction": "outgoing", "counterpart": keep.uuid})

    seen = {}

    def fake_exec(dialog: MergeDialog) -> int:
        # The officer picks the duplicate and the one to keep, reads the preview, confirms.
        dialog.duplicate.setCurrentIndex(dialog.duplicate.findData(dup.uuid))
        dialog.keep.setCurrentIndex(dialog.keep.findData(keep.uuid))
        seen["preview"] = dialog.preview.text()
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", fake_exec)
    view.show_kind("counterpart")
    assert view.merge_duplicates() == 3
    assert "3" in seen["preview"]
    assert records.count("hotline_call", counterpart=keep.uuid) == 3
    assert records.count("letter", counterpart=keep.uuid) == 1
    assert registry.get("counterpart", dup.uuid).deleted
    assert view.entry_tabs["counterpart"].row_count() == 1


def test_the_merge_dialog_refuses_one_unit_twice(post_db, qtbot):
    unit = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu"})
    dialog = MergeDialog()
    qtbot.addWidget(dialog)
    dialog.duplicate.setCurrentIndex(dialog.duplicate.findData(unit.uuid))
    dialog.keep.setCurrentIndex(dialog.keep.findData(unit.uuid))
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert dialog.result() != QDialog.Accepted


def test_a_holiday_correction_is_added_shown_and_undone(view, qtbot):
    tab = view.show_kind("holidays")
    tab.country.setCurrentIndex(tab.country.findData("VN"))
    tab.year.setValue(2026)
    defaults = tab.defaults.rowCount()
    assert defaults > 5  # Tết and the other public holidays
    tab.new_correction()
    tab.day.setDate(QDate(2026, 5, 4))
    tab.day_off.setCurrentIndex(0)
    tab.name_vi.setText("Nghỉ bù 30/4")
    tab.name_zh.setText("补假")
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert tab.corrections.rowCount() == 1
    assert tab.defaults.rowCount() == defaults + 1
    assert not calendar.work_calendar("VN").is_working_day(dt.date(2026, 5, 4))

    # The same day twice is refused on the date field.
    tab.new_correction()
    tab.day.setDate(QDate(2026, 5, 4))
    qtbot.mouseClick(tab.save_button, Qt.LeftButton)
    assert tab.errors["day"].text()

    tab.corrections.selectRow(0)
    qtbot.mouseClick(tab.delete_button, Qt.LeftButton)
    assert tab.corrections.rowCount() == 0
    qtbot.mouseClick(tab.undo_button, Qt.LeftButton)
    assert tab.corrections.rowCount() == 1


def test_the_keyboard_saves_deletes_and_reverts(view, qtbot):
    gate = registry.create("gate", {"name_vi": "Cửa khẩu Mường Khương", "name_zh": "勐康口岸"})
    tab = view.show_kind("gate")
    tab.refresh()
    assert tab.select(gate.uuid)
    tab.form.editors["province"].setFocus()
    tab.form.editors["province"].setText("Lào Cai")
    qtbot.keyClick(tab.form.editors["province"], Qt.Key_S, Qt.ControlModifier)
    assert registry.get("gate", gate.uuid).province == "Lào Cai"

    tab.form.editors["province"].setText("wrong")
    tab.form.changed.emit()
    qtbot.keyClick(tab.form.editors["province"], Qt.Key_Escape)
    assert tab.form.editors["province"].text() == "Lào Cai"

    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key_Delete)
    assert registry.get("gate", gate.uuid).deleted


def test_leaving_an_edited_entry_asks_first(view, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    unit = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu"})
    tab = view.show_kind("counterpart")
    tab.refresh()
    tab.select(unit.uuid)
    tab.form.editors["province"].setText("Vân Nam")
    tab.form.changed.emit()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Cancel)
    assert not view.maybe_leave()
    view.tabs.setCurrentIndex(0)
    assert view.current_tab() is tab  # Cancel keeps the officer on the unsaved entry
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Save)
    assert view.maybe_leave()
    assert registry.get("counterpart", unit.uuid).province == "Vân Nam"
    assert len(asked) == 2
