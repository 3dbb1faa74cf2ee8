"""Commands for trust: ``audit verify|list``, ``backup``, ``user add|list|passwd|reset|unlock|role``,
``check``; restoring a backup is ``restore FILE`` (the ``restore`` command of core.py hands
a file over to :func:`cmd_restore_backup`).

Logging in from the command line: see :mod:`borderdesk.cli.login`.
"""
from __future__ import annotations

import os
import sys

from borderdesk.cli.common import db_path, open_db, parse_cli_date, print_json, count_limit
from borderdesk.cli.login import (  # noqa: F401  (the login's names, used by the account commands)
    ENV_NEW_PASSWORD, ENV_PASSWORD, ENV_USER, _ask, _given, _interactive, credentials, login, unlock,
)
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.store.target import ServerUrl

ORDER = 70


def _new_password(confirm: bool = True, *, fallback_env: str | None = None) -> str:
    value = os.environ.get(ENV_NEW_PASSWORD) or (os.environ.get(fallback_env) if fallback_env else None)
    if value:
        return value
    if not _interactive():
        raise BorderDeskError(_("set the new password in {var}, or run this in a terminal").format(var=ENV_NEW_PASSWORD))
    first = _ask(_("New password: "), secret=True)
    if confirm and _ask(_("Repeat the new password: "), secret=True) != first:
        raise BorderDeskError(_("the two passwords differ; nothing was changed"))
    return first


def administrator_for_new_database(encrypt: bool) -> tuple[str, str] | None:
    """At ``init``: the first administrator's name and password, checked before anything is written.

    From ``BORDERDESK_USER`` and ``BORDERDESK_NEW_PASSWORD`` (or ``BORDERDESK_PASSWORD``), else asked in a
    terminal. Without them and without a terminal, an encrypted database is refused with the line to
    type; an open one (``--no-encryption``) is made without accounts.
    """
    from borderdesk.trust import accounts

    user = os.environ.get(ENV_USER)
    password = os.environ.get(ENV_NEW_PASSWORD) or os.environ.get(ENV_PASSWORD)
    if not (user and password) and _interactive():
        print(_("Create the first administrator: their password unlocks this database.") if encrypt else
              _("Create the first administrator (leave the name empty to work without accounts)."), file=sys.stderr)
        user = user or _ask(_("Administrator's user name: "))
        if user:
            password = password or _new_password()
    if not (user and password):
        if encrypt:
            raise BorderDeskError(_(
                "a new database is encrypted and unlocked by its administrator's password: run "
                "{user}=NAME {pw}=PASSWORD borderdesk init …, or add --no-encryption").format(
                user=ENV_USER, pw=ENV_NEW_PASSWORD))
        return None
    accounts._check_username(user)
    accounts._check_password(password)
    return user.strip(), password


def first_administrator(admin: tuple[str, str] | None) -> str | None:
    """Create the first administrator of a new database (logged in from then on); None: no accounts."""
    from borderdesk.trust import accounts

    if accounts.has_accounts():
        return None
    if admin is None:
        print(
            _("Note: no accounts, so anyone who opens this database can use it. To require a login, run: "
              "{pw}=PASSWORD borderdesk user add NAME --role administrator").format(pw=ENV_NEW_PASSWORD),
            file=sys.stderr,
        )
        return None
    user, password = admin
    accounts.create_user(user, password, "administrator")
    accounts.authenticate(user, password)
    print(_("Created the administrator {name}").format(name=user))
    return user


def print_recovery_key(recovery: bytes) -> None:
    from borderdesk.trust import keyslots

    print(_("Recovery key of this database: write it down and lock it away. It opens the database when every "
            "password is forgotten, and it is shown only now:"))
    print(keyslots.format_recovery(recovery))


# --- audit -------------------------------------------------------------------------------------


def cmd_audit_verify(args) -> int:
    from borderdesk.trust import audit

    open_db(args)
    broken = audit.verify()
    if broken is not None:
        if args.json:
            print_json({"ok": False, "site": broken.site, "seq": broken.seq, "reason": broken.reason})
        print(_("audit trail BROKEN at {where}").format(where=broken), file=sys.stderr)
        return 1
    sites = audit.sites_in_trail()
    if args.json:
        print_json({"ok": True, "entries": audit.count(), "sites": sites})
    else:
        print(_("audit trail intact: {n} entries, chains of {sites}").format(
            n=audit.count(), sites=", ".join(s or "-" for s in sites) or "-"))
    return 0


def cmd_audit_list(args) -> int:
    from borderdesk.trust import audit

    open_db(args)
    rows = audit.list_entries(args.date_from, args.date_to, args.user, args.action, args.site, args.limit)
    if args.json:
        print_json(rows)
        return 0
    from borderdesk.services.audit_text import action_label, detail_text, subject_label, user_label

    # Keys and details read in the interface language (``--json`` gives the entries as stored).
    for r in rows:
        target = f"{subject_label(r['kind'])} {r['uuid'] or ''}".strip()
        print(f"{r['site'] or '-'}#{r['seq']:<6} {r['ts'][:19]}Z  {user_label(r['user']):<12} "
              f"{action_label(r['action']):<14} {target}  {detail_text(r['action'], r['detail'])}")
    return 0


# --- backups ------------------------------------------------------------------------------------


def cmd_backup(args) -> int:
    from borderdesk.trust import accounts, backup

    open_db(args)
    accounts.require("backup")
    where = db_path(args)
    if isinstance(where, ServerUrl):  # pg_dump when present, else BorderDesk's own export
        from borderdesk.store.models import DB
        from borderdesk.trust import server_backup

        path = server_backup.make(DB.obj, where, args.to)
    else:
        path = backup.make_backup(args.to)
    print(_("Backup written: {path}").format(path=path))
    return 0


def cmd_restore_backup(file: str, args) -> int:
    """``restore FILE``: put a backup back (an administrator's act on a database with accounts)."""
    from borderdesk.trust import backup, encryption, safety

    path = db_path(args)
    if isinstance(path, ServerUrl):  # into a new, empty server database; the live one is never overwritten
        from borderdesk.trust import server_backup

        counts = server_backup.restore_into(path, file)
        print(_("Restored {file} into {path}").format(file=file, path=path) + f" ({sum(counts.values())})")
        return 0
    if encryption.is_encrypted(file) and not path.exists():
        _unlock_backup(file)
    if not path.exists():
        # Nothing to open: the backup simply becomes the database.
        verdict = backup.check_backup(file)
        if verdict != "ok":
            raise BorderDeskError(_("{path} cannot be restored: {reason}").format(path=file, reason=verdict))
        safety.restore_file_over(path, file)
        print(_("Restored {file} into {path}").format(file=file, path=path))
        return 0
    from borderdesk.trust.keyslots import KeyFileError

    try:
        open_db(args, need_site=False)
    except (safety.DatabaseDamaged, KeyFileError):  # KeyFileError: no key file (lost, or an older passphrase file)
        # Too damaged to open: the rescue path swaps files and keeps the damaged one aside
        # (closed first: Windows renames no file that is still open).
        from borderdesk.store.connection import close_db

        close_db()
        aside = safety.restore_file_over(path, file)
        print(_("Restored {file}; the damaged database was kept as {aside}").format(file=file, aside=aside))
        return 0
    lock = safety.acquire_instance_lock(path)
    try:
        aside = backup.restore(file)
    finally:
        safety.release_instance_lock(path)
        del lock
    print(_("Restored {file}; the previous database was kept as {aside}").format(file=file, aside=aside))
    return 0


def _unlock_backup(file) -> None:
    """An encrypted backup restored without its database: its recovery key, or a password of its slots."""
    from borderdesk.trust import encryption

    text = os.environ.get(encryption.ENV_RECOVERY)
    if text:
        encryption.unlock_with_recovery(file, text)
    else:
        user, password = credentials()
        encryption.unlock_with_password(file, user, password)


def _file_only(path):
    """Encryption at rest, its key slots and recovery key are a database file's: a PostgreSQL database is
    guarded by its server (its logins, its own disk encryption)."""
    from borderdesk.store.target import ServerUrl

    if isinstance(path, ServerUrl):
        raise BorderDeskError(_("{url} is a PostgreSQL database: its server guards it (logins, the server's own "
                                "disk encryption); BorderDesk encrypts database files only").format(url=path))
    return path


def cmd_passphrase(args) -> int:
    """``passphrase --recovery``: open with the recovery key, set an administrator's new password."""
    from borderdesk.trust import accounts, encryption

    if not args.recovery:
        raise BorderDeskError(_("change your own password with 'borderdesk user passwd'; "
                                "'borderdesk passphrase --recovery' opens the database with its recovery key"))
    path = _file_only(db_path(args))
    if not path.exists():
        raise BorderDeskError(_("no database at {path}").format(path=path))
    if not encryption.is_encrypted(path):
        raise BorderDeskError(_("{path} is not encrypted: it has no recovery key").format(path=path))
    text = os.environ.get(encryption.ENV_RECOVERY)
    if not text:
        if not _interactive():
            raise BorderDeskError(_("set the recovery key in {var}, or run this in a terminal").format(
                var=encryption.ENV_RECOVERY))
        text = _ask(_("Recovery key (24 groups of 4 digits): "))
    name = args.user or os.environ.get(ENV_USER) or (_ask(_("Administrator's user name: ")) if _interactive() else "")
    if not name:
        raise BorderDeskError(_("name the administrator with --user NAME or {var}").format(var=ENV_USER))
    accounts._check_username(name)
    password = _new_password()
    accounts._check_password(password)
    encryption.unlock_with_recovery(path, text)
    from borderdesk.cli.common import _open_checked
    from borderdesk.services import session

    _open_checked(path)
    session.open_session()
    missing = accounts.recover_administrator(name, password)
    print(_("{name} can log in with the new password").format(name=name))
    if missing:
        print(_("These accounts lost their key slot with the key file and need a new password "
                "('borderdesk user reset NAME'): {names}").format(names=", ".join(missing)), file=sys.stderr)
    return 0


def cmd_encrypt(args) -> int:
    """Encrypt an open database in place: verified backup, encrypted copy checked, atomic swap."""
    from borderdesk.trust import accounts, convert, encryption, keyslots

    path = _file_only(db_path(args))
    if args.from_passphrase:
        return _encrypt_from_passphrase(path)
    if path.exists() and encryption.is_encrypted(path):
        if not keyslots.header_path(path).exists() and not encryption.damaged_plain(path):
            raise BorderDeskError(encryption.without_key_file(path))
        raise BorderDeskError(_("{path} is encrypted already").format(path=path))
    open_db(args, need_site=False)
    if accounts.has_accounts():
        accounts.require("keys")
        admin = credentials()
    else:
        admin = administrator_for_new_database(encrypt=True)
    result = convert.encrypt_in_place(admin[0], admin[1])
    print(_("Encrypted {path}; the backup made first is {backup}").format(path=path, backup=result.backup))
    if result.backups_encrypted:
        print(_("{n} plain backups in {folder} were encrypted too").format(
            n=result.backups_encrypted, folder=result.backup.parent))
    return _converted(result, _("Copies of the plain database made elsewhere (a USB stick) stay readable: "
                                "encrypt or destroy them."))


def _encrypt_from_passphrase(path) -> int:
    """``encrypt --from-passphrase``: a database encrypted the older way (``init --encrypt``, one
    passphrase) converted to key slots, keeping its data (a verified backup first, an atomic swap)."""
    from borderdesk.app import open_database
    from borderdesk.trust import convert, encryption, keyslots

    if not path.exists():
        raise BorderDeskError(_("no database at {path}").format(path=path))
    if keyslots.header_path(path).exists():
        raise BorderDeskError(_("{path} has key slots already: log in to open it").format(path=path))
    if not encryption.is_encrypted(path):
        raise BorderDeskError(_("{path} is not encrypted: 'borderdesk encrypt' encrypts it").format(path=path))
    passphrase = os.environ.get(encryption.ENV_OLD_PASSPHRASE)
    if not passphrase:
        if not _interactive():
            raise BorderDeskError(_("set the passphrase it was encrypted with in {var}, or run this in a terminal")
                                  .format(var=encryption.ENV_OLD_PASSPHRASE))
        passphrase = _ask(_("Passphrase it was encrypted with: "), secret=True)
    if convert.passphrase_database_has_accounts(path, passphrase):
        admin = credentials()
    else:
        admin = administrator_for_new_database(encrypt=True)
    result = convert.from_passphrase(path, passphrase, admin[0], admin[1], open_database=open_database)
    print(_("Converted {path} to key slots: the passphrase no longer opens it, the accounts' passwords do; "
            "the backup made first is {backup}").format(path=path, backup=result.backup))
    if result.backups_encrypted:
        print(ngettext("{n} older backup in {folder} was converted too",
                       "{n} older backups in {folder} were converted too", result.backups_encrypted).format(
            n=result.backups_encrypted, folder=result.backup.parent))
    if result.backups_left:
        print(_("These backups do not open with this passphrase and were left as they were: {names}").format(
            names=", ".join(p.name for p in result.backups_left)), file=sys.stderr)
    return _converted(result, _("Copies made elsewhere (a USB stick) still open with the old passphrase: "
                                "convert or destroy them."))


def _converted(result, copies_warning: str) -> int:
    """What both conversions end with: the accounts left without a slot, the copies made elsewhere,
    and the recovery key (shown once)."""
    if result.without_slot:
        print(_("These accounts need a new password from an administrator before they can unlock it "
                "('borderdesk user reset NAME'): {names}").format(names=", ".join(result.without_slot)), file=sys.stderr)
    print(copies_warning, file=sys.stderr)
    print_recovery_key(result.recovery)
    return 0


def cmd_check(args) -> int:
    """Full integrity check of the database and its audit trail."""
    from borderdesk.store.models import DB
    from borderdesk.trust import audit, safety

    import sqlite3

    import peewee as pw
    import sqlcipher3

    open_db(args, need_site=False)
    # A page whose HMAC fails stops the check itself (raised while rows are read): that is damage too.
    damaged = (pw.DatabaseError, sqlite3.DatabaseError, sqlcipher3.DatabaseError)
    from borderdesk.store import postgres

    if postgres.is_server(DB.obj):  # every table read through; its indexes by amcheck when installed
        rows = postgres.check_storage(DB.obj)
        if rows != ["ok"]:
            raise BorderDeskError(_("the server database is damaged: {detail}; its administrator restores it "
                                    "from the server's backups").format(detail="; ".join(rows[:3])[:300]))
    else:
        try:
            rows = [r[0] for r in DB.execute_sql("PRAGMA integrity_check").fetchall()]
        except damaged as exc:
            raise safety.damaged_message(db_path(args), str(exc)) from None
        if rows != ["ok"]:
            raise safety.damaged_message(db_path(args), "; ".join(" ".join(str(r).split()) for r in rows[:3])[:300])
    from borderdesk.trust import encryption

    if encryption.database_is_encrypted(DB.obj):  # every page's HMAC: a page changed on disk is named
        try:
            bad = [str(r[0]) for r in DB.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
        except damaged as exc:
            raise safety.damaged_message(db_path(args), str(exc)) from None
        if bad:
            raise safety.damaged_message(db_path(args), "; ".join(bad[:3]))
    broken = audit.verify()
    if broken is not None:
        print(_("database sound, but the audit trail is BROKEN at {where}").format(where=broken), file=sys.stderr)
        return 1
    from borderdesk.services import attachments

    damaged = attachments.verify_all()
    for line in damaged:
        print(line, file=sys.stderr)
    if damaged:
        return 1
    print(_("database sound, audit trail intact"))
    n, size = attachments.stored_summary()
    if n:
        print(_("{n} attached files ({size} MB), every one matching its SHA-256").format(
            n=n, size=f"{size / 1024 / 1024:.1f}"))
    return 0


# --- users ----------------------------------------------------------------------------------------


def cmd_user_add(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    first = not accounts.has_accounts()
    password = _new_password(fallback_env=ENV_PASSWORD if first else None)
    user = accounts.create_user(args.name, password, args.role, args.full_name or "")
    print(_("Added {name} ({role})").format(name=user["username"], role=_(accounts.ROLES[user["role"]])))
    return 0


def cmd_user_list(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    users = accounts.list_users()
    if args.json:
        print_json(users)
        return 0
    for u in users:
        flags = []
        if not u["active"]:
            flags.append(_("disabled"))
        if u["locked_until"]:
            flags.append(_("locked until {t}").format(t=u["locked_until"]))
        print(f"{u['username']:<16} {_(accounts.ROLES[u['role']]):<16} {u['full_name']}  {' '.join(flags)}".rstrip())
    return 0


def cmd_user_passwd(args) -> int:
    """Change one's own password (the logged-in user, or NAME on an open database)."""
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    name = accounts.current_user()
    if name is None:
        raise BorderDeskError(_("this database has no accounts: add one with 'borderdesk user add'"))
    old = _given.get("password") or os.environ.get(ENV_PASSWORD) or _ask(_("Current password: "), secret=True)
    accounts.change_password(name, old, _new_password())
    print(_("Password changed for {name}").format(name=name))
    return 0


def cmd_user_reset(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    accounts.reset_password(args.name, _new_password())
    print(_("Password of {name} reset; they must change it at their next login").format(name=args.name))
    return 0


def cmd_user_remove(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    accounts.remove_user(args.name)
    print(_("Removed {name}").format(name=args.name))
    return 0


def cmd_user_unlock(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    accounts.unlock(args.name)
    print(_("Unlocked {name}").format(name=args.name))
    return 0


def cmd_user_role(args) -> int:
    from borderdesk.trust import accounts

    open_db(args, need_site=False)
    accounts.set_role(args.name, args.role)
    if args.disable or args.enable:
        accounts.set_active(args.name, bool(args.enable))
    print(_("{name} is now {role}").format(name=args.name, role=_(accounts.ROLES[args.role])))
    return 0


def _date(text: str):
    import argparse

    try:
        return parse_cli_date(text)
    except BorderDeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub) -> None:
    from borderdesk.trust.accounts import ROLES

    p = sub.add_parser("audit", help=_("verify or list the audit trail"))
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = asub.add_parser("verify", help=_("check every entry's hash chain; exit 1 naming the first broken entry"))
    v.add_argument("--json", action="store_true", help=_("print JSON"))
    v.set_defaults(handler=cmd_audit_verify)
    lst = asub.add_parser("list", help=_("list audit entries, newest first"))
    lst.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help=_("first day, inclusive"))
    lst.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help=_("last day, inclusive"))
    lst.add_argument("--user", help=_("only this user's entries"))
    lst.add_argument("--action", help=_("only this action (create, update, delete, login, login_failed …)"))
    lst.add_argument("--site", help=_("only this site's chain"))
    lst.add_argument("--limit", type=count_limit, default=None, help=_("at most this many"))
    lst.add_argument("--json", action="store_true", help=_("print JSON"))
    lst.set_defaults(handler=cmd_audit_list)

    p = sub.add_parser("backup", help=_("write a backup of the database now"))
    p.add_argument("--to", metavar="DIR", help=_("folder for the backup (default: backups/ next to the database)"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("passphrase", help=_(
        "with --recovery: open the database with its recovery key and set an administrator's new password"))
    p.add_argument("--recovery", action="store_true",
                   help=_("the recovery key from BORDERDESK_RECOVERY_KEY, or asked"))
    p.add_argument("--user", metavar="NAME", help=_("the administrator (default: BORDERDESK_USER); made if new"))
    p.set_defaults(handler=cmd_passphrase)

    p = sub.add_parser("encrypt", help=_(
        "encrypt an open database in place (a verified backup first); prints its recovery key"))
    p.add_argument("--from-passphrase", action="store_true", help=_(
        "convert a database an older BorderDesk encrypted with a passphrase (BORDERDESK_DB_KEY, or asked) "
        "to the accounts' key slots"))
    p.set_defaults(handler=cmd_encrypt)

    p = sub.add_parser("check", help=_("check the database file and the audit trail thoroughly"))
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("user", help=_("manage the accounts of this database"))
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    a = usub.add_parser("add", help=_("add a user (password from BORDERDESK_NEW_PASSWORD or asked)"))
    a.add_argument("name")
    a.add_argument("--role", choices=tuple(ROLES), default="officer")
    a.add_argument("--full-name", help=_("the user's full name"))
    a.set_defaults(handler=cmd_user_add)
    a = usub.add_parser("list", help=_("list users"))
    a.add_argument("--json", action="store_true", help=_("print JSON"))
    a.set_defaults(handler=cmd_user_list)
    a = usub.add_parser("remove", help=_("remove a user and their key slot (administrator)"))
    a.add_argument("name")
    a.set_defaults(handler=cmd_user_remove)
    a = usub.add_parser("passwd", help=_("change your own password"))
    a.set_defaults(handler=cmd_user_passwd)
    a = usub.add_parser("reset", help=_("set a new password for a user (administrator)"))
    a.add_argument("name")
    a.set_defaults(handler=cmd_user_reset)
    a = usub.add_parser("unlock", help=_("unlock a user locked after wrong passwords (administrator)"))
    a.add_argument("name")
    a.set_defaults(handler=cmd_user_unlock)
    a = usub.add_parser("role", help=_("change a user's role, or disable/enable them (administrator)"))
    a.add_argument("name")
    a.add_argument("role", choices=tuple(ROLES))
    g = a.add_mutually_exclusive_group()
    g.add_argument("--disable", action="store_true")
    g.add_argument("--enable", action="store_true")
    a.set_defaults(handler=cmd_user_role)
