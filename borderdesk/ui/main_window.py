"""The main window: navigation on the left, one page per area, menus for every action.

Start-up builds the navigation, the menus, the dashboard's empty frame and the page the
officer used last; every other page (the record lists and forms, the registry, reports,
sync, the audit trail) is built on its first visit, and the dashboard and the navigation's
counts are read on worker threads once the window has painted, so the window shows before
the libraries only later screens need are imported. A page whose module fails to import is
an error, never a placeholder.
"""
from __future__ import annotations

import importlib
from typing import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from shiboken6 import isValid
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
                               QPushButton, QSplitter, QStackedWidget, QWidget)

from borderdesk import i18n
from borderdesk.domain.errors import NotFound
from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import N_, _
from borderdesk.ui.dashboard import Dashboard
from borderdesk.ui.navigation import NavDelegate, open_items, set_badges
from borderdesk.ui import language, style
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.signals import bridge

RECORD_KINDS = ("hotline_call", "letter", "talks", "meeting", "patrol", "handover", "case", "friendship")
#: other areas' pages: key, navigation label, "module:Class"
OTHER_PAGES = (
    ("registry", N_("Registry"), "borderdesk.ui.registry:RegistryView"),
    ("reports", N_("Reports"), "borderdesk.ui.documents.reports_view:ReportsView"),
    ("sync", N_("Sync"), "borderdesk.ui.sync:SyncView"),
    ("audit", N_("Audit trail"), "borderdesk.ui.trust:AuditView"),
)


def _load_page(target: str):
    """The class (or function) named by ``"module:name"``, imported now."""
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class LazyPage(QWidget):
    """Stands in the stack for another area's page until it is first shown.

    Start-up builds only the dashboard and the record pages; the registry, reports and
    sync (and the libraries they import, reportlab among them) wait for the first visit.
    Attributes the window asks of a page (``maybe_leave``, ``retranslate``,
    ``on_changed`` …) are those of the real page once it exists.
    """

    built = Signal(QWidget)  # the real page, once made

    def __init__(self, factory: Callable[[QWidget], QWidget], parent=None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.real: QWidget | None = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def materialize(self) -> QWidget:
        if self.real is None:
            self.real = self._factory(self)
            self._layout.addWidget(self.real)
            # made during this page's show event, after Qt showed its children: show it too
            self.real.show()
            self._layout.activate()  # laid out now: a click right after the first visit lands where it is drawn
            self.built.emit(self.real)
        return self.real

    def showEvent(self, event) -> None:
        self.materialize()
        super().showEvent(event)

    def __getattr__(self, name: str):
        real = self.__dict__.get("real")
        if real is None or name.startswith("_"):
            raise AttributeError(name)
        return getattr(real, name)


class MainWindow(QMainWindow):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(900, 560))
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")  # the stylesheet's dark sidebar
        self.nav.setSpacing(1)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self._badges: dict[str, int] = {}
        self.stack = QStackedWidget(self)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.pages: dict[str, QWidget] = {}
        self._nav_labels: dict[str, str] = {}
        self.dashboard = Dashboard(self)
        self.dashboard.open_requested.connect(self.open_record)
        self._add_page("dashboard", N_("Dashboard"), self.dashboard)
        for kind in RECORD_KINDS:
            self._add_page(kind, KINDS[kind].plural, LazyPage(self._record_page_factory(kind), self))
        for key, label, target in OTHER_PAGES:
            self._add_page(key, label, LazyPage(self._page_factory(target), self))
        self.nav.currentRowChanged.connect(self._on_nav)
        self.nav.setMinimumWidth(140)

        self._deleted: list[tuple[str, str, str]] = []
        self._status: Callable[[], str] | None = None
        self._undo_box = QWidget(self)
        box = QHBoxLayout(self._undo_box)
        box.setContentsMargins(0, 0, 0, 0)
        self._undo_label = QLabel(self._undo_box)
        self._undo_button = QPushButton(self._undo_box)
        self._undo_button.clicked.connect(self.undo_delete)
        box.addWidget(self._undo_label)
        box.addWidget(self._undo_button)
        self.statusBar().addWidget(self._undo_box)
        self._undo_box.hide()

        self._make_menus()
        bridge().changed.connect(self._on_changed)
        language.retranslate_on_change(self, self.retranslate)
        self.retranslate(pages=False)  # each page translated itself when it was built
        self._restore_state()
        # the page the officer used last (the only one built now), else the dashboard
        keys = list(self.pages)
        last = ui_settings.value("main_window/page", "dashboard")
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)
        self._painted = False  # the navigation's counts are read once the window has painted

    # --- pages ------------------------------------------------------------------------------------

    def _add_page(self, key: str, label: str, page: QWidget) -> None:
        self.pages[key] = page
        self._nav_labels[key] = label
        item = QListWidgetItem(_(label))
        item.setData(Qt.UserRole, key)
        if key in style.PAGE_ICONS:
            item.setIcon(style.icon(style.PAGE_ICONS[key], style.PALETTE["navText"]))
        self.nav.addItem(item)
        self.stack.addWidget(page)

    def _record_page_factory(self, kind: str) -> Callable[[QWidget], QWidget]:
        def build(parent: QWidget) -> QWidget:
            from borderdesk.ui.records.page import RecordPage

            page = RecordPage(kind, parent)
            page.deleted.connect(self._on_deleted)
            return page

        return build

    @staticmethod
    def _page_factory(target: str) -> Callable[[QWidget], QWidget]:
        def build(parent: QWidget) -> QWidget:
            return _load_page(target)(parent)

        return build

    def page(self, key: str) -> QWidget:
        """The real page of *key* (built now if it was waiting for its first visit)."""
        page = self.pages[key]
        return page.materialize() if isinstance(page, LazyPage) else page

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.UserRole) if item else "dashboard"

    def current_page(self) -> QWidget:
        page = self.stack.currentWidget()
        return page.materialize() if isinstance(page, LazyPage) else page

    def _record_page(self):
        """The current page when it is a record kind's list and form (built now if need be), else None."""
        return self.current_page() if self.current_key() in RECORD_KINDS else None

    def _on_nav(self, row: int) -> None:
        target = self.stack.widget(row)
        current = self.stack.currentWidget()
        # any page with unsaved work (record forms, the registry) may keep the officer on it
        if current is not target and hasattr(current, "maybe_leave") and not current.maybe_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentIndex(row)
        self._update_actions()

    def show_page(self, key: str) -> QWidget:
        keys = list(self.pages)
        self.nav.setCurrentRow(keys.index(key))
        return self.page(key)

    def open_record(self, kind: str, uuid: str, refresh: bool = False) -> None:
        """Show a record in its form (from the dashboard, a search, a link)."""
        if kind not in RECORD_KINDS:
            return
        page = self.show_page(kind)
        if self.current_page() is page:
            page.open_record(uuid, refresh)

    # --- menus --------------------------------------------------------------------------------------

    def _action(self, menu, slot: Callable, shortcut=None) -> QAction:
        act = QAction(self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _make_menus(self) -> None:
        # Ctrl+1 … Ctrl+9: the first nine entries of the navigation, from anywhere
        for n in range(1, 10):
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{n}"))
            act.triggered.connect(lambda _c=False, row=n - 1: self.nav.setCurrentRow(row))
            self.addAction(act)
        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        self.act_new = self._action(self.file_menu, self.new_record, QKeySequence.New)
        self.act_import = self._action(self.file_menu, self.import_spreadsheet, "Ctrl+I")
        self.act_export = self._action(self.file_menu, self.export_records)
        self.act_open_db = self._action(self.file_menu, self.open_other_database)
        self.act_backup = self._action(self.file_menu, self.backup)
        self.file_menu.addSeparator()
        self.act_quit = self._action(self.file_menu, self.close, QKeySequence.Quit)
        self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))

        self.edit_menu = mb.addMenu("")
        self.act_save = self._action(self.edit_menu, self.save_record, QKeySequence.Save)
        self.act_delete = self._action(self.edit_menu, self.delete_record)
        self.act_undo = self._action(self.edit_menu, self.undo_delete, QKeySequence.Undo)
        self.act_undo.setShortcutContext(Qt.ApplicationShortcut)
        self.act_duplicate = self._action(self.edit_menu, self.duplicate_record, "Ctrl+D")
        self.edit_menu.addSeparator()
        self.act_find = self._action(self.edit_menu, self.find, QKeySequence.Find)
        self.act_print = self._action(self.edit_menu, self.print_record, QKeySequence.Print)

        self.view_menu = mb.addMenu("")
        self.lang_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            act = QAction(language.LANGUAGE_NAMES[code], self, checkable=True)
            act.triggered.connect(lambda _c=False, c=code: self.change_language(c))
            group.addAction(act)
            self.lang_menu.addAction(act)
            self.lang_actions[code] = act

        _load_page("borderdesk.ui.trust:install_menu")(self)

        self.help_menu = mb.addMenu("")
        self.act_about = self._action(self.help_menu, self.about)

    def retranslate(self, pages: bool = True) -> None:
        self.setWindowTitle(_("BorderDesk — border cooperation records"))
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            item.setText(_(self._nav_labels[item.data(Qt.UserRole)]))
        set_badges(self.nav, self._badges)  # their tooltips in the new language
        # the longest entry fits in every language ("Điện thoại đường dây nóng")
        self.nav.setMinimumWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12)
        self.file_menu.setTitle(_("&File"))
        self.act_new.setText(_("&New record"))
        self.act_import.setText(_("&Import spreadsheet…"))
        self.act_export.setText(_("&Export…"))
        self.act_open_db.setText(_("&Open database…"))
        self.act_backup.setText(_("&Backup…"))
        self.act_quit.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.act_save.setText(_("&Save"))
        self.act_delete.setText(_("&Delete"))
        self.act_undo.setText(_("&Undo delete"))
        self.act_duplicate.setText(_("D&uplicate as new"))
        self.act_find.setText(_("&Find"))
        self.act_print.setText(_("&Print document…"))
        self.view_menu.setTitle(_("&View"))
        self.lang_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.act_about.setText(_("&About BorderDesk"))
        self._undo_button.setText(_("Undo"))
        self._retranslate_status()
        self.lang_actions[i18n.current_language()].setChecked(True)
        if not pages:
            return
        for page in self.pages.values():
            fn = getattr(page, "retranslate", None)
            if fn is not None:
                fn()

    def change_language(self, lang: str) -> None:
        """Switch the interface language now; every page sets its texts again."""
        language.switch_language(lang)  # tells every screen, this window included

    def _update_actions(self) -> None:
        page = self._record_page()
        for act in (self.act_save, self.act_delete, self.act_duplicate):
            act.setEnabled(page is not None)
        self.act_print.setEnabled(page is not None and page.kind in ("talks", "meeting"))

    # --- actions --------------------------------------------------------------------------------------

    def new_record(self) -> None:
        page = self._record_page()
        if page is None:
            page = self.show_page("hotline_call")
        page.new_record()

    def save_record(self) -> None:
        page = self._record_page()
        if page is None:
            return
        if page.save():
            self.say(lambda: _("Saved."), 4000)
        else:
            self.say(lambda: _("Not saved: correct the fields marked in red."), 6000)

    def delete_record(self) -> None:
        page = self._record_page()
        if page is not None:
            page.delete()

    def duplicate_record(self) -> None:
        page = self._record_page()
        if page is not None:
            page.duplicate()

    def find(self) -> None:
        page = self._record_page()
        if page is not None:
            page.find()

    def print_record(self) -> None:
        page = self._record_page()
        if page is not None and not page.print_record():
            self.say(lambda: _("Save the record first; talks, meetings and handovers print their documents."), 5000)

    def say(self, text: Callable[[], str], timeout: int = 5000) -> None:
        """A status line, said again in the new language if the language changes while it shows."""
        self._status = text
        self.statusBar().showMessage(text(), timeout)

    def _retranslate_status(self) -> None:
        if self._status is not None and self.statusBar().currentMessage():
            self.statusBar().showMessage(self._status(), 5000)
        if self._deleted:
            self._undo_label.setText(_("Deleted: {title}").format(title=self._title_of(*self._deleted[-1])))

    def _title_of(self, kind: str, uuid: str, title: str) -> str:
        """The deleted record's title in the interface language (it was written in the old one)."""
        from borderdesk.services import records
        from borderdesk.ui.widgets.display import fmt_date

        try:
            row = records.get(kind, uuid)
        except NotFound:  # gone from the database: keep the words it was deleted with
            return title
        return _("{kind} of {date}").format(kind=_(KINDS[kind].label), date=fmt_date(row.date))

    def _on_deleted(self, kind: str, uuid: str, title: str) -> None:
        self._deleted.append((kind, uuid, title))
        self._undo_label.setText(_("Deleted: {title}").format(title=title))
        self._undo_box.show()

    def undo_delete(self) -> bool:
        """Bring back the record deleted last (Ctrl+Z, or Undo in the status bar)."""
        if not self._deleted:
            return False
        kind, uuid, _title = self._deleted.pop()
        from borderdesk.services import records

        records.restore(kind, uuid)
        self._undo_box.setVisible(bool(self._deleted))
        if self._deleted:
            self._undo_label.setText(_("Deleted: {title}").format(title=self._deleted[-1][2]))
        self.say(lambda: _("Restored."), 4000)
        self.open_record(kind, uuid, refresh=True)
        return True

    def import_spreadsheet(self) -> None:
        _load_page("borderdesk.ui.import_dialog:ImportDialog")(self).exec()

    def export_records(self) -> None:
        self.show_page("reports")

    def backup(self) -> None:
        _load_page("borderdesk.ui.trust:run_backup")(self)

    def open_other_database(self) -> None:
        _load_page("borderdesk.ui.database_dialog:run_open_database")(self)

    def about(self) -> None:
        from borderdesk import __version__

        QMessageBox.about(self, _("About BorderDesk"), _(
            "BorderDesk {version}\nRecords of Vietnam–China border cooperation for border posts.").format(
            version=__version__))

    def refresh_badges(self) -> None:
        """Count the open items again (in the background) and show them in the navigation."""
        from borderdesk.ui.worker import run_in_background

        def done(counts: dict) -> None:
            if isValid(self):
                self._badges = counts
                set_badges(self.nav, counts)
                self.nav.viewport().update()

        def failed(exc: BaseException) -> None:
            if isValid(self):
                self.say(lambda: _("The open items could not be counted: {reason}").format(reason=exc), 8000)

        run_in_background(lambda _progress: open_items(), done, failed)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:  # the counts after the first paint: a worker before it would slow the paint
            self._painted = True
            QTimer.singleShot(0, self.refresh_badges)

    def _on_changed(self, kind: str) -> None:
        self.refresh_badges()
        for page in self.pages.values():
            fn = getattr(page, "on_changed", None)
            if fn is not None:
                fn(kind)

    # --- window state ------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        if not ui_settings.restore_geometry(self, "main_window"):
            self._first_geometry()
        if not ui_settings.restore_splitter(self.splitter, "main_window"):
            self.splitter.setSizes([max(self.nav.minimumWidth(), 160), 1090])

    def _first_geometry(self) -> None:
        """1280×800 in the middle of the screen, or the screen's whole free area where it is smaller
        (1366×768 less a task bar): a window taller than the screen would hide its buttons."""
        area = self.screen().availableGeometry()
        width, height = min(1280, area.width()), min(800, area.height())
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)

    def save_state(self) -> None:
        ui_settings.set_value("main_window/page", self.current_key())
        ui_settings.save_geometry(self, "main_window")
        ui_settings.save_splitter(self.splitter, "main_window")
        for page in self.pages.values():
            fn = getattr(page, "save_state", None)
            if fn is not None:
                fn()

    def closeEvent(self, event) -> None:
        page = self.current_page()
        if hasattr(page, "maybe_leave") and not page.maybe_leave():
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)
