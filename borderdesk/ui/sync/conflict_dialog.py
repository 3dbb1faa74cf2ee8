"""Review conflicts: both versions side by side, field by field; keep mine or take theirs."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.sync import conflicts
from borderdesk.sync.tables import IDENTITY_COLUMNS
from borderdesk.services import registry
from borderdesk.ui.sync.labels import field_label, field_value, kind_label

_DIFF = QColor("#fff3c4")


class ConflictDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Conflicts to review"))
        self.resize(960, 520)
        self.list = QListWidget()
        self.list.setObjectName("conflicts")
        self.list.currentRowChanged.connect(self._show)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("fields")
        self.table.setHorizontalHeaderLabels([_("Field"), _("Mine (this site)"), _("Theirs (the bundle)")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.keep_mine = QPushButton(_("Keep mine"))
        self.keep_mine.setObjectName("keep_mine")
        self.take_theirs = QPushButton(_("Take theirs"))
        self.take_theirs.setObjectName("take_theirs")
        self.keep_mine.clicked.connect(lambda: self.resolve(conflicts.MINE))
        self.take_theirs.clicked.connect(lambda: self.resolve(conflicts.THEIRS))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.heading)
        rl.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addStretch(1)
        buttons.addWidget(close)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.items: list[conflicts.Conflict] = []
        self.refresh()

    def refresh(self) -> None:
        self.items = conflicts.list_conflicts("open")
        self.list.clear()
        for c in self.items:
            row = c.current or c.losing
            when = row.get("date") or ""
            QListWidgetItem(f"#{c.id}  {kind_label(c.kind)}  {when}  ({c.source})", self.list)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    @property
    def current(self) -> conflicts.Conflict | None:
        i = self.list.currentRow()
        return self.items[i] if 0 <= i < len(self.items) else None

    def _show(self, _row: int) -> None:
        c = self.current
        self.keep_mine.setEnabled(c is not None)
        self.take_theirs.setEnabled(c is not None)
        if c is None:
            self.heading.setText(_("No conflicts: every site's changes merged cleanly."))
            self.table.setRowCount(0)
            return
        won = _("Theirs won (the later change).") if c.lost_side == conflicts.MINE else _(
            "Mine won (the later change).")
        if c.request:
            self.heading.setText(_("{site} asks to correct this {kind}, which is this site's. Nothing changes "
                                   "until you choose: take theirs to accept, keep mine to refuse.").format(
                kind=kind_label(c.kind), site=c.source))
        else:
            self.heading.setText(_("{kind} changed here and at {site}. {won} Choose which to keep.").format(
                kind=kind_label(c.kind), site=c.source, won=won))
        mine, theirs = c.mine, c.theirs
        keys = [k for k in sorted(set(mine) | set(theirs)) if k not in IDENTITY_COLUMNS and k not in ("uuid", "site")]
        differing = {f for f, _a, _b in c.differences()}
        keys.sort(key=lambda k: (k not in differing, k))
        self.table.setRowCount(len(keys))
        names = registry.counterpart_names()
        for i, key in enumerate(keys):
            cells = (field_label(key, c.kind), field_value(key, mine.get(key), c.kind, names),
                     field_value(key, theirs.get(key), c.kind, names))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if key in differing:
                    item.setBackground(_DIFF)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()

    def resolve(self, keep: str) -> None:
        c = self.current
        if c is None:
            return
        try:
            conflicts.resolve(c.id, keep)
        except BorderDeskError as exc:
            QMessageBox.warning(self, _("Conflict"), str(exc))
            return
        self.refresh()
