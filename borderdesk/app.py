"""Where the layers are wired together: opening a database and making a site.

Nothing in BorderDesk starts working because a module was imported. Opening a
database here (the command line, the desk, the screenshots and the tests all
do) brings its schema up to date, rebuilds the search index once if a
migration asked for it, catches the translation memory up (its first build is the desk's or `suggest`'s),
and installs the audit listener, the sync's guard on changes, its step after a
restored backup and the translation memory's hook, by calling each.
Making a site makes its sync key pairs in the same transaction.
"""
from __future__ import annotations

import os
from typing import Callable

import peewee as pw

from borderdesk import sync
from borderdesk.services import changes, indexing, site
from borderdesk.services.translation import memory
from borderdesk.domain.errors import SetupError
from borderdesk.i18n import _
from borderdesk.store import connection, migrations
from borderdesk.sync.restore import carry_forward
from borderdesk.trust import audit, backup, encryption


def open_database(path: str | os.PathLike, migrate: bool = True) -> pw.SqliteDatabase:
    """Open *path* (a SQLCipher file when it is one), migrate it, and wire the listeners."""
    audit.install()
    changes.add_guard(sync.only_its_writers)
    backup.add_on_restore(carry_forward)
    try:
        db = connection.init_db(path, migrate=migrate, opener=encryption.opener)
    except migrations.SchemaTooNew as exc:
        connection.close_db()
        raise SetupError(_("this database was made by a newer BorderDesk (schema {found}, this one knows {known})")
                         .format(found=exc.found, known=exc.known)) from None
    if migrate:
        indexing.rebuild_if_pending(db)
        memory.catch_up()  # a memory not built yet is built by the desk (in the background) or `suggest`
    memory.install()
    return db


def setup_site(post: dict, officer: dict | None = None, then: Callable[[], object] | None = None):
    """Give the open database its identity (and its officer), with the site's sync key pairs; *then*
    runs in the same transaction (the setup assistant's first administrator)."""
    def made() -> None:
        from borderdesk.sync import keys  # cryptography: not needed to open a database

        keys.ensure_site_keys()
        if then is not None:
            then()

    return site.setup(post, officer, then=made)
