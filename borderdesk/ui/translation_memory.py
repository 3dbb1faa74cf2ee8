"""The translation memory built in the background the first time the desk opens a database after its migration.

On a million records the first build takes minutes: the desk opens at once, the
officer works, the status bar says how far the build has got, and a suggestion asked
meanwhile says the same (:class:`~borderdesk.services.translation.memory.NotReady`).
Closing the desk stops the build after its current chunk; it goes on at the next start.
"""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from borderdesk.i18n import _
from borderdesk.services.translation import build, memory
from borderdesk.ui.worker import Job, run_in_background


#: the desk starts the build this long after its window is shown (its first paint and figures go first)
START_AFTER_MS = 5_000


def build_in_background(window) -> Job | None:
    """Start the build when the open database's memory is not complete; None when there is nothing to do.

    *window* has ``say(text, timeout)`` (the main window's status line).
    """
    if memory.is_built():
        return None
    shown = [-1]

    def work(progress) -> bool:
        return build.build(lambda done, total: progress(done, total, ""))

    def moved(done: int, total: int, _text: str) -> None:
        pct = min(99, done * 100 // total) if total else 0
        if pct != shown[0]:
            shown[0] = pct
            window.say(lambda: _("Building the translation memory: {percent} %").format(percent=pct), 0)

    def finished(complete: bool) -> None:
        if complete:
            window.say(lambda: _("The translation memory is ready."), 5000)

    def failed(exc: BaseException) -> None:
        window.say(lambda: _("The translation memory could not be built: {error}").format(error=exc), 0)

    job = run_in_background(work, finished, failed, moved)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(job.cancel)  # stops after the chunk under way; the next start goes on
    return job
