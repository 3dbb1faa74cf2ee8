"""Spreadsheets in and out: ``import`` and ``export`` (CSV or XLSX, by the file's extension)."""
from __future__ import annotations

import argparse
import dataclasses
import sys

from borderdesk.cli.common import open_db, parse_cli_date
from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.kinds import CLI_KINDS
from borderdesk.i18n import _, ngettext

ORDER = 20


def cmd_import(args) -> int:
    from borderdesk.services import spreadsheet

    open_db(args)
    limits = spreadsheet.default_limits()
    if args.max_rows:
        limits = dataclasses.replace(limits, rows=args.max_rows)
    try:
        if args.dry_run:
            pv = spreadsheet.preview(args.file, args.kind, limits=limits)
            if pv.problems:
                raise spreadsheet.ImportFailed(pv.problems, pv.more_problems)
            print(_("{n} rows are ready to import ({created} new, {updated} updated); nothing was written.").format(
                n=pv.total, created=pv.creates, updated=pv.updates))
            return 0
        result = spreadsheet.import_file(args.file, args.kind, limits=limits)
    except spreadsheet.ImportFailed as exc:
        for p in exc.problems:
            print(f"borderdesk: {p}", file=sys.stderr)
        print("borderdesk: " + ngettext("{n} problem; nothing was imported.", "{n} problems; nothing was imported.",
                                        len(exc.problems)).format(n=len(exc.problems)), file=sys.stderr)
        return 1
    print(ngettext("Imported {n} row ({created} new, {updated} updated).",
                   "Imported {n} rows ({created} new, {updated} updated).", result.total).format(
        n=result.total, created=result.created, updated=result.updated))
    if result.counterparts_created:
        print(_("New counterpart units in the registry: {names}").format(names=", ".join(result.counterparts_created)))
    if result.gates_created:
        print(_("New border gates in the registry: {names}").format(names=", ".join(result.gates_created)))
    if result.markers_created:
        print(_("New boundary markers in the registry: {names}").format(names=", ".join(result.markers_created)))
    return 0


def cmd_export(args) -> int:
    from borderdesk.services import spreadsheet

    open_db(args)
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise BorderDeskError(_("--from must not be after --to"))
    n = spreadsheet.export_file(args.file, args.kind, args.date_from, args.date_to)
    print(ngettext("Exported {n} record to {path}.", "Exported {n} records to {path}.", n).format(n=n, path=args.file))
    return 0


def _date(text: str):
    try:
        return parse_cli_date(text)
    except BorderDeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub) -> None:
    p = sub.add_parser("import", help=_("import records from a spreadsheet (.csv or .xlsx); all rows or none"))
    p.add_argument("file", metavar="FILE", help=_("the spreadsheet: .csv (UTF-8) or .xlsx"))
    p.add_argument("--kind", required=True, choices=CLI_KINDS, help=_("the kind of record in the file"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file and report problems; write nothing"))
    p.add_argument("--max-rows", type=int, metavar="N",
                   help=_("refuse a file of more than N rows (default 1,000,000, or BORDERDESK_IMPORT_MAX_ROWS)"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help=_("export records to a spreadsheet (.csv or .xlsx)"))
    p.add_argument("file", metavar="FILE", help=_("the file to write: .csv (with a BOM for Excel) or .xlsx"))
    p.add_argument("--kind", required=True, choices=CLI_KINDS, help=_("the kind of record to export"))
    p.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                   help=_("first day, inclusive (2025-03-14 or 14/03/2025)"))
    p.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help=_("last day, inclusive"))
    p.set_defaults(handler=cmd_export)
