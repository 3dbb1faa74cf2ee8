"""The desk's trust screens: logging in, passwords, users, the audit trail, backups."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from borderdesk.services import records
from borderdesk.store.models import Case
from borderdesk.trust import accounts, audit, backup
from borderdesk.ui.trust import AuditView, BackupDialog, ChangePasswordDialog, LoginDialog, UsersDialog
from borderdesk.ui.trust.users_dialog import AddUserDialog

from trust_helpers import a_case, fast_hashes  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fast_hashes")


@pytest.fixture
def staffed(post_db):
    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("canbo", "officer-pass", "officer", "Lò Văn Sáng")
    accounts.logout()
    return post_db


def _login(qtbot, name, password) -> LoginDialog:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.username, name)
    qtbot.keyClicks(dlg.password, password)
    dlg.buttons.button(QDialogButtonBox.Ok).click()
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)  # the password is checked on a worker thread
    return dlg


def test_a_wrong_password_keeps_the_dialog_open_with_the_reason(staffed, qtbot):
    dlg = _login(qtbot, "canbo", "wrong-one")
    assert dlg.result() == 0 and dlg.user is None
    assert "wrong user name or password" in dlg.error.text()
    assert dlg.password.text() == ""
    assert accounts.current_user() is None


def test_the_right_password_logs_in(staffed, qtbot):
    dlg = _login(qtbot, "canbo", "officer-pass")
    assert dlg.result() == LoginDialog.Accepted
    assert accounts.current_user() == "canbo" and accounts.current_role() == "officer"


def test_a_reset_password_must_be_changed_at_login(staffed, qtbot, monkeypatch):
    accounts.authenticate("admin", "admin-pass-1")
    accounts.reset_password("canbo", "temporary-1")
    accounts.logout()

    def choose(self):
        self.new.setText("my-own-pass-1")
        self.repeat.setText("my-own-pass-1")
        self.save()
        qtbot.waitUntil(lambda: not self.checking(), timeout=10000)  # hashed on a worker thread
        return self.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", choose)
    dlg = _login(qtbot, "canbo", "temporary-1")
    assert dlg.result() == LoginDialog.Accepted
    accounts.logout()
    accounts.authenticate("canbo", "my-own-pass-1")


def test_changing_ones_password_checks_the_repeat(staffed, qtbot):
    accounts.authenticate("canbo", "officer-pass")
    dlg = ChangePasswordDialog("canbo")
    qtbot.addWidget(dlg)
    dlg.old.setText("officer-pass")
    dlg.new.setText("new-password-1")
    dlg.repeat.setText("new-password-2")
    dlg.save()
    assert "differ" in dlg.error.text()
    dlg.repeat.setText("new-password-1")
    dlg.save()
    assert dlg.checking() and not dlg.new.isEnabled()  # three Argon2id on a worker thread
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)
    assert dlg.result() == ChangePasswordDialog.Accepted


def test_the_administrator_manages_users(staffed, qtbot):
    accounts.authenticate("admin", "admin-pass-1")
    page = UsersDialog()
    qtbot.addWidget(page)
    assert page.table.rowCount() == 2
    add = AddUserDialog(page)
    qtbot.addWidget(add)
    add.name.setText("chihuy")
    add.full_name.setText("Hoàng Văn Chỉ")
    add.role.setCurrentIndex(add.role.findData("commander"))
    add.password.setText("short")
    add.save()
    assert "at least" in add.error.text()
    add.password.setText("commander-1")
    add.save()
    page.refresh()
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["admin", "canbo", "chihuy"]
    page.table.selectRow(1)
    page.toggle_active()
    assert accounts.get_user("canbo")["active"] is False
    assert page.table.item(1, 3).text() == "disabled"


def test_an_officer_sees_the_users_but_cannot_change_them(staffed, qtbot):
    accounts.authenticate("canbo", "officer-pass")
    page = UsersDialog()
    qtbot.addWidget(page)
    page.table.selectRow(0)
    assert not page.add_button.isEnabled() and not page.reset_button.isEnabled()


def test_the_audit_view_filters_and_verifies(staffed, qtbot):
    accounts.authenticate("canbo", "officer-pass")
    row = records.create("case", a_case())
    records.update("case", row.uuid, {"persons": 5})
    view = AuditView()
    qtbot.addWidget(view)
    view.show()
    assert view.table.rowCount() == audit.count()
    view.user.setCurrentIndex(view.user.findData("canbo"))
    view.action.setCurrentIndex(view.action.findData("update"))
    view.refresh()
    assert view.table.rowCount() == 1
    assert view.table.item(0, 2).text() == "canbo" and view.table.item(0, 3).text() == "Changed"
    view.verify_button.click()
    qtbot.waitUntil(lambda: "intact" in view.verdict.text(), timeout=10000)

    from borderdesk.store.models import DB

    DB.execute_sql("UPDATE audit_entry SET detail = 'nothing' WHERE action = 'update'")
    view.verify_button.click()
    qtbot.waitUntil(lambda: "BROKEN" in view.verdict.text(), timeout=10000)
    assert "PL" in view.verdict.text()


def test_backup_and_restore_from_the_dialog(post_db, qtbot, monkeypatch):
    records.create("case", a_case())
    dlg = BackupDialog()
    qtbot.addWidget(dlg)
    dlg.make_backup(None)
    qtbot.waitUntil(lambda: dlg.list.count() == 1, timeout=10000)
    assert "Backup written" in dlg.status.text()
    records.create("case", a_case(persons=7))
    assert Case.select().count() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dlg.list.setCurrentRow(0)
    dlg.restore_selected()
    assert "previous database was kept" in dlg.status.text()
    assert Case.select().count() == 1


def test_the_main_window_has_the_audit_page_and_the_accounts_menu(post_db, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BORDERDESK_SETTINGS", str(tmp_path / "settings.ini"))
    from borderdesk.ui.app import create_main_window
    from borderdesk.ui.signals import reset_bridge

    reset_bridge()
    w = create_main_window()
    qtbot.addWidget(w)
    assert isinstance(w.page("audit"), AuditView)  # built on its first visit
    assert w.accounts_menu.title() == "&Accounts"
    w.close()
    reset_bridge()


def test_the_desk_refuses_a_second_instance_and_asks_for_a_login(staffed, db_path, qtbot, monkeypatch):
    from borderdesk.trust import safety
    from borderdesk.ui.trust import startup

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    other = safety.InstanceLock(db_path).acquire()  # another BorderDesk holds this database
    try:
        assert startup.check_before_open(db_path) is False
    finally:
        other.release()
    assert "already open on this database" in said[0]

    assert startup.check_before_open(db_path) is True
    asked = []
    monkeypatch.setattr(LoginDialog, "exec", lambda self: asked.append(self) or 0)
    assert startup.log_in() is False and len(asked) == 1  # accounts exist: no desk without a login
    safety.release_instance_lock(db_path)


def test_a_damaged_database_is_replaced_by_the_latest_good_backup_when_the_user_agrees(post_db, db_path, monkeypatch):
    from borderdesk.store.connection import close_db
    from borderdesk.trust import safety
    from borderdesk.ui.trust import startup

    kept = records.create("case", a_case())
    good = backup.make_backup()
    close_db()
    for side in ("-wal", "-shm"):
        p = db_path.with_name(db_path.name + side)
        if p.exists():
            p.unlink()
    data = bytearray(db_path.read_bytes())
    data[4096:4096 * 3] = b"\x13" * (4096 * 2)  # the pages after the header: quick_check fails
    db_path.write_bytes(bytes(data))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or QMessageBox.Yes)
    assert startup.check_before_open(db_path) is True
    assert good.name in shown[0] and "damaged" in shown[0]
    assert [c.uuid for c in Case.select()] == [kept.uuid]
    assert list(db_path.parent.glob("*.damaged-*.sqlite"))  # the damaged file is kept, never deleted
    safety.release_instance_lock(db_path)


def test_a_full_disk_during_a_save_in_the_desk_is_one_clear_message(post_db, qtbot, monkeypatch):
    import sys

    import peewee as pw

    from borderdesk.ui.trust import startup

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    startup.install_error_messages()
    try:
        raise pw.OperationalError("database or disk is full")
    except pw.OperationalError:
        sys.excepthook(*sys.exc_info())
    assert shown and "disk is full" in shown[0] and "nothing was lost" in shown[0]
