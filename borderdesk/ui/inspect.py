"""What an officer sees on a screen, read back from the live widgets.

Used by the language and size walks (tests) and by ``borderdesk screenshots``, which
reports any screen that needs a horizontal scroll bar at the size it renders:

- :func:`visible_texts`: every text a widget shows (labels, buttons, headers, tabs,
  placeholders, combo items, menu entries, window titles);
- :func:`cut_texts`: texts wider than the widget that shows them (a label clipped, a
  button squeezed, a column header or a tab too narrow for its title);
- :func:`horizontal_scrollbars`: scroll areas that need a horizontal scroll bar.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QCheckBox, QComboBox, QGroupBox, QHeaderView,
                               QLabel, QLineEdit, QMenu, QMenuBar, QPlainTextEdit, QPushButton, QRadioButton, QTabBar,
                               QTextEdit, QToolButton, QWidget)

_MNEMONIC = re.compile(r"&(?=[^&])")
#: room a header section needs beside its text (margins, the sort arrow)
HEADER_PADDING = 4  # what Qt itself gives a header sized to its contents


@dataclass(frozen=True)
class Seen:
    where: str  # the widget's class and object name, to find it
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text!r}"


def _where(w: QWidget) -> str:
    name = w.objectName()
    parent = w.parentWidget()
    chain = []
    while parent is not None and len(chain) < 3:
        chain.append(type(parent).__name__)
        parent = parent.parentWidget()
    return f"{type(w).__name__}{'#' + name if name else ''} in {'/'.join(chain)}"


def plain(text: str) -> str:
    """The text without mnemonic ampersands ("&Save" reads "Save")."""
    return _MNEMONIC.sub("", text).replace("&&", "&")


def shown(w: QWidget) -> bool:
    return w.isVisibleTo(w.window()) and w.window().isVisible() if w.window() is not w else w.isVisible()


def _widgets(root: QWidget) -> list[QWidget]:
    found = [root] + root.findChildren(QWidget)
    return [w for w in found if shown(w)]


def menu_texts(menu: QMenu | QMenuBar, where: str = "menu") -> list[Seen]:
    out = []
    for act in menu.actions():
        if act.isSeparator() or not act.isVisible():
            continue
        if act.text():
            out.append(Seen(where, plain(act.text())))
        if act.toolTip() and act.toolTip() != act.text() and plain(act.toolTip()) != plain(act.text()):
            out.append(Seen(where + " tooltip", act.toolTip()))
        if act.menu() is not None:
            out += menu_texts(act.menu(), where)
    return out


def _header_texts(header: QHeaderView) -> list[tuple[int, str]]:
    model = header.model()
    if model is None:
        return []
    out = []
    for i in range(header.count()):
        if header.isSectionHidden(i):
            continue
        text = model.headerData(i, header.orientation(), Qt.DisplayRole)
        if text not in (None, ""):
            out.append((i, str(text)))
    return out


def visible_texts(root: QWidget) -> list[Seen]:
    """Every text the widgets under *root* show (data cells of tables excluded)."""
    out: list[Seen] = []
    if root.isWindow() and root.windowTitle():
        out.append(Seen("window title", root.windowTitle()))
    for w in _widgets(root):
        where = _where(w)
        if isinstance(w, QLabel) and w.text():
            text = w.text()
            if GuiQt.mightBeRichText(text):
                text = re.sub(r"<[^>]+>", " ", text)
            out.append(Seen(where, plain(text)))
        elif isinstance(w, QAbstractButton) and w.text():
            out.append(Seen(where, plain(w.text())))
        elif isinstance(w, QGroupBox) and w.title():
            out.append(Seen(where, plain(w.title())))
        elif isinstance(w, QTabBar):
            out += [Seen(where, plain(w.tabText(i))) for i in range(w.count()) if w.isTabVisible(i)]
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Horizontal:
            out += [Seen(where, t) for _i, t in _header_texts(w)]
        elif isinstance(w, QLineEdit) and w.placeholderText():
            out.append(Seen(where + " placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)) and w.placeholderText():
            out.append(Seen(where + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox) and not w.isEditable():
            out += [Seen(where + " item", w.itemText(i)) for i in range(w.count()) if w.itemText(i)]
        elif isinstance(w, (QMenuBar, QMenu)):
            out += menu_texts(w, type(w).__name__)
        if w.toolTip() and not isinstance(w, (QMenuBar, QMenu)):
            out.append(Seen(where + " tooltip", re.sub(r"<[^>]+>", " ", w.toolTip())))
    return out


def _label_cut(w: QLabel) -> bool:
    text = w.text()
    if not text or w.wordWrap() or GuiQt.mightBeRichText(text) or w.pixmap() is not None and not w.pixmap().isNull():
        return False
    fm = w.fontMetrics()
    lines = plain(text).split("\n") if w.buddy() is not None else text.split("\n")
    need = max(fm.horizontalAdvance(line) for line in lines)
    room = w.contentsRect().width() - 2 * w.margin() - max(w.indent(), 0)
    return need > room + 1


def _button_cut(w: QAbstractButton) -> bool:
    if not w.text():
        return False
    if isinstance(w, (QPushButton, QCheckBox, QRadioButton, QToolButton)):
        return w.sizeHint().width() > w.width() + 1
    return False


def cut_texts(root: QWidget) -> list[Seen]:
    """Texts wider than the widget that shows them, under *root*."""
    out: list[Seen] = []
    for w in _widgets(root):
        if w.width() <= 0:
            continue
        if isinstance(w, QLabel) and _label_cut(w):
            out.append(Seen(_where(w), w.text()))
        elif isinstance(w, QAbstractButton) and not isinstance(w, QTabBar) and _button_cut(w):
            out.append(Seen(_where(w), plain(w.text())))
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Horizontal:
            fm = w.fontMetrics()
            for i, text in _header_texts(w):
                if max(fm.horizontalAdvance(line) for line in text.split("\n")) + HEADER_PADDING > w.sectionSize(i):
                    out.append(Seen(_where(w) + f" column {i}", text))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i) and w.tabSizeHint(i).width() > w.tabRect(i).width() + 1:
                    out.append(Seen(_where(w), plain(w.tabText(i))))
        elif isinstance(w, QComboBox) and not w.isEditable() and w.currentText():
            # the shown entry, beside the drop-down arrow
            need = w.fontMetrics().horizontalAdvance(w.currentText()) + 24
            if need > w.width() + 1:
                out.append(Seen(_where(w), w.currentText()))
    return out


def horizontal_scrollbars(root: QWidget) -> list[str]:
    """Scroll areas under *root* that need a horizontal scroll bar to show all they hold."""
    out = []
    for w in _widgets(root):
        if not isinstance(w, QAbstractScrollArea):
            continue
        bar = w.horizontalScrollBar()
        if bar is not None and bar.maximum() > 0 and w.horizontalScrollBarPolicy() != Qt.ScrollBarAlwaysOff:
            out.append(f"{_where(w)} (needs {bar.maximum()} px more)")
    return out

