"""Commands of the translation memory: ``suggest`` and ``glossary list|add|import``."""
from __future__ import annotations

from borderdesk.cli.common import open_db, print_json, progress_line
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

ORDER = 25


def _source_line(s) -> str:
    where = s.source_kind if not s.source_date else f"{s.source_kind} {s.source_date}"
    if s.source_id:
        where += f" {s.source_id}"
    return where


def cmd_suggest(args) -> int:
    from borderdesk.services.translation import build, memory, suggest

    if args.limit < 1:
        raise BorderDeskError(_("--limit must be at least 1"))
    open_db(args)
    if not memory.is_built():  # the first time after the migration that made it; killed, it goes on next time
        build.build(progress_line(_("Building the translation memory")))
    found = suggest.suggest(args.text, to=args.to, limit=args.limit)
    if args.json:
        print_json([s.as_dict() for s in found])
        return 0
    if not found:
        print(_("No suggestion: nothing like this text has been translated here yet."))
        return 0
    for s in found:
        print(f"{s.score:>3}%  {s.text}")
        print(f"      {_source_line(s)}")
    return 0


def cmd_glossary_list(args) -> int:
    from borderdesk.services.translation import glossary

    open_db(args)
    terms = glossary.terms()
    if args.json:
        print_json([t.as_dict() for t in terms])
        return 0
    for t in terms:
        print("\t".join((t.key, t.vi, t.zh, t.en, t.source)))
    return 0


def cmd_glossary_add(args) -> int:
    from borderdesk.services.translation import glossary

    open_db(args)
    term = glossary.add({"key": args.key, "vi": args.vi, "zh": args.zh, "en": args.en or "", "note": args.note or ""})
    print(_("Term {key} saved: {vi} = {zh}").format(key=term.key, vi=term.vi, zh=term.zh))
    return 0


def cmd_glossary_import(args) -> int:
    from borderdesk.services.translation import glossary

    open_db(args)
    counts = glossary.import_file(args.file)
    print(_("Glossary imported: {added} added, {changed} changed, {unchanged} unchanged").format(**counts))
    return 0


def register(sub) -> None:
    p = sub.add_parser("suggest", help=_("suggest the other language of a text from the translation memory"))
    p.add_argument("text", help=_("the text (Vietnamese or Chinese)"))
    p.add_argument("--to", choices=("zh", "vi"), help=_("the language wanted (default: the other one)"))
    p.add_argument("--limit", type=int, default=5, help=_("at most this many suggestions"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("glossary", help=_("the terminology headquarters keeps: list, add, import"))
    gsub = p.add_subparsers(dest="glossary_command", metavar="ACTION", required=True)
    q = gsub.add_parser("list", help=_("print the glossary in force"))
    q.add_argument("--json", action="store_true", help=_("print JSON"))
    q.set_defaults(handler=cmd_glossary_list)
    q = gsub.add_parser("add", help=_("add a term, or correct the term with the same key (headquarters)"))
    q.add_argument("key", help=_("the term's key, e.g. handover"))
    q.add_argument("--vi", required=True, help=_("the Vietnamese term"))
    q.add_argument("--zh", required=True, help=_("the Chinese term"))
    q.add_argument("--en", help=_("the English term"))
    q.add_argument("--note", help=_("a note for translators"))
    q.set_defaults(handler=cmd_glossary_add)
    q = gsub.add_parser("import", help=_("add or correct every term of a TSV file (key, vi, zh, en, note)"))
    q.add_argument("file", help=_("the TSV file"))
    q.set_defaults(handler=cmd_glossary_import)
