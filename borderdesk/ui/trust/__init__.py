"""The desk's screens for trust: login, passwords, users, the audit trail, backups.

The main window finds :class:`AuditView` and :func:`run_backup` here; the app
calls :func:`~borderdesk.ui.trust.startup.open_database` before the desk and
:func:`install_menu` adds the Accounts menu.
"""
from __future__ import annotations

from PySide6.QtGui import QAction

from borderdesk.i18n import _
from borderdesk.trust import accounts
from borderdesk.ui.language import retranslate_on_change
from borderdesk.ui.trust.audit_view import AuditView
from borderdesk.ui.trust.backup_dialog import BackupDialog, run_backup
from borderdesk.ui.trust.login_dialog import ChangePasswordDialog, LoginDialog
from borderdesk.ui.trust.users_dialog import UsersDialog

__all__ = ["AuditView", "BackupDialog", "ChangePasswordDialog", "LoginDialog", "UsersDialog", "install_menu",
           "run_backup"]


def install_menu(window) -> None:
    """An "Accounts" menu on the main window: users (administrators) and one's own password."""
    menu = window.menuBar().addMenu("")
    users = QAction(window)
    password = QAction(window)
    users.triggered.connect(lambda: UsersDialog(window).exec())
    password.triggered.connect(
        lambda: ChangePasswordDialog(accounts.current_user(), window).exec() if accounts.current_user() else None)
    menu.addAction(users)
    menu.addAction(password)

    def retranslate() -> None:
        menu.setTitle(_("&Accounts"))
        users.setText(_("&Users…"))
        password.setText(_("&Change my password…"))
        # On a database without accounts anyone may create the first administrator.
        users.setEnabled(accounts.allowed("accounts"))
        password.setEnabled(accounts.current_user() is not None)

    menu.aboutToShow.connect(retranslate)
    retranslate_on_change(window, retranslate)
    retranslate()
    window.accounts_menu = menu
