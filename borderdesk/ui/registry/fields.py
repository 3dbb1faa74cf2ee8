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
from borderdesk.i18n import N_, _

POST_KINDS = {"post": N_("Border post"), "headquarters": N_("Headquarters (provincial command)")}


@dataclass(frozen=True)
class Row:
    """One row of a form: a label and one field, or a Vietnamese | Chinese pair."""

    label: str  # N_-marked
    fields: tuple[str, ...]
    vocab: dict | None = None  # key -> N_ label (a combo box)
    editable_vocab: bool = False  # free text allowed besides the vocabulary (ranks)
    multiline: bool = False


#: registry kind -> form rows
FORMS: dict[str, tuple[Row, ...]] = {
    "post": (
        Row(N_("Code"), ("code",)),
        Row(N_("Name"), ("name_vi", "name_zh")),
        Row(N_("Province"), ("province",)),
        Row(N_("Type"), ("kind",), POST_KINDS),
    ),
    "counterpart": (
        Row(N_("Name"), ("name_vi", "name_zh")),
        Row(N_("Unit type"), ("unit_type",), K.UNIT_TYPES),
        Row(N_("Province"), ("province",)),
        Row(N_("Notes"), ("notes",), multiline=True),
    ),
    "gate": (
        Row(N_("Name"), ("name_vi", "name_zh")),
        Row(N_("Gate type"), ("gate_type",), K.GATE_TYPES),
        Row(N_("Opposite gate"), ("pair_vi", "pair_zh")),
        Row(N_("Province"), ("province",)),
    ),
    "marker": (
        Row(N_("Marker number"), ("number",)),
        Row(N_("Name"), ("name_vi", "name_zh")),
        Row(N_("Border section"), ("section",)),
        Row(N_("Province"), ("province",)),
    ),
    "officer": (
        Row(N_("Full name"), ("name_vi", "name_zh")),
        Row(N_("Rank"), ("rank",), K.RANKS, editable_vocab=True),
        Row(N_("Position"), ("position_vi", "position_zh")),
        Row(N_("Post code"), ("post_code",)),
    ),
}

#: registry kind -> list columns (field, N_ header)
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "post": (("code", N_("Code")), ("name_vi", N_("Vietnamese name")), ("name_zh", N_("Chinese name")),
             ("province", N_("Province"))),
    "counterpart": (("name_vi", N_("Vietnamese name")), ("name_zh", N_("Chinese name")),
                    ("unit_type", N_("Unit type")), ("province", N_("Province"))),
    "gate": (("name_vi", N_("Vietnamese name")), ("name_zh", N_("Chinese name")),
             ("gate_type", N_("Gate type")), ("province", N_("Province"))),
    "marker": (("number", N_("Marker number")), ("name_vi", N_("Vietnamese name")),
               ("name_zh", N_("Chinese name")), ("section", N_("Border section"))),
    "officer": (("name_vi", N_("Full name")), ("name_zh", N_("Chinese name")), ("rank", N_("Rank")),
                ("post_code", N_("Post code"))),
}


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
        for row in FORMS[kind]:
            label = QLabel()
            label.setAlignment(Qt.AlignRight | (Qt.AlignTop if row.multiline else Qt.AlignVCenter))
            self._labels.append((label, row.label))
            grid.addWidget(label, r, 0)
            for i, name in enumerate(row.fields):
                editor = self._make_editor(row)
                editor.setObjectName(name)
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
