"""What happens to what was typed: counts refuse what is not a number and say so on the field,
times are written the Vietnamese way too (9h30), dates say why they are not dates, and a
filter outlines a date that is not one."""
from __future__ import annotations

from PySide6.QtCore import Qt

from borderdesk import i18n
from borderdesk.services import records
from tests.ui_helpers import save_with_keyboard, type_into


def _leave(qtbot, widget) -> None:
    """The officer moves on (Tab): the box tidies its text or says what is wrong."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key_Tab)
    widget.editingFinished.emit()


def test_a_count_refuses_letters_and_minus_with_a_message(window, qtbot):  # noqa: F811
    page = window.show_page("case")
    page.new_record()
    form = page.form
    type_into(form, "category", "smuggling")
    box = form.editors["persons"].edit
    box.setText("")
    qtbot.keyClicks(box, "3a")  # a letter is kept as typed, not swallowed
    assert box.text() == "3a"
    assert box.property("bad") is True
    assert '"3a"' in form.field_error("persons")
    save_with_keyboard(qtbot, window)
    assert records.count("case") == 0
    box.setText("")
    qtbot.keyClicks(box, "-5")
    assert box.text() == "-5" and form.field_error("persons")  # not silently 5
    box.setText("")
    qtbot.keyClicks(box, "4")
    assert form.field_error("persons") == "" and box.property("bad") is False
    save_with_keyboard(qtbot, window)
    (row,) = records.list_records("case")
    assert row.persons == 4


def test_times_as_officers_write_them(window, qtbot, hekou):  # noqa: F811
    page = window.show_page("hotline_call")
    for typed, kept in (("9h30", "09:30"), ("9h", "09:00"), ("9:30", "09:30"), ("09:30", "09:30")):
        page.new_record()
        form = page.form
        type_into(form, "direction", "incoming")
        box = form.editors["time"].edit
        qtbot.keyClicks(box, typed)
        _leave(qtbot, box)
        assert box.text() == kept and form.field_error("time") == ""
        save_with_keyboard(qtbot, window)
        assert records.get("hotline_call", form.uuid).time == kept
    page.new_record()
    box = page.form.editors["time"].edit
    qtbot.keyClicks(box, "9h75")
    _leave(qtbot, box)
    assert box.property("bad") is True and "8h30" in page.form.field_error("time")


def test_dates_as_officers_write_them_and_the_cause_of_a_refusal(window, qtbot):  # noqa: F811
    page = window.show_page("case")
    for typed in ("1/3/2025", "01/03/2025", "2025-03-01"):
        page.new_record()
        type_into(page.form, "category", "smuggling")
        type_into(page.form, "date", typed)
        save_with_keyboard(qtbot, window)
        assert records.get("case", page.form.uuid).date.isoformat() == "2025-03-01", typed
    page.new_record()
    box = page.form.editors["date"].edit
    box.setText("")
    qtbot.keyClicks(box, "31/02/2025")
    _leave(qtbot, box)  # said when the officer leaves the box, before any save
    assert page.form.field_error("date") == "Month 2 of 2025 has only 28 days."
    window.change_language("vi")
    box.setText("")
    qtbot.keyClicks(box, "29/02/2025")
    _leave(qtbot, box)
    assert page.form.field_error("date") == "Tháng 2 năm 2025 chỉ có 28 ngày."
    i18n.set_language("en")


def test_a_filter_outlines_a_date_that_is_not_one_and_says_why(window, qtbot):  # noqa: F811
    bar = window.show_page("handover").list.filter_bar
    bar.date_from.setText("")
    qtbot.keyClicks(bar.date_from, "31/02/2025")
    _leave(qtbot, bar.date_from)
    assert bar.date_from.property("bad") is True
    assert not bar.date_error.isHidden() and bar.date_error.text() == "Month 2 of 2025 has only 28 days."
    bar.date_from.setText("")
    qtbot.keyClicks(bar.date_from, "28/02/2025")
    _leave(qtbot, bar.date_from)
    assert bar.date_from.property("bad") is False and bar.date_error.isHidden()
    assert bar.filters()["date_from"].isoformat() == "2025-02-28"


def test_completers_match_without_accents_and_in_either_language(window, qtbot):  # noqa: F811
    from borderdesk.domain import text
    from borderdesk.services import registry
    from borderdesk.ui.widgets import completer

    # one fold for the desk: the completers use the key the services match names by
    assert completer.fold is text.fold
    assert text.fold("Đồn Biên phòng Mường Khương") == "don bien phong muong khuong"
    registry.create("gate", {"name_vi": "Cửa khẩu Mường Khương", "name_zh": "勐康口岸"})
    registry.create("counterpart", {"name_vi": "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu",
                                    "name_zh": "河口出入境边防检查站"})
    registry.create("officer", {"name_vi": "Lò Văn Minh", "name_zh": "罗文明"})
    registry.create("marker", {"number": "107"})
    page = window.show_page("handover")
    page.form.editors["gate"].retranslate()  # the registry changed: the combos read it again
    page.form.editors["counterpart"].retranslate()
    page.new_record()
    for name, typed, found in (("gate", "Muong", "Cửa khẩu Mường Khương / 勐康口岸"),
                               ("gate", "勐康", "Cửa khẩu Mường Khương / 勐康口岸"),
                               ("counterpart", "ha khau", "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu / 河口出入境边防检查站")):
        combo = page.form.editors[name].combo
        comp = combo.completer()
        comp.setCompletionPrefix(typed)
        assert comp.completionCount() == 1, (typed, comp.completionCount())
        assert comp.currentCompletion() == found
        comp.activated[str].emit(comp.currentCompletion())  # the officer picks it
        assert combo.currentText() == found and page.form.editors[name].value()
    calls = window.show_page("hotline_call")
    calls.new_record()
    officer = calls.form.editors["our_officer"].edit.completer()
    officer.setCompletionPrefix("lo van")
    assert officer.currentCompletion() == "Lò Văn Minh"
    officer.setCompletionPrefix("罗文")
    assert officer.currentCompletion() == "罗文明"
    marker = window.show_page("handover").form.editors["marker"].edit.completer()
    window.show_page("handover").new_record()
    marker.setCompletionPrefix("10")
    assert marker.currentCompletion() == "107"


def test_an_empty_date_box_shows_its_hint_in_the_new_language(window, qtbot):  # noqa: F811
    from borderdesk.i18n import gettext_for
    from borderdesk.ui import language

    page = window.show_page("audit")
    bar = window.show_page("handover").list.filter_bar
    try:
        language.switch_language("zh", remember=False)
        for box in (page.date_from, bar.date_from, window.show_page("handover").form.editors["date"].edit):
            assert box.placeholderText() == gettext_for("zh", "dd/mm/yyyy") != "dd/mm/yyyy"
    finally:
        language.switch_language("en", remember=False)
    assert page.date_to.placeholderText() == "dd/mm/yyyy"
