"""The command line: ``borderdesk [--db PATH] [--lang vi|zh|en] COMMAND …``.

Each module in this package that defines ``register(subparsers)`` adds its
commands (``ORDER`` sorts them in ``--help``). A command's handler takes the
parsed arguments and returns an exit code. Errors meant for the user
(:class:`~borderdesk.domain.errors.BorderDeskError`, ``OSError``) print one
line on stderr and exit non-zero; never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys

from borderdesk.store.drivers import import_peewee

pw = import_peewee()  # first, before any other module imports it: no PostgreSQL driver at start

from borderdesk import __version__  # noqa: E402
from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _, set_language, system_language


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, like argparse but translated prefix
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {_('error')}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="borderdesk", description=_("BorderDesk: records of border cooperation."))
    parser.add_argument("--version", action="version", version=f"BorderDesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("database file (default: borderdesk.sqlite in your data folder), or "
                                                      "postgresql://USER@HOST:PORT/NAME for a headquarters' server"))
    parser.add_argument("--lang", choices=("vi", "zh", "en"), help=_("language of messages (default: the system's, else Vietnamese)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    modules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            modules.append(mod)
    for mod in sorted(modules, key=lambda mm: getattr(mm, "ORDER", 50)):
        mod.register(sub)
    return parser


def _pre_language(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return system_language()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(_pre_language(argv))
    except ValueError:
        set_language("vi")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        # No command: the desktop app (the GUI's entry point), like double-clicking it.
        from borderdesk.cli._gui import launch_gui

        return launch_gui(args)
    try:
        return int(args.handler(args) or 0)
    except ValidationError as exc:
        for field, msg in exc.errors.items():
            print(f"borderdesk: {field}: {msg}", file=sys.stderr)
        return 1
    except BorderDeskError as exc:
        print(f"borderdesk: {exc}", file=sys.stderr)
        return 1
    except (pw.OperationalError, sqlite3.OperationalError) as exc:
        from borderdesk.trust.safety import explain

        print(f"borderdesk: {explain(exc) or _('database error') + ': ' + str(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"borderdesk: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"borderdesk: {_('interrupted')}", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: one line for the user, the details in a log
        log = _write_crash_log()
        print(f"borderdesk: {_('unexpected error')}: {exc!r} ({_('details in {path}').format(path=log)})",
              file=sys.stderr)
        return 70
    except BaseException as exc:  # a Rust panic from a library (PanicException is not an Exception)
        if type(exc).__name__ != "PanicException":
            raise
        log = _write_crash_log()
        msg = _("a library failed: {error} (details in {path})").format(error=str(exc)[:200], path=log)
        print("borderdesk: " + msg, file=sys.stderr)
        return 1


def _write_crash_log() -> str:
    import tempfile
    import traceback
    from pathlib import Path

    from platformdirs import user_log_dir

    text = traceback.format_exc()
    for folder in (Path(user_log_dir("BorderDesk", appauthor=False)), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "borderdesk-error.log"
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
            return str(path)
        except OSError:
            continue
    return "-"
