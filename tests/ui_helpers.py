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
