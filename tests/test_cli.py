"""The command line, run as a user runs it: a subprocess, its output and its exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def bd(db, *args, env=None, check=True):
    full_env = {**os.environ, "BORDERDESK_LANG": "en", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=full_env, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


@pytest.fixture
def post(tmp_path):
    db = tmp_path / "Đồn Pha Long" / "post db.sqlite"
    bd(db, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--name-zh", "帕隆边防站", "--no-encryption")
    return db


def add_records(db):
    """Records written through the services in a child process (as the GUI would)."""
    code = r'''
import sys
from borderdesk.app import open_database
from borderdesk.services import session, records, registry
open_database(sys.argv[1]); session.open_session()
cu = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu", "name_zh": "河口出入境边防检查站"})
records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "counterpart": cu.uuid,
                                "subject_vi": "Tình hình biên giới dịp Tết", "subject_zh": "春节边境情况"})
records.create("case", {"date": "2025-04-02", "category": "firecrackers", "persons": 3, "outcome": "criminal_proceedings"})
records.create("case", {"date": "2025-04-03", "category": "firecrackers", "persons": 2})
gone = records.create("case", {"date": "2025-04-04", "category": "drugs", "persons": 9})
records.delete("case", gone.uuid)
records.create("meeting", {"date": "2025-05-01", "participants": 7})
'''
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)


def test_init_on_an_existing_database_is_an_error_and_changes_nothing(post):
    again = bd(post, "init", "--code", "XX", "--name", "Khác", check=False)
    assert again.returncode != 0
    assert again.stderr.count("\n") == 1 and "already set up for PL" in again.stderr
    assert "Traceback" not in again.stderr


def test_list_json_gives_id_kind_and_date(post):
    add_records(post)
    rows = json.loads(bd(post, "list", "--kind", "case", "--json").stdout)
    assert [r["date"] for r in rows] == ["2025-04-03", "2025-04-02"]
    assert all({"id", "kind", "date"} <= set(r) and r["kind"] == "case" for r in rows)
    ranged = json.loads(bd(post, "list", "--kind", "case", "--from", "03/04/2025", "--to", "2025-04-30", "--json").stdout)
    assert len(ranged) == 1


def test_search_json_without_accents_and_in_chinese(post):
    add_records(post)
    hits = json.loads(bd(post, "search", "tinh hinh bien gioi", "--json").stdout)
    assert [h["kind"] for h in hits] == ["hotline_call"] and "Tết" in hits[0]["text"]
    assert {"id", "kind", "date", "text"} <= set(hits[0])
    assert len(json.loads(bd(post, "search", "春节", "--json").stdout)) == 1
    assert json.loads(bd(post, "search", "河口", "--limit", "1", "--json").stdout)[0]["id"]


def test_stats_json_has_exactly_the_documented_shape(post):
    add_records(post)
    data = json.loads(bd(post, "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--json").stdout)
    assert data == {
        "talks": {"count": 0, "members": 0}, "meetings": {"count": 1, "persons": 7},
        "letters": {"count": 0}, "hotline_calls": {"count": 1},
        "patrols": {"count": 0, "teams": 0, "personnel": 0}, "handovers": {"count": 0, "persons": 0},
        "cases": {"count": 2, "persons": 5, "by_category": {"firecrackers": {"count": 2, "persons": 5}}},
    }
    table = bd(post, "stats", "--from", "2025-01-01", "--to", "2025-12-31").stdout
    assert "5" in table


def test_show_delete_and_restore_by_id(post):
    add_records(post)
    first = json.loads(bd(post, "list", "--kind", "hotline_call", "--json").stdout)[0]
    assert json.loads(bd(post, "show", first["id"]).stdout)["subject_zh"] == "春节边境情况"
    bd(post, "delete", first["id"])
    assert json.loads(bd(post, "list", "--kind", "hotline_call", "--json").stdout) == []
    bd(post, "restore", first["id"])
    assert len(json.loads(bd(post, "list", "--kind", "hotline_call", "--json").stdout)) == 1


@pytest.mark.parametrize("args, needle", [
    (("stats", "--from", "2025-02-30", "--to", "2025-03-01", "--json"), "not a date"),
    (("stats", "--from", "2025-05-01", "--to", "2025-03-01"), "--from"),
    (("list", "--kind", "boat"), "invalid choice"),
    (("show", "no-such-id"), "No record"),
])
def test_errors_are_one_clear_line(post, args, needle):
    proc = bd(post, *args, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert needle in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.startswith("borderdesk")]) == 1


def test_a_missing_database_is_named(tmp_path):
    proc = bd(tmp_path / "nothing.sqlite", "list", "--kind", "case", "--json", check=False)
    assert proc.returncode == 1 and "borderdesk init" in proc.stderr
    assert not (tmp_path / "nothing.sqlite").exists()


def test_messages_follow_the_language(post):
    proc = bd(post, "--lang", "vi", "show", "no-such-id", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["init", "demo", "list", "show", "search", "stats", "delete", "restore"])
def test_every_command_has_help(command):
    proc = subprocess.run([sys.executable, "-m", "borderdesk", command, "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "usage:" in proc.stdout


def test_demo_fills_an_empty_database_once(post):
    bd(post, "demo")
    calls = len(json.loads(bd(post, "list", "--kind", "hotline_call", "--json").stdout))
    assert calls > 0
    again = bd(post, "demo", check=False)
    assert again.returncode == 1 and "--again" in again.stderr and "Traceback" not in again.stderr
    assert len(json.loads(bd(post, "list", "--kind", "hotline_call", "--json").stdout)) == calls
