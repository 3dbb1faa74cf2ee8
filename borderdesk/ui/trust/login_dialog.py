"""Logging in before the desk, and changing one's own password."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk.trust import accounts


def password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.Password)
    return edit


def form_dialog(dialog: QDialog, form: QFormLayout, on_ok) -> tuple[QLabel, QDialogButtonBox]:
    """Lay out an accounts dialog: the form, a red line for what went wrong, OK and Cancel."""
    error = QLabel(dialog)
    error.setStyleSheet("color: #b00020")
    error.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return error, buttons


class LoginDialog(QDialog):
    """Name and password; stays open with the reason until a login succeeds or the user cancels."""

    def __init__(self, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Log in to BorderDesk"))
        self.user = None
        self.username = QLineEdit(username, self)
        self.password = password_edit(self)
        form = QFormLayout()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        self.error, self.buttons = form_dialog(self, form, self.try_login)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Log in"))
        (self.password if username else self.username).setFocus()

    def try_login(self) -> None:
        try:
            self.user = accounts.authenticate(self.username.text(), self.password.text())
        except BorderDeskError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        if self.user["must_change"]:
            dlg = ChangePasswordDialog(self.user["username"], self, forced=True, old=self.password.text())
            if not dlg.exec():
                accounts.logout()
                self.error.setText(_("An administrator reset this password: choose a new one to go on."))
                return
        self.accept()


class ChangePasswordDialog(QDialog):
    def __init__(self, username: str, parent: QWidget | None = None, forced: bool = False, old: str = "") -> None:
        super().__init__(parent)
        self.username = username
        self.setWindowTitle(_("Change password"))
        self.old = password_edit(self)
        self.old.setText(old)
        self.new = password_edit(self)
        self.repeat = password_edit(self)
        form = QFormLayout()
        if forced:
            form.addRow(QLabel(_("Choose your own password now."), self))
        form.addRow(_("Current password"), self.old)
        form.addRow(_("New password"), self.new)
        form.addRow(_("Repeat the new password"), self.repeat)
        self.error, _buttons = form_dialog(self, form, self.save)

    def save(self) -> None:
        if self.new.text() != self.repeat.text():
            self.error.setText(_("The two new passwords differ."))
            return
        try:
            accounts.change_password(self.username, self.old.text(), self.new.text())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            return
        except BorderDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
