"""The registry page: posts, counterpart units, gates, markers, officers and the holiday table."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget

from borderdesk.i18n import _, ngettext
from borderdesk.services import events, registry
from borderdesk.ui.registry.entry_tab import EntryTab
from borderdesk.ui.registry.holidays_tab import HolidaysTab
from borderdesk.ui.registry.merge_dialog import MergeDialog

#: tab order of the registry kinds
KINDS = ("post", "counterpart", "gate", "marker", "officer")


class _Bridge(QObject):
    """Re-emits registry changes made elsewhere (an import, a sync bundle) as a Qt signal."""

    changed = Signal(str)


class RegistryView(QWidget):
    """The Registry page the main window embeds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("registry_tabs")
        self.entry_tabs: dict[str, EntryTab] = {}
        for kind in KINDS:
            tab = EntryTab(kind)
            self.entry_tabs[kind] = tab
            self.tabs.addTab(tab, "")
        self.holidays = HolidaysTab()
        self.tabs.addTab(self.holidays, "")
        self.merge_button = QPushButton()
        self.merge_button.setObjectName("merge")
        self.merge_button.clicked.connect(self.merge_duplicates)
        self.entry_tabs["counterpart"].extra_buttons.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._tab_index = 0
        self.tabs.currentChanged.connect(self._tab_changed)

        # Queued through a signal: services may write from a worker thread.
        self._bridge = _Bridge(self)
        self._bridge.changed.connect(self._refresh_kind)
        self._unsubscribe = events.subscribe(self._on_change)
        self.destroyed.connect(lambda *_a, u=self._unsubscribe: u())
        self.retranslate()

    def _on_change(self, change: events.Change) -> None:
        if change.kind in registry.REGISTRY or change.action == "merge":
            try:
                self._bridge.changed.emit(change.kind)
            except RuntimeError:  # the page is gone
                pass

    def _refresh_kind(self, kind: str) -> None:
        tab = self.entry_tabs.get(kind)
        if tab is not None and tab.isVisible():
            tab.refresh()

    def retranslate(self) -> None:
        for i, kind in enumerate(KINDS):
            self.tabs.setTabText(i, _(registry.REGISTRY[kind][1]))
        self.tabs.setTabText(len(KINDS), _("Holidays"))
        self.merge_button.setText(_("&Merge duplicates…"))
        self.merge_button.setToolTip(_("Two entries name the same unit: move the records of one onto the other"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        current = self.tabs.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()
        super().showEvent(event)

    def _tab_changed(self, index: int) -> None:
        previous = self.tabs.widget(self._tab_index)
        if isinstance(previous, EntryTab) and index != self._tab_index and not previous.maybe_keep_changes():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._tab_index)  # stay with the unsaved entry
            self.tabs.blockSignals(False)
            return
        self._tab_index = index

    def maybe_leave(self) -> bool:
        """Before the window shows another page or closes: unsaved changes are saved or discarded first."""
        tab = self.current_tab()
        return tab.maybe_keep_changes() if isinstance(tab, EntryTab) else True

    # --- actions the main window may route its shortcuts to --------------------------

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget()

    def new_entry(self) -> None:
        tab = self.current_tab()
        (tab.new_entry if isinstance(tab, EntryTab) else tab.new_correction)()

    def save_entry(self) -> None:
        tab = self.current_tab()
        (tab.save_entry if isinstance(tab, EntryTab) else tab.save_correction)()

    def delete_entry(self) -> None:
        tab = self.current_tab()
        (tab.delete_entry if isinstance(tab, EntryTab) else tab.delete_correction)()

    def focus_search(self) -> None:
        tab = self.current_tab()
        if isinstance(tab, EntryTab):
            tab.focus_search()

    def show_kind(self, kind: str) -> EntryTab | HolidaysTab:
        widget = self.entry_tabs.get(kind) or self.holidays
        self.tabs.setCurrentWidget(widget)
        return widget

    def merge_duplicates(self) -> int | None:
        """Open the merge dialog; returns how many records moved, or None if cancelled."""
        tab = self.entry_tabs["counterpart"]
        dialog = MergeDialog(self, duplicate=tab.current)
        if dialog.exec() and dialog.moved is not None:
            tab.current = None
            tab.refresh()
            tab.new_entry()
            tab._note(ngettext("{n} record moved.", "{n} records moved.", dialog.moved).format(n=dialog.moved))
            return dialog.moved
        return None
