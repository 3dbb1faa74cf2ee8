"""``borderdesk [--db PATH] screenshots DIR [--lang vi|zh|en] [--size WxH[@PCT]]``: every screen as PNG files.

Qt is imported only when the command runs, so the command line stays Qt-free. A size with a
scaling (``1920x1080@150``: a 1920×1080 screen at 150 %) is rendered by a second run of the
command with ``QT_SCALE_FACTOR`` set, since Qt reads the scaling once, at start.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

from borderdesk.i18n import _

ORDER = 90
#: the machines posts have: an old laptop, a small one, a full-HD screen at 150 %
SIZES = ("1366x768", "1280x720", "1920x1080@150")
_SIZE = re.compile(r"^(\d{3,5})x(\d{3,5})(?:@(\d{2,3}))?$")


def parse_size(text: str) -> tuple[int, int, int]:
    """``1366x768`` -> (1366, 768, 100); ``1920x1080@150`` -> (1920, 1080, 150)."""
    mo = _SIZE.match(text.strip().lower())
    if not mo:
        raise ValueError(text)
    return int(mo.group(1)), int(mo.group(2)), int(mo.group(3) or 100)


def register(subparsers) -> None:
    p = subparsers.add_parser("screenshots", help=_("render every main screen to PNG files (offscreen)"))
    p.add_argument("out_dir", metavar="DIR", help=_("folder for the pictures (one sub-folder per language)"))
    p.add_argument("--lang", dest="shot_langs", action="append", choices=("vi", "zh", "en"),
                   help=_("language of the pictures; repeat for several (default: vi and zh)"))
    p.add_argument("--size", dest="shot_sizes", action="append", metavar="WxH[@PCT]",
                   help=_("screen size, with its scaling in per cent (1366x768, 1920x1080@150); repeat for "
                          "several, or 'all' for {sizes}; pictures go to DIR/SIZE/LANG").format(sizes=", ".join(SIZES)))
    p.set_defaults(handler=run)


def run(args) -> int:
    from borderdesk.cli.common import db_path, open_db

    open_db(args)  # the same checks as every command: the file exists and has a post
    langs = tuple(args.shot_langs or ("vi", "zh"))
    texts = [s for t in (args.shot_sizes or []) for s in (SIZES if t == "all" else (t,))]
    try:
        sizes = [(t, parse_size(t)) for t in texts]
    except ValueError as exc:
        print(_("Not a screen size: {size} (write it as 1366x768 or 1920x1080@150)").format(size=exc), file=sys.stderr)
        return 2
    if not sizes:
        return _render(args, langs, None, 100)
    status = 0
    here = int(round(float(os.environ.get("QT_SCALE_FACTOR") or 1) * 100))
    for text, (w, h, pct) in sizes:
        out = os.path.join(args.out_dir, text.replace("@", "-"))
        if pct == here:
            status |= _render(args, langs, (w, h, pct), pct, out)
            continue
        # Qt takes its scaling once, at start: a run of its own for this size
        where = db_path(args)
        cmd = [sys.executable, "-m", "borderdesk", "--db", getattr(where, "url", str(where)), "screenshots", args.out_dir, "--size",
               f"{w}x{h}@{pct}"] + [a for lang in langs for a in ("--lang", lang)]
        status |= subprocess.run(cmd, env={**os.environ, "QT_SCALE_FACTOR": str(pct / 100)}).returncode
    return status


def _render(args, langs, size, pct, out=None) -> int:
    from borderdesk.cli.common import db_path
    from borderdesk.ui.screenshots import render_all

    out = out or args.out_dir
    if size is None:
        written, bars = render_all(db_path(args), out, langs)
    else:
        w, h, _pct = size
        written, bars = render_all(db_path(args), out, langs, size=(round(w * 100 / pct), round(h * 100 / pct)))
    print(_("{n} pictures written to {dir}").format(n=len(written), dir=out))
    for line in bars:
        print(_("needs a horizontal scroll bar: {where}").format(where=line), file=sys.stderr)
    return 1 if bars else 0
