"""The database encrypted at rest (SQLCipher 4 through ``sqlcipher3``), unlocked by the officers' logins.

A new database is encrypted unless asked otherwise (``init --no-encryption``).
Its key is random and never typed: :mod:`borderdesk.trust.keyslots` keeps it
wrapped once per account in ``<database>.keys``, and derives it from the
recovery key shown once at set-up. This module holds the keys this process
has unlocked, opens the SQLCipher file with the raw key (no passphrase
stretching at each connection: the Argon2id of the slot is the cost), and
keeps the key file in step when accounts change.

A plain database (made with ``--no-encryption``, before this existed, and the
tests' in-process fixtures) opens as before; ``borderdesk encrypt`` converts one.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import peewee as pw

from borderdesk.domain.errors import SetupError
from borderdesk.i18n import _
from borderdesk.trust import keyslots

ENV_RECOVERY = "BORDERDESK_RECOVERY_KEY"
SQLITE_HEADER = b"SQLite format 3\x00"
_keys: dict[str, bytes] = {}  # resolved database path -> its key, for the databases this process unlocked
_recovered: set[str] = set()  # the databases opened with their recovery key (an administrator may be named)


def _id(path: str | os.PathLike) -> str:
    return str(Path(path).resolve())


def is_encrypted(path: str | os.PathLike) -> bool:
    """A non-empty file that does not start with SQLite's header: a SQLCipher database."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_HEADER


def remember(path: str | os.PathLike, key: bytes) -> None:
    _keys[_id(path)] = key


def key_for(path: str | os.PathLike) -> bytes | None:
    return _keys.get(_id(path))


def known_keys() -> list[bytes]:
    """Every key this process unlocked (a backup of a database opened here opens with its key)."""
    return list(dict.fromkeys(_keys.values()))


def forget(path: str | os.PathLike | None = None) -> None:
    """Drop the key of *path* (all keys when None): that database has to be unlocked again."""
    if path is None:
        _keys.clear()
        _recovered.clear()
    else:
        _keys.pop(_id(path), None)
        _recovered.discard(_id(path))


def wanted(path: str | os.PathLike) -> bool:
    """Open *path* with SQLCipher: it is encrypted, or it is new and was prepared by :func:`prepare_new`."""
    p = Path(path)
    new = not p.exists() or p.stat().st_size == 0
    return is_encrypted(p) or (new and key_for(p) is not None)


def opener(path: Path, pragmas: dict) -> pw.SqliteDatabase | None:
    """The store's opener (``borderdesk.app`` passes it to ``init_db``): a SQLCipher database for an
    encrypted file (or a new one prepared by :func:`prepare_new`), None for a plain file."""
    return open_encrypted(path, pragmas) if wanted(path) else None


def prepare_new(path: str | os.PathLike, recovery: bytes | None = None) -> bytes:
    """Make the key and key file of a database about to be created at *path* (from *recovery*, else a new
    recovery key); returns the recovery key.

    The next :func:`borderdesk.store.connection.init_db` of *path* creates it encrypted.
    """
    p = Path(path)
    if p.exists() and p.stat().st_size > 0:
        raise SetupError(_("{path} exists already").format(path=p))
    recovery = recovery or keyslots.new_recovery_key()
    key = keyslots.database_key(recovery)
    p.parent.mkdir(parents=True, exist_ok=True)
    keyslots.KeyFile.new(p, key).save()
    remember(p, key)
    return recovery


def discard_new(path: str | os.PathLike) -> None:
    """Remove what a creation that failed left behind (the file, its WAL, its key file)."""
    p = Path(path)
    for side in (p, Path(str(p) + "-wal"), Path(str(p) + "-shm"), keyslots.header_path(p)):
        if side.exists():
            side.unlink()
    forget(p)


def _hex(key: bytes) -> str:
    return "x'%s'" % key.hex()


def _key_pragma(conn, key: bytes) -> None:
    # SQLCipher logs a failed page check on stderr: the user gets our one line instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute('PRAGMA key = "%s"' % _hex(key))  # a raw 256-bit key: no passphrase stretching


def open_encrypted(path: str | os.PathLike, pragmas: dict) -> pw.SqliteDatabase:
    """A peewee database over the SQLCipher file *path*, with the key this process unlocked."""
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    from borderdesk.store.connection import LOCK_TYPE

    key = key_for(path)
    if key is None:
        raise SetupError(_("{path} is encrypted: log in to open it").format(path=path))

    class _Keyed(SqlCipherDatabase):
        def _connect(self):
            import sqlcipher3

            conn = sqlcipher3.connect(self.database, isolation_level=None, check_same_thread=False)
            try:
                _key_pragma(conn, key)
                self._add_conn_hooks(conn)
            except BaseException:
                conn.close()
                raise
            return conn

    db = _Keyed(str(path), passphrase="unused", pragmas=pragmas, lock_type=LOCK_TYPE)
    try:
        db.connect()
        # The key file's check said the key is right: a refusal here is a damaged (or replaced) file,
        # which the caller tells as such, with the backup to restore.
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        db.close()
    return db


def connect_file(path: str | os.PathLike, *, key: bytes | None = None, read_only: bool = False):
    """A DB-API connection to a database file (a backup): SQLCipher with *key* when given, else plain."""
    import sqlite3

    p = Path(path)
    uri = f"{p.resolve().as_uri()}?mode=ro" if read_only else str(p)
    if key is None:
        return sqlite3.connect(uri, uri=read_only)
    import sqlcipher3

    con = sqlcipher3.connect(uri, uri=read_only)
    _key_pragma(con, key)
    return con


def opens(path: str | os.PathLike, key: bytes) -> bool:
    """Does *key* open the SQLCipher file *path*?"""
    import sqlcipher3

    con = connect_file(path, key=key, read_only=True)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        con.close()


# --- the older scheme: one passphrase, no key slots (``borderdesk encrypt --from-passphrase`` converts) ----

#: where the older ``init --encrypt`` read its passphrase from (``encrypt --from-passphrase`` does too)
ENV_OLD_PASSPHRASE = "BORDERDESK_DB_KEY"


def passphrase_pragma(conn, passphrase: str) -> None:
    """Exactly what the older BorderDesk did: SQLCipher 4's defaults, the passphrase stretched by SQLCipher
    itself (PBKDF2-HMAC-SHA512, its salt in the file's first 16 bytes)."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = '%s'" % (passphrase or "").replace("'", "''"))


def connect_with_passphrase(path: str | os.PathLike, passphrase: str, *, read_only: bool = True):
    """A connection to a file encrypted the older way; None when *passphrase* does not open it."""
    import sqlcipher3

    p = Path(path)
    uri = f"{p.resolve().as_uri()}?mode=ro" if read_only else str(p)
    con = sqlcipher3.connect(uri, uri=read_only)
    try:
        passphrase_pragma(con, passphrase)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        con.close()
        return None
    return con


def opens_with_passphrase(path: str | os.PathLike, passphrase: str) -> bool:
    con = connect_with_passphrase(path, passphrase)
    if con is None:
        return False
    con.close()
    return True


def damaged_plain(path: str | os.PathLike) -> bool:
    """Bytes 17–24 of a SQLite header (the 64/32/32 payload fractions) after a damaged beginning: a plain
    file whose first bytes were overwritten, not an encrypted one (SQLCipher encrypts all but the salt)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(24)
    except OSError:
        return False
    return len(head) == 24 and head[18] in (1, 2) and head[19] in (1, 2) and head[21:24] == b"\x40\x20\x20"


def without_key_file(path: str | os.PathLike) -> str:
    """The one line for an encrypted file with no key file beside it: an older passphrase database (say so
    for sure when ``BORDERDESK_DB_KEY`` opens it), or one whose key file was lost."""
    p = Path(path)
    old = os.environ.get(ENV_OLD_PASSPHRASE)
    if old and opens_with_passphrase(p, old):
        return _("{path} is encrypted with a passphrase, the way an older BorderDesk did ('init --encrypt'): "
                 "convert it to the officers' logins, keeping its data, with 'borderdesk --db {path} encrypt "
                 "--from-passphrase'").format(path=p)
    return _("{path} is encrypted but has no key file beside it: if an older BorderDesk encrypted it with a "
             "passphrase ('init --encrypt'), convert it with 'borderdesk --db {path} encrypt --from-passphrase'; "
             "if its key file {file} was lost, copy it back or open it with the recovery key "
             "('borderdesk --db {path} passphrase --recovery')").format(path=p, file=keyslots.header_path(p).name)


def database_is_encrypted(db) -> bool:
    """Is the open peewee database a SQLCipher one?"""
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    return isinstance(db, SqlCipherDatabase)


def current_path() -> Path | None:
    from borderdesk.store.models import DB

    if DB.obj is None or not database_is_encrypted(DB.obj):
        return None
    return Path(DB.obj.database)


def current_key() -> bytes | None:
    """The key of the open database, None when it is plain."""
    path = current_path()
    return key_for(path) if path is not None else None


# --- unlocking ---------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def unlock_with_password(path: str | os.PathLike, username: str, password: str) -> bytes:
    """Unwrap the key of *path* with an account's password; the login's failures count in its slot.

    Raises :class:`borderdesk.trust.accounts.AuthError` (wrong name or password, a locked
    slot) or :class:`keyslots.KeyFileError` (a missing or damaged key file).
    """
    from borderdesk.trust import lockout

    kf = keyslots.KeyFile.load(path)
    name = (username or "").strip()
    slot = kf.find(name) if name else None
    if slot is None:
        kf.dummy_unwrap(password)
        raise lockout.AuthError(_("wrong user name or password"))
    locked = slot.locked()
    if locked:
        raise lockout.AuthError(lockout.locked_message(locked))
    key = kf.unwrap(slot, password)
    if key is None:
        slot.failed += 1
        slot.failed_since_login += 1
        if slot.failed >= lockout.MAX_FAILED:
            until = _now() + dt.timedelta(minutes=lockout.LOCK_MINUTES)
            slot.locked_until, slot.failed = until.strftime("%Y-%m-%dT%H:%M:%SZ"), 0
            kf.save()
            raise lockout.AuthError(lockout.locked_message(until))
        kf.save()
        raise lockout.AuthError(_("wrong user name or password"))
    if slot.failed or slot.locked_until:
        slot.failed, slot.locked_until = 0, None
        kf.save()
    remember(path, key)
    return key


def take_failures(usernames: list[str]) -> dict[str, int]:
    """Wrong passwords typed at the slots of *usernames* while the database was locked, since they were
    last told (to the audit trail, now that it can be written); the count starts again from zero."""
    if current_key() is None:
        return {}
    try:
        kf = keyslots.KeyFile.load(current_path())
    except keyslots.KeyFileError:
        return {}
    told = {}
    for name in usernames:
        slot = kf.find(name)
        if slot is not None and slot.failed_since_login:
            told[name], slot.failed_since_login = slot.failed_since_login, 0
    if told:
        kf.save()
    return told


def unlock_with_recovery(path: str | os.PathLike, text: str) -> bytes:
    """The key of *path* from its recovery key (typed, or from ``BORDERDESK_RECOVERY_KEY``).

    Works without the key file too (lost or damaged): the key is checked against the database itself.
    """
    key = keyslots.database_key(keyslots.parse_recovery(text))
    try:
        right = keyslots.KeyFile.load(path).owns(key)
    except keyslots.KeyFileError:
        right = opens(path, key)
    if not right:
        raise keyslots.RecoveryKeyError(_("this recovery key belongs to another database"))
    remember(path, key)
    _recovered.add(_id(path))
    return key


def opened_with_recovery() -> bool:
    """Was the open database opened with its recovery key (by this process)?"""
    path = current_path()
    return path is not None and _id(path) in _recovered


def key_file(path: str | os.PathLike | None = None) -> keyslots.KeyFile:
    """The key file of *path* (default: the open database); a new, empty one when it is missing or
    damaged and the key is known (:func:`save_key_file` keeps the damaged one aside)."""
    p = Path(path) if path is not None else current_path()
    if p is None:
        raise SetupError(_("this database is not encrypted"))
    try:
        return keyslots.KeyFile.load(p)
    except keyslots.KeyFileError:
        key = key_for(p)
        if key is None:
            raise
        return keyslots.KeyFile.new(p, key)


def save_key_file(kf: keyslots.KeyFile) -> None:
    """Write the open database's key file; a damaged one it replaces is kept aside, never deleted."""
    try:
        keyslots.KeyFile.load(Path(str(kf.path)[:-len(keyslots.SUFFIX)]))
    except keyslots.KeyFileError:
        if kf.path.exists():
            os.replace(kf.path, kf.path.with_name(kf.path.name + ".damaged-" + _now().strftime("%Y%m%d-%H%M%S")))
    kf.save()


# --- keeping the slots in step with the accounts (accounts.py calls these) ------------------------


def set_slot(username: str, password: str) -> None:
    """Wrap the open database's key for *username* (a new account, a new or reset password)."""
    key = current_key()
    if key is None:
        return
    kf = key_file()
    kf.set_password(username, password, key)
    save_key_file(kf)


def remove_slot(username: str) -> None:
    if current_key() is None:
        return
    kf = key_file()
    if kf.remove(username):
        save_key_file(kf)


def keep_slots(usernames: list[str]) -> None:
    """Remove every slot but those of *usernames* (after a restore: the accounts the database holds)."""
    if current_key() is None:
        return
    kf = key_file()
    keep = {kf.find(u).who for u in usernames if kf.find(u) is not None}
    if len(keep) != len(kf.slots):
        kf.slots = [s for s in kf.slots if s.who in keep]
        save_key_file(kf)


def clear_lock(username: str) -> None:
    if current_key() is None:
        return
    kf = key_file()
    slot = kf.find(username)
    if slot is not None and (slot.failed or slot.locked_until):
        slot.failed, slot.locked_until = 0, None
        save_key_file(kf)


def slot_locked_until(username: str) -> str | None:
    """When the open database's slot of *username* unlocks (None if it is not locked)."""
    if current_key() is None:
        return None
    try:
        slot = keyslots.KeyFile.load(current_path()).find(username)
    except keyslots.KeyFileError:
        return None
    return slot.locked_until if slot is not None and slot.locked() else None


def has_slot(username: str) -> bool:
    if current_key() is None:
        return False
    return key_file().find(username) is not None
