"""Accounts: the first administrator, roles, logging in, lockout, passwords."""
from __future__ import annotations

import datetime as dt

import pytest

from borderdesk.domain.errors import ValidationError
from borderdesk.services import records, session
from borderdesk.store.models import DB
from borderdesk.trust import accounts, audit

from trust_helpers import a_case, run_cli, fast_hashes  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fast_hashes")


@pytest.fixture
def staffed(post_db):
    """Pha Long with an administrator, a commander and an officer; nobody logged in."""
    accounts.create_user("admin", "admin-pass-1", "administrator", "Nguyễn Văn Quản")
    accounts.authenticate("admin", "admin-pass-1")
    accounts.create_user("chihuy", "commander-1", "commander")
    accounts.create_user("canbo", "officer-pass", "officer", "Lò Văn Sáng")
    accounts.logout()
    return post_db


def test_an_open_database_asks_nobody(post_db):
    assert not accounts.has_accounts()
    records.create("case", a_case())  # no login, no refusal
    assert accounts.allowed("restore")


def test_the_first_account_must_be_an_administrator(post_db):
    with pytest.raises(ValidationError) as err:
        accounts.create_user("canbo", "officer-pass", "officer")
    assert "role" in err.value.errors
    with pytest.raises(ValidationError) as err:
        accounts.create_user("admin", "short", "administrator")
    assert "password" in err.value.errors


def test_once_accounts_exist_nobody_writes_without_logging_in(staffed):
    with pytest.raises(accounts.PermissionDenied):
        records.create("case", a_case())


def test_an_officer_records_but_does_not_manage(staffed):
    accounts.authenticate("canbo", "officer-pass")
    row = records.create("case", a_case())
    assert row.changed_by == "canbo"
    assert accounts.allowed("documents") and not accounts.allowed("bundles.export")
    with pytest.raises(accounts.PermissionDenied) as err:
        accounts.create_user("moi", "newbie-pass", "officer")
    assert "Administrator" in str(err.value)


def test_a_commander_exports_bundles_but_does_not_restore(staffed):
    accounts.authenticate("chihuy", "commander-1")
    accounts.require("bundles.export")
    accounts.require("reports.signoff")
    accounts.require("officer")
    with pytest.raises(accounts.PermissionDenied):
        accounts.require("restore")


def test_five_wrong_passwords_lock_the_account_for_a_while(staffed):
    for _ in range(4):
        with pytest.raises(accounts.AuthError, match="wrong user name or password"):
            accounts.authenticate("canbo", "guess")
    with pytest.raises(accounts.AuthError, match="locked for 15 more minutes"):
        accounts.authenticate("canbo", "guess")
    # Even the right password is refused while the lock lasts.
    with pytest.raises(accounts.AuthError, match="locked"):
        accounts.authenticate("canbo", "officer-pass")
    assert accounts.get_user("canbo")["locked_until"]
    failed = audit.list_entries(action="login_failed", user="canbo")
    assert len(failed) == 6

    accounts.authenticate("admin", "admin-pass-1")
    accounts.unlock("canbo")
    accounts.logout()
    assert accounts.authenticate("canbo", "officer-pass")["failed_attempts"] == 0


def test_the_lock_ends_by_itself(staffed):
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    DB.execute_sql("UPDATE account SET failed_attempts = 5, locked_until = ? WHERE username = 'canbo'", (past,))
    assert accounts.authenticate("canbo", "officer-pass")["username"] == "canbo"


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(staffed):
    with pytest.raises(accounts.AuthError, match="wrong user name or password"):
        accounts.authenticate("nobody", "whatever-pass")


def test_passwords_change_and_reset(staffed):
    with pytest.raises(ValidationError) as err:
        accounts.change_password("canbo", "not-it", "brand-new-1")
    assert "old_password" in err.value.errors
    accounts.change_password("canbo", "officer-pass", "brand-new-1")
    with pytest.raises(accounts.AuthError):
        accounts.authenticate("canbo", "officer-pass")
    accounts.authenticate("canbo", "brand-new-1")

    accounts.authenticate("admin", "admin-pass-1")
    accounts.reset_password("canbo", "temporary-1")
    assert accounts.get_user("canbo")["must_change"]
    accounts.logout()
    accounts.authenticate("canbo", "temporary-1")
    # The password never reaches the audit trail, not even hashed.
    for entry in audit.list_entries():
        assert "argon2" not in str(entry) and "temporary-1" not in str(entry)


def test_the_last_administrator_stays(staffed):
    accounts.authenticate("admin", "admin-pass-1")
    with pytest.raises(ValidationError):
        accounts.set_role("admin", "officer")
    with pytest.raises(ValidationError):
        accounts.set_active("admin", False)


def test_a_login_stays_with_its_database(staffed, tmp_path):
    accounts.authenticate("canbo", "officer-pass")
    assert accounts.current_user() == "canbo"
    from borderdesk.app import open_database

    open_database(tmp_path / "other.sqlite")
    session.open_session()
    assert accounts.current_user() is None


# --- the command line ------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path):
    path = tmp_path / "pl.sqlite"
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long",
                user="admin", password="admin-pass-1")
    assert r.returncode == 0, r.stderr
    assert "administrator admin" in r.stdout
    return path


def test_a_wrong_password_opens_nothing(cli_db):
    r = run_cli(cli_db, "list", "--kind", "case", "--json", user="admin", password="wrong-pass")
    assert r.returncode != 0
    assert r.stdout == ""
    assert r.stderr.strip().splitlines() == ["borderdesk: wrong user name or password"]


def test_no_credentials_and_no_terminal_says_how_to_log_in(cli_db):
    r = run_cli(cli_db, "list", "--kind", "case")
    assert r.returncode != 0 and r.stdout == ""
    assert "BORDERDESK_USER" in r.stderr and "BORDERDESK_PASSWORD" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_the_right_password_opens_the_records(cli_db):
    r = run_cli(cli_db, "list", "--kind", "case", "--json", user="admin", password="admin-pass-1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_users_are_managed_from_the_command_line(cli_db):
    admin = {"user": "admin", "password": "admin-pass-1"}
    r = run_cli(cli_db, "user", "add", "canbo", "--role", "officer", BORDERDESK_NEW_PASSWORD="officer-pass", **admin)
    assert r.returncode == 0, r.stderr
    r = run_cli(cli_db, "user", "list", "--json", **admin)
    assert [u["username"] for u in __import__("json").loads(r.stdout)] == ["admin", "canbo"]
    # An officer may not add users.
    r = run_cli(cli_db, "user", "add", "x", BORDERDESK_NEW_PASSWORD="whatever-1", user="canbo", password="officer-pass")
    assert r.returncode != 0 and "may not" in r.stderr
    # One wrong password shows in the list of failures an administrator sees.
    assert run_cli(cli_db, "list", "--kind", "case", user="canbo", password="bad-guess").returncode != 0
    r = run_cli(cli_db, "audit", "list", "--action", "login_failed", "--json", **admin)
    assert [e["user"] for e in __import__("json").loads(r.stdout)] == ["canbo"]
    r = run_cli(cli_db, "user", "passwd", BORDERDESK_NEW_PASSWORD="fresh-pass-2", user="canbo", password="officer-pass")
    assert r.returncode == 0, r.stderr
    assert run_cli(cli_db, "list", "--kind", "case", user="canbo", password="fresh-pass-2").returncode == 0


def test_init_without_credentials_makes_an_open_database_and_says_so(tmp_path):
    path = tmp_path / "open.sqlite"
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--no-encryption")
    assert r.returncode == 0, r.stderr
    assert "no accounts" in r.stderr and "user add" in r.stderr
    assert run_cli(path, "list", "--kind", "case").returncode == 0
