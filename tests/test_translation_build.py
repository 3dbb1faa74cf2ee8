"""The translation memory's first build: in chunks that commit, resumable, never read half-built, and told."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_translation_memory import TODAY, agreed_with_a_gate, demo_db, demo_file  # noqa: F401  (fixtures)

from borderdesk.services import records
from borderdesk.services.translation import build, memory, suggest
from borderdesk.store.models import DB


def contents() -> tuple[list, list, int]:
    """What the memory holds, independent of the numbering of its units."""
    units = sorted(DB.execute_sql("SELECT vi_key, zh_key, vi, zh, vi_body, zh_body FROM tm_unit").fetchall())
    uses = sorted(DB.execute_sql("SELECT u.source, t.vi, t.zh, u.tier, u.date, u.kind, u.field "
                                 "FROM tm_use u JOIN tm_unit t ON t.id = u.unit_id").fetchall())
    indexed = DB.execute_sql("SELECT count(*) FROM tm_fts WHERE tm_fts MATCH 'zh_body: 双方'").fetchone()[0]
    return units, uses, indexed


def built_whole() -> tuple[list, list, int]:
    assert build.rebuild() is True
    return contents()


def test_a_build_in_small_chunks_holds_what_one_pass_holds_and_says_how_far_it_got(demo_db, monkeypatch):
    whole = built_whole()
    assert len(whole[1]) > 1000 and whole[2] > 0
    monkeypatch.setattr(build, "CHUNK", 37)
    seen = []
    assert build.rebuild(lambda done, total: seen.append((done, total)) or True) is True
    assert memory.is_built() and contents() == whole
    totals = {t for _d, t in seen}
    assert len(totals) == 1 and len(seen) > 20
    assert [d for d, _t in seen] == sorted(d for d, _t in seen) and seen[-1][0] == seen[-1][1]
    names = {r[0] for r in DB.execute_sql("SELECT name FROM sqlite_master WHERE name LIKE 'tm_u%'")}
    assert {"tm_unit_keys", "tm_unit_zh_key", "tm_use_source", "tm_use_unit"} <= names  # made at the end


def test_a_build_stopped_or_killed_half_way_is_never_read_and_goes_on_where_it_stopped(demo_db, monkeypatch):
    whole = built_whole()
    monkeypatch.setattr(build, "CHUNK", 50)
    # the desk closes during the build: it stops after a chunk
    calls = []
    assert build.rebuild(lambda done, total: calls.append(done) or len(calls) < 5) is False
    assert not memory.is_built() and 0 < build.percent() < 100
    kept = DB.execute_sql("SELECT count(*) FROM tm_use").fetchone()[0]
    assert kept > 0  # what the chunks wrote is kept …
    # … and a kill in the middle of the next chunk loses that chunk only
    real = memory.learn_rows

    def dies(w, rows, *args):
        real(w, rows, *args)
        w.flush()  # its units and uses written, not committed
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(memory, "learn_rows", dies)
    with pytest.raises(KeyboardInterrupt):
        build.build()
    assert DB.execute_sql("SELECT count(*) FROM tm_use").fetchone()[0] == kept
    assert not memory.is_built()
    monkeypatch.setattr(memory, "learn_rows", real)
    # the next suggestion goes on with the build (a small database: in its own thread) and answers
    vi, zh, _gate, _other = agreed_with_a_gate()
    assert suggest.suggest(vi, to="zh", today=TODAY)[0].text == zh
    assert memory.is_built() and contents() == whole


def test_what_is_written_during_the_build_is_in_the_memory_after_it(demo_db, monkeypatch):
    monkeypatch.setattr(build, "CHUNK", 200)
    sentence = "Hai bên thống nhất kiểm tra chung đường tuần tra khu vực cột mốc số 11"
    written = []

    def officer_saves(done, total):
        if not written:  # between two chunks, the desk saves a talk
            written.append(records.create("talks", {"date": "2026-03-01", "kind": "talks", "agreed_vi": sentence,
                                                    "agreed_zh": "双方同意共同检查第11号界碑地区巡逻道路"}))
        return True

    memory.install()
    try:
        assert build.rebuild(officer_saves) is True
    finally:
        memory.uninstall()
    first = suggest.suggest(sentence, to="zh", today=TODAY)[0]
    assert first.source_id == written[0].uuid and first.score == 100


def test_while_another_thread_builds_a_suggestion_says_how_far_it_got(demo_db):
    assert not memory.is_built()
    started, release = threading.Event(), threading.Event()

    def slow(done, total):
        started.set()
        release.wait(10)
        return True

    worker = threading.Thread(target=build.build, args=(slow,))
    worker.start()
    try:
        assert started.wait(30)
        with pytest.raises(memory.NotReady) as caught:
            suggest.suggest("Hai bên thống nhất", to="zh")
        assert "being built" in str(caught.value) and 0 <= caught.value.percent < 100
        assert memory.catch_up() == 0  # the hook's catch-up leaves it to the build
    finally:
        release.set()
        worker.join(60)
    assert memory.is_built()


def test_the_command_line_builds_a_new_memory_with_a_progress_line(demo_db):
    from borderdesk.store.connection import close_db

    assert not memory.is_built()
    close_db()
    env = {**os.environ, "BORDERDESK_LANG": "en", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(demo_db), "suggest",
                          "Hai bên thống nhất tổ chức tuần tra chung", "--json"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stderr.strip().splitlines()
    assert lines and all(ln.startswith("Building the translation memory: ") for ln in lines), out.stderr
    assert lines[-1].startswith("Building the translation memory: 100 % ("), out.stderr
    json.loads(out.stdout)  # stdout is the JSON alone
    again = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(demo_db), "suggest", "Hai bên", "--json"],
                           capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0 and "Building" not in again.stderr  # built once


def test_the_first_build_on_a_headquarters_postgresql_server(pg_url):
    """The same build on a server (#19): its full-text rows by one INSERT … SELECT, its serial carried on."""
    from borderdesk.app import open_database
    from borderdesk.services import session
    from borderdesk.services.site import init_site

    open_database(pg_url)
    init_site("LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", "", "headquarters", "Lào Cai")
    session.open_session()
    talk = records.create("talks", {"date": "2026-02-01", "kind": "talks",
                                    "agreed_vi": "Hai bên thống nhất tuần tra chung tại cột mốc số 7",
                                    "agreed_zh": "双方同意在第7号界碑联合巡逻"})
    assert not memory.is_built()
    seen = []
    assert build.build(lambda done, total: seen.append((done, total)) or True) is True
    assert memory.is_built() and seen[-1][0] == seen[-1][1] >= 1

    def learnt(uuid):
        return DB.execute_sql("SELECT t.id, t.zh, u.tier FROM tm_use u JOIN tm_unit t ON t.id = u.unit_id "
                              "WHERE u.source = ?", (uuid,)).fetchall()

    assert [(zh, tier) for _id, zh, tier in learnt(talk.uuid)] == [("双方同意在第7号界碑联合巡逻", memory.DRAFT)]
    first = suggest.suggest("Hai bên thống nhất tuần tra chung tại cột mốc số 9", to="zh", today=TODAY)[0]
    assert first.text == "双方同意在第9号界碑联合巡逻" and first.source_id == talk.uuid  # by the full-text rows
    units = DB.execute_sql("SELECT count(*), max(id) FROM tm_unit").fetchone()
    assert DB.execute_sql("SELECT count(*) FROM tm_fts").fetchone()[0] == units[0] > 1  # with the glossary's
    memory.install()
    try:  # the catch-up after the build numbers its new units after the build's
        later = records.create("talks", {"date": "2026-02-02", "kind": "talks", "agreed_vi": "Hai bên trao đổi danh bạ",
                                         "agreed_zh": "双方交换通讯录"})
    finally:
        memory.uninstall()
    assert learnt(later.uuid)[0][0] > units[1]
