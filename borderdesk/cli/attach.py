"""Commands for attachments: ``attach``, ``attachments``, ``attachment get|delete|restore|purge``."""
from __future__ import annotations

import sys

from borderdesk.cli.common import open_db, print_json
from borderdesk.i18n import _

ORDER = 15


def cmd_attach(args) -> int:
    from borderdesk.services import attachments as svc
    from borderdesk.services.attachment_files import MAX_SIDE

    open_db(args)
    prepared = svc.prepare(args.file)
    att = svc.attach(args.record, prepared, title=args.title or "", kind=args.kind, reduce=args.downscale)
    if prepared.oversized_image and not args.downscale:
        print(_("note: this image is {w} × {h} px; attach it with --downscale to store it at {max} px "
                "on its longest side").format(w=prepared.info.width, h=prepared.info.height, max=MAX_SIDE),
              file=sys.stderr)
    if args.json:
        print_json(svc.to_dict(att))
    else:
        print(_("Attached {title} ({size} KB) as {id}").format(title=att.title, size=(att.size + 1023) // 1024,
                                                                 id=att.uuid))
    return 0


def cmd_list(args) -> int:
    from borderdesk.services import attachments as svc
    from borderdesk.services import records

    open_db(args)
    records.find(args.record)  # a wrong id says so, rather than listing nothing
    rows = svc.list_for(args.record, include_deleted=args.deleted)
    if args.json:
        print_json([dict(svc.to_dict(a), held=svc.held(a)) for a in rows])
        return 0
    for a in rows:
        mark = _("deleted") if a.deleted else ""
        print(f"{a.uuid}  {a.kind:<15} {(a.size + 1023) // 1024:>7} KB  {a.title}  {mark}".rstrip())
    return 0


def cmd_get(args) -> int:
    from borderdesk.services import attachments as svc

    open_db(args)
    out = svc.export(args.id, args.out)
    print(_("Wrote {path}").format(path=out))
    return 0


def cmd_delete(args, restore: bool = False) -> int:
    from borderdesk.services import attachments as svc

    open_db(args)
    if restore:
        svc.restore(args.id)
        print(_("Restored {id}").format(id=args.id))
    else:
        svc.delete(args.id)
        print(_("Deleted attachment {id} (undo with 'borderdesk attachment restore {id}')").format(id=args.id))
    return 0


def cmd_restore(args) -> int:
    return cmd_delete(args, restore=True)


def cmd_purge(args) -> int:
    from borderdesk.services import attachments as svc

    open_db(args)
    n, size = svc.purge()
    print(_("Purged {n} stored files ({size} MB) that no live attachment shows").format(
        n=n, size=f"{size / 1024 / 1024:.1f}"))
    return 0


def register(sub) -> None:
    from borderdesk.services.attachments import KINDS

    p = sub.add_parser("attach", help=_("attach a PDF, JPEG, PNG or TIFF file to a record"))
    p.add_argument("record", metavar="RECORD_ID", help=_("the record's id, as printed by list --json"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--title", help=_("what the file is (default: its name)"))
    p.add_argument("--kind", choices=tuple(KINDS), help=_("scan, signed original, photo or other"))
    p.add_argument("--downscale", action="store_true",
                   help=_("store an image larger than 4000 px at 4000 px on its longest side"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_attach)

    p = sub.add_parser("attachments", help=_("list a record's attachments"))
    p.add_argument("record", metavar="RECORD_ID")
    p.add_argument("--deleted", action="store_true", help=_("include deleted attachments"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("attachment", help=_("get, delete or restore one attachment; purge deleted ones"))
    asub = p.add_subparsers(dest="attachment_command", metavar="ACTION", required=True)
    q = asub.add_parser("get", help=_("write an attachment to a file"))
    q.add_argument("id", metavar="ATTACHMENT_ID")
    q.add_argument("--out", required=True, metavar="FILE")
    q.set_defaults(handler=cmd_get)
    q = asub.add_parser("delete", help=_("delete an attachment (it can be restored until purged)"))
    q.add_argument("id", metavar="ATTACHMENT_ID")
    q.set_defaults(handler=cmd_delete)
    q = asub.add_parser("restore", help=_("undo the deletion of an attachment"))
    q.add_argument("id", metavar="ATTACHMENT_ID")
    q.set_defaults(handler=cmd_restore)
    q = asub.add_parser("purge", help=_("remove for good the files of deleted attachments and deleted records"))
    q.set_defaults(handler=cmd_purge)
