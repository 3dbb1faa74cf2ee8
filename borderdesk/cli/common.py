"""What every command that touches a database does first."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import session
from borderdesk.app import database_target, open_database
from borderdesk.store.target import ServerUrl
from borderdesk.store.connection import default_db_path


def db_path(args) -> Path | ServerUrl:
    """The database ``--db`` names: a file, or a PostgreSQL server's database (headquarters)."""
    return database_target(args.db or os.environ.get("BORDERDESK_DB") or default_db_path())


def open_db(args, *, must_exist: bool = True, need_site: bool = True):
    """Open the database named by ``--db`` (or the default) and load its site identity."""
    path = db_path(args)
    if isinstance(path, ServerUrl):  # the server checks who connects; the schema is made on first open
        db = open_database(path)
        return _session(db, need_site)
    if must_exist and not path.exists():
        raise BorderDeskError(
            _("no database at {path}: run 'borderdesk init --code CODE --name NAME' first").format(path=path)
        )
    db = _open_checked(path)
    return _session(db, need_site)


def _session(db, need_site: bool):
    session.open_session()
    from borderdesk.cli.login import login

    login()  # on a database with accounts: BORDERDESK_USER/BORDERDESK_PASSWORD or a prompt
    if need_site and not session.has_site():
        raise BorderDeskError(_("this database has no post yet: run 'borderdesk init --code CODE --name NAME' first"))
    return db


def _open_checked(path: Path):
    """``open_database`` with storage trouble (read-only folder, damaged file …) told in one clear line."""
    import peewee as pw

    from borderdesk.trust import safety

    if path.exists():
        safety.check_folder_writable(path)
    from borderdesk.trust import encryption

    if path.exists() and encryption.is_encrypted(path) and encryption.key_for(path) is None:
        from borderdesk.cli.login import unlock
        from borderdesk.trust.keyslots import KeyFileError, header_path

        if not header_path(path).exists():
            if encryption.damaged_plain(path):  # a plain file whose first bytes were overwritten
                raise safety.damaged_message(path, _(
                    "not a SQLite file and no key file beside it; if it is encrypted, "
                    "'borderdesk passphrase --recovery' opens it"))
            # Encrypted the older way (one passphrase), or its key file was lost: the way out of each.
            raise KeyFileError(encryption.without_key_file(path))

        unlock(path)  # the login unwraps the key: BORDERDESK_USER/BORDERDESK_PASSWORD or a prompt
    try:
        return open_database(path)
    except pw.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text:
            raise safety.damaged_message(path, str(exc)) from None
        msg = safety.explain(exc)
        if msg:
            raise safety.StorageError(msg) from None
        raise


def parse_cli_date(text: str) -> dt.date:
    """``2025-03-14`` or ``14/03/2025``."""
    from borderdesk.domain.validation import parse_date

    d = parse_date(text)
    if d is None:
        raise BorderDeskError(_("not a date: {text} (write 2025-03-14 or 14/03/2025)").format(text=text))
    return d


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write("\n")


def count_limit(text: str) -> int:
    """``--limit N``: a whole number from 1 to 1,000,000 (argparse type), refused in one line otherwise."""
    import argparse

    from borderdesk.i18n import _

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {value}").format(value=text[:40])) from None
    if not 1 <= n <= 1_000_000:
        raise argparse.ArgumentTypeError(_("must be between 1 and 1,000,000: {value}").format(value=text[:40]))
    return n


def progress_line(label: str):
    """A ``progress(done, total)`` for a long step: "label: 42 % (420,000 of 1,000,000)" on stderr,
    written again in place on a terminal, a line every 10 % otherwise (a log, a pipe)."""
    from borderdesk.i18n.formatting import format_number

    tty = sys.stderr.isatty()
    shown = [-1]

    def progress(done: int, total: int) -> bool:
        pct = min(100, done * 100 // total) if total else 100
        if pct == shown[0] or (not tty and pct // 10 == shown[0] // 10 and pct < 100):
            return True
        shown[0] = pct
        line = _("{label}: {percent} % ({done} of {total})").format(
            label=label, percent=pct, done=format_number(done), total=format_number(total))
        end = ("\n" if pct >= 100 else "") if tty else "\n"
        sys.stderr.write(("\r" + line if tty else line) + end)
        sys.stderr.flush()
        return True

    return progress
