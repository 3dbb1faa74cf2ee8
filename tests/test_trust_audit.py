"""The audit trail: every change is written, chained, and any hand edit is caught."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from borderdesk.domain.errors import ValidationError
from borderdesk.services import records, session
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.trust import accounts, audit

from trust_helpers import a_case, run_cli, fast_hashes  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("fast_hashes")


@pytest.fixture
def db_path(any_db):
    """Pha Long's database: a file, and the same on a PostgreSQL server (conftest's ``any_db``)."""
    return any_db


@pytest.fixture
def worked(post_db, db_path):
    """Pha Long after a morning's work: three cases recorded, one corrected, one deleted."""
    accounts.create_user("admin", "admin-pass-1", "administrator")
    accounts.authenticate("admin", "admin-pass-1")
    rows = [records.create("case", a_case(persons=n)) for n in (1, 2, 3)]
    records.update("case", rows[0].uuid, {"persons": 4})
    records.delete("case", rows[2].uuid)
    return rows


class _Server:
    """A hand on the PostgreSQL tables, as ``sqlite3`` is one on the file (``?`` placeholders)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url)

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()


def _raw(db_path):
    """Somebody edits the database by hand, past the application."""
    close_db()
    if isinstance(db_path, str) and "://" in db_path:
        return _Server(db_path)
    return sqlite3.connect(db_path)


def _reopen(db_path):
    open_database(db_path)
    session.open_session()


def test_every_change_is_in_the_trail_with_before_and_after(worked):
    entries = audit.list_entries(user="admin")
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["login", "create", "create", "create", "update", "delete"]
    update = next(e for e in entries if e["action"] == "update")
    assert update["uuid"] == worked[0].uuid and update["kind"] == "case"
    assert update["before"]["persons"] == 1 and update["after"]["persons"] == 4
    assert update["site"] == "PL"
    assert audit.verify() is None


def test_a_failed_save_leaves_no_entry(worked):
    before = audit.count()
    with pytest.raises(ValidationError):
        records.create("case", {"date": "not a date"})
    assert audit.count() == before


def test_filters_by_day_and_user(worked):
    today = dt.date.today()
    assert len(audit.list_entries(date_from=today, date_to=today)) == audit.count()
    assert audit.list_entries(date_to=today - dt.timedelta(days=1)) == []
    assert {e["user"] for e in audit.list_entries(user="admin")} == {"admin"}
    assert [e["action"] for e in audit.list_entries(action="delete")] == ["delete"]


def test_an_edited_entry_is_named(worked, db_path):
    con = _raw(db_path)
    # Somebody lowers the count in the 'after' of the correction, by hand.
    (seq,) = con.execute("SELECT seq FROM audit_entry WHERE action = 'update'").fetchone()
    con.execute("UPDATE audit_entry SET after = replace(after, '\"persons\":4', '\"persons\":3') WHERE seq = ?", (seq,))
    con.commit()
    con.close()
    _reopen(db_path)
    broken = audit.verify()
    assert broken is not None and broken.seq == seq and "changed" in broken.reason

    r = run_cli(db_path, "audit", "verify", user="admin", password="admin-pass-1")
    assert r.returncode == 1
    assert f"audit entry {seq} of site PL" in r.stderr


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(worked, db_path):
    con = _raw(db_path)
    cols = ", ".join(f'"{c}"' for c in audit.FIELDS)
    row = con.execute(f"SELECT {cols} FROM audit_entry WHERE seq = 3").fetchone()
    forged = dict(zip(audit.FIELDS, row), user="someone-else")
    con.execute('UPDATE audit_entry SET "user" = ?, hash = ? WHERE seq = 3', (forged["user"], audit.entry_hash(forged)))
    con.commit()
    con.close()
    _reopen(db_path)
    assert audit.verify().seq == 4


def test_a_removed_entry_is_named(worked, db_path):
    con = _raw(db_path)
    con.execute("DELETE FROM audit_entry WHERE seq = 4")
    con.commit()
    con.close()
    _reopen(db_path)
    broken = audit.verify()
    assert broken.seq == 4 and "missing" in broken.reason


def test_removing_the_last_entries_is_noticed(worked, db_path):
    con = _raw(db_path)
    (last,) = con.execute("SELECT MAX(seq) FROM audit_entry").fetchone()
    con.execute("DELETE FROM audit_entry WHERE seq >= ?", (last - 1,))
    con.commit()
    con.close()
    _reopen(db_path)
    assert audit.verify().seq == last - 1


def test_reordered_entries_are_named(worked, db_path):
    con = _raw(db_path)
    con.execute("UPDATE audit_entry SET seq = -1 WHERE seq = 4")
    con.execute("UPDATE audit_entry SET seq = 4 WHERE seq = 5")
    con.execute("UPDATE audit_entry SET seq = 5 WHERE seq = -1")
    con.commit()
    con.close()
    _reopen(db_path)
    broken = audit.verify()
    assert broken.seq == 4 and "follow" in broken.reason

    r = run_cli(db_path, "audit", "verify", "--json", user="admin", password="admin-pass-1")
    assert r.returncode == 1
    assert json.loads(r.stdout.splitlines()[0]) == {"ok": False, "site": "PL", "seq": 4, "reason": broken.reason}


def test_the_command_line_lists_and_verifies(worked, db_path):
    close_db()
    r = run_cli(db_path, "audit", "verify", user="admin", password="admin-pass-1")
    assert r.returncode == 0, r.stderr
    assert "intact" in r.stdout
    today = dt.date.today().isoformat()
    r = run_cli(db_path, "audit", "list", "--from", today, "--to", today, "--user", "admin", "--json",
                user="admin", password="admin-pass-1")
    assert r.returncode == 0, r.stderr
    entries = json.loads(r.stdout)
    assert entries[0]["action"] == "login"  # the listing command's own login, newest first
    assert {"create", "update", "delete"} <= {e["action"] for e in entries}


def test_headquarters_verifies_each_posts_chain(worked, another_db):
    exported = audit.export_entries(since_seq=0)
    assert [e["seq"] for e in exported] == list(range(1, len(exported) + 1))
    assert audit.export_entries(since_seq=len(exported) - 2) == exported[-2:]

    open_database(another_db("hq"))
    session.open_session()
    from borderdesk.services.site import init_site

    init_site("BCH-LC", "Bộ Chỉ huy BĐBP Lào Cai", kind="headquarters")
    # Bundles may repeat what came before: the second import adds nothing.
    assert audit.import_foreign_entries("PL", exported[:3]) == {"added": 3, "skipped": 0, "conflicts": 0}
    assert audit.import_foreign_entries("PL", exported) == {"added": len(exported) - 3, "skipped": 3, "conflicts": 0}
    assert audit.verify_chain("PL") is None
    assert audit.verify() is None

    tampered = [dict(e) for e in exported]
    tampered[1]["detail"] = "nothing happened"
    open_database(another_db("hq2"))
    session.open_session()
    init_site("BCH-LC", "Bộ Chỉ huy BĐBP Lào Cai", kind="headquarters")
    audit.import_foreign_entries("PL", tampered)
    assert audit.verify_chain("PL").seq == 2


def test_a_site_cannot_import_into_its_own_chain(worked):
    from borderdesk.domain.errors import BorderDeskError

    with pytest.raises(BorderDeskError):
        audit.import_foreign_entries("PL", audit.export_entries())


def test_a_printed_report_is_in_the_trail(post_db, db_path, tmp_path):
    from borderdesk.cli import main

    out = tmp_path / "q1.pdf"
    assert main(["--db", str(db_path), "report", "summary", "--from", "2025-01-01", "--to", "2025-03-31",
                 "--out", str(out)]) == 0
    (entry,) = audit.list_entries(action="print")
    assert entry["kind"] == "report" and str(out) in entry["detail"]
    assert audit.verify() is None
