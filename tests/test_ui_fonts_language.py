"""Fonts that draw both scripts, a language switch that reaches every screen, settings kept apart."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QRawFont  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QWidget  # noqa: E402

from borderdesk import i18n  # noqa: E402
from borderdesk.i18n import _  # noqa: E402
from borderdesk.ui import fonts, language  # noqa: E402
from borderdesk.ui import settings as ui_settings  # noqa: E402


@pytest.fixture(autouse=True)
def _language_back():
    before = i18n.current_language()
    yield
    i18n.set_language(before)


def test_the_interface_font_draws_vietnamese_and_chinese(qapp):
    font = fonts.install_fonts(qapp)
    assert fonts.draws(QApplication.font(), fonts.SAMPLE_VI)
    assert fonts.draws(QApplication.font(), fonts.SAMPLE_ZH)
    # The face that covers both is one BorderDesk registered itself, not the machine's luck.
    registered = fonts.register_fonts()
    both = [path for path in registered if fonts.supports(QRawFont(path, 12), fonts.SAMPLE_VI + fonts.SAMPLE_ZH)]
    assert both, "no registered font covers both scripts"
    assert any(fam in font.families() for path in both for fam in registered[path])


def test_shipped_fonts_are_found_in_resources():
    shipped = fonts.font_files()
    assert all(p.suffix.lower() in fonts.FONT_SUFFIXES for p in shipped)


def test_switching_language_retranslates_an_open_screen(qtbot):
    class Page(QWidget):
        def __init__(self):
            super().__init__()
            self.label = QLabel(self)
            self.events = 0
            self.retranslate()

        def retranslate(self):
            self.label.setText(_("Holidays"))

        def changeEvent(self, event):
            if event.type() == event.Type.LanguageChange:
                self.events += 1
            super().changeEvent(event)

    language.switch_language("vi")
    page = Page()
    qtbot.addWidget(page)
    language.retranslate_on_change(page, page.retranslate)
    vi_text = page.label.text()
    assert vi_text == i18n.gettext_for("vi", "Holidays")

    with qtbot.waitSignal(language.notifier().changed):
        language.switch_language("zh")
    assert page.label.text() == i18n.gettext_for("zh", "Holidays")
    assert page.events >= 1
    assert language.saved_language() == "zh"
    # With the catalogs compiled the words really differ; English fallbacks are equal.
    if i18n.gettext_for("zh", "Holidays") != "Holidays":
        assert page.label.text() != vi_text


def test_settings_go_to_the_file_the_tests_name(own_settings, qtbot):
    assert not own_settings.exists()
    ui_settings.set_value("probe", "1")
    assert own_settings.exists()
    splitter = QSplitter()
    splitter.addWidget(QLabel("a"))
    splitter.addWidget(QLabel("b"))
    qtbot.addWidget(splitter)
    splitter.resize(400, 100)
    splitter.setSizes([300, 100])
    ui_settings.save_splitter(splitter, "probe")
    other = QSplitter()
    other.addWidget(QLabel("a"))
    other.addWidget(QLabel("b"))
    qtbot.addWidget(other)
    assert ui_settings.restore_splitter(other, "probe")
