"""What the desk does around the database before and after the main window.

Before: one instance per database (a second one is told so), ``quick_check``
with the way back to the latest good backup when it fails, and the login when
the database has accounts. After: a backup at exit, and the daily one.
"""
from __future__ import annotations

from pathlib import Path

import peewee as pw
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import session
from borderdesk.app import open_database
from borderdesk.store.connection import close_db, is_server
from borderdesk.store.target import ServerUrl
from borderdesk.trust import accounts, backup, safety


def _offer_restore(parent: QWidget | None, path: Path, detail: str) -> bool:
    """The database is damaged: offer the newest good backup. True once a backup is in place."""
    good = safety.latest_good_backup(path)
    if good is None:
        QMessageBox.critical(parent, "BorderDesk", _(
            "The database {path} is damaged ({detail}) and no good backup was found next to it.\n"
            "Copy the file somewhere safe and ask for help; do not delete it.").format(path=path, detail=detail))
        return False
    box = QMessageBox(QMessageBox.Critical, "BorderDesk", _(
        "The database {path} is damaged ({detail}).\n\nThe latest good backup is {backup}.\n"
        "Restore it? The damaged file is kept aside, never deleted.").format(path=path, detail=detail, backup=good.name),
        QMessageBox.Yes | QMessageBox.No, parent)
    if box.exec() != QMessageBox.Yes:
        return False
    close_db()
    safety.restore_file_over(path, good)
    return True


#: A file larger than this is checked after the window is shown, on a worker thread:
#: ``PRAGMA quick_check`` reads every page, about 3 minutes for the 3 GB of a million
#: records on a busy 2-core machine (under a second below this size).
CHECK_AFTER_SHOWN_ABOVE = 256 * 1024 * 1024
_deferred: dict[str, Path] = {}


def _open_checked(path: Path, parent: QWidget | None, defer_large: bool = False) -> bool:
    for _attempt in range(2):
        try:
            db = open_database(path)
            if defer_large and path.stat().st_size > CHECK_AFTER_SHOWN_ABOVE:
                _deferred["path"] = path
                return True
            verdict = safety.quick_check(db)
        except BorderDeskError as exc:  # a key file that does not fit
            QMessageBox.critical(parent, "BorderDesk", str(exc))
            return False
        except pw.DatabaseError as exc:
            message = safety.explain(exc)
            if message and "damaged" not in message:
                QMessageBox.critical(parent, "BorderDesk", message)
                return False
            verdict = str(exc)
        if verdict == "ok":
            return True
        if not _offer_restore(parent, path, verdict):
            return False
    return False


def check_before_open(path: str | Path, defer_large: bool = False) -> bool:
    """Before the desk opens *path*: one instance per database, and a sound file (or a good backup put back).

    ``defer_large``: a file above :data:`CHECK_AFTER_SHOWN_ABOVE` is only opened here;
    :func:`check_in_background` checks it once the window is shown.
    """
    if isinstance(path, ServerUrl):  # several analysts at once: the server's own locks, no lock file
        return _open_server(path)
    path = Path(path)
    try:
        safety.acquire_instance_lock(path)
    except safety.AlreadyOpen as exc:
        QMessageBox.warning(None, "BorderDesk", str(exc))
        return False
    except OSError as exc:
        QMessageBox.critical(None, "BorderDesk", safety.explain(exc) or str(exc))
        return False
    if not path.exists():
        return True  # a first run: the setup assistant makes it
    from borderdesk.trust import encryption

    if encryption.is_encrypted(path) and encryption.key_for(path) is None:
        return unlock(path)  # the unlocked database is checked in full
    return _open_checked(path, None, defer_large)


def _open_server(url: ServerUrl) -> bool:
    """A headquarters' server database: opened (its schema made on the first open), or why not in one box.
    The server keeps its own storage sound; there is no file to check or put back."""
    try:
        open_database(url)
    except BorderDeskError as exc:  # unreachable, login refused, not a UTF-8 database …
        QMessageBox.critical(None, "BorderDesk", str(exc))
        return False
    if not session.has_site():
        QMessageBox.information(None, "BorderDesk", _(
            "{url} has no headquarters yet: create it with 'borderdesk --db {url} init --code CODE --name NAME "
            "--headquarters', or move one onto it with 'borderdesk --db FILE migrate-to {url}'.").format(url=url))
        return False
    return True


def check_in_background(path: str | Path, window: QWidget) -> None:
    """The integrity check :func:`check_before_open` left for later, on a worker thread. A damaged
    file closes the desk with the way back to the latest good backup, as at start."""
    if isinstance(path, ServerUrl):
        return
    path = Path(path)
    if _deferred.pop("path", None) != path:
        return
    from borderdesk.store.models import DB
    from borderdesk.ui.worker import run_in_background

    def damaged(verdict: str) -> None:
        if verdict == "ok":
            return
        close_db()
        if _offer_restore(window, path, verdict):
            QMessageBox.information(window, "BorderDesk", _("The backup is back in place. Start BorderDesk again."))
        window.close()
        QApplication.instance().quit()

    def failed(exc: BaseException) -> None:
        damaged(safety.explain(exc) or str(exc))

    run_in_background(lambda _progress: safety.quick_check(DB), damaged, failed)


def unlock(path: Path, parent: QWidget | None = None) -> bool:
    """An encrypted database: the login dialog unwraps its key, opens it and logs the user in."""
    from borderdesk.ui.trust.login_dialog import LoginDialog

    dialog = LoginDialog(parent, path=path, open_database=lambda: _open_checked(path, dialog))
    return bool(dialog.exec())


def log_in(parent: QWidget | None = None) -> bool:
    """The login dialog when the open database has accounts (unless the unlock logged in). False if the
    user gave up."""
    if not accounts.has_accounts() or accounts.current_user() is not None:
        return True
    from borderdesk.ui.trust.login_dialog import LoginDialog

    return bool(LoginDialog(parent).exec())


def schedule_backups(app: QApplication) -> None:
    """A backup when the desk closes, and the daily one a little after it opens."""

    if is_server():  # a server's backups are its administrator's (pg_dump on its schedule)
        return

    def at_exit() -> None:
        if not session.has_site():
            return
        try:
            backup.auto_backup("exit")
        except BorderDeskError:
            pass  # a full disk must not keep the desk from closing; the next start tries again

    def daily() -> None:
        from borderdesk.ui.worker import run_in_background

        if session.has_site() and backup.daily_backup_due():
            run_in_background(lambda _progress: backup.auto_backup("daily"), None, lambda _exc: None)

    app.aboutToQuit.connect(at_exit)
    QTimer.singleShot(30_000, daily)


def install_error_messages() -> None:
    """A full disk, a read-only folder, a locked database: one clear message box, never a silent traceback.

    Qt slots that fail only print to stderr, which nobody sees on a desktop. What
    failed was one transaction, rolled back: the form keeps what was typed, so
    the user can free space or close the other program and save again.
    """
    import sys

    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        message = safety.explain(exc) if isinstance(exc, Exception) else None
        if message and QApplication.instance() is not None:
            QMessageBox.critical(QApplication.activeWindow(), "BorderDesk", message)
            return
        previous(kind, exc, tb)

    sys.excepthook = hook
