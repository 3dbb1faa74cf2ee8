"""A record kind's list: the filter bar, the paged table and how many records match."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from borderdesk.i18n import _, ngettext
from borderdesk.i18n.formatting import format_number
from borderdesk.ui.records.filter_bar import FilterBar
from borderdesk.ui.records.model import SEARCH_CAP, PagedRecordModel
from borderdesk.ui.widgets.tables import fit_columns

#: characters a stretching column that knows its texts (a deadline's status) keeps at the least
STRETCH_MOST = 24



class RecordListView(QWidget):
    #: the record the user moved to (None: no row)
    current_changed = Signal(object)
    #: Enter or double-click on a row
    activated = Signal(str)
    delete_pressed = Signal()

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.filter_bar = FilterBar(kind, self)
        lay.addWidget(self.filter_bar)
        # the last filters come back with the list: one count, not two
        self.model = PagedRecordModel(kind, self, filters=self.filter_bar.filters())
        self.table = _Table(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        # newest first, as the model reads them; set before sorting is on, so no extra query runs
        self.table.horizontalHeader().setSortIndicator(0, Qt.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # fixed row heights: the view never measures rows it does not paint
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        hdr = self.table.horizontalHeader()
        self._fit_columns()
        hdr.sortIndicatorChanged.connect(self._sort_indicator)
        self.table.delete_pressed.connect(self.delete_pressed)
        self.table.activated.connect(lambda ix: self.activated.emit(self.model.uuid_at(ix.row()) or ""))
        lay.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        lay.addWidget(self.count_label)
        self.filter_bar.changed.connect(self._filter)
        self.filter_bar.search.returnPressed.connect(self.filter_bar.flush)
        self.model.modelReset.connect(self._count)
        self._connect_selection()
        self._count()

    def _connect_selection(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.current_changed.emit(self.model.uuid_at(cur.row()) if cur.isValid() else None))

    def _sort_indicator(self, column: int, _order) -> None:
        """A column the database cannot sort by keeps the arrow where the order really is."""
        if self.model.columns[column].sort:
            return
        name = self.model.order.lstrip("-")
        col = next((i for i, c in enumerate(self.model.columns) if c.sort == name), 0)
        hdr = self.table.horizontalHeader()
        hdr.blockSignals(True)
        hdr.setSortIndicator(col, Qt.DescendingOrder if self.model.order.startswith("-") else Qt.AscendingOrder)
        hdr.blockSignals(False)

    def _filter(self, filters: dict) -> None:
        self.model.set_filters(filters)

    def _count(self) -> None:
        n = self.model.rowCount()
        if self.model.capped():
            self.count_label.setText(_("More than {n} records: the newest are listed; type more to narrow the search").format(
                n=format_number(SEARCH_CAP)))
        else:
            self.count_label.setText(ngettext("{n} record", "{n} records", n).format(n=format_number(n)))

    def refresh(self, names_too: bool = False) -> None:
        keep = self.current_uuid()
        self.model.refresh(names_too)
        if keep:
            self.select(keep, quiet=True)

    def current_uuid(self) -> str | None:
        ix = self.table.currentIndex()
        return self.model.uuid_at(ix.row()) if ix.isValid() else None

    def select(self, uuid: str, quiet: bool = False) -> bool:
        """Move to *uuid*'s row if it is among the rows read (never scans the whole list)."""
        row = self.model.row_of(uuid)
        if row < 0:
            # the first page is what a fresh save or an open-from-dashboard usually lands on
            self.model.uuid_at(0)
            row = self.model.row_of(uuid)
        if row < 0:
            if not quiet:
                self.table.clearSelection()
            return False
        sm = self.table.selectionModel()
        sm.blockSignals(quiet)
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        sm.blockSignals(False)
        return True

    def _fit_columns(self) -> None:
        cols = self.model.columns
        # what a narrow list leaves out first: the columns marked optional, then the others from
        # the right; the date and the last text column (subject, agenda …) always stay
        optional = sorted((i for i, c in enumerate(cols) if c.optional), key=lambda i: cols[i].optional)
        last_text = max((i for i, c in enumerate(cols) if not c.width), default=len(cols) - 1)
        optional += [i for i in range(len(cols) - 1, 0, -1) if i not in optional and i != last_text]
        fit_columns(self.table, [self._chars(col) for col in cols], optional,
                    least=[self._chars(col, STRETCH_MOST) if col.texts and not col.width else 8 for col in cols])

    def _chars(self, col, most: int = 0) -> int:
        """A column's width in characters; a column that knows its texts as wide as the widest now,
        *most* (or its own width) at most."""
        most = most or col.width
        if not (col.texts and most):
            return col.width
        fm = self.table.fontMetrics()
        widest = max((fm.horizontalAdvance(t) for t in col.texts()), default=0)
        return min(most, -(-widest // fm.averageCharWidth()))  # fit_columns adds the cell's margins

    def retranslate(self) -> None:
        self.filter_bar.retranslate()
        self.model.refresh(names_too=False)
        self.model.headerDataChanged.emit(Qt.Horizontal, 0, self.model.columnCount() - 1)
        self._fit_columns()


class _Table(QTableView):
    delete_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Delete and not event.modifiers():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)
