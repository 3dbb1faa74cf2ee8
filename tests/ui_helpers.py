"""Helpers for the desk's GUI tests: typing into forms, saving (the fixtures live in ``conftest.py``)."""
from __future__ import annotations

from PySide6.QtCore import Qt


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
        if isinstance(page, LazyPage) and hasattr(page, "built"):
            page.built.connect(discard)
            if page.real is not None:
                discard(page.real)
        else:
            discard(page)
