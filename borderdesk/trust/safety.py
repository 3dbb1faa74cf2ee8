"""Crash safety: a health check at start, one instance per database, clear words for disk trouble.

SQLite in WAL mode with ``synchronous=FULL`` already makes every committed
save survive a killed process or a power cut; what is left is to *tell* the
user what went wrong in words they can act on, and never to make it worse:

- :func:`check_at_start` runs ``PRAGMA quick_check`` and, when the file is
  damaged, names the newest backup that passes ``integrity_check`` and the
  command to restore it;
- :class:`InstanceLock` keeps a second BorderDesk off the same database: a
  lock file next to it holds the PID of the owner, and an OS-level lock on
  that file (``fcntl.flock`` on Linux/macOS, ``msvcrt.locking`` on Windows)
  is what actually decides, so a lock left by a crashed process is free again;
- :func:`explain` turns SQLite's and the OS's errors (full disk, read-only
  folder, locked database, a stick pulled out) into one sentence.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import peewee as pw

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.trust.storage_words import explain, is_storage_error  # noqa: F401


class DatabaseDamaged(BorderDeskError):
    def __init__(self, message: str, backup: Path | None = None):
        super().__init__(message)
        self.backup = backup


class AlreadyOpen(BorderDeskError):
    def __init__(self, message: str, pid: int | None = None):
        super().__init__(message)
        self.pid = pid


class StorageError(BorderDeskError):
    """The disk or folder refuses (full, read-only, locked): nothing was saved, nothing lost."""


# --- words for errors: borderdesk.trust.storage_words (backups use them too) ----------------


def check_folder_writable(db_path: str | os.PathLike) -> None:
    """Raise :class:`StorageError` if the database's folder (or the file) cannot be written."""
    path = Path(db_path)
    folder = path.parent
    try:
        fd, probe = tempfile.mkstemp(prefix=".bd-write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
        if path.exists():
            with open(path, "rb+"):
                pass
    except OSError as exc:
        raise StorageError(
            _("cannot write in {folder}: {reason}").format(folder=folder, reason=explain(exc) or exc.strerror)
        ) from exc


# --- health at start -----------------------------------------------------------------------------


def quick_check(db: pw.SqliteDatabase) -> str:
    """``ok``, or what SQLite found wrong (first lines)."""
    try:
        rows = [r[0] for r in db.execute_sql("PRAGMA quick_check").fetchall()]
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        return str(exc)
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def latest_good_backup(db_path: str | os.PathLike) -> Path | None:
    """The newest backup of this database (in ``backups/``) that passes ``integrity_check``."""
    from borderdesk.trust.backup import check_backup, list_backups

    path = Path(db_path)
    for candidate in list_backups(path.parent / "backups", path.stem):
        if check_backup(candidate) == "ok":
            return candidate
    return None


def damaged_message(db_path: str | os.PathLike, detail: str) -> DatabaseDamaged:
    good = latest_good_backup(db_path)
    if good is None:
        return DatabaseDamaged(
            _("the database {path} is damaged ({detail}) and no good backup was found next to it").format(
                path=db_path, detail=detail
            )
        )
    return DatabaseDamaged(
        _("the database {path} is damaged ({detail}); restore the latest good backup: borderdesk --db {path} restore {backup}").format(
            path=db_path, detail=detail, backup=good
        ),
        good,
    )


def check_at_start(db: pw.SqliteDatabase) -> None:
    """Raise :class:`DatabaseDamaged` (naming the backup to restore) unless ``quick_check`` passes."""
    verdict = quick_check(db)
    if verdict != "ok":
        raise damaged_message(db.database, verdict)


def restore_file_over(db_path: str | os.PathLike, backup: str | os.PathLike) -> Path:
    """Put a good backup in place of a database too damaged to open (the start-up rescue path).

    The damaged file and its -wal/-shm are kept aside, renamed, never deleted.
    """
    import datetime as dt
    import shutil

    from borderdesk.trust.backup import check_backup

    verdict = check_backup(backup)
    if verdict != "ok":
        raise DatabaseDamaged(verdict)
    path = Path(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}.sqlite")
    tmp = path.with_name(path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(aside) + suffix))
    from borderdesk.trust.keyslots import header_path

    keys = header_path(backup)
    if keys.exists():  # an encrypted backup: its key slots come with it, the current ones are kept aside
        shutil.copyfile(keys, header_path(tmp))
        if header_path(path).exists():
            os.replace(header_path(path), header_path(aside))
    if path.exists():
        os.replace(path, aside)
    if keys.exists():
        os.replace(header_path(tmp), header_path(path))
    os.replace(tmp, path)
    return aside


# --- one instance per database ---------------------------------------------------------------------

_held: dict[str, "InstanceLock"] = {}


class InstanceLock:
    """An exclusive, OS-level lock on ``<database>.lock`` (which holds the owner's PID)."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = Path(str(Path(db_path).resolve()) + ".lock")
        self._fh = None

    def acquire(self) -> "InstanceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")
        try:
            _lock(fh)
        except OSError:
            pid = _read_pid(fh)
            fh.close()
            who = _(" (process {pid})").format(pid=pid) if pid else ""
            raise AlreadyOpen(
                _("BorderDesk is already open on this database{who}: switch to that window, or close it first").format(who=who),
                pid,
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()).encode())
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            self._fh.seek(0)
            self._fh.truncate()
            _unlock(self._fh)
        finally:
            self._fh.close()
            self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


def acquire_instance_lock(db_path: str | os.PathLike) -> InstanceLock:
    """Take this process's lock on the database (again if it already holds it)."""
    key = str(Path(db_path).resolve())
    lock = _held.get(key)
    if lock is not None and lock.held:
        return lock
    lock = InstanceLock(db_path).acquire()
    _held[key] = lock
    return lock


def release_instance_lock(db_path: str | os.PathLike) -> None:
    lock = _held.pop(str(Path(db_path).resolve()), None)
    if lock is not None:
        lock.release()


def _read_pid(fh) -> int | None:
    try:
        fh.seek(0)
        text = fh.read(32).decode("ascii", "ignore").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


# The byte locked on Windows lies past the PID, so that others can still read the PID
# (msvcrt's locks are mandatory: a locked range cannot be read by anyone else).
_WIN_LOCK_OFFSET = 1 << 20

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(_WIN_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(_WIN_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
