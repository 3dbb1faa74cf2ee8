"""Logging in before the desk (on an encrypted database: unlocking it), the recovery key, and
changing one's own password."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressBar,
                               QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk.trust import accounts, encryption, keyslots


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
    buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))  # Qt's own catalog is not shipped
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return error, buttons


class CheckingDialog(QDialog):
    """An accounts dialog whose OK costs Argon2id (0.3 s on an idle 2-core laptop, a second or more under
    load, two or three of them to change a password): the work runs on a worker thread while a busy bar
    shows and the fields and buttons wait, so the window never freezes; Escape waits for the answer."""

    def _add_busy(self, form: QFormLayout) -> None:
        self.busy = QProgressBar(self)
        self.busy.setObjectName("checking_busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        form.addRow(self.busy)
        self._checking = False

    def checking(self) -> bool:
        """Is a password being checked on the worker thread right now?"""
        return self._checking

    def _set_checking(self, on: bool) -> None:
        self._checking = on
        self.busy.setVisible(on)
        # The line under the form says what is going on: in the text's own colour while checking, red for a refusal.
        self.error.setStyleSheet("" if on else "color: #b00020")
        if on:
            self.error.setText(_("Checking the password…"))
        for widget in self.findChildren(QLineEdit) + self.findChildren(QDialogButtonBox):
            widget.setEnabled(not on)

    def reject(self) -> None:
        if self._checking:  # Argon2id cannot be stopped half-way; the answer comes within seconds
            return
        super().reject()

    def _in_background(self, work: Callable[[], object], done: Callable[[object], None],
                       failed: Callable[[BaseException], None] | None = None) -> None:
        from borderdesk.ui.worker import run_in_background

        def ok(result) -> None:
            self._set_checking(False)
            self.error.clear()
            done(result)

        def bad(exc: BaseException) -> None:
            self._set_checking(False)
            if failed is not None:
                failed(exc)
            else:
                self.error.setText(failure_text(exc))

        self._set_checking(True)
        run_in_background(lambda _progress: work(), ok, bad)


def failure_text(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "\n".join(exc.errors.values())
    if isinstance(exc, BorderDeskError):
        return str(exc)
    return _("The work failed: {error}").format(error=exc)


class LoginDialog(CheckingDialog):
    """Name and password; stays open with the reason until a login succeeds or the user cancels.

    With *path* (an encrypted database not opened yet) the password first unwraps the database's
    key, then *open_database* opens it and the login completes without hashing the password again.

    The password's Argon2id (about 0.3 s on an idle 2-core laptop, near a second under load) runs on
    a worker thread while the dialog shows that it is checking: the window never freezes.
    """

    def __init__(self, parent: QWidget | None = None, username: str = "", path: Path | None = None,
                 open_database: Callable[[], bool] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Log in to BorderDesk"))
        self.user = None
        self.path = Path(path) if path is not None else None
        self.open_database = open_database
        self.username = QLineEdit(username, self)
        self.username.setObjectName("login_user")
        self.password = password_edit(self)
        self.password.setObjectName("login_password")
        form = QFormLayout()
        if self.path is not None:
            note = QLabel(_("This database is encrypted: your password unlocks it."), self)
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        self._add_busy(form)  # while the password is checked (Argon2id, off the GUI thread)
        self.error, self.buttons = form_dialog(self, form, self.try_login)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Log in"))
        self.recovery_button = None
        if self.path is not None:
            self.recovery_button = self.buttons.addButton(_("Use the recovery key…"), QDialogButtonBox.ResetRole)
            self.recovery_button.setObjectName("use_recovery_key")
            self.recovery_button.clicked.connect(self.use_recovery_key)
            if self._locked() and not keyslots.header_path(self.path).exists():
                # An older passphrase file, or its key file was lost: say so before anyone types.
                self.error.setText(encryption.without_key_file(self.path))
        (self.password if username else self.username).setFocus()

    def _locked(self) -> bool:
        return self.path is not None and encryption.key_for(self.path) is None

    def try_login(self) -> None:
        """Check the password on a worker thread (the slow part: the slot's or the account's Argon2id),
        then finish on the GUI thread (:meth:`_checked`)."""
        if self._checking:
            return
        name, password = self.username.text(), self.password.text()
        locked = self._locked()
        unlocked = self.path is not None and not locked  # a key unwrapped by this password is the proof

        def work():
            if locked:  # touches the key file only: the database is opened afterwards, on the GUI thread
                return encryption.unlock_with_password(self.path, name, password)
            return accounts.authenticate(name, password, unlocked=unlocked)

        self._in_background(work, lambda result: self._checked(locked, name, password, result),
                            lambda exc: self._failed(exc, unlocked))

    def _failed(self, exc: BaseException, unlocked: bool) -> None:
        if unlocked:  # the file was open for this login only: lock it again
            self._close_again()
        if isinstance(exc, keyslots.KeyFileError) and not keyslots.header_path(self.path).exists():
            self._refused(encryption.without_key_file(self.path))  # the older passphrase file, or a lost key file
            return
        self._refused(failure_text(exc))

    def _refused(self, text: str) -> None:
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus()

    def _checked(self, locked: bool, name: str, password: str, result) -> None:
        if locked:
            if self.open_database is not None and not self.open_database():
                encryption.forget(self.path)
                self.reject()
                return
            try:  # the slot opened: the account's own checks (disabled, locked), no second hash
                self.user = accounts.authenticate(name, password, unlocked=True)
            except BorderDeskError as exc:  # the key opened, but the account may not log in: lock the file again
                self._close_again()
                self._refused(str(exc))
                return
        else:
            self.user = result
        if self.user["must_change"]:
            dlg = ChangePasswordDialog(self.user["username"], self, forced=True, old=self.password.text())
            if not dlg.exec():
                accounts.logout()
                if self.path is not None:
                    self._close_again()
                self.error.setText(_("An administrator reset this password: choose a new one to go on."))
                return
        self.accept()

    def _close_again(self) -> None:
        from borderdesk.store.connection import close_db

        close_db()
        encryption.forget(self.path)

    def use_recovery_key(self) -> None:
        dlg = RecoveryDialog(self.path, self.open_database, self)
        if dlg.exec():
            self.user = dlg.user
            self.accept()


class RecoveryDialog(CheckingDialog):
    """Open an encrypted database with its recovery key and give an administrator a new password."""

    def __init__(self, path: Path, open_database: Callable[[], bool] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.open_database, self.user = Path(path), open_database, None
        self.setWindowTitle(_("Open with the recovery key"))
        self.key = QLineEdit(self)
        self.key.setObjectName("recovery_key")
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.key.setPlaceholderText("0000-0000-0000-…")
        self.key.setMinimumWidth(560)
        self.name = QLineEdit(self)
        self.name.setObjectName("recovery_user")
        self.new = password_edit(self)
        self.new.setObjectName("recovery_password")
        self.repeat = password_edit(self)
        self.repeat.setObjectName("recovery_repeat")
        form = QFormLayout()
        intro = QLabel(_("The recovery key is the 24 groups of digits written down when this database was set up. "
                         "It opens the database and gives an administrator a new password."), self)
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(_("Recovery key"), self.key)
        form.addRow(_("Administrator"), self.name)
        form.addRow(_("New password"), self.new)
        form.addRow(_("Repeat the new password"), self.repeat)
        self._add_busy(form)
        self.error, _buttons = form_dialog(self, form, self.save)

    def save(self) -> None:
        if self._checking:
            return
        if self.new.text() != self.repeat.text():
            self.error.setText(_("The two new passwords differ."))
            return
        name, password = self.name.text().strip(), self.new.text()
        try:
            accounts._check_username(name)
            accounts._check_password(password)
            if encryption.key_for(self.path) is None:  # the recovery key: HKDF, no Argon2id, no wait
                encryption.unlock_with_recovery(self.path, self.key.text())
                if self.open_database is not None and not self.open_database():
                    encryption.forget(self.path)
                    self.reject()
                    return
        except BorderDeskError as exc:
            self.error.setText(failure_text(exc))
            return
        # The new password hashed and wrapped into a slot: two Argon2id, off the GUI thread.
        self._in_background(lambda: accounts.recover_administrator(name, password),
                            lambda missing: self._recovered(name, missing))

    def _recovered(self, name: str, missing: list[str]) -> None:
        self.user = accounts.get_user(name)
        if missing:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, _("Open with the recovery key"), _(
                "These accounts lost their key slot with the key file and need a new password from an "
                "administrator: {names}").format(names=", ".join(missing)))
        self.accept()


class ChangePasswordDialog(CheckingDialog):
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
        self._add_busy(form)
        self.error, _buttons = form_dialog(self, form, self.save)

    def save(self) -> None:
        if self._checking:
            return
        if self.new.text() != self.repeat.text():
            self.error.setText(_("The two new passwords differ."))
            return
        old, new = self.old.text(), self.new.text()
        # The old password checked, the new one hashed and wrapped: three Argon2id, off the GUI thread.
        self._in_background(lambda: accounts.change_password(self.username, old, new), lambda _user: self.accept())
