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
    """*text* broken where its longer line is shortest: at a space ("Last bundle\nreceived"), or
    before a bracket in Chinese, which has no spaces ("姓名\n（越文）")."""
    text = text.replace("\n", " ")
    cuts = [(i, i + 1) for i, ch in enumerate(text) if ch == " "]
    cuts += [(i, i) for i, ch in enumerate(text) if ch in "(（" and i > 0 and text[i - 1] != " "]
    if not cuts:
        return text
    a, b = min(cuts, key=lambda ab: max(fm.horizontalAdvance(text[:ab[0]]), fm.horizontalAdvance(text[ab[1]:])))
    return text[:a] + "\n" + text[b:]


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
        self.optional: list[int] = []  # columns left out, first to last, when the view is too narrow
        self._busy = False
        # the viewport's own size, which a vertical scroll bar coming or going changes too, and
        # any change that makes the table wider than its view (a row header growing with rows)
        view.viewport().installEventFilter(self)
        view.horizontalScrollBar().rangeChanged.connect(lambda _lo, hi: hi > 0 and self.apply())

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Resize, QEvent.Show):
            self.apply()
        return False

    def apply(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self._apply()
        finally:
            self._busy = False

    def _apply(self) -> None:
        view = self.view
        width = view.viewport().width()
        hidden = set()
        need = sum(self.fixed.values()) + sum(self.stretch.values())
        for c in self.optional:
            if need <= width:
                break
            hidden.add(c)
            need -= self.fixed.get(c, 0) + self.stretch.get(c, 0)
        for c in set(self.fixed) | set(self.stretch):
            view.setColumnHidden(c, c in hidden)
        fixed = {c: w for c, w in self.fixed.items() if c not in hidden}
        stretch = {c: w for c, w in self.stretch.items() if c not in hidden}
        for c, w in fixed.items():
            view.setColumnWidth(c, w)
        if not stretch:
            return
        # the columns that need most take what they need first; the others share what is left
        left = width - sum(fixed.values())
        items = sorted(stretch.items(), key=lambda kv: -kv[1])
        for n, (c, least) in enumerate(items):
            w = max(least, left // (len(items) - n))
            view.setColumnWidth(c, w)
            left -= w


def fit_columns(view: QAbstractItemView, chars: list[int], optional: list[int] = (),
                least: int | list[int] = 8) -> None:
    """Columns of *chars* characters (0: share the rest), never narrower than their header.

    :param optional: columns to leave out, in this order, while the view is too narrow for all.
    :param least: characters a column that shares the rest keeps at the least (one for all, or
        one a column).
    """
    leasts = list(least) if isinstance(least, (list, tuple)) else [least] * len(chars)
    header = view.horizontalHeader()
    fm = header.fontMetrics()
    em = view.fontMetrics().averageCharWidth()
    fitter = view.findChild(_Fitter) or _Fitter(view)
    fitter.fixed.clear()
    fitter.stretch.clear()
    fitter.optional = list(optional)
    # margins, and the sort arrow where the table sorts
    pad = HEADER_PADDING if getattr(view, "isSortingEnabled", lambda: False)() else HEADER_PADDING - 10
    header.setStretchLastSection(False)
    for i, n in enumerate(chars):
        header.setSectionResizeMode(i, QHeaderView.Interactive)
        text = header_text(view, i)
        room = em * n + 12
        # a long header of a table that owns its header items goes onto two lines rather than
        # widening its column (fixed columns) or the table (columns that share the rest)
        limit = room if n else max(leasts[i], 10) * em
        if isinstance(view, QTableWidget) and view.horizontalHeaderItem(i) is not None \
                and _lines_width(fm, text) + pad > limit:
            text = two_lines(text, fm)
            view.horizontalHeaderItem(i).setText(text)
        need = _lines_width(fm, text) + pad
        if n:
            fitter.fixed[i] = max(room, need)
        else:
            fitter.stretch[i] = max(need, leasts[i] * em)  # a text column shows a few words at least
    wrapped = any("\n" in header_text(view, i) for i in range(len(chars)))
    header.setMinimumHeight(2 * fm.lineSpacing() + 10 if wrapped else 0)
    fitter.apply()
