"""The desk's screens for trust: login, passwords, users, the audit trail, backups.

The main window finds :class:`AuditView` and :func:`run_backup` here; the app
calls :func:`~borderdesk.ui.trust.startup.open_database` before the desk and
:func:`install_menu` adds the Accounts menu.
"""
from __future__ import annotations

import importlib

from PySide6.QtGui import QAction

from borderdesk.i18n import _
from borderdesk.ui.language import retranslate_on_change

__all__ = ["AuditView", "BackupDialog", "ChangePasswordDialog", "LoginDialog", "UsersDialog", "install_menu",
           "run_backup"]
#: name -> module that defines it, imported on first use: the desk's start needs none of the
#: screens (the audit view alone pulls the date fields and half of Qt's enums)
_LAZY = {"AuditView": "audit_view", "BackupDialog": "backup_dialog", "run_backup": "backup_dialog",
         "ChangePasswordDialog": "login_dialog", "LoginDialog": "login_dialog", "UsersDialog": "users_dialog"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def install_menu(window) -> None:
    """An "Accounts" menu on the main window: users (administrators) and one's own password."""
    from borderdesk.trust import accounts

    menu = window.menuBar().addMenu("")
    users = QAction(window)
    password = QAction(window)
    users.triggered.connect(lambda: __getattr__("UsersDialog")(window).exec())
    password.triggered.connect(
        lambda: __getattr__("ChangePasswordDialog")(accounts.current_user(), window).exec()
        if accounts.current_user() else None)
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
