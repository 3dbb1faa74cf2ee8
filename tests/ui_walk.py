"""Walk every window, dialog and menu of the desk and read back what it shows (language and size walks).

:func:`walk` opens each screen of a main window in turn (every page, a record's form and a
new one, every registry tab, every menu), then every dialog (the desk's own, Qt's file,
print and message dialogs, the context menu of a text field) and calls ``look(name, widget)``
on each while it is shown. Modal dialogs are looked at from a timer while they run.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Callable

from babel.messages.pofile import read_po
from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox,
                               QPlainTextEdit, QWidget)

ROOT = Path(__file__).resolve().parent.parent

Look = Callable[[str, QWidget], None]

#: Words of English that are names, codes or units in every language.
ALLOWED = {
    "borderdesk", "qt", "pdf", "csv", "xlsx", "utc", "id", "uuid", "ctrl", "shift", "alt", "del", "esc", "enter",
    "tab", "pgup", "pgdown", "ins", "home", "end", "backspace", "sqlite", "usb", "ok", "cn", "vn", "hq", "a4",
    "argon2id", "ed25519", "aes", "gcm", "zh", "vi", "en", "lrm", "rlm", "lre", "rle", "lro", "rlo", "pdi", "fsi",
    "lri", "rli", "zwj", "zwnj", "zwsp", "unicode", "mm", "pt", "in", "cc", "dd", "dpi", "cups", "ansi",
    "letter", "legal",  # paper sizes by their names
    "long",  # Pha Long, Hạ Long: Vietnamese place names
    "english",  # View ▸ Language names each language in itself: Tiếng Việt, 中文, English
}


def settle(rounds: int = 3) -> None:
    app = QApplication.instance()
    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone(30_000)
        app.processEvents(QEventLoop.AllEvents, 50)


def english_words() -> set[str]:
    """Words of BorderDesk's and Qt's English strings that are not also Vietnamese words."""
    words: set[str] = set()
    with open(ROOT / "translations" / "borderdesk.pot", "rb") as f:
        for m in read_po(f):
            for text in (m.id if isinstance(m.id, (list, tuple)) else (m.id,)):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", " ", text or "")))
    ts = (ROOT / "translations" / "qt" / "qtbase_vi.ts").read_text(encoding="utf-8")
    for source in re.findall(r"<source>(.*?)</source>", ts, re.S):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"%\d|&\w+;", " ", source)))
    vietnamese: set[str] = set()
    with open(ROOT / "translations" / "vi" / "LC_MESSAGES" / "borderdesk.po", "rb") as f:
        for m in read_po(f):
            for text in (m.string if isinstance(m.string, (list, tuple)) else (m.string,)):
                vietnamese.update(w.lower() for w in re.findall(r"\w+", text or ""))
    return words - vietnamese - ALLOWED


def english_in(text: str, vocabulary: set[str]) -> list[str]:
    """Words of *text* that are English (mnemonics, placeholders and paths ignored)."""
    if text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[/\\]", text):
        return []  # a folder
    text = re.sub(r"(\w+[/\\])+\w*|\S+@\S+|\*\.\w+", " ", text)  # paths, addresses, file patterns
    text = re.sub(r"\b[0-9a-f]{4}( [0-9a-f]{4}){4}\b", " ", text)  # a key fingerprint ("54be" is no word)
    # whole words (Vietnamese letters included), so "cuối" is not read as the English "cu"
    return [w for w in re.findall(r"(?<!\w)[^\W\d_]+(?!\w)", text) if w.isascii() and len(w) > 1 and w.lower() in vocabulary]


def run_modal(open_it: Callable[[], object], look: Look, name: str) -> None:
    """Start a modal dialog with *open_it*, look at it while it runs, then close it."""
    seen = []

    def inspect() -> None:
        w = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if w is None:
            QTimer.singleShot(20, inspect)
            return
        settle(1)
        seen.append(w)
        look(name, w)
        if isinstance(w, QDialog):
            w.reject()
        else:
            w.close()

    QTimer.singleShot(0, inspect)
    open_it()
    assert seen, f"{name}: no dialog came up"


def _show(dialog: QWidget, look: Look, name: str) -> None:
    dialog.show()
    settle(1)
    look(name, dialog)
    dialog.close()
    dialog.deleteLater()


def walk(window, look: Look) -> None:
    """Every screen of *window* (a shown MainWindow over a database with records)."""
    from borderdesk.domain.kinds import KINDS
    from borderdesk.services import records

    for key in list(window.pages):
        page = window.show_page(key)
        settle()
        tabs = getattr(page, "tabs", None)
        if tabs is not None and hasattr(tabs, "count"):
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                settle()
                look(f"{key} tab {t + 1}", window)
            tabs.setCurrentIndex(0)
        else:
            look(key, window)
        if key in KINDS:
            page.new_record()
            settle()
            look(f"{key} new", window)
            rows = records.list_records(key, order="-date", limit=1)
            if rows:
                page.open_record(rows[0].uuid)
                settle()
                look(f"{key} form", window)
    for menu in window.menuBar().findChildren(type(window.file_menu)):
        menu.popup(window.mapToGlobal(window.rect().center()))
        settle(1)
        look(f"menu {menu.title()}", menu)
        menu.hide()
    walk_dialogs(window, look)


def walk_dialogs(window, look: Look) -> None:
    from borderdesk.ui.import_dialog import ImportDialog
    from borderdesk.ui.registry.merge_dialog import MergeDialog
    from borderdesk.ui.setup_wizard import SetupWizard
    from borderdesk.ui.sync.conflict_dialog import ConflictDialog
    from borderdesk.ui.sync.view import ExportDialog
    from borderdesk.ui.trust.backup_dialog import BackupDialog
    from borderdesk.ui.trust.login_dialog import ChangePasswordDialog, LoginDialog
    from borderdesk.ui.trust.users_dialog import AddUserDialog, UsersDialog

    for name, make in (("import", lambda: ImportDialog(window)), ("merge", lambda: MergeDialog(window)),
                       ("conflicts", lambda: ConflictDialog(window)), ("export bundle", lambda: ExportDialog([], window)),
                       ("backups", lambda: BackupDialog(window)), ("login", lambda: LoginDialog(window)),
                       ("password", lambda: ChangePasswordDialog("admin", window)),
                       ("users", lambda: UsersDialog(window)), ("add user", lambda: AddUserDialog(window))):
        _show(make(), look, name)
    with tempfile.TemporaryDirectory() as tmp:
        for page_id in range(4):  # the last one: the administrator and the recovery key
            wizard = SetupWizard(Path(tmp) / "new.sqlite")
            wizard.setStartId(page_id)
            wizard.restart()
            _show(wizard, look, f"setup page {page_id + 1}")
        # the login that unlocks an encrypted database, and the way in with its recovery key
        from borderdesk.ui.trust.login_dialog import RecoveryDialog

        _show(LoginDialog(window, path=Path(tmp) / "locked.sqlite"), look, "unlock")
        _show(RecoveryDialog(Path(tmp) / "locked.sqlite", None, window), look, "recovery key")

    # the question before unsaved changes are left
    page = window.show_page("hotline_call")
    page.new_record()
    form = page.form
    ask = form.ask_unsaved
    form.ask_unsaved = form._ask_unsaved
    form.editors["subject_vi"].input_for("subject_vi").setText("Trao đổi")
    form._on_edited()
    run_modal(form.maybe_leave, look, "unsaved changes")
    form.ask_unsaved = ask
    form.revert()

    run_modal(window.about, look, "about")
    # Qt's own dialogs, as the desk opens them
    for buttons, name in ((QMessageBox.Yes | QMessageBox.No, "yes/no"),
                          (QMessageBox.Ok | QMessageBox.Cancel | QMessageBox.Close, "ok/cancel/close")):
        box = QMessageBox(QMessageBox.Question, "BorderDesk", "…", buttons, window)
        run_modal(box.exec, look, f"message box {name}")
    box = QDialog(window)
    QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Close, box)
    _show(box, look, "button box")
    dialog = QFileDialog(window)
    dialog.setOption(QFileDialog.DontUseNativeDialog)  # Qt's own, as on Linux without a desktop's dialog
    dialog.resize(800, 500)
    _show(dialog, look, "file dialog")
    dialog = QFileDialog(window)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptSave)
    dialog.resize(800, 500)
    _show(dialog, look, "file dialog (save)")
    printer = QPrinter()
    _show(QPrintDialog(printer, window), look, "print dialog")
    for editor in (QLineEdit(window), QPlainTextEdit(window)):
        menu = editor.createStandardContextMenu()
        menu.popup(window.mapToGlobal(window.rect().center()))
        settle(1)
        look(f"context menu of {type(editor).__name__}", menu)
        menu.close()
        editor.deleteLater()
