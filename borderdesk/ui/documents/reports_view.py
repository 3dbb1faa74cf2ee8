"""The Reports page: pick a period, the posts and the language; generate the report or export its tables."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from borderdesk.documents import report
from borderdesk.i18n import N_, _
from borderdesk.ui import language
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.documents.preview import PdfPreviewDialog
from borderdesk.ui.worker import run_in_background

PERIODS = (("month", N_("Month")), ("quarter", N_("Quarter")), ("half", N_("Half-year")),
           ("year", N_("Year")), ("range", N_("Dates from … to …")))
LANGS = (("vi+zh", N_("Vietnamese and Chinese")), ("vi", N_("Vietnamese")), ("zh", N_("Chinese")))
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
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
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
        self.lang = QComboBox(self)
        self.signer = QComboBox(self)  # who signs (Decree 30: title, rank and name under the signature)
        self.generate_button = QPushButton(self)
        self.xlsx_button = QPushButton(self)
        self.generate_button.clicked.connect(self.generate)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.summary = QLabel(self)

        self.form = QFormLayout()
        row = QHBoxLayout()
        for w in (self.period, self.year, self.index, self.date_from, self.date_to):
            row.addWidget(w)
        row.addStretch(1)
        self._labels = [QLabel(self), QLabel(self), QLabel(self), QLabel(self)]
        self.form.addRow(self._labels[0], row)
        self.form.addRow(self._labels[1], self.post)
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

        self.period.currentIndexChanged.connect(self._period_changed)
        self.retranslate()
        self._restore()
        language.retranslate_on_change(self, self.retranslate)

    # --- choices ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Periodic report"))
        self._labels[0].setText(_("Period"))
        self._labels[1].setText(_("Posts"))
        self._labels[2].setText(_("Language of the document"))
        self._labels[3].setText(_("Signed by"))
        self.generate_button.setText(_("&Generate and preview"))
        self.xlsx_button.setText(_("&Export tables (XLSX)…"))
        for combo, items in ((self.period, PERIODS), (self.lang, LANGS)):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for value, label in items:
                combo.addItem(_(label), value)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)
        self._fill_posts()
        self._fill_signers()
        self._period_changed()

    def _fill_posts(self) -> None:
        from borderdesk.services import registry

        keep = self.post.currentData()
        self.post.clear()
        self.post.addItem(_("All posts"), "")
        try:
            for p in registry.list_entries("post"):
                self.post.addItem(f"{p.code} – {p.name_vi}", p.code)
        except Exception:  # no database open yet (first run): all posts is the only choice
            pass
        self.post.setCurrentIndex(max(self.post.findData(keep), 0))

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
        return [code] if code else None

    def _remember(self) -> None:
        ui_settings.set_value(_KEY + "period", self.period.currentData())
        ui_settings.set_value(_KEY + "lang", self.lang.currentData())
        ui_settings.set_value(_KEY + "post", self.post.currentData() or "")
        ui_settings.set_value(_KEY + "index", self.index.currentIndex())

    def _restore(self) -> None:
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
