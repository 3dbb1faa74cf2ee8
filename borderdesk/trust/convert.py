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
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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


def export_encrypted(plain: Path, dest: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain database file *plain* to *dest*, checked, flushed to disk."""
    import sqlcipher3

    tmp = dest.with_name(dest.name + ".partial")
    tmp.unlink(missing_ok=True)
    con = sqlcipher3.connect(str(plain))  # no key: SQLCipher reads a plain file as SQLite does
    try:
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
