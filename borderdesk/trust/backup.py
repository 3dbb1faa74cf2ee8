"""Backups with SQLite's online backup API, rotated, and restoring one safely.

A backup is a complete, self-contained SQLite file (rollback journal, not
WAL, so it opens read-only from a USB stick) named
``<database>-YYYYMMDD-HHMMSS.sqlite`` in ``backups/`` next to the database.
A backup of an encrypted database is encrypted with the same key and carries
a copy of the key slots of that moment (``….sqlite.keys``): it opens with the
password an account had then, or with the recovery key.
It is written under a temporary name, flushed to the disk and renamed, so a
backup that exists is a whole one. The newest ``backup_keep`` (default 10)
are kept; the desk makes one at exit and one a day, and also copies to
``backup_extra_dir`` (a USB stick) when that folder is there.

:func:`restore` checks the backup (``PRAGMA integrity_check``) before
anything else, copies the current database aside as
``<database>.before-restore-<timestamp>.sqlite``, then copies the backup
*into* the open database with the same backup API: SQLite does that in one
transaction, so a crash in the middle leaves the old database whole.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path
from typing import Callable

import peewee as pw

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import audit_text, events, session
from borderdesk.store.models import DB
from borderdesk.trust import encryption, keyslots

DEFAULT_KEEP = 10
#: Called as ``fn()`` after a restore, inside one transaction, with the database that was set
#: aside attached as ``aside`` (the sync package carries its counters forward: docs/sync.md, "Restores").
ON_RESTORE: list[Callable[[], None]] = []


def add_on_restore(hook: Callable[[], None]) -> None:
    """Install *hook* (once): ``borderdesk.app`` does, when it opens a database."""
    if hook not in ON_RESTORE:
        ON_RESTORE.append(hook)
DAY = dt.timedelta(days=1)
Progress = Callable[[int, int], None]  # (pages done, pages total)


class BackupError(BorderDeskError):
    pass


def _db_errors() -> tuple:
    import sqlcipher3  # the SQLCipher binding: a dependency, never optional

    return (OSError, sqlite3.Error, pw.DatabaseError, sqlcipher3.Error)


def _encrypted() -> bool:
    return encryption.database_is_encrypted(DB.obj)


def db_path() -> Path:
    if DB.obj is None:
        raise BackupError(_("no database is open"))
    return Path(DB.obj.database)


def backups_dir(path: Path | None = None) -> Path:
    return (path or db_path()).parent / "backups"


def keep_count() -> int:
    try:
        return max(1, int(session.get_setting("backup_keep", str(DEFAULT_KEEP))))
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def extra_dir() -> Path | None:
    value = session.get_setting("backup_extra_dir", "")
    return Path(value) if value else None


def _pattern(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + r"-(\d{8}-\d{6})(?:-(\d+))?\.sqlite$")


def list_backups(folder: Path | None = None, stem: str | None = None) -> list[Path]:
    """Backups of the open database in *folder* (default: ``backups/``), newest first."""
    folder = folder or backups_dir()
    stem = stem or db_path().stem
    if not folder.is_dir():
        return []
    pat = _pattern(stem)
    found = []
    for p in folder.iterdir():
        mo = pat.match(p.name)
        if mo:  # (time, counter of backups made within the same second)
            found.append(((mo.group(1), int(mo.group(2) or 0)), p))
    return [p for _key, p in sorted(found, reverse=True)]


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows; rename is durable enough there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_live(dest: Path, progress: Progress | None) -> None:
    """Copy the open database into a new file *dest* with the online backup API."""
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    # An encrypted database's backups are encrypted with the same key.
    key = encryption.current_key()
    target = encryption.connect_file(tmp, key=key)
    try:
        def step(status, remaining, total):
            if progress:
                progress(total - remaining, total)

        DB.connection().backup(target, pages=256, progress=step)
        # Self-contained: a backup must open from a read-only stick without -wal/-shm files.
        target.execute("PRAGMA journal_mode=DELETE")
        target.commit()
    finally:
        target.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    if key is not None:  # the slots of this moment travel with the backup (written first: never a backup without)
        encryption.key_file().save(keyslots.header_path(dest))
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def _name_in(folder: Path, stem: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    # Within one second, number on from the highest taken so the order stays the making order.
    same = [int(mo.group(2) or 0) for p in folder.iterdir()
            if (mo := _pattern(stem).match(p.name)) and mo.group(1) == stamp]
    if not same:
        return folder / f"{stem}-{stamp}.sqlite"
    return folder / f"{stem}-{stamp}-{max(same) + 1}.sqlite"


def rotate(folder: Path, keep: int, stem: str | None = None) -> list[Path]:
    """Remove all but the newest *keep* backups in *folder*; returns those removed."""
    removed = []
    for old in list_backups(folder, stem)[keep:]:
        try:
            old.unlink()
            removed.append(old)
            keyslots.header_path(old).unlink(missing_ok=True)
        except OSError:
            pass  # a file we cannot remove (read-only stick) is not worth failing a backup for
    return removed


def make_backup(to: str | os.PathLike | None = None, progress: Progress | None = None,
                reason: str = "manual") -> Path:
    """Back the open database up into *to* (default ``backups/``), rotating that folder.

    Raises :class:`BackupError` with a clear sentence when the folder cannot be
    written (a full or missing stick).
    """
    folder = Path(to) if to else backups_dir()
    stem = db_path().stem
    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = _name_in(folder, stem)
        _copy_live(dest, progress)
    except _db_errors() as exc:
        raise BackupError(
            _("could not write a backup into {folder}: {error}").format(folder=folder, error=_explain(exc))
        ) from exc
    rotate(folder, keep_count(), stem)
    with DB.atomic():
        session.set_setting("backup_last", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        events.emit(events.Change("backup", "database", detail=audit_text.BACKUP.compose(reason=reason, path=dest)))
    return dest


def _explain(exc: Exception) -> str:
    from borderdesk.trust.storage_words import explain

    return explain(exc) or str(exc)


def auto_backup(reason: str = "auto") -> list[Path]:
    """The backup the desk makes at exit and once a day: ``backups/`` and, when plugged in, the extra folder."""
    made = [make_backup(reason=reason)]
    extra = extra_dir()
    if extra is not None and extra.is_dir():
        try:
            made.append(make_backup(extra, reason=reason))
        except BackupError:
            pass  # the stick is full or read-only: the local backup is what matters
    return made


def daily_backup_due(now: dt.datetime | None = None) -> bool:
    last = session.get_setting("backup_last")
    if not last:
        return True
    try:
        when = dt.datetime.fromisoformat(last)
    except ValueError:
        return True
    return (now or dt.datetime.now(dt.timezone.utc)) - when >= DAY


def backup_if_due() -> Path | None:
    """Make the daily backup if a day has passed since the last one."""
    if daily_backup_due():
        return auto_backup("daily")[0]
    return None


# --- restoring ------------------------------------------------------------------------------


def backup_key(path: str | os.PathLike) -> bytes | None:
    """The key that opens the backup *path*: None for a plain one; the open database's key when the
    backup is of it, or the key unlocked for that file (a password of its slots, its recovery key)."""
    if not encryption.is_encrypted(path):
        return None
    for key in (encryption.key_for(path), encryption.current_key(), *encryption.known_keys()):
        if key is not None and encryption.opens(path, key):
            return key
    raise BackupError(_("{path} is the backup of another encrypted database: open it with a password it "
                        "knows or with its recovery key").format(path=path))


def check_backup(file: str | os.PathLike) -> str:
    """``ok`` if *file* is a sound BorderDesk database, else the reason (a translated sentence)."""
    path = Path(file)
    if not path.is_file():
        return _("there is no file {path}").format(path=path)
    try:
        con = encryption.connect_file(path, key=backup_key(path), read_only=True)
    except BorderDeskError as exc:
        return str(exc)
    except _db_errors() as exc:
        return str(exc)
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return _("the backup is damaged: {detail}").format(detail="; ".join(rows[:3]))
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"schema_migration", "setting"} <= tables:
            return _("this file is not a BorderDesk database")
        from borderdesk.store.migrations import schema_version

        (version,) = con.execute("PRAGMA user_version").fetchone()
        if version > schema_version():
            return _("this backup was made by a newer BorderDesk")
    except _db_errors() as exc:
        if encryption.is_encrypted(path):
            return _("the backup is encrypted with another key, or damaged")
        return _("the backup is damaged: {detail}").format(detail=exc)
    finally:
        con.close()
    return "ok"


def restore(file: str | os.PathLike, progress: Progress | None = None) -> Path:
    """Replace the open database's content with the backup *file*; returns where the old one was kept.

    Only an administrator may restore (on a database with accounts).
    """
    from borderdesk.services import indexing
    from borderdesk.store.migrations import run_migrations
    from borderdesk.trust import accounts

    accounts.require("restore")
    src_path = Path(file)
    verdict = check_backup(src_path)
    if verdict != "ok":
        raise BackupError(_("{path} cannot be restored: {reason}").format(path=src_path, reason=verdict))
    current = db_path()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = current.with_name(f"{current.stem}.before-restore-{stamp}.sqlite")
    try:
        _copy_live(aside, None)
    except _db_errors() as exc:
        raise BackupError(
            _("could not keep the current database aside, nothing was restored: {error}").format(error=_explain(exc))
        ) from exc
    user = session.current_user()
    if encryption.is_encrypted(src_path) != _encrypted():
        raise BackupError(_("{path} cannot be restored: an encrypted backup goes only into an encrypted database, "
                            "a plain one only into a plain one").format(path=src_path))
    if _encrypted() and backup_key(src_path) != encryption.current_key():
        raise BackupError(_("{path} is the backup of another encrypted database: restore it into a database of "
                            "its own ('borderdesk --db NEW.sqlite restore FILE')").format(path=src_path))
    src = encryption.connect_file(src_path, key=encryption.current_key(), read_only=True)
    try:
        def step(status, remaining, total):
            if progress:
                progress(total - remaining, total)

        # One transaction in the live database: all of the backup, or (after a crash) none of it.
        src.backup(DB.connection(), pages=0, progress=step)
    except _db_errors() as exc:
        raise BackupError(_("the restore failed, the database is unchanged: {error}").format(error=_explain(exc))) from exc
    finally:
        src.close()
    db = DB.obj
    db.execute_sql("PRAGMA journal_mode=wal")
    for flag in ("_bd_has_accounts", "_bd_audit_table"):
        if hasattr(db, flag):
            delattr(db, flag)
    run_migrations(db)
    indexing.rebuild_if_pending(db)
    session.open_session(user)
    if _encrypted():  # an account the backup does not hold must not keep a way into the file
        names = [r[0] for r in DB.execute_sql("SELECT username FROM account WHERE active = 1")]
        encryption.keep_slots(names)
    _carry_audit_forward(aside)
    if ON_RESTORE:
        _attach_aside(aside)
        try:
            with DB.atomic():
                for hook in ON_RESTORE:
                    hook()
        finally:
            DB.execute_sql("DETACH DATABASE aside")
        session.open_session(user)
    with DB.atomic():
        events.emit(events.Change("restore_backup", "database",
                                  detail=audit_text.BACKUP_RESTORED.compose(path=src_path, aside=aside)))
    return aside


def _attach_aside(aside: Path) -> None:
    if _encrypted():
        DB.execute_sql("ATTACH DATABASE ? AS aside KEY ?", (str(aside), "x'%s'" % encryption.current_key().hex()))
    else:
        DB.execute_sql("ATTACH DATABASE ? AS aside", (str(aside),))


def _carry_audit_forward(aside: Path) -> None:
    """Bring back the audit entries written after the backup was made.

    The records go back to the backup's state, but what happened since did
    happen: those entries (kept in the database set aside) still chain onto
    the backup's last entry, so they are appended unchanged and the trail
    stays whole, with the same hashes headquarters may already hold.
    """
    from borderdesk.trust import audit

    own = audit.local_site()
    cols = ", ".join(f'"{c}"' for c in audit.FIELDS + ("hash",))
    _attach_aside(aside)
    try:
        with DB.atomic():
            last_seq, last_hash = audit._last(own)
            held = DB.execute_sql(
                "SELECT hash FROM aside.audit_entry WHERE site = ? AND seq = ?", (own, last_seq)
            ).fetchone()
            if last_seq == 0 or (held and held[0] == last_hash):
                DB.execute_sql(
                    f"INSERT INTO main.audit_entry ({cols}) SELECT {cols} FROM aside.audit_entry"
                    " WHERE site = ? AND seq > ? ORDER BY seq",
                    (own, last_seq),
                )
                DB.execute_sql(
                    "INSERT OR REPLACE INTO main.setting (key, value)"
                    " SELECT key, value FROM aside.setting WHERE key = ?",
                    (f"{audit._HEAD_KEY}:{own}",),
                )
            DB.execute_sql(
                f"INSERT OR IGNORE INTO main.audit_entry ({cols}) SELECT {cols} FROM aside.audit_entry"
                " WHERE site != ? ORDER BY site, seq",
                (own,),
            )
    except (sqlite3.OperationalError, pw.OperationalError) as exc:
        if "no such table" not in str(exc):  # an aside from before the trail existed: nothing to carry
            raise
    finally:
        DB.execute_sql("DETACH DATABASE aside")
