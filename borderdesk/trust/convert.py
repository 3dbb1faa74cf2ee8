"""``borderdesk encrypt``: an open (plain) database made an encrypted one, in place.

1. a backup of the plain database, verified (``integrity_check``) before anything else;
2. an encrypted copy made with SQLCipher's ``sqlcipher_export`` beside it, then checked:
   ``integrity_check`` and the same number of rows in every table;
3. the key file written (the administrator's slot), then the copy renamed over the
   database (``os.replace``: atomic, the database is the old file or the new one, never half);
4. the plain backups in ``backups/`` encrypted the same way, one by one, each renamed
   over its plain self, so no readable copy is left there.

The database's key is new and derived from a new recovery key (:mod:`keyslots`).
Accounts other than the administrator who ran it get no slot (their passwords are
not known here): an administrator resets them.

``borderdesk encrypt --from-passphrase`` (:func:`from_passphrase`) does the same for a database
encrypted the older way (``init --encrypt`` before key slots: SQLCipher 4 with its defaults and
``PRAGMA key = '<passphrase>'``, the passphrase from ``BORDERDESK_DB_KEY``): the old passphrase
opens it, the copies are written under the new key (never a plain copy on the disk), and its
backups that the passphrase opens are converted too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import audit_text
from borderdesk.store.connection import close_db, init_db
from borderdesk.store.models import DB
from borderdesk.trust import accounts, backup, encryption, keyslots


@dataclass
class Converted:
    recovery: bytes
    backup: Path
    backups_encrypted: int = 0
    without_slot: list[str] = field(default_factory=list)


class ConversionError(BorderDeskError):
    pass


def _tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]


def _counts(con) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(con)}


def export_encrypted(plain: Path, dest: Path, key: bytes, *, passphrase: str | None = None) -> None:
    """Write an encrypted copy of the database file *plain* to *dest*, checked, flushed to disk.

    *plain* is a plain file, or with *passphrase* one encrypted the older way (:func:`from_passphrase`)."""
    import sqlcipher3

    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    con = sqlcipher3.connect(str(plain))  # no key: SQLCipher reads a plain file as SQLite does
    try:
        if passphrase is not None:
            encryption.passphrase_pragma(con, passphrase)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        before = _counts(con)
        con.execute("ATTACH DATABASE ? AS enc KEY ?", (str(tmp), "x'%s'" % key.hex()))
        con.execute("SELECT sqlcipher_export('enc')")
        con.execute(f"PRAGMA enc.user_version = {int(version)}")
        con.execute("DETACH DATABASE enc")
    finally:
        con.close()
    check = encryption.connect_file(tmp, key=key)
    try:
        verdict = [r[0] for r in check.execute("PRAGMA integrity_check")]
        after = _counts(check)
    finally:
        check.close()
    if verdict != ["ok"] or after != before:
        tmp.unlink(missing_ok=True)
        raise ConversionError(_("the encrypted copy did not match the database; nothing was changed"))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)


def encrypt_in_place(username: str, password: str) -> Converted:
    """Encrypt the open plain database; *username* (an administrator, made if the database has no
    accounts) gets the first key slot. The database is open again, encrypted, when this returns."""
    if encryption.current_path() is not None:
        raise ConversionError(_("this database is encrypted already"))
    path = Path(DB.obj.database)
    first = not accounts.has_accounts()
    if not first and accounts.current_role() != "administrator":
        accounts.require("keys")
    saved = backup.make_backup(reason="before encryption")
    verdict = backup.check_backup(saved)
    if verdict != "ok":
        raise ConversionError(_("the backup made first is not sound ({reason}); nothing was changed").format(
            reason=verdict))
    others = [u["username"] for u in accounts.list_users() if u["username"] != username and u["active"]]
    if first:
        accounts.create_user(username, password, "administrator")
        accounts.authenticate(username, password)
    close_db()  # the last connection closed: the WAL is checkpointed into the file
    recovery = keyslots.new_recovery_key()
    key = keyslots.database_key(recovery)
    new = path.with_name(path.name + ".encrypting")
    export_encrypted(path, new, key)
    kf = keyslots.KeyFile.new(path, key)
    kf.set_password(username, password, key)
    kf.save()
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    os.replace(new, path)
    backup._fsync_dir(path.parent)
    encryption.remember(path, key)
    init_db(path, opener=encryption.opener)
    from borderdesk.services import session

    session.open_session()
    accounts.authenticate(username, password, unlocked=True)
    done = _encrypt_backups(backup.backups_dir(path), path.stem, key)
    with DB.atomic():
        from borderdesk.services import events

        events.emit(events.Change("update", "database", detail=audit_text.ENCRYPTED.compose()))
    return Converted(recovery, saved, done, others)


def _encrypt_backups(folder: Path, stem: str, key: bytes) -> int:
    """Encrypt the plain backups of this database in *folder* (each with the key file of now)."""
    done = 0
    # The copies a restore kept aside next to the database are backups too.
    aside = sorted(folder.parent.glob(f"{stem}.before-restore-*.sqlite"))
    for old in backup.list_backups(folder, stem) + aside:
        if encryption.is_encrypted(old):
            continue
        export_encrypted(old, old, key)
        encryption.key_file().save(keyslots.header_path(old))
        done += 1
    return done


# --- databases encrypted the older way: one passphrase, no key slots ------------------------------

@dataclass
class Reencrypted(Converted):
    #: backups the passphrase did not open (made before a change of passphrase), left as they were
    backups_left: list[Path] = field(default_factory=list)


def _open_old(path: Path, passphrase: str, *, read_only: bool = True):
    if encryption.is_encrypted(path) is False:
        raise ConversionError(_("{path} is not encrypted: 'borderdesk encrypt' encrypts it").format(path=path))
    con = encryption.connect_with_passphrase(path, passphrase, read_only=read_only)
    if con is None:
        raise ConversionError(_("this passphrase does not open {path}; nothing was changed").format(path=path))
    return con


def passphrase_database_has_accounts(path: str | os.PathLike, passphrase: str) -> bool:
    """Does the older database *path* (opened with *passphrase*) have active accounts?"""
    con = _open_old(Path(path), passphrase)
    try:
        return _active_accounts(con) > 0
    finally:
        con.close()


def _active_accounts(con) -> int:
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'").fetchone():
        return 0
    return con.execute("SELECT count(*) FROM account WHERE active = 1").fetchone()[0]


def _check_administrator(con, username: str, password: str) -> None:
    """*username* must be an active administrator of the older database whose password is *password*.

    Checked against the account table read with the passphrase (whoever holds the passphrase can read
    that table anyway, so there is no counter to keep here); a wrong name costs the same hash."""
    row = con.execute("SELECT password_hash, role, active FROM account WHERE username = ?",
                      ((username or "").strip(),)).fetchone()
    if row is None:
        accounts._matches(accounts._dummy_hash(), password)
        raise ConversionError(_("wrong user name or password; nothing was changed"))
    if not accounts._matches(row[0], password):
        raise ConversionError(_("wrong user name or password; nothing was changed"))
    if row[1] != "administrator" or not row[2]:
        raise ConversionError(_("only an administrator can convert the database; nothing was changed"))


def from_passphrase(path: str | os.PathLike, passphrase: str, username: str, password: str,
                    open_database: Callable[[Path], object] | None = None) -> Reencrypted:
    """Convert the database *path* encrypted the older way (one passphrase) to key slots, keeping its data.

    *username* is an administrator of it (made one when it has no accounts) and gets the first slot.
    Before the database is touched: the passphrase and the administrator are checked, a backup is
    written under the new key into ``backups/`` (with its key file) and verified. Then an encrypted
    copy under the new key is checked and renamed over the database (atomic). *open_database* opens
    the result (``borderdesk.app.open_database``: migrations and listeners); it is open and the user
    logged in when this returns. Backups of it that the passphrase opens are converted too.
    """
    from borderdesk.services import events, session

    path = Path(path)
    con = _open_old(path, passphrase, read_only=False)
    try:
        first = _active_accounts(con) == 0
        if not first:
            _check_administrator(con, username, password)
        # Whatever its WAL holds goes into the file (and the copies) now; nothing else is written to it.
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    if first:
        accounts._check_username(username)
        accounts._check_password(password)
    close_db()
    recovery = keyslots.new_recovery_key()
    key = keyslots.database_key(recovery)
    kf = keyslots.KeyFile.new(path, key)
    kf.set_password(username.strip(), password, key)
    encryption.remember(path, key)  # the backup below opens with it (check_backup)
    try:
        folder = backup.backups_dir(path)
        folder.mkdir(parents=True, exist_ok=True)
        saved = backup._name_in(folder, path.stem)
        export_encrypted(path, saved, key, passphrase=passphrase)
        kf.save(keyslots.header_path(saved))
        verdict = backup.check_backup(saved)
        if verdict != "ok":
            raise ConversionError(_("the backup made first is not sound ({reason}); nothing was changed").format(
                reason=verdict))
        new = path.with_name(path.name + ".encrypting")
        export_encrypted(path, new, key, passphrase=passphrase)
    except BaseException:
        encryption.forget(path)
        raise
    kf.save()
    for side in ("-wal", "-shm"):
        Path(str(path) + side).unlink(missing_ok=True)
    os.replace(new, path)
    backup._fsync_dir(path.parent)
    (open_database or (lambda p: init_db(p, opener=encryption.opener)))(path)
    session.open_session()
    if first:
        accounts.create_user(username.strip(), password, "administrator")
    accounts.authenticate(username, password, unlocked=True)
    others = [u["username"] for u in accounts.list_users()
              if u["active"] and not encryption.has_slot(u["username"])]
    done, left = _reencrypt_backups(folder, path.stem, passphrase, key, saved)
    with DB.atomic():
        events.emit(events.Change("update", "database", detail=audit_text.PASSPHRASE_CONVERTED.compose()))
    return Reencrypted(recovery, saved, done, others, left)


def _reencrypt_backups(folder: Path, stem: str, passphrase: str, key: bytes, made: Path) -> tuple[int, list[Path]]:
    """The older backups of this database (encrypted with the passphrase) written under the new key."""
    done, left = 0, []
    aside = sorted(folder.parent.glob(f"{stem}.before-restore-*.sqlite"))
    for old in backup.list_backups(folder, stem) + aside:
        if old == made or keyslots.header_path(old).exists() or not encryption.is_encrypted(old):
            continue
        if not encryption.opens_with_passphrase(old, passphrase):
            left.append(old)
            continue
        export_encrypted(old, old, key, passphrase=passphrase)
        encryption.key_file().save(keyslots.header_path(old))
        done += 1
    return done, left
