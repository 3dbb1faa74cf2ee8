"""Slow work off the GUI thread: the one helper every screen uses.

``run_in_background(fn, on_success, on_error, on_progress)`` runs
``fn(progress)`` on Qt's global thread pool. ``progress(done, total, text)``
may be called from the worker; it returns False once the user cancelled, and
the worker should then stop (raising :class:`Cancelled` is the usual way).
Callbacks run on the GUI thread through queued signals; the worker never
touches widgets. With ``parent`` given, a modal progress dialog with a Cancel
button is shown while the work runs.

peewee keeps one SQLite connection per thread, so the worker gets its own
connection to the same file; WAL lets the GUI keep reading meanwhile.
"""
from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from borderdesk.i18n import _


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class _Signals(QObject):
    success = Signal(object)
    failure = Signal(object, str)
    progress = Signal(int, int, str)


class Job(QRunnable):
    def __init__(self, fn: Callable[[Callable[..., bool]], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancel_event = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_event.set()

    def _progress(self, done: int = 0, total: int = 0, text: str = "") -> bool:
        self.signals.progress.emit(int(done), int(total), str(text))
        return not self.cancel_event.is_set()

    @Slot()
    def run(self) -> None:
        from borderdesk.store.models import DB

        try:
            result = self.fn(self._progress)
        except Cancelled as exc:
            self.signals.failure.emit(exc, "")
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            self.signals.failure.emit(exc, traceback.format_exc())
        else:
            self.signals.success.emit(result)
        finally:
            try:  # close this worker thread's own connection
                if DB.obj is not None and not DB.is_closed():
                    DB.close()
            except Exception:  # noqa: BLE001
                pass


_running: set[Job] = set()


def run_in_background(
    fn: Callable[[Callable[..., bool]], Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    *,
    parent: QWidget | None = None,
    title: str | None = None,
) -> Job:
    """Start *fn* on the thread pool; returns the job (``job.cancel()`` asks it to stop)."""
    job = Job(fn)
    dialog = None
    if parent is not None:
        dialog = QProgressDialog(title or _("Working…"), _("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)

    def finish() -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
            dialog.close()
            dialog.deleteLater()

    def ok(result) -> None:
        finish()
        if on_success:
            on_success(result)

    def bad(exc, tb: str) -> None:
        finish()
        if isinstance(exc, Cancelled):
            return
        if on_error:
            on_error(exc)

    def prog(done: int, total: int, text: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if text:
                dialog.setLabelText(text)
        if on_progress:
            on_progress(done, total, text)

    job.signals.success.connect(ok, Qt.QueuedConnection)
    job.signals.failure.connect(bad, Qt.QueuedConnection)
    job.signals.progress.connect(prog, Qt.QueuedConnection)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


def wait_for_all(timeout_ms: int = 30000) -> bool:
    """Block until background jobs finish (at exit, and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
