"""The desk's documents: the minutes preview (Ctrl+P on talks) and the Reports page, offscreen."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtPdf")

from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from borderdesk.documents import glyphcheck  # noqa: E402
from borderdesk.ui import settings as ui_settings  # noqa: E402
from borderdesk.ui import worker  # noqa: E402
from borderdesk.ui.documents import minutes_preview, open_minutes_preview  # noqa: E402
from borderdesk.ui.documents.reports_view import ReportsView  # noqa: E402

from documents_fixtures import close, fill_year, make_talks, open_post  # noqa: E402


@pytest.fixture
def post(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERDESK_SETTINGS", str(tmp_path / "settings.ini"))
    open_post(tmp_path / "post.sqlite")
    yield tmp_path
    worker.wait_for_all()
    close()


def _ready(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.page_count() > 0 or bool(dialog.error), timeout=30000)
    assert not dialog.error
    return dialog.page_count()


def test_ctrl_p_on_talks_previews_the_minutes_and_remembers_the_layout(qtbot, post):
    talks = make_talks()
    dialog = open_minutes_preview(None, talks.uuid)
    qtbot.addWidget(dialog)
    columns = _ready(qtbot, dialog)
    assert columns >= 1
    assert dialog.status.text() in (f"{columns} pages", "1 page")
    assert dialog.print_button.isEnabled()

    combo = dialog.combos["layout"]
    combo.setCurrentIndex(combo.findData("sequential"))
    qtbot.waitUntil(lambda: dialog.page_count() > columns, timeout=30000)
    assert ui_settings.value("documents/minutes/layout") == "sequential"

    # the next preview opens in the layout chosen last
    again = open_minutes_preview(None, talks.uuid)
    qtbot.addWidget(again)
    assert again.combos["layout"].currentData() == "sequential"
    _ready(qtbot, again)


def test_the_preview_saves_and_prints_every_page(qtbot, post):
    talks = make_talks()
    dialog = open_minutes_preview(None, talks.uuid)
    qtbot.addWidget(dialog)
    pages = _ready(qtbot, dialog)
    saved = post / "saved.pdf"
    dialog.save_to(saved)
    glyphcheck.assert_every_glyph_drawn(saved)

    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(post / "printed.pdf"))
    assert dialog.print_to(printer) == pages
    from pypdf import PdfReader

    assert len(PdfReader(str(post / "printed.pdf")).pages) == pages


def test_missing_translations_are_shown_and_the_officer_decides(qtbot, post, monkeypatch):
    from borderdesk import i18n

    i18n.set_language("en")  # the message is read in English (the conftest restores the language)
    talks = make_talks(agreed_zh="")
    asked = []
    monkeypatch.setattr(minutes_preview, "ask_print_anyway", lambda parent, missing: asked.append(missing) or False)
    assert open_minutes_preview(None, talks.uuid) is None
    assert asked and "Agreed points (Chinese)" in asked[0]

    monkeypatch.setattr(minutes_preview, "ask_print_anyway", lambda parent, missing: True)
    dialog = open_minutes_preview(None, talks.uuid)
    qtbot.addWidget(dialog)
    assert _ready(qtbot, dialog) >= 1


def test_reports_page_generates_a_quarter_report_and_exports_its_tables(qtbot, post):
    fill_year(2025, 1)
    view = ReportsView()
    qtbot.addWidget(view)
    view.period.setCurrentIndex(view.period.findData("quarter"))
    view.year.setValue(2025)
    view.index.setCurrentIndex(3)
    view.lang.setCurrentIndex(view.lang.findData("zh"))
    view.post.setCurrentIndex(view.post.findData("PL"))
    assert view.bounds()[0].isoformat() == "2025-10-01"
    dialog = view.generate()
    qtbot.addWidget(dialog)
    assert _ready(qtbot, dialog) >= 2
    out = post / "preview.pdf"
    dialog.save_to(out)
    assert "报告" in glyphcheck.assert_every_glyph_drawn(out).text

    target = post / "tables.xlsx"
    view.export_xlsx(str(target))
    qtbot.waitUntil(lambda: "tables.xlsx" in view.summary.text(), timeout=30000)
    assert target.exists()

    # choices are remembered for the next time the page is built
    again = ReportsView()
    qtbot.addWidget(again)
    assert again.period.currentData() == "quarter" and again.lang.currentData() == "zh"
    assert again.post.currentData() == "PL" and again.index.currentIndex() == 3
