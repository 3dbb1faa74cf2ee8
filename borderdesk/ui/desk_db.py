"""Which database the desk opens, and opening it when it is already set up.

Kept apart from the setup assistant (a wizard of forms and registry services) so an
ordinary start, on a database that has its post, imports none of it.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from borderdesk import i18n
from borderdesk.services import session
from borderdesk.store.connection import default_db_path
from borderdesk.domain.errors import SetupError
from borderdesk.store.models import DB
from borderdesk.store.target import ServerUrl
from borderdesk.ui import language
from borderdesk.ui import settings as ui_settings

#: the settings key of the database used last
DATABASE_KEY = "database"


def database_path(explicit: str | Path | None = None) -> Path | ServerUrl:
    """The database to open: the one named on the command line, else the remembered one, else the default.
    A ``postgresql://`` URL names a headquarters' server database (another scheme raises ``SetupError``)."""
    from borderdesk.app import database_target

    if explicit or os.environ.get("BORDERDESK_DB"):
        return database_target(explicit or os.environ["BORDERDESK_DB"])
    remembered = str(ui_settings.value(DATABASE_KEY, "") or "")
    if remembered:
        try:
            found = database_target(remembered)
        except SetupError:
            found = None  # a settings file edited by hand: the default instead
        if isinstance(found, ServerUrl) or (found is not None and found.exists()):
            return found
    return default_db_path()


def is_open(path: Path | ServerUrl) -> bool:
    current = getattr(DB.obj, "database", None)
    wanted = path.url if isinstance(path, ServerUrl) else str(path)
    return current == wanted and not DB.is_closed()


def open_database(path: Path | ServerUrl) -> None:
    """Open *path* (created and migrated if new) and load its site identity."""
    if not is_open(path):
        from borderdesk import app as wiring  # the listeners and guards every opening installs

        wiring.open_database(path)
    session.open_session()


def open_existing(app: QApplication, db_path: str | Path | None = None, lang: str | None = None) -> bool:
    """Fonts and language, then the database when it exists and has its post (True); False: the
    setup assistant has to run."""
    from borderdesk.ui.fonts import install_fonts

    install_fonts(app)
    language.apply_language(lang or language.saved_language() or i18n.system_language())
    path = database_path(db_path)
    server = isinstance(path, ServerUrl)
    if server or path.exists():
        open_database(path)
        if session.has_site():
            ui_settings.set_value(DATABASE_KEY, path.url if server else str(path))
            return True
    return False
