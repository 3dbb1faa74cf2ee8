"""Backups in the desk: make one now (here or to a stick), keep N, restore one."""
from __future__ import annotations

import os

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.i18n.formatting import format_datetime, format_number
from borderdesk.services import session
from borderdesk.trust import accounts, backup
from borderdesk.ui.worker import run_in_background


class BackupDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Backups"))
        self.resize(620, 420)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.keep = QSpinBox(self)
        self.keep.setRange(1, 365)
        self.keep.setValue(backup.keep_count())
        self.extra = QLineEdit(session.get_setting("backup_extra_dir", "") or "", self)
        self.extra.setPlaceholderText(_("e.g. the USB stick (used when it is plugged in)"))
        choose = QPushButton(_("Choose…"), self)
        choose.clicked.connect(self.choose_extra)
        extra_row = QHBoxLayout()
        extra_row.addWidget(self.extra)
        extra_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(_("Keep the newest"), self.keep)
        form.addRow(_("Also copy to"), extra_row)
        self.backup_button = QPushButton(_("Back up now"), self)
        self.backup_to_button = QPushButton(_("Back up to a folder…"), self)
        self.restore_button = QPushButton(_("Restore selected…"), self)
        self.restore_file_button = QPushButton(_("Restore from a file…"), self)
        self.backup_button.clicked.connect(lambda: self.make_backup(None))
        self.backup_to_button.clicked.connect(self.backup_to)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_file)
        may_restore = accounts.allowed("restore")
        self.restore_button.setEnabled(may_restore)
        self.restore_file_button.setEnabled(may_restore)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.backup_to_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(b)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Backups next to the database (newest first):"), self))
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.keep.valueChanged.connect(lambda v: session.set_setting("backup_keep", str(v)))
        self.extra.editingFinished.connect(lambda: session.set_setting("backup_extra_dir", self.extra.text().strip()))
        self.refresh()

    def refresh(self) -> None:
        import datetime as dt

        self.list.clear()
        for path in backup.list_backups():
            st = path.stat()
            when = dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc)
            item = QListWidgetItem(_("{when} — {size} KB — {name}").format(
                when=format_datetime(when), size=format_number(st.st_size // 1024), name=path.name))
            item.setData(256, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def choose_extra(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for extra backups"), self.extra.text())
        if folder:
            self.extra.setText(folder)
            session.set_setting("backup_extra_dir", folder)

    def backup_to(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Back up into"))
        if folder:
            self.make_backup(folder)

    def make_backup(self, folder: str | None) -> None:
        def work(progress):
            return backup.make_backup(folder, progress=lambda done, total: progress(done, total, ""))

        self._busy(True)
        run_in_background(work, self._backup_done, self._failed, parent=self, title=_("Backing up…"))

    def _backup_done(self, path) -> None:
        self._busy(False)
        self.status.setText(_("Backup written: {path}").format(path=path))
        self.refresh()

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.restore(item.data(256))

    def restore_file(self) -> None:
        file, _filter = QFileDialog.getOpenFileName(self, _("Backup to restore"), "", _("BorderDesk backups (*.sqlite)"))
        if file:
            self.restore(file)

    def restore(self, file: str) -> None:
        answer = QMessageBox.question(self, _("Restore a backup"), _(
            "Replace the records with those of {name}? The current database is kept aside first.").format(
            name=os.path.basename(file)))
        if answer != QMessageBox.Yes:
            return
        self._busy(True)
        # Checked and copied on the GUI thread's own connection: restore replaces what that connection sees.
        try:
            aside = backup.restore(file)
        except BorderDeskError as exc:
            self._failed(exc)
            return
        self._busy(False)
        self.status.setText(_("Restored {name}; the previous database was kept as {aside}").format(
            name=os.path.basename(file), aside=aside))
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        text = str(exc) if isinstance(exc, BorderDeskError) else _("The work failed: {error}").format(error=exc)
        self.status.setText(text)
        QMessageBox.warning(self, _("Backups"), text)

    def _busy(self, busy: bool) -> None:
        for b in (self.backup_button, self.backup_to_button):
            b.setEnabled(not busy)


def run_backup(window: QWidget) -> None:
    """File ▸ Backup… of the main window."""
    from borderdesk.store.connection import is_server

    if is_server():  # nothing on this laptop to copy: the server's backups are its administrator's
        QMessageBox.information(window, _("Backups"), _(
            "This database is on a PostgreSQL server: its administrator backs it up (pg_dump on a schedule); "
            "'borderdesk --db ADDRESS backup' makes one now."))
        return
    BackupDialog(window).exec()
