"""The print buttons of the talks and handover forms: both originals, the handover record and the
verification letter, previewed from the form the officer is looking at."""
from __future__ import annotations

from PySide6.QtCore import Qt

from borderdesk.services import records


import borderdesk.ui.documents as ui_documents  # noqa: E402


def _capture(monkeypatch, name: str) -> list:
    opened = []
    real = getattr(ui_documents, name)

    def spy(parent, uuid):
        dialog = real(parent, uuid)
        opened.append(dialog)
        return dialog

    monkeypatch.setattr(ui_documents, name, spy)
    return opened


def _ready(qtbot, dialog) -> int:
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=60000)
    assert not dialog.error
    return dialog.page_count()


def _no_questions(monkeypatch):
    """A complete record asks nothing: a question here would be a modal box that hangs the test."""
    from borderdesk.store import models as m
    from borderdesk.ui.documents import handover_preview, minutes_preview

    m.Post.update(name_zh="巴龙边防站").execute()  # the post's Chinese name (set up in the setup assistant)

    def fail(parent, missing):
        raise AssertionError(f"asked about gaps: {missing}")

    monkeypatch.setattr(handover_preview, "ask_print_anyway", fail)
    monkeypatch.setattr(minutes_preview, "ask_print_anyway", fail)


def _button(form, text: str):
    for b, label, _tip in form.print_buttons:
        if label == text:
            return b
    raise AssertionError(f"no print button {text!r}")


def test_the_handover_form_prints_the_record_and_the_letter(window, hekou, qtbot, monkeypatch):
    _no_questions(monkeypatch)
    row = records.create("handover", {"date": "2026-09-17", "direction": "handed_over", "counterpart": hekou.uuid,
                                      "verification_requested": "2026-09-17", "verification_side": "cn",
                                      "our_officer": "Nguyễn Đức Minh", "their_officer": "李强",
                                      "persons": 2},
                         [{"name": "Nguyễn Văn An", "name_zh": "阮文安", "sex": "M", "birth_year": 1990,
                           "nationality": "VN"},
                          {"name": "Lò Thị Hoa", "name_zh": "罗氏花", "sex": "F", "birth_year": 1998,
                           "nationality": "VN"}])
    page = window.show_page("handover")
    page.new_record()
    record_button = _button(page.form, "Print handover record…")
    assert not record_button.isEnabled()  # a record not saved prints nothing
    page.form.load(row.uuid)
    assert record_button.isEnabled()
    assert "name_zh" in [c.key for c in page.form.children_table.columns]

    opened = _capture(monkeypatch, "open_handover_preview")
    qtbot.mouseClick(record_button, Qt.LeftButton)
    assert opened and opened[0] is not None
    assert _ready(qtbot, opened[0]) == 4  # two originals, each text on its page

    letters = _capture(monkeypatch, "open_verification_preview")
    qtbot.mouseClick(_button(page.form, "Print verification request…"), Qt.LeftButton)
    assert letters and _ready(qtbot, letters[0]) == 2

    # Ctrl+P prints the form's first document
    more = _capture(monkeypatch, "open_handover_preview")
    window.print_record()
    assert more and _ready(qtbot, more[-1]) == 4


def test_the_talks_form_prints_both_originals(window, hekou, qtbot, monkeypatch):
    _no_questions(monkeypatch)
    people = [{"side": "vn", "is_head": True, "name_vi": "Nguyễn Văn An", "name_zh": "阮文安", "rank": "major",
               "role_vi": "Đồn trưởng", "role_zh": "站长"},
              {"side": "cn", "is_head": True, "name_vi": "Vương Kiến Quốc", "name_zh": "王建国",
               "rank": "cn_police_superintendent_2", "role_vi": "Sở trưởng", "role_zh": "所长"}]
    row = records.create("talks", {"date": "2026-09-17", "time": "08:30", "counterpart": hekou.uuid,
                                   "talks_type": "quarterly", "place_vi": "Cửa khẩu Pha Long",
                                   "place_zh": "巴龙口岸", "agenda_vi": "Trao đổi tình hình",
                                   "agenda_zh": "交流情况"}, people)
    page = window.show_page("talks")
    page.form.load(row.uuid)
    opened = _capture(monkeypatch, "open_minutes_preview")
    qtbot.mouseClick(_button(page.form, "Print minutes…"), Qt.LeftButton)
    assert opened and _ready(qtbot, opened[0]) >= 2  # both originals, each on pages of its own
    assert "BẢN NHÁP" not in opened[0].windowTitle()
    assert records.find(row.uuid).minutes_number == "01/BB-PL"
