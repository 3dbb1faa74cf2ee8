"""``borderdesk [--db PATH] screenshots DIR [--lang vi|zh|en]``: every main screen as PNG files.

Qt is imported only when the command runs, so the command line stays Qt-free.
"""
from __future__ import annotations

from borderdesk.i18n import _

ORDER = 90


def register(subparsers) -> None:
    p = subparsers.add_parser("screenshots", help=_("render every main screen to PNG files (offscreen)"))
    p.add_argument("out_dir", metavar="DIR", help=_("folder for the pictures (one sub-folder per language)"))
    p.add_argument("--lang", dest="shot_langs", action="append", choices=("vi", "zh", "en"),
                   help=_("language of the pictures; repeat for several (default: vi and zh)"))
    p.set_defaults(handler=run)


def run(args) -> int:
    from borderdesk.cli.common import db_path, open_db

    open_db(args)  # the same checks as every command: the file exists and has a post
    from borderdesk.ui.screenshots import render_all

    written = render_all(db_path(args), args.out_dir, tuple(args.shot_langs or ("vi", "zh")))
    print(_("{n} pictures written to {dir}").format(n=len(written), dir=args.out_dir))
    return 0
