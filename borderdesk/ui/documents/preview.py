"""Preview a generated PDF (QtPdf), print it on A4 through the system dialog, or save it.

The document is made off the GUI thread (``ui.worker``) each time an option
changes; the officer's last choice of each option is remembered in the
settings under ``documents/<key>/<option>``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from borderdesk.i18n import _
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.worker import run_in_background

#: dots per inch a page is rendered at for the printer (sharp on paper, light on memory)
PRINT_DPI = 300


@dataclass
class Option:
    """A choice the document depends on: key, label (translated at use), (value, label) pairs."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]


class PdfPreviewDialog(QDialog):
    """Shows the PDF ``make_pdf(options)`` returns; Print, Save as PDF, Close."""

    def __init__(self, parent: QWidget | None, title: str, make_pdf: Callable[[dict], bytes],
                 options: tuple[Option, ...] = (), settings_key: str = "preview",
                 file_name: str = "document.pdf", record_uuid: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WA_DeleteOnClose, False)
        self.make_pdf = make_pdf
        self.options = options
        self.settings_key = settings_key
        self.file_name = file_name
        self.record_uuid = record_uuid  # the record the document is made of (named in the audit trail)
        self.pdf_bytes: bytes = b""
        self.error: str = ""
        self._job = None
        self._buffer: QBuffer | None = None

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        bar = QHBoxLayout()
        self.combos: dict[str, QComboBox] = {}
        for opt in options:
            combo = QComboBox(self)
            for value, label in opt.choices:
                combo.addItem(_(label), value)
            saved = ui_settings.value(f"documents/{settings_key}/{opt.key}")
            i = combo.findData(saved) if saved is not None else -1
            combo.setCurrentIndex(max(i, 0))
            combo.currentIndexChanged.connect(self._option_changed)
            lbl = QLabel(_(opt.label), self)
            lbl.setBuddy(combo)
            bar.addWidget(lbl)
            bar.addWidget(combo)
            self.combos[opt.key] = combo
        bar.addStretch(1)
        self.status = QLabel(self)
        bar.addWidget(self.status)
        self.print_button = QPushButton(_("&Print…"), self)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.close_button = QPushButton(_("Close"), self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        ui_settings.resize_within_screen(self, 900, 1000)
        ui_settings.restore_geometry(self, "documents_preview")
        self.generate()

    # --- making the document ---------------------------------------------------------------------

    def chosen(self) -> dict:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def _option_changed(self) -> None:
        for key, value in self.chosen().items():
            ui_settings.set_value(f"documents/{self.settings_key}/{key}", value)
        self.generate()

    def generate(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText(_("Preparing the document…"))
        opts = self.chosen()
        self._job = run_in_background(lambda progress: self.make_pdf(opts), self._show, self._failed)

    def _show(self, data: bytes) -> None:
        self._job = None
        self.pdf_bytes = data
        self.error = ""
        self.document.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.ReadOnly)
        self.document.load(self._buffer)
        n = self.page_count()
        self.status.setText(_("{n} pages").format(n=n) if n != 1 else _("1 page"))
        self.print_button.setEnabled(n > 0)
        self.save_button.setEnabled(n > 0)

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self.error = str(exc)
        self.status.setText(_("The document could not be made."))
        QMessageBox.warning(self, self.windowTitle(), _("The document could not be made: {error}").format(error=exc))

    def page_count(self) -> int:
        return self.document.pageCount() if self.pdf_bytes else 0

    # --- printing and saving ------------------------------------------------------------------------

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.HighResolution)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, printer.pageLayout().margins()))
        printer.setFullPage(True)
        printer.setDocName(self.windowTitle())
        return printer

    def print_to(self, printer: QPrinter, first: int = 1, last: int = 0) -> int:
        """Paint pages *first*..*last* (1-based; 0 = to the end) on *printer*; returns pages printed."""
        n = self.page_count()
        last = n if not last else min(last, n)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            for i in range(max(first, 1) - 1, last):
                if printed:
                    printer.newPage()
                size_pt = self.document.pagePointSize(i)
                px = QSize(int(size_pt.width() / 72 * PRINT_DPI), int(size_pt.height() / 72 * PRINT_DPI))
                image: QImage = self.document.render(i, px)
                scale = min(target.width() / px.width(), target.height() / px.height())
                w, h = int(px.width() * scale), int(px.height() * scale)
                painter.drawImage(QRect(target.x() + (target.width() - w) // 2, target.y(), w, h), image)
                printed += 1
        finally:
            painter.end()
        return printed

    def print_document(self) -> None:
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.page_count(), 1))
        if dialog.exec() != QDialog.Accepted:
            return
        first, last = (printer.fromPage(), printer.toPage()) if printer.printRange() == QPrinter.PageRange else (1, 0)
        self.print_to(printer, first or 1, last)
        _note_printed(self.settings_key, printer.printerName() or printer.outputFileName(), self.record_uuid)

    def save_to(self, path: str | Path) -> None:
        Path(path).write_bytes(self.pdf_bytes)

    def save_as(self) -> None:
        folder = ui_settings.value("documents/last_folder", str(Path.home()))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), str(Path(folder) / self.file_name),
                                                    _("PDF documents (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.save_to(path)
        except OSError as exc:
            QMessageBox.warning(self, _("Save as PDF"), str(exc))
            return
        ui_settings.set_value("documents/last_folder", str(Path(path).parent))
        _note_printed(self.settings_key, path, self.record_uuid)
        self.status.setText(_("Saved to {path}").format(path=path))

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.cancel()
        ui_settings.save_geometry(self, "documents_preview")
        super().done(result)


#: the subject of the audit entry of each kind of preview (the subjects ``borderdesk report`` notes)
AUDIT_SUBJECTS = {"minutes": "minutes", "handover": "handover_record", "verification": "verification_letter",
                  "report": "report"}


def _note_printed(settings_key: str, where: str, record_uuid: str | None) -> None:
    """The audit trail notes every document printed or saved (who, when, which, where).

    The document is named by its subject, a key translated when the trail is read, and the
    detail is only where it went: nothing in the entry is in the language of the day.
    """
    from borderdesk.trust.audit import document_printed

    document_printed(AUDIT_SUBJECTS.get(settings_key, "document"), where, record_uuid)
