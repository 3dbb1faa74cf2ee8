"""Optional at-rest encryption of the database with SQLCipher (``sqlcipher3``) through peewee.

A database made with ``borderdesk init --encrypt`` is a SQLCipher file
(AES-256, every page authenticated): without the passphrase it is random
bytes. The passphrase comes from ``BORDERDESK_DB_KEY`` (the command line, and
the desk, which otherwise asks for it). Backups of an encrypted database are
encrypted with the same passphrase. A plain database stays plain: nothing
here changes how it is opened.

``sqlcipher3`` is an optional dependency: ``sqlcipher3-binary`` has wheels
for Linux, ``sqlcipher3-wheels`` for Windows and macOS; both provide the
``sqlcipher3`` module that ``playhouse.sqlcipher_ext`` imports.
"""
from __future__ import annotations

import os
from pathlib import Path

import peewee as pw

from borderdesk.domain.errors import SetupError
from borderdesk.i18n import _

ENV_KEY = "BORDERDESK_DB_KEY"
SQLITE_HEADER = b"SQLite format 3\x00"
MIN_KEY = 8
_state = {"encrypt_new": False, "key": None}


def is_encrypted(path: str | os.PathLike) -> bool:
    """A non-empty file that does not start with SQLite's header: a SQLCipher database."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_HEADER


def available() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def request_encryption(on: bool = True) -> None:
    """The next database *created* in this process is encrypted (``init --encrypt``)."""
    _state["encrypt_new"] = on


def set_key(passphrase: str | None) -> None:
    """A passphrase given by the desk's dialog (the environment variable wins when set)."""
    _state["key"] = passphrase


def passphrase() -> str:
    key = os.environ.get(ENV_KEY) or _state["key"]
    if not key:
        raise SetupError(_("this database is encrypted: set {var} to its passphrase").format(var=ENV_KEY))
    if len(key) < MIN_KEY:
        raise SetupError(_("the passphrase in {var} needs at least {n} characters").format(var=ENV_KEY, n=MIN_KEY))
    return key


def wanted(path: str | os.PathLike) -> bool:
    p = Path(path)
    new = not p.exists() or p.stat().st_size == 0
    return is_encrypted(p) or (new and _state["encrypt_new"])


def opener(path: Path, pragmas: dict) -> pw.SqliteDatabase | None:
    """The store's opener: a SQLCipher database for a SQLCipher file (or a new one made by
    'init --encrypt'), None for a plain file."""
    return open_encrypted(path, pragmas) if wanted(path) else None


def _require_module() -> None:
    if not available():
        raise SetupError(_(
            "encryption needs the sqlcipher3 module: pip install sqlcipher3-binary (Linux) or sqlcipher3-wheels "
            "(Windows, macOS)"))


def open_encrypted(path: str | os.PathLike, pragmas: dict) -> pw.SqliteDatabase:
    """A peewee database over the SQLCipher file *path*; a wrong passphrase is one clear error."""
    _require_module()
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class _Quiet(SqlCipherDatabase):
        def _connect(self):
            import sqlcipher3

            params = dict(self.connect_params)
            key = params.pop("passphrase", "")
            conn = sqlcipher3.connect(self.database, isolation_level=None, **params)
            try:
                # SQLCipher logs a failed page check on stderr: the user gets our one line instead.
                conn.execute("PRAGMA cipher_log_level = NONE")
                conn.execute("PRAGMA key = '%s'" % key.replace("'", "''"))
                self._add_conn_hooks(conn)
            except BaseException:
                conn.close()
                raise
            return conn

    from borderdesk.store.connection import LOCK_TYPE

    db = _Quiet(str(path), passphrase=passphrase(), pragmas=pragmas, check_same_thread=False, lock_type=LOCK_TYPE)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except pw.DatabaseError:
        db.close()
        raise SetupError(_("the passphrase in {var} does not open this encrypted database").format(var=ENV_KEY)) from None
    db.close()
    return db


def connect_file(path: str | os.PathLike, *, read_only: bool = False, encrypted: bool | None = None):
    """A DB-API connection to a database file (a backup), SQLCipher when the file is encrypted."""
    import sqlite3

    p = Path(path)
    if encrypted is None:
        encrypted = is_encrypted(p)
    uri = f"{p.resolve().as_uri()}?mode=ro" if read_only else str(p)
    if not encrypted:
        return sqlite3.connect(uri, uri=read_only)
    _require_module()
    import sqlcipher3

    con = sqlcipher3.connect(uri, uri=read_only)
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute("PRAGMA key = '%s'" % passphrase().replace("'", "''"))
    return con


def database_is_encrypted(db) -> bool:
    """Is the open peewee database a SQLCipher one?"""
    return type(db).__module__ != "peewee" and "SqlCipher" in "".join(c.__name__ for c in type(db).__mro__)


def change_passphrase(new: str) -> None:
    """Re-encrypt the open database under *new* (administrators: the ``keys`` permission).

    Backups made before keep the old passphrase: the caller makes a fresh one.
    """
    from borderdesk.services import events
    from borderdesk.store.models import DB
    from borderdesk.trust import accounts

    accounts.require("keys")
    if not database_is_encrypted(DB.obj):
        raise SetupError(_("this database is not encrypted; make an encrypted one with 'init --encrypt'"))
    if not new or len(new) < MIN_KEY:
        raise SetupError(_("a passphrase needs at least {n} characters").format(n=MIN_KEY))
    DB.obj.rekey(new)
    _state["key"] = new
    os.environ[ENV_KEY] = new  # this process goes on with the new one (worker threads connect again)
    with DB.atomic():
        events.emit(events.Change("update", "database", detail="passphrase changed"))
