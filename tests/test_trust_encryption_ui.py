"""The desk on an encrypted database: the login dialog unlocks it, the recovery key opens it, passwords
changed and accounts removed in the desk re-wrap or drop their key slots (real widgets, offscreen)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from borderdesk.services import session
from borderdesk.services.site import init_site
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.trust import accounts, encryption, keyslots
from borderdesk.ui.trust import ChangePasswordDialog, LoginDialog, UsersDialog
from borderdesk.ui.trust.login_dialog import RecoveryDialog
from trust_helpers import fast_hashes  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashes", "cheap_slots")


@pytest.fixture
def cheap_slots(monkeypatch):
    """A low Argon2id cost for the slots of these widget tests (test_trust_encryption runs the real one)."""
    monkeypatch.setattr(keyslots, "KDF", {"t": 1, "m": 1024, "p": 1})


@pytest.fixture
def locked_db(db_path):
    """An encrypted post with an administrator and an officer, closed and locked again."""
    recovery = encryption.prepare_new(db_path)
    open_database(db_path)
    init_site(code="PL", name_vi="Đồn Biên phòng Pha Long", province="Lào Cai")
    session.open_session()
    accounts.create_user("chihuy", "admin-pass-1", "administrator")
    accounts.authenticate("chihuy", "admin-pass-1")
    accounts.create_user("canbo", "officer-pass-1", "officer")
    accounts.logout()
    close_db()
    encryption.forget()
    yield db_path, recovery
    close_db()
    encryption.forget()


def _opener(path):
    from borderdesk.ui.trust import startup

    return lambda: startup._open_checked(path, None)


def _log_in(qtbot, path, name, password) -> LoginDialog:
    dlg = LoginDialog(path=path, open_database=_opener(path))
    qtbot.addWidget(dlg)
    dlg.username.setText(name)
    dlg.password.setText(password)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)  # the unwrap runs on a worker thread
    return dlg


def test_the_login_dialog_unlocks_the_database(locked_db, qtbot):
    path, _recovery = locked_db
    before = path.read_bytes()
    dlg = _log_in(qtbot, path, "canbo", "not-the-password")
    assert dlg.error.text() == "wrong user name or password"
    assert encryption.key_for(path) is None and accounts.current_user() is None
    assert path.read_bytes() == before  # a wrong password changes nothing
    assert dlg.recovery_button is not None  # the way in when every password is forgotten

    dlg.password.setText("officer-pass-1")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)
    assert dlg.result() == LoginDialog.Accepted
    assert accounts.current_user() == "canbo" and accounts.current_role() == "officer"
    from borderdesk.ui.trust import startup

    assert startup.log_in() is True  # the unlock logged in: no second dialog


def test_the_window_stays_alive_while_the_password_is_checked(locked_db, qtbot, monkeypatch):
    """The slot's Argon2id runs on a worker thread: the dialog shows it is checking, takes no second
    click, and the GUI thread goes on handling events (a timer fires) until the answer comes."""
    import threading
    import time

    from PySide6.QtCore import QTimer

    path, _recovery = locked_db
    real, threads = keyslots.stretch, []

    def slow(password, salt, kdf):
        threads.append(threading.current_thread() is threading.main_thread())
        time.sleep(0.5)  # what a real slot costs on a busy laptop
        return real(password, salt, kdf)

    monkeypatch.setattr(keyslots, "stretch", slow)
    dlg = LoginDialog(path=path, open_database=_opener(path))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.username.setText("canbo")
    dlg.password.setText("officer-pass-1")
    ticks = []
    timer = QTimer(dlg)
    timer.timeout.connect(lambda: ticks.append(dlg.checking()))
    timer.start(20)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dlg.checking() and dlg.busy.isVisible() and not dlg.password.isEnabled()
    assert dlg.error.text() == "Checking the password…"
    dlg.reject()  # Escape while checking: ignored, the answer is on its way
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)
    timer.stop()
    assert threads == [False]  # one Argon2id, not on the GUI thread
    assert ticks.count(True) >= 5  # the event loop ran all along
    assert dlg.result() == LoginDialog.Accepted and accounts.current_user() == "canbo"
    assert not dlg.busy.isVisible()


def test_a_locked_slot_and_a_damaged_key_file_say_so(locked_db, qtbot):
    path, _recovery = locked_db
    dlg = None
    for _ in range(accounts.MAX_FAILED):
        dlg = _log_in(qtbot, path, "canbo", "guess-guess")
    assert "locked for 15" in dlg.error.text()
    dlg = _log_in(qtbot, path, "canbo", "officer-pass-1")
    assert "locked" in dlg.error.text() and encryption.key_for(path) is None
    keyslots.header_path(path).write_text("damaged")
    dlg = _log_in(qtbot, path, "chihuy", "admin-pass-1")
    assert "damaged" in dlg.error.text() and "recovery" in dlg.error.text()


def test_the_recovery_key_gives_an_administrator_a_new_password(locked_db, qtbot):
    path, recovery = locked_db
    dlg = RecoveryDialog(path, _opener(path))
    qtbot.addWidget(dlg)
    ok = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
    typed = keyslots.format_recovery(recovery)
    dlg.key.setText(f"{int(typed[:4]) + 1:04d}" + typed[4:])  # the first group mistyped
    dlg.name.setText("chihuy")
    dlg.new.setText("brand-new-pass")
    dlg.repeat.setText("brand-new-pass")
    qtbot.mouseClick(ok, Qt.LeftButton)
    assert "mistyped" in dlg.error.text() and encryption.key_for(path) is None
    dlg.key.setText(keyslots.format_recovery(recovery).replace("-", " "))
    qtbot.mouseClick(ok, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)  # the new password's Argon2id: a worker thread
    assert dlg.result() == RecoveryDialog.Accepted, dlg.error.text()
    assert accounts.current_user() == "chihuy"
    close_db()
    encryption.forget()
    with pytest.raises(accounts.AuthError):
        encryption.unlock_with_password(path, "chihuy", "admin-pass-1")
    assert encryption.unlock_with_password(path, "chihuy", "brand-new-pass") == keyslots.database_key(recovery)


def test_changing_a_password_and_removing_an_account_in_the_desk(locked_db, qtbot, monkeypatch):
    path, _recovery = locked_db
    _log_in(qtbot, path, "canbo", "officer-pass-1")
    change = ChangePasswordDialog("canbo")
    qtbot.addWidget(change)
    change.old.setText("officer-pass-1")
    change.new.setText("officer-pass-2")
    change.repeat.setText("officer-pass-2")
    qtbot.mouseClick(change.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: not change.checking(), timeout=10000)
    assert change.result() == ChangePasswordDialog.Accepted, change.error.text()
    close_db()
    encryption.forget()
    with pytest.raises(accounts.AuthError):
        encryption.unlock_with_password(path, "canbo", "officer-pass-1")
    encryption.forget()

    _log_in(qtbot, path, "chihuy", "admin-pass-1")
    users = UsersDialog()
    qtbot.addWidget(users)
    row = [u["username"] for u in users.users].index("canbo")
    users.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    qtbot.mouseClick(users.remove_button, Qt.LeftButton)
    assert [u["username"] for u in users.users] == ["chihuy"]
    assert len(keyslots.KeyFile.load(path).slots) == 1
    close_db()
    encryption.forget()
    with pytest.raises(accounts.AuthError):
        encryption.unlock_with_password(path, "canbo", "officer-pass-2")


def test_only_the_recovery_key_names_an_administrator(locked_db, qtbot):
    path, _recovery = locked_db
    _log_in(qtbot, path, "canbo", "officer-pass-1")
    assert accounts.current_role() == "officer"
    with pytest.raises(accounts.PermissionDenied):
        accounts.recover_administrator("canbo", "now-i-am-admin")
    assert accounts.get_user("canbo")["role"] == "officer"


def test_a_disabled_account_loses_its_slot_until_its_password_is_reset(locked_db, qtbot):
    path, _recovery = locked_db
    _log_in(qtbot, path, "chihuy", "admin-pass-1")
    accounts.set_active("canbo", False)
    assert len(keyslots.KeyFile.load(path).slots) == 1
    with pytest.raises(accounts.ValidationError, match="reset their password first"):
        accounts.set_active("canbo", True)
    accounts.reset_password("canbo", "officer-pass-9")
    accounts.set_active("canbo", True)
    close_db()
    encryption.forget()
    assert encryption.unlock_with_password(path, "canbo", "officer-pass-9") is not None
