"""Words for storage errors: SQLite's and the OS's failures told in one sentence a user can act on."""
from __future__ import annotations

import errno
import sqlite3

import peewee as pw

from borderdesk.i18n import _


def explain(exc: BaseException) -> str | None:
    """One sentence for a storage error a user can act on, or None if it is not one of those."""
    # SQLite rolls a transaction back by itself on a full disk; peewee's own rollback then
    # fails with "no transaction is active" and hides the real cause in __context__.
    seen = 0
    while "cannot rollback" in str(exc).lower() and exc.__context__ is not None and seen < 5:
        exc, seen = exc.__context__, seen + 1
    text = str(exc).lower()
    err = getattr(exc, "errno", None)
    if "disk is full" in text or err == errno.ENOSPC:
        return _("the disk is full: nothing was saved and nothing was lost; free some space and try again")
    if "readonly" in text or "read-only" in text or err in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _("the database's folder is read-only: nothing was saved; move the database to a folder you can write to")
    if "database is locked" in text or "database table is locked" in text:
        return _("the database is busy in another program: nothing was saved; close it and try again")
    if "disk i/o error" in text or err == errno.EIO:
        return _("the disk could not be read or written (a USB stick pulled out?): nothing was saved")
    if "unable to open database" in text:
        return _("the database file cannot be opened: check that its folder exists and can be written to")
    if "not a database" in text or "malformed" in text:
        return _("the database file is damaged: restore the latest backup (borderdesk restore FILE)")
    return None


def is_storage_error(exc: BaseException) -> bool:
    return isinstance(exc, (sqlite3.Error, pw.DatabaseError, OSError)) and explain(exc) is not None
