"""Commands for a post's records: init, demo, list, show, search, delete, restore, stats."""
from __future__ import annotations

import argparse
import sys

from borderdesk.cli.common import db_path, open_db, parse_cli_date, print_json, count_limit
from borderdesk.store.target import ServerUrl
from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.kinds import CLI_KINDS, KINDS
from borderdesk.i18n import _, ngettext

ORDER = 10


def cmd_init(args) -> int:
    """Create a post's database: encrypted (unlocked by its first administrator) unless ``--no-encryption``."""
    from borderdesk.app import setup_site
    from borderdesk.cli.trust import administrator_for_new_database, first_administrator, print_recovery_key
    from borderdesk.services import session
    from borderdesk.trust import accounts, encryption

    path = db_path(args)
    server = isinstance(path, ServerUrl)
    if server and not args.headquarters:
        raise BorderDeskError(_("a PostgreSQL database is for a headquarters: add --headquarters (posts keep a file)"))
    existing = server or (path.exists() and path.stat().st_size > 0)
    recovery = None
    if existing:
        open_db(args, need_site=False)
        if session.has_site():
            raise BorderDeskError(_("{path} is already set up for {code}; nothing was changed").format(
                path=path, code=session.site_code()))
        admin = None if accounts.has_accounts() else administrator_for_new_database(encrypt=False)
    else:
        admin = administrator_for_new_database(encrypt=not args.no_encryption)  # checked before anything is written
        if not args.no_encryption:
            recovery = encryption.prepare_new(path)
    kind = "headquarters" if args.headquarters else "post"
    try:
        if not existing:
            open_db(args, must_exist=False, need_site=False)
        post = setup_site({"code": args.code, "name_vi": args.name, "name_zh": args.name_zh or "", "kind": kind,
                           "province": args.province or ""}).post
        print(_("Created {kind} {code} ({name}) in {path}").format(
            kind=_("headquarters") if kind == "headquarters" else _("post"), code=post.code, name=post.name_vi,
            path=path))
        first_administrator(admin)
    except BaseException:
        if not existing:  # nothing half-made stays behind
            from borderdesk.store.connection import close_db

            close_db()
            encryption.discard_new(path)
        raise
    if recovery is not None:
        print_recovery_key(recovery)
    elif server:
        print(_("On a PostgreSQL server, the server's roles and pg_hba.conf decide who reads the data; "
                "BorderDesk does not encrypt it."), file=sys.stderr)
    elif not existing:
        print(_("Not encrypted: whoever gets this file (a lost laptop, a copied backup) reads every record and the "
                "site's private keys; 'borderdesk encrypt' encrypts it later."), file=sys.stderr)
    return 0


def cmd_demo(args) -> int:
    from borderdesk.services import demo

    from borderdesk.store.models import RECORD_MODELS

    open_db(args)
    held = sum(model.select().count() for model in RECORD_MODELS)
    if held and not args.again:
        # A second demo on top of real (or demo) records would double every figure.
        raise BorderDeskError(ngettext(
            "this database already holds {n} record; the demo fills an empty one (add --again to add it anyway)",
            "this database already holds {n} records; the demo fills an empty one (add --again to add it anyway)",
            held).format(n=held))
    summary = demo.fill_demo()
    print(_("Demo data added: {summary}").format(summary=summary))
    return 0


def cmd_list(args) -> int:
    from borderdesk.services import records

    open_db(args)
    rows = records.list_records(args.kind, date_from=args.date_from, date_to=args.date_to,
                                limit=args.limit, order="date" if args.oldest_first else "-date",
                                site=args.post)
    if args.json:
        print_json([records.to_dict(r) for r in rows])
        return 0
    from borderdesk.i18n.formatting import format_date

    for r in rows:
        spec = KINDS[args.kind]
        summary = next((getattr(r, f) for f in spec.summary_fields if getattr(r, f, "")), "")
        print(f"{r.uuid}  {format_date(r.date)}  {str(summary)[:80]}")
    return 0


def cmd_show(args) -> int:
    from borderdesk.services import records

    open_db(args)
    print_json(records.to_dict(records.find(args.id)))
    return 0


def cmd_delete(args, restore: bool = False) -> int:
    from borderdesk.domain.kinds import kind_of
    from borderdesk.services import records

    open_db(args)
    row = records.find(args.id)
    kind = kind_of(row).key
    (records.restore if restore else records.delete)(kind, row.uuid)
    message = _("Restored {id}") if restore else _("Deleted {id} (undo with 'borderdesk restore {id}')")
    print(message.format(id=row.uuid))
    return 0


def cmd_restore(args) -> int:
    from pathlib import Path

    if Path(args.id).is_file() or args.id.endswith(".sqlite"):
        from borderdesk.cli.trust import cmd_restore_backup

        return cmd_restore_backup(args.id, args)
    return cmd_delete(args, restore=True)


def cmd_search(args) -> int:
    from borderdesk.store import search_index
    from borderdesk.store.models import DB

    open_db(args)
    hits = search_index.search(DB, args.text, limit=args.limit, site=args.post)
    from borderdesk.services import attachments

    attachments.add_records_to_hits(hits)
    if args.json:
        print_json(hits)
        return 0
    for h in hits:
        print(f"{h['id']}  {h['kind']:<13} {h['date'] or '':<10}  {h['text'][:90]}")
    return 0


def cmd_stats(args) -> int:
    from borderdesk.services import stats

    open_db(args)
    if args.date_from > args.date_to:
        raise BorderDeskError(_("--from must not be after --to"))
    data = stats.stats(args.date_from, args.date_to, post=args.post)
    if args.json:
        print_json(data)
        return 0
    from borderdesk.services.stats import format_table

    print(format_table(data))
    return 0


def _add_range(p, required: bool = False) -> None:
    p.add_argument("--from", dest="date_from", type=_date, required=required, metavar="DATE",
                   help=_("first day, inclusive (2025-03-14 or 14/03/2025)"))
    p.add_argument("--to", dest="date_to", type=_date, required=required, metavar="DATE",
                   help=_("last day, inclusive"))


def _date(text: str):
    try:
        return parse_cli_date(text)
    except BorderDeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub) -> None:
    p = sub.add_parser("init", help=_("create the database for a post (or a headquarters)"))
    p.add_argument("--code", required=True, help=_("the post's code, e.g. PL"))
    p.add_argument("--name", required=True, help=_("the post's Vietnamese name"))
    p.add_argument("--name-zh", help=_("the post's Chinese name"))
    p.add_argument("--province", help=_("province"))
    p.add_argument("--headquarters", action="store_true", help=_("this database is a headquarters (provincial command)"))
    p.add_argument("--no-encryption", action="store_true",
                   help=_("make an open database (by default it is encrypted and unlocked by the accounts' passwords)"))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help=_("fill the database with realistic demo records"))
    p.add_argument("--again", action="store_true", help=_("add the demo even if the database already holds records"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("list", help=_("list records of one kind"))
    p.add_argument("--kind", required=True, choices=CLI_KINDS)
    _add_range(p)
    p.add_argument("--post", metavar="CODE", help=_("only this post's records"))
    p.add_argument("--limit", type=count_limit, default=None, help=_("at most this many"))
    p.add_argument("--oldest-first", action="store_true")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help=_("print one record as JSON"))
    p.add_argument("id", help=_("the record's id, as printed by list --json"))
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("delete", help=_("delete a record (it can be restored)"))
    p.add_argument("id")
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("restore", help=_("undo the deletion of a record, or restore a backup FILE"))
    p.add_argument("id", help=_("a record's id, or a backup file"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("search", help=_("search every record and the registry"))
    p.add_argument("text")
    p.add_argument("--limit", type=count_limit, default=50)
    p.add_argument("--post", metavar="CODE", help=_("only this post's records"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("stats", help=_("count the records of a period"))
    _add_range(p, required=True)
    p.add_argument("--post", metavar="CODE", help=_("only this post's records"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_stats)


