"""What a lost laptop gives away: grep the database, its WAL, its backups and its key file for what they
must never show in clear (the issue's "Done when": a demo post made by ``init`` with the environment)."""
from __future__ import annotations

import re

import pytest

from borderdesk.services import session
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB
from borderdesk.trust import encryption
from trust_helpers import run_cli, secret_needles

ADMIN = {"user": "chihuy", "password": "núi rừng biên cương"}


@pytest.fixture(scope="module")
def demo_post(tmp_path_factory):
    path = tmp_path_factory.mktemp("laptop") / "pl.sqlite"
    r = run_cli(path, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", BORDERDESK_USER=ADMIN["user"],
                BORDERDESK_NEW_PASSWORD=ADMIN["password"])
    assert r.returncode == 0, r.stderr
    r = run_cli(path, "demo", **ADMIN)
    assert r.returncode == 0, r.stderr
    r = run_cli(path, "backup", **ADMIN)
    assert r.returncode == 0, r.stderr
    r = run_cli(path, "site", "key", "--out", str(path.parent / "identity.json"), **ADMIN)
    assert r.returncode == 0, r.stderr
    (path.parent / "site-key-stdout.txt").write_text(r.stdout + r.stderr, encoding="utf-8")
    return path


def _secrets(path) -> tuple[list[str], list[bytes], list[str]]:
    """The demo persons' names, the site's private keys and the Argon2 hashes, read with the key."""
    people = [r[0] for r in DB.execute_sql("SELECT DISTINCT name FROM handover_person WHERE length(name) >= 6")]
    members = [r[0] for r in DB.execute_sql(
        "SELECT DISTINCT name_vi FROM delegation_member WHERE length(name_vi) >= 6")]
    keys = [bytes(r[0]) for r in DB.execute_sql("SELECT private_key FROM sync_key")]
    hashes = [r[0] for r in DB.execute_sql("SELECT password_hash FROM account")]
    return people + members, keys, hashes


def test_nothing_readable_in_the_database_its_wal_its_backups_or_its_key_file(demo_post):
    path = demo_post
    encryption.unlock_with_password(path, ADMIN["user"], ADMIN["password"])
    open_database(path)
    session.open_session()
    names, keys, hashes = _secrets(path)
    assert len(names) > 100 and len(keys) == 2 and len(hashes) == 1
    # Keep a write in the WAL (the connection stays open, nothing checkpointed) to grep it too.
    DB.execute_sql("PRAGMA wal_autocheckpoint = 0")
    with DB.atomic():
        DB.execute_sql("UPDATE handover_person SET address = address || ' ' WHERE name = ?", (names[0],))
    wal = path.with_name(path.name + "-wal").read_bytes()
    assert len(wal) > 4096
    files = {"database": path.read_bytes(), "wal": wal}
    for backup in (path.parent / "backups").glob("*.sqlite"):
        files[backup.name] = backup.read_bytes()
    for keys_file in path.parent.rglob("*.keys"):
        files[keys_file.name] = keys_file.read_bytes()
    assert len(files) == 5, sorted(files)  # the database, its WAL, its key file, a backup and the backup's key file
    # What the command line wrote and printed about the site's keys: public keys only.
    files["identity.json"] = (path.parent / "identity.json").read_bytes()
    files["site key output"] = (path.parent / "site-key-stdout.txt").read_bytes()
    close_db()
    assert not files["database"].startswith(b"SQLite format 3")
    needles = secret_needles(names, keys, hashes)
    leaks = [(where, needle[:24]) for where, data in files.items() for needle in needles if needle in data]
    assert leaks == []
    # The key file names nobody: no user name, no full name, only salted hashes.
    for keys_file in path.parent.rglob("*.keys"):
        assert not re.search(rb"chihuy|Pha Long|argon2id\$", keys_file.read_bytes())
