"""Column widths that fit: every header readable, the table within its view's width.

A column given a width in characters is at least that wide and at least as wide as its
header (a header of several words longer than its column is broken onto two lines, in
tables that own their header items); the columns of width 0 share what is left, each
at least as wide as its header. The widths follow the view's width as it changes; call
:func:`fit_columns` again after a language switch (headers change width).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

#: room a header needs beside its text: margins and the sort arrow
HEADER_PADDING = 22


def _lines_width(fm: QFontMetrics, text: str) -> int:
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def two_lines(text: str, fm: QFontMetrics) -> str:
    """*text* broken at the space that makes its longer line shortest ("Last bundle\\nreceived")."""
    text = text.replace("\n", " ")
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    best = min(spaces, key=lambda i: max(fm.horizontalAdvance(text[:i]), fm.horizontalAdvance(text[i + 1:])))
    return text[:best] + "\n" + text[best + 1:]


def header_text(view: QAbstractItemView, column: int) -> str:
    model = view.model()
    text = model.headerData(column, Qt.Horizontal, Qt.DisplayRole) if model is not None else ""
    return str(text or "")


class _Fitter(QObject):
    """Keeps a view's columns fitted to its width (installed on the view by :func:`fit_columns`)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.fixed: dict[int, int] = {}
        self.stretch: dict[int, int] = {}  # column -> least width (its header)
        view.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.view and event.type() in (QEvent.Resize, QEvent.Show):
            self.apply()
        return False

    def apply(self) -> None:
        view = self.view
        for c, w in self.fixed.items():
            view.setColumnWidth(c, w)
        if not self.stretch:
            return
        room = view.viewport().width() - sum(self.fixed.values())
        share = max(room // len(self.stretch), 0)
        left = room
        for n, (c, least) in enumerate(sorted(self.stretch.items())):
            w = max(least, share if n < len(self.stretch) - 1 else left)
            view.setColumnWidth(c, w)
            left -= w


def fit_columns(view: QAbstractItemView, chars: list[int]) -> None:
    """Columns of *chars* characters (0: share the rest), never narrower than their header."""
    header = view.horizontalHeader()
    fm = header.fontMetrics()
    em = view.fontMetrics().averageCharWidth()
    fitter = view.findChild(_Fitter) or _Fitter(view)
    fitter.fixed.clear()
    fitter.stretch.clear()
    header.setStretchLastSection(False)
    for i, n in enumerate(chars):
        header.setSectionResizeMode(i, QHeaderView.Interactive)
        text = header_text(view, i)
        room = em * n + 12
        if n and isinstance(view, QTableWidget) and view.horizontalHeaderItem(i) is not None \
                and _lines_width(fm, text) + HEADER_PADDING > room:
            text = two_lines(text, fm)
            view.horizontalHeaderItem(i).setText(text)
        need = _lines_width(fm, text) + HEADER_PADDING
        if n:
            fitter.fixed[i] = max(room, need)
        else:
            fitter.stretch[i] = need
    fitter.apply()
