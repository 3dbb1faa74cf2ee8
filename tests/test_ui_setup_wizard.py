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


def fill_administrator(wizard, qtbot, password: str = "đèo cao gió lộng 7") -> None:
    page = wizard.admin_page
    qtbot.keyClicks(page.username, "chihuy")
    page.password.setText(password)
    page.repeat.setText(password)
    groups = page.key_text.text().split()
    for edit, index in zip(page.checks, page.asked):
        edit.setText(groups[index])


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
    qtbot.mouseClick(wizard.button(QWizard.NextButton), Qt.LeftButton)
    assert officer.errors["name_vi"].text()
    assert wizard.currentPage() is officer
    assert not session.has_site()

    officer.editors["name_vi"].setText("Nguyễn Văn Hùng")
    officer.rank.setCurrentIndex(officer.rank.findData("captain"))
    qtbot.mouseClick(wizard.button(QWizard.NextButton), Qt.LeftButton)
    assert wizard.currentPage() is wizard.admin_page
    assert not session.has_site()
    fill_administrator(wizard, qtbot)
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
    wizard.next()
    fill_administrator(wizard, qtbot)
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


def test_the_last_page_makes_the_administrator_of_an_encrypted_database(wizard, qtbot, tmp_path):
    from borderdesk.trust import accounts, encryption, keyslots

    path = tmp_path / "data" / "borderdesk.sqlite"
    wizard.next()
    wizard.post_page.editors["code"].setText("PL")
    wizard.post_page.editors["name_vi"].setText("Đồn Biên phòng Pha Long")
    wizard.next()
    wizard.officer_page.editors["name_vi"].setText("Nguyễn Văn Hùng")
    wizard.next()
    page = wizard.admin_page
    assert wizard.currentPage() is page
    groups = page.key_text.text().split()
    assert len(groups) == 24 and keyslots.parse_recovery("".join(groups)) == wizard.recovery
    assert page.print_button.isVisible()

    qtbot.keyClicks(page.username, "chihuy")
    page.password.setText("short")
    assert "Too short" in page.hint.text()
    page.password.setText("đèo cao gió lộng 7")
    assert page.hint.text() == "Strong."
    page.repeat.setText("đèo cao gió lộng 8")
    qtbot.mouseClick(wizard.button(QWizard.FinishButton), Qt.LeftButton)
    assert "differ" in page.error.text() and wizard.currentPage() is page
    page.repeat.setText("đèo cao gió lộng 7")
    first, second = page.asked
    page.checks[0].setText(groups[first])
    page.checks[1].setText(groups[(second + 1) % 24] if groups[(second + 1) % 24] != groups[second] else "0000")
    qtbot.mouseClick(wizard.button(QWizard.FinishButton), Qt.LeftButton)
    assert "do not match" in page.error.text() and not session.has_site()
    page.checks[1].setText(groups[second])
    qtbot.mouseClick(wizard.button(QWizard.FinishButton), Qt.LeftButton)
    assert wizard.result() == QWizard.Accepted, page.error.text()

    assert accounts.current_user() == "chihuy" and accounts.current_role() == "administrator"
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and "Pha Long".encode() not in raw
    assert len(keyslots.KeyFile.load(path).slots) == 1
    # Grep the file, its WAL, a backup and the key files for the names, the private keys, the hash.
    from borderdesk.trust import backup
    from trust_helpers import secret_needles

    from borderdesk.services import demo

    demo.fill_bulk(300, years=1)  # the demo's generator: persons handed over, delegations' members
    people = [r[0] for r in DB.execute_sql(
        "SELECT DISTINCT name FROM handover_person WHERE length(name) >= 6 UNION "
        "SELECT DISTINCT name_vi FROM delegation_member WHERE length(name_vi) >= 6")]
    assert len(people) > 20
    saved = backup.make_backup()
    keys = [bytes(r[0]) for r in DB.execute_sql("SELECT private_key FROM sync_key")]
    hashes = [r[0] for r in DB.execute_sql("SELECT password_hash FROM account")]
    assert len(keys) == 2 and len(hashes) == 1
    with DB.atomic():  # a write left in the WAL (nothing checkpointed while the connection is open)
        DB.execute_sql("UPDATE setting SET value = value WHERE key = 'site_code'")
    files = [path, path.with_name(path.name + "-wal"), saved, keyslots.header_path(path),
             keyslots.header_path(saved)]
    data = {f.name: f.read_bytes() for f in files}
    assert len(data["borderdesk.sqlite-wal"]) > 0
    needles = secret_needles(people + ["Nguyễn Văn Hùng", "Đồn Biên phòng Pha Long", "chihuy"], keys, hashes)
    assert [(name, n[:24]) for name, blob in data.items() for n in needles if n in blob] == []
    DB.close()
    encryption.forget(path)
    assert encryption.unlock_with_password(path, "chihuy", "đèo cao gió lộng 7") == \
        keyslots.database_key(wizard.recovery)


def test_the_recovery_key_sheet_prints(wizard, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter
    from pypdf import PdfReader

    wizard.post_page.editors["code"].setText("PL")
    wizard.post_page.editors["name_vi"].setText("Đồn Biên phòng Pha Long")
    wizard.admin_page.initializePage()
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "key.pdf"))
    wizard.admin_page.print_to(printer)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "key.pdf").pages)
    for group in wizard.admin_page.key_text.text().split():
        assert group in text
    assert "Pha Long" in text


def test_a_setup_left_before_the_end_leaves_no_file(wizard, tmp_path):
    wizard.next()
    wizard.post_page.editors["code"].setText("PL")
    wizard.post_page.editors["name_vi"].setText("Đồn Biên phòng Pha Long")
    wizard.next()  # the database is made here (to check the post) …
    assert (tmp_path / "data" / "borderdesk.sqlite").exists()
    wizard.reject()  # … and goes again with the assistant
    assert not list((tmp_path / "data").glob("borderdesk.sqlite*"))
