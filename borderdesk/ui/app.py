"""The desktop application's entry point: open the database, set up a new post, show the desk."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from borderdesk import i18n
from borderdesk.services import session
from borderdesk.store.connection import default_db_path, init_db
from borderdesk.ui import language


def create_main_window(parent=None):
    """The main window over the open database (tests and the screenshots command use this)."""
    from borderdesk.ui.main_window import MainWindow

    return MainWindow(parent)


def _setup_site(app: QApplication) -> bool:
    """A database without a post: the setup assistant asks for one. False if the user gave up."""
    try:
        from borderdesk.ui.setup_wizard import SetupWizard
    except ImportError:
        QMessageBox.information(None, "BorderDesk", i18n._(
            "This database has no post yet. Set it up with: borderdesk init --code CODE --name NAME"))
        return False
    wizard = SetupWizard()
    return bool(wizard.exec()) and session.has_site()


def main(db_path: str | None = None, lang: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("BorderDesk")
    app.setApplicationName("BorderDesk")
    language.apply_language(lang or language.saved_language() or i18n.system_language())
    init_db(db_path or default_db_path())
    session.open_session()
    if not session.has_site() and not _setup_site(app):
        return 1
    window = create_main_window()
    window.show()
    return app.exec()
