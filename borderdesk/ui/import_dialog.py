"""File → Import spreadsheet…: choose a file and a kind, see every row and every problem, then import.

Nothing is written until the user presses Import, and Import is enabled only
when the file has no problem: the same all-or-nothing service as the command
line (:mod:`borderdesk.services.spreadsheet`). Checking and importing run off
the GUI thread; a check that a newer one replaced is ignored when it ends.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QTableView, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from borderdesk.domain import kinds as K
from borderdesk.i18n import _, current_language, ngettext
from borderdesk.services import spreadsheet
from borderdesk.ui import language
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.widgets.display import fmt_date, label, one_line
from borderdesk.ui.worker import run_in_background

_LAST_DIR = "import/last_dir"
_LAST_KIND = "import/last_kind"


def _vocabulary(kind: str, field: str) -> dict[str, str] | None:
    from borderdesk.services.spreadsheet_columns import VOCABULARIES

    return VOCABULARIES.get(kind, {}).get(field)


def _sep() -> str:
    """Between two sentences: a space, except after Chinese full stops."""
    return "" if current_language() == "zh" else " "


class RowsModel(QAbstractTableModel):
    """The rows an import will save: row number, new or update, then the file's columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: spreadsheet.Preview | None = None
        self.fields: list[tuple[str, str]] = []  # (field, header)

    def set_preview(self, preview: spreadsheet.Preview | None) -> None:
        self.beginResetModel()
        self.preview = preview
        self.fields = []
        if preview is not None:
            order = {h: i for i, h in enumerate(preview.headers)}
            self.fields = [(f, h) for h, f in sorted(preview.columns.items(), key=lambda hf: order.get(hf[0], 0))
                           if f not in ("id", "counterpart_zh", "gate_zh")]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.preview is None else len(self.preview.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self.fields)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole or orientation != Qt.Horizontal:
            return None
        if section == 0:
            return _("Row")
        if section == 1:
            return _("Import as")
        return self.fields[section - 2][1]

    def _value(self, row: spreadsheet.PreviewRow, field: str) -> str:
        kind = self.preview.kind
        if field == "counterpart":
            return row.counterpart
        if field == "gate":
            return row.gate
        if field in ("delegation", "people", "markers"):
            return str(len(row.children)) if row.children else ""
        v: Any = row.values.get(field)
        if v is None:
            return ""
        if hasattr(v, "isoformat"):
            return fmt_date(v)
        vocab = _vocabulary(kind, field)
        if vocab:
            return label(vocab, v)
        return one_line(str(v), 80)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or self.preview is None:
            return None
        row = self.preview.rows[index.row()]
        if role == Qt.DisplayRole:
            if index.column() == 0:
                return str(row.number)
            if index.column() == 1:
                return _("new") if row.action == "create" else _("update")
            return self._value(row, self.fields[index.column() - 2][0])
        if role == Qt.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class ImportDialog(QDialog):
    """Choose a spreadsheet and a record kind; preview; import when there is no problem."""

    #: emitted on the GUI thread after a successful import
    imported = Signal(object)

    def __init__(self, parent: QWidget | None = None, kind: str | None = None) -> None:
        super().__init__(parent)
        self.preview: spreadsheet.Preview | None = None
        self.result: spreadsheet.ImportResult | None = None
        self.error: str = ""
        self._token = 0
        self._checked_path = ""
        self._busy = False
        self.resize(900, 600)

        self.path_edit = QLineEdit(self)
        # editingFinished also fires when the focus merely leaves the field (a click on Import).
        self.path_edit.editingFinished.connect(
            lambda: self.refresh() if self.path_edit.text().strip() != self._checked_path else None)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.browse)
        self.kind_combo = QComboBox(self)
        for k in K.CLI_KINDS:
            self.kind_combo.addItem(k, k)
        start = kind or ui_settings.value(_LAST_KIND, "hotline_call")
        i = self.kind_combo.findData(start)
        self.kind_combo.setCurrentIndex(max(i, 0))
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.file_label, self.kind_label = QLabel(self), QLabel(self)
        self.file_label.setBuddy(self.path_edit)
        self.kind_label.setBuddy(self.kind_combo)
        self.form.addRow(self.file_label, file_row)
        self.form.addRow(self.kind_label, self.kind_combo)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.hide()

        self.rows_model = RowsModel(self)
        self.rows_view = QTableView(self)
        self.rows_view.setModel(self.rows_model)
        self.rows_view.setAlternatingRowColors(True)
        self.rows_view.verticalHeader().hide()
        self.rows_view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.rows_view.horizontalHeader().setResizeContentsPrecision(50)
        self.rows_view.horizontalHeader().setStretchLastSection(True)
        self.problems_view = QTableWidget(0, 3, self)
        self.problems_view.verticalHeader().hide()
        self.problems_view.setEditTriggers(QTableWidget.NoEditTriggers)
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.rows_view, "")
        self.tabs.addTab(self.problems_view, "")

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.AcceptRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.RejectRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        language.retranslate_on_change(self, self.retranslate)

    # --- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import spreadsheet"))
        self.file_label.setText(_("&File:"))
        self.kind_label.setText(_("&Records in the file:"))
        self.path_edit.setPlaceholderText(_("A .csv (UTF-8) or .xlsx file, header in the first row"))
        self.browse_button.setText(_("Choose…"))
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, _(K.KINDS[self.kind_combo.itemData(i)].plural))
        self.import_button.setText(_("&Import"))
        self.close_button.setText(_("Close"))
        self.problems_view.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self._show_state()

    def _show_state(self) -> None:
        pv = self.preview
        n_rows = pv.total if pv else 0
        n_bad = len(pv.problems) + pv.more_problems if pv else 0
        self.tabs.setTabText(0, _("Rows ({n})").format(n=n_rows))
        self.tabs.setTabText(1, _("Problems ({n})").format(n=n_bad))
        if self.result is not None:
            text = ngettext("Imported {n} row: {created} new, {updated} updated.",
                            "Imported {n} rows: {created} new, {updated} updated.", self.result.total).format(
                n=self.result.total, created=self.result.created, updated=self.result.updated)
        elif self.error:
            text = self.error
        elif self._busy:
            text = _("Reading the file…")
        elif pv is None:
            text = _("Choose a spreadsheet. Nothing is written until you press Import.")
        elif n_bad:
            text = ngettext("{n} problem: fix it in the file and check again; nothing will be imported until then.",
                            "{n} problems: fix them in the file and check again; nothing will be imported until then.",
                            n_bad).format(n=n_bad)
        elif not n_rows:
            text = _("The file has no records.")
        else:
            text = ngettext("{n} row ready to import ({created} new, {updated} updated).",
                            "{n} rows ready to import ({created} new, {updated} updated).", n_rows).format(
                n=n_rows, created=pv.creates, updated=pv.updates)
            if pv.new_counterparts:
                text += _sep() + _("New counterpart units: {names}.").format(names=", ".join(pv.new_counterparts[:10]))
            if pv.new_gates:
                text += _sep() + _("New border gates: {names}.").format(names=", ".join(pv.new_gates[:10]))
            if pv.new_markers:
                text += _sep() + _("New boundary markers: {names}.").format(names=", ".join(pv.new_markers[:10]))
        if pv is not None and pv.ignored and self.result is None:
            text += _sep() + _("Columns not read: {names}.").format(names=", ".join(pv.ignored))
        self.summary.setText(text)
        self.import_button.setEnabled(bool(pv and pv.ok and n_rows and self.result is None and not self._busy))

    # --- choosing and checking ------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def browse(self) -> None:
        start = ui_settings.value(_LAST_DIR, str(Path.home()))
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a spreadsheet"), start,
                                                    _("Spreadsheets (*.csv *.xlsx)"))
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        """Put a file in the dialog (as choosing it does) and check it."""
        self.path_edit.setText(str(path))
        self.refresh()

    def refresh(self) -> None:
        """Check the chosen file again (after it was fixed, or another kind was chosen)."""
        path = self.path_edit.text().strip()
        self._checked_path = path
        self._token += 1
        token = self._token
        self.preview, self.result, self.error = None, None, ""
        self.rows_model.set_preview(None)
        self.problems_view.setRowCount(0)
        if not path:
            self._busy = False
            self._show_state()
            return
        kind = self.kind
        self._set_busy(True)

        def work(progress):
            return spreadsheet.preview(path, kind, progress)

        def done(preview) -> None:
            if token == self._token:
                self._set_busy(False)
                self._show_preview(preview)

        def failed(exc) -> None:
            if token == self._token:
                self._set_busy(False)
                self.error = str(exc)
                self._show_state()

        run_in_background(work, done, failed, self._on_progress)

    def _show_preview(self, preview: spreadsheet.Preview) -> None:
        self.preview = preview
        self.rows_model.set_preview(preview)
        # Sized to the first rows only: measuring 100,000 rows would freeze the window.
        self.rows_view.resizeColumnsToContents()
        for c in range(self.rows_model.columnCount()):
            self.rows_view.setColumnWidth(c, min(self.rows_view.columnWidth(c), 320))
        self._fill_problems(preview.problems)
        self.tabs.setCurrentIndex(1 if preview.problems else 0)
        ui_settings.set_value(_LAST_DIR, str(Path(preview.path).parent))
        ui_settings.set_value(_LAST_KIND, preview.kind)
        self._show_state()

    def _fill_problems(self, problems: list[spreadsheet.Problem]) -> None:
        self.problems_view.setRowCount(len(problems))
        bad = QColor("#b00020")
        for i, p in enumerate(problems):
            for j, text in enumerate((str(p.row), p.column, p.reason)):
                item = QTableWidgetItem(text)
                if j < 2:
                    item.setForeground(bad)
                self.problems_view.setItem(i, j, item)
        self.problems_view.resizeColumnsToContents()
        self.problems_view.horizontalHeader().setStretchLastSection(True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.browse_button.setEnabled(not busy)
        self.kind_combo.setEnabled(not busy)
        self._show_state()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        if text:
            self.progress.setFormat(text)

    # --- importing --------------------------------------------------------------------------

    def start_import(self) -> None:
        if not (self.preview and self.preview.ok and self.preview.rows) or self._busy:
            return
        path, kind = str(self.preview.path), self.preview.kind
        self._set_busy(True)

        def work(progress):
            # The service's own Cancelled comes back through _import_failed, which says so.
            return spreadsheet.import_file(path, kind, progress=progress)

        run_in_background(work, self._imported, self._import_failed, self._on_progress,
                          parent=self, title=_("Importing {name}…").format(name=Path(path).name))

    def _imported(self, result: spreadsheet.ImportResult) -> None:
        self.result = result
        self._set_busy(False)
        self.imported.emit(result)

    def _import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, spreadsheet.ImportFailed):  # the file changed since it was checked
            self.preview.problems[:] = exc.problems
            self._fill_problems(exc.problems)
            self.tabs.setCurrentIndex(1)
        else:
            self.error = str(exc)
        self._show_state()
