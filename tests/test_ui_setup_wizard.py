"""First run: an officer at Pha Long sets BorderDesk up in Vietnamese, or opens the demo to try it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from borderdesk import i18n
from borderdesk.services import registry, session
from borderdesk.store.models import DB
from borderdesk.ui import settings as ui_settings
from borderdesk.ui import setup_wizard
from borderdesk.ui.setup_wizard import SetupWizard


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERDESK_DB", str(tmp_path / "data" / "borderdesk.sqlite"))


@pytest.fixture
def wizard(qtbot, tmp_path):
    w = SetupWizard(tmp_path / "data" / "borderdesk.sqlite")
    qtbot.addWidget(w)
    w.show()
    return w


def test_choosing_chinese_retranslates_the_assistant_at_once(wizard):
    wizard.language_page.buttons["vi"].setChecked(True)
    vi_title = wizard.language_page.title()
    wizard.language_page.buttons["zh"].setChecked(True)
    assert i18n.current_language() == "zh"
    assert wizard.language_page.title() == i18n.gettext_for("zh", "Welcome to BorderDesk")
    assert wizard.buttonText(QWizard.NextButton) == i18n.gettext_for("zh", "&Next >")
    if i18n.gettext_for("zh", "Welcome to BorderDesk") != "Welcome to BorderDesk":
        assert wizard.language_page.title() != vi_title


def test_a_new_post_is_set_up_from_language_to_desk(wizard, qtbot, tmp_path):
    wizard.language_page.buttons["vi"].setChecked(True)
    wizard.next()
    post = wizard.post_page
    # A code with a space is refused on the code field; nothing is written.
    post.editors["code"].setText("P L")
    post.editors["name_vi"].setText("Đồn Biên phòng Pha Long")
    wizard.next()
    assert wizard.currentPage() is post
    assert post.errors["code"].text()
    assert not session.has_site()

    post.editors["code"].setText("PL")
    post.editors["name_zh"].setText("帕龙边防站")
    post.province.setEditText("Lào Cai")
    wizard.next()
    assert wizard.currentPage() is wizard.officer_page
    assert post.errors["code"].isHidden()

    officer = wizard.officer_page
    # No name: the error shows on the name field and no site is made.
    qtbot.mouseClick(wizard.button(QWizard.FinishButton), Qt.LeftButton)
    assert officer.errors["name_vi"].text()
    assert not session.has_site()

    officer.editors["name_vi"].setText("Nguyễn Văn Hùng")
    officer.rank.setCurrentIndex(officer.rank.findData("captain"))
    qtbot.mouseClick(wizard.button(QWizard.FinishButton), Qt.LeftButton)
    assert wizard.result() == QWizard.Accepted
    assert session.site_code() == "PL"
    [made] = registry.list_entries("officer")
    assert (made.name_vi, made.rank, made.post_code) == ("Nguyễn Văn Hùng", "captain", "PL")
    assert registry.list_entries("post")[0].name_zh == "帕龙边防站"
    assert ui_settings.value("database") == str(tmp_path / "data" / "borderdesk.sqlite")
    assert ui_settings.value("language") == "vi"


def test_later_runs_open_straight_to_the_desk(wizard, qtbot, qapp, tmp_path):
    wizard.next()
    wizard.post_page.editors["code"].setText("PL")
    wizard.post_page.editors["name_vi"].setText("Đồn Biên phòng Pha Long")
    wizard.next()
    wizard.officer_page.editors["name_vi"].setText("Nguyễn Văn Hùng")
    wizard.accept()  # Finish: the last page validates first
    assert wizard.result() == QWizard.Accepted
    DB.close()
    session._shared["site"] = None
    # No assistant this time (exec() would block the test): the remembered database opens.
    assert setup_wizard.run_setup_if_needed(qapp) is True
    assert session.site_code() == "PL"


def test_one_click_demo_database(wizard, qtbot, tmp_path):
    pytest.importorskip("borderdesk.services.demo")
    from borderdesk.services import records

    with qtbot.waitSignal(wizard.finished, timeout=120_000):
        qtbot.mouseClick(wizard.language_page.demo_button, Qt.LeftButton)
    assert wizard.result() == QWizard.Accepted
    demo_path = tmp_path / "data" / setup_wizard.DEMO_FILE
    assert wizard.opened == demo_path
    assert ui_settings.value("database") == str(demo_path)
    assert session.site_code() == "PL"
    assert records.count("hotline_call") > 0
