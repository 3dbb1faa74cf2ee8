"""A database encrypted the older way (``init --encrypt`` before key slots: one passphrase) is told for
what it is, and ``encrypt --from-passphrase`` converts it to key slots keeping its data.

The older file is made here exactly as the older code made it (``git show faee0c0^:borderdesk/trust/
encryption.py``): playhouse's ``SqlCipherDatabase`` connecting with ``PRAGMA key = '<passphrase>'``
under SQLCipher 4's defaults, the store's pragmas, the migrations, a site, accounts and records; and
a backup written as its ``backup`` wrote one (the online backup API into a file keyed the same way).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from borderdesk.services import session
from borderdesk.store import connection
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB
from trust_helpers import run_cli

ADMIN = {"user": "chihuy", "password": "núi rừng biên cương"}
OFFICER = {"user": "canbo", "password": "mat-khau-can-bo"}
PASSPHRASE = "đồn Pha Long's old passphrase"  # a quote and non-ASCII: the older code escaped the quote
PERSON = "Lục Thị Hoàng Mai"


def _old_opener(passphrase: str):
    """The older ``encryption.open_encrypted``, as it was (the passphrase from ``BORDERDESK_DB_KEY``)."""
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class _Quiet(SqlCipherDatabase):
        def _connect(self):
            import sqlcipher3

            params = dict(self.connect_params)
            key = params.pop("passphrase", "")
            conn = sqlcipher3.connect(self.database, isolation_level=None, **params)
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA key = '%s'" % key.replace("'", "''"))
            self._add_conn_hooks(conn)
            return conn

    def opener(path, pragmas):
        return _Quiet(str(path), passphrase=passphrase, pragmas=pragmas, check_same_thread=False,
                      lock_type=connection.LOCK_TYPE)

    return opener


def _old_backup(dest: Path, passphrase: str) -> None:
    """The older ``backup._copy_live`` of an encrypted database: the same passphrase, rollback journal."""
    import sqlcipher3

    target = sqlcipher3.connect(str(dest))
    target.execute("PRAGMA cipher_log_level = NONE")
    target.execute("PRAGMA key = '%s'" % passphrase.replace("'", "''"))
    DB.connection().backup(target, pages=256)
    target.execute("PRAGMA journal_mode=DELETE")
    target.commit()
    target.close()


@pytest.fixture
def old_database(tmp_path, monkeypatch):
    """``init --encrypt`` of the older BorderDesk, two accounts, a handover of a named person, a backup."""
    from borderdesk.services import records, registry
    from borderdesk.trust import accounts

    path = tmp_path / "pl.sqlite"
    connection.init_db(path, opener=_old_opener(PASSPHRASE))
    session.open_session()
    from borderdesk.app import setup_site

    setup_site({"code": "PL", "name_vi": "Đồn Biên phòng Pha Long", "name_zh": "", "kind": "post",
                "province": "Lào Cai"})
    accounts.create_user(ADMIN["user"], ADMIN["password"], "administrator")
    accounts.authenticate(ADMIN["user"], ADMIN["password"])
    accounts.create_user(OFFICER["user"], OFFICER["password"], "officer")
    hekou = registry.create("counterpart", {"name_vi": "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu",
                                            "name_zh": "河口出入境边防检查站",
                                            "unit_type": "exit_entry_inspection_station"})
    records.create("handover", {"date": "2025-03-14", "direction": "received", "counterpart": hekou.uuid},
                   [{"name": PERSON, "sex": "F", "birth_year": 1990, "nationality": "VN"}])
    (tmp_path / "backups").mkdir()
    _old_backup(tmp_path / "backups" / "pl-20260101-120000.sqlite", PASSPHRASE)
    close_db()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(r) -> str:
    assert r.returncode != 0 and r.stdout == "", (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_the_older_file_is_built_the_older_way(old_database):
    """The fixture is what it claims: no key file, not SQLite, opened by the passphrase alone."""
    import sqlcipher3

    raw = old_database.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and PERSON.encode() not in raw
    assert not old_database.with_name("pl.sqlite.keys").exists()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(old_database).execute("SELECT count(*) FROM sqlite_master").fetchone()
    con = sqlcipher3.connect(str(old_database))
    con.execute("PRAGMA key = '%s'" % PASSPHRASE.replace("'", "''"))
    assert con.execute("SELECT name FROM handover_person").fetchall() == [(PERSON,)]
    con.close()


def test_opening_an_older_passphrase_database_says_what_it_is_and_how_to_convert_it(old_database):
    before = _digest(old_database)
    line = _one_line(run_cli(old_database, "list", "--kind", "handover", **ADMIN))
    assert "no key file" in line and "encrypt --from-passphrase" in line and "passphrase --recovery" in line
    # With the older passphrase in the environment, as the older BorderDesk read it: said for sure.
    line = _one_line(run_cli(old_database, "list", "--kind", "handover", BORDERDESK_DB_KEY=PASSPHRASE, **ADMIN))
    assert "encrypted with a passphrase" in line and "encrypt --from-passphrase" in line, line
    assert "encrypt --from-passphrase" in _one_line(run_cli(old_database, "encrypt", **ADMIN))
    assert _digest(old_database) == before


def test_a_wrong_passphrase_or_login_converts_nothing(old_database):
    before = _digest(old_database)
    line = _one_line(run_cli(old_database, "encrypt", "--from-passphrase", BORDERDESK_DB_KEY="not the passphrase",
                             **ADMIN))
    assert "passphrase does not open" in line and "nothing was changed" in line
    line = _one_line(run_cli(old_database, "encrypt", "--from-passphrase", BORDERDESK_DB_KEY=PASSPHRASE,
                             user=ADMIN["user"], password="wrong-password"))
    assert "wrong user name or password" in line
    line = _one_line(run_cli(old_database, "encrypt", "--from-passphrase", BORDERDESK_DB_KEY=PASSPHRASE,
                             **OFFICER))
    assert "only an administrator" in line
    line = _one_line(run_cli(old_database, "encrypt", "--from-passphrase", **ADMIN))
    assert "BORDERDESK_DB_KEY" in line
    assert _digest(old_database) == before
    assert not old_database.with_name("pl.sqlite.keys").exists()
    assert sorted(p.name for p in (old_database.parent / "backups").iterdir()) == ["pl-20260101-120000.sqlite"]


def test_encrypt_from_passphrase_keeps_the_data_and_makes_key_slots(old_database):
    folder = old_database.parent
    r = run_cli(old_database, "encrypt", "--from-passphrase", BORDERDESK_DB_KEY=PASSPHRASE, **ADMIN)
    assert r.returncode == 0, r.stderr
    recovery = r.stdout.strip().splitlines()[-1]
    assert len(recovery.split("-")) == 24
    assert "1 older backup in" in r.stdout and OFFICER["user"] in r.stderr  # the officer's password is not known
    assert not list(folder.glob("*.encrypting*")) and not list(folder.glob("**/*.partial"))
    # Still encrypted, now under a key the passphrase does not give.
    raw = old_database.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and PERSON.encode() not in raw
    assert "encrypt --from-passphrase" not in r.stderr
    import sqlcipher3

    con = sqlcipher3.connect(str(old_database))
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute("PRAGMA key = '%s'" % PASSPHRASE.replace("'", "''"))
    with pytest.raises(sqlcipher3.DatabaseError):
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    con.close()
    # The administrator's password opens it, with the same record.
    r = run_cli(old_database, "list", "--kind", "handover", "--json", **ADMIN)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 1
    r = run_cli(old_database, "search", "Hoàng Mai", "--json", **ADMIN)
    assert r.returncode == 0 and "Mai" in r.stdout, r.stderr
    assert run_cli(old_database, "check", **ADMIN).returncode == 0
    assert run_cli(old_database, "audit", "verify", **ADMIN).returncode == 0
    # The officer needs a new password (no slot yet); once reset, it unlocks.
    assert run_cli(old_database, "list", "--kind", "handover", **OFFICER).returncode != 0
    assert run_cli(old_database, "user", "reset", OFFICER["user"], BORDERDESK_NEW_PASSWORD="dat-lai-mat-khau",
                   **ADMIN).returncode == 0
    # Every backup is under the new key with its key file: the one made first, and the older one.
    backups = sorted((folder / "backups").glob("pl-*.sqlite"))
    assert len(backups) == 2
    for b in backups:
        assert b.with_name(b.name + ".keys").is_file()
        assert not b.read_bytes().startswith(b"SQLite format 3")
    r = run_cli(old_database, "restore", str(backups[0]), **ADMIN)  # the older one, converted
    assert r.returncode == 0, r.stderr
    r = run_cli(old_database, "list", "--kind", "handover", "--json", **ADMIN)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 1, r.stderr
    # The recovery key printed opens it too.
    r = run_cli(old_database, "passphrase", "--recovery", BORDERDESK_RECOVERY_KEY=recovery, BORDERDESK_USER="chihuy",
                BORDERDESK_NEW_PASSWORD="sau-chuyen-doi")
    assert r.returncode == 0, r.stderr
    assert "has key slots already" in _one_line(run_cli(old_database, "encrypt", "--from-passphrase",
                                                        BORDERDESK_DB_KEY=PASSPHRASE, **ADMIN))


def test_an_older_database_without_accounts_gets_its_first_administrator(tmp_path):
    path = tmp_path / "open.sqlite"
    connection.init_db(path, opener=_old_opener(PASSPHRASE))
    session.open_session()
    from borderdesk.app import setup_site

    setup_site({"code": "PL", "name_vi": "Đồn Biên phòng Pha Long", "name_zh": "", "kind": "post",
                "province": "Lào Cai"})
    close_db()
    r = run_cli(path, "encrypt", "--from-passphrase", BORDERDESK_DB_KEY=PASSPHRASE, BORDERDESK_USER="chihuy",
                BORDERDESK_NEW_PASSWORD=ADMIN["password"])
    assert r.returncode == 0, r.stderr
    r = run_cli(path, "user", "list", "--json", **ADMIN)
    assert r.returncode == 0, r.stderr
    assert [u["role"] for u in json.loads(r.stdout)] == ["administrator"]


def test_the_desk_says_what_an_older_passphrase_file_is_before_anyone_types(old_database, qtbot):
    from borderdesk.ui.trust import LoginDialog

    dlg = LoginDialog(path=old_database)
    qtbot.addWidget(dlg)
    assert "encrypt --from-passphrase" in dlg.error.text() and "passphrase --recovery" in dlg.error.text()
    dlg.username.setText(ADMIN["user"])  # typing a password anyway: the same line, not a bare "missing"
    dlg.password.setText(ADMIN["password"])
    dlg.try_login()
    qtbot.waitUntil(lambda: not dlg.checking(), timeout=10000)
    assert "encrypt --from-passphrase" in dlg.error.text() and dlg.result() == 0


def test_a_postgresql_database_is_not_encrypted_by_borderdesk():
    """#19's server databases: encryption at rest, key slots and the recovery key are a file's."""
    for args in (("encrypt",), ("encrypt", "--from-passphrase"), ("passphrase", "--recovery")):
        line = _one_line(run_cli("postgresql://chihuy@localhost:1/hq", *args))
        assert "PostgreSQL database" in line and "files only" in line, line
