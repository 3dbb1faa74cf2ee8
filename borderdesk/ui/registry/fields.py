"""The form of one registry entry: its fields, labels and vocabularies, errors shown on the field.

Vietnamese and Chinese names sit side by side (Vietnamese | Chinese) in one
row, as they appear in the bilingual documents.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from borderdesk.domain import kinds as K
from borderdesk.i18n import _

@dataclass(frozen=True)
class Row:
    """One row of a form: a label and one field, or a Vietnamese | Chinese pair."""

    label: str  # N_-marked
    fields: tuple[str, ...]
    vocab: dict | None = None  # key -> N_ label (a combo box)
    editable_vocab: bool = False  # free text allowed besides the vocabulary (ranks)
    multiline: bool = False


def _form_rows(fields) -> tuple[Row, ...]:
    """The form's rows, from the registry kind's field spec: its order and labels; ``name_vi`` and
    ``name_zh`` (two fields, the Chinese one optional) side by side as one row, like a bilingual field."""
    by_name = {f.name: f for f in fields}
    rows = []
    for f in fields:
        if f.name == "name_zh" and "name_vi" in by_name:
            continue
        if f.name == "name_vi" and "name_zh" in by_name:
            rows.append(Row(f.label, ("name_vi", "name_zh")))
            continue
        rows.append(Row(f.label, f.columns, dict(f.vocab) if f.vocab else None,
                        editable_vocab=f.type == "line" and bool(f.vocab), multiline=f.type == "text"))
    return tuple(rows)


#: registry kind -> form rows
FORMS: dict[str, tuple[Row, ...]] = {
    kind: _form_rows(fields) for kind, (_model, _label, fields) in K.REGISTRY.items()}


def _list_columns(fields) -> tuple[tuple[str, str, int], ...]:
    """(column, N_ header, width in characters: 0 stretches) of the fields the spec lists."""
    return tuple((c, f.list_column.header or f.label, f.list_column.width)
                 for f in fields if f.list_column for c in f.columns)


#: registry kind -> list columns, from the registry's field spec
COLUMNS: dict[str, tuple[tuple[str, str, int], ...]] = {
    kind: _list_columns(fields) for kind, (_model, _label, fields) in K.REGISTRY.items()}


def vocab_for(kind: str, field: str) -> dict | None:
    for row in FORMS[kind]:
        if field in row.fields:
            return row.vocab
    return None


def display(kind: str, field: str, value) -> str:
    """A stored value as the list shows it (vocabulary keys translated)."""
    vocab = vocab_for(kind, field)
    if vocab and value in vocab:
        return _(vocab[value])
    return "" if value is None else str(value)


class EntryForm(QWidget):
    """The fields of one registry kind; ``values()`` for the service, ``show_errors()`` from it."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._labels: list[tuple[QLabel, str]] = []
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setVerticalSpacing(2)
        # The language names stay in their own language, as in the record forms.
        self.head_vi = QLabel("Tiếng Việt")
        self.head_zh = QLabel("中文")
        for head in (self.head_vi, self.head_zh):
            head.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.head_vi, 0, 1)
        grid.addWidget(self.head_zh, 0, 2)
        r = 1
        model = K.REGISTRY[kind][0]
        for row in FORMS[kind]:
            label = QLabel()
            label.setAlignment(Qt.AlignRight | (Qt.AlignTop if row.multiline else Qt.AlignVCenter))
            self._labels.append((label, row.label))
            grid.addWidget(label, r, 0)
            for i, name in enumerate(row.fields):
                editor = self._make_editor(row)
                editor.setObjectName(name)
                limit = getattr(model._meta.fields[name], "max_length", None)
                if limit and isinstance(editor, QLineEdit):
                    editor.setMaxLength(limit)  # the column's one maximum, as in the record forms
                label.setBuddy(editor) if i == 0 else None
                self.editors[name] = editor
                err = QLabel()
                err.setObjectName(f"error_{name}")
                err.setWordWrap(True)
                err.setStyleSheet("color: #b00020;")
                err.hide()
                self.errors[name] = err
                col, span = (1 + i, 1) if len(row.fields) == 2 else (1, 2)
                grid.addWidget(editor, r, col, 1, span)
                grid.addWidget(err, r + 1, col, 1, span)
            r += 2
        grid.setRowStretch(r, 1)
        self.retranslate()

    def _make_editor(self, row: Row) -> QWidget:
        if row.vocab is not None:
            combo = QComboBox()
            combo.setEditable(row.editable_vocab)
            combo.addItem("", "")
            for key in row.vocab:
                combo.addItem("", key)
            combo.currentIndexChanged.connect(self.changed)
            if row.editable_vocab:
                combo.editTextChanged.connect(self.changed)
            return combo
        if row.multiline:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.textChanged.connect(self.changed)
            return edit
        line = QLineEdit()
        line.textEdited.connect(self.changed)
        return line

    def retranslate(self) -> None:
        for label, text in self._labels:
            label.setText(_(text))
        for row in FORMS[self.kind]:
            if row.vocab is None:
                continue
            combo = self.editors[row.fields[0]]
            current = self._combo_value(combo)
            combo.blockSignals(True)
            for i in range(1, combo.count()):
                combo.setItemText(i, _(row.vocab[combo.itemData(i)]))
            combo.blockSignals(False)
            self._set_combo(combo, current)

    # --- values ---------------------------------------------------------------

    @staticmethod
    def _combo_value(combo: QComboBox) -> str:
        if combo.isEditable():
            text = combo.currentText().strip()
            i = combo.findText(text)
            return combo.itemData(i) if i > 0 else text
        return combo.currentData() or ""

    @staticmethod
    def _set_combo(combo: QComboBox, value: str) -> None:
        i = combo.findData(value or "")
        if i >= 0:
            combo.setCurrentIndex(i)
        elif combo.isEditable():
            combo.setEditText(value)
        else:
            combo.setCurrentIndex(0)

    def values(self) -> dict:
        out = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[name] = self._combo_value(editor)
            elif isinstance(editor, QPlainTextEdit):
                out[name] = editor.toPlainText()
            else:
                out[name] = editor.text()
        return out

    def set_values(self, data: dict) -> None:
        for name, editor in self.editors.items():
            editor.blockSignals(True)
            value = data.get(name) or ""
            if isinstance(editor, QComboBox):
                self._set_combo(editor, value)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)
            editor.blockSignals(False)
        self.show_errors({})

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; the first bad field gets the focus."""
        first = None
        for name, label in self.errors.items():
            msg = errors.get(name, "")
            label.setText(msg)
            label.setVisible(bool(msg))
            editor = self.editors[name]
            editor.setStyleSheet("border: 1px solid #b00020;" if msg else "")
            editor.setToolTip(msg)
            if msg and first is None:
                first = editor
        if first is not None:
            first.setFocus()

    def error_text(self, name: str) -> str:
        return self.errors[name].text() if name in self.errors else ""
