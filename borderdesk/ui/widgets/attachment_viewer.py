"""Seeing an attachment: thumbnails (made off the GUI thread), the viewer for images and PDFs (QtPdf),
opening it with the system's viewer, exporting it."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from borderdesk.i18n import _
from borderdesk.services import attachments as svc
from borderdesk.ui import settings as ui_settings

THUMB = 96


def render_image(data: bytes, mime: str, box: QSize, page: int = 0) -> QImage:
    """The first page (or *page*) of a PDF, JPEG, PNG or TIFF scaled into *box* (a PDF only on the GUI thread: PDFium is not thread-safe)."""
    if mime == "application/pdf":
        doc = QPdfDocument()
        buf = QBuffer()
        buf.setData(QByteArray(data))
        buf.open(QIODevice.ReadOnly)
        doc.load(buf)
        if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
            return QImage()
        size = doc.pagePointSize(min(page, doc.pageCount() - 1)).toSize()
        size.scale(box, Qt.KeepAspectRatio)
        img = doc.render(min(page, doc.pageCount() - 1), size)
        doc.close()
        paper = QImage(img.size(), QImage.Format_RGB32)  # a PDF page renders transparent: put it on paper
        paper.fill(Qt.white)
        p = QPainter(paper)
        p.drawImage(0, 0, img)
        p.end()
        return paper
    return _pillow_image(data, max(1, box.width()), max(1, box.height()), page)


def thumbnail_job(attachment_id: str):
    """The worker's function: ``(attachment_id, QImage or PDF bytes)``.

    Images decode in the worker. PDFium (under QtPdf) is not thread-safe, so a PDF's bytes come back
    and its first page is drawn on the GUI thread (:func:`thumbnail_image`), like the viewer's pages.
    """
    def run(_progress):
        att = svc.get(attachment_id)
        if not svc.held(att):
            return attachment_id, QImage()
        data = svc.read_bytes(attachment_id)
        if att.mime == "application/pdf":
            return attachment_id, data
        return attachment_id, _pillow_image(data, THUMB * 2, THUMB * 2)
    return run


def _pillow_image(data: bytes, width: int, height: int, page: int = 0) -> QImage:
    """An image (a page of a TIFF) fitted into width × height, decoded by Pillow: Qt's TIFF reader
    crashed here on multi-page scans, and Pillow is safe in worker threads."""
    import io

    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        if page:
            im.seek(min(page, getattr(im, "n_frames", 1) - 1))
        else:
            im.draft("RGB", (width, height))  # a JPEG decodes straight at a fraction of its size
        small = ImageOps.exif_transpose(im).convert("RGB")  # a phone photo stands the right way up
        small.thumbnail((width, height))
    raw = small.tobytes()
    return QImage(raw, small.width, small.height, 3 * small.width, QImage.Format_RGB888).copy()


def thumbnail_image(result) -> QImage:
    """On the GUI thread: the image a :func:`thumbnail_job` returned, a PDF's first page drawn now."""
    if isinstance(result, QImage):
        return result
    return render_image(result, "application/pdf", QSize(THUMB * 2, THUMB * 2))


_OPEN_DIR: list[Path] = []


def _open_dir() -> Path:
    """Copies handed to the system viewer: one private folder, removed when BorderDesk closes."""
    if not _OPEN_DIR:
        folder = Path(tempfile.mkdtemp(prefix="borderdesk-open-"))
        os.chmod(folder, 0o700)
        _OPEN_DIR.append(folder)
        atexit.register(shutil.rmtree, folder, True)
    return _OPEN_DIR[0]


def open_with_system(attachment_id: str) -> Path:
    """Write a copy to the private folder and ask the system to open it; returns the copy."""
    att = svc.get(attachment_id)
    folder = _open_dir() / att.uuid
    folder.mkdir(exist_ok=True)
    path = svc.export(attachment_id, folder / svc.suggested_name(att))
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def export_dialog(parent: QWidget, attachment_id: str, choose=None) -> Path | None:
    """Ask where to save, then write the file there; returns the path (None when cancelled)."""
    att = svc.get(attachment_id)
    choose = choose or (lambda start: QFileDialog.getSaveFileName(parent, _("Export attachment"), start)[0])
    target = choose(str(Path.home() / svc.suggested_name(att)))
    if not target:
        return None
    return svc.export(attachment_id, target)


class AttachmentViewer(QDialog):
    """One attachment, large: a PDF in QPdfView, an image fitted to the window (pages of a TIFF)."""

    def __init__(self, attachment_id: str, parent=None) -> None:
        super().__init__(parent)
        self.att = svc.get(attachment_id)
        self.data = svc.read_bytes(attachment_id)
        self.setWindowTitle(self.att.title)
        ui_settings.resize_within_screen(self, 900, 1000)
        lay = QVBoxLayout(self)
        self.pdf_view: QPdfView | None = None
        self.image_label: QLabel | None = None
        self.page = QSpinBox(self)
        self.page.setMinimum(1)
        self.pages = 1
        if self.att.mime == "application/pdf":
            self.document = QPdfDocument(self)
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(self.data))
            self._buffer.open(QIODevice.ReadOnly)
            self.document.load(self._buffer)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setDocument(self.document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.pages = self.document.pageCount()
            lay.addWidget(self.pdf_view, 1)
            self.page.valueChanged.connect(
                lambda n: self.pdf_view.pageNavigator().jump(n - 1, self.pdf_view.pageNavigator().currentLocation()))
        else:
            self.scroll = QScrollArea(self)
            self.scroll.setAlignment(Qt.AlignCenter)
            self.image_label = QLabel(self.scroll)
            self.image_label.setAlignment(Qt.AlignCenter)
            self.scroll.setWidget(self.image_label)
            self.scroll.setWidgetResizable(True)
            lay.addWidget(self.scroll, 1)
            self.pages = max(1, self.att.pages or 1)
            self.page.valueChanged.connect(lambda _n: self._show_image())
        self.page.setMaximum(max(1, self.pages))
        bar = QHBoxLayout()
        self.page_label = QLabel(self)
        bar.addWidget(self.page_label)
        bar.addWidget(self.page)
        self.page_of = QLabel(self)
        bar.addWidget(self.page_of)
        bar.addStretch(1)
        self.system_button = QPushButton(self)
        self.system_button.clicked.connect(lambda: open_with_system(self.att.uuid))
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: export_dialog(self, self.att.uuid))
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        for b in (self.system_button, self.export_button, self.close_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        for w in (self.page_label, self.page, self.page_of):
            w.setVisible(self.pages > 1)
        self.retranslate()
        if self.image_label is not None:
            self._show_image()

    def retranslate(self) -> None:
        self.page_label.setText(_("Page"))
        self.page_of.setText(_("of {n}").format(n=self.pages))
        self.system_button.setText(_("Open with the system viewer"))
        self.export_button.setText(_("Export…"))
        self.close_button.setText(_("Close"))

    def _show_image(self) -> None:
        box = self.scroll.viewport().size() if self.isVisible() else QSize(860, 920)
        img = render_image(self.data, self.att.mime, box, self.page.value() - 1)
        self.image_label.setPixmap(QPixmap.fromImage(img))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.image_label is not None and self.isVisible():
            self._show_image()
