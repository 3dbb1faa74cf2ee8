"""The audit trail reads in the reader's language: entries are written in English (and hashed as
written), their details recognised and translated when shown, old entries included."""
from __future__ import annotations

import pytest

from borderdesk import i18n
from borderdesk.i18n import gettext_for
from borderdesk.services import audit_text
from borderdesk.services.audit_text import DETAILS, detail_text
from borderdesk.trust import accounts, audit

from trust_helpers import a_case, fast_hashes, run_cli  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fast_hashes")

SAMPLE = {"file": "cuoc-goi.xlsx", "created": "12", "updated": "3", "n": "2", "start": "2025-01-01",
          "end": "2025-03-31", "path": "/tmp/bao-cao.pdf", "name": "an", "document": "Handover record",
          "where": "/tmp/bb.pdf", "reason": "daily", "aside": "/tmp/old.sqlite", "code": "PL",
          "fp": "ab12 cd34", "old": "ab12", "new": "ef56", "id": "7"}


def _args(detail: audit_text.Detail) -> dict:
    return {k: SAMPLE[k] for k in audit_text._FIELD.findall(detail.template)}


@pytest.mark.parametrize("detail", DETAILS, ids=lambda d: d.template)
def test_every_detail_is_recognised_in_each_language_it_may_have_been_written_in(detail):
    args = _args(detail)
    written = detail.compose(**args)
    action = detail.actions[0]
    i18n.set_language("zh")
    shown_zh = detail_text(action, written)
    assert detail.render(args) == shown_zh  # the English entry, recognised and rendered
    for lang in ("vi", "zh"):  # an entry translated when it was written (before entries were English)
        form = detail.forms(lang)[-1 if detail.plural else 0]
        assert detail_text(action, form.format(**args)) == shown_zh
    i18n.set_language("en")
    if detail.show is None and not detail.terms:
        assert detail_text(action, written) == written


def test_a_password_reset_is_stored_in_english_and_read_in_vietnamese_and_chinese(post_db):
    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("an", "officer-pass", "officer")
    i18n.set_language("vi")  # the officer works in Vietnamese; the trail is written in one language
    accounts.reset_password("an", "new-pass-123")
    entry = audit.list_entries(action="update")[0]
    assert entry["detail"] == "password reset for an"
    assert detail_text("update", entry["detail"]) == gettext_for("vi", "password reset for {name}").format(name="an")
    i18n.set_language("zh")
    assert detail_text("update", entry["detail"]) == "已重置 an 的密码"
    assert audit.verify() is None


def test_an_entry_written_in_vietnamese_reads_in_chinese_and_the_chain_holds(post_db):
    audit.append("update", "account", detail="đặt lại mật khẩu cho an")
    audit.append("backup", "database", detail="daily: /sao-luu/x.sqlite")
    audit.append("print", "document", detail="Biên bản bàn giao -> /tmp/bb.pdf")
    audit.append("login_failed", "account", detail="sai mật khẩu")
    i18n.set_language("zh")
    shown = [detail_text(e["action"], e["detail"]) for e in reversed(audit.list_entries(limit=4))]
    assert shown == ["已重置 an 的密码", "每日: /sao-luu/x.sqlite",
                     gettext_for("zh", "Handover record") + " -> /tmp/bb.pdf", "密码错误"]
    i18n.set_language("vi")
    assert detail_text("backup", "daily: /sao-luu/x.sqlite") == "hằng ngày: /sao-luu/x.sqlite"
    assert audit.verify() is None  # read, never rewritten


def test_what_no_template_knows_is_shown_as_written():
    i18n.set_language("zh")
    assert detail_text("login", "an") == "an"
    assert detail_text("bundle_export", "/media/usb/PL-HQ-3.bdsync") == "/media/usb/PL-HQ-3.bdsync"
    # a template of another action does not claim the text
    assert detail_text("login", "password reset for an") == "password reset for an"
    assert detail_text("update", "") == ""


def test_counts_and_periods_read_as_the_reader_writes_them():
    i18n.set_language("vi")
    assert detail_text("import", "calls.xlsx: 1182 created, 0 updated") == "calls.xlsx: 1.182 mới, 0 cập nhật"
    assert detail_text("print", "2025-01-01..2025-03-31: q1.pdf (signed by Lò Văn Minh)").endswith(
        ": q1.pdf (người ký: Lò Văn Minh)")
    i18n.set_language("zh")
    assert detail_text("print", "2025-01-01..2025-03-31: q1.pdf").startswith("2025年")
    assert detail_text("login_failed", "3 wrong passwords while the database was locked") == "数据库锁定期间密码错误 3 次"


def test_the_command_line_lists_the_trail_in_the_interface_language(post_db, db_path):
    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("an", "officer-pass", "officer")
    accounts.reset_password("an", "new-pass-123")
    from borderdesk.store.connection import close_db

    close_db()
    out = run_cli(db_path, "audit", "list", "--action", "update", user="admin", password="admin-pass-1",
                  BORDERDESK_LANG="vi")
    assert out.returncode == 0, out.stderr
    assert "Sửa đổi" in out.stdout and "Tài khoản" in out.stdout
    assert gettext_for("vi", "password reset for {name}").format(name="an") in out.stdout
    assert "password reset" not in out.stdout


def test_the_audit_page_shows_the_details_in_chinese(post_db, qtbot):
    from borderdesk.ui.trust.audit_view import AuditView

    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("an", "officer-pass", "officer")
    accounts.unlock("an")
    i18n.set_language("zh")
    view = AuditView()
    qtbot.addWidget(view)
    view.show()
    view.action.setCurrentIndex(view.action.findData("update"))
    view.refresh()
    assert view.table.item(0, 3).text() == gettext_for("zh", "Changed")
    assert view.table.item(0, 5).text() == gettext_for("zh", "unlocked {name}").format(name="an")
