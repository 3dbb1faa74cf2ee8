"""One record kind's page: the list and the form side by side in a splitter."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.kinds import KINDS
from borderdesk.ui.records.forms import FORMS
from borderdesk.ui.records.list_view import RecordListView
from borderdesk.ui import settings as ui_settings


#: changes that may touch every list: a bundle or the demo imported, a backup restored
EVERYTHING = ("bundle", "demo", "database")


class RecordPage(QWidget):
    #: kind, uuid, title of a record just deleted (the window offers Undo)
    deleted = Signal(str, str, str)

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.spec = KINDS[kind]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.list = RecordListView(kind, self.splitter)
        self.form = FORMS[kind](self.splitter)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.form)
        # the form keeps its width on a small screen (bilingual fields side by side); the list gives way
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        lay.addWidget(self.splitter)
        self._syncing = False
        self.list.current_changed.connect(self._on_current)
        self.list.delete_pressed.connect(self.delete)
        self.list.activated.connect(lambda _u: self.form.focus_first())
        self.form.saved.connect(self._on_saved)
        self.form.deleted.connect(self.deleted)
        if not ui_settings.restore_splitter(self.splitter, kind):
            self.splitter.setSizes([480, 700])

    def save_state(self) -> None:
        ui_settings.save_splitter(self.splitter, self.kind)

    # --- moving between records -------------------------------------------------------------

    def _on_current(self, uuid) -> None:
        if self._syncing or uuid is None or uuid == self.form.uuid:
            return
        if not self.form.maybe_leave():
            # stay on the record being edited
            self._syncing = True
            if self.form.uuid:
                self.list.select(self.form.uuid, quiet=True)
            else:
                self.list.table.clearSelection()
            self._syncing = False
            return
        self.form.load(uuid)

    def _on_saved(self, _kind: str, uuid: str) -> None:
        self._syncing = True
        self.list.refresh()
        self.list.select(uuid, quiet=True)
        self._syncing = False

    def open_record(self, uuid: str, refresh: bool = False) -> bool:
        if not self.form.maybe_leave():
            return False
        if refresh:
            self.list.refresh()
        self.form.load(uuid)
        self._syncing = True
        self.list.select(uuid, quiet=True)
        self._syncing = False
        return True

    # --- actions the window's menus call ----------------------------------------------------

    def new_record(self) -> None:
        if self.form.maybe_leave():
            self.list.table.clearSelection()
            self.form.new_record()
            self.form.focus_first()

    def save(self) -> bool:
        return self.form.save()

    def delete(self) -> bool:
        if self.form.uuid is None:
            uuid = self.list.current_uuid()
            if uuid is None:
                return False
            self.form.load(uuid)
        if not self.form.delete():
            return False
        self.list.refresh()
        return True

    def duplicate(self) -> None:
        self.form.duplicate()

    def find(self) -> None:
        self.list.filter_bar.search.setFocus()
        self.list.filter_bar.search.selectAll()

    def print_record(self) -> bool:
        return bool(self.form.print_document())

    def maybe_leave(self) -> bool:
        return self.form.maybe_leave()

    def on_changed(self, kind: str) -> None:
        """A service wrote something: re-read the list (and names, when the registry changed)."""
        if kind == self.kind:
            self.list.refresh()
            self._reload_form()
        elif kind in EVERYTHING:
            self.list.refresh(names_too=True)
            self.list.filter_bar.reload_counterparts()
            self._reload_form()
        elif kind == "counterpart":
            self.list.refresh(names_too=True)
            self.list.filter_bar.reload_counterparts()
            ed = self.form.editors.get("counterpart")
            if ed is not None:
                ed.retranslate()
        elif kind == "gate" and "gate" in self.form.editors:
            self.form.editors["gate"].retranslate()

    def _reload_form(self) -> None:
        """Show what a bundle or another window changed in the record on screen, unless it is being edited."""
        uuid = self.form.uuid
        if uuid is None or self.form.is_dirty():
            return
        try:
            self.form.load(uuid)
        except BorderDeskError:  # gone (a restored backup without it)
            self.form.new_record()

    def retranslate(self) -> None:
        self.list.retranslate()
        self.form.retranslate()
