"""``borderdesk migrate-to postgresql://…``: move a headquarters from its SQLite file onto a PostgreSQL server."""
from __future__ import annotations

import datetime as dt
import sys

from borderdesk.cli.common import db_path, open_db, print_json
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _, ngettext

ORDER = 75

_ALL_TIME = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))


def cmd_migrate_to(args) -> int:
    """Copy every table in one server transaction; the counts of every table and the stats of all
    time (in total and post by post) must match before it commits."""
    from borderdesk.app import database_target, server_errors
    from borderdesk.services import session, stats
    from borderdesk.store import migrations, postgres, transfer
    from borderdesk.store.models import DB, Post
    from borderdesk.store.target import ServerUrl

    if isinstance(db_path(args), ServerUrl):
        raise BorderDeskError(_("migrate-to moves a database file onto a server: give the file with --db"))
    url = database_target(args.url)
    if not isinstance(url, ServerUrl):
        raise BorderDeskError(_("migrate-to needs a postgresql://USER@HOST:PORT/NAME address"))
    src = open_db(args)
    if session.site_kind() != "headquarters":
        raise BorderDeskError(_("only a headquarters moves to a server; a post keeps its file"))
    codes = [p.code for p in Post.select(Post.code).where(Post.deleted == False)]  # noqa: E712
    before = {None: stats.stats(*_ALL_TIME)} | {c: stats.stats(*_ALL_TIME, post=c) for c in codes}
    dst = postgres.open_server(url.url)
    try:
        dst.connect()
        postgres.prepare_server(dst)
        migrations.run_migrations(dst)
        if not transfer.is_empty(dst):
            raise BorderDeskError(_("{url} already holds a site; migrate-to fills an empty database").format(url=url))
        with dst.atomic():
            copied = transfer.copy(src, dst)
            DB.initialize(dst)  # the same stats, read on the server inside the copy's transaction
            try:
                after = {None: stats.stats(*_ALL_TIME)} | {c: stats.stats(*_ALL_TIME, post=c) for c in codes}
            finally:
                DB.initialize(src)
            differ = [t for t, (a, b) in copied.counts.items() if a != b]
            if differ or after != before:
                raise BorderDeskError(_("the copy does not match ({what}); the server database was left as it was")
                                      .format(what=", ".join(differ) or "stats"))
    except server_errors(url) as exc:
        raise BorderDeskError(_("cannot open the PostgreSQL database {url}: {error}").format(
            url=url, error=" ".join(str(exc).strip().splitlines()[0].split())[:300])) from None
    finally:
        dst.close()
    rows = sum(a for a, _b in copied.counts.values())
    if args.json:
        print_json({"tables": {t: a for t, (a, _b) in copied.counts.items()}, "rows": rows, "stats": before[None]})
        return 0
    for table, (a, _b) in sorted(copied.counts.items()):
        print(f"{table:<24} {a:>10}")
    print(ngettext("{rows} rows copied to {url}; every table's count and the stats of all time match "
                   "(in total and for its {posts} site).",
                   "{rows} rows copied to {url}; every table's count and the stats of all time match "
                   "(in total and for each of its {posts} sites).", len(codes)).format(
        rows=rows, url=url, posts=len(codes)))
    print(_("From now on open it with --db {url}; the posts' bundles continue where they were.").format(url=url),
          file=sys.stderr)
    return 0


def register(sub) -> None:
    p = sub.add_parser("migrate-to", help=_("move this headquarters' database onto a PostgreSQL server"))
    p.add_argument("url", metavar="URL", help=_("postgresql://USER@HOST:PORT/NAME, an empty database"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_migrate_to)
