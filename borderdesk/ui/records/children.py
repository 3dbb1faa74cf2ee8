"""Child rows edited inside a form: delegation members, persons handed over, markers covered.

A :class:`ChildTable` is a small editable table with Add/Remove buttons. Its columns
are the child's fields in the kind's spec (:func:`child_columns`): a bilingual field
gives a Vietnamese and a Chinese column, widths come from the fields' ``list_column``.
Choice columns keep the vocabulary key in ``Qt.UserRole`` and show its translated
label; a line offering a vocabulary (ranks) takes one from the list or any text. Errors from the service
(``people.2.birth_year``) colour the cell and are listed under the table.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLineEdit, QPushButton,
                               QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from borderdesk.domain.fields import ChildSpec
from borderdesk.i18n import N_, _
from borderdesk.ui.widgets.completer import FoldingCompleter
from borderdesk.ui.widgets.display import label
from borderdesk.ui.widgets.fields import FieldError, mark_bad
from borderdesk.ui.widgets.tables import fit_columns

_BAD_CELL = QColor("#fde2e2")


_LANGUAGES = {"vi": N_("{field} (Vietnamese)"), "zh": N_("{field} (Chinese)")}


@dataclass(frozen=True)
class ChildColumn:
    key: str
    header: str  # N_-marked
    kind: str = "text"  # text | choice | offer (a vocabulary or any text) | bool | year
    vocab: dict = field(default_factory=dict)
    width: int = 0  # characters; 0 stretches
    lang: str = ""  # vi | zh: one half of a bilingual field
    ref: str = ""  # the registry kind whose entry the cell names (a marker's number)

    def title(self) -> str:
        return _(_LANGUAGES[self.lang]).format(field=_(self.header)) if self.lang else _(self.header)


_KINDS = {"choice": "choice", "flag": "bool", "year": "year"}


def child_columns(child: ChildSpec) -> tuple[ChildColumn, ...]:
    """The table's columns: the child's fields shown in the form, in the spec's order."""
    out = []
    for f in child.fields:
        if not f.in_form:
            continue
        kind = _KINDS.get(f.type, "offer" if f.vocab else "text")
        width = f.list_column.width if f.list_column else 0
        for col in f.columns:
            lang = col.rpartition("_")[2] if f.bilingual else ""
            out.append(ChildColumn(col, f.label, kind, dict(f.vocab or {}), width, lang,
                                   f.ref if f.type == "line" and f.ref else ""))
    return tuple(out)


@dataclass(frozen=True)
class AddButton:
    text: str  # N_-marked
    defaults: dict = field(default_factory=dict)


class _ChoiceDelegate(QStyledItemDelegate):
    """A combo over a vocabulary; ``editable`` also takes free text (ranks)."""

    def __init__(self, vocab: dict, editable: bool, parent=None) -> None:
        super().__init__(parent)
        self.vocab = vocab
        self.editable = editable

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.setEditable(self.editable)
        if not self.editable:
            combo.addItem("", "")
        for k in self.vocab:
            combo.addItem(label(self.vocab, k), k)
        return combo

    def setEditorData(self, editor, index) -> None:
        key = index.data(Qt.UserRole) or ""
        i = editor.findData(key)
        if i >= 0:
            editor.setCurrentIndex(i)
        elif self.editable:
            editor.setEditText(key)

    def setModelData(self, editor, model, index) -> None:
        text = editor.currentText().strip()
        i = editor.findText(text, Qt.MatchFixedString)
        key = (editor.itemData(i) if i >= 0 else text) if self.editable else editor.currentData()
        model.setData(index, key or "", Qt.UserRole)
        model.setData(index, label(self.vocab, key) if key in self.vocab else (key or ""), Qt.DisplayRole)


class _CompletingDelegate(QStyledItemDelegate):
    """A cell naming a registry entry (a marker's number): completed from the registry as it is typed."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list[str] = []

    def createEditor(self, parent, option, index):
        edit = QLineEdit(parent)
        edit.setCompleter(FoldingCompleter(self.entries, parent=edit))
        return edit


class ChildTable(QWidget):
    """The rows of one child collection (``members``, ``people``, ``markers``)."""

    edited = Signal()

    def __init__(self, name: str, columns: tuple[ChildColumn, ...], buttons: tuple[AddButton, ...],
                 parent=None) -> None:
        super().__init__(parent)
        self.names = (name,)
        self.name = name
        self.columns = columns
        self.buttons_spec = buttons
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(columns), self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.AllEditTriggers & ~QAbstractItemView.CurrentChanged)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setMinimumHeight(self.fontMetrics().height() * 9)
        #: column key -> the delegate completing its cells from the registry (see :meth:`set_entries`)
        self.completing: dict[str, _CompletingDelegate] = {}
        for i, col in enumerate(columns):
            if col.kind in ("choice", "offer"):
                self.table.setItemDelegateForColumn(i, _ChoiceDelegate(col.vocab, col.kind == "offer", self.table))
            elif col.ref:
                self.completing[col.key] = _CompletingDelegate(self.table)
                self.table.setItemDelegateForColumn(i, self.completing[col.key])
        self.table.itemChanged.connect(lambda _i: self.edited.emit())
        self.table.installEventFilter(self)  # Enter on the last row adds a row: no mouse needed
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.add_buttons = []
        for spec in buttons:
            b = QPushButton(self)
            b.clicked.connect(lambda _c=False, d=spec.defaults: self.add_row(d))
            row.addWidget(b)
            self.add_buttons.append(b)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.error = FieldError(self)
        lay.addWidget(self.error)
        self.retranslate()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.table and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter) \
                and self.table.state() != QAbstractItemView.EditingState \
                and self.table.currentRow() in (-1, self.table.rowCount() - 1) and self.buttons_spec:
            self.add_row(self.buttons_spec[0].defaults)
            return True
        return super().eventFilter(obj, event)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([c.title() for c in self.columns])
        # every column of a child row is edited here: none is left out, names may wrap their header
        fit_columns(self.table, [c.width for c in self.columns], least=6)
        for n, (b, spec) in enumerate(zip(self.add_buttons, self.buttons_spec)):
            b.setText(_(spec.text))
            if n == 0:
                b.setToolTip(_("{action} (Enter on the last row of the table)").format(action=_(spec.text)))
        self.table.setToolTip(_("Type to fill a cell; Enter on the last row adds a row; Tab leaves the table"))
        self.remove_button.setText(_("Remove row"))
        rows = self.rows()  # the choice labels follow the language
        self._fill(rows)

    # --- rows in and out ------------------------------------------------------------------

    def _item(self, col: ChildColumn, value) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if col.kind == "bool":
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if value else Qt.Unchecked)
        elif col.kind in ("choice", "offer"):
            key = value or ""
            item.setData(Qt.UserRole, key)
            item.setData(Qt.DisplayRole, label(col.vocab, key) if key in col.vocab else key)
        else:
            item.setData(Qt.DisplayRole, "" if value is None else str(value))
        return item

    def _fill(self, rows: list[dict]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for r in rows:
            self._append(r)
        self.table.blockSignals(False)

    def _append(self, data: dict) -> int:
        n = self.table.rowCount()
        self.table.insertRow(n)
        for i, col in enumerate(self.columns):
            self.table.setItem(n, i, self._item(col, data.get(col.key)))
        return n

    def set_rows(self, rows: list[dict] | None) -> None:
        self._fill(rows or [])
        self.show_errors({})

    def rows(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            d = {}
            for i, col in enumerate(self.columns):
                item = self.table.item(r, i)
                if item is None:
                    d[col.key] = None
                elif col.kind == "bool":
                    d[col.key] = item.checkState() == Qt.Checked
                elif col.kind in ("choice", "offer"):
                    d[col.key] = item.data(Qt.UserRole) or ""
                else:
                    d[col.key] = (item.text() or "").strip()
                    if col.kind == "year":
                        d[col.key] = d[col.key] or None
            out.append(d)
        return out

    def add_row(self, defaults: dict | None = None) -> int:
        n = self._append(defaults or {})
        first_text = next((i for i, c in enumerate(self.columns) if c.kind == "text"), 0)
        self.table.setCurrentCell(n, first_text)
        self.table.setFocus()
        self.edited.emit()
        return n

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()} or
                      ({self.table.currentRow()} if self.table.currentRow() >= 0 else set()), reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.edited.emit()

    def set_cell(self, row: int, key: str, value) -> None:
        """Set one cell as a user's edit would (tests, and code filling a row)."""
        i = next(i for i, c in enumerate(self.columns) if c.key == key)
        self.table.setItem(row, i, self._item(self.columns[i], value))

    def set_entries(self, key: str, entries: list[str]) -> None:
        """What the cells of column *key* are completed from (the form reads the registry)."""
        self.completing[key].entries = list(entries)

    def confirm_refs(self, kind: str, resolve) -> str | None:
        """Each cell naming a *kind* entry (a marker) through *resolve(text, parent)*: the entry's text
        (its number) is put in, or None when the officer went back; the key of that cell is returned
        (``markers.2.marker``), None when every cell names an entry."""
        for i, col in enumerate(self.columns):
            if col.ref != kind:
                continue
            for r in range(self.table.rowCount()):
                item = self.table.item(r, i)
                text = (item.text() if item is not None else "").strip()
                if not text:
                    continue
                got = resolve(text, self)
                if got is None:
                    self.table.setCurrentCell(r, i)
                    return f"{self.name}.{r}.{col.key}"
                if got != item.text():
                    self.set_cell(r, col.key, got)
                    self.edited.emit()
        return None

    # --- errors ----------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        prefix = self.name + "."
        msgs = []
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for i in range(len(self.columns)):
                item = self.table.item(r, i)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
        for key, msg in errors.items():
            if key == self.name:
                msgs.append(msg)
                continue
            if not key.startswith(prefix):
                continue
            parts = key[len(prefix):].split(".")
            try:
                r = int(parts[0])
            except ValueError:
                continue
            col = next((i for i, c in enumerate(self.columns) if len(parts) > 1 and c.key == parts[1]), None)
            where = _("Row {n}").format(n=r + 1)
            if col is not None:
                where += ", " + self.columns[col].title()
                item = self.table.item(r, col)
                if item is not None:
                    item.setBackground(QBrush(_BAD_CELL))
                    item.setToolTip(msg)
            msgs.append(f"{where}: {msg}")
        self.table.blockSignals(False)
        mark_bad(self.table, bool(msgs))
        self.error.set_message("\n".join(msgs))
