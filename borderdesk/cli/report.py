"""``borderdesk report summary|minutes|handover|verification …``: the PDF documents."""
from __future__ import annotations

import sys
from pathlib import Path

from borderdesk.cli.common import open_db, parse_cli_date
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

ORDER = 60


def _posts(values: list[str] | None) -> list[str] | None:
    """``--post PL --post MK`` or ``--post PL,MK``; none means every post in the database."""
    if not values:
        return None
    out = [p.strip() for v in values for p in v.split(",") if p.strip()]
    return out or None


def _officer(text: str) -> str:
    """An officer's id from its id or its exact name (Vietnamese or Chinese)."""
    from borderdesk.services import registry

    for o in registry.list_entries("officer", text=text):
        if text in (o.uuid, o.name_vi, o.name_zh):
            return o.uuid
    for o in registry.list_entries("officer"):
        if o.uuid == text:
            return o.uuid
    raise BorderDeskError(_("No officer {name} in the registry (see the Officers tab, or 'list' of the "
                            "registry).").format(name=text))


def cmd_summary(args) -> int:
    from borderdesk.documents import report

    open_db(args)
    date_from, date_to = parse_cli_date(args.date_from), parse_cli_date(args.date_to)
    if date_to < date_from:
        raise BorderDeskError(_("the end of the period ({to}) is before its start ({start})").format(
            to=args.date_to, start=args.date_from))
    langs = tuple(args.doc_lang.split("+"))
    signer = report.signer_from_officer(_officer(args.signer)) if args.signer else None
    data = report.gather(date_from, date_to, posts=_posts(args.post), signer=signer)
    report.render_report(data, langs, Path(args.out))
    from borderdesk.trust.audit import document_printed

    from borderdesk.services import audit_text

    written = dict(start=date_from.isoformat(), end=date_to.isoformat(), path=args.out)
    document_printed("report", audit_text.REPORT_SIGNED.compose(name=signer.name_vi, **written) if signer
                     else audit_text.REPORT.compose(**written))
    print(_("Report written to {path}").format(path=args.out))
    if args.xlsx:
        from borderdesk.documents import xlsx

        xlsx.export_report(data, Path(args.xlsx), langs)
        print(_("Tables written to {path}").format(path=args.xlsx))
    return 0


def _refused(gaps: list[str], allow_missing: bool, refusal: str) -> bool:
    """List the texts that have no translation on stderr; True when that stops the print."""
    if not gaps:
        return False
    print(_("These texts have no translation:"), file=sys.stderr)
    for label in gaps:
        print(f"  - {label}", file=sys.stderr)
    if allow_missing:
        return False
    print(refusal, file=sys.stderr)
    return True


def cmd_minutes(args) -> int:
    from borderdesk.documents import data as docdata
    from borderdesk.documents import minutes

    open_db(args)
    record = docdata.load_minutes(args.record_id)
    if _refused(minutes.missing_translations(record), args.allow_missing,
                _("Nothing was printed. Fill them in, or print anyway with --allow-missing "
                  "(the gaps are then marked in the document).")):
        return 1
    from borderdesk.documents import terminology

    for warning in terminology.minutes_warnings(record):  # a warning: the minutes print all the same
        print(_("terminology: {warning}").format(warning=warning), file=sys.stderr)
    minutes.render_minutes(record, args.layout, Path(args.out))
    from borderdesk.trust.audit import document_printed

    document_printed("minutes", str(args.out), record.uuid)
    print(_("Minutes written to {path}").format(path=args.out))
    return 0


def cmd_handover(args) -> int:
    from borderdesk.documents import handover
    from borderdesk.trust.audit import document_printed

    open_db(args)
    data = handover.load_handover(args.record_id)
    if _refused(handover.gaps(data), args.allow_missing,
                _("Nothing was printed. Fill them in, or print a draft with --allow-missing.")):
        return 1
    handover.render_handover_record(data, Path(args.out))
    document_printed("handover_record", str(args.out), data.uuid)
    print(_("Handover record written to {path}").format(path=args.out))
    return 0


def cmd_verification(args) -> int:
    from borderdesk.documents import handover
    from borderdesk.trust.audit import document_printed

    open_db(args)
    data = handover.load_handover(args.record_id)
    handover.render_verification_letter(data, Path(args.out))
    _asked, due = handover.letter_dates(data)
    document_printed("verification_letter", str(args.out), data.uuid)
    print(_("Verification request written to {path} (reply due {date})").format(path=args.out, date=due.isoformat()))
    return 0


def register(sub) -> None:
    p = sub.add_parser("report", help=_("print bilingual documents: periodic reports, minutes, handover records and "
                                        "verification letters (PDF, PDF/A-2b)"))
    rsub = p.add_subparsers(dest="report_command", metavar="DOCUMENT", required=True)

    s = rsub.add_parser("summary", help=_("the periodic report of a period, as PDF (and its tables as XLSX)"))
    s.add_argument("--from", dest="date_from", required=True, metavar="DATE", help=_("first day (inclusive)"))
    s.add_argument("--to", dest="date_to", required=True, metavar="DATE", help=_("last day (inclusive)"))
    s.add_argument("--post", action="append", metavar="CODE",
                   help=_("only this post (repeat, or separate codes with commas); default: every post"))
    s.add_argument("--lang", dest="doc_lang", choices=("vi", "zh", "vi+zh"), default="vi+zh",
                   help=_("language of the document (default: vi+zh)"))
    s.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    s.add_argument("--xlsx", metavar="FILE.xlsx", help=_("also write the report's tables to this spreadsheet"))
    s.add_argument("--signer", metavar="OFFICER",
                   help=_("the officer who signs (id or exact name in the registry): title, rank and name "
                          "printed under the signature"))
    s.set_defaults(handler=cmd_summary)

    m = rsub.add_parser("minutes", help=_("the bilingual minutes of talks or of a meeting, as PDF"))
    m.add_argument("record_id", metavar="RECORD_ID", help=_("the record's id, as 'list --json' prints it"))
    m.add_argument("--layout", choices=("columns", "sequential"), default="columns",
                   help=_("columns: Vietnamese and Chinese side by side; sequential: one after the other"))
    m.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    m.add_argument("--allow-missing", action="store_true",
                   help=_("print even when a text has no translation (the gap is marked)"))
    m.set_defaults(handler=cmd_minutes)

    h = rsub.add_parser("handover", help=_("the bilingual handover record of a handover, both originals, as PDF"))
    h.add_argument("record_id", metavar="RECORD_ID", help=_("the record's id, as 'list --json' prints it"))
    h.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    h.add_argument("--allow-missing", action="store_true",
                   help=_("print a draft even when a text has no translation"))
    h.set_defaults(handler=cmd_handover)

    v = rsub.add_parser("verification", help=_("the letter asking the other side to verify a handover's persons, "
                                               "as PDF"))
    v.add_argument("record_id", metavar="RECORD_ID", help=_("the record's id, as 'list --json' prints it"))
    v.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    v.set_defaults(handler=cmd_verification)
