"""Helpers for the desk's GUI tests: a main window over a fresh post database, typing into forms."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from borderdesk.services import registry
from borderdesk.ui.signals import reset_bridge


@pytest.fixture
def own_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERDESK_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture
def hekou(post_db):
    """A counterpart unit across the border from Pha Long."""
    return registry.create("counterpart", {"name_vi": "Trạm Biên phòng Hà Khẩu", "name_zh": "河口边境派出所",
                                           "unit_type": "border_police_station"})


@pytest.fixture
def window(post_db, own_settings, qtbot):
    from borderdesk import i18n
    from borderdesk.ui.app import create_main_window

    i18n.set_language("en")  # the assertions read English; the conftest puts the language back
    reset_bridge()
    w = create_main_window()
    # pytest-qt closes the window before fixtures end: edits a test left unsaved are discarded
    # without a question (a test of the question sets its own answer)
    discard_unsaved_edits(w)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close()
    reset_bridge()


def type_into(form, name: str, text) -> None:
    """Type into a field as a user would (setText + the edit signal; no keyClicks for non-ASCII)."""
    ed = form.editors[name]
    widget = ed.input_for(name)
    if hasattr(widget, "setPlainText"):
        widget.setPlainText(str(text))  # textChanged is the user's signal here
    elif hasattr(widget, "currentIndexChanged") and hasattr(widget, "findData"):
        i = widget.findData(text)
        assert i >= 0, (name, text)
        widget.setCurrentIndex(i)
    elif hasattr(widget, "setValue"):
        widget.setValue(int(text))
    else:
        widget.setText(str(text))
        widget.textEdited.emit(str(text))


def save_with_keyboard(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)


def discard_unsaved_edits(w) -> None:
    """Every record page of window *w*, now or when it is built on its first visit, discards what a
    test left unsaved instead of asking."""
    from borderdesk.ui.main_window import LazyPage
    from borderdesk.ui.records.page import RecordPage

    def discard(page) -> None:
        if isinstance(page, RecordPage):
            page.form.ask_unsaved = lambda: "discard"

    for page in w.pages.values():
        if isinstance(page, LazyPage):
            page.built.connect(discard)
            if page.real is not None:
                discard(page.real)
        else:
            discard(page)
