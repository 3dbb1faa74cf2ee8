"""What the desk and the command line load before the window paints (timed in benchmarks/, never here):
only the navigation, the menus, the dashboard's empty frame and the page used last; the record
pages on their first visit, the dashboard's figures from a worker after the paint, no PostgreSQL
driver to open a file."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORDERDESK_SETTINGS": str(tmp_path / "s.ini")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)


def _post_database(tmp_path: Path) -> Path:
    db = tmp_path / "pl.sqlite"
    subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), "--lang", "en", "init", "--code", "PL",
                    "--name", "Đồn Biên phòng Pha Long", "--no-encryption"], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    return db


def test_the_window_is_shown_before_what_later_screens_need_is_imported(tmp_path):
    db = _post_database(tmp_path)
    got = _run(f"""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from borderdesk.ui.app import open_desk
        window = open_desk(app, {str(db)!r})
        assert window is not None and window.isVisible()
        assert window.current_key() == "dashboard" and window.dashboard.figures is None  # an empty frame
        later = ["psycopg", "reportlab", "openpyxl", "holidays", "borderdesk.ui.records.page",
                 "borderdesk.services.stats", "borderdesk.sync.bundle", "borderdesk.ui.registry"]
        print(" ".join(m for m in later if m in sys.modules))
        # the figures arrive from the worker once the event loop runs
        window.dashboard.figures_shown.connect(app.quit)
        app.exec()
        print(sorted(window.dashboard.figures), flush=True)
        import os
        os._exit(0)
    """, tmp_path)
    assert got.returncode == 0, got.stderr
    imported, figures = got.stdout.splitlines()
    assert imported == ""
    assert "due" in figures and "quarter" in figures


def test_the_last_page_used_is_the_one_shown_and_built_at_the_next_start(post_db, own_settings, qtbot):
    from borderdesk.ui.app import create_main_window
    from borderdesk.ui.main_window import LazyPage

    w = create_main_window()
    qtbot.addWidget(w)
    w.show()
    assert isinstance(w.pages["handover"], LazyPage) and w.pages["handover"].real is None
    w.show_page("handover")
    w.close()
    again = create_main_window()
    qtbot.addWidget(again)
    again.show()
    assert again.current_key() == "handover"
    assert again.pages["handover"].real is not None  # shown, hence built
    assert all(page.real is None for key, page in again.pages.items()
               if isinstance(page, LazyPage) and key != "handover")


def test_the_command_line_opens_a_file_without_the_postgresql_driver(tmp_path):
    got = _run("""
        import sys
        import borderdesk.cli
        print("psycopg" in sys.modules)
        import peewee
        from borderdesk.store.drivers import load_server_driver
        installed = load_server_driver()
        db = peewee.PostgresqlDatabase("postgresql://nobody@localhost/none")
        # made as peewee's own import would have: psycopg 3 and its transaction states
        print(installed, type(db._adapter).__name__, peewee.Psycopg3Adapter.txn_idle is not None)
    """, tmp_path)
    assert got.returncode == 0, got.stderr
    before, after = got.stdout.splitlines()
    assert before == "False"
    installed = after.split()[0] == "True"
    if installed:
        assert after == "True Psycopg3Adapter True"
    else:  # no driver installed: peewee says so when the database is used, as before
        assert after.split()[1] == "Psycopg2Adapter"


def test_the_start_probe_writes_the_first_paint_and_the_figures(tmp_path):
    """The frozen app's benchmark times the start from inside: BORDERDESK_START_PROBE=FILE."""
    db = _post_database(tmp_path)
    probe = tmp_path / "probe.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORDERDESK_SETTINGS": str(tmp_path / "s.ini"),
           "BORDERDESK_START_PROBE": str(probe)}
    subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    paint, figures, peak = (float(x) for x in probe.read_text(encoding="ascii").split())
    assert 0 < paint <= figures and peak > 20
