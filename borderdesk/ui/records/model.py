"""A table model that reads one kind's records a page at a time.

The row count comes from ``records.count`` and rows from ``records.list_records``
in pages of :data:`PAGE` rows, kept in a small cache of recent pages: the view
asks only for what it paints, so a list of a million records costs one count
and one page. Each row is turned into display strings once, when its page is read.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.services import records, registry
from borderdesk.ui.records import columns as C

PAGE = 200
SEARCH_CAP = 1000
MAX_PAGES = 12


class PagedRecordModel(QAbstractTableModel):
    UuidRole = Qt.UserRole + 1

    def __init__(self, kind: str, parent=None, filters: dict | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = C.columns_of(KINDS[kind])
        self.filters: dict = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        self.order = "-date"
        self._count = 0
        self._pages: OrderedDict[int, list[tuple[str, tuple[str, ...]]]] = OrderedDict()
        self._names: dict[str, tuple[str, str]] | None = None
        self.pages_read = 0  # how many page queries ran (tests and benchmarks read it)
        self.refresh()

    # --- what the list shows ----------------------------------------------------------

    def set_filters(self, filters: dict) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.refresh()

    def set_order(self, order: str) -> None:
        self.order = order
        self.refresh()

    def refresh(self, names_too: bool = False) -> None:
        """Read the count again and forget cached pages (after a change or a new filter)."""
        self.beginResetModel()
        if names_too:
            self._names = None
        self._pages.clear()
        # A search shows at most SEARCH_CAP + 1 rows: counting every record that
        # mentions a common word would cost what the index saves.
        self._count = records.count(self.kind, cap=SEARCH_CAP, **self.filters)
        self.endResetModel()

    def capped(self) -> bool:
        """True when a search found more than :data:`SEARCH_CAP` records (only the newest are listed)."""
        return self._count > SEARCH_CAP

    def fetched_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def names(self) -> dict[str, tuple[str, str]]:
        if self._names is None:
            self._names = registry.counterpart_names()
        return self._names

    def _page(self, n: int) -> list[tuple[str, tuple[str, ...]]]:
        page = self._pages.get(n)
        if page is not None:
            self._pages.move_to_end(n)
            return page
        C.begin_page()
        names = self.names()
        rows = records.list_records(self.kind, order=self.order, offset=n * PAGE, limit=PAGE, **self.filters)
        page = [(r.uuid, tuple(col.value(r, names) for col in self.columns)) for r in rows]
        self.pages_read += 1
        self._pages[n] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _row(self, row: int):
        page = self._page(row // PAGE)
        i = row % PAGE
        return page[i] if i < len(page) else None

    def uuid_at(self, row: int) -> str | None:
        got = self._row(row) if 0 <= row < self._count else None
        return got[0] if got else None

    def row_of(self, uuid: str) -> int:
        """The row of *uuid* among the pages read so far; -1 when not read (never scans)."""
        for n, page in self._pages.items():
            for i, (u, _vals) in enumerate(page):
                if u == uuid:
                    return n * PAGE + i
        return -1

    # --- QAbstractTableModel ----------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            got = self._row(index.row())
            return got[1][index.column()] if got else None
        if role == self.UuidRole:
            got = self._row(index.row())
            return got[0] if got else None
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return _(self.columns[section].header)
        return None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        key = self.columns[column].sort
        if not key:
            return
        wanted = key if order == Qt.AscendingOrder else "-" + key
        if wanted != self.order:  # the view re-applies the current order when sorting is switched on
            self.set_order(wanted)
