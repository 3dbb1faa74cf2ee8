"""Completion that ignores accents and case, in either language: "Muong" finds "Mường Khương",
"hekou" nothing but "河口" finds 河口出入境边防检查站.

The one place where the desk folds text for completion (the list search folds in the search
index): :func:`fold` removes diacritics (đ included, which Unicode does not decompose),
case and repeated spaces; :class:`FoldingCompleter` matches the folded text typed anywhere in
the folded entries and puts the entry itself, accents and all, in the box.
"""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter

FOLD_ROLE = Qt.UserRole + 7
_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """*text* without diacritics, case or doubled spaces ("Đồn  Mường" -> "don muong")."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).casefold().split())


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
