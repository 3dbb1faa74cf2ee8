"""The home page: this month's and quarter's counts against last year, what falls due, the latest records.

The page is an empty frame until its figures arrive: they are read on a worker thread
(:func:`gather`, with its own connection) once the window has painted, so the window shows
at once even over a million records, and what only the figures need (the holiday calendars
of the deadlines, Babel's number formats) loads after the first paint.
"""
from __future__ import annotations

import datetime as dt
from calendar import monthrange

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QLabel, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)
from shiboken6 import isValid

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.ui import style
from borderdesk.ui.dashboard_cards import FigureCards
from borderdesk.ui.widgets.tables import fit_columns
from borderdesk.ui.widgets.display import deadline_text, fmt_date, one_line, pick
from borderdesk.ui.worker import run_in_background


#: stats section -> record kind
SECTIONS = (("hotline_calls", "hotline_call"), ("letters", "letter"), ("talks", "talks"), ("meetings", "meeting"),
            ("patrols", "patrol"), ("handovers", "handover"), ("cases", "case"), ("friendship", "friendship"))
LATEST_PER_KIND = 3
DUE_WITHIN = 2  # working days
UNSIGNED_SHOWN = 50
_OVERDUE = QColor(style.OVERDUE)


def quarter_start(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _summary(kind: str, row) -> str:
    """The record's main text (subject, agenda …) in the interface's language."""
    fields = KINDS[kind].summary_fields
    texts = [getattr(row, f, "") or "" for f in fields]
    text = pick(texts[0], texts[1]) if len(texts) == 2 else (texts[0] if texts else "")
    return one_line(text, 90)


def gather(today: dt.date) -> dict:
    """Every figure of the dashboard as plain data (runs on a worker thread: no widgets here)."""
    from borderdesk.services import attachments, calendar, records, registry, stats

    # twelve months up to this one, and the same twelve months a year earlier
    start = dt.date(today.year, 1, 1) if today.month == 12 else dt.date(today.year - 1, today.month + 1, 1)
    year_before_end = dt.date(today.year - 1, today.month, monthrange(today.year - 1, today.month)[1])
    latest = []
    for _section, kind in SECTIONS:
        for row in records.list_records(kind, limit=LATEST_PER_KIND):
            latest.append((row.date, row.created_at, kind, row))
    latest.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return {
        "month": stats.compare(today.replace(day=1), today, include_friendship=True),
        "quarter": stats.compare(quarter_start(today), today, include_friendship=True),
        "monthly_now": stats.stats_by_month(start, today, include_friendship=True),
        "monthly_before": stats.stats_by_month(start.replace(year=start.year - 1), year_before_end,
                                               include_friendship=True),
        "due": [it for it in calendar.due_items(within_working_days=DUE_WITHIN, today=today)
                if it["kind"] in ("handover", "letter")],
        "latest": latest,
        "unsigned": attachments.missing_signed_minutes(limit=UNSIGNED_SHOWN, before=today),
        "unsigned_total": attachments.count_missing_signed_minutes(before=today),
        "names": registry.counterpart_names(),
    }


class Dashboard(QWidget):
    open_requested = Signal(str, str)  # kind, uuid
    #: the figures read on the worker are on the page (after a refresh, or again after a language switch)
    figures_shown = Signal()

    def __init__(self, parent=None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self._stale = True
        self._generation = 0  # the newest request: an older answer that arrives late is dropped
        self.figures: dict | None = None
        lay = QVBoxLayout(self)
        self.title = QLabel(self)
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.title.setFont(f)
        lay.addWidget(self.title)
        grid = QGridLayout()
        lay.addLayout(grid, 1)
        self.counts_title, self.due_title, self.latest_title = QLabel(self), QLabel(self), QLabel(self)
        for lab in (self.counts_title, self.due_title, self.latest_title):
            bold = lab.font()
            bold.setBold(True)
            lab.setFont(bold)
        self.cards = FigureCards(SECTIONS, self)
        self.due = self._table(4)
        self.latest = self._table(4)
        self.unsigned_title = QLabel(self)  # talks held whose signed minutes are not attached yet
        self.unsigned_title.setFont(self.due_title.font())
        self.unsigned = self._table(3)
        for t in (self.due, self.latest, self.unsigned):
            t.itemActivated.connect(self._activate)
            t.cellDoubleClicked.connect(lambda r, _c, t=t: self._activate(t.item(r, 0)))
        # the figures on cards across the page; what falls due (then the talks whose signed minutes are
        # missing) and the latest records below, side by side
        grid.addWidget(self.counts_title, 0, 0, 1, 2)
        grid.addWidget(self.cards, 1, 0, 1, 2)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        for w, stretch in ((self.due_title, 0), (self.due, 1), (self.unsigned_title, 0), (self.unsigned, 1)):
            left.addWidget(w, stretch)
        grid.addLayout(left, 2, 0, 2, 1)
        grid.addWidget(self.latest_title, 2, 1)
        grid.addWidget(self.latest, 3, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        self.retranslate()

    def _table(self, cols: int) -> QTableWidget:
        t = QTableWidget(0, cols, self)
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.setSelectionMode(QAbstractItemView.SingleSelection)
        t.verticalHeader().hide()
        t.setWordWrap(False)
        t.setAlternatingRowColors(True)
        t.horizontalHeader().setStretchLastSection(True)
        t.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        return t

    def _activate(self, item) -> None:
        if item is None:
            return
        got = item.tableWidget().item(item.row(), 0)
        kind, uuid = got.data(Qt.UserRole)
        self.open_requested.emit(kind, uuid)

    # --- content -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Dashboard"))
        self.counts_title.setText(_("This quarter against the same quarter last year"))
        self.due_title.setText(_("Verifications and replies overdue or due within {n} working days").format(n=DUE_WITHIN))
        self.latest_title.setText(_("Latest records"))
        self.due.setHorizontalHeaderLabels([_("Record"), _("Date"), _("Counterpart unit"), _("Deadline")])
        self.latest.setHorizontalHeaderLabels([_("Record"), _("Date"), _("Counterpart unit"), _("Summary")])
        self.unsigned.setHorizontalHeaderLabels([_("Date"), _("Counterpart unit"), _("Place")])
        for kind, card in self.cards.cards.items():  # the empty frame names its cards too
            card.name.setText(_(KINDS[kind].plural))
        if self.figures is not None:
            self.show_figures(self.figures)  # the same figures, said in the new language

    def refresh(self) -> None:
        """Read the figures again on a worker thread; the page fills when they arrive."""
        self._stale = False
        self._generation += 1
        generation = self._generation
        today = self.today or dt.date.today()

        def done(figures: dict) -> None:
            if isValid(self) and generation == self._generation:
                self.show_figures(figures)

        def failed(exc: BaseException) -> None:
            if isValid(self) and generation == self._generation:
                self.counts_title.setText(_("The figures could not be read: {reason}").format(reason=exc))

        run_in_background(lambda _progress: gather(today), done, failed)

    def show_figures(self, figures: dict) -> None:
        """Fill the page from :func:`gather`'s figures (in the interface's language of now)."""
        self.figures = figures
        self.counts_title.setText(_("This quarter against the same quarter last year"))
        self.cards.show_figures(figures["month"], figures["quarter"], figures["monthly_now"],
                                figures["monthly_before"])
        self._fill_due(figures["due"])
        self._fill_latest(figures["latest"], figures["names"])
        self._fill_unsigned(figures["unsigned"], figures["unsigned_total"], figures["names"])
        # the column that takes the room left: names in the counts and the due list, the summary below
        # the deadline says how late: it keeps its width; the counterpart gives way (dates: 2026年11月25日)
        fit_columns(self.due, [9, 12, 0, 34], optional=[2])
        fit_columns(self.latest, [20, 12, 0, 0], optional=[2])
        fit_columns(self.unsigned, [12, 0, 0], optional=[1])
        self.figures_shown.emit()

    def _fill_due(self, items: list[dict]) -> None:
        self.due.setRowCount(len(items))
        for r, it in enumerate(items):
            due = dt.date.fromisoformat(it["due"])
            spec = KINDS[it["kind"]]
            cells = [_(spec.label), fmt_date(it["date"]), pick(it["counterpart"], it["counterpart_zh"]),
                     deadline_text(due, it["days_left"])]
            for c, v in enumerate(cells):
                item = QTableWidgetItem(v)
                if it["overdue"]:
                    item.setForeground(QBrush(_OVERDUE))
                self.due.setItem(r, c, item)
            self.due.item(r, 0).setData(Qt.UserRole, (it["kind"], it["uuid"]))

    def _fill_latest(self, rows: list, names: dict) -> None:
        self.latest.setRowCount(len(rows))
        for r, (date, _created, kind, row) in enumerate(rows):
            cp = names.get(row.counterpart or "")
            cells = [_(KINDS[kind].label), fmt_date(date), pick(*cp) if cp else "", _summary(kind, row)]
            for c, v in enumerate(cells):
                self.latest.setItem(r, c, QTableWidgetItem(v))
            self.latest.item(r, 0).setData(Qt.UserRole, (kind, row.uuid))

    def _fill_unsigned(self, rows: list, total: int, names: dict) -> None:
        self.unsigned_title.setText(_("Talks without signed minutes attached ({n})").format(n=total))
        self.unsigned.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cp = names.get(row.counterpart or "")
            cells = [fmt_date(row.date), pick(*cp) if cp else "", one_line(pick(row.place_vi, row.place_zh), 60)]
            for c, v in enumerate(cells):
                self.unsigned.setItem(r, c, QTableWidgetItem(v))
            self.unsigned.item(r, 0).setData(Qt.UserRole, ("talks", row.uuid))

    def on_changed(self, kind: str) -> None:
        if kind in KINDS or kind in ("attachment", "counterpart", "holiday_correction", "bundle", "demo", "database"):
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def paintEvent(self, event) -> None:
        # The figures are asked for once the (empty) page has painted: a worker started before
        # would take the interpreter from the first paint.
        super().paintEvent(event)
        if self._stale:
            self._stale = False
            QTimer.singleShot(0, self.refresh)
