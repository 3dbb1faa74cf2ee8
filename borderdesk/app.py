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
from borderdesk.store import connection, migrations, target
from borderdesk.sync.restore import carry_forward
from borderdesk.trust import audit, backup, encryption


def database_target(value: str | os.PathLike) -> target.Target:
    """What a ``--db`` value (or the desk's "open database" box) names: a file or a PostgreSQL URL;
    another URL scheme is refused in one line (it would become a folder named ``mysql:``)."""
    try:
        return target.parse(value)
    except target.UnsupportedScheme as exc:
        raise SetupError(_("{scheme}:// databases are not supported: give a file path, or "
                           "postgresql://USER@HOST:PORT/NAME for a headquarters' server").format(scheme=exc.scheme)
                         ) from None
    except target.BadServerUrl:
        raise SetupError(_("a PostgreSQL address names its database: postgresql://USER@HOST:PORT/NAME")) from None


def open_database(path: str | os.PathLike | target.ServerUrl, migrate: bool = True) -> pw.Database:
    """Open *path* (a SQLCipher file when it is one, a PostgreSQL database for a ``postgresql://``
    URL), migrate it, and wire the listeners."""
    path = database_target(path)
    audit.install()
    changes.add_guard(sync.only_its_writers)
    backup.add_on_restore(carry_forward)
    try:
        db = connection.init_db(path, migrate=migrate, opener=encryption.opener)
    except server_errors(path) as exc:  # unreachable, login refused, no right to create the schema …
        connection.close_db()
        raise SetupError(_("cannot open the PostgreSQL database {url}: {error}").format(
            url=path, error=" ".join(str(exc).strip().splitlines()[0].split())[:300])) from None
    except migrations.SchemaTooNew as exc:
        connection.close_db()
        raise SetupError(_("this database was made by a newer BorderDesk (schema {found}, this one knows {known})")
                         .format(found=exc.found, known=exc.known)) from None
    if migrate:
        indexing.rebuild_if_pending(db)
        memory.catch_up()  # a memory not built yet is built by the desk (in the background) or `suggest`
    memory.install()
    return db


def server_errors(path) -> tuple:
    """Opening a server database: one that cannot be reached, refuses the login, gives no right to
    make the schema, or cannot hold BorderDesk's texts (a file's errors are told by the callers)."""
    if not isinstance(path, target.ServerUrl):
        return ()
    from borderdesk.store.postgres import UnsuitableServer

    return (pw.DatabaseError, pw.InterfaceError, UnsuitableServer)


def setup_site(post: dict, officer: dict | None = None, then: Callable[[], object] | None = None):
    """Give the open database its identity (and its officer), with the site's sync key pairs; *then*
    runs in the same transaction (the setup assistant's first administrator)."""
    def made() -> None:
        from borderdesk.sync import keys  # cryptography: not needed to open a database

        keys.ensure_site_keys()
        if then is not None:
            then()

    return site.setup(post, officer, then=made)
