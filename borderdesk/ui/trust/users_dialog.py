"""The administrator's page of accounts: add, role, disable, reset a password, unlock."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget, QAbstractItemView)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk.trust import accounts
from borderdesk.ui.trust.login_dialog import password_edit, form_dialog


def _message(exc: BorderDeskError) -> str:
    return "\n".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, first: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a user"))
        self.name = QLineEdit(self)
        self.full_name = QLineEdit(self)
        self.role = QComboBox(self)
        for key, label in accounts.ROLES.items():
            if not first or key == "administrator":
                self.role.addItem(_(label), key)
        self.password = password_edit(self)
        form = QFormLayout()
        if first:
            form.addRow(QLabel(_("The first account is an administrator; from then on everyone logs in."), self))
        form.addRow(_("User name"), self.name)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Password"), self.password)
        self.error, _buttons = form_dialog(self, form, self.save)

    def save(self) -> None:
        try:
            accounts.create_user(self.name.text(), self.password.text(), self.role.currentData(),
                                 self.full_name.text())
        except BorderDeskError as exc:
            self.error.setText(_message(exc))
            return
        self.accept()


class UsersDialog(QDialog):
    COLUMNS = ("username", "full_name", "role", "state")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Users"))
        self.resize(640, 360)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_("User name"), _("Full name"), _("Role"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(_("Add…"), self)
        self.role_button = QPushButton(_("Change role…"), self)
        self.reset_button = QPushButton(_("Reset password…"), self)
        self.unlock_button = QPushButton(_("Unlock"), self)
        self.toggle_button = QPushButton(_("Disable"), self)
        self.remove_button = QPushButton(_("Remove…"), self)
        self.remove_button.clicked.connect(self.remove_user)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        row = QHBoxLayout()
        for b in (self.add_button, self.role_button, self.reset_button, self.unlock_button, self.toggle_button,
                  self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.users = accounts.list_users()
        self.table.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            state = _("disabled") if not u["active"] else (_("locked") if u["locked_until"] else _("active"))
            for c, text in enumerate((u["username"], u["full_name"], _(accounts.ROLES[u["role"]]), state)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        manage = accounts.allowed("accounts")
        user = self.selected()
        self.add_button.setEnabled(manage)
        for b in (self.role_button, self.reset_button, self.unlock_button, self.toggle_button, self.remove_button):
            b.setEnabled(manage and user is not None)
        if user is not None:
            self.unlock_button.setEnabled(manage and bool(user["locked_until"] or user["failed_attempts"]))
            self.toggle_button.setText(_("Disable") if user["active"] else _("Enable"))

    def _run(self, fn, *args) -> bool:
        try:
            fn(*args)
        except BorderDeskError as exc:
            QMessageBox.warning(self, _("Users"), _message(exc))
            return False
        self.refresh()
        return True

    def add_user(self) -> None:
        if AddUserDialog(self, first=not accounts.has_accounts()).exec():
            self.refresh()

    def change_role(self) -> None:
        user = self.selected()
        labels = [_(v) for v in accounts.ROLES.values()]
        keys = list(accounts.ROLES)
        label, ok = QInputDialog.getItem(self, _("Change role"), _("Role of {name}").format(name=user["username"]),
                                         labels, keys.index(user["role"]), False)
        if ok:
            self._run(accounts.set_role, user["username"], keys[labels.index(label)])

    def reset_password(self) -> None:
        user = self.selected()
        text, ok = QInputDialog.getText(self, _("Reset password"),
                                        _("New password for {name} (they change it at the next login)").format(
                                            name=user["username"]), QLineEdit.Password)
        if ok:
            self._run(accounts.reset_password, user["username"], text)

    def unlock(self) -> None:
        self._run(accounts.unlock, self.selected()["username"])

    def remove_user(self) -> None:
        user = self.selected()
        answer = QMessageBox.question(self, _("Remove a user"), _(
            "Remove {name}? Their password will no longer open this database; what they recorded stays.").format(
            name=user["username"]))
        if answer == QMessageBox.Yes:
            self._run(accounts.remove_user, user["username"])

    def toggle_active(self) -> None:
        user = self.selected()
        self._run(accounts.set_active, user["username"], not user["active"])
