"""Start the desktop app from the command line (kept apart so the CLI never imports Qt otherwise)."""
from __future__ import annotations


def launch_gui(args) -> int:
    from borderdesk.ui.app import main as gui_main

    return gui_main(db_path=args.db, lang=args.lang)
