"""A counterpart unit typed into a form, as a new user would: kept, never dropped.

On a fresh database the registry is empty; the officer types the unit's name into the
hotline call's counterpart box and saves. The desk asks once (close matches, or add it
named in both languages) and the record keeps the unit. A name the registry holds in
another case, without accents or decomposed (NFD) is the same unit, asked nothing.
"""
from __future__ import annotations

import unicodedata

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from borderdesk.services import records, registry
from tests.ui_helpers import save_with_keyboard, type_into

HEKOU_STATION = "河口出入境边防检查站"


def _type_counterpart(qtbot, form, text: str) -> None:
    """Type into the box through the input method, as a Chinese or Vietnamese keyboard does."""
    box = form.editors["counterpart"].combo.lineEdit()
    box.setFocus()
    box.clear()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(box, event)
    assert box.text() == text


def _a_new_call(qtbot, window):
    page = window.show_page("hotline_call")
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    form = page.form
    type_into(form, "date", "14/03/2025")
    type_into(form, "direction", "incoming")
    type_into(form, "subject_vi", "Thông báo tình hình biên giới")
    return form


def _answer_when_asked(qtbot, answer) -> list:
    """Run *answer(dialog)* on the dialog the save opens; the list tells whether one opened."""
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "new_entry_dialog":
            QTimer.singleShot(20, look)
            return
        seen.append(dialog)
        answer(dialog)

    QTimer.singleShot(0, look)
    return seen


def test_a_unit_typed_on_a_fresh_database_is_added_after_asking_in_both_languages(window, qtbot):
    assert registry.list_entries("counterpart") == []
    form = _a_new_call(qtbot, window)
    _type_counterpart(qtbot, form, HEKOU_STATION)

    def add(dialog):
        assert dialog.findChild(QLineEdit, "name_zh").text() == HEKOU_STATION  # what was typed, in its language
        dialog.findChild(QPushButton, "add_entry").click()  # the Vietnamese name is missing: asked for
        assert dialog.isVisible() and "both languages" in dialog.error.text()
        dialog.findChild(QLineEdit, "name_vi").setText("Trạm Kiểm soát xuất nhập cảnh Hà Khẩu")
        dialog.findChild(QPushButton, "add_entry").click()

    asked = _answer_when_asked(qtbot, add)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (call,) = records.list_records("hotline_call")
    (unit,) = registry.list_entries("counterpart")
    assert (unit.name_vi, unit.name_zh) == ("Trạm Kiểm soát xuất nhập cảnh Hà Khẩu", HEKOU_STATION)
    assert call.counterpart == unit.uuid
    assert form.editors["counterpart"].value() == unit.uuid
    assert HEKOU_STATION in form.editors["counterpart"].combo.currentText()


def test_going_back_keeps_the_typed_name_and_saves_nothing(window, qtbot):
    form = _a_new_call(qtbot, window)
    _type_counterpart(qtbot, form, HEKOU_STATION)
    asked = _answer_when_asked(qtbot, lambda dialog: dialog.reject())
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    assert records.list_records("hotline_call") == [] and registry.list_entries("counterpart") == []
    assert form.editors["counterpart"].combo.currentText() == HEKOU_STATION
    assert form.field_error("counterpart")


def test_a_close_match_is_offered_and_chosen(window, hekou, qtbot):
    form = _a_new_call(qtbot, window)
    _type_counterpart(qtbot, form, "Tram Bien phong Ha Kau")  # a letter missing

    def choose(dialog):
        assert dialog.matches.count() == 1
        dialog.findChild(QPushButton, "use_match").click()

    asked = _answer_when_asked(qtbot, choose)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (call,) = records.list_records("hotline_call")
    assert call.counterpart == hekou.uuid and len(registry.list_entries("counterpart")) == 1


def test_the_same_name_in_another_form_is_the_same_unit_without_asking(window, hekou, qtbot):
    nfd = unicodedata.normalize("NFD", "TRẠM BIÊN PHÒNG HÀ KHẨU")
    assert nfd != unicodedata.normalize("NFC", nfd)
    for typed in (nfd, "tram bien phong ha khau"):
        form = _a_new_call(qtbot, window)
        _type_counterpart(qtbot, form, typed)
        asked = _answer_when_asked(qtbot, lambda dialog: dialog.reject())
        save_with_keyboard(qtbot, window)
        assert asked == []
    assert [c.counterpart for c in records.list_records("hotline_call")] == [hekou.uuid, hekou.uuid]
    assert len(registry.list_entries("counterpart")) == 1


# --- boundary markers: the box keeps the marker's number ---------------------------------------------

@pytest.fixture
def markers(post_db):
    return [registry.create("marker", {"number": "108", "name_vi": "Mốc 108", "name_zh": "108号界碑"}),
            registry.create("marker", {"number": "109"})]


def _commit(box, text: str) -> None:
    """Text committed by the input method into *box* (a line edit), as a Vietnamese keyboard does."""
    box.setFocus()
    box.clear()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(box, event)
    assert box.text() == text


def _a_new_handover(qtbot, window, marker: str):
    page = window.show_page("handover")
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    form = page.form
    type_into(form, "date", "15/03/2025")
    type_into(form, "direction", "received")
    _commit(form.editors["marker"].edit, marker)
    return form


def test_a_marker_named_in_another_form_is_taken_without_asking(window, markers, qtbot):
    nfd = unicodedata.normalize("NFD", "MỐC 108")
    assert nfd != unicodedata.normalize("NFC", nfd)
    for typed in (nfd, "108号界碑", " 109 "):
        form = _a_new_handover(qtbot, window, typed)
        asked = _answer_when_asked(qtbot, lambda dialog: dialog.reject())
        save_with_keyboard(qtbot, window)
        assert asked == []
    assert sorted(h.marker for h in records.list_records("handover")) == ["108", "108", "109"]
    assert form.editors["marker"].value() == "109"
    assert len(registry.list_entries("marker")) == 2


def test_a_marker_close_to_one_of_the_registry_is_chosen(window, markers, qtbot):
    _a_new_handover(qtbot, window, "1090")

    def choose(dialog):
        assert [dialog.matches.item(i).text() for i in range(dialog.matches.count())] == ["109"]
        dialog.findChild(QPushButton, "use_match").click()

    asked = _answer_when_asked(qtbot, choose)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (handover,) = records.list_records("handover")
    assert handover.marker == "109" and len(registry.list_entries("marker")) == 2


def test_a_new_marker_is_added_with_its_number_after_asking(window, markers, qtbot):
    form = _a_new_handover(qtbot, window, "Mốc 1118")

    def add(dialog):
        assert dialog.findChild(QLineEdit, "number").text() == "1118"  # the number out of what was typed
        dialog.findChild(QLineEdit, "name_vi").setText("Mốc 1118")
        dialog.findChild(QPushButton, "add_entry").click()  # a name in one language only: asked for the other
        assert dialog.isVisible() and "both languages" in dialog.error.text()
        dialog.findChild(QLineEdit, "name_zh").setText("1118号界碑")
        dialog.findChild(QPushButton, "add_entry").click()

    asked = _answer_when_asked(qtbot, add)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (handover,) = records.list_records("handover")
    added = registry.match("marker", "1118")
    assert (added.number, added.name_vi, added.name_zh) == ("1118", "Mốc 1118", "1118号界碑")
    assert handover.marker == "1118" and form.editors["marker"].value() == "1118"


def test_a_marker_corrected_in_the_dialog_to_one_of_the_registry_is_that_one(window, markers, qtbot):
    _a_new_handover(qtbot, window, "Mốc 1O8")  # a letter O for the zero

    def correct(dialog):
        number = dialog.findChild(QLineEdit, "number")
        assert number.text() == "1O8"
        number.setText("108")
        dialog.findChild(QPushButton, "add_entry").click()

    asked = _answer_when_asked(qtbot, correct)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (handover,) = records.list_records("handover")
    assert handover.marker == "108" and len(registry.list_entries("marker")) == 2  # no second 108


def test_going_back_from_a_marker_keeps_it_typed_and_saves_nothing(window, markers, qtbot):
    form = _a_new_handover(qtbot, window, "Mốc 1118")
    asked = _answer_when_asked(qtbot, lambda dialog: dialog.reject())
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    assert records.list_records("handover") == [] and len(registry.list_entries("marker")) == 2
    assert form.editors["marker"].value() == "Mốc 1118" and form.field_error("marker")


def test_the_markers_a_patrol_covered_are_confirmed_one_by_one(window, markers, qtbot):
    page = window.show_page("patrol")
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    form = page.form
    type_into(form, "date", "16/03/2025")
    table = form.children_table
    for typed in ("mốc 108", "1118"):
        table.table.setFocus()
        qtbot.keyClick(table.table, Qt.Key_Return)  # Enter on the last row adds a row, cursor in its cell
        table.table.editItem(table.table.currentItem())
        (editor,) = [e for e in table.table.viewport().findChildren(QLineEdit) if e.isVisible()]
        assert editor.completer().entries() == ["108", "109"]  # the registry's markers, offered as typed
        _commit(editor, typed)
        qtbot.keyClick(editor, Qt.Key_Return)  # and Enter closes it
        qtbot.waitUntil(lambda: table.table.state() != table.table.State.EditingState)  # committed queued
    assert table.rows() == [{"marker": "mốc 108"}, {"marker": "1118"}]

    def add(dialog):
        assert dialog.findChild(QLineEdit, "number").text() == "1118"
        dialog.findChild(QPushButton, "add_entry").click()  # a number is enough for a marker

    asked = _answer_when_asked(qtbot, add)
    save_with_keyboard(qtbot, window)
    assert len(asked) == 1
    (patrol,) = records.list_records("patrol")
    assert [m.marker for m in patrol.markers] == ["108", "1118"]
    assert [table.rows()[i]["marker"] for i in range(2)] == ["108", "1118"]
