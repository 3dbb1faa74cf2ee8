"""The Reports page: pick a period, the posts and the language; generate the report or export its tables."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from borderdesk.documents import report
from borderdesk.i18n import N_, _
from borderdesk.ui import language
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.documents.preview import PdfPreviewDialog
from borderdesk.ui.worker import run_in_background

PERIODS = (("month", N_("Month")), ("quarter", N_("Quarter")), ("half", N_("Half-year")),
           ("year", N_("Year")), ("range", N_("Dates from … to …")))
LANGS = (("vi+zh", N_("Vietnamese and Chinese")), ("vi", N_("Vietnamese")), ("zh", N_("Chinese")))
#: the periods asked for most, one click each
QUICK = (("this_quarter", N_("This quarter")), ("last_quarter", N_("Last quarter")), ("this_year", N_("This year")),
         ("last_year", N_("Last year")), ("range", N_("Custom range")))
SEVERAL = "__several__"


def quick_period(choice: str, today: dt.date) -> tuple[str, int, int]:
    """(period kind, year, index) of a quick choice on *today*."""
    quarter = (today.month - 1) // 3 + 1
    if choice == "this_quarter":
        return "quarter", today.year, quarter
    if choice == "last_quarter":
        return ("quarter", today.year, quarter - 1) if quarter > 1 else ("quarter", today.year - 1, 4)
    if choice == "this_year":
        return "year", today.year, 1
    if choice == "last_year":
        return "year", today.year - 1, 1
    return "range", today.year, 1


def current_index(kind: str, today: dt.date) -> int:
    """The month, quarter or half *today* is in (what a period opens on)."""
    return {"month": today.month, "quarter": (today.month - 1) // 3 + 1, "half": 1 if today.month <= 6 else 2}.get(kind, 1)
_KEY = "documents/report/"


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class ReportsView(QWidget):
    """Embedded by the main window as its Reports page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview: PdfPreviewDialog | None = None
        today = dt.date.today()
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.today = today
        self.quick = QComboBox(self)
        self.quick.activated.connect(self._quick_chosen)
        self.period = QComboBox(self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.index = QComboBox(self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd/MM/yyyy")
        self.date_from.setDate(_qdate(dt.date(today.year, 1, 1)))
        self.date_to.setDate(_qdate(today))
        self.post = QComboBox(self)
        # several posts at once: ticked in a list shown under the choice "Several posts…"
        self.posts_list = QListWidget(self)
        self.posts_list.setMaximumHeight(self.fontMetrics().height() * 7)
        self.posts_list.hide()
        self.post.currentIndexChanged.connect(lambda _i: self.posts_list.setVisible(self.post.currentData() == SEVERAL))
        self.lang = QComboBox(self)
        self.signer = QComboBox(self)  # who signs (Decree 30: title, rank and name under the signature)
        self.generate_button = QPushButton(self)
        self.xlsx_button = QPushButton(self)
        self.generate_button.clicked.connect(self.generate)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.summary = QLabel(self)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldsStayAtSizeHint)  # choices as wide as their words
        row = QHBoxLayout()
        for w in (self.period, self.year, self.index, self.date_from, self.date_to):
            row.addWidget(w)
        row.addStretch(1)
        self._labels = [QLabel(self) for _i in range(5)]
        self.form.addRow(self._labels[4], self.quick)
        self.form.addRow(self._labels[0], row)
        posts = QVBoxLayout()
        posts.addWidget(self.post)
        posts.addWidget(self.posts_list)
        self.form.addRow(self._labels[1], posts)
        self.form.addRow(self._labels[2], self.lang)
        self.form.addRow(self._labels[3], self.signer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addStretch(1)

        self.period.currentIndexChanged.connect(self._period_kind_changed)
        self.retranslate()
        if not self._restore():
            self.choose_quick("this_quarter")  # what reports are asked for most
        language.retranslate_on_change(self, self.retranslate)

    # --- choices ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Periodic report"))
        self._labels[0].setText(_("Period"))
        self._labels[1].setText(_("Posts"))
        self._labels[2].setText(_("Language of the document"))
        self._labels[3].setText(_("Signed by"))
        self._labels[4].setText(_("Quick choice"))
        self.generate_button.setText(_("&Generate and preview"))
        self.xlsx_button.setText(_("&Export tables (XLSX)…"))
        for combo, items in ((self.period, PERIODS), (self.lang, LANGS), (self.quick, QUICK)):
            keep, was = combo.currentData(), combo.currentIndex()
            combo.blockSignals(True)
            combo.clear()
            for value, label in items:
                combo.addItem(_(label), value)
            combo.setCurrentIndex(-1 if was < 0 and combo is self.quick else max(combo.findData(keep), 0))
            combo.blockSignals(False)
        self._fill_posts()
        self._fill_signers()
        self._period_changed()

    def _fill_posts(self) -> None:
        from borderdesk.services import registry

        keep = self.post.currentData()
        ticked = set(self._ticked())
        self.post.blockSignals(True)
        self.post.clear()
        self.post.addItem(_("All posts"), "")
        self.posts_list.clear()
        try:
            entries = registry.list_entries("post")
        except Exception:  # no database open yet (first run): all posts is the only choice
            entries = []
        for p in entries:
            self.post.addItem(f"{p.code} – {p.name_vi}", p.code)
            item = QListWidgetItem(f"{p.code} – {p.name_vi}", self.posts_list)
            item.setData(Qt.UserRole, p.code)
            item.setCheckState(Qt.Checked if p.code in ticked else Qt.Unchecked)
        if len(entries) > 1:
            self.post.addItem(_("Several posts…"), SEVERAL)
        self.post.setCurrentIndex(max(self.post.findData(keep), 0))
        self.post.blockSignals(False)
        self.posts_list.setVisible(self.post.currentData() == SEVERAL)

    def _ticked(self) -> list[str]:
        return [self.posts_list.item(i).data(Qt.UserRole) for i in range(self.posts_list.count())
                if self.posts_list.item(i).checkState() == Qt.Checked]

    def choose_quick(self, choice: str) -> None:
        """Set the period to a quick choice (this quarter, last quarter, this year, last year, a range)."""
        kind, year, index = quick_period(choice, self.today)
        self.quick.setCurrentIndex(max(self.quick.findData(choice), 0))
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(kind))
        self.period.blockSignals(False)
        self.year.setValue(year)
        self._period_changed()
        if self.index.count():
            self.index.setCurrentIndex(max(self.index.findData(index), 0))

    def _quick_chosen(self, _i: int) -> None:
        self.choose_quick(self.quick.currentData())

    def _period_kind_changed(self) -> None:
        """A new kind of period opens on the one today is in (Quarter: this quarter, not Q1)."""
        self._period_changed()
        if self.index.count() and self.year.value() == self.today.year:
            self.index.setCurrentIndex(max(self.index.findData(current_index(self.period.currentData(), self.today)), 0))

    def _period_changed(self) -> None:
        kind = self.period.currentData()
        self.index.setVisible(kind in ("month", "quarter", "half"))
        self.year.setVisible(kind != "range")
        self.date_from.setVisible(kind == "range")
        self.date_to.setVisible(kind == "range")
        keep = self.index.currentIndex()
        self.index.clear()
        if kind == "month":
            for m in range(1, 13):
                self.index.addItem(_("Month {n}").format(n=m), m)
        elif kind == "quarter":
            for q in range(1, 5):
                self.index.addItem(_("Quarter {n}").format(n=q), q)
        elif kind == "half":
            self.index.addItem(_("First half"), 1)
            self.index.addItem(_("Second half"), 2)
        if 0 <= keep < self.index.count():
            self.index.setCurrentIndex(keep)

    def bounds(self) -> tuple[dt.date, dt.date]:
        kind = self.period.currentData()
        if kind == "range":
            a, b = _pydate(self.date_from.date()), _pydate(self.date_to.date())
            return (a, b) if a <= b else (b, a)
        return report.period_bounds(kind, self.year.value(), self.index.currentData() or 1)

    def langs(self) -> tuple[str, ...]:
        return tuple((self.lang.currentData() or "vi+zh").split("+"))

    def posts(self) -> list[str] | None:
        code = self.post.currentData()
        if code == SEVERAL:
            return self._ticked() or None
        return [code] if code else None

    def _remember(self) -> None:
        ui_settings.set_value(_KEY + "period", self.period.currentData())
        ui_settings.set_value(_KEY + "lang", self.lang.currentData())
        ui_settings.set_value(_KEY + "post", self.post.currentData() or "")
        ui_settings.set_value(_KEY + "index", self.index.currentIndex())
        ui_settings.set_value(_KEY + "posts", ",".join(self._ticked()))

    def _restore(self) -> bool:
        """The choices of the last report, if there was one (False: none saved)."""
        if ui_settings.value(_KEY + "period") is None:
            return False
        ticked = set(str(ui_settings.value(_KEY + "posts", "") or "").split(","))
        for i in range(self.posts_list.count()):
            item = self.posts_list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in ticked else Qt.Unchecked)
        for combo, key in ((self.period, "period"), (self.lang, "lang"), (self.post, "post")):
            saved = ui_settings.value(_KEY + key)
            i = combo.findData(saved) if saved is not None else -1
            if i >= 0:
                combo.setCurrentIndex(i)
        try:
            idx = int(ui_settings.value(_KEY + "index", 0))
        except (TypeError, ValueError):
            idx = 0
        if 0 <= idx < self.index.count():
            self.index.setCurrentIndex(idx)
        self.quick.setCurrentIndex(self.quick.findData("range") if self.period.currentData() == "range" else -1)
        return True

    def _fill_signers(self) -> None:
        from borderdesk.services import registry, session

        keep = self.signer.currentData()
        self.signer.clear()
        self.signer.addItem(_("(rank and name written by hand)"), "")
        try:
            here = session.site_code() if session.has_site() else ""
            officers = [o for o in registry.list_entries("officer") if not o.post_code or o.post_code == here]
        except AttributeError:  # no database open yet (first run)
            officers = []
        for o in officers:
            title = o.position_vi or ""
            self.signer.addItem(f"{o.name_vi}{' – ' + title if title else ''}", o.uuid)
        self.signer.setCurrentIndex(max(self.signer.findData(keep), 0))

    # --- actions ------------------------------------------------------------------------------

    def generate(self) -> PdfPreviewDialog:
        self._remember()
        start, end = self.bounds()
        posts, langs = self.posts(), self.langs()
        signer = report.signer_from_officer(self.signer.currentData() or None)

        def make(_options: dict) -> bytes:
            return report.render_report(report.gather(start, end, posts=posts, signer=signer), langs)

        if self.preview is not None:
            self.preview.close()
        self.preview = PdfPreviewDialog(self, _("Periodic report"), make, settings_key="report",
                                        file_name=f"bao-cao-{start.isoformat()}-{end.isoformat()}.pdf")
        self.preview.show()
        return self.preview

    def export_xlsx(self, path: str | None = None) -> None:
        self._remember()
        start, end = self.bounds()
        posts = self.posts()
        if not path:
            folder = ui_settings.value("documents/last_folder", str(Path.home()))
            path, _f = QFileDialog.getSaveFileName(
                self, _("Export tables"), str(Path(folder) / f"bao-cao-{start.isoformat()}-{end.isoformat()}.xlsx"),
                _("Spreadsheets (*.xlsx)"))
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"

        def work(_progress) -> str:
            from borderdesk.documents import xlsx

            xlsx.export_report(report.gather(start, end, posts=posts), path)
            return path

        def done(p: str) -> None:
            ui_settings.set_value("documents/last_folder", str(Path(p).parent))
            self.summary.setText(_("Tables written to {path}").format(path=p))

        run_in_background(work, done, lambda exc: QMessageBox.warning(self, _("Export tables"), str(exc)),
                          parent=self, title=_("Exporting the tables…"))
