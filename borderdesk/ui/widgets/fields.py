"""Form field editors with one protocol: ``value()``, ``set_value()``, ``edited`` and an error line.

Each editor is a small QWidget holding its input(s) and a red message label under
them, hidden until :meth:`show_error`. A form finds an editor by field name; a
bilingual pair answers to both of its names.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from borderdesk.domain.validation import date_problem, parse_date, parse_time
from borderdesk.i18n import _
from borderdesk.ui.widgets.completer import FoldingCompleter
from borderdesk.ui.widgets.display import label

ERROR_STYLE = "color: #b00020;"
_BAD = "border: 1px solid #d32f2f; border-radius: 2px;"


def mark_bad(widget: QWidget, bad: bool) -> None:
    """A red border on an input that holds a wrong value."""
    widget.setProperty("bad", bad)
    widget.setStyleSheet(_BAD if bad else "")


class FieldError(QLabel):
    """The message under a field; empty and hidden when the field is right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def set_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Field(QWidget):
    """Base of every editor: inputs in a row, the error message below."""

    edited = Signal()

    def __init__(self, names: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(2)
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self._outer.addLayout(self.row)
        self.error = FieldError(self)
        self._outer.addWidget(self.error)

    # an editor of one field holds one value; a bilingual pair overrides these with dicts
    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def values(self) -> dict:
        return {self.names[0]: self.value()}

    def set_values(self, data: dict) -> None:
        self.set_value(data.get(self.names[0]))

    def inputs(self) -> list[QWidget]:
        return []

    def input_for(self, name: str) -> QWidget:
        return self.inputs()[0]

    def show_errors(self, errors: dict[str, str]) -> None:
        msgs = []
        for name in self.names:
            msg = errors.get(name)
            mark_bad(self.input_for(name), bool(msg))
            if msg:
                msgs.append(msg)
        self.error.set_message("\n".join(msgs))

    def retranslate(self) -> None:
        pass


class LineField(Field):
    def __init__(self, name: str, parent=None, placeholder: str = "") -> None:
        super().__init__((name,), parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.textEdited.connect(self.edited)
        self.row.addWidget(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)  # show the beginning of a long text

    def inputs(self):
        return [self.edit]


class TextField(Field):
    def __init__(self, name: str, parent=None, lines: int = 3) -> None:
        super().__init__((name,), parent)
        self.edit = _plain(self, lines)
        self.edit.textChanged.connect(self.edited)
        self.row.addWidget(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value) -> None:
        self.edit.setPlainText(value or "")

    def inputs(self):
        return [self.edit]


def _plain(parent: QWidget, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)  # Tab moves on through the form, as in every other field
    metrics = edit.fontMetrics()
    edit.setFixedHeight(metrics.lineSpacing() * lines + 14)
    return edit


class DateField(Field):
    """A date typed as 14/03/2025 (or 1/3/2025, 2025-03-14); says at once why a date is not one."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__((name,), parent)
        self.edit = DateEdit(self)
        self.edit.textEdited.connect(self.edited)
        self.edit.problem_changed.connect(self._show_problem)
        self.row.addWidget(self.edit)
        self.row.addStretch(1)

    def _show_problem(self, text: str) -> None:
        mark_bad(self.edit, bool(text))
        self.error.set_message(text)

    def value(self):
        return self.edit.raw_value()

    def set_value(self, value) -> None:
        self.edit.set_date(value)

    def inputs(self):
        return [self.edit]


class DateEdit(QLineEdit):
    """Accepts what officers type (14/03/2025, 1/3/2025, 2025-03-14); ``date()`` is None while
    it is not a date, and ``problem_changed`` says why when the officer leaves the box."""

    problem_changed = Signal(str)  # the reason, "" when the text is a date or empty

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 30)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/0000") + 20)
        self.editingFinished.connect(self._tidy)
        self.textEdited.connect(self._clear_problem)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.LanguageChange:  # a filter's empty box shows the new language's hint
            self.setPlaceholderText(_("dd/mm/yyyy"))
        super().changeEvent(event)

    def problem(self) -> str:
        """Why the text is not a date ('' when it is one, or empty)."""
        return date_problem(self.text().strip()) or ""

    def _clear_problem(self, _text: str) -> None:
        if self.property("bad"):
            self.problem_changed.emit(self.problem() if self.date() else "")

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def raw_value(self):
        """The date, or the text as typed (so the service can say what is wrong with it)."""
        text = self.text().strip()
        return self.date() or (text or None)

    def set_date(self, value) -> None:
        d = parse_date(value) if value not in (None, "") else None
        # The input format is the one officers type in every language, not a display format.
        self.setText(d.strftime("%d/%m/%Y") if d else ("" if value is None else str(value)))

    def _tidy(self) -> None:
        d = self.date()
        if d is not None:
            self.setText(d.strftime("%d/%m/%Y"))
        self.problem_changed.emit(self.problem())


class TimeField(Field):
    """A time typed as 09:30, 9:30, 9h30 or 9h; shown as 09:30 once the officer moves on."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__((name,), parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("e.g. 9h30"))
        self.edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00 (00h00)") + 20)
        self.edit.textEdited.connect(self.edited)
        self.edit.editingFinished.connect(self._tidy)
        self.row.addWidget(self.edit)
        self.row.addStretch(1)

    def value(self) -> str:
        text = self.edit.text().strip()
        return parse_time(text) or text

    def set_value(self, value) -> None:
        self.edit.setText("" if value is None else str(value))

    def inputs(self):
        return [self.edit]

    def _tidy(self) -> None:
        text = self.edit.text().strip()
        got = parse_time(text)
        if got is not None and got != text:
            self.edit.setText(got)
        bad = bool(text) and got is None
        mark_bad(self.edit, bad)
        self.error.set_message(_("Write the time as 08:30, 8:30, 8h30 or 8h.") if bad else "")

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(_("e.g. 9h30"))


class CountField(Field):
    """A number of persons, teams …: digits only. Anything else is kept as typed and refused
    with a message on the field at once (a letter is not swallowed, "-5" does not become 5)."""

    def __init__(self, name: str, parent=None, maximum: int = 100000) -> None:
        super().__init__((name,), parent)
        self.maximum = maximum
        self.edit = QLineEdit(self)
        self.edit.setAlignment(Qt.AlignRight)
        self.edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 24)
        self.edit.textEdited.connect(self._check)
        self.edit.textEdited.connect(self.edited)
        self.row.addWidget(self.edit)
        self.row.addStretch(1)

    def number(self) -> int | None:
        """The count, or None while the box holds something else."""
        text = self.edit.text().strip()
        return int(text) if text.isascii() and text.isdigit() else (0 if not text else None)

    def value(self):
        n = self.number()
        return n if n is not None else self.edit.text().strip()

    def set_value(self, value) -> None:
        self.edit.setText(str(int(value or 0)))
        self._check()

    def problem(self) -> str:
        text = self.edit.text().strip()
        if self.number() is None:
            return _("Only digits: a whole number of zero or more (\"{text}\" is not one).").format(text=text)
        if self.number() > self.maximum:
            return _("This number is too large (at most {max}).").format(max=self.maximum)
        return ""

    def _check(self, *_args) -> None:
        msg = self.problem()
        mark_bad(self.edit, bool(msg))
        self.error.set_message(msg)

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors if self.names[0] in errors or not self.problem() else
                            {**errors, self.names[0]: self.problem()})

    def inputs(self):
        return [self.edit]


class ChoiceField(Field):
    """A combo over a vocabulary (keys stored, translated labels shown)."""

    def __init__(self, name: str, vocab: dict[str, str], parent=None, blank: bool = False) -> None:
        super().__init__((name,), parent)
        self.vocab = vocab
        self.blank = blank
        self.combo = QComboBox(self)
        # as wide as its longest entry where there is room, narrower where there is not
        # (a long category in Chinese must not push the form wider than a small screen)
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.combo.currentIndexChanged.connect(self.edited)
        self.row.addWidget(self.combo, 1)
        self.row.addStretch(0)
        self.retranslate()

    def retranslate(self) -> None:
        key = self.value() if self.combo.count() else None
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.blank:
            self.combo.addItem("", "")
        for k in self.vocab:
            self.combo.addItem(label(self.vocab, k), k)
        self.combo.blockSignals(False)
        if key is not None:
            self.set_value(key)
        longest = max((self.combo.fontMetrics().horizontalAdvance(self.combo.itemText(i))
                       for i in range(self.combo.count())), default=0)
        self.combo.setMaximumWidth(longest + 48)

    def value(self):
        return self.combo.currentData() or None

    def set_value(self, value) -> None:
        i = self.combo.findData(value or "")
        self.combo.setCurrentIndex(i if i >= 0 else 0)

    def inputs(self):
        return [self.combo]


class BilingualField(Field):
    """The Vietnamese and the Chinese text of one thing, side by side: ``NAME_vi | NAME_zh``."""

    def __init__(self, base: str, parent=None, multiline: bool = False, lines: int = 3) -> None:
        super().__init__((f"{base}_vi", f"{base}_zh"), parent)
        self.multiline = multiline
        if multiline:
            self.vi, self.zh = _plain(self, lines), _plain(self, lines)
            self.vi.textChanged.connect(self.edited)
            self.zh.textChanged.connect(self.edited)
        else:
            self.vi, self.zh = QLineEdit(self), QLineEdit(self)
            self.vi.textEdited.connect(self.edited)
            self.zh.textEdited.connect(self.edited)
        self.row.addWidget(self.vi, 1)
        self.row.addWidget(self.zh, 1)
        self.retranslate()
        from borderdesk.ui.widgets.suggestions import PairSuggester

        #: suggestions from the translation memory (Ctrl+Space, or entering the empty side)
        self.suggester = PairSuggester(self)

    def retranslate(self) -> None:
        if not self.multiline:
            self.vi.setPlaceholderText(_("Vietnamese"))
            self.zh.setPlaceholderText(_("Chinese"))
        self.vi.setAccessibleName(_("Vietnamese"))
        self.zh.setAccessibleName(_("Chinese"))

    def _get(self, w) -> str:
        return w.toPlainText() if self.multiline else w.text()

    def _set(self, w, text) -> None:
        if self.multiline:
            w.setPlainText(text or "")
        else:
            w.setText(text or "")
            w.setCursorPosition(0)

    def values(self) -> dict:
        return {self.names[0]: self._get(self.vi), self.names[1]: self._get(self.zh)}

    def set_values(self, data: dict) -> None:
        self._set(self.vi, data.get(self.names[0]))
        self._set(self.zh, data.get(self.names[1]))

    def inputs(self):
        return [self.vi, self.zh]

    def input_for(self, name: str) -> QWidget:
        return self.zh if name.endswith("_zh") else self.vi


class CounterpartField(Field):
    """A counterpart unit (or, with ``registry_kind="gate"``, a border gate) picked by name."""

    def __init__(self, name: str = "counterpart", parent=None, registry_kind: str = "counterpart") -> None:
        super().__init__((name,), parent)
        self.combo = CounterpartCombo(self, registry_kind=registry_kind)
        self.combo.currentIndexChanged.connect(self.edited)
        self.row.addWidget(self.combo, 1)

    def value(self):
        return self.combo.uuid()

    def set_value(self, value) -> None:
        self.combo.set_uuid(value)

    def inputs(self):
        return [self.combo]

    def retranslate(self) -> None:
        self.combo.blockSignals(True)
        self.combo.reload()
        self.combo.blockSignals(False)


class CounterpartCombo(QComboBox):
    """Registry entries by name (Vietnamese / Chinese) with completion as you type on either
    name; the item data is the entry's uuid."""

    def __init__(self, parent=None, blank_text: str = "", registry_kind: str = "counterpart") -> None:
        super().__init__(parent)
        self.blank_text = blank_text
        self.registry_kind = registry_kind
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.NoInsert)
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        # typed without accents, or in Chinese: the entry is found all the same
        self.folding = FoldingCompleter(parent=self)
        self.setCompleter(self.folding)
        self.folding.activated[str].connect(self._picked)
        self.reload()

    def _picked(self, text: str) -> None:
        i = self.findText(text, Qt.MatchFixedString)
        if i >= 0:
            self.setCurrentIndex(i)

    def reload(self) -> None:
        from borderdesk.services import registry

        keep = self.uuid() if self.count() else None
        was = self.signalsBlocked()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.blank_text, "")
        for row in registry.list_entries(self.registry_kind):
            text = row.name_vi + (f" / {row.name_zh}" if row.name_zh else "")
            self.addItem(text, row.uuid)
        self.folding.set_entries([self.itemText(i) for i in range(1, self.count())])
        self.set_uuid(keep)
        self.blockSignals(was)

    def uuid(self) -> str | None:
        i = self.currentIndex()
        if i >= 0 and self.itemText(i) == self.currentText():
            return self.itemData(i) or None
        # text typed without picking from the list: the entry it names exactly, if any
        text = self.currentText().strip()
        j = self.findText(text, Qt.MatchFixedString) if text else -1
        return (self.itemData(j) or None) if j >= 0 else None

    def set_uuid(self, uuid: str | None) -> None:
        i = self.findData(uuid or "")
        if i < 0 and uuid:
            # a deleted entry still names the old records that point at it
            from borderdesk.services import registry

            name = registry.counterpart_name(uuid) if self.registry_kind == "counterpart" else ""
            self.addItem(name or uuid, uuid)
            i = self.count() - 1
        self.setCurrentIndex(max(i, 0))
        self.lineEdit().setCursorPosition(0)
