"""The setup assistant's last page: the first administrator, whose password unlocks the encrypted
database, and the recovery key shown once (printed, and two of its groups typed back)."""
from __future__ import annotations

import random

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QTextDocument
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWizardPage)

from borderdesk.domain.errors import ValidationError
from borderdesk.i18n import _
from borderdesk.trust import accounts, keyslots

ERROR_STYLE = "color: #b00020;"


def strength(password: str) -> int:
    """0 (too short) to 3 (strong): length first, then the kinds of characters mixed."""
    if len(password) < accounts.MIN_PASSWORD:
        return 0
    kinds = sum(bool(any(test(c) for c in password)) for test in (
        str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum()))
    if len(password) >= 16 or (len(password) >= 12 and kinds >= 3):
        return 3
    return 2 if len(password) >= 10 and kinds >= 2 else 1


def strength_hint(password: str) -> str:
    level = strength(password)
    if level == 0:
        return _("Too short: at least {n} characters.").format(n=accounts.MIN_PASSWORD)
    if level == 1:
        return _("Weak: a longer password, or a sentence of several words, is much harder to guess.")
    if level == 2:
        return _("Fair: a few more characters make it strong.")
    return _("Strong.")


class AdministratorPage(QWizardPage):
    """Name and password (twice) of the first administrator, and the recovery key."""

    def __init__(self, wizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.username = QLineEdit()
        self.username.setObjectName("admin_user")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("admin_repeat")
        self.repeat.setEchoMode(QLineEdit.Password)
        self.hint = QLabel()
        self.hint.setObjectName("strength_hint")
        self.hint.setWordWrap(True)
        self.password.textChanged.connect(lambda text: self.hint.setText(strength_hint(text)))
        self.labels = {k: QLabel() for k in ("user", "password", "repeat")}
        self.labels["user"].setBuddy(self.username)
        self.labels["password"].setBuddy(self.password)
        self.labels["repeat"].setBuddy(self.repeat)
        self.key_box = QGroupBox()
        self.key_text = QLabel()
        self.key_text.setObjectName("recovery_key_text")
        self.key_text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        font.setPointSize(font.pointSize() + 2)
        self.key_text.setFont(font)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_recovery_key")
        self.print_button.clicked.connect(self.print_key)
        self.check_labels = (QLabel(), QLabel())
        self.checks = (QLineEdit(), QLineEdit())
        for i, edit in enumerate(self.checks):
            edit.setObjectName(f"recovery_check_{i + 1}")
            edit.setMaxLength(4)
            edit.setMaximumWidth(80)
            edit.setFont(font)
        self.error = QLabel()
        self.error.setObjectName("error_admin")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.asked: tuple[int, int] = tuple(sorted(random.sample(range(keyslots.GROUPS), 2)))

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (key, edit) in enumerate((("user", self.username), ("password", self.password),
                                           ("repeat", self.repeat))):
            self.labels[key].setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            grid.addWidget(self.labels[key], row, 0)
            grid.addWidget(edit, row, 1)
        grid.addWidget(self.hint, 3, 1)
        box = QVBoxLayout(self.key_box)
        box.addWidget(self.key_note)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_text, 1)
        key_row.addWidget(self.print_button, 0, Qt.AlignTop)
        box.addLayout(key_row)
        check_row = QHBoxLayout()
        for label, edit in zip(self.check_labels, self.checks):
            check_row.addWidget(label)
            check_row.addWidget(edit)
        check_row.addStretch(1)
        box.addLayout(check_row)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.key_box)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.key_text.setText(self.key_lines())
        self.key_box.setVisible(self._wizard.recovery is not None)

    def key_lines(self) -> str:
        """The recovery key in four lines of six groups, as it is written down."""
        if self._wizard.recovery is None:
            return ""
        groups = keyslots.format_recovery(self._wizard.recovery).split("-")
        return "\n".join("  ".join(groups[i:i + 6]) for i in range(0, len(groups), 6))

    def retranslate(self) -> None:
        self.setTitle(_("The administrator and the recovery key"))
        self.setSubTitle(_("The database is encrypted: each account's password unlocks it. This first account is an "
                           "administrator, who adds the other users."))
        self.labels["user"].setText(_("User name"))
        self.labels["password"].setText(_("Password"))
        self.labels["repeat"].setText(_("Repeat the password"))
        self.username.setPlaceholderText(_("for example chihuy (no spaces)"))
        self.hint.setText(strength_hint(self.password.text()))
        self.key_box.setTitle(_("Recovery key"))
        self.key_note.setText(_(
            "If every password is forgotten, only this key opens the database. Write it down or print it now, and "
            "keep it locked away from the computer: it is shown only this once."))
        self.print_button.setText(_("&Print…"))
        for label, index in zip(self.check_labels, self.asked):
            label.setText(_("Type group {n}:").format(n=index + 1))

    def values(self) -> tuple[str, str]:
        return self.username.text().strip(), self.password.text()

    def check(self) -> str | None:
        """What is wrong on this page, or None."""
        name, password = self.values()
        try:
            accounts._check_username(name)
            accounts._check_password(password)
        except ValidationError as exc:
            return " ".join(exc.errors.values())
        if password != self.repeat.text():
            return _("The two passwords differ.")
        if self._wizard.recovery is not None:
            groups = keyslots.format_recovery(self._wizard.recovery).split("-")
            typed = [edit.text().strip() for edit in self.checks]
            if typed != [groups[i] for i in self.asked]:
                return _("The groups typed back do not match the recovery key: check what you wrote down.")
        return None

    def validatePage(self) -> bool:
        problem = self.check()
        self.error.setText(problem or "")
        if problem:
            return False
        return self._wizard.finish_setup()

    # --- printing ---

    def recovery_sheet(self) -> QTextDocument:
        """One page: whose database, when, the key in large digits, what to do with it."""
        import datetime as dt
        from html import escape

        from borderdesk.i18n.formatting import format_date

        post = self._wizard.post_page.values()
        title = _("BorderDesk recovery key")
        whose = f"{post['name_vi']} ({post['code']}) — {self._wizard.db_path.name} — {format_date(dt.date.today())}"
        advice = _("It opens the database when every password is forgotten. Keep this sheet locked away, "
                   "never with the computer.")
        groups = self.key_lines().replace("\n", "<br>")
        doc = QTextDocument()
        doc.setHtml(f"<h2>{escape(title)}</h2><p>{escape(whose)}</p>"
                    f"<p style='font-family: monospace; font-size: 18pt'>{groups}</p><p>{escape(advice)}</p>")
        return doc

    def print_to(self, printer) -> None:
        self.recovery_sheet().print_(printer)

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.Accepted:
            self.print_to(printer)
