"""Import a bundle: verify it, show what it would change per kind, then Apply or Cancel."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from borderdesk.i18n import _, ngettext
from borderdesk.sync import importer
from borderdesk.sync.merge import CONFLICTING, OUTCOME_LABELS, OUTCOMES, REJECTED
from borderdesk.ui.sync.labels import kind_label
from borderdesk.ui.worker import run_in_background


class ImportDialog(QDialog):
    """Verification runs as soon as the dialog opens; Apply stays off until it has passed."""

    imported = Signal(object)  # the Preview of what was applied

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.opened = None
        self.preview = None
        self.error: str | None = None
        self.setWindowTitle(_("Import bundle"))
        self.resize(720, 420)
        self.status = QLabel(_("Verifying {file}…").format(file=path))
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 1 + len(OUTCOMES))
        self.table.setObjectName("preview")
        self.table.setHorizontalHeaderLabels([_("Kind")] + [_(OUTCOME_LABELS[o]) for o in OUTCOMES])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.notes = QLabel()
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.apply_button = self.buttons.addButton(_("Apply"), QDialogButtonBox.AcceptRole)
        self.apply_button.setObjectName("apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.notes)
        lay.addWidget(self.buttons)
        run_in_background(lambda progress: importer.preview_bundle(self.path), self._verified, self._failed)

    def _verified(self, result) -> None:
        self.opened, self.preview = result
        p = self.preview
        self.status.setText(_("Bundle {no} from {code}: signature, addressee and content verified.").format(
            no=p.bundle_no, code=p.source))
        self.table.setRowCount(len(p.counts))
        for i, (key, counts) in enumerate(sorted(p.counts.items(), key=lambda kv: kind_label(kv[0]))):
            self.table.setItem(i, 0, QTableWidgetItem(kind_label(key)))
            for j, outcome in enumerate(OUTCOMES, start=1):
                item = QTableWidgetItem(str(counts.get(outcome, 0)))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if outcome in (CONFLICTING, REJECTED) and counts.get(outcome):
                    item.setForeground(Qt.darkRed)
                self.table.setItem(i, j, item)
        notes = []
        if p.already_received:
            notes.append(_("This bundle was imported before: nothing new in it."))
        if p.gap:
            notes.append(_("Gap: changes {lo}-{hi} of {code} have not arrived (a bundle was lost?); "
                           "the newer data is imported anyway.").format(lo=p.gap[0] + 1, hi=p.gap[1], code=p.source))
        if p.missing_bundles:
            notes.append(_("Bundles from {code} not received: {nos}").format(
                code=p.source, nos=", ".join(map(str, p.missing_bundles))))
        if p.total(CONFLICTING):
            notes.append(ngettext("{n} record was changed at both sites: review it after the import.",
                                  "{n} records were changed at both sites: review them after the import.",
                                  p.total(CONFLICTING)).format(n=p.total(CONFLICTING)))
        self.notes.setText("\n".join(notes))
        self.apply_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.error = str(exc)
        self.status.setText(_("Refused: {reason}").format(reason=exc))
        self.status.setStyleSheet("color: #a00;")

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        self.status.setText(_("Importing…"))
        run_in_background(lambda progress: importer.import_bundle(self.opened), self._applied, self._failed,
                          parent=self, title=_("Importing the bundle…"))

    def _applied(self, preview) -> None:
        self.preview = preview
        self.imported.emit(preview)
        self.accept()
