"""Render every main screen offscreen to PNG files, with data from a database.

Used by ``borderdesk [--db PATH] screenshots DIR`` (README pictures, and a
quick look at every screen in both scripts after a change). The main window's
pages are walked generically, so a page another area adds shows up here
without a change: each page is pictured as it opens; a page with records
(``open_record``) once more with the latest record open in its form; a page
made of tabs (``tabs``) once per tab.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: A typical old laptop's screen.
SIZE = (1366, 768)
#: screens needing a horizontal scroll bar, found while picturing them ("lang/picture: widget")
_bars: list[str] = []


def _settle(app, rounds: int = 4) -> None:
    """Let queued signals, debounced searches and background jobs finish before a picture."""
    from PySide6.QtCore import QEventLoop, QThreadPool

    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone(30_000)
        app.processEvents(QEventLoop.AllEvents, 50)


def _save(widget, path: Path, app) -> Path:
    from borderdesk.ui.inspect import horizontal_scrollbars

    _settle(app)
    _bars.extend(f"{path.parent.name}/{path.name}: {b}" for b in horizontal_scrollbars(widget))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def _latest_uuid(kind: str) -> str | None:
    from borderdesk.services import records

    rows = records.list_records(kind, order="-date", limit=1)
    return rows[0].uuid if rows else None


def _setup_pictures(app, out: Path) -> list[Path]:
    from borderdesk.ui.setup_wizard import SetupWizard

    paths = []
    with tempfile.TemporaryDirectory() as tmp:
        for page_id, name in enumerate(("language", "post", "officer", "administrator")):
            wizard = SetupWizard(Path(tmp) / "new.sqlite")
            wizard.setStartId(page_id)  # no validation on the way, nothing is written
            wizard.restart()
            wizard.show()
            paths.append(_save(wizard, out / f"00-setup-{page_id + 1}-{name}.png", app))
            wizard.close()
            wizard.deleteLater()
        from borderdesk.ui.trust.login_dialog import LoginDialog, RecoveryDialog

        # The login of an encrypted database, and the way in with the recovery key (shown, never used).
        for dialog, name in ((LoginDialog(path=Path(tmp) / "locked.sqlite"), "login"),
                             (RecoveryDialog(Path(tmp) / "locked.sqlite", None), "recovery")):
            dialog.show()
            paths.append(_save(dialog, out / f"00-{name}.png", app))
            dialog.close()
            dialog.deleteLater()
    return paths


def _window_pictures(app, out: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    from borderdesk.domain.kinds import KINDS
    from borderdesk.ui.app import create_main_window

    window = create_main_window()
    window.resize(*size)
    window.show()
    paths = []
    for n, key in enumerate(list(window.pages), start=1):
        page = window.show_page(key)
        stem = f"{n:02d}-{key}"
        tabs = getattr(page, "tabs", None)
        if tabs is not None and hasattr(tabs, "count"):
            for t in range(tabs.count()):
                tabs.setCurrentIndex(t)
                paths.append(_save(window, out / f"{stem}-{t + 1}.png", app))
            tabs.setCurrentIndex(0)
        else:
            paths.append(_save(window, out / f"{stem}.png", app))
        if key in KINDS and hasattr(page, "open_record"):
            uuid = _latest_uuid(key)
            if uuid and page.open_record(uuid):
                paths.append(_save(window, out / f"{stem}-form.png", app))
    if hasattr(window, "save_state"):
        window.save_state = lambda: None  # pictures leave no trace in the settings
    window.close()
    window.deleteLater()
    return paths


def render_all(db: str | os.PathLike, out_dir: str | os.PathLike, langs: list[str] | tuple[str, ...] = ("vi", "zh"),
               size: tuple[int, int] = SIZE) -> tuple[list[Path], list[str]]:
    """Picture every main screen of *db* in each language at *size* (in layout pixels: a
    1920×1080 screen at 150 % is 1280×720); returns the files written and the screens that
    needed a horizontal scroll bar.

    Files go to ``out_dir/<lang>/NN-page.png``.
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Never read or write the settings of whoever runs this (window sizes, last database).
    settings_dir = tempfile.mkdtemp(prefix="borderdesk-shots-")
    os.environ["BORDERDESK_SETTINGS"] = str(Path(settings_dir) / "settings.ini")

    from PySide6.QtWidgets import QApplication

    from borderdesk import i18n
    from borderdesk.services import session
    from borderdesk.app import open_database
    from borderdesk.ui.fonts import install_fonts
    from borderdesk.ui.language import switch_language
    from borderdesk.ui.style import apply_style

    app = QApplication.instance() or QApplication(["borderdesk-screenshots"])
    install_fonts(app)
    apply_style(app)
    open_database(db)
    session.open_session()
    before = i18n.current_language()
    out = Path(out_dir)
    written: list[Path] = []
    _bars.clear()
    try:
        for lang in langs:
            switch_language(lang, remember=False)
            written += _setup_pictures(app, out / lang)
            written += _window_pictures(app, out / lang, size)
    finally:
        i18n.set_language(before)
        _settle(app, 1)
    return written, list(_bars)
