"""Completion that ignores accents and case, in either language: "Muong" finds "Mường Khương",
"hekou" nothing but "河口" finds 河口出入境边防检查站.

Names are folded by the key the registry matches them by (:func:`borderdesk.domain.text.fold`:
no diacritics, đ included, no case, one Unicode form, single spaces); :class:`FoldingCompleter`
matches the folded text typed anywhere in the folded entries and puts the entry itself,
accents and all, in the box.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter

from borderdesk.domain.text import fold

FOLD_ROLE = Qt.UserRole + 7


class FoldingCompleter(QCompleter):
    """A pop-up completer over *entries* (the texts offered), matching without accents."""

    def __init__(self, entries: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setCompletionRole(FOLD_ROLE)
        self.setFilterMode(Qt.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitive)  # both sides are folded already
        self.setCompletionMode(QCompleter.PopupCompletion)
        self.set_entries(entries or [])

    def set_entries(self, entries: list[str]) -> None:
        self._model.clear()
        for text in dict.fromkeys(e for e in entries if e):
            item = QStandardItem(text)
            item.setData(fold(text), FOLD_ROLE)
            self._model.appendRow(item)

    def entries(self) -> list[str]:
        return [self._model.item(i).text() for i in range(self._model.rowCount())]

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index) -> str:
        return index.data(Qt.DisplayRole) or ""
