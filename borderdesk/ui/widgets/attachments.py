"""The attachment strip of a record's form: thumbnails, add by button or by dropping files on the form,
open (viewer), open with the system viewer, export, delete; whether a signed original is attached.

The record form adds one :class:`AttachmentStrip` below its fields and hands it what is dropped on
the form (:meth:`AttachmentStrip.accepts` / :meth:`AttachmentStrip.drop`). Files are read, checked
and stored in a worker thread (:func:`borderdesk.ui.worker.run_in_background`); everything goes
through :mod:`borderdesk.services.attachments`.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QLabel, QListView, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError, NotFound
from borderdesk.i18n import _
from borderdesk.services import attachments as svc
from borderdesk.services import records, session
from borderdesk.ui.widgets.attachment_viewer import (THUMB, AttachmentViewer, export_dialog, open_with_system,
                                                     thumbnail_image, thumbnail_job)
from borderdesk.ui.widgets.flow import FlowRow
from borderdesk.ui.worker import run_in_background

#: what the file dialog offers (the content decides in the end)
FILTER_PATTERNS = "*.pdf *.PDF *.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.tif *.tiff *.TIF *.TIFF"
_OK = QColor("#1b5e20")
_MISSING = QColor("#8a4b00")
#: thumbnails already made, by content (the same scan on two records is drawn once)
_THUMBS: dict[str, QPixmap] = {}


def _placeholder(text: str) -> QPixmap:
    pm = QPixmap(THUMB, THUMB)
    pm.fill(QColor("#eceff1"))
    p = QPainter(pm)
    p.setPen(QColor("#546e7a"))
    p.drawRect(0, 0, THUMB - 1, THUMB - 1)
    p.drawText(pm.rect(), Qt.AlignCenter, text)
    p.end()
    return pm


def _framed(pm: QPixmap) -> QPixmap:
    """The thumbnail with a thin grey edge: a white page on a white list still shows where it ends."""
    out = QPixmap(pm.width() + 2, pm.height() + 2)
    out.fill(QColor("#90a4ae"))
    p = QPainter(out)
    p.drawPixmap(1, 1, pm)
    p.end()
    return out


def local_files(mime: QMimeData) -> list[str]:
    """The local files a drag carries (a browser's links are not files)."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]


class AttachmentStrip(QWidget):
    changed = Signal()  # attachments added, deleted or restored

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.record: str | None = None
        self.editable = False
        self._pending: list[str] = []
        self._busy = False
        #: replaceable in tests: file choosers and questions
        self.choose_files = lambda: QFileDialog.getOpenFileNames(
            self, _("Attach files"), str(Path.home()),
            _("Scans and photos ({patterns})").format(patterns=FILTER_PATTERNS) + ";;" + _("All files (*)"))[0]
        self.ask_reduce = self._ask_reduce
        self.ask_delete = self._ask_delete
        self.choose_export = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        head = FlowRow()  # the buttons go under the heading where the form is narrow
        self.heading = QLabel(self)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        head.addWidget(self.heading)
        self.status = QLabel(self)
        head.addWidget(self.status)
        head.addStretch(1)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_from_dialog)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_selected)
        self.system_button = QPushButton(self)
        self.system_button.clicked.connect(self.open_selected_with_system)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.open_button, self.system_button, self.export_button, self.delete_button):
            head.addWidget(b)
        lay.addLayout(head)
        self.list = QListWidget(self)
        self.list.setViewMode(QListView.IconMode)
        self.list.setFlow(QListView.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Static)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 56, THUMB + 2 * self.fontMetrics().height() + 12))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.ElideRight)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setFixedHeight(THUMB + 2 * self.fontMetrics().height() + 36)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        lay.addWidget(self.list)
        # no files: one line saying how to attach them, not a tall empty box (the form gets the room)
        self.empty_hint = QLabel(self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("hint")
        lay.addWidget(self.empty_hint)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        self.message.hide()
        lay.addWidget(self.message)
        from borderdesk.ui.signals import bridge

        bridge().changed.connect(self._on_changed)  # attachments arriving in a bundle show at once
        self.retranslate()

    def _on_changed(self, kind: str) -> None:
        if kind == "attachment" and self.record is not None and not self._busy:
            self.refresh()

    # --- what is shown ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(_("Attachments"))
        self.add_button.setText(_("Attach file…"))
        self.add_button.setToolTip(_("PDF, JPEG, PNG or TIFF, up to 25 MB; or drop files on the form"))
        self.open_button.setText(_("Open"))
        self.system_button.setText(_("Open with the system viewer"))
        self.export_button.setText(_("Export…"))
        self.delete_button.setText(_("Remove"))
        self.refresh()

    def set_record(self, uuid: str | None) -> None:
        self.record = uuid
        self.message.hide()
        self.refresh()

    def count(self) -> int:
        return self.list.count()

    def ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]

    def refresh(self) -> None:
        self.list.clear()
        try:
            row = records.find(self.record) if self.record else None
        except NotFound:  # another database was opened, or the record went away
            row, self.record = None, None
        self.editable = row is not None and not row.deleted and session.has_site() and row.site == session.site_code()
        if row is None:
            hint = _("Save the record to attach files to it")
        elif not self.editable and not row.deleted:
            hint = _("This record belongs to {site}: only {site} attaches files to it").format(site=row.site)
        else:
            hint = _("Drop scans and photos on the form to attach them")
        self.list.setToolTip(hint)
        self.empty_hint.setText(hint)
        atts = svc.list_for(self.record) if self.record else []
        self.list.setVisible(bool(atts))
        self.empty_hint.setVisible(not atts)
        for att in atts:
            item = QListWidgetItem(f"{att.title}\n{_(svc.KINDS.get(att.kind, att.kind))}")
            item.setData(Qt.UserRole, att.uuid)
            item.setToolTip(self._describe(att))
            held = svc.held(att)
            pm = _THUMBS.get(att.sha256) or _placeholder("PDF" if att.mime == "application/pdf" else
                                                        (att.mime.split("/")[1].upper() if held else "…"))
            item.setIcon(QIcon(pm))
            self.list.addItem(item)
            if held and att.sha256 not in _THUMBS:
                run_in_background(thumbnail_job(att.uuid), self._thumbnail_ready, lambda _exc: None)
        self._update_status(atts)
        self._update_buttons()

    def _describe(self, att) -> str:
        parts = [att.filename, f"{att.size / 1024 / 1024:.1f} MB" if att.size >= 1024 * 1024 else
                 f"{(att.size + 1023) // 1024} KB"]
        if att.width and att.height:
            parts.append(f"{att.width} × {att.height} px")
        if att.pages and att.pages > 1:
            parts.append(_("{n} pages").format(n=att.pages))
        if not svc.held(att):
            parts.append(_("the file has not arrived yet"))
        return " · ".join(parts)

    def _thumbnail_ready(self, result) -> None:
        attachment_id, image = result[0], thumbnail_image(result[1])
        if image.isNull():
            return
        pm = _framed(QPixmap.fromImage(image).scaled(THUMB - 2, THUMB - 2, Qt.KeepAspectRatio,
                                                     Qt.SmoothTransformation))
        try:
            sha = svc.get(attachment_id).sha256
        except BorderDeskError:
            return
        _THUMBS[sha] = pm
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole) == attachment_id:
                self.list.item(i).setIcon(QIcon(pm))

    def _update_status(self, atts) -> None:
        if self.kind not in svc.SIGNED_KINDS or self.record is None:
            self.status.setText("")
            return
        signed = any(a.kind == "signed_original" for a in atts)
        self.status.setText(_("Signed original attached") if signed else _("No signed original attached yet"))
        self.status.setStyleSheet(f"color: {(_OK if signed else _MISSING).name()}")

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.add_button.setEnabled(self.editable and not self._busy)
        for b in (self.open_button, self.system_button, self.export_button):
            b.setEnabled(chosen)
        self.delete_button.setEnabled(chosen and self.editable)

    def selected(self) -> str | None:
        items = self.list.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- adding -----------------------------------------------------------------------------------

    def catch_drops(self, root: QWidget) -> None:
        """Files dropped anywhere on *root* are attached: its text fields would otherwise paste their paths."""
        root.setAcceptDrops(True)
        for w in [root, *root.findChildren(QWidget)]:
            if w is root or w.acceptDrops():  # a drag over any other widget goes to the nearest of these
                w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.DragEnter, QEvent.DragMove) and self.accepts(event.mimeData()):
            event.acceptProposedAction()
            return True
        if t == QEvent.Drop and self.accepts(event.mimeData()):
            self.drop(event.mimeData())
            event.acceptProposedAction()
            return True
        return super().eventFilter(obj, event)

    def accepts(self, mime: QMimeData) -> bool:
        return self.editable and bool(local_files(mime))

    def drop(self, mime: QMimeData) -> bool:
        files = local_files(mime)
        if not files or not self.editable:
            return False
        self.add_files(files)
        return True

    def add_from_dialog(self) -> None:
        files = self.choose_files()
        if files:
            self.add_files(files)

    def add_files(self, paths) -> None:
        """Attach each file in turn (read and stored off the GUI thread)."""
        self.show_message("")
        self._pending.extend(str(p) for p in paths)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if not self._pending or self.record is None:
            self._busy = False
            self._pending.clear()
            self._update_buttons()
            return
        self._busy = True
        self._update_buttons()
        path, record = self._pending.pop(0), self.record
        run_in_background(lambda _p: svc.prepare(path), lambda prepared: self._prepared(record, prepared),
                          self._failed)

    def _prepared(self, record: str, prepared) -> None:
        reduce = False
        if prepared.oversized_image:
            answer = self.ask_reduce(prepared)
            if answer == "cancel":
                self._next()
                return
            reduce = answer == "reduce"
        run_in_background(lambda _p: svc.attach(record, prepared, reduce=reduce).uuid, self._attached, self._failed)

    def _attached(self, _uuid: str) -> None:
        self.refresh()
        self.changed.emit()
        self._next()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, (BorderDeskError, OSError)):
            raise exc
        self.show_message(str(exc))
        self._next()

    def _ask_reduce(self, prepared) -> str:
        box = QMessageBox(QMessageBox.Question, _("Large image"),
                          _("{name} is {w} × {h} px.").format(name=prepared.filename, w=prepared.info.width,
                                                              h=prepared.info.height), parent=self)
        box.setInformativeText(_("Reduce it to {max} px on its longest side? A smaller copy is stored; "
                                 "the file on your disk is not changed.").format(max=svc.MAX_SIDE))
        reduce = box.addButton(_("Reduce to {max} px").format(max=svc.MAX_SIDE), QMessageBox.AcceptRole)
        keep = box.addButton(_("Keep as it is"), QMessageBox.RejectRole)
        box.addButton(_("Cancel"), QMessageBox.DestructiveRole)
        box.setDefaultButton(reduce)
        box.exec()
        clicked = box.clickedButton()
        return "reduce" if clicked is reduce else "keep" if clicked is keep else "cancel"

    # --- the others -------------------------------------------------------------------------------

    def open_selected(self) -> AttachmentViewer | None:
        uuid = self.selected()
        if uuid is None:
            return None
        try:
            viewer = AttachmentViewer(uuid, self)
        except BorderDeskError as exc:
            self.show_message(str(exc))
            return None
        viewer.setAttribute(Qt.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def open_selected_with_system(self) -> None:
        uuid = self.selected()
        if uuid is not None:
            try:
                open_with_system(uuid)
            except (BorderDeskError, OSError) as exc:
                self.show_message(str(exc))

    def export_selected(self) -> Path | None:
        uuid = self.selected()
        if uuid is None:
            return None
        try:
            return export_dialog(self, uuid, self.choose_export)
        except (BorderDeskError, OSError) as exc:
            self.show_message(str(exc))
            return None

    def delete_selected(self) -> bool:
        uuid = self.selected()
        if uuid is None or not self.ask_delete(svc.get(uuid).title):
            return False
        try:
            svc.delete(uuid)
        except BorderDeskError as exc:
            self.show_message(str(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _ask_delete(self, title: str) -> bool:
        got = QMessageBox.question(self, _("Remove attachment"),
                                   _("Remove “{title}” from this record? It can be restored until it is purged.")
                                   .format(title=title))
        return got == QMessageBox.Yes
