"""The Sync page: who we exchange with, what arrived from each, and the buttons to carry bundles."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.services import session
from borderdesk.sync import conflicts, keys, sites
from borderdesk.ui.signals import bridge
from borderdesk.ui.sync.conflict_dialog import ConflictDialog
from borderdesk.ui.sync.import_dialog import ImportDialog
from borderdesk.ui.widgets.tables import fit_columns
from borderdesk.ui.worker import run_in_background

_COLUMNS = ("site", "name", "kind", "last", "received", "seq", "gaps", "conflicts", "sent")


def _headers() -> list[str]:
    return [_("Site"), _("Name"), _("Kind"), _("Last bundle received"), _("Received at"), _("Their sequence"),
            _("Gaps"), _("Open conflicts"), _("Bundles sent")]


def _kind(kind: str) -> str:
    return _("Headquarters") if kind == "headquarters" else _("Post")


class ExportDialog(QDialog):
    """Choose the destination site and the folder (a USB stick); the file name is made from them."""

    def __init__(self, peers: list[sites.Peer], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export bundle"))
        self.site = QComboBox()
        self.site.setObjectName("destination")
        for p in peers:
            self.site.addItem(f"{p.code} — {p.name_vi}", p.code)
        self.folder = QLineEdit(str(Path.home()))
        self.folder.setObjectName("folder")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.full = QCheckBox(_("Everything (not only what the site has not acknowledged)"))
        self.full.setObjectName("full")
        form = QFormLayout()
        form.addRow(_("Send to"), self.site)
        form.addRow(_("Folder or USB stick"), row)
        form.addRow("", self.full)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(_("Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder or USB stick"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def target(self) -> tuple[str, Path, bool]:
        code = self.site.currentData()
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")  # a file name, not shown as a date
        name = f"{session.site_code()}-to-{code}-{stamp}.bdsync"
        return code, Path(self.folder.text()) / name, self.full.isChecked()


class SyncView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.me = QLabel()
        self.me.setObjectName("me")
        self.me.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setObjectName("sites")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.verticalHeader().hide()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.export_button = QPushButton(_("Export bundle…"))
        self.import_button = QPushButton(_("Import bundle…"))
        self.enrol_button = QPushButton(_("Enrol site…"))
        self.key_button = QPushButton(_("Show my key…"))
        self.conflicts_button = QPushButton()
        for name, b, slot in (("export", self.export_button, self.export_bundle),
                              ("import", self.import_button, self.import_bundle),
                              ("enrol", self.enrol_button, self.enrol_site),
                              ("key", self.key_button, self.show_key),
                              ("review", self.conflicts_button, self.review_conflicts)):
            b.setObjectName(name)
            b.clicked.connect(slot)
        buttons = QHBoxLayout()
        for b in (self.export_button, self.import_button, self.conflicts_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.key_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.me)
        lay.addLayout(buttons)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        #: file pickers, replaced by tests (a real dialog would block)
        self.choose_bundle = lambda: QFileDialog.getOpenFileName(
            self, _("Import bundle"), str(Path.home()), _("Sync bundles (*.bdsync);;All files (*)"))[0]
        self.choose_identity = lambda: QFileDialog.getOpenFileName(
            self, _("Enrol site"), str(Path.home()), _("Identity files (*.json);;All files (*)"))[0]
        self.choose_identity_out = lambda: QFileDialog.getSaveFileName(
            self, _("Save identity file"), str(Path.home() / f"{session.site_code()}.identity.json"))[0]
        self.confirm = lambda title, text: QMessageBox.question(self, title, text) == QMessageBox.Yes
        self.last_dialog: QDialog | None = None
        bridge().changed.connect(self._on_change)
        self.refresh()

    def retranslate(self) -> None:
        self.export_button.setText(_("Export bundle…"))
        self.import_button.setText(_("Import bundle…"))
        self.enrol_button.setText(_("Enrol site…"))
        self.key_button.setText(_("Show my key…"))
        self.refresh()

    def _on_change(self, kind: str) -> None:
        if kind in ("bundle", "sync") and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        if not session.has_site():
            return
        self.me.setText(_("This site: {code} ({kind}). Key fingerprint: {fp}").format(
            code=session.site_code(), kind=_kind(session.site_kind()), fp=keys.my_fingerprint()))
        peers = sites.list_peers()
        self.table.setColumnCount(len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_headers())
        fit_columns(self.table, [6, 0, 10, 12, 12, 8, 8, 8, 8])
        self.table.setRowCount(len(peers))
        for i, peer in enumerate(peers):
            st = sites.status(peer)
            gaps = []
            if st.missing_bundles:
                gaps.append(_("bundles {nos} missing").format(nos=", ".join(map(str, st.missing_bundles))))
            if st.holes:
                gaps.append(_("changes {ranges} not received").format(
                    ranges=", ".join(f"{lo + 1}-{hi}" for lo, hi in st.holes)))
            cells = (peer.code, peer.name_vi, _kind(peer.kind),
                     str(st.last_bundle_no) if st.last_bundle_no else "—", st.last_received_at or "—",
                     str(st.their_seq), "; ".join(gaps) or _("none"), str(st.open_conflicts), str(st.bundles_sent))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (j == 6 and gaps) or (j == 7 and st.open_conflicts):
                    item.setForeground(Qt.darkRed)
                self.table.setItem(i, j, item)
        n = conflicts.count_open()
        self.conflicts_button.setText(ngettext("Review {n} conflict…", "Review {n} conflicts…", n).format(n=n))
        self.conflicts_button.setEnabled(n > 0)
        self.export_button.setEnabled(bool(peers))

    # --- actions ------------------------------------------------------------------

    def export_bundle(self, _checked: bool = False) -> ExportDialog:
        dialog = ExportDialog(sites.list_peers(), self)
        self.last_dialog = dialog
        dialog.accepted.connect(lambda: self.start_export(*dialog.target()))
        dialog.open()
        return dialog

    def start_export(self, code: str, path: Path, full: bool = False) -> None:
        self.message.setText(_("Writing the bundle for {code}…").format(code=code))
        from borderdesk.sync import attachments_link

        run_in_background(lambda progress: attachments_link.export_bundle(code, path, full=full),
                          self._exported, self._failed, parent=self, title=_("Exporting the bundle…"))

    def _exported(self, done) -> None:
        res = done.result
        text = ngettext("Bundle {no} for {code}: {n} row written to {file}",
                        "Bundle {no} for {code}: {n} rows written to {file}", res.total).format(
            no=res.bundle_no, code=res.destination, n=res.total, file=res.path)
        if done.parts:  # attachments beyond the size set for a bundle
            text += " " + ngettext("and {n} part for the attachments that did not fit: {files}",
                                   "and {n} parts for the attachments that did not fit: {files}",
                                   len(done.parts)).format(n=len(done.parts),
                                                           files=", ".join(p.name for p in done.parts))
        self.message.setText(text)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(_("Failed: {reason}").format(reason=exc))

    def import_bundle(self, _checked: bool = False) -> ImportDialog | None:
        path = self.choose_bundle()
        if not path:
            return None
        dialog = ImportDialog(path, self)
        self.last_dialog = dialog
        dialog.imported.connect(self._imported)
        dialog.open()
        return dialog

    def _imported(self, preview) -> None:
        self.message.setText(ngettext("Imported bundle {no} from {code}: {n} change.",
                                      "Imported bundle {no} from {code}: {n} changes.", preview.changes).format(
            no=preview.bundle_no, code=preview.source, n=preview.changes))
        self.refresh()
        if preview.total("conflicting"):
            self.review_conflicts()

    def enrol_site(self, _checked: bool = False) -> None:
        path = self.choose_identity()
        if not path:
            return
        try:
            peer = sites.read_identity(path)
            text = _("Site {code} ({name}).\n\nFingerprint: {fp}\n\nCall the site and have them read their "
                     "fingerprint to you. Enrol only if it is exactly the same.").format(
                code=peer.code, name=sites.printable(peer.name_vi), fp=peer.fingerprint)
            if not self.confirm(_("Enrol site"), text):
                return
            sites.enrol(peer)
        except BorderDeskError as exc:
            self.message.setText(_("Failed: {reason}").format(reason=exc))
            return
        self.message.setText(_("Enrolled site {code}.").format(code=peer.code))
        self.refresh()

    def show_key(self, _checked: bool = False) -> None:
        fp = keys.my_fingerprint()
        box = QMessageBox(self)
        box.setWindowTitle(_("This site's key"))
        box.setText(_("Fingerprint of {code}: {fp}\n\nSave the identity file and give it to the other site; "
                      "read them this fingerprint by phone.").format(code=session.site_code(), fp=fp))
        save = box.addButton(_("Save identity file…"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Close)
        self.last_dialog = box
        box.buttonClicked.connect(lambda b: self.save_identity() if b is save else None)
        box.open()

    def save_identity(self) -> None:
        path = self.choose_identity_out()
        if path:
            sites.write_identity(path)
            self.message.setText(_("Identity file written to {file}").format(file=path))

    def review_conflicts(self, _checked: bool = False) -> ConflictDialog:
        dialog = ConflictDialog(self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog
