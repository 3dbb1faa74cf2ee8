"""The audit trail as a page of the desk: filters by dates, user and action, and a chain check."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from borderdesk.i18n import _
from borderdesk.i18n.formatting import format_datetime
from borderdesk.services.audit_text import action_label, detail_text, subject_label, user_label
from borderdesk.trust import audit
from borderdesk.ui.language import retranslate_on_change
from borderdesk.ui.widgets.fields import DateEdit

LIMIT = 2000


def _ts(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


class AuditView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_from = DateEdit(self)
        self.date_to = DateEdit(self)
        self.user = QComboBox(self)
        self.action = QComboBox(self)
        self.apply_button = QPushButton(self)
        self.verify_button = QPushButton(self)
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.count_label = QLabel(self)
        self.table = QTableWidget(0, 6, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.labels = {k: QLabel(self) for k in ("from", "to", "user", "action")}
        bar = QHBoxLayout()
        for key, w in (("from", self.date_from), ("to", self.date_to), ("user", self.user), ("action", self.action)):
            bar.addWidget(self.labels[key])
            bar.addWidget(w)
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        bar.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        self.apply_button.clicked.connect(self.refresh)
        self.date_from.returnPressed.connect(self.refresh)
        self.date_to.returnPressed.connect(self.refresh)
        self.user.activated.connect(lambda _i: self.refresh())
        self.action.activated.connect(lambda _i: self.refresh())
        self.verify_button.clicked.connect(self.verify)
        retranslate_on_change(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.labels["from"].setText(_("From"))
        self.labels["to"].setText(_("To"))
        self.labels["user"].setText(_("User"))
        self.labels["action"].setText(_("Action"))
        self.apply_button.setText(_("Show"))
        self.verify_button.setText(_("Verify the chain"))
        self.table.setHorizontalHeaderLabels([_("No."), _("Time"), _("User"), _("Action"), _("What"), _("Details")])
        self._fill_choices()
        self.refresh()

    def _fill_choices(self) -> None:
        user, action = self.user.currentData(), self.action.currentData()
        self.user.clear()
        self.user.addItem(_("Everyone"), None)
        for name in audit.users_in_trail():
            self.user.addItem(user_label(name), name)
        self.action.clear()
        self.action.addItem(_("Every action"), None)
        for key in audit.actions_in_trail():
            self.action.addItem(action_label(key), key)
        self.user.setCurrentIndex(max(0, self.user.findData(user)))
        self.action.setCurrentIndex(max(0, self.action.findData(action)))

    def entries(self) -> list[dict]:
        return audit.list_entries(self.date_from.date(), self.date_to.date(), self.user.currentData(),
                                  self.action.currentData(), limit=LIMIT)

    def refresh(self) -> None:
        rows = self.entries()
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            what = subject_label(e["kind"]) + (f" {e['uuid'][:8]}" if e["uuid"] else "")
            cells = (f"{e['site'] or '-'}#{e['seq']}", format_datetime(_ts(e["ts"])), user_label(e["user"]),
                     action_label(e["action"]), what,
                     detail_text(e["action"], e["detail"]))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.count_label.setText(_("{n} entries shown (newest first, at most {limit})").format(n=len(rows), limit=LIMIT))

    def verify(self) -> None:
        """Check every chain off the GUI thread (about 1 s per 100,000 entries)."""
        from borderdesk.ui.worker import run_in_background

        self.verify_button.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(_("Checking the audit trail…"))
        run_in_background(lambda _progress: (audit.verify(), audit.count()), self._verified, self._verify_failed)

    def _verified(self, result) -> None:
        broken, n = result
        self.verify_button.setEnabled(True)
        if broken is None:
            self.verdict.setStyleSheet("color: #1b5e20")
            self.verdict.setText(_("The audit trail is intact: {n} entries, no entry edited, removed or reordered.").format(
                n=n))
        else:
            self.verdict.setStyleSheet("color: #b00020; font-weight: bold")
            self.verdict.setText(_("The audit trail is BROKEN at {where}.").format(where=broken))

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setText(str(exc))

    def on_changed(self, kind: str) -> None:
        """Called by the desk when something was written (a new entry exists)."""
        if self.isVisible():
            self._fill_choices()
            self.refresh()

    def showEvent(self, event) -> None:
        self._fill_choices()
        self.refresh()
        super().showEvent(event)
