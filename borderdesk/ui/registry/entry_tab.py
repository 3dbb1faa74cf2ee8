"""One registry tab: the list of posts (or units, gates, markers, officers) and the form of one."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk.services import registry
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.registry.fields import COLUMNS, EntryForm, display
from borderdesk.ui.widgets.tables import fit_columns

UUID_ROLE = Qt.UserRole + 1


class EntryTab(QWidget):
    """List + form of one registry kind, with search, create, edit, delete and undo."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.current: str | None = None  # uuid of the entry in the form; None = a new one
        self.dirty = False
        self._last_deleted: str | None = None
        self._shown = False

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.table = QTableWidget(0, len(COLUMNS[kind]))
        self.table.setObjectName("list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.form = EntryForm(kind)
        self.form.changed.connect(self._mark_dirty)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_delete)

        self.new_button = QPushButton()
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(self.new_entry)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_entry)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete")
        self.delete_button.clicked.connect(self.delete_entry)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addWidget(self.table)
        self.extra_buttons = QHBoxLayout()  # the counterpart tab adds "Merge duplicates…" here
        self.extra_buttons.addStretch(1)
        lv.addLayout(self.extra_buttons)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        rv.addWidget(self.title)
        rv.addWidget(self.form, 1)
        note = QHBoxLayout()
        note.addWidget(self.message, 1)
        note.addWidget(self.undo_button)
        rv.addLayout(note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        rv.addLayout(buttons)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName(f"registry_{kind}_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        ui_settings.restore_splitter(self.splitter, self.splitter.objectName())
        self.splitter.splitterMoved.connect(
            lambda *_a: ui_settings.save_splitter(self.splitter, self.splitter.objectName()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.setTabOrder(self.search, self.table)
        # Ctrl+S saves here (the window's Save is for records and is disabled on this page);
        # Delete removes the selected entry when the list has the focus; Esc reverts the form.
        QShortcut(QKeySequence.Save, self, self.save_entry, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.Delete, self.table, self.delete_entry, context=Qt.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key_Escape), self.form, self.revert, context=Qt.WidgetWithChildrenShortcut)
        self.retranslate()
        self.refresh()
        self.new_entry()

    # --- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search by name or code…"))
        self.table.setHorizontalHeaderLabels([_(h) for _f, h, _w in COLUMNS[self.kind]])
        # names share the width (long ones are elided); short columns keep theirs
        fit_columns(self.table, [w for _f, _h, w in COLUMNS[self.kind]])
        self.new_button.setText(_("&New"))
        self.new_button.setToolTip(_("Start a new entry"))
        self.save_button.setText(_("&Save"))
        self.delete_button.setText(_("&Delete"))
        self.undo_button.setText(_("&Undo"))
        self.form.retranslate()
        self._update_title()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_title(self) -> None:
        self.title.setText(_("New entry") if self.current is None else _("Edit entry"))

    # --- list ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (search applied), keeping the selection."""
        rows = registry.list_entries(self.kind, text=self.search.text().strip() or None)
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        selected_row = -1
        for r, row in enumerate(rows):
            for c, (field, _h, _w) in enumerate(COLUMNS[self.kind]):
                item = QTableWidgetItem(display(self.kind, field, getattr(row, field)))
                item.setData(UUID_ROLE, row.uuid)
                self.table.setItem(r, c, item)
            if row.uuid == self.current:
                selected_row = r
        self.table.setSortingEnabled(True)
        self.table.clearSelection()
        if selected_row >= 0:
            for r in range(self.table.rowCount()):  # sorting may have moved it
                if self.table.item(r, 0).data(UUID_ROLE) == self.current:
                    self.table.selectRow(r)
        self.table.blockSignals(False)

    def row_count(self) -> int:
        return self.table.rowCount()

    def uuid_at(self, r: int) -> str:
        return self.table.item(r, 0).data(UUID_ROLE)

    def select(self, uuid: str) -> bool:
        for r in range(self.table.rowCount()):
            if self.uuid_at(r) == uuid:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        uuid = self.uuid_at(rows[0].row())
        if uuid == self.current:
            return
        if not self.maybe_keep_changes():
            self.select(self.current) if self.current else self.table.clearSelection()
            return
        self.open_entry(uuid)

    # --- form ------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        self.dirty = True

    def maybe_keep_changes(self) -> bool:
        """Before the form is replaced: True to go on (saved or discarded), False to stay."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, _("Unsaved changes"), _("Save the changes to this entry first?"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save_entry()
        return answer == QMessageBox.Discard

    def open_entry(self, uuid: str) -> None:
        row = registry.get(self.kind, uuid)
        self.current = uuid
        self.form.set_values(registry.to_dict(row))
        self.dirty = False
        self.delete_button.setEnabled(True)
        self._update_title()

    def new_entry(self) -> None:
        if not self.maybe_keep_changes():
            return
        self.current = None
        self.form.set_values({})
        self.dirty = False
        self.delete_button.setEnabled(False)
        self.table.clearSelection()
        self._update_title()
        first = next(iter(self.form.editors.values()))
        first.setFocus()

    def save_entry(self) -> bool:
        """Create or update through the registry service; errors appear on their fields."""
        data = self.form.values()
        try:
            if self.current is None:
                row = registry.create(self.kind, data)
            else:
                row = registry.update(self.kind, self.current, data)
        except ValidationError as exc:
            self.form.show_errors(exc.errors)
            other = [msg for name, msg in exc.errors.items() if name not in self.form.editors]
            self._note(" ".join(other)) if other else self._note("")
            return False
        except BorderDeskError as exc:
            self._note(str(exc))
            return False
        self.current = row.uuid
        self.dirty = False
        self.form.show_errors({})
        self._note(_("Saved."))
        self.delete_button.setEnabled(True)
        self._update_title()
        self.refresh()
        return True

    def revert(self) -> None:
        """Esc: forget the edits in the form."""
        if self.current is None:
            self.form.set_values({})
        else:
            self.open_entry(self.current)
        self.dirty = False

    def delete_entry(self) -> None:
        if self.current is None:
            return
        uuid = self.current
        registry.delete(self.kind, uuid)
        self._last_deleted = uuid
        self.current = None
        self.dirty = False
        self.new_entry()
        self.refresh()
        self._note(_("Entry deleted."), undo=True)

    def undo_delete(self) -> None:
        if not self._last_deleted:
            return
        uuid, self._last_deleted = self._last_deleted, None
        registry.restore(self.kind, uuid)
        self.current = None
        self.refresh()
        self.select(uuid)
        self.open_entry(uuid)
        self._note(_("Entry restored."))

    def _note(self, text: str, undo: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.undo_button.setVisible(undo)

    def showEvent(self, event) -> None:
        # The first time the tab shows, open its first entry rather than an empty form.
        if not self._shown and self.current is None and not self.dirty and self.table.rowCount():
            self.table.selectRow(0)
        self._shown = True
        super().showEvent(event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
