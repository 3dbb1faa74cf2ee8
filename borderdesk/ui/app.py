"""The desktop application's entry point: open the database, set up a new post, show the desk."""
from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication


def create_main_window(parent=None):
    """The main window over the open database (tests and the screenshots command use this)."""
    from borderdesk.ui.main_window import MainWindow

    return MainWindow(parent)


def _open_desk(app: QApplication, db_path: str | None, lang: str | None) -> bool:
    """Fonts, language, the database with its post (the setup assistant on a first run)."""
    from borderdesk.ui.desk_db import open_existing

    if open_existing(app, db_path, lang):
        return True
    from borderdesk.ui.setup_wizard import run_setup_if_needed

    return run_setup_if_needed(app, db_path, lang)


def _database_path(db_path: str | None):
    from borderdesk.ui.desk_db import database_path

    return database_path(db_path)


def display_problem(env=os.environ, platform: str = sys.platform) -> str | None:
    """Why no window can be shown here, or None. On Linux without a display Qt would abort
    with a misleading message about a missing xcb-cursor library; say what is really wrong."""
    if not platform.startswith(("linux", "freebsd", "openbsd")):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "")
    if qpa.startswith("wayland"):
        ready = bool(env.get("WAYLAND_DISPLAY"))
    elif qpa.startswith("xcb"):
        ready = bool(env.get("DISPLAY"))
    elif qpa:
        ready = True  # offscreen, vnc, eglfs …: Qt needs no display server
    else:
        ready = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if ready:
        return None
    from borderdesk.i18n import _

    return _("there is no display to show the window on (no DISPLAY or WAYLAND_DISPLAY): start "
             "BorderDesk from a desktop session, or under a virtual screen with "
             "'xvfb-run -a make run'; the command line works without a display "
             "('borderdesk --help').")


def main(db_path: str | None = None, lang: str | None = None) -> int:
    from borderdesk import i18n

    problem = display_problem()
    if problem:
        i18n.set_language(lang or i18n.system_language())
        print(f"borderdesk: {problem}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    window = open_desk(app, db_path, lang)
    if window is None:
        return 1
    probe = os.environ.get("BORDERDESK_START_PROBE")
    if probe:  # the start timed from inside (the frozen app's benchmark): see ui/start_probe.py
        from borderdesk.ui.start_probe import StartProbe

        StartProbe(window, probe)
    code = app.exec()
    from borderdesk.ui.worker import wait_for_all

    wait_for_all()  # a reader still running (the dashboard's figures) ends before the interpreter does
    return code


def open_desk(app: QApplication, db_path: str | None = None, lang: str | None = None):
    """Everything before the event loop, in the order the officer sees it; the shown window, or None.

    Argon2, cryptography, the trust screens, the setup assistant (on a first run only),
    reportlab and openpyxl load when first needed. ``benchmarks/gui_start.py`` times this
    very function.
    """
    from borderdesk.store.drivers import import_peewee

    import_peewee()  # before anything else imports it: no PostgreSQL driver to open a file
    app.setOrganizationName("BorderDesk")
    app.setApplicationName("BorderDesk")
    from PySide6.QtGui import QIcon

    from borderdesk.resources import get_asset

    app.setWindowIcon(QIcon(str(get_asset("icons", "borderdesk.png"))))
    from borderdesk import i18n
    from borderdesk.ui.style import apply_style

    apply_style(app)
    from borderdesk.ui import language
    from borderdesk.ui.trust import startup

    language.apply_language(lang or language.saved_language() or i18n.system_language())
    # One instance per database and a sound file (else the way back to a good backup) …
    from borderdesk.domain.errors import SetupError

    try:
        path = _database_path(db_path)
    except SetupError as exc:  # --db mysql://…: refused in one line, in a box too
        print(f"borderdesk: {exc}", file=sys.stderr)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "BorderDesk", str(exc))
        return None
    if not startup.check_before_open(path, defer_large=True):
        return None
    if not _open_desk(app, db_path, lang):
        return None
    # … then the login when the database has accounts, and backups at exit and daily.
    if not startup.log_in():
        return None
    startup.schedule_backups(app)
    startup.install_error_messages()

    window = create_main_window()
    window.show()
    startup.check_in_background(path, window)  # a large file's integrity check, once the window is up
    from PySide6.QtCore import QTimer

    from borderdesk.ui.translation_memory import START_AFTER_MS, build_in_background

    # the first time after its migration (minutes on a million records), once the window has its figures
    QTimer.singleShot(START_AFTER_MS, window, lambda: window.isVisible() and build_in_background(window))
    return window
