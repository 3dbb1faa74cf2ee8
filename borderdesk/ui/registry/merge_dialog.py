"""Merge two entries of the same counterpart unit: its records move onto the one kept."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _, ngettext
from borderdesk.i18n.formatting import format_number
from borderdesk.services import records, registry


def records_of(counterpart_uuid: str) -> int:
    """How many records (of every kind) name this counterpart unit."""
    return sum(records.count(kind, counterpart=counterpart_uuid) for kind in KINDS)


class MergeDialog(QDialog):
    """Choose the duplicate and the entry to keep, see how many records move, confirm."""

    def __init__(self, parent: QWidget | None = None, duplicate: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge duplicate counterpart units"))
        self.moved: int | None = None
        units = registry.list_entries("counterpart")
        self.duplicate = QComboBox()
        self.duplicate.setObjectName("duplicate")
        self.keep = QComboBox()
        self.keep.setObjectName("keep")
        for unit in units:
            text = f"{unit.name_vi} | {unit.name_zh}" if unit.name_zh else unit.name_vi
            self.duplicate.addItem(text, unit.uuid)
            self.keep.addItem(text, unit.uuid)
        if duplicate:
            self.duplicate.setCurrentIndex(max(0, self.duplicate.findData(duplicate)))
        if self.keep.currentIndex() == self.duplicate.currentIndex() and self.keep.count() > 1:
            self.keep.setCurrentIndex(1 if self.duplicate.currentIndex() == 0 else 0)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Duplicate (will be removed):"), self.duplicate)
        form.addRow(_("Keep this unit:"), self.keep)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(_("Merge"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.duplicate.currentIndexChanged.connect(self.update_preview)
        self.keep.currentIndexChanged.connect(self.update_preview)
        self.setMinimumWidth(520)
        self.update_preview()

    def update_preview(self) -> None:
        dup, keep = self.duplicate.currentData(), self.keep.currentData()
        ok = self.buttons.button(QDialogButtonBox.Ok)
        self.error.setText("")
        if not dup or not keep or dup == keep:
            self.preview.setText(_("Choose two different units."))
            ok.setEnabled(False)
            return
        n = records_of(dup)
        self.preview.setText(ngettext(
            "{n} record of “{dup}” will move to “{keep}”, then “{dup}” is removed.",
            "{n} records of “{dup}” will move to “{keep}”, then “{dup}” is removed.", n,
        ).format(n=format_number(n), dup=self.duplicate.currentText(), keep=self.keep.currentText()))
        ok.setEnabled(True)

    def merge(self) -> None:
        try:
            self.moved = registry.merge_counterparts(self.keep.currentData(), self.duplicate.currentData())
        except ValidationError as exc:
            self.error.setText(" ".join(exc.errors.values()))
            return
        except BorderDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
