"""Suggestions for the empty side of a bilingual pair, from the translation memory.

When the officer enters the empty side of a pair whose other side is written (or
presses Ctrl+Space in either side), a list of the best matches opens under it:
the text, its score and where it came from (the record and its date, the glossary,
the registry). Enter (or a double click) puts the chosen one in; Up and Down
choose; Esc, or typing anything else, closes the list and fills nothing. The
input keeps the keyboard all along: the list never takes the focus.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.i18n.formatting import format_date
from borderdesk.ui.worker import run_in_background

#: the shortcut that asks for suggestions in either side of a pair
SHORTCUT = QKeySequence("Ctrl+Space")
_REGISTRY_KINDS = {"gate", "counterpart", "post", "marker", "officer"}


def source_label(s) -> str:
    """Where a suggestion came from, in the interface language."""
    if s.source_kind == "glossary":
        where = _("Glossary")
    elif s.source_kind in _REGISTRY_KINDS:
        where = _("Registry")
    elif s.source_kind == "memory":
        where = _("{found} of {typed} sentences found").format(found=s.parts, typed=s.of)
    elif s.source_kind in KINDS:
        where = _(KINDS[s.source_kind].label)
    else:
        where = s.source_kind
    if s.source_date:
        try:
            where += ", " + format_date(dt.date.fromisoformat(s.source_date[:10]))
        except ValueError:
            pass
    return where


class SuggestionList(QFrame):
    """The list under an input, laid over the window (a child, not a window: it never takes the keyboard)."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.hide()
        self.setFocusPolicy(Qt.NoFocus)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.StyledPanel)
        self.setFrameShadow(QFrame.Raised)
        self.title = QLabel(self)
        self.title.setStyleSheet("color: palette(mid);")
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.NoFocus)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.suggestions: list = []

    def show_for(self, anchor: QWidget, suggestions: list, title: str, empty: str | None = None) -> None:
        self.suggestions = list(suggestions)
        self.title.setText(title)
        self.list.clear()
        for s in self.suggestions:
            item = QListWidgetItem(f"{s.text}\n{s.score}% · {source_label(s)}")
            item.setToolTip(s.matched)
            self.list.addItem(item)
        if not self.suggestions:
            item = QListWidgetItem(empty or _("No suggestion: nothing like this text has been translated here yet."))
            item.setFlags(Qt.NoItemFlags)
            self.list.addItem(item)
        self.list.setCurrentRow(0 if self.suggestions else -1)
        width = max(anchor.width(), 420)
        self.resize(width, 200)
        self.layout().activate()
        shown = range(min(self.list.count(), 5))
        rows = sum(max(self.list.sizeHintForRow(i), self.list.fontMetrics().height() * 2 + 6) for i in shown)
        margins = self.layout().contentsMargins()
        height = (rows + 2 * self.list.frameWidth() + self.title.sizeHint().height() + self.layout().spacing()
                  + margins.top() + margins.bottom() + 2)
        window = anchor.window()
        if self.parentWidget() is not window:
            self.setParent(window)  # over everything of the window, clipped to it
        width = min(width, window.width())
        self.resize(width, height)
        below = anchor.mapTo(window, QPoint(0, anchor.height()))
        above = anchor.mapTo(window, QPoint(0, 0)) - QPoint(0, height)
        where = below if below.y() + height <= window.height() or above.y() < 0 else above
        self.move(min(where.x(), window.width() - width), where.y())
        self.show()
        self.raise_()

    def chosen(self):
        row = self.list.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def step(self, delta: int) -> None:
        if self.suggestions:
            self.list.setCurrentRow((self.list.currentRow() + delta) % len(self.suggestions))


class PairSuggester(QObject):
    """Attached to a :class:`~borderdesk.ui.widgets.fields.BilingualField`: its inputs' suggestions."""

    def __init__(self, pair) -> None:
        super().__init__(pair)
        self.pair = pair
        self.popup = SuggestionList(pair)
        # the list lives on the window while shown; it goes with its pair
        pair.destroyed.connect(self.popup.deleteLater)
        self.popup.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.target = None  # the input the open list would fill
        self._asked = 0  # the latest request; older answers are dropped
        self.pending = None
        for w in pair.inputs():
            w.installEventFilter(self)

    # --- the two sides ---------------------------------------------------------------------------

    def _text(self, w) -> str:
        return w.toPlainText() if self.pair.multiline else w.text()

    def _other(self, w):
        return self.pair.zh if w is self.pair.vi else self.pair.vi

    def lang_of(self, w) -> str:
        return "zh" if w is self.pair.zh else "vi"

    # --- asking ------------------------------------------------------------------------------------

    def suggest_for(self, target, explicit: bool = True) -> None:
        """Ask the memory for *target*'s text from the other side; the list opens when it answers.

        *explicit*: asked with Ctrl+Space (an empty answer says so); otherwise the list
        opens only when there is something to suggest.
        """
        source_text = self._text(self._other(target)).strip()
        self.target = target
        self._asked += 1
        asked = self._asked
        if not source_text:
            self.popup.show_for(target, [], _("Write the other language first."))
            return
        to = self.lang_of(target)
        from borderdesk.services.translation import build, memory, suggest

        if memory.BUILDING.locked():  # the desk is building the memory: say how far, ask nothing
            self._not_ready(target, memory.NotReady(build.percent()))
            return

        self.pending = run_in_background(lambda progress: suggest.suggest(source_text, to=to, limit=5),
                                         lambda found: self._answered(asked, target, found, explicit),
                                         lambda exc: self._failed(asked, exc))

    def _answered(self, asked: int, target, found: list, explicit: bool) -> None:
        self.pending = None
        if asked != self._asked or self.target is not target:
            return  # asked again since, or the officer has left the field
        if not found and not explicit:
            return
        self.popup.show_for(target, found, _("Suggestions (Enter to use, Esc to close)"))

    def _failed(self, asked: int, exc: BaseException) -> None:
        from borderdesk.services.translation.memory import NotReady

        self.pending = None
        if asked == self._asked and self.target is not None:
            if isinstance(exc, NotReady):
                self._not_ready(self.target, exc)
                return
            self.popup.show_for(self.target, [], _("Suggestions could not be found: {error}").format(error=exc))

    def _not_ready(self, target, exc) -> None:
        self.popup.show_for(target, [], _("Suggestions"), empty=str(exc))

    def accept(self) -> bool:
        """Put the chosen suggestion in; False when none is chosen."""
        chosen = self.popup.chosen()
        target = self.target
        self.popup.hide()
        if chosen is None or target is None:
            return False
        if self.pair.multiline:
            target.setPlainText(chosen.text)
        else:
            target.setText(chosen.text)
            target.setCursorPosition(len(chosen.text))
            self.pair.edited.emit()  # setText is not an edit by the officer's hand; this one is his choice
        return True

    # --- keys and focus ------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        et = event.type()
        if et == QEvent.ShortcutOverride and self.popup.isVisible() and watched is self.target:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Escape, Qt.Key_Up, Qt.Key_Down):
                event.accept()  # these keys are the list's while it is open (not the form's Esc)
                return True
        if et == QEvent.KeyPress:
            if event.key() == Qt.Key_Space and event.modifiers() & Qt.ControlModifier:
                self.suggest_for(watched)
                return True
            if self.popup.isVisible() and watched is self.target:
                key = event.key()
                if key in (Qt.Key_Return, Qt.Key_Enter):
                    self.accept()  # nothing to choose (none found, the memory being built): the list closes
                    return True
                if key == Qt.Key_Escape:
                    self.popup.hide()
                    return True
                if key in (Qt.Key_Down, Qt.Key_Up):
                    self.popup.step(1 if key == Qt.Key_Down else -1)
                    return True
                self.popup.hide()  # the officer writes their own: nothing is filled
        elif et == QEvent.FocusIn:
            if not self._text(watched).strip() and self._text(self._other(watched)).strip():
                self.suggest_for(watched, explicit=False)
        elif et == QEvent.FocusOut:
            if watched is self.target:
                self._asked += 1  # an answer still on its way is not shown any more
                self.target = None
                self.popup.hide()
        return False
