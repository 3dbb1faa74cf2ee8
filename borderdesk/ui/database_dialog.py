"""File ▸ Open database…: another database file, or a headquarters' PostgreSQL server.

The desk's windows are built over the open database, so the choice is remembered and
BorderDesk starts again on it (now, or at the next start): the same way in as ``--db``.
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from borderdesk.domain.errors import SetupError
from borderdesk.i18n import _
from borderdesk.store.target import ServerUrl
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.desk_db import DATABASE_KEY
from borderdesk.ui.style import PALETTE


class OpenDatabaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, current: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open database"))
        self.resize(640, 200)
        self.chosen: str | None = None
        intro = QLabel(_("A database file (a post, a provincial command), or a headquarters' PostgreSQL server: "
                         "postgresql://USER@HOST:PORT/NAME (the password in ~/.pgpass, not here)."), self)
        intro.setWordWrap(True)
        self.field = QLineEdit(current, self)
        self.field.setPlaceholderText("postgresql://hq@db.bdbp.vn:5432/borderdesk_hq")
        browse = QPushButton(_("Choose a file…"), self)
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(browse)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(f"color: {PALETTE['bad']};")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Open | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(row)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addWidget(buttons)
        self.choose = lambda: QFileDialog.getOpenFileName(self, _("Open database"), "",
                                                          _("BorderDesk databases (*.sqlite)"))[0]

    def choose_file(self) -> None:
        path = self.choose()
        if path:
            self.field.setText(path)

    def accept(self) -> None:
        from borderdesk.app import database_target

        text = self.field.text().strip()
        if not text:
            self.error.setText(_("Give a file or a postgresql:// address."))
            return
        try:
            target = database_target(text)
        except SetupError as exc:  # mysql://…: said on the field, nothing remembered
            self.error.setText(str(exc))
            self.field.setFocus()
            return
        if not isinstance(target, ServerUrl) and not target.exists():
            self.error.setText(_("There is no database file at {path}.").format(path=target))
            return
        self.chosen = target.url if isinstance(target, ServerUrl) else str(target)
        super().accept()


def restart_arguments(argv: list[str], database: str) -> list[str]:
    """The desk's command line again, with ``--db`` naming *database* instead of what it named."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--db":
            skip = True
            continue
        if a.startswith("--db="):
            continue
        out.append(a)
    return out + ["--db", database]


def run_open_database(window: QWidget) -> None:
    """File ▸ Open database… of the main window."""
    current = str(ui_settings.value(DATABASE_KEY, "") or "")
    dialog = OpenDatabaseDialog(window, current)
    if not dialog.exec() or not dialog.chosen:
        return
    ui_settings.set_value(DATABASE_KEY, dialog.chosen)
    answer = QMessageBox.question(window, _("Open database"), _(
        "BorderDesk opens {database} when it starts. Start again now?").format(
        database=dialog.chosen if "://" not in dialog.chosen else str(ServerUrl(dialog.chosen))),
        QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
    if answer == QMessageBox.Yes:
        frozen = getattr(sys, "frozen", False)
        program = sys.executable
        args = restart_arguments(sys.argv[1:], dialog.chosen)
        if not frozen:
            args = ["-m", "borderdesk"] + args
        if QProcess.startDetached(program, args):
            window.close()
